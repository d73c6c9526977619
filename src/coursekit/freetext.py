"""Read free-text worksheet answers for substance: verdicts and rewrites.

:func:`coursekit.check` hands free-text answers here. Nothing is marked right or wrong:
an answer is *complete* when it has every part the task asks for and those parts agree
with the case data. The feedback then names what is missing or inconsistent, for this
task. The exercise's specification (``coursekit/answers/exercises.json``) says what the
task asks for:

``claims``
    The claim ids the task allows (default: any claim of the case).
``forbid``
    Claim ids the task rules out (e.g. claims an earlier worksheet judged).
``case``
    The case the claims come from (default ``"summit-2025"``).
``min_sources``
    How many distinct sources to cite (default 1).
``require_independent``
    The cited sources must come from ``min_sources`` independent origins, grouped the way
    :func:`coursekit.corroboration` groups them (relayed statement, else the outlet that
    wrote the text).
``sources_from``
    ``"evidence"`` (default): each cited id must be in the judged claim's evidence;
    ``"case"``: it must only exist in the case.
``new_sources``
    ``true`` for the online track: a URL that is not a source of the case counts as a
    source the learner found (it is not checked against the evidence).
``require``
    The parts required: ``"claim"``, ``"source"``, ``"verdict"``, ``"confidence"``.
``min_words``, ``max_words``
    The length allowed.
``item``
    A capstone item id (:mod:`coursekit.capstone`): the answer judges that item's one
    claim, stated on a ``Claim:`` line; cited ids must be pages of the item's corpus,
    and stance and independence come from the item's key (pages with one ``origin``
    count once).
``claim_form``
    ``"id"`` (default: name a claim of the case by id) or ``"line"`` (state the claim in
    words on a ``Claim:`` line; automatic with ``item``; with no ``item`` the answer is
    not tied to the case, e.g. the online track, and only its form is read).
``original``
    For ``rewrite`` answers: the words to rewrite. Their vague attributions (found by
    :func:`coursekit.analyze`) must be gone from the rewrite, which must name a source.
``closure``
    ``false`` turns off the case's own judgement shown after a complete answer.

Always checked: every cited source id exists; the verdict is one word (two different
verdicts are inconsistent); sources called independent are independent in
:func:`coursekit.corroboration`; a verdict of ``corroborated`` cites at least one source
that supports the claim, ``contradicted`` one that contradicts it.

After a complete answer (never before: it would give the answer away), :func:`closure`
shows how the case data judges the claim (verdict, rationale, independent origins) and
asks where the learner's reasoning differs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from coursekit.bank import Spec, clean_text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from coursekit.analysis import Finding
    from coursekit.cases import Case

__all__ = [
    "DEFAULT_CASE",
    "Reading",
    "closure",
    "load_task_case",
    "read_answer",
    "rewrite_problems",
    "states_claim_in_words",
    "verdict_problems",
]

#: The case a free-text task is about when its specification does not say.
DEFAULT_CASE = "summit-2025"

_WORD = re.compile(r"\w+(?:['’]\w+)?")
_SOURCE_ID = re.compile(r"\b(?:S\d{3}|R\d{1,2})\b", re.I)
_CLAIM_ID = re.compile(r"\bC\d{1,3}\b", re.I)
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_CLAIM_LINE = re.compile(
    r"^\W*claim\s*:\s*(?P<text>\S.*?)(?=\s*\b(?:evidence|verdict|confidence)\s*:|$)",
    re.I | re.M,
)
_NEW_SOURCE = re.compile(r"\bnew\s*:\s*(?P<what>[^\n;]+)", re.I)
_CLAIM_LABEL = re.compile(r"\bclaim\s*(?:id)?\s*[:=]\s*(C\d{1,3})\b", re.I)
_VERDICT_LABEL = re.compile(r"\bverdict\s*(?:[:=\-–—]|is\b)\s*(?P<rest>[^.\n;]*)", re.I)
_NEGATED = re.compile(r"\b(?:not|never|no|hardly|isn't|wasn't|aren't|cannot|can't)\s+$", re.I)
_INDEPENDENT = re.compile(r"\bindependent(?:ly)?\b", re.I)
_CONFIDENCE = re.compile(
    r"\bconfiden\w*\W{0,3}(?:\w+\W+){0,3}?(high|medium|moderate|low)\b"
    r"|\b(high|medium|moderate|low)\W+confidence\b",
    re.I,
)


@lru_cache(maxsize=4)
def load_task_case(name: str = DEFAULT_CASE) -> Case:
    """Return the case a task is about (loaded once per kernel)."""
    from coursekit.cases import load_case

    return load_case(name)


@dataclass(frozen=True)
class Reading:
    """What a free-text answer contains, read with the case's ids and vocabularies.

    Attributes
    ----------
    words
        The number of words.
    claim
        The claim the answer judges: the id after ``Claim:`` if there is one, else the
        first id of an allowed claim, else the first claim id written; ``None`` if none.
    claims
        Every claim id written, in order.
    sources
        Source ids cited (URLs of the case's sources become their ids), in order.
    unknown_sources
        Ids that look like source ids but are not sources of the case.
    new_urls
        URLs that are not sources of the case.
    verdicts
        The distinct verdict words given (after ``Verdict:`` when labelled).
    says_independent
        Whether the answer calls its sources independent (not negated).
    confidence
        ``high``, ``medium`` or ``low`` when stated, else ``None``.
    """

    words: int
    claim: str | None
    claims: tuple[str, ...]
    sources: tuple[str, ...]
    unknown_sources: tuple[str, ...]
    new_urls: tuple[str, ...]
    verdicts: tuple[str, ...]
    says_independent: bool
    confidence: str | None


def _item_mode(spec: Spec) -> str | None:
    item = spec.get("item")
    return str(item) if item else None


def states_claim_in_words(spec: Spec) -> bool:
    """Whether the task's answer states its claim on a ``Claim:`` line (not by id)."""
    return bool(_item_mode(spec)) or spec.get("claim_form", "id") == "line"


_by_line = states_claim_in_words


def _sources_table(spec: Spec, case: Case) -> pd.DataFrame:
    item = _item_mode(spec)
    if item:
        from coursekit.capstone import load_item

        return load_item(item).sources
    return case.sources


def _item_evidence(item: str) -> pd.DataFrame:
    """An item's key as an evidence table shaped like independent_sources()'s."""
    from coursekit.capstone import item_key, load_item

    evidence = item_key(item).evidence.copy()
    pages = load_item(item).sources[["source_id", "publisher"]]
    evidence = evidence.merge(pages, on="source_id", how="left")
    evidence["group"] = evidence["origin"]
    evidence["counts"] = True
    return evidence


def _where(spec: Spec) -> str:
    return "this item's pages" if _item_mode(spec) else "the case"


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _url_key(url: str) -> str:
    url = re.sub(r"^https?://(www\.)?", "", url.strip().rstrip(".,;:")).rstrip("/")
    return url.casefold()


def verdict_words(case: Case) -> tuple[str, ...]:
    """Return the case's verdict vocabulary (:func:`coursekit.vocabulary.enum_of`)."""
    from coursekit.vocabulary import enum_of

    return enum_of(case, "claims", "verdict")


def _verdicts_in(text: str, words: Sequence[str]) -> list[str]:
    """Verdict words in ``text``, skipping negated ones; 'partly X' counts as 'partly'."""
    found: list[tuple[int, str]] = []
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
    taken_until = -1
    for match in pattern.finditer(text):
        if match.start() < taken_until:
            continue
        word = match.group(1).lower()
        if _NEGATED.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        if word == "partly":
            follow = pattern.match(text, match.end() + 1)
            if follow:
                taken_until = follow.end()
        found.append((match.start(), word))
    return [word for _, word in found]


def read_answer(text: str, case: Case, spec: Spec) -> Reading:
    """Read a free-text answer: which claim, which sources, which verdict."""
    sources_table = _sources_table(spec, case)
    known = set(sources_table["source_id"].astype(str))
    by_url = {
        _url_key(str(url)): str(sid)
        for sid, url in zip(sources_table["source_id"], sources_table["url"], strict=False)
        if isinstance(url, str) and url.strip()
    }
    cited: list[str] = []
    unknown: list[str] = []
    new_urls: list[str] = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:")
        if _url_key(url) in by_url:
            cited.append(by_url[_url_key(url)])
        else:
            new_urls.append(url)
    without_urls = _URL.sub(" ", text)
    if spec.get("new_sources"):
        new_urls += [m.group("what").strip() for m in _NEW_SOURCE.finditer(without_urls)]
    for sid in (found.upper() for found in _SOURCE_ID.findall(without_urls)):
        (cited if sid in known else unknown).append(sid)
    claims = _unique([found.upper() for found in _CLAIM_ID.findall(without_urls)])
    allowed = [str(c) for c in spec.get("claims", [])]
    label = _CLAIM_LABEL.search(without_urls)
    line = _CLAIM_LINE.search(without_urls)
    if _by_line(spec):
        stated = line.group("text").strip() if line else ""
        claim: str | None = stated if len(_WORD.findall(stated)) >= 3 else None
    elif label:
        claim = label.group(1).upper()
    else:
        claim = next((c for c in claims if c in allowed), claims[0] if claims else None)
    vocabulary = verdict_words(case)
    # The "Claim:" line restates the claim (which may itself say "independent" or
    # "contradicted"); the judgement is read from the rest of the answer.
    judgement = _CLAIM_LINE.sub(" ", without_urls)
    labelled = [
        word
        for m in _VERDICT_LABEL.finditer(judgement)
        for word in _verdicts_in(m.group("rest"), vocabulary)
    ]
    if labelled[:1] == ["partly"]:
        # "Verdict: partly (corroborated in part, contradicted in part)": the other words
        # describe the parts.
        labelled = ["partly"]
    verdicts = _unique(labelled or _verdicts_in(judgement, vocabulary))
    says_independent = any(
        not _NEGATED.search(judgement[max(0, m.start() - 20) : m.start()])
        for m in _INDEPENDENT.finditer(judgement)
    )
    confidence = _CONFIDENCE.search(without_urls)
    level = None
    if confidence:
        level = (confidence.group(1) or confidence.group(2)).lower()
        level = "medium" if level == "moderate" else level
    return Reading(
        words=len(_WORD.findall(text)),
        claim=claim,
        claims=claims,
        sources=_unique(cited),
        unknown_sources=_unique(unknown),
        new_urls=_unique(new_urls),
        verdicts=verdicts,
        says_independent=says_independent,
        confidence=level,
    )


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _claim_ids(case: Case) -> list[str]:
    return case.claims["claim_id"].astype(str).tolist()


def _evidence(case: Case, claim_id: str) -> pd.DataFrame:
    from coursekit.corroboration import independent_sources

    return independent_sources(case, claim_id)


def _length_problems(spec: Spec, reading: Reading, low: int, high: int) -> list[str]:
    low, high = int(spec.get("min_words", low)), int(spec.get("max_words", high))
    if reading.words < low:
        return [f"Write at least {low} words; you have {reading.words}."]
    if reading.words > high:
        return [f"Keep it to {high} words or fewer; you have {reading.words}."]
    return []


def _claim_problems(spec: Spec, reading: Reading, case: Case) -> list[str]:
    if _by_line(spec):
        if reading.claim is None:
            return [
                "State the claim you judge in your own words on a line that starts with "
                "'Claim:' (at least a few words)."
            ]
        return []
    ids = _claim_ids(case)
    allowed = [str(c) for c in spec.get("claims", [])]
    forbidden = [str(c) for c in spec.get("forbid", [])]
    if reading.claim is None:
        if len(allowed) == 1:
            return [f"Name the claim by its id: this task is about {allowed[0]}."]
        return [f"Name the claim you judge by its id ({ids[0]} to {ids[-1]})."]
    if reading.claim not in ids:
        span = f"{ids[0]} to {ids[-1]}"
        return [f"{reading.claim} is not a claim of the case (its claims are {span})."]
    if reading.claim in forbidden:
        return [
            f"This task rules out {_and(forbidden)}: you judge {reading.claim}. Pick another "
            "claim; if you mention a ruled-out claim only in passing, label the one you judge "
            "with 'Claim:' followed by its id."
        ]
    if allowed and reading.claim not in allowed:
        which = allowed[0] if len(allowed) == 1 else "one of " + _and(allowed)
        return [f"This task asks about {which}; your answer judges {reading.claim}."]
    return []


def _source_problems(
    spec: Spec, reading: Reading, case: Case, evidence: pd.DataFrame | None
) -> list[str]:
    if _item_mode(spec):
        pages = _sources_table(spec, case)["source_id"].astype(str).tolist()
        problems = [
            f"{sid} is not a page of this item's corpus (its pages are {pages[0]} to {pages[-1]})."
            for sid in reading.unknown_sources
        ]
    else:
        problems = [
            f"{sid} is not a source of the case: check the id in case.sources."
            for sid in reading.unknown_sources
        ]
    new_ok = bool(spec.get("new_sources", False))
    if not new_ok:
        problems.extend(
            f"The URL {url} is not a source of {_where(spec)}: this task works with "
            f"{_where(spec).replace('the case', 'the case sources')}; cite them by id."
            for url in reading.new_urls
        )
    in_evidence = spec.get("sources_from", "evidence") == "evidence"
    if in_evidence and evidence is not None and not _item_mode(spec):
        inside = set(evidence["source_id"].astype(str))
        outside = [sid for sid in reading.sources if sid not in inside]
        if outside:
            tail = " If you found a source yourself, cite it by its URL." if new_ok else ""
            problems.append(
                f"{_and(outside)} {'is' if len(outside) == 1 else 'are'} not in the evidence "
                f"for {reading.claim}: case.evidence_for({reading.claim!r}) lists the sources "
                f"recorded for that claim.{tail}"
            )
    count = len(reading.sources) + (len(reading.new_urls) if new_ok else 0)
    needed = int(spec.get("min_sources", 1))
    if "source" in spec.get("require", ["claim", "source", "verdict"]) and count < needed:
        if needed == 1:
            problems.append("Cite at least one source by its id (e.g. S020) or its URL.")
        else:
            listed = f" ({_and(list(reading.sources))})" if reading.sources else ""
            problems.append(f"Cite at least {needed} sources by id; you cite {count}{listed}.")
    return problems


def _origin_problems(spec: Spec, reading: Reading, evidence: pd.DataFrame) -> list[str]:
    mine = evidence[evidence["source_id"].astype(str).isin(reading.sources)]
    counting = mine[mine["counts"].astype(bool)]
    groups: dict[str, list[str]] = {}
    for row in counting.itertuples(index=False):
        groups.setdefault(str(row.group), []).append(str(row.source_id))
    item = _item_mode(spec)
    # A capstone item's origins are what its reading exercises ask the learner to find:
    # before the answer is complete, say which pages share one, never name it.
    shared = [
        f"{_and(ids)} share one origin" + ("" if item else f" ({group})")
        for group, ids in groups.items()
        if len(ids) > 1
    ]
    problems = []
    needed = int(spec.get("min_sources", 1))
    counted_by = (
        "by where their information comes from"
        if item
        else "as coursekit.corroboration() counts them"
    )
    if spec.get("require_independent") and len(reading.sources) >= needed > len(groups):
        detail = f": {'; '.join(shared)}" if shared else ""
        problems.append(
            f"The task asks for {needed} independent sources; the sources you cite come from "
            f"{len(groups)} independent origin{'s' if len(groups) != 1 else ''} "
            f"{counted_by}{detail}."
        )
    elif reading.says_independent and shared:
        where = "" if item else "in coursekit.corroboration() "
        problems.append(
            f"You call your sources independent, but {where}"
            f"{'; '.join(shared)}: together they count once."
        )
    if reading.says_independent:
        uncounted = mine.loc[~mine["counts"].astype(bool), "source_id"].astype(str).tolist()
        if uncounted:
            problems.append(
                f"{_and(uncounted)} {'is' if len(uncounted) == 1 else 'are'} the article's own "
                "reference(s): they cannot confirm the article independently."
            )
    return problems


def _stance_problems(
    reading: Reading, evidence: pd.DataFrame, item: str | None = None
) -> list[str]:
    if len(reading.verdicts) != 1 or reading.new_urls or not reading.sources:
        return []
    verdict = reading.verdicts[0]
    need = {"corroborated": "supports", "contradicted": "contradicts"}
    if verdict not in need:
        return []
    mine = evidence[evidence["source_id"].astype(str).isin(reading.sources)]
    if len(mine) != len(reading.sources):
        return []  # some cited sources are outside the evidence: reported elsewhere
    stances = mine["stance"].astype(str)
    if (stances == need[verdict]).any():
        return []
    if item:
        # An item's stances are its key: say that the pages do not fit, not what they say.
        return [
            f"You judge the claim {verdict}, but none of the pages you cite {need[verdict]} "
            "it: open them again (item.page(...)) and check what each one says."
        ]
    listed = ", ".join(f"{s} {st}" for s, st in zip(mine["source_id"], stances, strict=False))
    return [
        f"You judge {reading.claim} {verdict}, but none of the sources you cite "
        f"{need[verdict]} it in the case's evidence ({listed}): check what they say."
    ]


def _evidence_of(
    spec: Spec, reading: Reading, case: Case, claim_problems: list[str]
) -> pd.DataFrame | None:
    """The evidence the answer is read against, or ``None``.

    ``None`` when there is no claim yet, or on the online track, where the sources are
    the learner's own.
    """
    item = _item_mode(spec)
    if item:
        return _item_evidence(item)
    if _by_line(spec) or not reading.claim or claim_problems:
        return None
    return _evidence(case, reading.claim)


def verdict_problems(spec: Spec, text: str, case: Case) -> tuple[Reading, list[str]]:
    """Read a verdict and list what is missing or inconsistent (empty when complete)."""
    reading = read_answer(text, case, spec)
    require = spec.get("require", ["claim", "source", "verdict"])
    problems = _length_problems(spec, reading, 30, 150)
    claim_problems = _claim_problems(spec, reading, case) if "claim" in require else []
    problems += claim_problems
    evidence = _evidence_of(spec, reading, case, claim_problems)
    problems += _source_problems(spec, reading, case, evidence)
    if evidence is not None:
        problems += _origin_problems(spec, reading, evidence)
    words = verdict_words(case)
    if "verdict" in require:
        if not reading.verdicts:
            problems.append(f"Give a verdict in one word: {_or(words)}.")
        elif len(reading.verdicts) > 1:
            given = " and ".join(f"'{v}'" for v in reading.verdicts)
            problems.append(
                f"Your answer gives {len(reading.verdicts)} verdicts ({given}): a verdict is one "
                "word. Write the one you mean after 'Verdict:'; if the evidence is mixed, that "
                "is what 'partly' is for."
            )
        elif evidence is not None:
            problems += _stance_problems(reading, evidence, _item_mode(spec))
    if "confidence" in require and reading.confidence is None:
        problems.append("Say how confident you are (high, medium or low) and why.")
    return reading, problems


def _or(words: Sequence[str]) -> str:
    words = list(words)
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else "".join(words)


def _vague_words(findings: Sequence[Finding]) -> set[str]:
    words: set[str] = set()
    for finding in findings:
        if finding.kind == "vague-attribution":
            for part in (getattr(finding, "source", None), finding.text):
                if part:
                    words |= {w.casefold() for w in _WORD.findall(str(part))}
    return words


def rewrite_problems(spec: Spec, text: str, case: Case) -> tuple[Reading, list[str]]:
    """Read a rewrite and list what is missing or inconsistent (empty when complete)."""
    from coursekit.analysis import analyze

    reading = read_answer(text, case, spec)
    require = spec.get("require", ["claim", "source"])
    problems = _length_problems(spec, reading, 15, 120)
    claim_problems = _claim_problems(spec, reading, case) if "claim" in require else []
    problems += claim_problems
    evidence = _evidence_of(spec, reading, case, claim_problems)
    problems += _source_problems(spec, reading, case, evidence)
    original = str(spec.get("original", ""))
    if original and clean_text(original) in clean_text(text):
        problems.append(
            f"Your rewrite keeps the original words unchanged ('{original}'): rewrite them so "
            "that a reader can tell who said it and when."
        )
    findings = analyze(text).findings
    vague_before = _vague_words(analyze(original).findings) if original else set()
    for finding in findings:
        if finding.kind != "vague-attribution":
            continue
        words = _vague_words([finding])
        if not vague_before or words & vague_before:
            who = getattr(finding, "source", None)
            shown = f"'{who}' ... '{finding.text}'" if who else f"'{finding.text}'"
            problems.append(
                f"coursekit.analyze still finds a vague attribution in your rewrite: {shown}. "
                "Replace it with who said it, by name."
            )
    named = any(f.kind == "attribution" and getattr(f, "source", None) for f in findings)
    if not named:
        sources = _sources_table(spec, case)
        table = sources.set_index(sources["source_id"].astype(str))
        folded = text.casefold()
        for sid in reading.sources:
            row = table.loc[sid]
            names = [row.get("publisher"), row.get("original_publisher")]
            if any(isinstance(n, str) and n.strip() and n.casefold() in folded for n in names):
                named = True
                break
    if not named:
        problems.append(
            "Name who said it in the sentence itself (an outlet, an institution or a person, "
            "e.g. '<outlet> reported on <date> that ...'): coursekit.analyze finds no named "
            "source, and none of the sources you cite is named in your text."
        )
    return reading, problems


def _origins(evidence: pd.DataFrame, stance: str) -> list[str]:
    rows = evidence[evidence["counts"].astype(bool) & (evidence["stance"].astype(str) == stance)]
    return list(dict.fromkeys(rows["group"].astype(str)))


def _item_closure(reading: Reading, item: str) -> str:
    from coursekit.capstone import item_key

    key = item_key(item)
    evidence = _item_evidence(item)
    parts = [f"How the kit judges this item's claim: {key.verdict}.", f"Why: {key.rationale}"]
    cited = key.origins(list(reading.sources))
    if cited:
        groups = "; ".join(f"{origin} ({', '.join(ids)})" for origin, ids in cited.items())
        parts.append(f"The pages you cite come from {len(cited)} origin(s): {groups}.")
    everything = list(dict.fromkeys(evidence["origin"].astype(str)))
    parts.append(f"The item's pages come from {len(everything)} origin(s) in all.")
    if len(reading.verdicts) == 1:
        same = reading.verdicts[0] == key.verdict
        parts.append(
            "Your verdict is the same: are your reasons the same too?"
            if same
            else f"Your verdict ({reading.verdicts[0]}) differs."
        )
    parts.append("Where does your reasoning differ from the kit's, and why?")
    return " ".join(parts)


def closure(reading: Reading, case: Case, spec: Spec | None = None) -> str:
    """How the data judges the answer's claim: shown only after a complete answer.

    For a capstone item, the item's key; for a claim of the case, the case's verdict,
    rationale and independent origins; for an answer not tied to the kit's data (the
    online track), nothing.
    """
    spec = spec or {}
    item = _item_mode(spec)
    if item:
        return _item_closure(reading, item)
    if reading.claim is None or _by_line(spec):
        return ""
    claim = case.claim(reading.claim)
    evidence = _evidence(case, reading.claim)
    parts = [
        f"How the case data judges {reading.claim}: {claim['verdict']}.",
        f"Why: {str(claim['rationale']).strip()}",
    ]
    counted = []
    for stance, label in (
        ("supports", "supporting"),
        ("partly", "partly supporting"),
        ("contradicts", "contradicting"),
    ):
        origins = _origins(evidence, stance)
        if origins:
            counted.append(f"{len(origins)} {label} ({'; '.join(origins)})")
    if counted:
        parts.append(
            "Independent origins, as coursekit.corroboration() counts them: "
            + ", ".join(counted)
            + "."
        )
    else:
        parts.append("coursekit.corroboration() counts no independent origin for it.")
    if len(reading.verdicts) == 1:
        if reading.verdicts[0] == str(claim["verdict"]):
            parts.append("Your verdict is the same: are your reasons the same too?")
        else:
            parts.append(f"Your verdict ({reading.verdicts[0]}) differs.")
    parts.append("Where does your reasoning differ from the case's, and why?")
    return " ".join(parts)
