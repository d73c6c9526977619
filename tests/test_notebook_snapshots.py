"""Every cell tagged ``nbval-check-output`` has a recorded reference output, and no stale ones."""

from __future__ import annotations

from pathlib import Path

import pytest
import snapshots  # tests/notebook_outputs/snapshots.py, on pytest's pythonpath

ROOT = Path(__file__).resolve().parents[1]

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_marked_cells_and_snapshots_agree(notebook: Path) -> None:
    marked = {cell.id for cell in snapshots.marked_cells(notebook)}
    recorded = snapshots.load(notebook)
    assert marked, f"{notebook.name} has no cell whose output nbval compares"
    assert marked == set(recorded), (
        f"{notebook.name}: re-record with python tests/notebook_outputs/snapshots.py "
        f"(missing: {sorted(marked - set(recorded))}, stale: {sorted(set(recorded) - marked)})"
    )
    assert all(text.strip() for text in recorded.values()), "a snapshot is empty"
