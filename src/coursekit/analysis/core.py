"""``analyze``: run every analyser over a text and collect the findings in a :class:`Report`."""

from __future__ import annotations

import bisect
import gc
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from coursekit.analysis import citations as _citations
from coursekit.analysis.attribution import attribution_findings
from coursekit.analysis.contradictions import contradiction_findings
from coursekit.analysis.dates import weekday_findings
from coursekit.analysis.lexicon import (
    CombinedScan,
    Cue,
    Lexicon,
    bundled_lexicon,
    load_lexicon,
)
from coursekit.analysis.report import Finding, Report
from coursekit.analysis.sentences import split_sentences

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.cases import Case

__all__ = ["Lexicons", "analyze"]

LexiconSource = str | Path | Lexicon


class Lexicons:
    """The cue lexicons the analysers use, with any instructor files merged in.

    An extra file's rows go to the lexicon named by their ``kind``: ``hedge``,
    ``booster`` (wording that makes a claim sound more certain than its evidence),
    ``vague-attribution`` (a vague phrase such as "seen by some"), ``attribution``
    (a reporting verb) or ``vague-source`` (a noun such as "analysts" that makes a
    speaker vague). A row with the same cue and kind as a bundled row replaces it.
    """

    KIND_TO_SLOT: ClassVar[dict[str, str]] = {
        "hedge": "hedges",
        "booster": "boosters",
        "vague-attribution": "vague",
        "attribution": "attribution",
        "vague-source": "vague_sources",
    }

    def __init__(self, extra: Sequence[LexiconSource] = ()) -> None:
        self.hedges = bundled_lexicon("hedges")
        self.boosters = bundled_lexicon("boosters")
        self.vague = bundled_lexicon("vague_attribution")
        self.attribution = bundled_lexicon("attribution_cues")
        self.vague_sources = bundled_lexicon("vague_sources")
        if extra:
            buckets: dict[str, list[Cue]] = {slot: [] for slot in self.KIND_TO_SLOT.values()}
            for source in extra:
                lexicon = load_lexicon(source)
                for cue in lexicon.cues:
                    slot = self.KIND_TO_SLOT.get(cue.kind)
                    if slot is None:
                        from coursekit.analysis.lexicon import LexiconError

                        raise LexiconError(
                            f"{lexicon.name}: cue {cue.cue!r} has kind {cue.kind!r}; use one of "
                            f"{', '.join(self.KIND_TO_SLOT)}."
                        )
                    buckets[slot].append(cue)
            for slot, cues in buckets.items():
                if cues:
                    setattr(self, slot, getattr(self, slot) + Lexicon(cues, name="extra"))
        # Punctuation cues (a colon or a dash before a quote) are found by a rule in
        # attribution.punctuation_attributions, not by the word scan.
        words_only = Lexicon(
            [c for c in self.attribution.cues if c.cue[:1].isalnum()], name="attribution"
        )
        self.scanner = CombinedScan(
            {
                "hedges": self.hedges,
                "boosters": self.boosters,
                "vague": self.vague,
                "attribution": words_only,
            }
        )


_DEFAULT_LEXICONS: Lexicons | None = None


# An appeal to what everybody knows, with words in between: "what every parent here
# already knows", "as all of us know", "as any teacher will tell you" (the lexicon row
# "everyone knows" holds the explanation), closed by punctuation, "is" or "that"; it
# starts with "what" or "as" (so not "not every parent knows"), and not with an object
# ("as each player knows the rules, ...": "as" there means "because").
_EVERY_X_KNOWS = re.compile(
    r"\b(?:[Ww]hat|[Aa]s)\s+(?:(?:every|any|each)\s+([a-z]+)(?:\s+[a-z]+){0,3}?\s+"
    r"(?:already\s+|surely\s+|well\s+)?(?:knows|understands|will\s+tell\s+you)"
    r"|(?:we\s+all|all\s+of\s+us|everyone|everybody)\s+(?:already\s+|surely\s+)?"
    r"(?:knows?|understands?))\b(?=\s*[,:;.!?—–]|\s+(?:is|that)\b)"
)
# The people an appeal to shared knowledge names: "every parent", "any teacher".
_KNOWERS = frozenset(
    {
        "parent",
        "parents",
        "teacher",
        "teachers",
        "reader",
        "readers",
        "voter",
        "voters",
        "citizen",
        "student",
        "students",
        "mother",
        "father",
        "doctor",
        "nurse",
        "driver",
        "resident",
        "worker",
        "child",
        "person",
        "one",
        "adult",
        "economist",
        "scientist",
        "expert",
        "fan",
        "player",
        "coach",
    }
)


def _lexicons(extra: Sequence[LexiconSource] | None) -> Lexicons:
    global _DEFAULT_LEXICONS
    if extra:
        return Lexicons(extra)
    if _DEFAULT_LEXICONS is None:
        _DEFAULT_LEXICONS = Lexicons()
    return _DEFAULT_LEXICONS


def _drop_same_kind_overlaps(findings: list[Finding]) -> list[Finding]:
    """Within one kind, keep the first (longest at equal start) of overlapping findings."""
    kept: list[Finding] = []
    last_end: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start), f.kind)):
        if f.start < last_end.get(f.kind, -1):
            continue
        kept.append(f)
        last_end[f.kind] = f.end
    return kept


def analyze(
    text: str,
    *,
    case: Case | None = None,
    lexicons: Iterable[LexiconSource] | None = None,
) -> Report:
    """Find hedges, boosters, vague and named attributions, references, date and other problems.

    Boosters (*clearly*, *without doubt*, *promises to be*) make a claim sound more certain
    than its evidence; they are never counted as hedges. ``coursekit/lexicons/README.md``
    rules on borderline phrases.

    Parameters
    ----------
    text
        Any text (an article, a paragraph, a reference list).
    case
        A :class:`coursekit.cases.Case`. When given, references are checked against the
        case's event timeline (``anachronism`` findings). Without a case, a narrower
        text-only rule compares reference dates with the dates the article itself gives
        (see :mod:`coursekit.analysis.anachronism`).
    lexicons
        Extra lexicon CSV files (or :class:`~coursekit.analysis.lexicon.Lexicon` objects)
        merged with the bundled ones; see ``coursekit/lexicons/README.md``.

    Returns
    -------
    Report
        Findings sorted by position; ``text[f.start:f.end] == f.text`` for every finding.

    Examples
    --------
    >>> report = analyze("Analysts said the deal may fail.")
    >>> [(f.kind, f.text) for f in report.findings]
    [('vague-attribution', 'said'), ('hedge', 'may')]
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() needs a str, got {type(text).__name__}. Read the file first.")
    # The analysers make many small objects without reference cycles; pausing the cyclic
    # garbage collector keeps the run time linear in the text length on large inputs.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _analyze(text, case, lexicons)
    finally:
        if was_enabled:
            gc.enable()


def _cue_entry(kind: str, start: int, end: int, cue: Cue) -> dict[str, Any]:
    """A finding's fields for a lexicon cue matched at ``text[start:end]``."""
    return dict(
        kind=kind,
        start=start,
        end=end,
        explanation=cue.explanation,
        category=cue.category,
        cue=cue.cue,
    )


def _in_spans(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """True when ``offset`` lies in one of the sorted ``spans`` (``starts``: their starts)."""
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _boosters(
    text: str, found: list[tuple[int, int, Cue]], boosters: Lexicon
) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """Booster findings (lexicon rows and appeals to everybody) and their spans."""
    raw = [_cue_entry("booster", start, end, cue) for start, end, cue in found]
    spans = [(start, end) for start, end, _ in found]
    everybody = boosters.lookup("everyone knows")
    if not everybody or not ("know" in text or "Know" in text or "tell you" in text):
        return raw, spans
    for m in _EVERY_X_KNOWS.finditer(text):
        if text[max(0, m.start() - 4) : m.start()].lower().rstrip() == "not":
            continue  # "not as every ..." is not an appeal
        if m.group(1) is not None and m.group(1).lower() not in _KNOWERS:
            continue  # "every ticket ... knows" is not a person
        if any(a <= m.start() < b for a, b in spans):
            continue  # "as everyone knows" is already a lexicon row
        spans.append(m.span())
        raw.append(_cue_entry("booster", m.start(), m.end(), everybody[0]))
    spans.sort()
    return raw, spans


class _Spans:
    """Sorted spans with a fast membership test for an offset."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def __contains__(self, offset: int) -> bool:
        return bool(self.spans) and _in_spans(self.spans, self.starts, offset)


def _analyze(text: str, case: Case | None, lexicons: Iterable[LexiconSource] | None) -> Report:
    lex = _lexicons(list(lexicons) if lexicons is not None else None)
    sentences = split_sentences(text)
    hits = lex.scanner.scan(text)
    # Boosters first: a hedge or a reporting verb inside a booster ("no doubt", "promises
    # to be") is part of the booster, not a cue of its own.
    raw, booster_spans = _boosters(text, hits["boosters"], lex.boosters)
    references = list(_citations.find_references(text))
    # Reference-list lines: a title such as "The crisis explained" is not a speaker's words.
    ref_spans = sorted((r.start, r.end) for r in references)
    in_booster, in_reference = _Spans(booster_spans), _Spans(ref_spans)
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    raw.extend(
        _cue_entry("hedge", start, end, cue)
        for start, end, cue in hits["hedges"]
        if start not in in_booster
    )
    # Vague phrases ("seen by some", "on condition of ..."), then the reporting words
    # with their speakers (analysis/attribution.py), which may absorb a phrase or a hedge.
    phrases = sorted(
        (
            _cue_entry("vague-attribution", start, end, cue)
            for start, end, cue in hits["vague"]
            if start not in in_reference
        ),
        key=lambda r: r["start"],
    )
    attributions, dropped_hedges = attribution_findings(
        text,
        sentences,
        sentence_of,
        hits["attribution"],
        cues=lex.attribution,
        vague_sources=lex.vague_sources,
        hedges=raw,
        phrases=phrases,
        booster_spans=booster_spans,
        reference_spans=ref_spans,
    )
    if dropped_hedges:
        raw = [r for r in raw if id(r) not in dropped_hedges]
    raw.extend(attributions)

    raw.extend(_citations.citation_findings(text, references))
    low = text.lower()  # shared by the rule scans (lower-case patterns are faster)
    raw.extend(weekday_findings(text, low))
    reference_lines = [(r.start, r.end) for r in references if r.publisher or r.title]
    raw.extend(contradiction_findings(text, sentences, reference_lines, low))

    if case is not None:
        from coursekit.analysis.anachronism import anachronism_findings

        raw.extend(anachronism_findings(text, references, case))
    elif references:
        from coursekit.analysis.anachronism import text_anachronism_findings

        raw.extend(text_anachronism_findings(text, references, sentences))

    findings = [
        Finding(text=text[r["start"] : r["end"]], sentence=sentence_of(r["start"]), **r)
        for r in raw
    ]
    findings = _drop_same_kind_overlaps(findings)
    findings.sort(key=lambda f: (f.start, f.end, f.kind))
    return Report(
        text=text,
        findings=findings,
        sentences=sentences,
        case_name=getattr(case, "name", None) if case is not None else None,
    )
