"""Written dates with a weekday: the weekday must match the calendar.

Recognised forms (weekday names in full or as three-letter abbreviations, with
an optional comma and ordinal suffix):

* ``Friday, 9 October 2025``, ``Friday 9th of October 2025``
* ``Friday, October 9, 2025``
* the same in any capitalisation;
* abbreviated names with or without a full stop (``Fri., Oct. 9, 2025``);
* the weekday after the date, in brackets or after a comma and "a" (``9 October 2025
  (Friday)``, ``October 9, 2025 (Fri)``, ``6 February, a Thursday``);
* the same without a year (``Friday, August 9``), judged when the text
  mentions exactly one year, which is then taken as the date's year, or else with the
  year of the nearest full date before it (a dateline) when the two dates are at most
  six months apart in the calendar (so a new year in between cannot mislead).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import cached_property

from coursekit.analysis.report import Finding
from coursekit.analysis.text import (
    ANY_YEAR,
    DAY_ABBREVIATION_PATTERN,
    DAY_NAMES,
    DAY_PATTERN,
    MONTH_ABBREVIATION_PATTERN,
    MONTH_PATTERN,
    MONTHS,
    WEEKDAYS,
    format_date,
)

__all__ = ["weekday_findings"]

# Four- and five-letter day abbreviations beside the three-letter ones ("Tues.", "Thurs").
_LONGER_DAY_ABBREVIATIONS = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_WD = rf"(?P<wd>{DAY_PATTERN}|tues|weds|thurs|thur|{DAY_ABBREVIATION_PATTERN})"
_MON = rf"(?P<mon>{MONTH_PATTERN}|{MONTH_ABBREVIATION_PATTERN})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE = re.compile(
    rf"{_WD}\b\.?,?[ \t]+\(?(?:the[ \t]+)?(?:"
    rf"{_DAY}(?:[ \t]+of)?[ \t]+{_MON}(?:,?[ \t]+{_YEAR})?"
    rf"|{_MON.replace('mon>', 'mon2>')}[ \t]+{_DAY.replace('day>', 'day2>')}"
    rf"(?:,?[ \t]+{_YEAR.replace('year>', 'year2>')})?"
    rf")\b",
)
# The weekday after the date, in brackets: "9 October 2025 (Friday)".
_DATE_AFTER = re.compile(
    rf"(?:{_DAY}(?:[ \t]+of)?[ \t]+{_MON}(?:,?[ \t]+{_YEAR})?"
    rf"|{_MON.replace('mon>', 'mon2>')}[ \t]+{_DAY.replace('day>', 'day2>')}"
    rf"(?:,?[ \t]+{_YEAR.replace('year>', 'year2>')})?)"
    rf"[ \t]*\([ \t]*{_WD}\.?[ \t]*\)"
)
# The weekday after the date and a comma: "6 February, a Thursday".
_DATE_COMMA = re.compile(
    rf"(?:{_DAY}(?:[ \t]+of)?[ \t]+{_MON}(?:,?[ \t]+{_YEAR})?"
    rf"|{_MON.replace('mon>', 'mon2>')}[ \t]+{_DAY.replace('day>', 'day2>')}"
    rf"(?:,?[ \t]+{_YEAR.replace('year>', 'year2>')})?)"
    rf",[ \t]+a[ \t]+{_WD}\b"
)
# ", a Thursday": _DATE_COMMA is run only when the text has one.
_COMMA_WEEKDAY = re.compile(rf",[ \t]+a[ \t]+{_WD}\b")
_DATE_CI = re.compile(_DATE.pattern, re.IGNORECASE)
_DATE_COMMA_CI = re.compile(_DATE_COMMA.pattern, re.IGNORECASE)
_DATE_AFTER_CI = re.compile(_DATE_AFTER.pattern, re.IGNORECASE)
# A weekday in brackets: _DATE_AFTER (slow to scan) is run only when the text has one.
_WEEKDAY_IN_BRACKETS = re.compile(rf"\([ \t]*{_WD}\.?[ \t]*\)")
_WEEKDAY_IN_BRACKETS_CI = re.compile(_WEEKDAY_IN_BRACKETS.pattern, re.IGNORECASE)


_FULL = re.compile(
    rf"(?:{_DAY}(?:[ \t]+of)?[ \t]+{_MON},?[ \t]+{_YEAR}"
    rf"|{_MON.replace('mon>', 'mon2>')}[ \t]+{_DAY.replace('day>', 'day2>')},?[ \t]+"
    rf"{_YEAR.replace('year>', 'year2>')})\b",
    re.IGNORECASE,
)


def _year_before(text: str, pos: int) -> tuple[int, int] | None:
    """Year and month of the nearest full date in the 2,000 characters before ``pos``.

    A dateline or an earlier full date (day, month, year) makes the article's year clear.
    """
    found = None
    for m in _FULL.finditer(text, max(0, pos - 2000), pos):
        found = m
    if found is None:
        return None
    return int(found.group("year") or found.group("year2")), MONTHS[
        (found.group("mon") or found.group("mon2")).lower().rstrip(".")
    ]


def _year_after(text: str, pos: int, month: int, day: int) -> int | None:
    """The year that puts a day and month nearest the first full date after ``pos``.

    Used when no full date comes before a date without a year: the first full date in
    the 2,000 characters after it (a later dateline or a reference) is taken as near in
    time, so "January 8" before "Nov. 20, 2025" is read as 8 January 2026. ``None`` when
    there is no such date, or the nearest reading is more than six months from it.
    """
    m = _FULL.search(text, pos, pos + 2000)
    if m is None:
        return None
    try:
        anchor = dt.date(
            int(m.group("year") or m.group("year2")),
            MONTHS[(m.group("mon") or m.group("mon2")).lower().rstrip(".")],
            int(m.group("day") or m.group("day2")),
        )
        readings = [dt.date(anchor.year + k, month, day) for k in (-1, 0, 1)]
    except ValueError:
        return None
    best = min(readings, key=lambda d: abs((d - anchor).days))
    return best.year if abs((best - anchor).days) <= 183 else None


class _TextYears:
    """The text's one year, when it mentions exactly one (looked up on first use)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def single(self) -> int | None:
        years = set(ANY_YEAR.findall(self.text))
        return int(years.pop()) if len(years) == 1 else None


def _year_of(
    text: str, m: re.Match[str], month: int, year_text: str | None, years: _TextYears
) -> tuple[int | None, str]:
    """The year of a written date and where it came from (written, only or nearest)."""
    if year_text:
        return int(year_text), "written"
    if years.single is not None:
        return years.single, "only"
    nearest = _year_before(text, m.start())
    if nearest is None:
        after = _year_after(text, m.end(), month, int(m.group("day") or m.group("day2")))
        return after, "following"
    # Across a new year ("30 December 2024 ... Friday, 3 January") the year is not
    # clear: judge only dates within six months of the full date.
    if nearest is not None and abs(nearest[1] - month) <= 6:
        return nearest[0], "nearest"
    return None, "nearest"


_YEAR_NOTES = {
    "written": "",
    "only": " (taking the year {year}, the only year in the text)",
    "nearest": " (taking the year {year} of the nearest full date before it)",
    "following": " (taking the year {year} that puts it nearest the first full date after it)",
}


def _mismatch(text: str, m: re.Match[str], date: dt.date, written: int, year_from: str) -> Finding:
    """The finding for a date whose written weekday is not the calendar's."""
    actual = DAY_NAMES[date.weekday()]
    note = _YEAR_NOTES[year_from].format(year=date.year)
    return Finding(
        kind="date-weekday-mismatch",
        start=m.start(),
        end=m.end(),
        text=text[m.start() : m.end()],
        explanation=(
            f"{format_date(date)} was a {actual}, not a {DAY_NAMES[written]}{note}. "
            "A wrong weekday often means the date or the day was copied from another "
            "report or changed."
        ),
        category="weekday",
        details={
            "date": date.isoformat(),
            "written_weekday": DAY_NAMES[written],
            "actual_weekday": actual,
            "year_inferred": year_from != "written",
        },
    )


def weekday_findings(text: str, low: str | None = None) -> list[Finding]:
    """Findings for written dates whose weekday is not the calendar's.

    ``low`` is ``text.lower()`` when the caller has it already.
    """
    out: list[Finding] = []
    years = _TextYears(text)
    # Scan the lower-cased text with a lower-case pattern: much faster than IGNORECASE.
    if low is None:
        low = text.lower()
    same = len(low) == len(text)
    matches = list(_DATE.finditer(low) if same else _DATE_CI.finditer(text))
    if "(" in text and (
        _WEEKDAY_IN_BRACKETS.search(low) if same else _WEEKDAY_IN_BRACKETS_CI.search(text)
    ):
        matches += list(_DATE_AFTER.finditer(low) if same else _DATE_AFTER_CI.finditer(text))
    if ", a " in low and _COMMA_WEEKDAY.search(low):  # "6 February, a Thursday"
        matches += list(_DATE_COMMA.finditer(low) if same else _DATE_COMMA_CI.finditer(text))
    for m in matches:
        if m.start() and text[m.start() - 1].isalnum():
            continue  # a leading \b is left out of the pattern for speed; check it here
        g = m.groupdict()
        month = MONTHS[(g["mon"] or g["mon2"]).lower()]
        year, year_from = _year_of(text, m, month, g["year"] or g["year2"], years)
        if year is None:
            continue
        try:
            date = dt.date(year, month, int(g["day"] or g["day2"]))
        except ValueError:
            continue
        written = _weekday(g["wd"])
        if date.weekday() != written:
            out.append(_mismatch(text, m, date, written, year_from))
    out.extend(_numeric_weekday_findings(text))  # "Monday, 17.03.2024", "Tue 2024-03-19"
    return out


def _weekday(name: str) -> int:
    """Monday 0 ... Sunday 6 for a day name or abbreviation."""
    name = name.lower()
    return _LONGER_DAY_ABBREVIATIONS.get(name, WEEKDAYS.get(name, -1))


# A weekday before a numeric date: "Monday, 17.03.2024", "Tue 2024-03-19", "Fri 03/15/2024".
_NUMERIC = re.compile(
    rf"\b{_WD}\b\.?,?[ \t]+\(?(?:(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)"
    rf"|(?P<a>[0-3]?\d)[./-](?P<b>[0-3]?\d)[./-](?P<y>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)


# "17.03.2024" or "2024-03": written to start with a digit class, so the regex engine
# skips ahead to the digits.
_NUMERIC_HINT = re.compile(r"\d(?:[./-]\d{1,2}[./-](?:19|20)\d\d|(?<=1)9\d\d-\d|(?<=2)0\d\d-\d)")


def _numeric_readings(m: re.Match[str]) -> list[dt.date]:
    """The calendar dates a numeric date can stand for (day first and month first)."""
    if m.group("iy"):
        pairs = [(int(m.group("im")), int(m.group("id")))]
        year = int(m.group("iy"))
    else:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        pairs = [(b, a), (a, b)]
    readings = []
    for month, day in pairs:
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            continue
    return list(dict.fromkeys(readings))


def _numeric_weekday_findings(text: str) -> list[Finding]:
    """Weekdays before numeric dates that no reading of the date allows.

    A date such as 04/05/2024 may be day first or month first; it is flagged only when
    neither reading falls on the written weekday.
    """
    out = []
    for hint in _NUMERIC_HINT.finditer(text):  # a fast scan; the full pattern only near it
        m = _NUMERIC.search(text, max(0, hint.start() - 16), hint.end() + 4)
        if m is None:
            continue
        readings = _numeric_readings(m)
        written = _weekday(m.group("wd"))
        if readings and all(d.weekday() != written for d in readings):
            out.append(_either_way(_mismatch(text, m, readings[0], written, "written"), readings))
    return out


def _either_way(finding: Finding, readings: list[dt.date]) -> Finding:
    """Say so in the explanation when both readings of a numeric date were checked."""
    if len(readings) < 2:
        return finding
    first, second = (format_date(d) for d in readings)
    weekday = finding.details["written_weekday"]
    return dataclasses.replace(
        finding,
        explanation=(
            f"Read day first ({first}, a {DAY_NAMES[readings[0].weekday()]}) or month first "
            f"({second}, a {DAY_NAMES[readings[1].weekday()]}), the date is not a {weekday}. "
            "A wrong weekday often means the date or the day was copied from another report "
            "or changed."
        ),
    )
