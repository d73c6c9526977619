"""Sentence spans: a fast, rule-based splitter that never changes the text.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or
brackets) followed by white space and then anything but a lower-case letter, and
at every line break. Common abbreviations (``Mr.``, ``Dr.``, ``Jan.``, ``e.g.``)
and single initials (``J. Smith``, ``U.S.``) do not end a sentence. It is a
heuristic, good enough to group findings by sentence; it is not a linguistic parser.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["sentence_index", "split_sentences"]

_ABBREVIATIONS = re.findall(
    r"\S+",
    "Mr Mrs Ms Dr Prof St Sen Rep Gov Gen Col Lt Sgt Capt Jr Sr vs No Nos Vol Fig al approx "
    "Dept Univ Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec e.g i.e a.m p.m",
)
# One fixed-width look-behind per abbreviation (Python's re needs fixed widths); they are
# only tried where a full stop is followed by white space, so they cost little.
_NOT_AFTER = (
    "".join(rf"(?<!\b{re.escape(a)}\.)(?<!\b{re.escape(a.lower())}\.)" for a in _ABBREVIATIONS)
    + r"(?<!\b[A-Z]\.)"
)
# Group "p": end punctuation; the white space after it is consumed (atomically, via a
# look-ahead and a back-reference) so the next sentence starts on its first character.
_BOUNDARY = re.compile(
    rf"(?P<p>[.!?…]+[\"'”’)\]]*){_NOT_AFTER}(?=(?P<w>\s+))(?P=w)(?![a-z])"
    r"|\n\s*"
)


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
        if m.group("p") is not None:
            end = m.end("p")
        else:
            end = m.start()
            while end > start and text[end - 1] in " \t\r\f\v":
                end -= 1
        if end > start:
            append((start, end))
        start = m.end()
    if start < len(text):
        append((start, len(text)))
    if spans:
        # Only the first and the last span can carry outer white space.
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
    return spans


def sentence_index(starts: list[int], offset: int) -> int:
    """Return the index of the sentence containing ``offset`` (or the nearest one before it).

    ``starts`` is the sorted list of sentence start offsets.
    """
    return max(bisect.bisect_right(starts, offset) - 1, 0)
