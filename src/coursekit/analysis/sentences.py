"""Sentence spans: a fast, rule-based splitter that never changes the text.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or
brackets) followed by white space and then anything but a lower-case a-z letter, and
at every line break. Common abbreviations (``Mr.``, ``Dr.``, ``Jan.``, ``e.g.``)
and single initials (``J. Smith``, ``U.S.``) do not end a sentence. It is a
heuristic, good enough to group findings by sentence; it is not a linguistic parser.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["sentence_index", "split_sentences"]

_ABBREVIATIONS = frozenset(
    re.findall(
        r"\S+",
        "mr mrs ms dr prof st sen rep gov gen col lt sgt capt jr sr vs no nos vol fig al approx "
        "dept univ jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e a.m p.m",
    )
)
# End punctuation (its first character, then group "p": the rest and any closing quotes
# or brackets); the white space after it is consumed (atomically, via a look-ahead and a
# back-reference) so the next sentence starts on its first character. Or a line break.
# The pattern starts with a character class, so the regex engine skips ahead to it.
_BOUNDARY = re.compile(
    r"[.!?…\n](?:(?<=\n)\s*"
    r"|(?P<p>[.!?…]*[\"'”’)\]]*)(?=(?P<w>\s+))(?P=w)(?![a-z]))"
)
_WORD_BEFORE = re.compile(r"[\w.]{1,6}$")


def _abbreviation_before(text: str, dot: int, start: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or a single initial."""
    word = _WORD_BEFORE.search(text, max(start, dot - 6), dot)
    if word is None:
        return False
    token = word.group()
    if len(token) == 1:
        return token.isupper()  # "J. Smith", "U.S."
    if token[-2:-1] == ".":
        return True  # "U.S", "e.g", "a.m"
    return token.lower() in _ABBREVIATIONS and (
        word.start() == 0 or not text[word.start() - 1].isalnum()
    )


def _end_before(text: str, m: re.Match[str], start: int) -> int | None:
    """Where the sentence before boundary ``m`` ends; None when ``m`` is no boundary.

    A full stop after an abbreviation or an initial is no boundary; a line break ends
    the sentence before the white space in front of it.
    """
    if m.group("p") is not None:
        if text[m.start()] == "." and _abbreviation_before(text, m.start(), start):
            return None
        return m.end("p")
    end = m.start()
    while end > start and text[end - 1] in " \t\r\f\v":
        end -= 1
    return end


def _strip_outer(text: str, spans: list[tuple[int, int]]) -> None:
    """Trim white space off the first and the last span (only they can carry it)."""
    a, b = spans[0]
    while a < b and text[a].isspace():
        a += 1
    spans[0] = (a, b)
    a, b = spans[-1]
    while b > a and text[b - 1].isspace():
        b -= 1
    spans[-1] = (a, b)
    if spans[-1][0] >= spans[-1][1]:
        spans.pop()
    if spans and spans[0][0] >= spans[0][1]:
        spans.pop(0)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences in ``text``.

    Leading and trailing white space is left out of each span; empty lines give no span.

    Examples
    --------
    >>> split_sentences("Mr. Smith came. He left.")
    [(0, 15), (16, 24)]
    """
    spans: list[tuple[int, int]] = []
    append = spans.append
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = _end_before(text, m, start)
        if end is None:
            continue
        if end > start:
            append((start, end))
        start = m.end()
    if start < len(text):
        append((start, len(text)))
    if spans:
        _strip_outer(text, spans)
    return spans


def sentence_index(starts: list[int], offset: int) -> int:
    """Return the index of the sentence containing ``offset`` (or the nearest one before it).

    ``starts`` is the sorted list of sentence start offsets.
    """
    return max(bisect.bisect_right(starts, offset) - 1, 0)
