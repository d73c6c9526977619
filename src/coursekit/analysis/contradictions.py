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

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["contradiction_findings"]


def _words(text: str) -> frozenset[str]:
    """A set of the space-separated words in ``text`` (keeps long word lists readable)."""
    return frozenset(text.split())


_EVENT = r"(?:summit|meeting|talks|visit|conference|negotiations)"
_NOT_ANNOUNCED = re.compile(
    r"\b(?P<subj>location|venue|place|site|city|date|timing|day)\b"
    r"(?:[ \t]+[\w'’-]+){0,7}?[ \t]+"
    r"(?:(?:has|have|had)[ \t]+(?:not|yet[ \t]+to)[ \t]+(?:yet[ \t]+)?(?:been[ \t]+)?"
    r"|(?:is|was|remains|remained)[ \t]+(?:still[ \t]+)?(?:not[ \t]+|to[ \t]+be[ \t]+|un)"
    r"|(?:is|was)[ \t]+(?:still[ \t]+)?(?:yet[ \t]+)?to[ \t]+be[ \t]+)"
    r"(?:announced|decided|disclosed|revealed|released|confirmed|set|determined|named|known"
    r"|finali[sz]ed|made[ \t]+public)\b",
    re.IGNORECASE,
)
_SCHEDULING = re.compile(
    r"\b(?:scheduled|will[ \t]+take[ \t]+place|to[ \t]+take[ \t]+place|will[ \t]+be[ \t]+held"
    r"|to[ \t]+be[ \t]+held|set[ \t]+for|will[ \t]+meet|to[ \t]+meet|will[ \t]+host|to[ \t]+host"
    r"|takes[ \t]+place|is[ \t]+to[ \t]+be)\b",
    re.IGNORECASE,
)
# A place counts as "given" only this close after a scheduling cue or an event noun,
# so "talks will take place soon, with the focus on the war in Ukraine" gives no venue.
_PLACE_WINDOW = 40
_ANCHOR = re.compile(rf"{_SCHEDULING.pattern}|\b{_EVENT}\b", re.IGNORECASE)
_PLACE = re.compile(
    r"\b(?:in|at)[ \t]+(?P<place>(?:the[ \t]+)?[A-Z][\w'’-]+(?:,?[ \t]+[A-Z][\w'’-]+){0,3})"
)
_NOT_PLACES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "The",
        "A",
        "An",
        "This",
        "That",
    ]
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_GIVEN_DATE = re.compile(
    rf"\b(?:scheduled|set|slated|planned|take[ \t]+place|be[ \t]+held)[ \t]+(?:for|on)[ \t]+"
    rf"(?P<date>{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?"
    rf"|\d{{1,2}}[ \t]+{_MONTH}(?:[ \t]+\d{{4}})?)"
)
_FIRM = re.compile(
    rf"\b(?:(?:scheduled|confirmed)[ \t]+(?P<n1>{_EVENT})"
    rf"|(?P<n2>{_EVENT}),?[ \t]+(?:(?:is|was|has[ \t]+been)[ \t]+)?(?:scheduled|confirmed|set)"
    rf"[ \t]+(?:for|to|on)|(?P<n3>{_EVENT})[ \t]+(?:is|was|has[ \t]+been)[ \t]+confirmed)\b",
    re.IGNORECASE,
)
_TENTATIVE = re.compile(
    rf"\b(?P<cue>potential|possible|proposed|prospective|mooted|hypothetical|rumou?red)"
    rf"[ \t]+(?P<n>{_EVENT})\b",
    re.IGNORECASE,
)
_NOT_SAME_EVENT = _words("another second third further follow-up future next new later")
_FIRST_SINCE = re.compile(
    r"\bfirst\b(?:[ \t]+[\w'’-]+){0,8}?[ \t]+since[ \t]+(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_LAST_IN = re.compile(
    r"\blast[ \t]+(?:met|meeting|summit|held|spoke|talked|visited|met[ \t]+in[ \t]+person)"
    r"(?:[ \t]+[\w'’-]+){0,5}?[ \t]+in[ \t]+(?:\w+[ \t]+)?(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_PREV_WORD = re.compile(r"([\w-]+)[^\w]*$")


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _sentence_at(pos: int, sentences: Sequence[tuple[int, int]]) -> tuple[int, int]:
    for a, b in sentences:
        if a <= pos < b:
            return a, b
    return pos, pos


def _given_place(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first "in/at Place" shortly after a scheduling cue or an event noun, if any."""
    for cue in _ANCHOR.finditer(text, start, end):
        for m in _PLACE.finditer(text, cue.end(), end):
            if m.start() > cue.end() + _PLACE_WINDOW:
                break
            if m.group("place").split()[0].strip(",") not in _NOT_PLACES:
                return m.span()
    return None


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
) -> list[dict[str, Any]]:
    """Finding dicts for the three contradiction rules (see the module docstring)."""
    out: list[dict[str, Any]] = []
    skip = list(reference_spans)

    # 1. A venue or date is given, and also "not announced".
    for neg in _NOT_ANNOUNCED.finditer(text):
        if _inside(neg.start(), skip):
            continue
        subject = neg.group("subj").lower()
        neg_span = _sentence_at(neg.start(), sentences)
        if neg_span[0] == neg_span[1]:
            neg_span = neg.span()
        wants_date = subject in {"date", "timing", "day"}
        for s_start, s_end in sentences:
            if (s_start, s_end) == neg_span or _inside(s_start, skip):
                continue
            if wants_date:
                given = _GIVEN_DATE.search(text, s_start, s_end)
                span = given.span("date") if given else None
            else:
                span = _given_place(text, s_start, s_end)
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
    firm: dict[str, tuple[int, int]] = {}
    for m in _FIRM.finditer(text):
        if _inside(m.start(), skip):
            continue
        noun = (m.group("n1") or m.group("n2") or m.group("n3")).lower()
        firm.setdefault(noun, m.span())
    seen: set[str] = set()
    for m in _TENTATIVE.finditer(text):
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
                f"{m.group('cue').lower()} (\u201c{m.group()}\u201d). It cannot be both; ask which "
                "wording was true when, and whether the text joins older and newer reports.",
                "firm-vs-tentative",
                {"event": noun},
            )
        )

    # 3. "first ... since Y1" versus "last met in Y2" with Y2 later than Y1.
    firsts = list(_FIRST_SINCE.finditer(text))
    if firsts:
        for last in _LAST_IN.finditer(text):
            for first in firsts:
                y1, y2 = int(first.group("year")), int(last.group("year"))
                if y2 > y1:
                    out.append(
                        _pair(
                            text,
                            first.span(),
                            last.span(),
                            f"\u201c{first.group()}\u201d means nothing of the kind happened "
                            f"between {y1} and now, but the text also says "
                            f"\u201c{last.group()}\u201d. Both cannot be true.",
                            "first-since-vs-last",
                            {"since": y1, "last": y2},
                        )
                    )
    return out
