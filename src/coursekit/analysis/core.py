"""``analyze``: run every analyser over a text and collect the findings in a :class:`Report`."""

from __future__ import annotations

import bisect
import gc
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from coursekit.analysis import citations as _citations
from coursekit.analysis.attribution import find_attributions
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
    """The four cue lexicons the analysers use, with any instructor files merged in.

    An extra file's rows go to the lexicon named by their ``kind``: ``hedge``,
    ``vague-attribution`` (a vague phrase such as "seen by some"), ``attribution``
    (a reporting verb) or ``vague-source`` (a noun such as "analysts" that makes a
    speaker vague). A row with the same cue and kind as a bundled row replaces it.
    """

    KIND_TO_SLOT: ClassVar[dict[str, str]] = {
        "hedge": "hedges",
        "vague-attribution": "vague",
        "attribution": "attribution",
        "vague-source": "vague_sources",
    }

    def __init__(self, extra: Sequence[LexiconSource] = ()) -> None:
        self.hedges = bundled_lexicon("hedges")
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
        self.scanner = CombinedScan(
            {"hedges": self.hedges, "vague": self.vague, "attribution": self.attribution}
        )


_DEFAULT_LEXICONS: Lexicons | None = None


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
    """Find hedges, vague and named attributions, references, date and consistency problems.

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


def _analyze(text: str, case: Case | None, lexicons: Iterable[LexiconSource] | None) -> Report:
    lex = _lexicons(list(lexicons) if lexicons is not None else None)
    sentences = split_sentences(text)
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    raw: list[dict[str, Any]] = []

    hits = lex.scanner.scan(text)
    for start, end, cue in hits["hedges"]:
        raw.append(
            dict(
                kind="hedge",
                start=start,
                end=end,
                explanation=cue.explanation,
                category=cue.category,
                cue=cue.cue,
            )
        )
    vague_spans: list[tuple[int, int]] = []
    for start, end, cue in hits["vague"]:
        vague_spans.append((start, end))
        raw.append(
            dict(
                kind="vague-attribution",
                start=start,
                end=end,
                explanation=cue.explanation,
                category=cue.category,
                cue=cue.cue,
            )
        )
    hedge_ends = {r["start"]: r["end"] for r in raw if r["kind"] == "hedge"}
    speaker_spans: list[tuple[int, int]] = []
    vague_spans.sort()
    vague_starts = [s for s, _ in vague_spans]
    for att in find_attributions(
        text, sentences, sentence_of, hits["attribution"], lex.vague_sources
    ):
        i = bisect.bisect_right(vague_starts, att.start) - 1
        if i >= 0 and vague_spans[i][0] <= att.start < vague_spans[i][1]:
            continue  # already part of a vague phrase such as "it is said"
        if hedge_ends.get(att.start, -1) > att.end:
            continue  # "promises to be" is a prediction, not a speaker's promise
        if att.source_start is not None and att.vague_head is not None:
            # "Sources close to the talks say": the phrase is the speaker of the verb, so
            # one finding (on the verb, with the phrase as source) is enough.
            speaker_spans.append((att.source_start, att.source_end or att.source_start))
        if att.vague_head is not None:
            raw.append(
                dict(
                    kind="vague-attribution",
                    start=att.start,
                    end=att.end,
                    explanation=att.vague_head.explanation,
                    category="vague-source",
                    cue=att.cue.cue,
                    source=att.source,
                    source_start=att.source_start,
                    source_end=att.source_end,
                )
            )
        else:
            raw.append(
                dict(
                    kind="attribution",
                    start=att.start,
                    end=att.end,
                    explanation=att.cue.explanation,
                    category=att.cue.category,
                    cue=att.cue.cue,
                    source=att.source,
                    source_start=att.source_start,
                    source_end=att.source_end,
                )
            )

    if speaker_spans:
        speaker_spans.sort()
        speaker_starts = [a for a, _ in speaker_spans]

        def is_speaker_phrase(r: dict[str, Any]) -> bool:
            if r["kind"] != "vague-attribution" or "source" in r:
                return False
            i = bisect.bisect_right(speaker_starts, r["start"]) - 1
            return i >= 0 and speaker_spans[i][0] <= r["start"] < speaker_spans[i][1]

        raw = [r for r in raw if not is_speaker_phrase(r)]

    references = list(_citations.find_references(text))
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
