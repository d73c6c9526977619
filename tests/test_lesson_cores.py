"""Every lesson has a 50-minute core: the notebook's tags, the guide's plan and LESSONS agree.

A lesson's sections are its ``## `` headings (a leading "3 · " is not part of the name). A
section is an extension when its cells carry the ``extension`` tag; it then opens with a
visible **Extension** banner. The instructor guide's plan for the lesson has one row per
stretch of time, naming the sections it covers and saying ``core`` or ``extension: what it
adds``; rows without a section are worksheet and debrief time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from coursekit.course import LESSONS, Lesson

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "instructor-guide.md"
TAG = "extension"
CORE_LIMIT = 50
# Closing sections that summarise the lesson: neither core teaching time nor an extension.
WRAP_UP = {"Key points", "What next"}

HEADING = re.compile(r"^## (?:\d+ · )?(.+?)\s*$", re.MULTILINE)
ROW = re.compile(r"^\| (\d+)-(\d+) \|([^|]*)\|(.*)\| (core|extension: .+) \|$", re.MULTILINE)
BANNER = re.compile(r"^> \*\*Extension\*\* \((\d+) min", re.MULTILINE)


@dataclass
class Section:
    name: str
    tagged: list[bool]
    banner_minutes: int | None


@dataclass
class Row:
    minutes: int
    sections: list[str]
    kind: str  # "core" or "extension"
    adds: str


def notebook_sections(lesson: Lesson) -> list[Section]:
    nb = nbformat.read(ROOT / lesson.notebook, as_version=4)
    sections: list[Section] = []
    for cell in nb.cells:
        match = HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        if match:
            banner = BANNER.search(cell.source)
            sections.append(Section(match.group(1), [], int(banner.group(1)) if banner else None))
        if sections:
            sections[-1].tagged.append(TAG in cell.metadata.get("tags", []))
    return sections


def plan_rows(lesson: Lesson) -> list[Row]:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"\n### {lesson.number} {lesson.title} (")
    end = text.index("\n### ", start + 1)
    rows = []
    for first, last, names, _activity, kind in ROW.findall(text[start:end]):
        sections = [name.strip() for name in names.split(";") if name.strip()]
        label, _, adds = kind.partition(": ")
        rows.append(Row(int(last) - int(first), sections, label, adds.strip()))
    return rows


IDS = [lesson.number for lesson in LESSONS]


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_the_plan_has_rows_for_the_whole_lesson(lesson: Lesson) -> None:
    rows = plan_rows(lesson)
    assert rows, f"the guide's plan for lesson {lesson.number} has no timed rows"
    assert sum(row.minutes for row in rows) == lesson.minutes, (
        f"lesson {lesson.number}: the plan's rows should add up to {lesson.minutes} minutes"
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_the_core_fits_a_50_minute_period(lesson: Lesson) -> None:
    core = sum(row.minutes for row in plan_rows(lesson) if row.kind == "core")
    assert core == lesson.core_minutes, (
        f"lesson {lesson.number}: the guide's core rows add up to {core} minutes, "
        f"coursekit.LESSONS says {lesson.core_minutes}"
    )
    assert core <= CORE_LIMIT
    if lesson.number == "00":
        assert core <= 10, "lesson 00 is a 10-minute preface"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_tags_and_plan_agree_section_by_section(lesson: Lesson) -> None:
    sections = [s for s in notebook_sections(lesson) if s.name not in WRAP_UP]
    planned = {name: row for row in plan_rows(lesson) for name in row.sections}
    names = [s.name for s in sections]
    unknown = sorted(set(planned) - set(names))
    assert not unknown, f"lesson {lesson.number}: the plan names no such section: {unknown}"
    for section in sections:
        assert section.name in planned, (
            f"lesson {lesson.number}: section {section.name!r} is not in the guide's plan"
        )
        row = planned[section.name]
        extension = all(section.tagged)
        assert extension or not any(section.tagged), (
            f"lesson {lesson.number}: tag every cell of {section.name!r} '{TAG}', or none"
        )
        assert row.kind == ("extension" if extension else "core"), (
            f"lesson {lesson.number}: {section.name!r} is tagged as "
            f"{'an extension' if extension else 'core'} but the plan says {row.kind}"
        )
        if extension:
            assert section.banner_minutes == row.minutes, (
                f"lesson {lesson.number}: {section.name!r} needs a banner "
                f"'> **Extension** ({row.minutes} min): ...' under its heading"
            )
        else:
            assert section.banner_minutes is None, f"{section.name!r} is core but has a banner"


@pytest.mark.parametrize("lesson", LESSONS, ids=IDS)
def test_wrap_up_is_core_and_every_extension_says_what_it_adds(lesson: Lesson) -> None:
    for section in notebook_sections(lesson):
        if section.name in WRAP_UP:
            assert not any(section.tagged), f"{section.name!r} is read by every class"
    for row in plan_rows(lesson):
        if row.kind == "extension":
            assert len(row.adds.split()) >= 3, f"lesson {lesson.number}: say what {row} adds"


def test_the_parsers_find_sections_and_both_kinds_of_row() -> None:
    """The parsers find what they must: a section per heading and a row per timed line."""
    assert {s.name for s in notebook_sections(LESSONS[4])} >= {
        "Time zones: one post, two dates",
        "Key points",
    }
    kinds = {row.kind for row in plan_rows(LESSONS[4])}
    assert kinds == {"core", "extension"}
