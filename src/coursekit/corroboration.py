"""Corroboration: how many *independent* sources back or contradict each claim of a case.

The independence rule
---------------------
* Sources are grouped by their *origin*. When an evidence row has a ``relays`` value
  (the primary statement the source relays, such as a government readout of a phone
  call), that statement is the origin: three newsrooms repeating one Kremlin readout
  are one independent source, the readout. Otherwise the origin is the source's
  ``original_publisher``: the outlet that wrote the text, so a syndicated copy, a
  mirror or a wire story printed by another site counts once, for the outlet that wrote
  it (a Reuters story reprinted by three papers is one source: Reuters). When
  ``original_publisher`` is empty, ``publisher`` is used.
* The article's own references (sources of kind ``article-reference``, ids R1..R4 in
  the bundled case) never count: a text cannot corroborate itself, and these
  references could not be found.
* For each claim and each stance (``supports``, ``partly``, ``contradicts``,
  ``context``), the count is the number of distinct origins with at least one source
  of that stance. One origin can appear under two stances if its sources disagree.
* ``single_source`` is true when exactly one origin supports the claim fully or
  partly: everything then rests on one outlet or one statement.

The rule is also stored in the returned frame's ``attrs["independence_rule"]``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coursekit.vocabulary import ARTICLE_REFERENCE, BACKING_STANCES, STANCES, VERDICTS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from coursekit.cases import Case

__all__ = [
    "COUNT_COLUMNS",
    "INDEPENDENCE_RULE",
    "STANCES",
    "corroboration",
    "independent_sources",
    "verdict_line",
]

#: The count column of :func:`corroboration` for each stance of
#: :data:`coursekit.vocabulary.STANCES` (re-exported here as ``STANCES``).
COUNT_COLUMNS: dict[str, str] = dict(
    zip(STANCES, ("supporting", "partly", "contradicting", "context"), strict=True)
)
_NEVER_COUNTS = frozenset({ARTICLE_REFERENCE})

INDEPENDENCE_RULE = (
    "Sources are grouped by origin: the primary statement an evidence row relays (its 'relays' "
    "value, such as a government readout) when it has one, so outlets repeating the same "
    "statement count once; otherwise original_publisher (the outlet that wrote the text; "
    "publisher when empty), so a syndicated copy, mirror or wire reprint counts once, for the "
    "outlet that wrote it. The article's own references (kind 'article-reference') never count. "
    "Each count is the number of distinct origins with at least one source of that stance. "
    "single_source is true when exactly one origin supports the claim fully or partly."
)


def _filled(values: pd.Series) -> pd.Series:
    """True where a text column has a non-blank value."""
    text = values.astype("string")
    return (text.notna() & (text.str.strip() != "")).fillna(False).astype(bool)


def _evidence_with_groups(case: Case) -> pd.DataFrame:
    """Evidence rows joined with their source, plus the independence group of each."""
    import pandas as pd

    sources = case.sources.copy()
    original = sources["original_publisher"].astype("string")
    publisher = sources["publisher"].astype("string")
    sources["outlet"] = original.where(_filled(original), publisher)
    columns = ["source_id", "publisher", "original_publisher", "outlet", "kind", "title", "url"]
    if "published" in sources.columns:
        columns.append("published")
    evidence = case.evidence.copy()
    if "relays" not in evidence.columns:  # the column is optional in the schema
        evidence["relays"] = pd.NA
    evidence["relays"] = evidence["relays"].astype("string").str.strip()
    merged = evidence.merge(sources[columns], on="source_id", how="left")
    relayed = _filled(merged["relays"])
    merged["relays"] = merged["relays"].where(relayed, pd.NA)
    merged["group"] = merged["relays"].where(relayed, merged["outlet"])
    merged["grouped_by"] = relayed.map({True: "relays", False: "original_publisher"})
    merged["stance"] = merged["stance"].astype("string")
    merged["kind"] = merged["kind"].astype("string")
    merged["counts"] = ~merged["kind"].isin(_NEVER_COUNTS).fillna(False) & merged["group"].notna()
    return pd.DataFrame(merged)


def corroboration(case: Case) -> pd.DataFrame:
    """Count the independent sources for and against each claim of ``case``.

    Parameters
    ----------
    case
        A loaded case (see :func:`coursekit.load_case`).

    Returns
    -------
    pandas.DataFrame
        One row per claim, in claim order, with the columns ``claim_id``, ``text``,
        ``claim_type``, ``verdict``, ``supporting``, ``partly``, ``contradicting``,
        ``context`` (counts of independent origins: the relayed primary statement where
        the evidence row names one in ``relays``, else the outlet that wrote the text),
        ``sources`` (list of the source ids that count), ``single_source`` (bool) and
        ``note`` (a plain sentence). The rule is in ``attrs["independence_rule"]`` (see
        the module docstring).

    Examples
    --------
    >>> import coursekit
    >>> table = coursekit.corroboration(coursekit.load_case("summit-2025"))
    >>> list(table.columns)[:4]
    ['claim_id', 'text', 'claim_type', 'verdict']
    """
    import pandas as pd

    evidence = _evidence_with_groups(case)
    counted = evidence[evidence["counts"]]
    rows = []
    for claim in case.claims.itertuples(index=False):
        claim_id = claim.claim_id
        mine = counted[counted["claim_id"] == claim_id]
        everything = evidence[evidence["claim_id"] == claim_id]
        counts = {
            column: int(mine.loc[mine["stance"] == stance, "group"].nunique())
            for stance, column in COUNT_COLUMNS.items()
        }
        backing = mine.loc[mine["stance"].isin(BACKING_STANCES), "group"].nunique()
        copies = len(mine) - mine["group"].nunique() if len(mine) else 0
        relay_counts = mine.loc[mine["grouped_by"] == "relays", "group"].value_counts()
        relayed = {str(k): int(v) for k, v in sorted(relay_counts.items()) if v > 1}
        references = everything.loc[~everything["counts"], "source_id"].tolist()
        rows.append(
            {
                "claim_id": claim_id,
                "text": claim.text,
                "claim_type": claim.claim_type,
                "verdict": claim.verdict,
                **counts,
                "sources": mine["source_id"].tolist(),
                "single_source": bool(backing == 1),
                "note": _note(counts, int(backing), int(copies), references, relayed),
            }
        )
    table = pd.DataFrame(rows)
    for column in ("claim_type", "verdict"):
        if column in case.claims and isinstance(case.claims[column].dtype, pd.CategoricalDtype):
            table[column] = pd.Categorical(
                table[column], categories=case.claims[column].cat.categories
            )
    table.attrs["independence_rule"] = INDEPENDENCE_RULE
    table.attrs["case"] = getattr(case, "name", None)
    return table


def _note(
    counts: dict[str, int],
    backing: int,
    copies: int,
    references: list[str],
    relayed: dict[str, int],
) -> str:
    parts = [_backing_sentence(counts, backing)]
    if counts["contradicting"] and backing > 1:
        parts.append(f"{counts['contradicting']} independent source(s) contradict it.")
    if copies:
        parts.append(
            f"{copies} repeat(s), copies or relays of an origin already counted were merged."
        )
    for statement, number in relayed.items():
        parts.append(f"{number} sources relay one statement ({statement}): it counts once.")
    if references:
        parts.append(f"The article's own reference(s) {', '.join(references)} do not count.")
    return " ".join(part for part in parts if part)


def _backing_sentence(counts: dict[str, int], backing: int) -> str:
    """The note's first sentence: how many origins back the claim, and against it."""
    against = counts["contradicting"]
    if not any(counts.values()):
        return "No independent evidence is recorded for this claim."
    if backing == 0 and against:
        return "No independent source supports this claim; some contradict it."
    if backing == 1 and against:
        return (
            f"One independent source backs this claim and {against} contradict"
            f"{'s' if against == 1 else ''} it."
        )
    if backing == 1:
        return "Only one independent source backs this claim: look for a second one."
    if backing > 1:
        return f"{backing} independent sources back this claim fully or partly."
    if counts["context"]:
        return "Only background (context) sources are recorded; none confirms the claim."
    return ""


def independent_sources(case: Case, claim_id: str) -> pd.DataFrame:
    """List the evidence for one claim with the independence grouping shown.

    Parameters
    ----------
    case
        A loaded case.
    claim_id
        A claim id of the case, such as ``"C14"``.

    Returns
    -------
    pandas.DataFrame
        One row per evidence source, sorted by group: ``group`` (the independent origin:
        the relayed statement when ``relays`` is set, else the outlet that wrote the
        text), ``grouped_by`` (``"relays"`` or ``"original_publisher"``: which rule made
        the group), ``relays``, ``source_id``, ``publisher``, ``original_publisher``,
        ``kind``, ``stance``, ``counts`` (whether it counts at all), ``first_in_group``
        (the row that stands for its group), ``group_size``, ``reason`` (a plain
        sentence), ``title`` and ``url``.

    Raises
    ------
    KeyError
        If the case has no claim ``claim_id`` (the message lists the valid ids).
    """
    ids = case.claims["claim_id"].astype(str).tolist()
    if claim_id not in ids:
        raise KeyError(
            f"No claim {claim_id!r} in case {getattr(case, 'name', '?')!r}. "
            f"Use one of {ids[0]}..{ids[-1]}."
        )
    evidence = _evidence_with_groups(case)
    mine = evidence[evidence["claim_id"] == claim_id].copy()
    mine = mine.sort_values(["counts", "group", "source_id"], ascending=[False, True, True])
    group_sizes = mine[mine["counts"]].groupby("group")["source_id"].transform("count")
    mine["group_size"] = group_sizes.reindex(mine.index).fillna(0).astype(int)
    mine["first_in_group"] = mine["counts"] & ~mine.duplicated(["group", "stance"])
    mine["reason"] = [
        _reason(row.publisher, row.group, row.grouped_by, row.counts, row.first_in_group)
        for row in mine.itertuples(index=False)
    ]
    columns = [
        "group",
        "grouped_by",
        "relays",
        "source_id",
        "publisher",
        "original_publisher",
        "kind",
        "stance",
        "counts",
        "first_in_group",
        "group_size",
        "reason",
        "title",
        "url",
    ]
    result = mine[columns].reset_index(drop=True)
    result.attrs["independence_rule"] = INDEPENDENCE_RULE
    result.attrs["claim_id"] = claim_id
    return result


def _reason(publisher: str, group: str, grouped_by: str, counts: bool, first: bool) -> str:
    if not counts:
        return "The article's own reference: it never counts as evidence."
    if grouped_by == "relays":
        if first:
            return (
                f"Relays {group}: counts once, for that statement, however many outlets relay it."
            )
        return f"Also relays {group}: that statement already counts."
    if publisher != group:
        copy = "A copy" if first else "Another copy"
        return f"{copy} of a text by {group}: counted once, for {group}."
    if first:
        return f"Counts as one independent source ({group})."
    return f"Another article by {group} with the same stance: {group} already counts."


def verdict_line(case: Case, claim_id: str) -> str:
    """The claim's verdict in plain words, with the number of independent origins behind it.

    The wording comes from :func:`corroboration`, so it never says "independent
    sources" when the evidence counts one origin (C14: one Kremlin readout relayed by
    several outlets).

    Parameters
    ----------
    case
        A loaded case.
    claim_id
        A claim id of the case, such as ``"C14"``.

    Returns
    -------
    str
        For example ``"corroborated, but the evidence recorded here comes from one
        origin only (Kremlin readout of ...)"`` or ``"contradicted: 4 independent
        origins say otherwise"``.

    Raises
    ------
    KeyError
        If the case has no claim ``claim_id``.
    """
    rows = independent_sources(case, claim_id)  # raises the KeyError for unknown ids
    table = corroboration(case)
    row = table[table["claim_id"].astype(str) == claim_id].iloc[0]
    verdict = str(row["verdict"])
    counted = rows[rows["counts"].astype(bool)]
    backing = counted.loc[counted["stance"].isin(BACKING_STANCES), "group"]
    origins = list(dict.fromkeys(backing.astype(str)))
    against = int(row["contradicting"])

    line = _VERDICT_LINES.get(verdict)
    return line(origins, against) if line else verdict


def _origins_text(number: int) -> str:
    return "one independent origin" if number == 1 else f"{number} independent origins"


def _corroborated_line(origins: list[str], against: int) -> str:
    if len(origins) > 1:
        return f"corroborated: {_origins_text(len(origins))} confirm it"
    if len(origins) == 1:
        return (
            "corroborated, but the evidence recorded here comes from one origin only "
            f"({origins[0]})"
        )
    return "corroborated: the rationale gives the reasons (no source is recorded for it)"


def _partly_line(origins: list[str], against: int) -> str:
    if origins:
        verb = "confirms" if len(origins) == 1 else "confirm"
        return f"partly: {_origins_text(len(origins))} {verb} some of it, not all"
    return "partly: the evidence confirms some of it, not all"


def _contradicted_line(origins: list[str], against: int) -> str:
    if against:
        verb = "says" if against == 1 else "say"
        return f"contradicted: {_origins_text(against)} {verb} otherwise"
    return "contradicted: the evidence says otherwise"


def _unverifiable_line(origins: list[str], against: int) -> str:
    return "unverifiable: no evidence can settle it (an opinion or prediction, say)"


#: How :func:`verdict_line` phrases each verdict, from the backing origins and the number
#: of origins against; one entry per verdict of :data:`coursekit.vocabulary.VERDICTS`.
_VERDICT_LINES: dict[str, Callable[[list[str], int], str]] = dict(
    zip(
        VERDICTS,
        (_corroborated_line, _partly_line, _contradicted_line, _unverifiable_line),
        strict=True,
    )
)
