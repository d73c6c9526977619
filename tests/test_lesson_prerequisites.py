"""Lesson 00 says truthfully which lessons need which (issue 9): its note agrees with the
prerequisites each lesson states at its top, and lessons 03 and 04 do not need each other."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from coursekit.course import LESSONS

ROOT = Path(__file__).resolve().parents[1]


def _lessons(text: str) -> set[str]:
    """Lesson numbers named in ``text``: ``01``, ``01 and 02``, ``01-04`` or ``01 to 04``."""
    found: set[str] = set()
    for low, high in re.findall(r"\b(\d\d)(?:\s*(?:-|to)\s*(\d\d))?\b", text):
        for number in range(int(low), int(high or low) + 1):
            found.add(f"{number:02d}")
    return found


def _header_prerequisites() -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {}
    for lesson in LESSONS:
        if lesson.number == "00":
            continue
        header = nbformat.read(ROOT / lesson.notebook, as_version=4).cells[0].source
        line = re.search(r"\*\*Prerequisites:\*\*\s*(.+)", header)
        assert line, f"lesson {lesson.number} states no prerequisites"
        first = re.split(r"\.(?:\s|$)", re.sub(r"\([^)]*\)", "", line.group(1)))[0]
        wanted[lesson.number] = _lessons(first)
    return wanted


def _start_page_note() -> dict[str, set[str]]:
    """What lesson 00's instructor note says each lesson needs."""
    nb = nbformat.read(ROOT / LESSONS[0].notebook, as_version=4)
    note = next(
        c.source for c in nb.cells if "Instructor note" in c.source and "Lesson 0" in c.source
    )
    text = " ".join(line.lstrip("> ").strip() for line in note.splitlines()).replace("**", "")
    said: dict[str, set[str]] = {}
    for sentence in re.split(r"(?<=\.)\s+", text):
        match = re.match(
            r"Lessons? (\d\d(?: and \d\d)?)\s+(?:each\s+)?(?:needs?|assumes)\s+(.*)", sentence
        )
        if not match:
            continue
        needed = match.group(2)
        needed = re.split(r"\bbut\b|,|\bso\b", needed)[0]
        wanted = {"00"} if "only this page" in needed else _lessons(needed)
        for number in _lessons(match.group(1)):
            said[number] = wanted
    return said


def test_start_page_states_every_lessons_prerequisites_as_the_lessons_do() -> None:
    headers = _header_prerequisites()
    assert _start_page_note() == headers


def test_lessons_03_and_04_stand_without_each_other() -> None:
    headers = _header_prerequisites()
    assert "04" not in headers["03"] and "03" not in headers["04"]
    nb = nbformat.read(ROOT / LESSONS[0].notebook, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "stand on their own" not in text  # the old, untrue claim about lessons 01 to 04
