"""Cue lexicons: CSV files of words and phrases, compiled into one regular expression each.

A lexicon is a CSV file with the columns ``cue, kind, category, explanation,
example`` and four optional context columns (``followed_by``,
``not_followed_by``, ``not_preceded_by``, ``match_case``). The format is
documented in ``coursekit/lexicons/README.md``. The bundled lexicons live in
that folder; an instructor can pass their own CSV files to
:func:`coursekit.analyze` with ``lexicons=[...]``.

Each lexicon is compiled into a single alternation with word boundaries, so a
text is scanned once per lexicon whatever its size; context rules are checked
only on the (few) matches.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = [
    "BUNDLED",
    "Cue",
    "Lexicon",
    "LexiconError",
    "bundled_lexicon",
    "bundled_text",
    "load_lexicon",
]


def _words(text: str) -> frozenset[str]:
    """A set of the space-separated words in ``text`` (keeps long word lists readable)."""
    return frozenset(text.split())


#: Bundled lexicon files (in ``coursekit/lexicons``), one per language feature.
BUNDLED: dict[str, str] = {
    "hedges": "hedges.csv",
    "vague_attribution": "vague_attribution.csv",
    "vague_sources": "vague_sources.csv",
    "attribution_cues": "attribution_cues.csv",
    "event_words": "event_words.csv",
}

REQUIRED_COLUMNS = ("cue", "kind", "category", "explanation", "example")
OPTIONAL_COLUMNS = ("followed_by", "not_followed_by", "not_preceded_by", "match_case")

_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# A word token: letters/digits with inner apostrophes or hyphens (n't stays with its verb).
_NEXT_WORD = re.compile(r"[^\w]{0,8}?(\w+(?:['’]\w+)?)")
_PREV_WORD = re.compile(r"(\w+)[^\w]{0,8}$")
_CUE_WORD = re.compile(r"[^\s]+")


class LexiconError(ValueError):
    """A lexicon file is malformed. The message says which file, which row and how to fix it."""


def _word_set(value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    return frozenset(w.strip().lower() for w in value.split("|") if w.strip())


_OPENERS = frozenset("\"'“‘([{«-–—*•")
_ENDERS = frozenset(".!?:;\n…")


def _at_sentence_start(text: str, start: int) -> bool:
    """True when only white space and opening quotes or brackets follow a sentence end."""
    i = start - 1
    limit = max(-1, start - 12)
    while i > limit and ((text[i].isspace() and text[i] != "\n") or text[i] in _OPENERS):
        i -= 1
    return i < 0 or text[i] in _ENDERS


def _token_matches(token: str, words: frozenset[str]) -> bool:
    low = token.lower()
    if low in words:
        return True
    if "#number" in words and low[:1].isdigit():
        return True
    if "#month-day" in words and low.isdigit() and len(low) <= 2:
        return True
    return "#month" in words and low in _MONTHS


@dataclass(frozen=True)
class Cue:
    """One row of a lexicon: a cue phrase with its kind, category, explanation and context rules."""

    cue: str
    kind: str
    category: str
    explanation: str
    example: str = ""
    followed_by: frozenset[str] = field(default_factory=frozenset)
    not_followed_by: frozenset[str] = field(default_factory=frozenset)
    not_preceded_by: frozenset[str] = field(default_factory=frozenset)
    match_case: bool = False

    def accepts(self, text: str, start: int, end: int) -> bool:
        """Check the context rules for a match of this cue at ``text[start:end]``.

        Besides the row's own rules, a lower-case cue written with a capital inside a
        sentence is a name or a title ("The Unknown Soldier", "heir Apparent"), not a cue.
        """
        first = text[start]
        if first.isupper() and self.cue[:1].islower() and not _at_sentence_start(text, start):
            return False
        if (
            self.match_case
            and text[start:end] != self.cue
            and " ".join(text[start:end].split()) != self.cue
        ):
            return False
        if self.followed_by or self.not_followed_by:
            nxt = _NEXT_WORD.match(text, end, min(len(text), end + 80))
            token = nxt.group(1) if nxt else ""
            if self.followed_by and not _token_matches(token, self.followed_by):
                return False
            if self.not_followed_by and token and _token_matches(token, self.not_followed_by):
                return False
        if self.not_preceded_by:
            prev = _PREV_WORD.search(text, max(0, start - 40), start)
            if prev and _token_matches(prev.group(1), self.not_preceded_by):
                return False
        return True


def _cue_pattern(cue: str) -> str:
    words = _CUE_WORD.findall(cue)
    return r"\s+".join(re.escape(w) for w in words)


class Lexicon:
    """A set of cues compiled into one case-insensitive alternation with word boundaries.

    Parameters
    ----------
    cues
        The cues. Later cues with the same phrase and kind replace earlier ones, so an
        instructor's file can override a bundled explanation.
    name
        A label used in error messages.
    """

    def __init__(self, cues: Iterable[Cue], name: str = "lexicon") -> None:
        table: dict[tuple[str, str], Cue] = {}
        for cue in cues:
            table[(" ".join(cue.cue.lower().split()), cue.kind)] = cue
        self.name = name
        self.cues: list[Cue] = list(table.values())
        self._by_phrase: dict[str, list[Cue]] = {}
        for cue in self.cues:
            self._by_phrase.setdefault(" ".join(cue.cue.lower().split()), []).append(cue)
        # Longest first, so "could well" wins over "could" at the same position.
        phrases = sorted(self._by_phrase, key=lambda p: (-len(p), p))
        if phrases:
            body = "|".join(_cue_pattern(p) for p in phrases)
            self.pattern: re.Pattern[str] | None = re.compile(
                rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE
            )
        else:
            self.pattern = None

    def __len__(self) -> int:
        return len(self.cues)

    def __add__(self, other: Lexicon) -> Lexicon:
        return Lexicon([*self.cues, *other.cues], name=f"{self.name}+{other.name}")

    def lookup(self, matched: str) -> list[Cue]:
        """Return the cues whose phrase equals ``matched`` (case and spacing ignored)."""
        return self._by_phrase.get(" ".join(matched.lower().split()), [])

    def finditer(self, text: str) -> Iterator[tuple[int, int, Cue]]:
        """Yield ``(start, end, cue)`` for every match whose context rules pass."""
        if self.pattern is None:
            return
        for m in self.pattern.finditer(text):
            start, end = m.span()
            for cue in self.lookup(m.group()):
                if cue.accepts(text, start, end):
                    yield start, end, cue
                    break

    def phrases(self) -> list[str]:
        """The cue phrases, lower-cased."""
        return sorted(self._by_phrase)


def _parse_bool(value: str | None) -> bool:
    return (value or "").strip().lower() in {"yes", "true", "1", "y"}


def _read_rows(handle: io.TextIOBase | Iterable[str], where: str) -> list[Cue]:
    reader = csv.DictReader(handle)
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise LexiconError(
            f"{where}: missing column(s) {', '.join(missing)}. The first line must name the "
            f"columns {', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})."
        )
    cues = []
    for line_no, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not row.get("cue"):
            if any(row.values()):
                raise LexiconError(f"{where}, line {line_no}: the 'cue' column is empty.")
            continue
        if not row.get("kind"):
            raise LexiconError(
                f"{where}, line {line_no}: cue {row['cue']!r} has no 'kind'. "
                "Use a finding kind such as hedge or vague-attribution."
            )
        if not row.get("explanation"):
            raise LexiconError(
                f"{where}, line {line_no}: cue {row['cue']!r} has no explanation. Write one or two "
                "plain sentences saying what the cue signals and why it matters."
            )
        cues.append(
            Cue(
                cue=" ".join(row["cue"].split()),
                kind=row["kind"],
                category=row.get("category", ""),
                explanation=row["explanation"],
                example=row.get("example", ""),
                followed_by=_word_set(row.get("followed_by")),
                not_followed_by=_word_set(row.get("not_followed_by")),
                not_preceded_by=_word_set(row.get("not_preceded_by")),
                match_case=_parse_bool(row.get("match_case")),
            )
        )
    return cues


def load_lexicon(source: str | Path | Iterable[Cue]) -> Lexicon:
    """Load a lexicon from a CSV file path (or pass through an iterable of :class:`Cue`).

    Parameters
    ----------
    source
        Path to a UTF-8 CSV file in the lexicon format, or cues already built.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        If the file is missing, not UTF-8, or lacks a required column or value.
    """
    if isinstance(source, Lexicon):
        return source
    if not isinstance(source, (str, Path)):
        return Lexicon(list(source))
    path = Path(source)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cues = _read_rows(handle, str(path))
    except FileNotFoundError:
        raise LexiconError(
            f"Lexicon file not found: {path}. Check the path (it is relative to the "
            "current working directory)."
        ) from None
    except UnicodeDecodeError as exc:
        raise LexiconError(
            f"{path} is not UTF-8 text (byte {exc.start}). Save it as UTF-8 CSV and try again."
        ) from None
    return Lexicon(cues, name=path.stem)


@cache
def bundled_lexicon(name: str) -> Lexicon:
    """Load one of the bundled lexicons by name (a key of :data:`BUNDLED`)."""
    if name not in BUNDLED:
        raise LexiconError(f"No bundled lexicon {name!r}; choose one of {', '.join(BUNDLED)}.")
    return Lexicon(
        _read_rows(
            io.StringIO(bundled_text(BUNDLED[name]), newline=""),
            f"coursekit/lexicons/{BUNDLED[name]}",
        ),
        name=name,
    )


def bundled_text(filename: str) -> str:
    """Return the text of a data file in ``coursekit/lexicons`` (works from a wheel too)."""
    return resources.files("coursekit").joinpath("lexicons", filename).read_text("utf-8")
