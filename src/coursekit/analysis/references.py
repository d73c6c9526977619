"""Reference lines in any common style: who published what, when, and at which address.

:func:`find_references` finds three kinds of reference in a text:

1. **APA-like lines**, ``[1] Publisher. (2025, August 1). Title. Retrieved from URL``
   (the leading number may be ``[1]``, ``1.`` or absent; "Available at" also works).
2. **Reference lines in other styles**: a line of a reference list (under a heading
   such as "References", "Sources", "Notes" or "Works cited") or a line that starts with
   a list marker (``[1]``, ``(1)``, ``1.``, ``1)``, ``-``, ``*``, ``•``) and carries an
   address; outside a list, any line with an address, a quoted title and a date. The
   parts are read wherever they stand:

   * the **title** is the quoted text (straight or curly, double or single quotes);
     without quotes, the part after the publisher;
   * the **date** is a full date in any common written form: ``10 March 2024``,
     ``March 13, 2024``, ``Sept. 15, 2020``, ``(14 February 2024)``, ``2024-03-10``,
     ``12/03/2024``. A numeric date whose day and month could be swapped
     (``05/06/2024``) counts only when the address confirms one reading. A date after
     "Accessed" or "Retrieved" says when someone read the page, not when it was
     published, and is not the reference's date;
   * the **publisher** is what is left once the marker, title, date and address are
     taken out (``Coastal Times``, ``Dana Holt on X``).

   Examples: ``[1] Coastal Times, "Title", 10 March 2024. https://...``, MLA-like
   ``1. Riverside Post. "Title." March 13, 2024. https://...``, title first
   ``2. "Title", Metro Daily, 21 April 2024, https://...``,
   ``- Valley Echo (14 February 2024). "Title". https://...``,
   ``4. Dana Holt on X, 12/03/2024: https://...``.
3. **Bare addresses** anywhere else in the text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from coursekit.analysis.report import Finding
from coursekit.analysis.text import MONTH_ABBREVIATION_PATTERN, MONTH_PATTERN, MONTHS, words

__all__ = [
    "ParsedReference",
    "find_references",
    "find_written_dates",
    "parse_claimed_date",
    "parse_written_date",
]


@dataclass(frozen=True)
class ParsedReference:
    """One reference found in the text, with offsets of the whole line and of its URL."""

    start: int
    end: int
    number: int | None
    publisher: str | None
    claimed_date: dt.date | None
    title: str | None
    url: str | None
    url_start: int | None
    url_end: int | None

    def finding(
        self, text: str, *, kind: str, category: str, explanation: str, **fields: Any
    ) -> Finding:
        """A finding that points at this whole reference line, with its title and address.

        Parameters
        ----------
        text
            The text the reference was found in.
        kind, category, explanation
            As in :class:`~coursekit.analysis.report.Finding`.
        **fields
            Any other fields of the finding (``claimed_date``, ``details`` ...).

        Returns
        -------
        Finding
        """
        return Finding(
            kind=kind,
            start=self.start,
            end=self.end,
            text=text[self.start : self.end],
            explanation=explanation,
            category=category,
            title=self.title,
            url=self.url,
            **fields,
        )


# URLs: scheme or www., then non-space characters; trailing punctuation is trimmed afterwards.
# The pattern starts with a character class (h or w) so the regex engine skips ahead to it.
_URL = re.compile(r"[HhWw](?:(?<=[Hh])[Tt][Tt][Pp][Ss]?://|(?<=[Ww])[Ww][Ww]\.)[^\s<>\"'“”‘’]+")
_TRAILING = ".,;:!?)]}»”’'\""

# "[1] Publisher. (2025, August 1). Title. Retrieved from URL" on one line.
_APA = re.compile(
    r"^[ \t]*(?:\[(?P<num>\d{1,3})\]|(?P<num2>\d{1,3})\.)?[ \t]*"
    r"(?P<publisher>[^\n()]{1,200}?)\.?[ \t]*"
    r"\((?P<date>\d{4}[^\n()]{0,40}|n\.d\.|no date)\)\.?[ \t]*"
    r"(?P<title>[^\n]{0,400}?)[ \t]*"
    r"(?:(?:Retrieved|Available|Accessed)\b[^\n]{0,60}?(?:from|at)[ \t]*:?[ \t]*)?"
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]+)?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# A reference line has "(19xx" or "(20xx" or "(n.d."; look for that first (a fast,
# literal-led scan) and try the full pattern only on those lines.
_APA_HINT = re.compile(r"\((?:19|20)\d\d|\(n\.d\.|\(no date")


def parse_claimed_date(raw: str) -> dt.date | None:
    """Parse an APA-like date such as ``2025, August 1``; ``None`` without a full date."""
    from dateutil import parser as date_parser

    cleaned = raw.replace(",", " ").strip()
    if not re.search(r"[A-Za-z]", cleaned) and not re.search(r"\d{4}-\d{2}-\d{2}", cleaned):
        return None  # a bare year is not a day
    try:
        # default=day 1 would invent a day for "2025, August"; require an explicit day.
        parsed = date_parser.parse(cleaned, default=dt.datetime(1900, 1, 1), fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if parsed.year == 1900 or not re.search(r"\b\d{1,2}\b", raw.replace(str(parsed.year), "")):
        return None
    return parsed.date()


# -- dates in any common written form ------------------------------------------------------

_MON = rf"(?P<mon>{MONTH_PATTERN}|{MONTH_ABBREVIATION_PATTERN}|may)\.?"
_WRITTEN_DATE = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+{_MON},?[ \t]+(?P<y1>(?:19|20)\d\d)"
    rf"|{_MON.replace('mon>', 'mon2>')}[ \t]+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?[ \t]+"
    rf"(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<y3>(?:19|20)\d\d),?[ \t]+{_MON.replace('mon>', 'mon3>')}[ \t]+(?P<d3>[0-3]?\d)"
    rf"|(?P<iy>(?:19|20)\d\d)[-/.](?P<im>[01]?\d)[-/.](?P<id>[0-3]?\d)"
    rf"|(?P<na>[0-3]?\d)[/.-](?P<nb>[0-3]?\d)[/.-](?P<ny>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
# "Accessed 3 June 2025", "Retrieved on June 3, 2025": when the page was read.
_ACCESS = re.compile(
    r"\b(?:accessed|retrieved|viewed|consulted|last[ \t]+(?:accessed|visited)|archived)"
    r"(?:[ \t]+(?:on|at))?[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric_date(a: int, b: int, year: int, hint: dt.date | None) -> dt.date | None:
    """``a/b/year``: day first or month first; an ambiguous one needs the ``hint`` to agree."""
    day_first, month_first = _safe_date(year, b, a), _safe_date(year, a, b)
    if day_first is None or month_first is None or day_first == month_first:
        return day_first or month_first
    if hint in (day_first, month_first):
        return hint
    return None


def parse_written_date(match: re.Match[str], hint: dt.date | None = None) -> dt.date | None:
    """The date a match of the written-date pattern stands for, or ``None``.

    Parameters
    ----------
    match
        A match of the module's written-date pattern (see :func:`find_written_dates`).
    hint
        A date known from elsewhere (the address's date): it settles a numeric date whose
        day and month could be swapped.

    Returns
    -------
    datetime.date or None
        ``None`` for an impossible or undecidable date.
    """
    g = match.groupdict()
    mon = g["mon"] or g["mon2"] or g["mon3"]
    if mon:
        day = g["d1"] or g["d2"] or g["d3"]
        return _safe_date(int(g["y1"] or g["y2"] or g["y3"]), MONTHS[mon.lower()], int(day))
    if g["iy"]:
        return _safe_date(int(g["iy"]), int(g["im"]), int(g["id"]))
    return _numeric_date(int(g["na"]), int(g["nb"]), int(g["ny"]), hint)


def find_written_dates(text: str) -> Iterator[re.Match[str]]:
    """Matches of full dates (day, month and year) in any common written form in ``text``."""
    return _WRITTEN_DATE.finditer(text)


# -- reference lines in other styles -------------------------------------------------------

_HEADING = re.compile(
    r"^[ \t]*#*[ \t]*\**(?:references?|sources?(?:[ \t]+(?:cited|used))?|works[ \t]+cited"
    r"|bibliography|notes|further[ \t]+reading|links|citations|reference[ \t]+list|endnotes)"
    r"(?:[ \t]+(?:and|&)[ \t]+(?:notes|further[ \t]+reading|links|sources|references))?"
    r"\**[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"[ \t]*(?:\[(?P<a>\d{1,3})\]|\((?P<b>\d{1,3})\)|(?P<c>\d{1,3})[.)]|[-*•·–])[ \t]+"
)
_QUOTED = re.compile(
    r"\"(?P<q1>[^\"\n]{3,300})\"|“(?P<q2>[^”\n]{3,300})”|‘(?P<q3>[^’\n]{3,300})’"
    r"|(?:^|(?<=[\s(,.:;–—-]))'(?P<q4>[^'\n]{3,300}?)'(?=[\s,.;:)–—-]|$)"
)
_SEPARATORS = re.compile(r"[ \t]*(?:[.,;:|]+(?:[ \t]+|$)|[ \t][-–—][ \t]|\(|\))[ \t]*")
_LABELS = words("source sources via from see link")  # "Source: Coastal Times, ..."
# Finite verbs of prose: a list line with them and with neither address nor quoted title
# is a note, not a reference.
_PROSE = re.compile(
    r"\b(?:said|says|told|will|would|could|has|have|had|was|were|is|are|did|does)\b",
    re.IGNORECASE,
)
_LONGEST_LINE = 400  # a longer line is prose, not a reference
_LINK_WORDS = re.compile(
    r"\b(?:retrieved|available|accessed|online|url|link)\b[^\n]{0,20}?(?:from|at|:)?"
    r"[ \t]*:?[ \t]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    in_list: bool


def _candidate_lines(text: str) -> Iterator[_Line]:
    """Non-empty lines under a reference-list heading, and lines with an address.

    A list ends at a line longer than a reference can be (prose again).
    """
    section = False
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        content = line.rstrip("\r\n")
        if _HEADING.fullmatch(content):
            section = True
            continue
        if len(content) > _LONGEST_LINE:
            section = False
            continue
        if content.strip() and (section or _URL.search(content)):
            yield _Line(start, start + len(content), section)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blank(line: str, start: int, end: int) -> str:
    """``line`` with ``line[start:end]`` replaced by a separator (offsets stay put)."""
    return line[:start] + "," + " " * (end - start - 1) + line[end:] if end > start else line


def _claimed(rest: str, hint: dt.date | None) -> tuple[dt.date | None, str]:
    """The first publication date in ``rest`` (not an access date), and ``rest`` without it."""
    for m in find_written_dates(rest):
        if _ACCESS.search(rest, 0, m.start()):
            rest = _blank(rest, m.start(), m.end())
            continue
        day = parse_written_date(m, hint)
        return day, _blank(rest, m.start(), m.end())
    return _year_and_day(rest), rest


_DAY_MONTH_ONLY = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+(?P<m1>{MONTH_PATTERN}"
    rf"|{MONTH_ABBREVIATION_PATTERN})\.?|(?P<m2>{MONTH_PATTERN}|{MONTH_ABBREVIATION_PATTERN})\.?"
    rf"[ \t]+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)\b(?![ \t]*,?[ \t]*(?:19|20)\d\d)",
    re.IGNORECASE,
)
_LONE_YEAR = re.compile(r"(?<!\d)(?<!\d[/.-])(?:19|20)\d\d(?!\d|[/.-]\d)")


def _year_and_day(rest: str, year: str | None = None) -> dt.date | None:
    """A year written apart from its day and month, as Harvard and Chicago styles do.

    ``Coastal Times (2024) 'Title', 10 March`` and ``Coastal Times. 2024. "Title." March
    10``: one year and one day-and-month (not an access date) make the date.
    """
    years = {year} if year else set(_LONE_YEAR.findall(rest))
    days = [m for m in _DAY_MONTH_ONLY.finditer(rest) if not _ACCESS.search(rest, 0, m.start())]
    if len(years) != 1 or len(days) != 1:
        return None
    m = days[0]
    month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
    return _safe_date(int(years.pop()), month, int(m.group("d1") or m.group("d2")))


def _title_and_publisher(rest: str) -> tuple[str | None, str | None]:
    quoted = _QUOTED.search(rest)
    title = None
    if quoted is not None:
        title = next(g for g in quoted.groups() if g is not None)
        rest = _blank(rest, quoted.start(), quoted.end())
    parts = [p.strip() for p in _SEPARATORS.split(rest) if p and p.strip(" \t,.;:")]
    parts = [
        p
        for p in parts
        if re.search(r"[A-Za-z]", p) and not _ACCESS.search(p + " ") and p.lower() not in _LABELS
    ]
    if title is None and len(parts) >= 2:
        return " ".join(parts[1:]).strip(" .") or None, parts[0]
    return (title.strip().rstrip(".,") if title else None), (parts[0] if parts else None)


def _styled_reference(text: str, line: _Line) -> ParsedReference | None:
    """Read one candidate line as a reference, or ``None`` when it is not one."""
    start, end = _strip_span(text, line.start, line.end)
    body = text[start:end]
    marker = _MARKER.match(body)
    url_match = _URL.search(body)
    quoted = _QUOTED.search(body)
    if not (line.in_list or marker or (url_match and quoted)):
        return None
    if not url_match and not quoted and _PROSE.search(body):
        return None  # a footnote in prose ("1. The council said on 3 May that ..."), no reference
    from coursekit.analysis.citations import url_date

    rest = body
    number = None
    if marker is not None:
        number = next((int(n) for n in (marker["a"], marker["b"], marker["c"]) if n), None)
        rest = _blank(rest, 0, marker.end())
    url = url_start = url_end = None
    if url_match is not None:
        url_start = start + url_match.start()
        url_end = _trim_url(text, url_start, start + url_match.end())
        url = text[url_start:url_end]
        rest = _blank(rest, url_match.start(), url_match.end())
        link = _LINK_WORDS.search(rest, 0, url_match.start())
        if link is not None:
            rest = _blank(rest, link.start(), link.end())
    claimed, rest = _claimed(rest, url_date(url) if url else None)
    if claimed is None and not quoted and not url_match:
        return None  # a list line with neither date, title nor address: not a reference
    if claimed is None and not marker and not line.in_list:
        return None
    title, publisher = _title_and_publisher(rest)
    return ParsedReference(
        start=start,
        end=end,
        number=number,
        publisher=publisher,
        claimed_date=claimed,
        title=title,
        url=url,
        url_start=url_start,
        url_end=url_end,
    )


# -- all references ----------------------------------------------------------------------


def _apa_matches(text: str) -> Iterator[re.Match[str]]:
    last_line = -1
    for hint in _APA_HINT.finditer(text):
        line_start = text.rfind("\n", 0, hint.start()) + 1
        if line_start == last_line:
            continue
        last_line = line_start
        line_end = text.find("\n", hint.start())
        m = _APA.match(text, line_start, len(text) if line_end < 0 else line_end)
        if m is not None:
            yield m


def _trim_url(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _apa_claimed(m: re.Match[str]) -> dt.date | None:
    """The date of an APA-like line; a bare year takes its day from the line (Harvard)."""
    claimed = parse_claimed_date(m.group("date"))
    if claimed is None and re.fullmatch(r"(?:19|20)\d\d", m.group("date").strip()):
        claimed = _year_and_day(m.group("title"), m.group("date").strip())
    return claimed


def _apa_reference(text: str, m: re.Match[str]) -> ParsedReference:
    publisher = " ".join(m.group("publisher").split()).rstrip(".") or None
    title = " ".join(m.group("title").split()).rstrip(".") or None
    quoted = _QUOTED.match(title or "")
    if quoted is not None:  # Harvard: 'Title', 10 March. Available at: ...
        title = next(g for g in quoted.groups() if g is not None)
    found = _URL.search(text, m.start(), m.end()) if not m.group("url") else None
    url_start, url_end = (m.start("url"), m.end("url")) if m.group("url") else (None, None)
    if found is not None:  # an address followed by more words ("(Accessed: ...)")
        url_start, url_end = found.span()
    url = None
    if url_start is not None and url_end is not None:
        url_end = _trim_url(text, url_start, url_end)
        url = text[url_start:url_end]
    start, end = _strip_span(text, *m.span())
    num = m.group("num") or m.group("num2")
    return ParsedReference(
        start=start,
        end=end,
        number=int(num) if num else None,
        publisher=publisher,
        claimed_date=_apa_claimed(m),
        title=title,
        url=url,
        url_start=url_start,
        url_end=url_end,
    )


def _bare_url(text: str, m: re.Match[str]) -> ParsedReference | None:
    end = _trim_url(text, m.start(), m.end())
    if end <= m.start():
        return None
    return ParsedReference(
        start=m.start(),
        end=end,
        number=None,
        publisher=None,
        claimed_date=None,
        title=None,
        url=text[m.start() : end],
        url_start=m.start(),
        url_end=end,
    )


class _Covered:
    """Sorted, non-overlapping spans already taken by a reference."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.spans, (pos, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]


def find_references(text: str) -> Iterator[ParsedReference]:
    """Yield the references in ``text``: APA-like lines, lines in other styles, bare URLs.

    Parameters
    ----------
    text
        Any text; reference lists are usually at its end.

    Yields
    ------
    ParsedReference
        APA-like lines first, then lines in other styles (see the module docstring), then
        any remaining bare addresses, each group in text order.

    Examples
    --------
    >>> ref = next(find_references('[1] Coastal Times, "Storm hits", 10 March 2024. '
    ...                            'https://coast.example/a'))
    >>> ref.publisher, ref.title, ref.claimed_date
    ('Coastal Times', 'Storm hits', datetime.date(2024, 3, 10))
    """
    covered = _Covered()
    for m in _apa_matches(text):
        ref = _apa_reference(text, m)
        covered.add(ref.start, ref.end)
        yield ref
    styled = []
    for line in _candidate_lines(text):
        start, end = _strip_span(text, line.start, line.end)
        if start in covered or (end - 1) in covered:
            continue
        found = _styled_reference(text, line)
        if found is not None:
            styled.append(found)
            yield found
    for found in styled:
        covered.add(found.start, found.end)
    for m in _URL.finditer(text):
        if m.start() not in covered:
            bare = _bare_url(text, m)
            if bare is not None:
                yield bare
