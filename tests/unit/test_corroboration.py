"""Corroboration counts independent sources: copies count once, article references never."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

import coursekit
from coursekit.corroboration import INDEPENDENCE_RULE, corroboration, independent_sources


def tiny_case() -> SimpleNamespace:
    """A hand-made case: claim A has one wire story in three papers plus one own report."""
    claims = pd.DataFrame(
        {
            "claim_id": ["A", "B", "C"],
            "text": ["Claim A.", "Claim B.", "Claim C."],
            "claim_type": ["fact", "fact", "citation"],
            "verdict": ["corroborated", "corroborated", "contradicted"],
        }
    )
    sources = pd.DataFrame(
        {
            "source_id": ["S1", "S2", "S3", "S4", "S5", "R1"],
            "publisher": ["Daily One", "Daily Two", "Reuters", "Local News", "Daily One", "X"],
            "original_publisher": ["Reuters", "Reuters", "Reuters", "Local News", None, "X"],
            "kind": ["wire-copy", "wire-copy", "news", "news", "news", "article-reference"],
            "title": ["t"] * 6,
            "url": ["u"] * 6,
        }
    )
    evidence = pd.DataFrame(
        {
            "claim_id": ["A", "A", "A", "A", "B", "B", "C", "C"],
            "source_id": ["S1", "S2", "S3", "S4", "S5", "R1", "R1", "S4"],
            "stance": [
                "supports",
                "supports",
                "supports",
                "partly",
                "supports",
                "supports",
                "supports",
                "contradicts",
            ],
            "note": [""] * 8,
        }
    )
    return SimpleNamespace(name="tiny", claims=claims, sources=sources, evidence=evidence)


def test_copies_count_once_and_references_never() -> None:
    table = corroboration(tiny_case()).set_index("claim_id")
    assert table.loc["A", "supporting"] == 1  # three copies of one Reuters story
    assert table.loc["A", "partly"] == 1
    assert not table.loc["A", "single_source"]  # Reuters + Local News back it
    assert table.loc["B", "supporting"] == 1  # R1 does not count; S5 falls back to publisher
    assert table.loc["B", "single_source"]
    assert table.loc["B", "sources"] == ["S5"]
    assert table.loc["C", "supporting"] == 0 and table.loc["C", "contradicting"] == 1
    assert "R1 do not count" in table.loc["C", "note"]
    assert table.loc["B", "note"].startswith("Only one independent source backs this claim")


def test_rule_is_documented_in_attrs() -> None:
    table = corroboration(tiny_case())
    assert table.attrs["independence_rule"] == INDEPENDENCE_RULE
    assert "original_publisher" in INDEPENDENCE_RULE and "never count" in INDEPENDENCE_RULE


def test_independent_sources_shows_the_grouping() -> None:
    rows = independent_sources(tiny_case(), "A")
    assert rows["group"].tolist() == ["Local News", "Reuters", "Reuters", "Reuters"]
    assert rows["first_in_group"].tolist() == [True, True, False, False]
    daily_one = rows[rows["source_id"] == "S1"].iloc[0]
    assert daily_one["reason"] == "A copy of a text by Reuters: counted once, for Reuters."


def test_unknown_claim_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"No claim 'Z' in case 'tiny'\. Use one of A\.\.C\."):
        independent_sources(tiny_case(), "Z")


def test_bundled_case() -> None:
    case = coursekit.load_case("summit-2025")
    table = coursekit.corroboration(case)
    assert table["claim_id"].tolist() == case.claims["claim_id"].tolist()
    assert set(table.columns) >= {
        "claim_id",
        "text",
        "claim_type",
        "verdict",
        "supporting",
        "partly",
        "contradicting",
        "context",
        "sources",
        "single_source",
        "note",
    }
    references = {"R1", "R2", "R3", "R4"}
    assert not any(references & set(s) for s in table["sources"])
    citations = table[table["claim_id"].isin(["C33", "C34", "C35", "C36"])]
    assert (citations["supporting"] == 0).all()


def test_calling_the_module_after_importing_it() -> None:
    import coursekit.corroboration as module

    assert module(tiny_case()).equals(corroboration(tiny_case()))


def test_outlets_relaying_one_statement_count_once() -> None:
    case = tiny_case()
    # Two different newsrooms (Local News, Daily One) both relay one ministry readout.
    case.evidence = pd.DataFrame(
        {
            "claim_id": ["A", "A", "A"],
            "source_id": ["S3", "S4", "S5"],
            "stance": ["supports", "supports", "supports"],
            "note": [""] * 3,
            "relays": ["", "Ministry readout, 1 May", "Ministry readout, 1 May"],
        }
    )
    table = corroboration(case).set_index("claim_id")
    assert table.loc["A", "supporting"] == 2  # Reuters + the readout, not three outlets
    assert (
        "2 sources relay one statement (Ministry readout, 1 May): it counts once."
        in (table.loc["A", "note"])
    )
    rows = independent_sources(case, "A").set_index("source_id")
    assert rows.loc["S4", "group"] == rows.loc["S5", "group"] == "Ministry readout, 1 May"
    assert rows.loc["S4", "grouped_by"] == "relays"
    assert rows.loc["S3", "grouped_by"] == "original_publisher"
    assert rows.loc["S3", "group"] == "Reuters"
    assert rows["first_in_group"].sum() == 2
    assert rows.loc["S5", "reason"].startswith("Also relays Ministry readout, 1 May")


def test_evidence_without_a_relays_column_groups_by_publisher() -> None:
    case = tiny_case()
    assert "relays" not in case.evidence.columns
    rows = independent_sources(case, "A")
    assert set(rows["grouped_by"]) == {"original_publisher"}
    assert rows["relays"].isna().all()


def test_c14_rests_on_one_kremlin_readout() -> None:
    case = coursekit.load_case("summit-2025")
    row = corroboration(case).set_index("claim_id").loc["C14"]
    # Interfax, RIA Novosti and Life.ru (and Fergana's partial report) relay one readout.
    assert row["supporting"] == 1
    assert row["single_source"]
    assert row["note"].startswith("Only one independent source backs this claim")
    assert "relay one statement (Kremlin readout" in row["note"]
    rows = independent_sources(case, "C14")
    backing = rows[rows["stance"].isin(["supports", "partly"])]
    assert backing["group"].nunique() == 1
    assert set(backing["publisher"]) == {"Interfax", "RIA Novosti", "Life.ru", "Fergana"}
    assert "relays" in corroboration(case).attrs["independence_rule"]
