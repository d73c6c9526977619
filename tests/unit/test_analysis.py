"""Tests for coursekit.analysis: findings on hand-written sentences and on the case article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.analysis import Finding, Report, analyze

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "data" / "summit-2025" / "article.txt"


def kinds_and_texts(report: Report) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in report.findings]


def test_modal_may_is_a_hedge_but_the_month_is_not() -> None:
    report = analyze("Talks may resume in May 2025. They met on 15 May.")
    assert kinds_and_texts(report) == [("hedge", "may")]


def test_could_not_is_not_a_hedge() -> None:
    assert analyze("He could not attend the meeting.").findings == []
    assert kinds_and_texts(analyze("The move could be related to the talks.")) == [
        ("hedge", "could")
    ]


def test_vague_source_with_reporting_verb() -> None:
    report = analyze("Analysts said the deal would fail.")
    (finding,) = report.findings
    assert finding.kind == "vague-attribution"
    assert finding.text == "said"
    assert finding.source == "Analysts"


def test_named_source_with_reporting_verb() -> None:
    report = analyze("Foreign Minister Jane Doe said the talks went well.")
    (finding,) = report.findings
    assert (finding.kind, finding.text, finding.source) == (
        "attribution",
        "said",
        "Foreign Minister Jane Doe",
    )


def test_every_finding_text_matches_its_offsets_on_the_article() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    report = analyze(text)
    assert report.findings
    for f in report.findings:
        assert isinstance(f, Finding)
        assert text[f.start : f.end] == f.text
    json.dumps(report.to_dict())


@pytest.mark.parametrize(
    ("number", "url_date"),
    [(1, None), (2, "2025-08-02"), (3, "2025-08-03"), (4, "2025-08-04")],
)
def test_article_references_are_parsed(number: int, url_date: str | None) -> None:
    report = analyze(ARTICLE.read_text(encoding="utf-8"))
    refs = {f.details.get("number"): f for f in report.by_kind("citation")}
    assert refs[number].url_date == url_date
    assert refs[number].claimed_date == f"2025-08-0{number}"
