"""References and URL forensics: parse reference lists, read dates and ids out of URLs.

A reference line is recognised in two forms:

* APA-like: ``[1] Publisher. (2025, August 1). Title. Retrieved from https://...``
  (the leading number may be ``[1]``, ``1.`` or absent; "Available at" also works);
* a bare URL anywhere in the text.

From the URL we read a publication date when the address encodes one
(``/2025/08/02/``, ``/2025/aug/04/``, ``/20250808/``, ``/2025-08-07-``) and, for
publishers whose URLs carry a running article number, an estimated date from
dated anchor ids kept as data in ``coursekit/lexicons/url_id_anchors.csv``.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from coursekit.analysis.lexicon import bundled_text
from coursekit.analysis.text import MONTHS, format_date

__all__ = [
    "Anchor",
    "ParsedReference",
    "estimate_id_date",
    "find_references",
    "id_anchors",
    "url_date",
    "url_numeric_id",
]

# URLs: scheme or www., then non-space characters; trailing punctuation is trimmed afterwards.
_URL = re.compile(r"(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.)[^\s<>\"'“”‘’]+")
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

_URL_DATE_PATTERNS = [
    # /2025/08/02/ or /2025/8/6/ (NYT, CNN, Moscow Times, Ukrainska Pravda, KTOO)
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$|[-_])"),
    # /2025/aug/04/ (The Guardian)
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<mon>[a-z]{3,9})/(?P<d>\d{1,2})(?:/|$)", re.I),
    # /20250808/ (Sputnik), -20250808-, an id that starts with a date and a time
    # (/20250808143012/), or a query value (?date=20250808)
    re.compile(
        r"[/_=-](?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:\d{2}|\d{4}|\d{6})?"
        r"(?:[/_.?#&-]|$)"
    ),
    # /2025-08-07- (Daily Maverick, TimesLIVE), a slug ending in -2025-08-07, or a query
    # value (?date=2025-08-07)
    re.compile(r"[/_=-](?P<y>(?:19|20)\d{2})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?:[/_.?#&-]|$)"),
    # /08/07/2025/ (month, day, year)
    re.compile(r"/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)\d{2})(?:/|$)"),
]

_BBC_ID = re.compile(
    r"^(?:https?://)?(?:www\.|m\.|feeds\.)?(?:bbc\.co\.uk|bbc\.com|bbci\.co\.uk)/news/"
    r"(?:live/)?(?:[a-z][a-z-]*-)?(?P<id>\d{7,9})(?:$|[/?#])",
    re.IGNORECASE,
)


def url_date(url: str) -> dt.date | None:
    """Return the publication date written in a URL's path, or ``None``.

    Examples
    --------
    >>> url_date("https://www.theguardian.com/world/2025/aug/04/some-slug")
    datetime.date(2025, 8, 4)
    >>> url_date("https://www.bbc.co.uk/news/world-us-canada-59768752") is None
    True
    """
    path = re.sub(r"^(?:https?://)?[^/]*", "", url.strip())
    for pattern in _URL_DATE_PATTERNS:
        for m in pattern.finditer(path):
            groups = m.groupdict()
            month = MONTHS.get(groups["mon"].lower()) if groups.get("mon") else int(groups["m"])
            if not month:
                continue
            try:
                return dt.date(int(groups["y"]), month, int(groups["d"]))
            except ValueError:
                continue
    return None


def url_numeric_id(url: str) -> tuple[str, int] | None:
    """Return ``(publisher, id)`` when the URL carries a dated running article number."""
    m = _BBC_ID.match(url.strip())
    if m:
        return "BBC", int(m.group("id"))
    return None


@dataclass(frozen=True)
class Anchor:
    """A URL whose article id and publication date were both seen, and where."""

    publisher: str
    url: str
    id: int
    date: dt.date
    where_seen: str


@lru_cache(maxsize=1)
def id_anchors() -> tuple[Anchor, ...]:
    """The dated id anchors from ``coursekit/lexicons/url_id_anchors.csv``, sorted by id."""
    rows = csv.DictReader(io.StringIO(bundled_text("url_id_anchors.csv")))
    anchors = [
        Anchor(
            publisher=r["publisher"],
            url=r["url"],
            id=int(r["id"]),
            date=dt.date.fromisoformat(r["date"]),
            where_seen=r["where_seen"],
        )
        for r in rows
    ]
    return tuple(sorted(anchors, key=lambda a: a.id))


@lru_cache(maxsize=1)
def _schemes() -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(bundled_text("url_schemes.csv")))
    return {r["publisher"]: r for r in rows}


def numeric_scheme_last_seen(publisher: str) -> dt.date | None:
    """The last date a numeric-id URL of this publisher was seen (from ``url_schemes.csv``)."""
    row = _schemes().get(publisher)
    return dt.date.fromisoformat(row["last_seen"]) if row and row.get("last_seen") else None


def estimate_id_date(publisher: str, article_id: int) -> tuple[dt.date, Anchor, Anchor] | None:
    """Estimate the date of a running article id by linear interpolation between anchors.

    Returns the estimate and the two anchors used (the nearest below and above the id;
    outside the anchored range, the two nearest on one side), or ``None`` if the
    publisher has fewer than two anchors.
    """
    anchors = [a for a in id_anchors() if a.publisher == publisher]
    if len(anchors) < 2:
        return None
    below = [a for a in anchors if a.id <= article_id]
    above = [a for a in anchors if a.id > article_id]
    if below and above:
        lo, hi = below[-1], above[0]
    elif below:
        lo, hi = below[-2], below[-1]
    else:
        lo, hi = above[0], above[1]
    span_days = (hi.date - lo.date).days
    if hi.id == lo.id:
        return lo.date, lo, hi
    offset = (article_id - lo.id) * span_days / (hi.id - lo.id)
    return lo.date + dt.timedelta(days=round(offset)), lo, hi


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


# A reference line has "(19xx" or "(20xx" or "(n.d."; look for that first (a fast,
# literal-led scan) and try the full pattern only on those lines.
_APA_HINT = re.compile(r"\((?:19|20)\d\d|\(n\.d\.|\(no date")


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


def find_references(text: str) -> Iterator[ParsedReference]:
    """Yield the references in ``text``: APA-like lines first, then any remaining bare URLs."""
    covered: list[tuple[int, int]] = []
    for m in _apa_matches(text):
        publisher = " ".join(m.group("publisher").split()).rstrip(".") or None
        title = " ".join(m.group("title").split()).rstrip(".") or None
        url = m.group("url")
        url_start = url_end = None
        if url:
            url_start = m.start("url")
            url_end = _trim_url(text, url_start, m.end("url"))
            url = text[url_start:url_end]
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        num = m.group("num") or m.group("num2")
        covered.append((start, end))
        yield ParsedReference(
            start=start,
            end=end,
            number=int(num) if num else None,
            publisher=publisher,
            claimed_date=parse_claimed_date(m.group("date")),
            title=title,
            url=url,
            url_start=url_start,
            url_end=url_end,
        )
    # APA matches come in text order and do not overlap: bisect instead of scanning
    # them all for each URL (that was quadratic on long reference lists).
    covered_starts = [a for a, _ in covered]
    for m in _URL.finditer(text):
        i = bisect.bisect_right(covered_starts, m.start()) - 1
        if i >= 0 and covered[i][0] <= m.start() < covered[i][1]:
            continue
        end = _trim_url(text, m.start(), m.end())
        if end <= m.start():
            continue
        yield ParsedReference(
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


def citation_findings(text: str, references: list[ParsedReference]) -> list[dict[str, object]]:
    """Turn parsed references into finding dicts: the citation itself and any URL problems."""
    out: list[dict[str, object]] = []
    for ref in references:
        u_date = url_date(ref.url) if ref.url else None
        claimed = ref.claimed_date
        if ref.publisher or ref.claimed_date or ref.title:
            explanation = (
                "A reference from the list. Check that it exists, that its date fits the events "
                "it reports, and that the date in its address matches."
            )
        else:
            explanation = (
                "A web address. Open it, or look for an archived copy, before trusting it."
            )
        out.append(
            dict(
                kind="citation",
                start=ref.start,
                end=ref.end,
                explanation=explanation,
                category="reference" if ref.publisher else "url",
                publisher=ref.publisher,
                claimed_date=claimed.isoformat() if claimed else None,
                title=ref.title,
                url=ref.url,
                url_date=u_date.isoformat() if u_date else None,
                details={"number": ref.number} if ref.number is not None else {},
            )
        )
        if not ref.url or ref.url_start is None or ref.url_end is None:
            continue
        # One day apart is left alone: a story dated by its publisher's time zone can
        # carry the next day's date elsewhere.
        if claimed and u_date and abs((claimed - u_date).days) > 1:
            out.append(
                dict(
                    kind="citation-date-mismatch",
                    start=ref.url_start,
                    end=ref.url_end,
                    explanation=(
                        f"The address says {format_date(u_date)} but the reference claims "
                        f"{format_date(claimed)}. One of them is wrong; real references agree."
                    ),
                    category="url-date",
                    claimed_date=claimed.isoformat(),
                    url=ref.url,
                    url_date=u_date.isoformat(),
                )
            )
        numeric = url_numeric_id(ref.url)
        if numeric is None or claimed is None:
            continue
        publisher, article_id = numeric
        estimate = estimate_id_date(publisher, article_id)
        if estimate is None:
            continue
        est, lo, hi = estimate
        last_seen = numeric_scheme_last_seen(publisher)
        gap = abs((claimed - est).days)
        after_cutover = last_seen is not None and claimed > last_seen + dt.timedelta(days=90)
        if gap <= 60 and not after_cutover:
            continue
        id_start = ref.url_start + ref.url.rfind(str(article_id))
        reason = (
            f"Article number {article_id} fits about {format_date(est)} (between dated "
            f"{publisher} numbers {lo.id} of {format_date(lo.date)} and {hi.id} of "
            f"{format_date(hi.date)}), not {format_date(claimed)}."
        )
        if after_cutover and last_seen is not None:
            reason += (
                f" No numeric {publisher} news address dated after {format_date(last_seen)} has "
                "been seen; later articles use another address form."
            )
        out.append(
            dict(
                kind="citation-url-era",
                start=id_start,
                end=id_start + len(str(article_id)),
                explanation=reason,
                category="numeric-id",
                publisher=publisher,
                claimed_date=claimed.isoformat(),
                url=ref.url,
                details={
                    "article_id": article_id,
                    "estimated_date": est.isoformat(),
                    "anchors": [
                        {
                            "url": a.url,
                            "id": a.id,
                            "date": a.date.isoformat(),
                            "where_seen": a.where_seen,
                        }
                        for a in (lo, hi)
                    ],
                },
            )
        )
    return out
