"""Explainable text analysers: hedges, attribution, references, dates and contradictions.

``analyze(text)`` returns a :class:`Report` whose :class:`Finding` objects each point
at a span of the text and explain, in a sentence or two, what it is and why it
matters. Cue words come from CSV lexicons in ``coursekit/lexicons`` that an
instructor can extend without touching code.

The public names are imported on first use, so ``coursekit.analysis.text`` (the text
helpers that :mod:`coursekit.display` re-exports) loads without the analysers. This
package imports neither pandas nor any plotting or widget library at import time;
``Report.to_frame()`` imports pandas when called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_PUBLIC: dict[str, str] = {
    "KIND_STYLES": "coursekit.analysis.report",
    "Cue": "coursekit.analysis.lexicon",
    "Finding": "coursekit.analysis.report",
    "Lexicon": "coursekit.analysis.lexicon",
    "LexiconError": "coursekit.analysis.lexicon",
    "Report": "coursekit.analysis.report",
    "analyze": "coursekit.analysis.core",
    "estimate_id_date": "coursekit.analysis.citations",
    "load_lexicon": "coursekit.analysis.lexicon",
    "run_analyze_command": "coursekit.analysis.cli",
    "url_date": "coursekit.analysis.citations",
}

__all__ = [
    "KIND_STYLES",
    "Cue",
    "Finding",
    "Lexicon",
    "LexiconError",
    "Report",
    "analyze",
    "estimate_id_date",
    "load_lexicon",
    "run_analyze_command",
    "url_date",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from coursekit.analysis.citations import estimate_id_date, url_date
    from coursekit.analysis.cli import run_analyze_command
    from coursekit.analysis.core import analyze
    from coursekit.analysis.lexicon import Cue, Lexicon, LexiconError, load_lexicon
    from coursekit.analysis.report import KIND_STYLES, Finding, Report


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if not name.startswith("_"):
        # A submodule not imported yet (``coursekit.analysis.lexicon``), as when this
        # package imported them all.
        try:
            return importlib.import_module(f"coursekit.analysis.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"coursekit.analysis.{name}":
                raise
    raise AttributeError(f"module 'coursekit.analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
