"""Lesson 02 and its worksheet agree with the case: what the lesson says, and every check.

The expected values are derived from the case (``load_case``, ``corroboration``,
``find_sources``), never copied from the lesson or the keys.
"""

from __future__ import annotations

import pytest

import coursekit
from coursekit import charts


@pytest.fixture(scope="module")
def case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


@pytest.fixture(scope="module")
def table(case: coursekit.Case):  # type: ignore[no-untyped-def]
    return coursekit.corroboration(case).set_index("claim_id")


def test_chart_description_lists_contradicted_claims_apart(case, table) -> None:  # type: ignore[no-untyped-def]
    description = charts.claim_support_chart(case).to_dict()["description"]
    _, _, rest = description.partition("rest on a single independent source")
    listed = rest.split(";")[0]
    lone = table[table["single_source"].astype(bool)]
    for claim, row in lone.iterrows():
        if row["contradicting"] > 0:
            assert claim not in listed.split(": ")[-1].split(", "), claim
            assert f"{claim} ({row['contradicting']} against)" in description
        else:
            assert claim in listed, claim
