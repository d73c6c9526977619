"""The package functions lesson 04 calls instead of computing in its cells."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import coursekit
from coursekit.lateral import spelling_variants
from coursekit.timeline import best_fit, fits_on

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "flood-2019"


@pytest.fixture(scope="module")
def summit() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


@pytest.mark.parametrize("which", ["summit", "fixture"])
def test_best_fit_agrees_with_checking_every_day_one_by_one(summit, which):
    case = summit if which == "summit" else coursekit.load_case(FIXTURE)
    settings = case.settings
    counts = {}
    total = 0
    for day in pd.date_range(settings.first_day, settings.last_day, freq="D"):
        fits = fits_on(case, day)
        sensitive = fits[fits["time_sensitive"]]
        total = len(sensitive)
        counts[day] = int(sensitive["fits"].sum())
    most = max(counts.values())
    result = best_fit(case)
    assert result.total == total
    assert result.fitting == most
    assert list(result.days) == [day for day, count in counts.items() if count == most]


def test_best_fit_prints_the_three_lines_the_lesson_explains(summit):
    lines = str(best_fit(summit)).splitlines()
    assert lines[0].startswith("time-sensitive claims: ")
    assert lines[1].startswith("most that fit on any one day: ")
    assert lines[2].startswith("on: ")
    # The lesson's point: no single day fits every time-sensitive claim.
    assert best_fit(summit).fitting < best_fit(summit).total


def test_spelling_variants_counts_what_a_reader_would_find_by_hand(summit):
    spellings = ["Dobropillya", "Dobropillia", "Dobropol"]
    table = spelling_variants(summit, spellings)
    assert list(table["spelling"]) == spellings
    for row in table.itertuples(index=False):
        name = row.spelling.lower()
        in_sources = sum(
            name in f"{title} {url}".lower()
            for title, url in zip(summit.sources["title"], summit.sources["url"], strict=True)
        )
        in_notes = sum(name in str(note).lower() for note in summit.evidence["note"])
        assert row[1] == ("yes" if name in summit.article.lower() else "no")
        assert row[2] == in_sources
        assert row[3] == in_notes


def test_spelling_variants_treats_a_spelling_as_text_not_a_pattern(summit):
    table = spelling_variants(summit, ["Dobropil.ya"])
    assert table.iloc[0, 2] == 0  # the dot is a dot, not "any character"


def test_spelling_variants_rejects_an_empty_spelling_with_an_example(summit):
    with pytest.raises(ValueError, match=r"non-empty spellings, e\.g\. 'Dobropillia'"):
        spelling_variants(summit, ["  "])
