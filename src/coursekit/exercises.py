"""Build the student worksheets and the answer keys from the instructor's solution notebooks.

The solution notebooks in ``exercises/solutions/NN-slug-solutions.ipynb`` are the single
source. An exercise there is a code cell like::

    ### BEGIN SOLUTION
    answer = {"C5", "C27"}
    also_accept = [{"C5", "C37"}]   # optional: other right answers
    ### END SOLUTION
    coursekit.check("04.1", answer)

``coursekit exercises build`` (:func:`run_build_command`) then

1. writes each student worksheet ``exercises/NN-slug-exercises.ipynb``: every region
   between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the markers nbgrader and
   otter-grader use) is replaced, in code cells, by ``answer = ...  # your answer here``
   (so the worksheet runs top to bottom and :func:`coursekit.check` says "not yet") and,
   in markdown cells, removed; cells tagged ``instructor-only`` are dropped; outputs,
   execution counts and widget state are stripped. Cell ids are copied from the
   solution notebook, so the same solutions always give byte-identical worksheets;
2. writes ``coursekit/answers/keys.json``: for every exercise in
   ``coursekit/answers/exercises.json`` (the hand-written specifications: kind of
   answer, allowed values, hints) a salt and the SHA-256 hashes of the normalised
   ``answer`` and ``also_accept`` values. The values are read with
   :func:`ast.literal_eval`, never executed, so they must be literals. A salt, once
   made, is kept, so rebuilding without changing a solution changes nothing.

``--check`` builds in memory and only reports whether the worksheets and keys on disk
are up to date (exit code 1 if not): the test suite and CI run it.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypedDict

import nbformat

from coursekit.answer_kinds import AnswerError, Spec, kind_of
from coursekit.bank import Key, clear_caches
from coursekit.jsonfiles import parse_json

__all__ = [
    "INSTRUCTOR_TAG",
    "SOLUTION_BEGIN",
    "SOLUTION_END",
    "BuildError",
    "BuildResult",
    "SolutionAnswer",
    "build",
    "build_keys",
    "check_free_text_spec",
    "default_keys_path",
    "default_specs_path",
    "hash_answer",
    "run_build_command",
    "solution_answers",
    "strip_solutions",
    "student_notebook",
    "worksheet_name",
]

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
#: Cells with this tag appear only in the solution notebook.
INSTRUCTOR_TAG = "instructor-only"
PLACEHOLDER = "answer = ...  # your answer here"

_CHECK_CALL = re.compile(r"""check\(\s*["'](?P<id>\d\d\.\d+)["']""")


class SolutionAnswer(TypedDict):
    """One exercise's right answers in a solution notebook (Python literals)."""

    answer: object
    also_accept: list[object]


class BuildError(ValueError):
    """A solution notebook or specification that cannot be built; says where and how to fix."""


@dataclass
class BuildResult:
    """What a build wrote (or, with ``check=True``, would write)."""

    worksheets: dict[Path, nbformat.NotebookNode] = field(default_factory=dict)
    keys: dict[str, Key] = field(default_factory=dict)
    stale: list[Path] = field(default_factory=list)


def default_specs_path() -> Path:
    """Return the path of the package's ``answers/exercises.json``."""
    return Path(str(resources.files("coursekit") / "answers" / "exercises.json"))


def default_keys_path() -> Path:
    """Return the path of the package's ``answers/keys.json`` (written by the build)."""
    return Path(str(resources.files("coursekit") / "answers" / "keys.json"))


def worksheet_name(solution_name: str) -> str:
    """Return the worksheet file name for a solution notebook's file name.

    Raises
    ------
    BuildError
        If the name does not end in ``-solutions.ipynb``.
    """
    if not solution_name.endswith("-solutions.ipynb"):
        raise BuildError(
            f"{solution_name}: solution notebooks are named NN-slug-solutions.ipynb; rename it."
        )
    return solution_name[: -len("-solutions.ipynb")] + "-exercises.ipynb"


def _regions(source: str, where: str) -> list[tuple[int, int]]:
    """Return (begin line, end line) index pairs of the solution regions."""
    lines = source.split("\n")
    regions, begin = [], None
    for number, line in enumerate(lines):
        marker = line.strip()
        if marker == SOLUTION_BEGIN:
            if begin is not None:
                raise BuildError(
                    f"{where}, line {number + 1}: a second {SOLUTION_BEGIN} before "
                    f"{SOLUTION_END}. Close the first region."
                )
            begin = number
        elif marker == SOLUTION_END:
            if begin is None:
                raise BuildError(
                    f"{where}, line {number + 1}: {SOLUTION_END} without {SOLUTION_BEGIN}."
                )
            regions.append((begin, number))
            begin = None
    if begin is not None:
        raise BuildError(f"{where}, line {begin + 1}: {SOLUTION_BEGIN} is never closed.")
    return regions


def strip_solutions(source: str, cell_type: str = "code", where: str = "cell") -> str:
    """Replace each solution region of a cell's source.

    Code: a region that assigns ``answer`` becomes ``answer = ...  # your answer here``
    (indented like the region); any other region becomes ``# your code here``. Markdown:
    the region is removed.
    """
    regions = _regions(source, where)
    if not regions:
        return source
    lines = source.split("\n")
    out: list[str] = []
    position = 0
    for begin, end in regions:
        out.extend(lines[position:begin])
        body = lines[begin + 1 : end]
        if cell_type == "code":
            indent = re.match(r"\s*", lines[begin]).group(0)  # type: ignore[union-attr]
            assigns = any(re.match(r"\s*answer\s*=", line) for line in body)
            out.append(indent + (PLACEHOLDER if assigns else "# your code here"))
        position = end + 1
    out.extend(lines[position:])
    text = "\n".join(out)
    if cell_type != "code":
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text


def student_notebook(solution: nbformat.NotebookNode, name: str = "") -> nbformat.NotebookNode:
    """Return the student version of a solution notebook (the input is not changed)."""
    nb = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(nb.cells):
        if INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        where = f"{name}, cell {index + 1}"
        cell.source = strip_solutions(cell.source, cell.cell_type, where)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("nbgrader", None)
        cell.metadata.pop("execution", None)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    nb.metadata["coursekit"] = {
        "generated_from": f"solutions/{name}" if name else "a solution notebook",
        "note": "Generated by `coursekit exercises build`: edit the solution notebook instead.",
    }
    return nb


def solution_answers(nb: nbformat.NotebookNode, name: str = "") -> dict[str, SolutionAnswer]:
    """Return ``{exercise_id: {"answer": value, "also_accept": [values]}}`` of a notebook.

    Only code cells that both contain a solution region and call ``check("NN.k", ...)``
    count. Values are read with :func:`ast.literal_eval`; nothing is executed.

    Raises
    ------
    BuildError
        If a region is not valid Python, assigns something that is not a literal, or
        an exercise id appears in two cells.
    """
    found: dict[str, SolutionAnswer] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        match = _CHECK_CALL.search(cell.source)
        regions = _regions(cell.source, f"{name}, cell {index + 1}")
        if not match or not regions:
            continue
        exercise_id = match.group("id")
        where = f"{name}, cell {index + 1} (exercise {exercise_id})"
        if exercise_id in found:
            raise BuildError(f"{where}: exercise {exercise_id} is answered in two cells.")
        lines = cell.source.split("\n")
        body = "\n".join("\n".join(lines[begin + 1 : end]) for begin, end in regions)
        found[exercise_id] = _answer_values(body, where)
    return found


def _answer_values(body: str, where: str) -> SolutionAnswer:
    """Read ``answer = ...`` and ``also_accept = [...]`` from a solution region's code."""
    try:
        tree = ast.parse(_dedent(body))
    except SyntaxError as exc:
        raise BuildError(f"{where}: the solution is not valid Python ({exc.msg}).") from exc
    values: dict[str, object] = {}
    for name, value in filter(None, map(_assignment, tree.body)):
        if name not in {"answer", "also_accept"}:
            continue
        try:
            values[name] = ast.literal_eval(value)
        except ValueError as exc:
            raise BuildError(
                f"{where}: `{name} = ...` must be a literal (a set, "
                "list, text, number or date text), not computed."
            ) from exc
    if "answer" not in values:
        raise BuildError(f"{where}: the solution region must assign `answer = ...`.")
    also = values.get("also_accept", [])
    if not isinstance(also, list):
        raise BuildError(f"{where}: `also_accept` must be a list of other right answers.")
    return {"answer": values["answer"], "also_accept": also}


def _assignment(node: ast.stmt) -> tuple[str, ast.expr] | None:
    """The name and value of a plain ``name = value`` statement, else ``None``."""
    if (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
    ):
        return node.targets[0].id, node.value
    return None


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def _invalid_solution(exercise_id: str, exc: AnswerError) -> BuildError:
    return BuildError(f"exercise {exercise_id}: the solution's answer is invalid: {exc}")


def hash_answer(exercise_id: str, spec: Spec, answer: object, salt: str) -> list[str]:
    """Return the hash(es) of a right answer, as stored in the keys.

    One hash for most kinds; for ``phrases`` one per phrase (each phrase is a target
    the learner must find). See :meth:`coursekit.answer_kinds.AnswerKind.hashes`.

    Raises
    ------
    BuildError
        If the answer does not pass the exercise's own property checks.
    """
    try:
        return kind_of(spec).hashes(exercise_id, spec, answer, salt)
    except AnswerError as exc:
        raise _invalid_solution(exercise_id, exc) from exc


_FREE_TEXT_FIELDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "claims": (list, 'a list of claim ids, e.g. ["C21"]'),
    "forbid": (list, "a list of claim ids"),
    "min_sources": (int, "a whole number of sources, e.g. 2"),
    "require_independent": (bool, "true or false"),
    "new_sources": (bool, "true or false"),
    "closure": (bool, "true or false"),
    "require": (list, 'a list of parts, e.g. ["claim", "source", "verdict"]'),
    "min_words": (int, "a whole number"),
    "max_words": (int, "a whole number"),
    "case": (str, 'a case name, e.g. "summit-2025"'),
    "item": (str, "a capstone item id"),
    "original": (str, "the words the learner rewrites"),
}
_FREE_TEXT_CHOICES = {
    "sources_from": ("evidence", "case"),
    "claim_form": ("id", "line"),
}
_FREE_TEXT_PARTS = ("claim", "source", "verdict", "confidence")


def check_free_text_spec(exercise_id: str, spec: Spec) -> None:
    """Check the fields of a ``verdict`` or ``rewrite`` specification (see coursekit.freetext).

    Raises
    ------
    BuildError
        Naming the exercise, the field and what it should hold.
    """
    where = f"coursekit/answers/exercises.json, exercise {exercise_id}"
    for name, (kind, what) in _FREE_TEXT_FIELDS.items():
        value = spec.get(name)
        wrong_type = value is not None and not isinstance(value, kind)
        if wrong_type or (kind is int and isinstance(value, bool)):
            raise BuildError(f"{where}: {name!r} should be {what}; it is {value!r}.")
    for name, allowed in _FREE_TEXT_CHOICES.items():
        if name in spec and spec[name] not in allowed:
            listed = " or ".join(repr(a) for a in allowed)
            raise BuildError(f"{where}: {name!r} should be {listed}; it is {spec[name]!r}.")
    unknown = [part for part in spec.get("require", []) if part not in _FREE_TEXT_PARTS]
    if unknown:
        raise BuildError(
            f"{where}: 'require' has {', '.join(map(repr, unknown))}; use any of "
            f"{', '.join(_FREE_TEXT_PARTS)}."
        )
    if spec["kind"] == "rewrite" and not str(spec.get("original", "")).strip():
        raise BuildError(f"{where}: a rewrite needs 'original', the words the learner rewrites.")
    if int(spec.get("min_words", 0)) > int(spec.get("max_words", 10**6)):
        raise BuildError(f"{where}: 'min_words' is larger than 'max_words'.")


def build_keys(
    specs: Mapping[str, Spec],
    answers: Mapping[str, SolutionAnswer],
    old_keys: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Key]:
    """Return the keys for every specified exercise from the solutions' answers.

    Salts are taken from ``old_keys`` where present, otherwise made with
    :func:`secrets.token_hex`. What a key holds depends on the kind of answer (see
    :meth:`coursekit.answer_kinds.AnswerKind.key`); free-text kinds have no key, their
    specifications are checked instead (:func:`check_free_text_spec`).

    Raises
    ------
    BuildError
        If an exercise has a specification but no solution, or a solution but no
        specification.
    """
    old_keys = old_keys or {}
    unknown = sorted(set(answers) - set(specs))
    if unknown:
        raise BuildError(
            f"Exercises {', '.join(unknown)} have solutions but no specification: add them "
            "to coursekit/answers/exercises.json (kind, hints, ...)."
        )
    keys: dict[str, Key] = {}
    for exercise_id, spec in specs.items():
        kind = kind_of(spec)
        if kind.free_text:
            check_free_text_spec(exercise_id, spec)
            continue
        if exercise_id not in answers:
            raise BuildError(
                f"Exercise {exercise_id} has no solution: add a cell with a solution region "
                f"and coursekit.check({exercise_id!r}, answer) to its solution notebook."
            )
        salt = str(old_keys.get(exercise_id, {}).get("salt") or secrets.token_hex(16))
        accepted = [answers[exercise_id]["answer"], *answers[exercise_id]["also_accept"]]
        try:
            keys[exercise_id] = kind.key(exercise_id, spec, accepted, salt)
        except AnswerError as exc:
            raise _invalid_solution(exercise_id, exc) from exc
    return keys


def _read_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return dict(parse_json(text, str(path), BuildError))


def _keys_document(keys: Mapping[str, Key]) -> dict[str, Any]:
    return {
        "format": 1,
        "note": (
            "Generated by `coursekit exercises build` from exercises/solutions: salts and "
            "SHA-256 hashes of the normalised right answers (see coursekit.checks). "
            "Do not edit by hand."
        ),
        "keys": dict(sorted(keys.items())),
    }


def build(
    source: str | Path = "exercises/solutions",
    destination: str | Path = "exercises",
    *,
    check: bool = False,
    specs_path: Path | None = None,
    keys_path: Path | None = None,
) -> BuildResult:
    """Build the worksheets and keys; with ``check=True`` write nothing, list what is stale.

    Raises
    ------
    BuildError
        If the source folder is missing or a notebook or specification is broken.
    """
    source, destination = Path(source), Path(destination)
    specs_path = specs_path or default_specs_path()
    keys_path = keys_path or default_keys_path()
    if not source.is_dir():
        raise BuildError(
            f"No solution folder at {source.resolve()}. Run the command from the repository "
            "root, or pass --source PATH."
        )
    solutions = sorted(source.glob("*-solutions.ipynb"))
    if not solutions:
        raise BuildError(f"No *-solutions.ipynb notebooks in {source}.")
    specs_doc = _read_json(specs_path)
    specs = {spec["id"]: spec for spec in specs_doc.get("exercises", [])}
    result = BuildResult()
    answers: dict[str, SolutionAnswer] = {}
    for path in solutions:
        nb = _read_solution(path, answers)
        result.worksheets[destination / worksheet_name(path.name)] = student_notebook(nb, path.name)
    old = _read_json(keys_path).get("keys", {})
    result.keys = build_keys(specs, answers, old)
    for target, nb in result.worksheets.items():
        current = nbformat.read(target, as_version=4) if target.exists() else None
        if current != nb:
            result.stale.append(target)
            if not check:
                nbformat.write(nb, target)
    _update_keys(result, keys_path, check=check)
    return result


def _read_solution(path: Path, answers: dict[str, SolutionAnswer]) -> nbformat.NotebookNode:
    """Read a solution notebook and add its exercises' answers to ``answers``."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several types for unreadable files
        raise BuildError(f"{path}: cannot be read as a notebook ({exc}).") from exc
    for exercise_id, value in solution_answers(nb, path.name).items():
        if exercise_id in answers:
            raise BuildError(f"{path.name}: exercise {exercise_id} is answered twice.")
        answers[exercise_id] = value
    return nb


def _update_keys(result: BuildResult, keys_path: Path, *, check: bool) -> None:
    """Write the keys file if it changed (unless ``check``); note it in ``result.stale``."""
    document = _keys_document(result.keys)
    if _read_json(keys_path) != document:
        result.stale.append(keys_path)
        if not check:
            keys_path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    if not check:
        clear_caches()


def run_build_command(source: str, destination: str, check: bool = False) -> int:
    """Run ``coursekit exercises build``; return 0 (done / up to date), 1 (stale), 2 (error)."""
    try:
        result = build(source, destination, check=check)
    except BuildError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    count = len(result.worksheets)
    if check:
        if result.stale:
            for path in result.stale:
                print(f"Out of date: {path}", file=sys.stderr)
            print("Run `coursekit exercises build` to regenerate them.", file=sys.stderr)
            return 1
        print(f"Up to date: {count} worksheet(s) and the answer keys.")
        return 0
    for path in result.stale:
        print(f"Wrote {path}")
    print(f"Built {count} worksheet(s) and keys for {len(result.keys)} exercise(s).")
    return 0
