"""Internal contradictions: pairs of statements in one text that cannot both be true.

Four rules; a finding points at the first statement (``start``/``end``) and the second
(``other_start``/``other_end``), and its explanation names what conflicts:

``announced-vs-not-announced``
    A place or a date is given for an event anywhere in the text ("scheduled ... in
    Anchorage", "in the coastal city of Varna", "at the foreign ministry in Valmora",
    "will open on Monday, 8 June"), and elsewhere the same kind of detail is said to be
    unknown or undecided ("the venue has not been announced / disclosed / made public /
    fixed / agreed", "no date has been set", "remains to be decided", "is still under
    discussion"). A detail of something else ("the location of the missing boat") is not
    compared, nor a date with a place.
``firm-vs-tentative``
    The same event is called firm ("scheduled", "confirmed") and only possible
    ("potential", "possible", "proposed") in the same text.
``first-since-vs-last``
    "the first ... since 2019" (or "the first ... in a decade", counted back from the
    latest year the text mentions) and "last met, in 2022": if they last met in 2022,
    the meeting cannot be the first since 2019. Any words or punctuation may come between.
``conflicting-numbers``
    A count ("40 people were evacuated", "three ships") and a later definite mention of
    the same group with another number ("the 25 evacuees", "both ships"). Counts that may
    change or are approximate (*rose*, *now*, *at least*, *about*, *another*, *of the* ...
    in either sentence) and nouns counted in many unrelated ways (*years*, *votes*,
    *people* ...) are never compared.

Lines of the reference list are left out: a reference's title is what another
outlet wrote, not a statement of this text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
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
    words,
)

__all__ = ["contradiction_findings"]


_EVENT = (
    r"(?:summit|meeting|talks|visit|conference|negotiations|ceremony|signing|vote|hearing"
    r"|trial|election|match|concert|festival|launch|rally|debate)"
)
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
    r"|discussed|negotiated|worked[^\S\n]+out"
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
_SCHEDULING = re.compile(
    r"(?:scheduled|will[^\S\n]+take[^\S\n]+place|to[^\S\n]+take[^\S\n]+place"
    r"|will[^\S\n]+be[^\S\n]+held|to[^\S\n]+be[^\S\n]+held|set[^\S\n]+for|will[^\S\n]+meet"
    r"|to[^\S\n]+meet|will[^\S\n]+host|to[^\S\n]+host|takes[^\S\n]+place|is[^\S\n]+to[^\S\n]+be"
    r"|will[^\S\n]+(?:gather|convene|open|begin|start)|to[^\S\n]+(?:gather|convene)"
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
    r"(?:in|at)[^\S\n]+(?:the[^\S\n]+(?:[a-z][\w-]*[^\S\n]+){0,3}"
    r"(?:city|town|capital|village|port|resort|island|region|province|state|country)"
    r"[^\S\n]+of[^\S\n]+)?"
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
    rf"(?P<n>{_EVENT})(?:,?[ \t]+(?:(?:is|was|has[ \t]+been)[ \t]+)?(?:scheduled|confirmed|set)"
    rf"[ \t]+(?:for|to|on)|[ \t]+(?:is|was|has[ \t]+been)[ \t]+confirmed)\b"
)
_TENTATIVE = re.compile(
    rf"(?P<cue>potential|possible|proposed|prospective|mooted|hypothetical|rumou?red)"
    rf"[ \t]+(?P<n>{_EVENT})\b",
)
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
            *_find(_WHERE_WHEN, text, low),
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
        before = [
            g for g in _given(text, low, back, neg_span[0], wants_date) if not _inside(g[0], skip)
        ]
        after = [
            g for g in _given(text, low, neg_span[1], ahead, wants_date) if not _inside(g[0], skip)
        ]
        span = before[-1] if before else (after[0] if after else None)
        if span is None:
            continue
        # "at the Corran Exchange in the river town of Halvey": one venue, one span.
        for g in reversed(before if before else after):
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


def _firm_and_tentative(text: str, skip: list[tuple[int, int]], low: str | None) -> list[Finding]:
    """Rule 2: the same event is firm in one place and only possible in another."""
    out: list[Finding] = []
    # 2. The same event is firm in one place and only possible in another.
    # Scanned only when the text has a tentative wording at all (the cheaper scan).
    tentative = list(_find(_TENTATIVE, text, low))
    firm: dict[str, tuple[int, int]] = {}
    if tentative:
        for pattern in (_FIRM_BEFORE, _FIRM_AFTER):
            for m in _find(pattern, text, low):
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
                f"The {noun} is presented as fixed (\u201c{firm_text}\u201d) and also as only "
                f"{m.group('cue')} (\u201c{text[m.start() : m.end()]}\u201d). It cannot be "
                "both; ask which wording was true when, and whether the text joins older and "
                "newer reports.",
                "firm-vs-tentative",
                {"event": noun},
            )
        )
    return out


def _first_since_and_last(text: str, skip: list[tuple[int, int]], low: str | None) -> list[Finding]:
    """Rule 3: "first ... since Y1" against "last met in Y2" with Y2 after Y1."""
    out: list[Finding] = []
    # 3. "first ... since Y1" (or "first ... in N years") versus "last met in Y2" with Y2
    # later than Y1: each "last" statement is paired with the nearest earlier "first"
    # statement (else the next one). "In N years" counts back from the latest year the
    # text mentions (its own date, as far as the text tells).
    lasts = [m for m in _find(_LAST_IN, text, low) if not _inside(m.start(), skip)]
    if lasts:
        firsts: list[tuple[int, re.Match[str], int]] = []
        for m in _find(_FIRST_SINCE, text, low):
            if not _inside(m.start(), skip):
                firsts.append((m.start(), m, int(m.group("year"))))
        in_years = [m for m in _find(_FIRST_IN_YEARS, text, low) if not _inside(m.start(), skip)]
        if in_years:
            latest = max(int(y) for y in ANY_YEAR.findall(text))
            for m in in_years:
                raw = " ".join(m.group("n").lower().split())
                n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw, 0)
                if n:
                    firsts.append((m.start(), m, latest - n))
        firsts.sort(key=lambda f: f[0])
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
    """Findings of the four contradiction rules (see the module docstring)."""
    skip = sorted(reference_spans)
    starts = [a for a, _ in sentences]
    if low is None:
        low = text.lower()
    if len(low) != len(text):
        low = None

    return [
        *_announced_and_not(text, sentences, starts, skip, low),
        *_firm_and_tentative(text, skip, low),
        *_first_since_and_last(text, skip, low),
        # 4. Two different numbers for the same counted thing: a count ("40 people were
        # evacuated", "three ships") and a later definite mention with another number
        # ("the 25 evacuees", "both ships").
        *_count_conflicts(text, sentences, starts, skip, low),
    ]


# -- two different numbers for the same counted thing -------------------------------------

# Number words in trie form (shared prefixes tried once): faster than a flat alternation.
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})*|" + trie_pattern(k for k in _NUM_WORDS if k != "both") + r")"
# "40 people were evacuated": a count of people a verb happened to.
_PEOPLE_VERB = re.compile(
    _NUM + r"[^\S\n]+(?:people|persons|residents|passengers|villagers|workers|tourists)"
    r"[^\S\n]+(?:were|had[^\S\n]+been|have[^\S\n]+been)[^\S\n]+(?P<verb>[a-z]+ed)\b"
)
# "three ships", "40 evacuees"
_COUNT = re.compile(_NUM + r"[^\S\n]+(?P<noun>[a-z]{3,}s)\b")
# "the 25 evacuees", "both ships", "all three ships"
_DEFINITE = re.compile(
    r"(?:\bthe[^\S\n]+(?:remaining[^\S\n]+)?"
    + _NUM
    + r"|\bboth|\ball[^\S\n]+"
    + _NUM.replace("num>", "num2>")
    + r")[^\S\n]+(?P<noun>[a-z]{3,}s)\b"
)
# Verbs whose participle names the people it happened to (evacuated -> evacuees).
_PEOPLE_NOUNS = {
    "evacuated": "evacuees",
    "rescued": "survivors",
    "detained": "detainees",
    "arrested": "detainees",
    "injured": "injured",
    "wounded": "wounded",
    "killed": "dead",
    "displaced": "displaced",
    "hospitalised": "patients",
    "hospitalized": "patients",
    "employed": "employees",
    "trained": "trainees",
    "nominated": "nominees",
    "deported": "deportees",
    "interviewed": "interviewees",
    "abducted": "hostages",
    "kidnapped": "hostages",
    "held": "hostages",
}
# Words near a number that make two counts compatible: a total that changes over time,
# an estimate, a part of a whole.
_CHANGE = re.compile(
    r"\b(?:rose|risen|rising|rise|increased|grew|grown|climbed|fell|fallen|dropped|up|down|"
    r"now|later|since|another|more|further|additional|other|at[^\S\n]+least|about|around|"
    r"nearly|almost|over|some|roughly|approximately|estimated|of[^\S\n]+the|of[^\S\n]+them|"
    r"of[^\S\n]+whom|of[^\S\n]+which|among|toll|total|per|each|every|first|last|new|"
    r"remaining|still|initially|originally|previously|earlier|had[^\S\n]+been)\b"
)
# Plural nouns that are counted in many unrelated ways in one text.
_GENERIC_NOUNS = words(
    "years months weeks days hours minutes seconds times percent points votes seats sides "
    "parties states countries nations cities places things ways ones others cases issues "
    "questions reasons rounds games matches goals runs sets stages steps terms members "
    "children sons daughters people men women dollars euros pounds miles kilometres "
    "kilometers metres meters tonnes tons percentages decades centuries words pages"
)


def _number(value: str) -> int | None:
    value = value.lower().replace(",", "")
    if value.isdigit():
        return int(value)
    return _NUM_WORDS.get(value)


# A mention of a counted group: (offset, noun, number, span, definite?)
_Mention = tuple[int, str, int, tuple[int, int], bool]


def _definite_mentions(scan: str) -> list[_Mention]:
    """Definite mentions of a group with its number: "the 25 evacuees", "both ships"."""
    out: list[_Mention] = []
    for m in _DEFINITE.finditer(scan):
        n = _number(m.group("num") or m.group("num2") or "both")
        if n:
            out.append((m.start(), m.group("noun").lower(), n, m.span(), True))
    return out


def _counts(text: str, scan: str, wanted: set[str]) -> list[_Mention]:
    """Counts of the ``wanted`` nouns: "40 people were evacuated", "three ships"."""
    out: list[_Mention] = []
    for m in _PEOPLE_VERB.finditer(scan):
        noun = _PEOPLE_NOUNS.get(m.group("verb").lower())
        n = _number(m.group("num"))
        if noun in wanted and n:
            out.append((m.start(), str(noun), n, m.span(), False))
    for m in _COUNT.finditer(scan):
        if m.group("noun") not in wanted:
            continue
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "$£€.,"):
            continue
        n = _number(m.group("num"))
        if n:
            out.append((m.start(), m.group("noun").lower(), n, m.span(), False))
    return out


def _part_of_group(between: str, noun: str) -> bool:
    """True when the words between two mentions count a part: "two of the ships"."""
    pattern = rf"\bof[^\S\n]+(?:the|those|these|them)\b(?:[^\S\n]+\w+)?(?:[^\S\n]+{noun})?"
    return re.search(pattern, between) is not None


def _number_conflict(
    text: str, earlier: tuple[int, tuple[int, int]], noun: str, n: int, span: tuple[int, int]
) -> Finding:
    """The finding for a count and a later definite mention with another number."""
    first_text = " ".join(text[earlier[1][0] : earlier[1][1]].split())
    second_text = " ".join(text[span[0] : span[1]].split())
    return _pair(
        text,
        earlier[1],
        span,
        f"The text counts {earlier[0]} {noun} (\u201c{first_text}\u201d) and later "
        f"refers back to {n} (\u201c{second_text}\u201d). Two different numbers for the "
        "same group cannot both be right: check which count the sources give.",
        "conflicting-numbers",
        {"thing": noun, "numbers": [earlier[0], n]},
    )


def _count_conflicts(
    text: str,
    sentences: Sequence[tuple[int, int]],
    starts: Sequence[int],
    skip: Sequence[tuple[int, int]],
    low: str | None = None,
) -> list[Finding]:
    """Findings for a count and a later definite mention of the same thing with another number.

    Only a definite mention ("the 25 evacuees", "both ships") is compared with an earlier
    count, because it refers back to the same group. A count that may change or is only
    approximate (a word such as *rose*, *now*, *at least*, *about*, *another*, *of the*
    in either sentence) is never compared.
    """
    # Lower-case patterns on the lower-cased text are several times faster than IGNORECASE.
    scan = low if low is not None else text.lower()
    if len(scan) != len(text):
        return []
    # Definite mentions first: without one ("the 25 evacuees", "both ships") there is
    # nothing to compare, and most counts can be skipped.
    mentions = _definite_mentions(scan)
    wanted = {e[1] for e in mentions}
    if not wanted:
        return []
    mentions.extend(_counts(text, scan, wanted))
    mentions.sort(key=lambda e: (e[0], not e[4]))
    counts: dict[str, tuple[int, tuple[int, int]]] = {}
    out: list[Finding] = []
    seen_spans: set[int] = set()
    for pos, noun, n, span, definite in mentions:
        if noun in _GENERIC_NOUNS or _inside(pos, skip):
            continue
        sentence = _sentence_at(pos, sentences, starts)
        if _CHANGE.search(text, sentence[0], sentence[1]):
            counts.pop(noun, None)  # a count that changes: compare nothing across it
            continue
        if not definite:
            if pos not in seen_spans:
                counts.setdefault(noun, (n, span))
            continue
        seen_spans.add(pos)
        earlier = counts.get(noun)
        if earlier is None or earlier[0] == n or earlier[1][1] > pos:
            continue
        if _part_of_group(text[earlier[1][1] : pos].lower(), noun):
            continue  # "two of the ships": a part of the group, then "both ships"
        out.append(_number_conflict(text, earlier, noun, n, span))
        counts.pop(noun, None)
    return out
