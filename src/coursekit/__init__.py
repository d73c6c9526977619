"""coursekit: a Jupyter teaching kit for news media literacy.

The public face is small on purpose. Everything is imported lazily, so
``import coursekit`` stays about as cheap as ``import pandas``: Altair,
ipywidgets and the validation library load only when a chart, a widget or a
validation is asked for.

Examples
--------
>>> import coursekit
>>> case = coursekit.load_case("summit-2025")
>>> report = coursekit.analyze(case.article, case=case)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; one table, so __all__ and the lazy loader agree.
_PUBLIC: dict[str, str] = {
    "Case": "coursekit.cases",
    "load_case": "coursekit.cases",
    "list_cases": "coursekit.cases",
    "validate_case": "coursekit.cases",
    "analyze": "coursekit.analysis",
    "Report": "coursekit.analysis",
    "Finding": "coursekit.analysis",
    "corroboration": "coursekit.corroboration",
    "check": "coursekit.checks",
    "progress": "coursekit.progress",
    "setup": "coursekit.display",
    "LESSONS": "coursekit.course",
}

__all__ = [
    "LESSONS",
    "Case",
    "Finding",
    "Report",
    "__version__",
    "analyze",
    "check",
    "corroboration",
    "list_cases",
    "load_case",
    "progress",
    "setup",
    "validate_case",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from coursekit.analysis import Finding, Report, analyze
    from coursekit.cases import Case, list_cases, load_case, validate_case
    from coursekit.checks import check
    from coursekit.corroboration import corroboration
    from coursekit.course import LESSONS
    from coursekit.display import setup
    from coursekit.progress import progress


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'coursekit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
