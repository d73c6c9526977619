"""`coursekit validate PATH`: one line per problem on stderr, exit 1; OK and exit 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import broken  # tests/fixtures/cases/broken.py, on pytest's pythonpath
import pytest

from coursekit.cli import main

BUNDLED: Path = broken.BUNDLED
REPO: Path = broken.REPO
COURSEKIT = Path(sys.executable).parent / "coursekit"


def test_the_bundled_case_is_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BUNDLED)]) == 0
    out, err = capsys.readouterr()
    assert out == f"OK: {BUNDLED} is a valid coursekit case.\n"
    assert err == ""


@pytest.mark.parametrize("breakage", broken.BREAKAGES, ids=lambda b: b.id)
def test_a_broken_copy_prints_each_problem_and_exits_1(
    breakage, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = broken.copy_case("bundled", tmp_path / "case")
    expected = breakage.apply(folder)
    assert main(["validate", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    where = expected.file
    if expected.row is not None:
        where += f", row {expected.row}"
    if expected.column is not None:
        where += f", column {expected.column!r}"
    mine = [line for line in lines if line.startswith(where + ":")]
    assert len(mine) == 1, err
    assert " Fix: " in mine[0]
    for word in expected.words:
        assert word.lower() in mine[0].lower()
    count = len(lines) - 1
    assert lines[-1] == f"{count} problem(s) found in {folder}."
    if expected.only:
        assert count == 1, err


def test_a_missing_folder_is_reported_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "not-here"
    assert main(["validate", str(missing)]) == 1
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"{missing}: the folder does not exist. Fix: check the path; a case folder contains "
        "datapackage.json, the CSV tables and article.txt.",
        f"1 problem(s) found in {missing}.",
    ]


def test_the_installed_command_exit_codes(tmp_path: Path) -> None:
    ok = subprocess.run(
        [str(COURSEKIT), "validate", "data/summit-2025"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "OK: data/summit-2025 is a valid coursekit case.\n"

    folder = broken.copy_case("bundled", tmp_path / "case")
    broken.set_cell(folder, "events.csv", 4, "date", "2025-13-01")
    bad = subprocess.run([str(COURSEKIT), "validate", str(folder)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "events.csv, row 4, column 'date': '2025-13-01' is not a valid date. "
        "Fix: write dates as YYYY-MM-DD, e.g. 2025-08-15.",
        f"1 problem(s) found in {folder}.",
    ]
