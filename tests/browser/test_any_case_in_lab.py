"""The lesson tools on a second case, in JupyterLab in Chromium: its own dates and defaults.

A scratch notebook (written by the test into the server's temporary root, never
committed) loads the fictional fixture case ``tests/fixtures/cases/flood-2019`` (a flood
in March 2019, with no ``coursekit`` settings block) with ``coursekit.load_case(path)``
and shows the timeline chart, the claim explorer and the known-on-day explorer. The
tests then look at the page as a learner would: everything renders without an error,
the chart's axis, tick labels and text alternative name the fixture's own year and days,
the claim explorer opens on the fixture's first claim, and the day slider, moved with
the keyboard, runs from the fixture's first event to its last.

Expected values are read from the fixture's CSV files with the standard library, never
computed by coursekit.
"""

from __future__ import annotations

import csv
import datetime
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from labdriver import LabServer, NetworkGuard, NotebookRun, write_scratch_notebook

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "cases" / "flood-2019"
FOLDER = "browser-checks"
NOTEBOOK = f"{FOLDER}/any-case.ipynb"
#: The element that carries a chart's accessible name (Vega: named by its description).
CHART_NAME = '.vega-embed[role="graphics-document"], .vega-embed [role="graphics-document"]'


def _rows(name: str) -> list[dict[str, str]]:
    with open(FIXTURE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


EVENTS = _rows("events.csv")
CLAIMS = _rows("claims.csv")
DAYS = sorted(datetime.date.fromisoformat(row["date"]) for row in EVENTS)
FIRST_DAY, LAST_DAY = DAYS[0], DAYS[-1]
#: Every day of the window, first event to last (the case declares no window).
WINDOW = [FIRST_DAY + datetime.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
YEAR = str(FIRST_DAY.year)


def _text(locator: Any) -> str:
    # textContent, not innerText: JupyterLab skips rendering off-screen cells.
    return " ".join((locator.text_content() or "").split())


def _long_day(day: datetime.date) -> str:
    """ "12 March": how the chart's text alternative names a day."""
    return f"{day.day} {day:%B}"


def _notebook(path: Path, case_folder: Path) -> None:
    write_scratch_notebook(
        path,
        [
            "import coursekit\ncoursekit.setup()\n"
            f"case = coursekit.load_case({str(case_folder)!r})",
            "coursekit.charts.timeline_chart(case)",
            "coursekit.widgets.claim_explorer(case)",
            "coursekit.widgets.known_on_day(case)",
        ],
    )


@pytest.fixture(scope="module")
def case_page(
    lab_context: Any, lab_server: LabServer, network_guard: NetworkGuard
) -> Iterator[tuple[NotebookRun, list[str]]]:
    """The scratch notebook, run once; the problems a learner would see while it ran."""
    case_folder = lab_server.root / FOLDER / FIXTURE.name
    if not case_folder.exists():
        shutil.copytree(FIXTURE, case_folder)
    _notebook(lab_server.root / NOTEBOOK, case_folder)
    run = NotebookRun(lab_context, lab_server, NOTEBOOK, workspace="any-case")
    try:
        yield run, run.open_and_run(network_guard)
    finally:
        run.close()


def _cell(run: NotebookRun, index: int) -> Any:
    """The code cell at ``index`` (0: load the case, 1: timeline, 2: explorer, 3: days)."""
    return run.page.locator(f'[id="{run.panel_id}"] .jp-CodeCell').nth(index)


def test_the_case_notebook_runs_clean(case_page: tuple[NotebookRun, list[str]]) -> None:
    run, problems = case_page
    assert not problems, "the fixture-case notebook in the browser:\n- " + "\n- ".join(problems)
    dom = run.dom()
    # The timeline, the explorer's chart and the day explorer's chart all drew.
    assert dom["charts"] >= 3 and dom["chartsDrawn"] == dom["charts"], dom["charts"]
    assert dom["widgetOutputs"] >= 2 and dom["widgetsRendered"] == dom["widgetOutputs"]
    assert "2025" not in dom["bodyText"], "a summit date shows on a case from 2019"


def test_timeline_axis_and_text_name_the_case_year_and_days(
    case_page: tuple[NotebookRun, list[str]],
) -> None:
    run, _ = case_page
    chart = _cell(run, 1).locator(".vega-embed").first
    chart.locator("svg").first.wait_for(timeout=15_000)
    labels = [" ".join((t or "").split()) for t in chart.locator("svg text").all_text_contents()]
    assert f"Date ({YEAR})" in labels, labels
    # The date axis runs over the case's days: "10 Mar" ... "18 Mar" (format "%d %b").
    ticks = {label for label in labels if re.fullmatch(r"\d\d [A-Z][a-z]{2}", label)}
    window = {f"{day:%d %b}" for day in WINDOW}
    assert ticks and ticks <= window, f"tick labels {sorted(ticks)} outside the case's days"
    assert {f"{FIRST_DAY:%d %b}", f"{LAST_DAY:%d %b}"} <= ticks, sorted(ticks)
    # The chart's text alternative (its accessible name) gives the case's span and year.
    name = _cell(run, 1).locator(CHART_NAME).first.get_attribute("aria-label") or ""
    assert f"from {_long_day(FIRST_DAY)} to {_long_day(LAST_DAY)} {YEAR}" in name, name
    assert f"Timeline of {len(EVENTS)} events" in name, name
    # Each event's mark is named by its id and its own day.
    marks = [
        " ".join(label.split())
        for label in chart.locator("svg [aria-label]").evaluate_all(
            "els => els.map(el => el.getAttribute('aria-label'))"
        )
    ]
    for row in EVENTS:
        day = _long_day(datetime.date.fromisoformat(row["date"]))
        assert any(m.startswith(f"{row['event_id']}, {day}") for m in marks), (row, marks[:8])


def test_claim_explorer_opens_on_the_case_first_claim(
    case_page: tuple[NotebookRun, list[str]],
) -> None:
    run, _ = case_page
    explorer = _cell(run, 2).locator(".ck-claim-explorer").first
    select = explorer.locator("select").first
    values = [o.get_attribute("value") or "" for o in select.locator("option").all()]
    assert [v.split(":", 1)[0] for v in values] == [row["claim_id"] for row in CLAIMS]
    first = CLAIMS[0]
    assert select.input_value().split(":", 1)[0] == first["claim_id"]
    assert _text(explorer.locator(".ck-claim-text").first) == " ".join(first["text"].split())
    assert first["verdict"] in _text(explorer.locator(".ck-claim-facts").first)


def test_day_slider_runs_over_the_case_window(case_page: tuple[NotebookRun, list[str]]) -> None:
    run, _ = case_page
    tool = _cell(run, 3).locator(".ck-known-on-day").first
    tool.scroll_into_view_if_needed()
    handle = tool.locator("[role='slider']").first
    readout = tool.locator(".widget-readout").first

    def label(day: datetime.date) -> str:  # the slider's readout, "Sun 10 Mar"
        return f"{day:%a} {day.day} {day:%b}"

    # It opens on the day of the case's first event (no default day is declared).
    assert _text(readout) == label(FIRST_DAY)
    assert f"On {FIRST_DAY:%A} {FIRST_DAY.day} {FIRST_DAY:%B} {YEAR}" in _text(tool)
    seen = [_text(readout)]
    handle.focus()
    for _ in range(len(WINDOW) + 2):  # past the end: the slider stops at its last day
        handle.press("ArrowRight")
        run.page.wait_for_timeout(150)
        if _text(readout) != seen[-1]:
            seen.append(_text(readout))
    assert seen == [label(day) for day in WINDOW]
    heading = f"On {LAST_DAY:%A} {LAST_DAY.day} {LAST_DAY:%B} {YEAR}"
    run.page.wait_for_function(
        "([el, text]) => el.textContent.replace(/\\s+/g, ' ').includes(text)",
        arg=[tool.element_handle(), heading],
        timeout=10_000,
    )
    assert f"Public by this day: {len(EVENTS)} of {len(EVENTS)} events" in _text(tool)
    for _ in range(len(WINDOW) + 2):
        handle.press("ArrowLeft")
    run.page.wait_for_function(
        "([el, text]) => el.textContent.trim() === text",
        arg=[readout.element_handle(), label(FIRST_DAY)],
        timeout=10_000,
    )
