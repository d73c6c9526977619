"""Robustness: ``analyze`` never raises and every finding points at its own text."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.analysis import analyze

NEWSY = st.sampled_from(
    [
        "may",
        "May",
        "could not",
        "said",
        "according to",
        "Analysts",
        "reportedly",
        "seen by some",
        "Friday, 9 October 2025",
        "(2025, August 1).",
        "https://a.example/2025/08/02/x",
        "[1] BBC News. (2025, August 1). T. Retrieved from https://www.bbc.co.uk/news/world-59768752",
        "first meeting since 2019",
        "last met in 2022",
        "has not been announced",
        "in Anchorage, Alaska",
        "potential summit",
        "scheduled summit",
        "\r\n",
        "\n",
        ". ",
        ", ",
        '"',
        "“",
        "’s",
        "Ünïcödé",
        "Юлия сказала",
        "中文",
        "İstanbul",
        "ﬁ",
        "\u200b",
        "  ",
    ]
)


def check(text: str) -> None:
    report = analyze(text)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text
        if f.other_start is not None:
            assert text[f.other_start : f.other_end] == f.other_text
        if f.source_start is not None:
            assert text[f.source_start : f.source_end] == f.source
    for a, b in report.sentences:
        assert 0 <= a < b <= len(text)
    report.to_html()
    report.to_markdown()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_unicode(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(NEWSY, max_size=40).map(" ".join))
def test_newsy_fragments(text: str) -> None:
    check(text)


@settings(max_examples=12, deadline=None)
@given(st.lists(NEWSY, min_size=1, max_size=8).map("".join), st.integers(200, 3000))
def test_very_long_lines(chunk: str, times: int) -> None:
    check((chunk * times)[:200_000])


def test_edge_inputs() -> None:
    for text in [
        "",
        " ",
        ".",
        "!?.,;:" * 1000,
        "\r\n" * 500,
        "a" * 100_000,
        "may " * 20_000,
        "(" * 5000 + "2025" + ")" * 5000,
        "[1] " * 10_000,
        "http://" * 5000,
    ]:
        check(text)


def test_ten_megabytes_in_a_few_seconds() -> None:
    # One 10 MB example. A paragraph full of cues, then plain news prose (as in a real
    # article): the size still tests for catastrophic backtracking, at half the cost of
    # cues in every line.
    paragraph = (
        "The council met on Friday, 9 October 2025, in Geneva, and officials said the talks may "
        "resume next month. The harbour reopened after repairs and the ferry timetable is "
        "unchanged. Mayor Ana Torres told reporters the budget was balanced. Некоторые "
        "эксперты считают иначе. 分析人士说会谈可能恢复. Details: https://example.org/2025/10/09/x.\r\n"
    ) + (
        "Trains run every ten minutes between the two stations during the day, and the last "
        "service leaves at midnight. The museum is open daily except Mondays.\r\n"
    ) * 20
    text = (paragraph * (10_000_000 // len(paragraph) + 1))[:10_000_000]
    started = time.process_time()
    report = analyze(text)
    elapsed = time.process_time() - started
    assert report.findings
    assert all(text[f.start : f.end] == f.text for f in report.findings)
    # CPU time, so other jobs on a shared machine do not count; catastrophic
    # backtracking would take minutes, not seconds.
    assert elapsed < 20, f"10 MB took {elapsed:.1f} s of CPU time"
