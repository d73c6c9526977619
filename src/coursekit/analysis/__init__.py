"""Explainable text analysers: hedges, attribution, references, dates and contradictions.

``analyze(text)`` returns a :class:`Report` whose :class:`Finding` objects each point
at a span of the text and explain, in a sentence or two, what it is and why it
matters. Cue words come from CSV lexicons in ``coursekit/lexicons`` that an
instructor can extend without touching code.

This package imports neither pandas nor any plotting or widget library at import
time; ``Report.to_frame()`` imports pandas when called.
"""

from __future__ import annotations

from coursekit.analysis.citations import estimate_id_date, url_date
from coursekit.analysis.cli import run_analyze_command
from coursekit.analysis.core import analyze
from coursekit.analysis.lexicon import Cue, Lexicon, LexiconError, load_lexicon
from coursekit.analysis.report import KIND_STYLES, Finding, Report

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
