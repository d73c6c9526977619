"""``analyze``: run every analyser over a text and collect the findings in a :class:`Report`.

The pipeline is :data:`RULES`, a short list of rules. A rule is a function that takes the
shared :class:`Context` (the text scanned once: lexicon hits, sentences, references, and
the boosters, hedges and vague phrases the other rules depend on) and returns a list of
:class:`~coursekit.analysis.report.Finding` objects. :func:`analyze` runs every rule,
leaves out the findings a rule withdrew (:meth:`Context.withdraw`), sets each finding's
sentence, keeps the first of overlapping findings of one kind and sorts them by position.

To add a kind of finding: write a function that returns ``Finding`` objects (in the
analyser module it belongs to, or a new one), add a rule here that calls it with what it
needs from the context, append the rule to :data:`RULES`, and give the kind a
:class:`~coursekit.analysis.report.KindStyle` in ``report.KIND_STYLES`` (label, colour,
line, marker, description) so every report format shows it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from coursekit.analysis.anachronism import anachronism_findings, text_anachronism_findings
from coursekit.analysis.attribution import attribution_findings
from coursekit.analysis.citations import ParsedReference, citation_findings, find_references
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
from coursekit.analysis.sentences import sentence_index, split_sentences
from coursekit.analysis.text import Spans, matches_at

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.cases import Case

__all__ = ["RULES", "Context", "Lexicons", "Rule", "analyze"]

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
# Where _EVERY_X_KNOWS may start (a literal scan, much faster than the pattern's own).
_WHAT_AS = re.compile(r"What|what|As|as")


def _every_x_knows(text: str) -> Iterator[re.Match[str]]:
    """The matches of _EVERY_X_KNOWS, tried only where "what" or "as" starts."""
    return matches_at(_EVERY_X_KNOWS, text, (m.start() for m in _WHAT_AS.finditer(text)))


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


def _cue_finding(ctx: Context, kind: str, start: int, end: int, cue: Cue) -> Finding:
    """The finding for a lexicon cue matched at ``text[start:end]``."""
    return Finding(
        kind=kind,
        start=start,
        end=end,
        text=ctx.text[start:end],
        explanation=cue.explanation,
        category=cue.category,
        cue=cue.cue,
        sentence=ctx.sentence_of(start),
    )


class Context:
    """One text, scanned once; every rule reads what it needs from here.

    The lexicon scan, the sentences and the references are computed once. The findings
    that other rules depend on (boosters, hedges, vague phrases) are computed on first
    use, so the rules may run in any order.

    Parameters
    ----------
    text
        The text being analysed.
    case
        The case whose timeline the anachronism rule reads, or None.
    lexicons
        The cue lexicons (bundled ones plus any instructor files).
    """

    def __init__(self, text: str, case: Case | None, lexicons: Lexicons) -> None:
        self.text = text
        self.case = case
        self.lex = lexicons
        #: The lower-cased text, shared by the rule scans (lower-case patterns are faster).
        self.low = text.lower()
        self.sentences = split_sentences(text)
        self._sentence_starts = [s for s, _ in self.sentences]
        #: Lexicon matches by lexicon: ``hedges``, ``boosters``, ``vague``, ``attribution``.
        self.hits = lexicons.scanner.scan(text)
        #: ``id()`` of findings a later rule took back (see :meth:`withdraw`).
        self.withdrawn: set[int] = set()

    def sentence_of(self, offset: int) -> int:
        """Return the index of the sentence holding ``offset``."""
        return sentence_index(self._sentence_starts, offset)

    def withdraw(self, findings: Iterable[Finding]) -> None:
        """Take back findings another rule made (they are left out of the report)."""
        self.withdrawn.update(id(f) for f in findings)

    @cached_property
    def references(self) -> list[ParsedReference]:
        """The references (APA-like lines and bare URLs), in text order."""
        return list(find_references(self.text))

    @cached_property
    def reference_spans(self) -> list[tuple[int, int]]:
        """Sorted spans of the references: a title there is not a speaker's words."""
        return sorted((r.start, r.end) for r in self.references)

    @cached_property
    def boosters(self) -> list[Finding]:
        """Booster findings: lexicon rows, then appeals to what everybody knows."""
        text = self.text
        found = self.hits["boosters"]
        out = [_cue_finding(self, "booster", start, end, cue) for start, end, cue in found]
        everybody = self.lex.boosters.lookup("everyone knows")
        if not everybody or not ("know" in text or "Know" in text or "tell you" in text):
            return out
        spans = [(start, end) for start, end, _ in found]
        for m in _every_x_knows(text):
            if text[max(0, m.start() - 4) : m.start()].lower().rstrip() == "not":
                continue  # "not as every ..." is not an appeal
            if m.group(1) is not None and m.group(1).lower() not in _KNOWERS:
                continue  # "every ticket ... knows" is not a person
            if any(a <= m.start() < b for a, b in spans):
                continue  # "as everyone knows" is already a lexicon row
            spans.append(m.span())
            out.append(_cue_finding(self, "booster", m.start(), m.end(), everybody[0]))
        return out

    @cached_property
    def booster_spans(self) -> list[tuple[int, int]]:
        """Sorted spans of the boosters."""
        return sorted((f.start, f.end) for f in self.boosters)

    @cached_property
    def hedges(self) -> list[Finding]:
        """Hedge findings; a hedge inside a booster ("no doubt") is part of the booster."""
        in_booster = Spans(self.booster_spans)
        return [
            _cue_finding(self, "hedge", start, end, cue)
            for start, end, cue in self.hits["hedges"]
            if start not in in_booster
        ]

    @cached_property
    def vague_phrases(self) -> list[Finding]:
        """Vague-attribution phrases ("seen by some"), sorted, none inside a reference."""
        in_reference = Spans(self.reference_spans)
        return sorted(
            (
                _cue_finding(self, "vague-attribution", start, end, cue)
                for start, end, cue in self.hits["vague"]
                if start not in in_reference
            ),
            key=lambda f: f.start,
        )


#: A rule: reads the shared context, returns its findings. A rule may leave ``sentence``
#: at 0: the pipeline sets it from the finding's start.
Rule = Callable[[Context], list[Finding]]


def booster_rule(ctx: Context) -> list[Finding]:
    """Boosters: wording that makes a claim sound more certain than its evidence."""
    return ctx.boosters


def hedge_rule(ctx: Context) -> list[Finding]:
    """Hedges: wording that marks uncertainty (lexicon ``hedges.csv``)."""
    return ctx.hedges


def attribution_rule(ctx: Context) -> list[Finding]:
    """Named and vague attributions, and the vague phrases not folded into one.

    A reporting word with its speaker (:mod:`coursekit.analysis.attribution`) may absorb
    a vague phrase next to it, and takes back the hedge "suggesting" after a speaker.
    """
    found, dropped = attribution_findings(
        ctx.text,
        ctx.sentences,
        ctx.sentence_of,
        ctx.hits["attribution"],
        cues=ctx.lex.attribution,
        vague_sources=ctx.lex.vague_sources,
        hedges=ctx.hedges,
        phrases=ctx.vague_phrases,
        booster_spans=ctx.booster_spans,
        reference_spans=ctx.reference_spans,
    )
    ctx.withdraw(f for f in ctx.hedges if id(f) in dropped)
    return found


def reference_rule(ctx: Context) -> list[Finding]:
    """References and what their URLs reveal (:mod:`coursekit.analysis.citations`)."""
    return citation_findings(ctx.text, ctx.references)


def weekday_rule(ctx: Context) -> list[Finding]:
    """Written dates whose weekday is not the calendar's (:mod:`coursekit.analysis.dates`)."""
    return weekday_findings(ctx.text, ctx.low)


def contradiction_rule(ctx: Context) -> list[Finding]:
    """Statements that cannot both be true (:mod:`coursekit.analysis.contradictions`)."""
    reference_lines = [(r.start, r.end) for r in ctx.references if r.publisher or r.title]
    return contradiction_findings(ctx.text, ctx.sentences, reference_lines, ctx.low)


def anachronism_rule(ctx: Context) -> list[Finding]:
    """References dated before what they report (:mod:`coursekit.analysis.anachronism`).

    Judged against the case's timeline when there is a case, else against the dates the
    text itself gives.
    """
    if ctx.case is not None:
        return anachronism_findings(ctx.text, ctx.references, ctx.case)
    if ctx.references:
        return text_anachronism_findings(ctx.text, ctx.references, ctx.sentences)
    return []


#: The analysis pipeline: every rule runs once per text, in this order (the order of
#: findings that tie in position and kind).
RULES: tuple[Rule, ...] = (
    booster_rule,
    hedge_rule,
    attribution_rule,
    reference_rule,
    weekday_rule,
    contradiction_rule,
    anachronism_rule,
)


def _in_sentence(ctx: Context, finding: Finding) -> Finding:
    """The finding with ``sentence`` set to the index of the sentence holding its start."""
    sentence = ctx.sentence_of(finding.start)
    return finding if finding.sentence == sentence else replace(finding, sentence=sentence)


def _analyze(text: str, case: Case | None, lexicons: Iterable[LexiconSource] | None) -> Report:
    ctx = Context(text, case, _lexicons(list(lexicons) if lexicons is not None else None))
    found = [finding for rule in RULES for finding in rule(ctx)]
    findings = [_in_sentence(ctx, f) for f in found if id(f) not in ctx.withdrawn]
    findings = _drop_same_kind_overlaps(findings)
    findings.sort(key=lambda f: (f.start, f.end, f.kind))
    return Report(
        text=text,
        findings=findings,
        sentences=ctx.sentences,
        case_name=getattr(case, "name", None) if case is not None else None,
    )
