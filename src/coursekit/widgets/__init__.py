"""Interactive lesson tools built with ipywidgets: quizzes, explorers and the analyser.

One module per tool (``quizzes``, ``claims``, ``highlighting``, ``days``, ``capstone``,
``sources``) over a small shared base (``_base``); the public names all live here.

Every tool is a function that returns a widget whose root carries a CSS class
(``ck-quiz``, ``ck-claim-explorer``, ``ck-highlighter``, ``ck-known-on-day``,
``ck-analyzer``, ``ck-source-finder``, ``ck-search-log-form``) and exposes its parts as
attributes, so tests and browser tests can drive it. Every control has a ``description``
label for screen readers.

When :func:`coursekit.display.is_static` is true (the static site build), each
function returns a :class:`StaticView` instead: plain HTML showing the tool's default
state, with charts inlined as SVG, so the page makes sense without a running kernel.

All text that comes from a user, a file or a data table is HTML-escaped before it is
shown. Nothing a learner types or uploads is executed, and answers are not stored; the
searches a learner runs in the source finder or records in the search-log form are kept
in their search log (:mod:`coursekit.searchlog`).
"""

from coursekit.widgets._base import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, StaticView
from coursekit.widgets.capstone import AnalyzerWidget, analyzer, practice_article, practice_key
from coursekit.widgets.claims import ClaimExplorer, claim_explorer
from coursekit.widgets.days import KnownOnDayWidget, known_on_day
from coursekit.widgets.highlighting import HighlighterWidget, highlighter
from coursekit.widgets.quizzes import (
    Quiz,
    QuizFormatError,
    QuizOption,
    QuizQuestion,
    load_quiz,
    quiz,
    quiz_ids,
)
from coursekit.widgets.sources import (
    SearchLogForm,
    SourceCard,
    SourceFinder,
    search_log_form,
    source_finder,
)

__all__ = [
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "AnalyzerWidget",
    "ClaimExplorer",
    "HighlighterWidget",
    "KnownOnDayWidget",
    "Quiz",
    "QuizFormatError",
    "QuizOption",
    "QuizQuestion",
    "SearchLogForm",
    "SourceCard",
    "SourceFinder",
    "StaticView",
    "analyzer",
    "claim_explorer",
    "highlighter",
    "known_on_day",
    "load_quiz",
    "practice_article",
    "practice_key",
    "quiz",
    "quiz_ids",
    "search_log_form",
    "source_finder",
]
