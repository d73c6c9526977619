"""Later stages and outcomes: references that report what came after an event dated later.

A text-only anachronism rule (no case needed), beside the one in
:mod:`coursekit.analysis.anachronism`. A reference is flagged when all of these hold:

1. its title reports a **later stage or an outcome** of something ("aftermath of the
   storm", "results of the public hearing", "inquiry findings", "second day of the
   talks", "after the launch", "reactions to the vote", "talks end", "closing speeches
   in the trial", "day three of the strike", "final round of the talks", "operator
   responds to the report"), or an outcome in a headline's passive form ("Marwood jailed
   for theft", "Depot sale approved by council"; then the dating sentence of step 2 must
   also name the trial or the decision: *sentenced*, *trial*, *court*, *vote*, *decide*
   ...);
2. a sentence of the article body (before the reference list) names what that stage
   belongs to (a *head* word of the stage phrase, such as "storm", "hearing",
   "inquiry", "launch"; words match when they begin with the same five letters) and
   gives a date: a full date, or a day and month whose year the text makes clear (the
   only year it mentions, or the year of the nearest full date before it);
3. every date in that sentence is later than the reference's claimed date, and no other
   such sentence dates it on or before the reference's date (a date a later plan replaced,
   "had been scheduled for 18 June", "was originally due", is left out).

A report of the aftermath, the results or the second day of something cannot be older
than the thing itself. Where several sentences qualify, the earliest date is quoted, so
the finding claims no more than the article shows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from coursekit.analysis.references import (
    ParsedReference,
    find_written_dates,
    parse_written_date,
)
from coursekit.analysis.report import Finding
from coursekit.analysis.text import (
    ANY_YEAR,
    MONTH_ABBREVIATION_PATTERN,
    MONTH_PATTERN,
    MONTHS,
    format_date,
    words,
)

__all__ = ["TextYears", "day_month_dates", "later_stage_findings", "stage_heads"]

_HEAD = r"(?P<head>(?:[\w'’-]+[ \t]+){0,3}[\w'’-]+)"
# "<stage> of/to/after HEAD": the head follows the stage words.
_STAGE_BEFORE = re.compile(
    r"\b(?P<marker>(?:second|third|fourth|final|last|closing)[ \t]+day[ \t]+of|aftermath[ \t]+of"
    r"|results?[ \t]+of|outcome[ \t]+of|fallout[ \t]+(?:of|from)|reactions?[ \t]+to"
    r"|verdict[ \t]+(?:in|on)|findings[ \t]+of|end[ \t]+of|lessons[ \t]+(?:of|from)"
    r"|clean-?up[ \t]+after|after|in[ \t]+the[ \t]+wake[ \t]+of|following"
    r"|(?:responds?|responded|reacts?|reacted)[ \t]+to"
    r"|(?:contain|contains|contained|extinguish|extinguishes|extinguished)"
    r"|(?:closing[ \t]+(?:speeches|arguments|statements)|jury[ \t]+(?:retires|deliberations)"
    r"|sentencing|day[ \t]+(?:two|three|four|five|six|seven|[2-9]|1\d)"
    r"|(?:second|third|fourth|final|last)[ \t]+(?:week|round|leg|stage|session))"
    r"(?:[ \t]+(?:heard|begins?|begin|held|opens?|continues?|underway|under[ \t]+way))?"
    r"[ \t]+(?:in|of|at|for))"
    r"[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+|this[ \t]+|last[ \t]+|[\w'’-]+['’]s?[ \t]+)?" + _HEAD,
    re.IGNORECASE,
)
# "HEAD ends/findings/verdict": the head comes before the stage words.
_STAGE_AFTER = re.compile(
    r"\b(?P<head>[\w'’-]+)[ \t]+(?P<stage>findings|verdict|results|outcome|aftermath|ends|ended"
    r"|closes|closed|concludes|concluded|wraps[ \t]+up|draws[ \t]+to[ \t]+a[ \t]+close"
    # an emergency brought to an end: "blaze contained", "fire under control"
    r"|contained|extinguished|put[ \t]+out|(?:brought[ \t]+)?under[ \t]+control)\b",
    re.IGNORECASE,
)
# "Marwood jailed for theft", "Depot sale approved by council": an outcome reported in a
# headline's passive form. The head is the one or two words before it.
_OUTCOME = re.compile(
    r"\b(?P<head>(?:[\w'’-]+[ \t]+)?[\w'’-]+)[ \t]+(?P<stage>jailed|convicted|acquitted"
    r"|sentenced|found[ \t]+guilty|approved|rejected|passed|voted[ \t]+down|thrown[ \t]+out)\b",
    re.IGNORECASE,
)
# What an outcome is the outcome of: the article sentence that dates it must name the
# trial or the decision too ("would be sentenced on 23 October", "a council vote on 15
# May"), so a later date of the thing itself ("the budget takes effect on 1 July") is not
# taken for the decision's.
_COURT_OUTCOMES = words("jailed convicted acquitted sentenced found")
_COURT_TERMS = frozenset(["sente", "trial", "verdi", "jury", "court", "convi", "judge"])
_DECISION_TERMS = frozenset(["vote", "votes", "voted", "decid", "decis", "ballo", "refer"])
# A date that a later plan replaced: "had been scheduled for 18 June", "was originally due".
_SUPERSEDED = re.compile(
    r"\b(?:had[ \t]+been[ \t]+(?:scheduled|planned|set|due|expected)|originally|initially"
    r"|postponed[ \t]+from|was[ \t]+due|were[ \t]+due)\b",
    re.IGNORECASE,
)
_STOP = words(
    "a an and the of to in on at for with by from as is are was were be been not no new "
    "after before over under about into its their his her this that these those off out "
    "up down day days second third final last closing first more most than then "
    # words too general to tie a title to one event
    "case cases news report reports update updates latest live week weeks year years month "
    "months time times people story stories order orders"
)
_AHEAD = words("to will would could may might plan plans planned expected scheduled set upcoming")
# Markers that report a stage reached, unless the title looks ahead ("Council to lift ban",
# "Bridge to open after inquiry").
_LOOKS_AHEAD_AFTER_TO = words(
    "after following contain contains contained extinguish extinguishes extinguished put "
    "under brought"
)
_TERM_LETTERS = 5  # words match when they begin with the same five letters
_TERM_MIN = 4  # shorter words are not terms
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+"
    rf"(?P<m1>{MONTH_PATTERN}|{MONTH_ABBREVIATION_PATTERN})\.?"
    rf"|(?P<m2>{MONTH_PATTERN}|{MONTH_ABBREVIATION_PATTERN})\.?[ \t]+(?P<d2>[0-3]?\d)"
    rf"(?:st|nd|rd|th)?)\b(?![ \t]*,?[ \t]*(?:19|20)\d\d)",
    re.IGNORECASE,
)
_MAX_MONTHS_APART = 6  # a year taken from a full date only this close in the calendar


def _term(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s")[:_TERM_LETTERS]


def _terms(text: str) -> set[str]:
    return {
        _term(w)
        for m in _WORD.finditer(text)
        for w in m.group().split("-")
        if len(w) >= _TERM_MIN and w.lower() not in _STOP
    }


def stage_heads(title: str) -> set[str]:
    """The terms a title's later-stage phrase belongs to ("aftermath of the storm" -> storm).

    Parameters
    ----------
    title
        A reference's title.

    Returns
    -------
    set of str
        Five-letter prefixes of the head words; empty when the title reports no later
        stage or outcome.

    Examples
    --------
    >>> sorted(stage_heads("Tram line: results of the public hearing"))
    ['heari', 'publi']
    >>> stage_heads("Council to hold public hearing")
    set()
    """
    heads: set[str] = set()
    # "Bridge to open after inquiry" looks ahead: "after" there is no stage already reached.
    ahead = bool(_AHEAD & {w.lower() for w in _WORD.findall(title)})
    for m in _STAGE_BEFORE.finditer(title):
        if not (ahead and m.group("marker").lower().split()[0] in _LOOKS_AHEAD_AFTER_TO):
            heads |= _terms(m.group("head"))
    for m in _STAGE_AFTER.finditer(title):
        if not (ahead and m.group("stage").lower().split()[0] in _LOOKS_AHEAD_AFTER_TO):
            heads |= _terms(m.group("head"))
    return heads


def _outcome_heads(title: str) -> tuple[set[str], frozenset[str]]:
    """Head terms of an outcome headline and the terms its dating sentence must have.

    ``({"marwo"}, court terms)`` for "Marwood jailed for charity theft"; empty heads when
    the title reports no outcome or looks ahead ("Council to approve depot sale").
    """
    if _AHEAD & {w.lower() for w in _WORD.findall(title)}:
        return set(), frozenset()
    heads: set[str] = set()
    need: set[str] = set()
    for m in _OUTCOME.finditer(title):
        heads |= _terms(m.group("head"))
        court = m.group("stage").lower().split()[0] in _COURT_OUTCOMES
        need |= _COURT_TERMS if court else _DECISION_TERMS
    return heads, frozenset(need)


@dataclass(frozen=True)
class _Dated:
    """A body sentence, its terms and its earliest date."""

    start: int
    end: int
    terms: frozenset[str]
    date: dt.date
    superseded: bool = False  # "The vote had been scheduled for 18 June": a plan changed


class TextYears:
    """The year of a day-and-month date without one, as far as the text makes it clear."""

    def __init__(self, text: str) -> None:
        years = set(ANY_YEAR.findall(text))
        self.only = int(years.pop()) if len(years) == 1 else None
        self.full: list[tuple[int, dt.date]] = []
        for m in find_written_dates(text):
            day = parse_written_date(m)
            if day is not None:
                self.full.append((m.start(), day))

    def year_for(self, pos: int, month: int) -> int | None:
        """The only year of the text, else that of the nearest full date before ``pos``."""
        if self.only is not None:
            return self.only
        i = bisect.bisect_left(self.full, (pos, dt.date.min)) - 1
        if i >= 0 and abs(self.full[i][1].month - month) <= _MAX_MONTHS_APART:
            return self.full[i][1].year
        return None


def _sentence_dates(text: str, start: int, end: int, years: TextYears) -> list[dt.date]:
    sentence = text[start:end]
    days = [d for m in find_written_dates(sentence) if (d := parse_written_date(m)) is not None]
    return days + day_month_dates(text, start, end, years)


def day_month_dates(text: str, start: int, end: int, years: TextYears) -> list[dt.date]:
    """Days and months without a year in ``text[start:end]``, with the year the text makes clear.

    Parameters
    ----------
    text
        The whole text (the year comes from it).
    start, end
        The span to read, such as a sentence.
    years
        The text's years (:class:`TextYears` of ``text``).

    Returns
    -------
    list of datetime.date
        One date per "14 March" or "March 14" whose year is clear; impossible dates are
        left out.
    """
    sentence = text[start:end]
    days = []
    for m in _DAY_MONTH.finditer(sentence):
        month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
        year = years.year_for(start + m.start(), month)
        if year is None:
            continue
        try:
            days.append(dt.date(year, month, int(m.group("d1") or m.group("d2"))))
        except ValueError:
            continue
    return days


def _dated_sentences(
    text: str, sentences: Sequence[tuple[int, int]], body_end: int
) -> Iterator[_Dated]:
    years = TextYears(text)
    for start, end in sentences:
        if start >= body_end:
            break
        days = _sentence_dates(text, start, min(end, body_end), years)
        if days:
            superseded = _SUPERSEDED.search(text, start, end) is not None
            yield _Dated(start, end, frozenset(_terms(text[start:end])), min(days), superseded)


def _explanation(ref: ParsedReference, claimed: dt.date, dated: _Dated, text: str) -> str:
    label = f"[{ref.number}]" if ref.number is not None else "This reference"
    sentence = " ".join(text[dated.start : dated.end].split())
    if len(sentence) > 90:
        sentence = sentence[:87].rstrip() + "..."
    return (
        f"{label} is dated {format_date(claimed)}, but its title (\u201c{ref.title}\u201d) "
        f"reports a later stage or an outcome of something the article dates to "
        f"{format_date(dated.date)} (\u201c{sentence}\u201d). A report of what came after "
        "an event cannot be older than the event."
    )


def _earliest_match(
    heads: set[str], claimed: dt.date, dated: Sequence[_Dated], need: frozenset[str] = frozenset()
) -> _Dated | None:
    matches = [
        d for d in dated if d.terms & heads and (not need or d.terms & need) and not d.superseded
    ]
    if any(d.date <= claimed for d in matches):
        return None  # the article also dates it on or before the reference: no conflict
    return min(matches, key=lambda d: d.date, default=None)


def _title_heads(title: str) -> tuple[set[str], frozenset[str]]:
    """The stage heads of a title, else its outcome heads with the terms they need."""
    heads = stage_heads(title)
    return (heads, frozenset()) if heads else _outcome_heads(title)


def later_stage_findings(
    text: str,
    references: Sequence[ParsedReference],
    sentences: Sequence[tuple[int, int]],
    flagged: Collection[int] = (),
) -> list[Finding]:
    """Anachronism findings for references reporting a later stage of a later-dated event.

    Parameters
    ----------
    text
        The analysed text.
    references
        The references found in it (:func:`coursekit.analysis.references.find_references`).
    sentences
        Sentence spans of ``text``, in order.
    flagged
        Start offsets of references another rule has already flagged (skipped here).

    Returns
    -------
    list of Finding
        One ``anachronism`` finding (category ``later-stage-before-event``) per flagged
        reference, spanning the reference; ``details`` holds the article sentence's
        offsets and date.
    """
    candidates = [
        (ref, heads, need)
        for ref in references
        if ref.claimed_date is not None and ref.title and ref.start not in flagged
        for heads, need in [_title_heads(ref.title)]
        if heads
    ]
    if not candidates:
        return []
    listed = [r.start for r in references if r.publisher or r.title]
    dated = list(_dated_sentences(text, sentences, min(listed, default=len(text))))
    out: list[Finding] = []
    for ref, heads, need in candidates:
        claimed = ref.claimed_date
        match = _earliest_match(heads, claimed, dated, need) if claimed else None
        if match is None or claimed is None:
            continue
        out.append(
            ref.finding(
                text,
                kind="anachronism",
                explanation=_explanation(ref, claimed, match, text),
                category="later-stage-before-event",
                claimed_date=claimed.isoformat(),
                details={
                    "event_date": match.date.isoformat(),
                    "sentence_start": match.start,
                    "sentence_end": match.end,
                    "days_early": (match.date - claimed).days,
                },
            )
        )
    return out
