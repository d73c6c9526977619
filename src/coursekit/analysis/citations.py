"""References and URL forensics: parse reference lists, read dates and ids out of URLs.

Reference lines are found by :mod:`coursekit.analysis.references` (APA-like lines,
lines in other common styles, bare URLs); :func:`find_references` and
:class:`ParsedReference` are re-exported here.

From the URL we read a publication date when the address encodes one
(``/2025/08/02/``, ``/2025/aug/04/``, ``/20250808/``, ``/2025-08-07-``) and, for
publishers whose URLs carry a running article number, an estimated date from
dated anchor ids kept as data in ``coursekit/lexicons/url_id_anchors.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from coursekit.analysis.lexicon import bundled_text
from coursekit.analysis.references import (
    ParsedReference,
    find_references,
    parse_claimed_date,
)
from coursekit.analysis.report import Finding
from coursekit.analysis.text import MONTHS, format_date

__all__ = [
    "Anchor",
    "ParsedReference",
    "estimate_id_date",
    "find_references",
    "id_anchors",
    "parse_claimed_date",
    "url_date",
    "url_numeric_id",
]

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


_REFERENCE_NOTE = (
    "A reference from the list. Check that it exists, that its date fits the events "
    "it reports, and that the date in its address matches."
)
_URL_NOTE = "A web address. Open it, or look for an archived copy, before trusting it."


def _citation(text: str, ref: ParsedReference, u_date: dt.date | None) -> Finding:
    """The finding for the reference itself, with its parsed parts."""
    claimed = ref.claimed_date
    return ref.finding(
        text,
        kind="citation",
        explanation=_REFERENCE_NOTE if ref.publisher or claimed or ref.title else _URL_NOTE,
        category="reference" if ref.publisher else "url",
        publisher=ref.publisher,
        claimed_date=claimed.isoformat() if claimed else None,
        url_date=u_date.isoformat() if u_date else None,
        details={"number": ref.number} if ref.number is not None else {},
    )


def _date_mismatch(
    text: str, ref: ParsedReference, url: str, claimed: dt.date, u_date: dt.date
) -> Finding | None:
    """A finding when the URL's date and the claimed date are more than a day apart.

    One day apart is left alone: a story dated by its publisher's time zone can carry the
    next day's date elsewhere.
    """
    if ref.url_start is None or ref.url_end is None or abs((claimed - u_date).days) <= 1:
        return None
    return Finding(
        kind="citation-date-mismatch",
        start=ref.url_start,
        end=ref.url_end,
        text=text[ref.url_start : ref.url_end],
        explanation=(
            f"The address says {format_date(u_date)} but the reference claims "
            f"{format_date(claimed)}. One of them is wrong; real references agree."
        ),
        category="url-date",
        claimed_date=claimed.isoformat(),
        url=url,
        url_date=u_date.isoformat(),
    )


def _url_era(text: str, ref: ParsedReference, url: str, claimed: dt.date) -> Finding | None:
    """A finding when a running article number in the URL belongs to another time."""
    numeric = url_numeric_id(url)
    if numeric is None or ref.url_start is None:
        return None
    publisher, article_id = numeric
    estimate = estimate_id_date(publisher, article_id)
    if estimate is None:
        return None
    est, lo, hi = estimate
    last_seen = numeric_scheme_last_seen(publisher)
    gap = abs((claimed - est).days)
    after_cutover = last_seen is not None and claimed > last_seen + dt.timedelta(days=90)
    if gap <= 60 and not after_cutover:
        return None
    id_start = ref.url_start + url.rfind(str(article_id))
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
    return Finding(
        kind="citation-url-era",
        start=id_start,
        end=id_start + len(str(article_id)),
        text=text[id_start : id_start + len(str(article_id))],
        explanation=reason,
        category="numeric-id",
        publisher=publisher,
        claimed_date=claimed.isoformat(),
        url=url,
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


def citation_findings(text: str, references: list[ParsedReference]) -> list[Finding]:
    """Turn parsed references into findings: the citation itself and any URL problems."""
    out: list[Finding] = []
    for ref in references:
        u_date = url_date(ref.url) if ref.url else None
        out.append(_citation(text, ref, u_date))
        if not ref.url or ref.url_start is None or ref.url_end is None:
            continue
        claimed = ref.claimed_date
        if claimed is None:
            continue
        problems = [
            _date_mismatch(text, ref, ref.url, claimed, u_date) if u_date else None,
            _url_era(text, ref, ref.url, claimed),
        ]
        out.extend(p for p in problems if p is not None)
    return out
