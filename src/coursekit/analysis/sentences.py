"""Sentence spans: a fast, rule-based splitter that never changes the text.

The splitter ends a sentence at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes
or brackets) followed by white space and an upper-case letter, digit, quote or
bracket, and at every line break. It keeps common abbreviations (``Mr.``, ``U.S.``,
``e.g.``) and initials inside the sentence. It is a heuristic, good enough to group
findings by sentence; it is not a linguistic parser.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["sentence_index", "split_sentences"]


def _words(text: str) -> frozenset[str]:
    """A set of the space-separated words in ``text`` (keeps long word lists readable)."""
    return frozenset(text.split())


_ABBREVIATIONS = _words(
    "mr mrs ms dr prof st sen rep gov gen col lt sgt capt jr sr inc ltd co corp vs etc "
    "no nos vol fig al approx est dept univ jan feb mar apr jun jul aug sep sept oct nov dec "
    "e.g i.e u.s u.k u.n a.m p.m"
)
# One scan: a terminator run, optional closers, then white space; or a line break.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character spans of the sentences in ``text``.

    Leading and trailing white space is left out of each span; empty lines give no span.

    Examples
    --------
    >>> split_sentences("Mr. Smith came. He left.")
    [(0, 15), (16, 24)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group() != "\n":
            # Do not split after an abbreviation or a single initial ("J. Smith").
            word = _WORD_BEFORE.search(text, max(start, m.start() - 12), m.start() + 1)
            if word is not None:
                token = word.group(1).rstrip(".").lower()
                if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
            nxt = end
            while nxt < n and text[nxt].isspace() and text[nxt] != "\n":
                nxt += 1
            if nxt < n and text[nxt].islower():
                continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, n, spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_index(starts: list[int], offset: int) -> int:
    """Return the index of the sentence containing ``offset`` (or the nearest one before it).

    ``starts`` is the sorted list of sentence start offsets.
    """
    return max(bisect.bisect_right(starts, offset) - 1, 0)
