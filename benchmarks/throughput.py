"""Throughput of ``coursekit.analyze``: MB of text per second, and how time grows with size.

The text is the case article (without its reference list) followed by a few plain
paragraphs, repeated to the wanted size. In the same run the script times one
compiled regular-expression scan of the same text with the hedge lexicon (the
cheapest thing a hedge finder could do) and prints the ratio.

Usage::

    python benchmarks/throughput.py [--mb 2] [--repeat 3]

It prints measurements only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

__all__ = ["build_text", "main"]

ROOT = Path(__file__).resolve().parents[1]

# Written for this benchmark: ordinary news prose with named sources and dates.
PLAIN = (
    "The city council approved the new budget on Tuesday, 4 March 2025, by nine votes to two. "
    "Mayor Ana Torres said the plan would fund three new libraries. \"We listened to residents,\" "
    "she told reporters after the vote. According to the finance department, spending will rise "
    "by 3 per cent. Opposition councillor Mark Reed argued that the increase was too small.\n"
)


def build_text(megabytes: float) -> str:
    """Return about ``megabytes`` MB (UTF-8) of news-like text."""
    article = (ROOT / "data" / "summit-2025" / "article.txt").read_text(encoding="utf-8")
    body = article.split("[1]")[0]
    unit = body + "\n" + PLAIN * 4
    target = int(megabytes * 1_000_000)
    reps = max(1, target // len(unit.encode("utf-8")) + 1)
    return (unit * reps)[: max(target, 1)]


def _best_time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of the main text in MB")
    parser.add_argument("--repeat", type=int, default=3, help="take the best of this many runs")
    args = parser.parse_args(argv)

    from coursekit.analysis import analyze
    from coursekit.analysis.lexicon import bundled_lexicon

    analyze("warm up the lexicons: it may rain, officials said.")
    hedges = bundled_lexicon("hedges")
    pattern = hedges.pattern
    assert pattern is not None

    text = build_text(args.mb)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    t_analyze = _best_time(lambda: analyze(text), args.repeat)
    t_regex = _best_time(lambda: sum(1 for _ in pattern.finditer(text)), args.repeat)
    n_findings = len(analyze(text).findings)
    print(f"text: {size_mb:.2f} MB, {n_findings} findings")
    print(f"analyze:            {t_analyze:.3f} s  = {size_mb / t_analyze:.2f} MB/s")
    print(f"single hedge regex: {t_regex:.3f} s  = {size_mb / t_regex:.2f} MB/s")
    print(f"analyze / single regex time ratio: {t_analyze / t_regex:.1f}x")

    small = build_text(args.mb / 10)
    big = build_text(args.mb)
    t_small = _best_time(lambda: analyze(small), args.repeat)
    t_big = _best_time(lambda: analyze(big), args.repeat)
    print(
        f"linearity: {len(small) / 1e6:.2f} MB in {t_small:.3f} s, {len(big) / 1e6:.2f} MB in "
        f"{t_big:.3f} s; 10x the text took {t_big / t_small:.2f}x the time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
