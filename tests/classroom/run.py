"""``make classroom-test STUDENTS=30``: a whole class takes a lesson through a real hub.

Starts a hub on the loopback (see ``hubharness.py``), lets ``--students`` simulated
learners log in, pull the course with the class link and run a lesson at the same time,
prints a Markdown table (server start, first chart, lesson time: median and 95th
percentile; peak memory per student; failures), then stops everything. It stops by
itself: every student has a time limit, and the whole run one (``--timeout``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import hubharness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30, help="how many at once (1-100)")
    parser.add_argument("--timeout", type=float, default=1200, help="limit for the run, s")
    args = parser.parse_args(argv)
    if not 1 <= args.students <= 100:
        parser.error("--students must be between 1 and 100")
    if missing := hubharness.missing_requirement():
        print(f"cannot start a hub: {missing}", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="coursekit-classroom-") as folder:
        with (
            hubharness.running_hub(Path(folder) / "hub") as hub,
            hubharness.MemorySampler(hub) as sampler,
        ):
            started = time.perf_counter()
            runs = asyncio.run(
                asyncio.wait_for(hubharness.class_session(hub, args.students), args.timeout)
            )
            wall = time.perf_counter() - started
        left = hubharness.leftover_processes(hub)
    print(hubharness.summary_table(runs, sampler, wall, load))
    if left:
        print(f"processes left running: {left}", file=sys.stderr)
    return 1 if left or any(run.errors for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
