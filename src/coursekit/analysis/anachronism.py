"""Anachronisms: references dated before the events they report, judged against a case timeline.

The rule, applied to each reference that has a claimed date and a title:

1. Find the *event words* of the title (``summit``, ``meet``, ``talks`` ... from
   ``coursekit/lexicons/event_words.csv``; each belongs to a group such as ``meeting``).
2. Find the *names* of the title that also appear in the title of a case event
   together with an event word of the same group (for example "Alaska" in
   "Trump announces a 15 August meeting in Alaska").
3. For the event word and for each such name, take the first case event (by date)
   whose title has both. The reference depends on the latest of these events.
   Where the title has words of several groups ("summit" and "meet"), the earliest
   of the groups' answers is kept, so the rule never claims more than the timeline shows.
4. If the reference's claimed date is before that event's date, it is an anachronism:
   it reports something that, according to the timeline, was not yet known.

Only event titles are used, not descriptions: titles name what the event *was*,
while descriptions also mention background (earlier deadlines, other people).

The lexicon is an optional boost that an instructor can extend. When none of its event
words ties a reference to the timeline (any case other than the summit, whose words it
lists), the reference is tied with the case's own words (:func:`case_word_dependency`):

1. A title that looks ahead (``to``, ``will``, ``expected`` ...) is skipped, as in the
   text-only rule below, unless it reports a later stage or an outcome.
2. The *terms* of the title are its words of four letters or more that are not
   function words. A term is found in an event when a word of the event's title,
   description, actors or place begins with the same five letters ("floods" and
   "flooded", "evacuated" and "evacuates").
3. For each term, take the first event (by date) that has it. The reference depends on
   the latest of these events that shares at least two terms with the title, so one
   stray word never dates a reference.
4. If the reference's claimed date is before that event's date, it is an anachronism.

Without a case (text-only rule)
-------------------------------
For text analysed with no case, :func:`text_anachronism_findings` compares each dated
reference with the article's own dates. A reference is flagged when all of these hold:

1. its title is not forward-looking (no ``to``, ``will``, ``plan``, ``set``, ``ahead``,
   ``expected``, ``scheduled`` ..., nor about preparations: ``agenda``, ``eve``,
   ``tickets`` ...: "Councils to sign deal" may well precede the signing),
   unless it also reports a later stage or an outcome of the event (``second day of``,
   ``after``, ``aftermath``, ``ends``, ``results of`` ...: "Leaders to meet again after
   summit ends" reports the end of the summit);
2. a sentence of the article body (before the first reference) gives exactly one full
   date (day, month and year; or a day and month whose year the text makes clear: its
   only year, or that of the nearest full date before) and shares with the title an
   event word of the same group (``sign`` / ``signing``, ``summit``, ``meet`` ...) and a
   capitalised name that is not the first word of the sentence (such as a place);
3. the reference's claimed date is earlier than that sentence's date.

Where several sentences qualify, the earliest date after the reference's date is quoted
in the explanation, so a reader can check the rule's reading.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coursekit.analysis.lexicon import Lexicon, bundled_lexicon
from coursekit.analysis.report import Finding
from coursekit.analysis.stages import TextYears, day_month_dates, later_stage_findings
from coursekit.analysis.text import MONTH_PATTERN, MONTHS, format_date, words

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.analysis.citations import ParsedReference
    from coursekit.cases import Case

__all__ = [
    "Dependency",
    "anachronism_findings",
    "case_word_dependency",
    "reference_dependency",
    "text_anachronism_findings",
]


_WORD = re.compile(r"[\w][\w'’]*(?:-[\w'’]+)*")
_TITLE_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "without",
        "but",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "not",
        "no",
        "new",
        "first",
        "last",
        "after",
        "before",
        "over",
        "under",
        "about",
        "into",
        "us",
    ]
)


@dataclass(frozen=True)
class Dependency:
    """The case event a reference depends on, and why."""

    event_id: str
    date: dt.date
    event_title: str
    terms: tuple[str, ...]
    via: str = "event words"  # or "case words" (see case_word_dependency)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s")


def _title_words(title: str) -> list[str]:
    return [m.group() for m in _WORD.finditer(title.replace("–", "-").replace("—", "-"))]


# (event_id, date, title, lower-case title words, capitalised title words)
_EventRow = tuple[str, dt.date, str, set[str], set[str]]


def _event_rows(case: Case) -> list[_EventRow]:
    """(event_id, date, title, lower-case words, capitalised words) per event, by date."""
    rows = []
    events = case.events
    for event_id, date, title in zip(
        events["event_id"], events["date"], events["title"], strict=True
    ):
        if date is None or str(date) in {"NaT", "nan"}:
            continue
        day = date.date() if hasattr(date, "date") else dt.date.fromisoformat(str(date)[:10])
        words = _title_words(str(title))
        lower = {_norm(w) for w in words}
        for w in words:  # also index the parts of "Trump-Putin"
            lower.update(_norm(p) for p in w.split("-") if p)
        caps = {_norm(p) for w in words for p in w.split("-") if p[:1].isupper()}
        rows.append((str(event_id), day, str(title), lower, caps))
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows


def _title_names(words: list[str], event_words: set[str]) -> set[str]:
    """The capitalised words of a title (and of its hyphenated parts), not event words."""
    names = {
        _norm(part)
        for w in words
        for part in w.split("-")
        if part[:1].isupper() and _norm(part) not in _TITLE_STOP
    }
    return names - event_words


def _group_dependency(
    group: str, forms: set[str], names: set[str], events: list[_EventRow]
) -> Dependency | None:
    """The latest event tied to the title by one group of event words (steps 2 and 3)."""
    with_word = [e for e in events if e[3] & forms]
    if not with_word:
        return None
    candidates: list[tuple[_EventRow, tuple[str, ...]]] = [(with_word[0], (group,))]
    for name in sorted(names):
        first = next((e for e in with_word if name in e[4]), None)
        if first is not None:
            candidates.append((first, (group, name)))
    latest_day = max(c[0][1] for c in candidates)
    terms = tuple(dict.fromkeys(t for c in candidates if c[0][1] == latest_day for t in c[1]))
    # Among events on that day, the one whose title holds most of the names.
    event = max(
        (c[0] for c in candidates if c[0][1] == latest_day),
        key=lambda e: (len(e[4] & set(terms)), -events.index(e)),
    )
    return Dependency(event[0], event[1], event[2], terms)


def reference_dependency(title: str, case: Case) -> Dependency | None:
    """Return the latest case event the reference title depends on (see the module rule)."""
    lexicon = bundled_lexicon("event_words")
    words = _title_words(title)
    groups: dict[str, set[str]] = {}
    for cue in lexicon.cues:
        groups.setdefault(cue.category, set()).add(cue.cue.lower())
    title_groups = {cue.category for w in words for cue in lexicon.lookup(w)}
    if not title_groups:
        return None
    names = _title_names(words, {c for g in groups.values() for c in g})
    events = _event_rows(case)
    found = [
        _group_dependency(group, groups[group], names, events) for group in sorted(title_groups)
    ]
    # Groups are alternative descriptions of one event ("summit", "meeting"): keep the
    # earliest, so the finding never claims more than the timeline shows.
    return min((d for d in found if d is not None), key=lambda d: d.date, default=None)


_CASE_TERM_LETTERS = 5  # terms match when they begin with the same five letters
_CASE_TERM_MIN = 4  # shorter words are not terms


def _term(word: str) -> str:
    return _norm(word)[:_CASE_TERM_LETTERS]


def _case_event_terms(case: Case) -> list[tuple[str, dt.date, str, set[str]]]:
    """(event_id, date, title, terms of title, description, actors and place), by date."""
    events = case.events
    columns = [c for c in ("title", "description", "actors", "place") if c in events]
    rows = []
    for index, (event_id, date) in enumerate(zip(events["event_id"], events["date"], strict=True)):
        if date is None or str(date) in {"NaT", "nan"}:
            continue
        day = date.date() if hasattr(date, "date") else dt.date.fromisoformat(str(date)[:10])
        text = " ".join(str(events[c].iloc[index]) for c in columns)
        terms = {_term(p) for w in _title_words(text) for p in w.split("-") if len(p) >= 2}
        rows.append((str(event_id), day, str(events["title"].iloc[index]), terms))
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows


def case_word_dependency(title: str, case: Case) -> Dependency | None:
    """Return the case event a reference title depends on, judged by the case's own words.

    See the module docstring (the rule after the lexicon's). Used when the event-word
    lexicon ties the title to no event.

    Parameters
    ----------
    title
        The reference's title.
    case
        A loaded case.

    Returns
    -------
    Dependency or None
        ``terms`` are the title's words found in that event; ``via`` is
        ``"case words"``. None when the title looks ahead or no event shares two terms.
    """
    if _looks_ahead(title):
        return None
    words = _title_words(title)
    terms: dict[str, str] = {}
    for word in words:
        for part in word.split("-"):
            if len(part) >= _CASE_TERM_MIN and _norm(part) not in _TITLE_STOP:
                terms.setdefault(_term(part), part)
    events = _case_event_terms(case)
    firsts = {next((i for i, e in enumerate(events) if t in e[3]), None) for t in terms}
    for event in (events[i] for i in sorted(i for i in firsts if i is not None)[::-1]):
        shared = [terms[t] for t in terms if t in event[3]]
        if len(shared) >= 2:
            return Dependency(event[0], event[1], event[2], tuple(shared), via="case words")
    return None


def anachronism_findings(text: str, references: list[ParsedReference], case: Case) -> list[Finding]:
    """Findings for references dated before the case event they depend on."""
    out: list[Finding] = []
    for ref in references:
        if ref.claimed_date is None or not ref.title:
            continue
        dep = reference_dependency(ref.title, case) or case_word_dependency(ref.title, case)
        if dep is None or ref.claimed_date >= dep.date:
            continue
        label = f"[{ref.number}]" if ref.number is not None else "This reference"
        if dep.via == "case words":
            parts = [f"'{term}'" for term in dep.terms]
            first = "the first event with all of these is on"
        else:
            parts = [f"a {dep.terms[0]}", *(n.title() for n in dep.terms[1:])]
            first = "this first appears on"
        about = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        explanation = (
            f"{label} is dated {format_date(ref.claimed_date)} but its title mentions {about}. "
            f"In the case timeline {first} {format_date(dep.date)} "
            f"({dep.event_id}: {dep.event_title}). "
            "A report cannot come before the news it reports."
        )
        out.append(
            ref.finding(
                text,
                kind="anachronism",
                explanation=explanation,
                category="reference-before-event",
                claimed_date=ref.claimed_date.isoformat(),
                event_id=dep.event_id,
                details={
                    "event_date": dep.date.isoformat(),
                    "event_title": dep.event_title,
                    "terms": list(dep.terms),
                    "days_early": (dep.date - ref.claimed_date).days,
                    "via": dep.via,
                },
            )
        )
    return out


_FORWARD = words(
    "to will would could may might plan plans planned set ahead expected expects "
    "scheduled schedule upcoming proposed prepare prepares preparing before "
    # preparations come before the event: "agree agenda for state visit", "eve of the vote"
    "agenda preparation preparations countdown eve invites invitation invitations tickets sets"
)
# A title that reports a later stage or the outcome of an event ("second day of", "after
# the summit", "talks end"): it cannot be forward-looking about that event.
_LATER_STAGE = re.compile(
    r"\b(?:second|third|final|last|closing)\s+day\s+of\b|\bday\s+(?:two|three|2|3)\b"
    r"|\bafter(?:math)?\b|\bin\s+the\s+wake\s+of\b|\bends?\b|\bended\b|\bconcluded?\b"
    r"|\bcloses\b|\bwraps?\s+up\b|\bresults?\s+of\b|\boutcome\s+of\b|\bfallout\b"
    r"|\breactions?\s+to\b|\bpost-",
    re.IGNORECASE,
)
_FULL_DATE = re.compile(
    rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m1>{MONTH_PATTERN})|(?P<m2>{MONTH_PATTERN})\s+"
    rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?)\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _full_dates(sentence: str) -> list[dt.date]:
    days = []
    for m in _FULL_DATE.finditer(sentence):
        month = MONTHS[(m.group("m1") or m.group("m2")).lower()]
        try:
            days.append(dt.date(int(m.group("y")), month, int(m.group("d1") or m.group("d2"))))
        except ValueError:  # "31 February": not a date, not this rule's business
            continue
    return days


def _looks_ahead(title: str) -> bool:
    """True for a forward-looking title that reports no later stage (rule 1)."""
    words = _title_words(title)
    return any(_norm(w) in _FORWARD for w in words) and not _LATER_STAGE.search(title)


def _groups_and_names(words: list[str], lexicon: Lexicon) -> tuple[set[str], set[str]]:
    """Event-word groups of a sentence, and its capitalised words after the first."""
    groups = {cue.category for w in words for cue in lexicon.lookup(w)}
    names = {_norm(w) for w in words[1:] if w[:1].isupper()}
    return groups, names


# (date, sentence start, sentence end) of a sentence that gives one full date
_Dated = tuple[dt.date, int, int]


def _dated_sentences(
    text: str, sentences: list[tuple[int, int]], body_end: int, lexicon: Lexicon
) -> dict[tuple[str, str], list[_Dated]]:
    """Body sentences with one full date, by (event-word group, name), each list sorted.

    Each reference then costs a few look-ups however many dated sentences the text has
    (no references x sentences loop).
    """
    index: dict[tuple[str, str], list[_Dated]] = {}
    years = TextYears(text)
    for start, end in sentences:
        if end > body_end:
            break
        sentence = text[start:end]
        # A full date, else a day and month whose year the text makes clear ("on 14 March").
        if _FULL_DATE.search(sentence):
            days = _full_dates(sentence)
        else:
            days = day_month_dates(text, start, end, years)
        if len(days) != 1:
            continue
        groups, names = _groups_and_names(_title_words(sentence), lexicon)
        for key in {(g, n) for g in groups for n in names}:
            index.setdefault(key, []).append((days[0], start, end))
    for entries in index.values():
        entries.sort()
    return index


def _earliest_after(
    index: dict[tuple[str, str], list[_Dated]],
    keys: set[tuple[str, str]],
    claimed: dt.date,
    limit: int,
) -> _Dated | None:
    """The earliest article date after the reference's date: the least the rule claims."""
    best: _Dated | None = None
    for key in keys:
        entries = index.get(key, [])
        i = bisect.bisect_right(entries, (claimed, limit, limit))
        if i < len(entries) and (best is None or entries[i] < best):
            best = entries[i]
    return best


def _text_anachronism(
    text: str,
    ref: ParsedReference,
    claimed: dt.date,
    title: tuple[list[str], set[str], set[str]],
    dated: _Dated,
    lexicon: Lexicon,
) -> Finding:
    """The finding for a reference dated before the sentence ``dated`` of the article."""
    words, title_groups, title_names = title
    day, start, end = dated
    groups, names = _groups_and_names(_title_words(text[start:end]), lexicon)
    shared = sorted(title_names & names)
    label = f"[{ref.number}]" if ref.number is not None else "This reference"
    both = title_groups & groups
    event_words = [w for w in words if any(c.category in both for c in lexicon.lookup(w))]
    terms = list(dict.fromkeys([*event_words, *(n.title() for n in shared)]))
    about = ", ".join(terms[:-1]) + " and " + terms[-1]
    explanation = (
        f"{label} is dated {format_date(claimed)} and its title mentions {about}, "
        f"but the article itself dates that to {format_date(day)}. "
        "A report cannot come before the event it reports."
    )
    return ref.finding(
        text,
        kind="anachronism",
        explanation=explanation,
        category="reference-before-article-date",
        claimed_date=claimed.isoformat(),
        details={
            "event_date": day.isoformat(),
            "sentence_start": start,
            "sentence_end": end,
            "terms": terms,
            "days_early": (day - claimed).days,
        },
    )


def text_anachronism_findings(
    text: str, references: list[ParsedReference], sentences: list[tuple[int, int]]
) -> list[Finding]:
    """Findings for references dated before the date the article itself gives.

    See "Without a case" in the module docstring for the rule.
    """
    dated = [r for r in references if r.claimed_date is not None and r.title]
    if not dated:
        return []
    lexicon = bundled_lexicon("event_words")
    index = _dated_sentences(text, sentences, min(r.start for r in references), lexicon)
    out: list[Finding] = []
    for ref in dated:
        claimed, title = ref.claimed_date, str(ref.title)
        if claimed is None or _looks_ahead(title):  # claimed: never None here (dated)
            continue
        words = _title_words(title)
        title_groups = {cue.category for w in words for cue in lexicon.lookup(w)}
        title_names = {_norm(w) for w in words if w[:1].isupper()} - _TITLE_STOP
        keys = {(g, n) for g in title_groups for n in title_names}
        best = _earliest_after(index, keys, claimed, len(text))
        if best is not None:
            out.append(
                _text_anachronism(
                    text, ref, claimed, (words, title_groups, title_names), best, lexicon
                )
            )
    # Titles that report a later stage or an outcome (analysis/stages.py).
    return [*out, *later_stage_findings(text, references, sentences, {f.start for f in out})]
