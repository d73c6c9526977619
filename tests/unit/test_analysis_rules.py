"""The analysis pipeline's parts: text helpers, the rules and per-paragraph counts."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from coursekit import display
from coursekit.analysis import Finding, Report, analyze
from coursekit.analysis import text as text_helpers
from coursekit.analysis.core import RULES, Context, Lexicons
from coursekit.analysis.report import PARAGRAPH_COUNT_COLUMNS


def test_month_and_day_tables_match_the_calendar() -> None:
    # The standard library's English calendar names, under the C locale.
    assert tuple(calendar.month_name) == text_helpers.MONTH_NAMES
    assert tuple(calendar.day_name) == text_helpers.DAY_NAMES
    for number in range(1, 13):
        name = calendar.month_name[number]
        assert text_helpers.MONTHS[name.lower()] == number
        assert text_helpers.MONTHS[name[:3].lower()] == number
    assert text_helpers.MONTHS["sept"] == 9
    assert text_helpers.WEEKDAYS["fri"] == text_helpers.WEEKDAYS["friday"] == 4


def test_format_date_and_words() -> None:
    assert text_helpers.format_date(dt.date(2025, 8, 15)) == "15 August 2025"
    assert text_helpers.format_date(dt.date(2019, 3, 2)) == "2 March 2019"
    assert text_helpers.words("may  might\ncould") == frozenset({"may", "might", "could"})


def test_display_and_cases_number_paragraphs_with_the_text_helper() -> None:
    assert display.numbered_paragraphs is text_helpers.numbered_paragraphs
    assert display.Paragraph is text_helpers.Paragraph
    assert display.PARAGRAPH_NUMBERING == text_helpers.PARAGRAPH_NUMBERING


def test_every_rule_returns_findings_that_point_into_the_text() -> None:
    text = (
        "Analysts said the deal may fail. Clearly, the mayor said it was over.\n"
        "The talks open on Friday, 9 October 2025."
    )
    ctx = Context(text, None, Lexicons())
    kinds = set()
    for rule in RULES:
        for finding in rule(ctx):
            assert isinstance(finding, Finding), rule.__name__
            assert text[finding.start : finding.end] == finding.text
            kinds.add(finding.kind)
    # 9 October 2025 was a Thursday.
    assert {"hedge", "booster", "vague-attribution", "date-weekday-mismatch"} <= kinds


def test_findings_carry_the_index_of_their_sentence() -> None:
    text = "It is sunny. Analysts said the deal may fail."
    report = analyze(text)
    may = next(f for f in report.findings if f.text == "may")
    assert may.sentence == 1


def test_paragraph_counts_count_each_kind_per_paragraph() -> None:
    text = "Storm Hits Coast\n\nIt may rain. It could snow.\n\nThe mayor said so.\n\nNo hedges."
    report = analyze(text)
    frame = report.paragraph_counts(headline=True)
    assert list(frame.columns) == list(PARAGRAPH_COUNT_COLUMNS)
    counts = {(row.paragraph, row.kind): row.count for row in frame.itertuples()}
    assert counts[("¶1", "hedge")] == 2  # may, could
    assert counts[("¶2", "attribution")] == 1  # the mayor said
    assert counts[("¶3", "hedge")] == 0
    first = frame[(frame["paragraph"] == "¶1") & (frame["kind"] == "hedge")].iloc[0]
    assert first["words"] == 6
    assert first["per_100_words"] == pytest.approx(33.3)
    assert first["start"] == "It may rain. It could snow."
    # Without a headline the title line is paragraph 1.
    assert report.paragraph_counts()["paragraph"].iloc[0] == "¶1"
    assert report.paragraph_counts(limit=2)["number"].max() == 2


def test_paragraph_counts_of_an_empty_text() -> None:
    frame = Report(text="", findings=[], sentences=[]).paragraph_counts()
    assert frame.empty
    assert list(frame.columns) == list(PARAGRAPH_COUNT_COLUMNS)
