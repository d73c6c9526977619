"""Case.paragraphs(): the article's blocks with the one numbering scheme the lessons use."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit import load_case
from coursekit.display import numbered_paragraphs

FLOOD = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "flood-2019"


@pytest.fixture(scope="module", params=["summit", "flood"])
def case(request: pytest.FixtureRequest):
    return load_case() if request.param == "summit" else load_case(FLOOD)


def test_paragraphs_are_the_display_numbering(case) -> None:
    assert case.paragraphs() == numbered_paragraphs(case.article)


def test_headline_is_0_and_every_line_of_the_article_is_one_block(case) -> None:
    paragraphs = case.paragraphs()
    # The case article has one block per non-empty line; the first is the headline.
    lines = [line.strip() for line in case.article.splitlines() if line.strip()]
    assert [p.text for p in paragraphs] == lines
    assert [p.number for p in paragraphs] == list(range(len(lines)))
    for p in paragraphs:
        assert case.article[p.start : p.end] == p.text


def test_every_claim_lies_inside_one_paragraph(case) -> None:
    paragraphs = case.paragraphs()
    for claim in case.claims.itertuples():
        holding = [p for p in paragraphs if p.start <= claim.start and claim.end <= p.end]
        assert len(holding) == 1, claim.claim_id
        assert claim.text in holding[0].text
