"""Test-session settings shared by unit tests, nbval notebook runs and browser tests."""

from __future__ import annotations

import os
import tempfile

# Learner progress written while notebooks and worksheets run under test goes to a
# throw-away folder, never to the tester's own ~/.coursekit. Set before any kernel starts,
# so nbval's kernels inherit it.
os.environ.setdefault("COURSEKIT_HOME", tempfile.mkdtemp(prefix="coursekit-test-home-"))


def pytest_collection_modifyitems(config: object, items: list) -> None:
    """Give nbval the recorded reference output of every cell tagged ``nbval-check-output``.

    Notebooks are committed without outputs; the expected text lives in
    tests/notebook_outputs/ (see snapshots.py there), so a marked cell is compared
    against it instead of being merely run.
    """
    from pathlib import Path

    import nbformat
    import snapshots  # tests/notebook_outputs/snapshots.py, on pytest's pythonpath

    for item in items:
        cell = getattr(item, "cell", None)
        options = getattr(item, "options", None)
        if cell is None or not options or not options.get("check"):
            continue
        expected = snapshots.load(Path(str(item.path)))
        text = expected.get(cell.get("id"))
        if text is None:
            text = (
                "<no reference output recorded for this cell: run "
                "python tests/notebook_outputs/snapshots.py on this notebook>\n"
            )
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        cell.execution_count = 1
