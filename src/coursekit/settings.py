"""Case settings: the window of days, the widgets' defaults and the event categories.

Everything the timeline, the charts and the widgets need to know about a case that is
not a row of its tables lives here, read from the case itself:

* The ``coursekit`` block of the case's ``datapackage.json`` may declare them::

      "coursekit": {
        "window": {"first_day": "2025-07-28", "last_day": "2025-08-30"},
        "default_claim": "C14",
        "default_day": "2025-08-08",
        "event_categories": {
          "order": ["announcement", "diplomacy", "military", "summit"],
          "title_rules": [{"category": "summit", "words": ["summit at"]}],
          "otherwise": "diplomacy"
        }
      }

* Whatever the block leaves out is derived from the data: the window runs from the
  first to the last event, the default claim is the first claim, the default day is
  the day of the first event.
* An event's category is, in this order: its ``category`` cell when ``events.csv`` has
  that optional column (the schema's ``enum`` gives the categories and their order);
  otherwise the first title rule whose word starts a word of the event's title, or
  ``otherwise`` when none does; with neither, every event is in one neutral category,
  ``"event"``.

Examples
--------
>>> from coursekit import load_case
>>> load_case("summit-2025").settings.default_claim
'C14'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coursekit.vocabulary import schema_field

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from coursekit.cases import Case, CaseError

__all__ = ["NEUTRAL_CATEGORY", "CaseSettings", "case_settings"]

#: The one category of a case that declares no categories.
NEUTRAL_CATEGORY = "event"

# Keys of the coursekit block that hold settings.
_DECLARABLE = ("window", "default_claim", "default_day", "event_categories")


@dataclass(frozen=True)
class CaseSettings:
    """What the tools need to know about a case beyond its tables (see the module docstring).

    Attributes
    ----------
    first_day, last_day
        The window of days the timeline, charts and the day slider show (ISO dates).
    default_claim
        The claim the claim explorer opens on.
    default_day
        The day the known-on-day explorer opens on (ISO date, inside the window).
    categories
        The event categories, in the order the charts list them.
    title_rules
        ``(category, words)`` pairs tried in order on an event's title when the events
        table has no ``category`` column.
    otherwise
        The category of an event no rule and no cell places.
    declared
        The settings the case declares itself (the rest are derived from its data).
    """

    first_day: str
    last_day: str
    default_claim: str
    default_day: str
    categories: tuple[str, ...]
    title_rules: tuple[tuple[str, tuple[str, ...]], ...] = ()
    otherwise: str = NEUTRAL_CATEGORY
    declared: frozenset[str] = frozenset()

    @property
    def year_label(self) -> str:
        """The year(s) of the window, for axis titles: ``"2025"`` or ``"2018-2019"``."""
        first, last = self.first_day[:4], self.last_day[:4]
        return first if first == last else f"{first}-{last}"

    def category_of(self, title: str) -> str:
        """Return the category the title rules give an event title.

        Parameters
        ----------
        title
            An event title.

        Returns
        -------
        str
            The first rule's category with a word at the start of a word of the title
            (ignoring case), else :attr:`otherwise`.
        """
        lowered = str(title or "").lower()
        for category, words in self.title_rules:
            if any(re.search(r"\b" + re.escape(word.lower()), lowered) for word in words):
                return category
        return self.otherwise


def _problem(key: str, message: str, fix: str) -> CaseError:
    from coursekit.cases import CaseError, Problem

    problem = Problem("datapackage.json", None, f"coursekit.{key}", message, fix)
    return CaseError(problem.format(), [problem])


def _iso_day(value: object, key: str) -> str:
    import pandas as pd

    try:
        stamp = pd.Timestamp(str(value))
    except (ValueError, TypeError):
        stamp = pd.NaT
    if pd.isna(stamp) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        raise _problem(
            key, f"{value!r} is not a date.", "write the day as YYYY-MM-DD, e.g. 2019-03-12."
        )
    return f"{stamp:%Y-%m-%d}"


def _event_days(events: pd.DataFrame) -> pd.Series:
    import pandas as pd

    return pd.to_datetime(events["date"], errors="coerce").dropna().sort_values()


_Rules = tuple[tuple[str, tuple[str, ...]], ...]


def _categories(case: Case, block: dict[str, Any]) -> tuple[tuple[str, ...], _Rules, str]:
    """(categories, title rules, otherwise) from the block, the schema or the data."""
    declared = block.get("event_categories")
    if declared is not None and not isinstance(declared, dict):
        raise _problem(
            "event_categories",
            "is not an object.",
            'write it as {"order": [...], "title_rules": [...], "otherwise": "..."}.',
        )
    declared = declared or {}
    rules: _Rules = tuple(
        (str(rule["category"]), tuple(str(w) for w in rule.get("words", ())))
        for rule in declared.get("title_rules", ())
        if isinstance(rule, dict) and "category" in rule
    )
    constraints = schema_field(case.datapackage, "events", "category").get("constraints")
    enum = constraints.get("enum") if isinstance(constraints, dict) else None
    cells = None
    if "category" in case.events:
        column = case.events["category"]
        cells = column.astype(object).where(column.notna(), "").astype(str)
    order: list[str] = [str(c) for c in declared.get("order", ())]
    if not order and enum:
        order = [str(c) for c in enum]
    if not order and cells is not None:
        order = sorted({c for c in cells if c})
    if not order and rules:
        order = sorted({c for c, _ in rules} | {str(declared.get("otherwise", NEUTRAL_CATEGORY))})
    otherwise = str(declared.get("otherwise", order[0] if len(order) == 1 else NEUTRAL_CATEGORY))
    used = {c for c, _ in rules} | ({otherwise} if rules or not order else set())
    if cells is not None:
        used |= {c if c else otherwise for c in cells}
    if not order:
        order = [NEUTRAL_CATEGORY]
    unknown = sorted(used - set(order))
    if unknown:
        raise _problem(
            "event_categories",
            f"the categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(map(repr, unknown))} "
            f"{'is' if len(unknown) == 1 else 'are'} not in the order {order}.",
            "add it to event_categories.order (or to the category column's enum).",
        )
    return tuple(order), rules, otherwise


def case_settings(case: Case) -> CaseSettings:
    """Read a case's settings from its ``coursekit`` block, deriving what it leaves out.

    Parameters
    ----------
    case
        A loaded case. :attr:`coursekit.Case.settings` calls this once and keeps the result.

    Returns
    -------
    CaseSettings

    Raises
    ------
    coursekit.CaseError
        If the block declares a setting that does not fit the case (not a date, a day
        outside the window, a claim the case does not have, a category not listed); the
        message names the key in ``datapackage.json`` and how to fix it.
    """
    from coursekit.cases import CaseError

    block = case.datapackage.get("coursekit", {})
    block = block if isinstance(block, dict) else {}
    declared = {key for key in _DECLARABLE if key in block}
    problems = []
    days = [f"{d:%Y-%m-%d}" for d in _event_days(case.events)]
    window = block.get("window", {})
    window = window if isinstance(window, dict) else {}
    first = days[0] if days else "1970-01-01"
    last = days[-1] if days else first
    day = claim = ""
    categories: tuple[str, ...] = (NEUTRAL_CATEGORY,)
    rules: _Rules = ()
    otherwise = NEUTRAL_CATEGORY
    try:
        first = (
            _iso_day(window["first_day"], "window.first_day") if "first_day" in window else first
        )
        last = _iso_day(window["last_day"], "window.last_day") if "last_day" in window else last
        if last < first:
            raise _problem("window", f"ends ({last}) before it starts ({first}).", "swap the days.")
        if days and not any(first <= d <= last for d in days):
            raise _problem(
                "window",
                f"none of the case's {len(days)} events ({days[0]} to {days[-1]}) falls in the "
                f"window {first} to {last}.",
                "set first_day and last_day around the case's events, or leave the window out "
                "to use the first and last event.",
            )
        day = _iso_day(block["default_day"], "default_day") if "default_day" in block else first
        if not first <= day <= last:
            raise _problem(
                "default_day",
                f"{day} is outside the window {first} to {last}.",
                "pick a day inside the window, or leave default_day out to use the first day.",
            )
    except CaseError as error:
        problems.extend(error.problems)
    ids = [str(c) for c in case.claims["claim_id"]]
    claim = str(block.get("default_claim", ids[0] if ids else ""))
    if ids and claim not in ids:
        problems.extend(
            _problem(
                "default_claim",
                f"the case has no claim {claim!r}.",
                f"use one of the claim ids, e.g. {ids[0]}, or leave default_claim out to use "
                "the first claim.",
            ).problems
        )
    try:
        categories, rules, otherwise = _categories(case, block)
    except CaseError as error:
        problems.extend(error.problems)
    if problems:
        raise CaseError("\n".join(p.format() for p in problems), problems)
    return CaseSettings(
        first_day=first,
        last_day=last,
        default_claim=claim,
        default_day=day,
        categories=categories,
        title_rules=rules,
        otherwise=otherwise,
        declared=frozenset(declared),
    )
