"""Every public function that takes a case runs on a second, unrelated case.

The functions are found by inspecting the package (every name in a public module's
``__all__`` whose first parameter is ``case``, plus the widgets), so a tool added later
is covered without editing this file; a new parameter this file cannot fill fails with
a message that says where to add it. Each output is then read as text and must not
mention the summit case: its year, places, people or ids would mean a default, a title
or a description was written for the summit instead of read from the case.
"""

from __future__ import annotations

import csv
import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest

import coursekit
import coursekit.display
from coursekit.cases import Case, load_case

FLOOD = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "flood-2019"

# Words that belong to the summit case only: none may appear in what a tool says about
# the flood (checked case-insensitively, as whole words).
SUMMIT_WORDS = ("2025", "Anchorage", "Alaska", "summit", "Putin", "Trump", "Kremlin", "C14")


def _rows(name: str) -> list[dict[str, str]]:
    with (FLOOD / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _case_tools() -> Iterator[tuple[str, Callable[..., Any]]]:
    for info in pkgutil.walk_packages(coursekit.__path__, "coursekit."):
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            tool = getattr(module, name, None)
            if not callable(tool) or inspect.isclass(tool):
                continue
            where = f"{info.name}.{name}"
            if getattr(tool, "__module__", "").startswith(info.name) is False:
                continue  # re-exported: tested where it is defined
            params = list(inspect.signature(tool).parameters)
            if params and params[0] in ("case", "case_or_sources"):
                yield where, tool


CASE_TOOLS = dict(_case_tools())


@pytest.fixture(scope="module")
def flood() -> Case:
    return load_case(FLOOD)


@pytest.fixture(autouse=True)
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coursekit.display, "_active", "jupyter")


def _arguments(case: Case, tool: Callable[..., Any], where: str) -> dict[str, Any]:
    """Values for the tool's required parameters, read from the fixture's files."""
    events, claims, sources = _rows("events.csv"), _rows("claims.csv"), _rows("sources.csv")
    known: dict[str, Any] = {
        "day": events[-1]["date"],
        "claim_id": claims[0]["claim_id"],
        "source_ids": [sources[0]["source_id"]],
        "query": sources[0]["title"].split()[0],
        "spellings": [events[0]["place"]],
        "table": "claims",
        "column": "verdict",
    }
    first = next(iter(inspect.signature(tool).parameters))
    values: dict[str, Any] = {first: case}
    for name, parameter in list(inspect.signature(tool).parameters.items())[1:]:
        if parameter.default is not inspect.Parameter.empty or parameter.kind in (
            parameter.VAR_POSITIONAL,
            parameter.VAR_KEYWORD,
        ):
            continue
        if name not in known:
            pytest.fail(
                f"{where} needs a parameter {name!r} this test cannot fill: add a value read "
                f"from the fixture to `known` in {Path(__file__).name}."
            )
        values[name] = known[name]
    return values


def _as_text(result: Any) -> str:
    """What the tool shows a learner, as text."""
    if isinstance(result, pd.DataFrame):
        return result.to_csv(index=False)
    if isinstance(result, alt.TopLevelMixin):  # any Altair chart, layered or not
        return json.dumps(result.to_dict(), default=str)
    if hasattr(result, "to_dict") and hasattr(result, "findings"):  # an analyser report
        return json.dumps(result.to_dict(), default=str)
    if hasattr(result, "children"):  # a widget: the text it shows
        return " ".join(
            str(child.value)
            for child in _descendants(result)
            if isinstance(getattr(child, "value", None), str)
        )
    return str(result)


def _has_word(text: str, word: str) -> bool:
    import re

    return re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) is not None


def test_the_discovery_finds_the_tools_the_lessons_use() -> None:
    # A guard on the discovery itself: if it found nothing, every test below would pass.
    for expected in (
        "coursekit.charts.timeline_chart",
        "coursekit.corroboration.corroboration",
        "coursekit.timeline.known_on",
        "coursekit.finder.find_sources",
        "coursekit.lateral.about_the_article",
    ):
        assert expected in CASE_TOOLS


@pytest.mark.parametrize("where", sorted(CASE_TOOLS))
def test_every_case_tool_runs_on_the_flood_and_says_nothing_of_the_summit(
    flood: Case, where: str
) -> None:
    tool = CASE_TOOLS[where]
    result = tool(**_arguments(flood, tool, where))
    assert result is not None
    if isinstance(result, pd.DataFrame):
        assert not result.empty, f"{where} returned an empty table for the flood case"
    text = _as_text(result)
    leaked = [word for word in SUMMIT_WORDS if _has_word(text, word)]
    assert not leaked, f"{where} mentions the summit case on the flood case: {leaked}"


@pytest.mark.parametrize("name", ["claim_explorer", "known_on_day", "analyzer", "highlighter"])
def test_every_widget_opens_on_the_flood_and_says_nothing_of_the_summit(
    flood: Case, name: str
) -> None:
    widget = getattr(coursekit.widgets, name)(case=flood)
    shown = " ".join(
        str(getattr(child, "value", ""))
        for child in _descendants(widget)
        if isinstance(getattr(child, "value", None), str)
    )
    if name != "analyzer":  # the analyser opens empty: the learner pastes a text
        assert shown.strip(), f"widgets.{name} shows no text on the flood case"
    leaked = [word for word in SUMMIT_WORDS if _has_word(shown, word)]
    assert not leaked, f"widgets.{name} mentions the summit case on the flood case: {leaked}"


def _descendants(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _descendants(child)


def test_the_analyser_reads_the_flood_with_its_own_case(flood: Case) -> None:
    report = coursekit.analyze(flood.article, case=flood)
    text = _as_text(report)
    assert report.findings
    leaked = [word for word in SUMMIT_WORDS if _has_word(text, word)]
    assert not leaked, leaked
