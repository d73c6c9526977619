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
    "find_sources": "coursekit.finder",
    "SearchQueryError": "coursekit.finder",
    "log_search": "coursekit.searchlog",
    "search_log": "coursekit.searchlog",
    "export_search_log": "coursekit.searchlog",
}

__all__ = [
    "LESSONS",
    "Case",
    "Finding",
    "Report",
    "SearchQueryError",
    "__version__",
    "analyze",
    "check",
    "corroboration",
    "export_search_log",
    "find_sources",
    "list_cases",
    "load_case",
    "log_search",
    "progress",
    "search_log",
    "setup",
    "validate_case",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from coursekit.analysis import Finding, Report, analyze
    from coursekit.cases import Case, list_cases, load_case, validate_case
    from coursekit.checks import check
    from coursekit.course import LESSONS
    from coursekit.display import setup
    from coursekit.finder import SearchQueryError, find_sources
    from coursekit.searchlog import export_search_log, log_search, search_log


# Submodules reachable as attributes (``coursekit.charts.timeline_chart(...)``) without
# importing them first; each loads on first use.
_SUBMODULES = frozenset(
    {
        "analysis",
        "assessment",
        "capstone",
        "cases",
        "charts",
        "checks",
        "classroom",
        "course",
        "display",
        "exercises",
        "finder",
        "grading",
        "handouts",
        "searchlog",
        "site",
        "timeline",
        "widgets",
    }
)

# These two functions share their name with the submodule that defines them. Importing a
# submodule rebinds the package attribute to the module, so they are bound here, after
# their (light, pandas-free) modules have been imported once; later imports of the
# submodule no longer touch the attribute.
from coursekit.corroboration import corroboration  # noqa: E402
from coursekit.progress import progress  # noqa: E402


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"coursekit.{name}")
    raise AttributeError(f"module 'coursekit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC) | _SUBMODULES)
