"""coursekit.lateral: the Stop table (what the article says about itself) and who_is_behind."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import coursekit
from coursekit.lateral import NOT_GIVEN, SOURCE_KINDS, about_the_article, who_is_behind

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


def test_the_case_article_gives_no_byline_outlet_or_date(case: coursekit.Case) -> None:
    table = about_the_article(case).set_index("question")["the article says"]
    assert table["Who wrote it? (byline)"] == NOT_GIVEN
    assert table["Which outlet published it?"] == NOT_GIVEN
    assert table["When was it published?"] == NOT_GIVEN
    references = case.metadata["references"]
    dates = sorted(r["claimed_date"] for r in references)
    cited = table["What does it cite?"]
    assert cited.startswith(f"{len(references)} reference(s), dated {dates[0]} to {dates[-1]}")
    for reference in references:
        assert reference["publisher"] in cited


def test_an_article_that_says_who_is_behind_it_is_reported() -> None:
    article = SimpleNamespace(
        article="A headline\nBy Jane Doe, staff reporter\nThe text.",
        metadata={"outlet": "The Daily Example", "published": "2025-08-12", "references": []},
    )
    table = about_the_article(article).set_index("question")["the article says"]  # type: ignore[arg-type]
    assert table["Who wrote it? (byline)"] == "By Jane Doe, staff reporter"
    assert table["Which outlet published it?"] == "The Daily Example"
    assert table["When was it published?"] == "2025-08-12"
    assert table["What does it cite?"] == "no references"


def test_a_byline_in_the_metadata_wins_and_lists_are_joined() -> None:
    article = SimpleNamespace(article="Text", metadata={"authors": ["A. Writer", "B. Writer"]})
    table = about_the_article(article).set_index("question")["the article says"]  # type: ignore[arg-type]
    assert table["Who wrote it? (byline)"] == "A. Writer, B. Writer"


def test_every_kind_in_the_schema_has_a_note() -> None:
    schema = json.loads((ROOT / "data" / "summit-2025" / "datapackage.json").read_text("utf-8"))
    fields = [
        field
        for resource in schema["resources"]
        if resource["name"] == "sources"
        for field in resource["schema"]["fields"]
    ]
    kinds = next(f for f in fields if f["name"] == "kind")["constraints"]["enum"]
    assert set(kinds) <= set(SOURCE_KINDS), "a kind of the schema has no note"
    for note in SOURCE_KINDS.values():
        assert note.label and note.behind and note.weigh


def test_who_is_behind_names_the_outlet_that_wrote_the_page(case: coursekit.Case) -> None:
    sources = case.sources.set_index("source_id")
    copies = sources[sources["kind"].isin(["wire-copy", "syndicated-copy"])].index[:3].tolist()
    table = who_is_behind(case, copies)
    assert table["source_id"].tolist() == copies
    assert table["page on"].tolist() == sources.loc[copies, "publisher"].tolist()
    assert table["words of"].tolist() == sources.loc[copies, "original_publisher"].tolist()
    for kind, label in zip(sources.loc[copies, "kind"], table["kind"], strict=True):
        assert label == SOURCE_KINDS[kind].label


def test_who_is_behind_takes_a_finder_result(case: coursekit.Case) -> None:
    hits = coursekit.find_sources(case, '"feel-out meeting"', log=False)
    table = who_is_behind(hits, hits["source_id"])
    assert len(table) == len(hits)
    assert table["words of"].tolist() == hits["original_publisher"].tolist()


def test_who_is_behind_falls_back_to_the_publisher_and_to_an_unknown_kind() -> None:
    table = pd.DataFrame(
        {
            "source_id": ["X1"],
            "publisher": ["Example Site"],
            "original_publisher": [""],
            "kind": ["podcast"],
        }
    )
    row = who_is_behind(table, ["X1"]).iloc[0]
    assert row["words of"] == "Example Site"
    assert row["kind"] == "other"


def test_who_is_behind_says_what_is_wrong(case: coursekit.Case) -> None:
    with pytest.raises(KeyError, match="'S999' is not a source of this case"):
        who_is_behind(case, ["S999"])
    with pytest.raises(ValueError, match="missing: kind"):
        who_is_behind(case.sources.drop(columns=["kind"]), ["S013"])


def test_every_capstone_page_kind_has_a_note() -> None:
    from coursekit.capstone import PAGE_KINDS

    assert set(PAGE_KINDS) <= set(SOURCE_KINDS)
