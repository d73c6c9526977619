"""The source finder: phrases, dates, publishers, ranking, any case or table, clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import broken  # tests/fixtures/cases/broken.py, on pytest's pythonpath
import pandas as pd
import pytest

import coursekit
from coursekit import finder
from coursekit.finder import SearchQueryError, SourcesTableError, find_sources


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("COURSEKIT_HOME", str(folder))
    return folder


@pytest.fixture(scope="module")
def case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def test_columns_are_the_documented_ones(case: coursekit.Case) -> None:
    everything = find_sources(case, "summit", log=False, limit=None)
    assert len(everything) > 20
    hits = find_sources(case, "summit", log=False)
    assert list(hits.columns) == list(finder.RESULT_COLUMNS)
    assert len(hits) == 20  # the default limit
    assert list(hits["source_id"]) == list(everything["source_id"][:20])


def test_a_phrase_finds_the_words_in_that_order_only(case: coursekit.Case) -> None:
    row = case.sources.set_index("source_id").loc["S004"]
    words = _words(row["title"]).split()[1:5]  # four consecutive words from the title
    phrase = " ".join(words)
    hits = find_sources(case.sources, f'"{phrase}"', log=False, limit=None)
    assert "S004" in set(hits["source_id"])
    for title in hits["title"]:
        assert phrase in _words(title)
    backwards = find_sources(case.sources, '"' + " ".join(reversed(words)) + '"', log=False)
    assert backwards.empty
    loose = find_sources(case.sources, " ".join(reversed(words)), log=False)
    assert "S004" in set(loose["source_id"])


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_the_articles_reference_headlines_are_not_in_the_corpus(
    case: coursekit.Case, number: int
) -> None:
    reference = case.metadata["references"][number - 1]
    query = f'"{reference["title"]}"'
    assert find_sources(case, query, log=False).empty
    with_refs = find_sources(case, query, log=False, include_references=True)
    assert list(with_refs["source_id"]) == [reference["source_id"]]


def test_date_filters_are_inclusive_and_drop_undated_pages(case: coursekit.Case) -> None:
    everything = find_sources(case, "trump", log=False, limit=None)
    dated = everything.dropna(subset=["published"])
    day = dated["published"].sort_values().iloc[len(dated) // 2]
    iso = day.strftime("%Y-%m-%d")
    after = find_sources(case, "trump", after=iso, log=False, limit=None)
    before = find_sources(case, "trump", before=iso, log=False, limit=None)
    assert set(after["source_id"]) == set(dated[dated["published"] >= day]["source_id"])
    assert set(before["source_id"]) == set(dated[dated["published"] <= day]["source_id"])
    on_the_day = find_sources(case, "trump", after=iso, before=day.date(), log=False, limit=None)
    assert set(on_the_day["source_id"]) == set(dated[dated["published"] == day]["source_id"])
    assert not on_the_day.empty


def test_publisher_filter_matches_the_host_or_the_original_outlet(case: coursekit.Case) -> None:
    hits = find_sources(case, "trump OR putin", publisher="reuters", log=False, limit=None)
    assert not hits.empty
    assert ((hits["publisher"] == "Reuters") | (hits["original_publisher"] == "Reuters")).all()
    # pages by other hosts that carry a Reuters story are found too
    assert (hits["publisher"] != "Reuters").any()
    sources = case.sources
    reuters = sources[
        (sources["publisher"] == "Reuters") | (sources["original_publisher"] == "Reuters")
    ]
    assert set(hits["source_id"]) <= set(reuters["source_id"])


def test_the_page_whose_title_is_the_phrase_comes_first(case: coursekit.Case) -> None:
    titled = case.sources[
        (case.sources["title"] != "") & (case.sources["kind"] != "article-reference")
    ]
    for source_id, title in zip(titled["source_id"][:10], titled["title"][:10], strict=True):
        words = " ".join(_words(title).split()[:4])
        hits = find_sources(case, f'"{words}"', log=False, limit=None)
        holds = [words in _words(t) for t in hits["title"]]
        top = hits["source_id"][: sum(holds)]
        assert all(holds[: sum(holds)]), title  # titles with every word come first
        assert source_id in set(top), (title, list(hits["source_id"][:3]))


def test_title_matches_come_first_then_by_score(case: coursekit.Case) -> None:
    hits = find_sources(case, "summit", log=False, limit=None)
    in_title = hits["title"].str.lower().str.contains("summit")
    assert in_title.any() and (~in_title).any()
    assert list(in_title) == sorted(in_title, reverse=True)  # all title matches first
    assert hits[in_title]["score"].is_monotonic_decreasing
    assert hits[~in_title]["score"].is_monotonic_decreasing


def test_ranking_prefers_a_title_match() -> None:
    table = pd.DataFrame(
        {
            "source_id": ["P1", "P2", "P3", "P4"],
            "publisher": ["Bridge Times", "Gazette", "Gazette", "Gazette"],
            "title": ["Council meets", "", "Bridge closed for repairs", "Market day"],
            "url": ["https://a.example/1", "https://b.example/news/bridge-closed", "", ""],
        }
    )
    hits = find_sources(table, "bridge", log=False)
    assert hits["source_id"].iloc[0] == "P3"
    assert set(hits["source_id"]) == {"P1", "P2", "P3"}
    assert list(hits["source_id"][1:]) == list(
        hits.sort_values("score", ascending=False)["source_id"][1:]
    )


def test_or_and_prefix_widen_the_search(case: coursekit.Case) -> None:
    alaska = set(find_sources(case, "alaska", log=False, limit=None)["source_id"])
    anchorage = set(find_sources(case, "anchorage", log=False, limit=None)["source_id"])
    either = set(find_sources(case, "alaska OR anchorage", log=False, limit=None)["source_id"])
    assert either == alaska | anchorage
    summit = set(find_sources(case, "summit", log=False, limit=None)["source_id"])
    prefix = set(find_sources(case, "summi*", log=False, limit=None)["source_id"])
    assert summit <= prefix


def test_an_instructors_own_case_searches_titles_and_notes(tmp_path: Path) -> None:
    small = coursekit.load_case(broken.copy_case("tiny", tmp_path / "tiny"))
    assert list(find_sources(small, "wire story", log=False)["source_id"]) == ["S002"]
    # "city" is only in the case's notes about S001 (evidence and event links)
    assert list(find_sources(small, "city", log=False)["source_id"]) == ["S001"]
    assert find_sources(small.sources, "city", log=False).empty  # a bare table has no notes
    # the article's own reference is left out unless asked for
    assert find_sources(small, "made up reference", log=False).empty
    refs = find_sources(small, "made up reference", log=False, include_references=True)
    assert list(refs["source_id"]) == ["R1"]


def test_a_plain_table_with_text_dates_and_few_columns_works() -> None:
    table = pd.DataFrame(
        {
            "source_id": ["P1", "P2", "P3"],
            "publisher": ["Town Gazette", "Wire Service", "Town Gazette"],
            "title": ["Bridge closed for repairs", "Bridge reopens early", "Market day moved"],
            "published": ["2026-03-01", "2026-03-05", ""],
        }
    )
    hits = find_sources(table, "bridge", log=False)
    assert set(hits["source_id"]) == {"P1", "P2"}
    assert list(hits.columns) == list(finder.RESULT_COLUMNS)
    assert (hits["original_publisher"] == hits["publisher"]).all()  # filled from publisher
    assert list(find_sources(table, "bridge", after="2026-03-02", log=False)["source_id"]) == ["P2"]
    by_publisher = find_sources(table, "gazette", publisher="TOWN GAZETTE", log=False)
    assert set(by_publisher["source_id"]) == {"P1", "P3"}


def test_a_tables_note_column_is_searched_too() -> None:
    table = pd.DataFrame(
        {
            "source_id": ["P1", "P2"],
            "publisher": ["Town Gazette", "Wire Service"],
            "title": ["Council meets", "Council vote"],
            "note": ["Quotes the mayor on the tramline budget", ""],
        }
    )
    assert list(find_sources(table, "tramline", log=False)["source_id"]) == ["P1"]
    assert "note" not in find_sources(table, "council", log=False).columns


def test_a_table_without_the_needed_columns_names_them() -> None:
    with pytest.raises(SourcesTableError, match="title") as info:
        find_sources(pd.DataFrame({"source_id": ["X"], "publisher": ["Y"]}), "y", log=False)
    assert "source_id, publisher, title" in str(info.value)
    with pytest.raises(SourcesTableError, match="not list"):
        find_sources([1, 2], "y", log=False)  # type: ignore[arg-type]


def test_a_bad_date_in_the_table_names_row_and_column() -> None:
    table = pd.DataFrame(
        {
            "source_id": ["P1", "P2"],
            "publisher": ["A", "B"],
            "title": ["x", "y"],
            "published": ["2026-03-01", "early March"],
        }
    )
    with pytest.raises(SourcesTableError) as info:
        find_sources(table, "x", log=False)
    message = str(info.value)
    assert "row 3" in message and "P2" in message and "published" in message
    assert "early March" in message


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_an_empty_query_says_to_type_a_word(case: coursekit.Case, query: str) -> None:
    with pytest.raises(
        SearchQueryError, match=re.escape("The search is empty. Type at least one word")
    ):
        find_sources(case, query, log=False)


@pytest.mark.parametrize("query", ["?!", '"""', "* - ( ) :", "OR", "«…»"])
def test_a_query_of_punctuation_only_says_so(case: coursekit.Case, query: str) -> None:
    with pytest.raises(SearchQueryError, match="has no letters or digits"):
        find_sources(case, query, log=False)


def test_a_ten_thousand_character_query_is_refused_clearly(case: coursekit.Case) -> None:
    with pytest.raises(SearchQueryError) as info:
        find_sources(case, "summit " * 1429, log=False)  # 10,003 characters
    message = str(info.value)
    assert "10,003 characters" in message
    assert f"at most {finder.MAX_QUERY_CHARS}" in message
    assert "double quotes" in message


@pytest.mark.parametrize(
    "query",
    [
        "NEAR(trump putin)",
        "trump AND NOT putin",
        "title:alaska",
        '"unclosed phrase',
        "^putin",
        "trump + putin - alaska",
        "'; DROP TABLE docs; --",
        "{title publisher}: trump",
        "a*b*c",
    ],
)
def test_fts_syntax_in_a_query_is_just_text(case: coursekit.Case, query: str) -> None:
    hits = find_sources(case, query, log=False)
    assert list(hits.columns) == list(finder.RESULT_COLUMNS)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"after": "8 August"}, "after='8 August' is not a date"),
        ({"before": "2025-02-30"}, "before='2025-02-30' is not a date"),
        ({"after": 20250808}, "after must be a date"),
        ({"after": "2025-08-10", "before": "2025-08-01"}, "Swap them"),
        ({"limit": 0}, "limit must be a whole number"),
        ({"publisher": 3}, "publisher must be a name"),
    ],
)
def test_bad_filters_are_explained(case: coursekit.Case, kwargs: dict, words: str) -> None:
    with pytest.raises(SearchQueryError, match=re.escape(words)):
        find_sources(case, "summit", log=False, **kwargs)


def test_search_query_error_is_a_value_error_and_public() -> None:
    assert issubclass(coursekit.SearchQueryError, ValueError)
    assert coursekit.find_sources is find_sources


def test_the_index_is_built_once_per_case(case: coursekit.Case) -> None:
    first = finder._index_for(case)
    assert finder._index_for(case) is first
    table = case.sources.copy()
    before = finder._index_for(table)
    assert finder._index_for(table) is before
    table.loc[0, "title"] = "A wholly new headline about zeppelins"
    assert finder._index_for(table) is not before
    assert list(find_sources(table, "zeppelins", log=False)["source_id"]) == [
        table.loc[0, "source_id"]
    ]


def test_searches_are_logged_unless_asked_not_to(case: coursekit.Case) -> None:
    find_sources(case, '"nuclear submarines"', log=False)
    assert coursekit.search_log().empty
    hits = find_sources(case, '"nuclear submarines"', after="2025-08-01")
    log = coursekit.search_log()
    assert list(log["query"]) == ['"nuclear submarines"']
    assert list(log["where"]) == ["case finder"]
    showed = log["showed"].iloc[0]
    assert f"{len(hits)} result(s)" in showed
    assert hits["source_id"].iloc[0] in showed
    assert "summit-2025" in showed and "from 2025-08-01" in showed


# --------------------------------------------------------------------------- widgets


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    import coursekit.display

    monkeypatch.setattr(coursekit.display, "_active", "jupyter")


def _controls(root: object) -> list:
    import ipywidgets as widgets

    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, widgets.Box):
            stack.extend(node.children)
        elif isinstance(node, (widgets.ValueWidget, widgets.Button)) and not isinstance(
            node, widgets.HTML
        ):
            found.append(node)
    return found


def test_the_finder_widget_is_labelled_and_searches(
    case: coursekit.Case, interactive: None
) -> None:
    from coursekit.widgets import SourceFinder, source_finder

    finder_widget = source_finder(case)
    assert isinstance(finder_widget, SourceFinder)
    assert "ck-source-finder" in finder_widget._dom_classes
    controls = _controls(finder_widget)
    assert len(controls) >= 5
    assert all(control.description.strip() for control in controls)
    finder_widget.query.value = '"nuclear submarines"'
    expected = find_sources(case, '"nuclear submarines"', log=False, limit=None)
    assert [card.source_id for card in finder_widget.cards] == list(expected["source_id"])
    assert f"{len(expected)} page(s) match" in finder_widget.status.value
    for card in finder_widget.cards:
        assert 'target="_blank" rel="noopener noreferrer"' in card.html.value
        assert card.button.description == f"Who is behind {card.source_id}?"


def test_the_date_pickers_filter_the_cards(case: coursekit.Case, interactive: None) -> None:
    import datetime

    from coursekit.widgets import source_finder

    finder_widget = source_finder(case, query="alaska")
    finder_widget.after.value = datetime.date(2025, 8, 12)
    finder_widget.before.value = datetime.date(2025, 8, 13)
    finder_widget.search_button.click()
    expected = find_sources(case, "alaska", after="2025-08-12", before="2025-08-13", log=False)
    assert [card.source_id for card in finder_widget.cards] == list(expected["source_id"])
    assert "2025-08-12 to 2025-08-13" in html_text(finder_widget.status.value)


def html_text(value: str) -> str:
    import html

    return html.unescape(value)


@pytest.mark.parametrize("kind", ["wire-copy", "syndicated-copy", "state-media"])
def test_cards_carry_a_badge_from_the_kind_column(
    case: coursekit.Case, interactive: None, kind: str
) -> None:
    from coursekit.widgets import sources as module

    row = case.sources[case.sources["kind"] == kind].iloc[0].to_dict()
    label = module.BADGES[kind][0]
    assert f"{label}</span>" in module._card_html(row)
    other = case.sources[case.sources["kind"] == "news"].iloc[0].to_dict()
    assert 'class="ck-badge"' not in module._card_html(other)


def test_who_is_behind_names_kind_origin_language_claims_and_events(
    case: coursekit.Case, interactive: None
) -> None:
    from coursekit.lateral import SOURCE_KINDS
    from coursekit.widgets import source_finder

    sources = case.sources
    # a copy whose page is on another site than the outlet that wrote it, with claims and events
    evidence_ids = set(case.evidence["source_id"]) & set(case.event_sources["source_id"])
    copies = sources[
        (sources["publisher"] != sources["original_publisher"])
        & sources["source_id"].isin(evidence_ids)
    ]
    row = copies.iloc[0]
    finder_widget = source_finder(case, query=str(row["publisher"]))
    card = finder_widget.card(row["source_id"])
    assert not card.is_open
    card.button.click()
    text = html_text(card.behind.value)
    assert SOURCE_KINDS[row["kind"]].label in text
    assert f"{row['original_publisher']}'s story, shown on {row['publisher']}'s site" in text
    assert "English (en)" in text or f"({row['language']})" in text
    for claim_id in case.evidence[case.evidence["source_id"] == row["source_id"]]["claim_id"]:
        assert claim_id in text
    for event_id in case.event_sources[case.event_sources["source_id"] == row["source_id"]][
        "event_id"
    ]:
        assert event_id in text
    card.button.click()
    assert not card.is_open


def test_the_language_is_named(case: coursekit.Case, interactive: None) -> None:
    from coursekit.widgets import sources as module

    row = case.sources[case.sources["language"] == "ru"].iloc[0].to_dict()
    assert "Russian (ru)" in module._behind_html(row, case)


def test_hostile_table_text_is_shown_literally(interactive: None) -> None:
    from coursekit.widgets import source_finder

    table = pd.DataFrame(
        {
            "source_id": ["X1"],
            "publisher": ["<img src=x onerror=alert(1)>"],
            "title": ["<script>alert('t')</script> bridge"],
            "url": ["javascript:alert(1)"],
            "kind": ["<b>odd</b>"],
            "fictional": ["true"],
        }
    )
    finder_widget = source_finder(table, query="bridge")
    card = finder_widget.cards[0]
    card.button.click()
    shown = card.html.value + card.behind.value
    assert "<script>" not in shown and "<img" not in shown and "<b>" not in shown
    assert "&lt;script&gt;" in shown
    assert "href=" not in shown  # a javascript: address never becomes a link
    assert "fictional: invented for this exercise" in card.html.value
    finder_widget.query.value = "<script>"  # searched as the word "script"
    assert "&lt;script&gt;" in finder_widget.status.value
    assert [card.source_id for card in finder_widget.cards] == ["X1"]


def test_a_bad_search_explains_itself_in_the_widget(
    case: coursekit.Case, interactive: None
) -> None:
    from coursekit.widgets import source_finder

    finder_widget = source_finder(case, query="alaska")
    assert finder_widget.cards
    finder_widget.query.value = "?!"
    assert "has no letters or digits" in html_text(finder_widget.status.value)
    assert finder_widget.cards == [] and finder_widget.results.children == ()


def test_widget_searches_are_logged_once(case: coursekit.Case, interactive: None) -> None:
    from coursekit.widgets import source_finder

    finder_widget = source_finder(case, query="alaska")  # opened by the lesson: not logged
    assert coursekit.search_log().empty
    finder_widget.query.value = "anchorage"
    finder_widget.search_button.click()  # the same search again
    log = coursekit.search_log()
    assert list(log["query"]) == ["anchorage"]
    assert list(log["where"]) == ["case finder"]


def test_the_static_view_shows_results_with_folded_cards(
    case: coursekit.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coursekit.display
    from coursekit.widgets import StaticView, source_finder

    monkeypatch.setattr(coursekit.display, "_active", "svg")
    view = source_finder(case, query='"nuclear submarines"')
    assert isinstance(view, StaticView)
    assert 'class="ck-static ck-source-finder"' in view.html
    expected = find_sources(case, '"nuclear submarines"', log=False)
    for source_id in expected["source_id"]:
        assert f"<summary>Who is behind {source_id}?</summary>" in view.html
    assert coursekit.search_log().empty


def test_the_search_log_form_saves_escapes_and_exports(
    interactive: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coursekit.widgets import SearchLogForm, search_log_form

    monkeypatch.chdir(tmp_path)
    form = search_log_form()
    assert isinstance(form, SearchLogForm)
    assert all(control.description.strip() for control in _controls(form))
    form.save_button.click()
    assert "Not saved: query is empty" in html_text(form.status.value)
    form.query.value = "<b>alaska</b> summit"
    form.where.value = "DuckDuckGo"
    form.url.value = "https://example.org/story"
    form.showed.value = "Names the venue"
    form.save_button.click()
    assert form.query.value == ""  # cleared for the next search
    assert (
        "&lt;b&gt;alaska&lt;/b&gt;" in form.log_view.value
        and "<b>alaska" not in form.log_view.value
    )
    form.filename.value = "../handed-in.csv"
    form.export_button.click()
    exported = tmp_path / "handed-in.csv"  # the name only, in the notebook's folder
    assert exported.exists() and "Names the venue" in exported.read_text(encoding="utf-8")
    assert "handed-in.csv" in form.status.value


def test_the_search_log_form_has_a_static_view(monkeypatch: pytest.MonkeyPatch) -> None:
    import coursekit.display
    from coursekit.widgets import StaticView, search_log_form

    monkeypatch.setattr(coursekit.display, "_active", "svg")
    view = search_log_form()
    assert isinstance(view, StaticView)
    assert 'class="ck-static ck-search-log-form"' in view.html
    assert "coursekit.log_search(" in view.html and "export_search_log" in view.html
