"""coursekit.charts: titles, text alternatives, palette, redundant encodings, data."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import altair as alt
import pytest

import coursekit
from coursekit import charts
from coursekit.analysis import Finding, Report
from coursekit.display import OKABE_ITO

REDUNDANT_CHANNELS = {"shape", "strokeDash", "text"}
EVENTS_CSV = Path(__file__).resolve().parents[2] / "data" / "summit-2025" / "events.csv"


def _event_dates() -> dict[str, str]:
    """event_id -> ISO date, read from the CSV (not through coursekit)."""
    with open(EVENTS_CSV, encoding="utf-8", newline="") as handle:
        return {row["event_id"]: row["date"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


SAMPLE = "It may rain today.\n\nAnalysts say it could snow. The mayor said so.\n\nNo hedges."


def _finding(kind: str, start: int, end: int) -> Finding:
    return Finding(kind=kind, start=start, end=end, text=SAMPLE[start:end], explanation="")


SAMPLE_REPORT = Report(
    text=SAMPLE,
    sentences=[],
    findings=[
        _finding("hedge", SAMPLE.index("may"), SAMPLE.index("may") + 3),
        _finding("vague-attribution", SAMPLE.index("Analysts"), SAMPLE.index("Analysts") + 8),
        _finding("hedge", SAMPLE.index("could"), SAMPLE.index("could") + 5),
        _finding("attribution", SAMPLE.index("said"), SAMPLE.index("said") + 4),
    ],
)


def _builders(case: coursekit.Case) -> dict[str, Callable[[], alt.TopLevelMixin]]:
    return {
        "timeline": lambda: charts.timeline_chart(case, highlight_day="2025-08-08"),
        "verdict": lambda: charts.verdict_chart(case),
        "claim_type": lambda: charts.claim_type_chart(case),
        "known_on_day": lambda: charts.known_on_day_chart(case, "2025-08-10"),
        "hedge_density": lambda: charts.hedge_density_chart(SAMPLE, SAMPLE_REPORT),
        "findings": lambda: charts.findings_chart(SAMPLE_REPORT),
    }


def _encodings(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "encoding" in spec:
        yield spec["encoding"]
    for layer in spec.get("layer", []):
        yield from _encodings(layer)


def _datasets(spec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return spec.get("datasets", {})


NAMES = ["timeline", "verdict", "claim_type", "known_on_day", "hedge_density", "findings"]


@pytest.mark.parametrize("name", NAMES)
def test_chart_has_title_description_palette_and_redundant_encoding(
    case: coursekit.Case, name: str
) -> None:
    chart = _builders(case)[name]()
    assert isinstance(chart, (alt.Chart, alt.LayerChart))
    spec = chart.to_dict()
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert str(title).strip()
    assert len(spec["description"]) > 40
    text = json.dumps(spec)
    assert any(colour in text for colour in OKABE_ITO)
    channels = {channel for enc in _encodings(spec) for channel in enc}
    assert channels & REDUNDANT_CHANNELS, channels
    assert all(len(rows) < 5000 for rows in _datasets(spec).values())


def test_import_coursekit_charts_only_when_asked() -> None:
    import sys

    assert "altair" in sys.modules  # this module imported it; see test_display for the rest
    assert charts.__all__


def test_timeline_has_all_events_and_the_four_reference_dates(case: coursekit.Case) -> None:
    spec = charts.timeline_chart(case).to_dict()
    rows = [row for rows in _datasets(spec).values() for row in rows]
    event_ids = {row["event_id"] for row in rows if "event_id" in row}
    assert event_ids == set(_event_dates())
    refs = {row["label"]: row["date"][:10] for row in rows if "label" in row}
    assert refs == {
        "ref [1]": "2025-08-01",
        "ref [2]": "2025-08-02",
        "ref [3]": "2025-08-03",
        "ref [4]": "2025-08-04",
    }
    assert "before the first announcement event" in spec["description"]


def test_timeline_without_references_or_highlight(case: coursekit.Case) -> None:
    spec = charts.timeline_chart(case, show_references=False).to_dict()
    rows = [row for rows in _datasets(spec).values() for row in rows]
    assert not any("label" in row for row in rows)
    assert "references" not in spec["description"]
    assert "dashed rule" not in spec["description"]


def test_known_on_day_chart_changes_with_the_day(case: coursekit.Case) -> None:
    early = charts.known_on_day_chart(case, "2025-08-07").to_dict()
    late = charts.known_on_day_chart(case, "2025-08-12").to_dict()
    assert early != late
    dates = _event_dates()
    for spec, day, label in ((early, "2025-08-07", "7 August"), (late, "2025-08-12", "12 August")):
        public = sum(date <= day for date in dates.values())
        assert f"On {label} 2025, {public} of {len(dates)} events" in spec["description"]

    def status(spec: dict[str, Any], event_id: str) -> str:
        rows = [row for rows in _datasets(spec).values() for row in rows]
        return next(row["status"] for row in rows if row.get("event_id") == event_id)

    assert status(early, "E11") == "not yet public"
    assert status(late, "E11") == "public by this day"


def test_known_on_day_chart_marks_claims_that_do_not_fit(case: coursekit.Case) -> None:
    spec = charts.known_on_day_chart(case, "2025-08-05").to_dict()
    rows = [row for rows in _datasets(spec).values() for row in rows]
    c5 = next(row for row in rows if row.get("claim_id") == "C5")
    assert c5["status"] == "does not fit"
    assert c5["row"] == "C5: does not fit"


def test_known_on_day_chart_shows_only_events_without_windows(case: coursekit.Case) -> None:
    bare = SimpleNamespace(
        events=case.events,
        settings=case.settings,
        claims=case.claims.drop(columns=["written_after", "written_before"], errors="ignore"),
    )
    spec = charts.known_on_day_chart(bare, "2025-08-10").to_dict()
    rows = [row for rows in _datasets(spec).values() for row in rows]
    assert not any("claim_id" in row for row in rows)
    assert "time-sensitive" not in spec["description"]


def test_verdict_and_type_counts_come_from_the_claims(case: coursekit.Case) -> None:
    verdicts = charts.verdict_chart(case).to_dict()
    counts = {
        row["verdict"]: row["claims"] for rows in _datasets(verdicts).values() for row in rows
    }
    assert counts["contradicted"] == int((case.claims["verdict"] == "contradicted").sum())
    assert sum(counts.values()) == 39
    types = charts.claim_type_chart(case).to_dict()
    assert "39 claims by type" in types["description"]


def test_paragraphs_split_on_blank_lines_or_lines() -> None:
    assert charts.paragraphs("a b\n\n  c d \n\n\ne") == [(0, 3), (7, 10), (14, 15)]
    assert charts.paragraphs("one\ntwo\n\nthree") == [(0, 7), (9, 14)]
    assert charts.paragraphs("first line\nsecond") == [(0, 10), (11, 17)]
    assert charts.paragraphs("") == []


def test_hedge_density_counts_findings_per_paragraph() -> None:
    spec = charts.hedge_density_chart(SAMPLE, SAMPLE_REPORT).to_dict()
    rows = [row for rows in _datasets(spec).values() for row in rows]
    counts = {(row["paragraph"], row["kind"]): row["count"] for row in rows}
    assert counts[("¶1", "hedge")] == 1
    assert counts[("¶2", "hedge")] == 1
    assert counts[("¶2", "vague-attribution")] == 1
    assert counts[("¶2", "attribution")] == 1
    assert counts[("¶3", "hedge")] == 0
    per_100 = {(row["paragraph"], row["kind"]): row["per_100_words"] for row in rows}
    assert per_100[("¶1", "hedge")] == 25.0  # 1 hedge in 4 words
    assert spec["description"].startswith(
        "Grouped bar chart of findings per 100 words in each of 3 paragraphs: 2 hedges, "
        "1 vague attribution and 1 named attribution in all."
    )
    assert "Paragraph 2 has the most hedges" in spec["description"]


def test_hedge_density_draws_at_most_max_paragraphs() -> None:
    text = "\n\n".join(f"Paragraph {n} may be long." for n in range(150))
    report = Report(text=text, findings=[], sentences=[])
    spec = charts.hedge_density_chart(text, report).to_dict()
    rows = [row for rows in _datasets(spec).values() for row in rows]
    assert len({row["paragraph"] for row in rows}) == charts.MAX_PARAGRAPHS
    assert f"Only the first {charts.MAX_PARAGRAPHS} of 150 paragraphs" in spec["description"]


def test_findings_chart_counts_by_kind() -> None:
    spec = charts.findings_chart(SAMPLE_REPORT).to_dict()
    rows = [row for rows in _datasets(spec).values() for row in rows]
    assert {row["kind"]: row["findings"] for row in rows} == {
        "hedge": 2,
        "vague-attribution": 1,
        "attribution": 1,
    }
    assert spec["description"].startswith("Bar chart of 4 findings by kind: 2 hedge")
    empty = charts.findings_chart(SimpleNamespace(findings=[])).to_dict()
    assert "found nothing" in empty["description"]


def test_charts_accept_real_analysis_reports(case: coursekit.Case) -> None:
    report = coursekit.analyze(case.article)
    density = charts.hedge_density_chart(case.article, report).to_dict()
    assert "in each of 14 paragraphs" in density["description"]
    assert charts.findings_chart(report).to_dict()["description"].startswith("Bar chart of")


def test_claim_support_chart(case: coursekit.Case) -> None:
    pytest.importorskip("coursekit.corroboration")
    chart = charts.claim_support_chart(case)
    spec = chart.to_dict()
    assert spec["title"] and "independent" in spec["description"]
    assert "strokeDash" in spec["encoding"]
    rows = [row for rows in _datasets(spec).values() for row in rows]
    assert {row["stance"] for row in rows} == {"supports", "partly", "contradicts"}
    assert {row["claim_id"] for row in rows} == set(case.claims["claim_id"])
    one = charts.claim_support_chart(case, claims=["C14"]).to_dict()
    one_rows = [row for rows in _datasets(one).values() for row in rows]
    assert {row["claim_id"] for row in one_rows} == {"C14"}


def test_claim_support_chart_on_the_corroboration_contract(
    case: coursekit.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chart reads only the agreed columns of coursekit.corroboration's frame."""
    import sys
    import types

    import pandas as pd

    frame = pd.DataFrame(
        {
            "claim_id": ["C5", "C14", "C24"],
            "text": ["in Anchorage, Alaska", "Both ... reportedly supported", "fluid and tense"],
            "claim_type": ["fact", "attribution", "opinion"],
            "verdict": pd.Categorical(["corroborated", "corroborated", "unverifiable"]),
            "supporting": [3, 1, 0],
            "partly": [1, 0, 0],
            "contradicting": [0, 0, 0],
            "context": [2, 0, 0],
            "sources": [["S1", "S2"], ["S9"], []],
            "single_source": [False, True, False],
            "note": ["", "", ""],
        }
    )
    fake = types.ModuleType("coursekit.corroboration")
    fake.corroboration = lambda _case: frame.copy()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "coursekit.corroboration", fake)
    spec = charts.claim_support_chart(case).to_dict()
    rows = [row for rows in _datasets(spec).values() for row in rows]
    counts = {(row["claim_id"], row["stance"]): row["independent"] for row in rows}
    assert counts == {
        ("C5", "supports"): 3,
        ("C5", "partly"): 1,
        ("C5", "contradicts"): 0,
        ("C14", "supports"): 1,
        ("C14", "partly"): 0,
        ("C14", "contradicts"): 0,
        ("C24", "supports"): 0,
        ("C24", "partly"): 0,
        ("C24", "contradicts"): 0,
    }
    assert (
        "1 claim(s) rest on a single independent source: C14; 1 have none." in (spec["description"])
    )
    assert spec["encoding"]["y"]["sort"] == ["C5", "C14", "C24"]
    only = charts.claim_support_chart(case, claims=["C14"]).to_dict()
    assert {row["claim_id"] for rows in _datasets(only).values() for row in rows} == {"C14"}


# --- descriptions say what the chart's own data shows ------------------------------------------


def _data_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for rows in _datasets(spec).values() for row in rows]


@pytest.mark.parametrize(
    "builder, field", [("verdict_chart", "verdict"), ("claim_type_chart", "claim_type")]
)
def test_bar_chart_descriptions_list_the_bars(
    case: coursekit.Case, builder: str, field: str
) -> None:
    spec = getattr(charts, builder)(case).to_dict()
    bars = [row for row in _data_rows(spec) if field in row]
    assert bars
    for row in bars:
        assert f"{row['claims']} {row[field]}" in spec["description"], row
    assert f"{sum(row['claims'] for row in bars)} claims" in spec["description"]


def test_timeline_description_counts_the_plotted_events(case: coursekit.Case) -> None:
    spec = charts.timeline_chart(case).to_dict()
    events = [row for row in _data_rows(spec) if "event_id" in row]
    assert f"Timeline of {len(events)} events" in spec["description"]
    for category in {row["category"] for row in events}:
        count = sum(row["category"] == category for row in events)
        assert f"{count} {category}" in spec["description"], category


def test_claim_support_description_follows_the_bars(case: coursekit.Case) -> None:
    spec = charts.claim_support_chart(case).to_dict()
    bars: dict[str, dict[str, int]] = {}
    for row in _data_rows(spec):
        if "claim_id" in row:
            bars.setdefault(row["claim_id"], {})[row["stance"]] = row["independent"]
    description = spec["description"]
    single = re.search(r"single independent source: ([C\d, ]+);", description)
    listed = single.group(1).split(", ") if single else []
    for claim in listed:  # backed, and nobody contradicts it
        assert bars[claim]["supports"] + bars[claim]["partly"] >= 1, claim
        assert bars[claim]["contradicts"] == 0, claim
    for claim, against in re.findall(r"(C\d+) \((\d+) against\)", description):
        assert claim not in listed
        assert bars[claim]["contradicts"] == int(against), claim
    none = sum(not any(stances.values()) for stances in bars.values())
    assert f"{none} have none" in description


def test_known_on_day_description_counts_the_plotted_events(case: coursekit.Case) -> None:
    spec = charts.known_on_day_chart(case, "2025-08-12").to_dict()
    events = [row for row in _data_rows(spec) if "event_id" in row]
    public = sum(row["status"] == "public by this day" for row in events)
    assert f"{public} of {len(events)} events in the timeline were public" in spec["description"]
