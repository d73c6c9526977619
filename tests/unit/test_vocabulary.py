"""The kit's vocabularies (coursekit.vocabulary) agree with the bundled schema and the code.

Expected values are read from data/summit-2025/datapackage.json with the json module, never
from coursekit.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from pathlib import Path

import pytest

import coursekit
from coursekit import capstone, vocabulary
from coursekit.corroboration import verdict_line

ROOT = Path(__file__).resolve().parents[2]
FLOOD = ROOT / "tests" / "fixtures" / "cases" / "flood-2019"


def _fields(folder: Path) -> dict[tuple[str, str], dict]:
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {
        (resource["name"], field["name"]): field
        for resource in package["resources"]
        for field in resource["schema"]["fields"]
    }


SUMMIT = _fields(ROOT / "data" / "summit-2025")


@pytest.mark.parametrize(
    ("key", "constant"),
    [
        (("claims", "verdict"), vocabulary.VERDICTS),
        (("evidence", "stance"), vocabulary.STANCES),
        (("claims", "claim_type"), vocabulary.CLAIM_TYPES),
        (("sources", "kind"), vocabulary.SOURCE_KINDS),
    ],
)
def test_the_summit_schema_enums_are_the_kit_vocabularies(key, constant) -> None:
    assert tuple(SUMMIT[key]["constraints"]["enum"]) == constant


def test_the_summit_schema_id_patterns_are_the_kit_patterns() -> None:
    patterns = {
        k: f["constraints"]["pattern"]
        for k, f in SUMMIT.items()
        if "pattern" in f.get("constraints", {})
    }
    assert patterns == vocabulary.ID_PATTERNS


def test_every_interpreted_vocabulary_is_an_enum_of_the_summit_schema() -> None:
    for key, known in vocabulary.INTERPRETED.items():
        assert tuple(SUMMIT[key]["constraints"]["enum"]) == known, key


def test_the_article_reference_kind_and_backing_stances_are_schema_words() -> None:
    assert vocabulary.ARTICLE_REFERENCE in SUMMIT["sources", "kind"]["constraints"]["enum"]
    assert set(vocabulary.BACKING_STANCES) < set(
        SUMMIT["evidence", "stance"]["constraints"]["enum"]
    )


def test_the_capstone_and_corroboration_use_the_one_vocabulary() -> None:
    assert capstone.VERDICTS is vocabulary.VERDICTS
    assert capstone.STANCES is vocabulary.STANCES
    assert set(vocabulary.SOURCE_KINDS) <= set(capstone.PAGE_KINDS)
    assert importlib.import_module("coursekit.corroboration").STANCES is vocabulary.STANCES


@pytest.fixture(scope="module")
def summit() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


def test_verdict_line_phrases_every_verdict_the_kit_knows(summit: coursekit.Case) -> None:
    # The summit case has claims with each verdict; each is phrased, not echoed bare.
    seen = set()
    for claim_id, verdict in zip(summit.claims["claim_id"], summit.claims["verdict"], strict=True):
        line = verdict_line(summit, claim_id)
        assert re.match(rf"{verdict}[:,] \S", line), line
        seen.add(str(verdict))
    assert seen == set(SUMMIT["claims", "verdict"]["constraints"]["enum"])


def test_enum_of_reads_the_case_schema_and_falls_back_to_the_kit(summit: coursekit.Case) -> None:
    assert vocabulary.enum_of(summit, "claims", "verdict") == tuple(
        SUMMIT["claims", "verdict"]["constraints"]["enum"]
    )
    assert vocabulary.enum_of(summit, "events", "confidence") == tuple(
        SUMMIT["events", "confidence"]["constraints"]["enum"]
    )
    package = json.loads(json.dumps(summit.datapackage))
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:
            field.get("constraints", {}).pop("enum", None)
    bare = dataclasses.replace(summit, datapackage=package)
    assert vocabulary.enum_of(bare, "evidence", "stance") == vocabulary.STANCES
    in_order = tuple(dict.fromkeys(summit.events["confidence"].astype(str)))
    assert vocabulary.enum_of(bare, "events", "confidence") == in_order


def test_id_pattern_reads_the_case_schema() -> None:
    package = json.loads((FLOOD / "datapackage.json").read_text(encoding="utf-8"))
    flood = _fields(FLOOD)
    assert (
        vocabulary.id_pattern(package, "claims", "claim_id")
        == (flood["claims", "claim_id"]["constraints"]["pattern"])
    )
    package["resources"] = []
    assert (
        vocabulary.id_pattern(package, "claims", "claim_id")
        == (SUMMIT["claims", "claim_id"]["constraints"]["pattern"])
    )
    assert vocabulary.id_pattern(package, "claims", "text") == ".+"
    assert vocabulary.schema_field(package, "claims", "verdict") == {}


def test_capstone_page_ids_have_the_form_of_case_source_ids() -> None:
    pattern = SUMMIT["sources", "source_id"]["constraints"]["pattern"]
    for item_id in capstone.item_ids():
        for source_id in capstone.load_item(item_id).sources["source_id"]:
            assert re.fullmatch(pattern, source_id), (item_id, source_id)


def test_corroboration_counts_every_stance_of_the_schema(summit: coursekit.Case) -> None:
    module = importlib.import_module("coursekit.corroboration")
    table = module.corroboration(summit)
    stances = SUMMIT["evidence", "stance"]["constraints"]["enum"]
    assert set(module.COUNT_COLUMNS) == set(stances)
    for stance in stances:
        column = module.COUNT_COLUMNS[stance]
        assert table[column].dtype.kind == "i", column
    # Each stance recorded in the evidence is counted somewhere.
    recorded = set(summit.evidence["stance"].astype(str))
    assert {s for s in stances if table[module.COUNT_COLUMNS[s]].sum() > 0} == recorded
