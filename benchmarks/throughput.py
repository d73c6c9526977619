"""Throughput of ``coursekit.analyze``: MB of text per second, and how time grows with size.

The text is the case article (without its reference list, about a third of the text)
followed by four plain news paragraphs written for this benchmark, repeated to the
wanted size. In the same run the script times one compiled regular-expression scan of
the same text with the hedge lexicon (the cheapest thing a hedge finder could do) and
prints the ratio. Times are the best of ``--repeat`` runs, as wall-clock time and as CPU
time of this process; on a shared machine the CPU time is the steadier number.

Usage::

    python benchmarks/throughput.py [--mb 2] [--repeat 3] [--linearity-mb 0.5]

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
    'Mayor Ana Torres said the plan would fund three new libraries. "We listened to residents," '
    "she told reporters after the vote. According to the finance department, spending will rise "
    "by 3 per cent. Opposition councillor Mark Reed argued that the increase was too small.\n"
    "Northbridge United won their home game 2-1 on Saturday in front of 14,000 supporters. The "
    "winning goal came in the 87th minute from a corner. Coach Lena Berg praised the defence and "
    "said the team had trained hard during the international break. The club plays away in "
    "Harbury next weekend, and the match will be shown on regional television.\n"
    "Researchers at the university's marine station counted 312 seals on the northern sandbanks "
    "this summer, up from 280 last year. The count is made from aircraft on three mornings in "
    "August. Station director Omar Haddad wrote in the annual report that the colony has grown "
    "every year since monitoring began in 2009. The full data set is published online.\n"
    "Road works on the ring road start on Monday and last six weeks. Drivers heading to the "
    "airport should allow an extra twenty minutes, the highways office said. Two lanes stay open "
    "in each direction during the day, and the work is done at night where possible.\n"
)


def build_text(megabytes: float) -> str:
    """Return about ``megabytes`` MB (UTF-8) of news-like text."""
    article = (ROOT / "data" / "summit-2025" / "article.txt").read_text(encoding="utf-8")
    body = article.split("[1]")[0]
    unit = body + "\n" + PLAIN
    target = int(megabytes * 1_000_000)
    reps = max(1, target // len(unit.encode("utf-8")) + 1)
    return (unit * reps)[: max(target, 1)]


def _best_time(fn, repeat: int, clock=time.perf_counter) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        fn()
        best = min(best, clock() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of the main text in MB")
    parser.add_argument("--repeat", type=int, default=3, help="take the best of this many runs")
    parser.add_argument(
        "--linearity-mb", type=float, default=0.5, help="compare this size with 10 times it"
    )
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
    c_analyze = _best_time(lambda: analyze(text), args.repeat, time.process_time)
    c_regex = _best_time(
        lambda: sum(1 for _ in pattern.finditer(text)), args.repeat, time.process_time
    )
    n_findings = len(analyze(text).findings)
    print(f"text: {size_mb:.2f} MB, {n_findings} findings")
    print(
        f"analyze:            wall {t_analyze:.3f} s = {size_mb / t_analyze:.2f} MB/s; "
        f"CPU {c_analyze:.3f} s = {size_mb / c_analyze:.2f} MB/s"
    )
    print(
        f"single hedge regex: wall {t_regex:.3f} s = {size_mb / t_regex:.2f} MB/s; "
        f"CPU {c_regex:.3f} s = {size_mb / c_regex:.2f} MB/s"
    )
    print(
        f"analyze / single regex time ratio: wall {t_analyze / t_regex:.1f}x, "
        f"CPU {c_analyze / c_regex:.1f}x"
    )

    small = build_text(args.linearity_mb)
    big = build_text(args.linearity_mb * 10)
    t_small = _best_time(lambda: analyze(small), args.repeat, time.process_time)
    t_big = _best_time(lambda: analyze(big), args.repeat, time.process_time)
    print(
        f"linearity (CPU): {len(small) / 1e6:.2f} MB in {t_small:.3f} s, {len(big) / 1e6:.2f} MB "
        f"in {t_big:.3f} s; 10x the text took {t_big / t_small:.2f}x the time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
