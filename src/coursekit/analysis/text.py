"""Text helpers shared by the analysers: calendar names, word sets, dates and paragraphs.

One home for what several analysers (and the lessons) need:

* the English month and day names, their abbreviations and regular-expression
  alternations built from them (:data:`MONTH_NAMES`, :data:`DAY_NAMES`,
  :data:`MONTHS`, :data:`WEEKDAYS`, :data:`MONTH_PATTERN` ...);
* :func:`words`, a frozen set of the space-separated words of a string (for the long
  word lists the rules keep);
* :func:`format_date`, a date written the way the explanations write it
  ("9 October 2025");
* :class:`Spans`, sorted character spans with a fast "is this offset inside one" test;
* :func:`matches_at`, the matches of a regular expression tried only where a cheap
  scan (such as :func:`literal_starts`) says one may start (the same matches as
  ``finditer``, faster);
* :func:`numbered_paragraphs`, the kit's one way of splitting an article into
  paragraphs and numbering them (:data:`PARAGRAPH_NUMBERING`), which
  :func:`coursekit.display.numbered_paragraphs` and :meth:`coursekit.cases.Case.paragraphs`
  use.

The module imports nothing beyond the standard library.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "ANY_YEAR",
    "DAY_ABBREVIATION_PATTERN",
    "DAY_NAMES",
    "DAY_PATTERN",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "MONTH_ABBREVIATION_PATTERN",
    "MONTH_NAMES",
    "MONTH_PATTERN",
    "PARAGRAPH_NUMBERING",
    "WEEKDAYS",
    "Paragraph",
    "Spans",
    "format_date",
    "literal_starts",
    "matches_at",
    "numbered_paragraphs",
    "words",
]


def words(text: str) -> frozenset[str]:
    """Return the set of the space-separated words in ``text``.

    Keeps long word lists readable: ``words("may might could")``.

    Parameters
    ----------
    text
        Words separated by any white space.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> sorted(words("may  might could"))
    ['could', 'may', 'might']
    """
    return frozenset(text.split())


# -- calendar names --------------------------------------------------------------------

#: English day names, Monday first (``DAY_NAMES[d.weekday()]``). Fixed, not the locale's.
DAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
#: English month names; index 0 is empty so that ``MONTH_NAMES[d.month]`` is the name.
MONTH_NAMES: tuple[str, ...] = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Lower-case month abbreviations that differ from the full name, in calendar order
#: ("sept" before "sep", so an alternation tries the longer form first).
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
)
_DAY_ABBREVIATIONS = tuple(name[:3].lower() for name in DAY_NAMES)

#: Lower-case month names and abbreviations to the month's number (1 to 12).
MONTHS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(MONTH_NAMES) if name},
    **{name[:3].lower(): i for i, name in enumerate(MONTH_NAMES) if name},
    "sept": 9,
}
#: Lower-case day names and three-letter abbreviations to the weekday (Monday is 0).
WEEKDAYS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(DAY_NAMES)},
    **{abbreviation: i for i, abbreviation in enumerate(_DAY_ABBREVIATIONS)},
}

#: Regular-expression alternation of the lower-case full month names, in calendar order.
MONTH_PATTERN = "|".join(name.lower() for name in MONTH_NAMES if name)
#: Alternation of :data:`MONTH_ABBREVIATIONS`.
MONTH_ABBREVIATION_PATTERN = "|".join(MONTH_ABBREVIATIONS)
#: Alternation of the lower-case full day names, Monday first.
DAY_PATTERN = "|".join(name.lower() for name in DAY_NAMES)
#: Alternation of the three-letter day abbreviations, Monday first.
DAY_ABBREVIATION_PATTERN = "|".join(_DAY_ABBREVIATIONS)
#: A year from 1900 to 2099 standing alone as a word. (The look-behind after "19"/"20"
#: does what a leading ``\b`` would; starting with the digits lets the regex engine skip
#: ahead to them, which is several times faster.)
ANY_YEAR = re.compile(r"(?:19|20)(?<!\w..)\d{2}\b")


def format_date(
    day: dt.date, *, weekday: bool = False, year: bool = True, short: bool = False
) -> str:
    """Write a date in English, the one way the kit writes dates for learners.

    The names come from :data:`DAY_NAMES` and :data:`MONTH_NAMES`, not from the
    machine's locale, and the day has no leading zero.

    Parameters
    ----------
    day
        Any date (a ``datetime.date``, ``datetime.datetime`` or pandas Timestamp).
    weekday
        Start with the day of the week.
    year
        End with the year.
    short
        Three-letter day and month names.

    Returns
    -------
    str

    Examples
    --------
    >>> format_date(dt.date(2025, 8, 15))
    '15 August 2025'
    >>> format_date(dt.date(2025, 8, 15), weekday=True)
    'Friday 15 August 2025'
    >>> format_date(dt.date(2025, 8, 8), year=False, short=True)
    '8 Aug'
    """
    month = MONTH_NAMES[day.month]
    parts = [str(day.day), month[:3] if short else month]
    if weekday:
        name = DAY_NAMES[day.weekday()]
        parts.insert(0, name[:3] if short else name)
    if year:
        parts.append(str(day.year))
    return " ".join(parts)


class Spans:
    """Sorted ``(start, end)`` character spans with a fast membership test for an offset.

    ``offset in spans`` is True when ``start <= offset < end`` for one of the spans
    (found by bisection, so a long text costs logarithmic time per test).

    Parameters
    ----------
    spans
        Non-overlapping spans, in any order.

    Examples
    --------
    >>> quotes = Spans([(10, 20), (0, 5)])
    >>> [offset in quotes for offset in (0, 5, 12, 20)]
    [True, False, True, False]
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]


def matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    r"""The matches ``pattern.finditer(text)`` gives, trying the pattern only at ``starts``.

    A pattern that starts with a group, ``\b`` or a look-behind is tried at every
    position of the text, which is slow on a long text. When a cheap scan (a literal
    word, a rare character) finds every position where a match could start, this gives
    the same matches: ``starts`` must hold all those positions, in ascending order
    (others are allowed). Like ``finditer``, a match does not start inside the previous
    one. The pattern must not match the empty string.

    Parameters
    ----------
    pattern
        A compiled pattern.
    text
        The text to search.
    starts
        Ascending offsets where a match may start.

    Yields
    ------
    re.Match
        The matches, in text order, without overlaps.

    Examples
    --------
    >>> import re
    >>> pattern = re.compile(r"\b(?:big|small) (?:cat|dog)")
    >>> text = "a big cat, a small dog, a bigger cat"
    >>> starts = [m.start() for m in re.finditer("big|small", text)]
    >>> [m.group() for m in matches_at(pattern, text, starts)]
    ['big cat', 'small dog']
    """
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m is not None:
            end = m.end()
            yield m


def literal_starts(text: str, literals: Iterable[str]) -> list[int]:
    """Sorted offsets where one of ``literals`` occurs in ``text`` (overlaps included).

    Found with ``str.find``, which is much faster than a regular expression that
    alternates the same words; the offsets suit :func:`matches_at`.

    Parameters
    ----------
    text
        The text to search.
    literals
        Non-empty strings, matched exactly (case-sensitive).

    Returns
    -------
    list of int

    Examples
    --------
    >>> literal_starts("the date and the place", ["place", "date", "the"])
    [0, 4, 13, 17]
    """
    found: set[int] = set()
    for literal in literals:
        pos = text.find(literal)
        while pos >= 0:
            found.add(pos)
            pos = text.find(literal, pos + 1)
    return sorted(found)


# -- paragraphs --------------------------------------------------------------------------

#: The kit's one rule for numbering the paragraphs of an article, as learners read it.
PARAGRAPH_NUMBERING = (
    "Paragraphs are numbered after the headline: the headline is not a paragraph, "
    "paragraph 1 is the first paragraph below it, and every later block (reference "
    "entries and bullets too) takes the next number."
)

_BLANK_LINE = re.compile(r"\r?\n[ \t\r]*\n")
_LINE_BREAK = re.compile(r"\r?\n")


@dataclass(frozen=True)
class Paragraph:
    """One block of a text, numbered by :data:`PARAGRAPH_NUMBERING`.

    Attributes
    ----------
    number
        0 for the headline, 1 for the first paragraph after it, and so on.
    start, end
        Character offsets into the text (``text[start:end]`` is the block, without the
        white space around it).
    text
        The block itself.
    """

    number: int
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        """``"headline"`` for the headline, else ``"¶<number>"``."""
        return "headline" if self.number == 0 else f"\u00b6{self.number}"


def numbered_paragraphs(text: str, *, headline: bool = True) -> list[Paragraph]:
    """Split a text into blocks and number them the one way the kit does.

    Blocks are separated by blank lines; a text without blank lines (like the case
    article, one paragraph per line) is split into its non-empty lines. With
    ``headline=True`` the first block of a text that has more than one block is the
    headline (number 0), and paragraph 1 is the block after it
    (:data:`PARAGRAPH_NUMBERING`). With ``headline=False``, or for a single block,
    numbering starts at 1 with the first block. The lessons' article display, the hedge
    chart, the highlighter and the worksheets all number paragraphs with this function.

    Parameters
    ----------
    text
        The text, e.g. ``case.article``.
    headline
        Whether the text starts with a headline (an article does; a pasted passage
        usually does not).

    Returns
    -------
    list of Paragraph
        In text order; empty for a text with no visible characters.

    Raises
    ------
    TypeError
        When ``text`` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(
            f"numbered_paragraphs() needs the text as a str, got {type(text).__name__}; "
            "pass case.article."
        )
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    spans: list[tuple[int, int]] = []
    start = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[start:end]
        if block.strip():
            left = start + (len(block) - len(block.lstrip()))
            spans.append((left, start + len(block.rstrip())))
        if match:
            start = match.end()
    first = 0 if headline and len(spans) > 1 else 1
    return [
        Paragraph(number, left, right, text[left:right])
        for number, (left, right) in enumerate(spans, start=first)
    ]
