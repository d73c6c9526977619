"""Score a class's pre/post assessment: read the scores, check them, summarise the gain.

The assessment (``docs/assessment/``) has two parallel forms, A and B, of four short tasks
each, modelled on the task types of the Civic Online Reasoning assessments. An instructor
scores every answer 0, 1 or 2 with the rubric and records the scores in a CSV file, one
row per student, occasion and task::

    student,form,occasion,task,score
    s01,A,pre,T1,1
    s01,B,post,T1,2

:func:`load_scores` reads and checks such a file (every problem is reported with its row
and column and how to fix it); :func:`summarise` gives per-task means before and after,
the mean gain in total score with a bootstrap 95 % interval, and a paired effect size;
:func:`gain_chart` draws the per-task comparison. A class is not an experiment: the guide
in ``docs/assessment/README.md`` says what these numbers can and cannot show.

Examples
--------
>>> from coursekit.assessment import load_scores, summarise
>>> scores = load_scores("docs/assessment/example-scores.csv")  # doctest: +SKIP
>>> summarise(scores).mean_gain  # doctest: +SKIP
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

__all__ = [
    "COLUMNS",
    "FORMS",
    "OCCASIONS",
    "SCORES",
    "TASKS",
    "GainSummary",
    "ScoreFileError",
    "gain_chart",
    "load_scores",
    "summarise",
]

#: The four tasks of each form, by id, with what they ask (the same on forms A and B).
TASKS: dict[str, str] = {
    "T1": "Evaluate the evidence in a post",
    "T2": "Find out who is behind a site",
    "T3": "Read laterally to check a claim",
    "T4": "Check a citation",
}
FORMS: tuple[str, ...] = ("A", "B")
OCCASIONS: tuple[str, ...] = ("pre", "post")
#: The rubric's levels for each task.
SCORES: tuple[int, ...] = (0, 1, 2)
COLUMNS: tuple[str, ...] = ("student", "form", "occasion", "task", "score")


class ScoreFileError(ValueError):
    """A scores file that cannot be summarised; the message lists every problem and its fix."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        listed = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"{self.path}: {len(problems)} problem(s) to fix:\n{listed}")


def _row_problems(frame: pd.DataFrame) -> list[str]:
    """Problems in single cells, each naming its row (the file's line number) and column."""
    problems: list[str] = []
    allowed = {
        "form": FORMS,
        "occasion": OCCASIONS,
        "task": tuple(TASKS),
    }
    # read_csv numbers the rows from 0; the header is line 1.
    for line, (_, row) in enumerate(frame.iterrows(), start=2):
        for column in COLUMNS:
            if row[column] == "":
                fix = (
                    "give the rubric score, 0, 1 or 2 (a task left blank by the student scores 0)"
                    if column == "score"
                    else f"fill it in ({', '.join(allowed.get(column, ('an anonymous id',)))})"
                )
                problems.append(f"row {line}, column {column}: empty; {fix}")
        for column, values in allowed.items():
            value = row[column]
            if value and value not in values:
                problems.append(
                    f"row {line}, column {column}: {value!r} is not one of "
                    f"{', '.join(values)}; correct the spelling"
                    + (" (the forms have tasks T1-T4)" if column == "task" else "")
                )
        score = row["score"]
        if score and score not in {str(level) for level in SCORES}:
            problems.append(
                f"row {line}, column score: {score!r} is not a rubric level; use 0, 1 or 2"
            )
    return problems


def _student_problems(frame: pd.DataFrame) -> list[str]:
    """Problems across rows: duplicates, missing occasions or tasks, one form twice."""
    problems: list[str] = []
    key = ["student", "occasion", "task"]
    duplicated = frame[frame.duplicated(key, keep=False)]
    for (student, occasion, task), rows in duplicated.groupby(key, sort=True):
        lines = ", ".join(str(int(i) + 2) for i in rows.index)
        problems.append(
            f"rows {lines}: student {student!s} has {len(rows)} {occasion!s} scores for {task}; "
            "keep one"
        )
    for student, rows in frame.groupby("student", sort=True):
        first = int(rows.index[0]) + 2
        occasions = set(rows["occasion"])
        for missing in (o for o in OCCASIONS if o not in occasions):
            problems.append(
                f"row {first}, column occasion: student {student!s} has no {missing} test; "
                f"add their {missing} scores or remove the student (a gain needs both)"
            )
        for occasion, part in rows.groupby("occasion"):
            absent = sorted(set(TASKS) - set(part["task"]))
            if absent:
                problems.append(
                    f"row {int(part.index[0]) + 2}, column task: student {student!s} has no "
                    f"{occasion!s} score for {', '.join(absent)}; add it (0 if unanswered)"
                )
            forms = sorted(set(part["form"]))
            if len(forms) > 1:
                problems.append(
                    f"row {int(part.index[0]) + 2}, column form: student {student!s} took "
                    f"forms {' and '.join(forms)} on the {occasion!s} test; one form per test"
                )
    return problems


def load_scores(path: str | Path) -> pd.DataFrame:
    """Read and check a CSV of assessment scores.

    Parameters
    ----------
    path
        A CSV file with the columns ``student, form, occasion, task, score`` (any order;
        extra columns are kept). ``student`` is an anonymous id; ``form`` is A or B;
        ``occasion`` is pre or post; ``task`` is T1-T4; ``score`` is 0, 1 or 2.

    Returns
    -------
    pandas.DataFrame
        The rows, with ``score`` as integers.

    Raises
    ------
    ScoreFileError
        Listing every problem with its row (the file's line number) and column and how
        to fix it: a missing column or score, an unknown form, occasion or task, a score
        outside the rubric, a duplicate row, a student with only a pre (or only a post)
        test or a missing task.
    FileNotFoundError
        If there is no such file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no scores file at {path}: check the path")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    frame.columns = [str(column).strip().lower() for column in frame.columns]
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise ScoreFileError(
            path,
            [
                f"row 1: no column {column!r}; the header must name {', '.join(COLUMNS)}"
                for column in missing
            ],
        )
    if frame.empty:
        raise ScoreFileError(path, ["the file has a header but no scores"])
    for column in COLUMNS:
        frame[column] = frame[column].str.strip()
    frame["form"] = frame["form"].str.upper()
    frame["occasion"] = frame["occasion"].str.lower()
    frame["task"] = frame["task"].str.upper()
    problems = _row_problems(frame)
    if not problems:
        problems = _student_problems(frame)
    if problems:
        raise ScoreFileError(path, problems)
    frame["score"] = frame["score"].astype(int)
    return frame


@dataclass(frozen=True)
class GainSummary:
    """The class's change from the pre to the post test.

    Attributes
    ----------
    students
        How many students took both tests.
    per_task
        One row per task: ``task``, ``name``, ``pre`` and ``post`` (mean scores, 0-2) and
        ``change``.
    mean_pre, mean_post
        Mean total score (0-8) before and after.
    mean_gain
        Mean of each student's post total minus pre total.
    ci_low, ci_high
        Bootstrap 95 % interval of the mean gain (percentile method, students resampled).
    effect_size
        Paired effect size (Cohen's d_z): mean gain divided by the standard deviation of
        the gains; ``nan`` when every student gained the same.
    counterbalanced
        Whether every student took a different form after than before.
    """

    students: int
    per_task: pd.DataFrame
    mean_pre: float
    mean_post: float
    mean_gain: float
    ci_low: float
    ci_high: float
    effect_size: float
    counterbalanced: bool

    def __str__(self) -> str:
        effect = "not defined" if math.isnan(self.effect_size) else f"{self.effect_size:.2f}"
        return (
            f"{self.students} students took both tests. Mean total score (0-8): "
            f"{self.mean_pre:.2f} before, {self.mean_post:.2f} after.\n"
            f"Mean gain {self.mean_gain:+.2f} points, bootstrap 95 % interval "
            f"[{self.ci_low:+.2f}, {self.ci_high:+.2f}]; paired effect size d_z = {effect}.\n"
            + (
                "Every student took the other form after."
                if self.counterbalanced
                else "Some students took the same form twice: part of a gain may be "
                "memory of the items."
            )
        )


def summarise(scores: pd.DataFrame, *, resamples: int = 10_000, seed: int = 0) -> GainSummary:
    """Per-task means and the mean gain with a bootstrap interval and a paired effect size.

    Parameters
    ----------
    scores
        Rows as :func:`load_scores` returns them.
    resamples
        Bootstrap resamples of the students.
    seed
        Seed of the random generator, so the interval is the same on every run.

    Returns
    -------
    GainSummary
    """
    totals = scores.pivot_table(index="student", columns="occasion", values="score", aggfunc="sum")
    gains = (totals["post"] - totals["pre"]).to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    samples = rng.choice(gains, size=(resamples, gains.size), replace=True).mean(axis=1)
    low, high = np.percentile(samples, [2.5, 97.5])
    spread = gains.std(ddof=1) if gains.size > 1 else 0.0
    effect = float(gains.mean() / spread) if spread > 0 else math.nan
    means = scores.pivot_table(index="task", columns="occasion", values="score", aggfunc="mean")
    per_task = pd.DataFrame(
        {
            "task": list(TASKS),
            "name": list(TASKS.values()),
            "pre": [float(means.loc[t, "pre"]) for t in TASKS],
            "post": [float(means.loc[t, "post"]) for t in TASKS],
        }
    )
    per_task["change"] = per_task["post"] - per_task["pre"]
    forms = scores.groupby(["student", "occasion"])["form"].first().unstack()
    return GainSummary(
        students=int(gains.size),
        per_task=per_task,
        mean_pre=float(totals["pre"].mean()),
        mean_post=float(totals["post"].mean()),
        mean_gain=float(gains.mean()),
        ci_low=float(low),
        ci_high=float(high),
        effect_size=effect,
        counterbalanced=bool((forms["pre"] != forms["post"]).all()),
    )


def gain_chart(scores: pd.DataFrame) -> alt.LayerChart:
    """Per-task mean score before and after, as a described dot plot.

    Before and after differ by colour, by shape (circle, then filled diamond) and by a
    connecting rule, so the chart reads without colour.
    """
    import altair as alt

    from coursekit.display import OKABE_ITO

    summary = summarise(scores, resamples=200)
    rows = summary.per_task.melt(
        id_vars=["task", "name"], value_vars=["pre", "post"], var_name="test", value_name="mean"
    )
    rows["label"] = rows["task"] + " " + rows["name"]
    rows["test"] = rows["test"].map({"pre": "before (pre)", "post": "after (post)"})
    changes = "; ".join(
        f"{row.task} {row.name}: {row.pre:.2f} before, {row.post:.2f} after"
        for row in summary.per_task.itertuples()
    )
    description = (
        f"Dot plot of the mean rubric score (0-2) per task for {summary.students} students, "
        f"before and after the course. {changes}."
    )
    y = alt.Y("label:N", title=None, sort=[f"{t} {n}" for t, n in TASKS.items()])
    x = alt.X("mean:Q", title="Mean score (0-2)", scale=alt.Scale(domain=[0, 2]))
    rule = (
        alt.Chart(summary.per_task.assign(label=lambda f: f["task"] + " " + f["name"]))
        .mark_rule(color="#777777")
        .encode(y=y, x="pre:Q", x2="post:Q")
    )
    order = ["before (pre)", "after (post)"]
    dots = (
        alt.Chart(rows)
        .mark_point(size=120, filled=True)
        .encode(
            y=y,
            x=x,
            color=alt.Color(
                "test:N",
                title="Test",
                sort=order,
                scale=alt.Scale(domain=order, range=[OKABE_ITO[0], OKABE_ITO[4]]),
            ),
            shape=alt.Shape(
                "test:N", sort=order, scale=alt.Scale(domain=order, range=["circle", "diamond"])
            ),
            tooltip=["label:N", "test:N", alt.Tooltip("mean:Q", format=".2f")],
        )
    )
    return (rule + dots).properties(
        title="Mean score per task, before and after", description=description, width=420
    )
