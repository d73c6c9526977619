"""coursekit.grading without nbgrader: the source notebooks' metadata and the isolated check."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit import bank
from coursekit.checks import FREE_TEXT_KINDS
from coursekit.exercises import solution_answers
from coursekit.grading import (
    FREE_TEXT_POINTS,
    TEST_CELL,
    GradingError,
    grade_answer,
    nbgrader_source,
)

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "exercises" / "solutions").glob("[0-9][0-9]-*-solutions.ipynb"))


def _right(exercise_id: str):
    lesson = exercise_id[:2]
    path = next(p for p in SOLUTIONS if p.name.startswith(lesson))
    return solution_answers(nbformat.read(path, as_version=4))[exercise_id]["answer"]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name[:2])
def test_source_notebook_marks_every_exercise(path):
    specs = bank.load_specs()
    source = nbgrader_source(nbformat.read(path, as_version=4), specs, path.name)
    lesson = path.name[:2]
    meta = [c.metadata["nbgrader"] for c in source.cells if "nbgrader" in c.metadata]
    grade_ids = [m["grade_id"] for m in meta]
    assert len(grade_ids) == len(set(grade_ids))
    for key, spec in specs.items():
        if spec["lesson"] != lesson:
            continue
        name = key.replace(".", "_")
        answer = next(m for m in meta if m["grade_id"] == f"answer-{name}")
        assert answer["solution"]
        if spec["kind"] in FREE_TEXT_KINDS:
            assert answer["grade"] and answer["points"] == FREE_TEXT_POINTS
            assert f"test-{name}" not in grade_ids
        else:
            assert not answer["grade"]
            test = next(m for m in meta if m["grade_id"] == f"test-{name}")
            assert test["grade"] and test["locked"] and test["points"] == 1
    for cell in source.cells:
        if "nbgrader" not in cell.metadata:
            assert "BEGIN SOLUTION" not in cell.source  # only answer cells keep a region
        assert "instructor-only" not in cell.metadata.get("tags", [])


def test_unknown_exercise_id_is_named():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            '### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION\ncoursekit.check("99.9", answer)'
        )
    ]
    with pytest.raises(GradingError, match=r"99\.9.*exercises\.json"):
        nbgrader_source(nb, bank.load_specs(), "x.ipynb")


def test_grade_answer_right_wrong_empty_and_code(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path / "home"))
    right = _right("01.3")
    assert grade_answer("01.3", repr(right))["status"] == "correct"
    wrong = grade_answer("01.3", repr({"C3"}))
    assert wrong["status"] == "not-yet" and "C24" not in wrong["message"]
    assert grade_answer("01.3", "Ellipsis")["status"] == "not-yet"
    marker = tmp_path / "ran"
    code = grade_answer("01.3", f"open({str(marker)!r}, 'w')")
    assert code["status"] == "invalid" and not marker.exists()
    # Grading writes no learner progress.
    assert not (tmp_path / "home" / "progress.json").exists()


def test_isolated_checker_ignores_a_fake_coursekit_next_to_the_notebook(tmp_path):
    (tmp_path / "coursekit.py").write_text("raise SystemExit('fake coursekit imported')\n")
    right = _right("04.1")
    wrong = {next(v for v in bank.exercise_spec("04.1")["allowed"] if v not in right)}
    for answer, status in ((right, "correct"), (wrong, "not-yet")):
        run = subprocess.run(
            [sys.executable, "-I", "-m", "coursekit.grading", "04.1"],
            input=repr(answer),
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["status"] == status


def test_test_cell_reads_only_the_answer_and_runs_the_isolated_checker():
    cell = TEST_CELL.format(id="03.1")
    assert '"-I", "-m", "coursekit.grading", "03.1"' in cell
    assert "repr(answer)" in cell
    assert "coursekit.check" not in cell  # the student's namespace is not trusted
    compile(cell, "<test cell>", "exec")


def test_guide_grading_section_agrees_with_the_code():
    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    section = guide.split("## Grading with nbgrader")[1].split("\n## ")[0]
    listed = re.search(r"each free-text answer \(([^)]*)\)", " ".join(section.split())).group(1)
    free_text = [key for key, spec in bank.load_specs().items() if spec["kind"] in FREE_TEXT_KINDS]
    assert re.findall(r"\d\d\.\d+", listed) == free_text
    assert f"worth {FREE_TEXT_POINTS} points" in " ".join(section.split())
    assert "worth 1 point" in " ".join(section.split())
