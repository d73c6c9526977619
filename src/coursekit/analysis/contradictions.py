"""Internal contradictions: pairs of statements in one text that cannot both be true.

Five rules; a finding points at the first statement (``start``/``end``) and the second
(``other_start``/``other_end``), and its explanation names what conflicts:

``announced-vs-not-announced``
    A place or a date is given for an event anywhere in the text ("scheduled ... in
    Anchorage", "in the coastal city of Varna", "at the foreign ministry in Valmora",
    "will now take place ... at the council chamber on Market Street",
    "will open on Monday, 8 June"), and elsewhere the same kind of detail is said to be
    unknown or undecided ("the venue has not been announced / disclosed / made public /
    fixed / agreed", "no date has been set", "remains to be decided", "is still under
    discussion", "have yet to announce where", "declined to say when"); also a planned
    date and "it is not yet known when" / "no decision has been taken on when" with the
    same verb ("would be sentenced on 23 October" / "not yet known when Marwood will be
    sentenced"; "will reopen on Monday" / "when classes would resume"). A detail of
    something else ("the location of the missing boat") is not compared, nor a date with
    a place. The venue paired is the same event's (its event noun or meeting verb) where
    the text gives several; a venue of another occasion ("last met in 2022, at a
    conference in Lund", "last year's forum was held in ...") is never paired.
``firm-vs-tentative``
    The same event is called firm ("scheduled", "confirmed", "fixed for", "slated for")
    and only possible ("potential", "possible", "proposed") in the same text.
``first-since-vs-last``
    "the first ... since 2019" (or "the first ... in a decade", counted back from the
    latest year the text mentions) and "last met, in 2022": if they last met in 2022,
    the meeting cannot be the first since 2019. Any words or punctuation may come between.
    "The last special election was in 2020" counts when the same words follow a "first",
    and so does a dated occurrence in between ("the two leaders met in Geneva in 2021":
    the same thing, a word of the first statement, a year after the "since" year), also
    when told with the verb of the event ("last lost to Ellery in 2017" after a "first
    home defeat", "sold ... in 2019" after a "first sale", "previously cut 300 jobs in
    2020" after "the first round of layoffs").
``conflicting-numbers``
    A count or a sum ("Some 40 trawlers have been idle", "three ships", "the project would
    cost 120 million euros") and a later definite mention of the same thing with another
    number ("the 25 idle trawlers", "both ships", "put the cost at 150 million euros",
    a possessive: "Halvard's 3,600 employees" after "employs 4,200 people"); a few
    descriptions count as the same ("enrolled" and "who took part", "moved to shelters"
    and "evacuated", "a crowd of" and "who packed the stands", "heard evidence from"
    and "who testified", "have walked out" and "striking", "power was cut to" and "that
    lost electricity"). "Including" after a count ("31 witnesses, including ...") does
    not make it a part.
    A sentence where the count may change or counts a part (*rose*, *now*, *toll*,
    *of the*, *another* ...) is never compared; rounding words (*about*, *some*,
    *nearly*) allow a difference of up to 15 per cent and bounds (*at least*, *under*)
    one on their side; rates ("a year"), nouns counted in many unrelated ways (*years*,
    *votes*, *people* ...) and a differently described group ("the 12 injured
    passengers") are not compared.

``conflicting-dates``
    One event given two different dates in two sentences ("the summit will take place on
    4 May", "the summit is scheduled for 6 May"). A reported change of plan
    (*postponed*, *originally*, *moved* ...), another occasion (*the second debate*, a
    sentence dated to another year) or the same day written twice is not a conflict.

Lines of the reference list are left out: a reference's title is what another
outlet wrote, not a statement of this text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from coursekit.analysis.lexicon import trie_pattern
from coursekit.analysis.report import Finding
from coursekit.analysis.text import (
    ANY_YEAR,
    DAY_NAMES,
    DAY_PATTERN,
    MONTH_ABBREVIATION_PATTERN,
    MONTH_NAMES,
    MONTH_PATTERN,
    MONTHS,
    literal_starts,
    matches_at,
    words,
)

__all__ = ["contradiction_findings"]


#: Nouns for scheduled events; in trie form (shared prefixes tried once), which is faster.
_EVENT_NOUNS = words(
    "summit meeting talks visit conference negotiations ceremony signing vote hearing trial "
    "election match concert festival launch rally debate gala forum congress convention "
    "exhibition parade tournament inquiry dinner reception game final championship "
    "retrial sentencing inquest referendum"
)
_EVENT = trie_pattern(sorted(_EVENT_NOUNS))
_SP = r"[^\S\n]+"  # white space within a line
_NOT_ANNOUNCED = re.compile(
    r"(?P<subj>location|venue|place|site|city|date|timing|day)\b"
    r"(?P<between>(?:[^\S\n]+[\w'’-]+){0,7}?)[^\S\n]+"
    r"(?:(?:has|have|had)[^\S\n]+(?:not|yet[^\S\n]+to)[^\S\n]+(?:yet[^\S\n]+)?(?:been[^\S\n]+|be[^\S\n]+)?"
    r"|(?:is|was|are|were|remains|remained)[^\S\n]+(?:still[^\S\n]+)?(?:not[^\S\n]+(?:yet[^\S\n]+)?|to[^\S\n]+be[^\S\n]+|un)"
    r"|(?:is|was)[^\S\n]+(?:still[^\S\n]+)?(?:yet[^\S\n]+)?to[^\S\n]+be[^\S\n]+"
    r"|(?:is|was|are|were)[^\S\n]+(?:still[^\S\n]+)?being[^\S\n]+"
    r"|(?:is|was|are|were|remains|remained)[^\S\n]+(?:still[^\S\n]+)?(?=under[^\S\n]+discussion|open\b|undecided|unclear|unknown|a[^\S\n]+secret))"
    r"(?:announced|decided|disclosed|revealed|released|confirmed|set|determined|named|known"
    r"|fixed|agreed|chosen|finali[sz]ed|made[^\S\n]+public|under[^\S\n]+discussion|open"
    r"|kept[^\S\n]+(?:secret|under[^\S\n]+wraps|confidential)"
    r"|discussed|negotiated|worked[^\S\n]+out|arranged|organi[sz]ed|sought"
    r"|undecided|unclear|unknown|a[^\S\n]+secret)\b",
)
# "No date has been set", "no venue has yet been agreed"
_NO_DETAIL = re.compile(
    r"no(?:[^\S\n]+(?:firm|final|exact|new))?[^\S\n]+(?P<subj>location|venue|place|site|date|day)"
    r"[^\S\n]+(?:has|had|have)[^\S\n]+(?:yet[^\S\n]+)?been[^\S\n]+"
    r"(?:set|fixed|announced|chosen|agreed|decided|named|confirmed|disclosed|made[^\S\n]+public)\b"
)
# "Where the talks will be held is still unclear", "organisers have not said when ..."
_WHERE_WHEN = re.compile(
    r"(?:(?P<w1>where|when)[^.!?\n]{0,60}?\b(?:is|remains|was|remained)[^\S\n]+(?:still[^\S\n]+)?"
    r"(?:unclear|unknown|undecided|uncertain|open|not[^\S\n]+(?:yet[^\S\n]+)?(?:known|clear|decided"
    r"|announced|settled))"
    r"|(?:has|have|had|did|do|does)[^\S\n]+not[^\S\n]+(?:yet[^\S\n]+)?(?:said|announced|disclosed"
    r"|revealed|decided|confirmed|agreed|specified|named)[^\S\n]+(?P<w2>where|when))\b"
)
# "have yet to announce where", "declined to say when", "have not set a date", "it is
# unclear where", "it has not been decided when"
_UNSAID = re.compile(
    r"(?:(?:has|have|had)[^\S\n]+yet[^\S\n]+to|(?:declined|refused)[^\S\n]+to"
    r"|would[^\S\n]+not|(?:has|have|had|did|do|does)[^\S\n]+not(?:[^\S\n]+yet)?)[^\S\n]+"
    r"(?:say|said|announce|announced|disclose|disclosed|reveal|revealed|decide|decided|confirm"
    r"|confirmed|specify|specified|name|named|set|fix|fixed|choose|chosen|pick|picked)[^\S\n]+"
    r"(?:(?P<w1>where|when)|(?:a|the|any)[^\S\n]+(?:(?:firm|final|exact|new)[^\S\n]+)?"
    r"(?P<subj>date|venue|location|place|site))\b"
    r"|(?:(?:it[^\S\n]+is|it's|it[^\S\n]+remains|it[^\S\n]+was)[^\S\n]+(?:still[^\S\n]+)?"
    r"(?:not[^\S\n]+(?:yet[^\S\n]+)?(?:known|clear|decided|certain)|unclear|unknown|undecided"
    r"|uncertain)|(?:has|have|had)[^\S\n]+not[^\S\n]+(?:yet[^\S\n]+)?been[^\S\n]+"
    r"(?:decided|announced|confirmed|disclosed|agreed|settled))[^\S\n]+(?P<w2>where|when)\b"
)
_UNSAID_WORDS = ("where", "when", "date", "venue", "location", "place", "site")
_UNSAID_TARGET = re.compile(rf"\b(?:{'|'.join(_UNSAID_WORDS)})\b")


_AUX_BEFORE_NOT = ("has", "have", "had", "did", "do", "does")


def _where_when(text: str, low: str | None) -> Iterator[re.Match[str]]:
    """Word-initial matches of _WHERE_WHEN, tried only where one may start (fast).

    A match starts with "where"/"when", or with "has", "did" ... before "not".
    """
    if low is None:
        return _find(_WHERE_WHEN, text, None)
    starts = literal_starts(low, ["whe"])
    for n in literal_starts(low, ["not"]):
        j = n
        while j > 0 and low[j - 1] != "\n" and low[j - 1].isspace():
            j -= 1
        if j < n:
            starts.extend(j - len(a) for a in _AUX_BEFORE_NOT if low.endswith(a, 0, j))
    return _starts(text, matches_at(_WHERE_WHEN, low, sorted(set(starts))))


def _unsaid(text: str, low: str | None) -> list[re.Match[str]]:
    """Matches of _UNSAID, looked for only just before the words it ends with (fast)."""
    scan = low if low is not None else text.lower()
    if len(scan) != len(text):
        return list(_find(_UNSAID, text, None))
    found: list[re.Match[str]] = []
    targets = matches_at(_UNSAID_TARGET, scan, literal_starts(scan, _UNSAID_WORDS))
    for target in targets:
        m = _UNSAID.search(scan, max(0, target.start() - 80), target.end())
        if m is not None and m.end() == target.end() and _word_start(scan, m.start()):
            found.append(m)
    return found


_SCHEDULING = re.compile(
    r"(?:scheduled|will[^\S\n]+(?:now[^\S\n]+|still[^\S\n]+|instead[^\S\n]+)?take[^\S\n]+place"
    r"|to[^\S\n]+take[^\S\n]+place"
    r"|will[^\S\n]+be[^\S\n]+held|to[^\S\n]+be[^\S\n]+held|set[^\S\n]+for|will[^\S\n]+meet"
    r"|to[^\S\n]+meet|will[^\S\n]+host|to[^\S\n]+host|takes[^\S\n]+place|is[^\S\n]+to[^\S\n]+be"
    r"|will[^\S\n]+(?:gather|convene|open|begin|start|resume|reopen|reconvene)"
    r"|to[^\S\n]+(?:gather|convene|resume|reconvene)"
    r"|(?:will|to)[^\S\n]+be[^\S\n]+(?:played|staged)"
    r"|(?:is|are|was|were)[^\S\n]+being[^\S\n]+held|hosted|venue|location)\b",
)
# A place counts as "given" only this close after a scheduling cue or an event noun,
# in the same sentence, so "talks will take place soon, with the focus on the war in
# Ukraine" gives no venue.
_PLACE_WINDOW = 80
# How far apart (in characters) a venue and a "not announced" statement may be.
_REACH = 20_000
_ANCHOR_END = re.compile(rf"\b(?:{_SCHEDULING.pattern}|{_EVENT})\b")
_PLACE = re.compile(
    r"(?:in|at)[^\S\n]+(?:the[^\S\n]+(?:[A-Za-z][\w-]*[^\S\n]+){0,3}?"
    r"(?:city|town|capital|village|port|resort|island|region|province|state|country"
    r"|chamber|hall|centre|center|stadium|arena|building|headquarters|offices)"
    r"(?:[^\S\n]+(?:of|on|in)|,)[^\S\n]+)?"
    r"(?P<place>(?:the[^\S\n]+)?[A-Z][\w'’-]+(?:,?[^\S\n]+[A-Z][\w'’-]+){0,3})"
)
# Capitalised words after "in"/"at" that name a date or start a sentence, not a place.
_NOT_PLACES = frozenset([*MONTH_NAMES[1:], *DAY_NAMES, "The", "A", "An", "This", "That"])
_MONTH = rf"(?:{MONTH_PATTERN}|(?:{MONTH_ABBREVIATION_PATTERN})\.?)"
_WEEKDAY = rf"(?:{DAY_PATTERN})"
_GIVEN_DATE = re.compile(
    rf"(?:scheduled|set|slated|planned|take[^\S\n]+place|be[^\S\n]+held|held|open|opens|begin"
    rf"|begins|start|starts|meet|convene|{_EVENT})[^\S\n]+(?:for|on)[^\S\n]+"
    rf"(?:{_WEEKDAY},?[^\S\n]+)?(?:the[^\S\n]+)?"
    rf"(?P<date>{_MONTH}[^\S\n]+\d{{1,2}}(?:st|nd|rd|th)?(?:,[^\S\n]*\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:[^\S\n]+of)?[^\S\n]+{_MONTH}(?:[^\S\n]+\d{{4}})?)"
)
_DAY_MONTH = re.compile(
    rf"(?:{_MONTH}[^\S\n]+\d{{1,2}}(?:st|nd|rd|th)?(?:,[^\S\n]*\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:[^\S\n]+of)?[^\S\n]+{_MONTH}(?:[^\S\n]+\d{{4}})?)\b"
)
_FIRM_BEFORE = re.compile(rf"(?:scheduled|confirmed)[ \t]+(?P<n>{_EVENT})\b")
_FIRM_AFTER = re.compile(
    rf"(?P<n>{_EVENT})(?:,?[ \t]+(?:(?:is|was|has[ \t]+been)[ \t]+)?"
    rf"(?:scheduled|confirmed|set|fixed|slated)[ \t]+(?:for|to|on)"
    rf"|[ \t]+(?:is|was|has[ \t]+been)[ \t]+confirmed)\b"
)
_TENTATIVE = re.compile(
    rf"(?P<cue>potential|possible|proposed|prospective|mooted|hypothetical|rumou?red)"
    rf"[ \t]+(?P<n>{_EVENT})\b",
)
# "the summit remains only a possibility", "plans for a summit are still tentative", "the
# meeting is not yet confirmed"
_TENTATIVE_AFTER = re.compile(
    rf"(?P<n>{_EVENT})\b[^.!?\n]{{0,60}}?\b(?:remains?|is|are|was|were)[ \t]+(?:still[ \t]+)?"
    r"(?:only[ \t]+)?(?P<cue>a[ \t]+possibility|tentative|in[ \t]+doubt"
    r"|not[ \t]+(?:yet[ \t]+)?(?:confirmed|certain|fixed|firm))\b"
)


# The words _TENTATIVE_CUE and _TENTATIVE start with (str.find is faster than the patterns).
_TENTATIVE_CUE_WORDS = ("possibility", "tentative", "in doubt", "not ")
_TENTATIVE_WORDS = (
    "potential",
    "possible",
    "proposed",
    "prospective",
    "mooted",
    "hypothetical",
    "rumo",
)
_TENTATIVE_CUE = re.compile(
    r"possibility|tentative|in doubt|not (?:yet )?(?:confirmed|certain|fixed|firm)"
)
# "the date of the summit is not yet confirmed" is about the date (rule 1), not the summit.
_DETAIL_OF = re.compile(
    r"(?:date|venue|location|place|site|timing|time|details?|agenda)[ \t]+(?:of|for)[ \t]+"
    r"(?:the|a|this|next|any)[ \t]+$"
)


def _tentative_after(text: str, low: str | None) -> list[re.Match[str]]:
    """Matches of _TENTATIVE_AFTER, looked for only near its rare cue words (fast)."""
    scan = low if low is not None else text.lower()
    if len(scan) != len(text):
        return []
    found: list[re.Match[str]] = []
    cues = matches_at(_TENTATIVE_CUE, scan, literal_starts(scan, _TENTATIVE_CUE_WORDS))
    for cue in cues:
        m = _TENTATIVE_AFTER.search(scan, max(0, cue.start() - 80), cue.end())
        if m is None or not _word_start(scan, m.start()) or m.end() < cue.end():
            continue
        if _DETAIL_OF.search(scan, max(0, m.start() - 30), m.start()) is None:
            found.append(m)
    return found


def _tentatives(text: str, low: str | None) -> Iterator[re.Match[str]]:
    """Word-initial matches of _TENTATIVE ("potential summit"), fast when ``low`` is given."""
    if low is None:
        return _find(_TENTATIVE, text, None)
    starts = literal_starts(low, _TENTATIVE_WORDS)
    return _starts(text, matches_at(_TENTATIVE, low, starts))


def _as_tentative(cue: str) -> str:
    """Read a tentative cue after "as": "only possible", but "not yet confirmed"."""
    return cue if cue.startswith("not") else f"only {cue}"


_NOT_SAME_EVENT = words("another second third further follow-up future next new later")
# "the first ... since 2019", with any words and punctuation in between (one sentence).
_FIRST_SINCE = re.compile(
    r"first\b[^.!?\n]{0,80}?\bsince[^\S\n]+(?P<year>(?:19|20)\d{2})\b",
)
# "the first ... in six years", "the first ... in a decade"
_FIRST_IN_YEARS = re.compile(
    r"first\b[^.!?\n]{0,80}?\bin[^\S\n]+(?:(?:more[^\S\n]+than|over|almost|nearly)[^\S\n]+)?"
    r"(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|a[^\S\n]+decade|two[^\S\n]+decades)(?:[^\S\n]+years?)?\b",
)
_LAST_IN = re.compile(
    r"last[^\S\n]+(?:met|meeting|summit|held|spoke|talked|visited|time|met[^\S\n]+in[^\S\n]+person)"
    r"[^.!?\n]{0,60}?\bin[^\S\n]+(?:(?:early|late|mid|[a-z]+)[^\S\n]+)?(?P<year>(?:19|20)\d{2})\b",
)
#: Cardinal number words (one list for every rule that reads a written-out number).
_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "both": 2,
}
# "the first in N years": N in words, or a decade.
_NUMBER_WORDS = {
    **{word: value for word, value in _NUM_WORDS.items() if word != "both"},
    "a decade": 10,
    "two decades": 20,
}
_PREV_WORD = re.compile(r"([\w-]+)[^\w]*$")


@functools.cache
def _ignorecase(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, re.IGNORECASE)


def _find(
    pattern: re.Pattern[str], text: str, low: str | None, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """Word-initial matches of a lower-case ``pattern``, scanning the lower-cased text.

    Scanning ``text.lower()`` with a lower-case pattern is several times faster than
    ``re.IGNORECASE``; when lower-casing changes the length (a few non-Latin letters do),
    offsets would shift, so the slower case-insensitive scan is used instead.
    """
    end = len(text) if end is None else end
    if low is not None:
        return _starts(text, pattern.finditer(low, start, end))
    return _starts(text, _ignorecase(pattern).finditer(text, start, end))


def _word_start(text: str, pos: int) -> bool:
    r"""True when ``pos`` starts a word.

    The patterns leave out a leading ``\b`` so the regex engine can skip ahead on their
    first letters; this check replaces it.
    """
    return pos == 0 or not text[pos - 1].isalnum()


def _starts(text: str, matches: Iterable[re.Match[str]]) -> Iterator[re.Match[str]]:
    return (m for m in matches if _word_start(text, m.start()))


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """True when ``pos`` lies in one of ``spans`` (sorted, non-overlapping)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _sentence_at(
    pos: int, sentences: Sequence[tuple[int, int]], starts: Sequence[int]
) -> tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sentences[i][0] <= pos < sentences[i][1]:
        return sentences[i]
    return pos, pos


_EVENT_WORD = re.compile(rf"\b{_EVENT}\b")


def _about_an_event(m: re.Match[str]) -> bool:
    """True unless the detail belongs to something else ("the location of the wreck").

    "The location has not been announced" and "the date of the summit has not been set"
    are about an event; "the location of the missing boat has not been disclosed" is not.
    """
    groups = m.groupdict()
    if groups.get("w1") or groups.get("w2"):
        # "where the talks will be held", "when the summit will open": the event is named
        clause = m.string[m.start() : m.end() + 60].lower()
        return _EVENT_WORD.search(clause) is not None
    between = (groups.get("between") or "").lower().split()
    if not between or between[0] not in {"of", "for"}:
        return True
    return _EVENT_WORD.search(" ".join(between)) is not None


def _given(text: str, low: str | None, start: int, end: int, dates: bool) -> list[tuple[int, int]]:
    """Spans in ``text[start:end]`` that give a date, or a place.

    A place is "in/at Place" with a scheduling cue or an event noun at most
    _PLACE_WINDOW characters before it, in the same sentence.
    """
    if dates:
        spans: list[tuple[int, int]] = [
            m.span("date") for m in _find(_GIVEN_DATE, text, low, start, end)
        ]
        # Any day-and-month date in a sentence that also names the event or a scheduling
        # cue before it: "will be held in Orvik on 3 March 2026".
        source_d = low if low is not None else text.lower()
        for m in _DAY_MONTH.finditer(source_d, start, end):
            if not _word_start(text, m.start()) or any(a <= m.start() < b for a, b in spans):
                continue
            window_start = max(start, m.start() - _PLACE_WINDOW - 30)
            window = source_d[window_start : m.start()]
            cut = max(window.rfind("."), window.rfind("\n"), window.rfind("!"), window.rfind("?"))
            if any(
                len(window) - a.end() <= _PLACE_WINDOW
                for a in _ANCHOR_END.finditer(window, cut + 1)
            ):
                spans.append(m.span())
        return sorted(spans)
    spans = []
    source = low if low is not None else text
    for m in _PLACE.finditer(text, start, end):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if m.group("place").split()[0].strip(",") in _NOT_PLACES:
            continue
        window_start = max(start, m.start() - _PLACE_WINDOW - 30)
        window = source[window_start : m.start()]
        cut = max(window.rfind("."), window.rfind("\n"), window.rfind("!"), window.rfind("?"))
        anchors = list(_ANCHOR_END.finditer(window, cut + 1))
        if low is None:
            anchors = list(_ignorecase(_ANCHOR_END).finditer(window, cut + 1))
        if any(len(window) - a.end() <= _PLACE_WINDOW for a in anchors):
            spans.append(m.span())
    return sorted([*spans, *_host_places(text, start, end)])


# "Rivena will host the summit", "Norvala is to host next year's talks"
# "Rivena will host the summit", "Norvala is to host next year's talks": found from the
# verb ("host" is rare), then the capitalised place just before it.
_HOST = re.compile(
    r"(?:will|is[^\S\n]+to|is[^\S\n]+set[^\S\n]+to|is[^\S\n]+due[^\S\n]+to"
    r"|has[^\S\n]+agreed[^\S\n]+to)[^\S\n]+host[^\S\n]+(?:the|this|next|a)[^\S\n]+"
    rf"(?:[\w'’-]+[^\S\n]+){{0,3}}?{_EVENT}\b"
)
_PLACE_BEFORE = re.compile(r"(?P<place>[A-Z][\w'’-]+(?:[^\S\n]+[A-Z][\w'’-]+){0,2})[^\S\n]+$")


def _host_places(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of places said to host an event ("Rivena will host the summit")."""
    spans = []
    pos = text.find(" host ", start, end)
    while pos >= 0:
        verb = _HOST.search(text, max(start, pos - 30), min(end, pos + 120))
        if verb is not None:
            window = max(start, verb.start() - 60)
            place = _PLACE_BEFORE.search(text, window, verb.start())
            if place is not None and place.group("place").split()[0] not in _NOT_PLACES:
                spans.append(place.span("place"))
        pos = text.find(" host ", pos + 6, end)
    return spans


def _pair(
    text: str,
    first: tuple[int, int],
    second: tuple[int, int],
    explanation: str,
    category: str,
    details: dict[str, Any],
) -> Finding:
    (a, b), (c, d) = sorted([first, second])
    return Finding(
        kind="internal-contradiction",
        start=a,
        end=b,
        text=text[a:b],
        explanation=explanation,
        category=category,
        other_start=c,
        other_end=d,
        other_text=text[c:d],
        details=details,
    )


# A sentence about an earlier occasion: its venue or date is not the upcoming event's.
_PAST_OCCASION = re.compile(
    r"\b(?:last|previous|past)[^\S\n]+(?:year|month|week|time|autumn|spring|summer|winter"
    r"|round|edition)|\bago\b",
    re.IGNORECASE,
)
_EVENT_STEM = 4  # "meet" in "will meet" and "meeting"
_MEET_VERB = re.compile(r"\b(meet|meets|met|negotiate|gather|convene)\b", re.IGNORECASE)


def _event_stems(sentence: str) -> set[str]:
    """Stems of the event nouns and scheduling verbs of a sentence ("meet", "nego", "gala")."""
    found = _ignorecase(_EVENT_WORD).finditer(sentence)
    stems = {m.group().lower()[:_EVENT_STEM] for m in found}
    stems |= {m.group(1).lower()[:_EVENT_STEM] for m in _MEET_VERB.finditer(sentence)}
    return stems


def _event_nouns(sentence: str) -> set[str]:
    """Stems of the event nouns of a sentence ("summ", "vote")."""
    return {m.group().lower()[:_EVENT_STEM] for m in _ignorecase(_EVENT_WORD).finditer(sentence)}


def _another_occasion(sentence: str, year: int | None) -> bool:
    """True when a sentence dates what it tells to another year or a past occasion."""
    if _PAST_OCCASION.search(sentence):
        return True
    return year is not None and any(int(y) != year for y in ANY_YEAR.findall(sentence))


@functools.lru_cache(maxsize=4)
def _latest_year(text: str) -> int | None:
    """The latest year the text mentions (its own date, as far as it tells), once per text."""
    years = [int(y) for y in ANY_YEAR.findall(text)]
    return max(years) if years else None


def _choose_given(
    text: str,
    before: list[tuple[int, int]],
    after: Callable[[], list[tuple[int, int]]],
    neg_span: tuple[int, int],
    sentence_index: tuple[Sequence[tuple[int, int]], Sequence[int]],
) -> tuple[int, int] | None:
    """The venue (or date) a "not announced" statement contradicts, or ``None``.

    Venues of another occasion ("last met in 2022, at a conference in Lund", "last year's
    forum was held in ...") are never chosen. Of the others, one whose sentence names the
    same event ("the location of the meeting" and "will meet ... in Kelby") is preferred,
    the nearest before the statement first; else the nearest before, else after.
    ``after`` gives the ones after the statement; it is called only when needed.
    """
    year = _latest_year(text)
    wanted = _event_stems(text[neg_span[0] : neg_span[1]])
    named = _event_nouns(text[neg_span[0] : neg_span[1]])
    fallback = None
    # Nearest first; stop at the first of the same event (most texts: the first one).
    ahead = _ASKS_AHEAD.search(text[neg_span[0] : neg_span[1]]) is not None
    for given in _before_then_after(before, after):
        a, b = _sentence_at(given[0], *sentence_index)
        sentence = text[a:b]
        if _another_occasion(sentence, year) or (ahead and _happened(text, a, given[0])):
            continue
        if wanted & _event_stems(sentence):
            return given
        # When the statement names its event ("the date of the vote"), a detail given for
        # another named event ("the summit ... on 4 May") is not its.
        if fallback is None and _may_be_same_event(named, _event_nouns(sentence)):
            fallback = given
    return fallback


# A statement about what is still to come ("unclear when talks will resume") is not
# contradicted by a date or place of what already happened ("talks resumed on 3 March").
_ASKS_AHEAD = re.compile(r"\b(?:will|would|next|again)\b", re.IGNORECASE)
_PAST_BEFORE_DETAIL = re.compile(
    r"\b(?P<verb>[a-z]+ed|met|began|held|took[^\S\n]+place|went|ran|fell|rose)"
    r"(?:[^\S\n]+(?:on|in|at))?(?:[^\S\n]+" + _WEEKDAY + r")?[^\S\n]*,?[^\S\n]*$",
    re.IGNORECASE,
)
_FUTURE_AUX = re.compile(r"\b(?:be|will|to|would|shall|can|could|may|might)[^\S\n]+$", re.I)
_PLANNING_PAST = words(
    "scheduled planned slated expected fixed confirmed announced arranged organised organized "
    "proposed agreed earmarked pencilled penciled booked tabled"
)


def _happened(text: str, sentence_start: int, detail_start: int) -> bool:
    """True when the verb just before a date or place reports an occurrence in the past.

    "Talks resumed on 3 March", "the forum was held in Lund"; not a plan in the past tense
    ("was scheduled for 3 March", "were planned in Lund").
    """
    m = _PAST_BEFORE_DETAIL.search(text, max(sentence_start, detail_start - 40), detail_start)
    if m is None or m.group("verb").lower() in _PLANNING_PAST:
        return False
    # "will be held in", "is to be staged on": a participle of what is still to come.
    before = text[max(sentence_start, m.start() - 12) : m.start()]
    return _FUTURE_AUX.search(before) is None


def _may_be_same_event(named: set[str], given: set[str]) -> bool:
    """True when a detail given for the events ``given`` may be the one asked about.

    A statement that names no event, or only events the given sentence names, may be
    about it; so may one that calls the event only "the meeting" when the given sentence
    names exactly one event ("a full council vote at the Civic Hall" and "a venue for the
    meeting is still being arranged"): "meeting" is what any gathering is called.
    """
    if not named or not given - named:
        return True
    return named == {"meet"} and len(given) == 1


def _before_then_after(
    before: list[tuple[int, int]], after: Callable[[], list[tuple[int, int]]]
) -> Iterator[tuple[int, int]]:
    """The details given before a statement, nearest first, then those after it."""
    yield from reversed(before)
    yield from after()


def _given_outside(
    text: str, low: str | None, start: int, end: int, dates: bool, skip: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The spans of :func:`_given` that lie outside the reference lines ``skip``."""
    return [g for g in _given(text, low, start, end, dates) if not _inside(g[0], skip)]


def _announced_and_not(
    text: str,
    sentences: Sequence[tuple[int, int]],
    starts: list[int],
    skip: list[tuple[int, int]],
    low: str | None,
) -> list[Finding]:
    """Rule 1: a venue or date is given, and also said not to be announced."""
    out: list[Finding] = []
    # 1. A venue or date is given, and also "not announced". Each "not announced"
    # statement is paired with the nearest earlier statement that gives the venue (or
    # date), else the nearest later one: one finding per statement, linear in the text.
    negatives = [
        m
        for m in [
            *_find(_NOT_ANNOUNCED, text, low),
            *_find(_NO_DETAIL, text, low),
            *_where_when(text, low),
            *_unsaid(text, low),
        ]
        if not _inside(m.start(), skip) and _about_an_event(m)
    ]
    negatives.sort(key=lambda m: m.start())
    for k, neg in enumerate(negatives):
        groups = neg.groupdict()
        if groups.get("subj"):
            subject = groups["subj"].lower()
        else:
            subject = "location" if (groups.get("w1") or groups.get("w2")) == "where" else "date"
        neg_span = _sentence_at(neg.start(), sentences, starts)
        wants_date = subject in {"date", "timing", "day"}
        # Look back as far as the previous "not announced" statement (at most _REACH
        # characters), else forward as far as the next one: linear in the text.
        back = max(negatives[k - 1].end() if k else 0, neg_span[0] - _REACH)
        ahead = min(
            negatives[k + 1].start() if k + 1 < len(negatives) else len(text), neg_span[1] + _REACH
        )
        before = _given_outside(text, low, back, neg_span[0], wants_date, skip)
        # The details after the statement are found only when they are needed (often not).
        after = functools.cache(
            functools.partial(_given_outside, text, low, neg_span[1], ahead, wants_date, skip)
        )
        span = _choose_given(text, before, after, neg_span, (sentences, starts))
        if span is None:
            continue
        # "at the Corran Exchange in the river town of Halvey": one venue, one span.
        for g in reversed(before if before else after()):
            if g[1] < span[0] and span[0] - g[1] <= 3:
                span = (g[0], span[1])
        given_text = text[span[0] : span[1]]
        out.append(
            _pair(
                text,
                span,
                neg_span,
                f"The text gives the {subject} (\u201c{given_text}\u201d) but also says the "
                f"{subject} has not been announced. Both cannot be true at once: the text may "
                "mix reports written on different days.",
                "announced-vs-not-announced",
                {"subject": subject},
            )
        )
    return out


# Where a match of _FIRM_AFTER may end its event noun: before the cue word, its auxiliary
# ("is", "was", "has been"), a comma and spaces ("the summit, scheduled for").
_FIRM_CUES = re.compile(r"(?:scheduled|set|fixed|slated)[ \t]+(?:for|to|on)\b|confirmed")
_FIRM_AUX = ("is", "was", "been")


def _skip_blanks(scan: str, j: int) -> int:
    """The offset before the spaces and tabs that end at ``j``."""
    while j > 0 and scan[j - 1] in " \t":
        j -= 1
    return j


def _noun_ends_before(scan: str, cue: int) -> set[int]:
    """Offsets where an event noun may end before a firm cue at ``cue`` (see _FIRM_AFTER)."""
    j = _skip_blanks(scan, cue)
    if j == cue:
        return set()
    ends = {j}
    for aux in _FIRM_AUX:
        if scan.endswith(aux, 0, j):
            k = _skip_blanks(scan, j - len(aux))
            if aux == "been" and k < j - len(aux) and scan.endswith("has", 0, k):
                k = _skip_blanks(scan, k - 3)
            if k < j - len(aux):
                ends.add(k)
    return ends | {e - 1 for e in ends if e and scan[e - 1] == ","}


def _firm_after_starts(scan: str) -> list[int]:
    """Where a match of _FIRM_AFTER may start: at an event noun just before a firm cue."""
    starts: set[int] = set()
    for cue in _FIRM_CUES.finditer(scan):
        for end in _noun_ends_before(scan, cue.start()):
            starts.update(end - len(n) for n in _EVENT_NOUNS if scan.endswith(n, 0, end))
    return sorted(starts)


def _firm(text: str, low: str | None) -> Iterator[re.Match[str]]:
    """Word-initial matches of _FIRM_BEFORE, then of _FIRM_AFTER (fast when ``low`` is given)."""
    if low is None:
        yield from _find(_FIRM_BEFORE, text, None)
        yield from _find(_FIRM_AFTER, text, None)
        return
    before = literal_starts(low, ["scheduled", "confirmed"])
    yield from _starts(text, matches_at(_FIRM_BEFORE, low, before))
    yield from _starts(text, matches_at(_FIRM_AFTER, low, _firm_after_starts(low)))


def _firm_and_tentative(text: str, skip: list[tuple[int, int]], low: str | None) -> list[Finding]:
    """Rule 2: the same event is firm in one place and only possible in another."""
    out: list[Finding] = []
    # 2. The same event is firm in one place and only possible in another.
    # Scanned only when the text has a tentative wording at all (the cheaper scan).
    tentative = [*_tentatives(text, low), *_tentative_after(text, low)]
    firm: dict[str, tuple[int, int]] = {}
    if tentative:
        for m in _firm(text, low):
            if not _inside(m.start(), skip):
                noun = (m.group("n") or "").lower()
                if noun and (noun not in firm or m.start() < firm[noun][0]):
                    firm[noun] = m.span()
    seen: set[str] = set()
    for m in tentative:
        noun = m.group("n").lower()
        if noun not in firm or noun in seen or _inside(m.start(), skip):
            continue
        prev = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
        if prev and prev.group(1).lower() in _NOT_SAME_EVENT:
            continue
        seen.add(noun)
        firm_text = text[firm[noun][0] : firm[noun][1]]
        out.append(
            _pair(
                text,
                firm[noun],
                m.span(),
                f"The {noun} is presented as fixed (\u201c{firm_text}\u201d) and also as "
                f"{_as_tentative(m.group('cue'))} (\u201c{text[m.start() : m.end()]}\u201d). "
                "It cannot be both; ask which wording was true when, and whether the text "
                "joins older and newer reports.",
                "firm-vs-tentative",
                {"event": noun},
            )
        )
    return out


# "the county's last special election was in 2020": compared only when the same words
# follow a "first" ("the first special election ... since 2017").
_LAST_THING = re.compile(
    r"last[^\S\n]+(?P<thing>[a-z][a-z-]*(?:[^\S\n]+[a-z][a-z-]*){0,2}?)[^\S\n]+(?:was|were|took[^\S\n]+place"
    r"|came|happened|was[^\S\n]+held|were[^\S\n]+held)[^\S\n]+in[^\S\n]+(?P<year>(?:19|20)\d{2})\b"
)


def _lasts(text: str, low: str | None, skip: list[tuple[int, int]]) -> list[re.Match[str]]:
    """Statements of when something last happened ("last met in 2022", "last ... was in 2020")."""
    lasts = [m for m in _find(_LAST_IN, text, low) if not _inside(m.start(), skip)]
    scan = low if low is not None else text.lower()
    for m in _find(_LAST_THING, text, low):
        thing = re.escape(" ".join(m.group("thing").lower().split()))
        window = scan[max(0, m.start() - _REACH) : m.end() + _REACH]
        first = re.search(rf"\bfirst[^\S\n]+{thing}\b", window)
        if first is not None and not _inside(m.start(), skip):
            lasts.append(m)
    return lasts


def _firsts(
    text: str, low: str | None, skip: Sequence[tuple[int, int]]
) -> list[tuple[int, re.Match[str], int]]:
    """(offset, match, year) of "first ... since YEAR" and "first ... in N years", in order.

    "In N years" counts back from the latest year the text mentions (its own date, as far
    as the text tells).
    """
    firsts: list[tuple[int, re.Match[str], int]] = []
    for m in _find(_FIRST_SINCE, text, low):
        if not _inside(m.start(), skip):
            firsts.append((m.start(), m, int(m.group("year"))))
    in_years = [m for m in _find(_FIRST_IN_YEARS, text, low) if not _inside(m.start(), skip)]
    latest = _latest_year(text) or 0
    for m in in_years if latest else ():
        raw = " ".join(m.group("n").lower().split())
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 0)
        if n:
            firsts.append((m.start(), m, latest - n))
    return sorted(firsts, key=lambda f: f[0])


def _first_since_and_last(text: str, skip: list[tuple[int, int]], low: str | None) -> list[Finding]:
    """Rule 3: "first ... since Y1" against "last met in Y2" with Y2 after Y1."""
    out: list[Finding] = []
    # 3. "first ... since Y1" (or "first ... in N years") versus "last met in Y2" with Y2
    # later than Y1: each "last" statement is paired with the nearest earlier "first"
    # statement (else the next one). "In N years" counts back from the latest year the
    # text mentions (its own date, as far as the text tells).
    lasts = _lasts(text, low, skip)
    if lasts:
        firsts = _firsts(text, low, skip)
        first_starts = [p for p, _, _ in firsts]
        for last in lasts if firsts else ():
            k = bisect.bisect_left(first_starts, last.start())
            _, first, y1 = firsts[k - 1] if k > 0 else firsts[k]
            y2 = int(last.group("year"))
            if y2 > y1:
                first_text = " ".join(text[first.start() : first.end()].split())
                out.append(
                    _pair(
                        text,
                        first.span(),
                        last.span(),
                        f"\u201c{first_text}\u201d means nothing of the kind happened "
                        f"since {y1}, but the text also says "
                        f"\u201c{' '.join(text[last.start() : last.end()].split())}\u201d "
                        f"({y2}). Both cannot be true.",
                        "first-since-vs-last",
                        {"since": y1, "last": y2},
                    )
                )
    return out


def contradiction_findings(
    text: str,
    sentences: Sequence[tuple[int, int]],
    reference_spans: Sequence[tuple[int, int]] = (),
    low: str | None = None,
) -> list[Finding]:
    """Findings of the five contradiction rules (see the module docstring)."""
    skip = sorted(reference_spans)
    starts = [a for a, _ in sentences]
    if low is None:
        low = text.lower()
    if len(low) != len(text):
        low = None

    announced = _announced_and_not(text, sentences, starts, skip, low)
    taken = {(f.other_start or 0, f.other_end or 0) for f in announced}
    taken |= {(f.start, f.end) for f in announced}
    return [
        *announced,
        *_planned_when(text, (sentences, starts), skip, low, taken),
        *_firm_and_tentative(text, skip, low),
        *_first_since_and_last(text, skip, low),
        # 4. Two different numbers for the same counted thing: a count ("40 people were
        # evacuated", "three ships") and a later definite mention with another number
        # ("the 25 evacuees", "both ships").
        *_count_conflicts(text, sentences, starts, skip, low),
        *_two_dates(text, (sentences, starts), skip, low),
        *_earlier_occurrences(text, (sentences, starts), skip, low),
    ]


# -- "the first ... since 2019" and a dated occurrence in between ------------------------

# The thing a "first" statement counts: the last word before a preposition ("first
# meeting between ...", "first special election the county ...").
_FIRST_THING = re.compile(
    r"first[^\S\n]+(?P<words>(?:[a-z][a-z-]*[^\S\n]+){0,3}?)(?P<head>[a-z]{4,})"
    r"(?=[^\S\n]+(?:between|by|of|since|in|for|the|that|to|with|on|at|held|has|have|this"
    r"|a|an|their|its|his|her)\b|[,.;])"
)
# Irregular past forms of event verbs ("met" for a meeting).
# Irregular past forms of event verbs ("met" for a meeting) and the verbs that report an
# event named by a noun ("lost" for a defeat, "sold" for a sale, "cut" for layoffs).
_PAST_FORMS = {
    "meet": ("met",),
    "meeting": ("met",),
    "talks": ("talked", "held talks"),
    "defeat": ("lost", "beaten"),
    "loss": ("lost",),
    "victory": ("won", "beat"),
    "sale": ("sold",),
    "layoffs": ("cut", "laid"),
    "redundancies": ("cut", "laid"),
}
# "the first round of layoffs": the thing counted is the noun after "of".
_PARTITIVE = re.compile(
    r"(?:round|wave|batch|series|spate|set)[^\S\n]+of[^\S\n]+(?P<head>[a-z]{4,})"
)
_NOT_AN_OCCURRENCE = re.compile(
    r"\b(?:will|would|plan|plans|planned|scheduled|expected|not|never|failed|cancell?ed"
    r"|postponed|called[^\S\n]+off)\b"
)
_SHARED_PREFIX = 6  # shared words match on their first six letters
_OCCURRENCE_REACH = 3_000  # characters either side of the "first" statement
_OCCURRENCE_STOP = words(
    "first since years decade their there these those which where while about after before "
    "would could should other since"
)


def _thing_stems(head: str) -> tuple[str, ...]:
    return (head[:4], *_PAST_FORMS.get(head, ()))


def _occurrence_in(
    scan: str, sentence: tuple[int, int], thing: tuple[str, ...], shared: set[str], years: range
) -> bool:
    """True when a sentence reports the thing happening in one of ``years``."""
    part = scan[sentence[0] : sentence[1]]
    if not any(int(y) in years for y in ANY_YEAR.findall(part)):
        return False
    if _NOT_AN_OCCURRENCE.search(part):
        return False
    tokens = re.findall(r"[a-z][a-z-]+", part)
    if not any(t.startswith(thing[0]) or t in thing[1:] for t in tokens):
        return False
    # A shared word may differ in its ending ("Scandinavia" and "Scandinavian").
    prefixes = {w[:_SHARED_PREFIX] for w in shared}
    return not shared or any(t[:_SHARED_PREFIX] in prefixes for t in tokens)


def _rule_three(scan: str, sentence: tuple[int, int]) -> bool:
    """True when a sentence holds a "last met in 2022" statement, which rule 3 compares."""
    return any(
        pattern.search(scan, sentence[0], sentence[1]) for pattern in (_LAST_IN, _LAST_THING)
    )


def _first_thing(scan: str, first: re.Match[str], own: tuple[int, int]) -> tuple[str, ...] | None:
    """Stems of what a "first" statement counts; for "the first time", the sentence's event."""
    thing = _FIRST_THING.match(scan, first.start())
    if thing is None:
        return None
    partitive = _PARTITIVE.match(scan, thing.start("head"))
    if partitive is not None:
        return _thing_stems(partitive.group("head"))
    if thing.group("head") not in {"time", "occasion"}:
        return _thing_stems(thing.group("head"))
    event = _EVENT_WORD.search(scan, own[0], own[1])
    return _thing_stems(event.group()) if event is not None else None


def _earlier_occurrences(
    text: str,
    sentence_index: tuple[Sequence[tuple[int, int]], Sequence[int]],
    skip: Sequence[tuple[int, int]],
    low: str | None,
) -> list[Finding]:
    """Findings for "the first meeting since 2019" and "the leaders met in Geneva in 2021"."""
    scan = low if low is not None else text.lower()
    latest = _latest_year(text)
    if latest is None or len(scan) != len(text) or "first" not in scan:
        return []
    firsts = _firsts(text, low, skip)
    year_positions = [m.start() for m in ANY_YEAR.finditer(scan)] if firsts else []
    out: list[Finding] = []
    for _, first, since in firsts:
        own = _sentence_at(first.start(), *sentence_index)
        stems = _first_thing(scan, first, own)
        if stems is None:
            continue
        shared = {
            w
            for w in re.findall(r"[a-z][a-z-]{4,}", scan[own[0] : own[1]])
            if w not in _OCCURRENCE_STOP and not w.startswith(stems[0])
        }
        # Only sentences near the statement that name a year in between (years found once).
        years = range(since + 1, latest)
        lo = bisect.bisect_left(year_positions, first.start() - _OCCURRENCE_REACH)
        hi = bisect.bisect_right(year_positions, first.start() + _OCCURRENCE_REACH)
        for pos in year_positions[lo:hi]:
            sentence = _sentence_at(pos, *sentence_index)
            if sentence == own or _inside(sentence[0], skip) or _rule_three(scan, sentence):
                continue
            if _occurrence_in(scan, sentence, stems, shared, years):
                out.append(_occurrence_finding(text, first, since, sentence))
                break
    return out


def _occurrence_finding(
    text: str, first: re.Match[str], since: int, sentence: tuple[int, int]
) -> Finding:
    first_text = " ".join(text[first.start() : first.end()].split())
    other = " ".join(text[sentence[0] : sentence[1]].split())
    return _pair(
        text,
        first.span(),
        sentence,
        f"\u201c{first_text}\u201d means nothing of the kind happened since {since}, but "
        f"the text also reports one in between (\u201c{other}\u201d). Both cannot be true.",
        "first-since-vs-last",
        {"since": since},
    )


# -- one event, two dates --------------------------------------------------------------

# A change of plan makes two dates compatible: "postponed", "originally set for".
_RESCHEDULED = re.compile(
    r"\b(?:postponed|delayed|moved|rescheduled|pushed[^\S\n]+back|brought[^\S\n]+forward"
    r"|put[^\S\n]+off|originally|initially|previously|instead|new[^\S\n]+date|cancell?ed"
    r"|called[^\S\n]+off|had[^\S\n]+been|was[^\S\n]+due|were[^\S\n]+due)\b"
)
# An event noun after one of these is another occasion ("the second debate").
_OTHER_OCCASION = words(
    "another second third fourth further follow-up future next new later first last final "
    "previous opening closing"
)
_EVENT_REACH = 100  # characters before a date where its event noun is looked for


# "on 4 May", "for May 4th": found first (a fast, literal-led scan), then the word before
# must schedule it ("will open on", "is set for").
_ON_DATE = re.compile(
    rf"(?:for|on)[^\S\n]+(?:{_WEEKDAY},?[^\S\n]+)?(?:the[^\S\n]+)?"
    rf"(?P<date>{_MONTH}[^\S\n]+\d{{1,2}}(?:st|nd|rd|th)?(?:,[^\S\n]*\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:[^\S\n]+of)?[^\S\n]+{_MONTH}(?:[^\S\n]+\d{{4}})?)"
)
# (Not "the talks on 5 May": a day of talks that last several days.)
_SCHEDULES = re.compile(
    r"(?:scheduled|set|slated|planned|take[^\S\n]+place|be[^\S\n]+held|held|open|opens|begin"
    r"|begins|start|starts|meet|convene)[^\S\n]+$"
)


def _scheduled_dates(scan: str) -> Iterator[re.Match[str]]:
    """Dates given for something scheduled: "will open on 4 May", "the summit on 4 May"."""
    for m in _ON_DATE.finditer(scan):
        if _word_start(scan, m.start()) and _SCHEDULES.search(
            scan, max(0, m.start() - 30), m.start()
        ):
            yield m


def _date_key(raw: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of a written day-and-month date."""
    month = next((MONTHS[w] for w in re.findall(r"[a-z]+", raw.lower()) if w in MONTHS), None)
    numbers = [int(n) for n in re.findall(r"\d+", raw)]
    days = [n for n in numbers if n <= 31]
    years = [n for n in numbers if n > 31]
    if month is None or not days:
        return None
    return month, days[0], years[0] if years else None


def _dated_event(
    text: str, scan: str, m: re.Match[str], sentence: tuple[int, int], year: int | None
) -> str | None:
    """The event noun a scheduled date belongs to, or None (none, another occasion, a change)."""
    if _RESCHEDULED.search(scan, sentence[0], sentence[1]):
        return None
    if _another_occasion(text[sentence[0] : sentence[1]], year):
        return None
    window = scan[max(sentence[0], m.start("date") - _EVENT_REACH) : m.start("date")]
    events = list(_EVENT_WORD.finditer(window))
    if not events:
        return None
    before = window[: events[-1].start()].split()
    if before and before[-1] in _OTHER_OCCASION:
        return None
    return events[-1].group()


def _two_dates(
    text: str,
    sentence_index: tuple[Sequence[tuple[int, int]], Sequence[int]],
    skip: Sequence[tuple[int, int]],
    low: str | None,
) -> list[Finding]:
    """One event given two different dates in different sentences ("conflicting-dates")."""
    scan = low if low is not None else text.lower()
    if len(scan) != len(text):
        return []
    year = _latest_year(text)
    first: dict[str, tuple[re.Match[str], tuple[int, int, int | None], tuple[int, int]]] = {}
    out: list[Finding] = []
    for m in _scheduled_dates(scan):
        sentence = _sentence_at(m.start(), *sentence_index)
        event = None if _inside(m.start(), skip) else _dated_event(text, scan, m, sentence, year)
        key = _date_key(m.group("date"))
        if event is None or key is None:
            continue
        if event not in first:
            first[event] = (m, key, sentence)
            continue
        earlier, earlier_key, earlier_sentence = first[event]
        if earlier_sentence == sentence or _same_day(earlier_key, key):
            continue
        out.append(_dates_finding(text, event, earlier, m))
    return out


def _same_day(a: tuple[int, int, int | None], b: tuple[int, int, int | None]) -> bool:
    return a[:2] == b[:2] and (a[2] is None or b[2] is None or a[2] == b[2])


def _dates_finding(text: str, event: str, first: re.Match[str], second: re.Match[str]) -> Finding:
    one = text[first.start("date") : first.end("date")]
    two = text[second.start("date") : second.end("date")]
    return _pair(
        text,
        first.span("date"),
        second.span("date"),
        f"The text gives the date of the {event} as \u201c{one}\u201d and also as "
        f"\u201c{two}\u201d. One event cannot be on two dates; the text may mix reports "
        "written before and after a change of plan.",
        "conflicting-dates",
        {"event": event},
    )


# -- two different numbers for the same counted thing -------------------------------------
#
# A *mention* is a number with what it counts or measures: "Some 40 trawlers have been
# idle", "the 25 idle trawlers", "all 180 stranded passengers", "both ships", "the project
# would cost 120 million euros", "the cost at 150 million euros", "the $600 million plant".
# A definite mention ("the", "all", "both", "those") refers back to a group counted before;
# when the two numbers disagree (beyond what a rounding word allows), that is a finding.

_NUMBER = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + trie_pattern(k for k in _NUM_WORDS if k != "both")
    + r")(?:[^\S\n]+(?P<scale>thousand|million|billion))?"
)
_QUALIFIER = (
    r"(?:(?P<qual>about|around|some|roughly|approximately|an[^\S\n]+estimated|estimated"
    r"|nearly|almost|close[^\S\n]+to|at[^\S\n]+least|more[^\S\n]+than|over|upwards[^\S\n]+of"
    r"|fewer[^\S\n]+than|less[^\S\n]+than|under|up[^\S\n]+to)[^\S\n]+)?"
)
# "the 25 idle trawlers", "Some 40 trawlers", "all 180 stranded passengers"
_HEAD_NOUN = r"(?P<head>[a-z]{3,}s|people|men|women|children|staff|aircraft)\b"
_COUNTED = re.compile(
    r"\b(?:(?P<det>the|all(?:[^\S\n]+the)?|those|these|its|their|[a-z]+['’]s)[^\S\n]+)?"
    + _QUALIFIER
    + _NUMBER
    + r"[^\S\n]+(?P<mods>(?:[a-z][a-z'-]*[^\S\n]+){0,2}?)"
    + _HEAD_NOUN
)
# Where a match of _COUNTED may start: at its number (digits, or a number word at the
# start of a word), or at one of the up to four words before it ("all the", "upwards of").
_DIGITS = re.compile(r"\d+")
_NUMBER_WORD = re.compile(trie_pattern(k for k in _NUM_WORDS if k != "both") + r"(?=[^\S\n])")
# The words a match may start with before its number (a determiner or a qualifier).
_LEAD_WORDS = words(
    "the all those these its their about around some roughly approximately an estimated "
    "nearly almost close at more over upwards fewer less under up"
)


@functools.cache
def _words_before(n: int) -> re.Pattern[str]:
    """A pattern read in the reversed text: the up to ``n`` words before a point, nearest first.

    Each word is a run of a-z after white space within the line; group ``k`` is the
    ``k``-th word back (always matches, perhaps with no word).
    """
    body = ""
    for _ in range(n):
        body = rf"(?:[^\S\n]+([a-z]+){body})?"
    return re.compile(body)


def _lead_starts(
    scan: str, reverse: str, anchors: Iterable[int], n: int, lead: frozenset[str] | None
) -> set[int]:
    """Starts of the up to ``n`` words before each anchor (only words in ``lead``, if given)."""
    pattern = _words_before(n)
    size = len(scan)
    starts: set[int] = set()
    for p in anchors:
        before = pattern.match(reverse, size - p)  # always matches (may be empty)
        for a, b in before.regs[1:] if before is not None else ():
            if b < 0:
                break
            if lead is None or reverse[a:b][::-1] in lead:
                starts.add(size - b)
    return starts


@functools.lru_cache(maxsize=2)
def _word_initial_digits(scan: str) -> tuple[int, ...]:
    """Offsets where a run of digits starts a word (once per text: counts and sums use them)."""
    return tuple(
        p
        for p in (m.start() for m in _DIGITS.finditer(scan))
        if not p or not (scan[p - 1].isalnum() or scan[p - 1] == "_")
    )


def _counted(scan: str, reverse: str) -> Iterator[re.Match[str]]:
    """The matches of _COUNTED in the lower-cased text, tried only near numbers (fast).

    ``reverse`` is ``scan[::-1]``.
    """
    words = [m.start() for m in _NUMBER_WORD.finditer(scan)]
    numbers = [*_word_initial_digits(scan), *(p for p in words if _word_start(scan, p))]
    starts = _lead_starts(scan, reverse, numbers, 4, _LEAD_WORDS)
    starts.update(_possessive_starts(scan, numbers))
    return matches_at(_COUNTED, scan, sorted(starts.union(numbers)))


_POSSESSIVE_BEFORE = re.compile(r"[a-z]+['’]s[^\S\n]+$")


def _possessive_starts(scan: str, numbers: Iterable[int]) -> Iterator[int]:
    """Starts of a possessive just before a number ("halvard's 3,600 employees")."""
    for p in numbers:
        if p > 3 and scan[p - 2] == "s" and scan[p - 3] in "'’":
            m = _POSSESSIVE_BEFORE.search(scan, max(0, p - 40), p)
            if m is not None:
                yield m.start()


# "both ships", "both damaged ships"
_BOTH = re.compile(r"\b(?P<det>both)[^\S\n]+(?P<mods>(?:[a-z][a-z'-]*[^\S\n]+){0,2}?)" + _HEAD_NOUN)
# What a counted group is said to be after its noun: "were stranded", "have been idle",
# "who were evacuated".
_PREDICATE = re.compile(
    r"[^\S\n]+(?:(?:who|that|which)[^\S\n]+)?(?:(?:were|was|are|is|have[^\S\n]+been"
    r"|had[^\S\n]+been|has[^\S\n]+been|remain|remained|stayed"
    r"|(?:have|has|had)(?=[^\S\n]+walked[^\S\n]+out))[^\S\n]+(?P<pred>[a-z]+)"
    r"|(?P<pred2>[a-z]+(?:ed|en)|idle|missing|dead|homeless|unemployed|aground|lost|hit|cut"
    r"|left|shut|struck|sold|built|caught|held|fled|sank|burnt))\b"
)
# What narrows a group referred back to: "the 12 passengers who were injured", "the 12
# passengers injured in the crash" (not "the 25 evacuees were allowed back").
_RESTRICTIVE = re.compile(
    r"[^\S\n]+(?:(?:who|that|which)[^\S\n]+(?:(?:were|was|are|is|have[^\S\n]+been"
    r"|had[^\S\n]+been|has[^\S\n]+been)[^\S\n]+)?(?P<pred>[a-z]+)"
    r"|(?P<pred2>[a-z]+(?:ed|en))[^\S\n]+(?:in|by|at|on|during|from|with|after|when|near)\b)"
)
_AMOUNT = (
    r"(?:(?P<cur>[$£€])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:[^\S\n]*(?P<scale>thousand|million|billion|bn|m)\b)?"
    r"|(?P<num2>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:[^\S\n]+(?P<scale2>thousand|million"
    r"|billion))?[^\S\n]+(?P<cur2>euro|dollar|pound|franc|yen|crown)s?\b)"
)
_CURRENCIES = {"$": "dollar", "£": "pound", "€": "euro"}
# "the $600 million plant", "a $20 million grant"
_AMOUNT_BEFORE = re.compile(
    r"\b(?P<det>the|a|an|its|their|this)[^\S\n]+"
    + _QUALIFIER
    + _AMOUNT
    + r"(?:-|[^\S\n]+)(?P<head>[a-z]{3,})\b"
)
# "the plant will cost $450 million", "the project would cost 120 million euros"
_AMOUNT_AFTER = re.compile(
    r"\b(?P<head>[a-z]{3,})[^\S\n]+(?:(?:will|would|could|is[^\S\n]+to|was[^\S\n]+to"
    r"|is[^\S\n]+set[^\S\n]+to)[^\S\n]+)?(?:cost|costs|be[^\S\n]+worth|is[^\S\n]+worth"
    r"|was[^\S\n]+worth|worth|valued[^\S\n]+at|priced[^\S\n]+at)[^\S\n]+" + _QUALIFIER + _AMOUNT
)
# "put the cost at 150 million euros", "the price of $9 million"
_MEASURE = re.compile(
    r"\b(?:(?P<det>the)[^\S\n]+)?(?P<head>cost|price|bill|budget)[^\S\n]+"
    r"(?:(?:was|is|stood|came)[^\S\n]+)?(?:at|of|to)[^\S\n]+" + _QUALIFIER + _AMOUNT
)
_SCALES = {"thousand": 1_000, "million": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}
# Words that make two numbers compatible when they stand in either sentence: a count that
# changes over time, or a part of a whole.
_CHANGED = re.compile(
    r"\b(?:now|so[^\S\n]+far|toll|still|initially|originally|previously|at[^\S\n]+first"
    r"|by[^\S\n]+then|including|excluding|among|of[^\S\n]+(?:them|whom|which)|first|last"
    r"|another|additional|further|extra)\b"
)
# A verb of change counts when a count is its subject ("the number had risen", "the toll
# rose", "the 25 trawlers fell to 20"), not when something else changed ("shares rose").
_CHANGE_VERB = re.compile(
    r"\b(?:rose|risen|rising|rises|increased|grew|grown|climbed|fell|fallen|falling|dropped"
    r"|reached|doubled|halved)\b"
)
_PART_WORDS = words("including excluding among")
_COUNT_SUBJECT = re.compile(r"\b(?:number|numbers|toll|total|figure|figures|count|tally)\b")
_SUBJECT_REACH = 40  # characters before the verb where its subject is looked for


def _changes(scan: str, sentence: tuple[int, int], count: _Count) -> bool:
    """True when the sentence says a count changed or counts a part (see _CHANGED)."""
    for word in _CHANGED.finditer(scan, sentence[0], sentence[1]):
        # "31 witnesses, including the founder": the count is the whole, not a part.
        if not (word.group() in _PART_WORDS and word.start() >= count.end):
            return True
    for verb in _CHANGE_VERB.finditer(scan, sentence[0], sentence[1]):
        start = max(sentence[0], verb.start() - _SUBJECT_REACH)
        if count.end <= verb.start():
            start = max(start, count.end)  # the mention itself is not the verb's subject
        before = scan[start : verb.start()]
        if _COUNT_SUBJECT.search(before) or count.thing[:_STEM] in before:
            return True
    return False


# A rate is not a count: "9,000 patients a month", "$2 million a year".
_RATE_AFTER = re.compile(r"[^\S\n]+(?:a|an|per|each|every)[^\S\n]+(?:year|month|week|day|hour)\b")
# Words that cannot modify a counted noun ("12 of the ships" is no mention), or that make
# it another count ("the 25 remaining ships", "the 10 largest ...").
_NOT_MODIFIER = words(
    "of the a an and or to in on at for with from by as than that which who was were is are "
    "per cent percent its their his her our your this these those more other new extra "
    "additional further remaining another total first last top next previous"
)
# Plural nouns that are counted in many unrelated ways in one text.
_GENERIC_NOUNS = words(
    "years months weeks days hours minutes seconds times percent points votes seats sides "
    "parties states countries nations cities places things ways ones others cases issues "
    "questions reasons rounds games matches goals runs sets stages steps terms members "
    "children sons daughters people men women dollars euros pounds miles kilometres "
    "kilometers metres meters tonnes tons percentages decades centuries words pages acres "
    "hectares degrees"
)
# Verbs whose participle names the people it happened to (evacuated -> evacuees).
_PEOPLE_NOUNS = {
    "evacuated": "evacuees",
    "rescued": "survivors",
    "detained": "detainees",
    "arrested": "detainees",
    "killed": "dead",
    "hospitalised": "patients",
    "hospitalized": "patients",
    "employed": "employees",
    "employs": "employees",
    "employ": "employees",
    "trained": "trainees",
    "nominated": "nominees",
    "deported": "deportees",
    "interviewed": "interviewees",
    "abducted": "hostages",
    "kidnapped": "hostages",
}
# Words before "cost" or after an amount that name no thing ("it would cost", "$5 million").
_NOT_A_THING = words(
    "would will could should might may must also only just thousand million billion"
)
_NOT_A_PREDICATE = words("not also still being all now then both only never just due expected")
# Nouns for people a verb can name differently ("40 residents were evacuated": evacuees).
_PEOPLE_HEADS = words(
    "residents passengers villagers workers tourists persons civilians students patients "
    "migrants refugees soldiers prisoners fans pupils staff crew"
)
_ROUNDING = 0.15  # "about 120" and 118 agree; "some 40" and 25 do not
_LOWER_BOUNDS = ("at least", "more than", "over", "upwards of")
_UPPER_BOUNDS = ("fewer than", "less than", "under", "up to")
_STEM = 5  # words match when they begin with the same five letters


@dataclass(frozen=True)
class _Count:
    """One number with what it counts or measures (see the section comment)."""

    start: int
    end: int
    value: float
    unit: str  # "" for a count, else the currency
    keys: frozenset[str]  # what is counted: word stems ("trawl", "cost")
    described: frozenset[str]  # how the group is described ("idle", "stran")
    definite: bool  # "the 25 ...", "both ...": refers back to a group
    qualifier: str  # "about", "at least" ... or ""
    thing: str  # the noun, for the explanation


def _value(num: str, scale: str | None) -> float | None:
    raw = num.replace(",", "")
    value = float(raw) if raw.replace(".", "", 1).isdigit() else _NUM_WORDS.get(raw)
    if value is None:
        return None
    return value * _SCALES.get(scale or "", 1)


def _counted_value(m: re.Match[str]) -> float | None:
    """The number of a group mention: "both" is 2; a year ("2019 elections") is none."""
    num = m.groupdict().get("num")
    if num is None:
        return 2
    if len(num) == 4 and num[:2] in {"19", "20"}:
        return None
    return _value(num, m.group("scale"))


# Descriptions that say the same of a group: "enrolled" and "who took part", "moved to
# shelters" and "evacuated" (stems of five letters; "took part" is read as one word).
_SAME_STEP = {
    "enrol": "parti",
    "joine": "parti",
    "recru": "parti",
    "took part": "parti",
    "moved": "evacu",
    "reloc": "evacu",
    "displ": "evacu",
    "packe": "atten",
    "watch": "atten",
    "walked out": "strik",
    "gave evidence": "testi",
    "lost electricity": "outag",
    "lost power": "outag",
}
# Two-word descriptions read as one ("who took part", "have walked out").
_PHRASES = {
    "took": ("part",),
    "walked": ("out",),
    "gave": ("evidence",),
    "lost": ("electricity", "power"),
}
# What the words before a number say of the group: "a crowd of 42,000 fans" (attendance),
# "heard evidence from 31 witnesses", "power was cut to 62,000 homes".
_BEFORE_STEP = (
    (re.compile(r"\b(?:crowd|attendance|audience)[^\S\n]+of[^\S\n]+$"), "atten"),
    (re.compile(r"\b(?:evidence|testimony)[^\S\n]+from[^\S\n]+$"), "testi"),
    (
        re.compile(
            r"\b(?:power|electricity)[^\S\n]+(?:(?:was|were|had[^\S\n]+been)[^\S\n]+)?"
            r"(?:cut|lost|knocked[^\S\n]+out)[^\S\n]+(?:to|for|at|in)[^\S\n]+$"
        ),
        "outag",
    ),
)


def _before_step(scan: str, start: int) -> str | None:
    """The description the words just before a count give its group, or ``None``."""
    window = scan[max(0, start - 50) : start]
    return next((step for pattern, step in _BEFORE_STEP if pattern.search(window)), None)


def _description(scan: str, m: re.Match[str], definite: bool) -> tuple[set[str], str | None, int]:
    """How a group is described after its noun: (word stems, the participle, end offset).

    A count is described by its predicate ("40 people were evacuated"); a group referred
    back to only by what narrows it ("the 12 passengers who were injured").
    """
    if definite:
        found = _RESTRICTIVE.match(scan, m.end())
        pred = (found.group("pred") or found.group("pred2")) if found is not None else None
    else:
        found = _PREDICATE.match(scan, m.end())
        pred = (found.group("pred") or found.group("pred2")) if found is not None else None
    if found is None or pred is None or pred in _NOT_MODIFIER or pred in _NOT_A_PREDICATE:
        return set(), None, m.end()
    for word in _PHRASES.get(pred, ()):
        after = re.compile(rf"[^\S\n]+{word}\b").match(scan, found.end())
        if after is not None:
            return {f"{pred} {word}"}, pred, after.end()
    return {pred[:_STEM]}, pred, found.end()


def _group_keys(head: str, described: set[str], pred: str | None) -> frozenset[str]:
    """What a group mention counts: its noun, the people a verb names, or noun and description."""
    keys = set() if head in _GENERIC_NOUNS else {head[:_STEM]}
    if pred in _PEOPLE_NOUNS:
        keys.add(_PEOPLE_NOUNS[pred][:_STEM])
    if head in _GENERIC_NOUNS:
        keys |= {f"{head}:{d}" for d in described}
    return frozenset(keys)


# A verb whose object is the count: "destroyed 14 homes", "arrested 12 protesters".
_VERB_BEFORE = re.compile(r"\b([a-z]+ed|lost|hit|cut|sold|built|caught|held|employs?)[^\S\n]+$")


def _group_count(scan: str, m: re.Match[str]) -> _Count | None:
    """A count of a group ("Some 40 trawlers have been idle"), or ``None``."""
    mods = m.group("mods").split()
    value = _counted_value(m)
    if value is None or any(w in _NOT_MODIFIER or w.endswith("est") for w in mods):
        return None
    if _RATE_AFTER.match(scan, m.end()):
        return None
    definite = bool(m.group("det"))
    described, pred, end = _description(scan, m, definite)
    described |= {w[:_STEM] for w in mods}
    verb = _VERB_BEFORE.search(scan, max(0, m.start() - 30), m.start())
    if verb is not None and not definite:  # "the fire destroyed 14 homes"
        described.add(verb.group(1)[:_STEM])
        if pred not in _PEOPLE_NOUNS:  # "employs 4,200 people": employees
            pred = verb.group(1)
    step = _before_step(scan, m.start()) if not definite else None
    if step is not None:
        described.add(step)
    described = {_SAME_STEP.get(d, d) for d in described}
    keys = _group_keys(m.group("head"), described, pred)
    if not keys:
        return None
    return _Count(
        start=m.start(),
        end=end,
        value=value,
        unit="",
        keys=keys,
        described=frozenset(described),
        definite=definite,
        qualifier=" ".join((m.groupdict().get("qual") or "").split()),
        thing=m.group("head"),
    )


def _amount(m: re.Match[str]) -> tuple[float, str] | None:
    """The value and currency of a money match."""
    value = _value(m.group("num") or m.group("num2"), m.group("scale") or m.group("scale2"))
    if value is None:
        return None
    return value, _CURRENCIES.get(m.group("cur") or "", m.group("cur2") or "")


def _money_count(m: re.Match[str], keys: set[str], definite: bool) -> _Count | None:
    """A sum of money tied to what it pays for ("the $600 million plant"), or ``None``."""
    amount = _amount(m)
    head = m.group("head")
    if amount is None or head in _NOT_MODIFIER or head in _GENERIC_NOUNS or head in _NOT_A_THING:
        return None
    if _RATE_AFTER.match(m.string, m.end()):
        return None
    return _Count(
        start=m.start(),
        end=m.end(),
        value=amount[0],
        unit=amount[1],
        keys=frozenset(k[:_STEM] for k in keys),
        described=frozenset(),
        definite=definite,
        qualifier=" ".join((m.group("qual") or "").split()),
        thing="cost" if head in {"cost", "costs", "price", "bill"} else head,
    )


def _mentions(scan: str) -> list[_Count]:
    """Every counted or measured mention in the lower-cased text, in text order."""
    reverse = scan[::-1]
    matches = list(_counted(scan, reverse))
    if "both " in scan:
        matches.extend(matches_at(_BOTH, scan, literal_starts(scan, ["both"])))
    # Only a definite mention is compared, with an earlier mention of the same thing: count
    # the definite ones first, then only the other mentions that could match one.
    definite = [c for m in matches if m.group("det") and (c := _group_count(scan, m))]
    wanted = {k for c in definite for k in c.keys}
    found: list[_Count | None] = [
        *definite,
        *(
            _group_count(scan, m)
            for m in matches
            if not m.group("det")
            and (
                m.group("head") in _GENERIC_NOUNS
                or m.group("head") in _PEOPLE_HEADS
                or m.group("head")[:_STEM] in wanted
            )
        ),
    ]
    if _has_currency(scan):
        found.extend(_money_mentions(scan, reverse))
    return sorted((c for c in found if c is not None), key=lambda c: (c.start, -c.end))


_CURRENCY_WORDS = ("$", "£", "€", "euro", "dollar", "pound", "franc", "crown")
_YEN = re.compile(r"yen\b")


def _has_currency(scan: str) -> bool:
    """True when the text names a currency: a sign, "euro", "yen" ... (str.find is fast)."""
    return any(word in scan for word in _CURRENCY_WORDS) or _YEN.search(scan) is not None


# Where the money patterns may start (found from their rarer words, then the words before).
_AMOUNT_DETERMINERS = words("the a an its their this")
_WORTH_WORDS = ("cost", "worth", "valued", "priced")
_MEASURE_WORDS = ("cost", "price", "bill", "budget")


def _money_matches(
    scan: str, reverse: str
) -> tuple[Iterator[re.Match[str]], Iterator[re.Match[str]], Iterator[re.Match[str]]]:
    """The matches of _AMOUNT_BEFORE, _AMOUNT_AFTER and _MEASURE, tried only where they may start.

    "the $600 million plant": a determiner up to three words before an amount (a
    currency sign or digits); "the plant will cost $450 million": a word up to five
    words before "cost", "worth" ...; "the cost at ...": "cost", "price" ... or "the"
    just before.
    """
    amounts = [*literal_starts(scan, ("$", "£", "€")), *_word_initial_digits(scan)]
    before = _lead_starts(scan, reverse, amounts, 3, _AMOUNT_DETERMINERS)
    cues = literal_starts(scan, _WORTH_WORDS)
    after = _lead_starts(scan, reverse, cues, 5, None)
    measured = literal_starts(scan, _MEASURE_WORDS)
    measure = _lead_starts(scan, reverse, measured, 1, frozenset({"the"})).union(measured)
    return (
        matches_at(_AMOUNT_BEFORE, scan, sorted(before)),
        matches_at(_AMOUNT_AFTER, scan, sorted(after)),
        matches_at(_MEASURE, scan, sorted(measure)),
    )


def _money_mentions(scan: str, reverse: str) -> list[_Count | None]:
    """Sums of money tied to what they pay for (see the section comment)."""
    found: list[_Count | None] = []
    amount_before, amount_after, measures = _money_matches(scan, reverse)
    for m in amount_before:
        definite = m.group("det") in {"the", "its", "their", "this"}
        found.append(_money_count(m, {m.group("head")}, definite))
    for m in amount_after:
        found.append(_money_count(m, {m.group("head"), "cost"}, False))
    for m in measures:
        head = m.group("head")
        key = "cost" if head in {"cost", "price", "bill"} else head
        found.append(_money_count(m, {key}, m.group("det") is not None))
    return found


def _disagree(a: _Count, b: _Count) -> bool:
    """True when two figures for one thing cannot both be right, rounding words allowed."""
    if a.unit != b.unit or a.value == b.value:
        return False
    bounds = [c for c in (a, b) if c.qualifier in _LOWER_BOUNDS + _UPPER_BOUNDS]
    if len(bounds) == 2:
        return False
    if bounds:
        bound = bounds[0]
        other = b if bound is a else a
        if bound.qualifier in _LOWER_BOUNDS:
            return other.value < bound.value
        return other.value > bound.value
    if a.qualifier or b.qualifier:
        return abs(a.value - b.value) > _ROUNDING * max(a.value, b.value)
    return True


def _compatible(earlier: _Count, later: _Count, between: str) -> bool:
    """True when ``later`` can refer back to ``earlier``'s group."""
    if not later.described <= earlier.described:
        return False  # "the 12 injured passengers" after "300 passengers were stranded"
    if later.unit:
        return True
    pattern = rf"\bof[^\S\n]+(?:them|(?:the|those|these)(?:[^\S\n]+[\w-]+)?[^\S\n]+{later.thing})\b"
    return re.search(pattern, between) is None  # "two of the ships", then "both ships"


def _count_explanation(text: str, first: _Count, second: _Count) -> str:
    one = " ".join(text[first.start : first.end].split())
    two = " ".join(text[second.start : second.end].split())
    rounding = [c.qualifier for c in (first, second) if c.qualifier]
    allowance = (
        f" A rounded figure (\u201c{rounding[0]}\u201d) allows a small difference, not this one."
        if rounding and rounding[0] not in _LOWER_BOUNDS + _UPPER_BOUNDS
        else ""
    )
    return (
        f"The text gives one figure for the {second.thing} (\u201c{one}\u201d) and later "
        f"another (\u201c{two}\u201d). Two different numbers for the same {second.thing} "
        f"cannot both be right.{allowance} Check which figure the sources give."
    )


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _conflict(text: str, scan: str, earlier: _Count | None, count: _Count) -> Finding | None:
    """The finding when ``count`` refers back to ``earlier`` with another number."""
    if not count.definite or earlier is None or earlier.end > count.start:
        return None
    if not _compatible(earlier, count, scan[earlier.end : count.start]):
        return None
    if not _disagree(earlier, count):
        return None
    return _pair(
        text,
        (earlier.start, earlier.end),
        (count.start, count.end),
        _count_explanation(text, earlier, count),
        "conflicting-numbers",
        {"thing": count.thing, "numbers": [_plain(earlier.value), _plain(count.value)]},
    )


def _count_conflicts(
    text: str,
    sentences: Sequence[tuple[int, int]],
    starts: Sequence[int],
    skip: Sequence[tuple[int, int]],
    low: str | None = None,
) -> list[Finding]:
    """Findings for a count and a later definite mention of the same thing with another number.

    Only a definite mention ("the 25 idle trawlers", "both ships", "the cost at ...") is
    compared, with the latest earlier mention of the same thing. A sentence in which the
    count may change or counts a part (*rose*, *now*, *toll*, *of the*, *another* ...) is
    never compared and starts the comparison afresh; rounding words (*about*, *some*,
    *nearly*) allow a difference of up to 15 per cent, bounds (*at least*, *under*) only
    one on their side; a differently described group ("the 12 injured passengers") is not
    the same group.
    """
    scan = low if low is not None else text.lower()
    if len(scan) != len(text):
        return []
    latest: dict[str, _Count] = {}
    out: list[Finding] = []
    for count in _mentions(scan):
        if _inside(count.start, skip):
            continue
        sentence = _sentence_at(count.start, sentences, starts)
        if _changes(scan, sentence, count):
            for key in count.keys:
                latest.pop(key, None)  # a count that changes: compare nothing across it
            continue
        earlier = max(
            (latest[k] for k in count.keys if k in latest), key=lambda c: c.start, default=None
        )
        finding = _conflict(text, scan, earlier, count)
        if finding is not None and earlier is not None:
            out.append(finding)
            for key in count.keys | earlier.keys:
                latest.pop(key, None)
            continue
        for key in count.keys:
            latest[key] = count
    return out


# -- a planned date, and "it is not known when ..." with the same verb ---------------------

# "will be sentenced on 23 October", "will reopen on Monday, 9 February": a verb of what is
# planned, then its date (a few words may come between).
_PLANNED_DATE = re.compile(
    rf"(?:will|would|to|shall)[^\S\n]+(?:be[^\S\n]+)?(?P<verb>[a-z]{{3,}})"
    rf"(?:[^\S\n]+[a-z]+){{0,3}}?[^\S\n]+(?:on|from)[^\S\n]+(?:{_WEEKDAY},?[^\S\n]+)?"
    rf"(?P<date>{_DAY_MONTH.pattern})"
)
# "when Marwood will be sentenced", "when classes would resume"
_WHEN_CLAUSE = re.compile(
    r"when[^\S\n]+(?:[\w'’-]+[^\S\n]+){1,4}?(?:will|would|is[^\S\n]+to|are[^\S\n]+to)"
    r"[^\S\n]+(?:be[^\S\n]+)?(?P<verb>[a-z]{3,})\b"
)
# What comes just before such a clause when the time is said to be unknown.
_UNKNOWN_BEFORE = re.compile(
    r"(?:not[^\S\n]+(?:yet[^\S\n]+)?(?:known|clear|decided|certain|announced|confirmed|settled)"
    r"|unclear|unknown|undecided|uncertain"
    r"|no[^\S\n]+decision[^\S\n]+(?:has|had|have)[^\S\n]+(?:yet[^\S\n]+)?been[^\S\n]+"
    r"(?:taken|made|reached)(?:[^\S\n]+(?:on|about|over))?)[^\S\n]+$"
)
# Verbs that name the same step ("reopen" and "resume"); others must share a stem.
_VERB_GROUPS = (
    ("resum", "reope", "resta", "recon"),
    ("begin", "start", "commen", "open"),
    ("end", "close", "finis", "concl"),
)


def _verb_key(verb: str) -> str:
    """The group a verb belongs to, else its first five letters ("sentenced" -> "sente")."""
    for group in _VERB_GROUPS:
        if verb.startswith(group):
            return group[0]
    return verb[:5]


def _unknown_whens(scan: str, skip: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, verb key) of "it is not known when X will <verb>" statements."""
    found = []
    pos = scan.find("when ")
    while pos >= 0:
        clause = _WHEN_CLAUSE.match(scan, pos) if _word_start(scan, pos) else None
        if clause is not None and not _inside(pos, skip):
            before = _UNKNOWN_BEFORE.search(scan, max(0, pos - 70), pos)
            if before is not None:
                found.append((before.start(), clause.end(), _verb_key(clause.group("verb"))))
        pos = scan.find("when ", pos + 5)
    return found


def _planned_when(
    text: str,
    sentence_index: tuple[Sequence[tuple[int, int]], Sequence[int]],
    skip: Sequence[tuple[int, int]],
    low: str | None,
    taken: set[tuple[int, int]],
) -> list[Finding]:
    """Findings for a planned date and a statement that the time is not known.

    "Marwood would be sentenced on 23 October" and "it is not yet known when Marwood will
    be sentenced": the same verb (or one of the same step, "reopen" and "resume") with a
    date in one sentence and "not known when" in another. Sentences already paired by
    rule 1 (``taken``) are left out.
    """
    scan = low if low is not None else text.lower()
    if len(scan) != len(text) or "when " not in scan:
        return []
    unknown = _unknown_whens(scan, skip)
    if not unknown:
        return []
    planned = [
        (m, _verb_key(m.group("verb")))
        for m in _find(_PLANNED_DATE, text, low)
        if not _inside(m.start(), skip)
    ]
    out = []
    for start, end, key in unknown:
        own = _sentence_at(start, *sentence_index)
        if own in taken:
            continue
        given = [m for m, k in planned if k == key and not own[0] <= m.start() < own[1]]
        if not given:
            continue
        date = min(given, key=lambda m: abs(m.start() - start))
        out.append(
            _pair(
                text,
                date.span("date"),
                own,
                f"The text gives the date (\u201c{text[date.start('date') : date.end('date')]}"
                f"\u201d) but also says it is not known when it will happen (\u201c"
                f"{' '.join(text[start:end].split())}\u201d). Both cannot be true at once: "
                "the text may mix reports written on different days.",
                "announced-vs-not-announced",
                {"subject": "date"},
            )
        )
    return out
