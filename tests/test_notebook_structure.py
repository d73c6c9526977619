"""Every lesson notebook follows the kit's lesson structure.

The checks read the committed notebooks with nbformat; only the chart check runs code
(it builds each chart a lesson uses, from the real case, to see that it is described).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat
import pytest

import coursekit
from coursekit.course import LESSONS, Lesson

ROOT = Path(__file__).resolve().parents[1]
MAX_CODE_LINES = 8
CHECK_TAG = "nbval-check-output"

CHART_CALL = re.compile(r"coursekit\.charts\.(\w+)\(")
WIDGET_CALL = re.compile(r"coursekit\.widgets\.(\w+)\(")
QUIZ_CALL = re.compile(r"""coursekit\.widgets\.quiz\(\s*["']([^"']+)["']""")


def _notebook(lesson: Lesson) -> nbformat.NotebookNode:
    path = ROOT / lesson.notebook
    if not path.exists():
        pytest.fail(f"{lesson.notebook} is missing: every lesson in coursekit.LESSONS needs one.")
    return nbformat.read(path, as_version=4)


def _code(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def _all_code(nb: nbformat.NotebookNode) -> str:
    return "\n".join(_code(nb))


def _quiz_ids() -> set[str]:
    ids: set[str] = set()
    for entry in resources.files("coursekit.quizzes").iterdir():
        if entry.name.endswith(".json") and entry.name[:2].isdigit():  # NN.json, not keys.json
            data = json.loads(entry.read_text(encoding="utf-8"))
            ids |= {question["id"] for question in data["questions"]}
    return ids


LESSON_IDS = [lesson.number for lesson in LESSONS]
BY_NUMBER = {lesson.number: lesson for lesson in LESSONS}
ALL_NOTEBOOKS = sorted([*ROOT.glob("notebooks/**/*.ipynb"), *ROOT.glob("exercises/**/*.ipynb")])


@pytest.mark.parametrize(
    "path",
    [p for p in ALL_NOTEBOOKS if ".ipynb_checkpoints" not in p.parts],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_committed_without_outputs_counts_or_widget_state(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, "clear metadata.widgets (widget state) before committing"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {index} has outputs: clear them before committing"
            assert cell.execution_count is None, f"cell {index} has an execution count"
        assert "widgets" not in cell.get("metadata", {}), f"cell {index} has widget state"


@pytest.mark.parametrize("number", LESSON_IDS)
def test_header_cell(number: str) -> None:
    lesson = BY_NUMBER[number]
    first = _notebook(lesson).cells[0]
    assert first.cell_type == "markdown"
    text = first.source
    assert text.lstrip().startswith("# "), "the first cell starts with the lesson title"
    assert lesson.title.lower() in text.lower()
    for part in ("Learning objectives", "Prerequisites", "Data used"):
        assert part.lower() in text.lower(), f"the header needs a '{part}' part"
    teaching = re.search(r"(\d+)\s*min(?:utes)?\.?\s+(?:of\s+)?teaching", text)
    exercises = re.search(r"(\d+)\s*min(?:utes)?\.?\s+(?:of\s+)?exercises?", text)
    assert teaching and exercises, "say e.g. '35 minutes teaching, 25 minutes exercises'"
    assert int(teaching.group(1)) == lesson.teaching_minutes, "teaching minutes differ from LESSONS"
    assert int(exercises.group(1)) == lesson.exercise_minutes, (
        "exercise minutes differ from LESSONS"
    )


@pytest.mark.parametrize("number", LESSON_IDS)
def test_first_code_cell_sets_up(number: str) -> None:
    first = _code(_notebook(BY_NUMBER[number]))[0]
    assert "import coursekit" in first
    assert "coursekit.setup()" in first
    assert re.search(r"""case\s*=\s*coursekit\.load_case\(["']summit-2025["']\)""", first)


@pytest.mark.parametrize("number", LESSON_IDS)
def test_quizzes(number: str) -> None:
    ids = QUIZ_CALL.findall(_all_code(_notebook(BY_NUMBER[number])))
    assert len(ids) >= (1 if number == "00" else 3), f"lesson {number} needs more quiz cells"
    assert all(qid.startswith(f"{number}.") for qid in ids), ids
    unknown = set(ids) - _quiz_ids()
    assert not unknown, f"no quiz question with id {sorted(unknown)} in coursekit/quizzes"


def _chart_callers(case: coursekit.Case) -> dict[str, Callable[[], Any]]:
    from coursekit import charts

    return {
        "timeline_chart": lambda: charts.timeline_chart(case),
        "verdict_chart": lambda: charts.verdict_chart(case),
        "claim_type_chart": lambda: charts.claim_type_chart(case),
        "claim_support_chart": lambda: charts.claim_support_chart(case),
        "known_on_day_chart": lambda: charts.known_on_day_chart(case, "2025-08-08"),
        "hedge_density_chart": lambda: charts.hedge_density_chart(case.article),
        "findings_chart": lambda: charts.findings_chart(coursekit.analyze(case.article)),
    }


@pytest.fixture(scope="module")
def chart_callers() -> dict[str, Callable[[], Any]]:
    return _chart_callers(coursekit.load_case("summit-2025"))


@pytest.mark.parametrize("number", LESSON_IDS)
def test_described_chart(number: str, chart_callers: dict[str, Callable[[], Any]]) -> None:
    names = set(CHART_CALL.findall(_all_code(_notebook(BY_NUMBER[number]))))
    assert names, f"lesson {number} shows no chart from coursekit.charts"
    for name in sorted(names):
        assert name in chart_callers, f"add a way to build coursekit.charts.{name} to this test"
        spec = chart_callers[name]().to_dict()
        assert spec.get("title"), f"{name} has no title"
        assert len(spec.get("description", "")) > 20, f"{name} has no description (alt text)"


@pytest.mark.parametrize("number", LESSON_IDS)
def test_widget(number: str) -> None:
    names = set(WIDGET_CALL.findall(_all_code(_notebook(BY_NUMBER[number]))))
    if number != "00":  # the start page's only widgets are its quizzes
        names.discard("quiz")
    assert names, f"lesson {number} uses no widget from coursekit.widgets"


@pytest.mark.parametrize("number", LESSON_IDS)
def test_code_cells_are_short_and_define_nothing(number: str) -> None:
    for index, source in enumerate(_code(_notebook(BY_NUMBER[number]))):
        lines = [line for line in source.splitlines() if line.strip()]
        assert len(lines) <= MAX_CODE_LINES, (
            f"code cell {index} has {len(lines)} lines; move the logic into the coursekit package"
        )
        assert not re.search(r"^\s*(def|class)\s", source, re.MULTILINE), (
            f"code cell {index} defines a function or class; it belongs in the package"
        )


@pytest.mark.parametrize("number", LESSON_IDS)
def test_checked_output_cells(number: str) -> None:
    cells = [c for c in _notebook(BY_NUMBER[number]).cells if c.cell_type == "code"]
    checked = [c for c in cells if CHECK_TAG in c.metadata.get("tags", [])]
    assert checked, f"lesson {number} needs a code cell tagged '{CHECK_TAG}'"
    # Learners read the lesson: the test marker lives in the cell's tags, not in its code.
    visible = [c.id for c in cells if "NBVAL" in c.source]
    assert not visible, f"lesson {number}: cells {visible} show an nbval marker in their code"


@pytest.mark.parametrize("number", LESSON_IDS)
def test_ends_with_key_points_and_links(number: str) -> None:
    lesson = BY_NUMBER[number]
    nb = _notebook(lesson)
    tail = [cell for cell in nb.cells[-2:] if cell.cell_type == "markdown"]
    text = "\n".join(cell.source for cell in tail)
    assert re.search(r"^#+\s*Key points", text, re.MULTILINE | re.IGNORECASE)
    position = LESSON_IDS.index(number)
    if position + 1 < len(LESSONS):
        following = LESSONS[position + 1]
        assert f"]({Path(following.notebook).name})" in text, "link to the next lesson"
        assert (ROOT / following.notebook).exists()
    if lesson.worksheet:
        assert f"](../{lesson.worksheet})" in text, "link to the lesson's worksheet"
