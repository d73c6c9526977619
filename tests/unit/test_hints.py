"""Every hint teaches the method without giving the answer away.

The answers come from the solution notebooks (``exercises/solutions``), parsed the way the
build parses them (:func:`coursekit.exercises.solution_answers`: ``answer = ...`` and
``also_accept = [...]`` read with :func:`ast.literal_eval`), never from ``keys.json``.

The ladder (issue 16): tier 1 names the idea and the lesson section; tier 2 the method
(which table, column or function) without doing the step; tier 3 a worked example on a
different item. What can be checked mechanically is checked here:

* exactly three hints, all different;
* no hint contains an accepted answer, an answer element (id, phrase, option, value) or a
  date of the answer in any usual spelling;
* no hint states the size of a set answer ("the answer has 3", "there are three:");
* for id sets, the hints together do not name every wrong choice (the answer would be left
  by elimination);
* tier 1 names a section of a lesson: ``section N`` / ``§N`` (of the exercise's lesson, or
  of ``lesson NN`` when the hint names one) where that lesson has a heading ``## N · ...``,
  or a heading's title in quotes or asterisks (e.g. *'Who is speaking?' in lesson 01*);
* tier 3 works on a different item: any claim or source id it names is not an answer id.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from coursekit.checks import FREE_TEXT_KINDS, load_specs
from coursekit.exercises import solution_answers

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "exercises" / "solutions"
LESSONS = ROOT / "notebooks"

NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten", "eleven", "twelve"]  # fmt: skip
COUNTED = (
    r"claims?|ids?|phrases?|sources?|references?|answers?|items?|groups?|pages?|"
    r"outlets?|options?|of them|cues?|urls?|people|persons?"
)
_ID = re.compile(r"\b(?:C\d{1,3}|S\d{3}|R\d{1,2}|E\d{2,3}|I\d{1,3})\b")


def _answers() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(SOLUTIONS.glob("*-solutions.ipynb")):
        found.update(solution_answers(nbformat.read(path, as_version=4), path.name))
    return found


ANSWERS = _answers()
SPECS = load_specs()
CHECKABLE = [i for i, spec in SPECS.items() if spec["kind"] not in FREE_TEXT_KINDS]


def _headings(lesson: str) -> list[str]:
    """Markdown headings of lesson ``NN``'s notebook (``## 2 · Title`` -> ``2 · Title``)."""
    paths = sorted(LESSONS.glob(f"{lesson}-*.ipynb"))
    if not paths:
        return []
    return [
        line.lstrip("#").strip()
        for cell in nbformat.read(paths[0], as_version=4).cells
        if cell.cell_type == "markdown"
        for line in cell.source.split("\n")
        if line.startswith("#")
    ]


def _accepted(exercise_id: str) -> list[Any]:
    values = ANSWERS[exercise_id]
    return [values["answer"], *values.get("also_accept", [])]


def _elements(value: Any) -> list[str]:
    """The answer, its elements, and the usual spellings of a date answer."""
    if isinstance(value, (set, frozenset, list, tuple)):
        return [str(v) for v in value]
    text = str(value)
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        day = dt.date.fromisoformat(text)
        return [
            text,
            f"{day.day} {day:%B}",
            f"{day:%B} {day.day}",
            f"{day.day} {day:%b}",
            f"{day:%b} {day.day}",
            f"{day.day:02d}/{day.month:02d}",
            f"{day.month:02d}-{day.day:02d}",
        ]
    forms = [text]
    if isinstance(value, int) and 0 <= value < len(NUMBER_WORDS):
        forms.append(NUMBER_WORDS[value])
    return forms


def _contains(haystack: str, needle: str) -> bool:
    pattern = rf"(?<![\w-]){re.escape(needle.casefold())}(?![\w-])"
    return re.search(pattern, haystack.casefold()) is not None


def _hints(exercise_id: str) -> list[str]:
    return [str(h) for h in SPECS[exercise_id].get("hints", [])]


@pytest.mark.parametrize("exercise_id", CHECKABLE)
def test_three_different_hints(exercise_id: str) -> None:
    hints = _hints(exercise_id)
    assert len(hints) == 3, f"{exercise_id}: {len(hints)} hints; the ladder has three tiers"
    assert len({h.casefold() for h in hints}) == 3, f"{exercise_id}: two hints are the same"


@pytest.mark.parametrize("exercise_id", CHECKABLE)
def test_no_hint_contains_the_answer_or_an_element(exercise_id: str) -> None:
    for tier, hint in enumerate(_hints(exercise_id), start=1):
        for accepted in _accepted(exercise_id):
            for element in _elements(accepted):
                assert not _contains(hint, element), (
                    f"{exercise_id} hint {tier} contains {element!r}, part of an accepted "
                    f"answer: {hint}"
                )


def _states_size(hint: str, size: int) -> bool:
    forms = [str(size)] + ([NUMBER_WORDS[size]] if size < len(NUMBER_WORDS) else [])
    for form in forms:
        # "section 2:", "paragraph 3" and "lesson 04" are places, not sizes.
        number = rf"(?<!section )(?<!paragraph )(?<!lesson )(?<!§)\b{re.escape(form)}\b"
        patterns = [
            rf"{number}(?:\s+\w+){{0,2}}?\s+(?:{COUNTED})\b",
            rf"\b(?:there\s+are|answer\s+has|pick|find|choose|has|have)\s+{number}",
            rf"{number}\s*:",
        ]
        if any(re.search(p, hint, flags=re.I) for p in patterns):
            return True
    return False


@pytest.mark.parametrize(
    "exercise_id", [i for i in CHECKABLE if SPECS[i]["kind"] in {"ids", "phrases"}]
)
def test_no_hint_states_the_size_of_a_set_answer(exercise_id: str) -> None:
    sizes = {len(a) for a in _accepted(exercise_id)}
    for tier, hint in enumerate(_hints(exercise_id), start=1):
        for size in sizes:
            assert not _states_size(hint, size), (
                f"{exercise_id} hint {tier} states how many items the answer has ({size}): {hint}"
            )


@pytest.mark.parametrize("exercise_id", [i for i in CHECKABLE if SPECS[i]["kind"] == "ids"])
def test_hints_do_not_leave_the_answer_by_elimination(exercise_id: str) -> None:
    allowed = {str(a).upper() for a in SPECS[exercise_id].get("allowed", [])}
    answer = {str(a).upper() for a in ANSWERS[exercise_id]["answer"]}
    wrong = allowed - answer
    named = set(_ID.findall(" ".join(_hints(exercise_id)).upper()))
    assert not wrong or not wrong <= named, (
        f"{exercise_id}: the hints name every wrong choice ({sorted(wrong)}), which leaves "
        "the answer by elimination"
    )


def _section_references(hint: str, lesson: str) -> list[tuple[str, str]]:
    """(lesson, reference) pairs a hint makes: section numbers and quoted titles."""
    named = re.search(r"\blesson\s+(\d\d)\b", hint, flags=re.I)
    which = named.group(1) if named else lesson
    refs = [(which, f"§{m}") for m in re.findall(r"(?:\bsection\s+|§\s*)(\d+)\b", hint, re.I)]
    quoted = re.findall(r"[*'\"‘“]{1,2}([^*'\"’”]{3,80}?)[*'\"’”]{1,2}", hint)
    refs += [(which, title) for title in quoted]
    return refs


def _is_heading(lesson: str, reference: str) -> bool:
    headings = _headings(lesson)
    if reference.startswith("§"):
        number = reference[1:]
        return any(re.match(rf"{number}\s*·", h) for h in headings)
    titles = [re.sub(r"^\d+\s*·\s*", "", h).casefold().strip(" ?:.") for h in headings]
    return reference.casefold().strip(" ?:.") in titles


@pytest.mark.parametrize("exercise_id", CHECKABLE)
def test_tier_one_names_a_lesson_section(exercise_id: str) -> None:
    hints = _hints(exercise_id)
    assert hints, exercise_id
    lesson = SPECS[exercise_id]["lesson"]
    refs = _section_references(hints[0], lesson)
    assert any(_is_heading(which, ref) for which, ref in refs), (
        f"{exercise_id} hint 1 names no section of lesson {lesson} (write e.g. 'section 2' or "
        f"a heading's title in quotes; headings: {_headings(lesson)}): {hints[0]}"
    )


@pytest.mark.parametrize("exercise_id", CHECKABLE)
def test_tier_three_works_on_a_different_item(exercise_id: str) -> None:
    hints = _hints(exercise_id)
    assert len(hints) >= 3, exercise_id
    answer_ids = {
        str(element).upper()
        for accepted in _accepted(exercise_id)
        for element in _elements(accepted)
        if _ID.fullmatch(str(element).upper())
    }
    used = set(_ID.findall(hints[2].upper()))
    assert not used & answer_ids, (
        f"{exercise_id} hint 3 works on answer id(s) {sorted(used & answer_ids)}; take the "
        f"worked example from a different item: {hints[2]}"
    )


def test_the_size_rule_catches_what_issue_16_quotes() -> None:
    assert _states_size("There are three: one group that objects, one that watches.", 3)
    assert _states_size("The answer has 3.", 3)
    assert _states_size("Pick two claims.", 2)
    assert not _states_size("Only one person is named in the paragraph.", 2)
    assert not _states_size("Add seven hours to the time.", 3)
    assert not _states_size("Lesson 04, section 2: a reference cannot report it.", 2)


def test_the_section_rule_reads_numbers_and_titles() -> None:
    numbered = next(h for h in _headings("04") if re.match(r"\d+\s*·", h))
    number, title = re.match(r"(\d+)\s*·\s*(.+)", numbered).groups()  # type: ignore[union-attr]
    assert _is_heading("04", f"§{number}")
    assert any(_is_heading(w, r) for w, r in _section_references(f"See section {number}.", "04"))
    assert any(_is_heading(w, r) for w, r in _section_references(f"Read '{title}'.", "04"))
    assert not any(_is_heading(w, r) for w, r in _section_references("Think again.", "04"))
