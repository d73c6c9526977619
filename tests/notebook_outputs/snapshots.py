"""Reference outputs for notebook cells tagged ``nbval-check-output``.

Notebooks are committed without outputs, so nbval has nothing to compare a marked cell
against. The expected text of each marked cell lives here instead, one JSON file per
notebook (``<notebook stem>.json``: cell id -> expected stdout), and the root
``conftest.py`` hands it to nbval before the cells run. When a lesson or the case data
changes on purpose, re-record and review the diff like any other change:

    .venv/bin/python tests/notebook_outputs/snapshots.py notebooks/03-hedging.ipynb

(no argument: every notebook that has marked cells).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat

__all__ = ["SNAPSHOT_DIR", "TAG", "is_marked", "load", "marked_cells", "record"]

# nbval reads this cell tag (as it reads the "# NBVAL_CHECK_OUTPUT" comment); a tag keeps the
# test marker out of the lesson a learner reads.
TAG = "nbval-check-output"
SNAPSHOT_DIR = Path(__file__).resolve().parent
ROOT = SNAPSHOT_DIR.parents[1]


def is_marked(cell: nbformat.NotebookNode) -> bool:
    """Whether ``cell`` is a code cell whose output nbval compares (it carries the tag)."""
    return cell.cell_type == "code" and TAG in cell.get("metadata", {}).get("tags", [])


def marked_cells(notebook: Path) -> list[nbformat.NotebookNode]:
    """The code cells of ``notebook`` tagged for an output check."""
    nb = nbformat.read(notebook, as_version=4)
    return [c for c in nb.cells if is_marked(c)]


def load(notebook: Path) -> dict[str, str]:
    """Expected stdout per cell id for ``notebook`` ({} when nothing is recorded)."""
    path = SNAPSHOT_DIR / f"{notebook.stem}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def record(notebook: Path) -> Path:
    """Execute ``notebook`` in a fresh kernel and store the stdout of its marked cells."""
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    resources = {"metadata": {"path": str(notebook.parent)}}
    NotebookClient(nb, timeout=300, resources=resources).execute()
    cells = {}
    for cell in nb.cells:
        if is_marked(cell):
            cells[cell.id] = "".join(
                out.get("text", "")
                for out in cell.outputs
                if out.output_type == "stream" and out.name == "stdout"
            )
    path = SNAPSHOT_DIR / f"{notebook.stem}.json"
    relative = notebook.resolve().relative_to(ROOT).as_posix()
    payload = {"notebook": relative, "cells": cells}
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str]) -> None:
    targets = [Path(a) for a in argv] or [
        p for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if marked_cells(p)
    ]
    for notebook in targets:
        print(f"recorded {record(notebook).relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
