"""The capstone items: loading, validation with clear errors, fictional labelling, finder use."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

import coursekit
from coursekit import capstone
from coursekit.capstone import CapstoneDataError

ROOT = Path(__file__).resolve().parents[2]
ITEMS = ROOT / "src" / "coursekit" / "capstone"


@pytest.fixture(scope="module")
def case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


@pytest.fixture
def item_folder(tmp_path: Path) -> Path:
    """A copy of a bundled item that a test may break."""
    folder = tmp_path / "corvale-tramline"
    shutil.copytree(ITEMS / "corvale-tramline", folder)
    return folder


def _schema(case_name: str = "summit-2025") -> dict[str, dict]:
    package = json.loads((ROOT / "data" / case_name / "datapackage.json").read_text())
    return {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in package["resources"]}


# ------------------------------------------------------------------ the bundled items


def test_three_items_in_three_forms_with_three_moves() -> None:
    items = [capstone.load_item(i) for i in capstone.item_ids()]
    assert len(items) == 3
    assert len({item.form for item in items}) == 3
    assert len({item.move for item in items}) == 3
    forms = " | ".join(item.form for item in items)
    for form in ("social-media post", "official statement", "article with a citation"):
        assert form in forms
    moves = " | ".join(item.move for item in items)
    for move in ("investigate the source", "find better coverage", "trace"):
        assert move in moves


@pytest.mark.parametrize("item_id", capstone.item_ids())
def test_item_is_labelled_fictional_everywhere(item_id: str) -> None:
    item = capstone.load_item(item_id)
    assert item.text.startswith("FICTIONAL ITEM")
    assert "do not exist" in item.text.split("\n")[0]
    assert item.sources["fictional"].all()
    for url in [*item.sources["url"], *re.findall(r"https?://\S+", item.text)]:
        host = urlsplit(url).hostname or ""
        assert host.endswith(".example") or host == "example.com", url


@pytest.mark.parametrize("item_id", capstone.item_ids())
def test_corpus_has_the_sources_table_columns_and_a_small_size(item_id: str) -> None:
    sources = capstone.load_item(item_id).sources
    assert tuple(sources.columns) == capstone.SOURCE_COLUMNS
    assert 8 <= len(sources) <= 15
    assert pd.api.types.is_datetime64_any_dtype(sources["published"])
    assert set(sources["kind"]) <= set(capstone.PAGE_KINDS)
    assert sources["note"].str.len().min() > 40, "every page says what it holds"


def test_source_ids_are_unique_across_items_and_never_the_case_ids(case: coursekit.Case) -> None:
    ids = [sid for i in capstone.item_ids() for sid in capstone.load_item(i).sources["source_id"]]
    assert len(ids) == len(set(ids))
    assert not set(ids) & set(case.sources["source_id"])


def test_vocabularies_agree_with_the_case_schema(case: coursekit.Case) -> None:
    schema = _schema()
    assert set(schema["sources"]["kind"]["constraints"]["enum"]) <= set(capstone.PAGE_KINDS)
    assert set(schema["claims"]["verdict"]["constraints"]["enum"]) == set(capstone.VERDICTS)
    assert set(schema["evidence"]["stance"]["constraints"]["enum"]) == set(capstone.STANCES)
    case_columns = [c for c in case.sources.columns if c not in ("cited_by_article", "finding")]
    assert list(capstone.SOURCE_COLUMNS[: len(case_columns)]) == case_columns


@pytest.mark.parametrize("item_id", capstone.item_ids())
def test_items_do_not_repeat_the_case_traps(item_id: str) -> None:
    item = capstone.load_item(item_id)
    words = (item.text + " ".join(item.sources["title"]) + " ".join(item.sources["note"])).lower()
    for topic in ("alaska", "anchorage", "summit", "putin", "trump"):
        assert topic not in words
    assert not re.search(r"venue|not (yet )?been (decided|announced)", item.text, re.I)
    # A citation in the text names a page of the corpus dated on or before the text itself.
    for url in re.findall(r"https?://\S+", item.text):
        page = item.sources[item.sources["url"] == url]
        assert len(page) == 1, f"{url} is cited but not in the corpus"
        assert page["published"].iloc[0] <= pd.Timestamp(item.published)


@pytest.mark.parametrize("item_id", capstone.item_ids())
def test_analyser_finds_no_planted_date_or_consistency_problem(item_id: str) -> None:
    report = coursekit.analyze(capstone.load_item(item_id).text)
    kinds = {finding.kind for finding in report.findings}
    problems = {k for k in kinds if "contradiction" in k or "date" in k or "anachron" in k}
    assert not problems, problems


@pytest.mark.parametrize("item_id", capstone.item_ids())
def test_key_judges_every_page_with_known_words(item_id: str) -> None:
    key = capstone.item_key(item_id)
    pages = set(capstone.load_item(item_id).sources["source_id"])
    assert set(key.evidence["source_id"]) == pages
    assert key.verdict in capstone.VERDICTS
    assert set(key.evidence["stance"]) <= set(capstone.STANCES)
    assert len(key.rationale.split()) > 30


def test_origins_group_pages_that_repeat_one_statement() -> None:
    key = capstone.item_key("corvale-tramline")
    evidence = key.evidence.set_index("source_id")
    copies = evidence.index[evidence["origin"] == evidence.loc["S801", "origin"]].tolist()
    assert len(copies) > 2
    groups = key.origins([*copies, "S809"])
    assert groups == {
        evidence.loc["S801", "origin"]: copies,
        evidence.loc["S809", "origin"]: ["S809"],
    }
    assert key.origins(["S999"]) == {}


def test_finder_searches_an_item_corpus_offline() -> None:
    item = capstone.load_item("brackenford-study")
    hits = coursekit.find_sources(item.sources, "teachers survey", log=False)
    assert len(hits) > 0
    assert set(hits["source_id"]) <= set(item.sources["source_id"])
    # The notes are searched too: this phrase is in a note, not in any title.
    phrase = "ticket-gate and timetable data"
    tram = capstone.load_item("corvale-tramline").sources
    assert not tram["title"].str.contains(phrase).any()
    found = coursekit.find_sources(tram, f'"{phrase}"', log=False)["source_id"].tolist()
    assert found == tram.loc[tram["note"].str.contains(phrase), "source_id"].tolist()


def test_load_item_returns_a_fresh_table() -> None:
    first = capstone.load_item("quillhaven-scooters")
    first.sources.loc[0, "publisher"] = "changed"
    assert capstone.load_item("quillhaven-scooters").sources.loc[0, "publisher"] != "changed"


# ------------------------------------------------------------------ errors


def test_unknown_item_lists_the_items() -> None:
    with pytest.raises(KeyError, match=r"No capstone item 'nope'\. The items are: quillhaven"):
        capstone.load_item("nope")


def test_read_item_accepts_a_valid_folder(item_folder: Path) -> None:
    item = capstone.read_item(item_folder)
    assert item.id == "corvale-tramline"
    assert len(item.sources) == len(capstone.load_item("corvale-tramline").sources)


def _edit_csv(folder: Path, old: str, new: str) -> None:
    path = folder / "sources.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",note\n", ",summary\n", r"sources\.csv has no column\(s\) note\. Its header must be"),
        (",official-statement,Corvale Regional Transit Authority,en,true,\"The authority's press",
         ",press-release,Corvale Regional Transit Authority,en,true,\"The authority's press",
         r"sources\.csv, row 2 \(S801\), column kind: 'press-release' is not a page kind"),
        ("https://tarrowfield-press.example/wire", "https://www.reuters.com/wire",
         r"row 3 \(S802\), column url: .*never a real site"),
        ("2026-03-18", "18/03/2026",
         r"row 10 \(S809\), column published: '18/03/2026' is not a date"),
        ("S812,", "S811,", r"row 13 \(S811\), column source_id: the id is used twice"),
        (",en,true,\"A news agency", ",en,false,\"A news agency",
         r"row 3 \(S802\), column fictional: 'false': every capstone page is invented"),
    ],
)  # fmt: skip
def test_bad_sources_name_file_row_column_and_fix(
    item_folder: Path, old: str, new: str, message: str
) -> None:
    _edit_csv(item_folder, old, new)
    with pytest.raises(CapstoneDataError, match=message) as info:
        capstone.read_item(item_folder)
    assert str(item_folder) in str(info.value)


def test_missing_file_and_unlabelled_item_are_clear(item_folder: Path) -> None:
    (item_folder / "sources.csv").unlink()
    with pytest.raises(CapstoneDataError, match=r"sources\.csv is missing"):
        capstone.read_item(item_folder)
    data = json.loads((item_folder / "item.json").read_text())
    data["text"] = data["text"].replace("FICTIONAL ITEM", "Item")
    (item_folder / "item.json").write_text(json.dumps(data))
    with pytest.raises(CapstoneDataError, match=r"starts with a FICTIONAL notice"):
        capstone.read_item(item_folder)


def test_folder_name_must_match_the_id(item_folder: Path) -> None:
    other = item_folder.rename(item_folder.parent / "renamed")
    with pytest.raises(CapstoneDataError, match=r"id is 'corvale-tramline'; it must be the folder"):
        capstone.read_item(other)
    with pytest.raises(CapstoneDataError, match=r"is not a folder"):
        capstone.read_item(other / "item.json")


def test_page_opens_one_page_with_escaped_html() -> None:
    item = capstone.load_item("corvale-tramline")
    page = item.page("s803")
    assert page.source_id == "S803"
    text = str(page)
    assert "Northway Daily (carries a text by Tarrowfield Press Agency)" in text
    assert "Address (fictional): https://northway-daily.example/" in text
    assert item.sources.set_index("source_id").loc["S803", "note"] in text
    with pytest.raises(
        KeyError, match=r"'S1' is not a page of this item: its pages are S801 to S812"
    ):
        item.page("S1")
    quoted = capstone.load_item("brackenford-study").page("S908")._repr_html_()
    assert "&#x27;The news-style adverts were the hard case&#x27;" in quoted
    assert "<script" not in quoted


def test_lesson_05_analyser_example_has_a_booster_and_a_vague_source() -> None:
    # Lesson 05, section 4 says the analyser marks these two in the article.
    findings = coursekit.analyze(capstone.load_item("brackenford-study").text).findings
    found = {(f.kind, f.text.lower()) for f in findings}
    assert ("booster", "clearly") in found
    assert ("vague-attribution", "experts agree") in found


# ------------------------------------------------------------------ worksheet 05 checks

#: Answers a learner who skips a move would give: the account's own pages, the pages that
#: only repeat a statement, a page that passes the figure on, the other figure in the origin.
COMMON_WRONG = [
    ("05.1", {"S702"}),
    ("05.1", {"S705", "S706"}),
    ("05.3", {"S808", "S812"}),
    ("05.3", {"S802", "S805", "S808"}),
    ("05.5", {"S903"}),
    ("05.5", {"S910"}),
    ("05.6", 71),
    ("05.6", 70),
]


@pytest.fixture
def _fresh_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coursekit import checks

    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path / "home"))
    checks.reset_attempts()


@pytest.mark.usefixtures("_fresh_checks")
@pytest.mark.parametrize(("exercise_id", "answer"), COMMON_WRONG)
def test_common_wrong_answers_are_not_accepted_and_the_key_stays_hidden(
    exercise_id: str, answer: object
) -> None:
    feedback = coursekit.check(exercise_id, answer)
    assert feedback.status == "not-yet", str(feedback)
    # Nothing in the feedback names a page the learner did not give.
    given = answer if isinstance(answer, set) else set()
    named = set(re.findall(r"\bS\d{3}\b", str(feedback)))
    assert named <= given, named - given


@pytest.mark.usefixtures("_fresh_checks")
@pytest.mark.parametrize("item_id", capstone.item_ids())
def test_an_item_verdict_citing_another_items_page_is_told_so(item_id: str) -> None:
    from coursekit.checks import load_specs

    task = next(i for i, spec in load_specs().items() if spec.get("item") == item_id)
    item = capstone.load_item(item_id)
    stranger = "S999"
    own = item.sources["source_id"].tolist()[:2]
    text = (
        f"Claim: {item.claim}\nEvidence: {own[0]}, {own[1]} and {stranger} bear on it; I read "
        "each page and checked where its information comes from.\nVerdict: unverifiable.\n"
        "Confidence: low, because I could not reach the origin." + " I compared the dates." * 4
    )
    feedback = coursekit.check(task, text)
    assert feedback.status == "not-yet", str(feedback)
    assert stranger in str(feedback)
    assert not feedback.closure
