"""The analyser agrees with the lessons: every example phrase a lesson teaches gets its kind.

``coursekit/lexicons/teaching_examples.csv`` lists the example phrases that lessons,
quizzes, worksheets and the lexicon README use, with the kind each one teaches. This test
runs ``coursekit.analyze`` on each example sentence. A lesson may not call a phrase a
booster while the analyser calls it a hedge.
"""

from __future__ import annotations

import csv
import io

import pytest

from coursekit.analysis import analyze
from coursekit.analysis.lexicon import bundled_text

KINDS = {"hedge", "booster", "vague-attribution", "attribution", "not-a-cue"}
CUE_KINDS = {"hedge", "booster", "vague-attribution", "attribution"}


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(bundled_text("teaching_examples.csv"), newline="")))


ROWS = _rows()


def _overlaps(a: int, b: int, c: int | None, d: int | None) -> bool:
    return c is not None and d is not None and a < d and c < b


def test_the_table_is_well_formed() -> None:
    assert ROWS, "teaching_examples.csv is empty"
    for n, row in enumerate(ROWS, start=2):
        assert set(row) == {"phrase", "kind", "sentence", "lesson", "why"}, f"line {n}"
        assert row["kind"] in KINDS, f"line {n}: unknown kind {row['kind']!r}"
        assert row["phrase"] in row["sentence"], f"line {n}: phrase not in its sentence"
        assert row["lesson"].strip() and row["why"].strip(), f"line {n}: say where and why"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['kind']}:{r['phrase']}")
def test_the_analyser_finds_the_taught_kind(row: dict[str, str]) -> None:
    sentence, phrase, kind = row["sentence"], row["phrase"], row["kind"]
    a = sentence.index(phrase)
    b = a + len(phrase)
    findings = analyze(sentence).findings
    over = [
        f
        for f in findings
        if _overlaps(a, b, f.start, f.end) or _overlaps(a, b, f.source_start, f.source_end)
    ]
    if kind == "not-a-cue":
        wrong = [(f.kind, f.text) for f in over if f.kind in CUE_KINDS]
        assert wrong == [], f"{phrase!r} is taught as not a cue, but the analyser reports {wrong}"
        return
    assert any(f.kind == kind for f in over), (
        f"{phrase!r} is taught as {kind}; the analyser reports "
        f"{[(f.kind, f.text) for f in over] or 'nothing'} there"
    )
    if kind == "booster":
        hedges = [f.text for f in over if f.kind == "hedge"]
        assert hedges == [], f"{phrase!r} is taught as a booster, not a hedge: {hedges}"
