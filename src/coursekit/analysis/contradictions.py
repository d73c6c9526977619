"""Internal contradictions: pairs of statements in one text that cannot both be true.

Three rules, each a pair of patterns; a finding points at the first statement
(``start``/``end``) and the second (``other_start``/``other_end``):

``announced-vs-not-announced``
    A place (or date) is given for an event ("scheduled ... in Anchorage, Alaska"),
    and the text also says the location (or date) "has not been announced".
``firm-vs-tentative``
    The same event is called firm ("scheduled", "confirmed") and only possible
    ("potential", "possible", "proposed") in the same text.
``first-since-vs-last``
    "the first ... since 2019" and "last met in 2022": if they last met in 2022, the
    meeting cannot be the first since 2019.

Lines of the reference list are left out: a reference's title is what another
outlet wrote, not a statement of this text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from coursekit.analysis.dates import DAY_NAMES, MONTH_NAMES

__all__ = ["contradiction_findings"]


def _words(text: str) -> frozenset[str]:
    """A set of the space-separated words in ``text`` (keeps long word lists readable)."""
    return frozenset(text.split())


_EVENT = r"(?:summit|meeting|talks|visit|conference|negotiations)"
_NOT_ANNOUNCED = re.compile(
    r"(?P<subj>location|venue|place|site|city|date|timing|day)\b"
    r"(?:[ \t]+[\w'’-]+){0,7}?[ \t]+"
    r"(?:(?:has|have|had)[ \t]+(?:not|yet[ \t]+to)[ \t]+(?:yet[ \t]+)?(?:been[ \t]+)?"
    r"|(?:is|was|remains|remained)[ \t]+(?:still[ \t]+)?(?:not[ \t]+|to[ \t]+be[ \t]+|un)"
    r"|(?:is|was)[ \t]+(?:still[ \t]+)?(?:yet[ \t]+)?to[ \t]+be[ \t]+)"
    r"(?:announced|decided|disclosed|revealed|released|confirmed|set|determined|named|known"
    r"|finali[sz]ed|made[ \t]+public)\b",
)
_SCHEDULING = re.compile(
    r"(?:scheduled|will[ \t]+take[ \t]+place|to[ \t]+take[ \t]+place|will[ \t]+be[ \t]+held"
    r"|to[ \t]+be[ \t]+held|set[ \t]+for|will[ \t]+meet|to[ \t]+meet|will[ \t]+host|to[ \t]+host"
    r"|takes[ \t]+place|is[ \t]+to[ \t]+be)\b",
)
# A place counts as "given" only this close after a scheduling cue or an event noun,
# so "talks will take place soon, with the focus on the war in Ukraine" gives no venue.
_PLACE_WINDOW = 40
# How far apart (in characters) a venue and a "not announced" statement may be.
_REACH = 20_000
_ANCHOR_END = re.compile(rf"\b(?:{_SCHEDULING.pattern}|{_EVENT})\b")
_PLACE = re.compile(
    r"(?:in|at)[ \t]+(?P<place>(?:the[ \t]+)?[A-Z][\w'’-]+(?:,?[ \t]+[A-Z][\w'’-]+){0,3})"
)
# Capitalised words after "in"/"at" that name a date or start a sentence, not a place.
_NOT_PLACES = frozenset([*MONTH_NAMES[1:], *DAY_NAMES, "The", "A", "An", "This", "That"])
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_GIVEN_DATE = re.compile(
    rf"(?:scheduled|set|slated|planned|take[ \t]+place|be[ \t]+held)[ \t]+(?:for|on)[ \t]+"
    rf"(?P<date>{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?"
    rf"|\d{{1,2}}[ \t]+{_MONTH}(?:[ \t]+\d{{4}})?)"
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
_NOT_SAME_EVENT = _words("another second third further follow-up future next new later")
_FIRST_SINCE = re.compile(
    r"first\b(?:[ \t]+[\w'’-]+){0,8}?[ \t]+since[ \t]+(?P<year>(?:19|20)\d{2})\b",
)
_LAST_IN = re.compile(
    r"last[ \t]+(?:met|meeting|summit|held|spoke|talked|visited|met[ \t]+in[ \t]+person)"
    r"(?:[ \t]+[\w'’-]+){0,5}?[ \t]+in[ \t]+(?:\w+[ \t]+)?(?P<year>(?:19|20)\d{2})\b",
)
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
    """True when ``pos`` starts a word. The patterns leave out a leading ``\\b`` so the
    regex engine can skip ahead on their first letters; this check replaces it."""
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


def _given(text: str, low: str | None, start: int, end: int, dates: bool) -> list[tuple[int, int]]:
    """Spans in ``text[start:end]`` that give a date, or a place: "in/at Place" with a
    scheduling cue or an event noun at most _PLACE_WINDOW characters before it, in the
    same sentence."""
    if dates:
        return [m.span("date") for m in _find(_GIVEN_DATE, text, low, start, end)]
    spans: list[tuple[int, int]] = []
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
) -> dict[str, Any]:
    (a, b), (c, d) = sorted([first, second])
    return dict(
        kind="internal-contradiction",
        start=a,
        end=b,
        explanation=explanation,
        category=category,
        other_start=c,
        other_end=d,
        other_text=text[c:d],
        details=details,
    )


def contradiction_findings(
    text: str,
    sentences: Sequence[tuple[int, int]],
    reference_spans: Sequence[tuple[int, int]] = (),
    low: str | None = None,
) -> list[dict[str, Any]]:
    """Finding dicts for the three contradiction rules (see the module docstring)."""
    out: list[dict[str, Any]] = []
    skip = sorted(reference_spans)
    starts = [a for a, _ in sentences]
    if low is None:
        low = text.lower()
    if len(low) != len(text):
        low = None

    # 1. A venue or date is given, and also "not announced". Each "not announced"
    # statement is paired with the nearest earlier statement that gives the venue (or
    # date), else the nearest later one: one finding per statement, linear in the text.
    negatives = [m for m in _find(_NOT_ANNOUNCED, text, low) if not _inside(m.start(), skip)]
    for k, neg in enumerate(negatives):
        subject = neg.group("subj").lower()
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

    # 3. "first ... since Y1" versus "last met in Y2" with Y2 later than Y1: each "last"
    # statement is paired with the nearest earlier "first ... since" (else the next one).
    firsts = [(m.start(), m) for m in _find(_FIRST_SINCE, text, low)]
    if firsts:
        first_starts = [p for p, _ in firsts]
        for last in _find(_LAST_IN, text, low):
            k = bisect.bisect_left(first_starts, last.start())
            first = firsts[k - 1][1] if k > 0 else firsts[k][1]
            y1, y2 = int(first.group("year")), int(last.group("year"))
            if y2 > y1:
                out.append(
                    _pair(
                        text,
                        first.span(),
                        last.span(),
                        f"\u201c{text[first.start() : first.end()]}\u201d means nothing of "
                        f"the kind happened between {y1} and now, but the text also says "
                        f"\u201c{text[last.start() : last.end()]}\u201d. Both cannot be true.",
                        "first-since-vs-last",
                        {"since": y1, "last": y2},
                    )
                )
    return out
