"""Corroboration counts independent sources: copies count once, article references never."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import coursekit
from coursekit.corroboration import (
    INDEPENDENCE_RULE,
    corroboration,
    independent_sources,
    verdict_line,
)


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


# --- origins computed by hand from the CSV files (not through coursekit) ----------------------

CASE_DIR = Path(__file__).resolve().parents[2] / "data" / "summit-2025"


def _csv(name: str) -> list[dict[str, str]]:
    with open(CASE_DIR / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _origins_by_hand(claim_id: str, stances: tuple[str, ...]) -> set[str]:
    """The independence rule applied by hand: relays, else original publisher, else publisher."""
    sources = {s["source_id"]: s for s in _csv("sources")}
    origins = set()
    for row in _csv("evidence"):
        source = sources[row["source_id"]]
        if row["claim_id"] != claim_id or row["stance"] not in stances:
            continue
        if source["kind"] == "article-reference":
            continue
        origins.add(row["relays"].strip() or source["original_publisher"] or source["publisher"])
    return origins


@pytest.mark.parametrize("claim_id", ["C12", "C13", "C14", "C21", "C26", "C38"])
def test_counts_match_the_rule_applied_by_hand(claim_id: str) -> None:
    row = corroboration(coursekit.load_case("summit-2025")).set_index("claim_id").loc[claim_id]
    for stance, column in [
        ("supports", "supporting"),
        ("partly", "partly"),
        ("contradicts", "contradicting"),
    ]:
        assert row[column] == len(_origins_by_hand(claim_id, (stance,))), (claim_id, stance)
    backing = _origins_by_hand(claim_id, ("supports", "partly"))
    assert bool(row["single_source"]) == (len(backing) == 1)


@pytest.mark.parametrize("claim_id", ["C12", "C13"])
def test_c12_and_c13_count_the_kremlin_readout_once(claim_id: str) -> None:
    # Issue 9: the rows relaying the Kremlin readout are one origin, not five (C12) or two (C13).
    supporting = _origins_by_hand(claim_id, ("supports",))
    assert len(supporting) == 1 and next(iter(supporting)).startswith("Kremlin readout")
    row = corroboration(coursekit.load_case("summit-2025")).set_index("claim_id").loc[claim_id]
    assert row["supporting"] == 1
    assert "relay one statement (Kremlin readout" in row["note"]


def test_deepstate_relay_counts_once_for_c21() -> None:
    rows = independent_sources(coursekit.load_case("summit-2025"), "C21").set_index("source_id")
    assert rows.loc["S129", "group"] == rows.loc["S130", "group"]
    assert rows.loc["S129", "grouped_by"] == "relays"


def test_contradicted_single_origin_note_does_not_ask_for_a_second_source() -> None:
    table = corroboration(coursekit.load_case("summit-2025")).set_index("claim_id")
    for claim_id, row in table[table["single_source"] & (table["contradicting"] > 0)].iterrows():
        assert "look for a second one" not in row["note"], claim_id
        assert f"and {row['contradicting']} contradict" in row["note"], claim_id


def test_verdict_line_counts_origins_and_never_overstates() -> None:
    case = coursekit.load_case("summit-2025")
    for claim in _csv("claims"):
        claim_id, verdict = claim["claim_id"], claim["verdict"]
        line = verdict_line(case, claim_id)
        assert line.startswith(verdict), claim_id
        backing = _origins_by_hand(claim_id, ("supports", "partly"))
        against = _origins_by_hand(claim_id, ("contradicts",))
        if verdict == "corroborated" and len(backing) == 1:
            assert "independent" not in line and "one origin only" in line, line
            assert next(iter(backing)) in line
        elif verdict == "corroborated" and backing:
            assert f"{len(backing)} independent origins confirm it" in line, line
        if verdict == "contradicted" and against:
            assert f"{len(against)} independent origin" in line, line


def test_claim_explorer_verdict_line_for_c14_says_one_origin() -> None:
    from coursekit.widgets.claims import _claim_html

    html = _claim_html(coursekit.load_case("summit-2025"), "C14")
    verdict = html.split("<dt>Verdict</dt>", 1)[1].split("</dd>", 1)[0]
    assert "one origin only" in verdict
    assert "independent sources confirm" not in html


def test_verdict_line_on_a_hand_made_case() -> None:
    case = tiny_case()
    # A: Reuters (three copies) + Local News (partly) = two origins.
    assert verdict_line(case, "A") == "corroborated: 2 independent origins confirm it"
    # B: one origin (Daily One); the article's reference R1 never counts.
    assert verdict_line(case, "B") == (
        "corroborated, but the evidence recorded here comes from one origin only (Daily One)"
    )
    # C: Local News contradicts it.
    assert verdict_line(case, "C") == "contradicted: one independent origin says otherwise"
    with pytest.raises(KeyError):
        verdict_line(case, "Z")
