"""The pre/post assessment: forms, scores file checks, and the class summary."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from coursekit.assessment import TASKS, ScoreFileError, gain_chart, load_scores, summarise

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "docs" / "assessment"
HEADER = "student,form,occasion,task,score\n"


def _write(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "scores.csv"
    path.write_text(header + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def _student(sid: str, pre_form: str, pre: list[int], post: list[int]) -> list[str]:
    post_form = "B" if pre_form == "A" else "A"
    rows = [f"{sid},{pre_form},pre,{task},{s}" for task, s in zip(TASKS, pre, strict=True)]
    rows += [f"{sid},{post_form},post,{task},{s}" for task, s in zip(TASKS, post, strict=True)]
    return rows


def test_a_small_class_is_summarised_as_worked_out_by_hand(tmp_path: Path) -> None:
    # Totals before 1, 2, 3; after 2, 4, 6: gains 1, 2, 3 (mean 2, sd 1, so d_z = 2).
    rows = (
        _student("s1", "A", [1, 0, 0, 0], [1, 1, 0, 0])
        + _student("s2", "B", [1, 1, 0, 0], [1, 1, 1, 1])
        + _student("s3", "A", [1, 1, 1, 0], [2, 2, 1, 1])
    )
    summary = summarise(load_scores(_write(tmp_path, rows)))
    assert summary.students == 3
    assert summary.mean_pre == pytest.approx(2.0)
    assert summary.mean_post == pytest.approx(4.0)
    assert summary.mean_gain == pytest.approx(2.0)
    assert summary.effect_size == pytest.approx(2.0)
    assert 1.0 <= summary.ci_low <= 2.0 <= summary.ci_high <= 3.0
    assert summary.counterbalanced
    t1 = summary.per_task.set_index("task").loc["T1"]
    assert (t1["pre"], t1["post"]) == (pytest.approx(1.0), pytest.approx(4 / 3))
    assert "Mean gain +2.00 points" in str(summary)


def test_equal_gains_have_no_effect_size_and_same_form_twice_is_flagged(tmp_path: Path) -> None:
    rows = [r.replace(",B,post,", ",A,post,") for r in _student("s1", "A", [0] * 4, [1] * 4)]
    rows += _student("s2", "A", [0, 0, 0, 0], [1, 1, 1, 1])
    summary = summarise(load_scores(_write(tmp_path, rows)))
    assert math.isnan(summary.effect_size)
    assert not summary.counterbalanced
    assert "same form twice" in str(summary)


def test_the_bootstrap_interval_is_reproducible() -> None:
    scores = load_scores(FOLDER / "example-scores.csv")
    first, second = summarise(scores), summarise(scores)
    assert (first.ci_low, first.ci_high) == (second.ci_low, second.ci_high)
    assert first.ci_low < first.mean_gain < first.ci_high


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda rows: [rows[0].replace(",1", ","), *rows[1:]], r"row 2, column score: empty"),
        (lambda rows: [rows[0].replace("T1", "T9"), *rows[1:]], r"row 2, column task: 'T9'"),
        (lambda rows: [rows[0].replace(",1", ",3"), *rows[1:]], r"row 2, column score: '3'"),
        (lambda rows: [rows[0].replace(",pre,", ",mid,"), *rows[1:]], r"column occasion: 'mid'"),
        (lambda rows: rows[:4], r"student s1 has no post test"),
        (lambda rows: rows[:7], r"no post score for T4"),
        (lambda rows: [*rows, rows[0]], r"rows 2, 10: student s1 has 2 pre scores for T1"),
    ],
    ids=[
        "missing score",
        "unknown task",
        "score off the rubric",
        "unknown occasion",
        "only a pre test",
        "missing task",
        "duplicate row",
    ],
)
def test_a_broken_file_names_row_column_and_fix(tmp_path: Path, edit, message: str) -> None:
    rows = edit(_student("s1", "A", [1, 1, 1, 1], [2, 2, 2, 2]))
    with pytest.raises(ScoreFileError, match=message) as caught:
        load_scores(_write(tmp_path, rows))
    assert str(tmp_path / "scores.csv") in str(caught.value)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, ["s1,A,pre,T1"], header="student,form,occasion,task\n")
    with pytest.raises(ScoreFileError, match="row 1: no column 'score'"):
        load_scores(path)


def test_the_chart_is_described_from_its_data() -> None:
    scores = load_scores(FOLDER / "example-scores.csv")
    spec = gain_chart(scores).to_dict()
    summary = summarise(scores)
    assert spec["title"] == "Mean score per task, before and after"
    for row in summary.per_task.itertuples():
        assert (
            f"{row.task} {row.name}: {row.pre:.2f} before, {row.post:.2f} after"
            in (spec["description"])
        )
    shapes = spec["layer"][1]["encoding"]["shape"]["scale"]["range"]
    assert len(set(shapes)) == 2  # before and after differ by shape, not only colour


@pytest.mark.parametrize("form", ["form-a.md", "form-b.md"])
def test_each_form_has_the_four_tasks_and_says_it_is_fictional(form: str) -> None:
    text = (FOLDER / form).read_text(encoding="utf-8")
    headings = re.findall(r"^## (T\d)\. (.+)$", text, flags=re.MULTILINE)
    assert headings == list(TASKS.items())
    assert "**fictional**" in text
    assert "summit" not in text.lower() and "alaska" not in text.lower()


def test_the_rubric_has_three_levels_for_every_task() -> None:
    text = (FOLDER / "rubric.md").read_text(encoding="utf-8")
    for task, name in TASKS.items():
        section = text.split(f"## {task}. {name}", 1)[1].split("\n## ", 1)[0]
        levels = re.findall(r"^\| ([012]) \|", section, flags=re.MULTILINE)
        assert levels == ["2", "1", "0"], f"{task} needs an anchor at 2, 1 and 0"
