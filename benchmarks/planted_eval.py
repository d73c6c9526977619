"""Planted problems: recall per category and false alarms on short fictional articles.

``benchmarks/planted/`` holds short fictional articles (every name, outlet and address
is made up; addresses use ``.example`` domains), each ``NAME.txt`` with a gold file
``NAME.json``::

    {"title": "...",
     "problems": [{"kind": "date-weekday-mismatch", "span": "Tuesday 16 November 2023"},
                  {"kind": "internal-contradiction", "span": "...", "other": "..."}],
     "non_problems": [{"kind": "...", "span": "...", "why": "..."}]}

The articles came in four rounds, which matters when reading the numbers: p01-p15
were written together with the first rule changes (development set), p16-p19 after
them, p20-p21 after those and p22-p27 after those, by a session that had not read the
rule code (each round was scored before the fixes it prompted; the commit messages give
those first scores). None of the coordinator's probe articles are
here.

``kind`` is a finding kind of :func:`coursekit.analyze`. ``span`` is text that occurs
once in the article. A finding matches a planted problem when it has the same kind and
overlaps the span; a contradiction with an ``other`` span must also overlap that span
with its second statement (so pairing the wrong sentences is a miss).

The script prints the recall per kind, every miss, and the false alarms: findings of
the problem kinds (contradiction, weekday, citation date, URL era, anachronism) that
match no planted problem, with the non-problem they hit when there is one. Hedges,
boosters and vague sources are scored for recall only (an article may hold genuine
ones that were not planted). It measures; it asserts nothing.

Usage::

    python benchmarks/planted_eval.py [FOLDER] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The finding kinds that claim something is wrong (false alarms are counted): one list,
# shared with the real-news benchmark next to this file.
from false_alarms import PROBLEM_KINDS

__all__ = ["PROBLEM_KINDS", "Score", "main", "score_folder"]

DEFAULT = Path(__file__).resolve().parent / "planted"

#: Kinds scored for recall only.
WORDING_KINDS = ("booster", "hedge", "vague-attribution")


@dataclass
class Score:
    """Counts over the folder, with the lines to print."""

    planted: Counter[str]
    found: Counter[str]
    false_alarms: list[str]
    misses: list[str]
    non_problems_hit: int
    non_problems: int


def _locate(text: str, span: str, where: str) -> tuple[int, int]:
    start = text.find(span)
    if start < 0:
        raise SystemExit(f"{where}: span {span!r} is not in the article; fix the gold file.")
    if text.find(span, start + 1) >= 0:
        raise SystemExit(f"{where}: span {span!r} occurs twice; make it unique.")
    return start, start + len(span)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _matches(finding: Any, kind: str, span: tuple[int, int], other: tuple[int, int] | None) -> bool:
    if finding.kind != kind:
        return False
    first = (finding.start, finding.end)
    if other is None:
        spans = [first]
        if finding.other_start is not None and finding.other_end is not None:
            spans.append((finding.other_start, finding.other_end))
        return any(_overlaps(s, span) for s in spans)
    if finding.other_start is None or finding.other_end is None:
        return False
    second = (finding.other_start, finding.other_end)
    return (_overlaps(first, span) and _overlaps(second, other)) or (
        _overlaps(first, other) and _overlaps(second, span)
    )


def _score_article(path: Path, score: Score) -> None:
    from coursekit.analysis import analyze

    text = path.read_text(encoding="utf-8")
    gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    findings = analyze(text).findings
    used: set[int] = set()
    for item in gold["problems"]:
        kind = item["kind"]
        span = _locate(text, item["span"], path.name)
        other = _locate(text, item["other"], path.name) if item.get("other") else None
        score.planted[kind] += 1
        hit = next((i for i, f in enumerate(findings) if _matches(f, kind, span, other)), None)
        if hit is None:
            label = item["span"] + (f" <-> {item['other']}" if other else "")
            score.misses.append(f"{path.stem}: {kind}: {label!r}")
            continue
        score.found[kind] += 1
        used.add(hit)
    non_problems = [
        (item, _locate(text, item["span"], path.name)) for item in gold.get("non_problems", [])
    ]
    score.non_problems += len(non_problems)
    for i, f in enumerate(findings):
        if i in used or f.kind not in PROBLEM_KINDS:
            continue
        spans = [(f.start, f.end)]
        if f.other_start is not None and f.other_end is not None:
            spans.append((f.other_start, f.other_end))
        hits = [
            item
            for item, span in non_problems
            if item["kind"] == f.kind and any(_overlaps(s, span) for s in spans)
        ]
        score.non_problems_hit += len(hits)
        note = f" [non-problem: {hits[0]['why']}]" if hits else ""
        other = f" <-> {f.other_text!r}" if f.other_text else ""
        score.false_alarms.append(f"{path.stem}: {f.kind}: {f.text!r}{other}{note}")


def score_folder(folder: Path) -> Score:
    """Analyse every ``*.txt`` article in ``folder`` and score it against its gold file."""
    score = Score(Counter(), Counter(), [], [], 0, 0)
    for path in sorted(folder.glob("*.txt")):
        if path.with_suffix(".json").exists():
            _score_article(path, score)
    return score


def _report(score: Score, articles: int, quiet: bool) -> None:
    print(f"articles: {articles}")
    print(f"{'kind':<26}{'found':>6}{'planted':>8}{'recall':>8}")
    for kind in (*PROBLEM_KINDS, *WORDING_KINDS):
        planted = score.planted[kind]
        if planted:
            found = score.found[kind]
            print(f"{kind:<26}{found:>6}{planted:>8}{found / planted:>8.2f}")
    total_p, total_f = sum(score.planted.values()), sum(score.found.values())
    problems_p = sum(score.planted[k] for k in PROBLEM_KINDS)
    problems_f = sum(score.found[k] for k in PROBLEM_KINDS)
    print(f"{'problem kinds':<26}{problems_f:>6}{problems_p:>8}{problems_f / problems_p:>8.2f}")
    print(f"{'all':<26}{total_f:>6}{total_p:>8}{total_f / total_p:>8.2f}")
    print(f"false alarms (problem kinds): {len(score.false_alarms)}")
    print(f"non-problems flagged: {score.non_problems_hit} of {score.non_problems}")
    if not quiet:
        for line in score.false_alarms:
            print(f"  FALSE ALARM {line}")
        for line in score.misses:
            print(f"  MISS {line}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns 0 (the benchmark only measures)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--quiet", action="store_true", help="print only the table")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"skipped: {args.folder} is not a folder")
        return 0
    articles = len([p for p in args.folder.glob("*.txt") if p.with_suffix(".json").exists()])
    _report(score_folder(args.folder), articles, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
