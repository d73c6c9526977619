"""What was publicly known on a given day, and which of the article's claims fit that day.

A news article is written at one moment. Each claim it makes was true, or at least
matched public reporting, only during some window of days: "the location has not been
announced" fits before the venue was named, "in Anchorage" only after. Comparing the
windows of all claims shows whether any single publication day fits the whole article.

Dating rules (the same everywhere in the kit):

* An event's ``date`` is the local date where it happened (see the case schema). An
  event dated D counts as public on day D and every day after it.
* When an event's ``date_note`` records a time-zone or dating caveat (for example a
  statement made on the evening of 8 August in Washington, when it was already 9 August
  in Kyiv, Moscow and Asia), the event still counts from its local date, and
  :func:`event_status` sets ``caveat`` to that note on the event's own day and the day
  after, so lessons can point out that the answer depends on where the reader was.
* A claim's window is ``written_after`` .. ``written_before`` (both inclusive, from the
  case's claims table). A missing bound means "open on that side"; a claim with neither
  bound is not time-sensitive and fits every day.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # pragma: no cover
    from typing import TypeAlias

    import pandas as pd

    from coursekit.cases import Case
    from coursekit.settings import CaseSettings

#: A day as the kit accepts it: an ISO date text, a ``datetime.date`` or a pandas Timestamp.
DayLike: TypeAlias = Union[str, _dt.date, "pd.Timestamp"]

__all__ = [
    "BestFit",
    "DayLike",
    "best_fit",
    "best_publication_days",
    "claim_windows",
    "event_categories",
    "event_category",
    "event_status",
    "fits_on",
    "known_on",
    "to_day",
]


def to_day(day: DayLike) -> pd.Timestamp:
    """Turn a date given as text, ``datetime.date`` or Timestamp into a day (midnight).

    Raises
    ------
    ValueError
        If ``day`` cannot be read as a date; the message shows the expected format.
    """
    import pandas as pd

    try:
        stamp = pd.Timestamp(day)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"Cannot read {day!r} as a day. Give an ISO date such as '2025-08-08'."
        ) from error
    if pd.isna(stamp):
        raise ValueError(f"Cannot read {day!r} as a day. Give an ISO date such as '2025-08-08'.")
    return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()


def event_category(title: str, settings: CaseSettings) -> str:
    """Classify an event from its title with the case's title rules.

    The rules are the case's own (``event_categories.title_rules`` in the ``coursekit``
    block of its ``datapackage.json``; see :mod:`coursekit.settings`), so a reader can
    check every decision: the first rule with a word at the start of a word in the title
    wins, and titles that match none get the case's ``otherwise`` category.

    Parameters
    ----------
    title
        The event's title from the case's events table.
    settings
        The case's settings (``case.settings``).

    Returns
    -------
    str
        One of ``settings.categories``.

    Examples
    --------
    >>> from coursekit import load_case
    >>> settings = load_case("summit-2025").settings
    >>> event_category("Kremlin confirms a summit in the coming days", settings)
    'announcement'
    >>> event_category("Putin and Xi speak by phone", settings)
    'diplomacy'
    """
    return settings.category_of(title)


def event_categories(case: Case) -> pd.Series:
    """Return the category of every event of ``case``, indexed like ``case.events``.

    An event's ``category`` cell wins when the events table has that column (an empty
    cell gets the case's ``otherwise`` category); otherwise the case's title rules
    decide (:func:`event_category`).
    """
    events = case.events
    settings = case.settings
    if "category" in events:
        cells = events["category"].astype(str).where(events["category"].notna(), "")
        return cells.replace({"": settings.otherwise, "nan": settings.otherwise}).rename("category")
    return events["title"].map(settings.category_of).rename("category")


def event_status(case: Case, day: DayLike) -> pd.DataFrame:
    """Return every event with whether it was public on ``day``.

    Parameters
    ----------
    case
        A loaded case (``coursekit.load_case``).
    day
        The day to look at (ISO text, date or Timestamp).

    Returns
    -------
    pandas.DataFrame
        Columns ``event_id``, ``date``, ``title``, ``category``, ``confidence``,
        ``date_note``, ``known`` (bool: dated on or before ``day``) and ``caveat`` (the
        event's ``date_note`` when ``day`` is the event's date or the day after, the two
        days on which a time zone or a source's dating can change the answer; otherwise
        empty).
    """
    import pandas as pd

    when = to_day(day)
    events = case.events
    dates = pd.to_datetime(events["date"]).dt.normalize()
    notes = events.get("date_note", pd.Series("", index=events.index)).fillna("").astype(str)
    near = (dates == when) | (dates == when - pd.Timedelta(days=1))
    frame = pd.DataFrame(
        {
            "event_id": events["event_id"].astype(str),
            "date": dates,
            "title": events["title"].astype(str),
            "category": event_categories(case).astype(str),
            "confidence": events["confidence"].astype(str),
            "date_note": notes,
            "known": dates <= when,
            "caveat": notes.where(near & (notes != ""), ""),
        }
    )
    return frame.sort_values(["date", "event_id"]).reset_index(drop=True)


def known_on(case: Case, day: DayLike) -> pd.DataFrame:
    """Return the events that were public on or before ``day``.

    See the module docstring for the dating rules; a non-empty ``caveat`` says why the
    answer for this event may differ by time zone or by source on this day.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`event_status` with ``known`` true (same columns).
    """
    status = event_status(case, day)
    return status[status["known"]].reset_index(drop=True)


def claim_windows(case: Case) -> pd.DataFrame:
    """Return each claim's window of days on which it matched public reporting.

    Parameters
    ----------
    case
        A loaded case. Uses ``claims.written_after``, ``written_before`` and
        ``window_note`` when the case has them; without them every claim is treated
        as not time-sensitive.

    Returns
    -------
    pandas.DataFrame
        Columns ``claim_id``, ``text``, ``claim_type``, ``written_after``,
        ``written_before`` (Timestamps or NaT), ``window_note`` and ``time_sensitive``
        (bool: at least one bound is set).
    """
    import pandas as pd

    claims = case.claims
    empty = pd.Series(pd.NaT, index=claims.index, dtype="datetime64[ns]")
    after = pd.to_datetime(claims["written_after"]) if "written_after" in claims else empty
    before = pd.to_datetime(claims["written_before"]) if "written_before" in claims else empty
    note = (
        claims["window_note"].fillna("").astype(str)
        if "window_note" in claims
        else pd.Series("", index=claims.index)
    )
    frame = pd.DataFrame(
        {
            "claim_id": claims["claim_id"].astype(str),
            "text": claims["text"].astype(str),
            "claim_type": claims["claim_type"].astype(str),
            "written_after": after.dt.normalize(),
            "written_before": before.dt.normalize(),
            "window_note": note,
        }
    )
    frame["time_sensitive"] = frame["written_after"].notna() | frame["written_before"].notna()
    return frame.reset_index(drop=True)


def _fits(windows: pd.DataFrame, when: pd.Timestamp) -> pd.Series:
    after_ok = windows["written_after"].isna() | (windows["written_after"] <= when)
    before_ok = windows["written_before"].isna() | (windows["written_before"] >= when)
    return after_ok & before_ok


def fits_on(case: Case, day: DayLike) -> pd.DataFrame:
    """Return every claim's window and whether the claim fits a text written on ``day``.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`claim_windows` plus ``fits`` (bool). Claims that are not
        time-sensitive always fit.
    """
    windows = claim_windows(case)
    windows["fits"] = _fits(windows, to_day(day))
    return windows


def best_publication_days(
    case: Case, first: DayLike | None = None, last: DayLike | None = None
) -> pd.DataFrame:
    """Count, for every day from ``first`` to ``last``, how many time-sensitive claims fit.

    ``first`` and ``last`` default to the case's window of days (``case.settings``).

    The teaching point: for the case article no single day fits every claim, which
    suggests a text stitched together from reporting of different days.

    Returns
    -------
    pandas.DataFrame
        One row per day: ``day``, ``fitting`` (time-sensitive claims that fit),
        ``total`` (time-sensitive claims), ``not_fitting`` and ``misfits`` (the ids of
        the claims that do not fit, separated by ``;``). Empty counts when the case has
        no claim windows.
    """
    import pandas as pd

    windows = claim_windows(case)
    windows = windows[windows["time_sensitive"]]
    rows = []
    settings = case.settings
    first = settings.first_day if first is None else first
    last = settings.last_day if last is None else last
    for when in pd.date_range(to_day(first), to_day(last), freq="D"):
        fits = _fits(windows, when)
        rows.append(
            {
                "day": when,
                "fitting": int(fits.sum()),
                "total": len(windows),
                "not_fitting": int((~fits).sum()),
                "misfits": ";".join(windows.loc[~fits, "claim_id"]),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class BestFit:
    """The best publication days of an article: where the most time-sensitive claims fit.

    Printing it gives the three lines lesson 04 shows.
    """

    total: int
    """How many of the article's claims are time-sensitive."""
    fitting: int
    """The most of them that fit on any one day."""
    days: tuple[pd.Timestamp, ...]
    """The days on which that many fit, in order."""

    def __str__(self) -> str:
        from coursekit.analysis.text import format_date

        days = ", ".join(format_date(day, year=False, short=True) for day in self.days)
        return (
            f"time-sensitive claims: {self.total}\n"
            f"most that fit on any one day: {self.fitting}\n"
            f"on: {days}"
        )


def best_fit(case: Case, first: DayLike | None = None, last: DayLike | None = None) -> BestFit:
    """The days on which the most time-sensitive claims fit (see :func:`best_publication_days`).

    Parameters
    ----------
    case
        A loaded case.
    first, last
        The days to search; default the case's window of days (``case.settings``).

    Returns
    -------
    BestFit
        ``total``, ``fitting`` and ``days``; when no day fits all ``total`` claims, the
        article mixes material from different days.
    """
    days = best_publication_days(case, first, last)
    if days.empty:
        return BestFit(total=0, fitting=0, days=())
    most = int(days["fitting"].max())
    best = days.loc[days["fitting"] == most, "day"]
    return BestFit(total=int(days["total"].iloc[0]), fitting=most, days=tuple(best))
