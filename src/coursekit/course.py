"""The list of lessons: the one source of truth for the course map.

The README's course map, the lesson-structure tests, the exercise worksheets
and the browser tests all read this table; tests check the instructor guide's
lesson plans against it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LESSONS", "Lesson", "lesson"]


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course.

    Parameters
    ----------
    number
        Two-digit lesson number, as in the notebook file name.
    slug
        The file name without number and extension.
    title
        The lesson's title as shown to learners.
    skills
        What a learner can do after the lesson, in a few words.
    teaching_minutes, exercise_minutes
        Class time for teaching and for exercises.
    core_minutes
        The lesson's core: the class time of the sections and worksheet tasks the
        instructor guide's plan marks as core (at most 50 minutes). The other sections
        are extensions, tagged ``extension`` in the notebook.
    """

    number: str
    slug: str
    title: str
    skills: str
    teaching_minutes: int
    exercise_minutes: int
    core_minutes: int

    @property
    def notebook(self) -> str:
        """Path of the lesson notebook relative to the repository root."""
        return f"notebooks/{self.number}-{self.slug}.ipynb"

    @property
    def worksheet(self) -> str | None:
        """Path of the student worksheet, or ``None`` for the start page."""
        if self.number == "00":
            return None
        return f"exercises/{self.number}-{self.slug}-exercises.ipynb"

    @property
    def minutes(self) -> int:
        """Total class time in minutes."""
        return self.teaching_minutes + self.exercise_minutes


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "00", "start-here", "Start here", "Find your way around the kit and the case", 10, 5, 10
    ),
    Lesson(
        "01",
        "anatomy-of-a-news-story",
        "Anatomy of a news story",
        "Split an article into claims; tell facts from opinions; spot who is speaking",
        35,
        25,
        50,
    ),
    Lesson(
        "02",
        "corroboration",
        "Corroboration and lateral reading",
        "Count independent sources; see through syndicated copies and single-source readouts",
        35,
        25,
        50,
    ),
    Lesson(
        "03",
        "hedging",
        "Hedges and vague attribution",
        "Spot hedges, boosters and unnamed sources; weigh them against named attribution",
        30,
        25,
        48,
    ),
    Lesson(
        "04",
        "inconsistencies",
        "Inconsistencies, anachronisms and URL forensics",
        "Find contradictions; date claims and references; read dates in URLs; mind time zones",
        40,
        30,
        50,
    ),
    Lesson(
        "05",
        "capstone",
        "Capstone: check an article yourself",
        "Apply every check to a new article and write an evidence-based verdict",
        20,
        50,
        50,
    ),
)


def lesson(number: str) -> Lesson:
    """Return the lesson with this two-digit number.

    Raises
    ------
    KeyError
        If there is no such lesson; the message lists the valid numbers.
    """
    for item in LESSONS:
        if item.number == number:
            return item
    valid = ", ".join(item.number for item in LESSONS)
    raise KeyError(f"No lesson {number!r}; the lessons are numbered {valid}.")
