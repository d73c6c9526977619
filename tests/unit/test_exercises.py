"""The worksheet builder: regions, literal answers, reproducible worksheets and keys, the CLI."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from coursekit import exercises
from coursekit.cli import main
from coursekit.course import LESSONS
from coursekit.exercises import BuildError, solution_answers, strip_solutions, student_notebook

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "exercises" / "solutions"
KEYS = ROOT / "src" / "coursekit" / "answers" / "keys.json"
SPECS = ROOT / "src" / "coursekit" / "answers" / "exercises.json"


def test_code_region_becomes_the_placeholder_with_its_indent() -> None:
    source = (
        'x = 1\n    ### BEGIN SOLUTION\n    answer = {"C5"}\n    ### END SOLUTION\n'
        'check("04.1", answer)'
    )
    assert strip_solutions(source) == (
        'x = 1\n    answer = ...  # your answer here\ncheck("04.1", answer)'
    )
    other = "### BEGIN SOLUTION\nprint(42)\n### END SOLUTION"
    assert strip_solutions(other) == "# your code here"


def test_markdown_region_is_removed() -> None:
    source = "# Title\n\n### BEGIN SOLUTION\nInstructor note.\n### END SOLUTION\n\nText."
    assert strip_solutions(source, "markdown") == "# Title\n\nText."


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("a\n### BEGIN SOLUTION\nb", "cell, line 2: ### BEGIN SOLUTION is never closed."),
        ("### END SOLUTION", "cell, line 1: ### END SOLUTION without ### BEGIN SOLUTION."),
        (
            "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
            "cell, line 2: a second ### BEGIN SOLUTION before ### END SOLUTION.",
        ),
    ],
)
def test_unbalanced_markers_say_where(source: str, message: str) -> None:
    with pytest.raises(BuildError) as info:
        strip_solutions(source)
    assert str(info.value).startswith(message)


def _solution(*cells: str) -> nbformat.NotebookNode:
    return new_notebook(cells=[new_code_cell(c) for c in cells])


def test_solution_answers_are_read_as_literals() -> None:
    nb = _solution(
        '### BEGIN SOLUTION\nanswer = {"C5", "C27"}\nalso_accept = [{"C27", "C37"}]\n'
        '### END SOLUTION\ncoursekit.check("04.1", answer)',
        '### BEGIN SOLUTION\nanswer = "2025-08-09"\n### END SOLUTION\ncheck("04.6", answer)',
        "coursekit.check('04.2', ...)",  # no region: not a solution
    )
    assert solution_answers(nb, "x.ipynb") == {
        "04.1": {"answer": {"C5", "C27"}, "also_accept": [{"C27", "C37"}]},
        "04.6": {"answer": "2025-08-09", "also_accept": []},
    }


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            '### BEGIN SOLUTION\nanswer = open("x").read()\n### END SOLUTION\n'
            'check("01.1", answer)',
            "x.ipynb, cell 1 (exercise 01.1): `answer = ...` must be a literal",
        ),
        (
            '### BEGIN SOLUTION\nprint(1)\n### END SOLUTION\ncheck("01.1", answer)',
            "x.ipynb, cell 1 (exercise 01.1): the solution region must assign `answer = ...`.",
        ),
        (
            '### BEGIN SOLUTION\nanswer = (\n### END SOLUTION\ncheck("01.1", answer)',
            "x.ipynb, cell 1 (exercise 01.1): the solution is not valid Python",
        ),
    ],
)
def test_bad_solutions_are_reported_not_executed(cell: str, message: str) -> None:
    with pytest.raises(BuildError) as info:
        solution_answers(_solution(cell), "x.ipynb")
    assert str(info.value).startswith(message)


def test_student_notebook_strips_outputs_state_and_instructor_cells() -> None:
    code = new_code_cell('### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION\ncheck("01.5", answer)')
    code.outputs = [nbformat.v4.new_output("stream", text="Correct")]
    code.execution_count = 7
    note = new_markdown_cell("Only for instructors.", metadata={"tags": ["instructor-only"]})
    nb = new_notebook(cells=[note, code], metadata={"widgets": {"state": {}}})
    student = student_notebook(nb, "01-x-solutions.ipynb")
    assert len(student.cells) == 1
    cell = student.cells[0]
    assert cell.outputs == [] and cell.execution_count is None
    assert cell.source == 'answer = ...  # your answer here\ncheck("01.5", answer)'
    assert cell.id == code.id  # ids are copied, so builds are deterministic
    assert "widgets" not in student.metadata
    assert student.metadata["coursekit"]["generated_from"] == "solutions/01-x-solutions.ipynb"
    assert nb.cells[1].outputs, "the solution notebook itself is not changed"


def test_worksheet_names_follow_the_lesson_list() -> None:
    built = {exercises.worksheet_name(p.name) for p in SOLUTIONS.glob("*-solutions.ipynb")}
    assert built == {Path(x.worksheet).name for x in LESSONS if x.worksheet}
    with pytest.raises(BuildError, match=r"NN-slug-solutions\.ipynb"):
        exercises.worksheet_name("01-notes.ipynb")


def test_committed_worksheets_and_keys_match_a_fresh_build(tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    shutil.copy(KEYS, keys)
    result = exercises.build(SOLUTIONS, tmp_path, keys_path=keys)
    assert len(result.worksheets) == 5
    for built in sorted(tmp_path.glob("*-exercises.ipynb")):
        committed = nbformat.read(ROOT / "exercises" / built.name, as_version=4)
        assert nbformat.read(built, as_version=4) == committed, built.name
        assert built.read_bytes() == (ROOT / "exercises" / built.name).read_bytes()
    assert json.loads(keys.read_text()) == json.loads(KEYS.read_text())
    again = exercises.build(SOLUTIONS, tmp_path, keys_path=keys)
    assert again.stale == [], "a second build changes nothing"


def test_new_exercise_gets_a_new_salt_and_old_salts_stay(tmp_path: Path) -> None:
    keys = tmp_path / "keys.json"
    document = json.loads(KEYS.read_text())
    old_salt = document["keys"]["04.1"]["salt"]
    del document["keys"]["04.1"]
    document["keys"]["01.1"]["salt"] = "0" * 32
    keys.write_text(json.dumps(document), encoding="utf-8")
    exercises.build(SOLUTIONS, tmp_path, keys_path=keys)
    rebuilt = json.loads(keys.read_text())["keys"]
    assert rebuilt["01.1"]["salt"] == "0" * 32
    assert len(rebuilt["04.1"]["salt"]) == 32 and rebuilt["04.1"]["salt"] != old_salt


def test_no_worksheet_has_outputs_or_solution_markers() -> None:
    for item in LESSONS:
        if not item.worksheet:
            continue
        nb = nbformat.read(ROOT / item.worksheet, as_version=4)
        assert "widgets" not in nb.metadata
        for cell in nb.cells:
            assert "SOLUTION" not in cell.source
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
                assert len(cell.source.splitlines()) <= 8, "keep worksheet code cells short"


def test_solution_notebooks_are_committed_without_outputs() -> None:
    for path in SOLUTIONS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert "widgets" not in nb.metadata
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None


def test_cli_check_reports_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["exercises", "build", "--check", "--source", str(SOLUTIONS),
         "--destination", str(ROOT / "exercises")]
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == "Up to date: 5 worksheet(s) and the answer keys.\n"


def test_cli_check_finds_a_stale_worksheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for item in LESSONS:
        if item.worksheet:
            shutil.copy(ROOT / item.worksheet, tmp_path)
    stale = tmp_path / "03-hedging-exercises.ipynb"
    nb = nbformat.read(stale, as_version=4)
    nb.cells[0].source += "\nedited by hand"
    nbformat.write(nb, stale)
    code = main(["exercises", "build", "--check", "--source", str(SOLUTIONS),
                 "--destination", str(tmp_path)])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert f"Out of date: {stale}" in err
    assert "Run `coursekit exercises build` to regenerate them." in err
    assert "edited by hand" in stale.read_text(encoding="utf-8"), "--check writes nothing"


def test_cli_missing_source_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["exercises", "build", "--source", str(tmp_path / "nope")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: No solution folder at ")
    assert "Run the command from the repository root, or pass --source PATH." in err


def test_an_exercise_without_solution_stops_the_build(tmp_path: Path) -> None:
    specs = json.loads(SPECS.read_text(encoding="utf-8"))
    specs["exercises"].append(
        {"id": "01.9", "lesson": "01", "title": "new", "kind": "number", "example": "1",
         "hints": ["a", "b", "c"]}
    )  # fmt: skip
    spec_path = tmp_path / "exercises.json"
    spec_path.write_text(json.dumps(specs), encoding="utf-8")
    with pytest.raises(BuildError, match=r"Exercise 01\.9 has no solution"):
        exercises.build(SOLUTIONS, tmp_path, specs_path=spec_path, keys_path=tmp_path / "k.json")


def test_instructor_guide_plans_match_the_lesson_list() -> None:
    from coursekit.checks import exercise_ids, load_specs

    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    sections = guide.split("\n### ")
    for item in LESSONS:
        minutes = f"({item.teaching_minutes} + {item.exercise_minutes} minutes)"
        heading = f"{item.number} {item.title} {minutes}"
        section = next((s for s in sections if s.startswith(heading)), None)
        assert section is not None, f"no section headed {heading!r}"
        spans = [tuple(map(int, m)) for m in re.findall(r"^\| (\d+)-(\d+) \|", section, re.M)]
        assert spans[0][0] == 0 and spans[-1][1] == item.minutes, item.number
        assert all(a[1] == b[0] for a, b in itertools.pairwise(spans)), f"gap in plan {item.number}"
        if item.worksheet:
            for exercise_id in exercise_ids(item.number):
                assert exercise_id in section, exercise_id
            for exercise_id in exercise_ids(item.number):
                if load_specs()[exercise_id]["kind"] == "verdict":
                    assert f"**Rubric for {exercise_id}" in section
    assert "exercises/solutions/" in guide and "coursekit validate" in guide
    assert "100 concurrent" in guide and "user-redirect/git-pull?repo=" in guide


def test_free_text_exercises_get_no_key_and_the_build_clears_the_caches(tmp_path: Path) -> None:
    from coursekit import bank, checks

    specs = json.loads(SPECS.read_text(encoding="utf-8"))["exercises"]
    free = {s["id"] for s in specs if s["kind"] in checks.FREE_TEXT_KINDS}
    assert {"verdict", "rewrite"} <= {s["kind"] for s in specs}
    keys_path = tmp_path / "keys.json"
    bank.load_keys()  # fill the cache
    result = exercises.build(SOLUTIONS, tmp_path, keys_path=keys_path)
    assert free and not free & set(result.keys)
    assert bank.load_keys.cache_info().currsize == 0  # a build makes check() read new keys


def test_progress_does_not_import_checks() -> None:
    # checks records progress; progress reads the exercise list from the bank, not checks.
    import ast

    tree = ast.parse((ROOT / "src" / "coursekit" / "progress.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(str(node.module))
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
    assert "coursekit.bank" in imported
    assert not {"coursekit.checks", "coursekit.exercises"} & imported


@pytest.mark.parametrize("module", ["bank", "answer_kinds"])
def test_the_bank_imports_nothing_above_it(module: str) -> None:
    # checks, progress, exercises and handouts read the bank; the bank reads none of them.
    import ast

    tree = ast.parse((ROOT / "src" / "coursekit" / f"{module}.py").read_text(encoding="utf-8"))
    imported = {str(node.module) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    above = {"coursekit.checks", "coursekit.progress", "coursekit.exercises", "coursekit.handouts"}
    assert not above & imported


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "min_sources",
            "two",
            r"'min_sources' should be a whole number of sources, e\.g\. 2; it is 'two'",
        ),
        ("sources_from", "web", r"'sources_from' should be 'evidence' or 'case'; it is 'web'"),
        ("require", ["claim", "vibe"], r"'require' has 'vibe'; use any of claim, source"),
        ("claims", "C21", r"'claims' should be a list of claim ids"),
    ],
)
def test_a_bad_free_text_spec_is_named(field: str, value: object, message: str) -> None:
    spec = {"id": "02.6", "kind": "verdict", field: value}
    with pytest.raises(BuildError, match=rf"exercise 02\.6: {message}"):
        exercises.check_free_text_spec("02.6", spec)
    with pytest.raises(BuildError, match="a rewrite needs 'original'"):
        exercises.check_free_text_spec("03.5", {"kind": "rewrite"})
