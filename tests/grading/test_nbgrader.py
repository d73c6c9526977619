"""End to end with nbgrader: generate the assignment, autograde five submissions, feedback.

Worksheet 03 has four checkable exercises (03.1-03.4, one autograded point each) and a
free-text rewrite (03.5, manually graded). The submissions are written here from the
nbgrader release version: fully correct, partly correct, empty, one whose answer cell
raises, and one that redefines coursekit's checker to always pass (it must earn nothing).
The right answers are read from the solution notebook, never written in this file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from coursekit import bank
from coursekit.checks import FREE_TEXT_KINDS
from coursekit.exercises import solution_answers
from coursekit.grading import FREE_TEXT_POINTS, assignment_name, make_course

if not os.environ.get("CI"):
    pytest.importorskip("nbgrader", reason="nbgrader is in the test and grading extras")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LESSON = "03"
ASSIGNMENT = assignment_name(LESSON)
SOLUTION = ROOT / "exercises" / "solutions" / "03-hedging-solutions.ipynb"
WORKSHEET = ROOT / "exercises" / "03-hedging-exercises.ipynb"
NOTEBOOK = WORKSHEET.name
WORKSHEETS_ALL = sorted((ROOT / "exercises").glob("[0-9][0-9]-*-exercises.ipynb"))
PLACEHOLDER = "answer = ...  # your answer here"

TAMPER = """\
import coursekit, coursekit.checks, coursekit.grading
coursekit.check = lambda *args, **kwargs: "Correct"
coursekit.checks.check = coursekit.check
coursekit.checks.hash_normalised = lambda *args, **kwargs: "same"
coursekit.grading.verify = lambda *args, **kwargs: None
coursekit.grading.grade_answer = lambda i, a: {"id": i, "status": "correct", "message": ""}
open("coursekit.py", "w").write("def check(*a, **k):\\n    return 'Correct'\\n")
"""


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # nbgrader runs `alembic` from PATH; the venv's bin folder has it.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["COURSEKIT_HOME"] = str(course / "home")
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result


def _wrong(exercise_id: str, right: object) -> object:
    """A well-formed answer that is not the right one (from the specification's options)."""
    spec = bank.exercise_spec(exercise_id)
    if spec["kind"] == "choice":
        return next(option for option in spec["options"] if option != right)
    if spec["kind"] == "phrases":
        words = spec["passage"].rstrip(".").split()
        return {words[0]}
    if spec["kind"] == "ids":
        return {next(value for value in spec["allowed"] if value not in right)}
    raise AssertionError(f"no wrong answer made for {exercise_id}")


def _submission(release: nbformat.NotebookNode, answers: dict[str, str], tamper: bool = False):
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("answer-"):
            exercise_id = grade_id.removeprefix("answer-").replace("_", ".")
            if exercise_id in answers:
                assert PLACEHOLDER in cell.source
                cell.source = cell.source.replace(PLACEHOLDER, answers[exercise_id])
    if tamper:
        first_code = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")
        nb.cells[first_code].source += "\n" + TAMPER
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    started = time.perf_counter()
    course = tmp_path_factory.mktemp("course")
    solution = nbformat.read(SOLUTION, as_version=4)
    right = {key: value["answer"] for key, value in solution_answers(solution).items()}
    checkable = [key for key in right if bank.exercise_spec(key)["kind"] not in {"rewrite"}]
    free_text = [key for key in right if key not in checkable]
    assert checkable and free_text, "worksheet 03 must have both kinds of exercise"

    make_course(course, [LESSON], solutions=ROOT / "exercises" / "solutions",
                config=ROOT / "grading" / "nbgrader_config.py")  # fmt: skip
    _nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    release = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)

    correct = {key: f"answer = {value!r}" for key, value in right.items()}
    partly = dict(correct)
    for key in checkable[1::2]:
        partly[key] = f"answer = {_wrong(key, right[key])!r}"
    raises = dict(correct)
    raises[checkable[1]] = "answer = 1 / 0  # ZeroDivisionError"
    tampered = {key: f"answer = {_wrong(key, right[key])!r}" for key in checkable}
    submissions = {
        "correct": _submission(release, correct),
        "partly": _submission(release, partly),
        "empty": _submission(release, {}),
        "raises": _submission(release, raises),
        "tamper": _submission(release, tampered, tamper=True),
    }
    for student, nb in submissions.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / NOTEBOOK)
    _nbgrader(course, "autograde", ASSIGNMENT, "--create", "--force")
    _nbgrader(course, "generate_feedback", ASSIGNMENT, "--force")
    _nbgrader(course, "export", "--to", "grades.csv")

    from nbgrader.api import Gradebook

    scores: dict[str, dict[str, float | None]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in submissions:
            notebook = gradebook.find_submission_notebook(NOTEBOOK[:-6], ASSIGNMENT, student)
            scores[student] = {grade.name: grade.score for grade in notebook.grades}
            scores[student]["total"] = notebook.score
            scores[student]["needs_manual"] = notebook.needs_manual_grade
            scores[student]["manual_cells"] = sorted(
                grade.name for grade in notebook.grades if grade.needs_manual_grade
            )
    elapsed = time.perf_counter() - started
    print(f"nbgrader end to end: {elapsed:.1f} s; scores {scores}")
    return {
        "course": course,
        "scores": scores,
        "checkable": checkable,
        "free_text": free_text,
        "partly_right": checkable[0::2],
        "release": release,
        "elapsed": elapsed,
    }


def _test_id(exercise_id: str) -> str:
    return f"test-{exercise_id.replace('.', '_')}"


def test_release_is_the_worksheet_plus_locked_tests(graded):
    """nbgrader's student version = `coursekit exercises build`'s worksheet + test cells."""
    worksheet = nbformat.read(WORKSHEET, as_version=4)
    release = graded["release"]
    kept = [c for c in release.cells if "coursekit-autograder" not in c.metadata.get("tags", [])]
    assert [(c.cell_type, c.source) for c in kept] == [
        (c.cell_type, c.source) for c in worksheet.cells
    ]
    tests = [c for c in release.cells if "coursekit-autograder" in c.metadata.get("tags", [])]
    assert [c.metadata["nbgrader"]["grade_id"] for c in tests] == [
        _test_id(key) for key in graded["checkable"]
    ]
    assert all(c.metadata["nbgrader"]["locked"] for c in tests)
    assert "BEGIN SOLUTION" not in nbformat.writes(release)


def test_fully_correct_gets_every_autograded_point(graded):
    scores = graded["scores"]["correct"]
    for key in graded["checkable"]:
        assert scores[_test_id(key)] == 1, key
    assert scores["total"] == len(graded["checkable"])
    assert scores["needs_manual"], "the free-text answer goes to manual grading"


def test_partly_correct_gets_the_right_ones_only(graded):
    scores = graded["scores"]["partly"]
    for key in graded["checkable"]:
        expected = 1 if key in graded["partly_right"] else 0
        assert scores[_test_id(key)] == expected, key
    assert scores["total"] == len(graded["partly_right"])


def test_empty_submission_gets_nothing(graded):
    scores = graded["scores"]["empty"]
    assert scores["total"] == 0
    assert all(scores[_test_id(key)] == 0 for key in graded["checkable"])


def test_raising_cell_loses_only_its_exercise(graded):
    scores = graded["scores"]["raises"]
    broken = graded["checkable"][1]
    for key in graded["checkable"]:
        assert scores[_test_id(key)] == (0 if key == broken else 1), key
    assert scores["total"] == len(graded["checkable"]) - 1


def test_redefining_the_checker_earns_nothing(graded):
    scores = graded["scores"]["tamper"]
    assert scores["total"] == 0, scores
    assert all(scores[_test_id(key)] == 0 for key in graded["checkable"])
    # The tampering was active: in the graded notebook the redefined check said "Correct".
    graded_nb = nbformat.read(
        graded["course"] / "autograded" / "tamper" / ASSIGNMENT / NOTEBOOK, as_version=4
    )
    shown = [
        output.get("data", {}).get("text/plain", "")
        for cell in graded_nb.cells
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("answer-")
        for output in cell.get("outputs", [])
    ]
    answer_cells = len(graded["checkable"]) + len(graded["free_text"])
    assert shown == ["'Correct'"] * answer_cells, shown


def test_free_text_is_manually_graded_with_the_rubric_points(graded):
    source = nbformat.read(graded["course"] / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    for key in graded["free_text"]:
        meta = next(
            c.metadata["nbgrader"]
            for c in source.cells
            if c.metadata.get("nbgrader", {}).get("grade_id") == f"answer-{key.replace('.', '_')}"
        )
        assert meta["solution"] and meta["grade"] and meta["points"] == FREE_TEXT_POINTS
        assert f"answer-{key.replace('.', '_')}" in graded["scores"]["correct"]["manual_cells"]


def test_feedback_names_the_exercises(graded):
    course = graded["course"]
    correct = (course / "feedback" / "correct" / ASSIGNMENT / NOTEBOOK).with_suffix(".html")
    partly = (course / "feedback" / "partly" / ASSIGNMENT / NOTEBOOK).with_suffix(".html")
    tamper = (course / "feedback" / "tamper" / ASSIGNMENT / NOTEBOOK).with_suffix(".html")
    for page in (correct, partly, tamper):
        assert page.exists(), page
    text = partly.read_text(encoding="utf-8")
    for key in graded["checkable"]:
        assert f"{key}: correct" in text or f"{key}: " in text, key
    wrong = [key for key in graded["checkable"] if key not in graded["partly_right"]]
    for key in wrong:
        assert "AssertionError" in text and f"{key}: " in text
    assert f"{graded['checkable'][0]}: correct" in correct.read_text(encoding="utf-8")
    assert "AssertionError" not in correct.read_text(encoding="utf-8")


def test_takes_under_a_few_minutes(graded):
    assert graded["elapsed"] < 240, graded["elapsed"]
    shutil.rmtree(graded["course"] / "home", ignore_errors=True)


def test_export_gives_a_csv_for_the_course_platform(graded):
    grades = pd.read_csv(graded["course"] / "grades.csv", dtype={"student_id": str})
    assert {"assignment", "student_id", "score", "max_score"} <= set(grades.columns)
    by_student = grades.set_index("student_id")
    for student, scores in graded["scores"].items():
        assert by_student.loc[student, "assignment"] == ASSIGNMENT
        assert by_student.loc[student, "score"] == scores["total"]
    # max_score: one point per checkable exercise plus the free-text points.
    expected = len(graded["checkable"]) + FREE_TEXT_POINTS * len(graded["free_text"])
    assert (grades["max_score"] == expected).all()


def test_every_lesson_releases_its_worksheet_plus_tests(tmp_path, monkeypatch):
    """All five worksheets: nbgrader's student version (with the shipped config) is the
    worksheet of `coursekit exercises build` plus one test cell per checkable exercise."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    written = make_course(tmp_path, solutions=ROOT / "exercises" / "solutions",
                          config=ROOT / "grading" / "nbgrader_config.py")  # fmt: skip
    config = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path)).load_config()
    config.CourseDirectory.root = str(tmp_path)
    api = NbGraderAPI(config=config)
    specs = bank.load_specs()
    assert len(written) == len(WORKSHEETS_ALL)
    for source in written:
        assignment = source.parent.name
        assert api.generate_assignment(assignment, force=True)["success"], assignment
        release = nbformat.read(tmp_path / "release" / assignment / source.name, as_version=4)
        worksheet = nbformat.read(ROOT / "exercises" / source.name, as_version=4)
        tagged = "coursekit-autograder"
        kept = [c for c in release.cells if tagged not in c.metadata.get("tags", [])]
        assert [(c.cell_type, c.source) for c in kept] == [
            (c.cell_type, c.source) for c in worksheet.cells
        ], assignment
        lesson = assignment.removeprefix("exercises-")
        ids = [key for key, spec in specs.items() if spec["lesson"] == lesson]
        tests = [
            c.metadata["nbgrader"]["grade_id"]
            for c in release.cells
            if tagged in c.metadata.get("tags", [])
        ]
        manual = [
            c.metadata["nbgrader"]["grade_id"]
            for c in release.cells
            if c.metadata.get("nbgrader", {}).get("grade")
            and c.metadata["nbgrader"].get("solution")
        ]
        free = [key for key in ids if specs[key]["kind"] in FREE_TEXT_KINDS]
        assert tests == [_test_id(key) for key in ids if key not in free], assignment
        assert manual == [f"answer-{key.replace('.', '_')}" for key in free], assignment
