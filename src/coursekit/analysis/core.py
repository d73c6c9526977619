"""``analyze``: run every analyser over a text and collect the findings in a :class:`Report`."""

from __future__ import annotations

import bisect
import gc
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from coursekit.analysis import citations as _citations
from coursekit.analysis.attribution import (
    find_attributions,
    is_speaker,
    punctuation_attributions,
    speaker_before,
)
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


def _quotation_test(text: str) -> Callable[[int], bool]:
    """Build a test: is an offset inside a quotation opened earlier in its paragraph.

    Curly quotes count as open minus closed; straight double quotes by parity. Positions
    are looked up with bisect, so a long text costs linear time.
    """
    opens = [m.start() for m in re.finditer("“", text)]
    closes = [m.start() for m in re.finditer("”", text)]
    straight = [m.start() for m in re.finditer('"', text)]
    breaks = [m.start() for m in re.finditer("\n", text)]

    def inside(pos: int) -> bool:
        k = bisect.bisect_left(breaks, pos)
        line_start = breaks[k - 1] + 1 if k else 0

        def count(positions: list[int]) -> int:
            return bisect.bisect_left(positions, pos) - bisect.bisect_left(positions, line_start)

        return count(opens) > count(closes) or count(straight) % 2 == 1

    return inside


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


class _Context:
    """What the attribution step needs to know about a text already scanned."""

    def __init__(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        lex: Lexicons,
        booster_spans: list[tuple[int, int]],
        ref_spans: list[tuple[int, int]],
        phrases: list[dict[str, Any]],
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s for s, _ in sentences]
        self.lex = lex
        self.booster_spans = booster_spans
        self.booster_starts = [a for a, _ in booster_spans]
        self.ref_spans = ref_spans
        self.ref_starts = [a for a, _ in ref_spans]
        self.phrases = phrases
        self.phrase_starts = [r["start"] for r in phrases]

    def sentence_of(self, offset: int) -> int:
        """The index of the sentence holding ``offset``."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def in_booster(self, offset: int) -> bool:
        """True when ``offset`` lies inside a booster."""
        return bool(self.booster_spans) and _in_spans(
            self.booster_spans, self.booster_starts, offset
        )

    def in_reference(self, offset: int) -> bool:
        """True when ``offset`` lies inside a reference-list line."""
        return bool(self.ref_spans) and _in_spans(self.ref_spans, self.ref_starts, offset)

    def phrases_between(self, lo: int, hi: int) -> list[dict[str, Any]]:
        """The vague phrases that start in ``[lo, hi)``, in text order."""
        i = bisect.bisect_left(self.phrase_starts, lo)
        out = []
        while i < len(self.phrases) and self.phrases[i]["start"] < hi:
            out.append(self.phrases[i])
            i += 1
        return out


def _found_attributions(ctx: _Context, hits: dict[str, list[tuple[int, int, Cue]]]) -> list[Any]:
    """Reporting-verb and punctuation attributions, in text order (one per start)."""
    text, sentences, lex = ctx.text, ctx.sentences, ctx.lex
    found = list(
        find_attributions(text, sentences, ctx.sentence_of, hits["attribution"], lex.vague_sources)
    )
    taken = {a.start for a in found}
    found.extend(
        a
        for a in punctuation_attributions(
            text, sentences, ctx.sentence_of, lex.attribution, lex.vague_sources
        )
        if a.start not in taken
    )
    found.sort(key=lambda a: a.start)
    return found


def _not_a_speaker(
    ctx: _Context,
    att: Any,
    hedge: dict[str, Any] | None,
    inside_quote: Callable[[int], bool] | None,
) -> bool:
    """True when a matched reporting cue is not a speaker's statement after all."""
    if ctx.in_reference(att.start):
        return True  # a headline or title inside a reference, not an attribution
    if (
        inside_quote is not None
        and att.cue.category != "quote-punctuation"
        and inside_quote(att.start)
    ):
        return True  # '"He said he would win," Lee told us': the inner verb is quoted words
    inside = ctx.phrases_between(max(0, att.start - 80), att.start + 1)
    if any(p["start"] <= att.start < p["end"] for p in inside):
        return True  # already part of a vague phrase such as "it is said"
    # "promises to be" is a prediction, not a speaker's promise
    return (hedge is not None and hedge["end"] > att.end) or ctx.in_booster(att.start)


def _merge_vague_phrase(ctx: _Context, att: Any, entry: dict[str, Any], merged: set[int]) -> bool:
    """Fold a vague phrase near the speaker into ``entry``; False drops the attribution."""
    text = ctx.text
    s_start, s_end = ctx.sentences[ctx.sentence_of(att.start)] if ctx.sentences else (0, len(text))
    if att.source_start < att.start:
        # "People close to the talks said", "An official who asked not to be
        # named said", "A senior official, speaking on condition of anonymity, said"
        near = [
            p
            for p in ctx.phrases_between(max(s_start, att.source_start - 80), att.start)
            if p["end"] <= att.start + 1 and p["end"] >= att.source_start - 2
        ]
    else:
        # "said a person familiar with the matter, who spoke on condition of ..."
        near = ctx.phrases_between(att.end, min(s_end, att.source_end + 80))
    if not near:
        return True
    if " " not in near[0]["cue"] and near[0]["start"] >= att.source_end:
        # "Tokayev reportedly supported": the statement reaches the reader only
        # through "reportedly", so that word is the one finding.
        return False
    phrase = near[0]
    for p in near:
        merged.add(id(p))
    entry["kind"] = "vague-attribution"
    entry["explanation"] = phrase["explanation"]
    entry["category"] = phrase["category"]
    if att.source_start < att.start and phrase["start"] < att.source_start:
        head = speaker_before(text, s_start, phrase["start"])
        new_start = head[0] if head else phrase["start"]
        entry["source_start"] = new_start
        entry["source"] = text[new_start : att.source_end]
    return True


def _attributions(
    ctx: _Context, hits: dict[str, list[tuple[int, int, Cue]]], raw: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], set[int], set[int]]:
    """Attribution findings, the ids of vague phrases merged into them, of hedges dropped."""
    hedge_at = {r["start"]: r for r in raw if r["kind"] == "hedge"}
    dropped_hedges: set[int] = set()
    merged: set[int] = set()  # ids of phrases that became part of an attribution
    attributions: list[dict[str, Any]] = []
    found = _found_attributions(ctx, hits)
    inside_quote = _quotation_test(ctx.text) if found else None
    for att in found:
        hedge = hedge_at.get(att.start)
        if _not_a_speaker(ctx, att, hedge, inside_quote):
            continue
        if att.cue.cue.lower() == "suggesting" and hedge is not None:
            if att.source is None or not is_speaker(att.source, ctx.lex.vague_sources):
                continue  # "the river rose, suggesting": evidence that hints, a hedge
            dropped_hedges.add(id(hedge))  # "the minister suggested": a speaker's proposal
        entry: dict[str, Any] = dict(
            kind="vague-attribution" if att.vague_head is not None else "attribution",
            start=att.start,
            end=att.end,
            explanation=(att.vague_head or att.cue).explanation,
            category="vague-source" if att.vague_head is not None else att.cue.category,
            cue=att.cue.cue,
            source=att.source,
            source_start=att.source_start,
            source_end=att.source_end,
        )
        if (
            att.source_start is not None
            and att.source_end is not None
            and not _merge_vague_phrase(ctx, att, entry, merged)
        ):
            continue
        attributions.append(entry)
    return attributions, merged, dropped_hedges


def _once_per_speaker(ctx: _Context, attributions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One finding per attributed statement.

    A vague speaker who governs a second verb ("analysts are skeptical ..., noting ...")
    is counted once.
    """
    seen_speakers: set[tuple[int, int, int]] = set()
    kept = []
    for entry in attributions:
        if entry["kind"] == "vague-attribution" and entry["source_start"] is not None:
            key = (ctx.sentence_of(entry["start"]), entry["source_start"], entry["source_end"])
            if key in seen_speakers:
                continue
            seen_speakers.add(key)
        kept.append(entry)
    return kept


def _analyze(text: str, case: Case | None, lexicons: Iterable[LexiconSource] | None) -> Report:
    lex = _lexicons(list(lexicons) if lexicons is not None else None)
    sentences = split_sentences(text)
    hits = lex.scanner.scan(text)
    # Boosters first: a hedge or a reporting verb inside a booster ("no doubt", "promises
    # to be") is part of the booster, not a cue of its own.
    raw, booster_spans = _boosters(text, hits["boosters"], lex.boosters)
    references = list(_citations.find_references(text))
    # Reference-list lines: a title such as "The crisis explained" is not a speaker's words.
    ctx = _Context(
        text, sentences, lex, booster_spans, sorted((r.start, r.end) for r in references), []
    )
    raw.extend(
        _cue_entry("hedge", start, end, cue)
        for start, end, cue in hits["hedges"]
        if not ctx.in_booster(start)
    )
    # Vague phrases ("seen by some", "on condition of ...").
    ctx.phrases = sorted(
        (
            _cue_entry("vague-attribution", start, end, cue)
            for start, end, cue in hits["vague"]
            if not ctx.in_reference(start)
        ),
        key=lambda r: r["start"],
    )
    ctx.phrase_starts = [r["start"] for r in ctx.phrases]
    attributions, merged, dropped_hedges = _attributions(ctx, hits, raw)
    raw.extend(_once_per_speaker(ctx, attributions))
    if dropped_hedges:
        raw = [r for r in raw if id(r) not in dropped_hedges]
    raw.extend(p for p in ctx.phrases if id(p) not in merged)

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
        Finding(text=text[r["start"] : r["end"]], sentence=ctx.sentence_of(r["start"]), **r)
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
