"""Measure the cold import cost of coursekit against pandas, in the same run.

Each statement runs in a fresh interpreter; the cost is the wall time of
``python -c STATEMENT`` minus that of ``python -c pass`` (interpreter start-up),
median over repeated, interleaved runs. It prints numbers and never asserts.

Usage: python benchmarks/import_time.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

STATEMENTS = {
    "baseline (python -c pass)": "pass",
    "import pandas": "import pandas",
    "import coursekit": "import coursekit",
    "coursekit.load_case('summit-2025')": "import coursekit; coursekit.load_case('summit-2025')",
    "coursekit.analyze(article)": (
        "import coursekit; c = coursekit.load_case('summit-2025'); coursekit.analyze(c.article)"
    ),
    "import altair": "import altair",
}


def _run(statement: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True)
    return time.perf_counter() - start


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}; import sys; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    for statement in STATEMENTS.values():  # warm the file-system cache once
        _run(statement)
    samples: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(args.repeat):
        for name, statement in STATEMENTS.items():
            samples[name].append(_run(statement))

    base = statistics.median(samples["baseline (python -c pass)"])
    print(f"Python {sys.version.split()[0]}, {args.repeat} interleaved runs, median wall time")
    print(f"{'statement':40s} {'total ms':>9s} {'import ms':>10s}")
    cost: dict[str, float] = {}
    for name in STATEMENTS:
        total = statistics.median(samples[name])
        cost[name] = total - base
        print(f"{name:40s} {total * 1000:9.1f} {cost[name] * 1000:10.1f}")
    pandas_cost = cost["import pandas"]
    for name in ("import coursekit", "coursekit.load_case('summit-2025')"):
        print(f"ratio {name} / import pandas: {cost[name] / pandas_cost:.2f}")

    heavy = {"altair", "ipywidgets", "frictionless", "vl_convert", "anywidget"}
    for name in ("import coursekit", "coursekit.load_case('summit-2025')"):
        loaded = sorted(heavy & _modules_after(STATEMENTS[name]))
        print(f"heavy modules after {name}: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
