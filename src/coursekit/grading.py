"""Graded submissions with nbgrader: the course layout and the autograder's checks.

The solution notebooks (``exercises/solutions/NN-*-solutions.ipynb``) mark answers with
nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION``. :func:`make_course` turns them
into an nbgrader course directory::

    COURSE/nbgrader_config.py            (a copy of grading/nbgrader_config.py)
    COURSE/source/exercises-NN/NN-slug-exercises.ipynb

with nbgrader cell metadata added by :func:`nbgrader_source`:

* every cell with an answer region (``answer = ...`` then ``coursekit.check("NN.k",
  answer)``) is an nbgrader *solution* cell; nbgrader's ``ClearSolutions`` replaces the
  region with ``answer = ...  # your answer here`` (set in the config), as
  ``coursekit exercises build`` does;
* after each checkable exercise comes a locked, autograded *test* cell (1 point),
  :data:`TEST_CELL`;
* a free-text exercise (``verdict``, ``rewrite``) is a *manually graded answer* cell
  worth :data:`FREE_TEXT_POINTS` points (the general rubric's 5 rows x 0-2);
* other solution regions (worked code, the instructor note) are replaced by what the
  worksheet shows, and ``instructor-only`` cells are dropped, so ``nbgrader
  generate_assignment`` gives the worksheet of ``coursekit exercises build`` plus the
  test cells (a test checks that they do not diverge).

:data:`TEST_CELL` does not trust the student's kernel: it sends ``repr(answer)`` to a
fresh Python process started in isolated mode (``python -I -m coursekit.grading ID``),
which imports coursekit from the installed package and compares the answer's hash with
the key there (:func:`grade_answer`). Redefining ``coursekit.check``, patching
``coursekit.checks`` or ``coursekit.grading``, or putting a ``coursekit.py`` next to the
notebook changes nothing. A student who rewrites the
interpreter inside the notebook (``subprocess``, ``builtins``) could still fool any
test that runs in the same kernel; nbgrader's locked test cells and checksums keep the
tests themselves unchanged, and the instructor sees every submission's code.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import nbformat

from coursekit.checks import FREE_TEXT_KINDS
from coursekit.exercises import (
    INSTRUCTOR_TAG,
    SOLUTION_BEGIN,
    SOLUTION_END,
    strip_solutions,
    worksheet_name,
)

__all__ = [
    "CONFIG_NAME",
    "FREE_TEXT_POINTS",
    "TEST_CELL",
    "GradingError",
    "assignment_name",
    "grade_answer",
    "make_course",
    "nbgrader_source",
    "verify",
]

#: Points of a manually graded free-text answer (the general rubric: 5 rows, 0-2 each).
FREE_TEXT_POINTS = 10
#: The nbgrader configuration shipped in the repository's ``grading/`` folder.
CONFIG_NAME = "nbgrader_config.py"

_CHECK = re.compile(r"""coursekit\.check\(\s*["'](?P<id>\d\d\.\d+)["']\s*,\s*answer\s*\)""")
_ANSWER_REGION = re.compile(
    rf"{re.escape(SOLUTION_BEGIN)}\s*\n(?P<body>.*?){re.escape(SOLUTION_END)}", re.S
)

#: The test cell after a checkable exercise. It trusts nothing in the student's kernel
#: that belongs to coursekit: the answer's ``repr`` goes to a new Python process in isolated
#: mode (``-I``: no current folder, no user site on ``sys.path``), which imports coursekit
#: from the installed package and runs :func:`coursekit.check` there.
TEST_CELL = """\
# Autograder test for exercise {id} (locked). Your answer is checked in a new Python process
# that imports coursekit afresh: nothing defined in this notebook changes the result.
import json, subprocess, sys
_run = subprocess.run([sys.executable, "-I", "-m", "coursekit.grading", "{id}"],
                      input=repr(answer), capture_output=True, text=True, timeout=120)
_result = json.loads((_run.stdout.strip().splitlines() or ["{{}}"])[-1])
assert _result.get("id") == "{id}", "{id}: the checker did not run: " + _run.stderr[-300:]
assert _result.get("status") == "correct", "{id}: " + _result.get("message", "")
print("{id}: correct")"""


class GradingError(ValueError):
    """A solution notebook or answer the grading tools cannot handle; says how to fix it."""


def assignment_name(lesson: str) -> str:
    """The nbgrader assignment id for a lesson's worksheet, e.g. ``"exercises-03"``."""
    return f"exercises-{lesson}"


def _nbgrader(grade_id: str, *, solution: bool, grade: bool, locked: bool, points: int = 0) -> dict:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return meta


def nbgrader_source(
    solution: nbformat.NotebookNode, specs: Mapping[str, Mapping[str, Any]], name: str = ""
) -> nbformat.NotebookNode:
    """Return an nbgrader *source* notebook made from a coursekit solution notebook.

    Parameters
    ----------
    solution
        A solution notebook (read with nbformat; not changed).
    specs
        The exercise specifications by id (:func:`coursekit.bank.load_specs`).
    name
        The notebook's file name, for error messages.

    Returns
    -------
    nbformat.NotebookNode
        Cells with ``metadata.nbgrader`` as described in the module docstring.

    Raises
    ------
    GradingError
        If an exercise's check names an id without a specification.
    """
    nb = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(nb.cells):
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        where = f"{name}, cell {index + 1}"
        cell.metadata.pop("nbgrader", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        check = _CHECK.search(cell.source) if cell.cell_type == "code" else None
        if check is None or SOLUTION_BEGIN not in cell.source:
            cell.source = strip_solutions(cell.source, cell.cell_type, where)
            cells.append(cell)
            continue
        exercise_id = check.group("id")
        if exercise_id not in specs:
            raise GradingError(
                f"{where}: coursekit.check({exercise_id!r}, ...) has no specification in "
                "coursekit/answers/exercises.json; add one or fix the id."
            )
        if specs[exercise_id]["kind"] in FREE_TEXT_KINDS:
            cell.metadata["nbgrader"] = _nbgrader(
                f"answer-{exercise_id.replace('.', '_')}",
                solution=True,
                grade=True,
                locked=False,
                points=FREE_TEXT_POINTS,
            )
            cells.append(cell)
            continue
        cell.metadata["nbgrader"] = _nbgrader(
            f"answer-{exercise_id.replace('.', '_')}", solution=True, grade=False, locked=False
        )
        cells.append(cell)
        test = nbformat.v4.new_code_cell(TEST_CELL.format(id=exercise_id))
        test.id = f"test-{exercise_id.replace('.', '-')}"
        test.metadata["nbgrader"] = _nbgrader(
            f"test-{exercise_id.replace('.', '_')}",
            solution=False,
            grade=True,
            locked=True,
            points=1,
        )
        test.metadata["tags"] = ["coursekit-autograder"]
        cells.append(test)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    nb.metadata["coursekit"] = {
        "generated_from": f"solutions/{name}" if name else "a solution notebook",
        "note": "nbgrader source made by coursekit.grading.make_course; edit the solution "
        "notebook instead.",
    }
    return nb


def make_course(
    course: Path,
    lessons: Iterable[str] | None = None,
    *,
    solutions: Path = Path("exercises/solutions"),
    config: Path = Path("grading") / CONFIG_NAME,
) -> list[Path]:
    """Write an nbgrader course directory from the solution notebooks.

    Parameters
    ----------
    course
        The course directory (created). Its ``source/`` folder is rewritten for the
        chosen lessons; ``submitted/``, ``autograded/`` and the gradebook are left alone.
    lessons
        Lesson numbers such as ``["03"]`` (default: every solution notebook).
    solutions
        The folder of solution notebooks.
    config
        The nbgrader configuration copied to ``course/nbgrader_config.py``.

    Returns
    -------
    list of Path
        The source notebooks written.
    """
    from coursekit.bank import load_specs

    course = Path(course)
    solutions = Path(solutions)
    if not solutions.is_dir():
        raise GradingError(
            f"{solutions} is not a folder of solution notebooks; run from the repository "
            "root or pass solutions=."
        )
    wanted = set(lessons) if lessons is not None else None
    specs = load_specs()
    course.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(config, course / CONFIG_NAME)
    written = []
    for path in sorted(solutions.glob("[0-9][0-9]-*-solutions.ipynb")):
        lesson = path.name[:2]
        if wanted is not None and lesson not in wanted:
            continue
        source = nbgrader_source(nbformat.read(path, as_version=4), specs, path.name)
        folder = course / "source" / assignment_name(lesson)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / worksheet_name(path.name)
        nbformat.write(source, target)
        written.append(target)
    if wanted is not None and len(written) != len(wanted):
        found = {path.parent.name.removeprefix("exercises-") for path in written}
        raise GradingError(
            f"No solution notebook for lesson(s) {', '.join(sorted(wanted - found))} in "
            f"{solutions}."
        )
    return written


# --------------------------------------------------------------------------- verify


def grade_answer(exercise_id: str, answer_repr: str) -> dict[str, str]:
    """Check one answer given as its ``repr``; the autograder's child process calls this.

    Parameters
    ----------
    exercise_id
        The exercise, e.g. ``"03.1"``.
    answer_repr
        ``repr(answer)`` from the student's notebook; read with :func:`ast.literal_eval`,
        never executed.

    Returns
    -------
    dict
        ``id``, ``status`` (``"correct"``, ``"not-yet"``, ``"invalid"``) and ``message``
        (the check's feedback, which never contains the right answer). Nothing is written
        to a progress file.
    """
    from coursekit import checks

    if answer_repr.strip() in {"Ellipsis", "None", ""}:
        return {"id": exercise_id, "status": "not-yet", "message": "not answered (answer = ...)."}
    try:
        answer = ast.literal_eval(answer_repr)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return {
            "id": exercise_id,
            "status": "invalid",
            "message": "the answer must be text, a number, or a set or list of them.",
        }
    checks._save = lambda *args, **kwargs: ""  # grading writes no progress file
    feedback = checks.check(exercise_id, answer)
    return {"id": exercise_id, "status": feedback.status, "message": feedback.message}


def verify(exercise_id: str, answer: Any) -> None:
    """Check one answer in a fresh Python process, as the autograder's test cells do.

    Parameters
    ----------
    exercise_id
        The exercise, e.g. ``"03.1"``.
    answer
        The answer (a Python literal, as every checkable exercise asks).

    Raises
    ------
    AssertionError
        With the check's feedback (never the right answer) when the answer is not right.
    """
    run = subprocess.run(
        [sys.executable, "-I", "-m", "coursekit.grading", exercise_id],
        input=repr(answer),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = run.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines else {}
    if result.get("id") != exercise_id:
        raise AssertionError(f"{exercise_id}: the checker did not run: {run.stderr[-300:]}")
    if result.get("status") != "correct":
        raise AssertionError(f"{exercise_id}: {result.get('message', '')}")


def _main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -I -m coursekit.grading EXERCISE_ID < answer-repr", file=sys.stderr)
        return 2
    print(json.dumps(grade_answer(argv[0], sys.stdin.read())))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
