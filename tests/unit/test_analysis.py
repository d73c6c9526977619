"""Tests for coursekit.analysis: findings on hand-written text and on the case article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.analysis import Cue, Finding, LexiconError, Report, analyze
from coursekit.analysis.lexicon import bundled_lexicon

ROOT = Path(__file__).resolve().parents[2]
CASE_DIR = ROOT / "data" / "summit-2025"
ARTICLE = CASE_DIR / "article.txt"

# Written for this test: ordinary reporting with named sources, correct weekdays and
# references whose URL dates agree with their claimed dates.
PLAIN = """\
The city council of Northbridge approved its 2025 budget on Tuesday, 4 March 2025, by nine \
votes to two. Mayor Ana Torres said the plan funds three new libraries and a bus route to the \
hospital. "We listened to residents at every stage," she told reporters after the vote.

According to the finance department, spending will rise by 3 per cent, to 412 million euros. \
Councillor Mark Reed, who voted against, argued that the increase was too small to cover rising \
energy costs. The council published the full budget on its website on Wednesday, 5 March 2025.

The new bus route opens on Monday, 2 June 2025. The transport authority confirmed the \
timetable in a statement, and the first bus leaves the central station at 6:15.

[1] Northbridge Herald. (2025, March 4). Council approves 2025 budget. Retrieved from \
https://www.northbridgeherald.example/2025/03/04/council-approves-budget
[2] City of Northbridge. (2025, March 5). Budget 2025. Retrieved from \
https://www.northbridge.example/news/2025/03/05/budget-2025
"""

WARNING_KINDS = {
    "hedge",
    "internal-contradiction",
    "date-weekday-mismatch",
    "citation-date-mismatch",
    "citation-url-era",
    "anachronism",
}


def kinds_and_texts(report: Report) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in report.findings]


def lexicon_row(lexicon: str, phrase: str) -> Cue:
    """The row of a bundled lexicon for ``phrase``, as the CSV file gives it today.

    Tests compare a finding with the row instead of pasting the row's wording, so an
    instructor can reword an explanation without breaking a test.
    """
    (row,) = bundled_lexicon(lexicon).lookup(phrase)
    return row


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    from coursekit.cases import load_case

    return load_case("summit-2025")


# -- hedges ---------------------------------------------------------------------------


def test_modal_may_is_a_hedge_but_the_month_is_not() -> None:
    report = analyze("Talks may resume in May 2025. They met on 15 May.")
    assert kinds_and_texts(report) == [("hedge", "may")]


def test_could_not_is_not_a_hedge() -> None:
    assert analyze("He could not attend the meeting.").findings == []
    assert kinds_and_texts(analyze("The move could be related to the talks.")) == [
        ("hedge", "could")
    ]


def test_a_capitalised_cue_inside_a_sentence_is_a_title_not_a_hedge() -> None:
    assert analyze("The film The Unknown Soldier came out in 1955.").findings == []
    assert kinds_and_texts(analyze("Unknown gunmen fired shots.")) == [("hedge", "Unknown")]


def test_longest_cue_wins() -> None:
    assert kinds_and_texts(analyze("Talks could well resume.")) == [("hedge", "could well")]


def test_promises_to_be_is_a_booster_not_a_hedge_or_a_promise() -> None:
    # Lesson 03 teaches "promises to be" as a booster: a prediction made to sound settled.
    assert kinds_and_texts(analyze("It promises to be a turning point.")) == [
        ("booster", "promises to be")
    ]


def test_a_cue_inside_a_longer_cue_of_another_kind_is_still_found() -> None:
    report = analyze("The film is widely considered the best. Some believe it.")
    assert kinds_and_texts(report) == [
        ("vague-attribution", "widely considered"),
        ("hedge", "considered"),
        ("vague-attribution", "Some believe"),
        ("hedge", "believe"),
    ]


def test_hedge_explanations_are_specific_to_the_cue() -> None:
    (may,) = analyze("The talks may fail.").findings
    (potential,) = analyze("A potential summit was discussed.").findings
    for finding, phrase in ((may, "may"), (potential, "potential")):
        row = lexicon_row("hedges", phrase)
        assert (finding.kind, finding.category, finding.explanation) == (
            row.kind,
            row.category,
            row.explanation,
        )
    assert may.explanation != potential.explanation


# -- attribution ----------------------------------------------------------------------


def test_vague_source_with_reporting_verb() -> None:
    (finding,) = analyze("Analysts said the deal would fail.").findings
    assert (finding.kind, finding.text, finding.source) == (
        "vague-attribution",
        "said",
        "Analysts",
    )
    # The explanation is the vague-source row's: it says why the speaker is vague.
    assert finding.explanation == lexicon_row("vague_sources", "analysts").explanation


def test_named_source_with_reporting_verb() -> None:
    (finding,) = analyze("Foreign Minister Jane Doe said the talks went well.").findings
    assert (finding.kind, finding.text, finding.source) == (
        "attribution",
        "said",
        "Foreign Minister Jane Doe",
    )


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        ('"We are ready," said Maria Lopez, the negotiator.', "said", "Maria Lopez"),
        (
            "According to the city council, the bridge will reopen.",
            "According to",
            "the city council",
        ),
        (
            "The mayor insisted the budget was balanced, noting that reserves grew.",
            "noting",
            "The mayor",
        ),
        (
            "Officials familiar with the plan said it was ready.",
            "said",
            "Officials familiar with the plan",
        ),
    ],
)
def test_speaker_is_found_next_to_the_cue(sentence: str, cue: str, source: str) -> None:
    found = {f.text: f.source for f in analyze(sentence).findings if "attribution" in f.kind}
    assert found[cue] == source


def test_reporting_words_that_are_not_attributions() -> None:
    text = (
        "The minister's reported remarks caused a stir. It is too early to say. "
        "The date has not been announced."
    )
    assert [f for f in analyze(text).findings if f.kind == "attribution"] == []


def test_vague_phrases() -> None:
    report = analyze("Both leaders reportedly agreed. The summit is seen by some as a test.")
    assert kinds_and_texts(report) == [
        ("vague-attribution", "reportedly"),
        ("vague-attribution", "seen by some"),
    ]
    for finding in report.findings:
        assert finding.explanation == lexicon_row("vague_attribution", finding.text).explanation


# -- dates, contradictions, references -------------------------------------------------


def test_wrong_weekday() -> None:
    (finding,) = analyze("The vote was held on Friday, 9 October 2025.").findings
    assert finding.kind == "date-weekday-mismatch"
    assert finding.text == "Friday, 9 October 2025"
    assert finding.explanation.startswith("9 October 2025 was a Thursday, not a Friday.")
    assert analyze("The vote was held on Thursday, October 9, 2025.").findings == []


def test_first_since_contradicts_last_met() -> None:
    text = "It is their first meeting since 2019. The two leaders last met in 2022 in Bali."
    (finding,) = analyze(text).by_kind("internal-contradiction")
    assert finding.text == "first meeting since 2019"
    assert text[finding.other_start : finding.other_end] == "last met in 2022"


def test_bbc_numeric_id_dates_the_url() -> None:
    text = (
        "[1] BBC News. (2025, August 1). A headline. Retrieved from "
        "https://www.bbc.co.uk/news/world-us-canada-59768752"
    )
    (era,) = analyze(text).by_kind("citation-url-era")
    assert era.text == "59768752"
    assert era.details["estimated_date"] == "2021-12-23"
    assert all(a["where_seen"] for a in era.details["anchors"])


def test_url_date_mismatch() -> None:
    text = (
        "[1] Example Times. (2025, August 1). A headline. Retrieved from "
        "https://www.example.com/2025/08/09/world/a-headline.html"
    )
    (mismatch,) = analyze(text).by_kind("citation-date-mismatch")
    assert mismatch.url_date == "2025-08-09"
    assert mismatch.claimed_date == "2025-08-01"
    assert "9 August 2025" in mismatch.explanation


def test_plain_article_gives_no_warnings() -> None:
    report = analyze(PLAIN)
    assert [f for f in report.findings if f.kind in WARNING_KINDS] == []
    assert {f.source for f in report.by_kind("attribution")} >= {
        "Mayor Ana Torres",
        "the finance department",
        "Councillor Mark Reed",
    }
    assert len(report.by_kind("citation")) == 2


# -- the case article -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim_id", "cue"),
    [
        ("C8", "raising concerns"),
        ("C8", "may"),
        ("C11", "may"),
        ("C14", "reportedly"),
        ("C15", "seen by some"),
        ("C18", "skeptical"),
        ("C19", "may"),
        ("C22", "could"),
        ("C29", "potential"),
    ],
)
def test_case_hedges_and_vague_attributions(case, claim_id: str, cue: str) -> None:  # type: ignore[no-untyped-def]
    claim = case.claims.set_index("claim_id").loc[claim_id]
    report = analyze(case.article)
    inside = [
        f.text
        for f in report.findings
        if f.kind in {"hedge", "vague-attribution"} and claim.start <= f.start < claim.end
    ]
    assert cue in inside


def test_case_source_of_analysts_is_vague(article: str) -> None:
    found = [f for f in analyze(article).findings if f.source == "analysts"]
    assert found and all(f.kind == "vague-attribution" for f in found)


def _within(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def test_case_internal_contradictions_are_found_between_their_claims(case) -> None:  # type: ignore[no-untyped-def]
    """Each internal contradiction the case records (the venue given and 'not announced',
    'scheduled' and 'potential') is found, both of its sides inside the claims it names."""
    findings = analyze(case.article).by_kind("internal-contradiction")
    claims = case.claims.set_index("claim_id")
    recorded = case.inconsistencies[case.inconsistencies["kind"] == "internal-contradiction"]
    assert len(recorded) >= 2
    for row in recorded.itertuples():
        ids = str(row.claim_ids).split(";")
        spans = [(int(claims.loc[c, "start"]), int(claims.loc[c, "end"])) for c in ids]
        assert [f for f in findings if _within(f.start, spans) and _within(f.other_start, spans)], (
            f"{row.inconsistency_id} ({row.title}) is not found in claims {ids}"
        )


def test_case_references_and_url_dates(article: str, case) -> None:  # type: ignore[no-untyped-def]
    refs = {f.details["number"]: f for f in analyze(article).by_kind("citation")}
    assert {n: r.url_date for n, r in refs.items()} == {
        1: None,
        2: "2025-08-02",
        3: "2025-08-03",
        4: "2025-08-04",
    }
    # Publisher and title as the case's hand-made record of each reference gives them.
    for record in case.metadata["references"]:
        found = refs[record["number"]]
        assert (found.publisher, found.title) == (record["publisher"], record["title"])


def test_case_anachronisms_need_the_case(case) -> None:  # type: ignore[no-untyped-def]
    assert analyze(case.article).by_kind("anachronism") == []
    found = analyze(case.article, case=case).by_kind("anachronism")
    assert [(f.details["event_date"], f.event_id) for f in found] == [
        ("2025-08-07", "E05"),
        ("2025-08-08", "E11"),
        ("2025-08-06", "E04"),
        ("2025-08-08", "E11"),
    ]
    assert found[1].explanation.startswith(
        "[2] is dated 2 August 2025 but its title mentions a meeting and Alaska."
    )


def test_every_finding_text_matches_its_offsets(article: str) -> None:
    report = analyze(article)
    for f in report.findings:
        assert isinstance(f, Finding)
        assert article[f.start : f.end] == f.text
        assert f.explanation
    json.dumps(report.to_dict())


# -- report API ----------------------------------------------------------------------------


def test_report_summary_frame_and_formats(article: str) -> None:
    report = analyze(article)
    summary = report.summary()
    assert summary["citation"] == 4
    assert sum(summary.values()) == len(report.findings)
    frame = report.to_frame()
    assert len(frame) == len(report.findings)
    assert frame["kind"].value_counts()["citation"] == 4
    assert report.to_dict()["findings"][0]["kind"] == report.findings[0].kind
    assert "hedge" in report.to_text().lower()
    assert report.to_markdown().startswith("# Text analysis")


def test_sentences_are_spans_of_the_text() -> None:
    text = "Mr. Smith arrived. He said the U.S. team won!\nNew line here"
    report = analyze(text)
    assert [text[a:b] for a, b in report.sentences] == [
        "Mr. Smith arrived.",
        "He said the U.S. team won!",
        "New line here",
    ]


# -- instructor lexicons ---------------------------------------------------------------------


def test_instructor_lexicon_adds_a_cue(tmp_path: Path) -> None:
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "cue,kind,category,explanation,example\n"
        "rumour has it,vague-attribution,hearsay,"
        '"Hearsay: nobody is named.",Rumour has it he left.\n',
        encoding="utf-8",
    )
    text = "Rumour has it that the mayor will resign."
    assert analyze(text).findings == []
    (finding,) = analyze(text, lexicons=[extra]).findings
    assert (finding.kind, finding.text, finding.explanation) == (
        "vague-attribution",
        "Rumour has it",
        "Hearsay: nobody is named.",
    )


def test_instructor_lexicon_errors_say_where_and_how(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("cue,kind\nmaybe,hedge\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.csv: missing column\(s\) category, explanation"):
        analyze("x", lexicons=[bad])
    empty = tmp_path / "empty.csv"
    empty.write_text("cue,kind,category,explanation,example\nperhaps,hedge,modal,,\n", "utf-8")
    with pytest.raises(LexiconError, match=r"line 2: cue 'perhaps' has no explanation"):
        analyze("x", lexicons=[empty])
    with pytest.raises(LexiconError, match="not found"):
        analyze("x", lexicons=[tmp_path / "missing.csv"])


def test_analyze_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        analyze(b"bytes")  # type: ignore[arg-type]


def test_importing_analysis_does_not_import_pandas_or_widgets() -> None:
    import subprocess
    import sys

    code = (
        "import sys, coursekit.analysis as a; a.analyze('Analysts said it may rain.'); "
        "print(sorted(m for m in ('pandas', 'altair', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ----------------------------------------------------------- anachronisms without a case

_SIGNING = (
    "The two councils signed the water agreement in Halvey on 14 November 2025, after two "
    "years of talks. Mayor Ana Torres said the deal secures summer flows.\n\nReferences\n"
)


def test_reference_dated_before_the_articles_own_date_is_an_anachronism() -> None:
    text = _SIGNING + (
        "[1] Valley Radio. (2025, November 10). Councils sign water agreement in Halvey. "
        "https://example.org/a\n"
    )
    found = analyze(text).by_kind("anachronism")
    assert len(found) == 1
    assert found[0].text.startswith("[1] Valley Radio.")
    assert found[0].explanation == (
        "[1] is dated 10 November 2025 and its title mentions sign, agreement and Halvey, but "
        "the article itself dates that to 14 November 2025. A report cannot come before the "
        "event it reports."
    )


def test_correctly_dated_references_on_a_plain_article_give_no_anachronism() -> None:
    text = _SIGNING + (
        "[1] Valley Radio. (2025, November 14). Councils sign water agreement in Halvey. "
        "https://example.org/a\n"
        "[2] Halvey Post. (2025, November 10). Councils to sign water agreement in Halvey. "
        "https://example.org/b\n"
        "[3] Tarvish Times. (2025, November 15). Halvey signing ends two years of talks. "
        "https://example.org/c\n"
    )
    report = analyze(text)
    assert report.by_kind("anachronism") == []
    assert report.by_kind("citation-date-mismatch") == []


def test_practice_article_reference_4_is_found_without_a_case() -> None:
    from coursekit.widgets import practice_article

    text = practice_article()
    found = analyze(text).by_kind("anachronism")
    assert [f.text.split(".")[0] for f in found] == ["[4] Tarvish Radio"]
    assert "dates that to 14 November 2025" in found[0].explanation
