"""The lessons teach the method; they do not print the worksheets' answers (issue 16).

Each lesson notebook is executed once (nbclient, in this environment's kernel) and the
text of its outputs is collected (plain text, and HTML with its tags removed). The
expected answers come from the solution notebooks (``answer = ...`` / ``also_accept``,
read with :func:`coursekit.exercises.solution_answers`), never from ``keys.json``.

A checkable exercise *leaks* when, in the outputs of its own lesson or of an earlier one:

* set answers (ids, phrases): every element of an accepted answer appears within a few
  consecutive lines of one output, and (for ids) none of the other ids the learner may
  pick appears there: a table of every claim is fine, a table of just the answer is not;
* single answers (a choice, a number, a date, a name): the answer appears on one line
  together with what the exercise is about: the ids and quoted phrases of its title, and
  the optional ``leak_context`` strings of its specification.

Text the learner is meant to read is removed first: the case's article, paragraph by
paragraph, and the exercise's own passage (an article shown with highlights is not a leak,
a legend that lists the hedges of the worksheet's paragraph is).
"""

from __future__ import annotations

import atexit
import html
import json
import os
import re
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import pytest

import coursekit
from coursekit.checks import FREE_TEXT_KINDS, load_specs
from coursekit.exercises import solution_answers

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
SOLUTIONS = ROOT / "exercises" / "solutions"
KERNEL = "coursekit-leak-test"
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:tr|p|div|li|h\d|table|caption|dd|dt)>|<br\s*/?>", re.I)
_ID = re.compile(r"\b(?:C\d{1,3}|S\d{3}|R\d{1,2}|E\d{2,3}|I\d{1,3}|\d{8})\b")


def _answers() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(SOLUTIONS.glob("*-solutions.ipynb")):
        found.update(solution_answers(nbformat.read(path, as_version=4), path.name))
    return found


ANSWERS = _answers()
SPECS = load_specs()
CHECKABLE = [i for i, s in SPECS.items() if s["kind"] not in FREE_TEXT_KINDS and i in ANSWERS]


def _output_text(output: Any) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    if "text/html" in data:
        markup = (
            "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
        )
        return html.unescape(_TAG.sub(" ", _BLOCK_END.sub("\n", markup)))
    if "text/markdown" in data:
        return str(data["text/markdown"])
    return str(data.get("text/plain", ""))


@cache
def _kernel_folder() -> str:
    """A Jupyter data folder with one kernel: this interpreter (the environment under test)."""
    folder = Path(tempfile.mkdtemp(prefix="coursekit-kernel-"))
    atexit.register(shutil.rmtree, folder, True)
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "coursekit tests", "language": "python"}),
        encoding="utf-8",
    )
    return str(folder)


@cache
def _executed(stem: str) -> list[str]:
    """The text of every output of lesson ``stem``, executed once per test session."""
    from nbclient import NotebookClient

    path = next(LESSONS.glob(f"{stem}-*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    home = tempfile.mkdtemp(prefix="coursekit-leaks-")
    atexit.register(shutil.rmtree, home, True)
    settings = {
        "COURSEKIT_HOME": home,  # the lessons' progress and search log go to a scratch folder
        "JUPYTER_PATH": _kernel_folder(),
    }
    old = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)  # the kernel inherits them
    try:
        NotebookClient(
            nb, timeout=600, kernel_name=KERNEL, resources={"metadata": {"path": str(LESSONS)}}
        ).execute()
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return [
        _output_text(output)
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]


def _squash(text: str) -> str:
    return " ".join(text.split())


@cache
def _reading_text() -> list[str]:
    """Texts the learner reads in full (the article's paragraphs), longest first."""
    case = coursekit.load_case("summit-2025")
    paragraphs = [_squash(p) for p in case.article.split("\n") if len(p.split()) > 5]
    return sorted(paragraphs, key=len, reverse=True)


def _without_reading(text: str, extra: list[str]) -> list[str]:
    """Lines of an output with the article and the exercise's passage taken out."""
    lines = []
    for line in text.split("\n"):
        flat = _squash(line)
        for passage in [*extra, *_reading_text()]:
            if passage and passage in flat:
                flat = flat.replace(passage, " ")
        lines.append(flat)
    return lines


def _has(line: str, needle: str) -> bool:
    pattern = rf"(?<![\w-]){re.escape(needle.casefold())}(?![\w-])"
    return re.search(pattern, line.casefold()) is not None


def _date_forms(value: str) -> list[str]:
    import datetime as dt

    day = dt.date.fromisoformat(value)
    return [value, f"{day.day} {day:%B} {day.year}", f"{day:%B} {day.day}, {day.year}"]


def _context(exercise_id: str) -> list[str]:
    spec = SPECS[exercise_id]
    title = str(spec.get("title", ""))
    quoted = re.findall(r"'([^']{4,})'", title)
    return [*_ID.findall(title), *quoted, *[str(x) for x in spec.get("leak_context", [])]]


def _set_leak(lines: list[str], elements: list[str], others: list[str]) -> int | None:
    """First line of a short run of lines holding every element, with none of ``others``
    in it or within two lines of it (a listing that also shows the wrong choices around
    the answer does not single the answer out)."""
    window = 2 * len(elements) + 2
    for start in range(len(lines)):
        if not any(_has(lines[start], e) for e in elements):
            continue
        for end in range(start + 1, min(start + window, len(lines)) + 1):
            if all(_has("\n".join(lines[start:end]), e) for e in elements):
                around = "\n".join(lines[max(0, start - 2) : end + 2])
                if not any(_has(around, o) for o in others):
                    return start
                break
    return None


def _leaks(exercise_id: str, outputs: list[str]) -> list[str]:
    spec = SPECS[exercise_id]
    values = ANSWERS[exercise_id]
    accepted = [values["answer"], *values.get("also_accept", [])]
    extra = [_squash(str(spec.get("passage", "")))]
    found = []
    for index, output in enumerate(outputs):
        lines = _without_reading(output, extra)
        for answer in accepted:
            if isinstance(answer, (set, frozenset, list, tuple)):
                elements = [str(a) for a in answer]
                allowed = [str(a) for a in spec.get("allowed", [])]
                others = [a for a in allowed if a.upper() not in {e.upper() for e in elements}]
                start = _set_leak(lines, elements, others)
                if start is not None:
                    found.append(
                        f"output {index + 1}: {' | '.join(lines[start : start + 4])[:300]}"
                    )
                continue
            context = _context(exercise_id)
            if not context:
                continue
            forms = _date_forms(str(answer)) if spec["kind"] == "date" else [str(answer)]
            for line in lines:
                if any(_has(line, f) for f in forms) and all(_has(line, c) for c in context):
                    found.append(f"output {index + 1}: {line[:300]}")
    return found


@pytest.mark.parametrize("exercise_id", CHECKABLE)
def test_no_lesson_prints_a_worksheet_answer(exercise_id: str) -> None:
    lesson = SPECS[exercise_id]["lesson"]
    stems = sorted({p.name[:2] for p in LESSONS.glob("[0-9][0-9]-*.ipynb")})
    for stem in [s for s in stems if s <= lesson]:
        leaks = _leaks(exercise_id, _executed(stem))
        assert not leaks, (
            f"Lesson {stem}'s outputs show the answer to exercise {exercise_id} "
            f"({SPECS[exercise_id]['title']}): change the exercise (another claim, source, "
            "passage or day), not the lesson's teaching.\n" + "\n".join(leaks[:3])
        )


def test_the_leak_rules_catch_a_printed_answer_and_pass_a_full_table() -> None:
    ids = next(i for i in CHECKABLE if SPECS[i]["kind"] == "ids" and len(SPECS[i]["allowed"]) > 4)
    answer = sorted(ANSWERS[ids]["answer"])
    printed = "\n".join(f"{a}  some text about it" for a in answer)
    assert _leaks(ids, [printed])
    full = "\n".join(f"{a}  some text" for a in SPECS[ids]["allowed"])
    assert not _leaks(ids, [full])
    others = [a for a in SPECS[ids]["allowed"] if a not in answer]
    assert not _leaks(ids, [f"{others[0]} x\n{printed}\n{others[-1]} y"])  # listed among others
    choice = next(i for i in CHECKABLE if SPECS[i]["kind"] == "choice" and _context(i))
    line = f"{' '.join(_context(choice))}  {ANSWERS[choice]['answer']}"
    assert _leaks(choice, [line])
    assert not _leaks(choice, [str(ANSWERS[choice]["answer"])])  # without what it is about
