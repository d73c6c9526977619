"""Cue lexicons: CSV files of words and phrases, compiled into one regular expression each.

A lexicon is a CSV file with the columns ``cue, kind, category, explanation,
example`` and four optional context columns (``followed_by``,
``not_followed_by``, ``not_preceded_by``, ``match_case``). The format is
documented in ``coursekit/lexicons/README.md``. The bundled lexicons live in
that folder; an instructor can pass their own CSV files to
:func:`coursekit.analyze` with ``lexicons=[...]``.

Each lexicon is compiled into a single alternation with word boundaries (in trie
form, so shared prefixes are tried once), and a text is scanned once per lexicon
whatever its size; context rules are checked only on the (few) matches. Cues match
in lower case, with a capital first letter, in Title Case or in capitals.
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

from coursekit.analysis.text import MONTHS

__all__ = [
    "BUNDLED",
    "CombinedScan",
    "Cue",
    "Lexicon",
    "LexiconError",
    "bundled_lexicon",
    "bundled_text",
    "load_lexicon",
    "trie_pattern",
]


#: Bundled lexicon files (in ``coursekit/lexicons``), one per language feature.
BUNDLED: dict[str, str] = {
    "hedges": "hedges.csv",
    "boosters": "boosters.csv",
    "vague_attribution": "vague_attribution.csv",
    "vague_sources": "vague_sources.csv",
    "attribution_cues": "attribution_cues.csv",
    "event_words": "event_words.csv",
}

REQUIRED_COLUMNS = ("cue", "kind", "category", "explanation", "example")
OPTIONAL_COLUMNS = ("followed_by", "not_followed_by", "not_preceded_by", "match_case")

# A word token: letters/digits with inner apostrophes or hyphens (n't stays with its verb).
_NEXT_WORD = re.compile(r"[^\w]{0,8}?(\w+(?:['’]\w+)?)")
_GAP = 8  # at most this many non-word characters between a cue and the word before it
_CUE_WORD = re.compile(r"[^\s]+")


def _is_word_char(ch: str) -> bool:
    r"""True for a character ``\w`` matches (a letter, a digit or an underscore)."""
    return ch.isalnum() or ch == "_"


def _previous_word(text: str, lo: int, start: int) -> str | None:
    """The word before ``start`` (within ``text[lo:start]``), at most _GAP characters back.

    Found by stepping back over the characters, which is faster than a regular
    expression anchored at the end (that one is tried at every position of the window).
    """
    # Like a pattern's "$", a line break that ends the window may stand after the gap.
    gap = _GAP + 1 if start > lo and text[start - 1] == "\n" else _GAP
    k = start
    while k > lo and not _is_word_char(text[k - 1]):
        k -= 1
        if start - k > gap:
            return None
    end = k
    while k > lo and _is_word_char(text[k - 1]):
        k -= 1
    return text[k:end] if k < end else None


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


_HEADLINE_END = re.compile(r"[.!?\n]")


def _in_headline(text: str, start: int) -> bool:
    """True when ``start`` lies in a sentence written in Title Case.

    A headline such as "Obama Says Museum Will Tell of Suffering", where nearly every
    word is capitalised.
    """
    lo = max(0, start - 200)
    before = [m.end() for m in _HEADLINE_END.finditer(text, lo, start)]
    first = before[-1] if before else lo
    m = _HEADLINE_END.search(text, start, start + 200)
    last = m.start() if m else min(len(text), start + 200)
    words = [w for w in text[first:last].split() if w[:1].isalpha()]
    if len(words) < 4:
        return False
    small = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with"}
    capitalised = sum(w[:1].isupper() or w.lower() in small for w in words)
    return capitalised == len(words) and sum(w[:1].isupper() for w in words) >= 4


def _token_matches(token: str, words: frozenset[str]) -> bool:
    low = token.lower()
    if low in words:
        return True
    if "#number" in words and low[:1].isdigit():
        return True
    if "#month-day" in words and low.isdigit() and len(low) <= 2:
        return True
    if "#name" in words and token[:1].isupper():
        return True
    return "#month" in words and low in MONTHS


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
    # Precomputed in __post_init__ (not arguments, not compared, not shown).
    _lower_cue: bool = field(default=False, init=False, repr=False, compare=False)
    _has_rules: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Precomputed so that the per-match check does as little as possible.
        object.__setattr__(self, "_lower_cue", self.cue[:1].islower())
        object.__setattr__(
            self,
            "_has_rules",
            bool(
                self.match_case or self.followed_by or self.not_followed_by or self.not_preceded_by
            ),
        )

    def accepts(self, text: str, start: int, end: int) -> bool:
        """Check the context rules for a match of this cue at ``text[start:end]``.

        Besides the row's own rules, a lower-case cue written with a capital inside a
        sentence is a name or a title ("The Unknown Soldier", "heir Apparent"), not a cue.
        """
        if (
            text[start].isupper()
            and self._lower_cue
            and not _at_sentence_start(text, start)
            and not _in_headline(text, start)
        ):
            return False
        if not self._has_rules:
            return True
        if (
            self.match_case
            and text[start:end] != self.cue
            and " ".join(text[start:end].split()) != self.cue
            and not (
                self._lower_cue
                and text[start:end].lower() == self.cue
                and text[start].isupper()
                and text[start + 1 : end].islower()
                and _in_headline(text, start)
            )
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
            prev = _previous_word(text, max(0, start - 40), start)
            if prev is not None and _token_matches(prev, self.not_preceded_by):
                return False
        return True


def _cue_pattern(cue: str) -> str:
    words = _CUE_WORD.findall(cue)
    return r"\s+".join(re.escape(w) for w in words)


def trie_pattern(phrases: Iterable[str]) -> str:
    """One regular expression matching any of ``phrases``, with shared prefixes factored out.

    A flat alternation makes the regex engine try every phrase at every position; the
    trie form tries one branch per character, which is many times faster for long
    lexicons. Spaces inside a phrase match any run of white space. At each node the
    longer continuations come first, so the longest phrase wins.
    """
    trie: dict[str, dict] = {}
    end = ""  # the empty key marks the end of a phrase
    for phrase in phrases:
        node = trie
        for ch in " ".join(phrase.split()):
            node = node.setdefault(ch, {})
        node[end] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch != end
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end in node:
            return f"(?:{body})?"
        return body

    return emit(trie)


class Lexicon:
    """A set of cues compiled into one alternation with word boundaries.

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
        # Case variants instead of re.IGNORECASE: a case-sensitive trie lets the regex
        # engine skip ahead on the first character, which makes the scan several times faster.
        variants: set[str] = set()
        for phrase in self._by_phrase:
            variants.update(
                (phrase, phrase[:1].upper() + phrase[1:], phrase.upper(), phrase.title())
            )
        if variants:
            self.pattern: re.Pattern[str] | None = re.compile(
                rf"(?<!\w)(?:{trie_pattern(sorted(variants))})(?!\w)"
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

    def hits_within(
        self, text: str, start: int, end: int, skip: list[Cue] | None = None
    ) -> Iterator[tuple[int, int, Cue]]:
        """Accepted matches of this lexicon inside ``text[start:end]``.

        Used after a longer phrase of another lexicon matched there ("widely considered"
        holds the hedge "considered"). A match equal to the whole span is left out when
        ``skip`` is given: the caller has already handled it.
        """
        if self.pattern is None:
            return
        for m in self.pattern.finditer(text, start, end):
            if skip and m.span() == (start, end):
                continue
            for cue in self.lookup(m.group()):
                if cue.accepts(text, m.start(), m.end()):
                    yield m.start(), m.end(), cue
                    break

    def phrases(self) -> list[str]:
        """The cue phrases, lower-cased."""
        return sorted(self._by_phrase)


class CombinedScan:
    """Scan a text once for the phrases of several lexicons and sort the hits per lexicon.

    One regular expression over all phrases is faster than one per lexicon. When a
    phrase of lexicon A contains a phrase of lexicon B ("widely considered" holds the
    hedge "considered"; "it is said" holds the reporting verb "said"), B's own pattern is
    run inside the match, so B still sees it; the analysers decide what to keep.
    """

    def __init__(self, lexicons: dict[str, Lexicon]) -> None:
        self.lexicons = lexicons
        variants: set[str] = set()
        for lexicon in lexicons.values():
            for phrase in lexicon.phrases():
                variants.update(
                    (phrase, phrase[:1].upper() + phrase[1:], phrase.upper(), phrase.title())
                )
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{trie_pattern(sorted(variants))})(?!\w)") if variants else None
        )
        # For each lexicon, the phrases of the other lexicons that contain one of its own
        # phrases ("widely considered" holds the hedge "considered"): after such a match,
        # this lexicon's own pattern is run inside the matched span.
        own = {name: set(lex.phrases()) for name, lex in lexicons.items()}
        self._needs_rescan: dict[str, frozenset[str]] = {}
        for name, phrases in own.items():
            others = set().union(*(p for n, p in own.items() if n != name))
            self._needs_rescan[name] = frozenset(
                o for o in others if any(p != o and f" {p} " in f" {o} " for p in phrases)
            )
        # What to do for each matched phrase, worked out once: for each lexicon in order,
        # its cues for the phrase and whether to rescan inside the match.
        self._actions: dict[str, list[tuple[str, list[Cue], bool]]] = {}
        for phrase in set().union(*own.values()):
            self._actions[phrase] = [
                (name, lex._by_phrase.get(phrase, []), phrase in self._needs_rescan[name])
                for name, lex in lexicons.items()
                if phrase in own[name] or phrase in self._needs_rescan[name]
            ]

    def scan(self, text: str) -> dict[str, list[tuple[int, int, Cue]]]:
        """Return the accepted ``(start, end, cue)`` hits of each lexicon, in text order."""
        hits: dict[str, list[tuple[int, int, Cue]]] = {name: [] for name in self.lexicons}
        if self.pattern is None:
            return hits
        actions = self._actions
        for m in self.pattern.finditer(text):
            start, end = m.span()
            key = m.group().lower()
            if " " in key or "\n" in key or "\t" in key:
                key = " ".join(key.split())
            for name, cues, rescan in actions.get(key, ()):
                found = hits[name]
                for cue in cues:
                    if cue.accepts(text, start, end):
                        found.append((start, end, cue))
                        break
                if rescan:
                    found.extend(self.lexicons[name].hits_within(text, start, end, skip=cues))
        return hits


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


def load_lexicon(source: str | Path | Lexicon | Iterable[Cue]) -> Lexicon:
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
    return resources.files("coursekit").joinpath("lexicons").joinpath(filename).read_text("utf-8")
