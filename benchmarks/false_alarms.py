"""False alarms: problem findings on real news that has no such problems we know of.

Runs ``coursekit.analyze`` on every article of a folder of plain-text news articles
(by default the 84 PolNeAR development articles in ``../shared/eval/polnear-dev/text/``
next to the repository) and counts the findings of the "problem" kinds: internal
contradictions, wrong weekdays, citation date mismatches, URL-era findings and
anachronisms. The articles contain none of these errors that we know of, so every
finding is a false alarm to inspect; the script prints each one with its context.

It only measures (it asserts nothing) and skips cleanly when the folder is absent.

Usage::

    python benchmarks/false_alarms.py [FOLDER] [--show N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

__all__ = ["PROBLEM_KINDS", "count_false_alarms", "main"]

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "polnear-dev" / "text"

#: Finding kinds that claim something is wrong with the text.
PROBLEM_KINDS = (
    "internal-contradiction",
    "date-weekday-mismatch",
    "citation-date-mismatch",
    "citation-url-era",
    "anachronism",
)


def count_false_alarms(folder: Path, show: int = 20) -> Counter[str]:
    """Analyse every ``*.txt`` file in ``folder``; print and count problem findings."""
    from coursekit.analysis import analyze

    counts: Counter[str] = Counter({k: 0 for k in PROBLEM_KINDS})
    shown = 0
    paths = sorted(folder.glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for f in analyze(text).findings:
            if f.kind not in PROBLEM_KINDS:
                continue
            counts[f.kind] += 1
            if shown < show:
                shown += 1
                context = " ".join(text[max(0, f.start - 60) : f.end + 60].split())
                print(f"{path.stem}: {f.kind}: {f.text!r} ... {context}")
    print(f"articles: {len(paths)}")
    for kind in PROBLEM_KINDS:
        print(f"{kind}: {counts[kind]}")
    print(f"total problem findings: {sum(counts.values())}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=20, help="print this many findings")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    if not folder.is_dir():
        print(f"skipped: no folder of articles at {folder}.")
        return 0
    count_false_alarms(folder, show=args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
