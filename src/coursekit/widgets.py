"""Interactive lesson tools built with ipywidgets: quizzes, explorers and the analyser.

Every tool is a function that returns a widget whose root carries a CSS class
(``ck-quiz``, ``ck-claim-explorer``, ``ck-highlighter``, ``ck-known-on-day``,
``ck-analyzer``) and exposes its parts as attributes, so tests and browser tests can
drive it. Every control has a ``description`` label for screen readers.

When :func:`coursekit.display.is_static` is true (the static site build), each
function returns a :class:`StaticView` instead: plain HTML showing the tool's default
state, with charts inlined as SVG, so the page makes sense without a running kernel.

All text that comes from a user, a file or a data table is HTML-escaped before it is
shown. Nothing a learner types or uploads is executed, and answers are not stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

    from coursekit.cases import Case

__all__ = [
    "DEFAULT_CLAIM",
    "DEFAULT_DAY",
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "Quiz",
    "QuizFormatError",
    "QuizOption",
    "QuizQuestion",
    "StaticView",
    "load_quiz",
    "quiz",
    "quiz_ids",
]

#: The claim the claim explorer opens on: a "reportedly" claim that rests on one source.
DEFAULT_CLAIM = "C14"

#: The day the known-on-day explorer opens on: the day of the allies' phone calls.
DEFAULT_DAY = "2025-08-08"

#: Longest text the highlighter and analyser work on; longer input is cut with a notice,
#: so a pasted book cannot freeze the kernel.
MAX_TEXT_CHARS = 20_000

#: Largest file the analyser accepts (bytes). A news article is well under 50 kB of text.
MAX_UPLOAD_BYTES = 200_000

_CASE_NAME = "summit-2025"


# --------------------------------------------------------------------------- helpers


class StaticView:
    """A tool's default view as plain HTML, for pages shown without a kernel.

    Parameters
    ----------
    css_class
        The tool's CSS class (the same one the interactive widget carries).
    body
        The HTML body; every piece of data in it is already escaped.
    """

    def __init__(self, css_class: str, body: str) -> None:
        self.css_class = css_class
        self.body = body

    @property
    def html(self) -> str:
        """The complete HTML: the body wrapped in a ``div`` with the tool's class."""
        return f'<div class="ck-static {escape(self.css_class)}">{self.body}</div>'

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"StaticView({self.css_class!r})"


def _static() -> bool:
    from coursekit.display import is_static

    return is_static()


def _load_default_case() -> Case:
    from coursekit.cases import load_case

    return load_case(_CASE_NAME)


def _chart_svg(chart: alt.TopLevelMixin) -> str:
    """Render a chart to inline SVG inside a figure with its text alternative."""
    import vl_convert as vlc

    from coursekit.display import describe

    svg = vlc.vegalite_to_svg(chart.to_dict())
    label = escape(describe(chart))
    return f'<figure class="ck-chart" role="img" aria-label="{label}">{svg}</figure>'


def _safe_link(url: Any, text: str) -> str:
    """Return an escaped link that opens in a new tab, or plain text for odd URLs.

    Only http and https links become clickable, so a ``javascript:`` URL in a data
    file can never run.
    """
    if not isinstance(url, str) or not url.strip():
        return escape(text)
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme not in {"http", "https"}:
        return escape(text)
    return (
        f'<a href="{escape(url.strip(), quote=True)}" target="_blank" '
        f'rel="noopener noreferrer">{escape(text)}</a>'
    )


def _text(value: Any) -> str:
    """A table cell as text: empty for missing values."""
    import pandas as pd

    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _full_width(height: str | None = None) -> widgets.Layout:
    return widgets.Layout(width="100%", height=height) if height else widgets.Layout(width="100%")


_LABEL_STYLE = {"description_width": "initial"}


# --------------------------------------------------------------------------- quizzes


class QuizFormatError(ValueError):
    """A quiz file does not follow the format; the message says where and how to fix it."""


@dataclass(frozen=True)
class QuizOption:
    """One answer option: its text, whether it is correct, and why."""

    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class QuizQuestion:
    """One quiz question with its options."""

    id: str
    prompt: str
    options: tuple[QuizOption, ...]
    multiple: bool = False

    @property
    def correct_indices(self) -> frozenset[int]:
        """Positions of the correct options."""
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


def _require(condition: bool, where: str, problem: str) -> None:
    if not condition:
        raise QuizFormatError(f"{where}: {problem}")


def _parse_quiz(data: Any, where: str, lesson: str) -> list[QuizQuestion]:
    """Validate one quiz file's content and turn it into questions."""
    fmt = (
        ' Expected {"lesson": "NN", "questions": [{"id": "NN.k", "prompt": "...", '
        '"multiple": false, "options": [{"text": "...", "correct": true, "why": "..."}]}]}.'
    )
    _require(isinstance(data, dict), where, "the file must hold a JSON object." + fmt)
    _require(
        data.get("lesson") == lesson,
        where,
        f'"lesson" is {data.get("lesson")!r} but the file name says {lesson!r}; make them agree.',
    )
    questions = data.get("questions")
    _require(
        isinstance(questions, list) and bool(questions),
        where,
        '"questions" must be a non-empty list.' + fmt,
    )
    parsed: list[QuizQuestion] = []
    seen: set[str] = set()
    for number, item in enumerate(questions, start=1):
        here = f"{where}, question {number}"
        _require(isinstance(item, dict), here, "each question must be a JSON object." + fmt)
        qid = item.get("id")
        _require(
            isinstance(qid, str) and qid.startswith(f"{lesson}.") and qid[len(lesson) + 1 :] != "",
            here,
            f'"id" is {qid!r}; it must look like "{lesson}.{number}" (lesson number, dot, index).',
        )
        _require(
            qid not in seen, here, f"the id {qid!r} is used twice; give each question its own."
        )
        seen.add(qid)
        here = f"{where}, question {qid}"
        prompt = item.get("prompt")
        _require(
            isinstance(prompt, str) and bool(prompt.strip()), here, '"prompt" must be non-empty.'
        )
        multiple = item.get("multiple", False)
        _require(isinstance(multiple, bool), here, '"multiple" must be true or false.')
        options = item.get("options")
        _require(
            isinstance(options, list) and len(options) >= 2,
            here,
            '"options" must be a list of at least two options.',
        )
        parsed_options = []
        for index, option in enumerate(options, start=1):
            spot = f"{here}, option {index}"
            _require(isinstance(option, dict), spot, "each option must be a JSON object." + fmt)
            text, correct, why = option.get("text"), option.get("correct"), option.get("why")
            _require(
                isinstance(text, str) and bool(text.strip()), spot, '"text" must be non-empty.'
            )
            _require(isinstance(correct, bool), spot, '"correct" must be true or false.')
            _require(
                isinstance(why, str) and bool(why.strip()),
                spot,
                '"why" must explain in a sentence why this option is right or wrong.',
            )
            parsed_options.append(QuizOption(text=text, correct=correct, why=why))
        n_correct = sum(option.correct for option in parsed_options)
        if multiple:
            _require(n_correct >= 1, here, "mark at least one option as correct.")
        else:
            _require(
                n_correct == 1,
                here,
                f"{n_correct} options are marked correct; a single-choice question needs "
                'exactly one (or set "multiple": true).',
            )
        parsed.append(QuizQuestion(qid, prompt, tuple(parsed_options), multiple))
    return parsed


def _quiz_files() -> dict[str, Any]:
    folder = resources.files("coursekit") / "quizzes"
    return {
        entry.name[: -len(".json")]: entry
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }


def load_quiz(lesson: str) -> list[QuizQuestion]:
    """Load and validate the quiz file of one lesson (``quizzes/NN.json``).

    Parameters
    ----------
    lesson
        Two-digit lesson number, such as ``"03"``.

    Returns
    -------
    list of QuizQuestion

    Raises
    ------
    KeyError
        If the lesson has no quiz file; the message lists the lessons that have one.
    QuizFormatError
        If the file is not valid JSON or breaks the format.
    """
    files = _quiz_files()
    if lesson not in files:
        raise KeyError(
            f"No quiz file for lesson {lesson!r}; quizzes exist for lessons "
            f"{', '.join(sorted(files)) or '(none)'}."
        )
    where = f"quizzes/{lesson}.json"
    try:
        data = json.loads(files[lesson].read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise QuizFormatError(
            f"{where}: not valid JSON at line {error.lineno}, column {error.colno} "
            f"({error.msg}). Check quotes and commas there."
        ) from error
    return _parse_quiz(data, where, lesson)


def quiz_ids() -> list[str]:
    """Return the ids of every quiz question in the kit, in lesson order."""
    return [question.id for lesson in sorted(_quiz_files()) for question in load_quiz(lesson)]


def _find_question(question_id: str) -> QuizQuestion:
    lesson = question_id.split(".", 1)[0]
    if lesson in _quiz_files():
        for question in load_quiz(lesson):
            if question.id == question_id:
                return question
    raise KeyError(f"No quiz question {question_id!r}. Valid ids: {', '.join(quiz_ids())}.")


class Quiz(widgets.VBox):
    """A multiple-choice question with a Check button and explained feedback.

    Attributes
    ----------
    question : QuizQuestion
    prompt : ipywidgets.HTML
    choices : ipywidgets.RadioButtons or ipywidgets.VBox of Checkbox
    checkboxes : list of ipywidgets.Checkbox (empty for single-choice questions)
    button : ipywidgets.Button
    feedback : ipywidgets.HTML
    """

    def __init__(self, question: QuizQuestion) -> None:
        self.question = question
        self.prompt = widgets.HTML(
            f'<p class="ck-quiz-prompt"><strong>Question {escape(question.id)}.</strong> '
            f"{escape(question.prompt)}</p>"
        )
        self.checkboxes: list[widgets.Checkbox] = []
        if question.multiple:
            self.checkboxes = [
                widgets.Checkbox(
                    value=False, description=option.text, indent=False, layout=_full_width()
                )
                for option in question.options
            ]
            self.choices: widgets.Widget = widgets.VBox(self.checkboxes)
        else:
            self.choices = widgets.RadioButtons(
                options=[(option.text, i) for i, option in enumerate(question.options)],
                value=None,
                description="Answer:",
                style=_LABEL_STYLE,
                layout=_full_width(),
            )
        self.button = widgets.Button(
            description="Check", button_style="primary", tooltip="Check your answer"
        )
        self.feedback = widgets.HTML("")
        self.button.on_click(lambda _button: self.check())
        super().__init__([self.prompt, self.choices, self.button, self.feedback])
        self.add_class("ck-quiz")

    def selected(self) -> list[int]:
        """Positions of the options the learner has chosen."""
        if self.question.multiple:
            return [i for i, box in enumerate(self.checkboxes) if box.value]
        value = self.choices.value  # type: ignore[attr-defined]
        return [] if value is None else [int(value)]

    def select(self, *indices: int) -> None:
        """Choose options by position (as a learner would by clicking)."""
        if self.question.multiple:
            for i, box in enumerate(self.checkboxes):
                box.value = i in indices
        else:
            if len(indices) != 1:
                raise ValueError("A single-choice question takes exactly one option.")
            self.choices.value = indices[0]  # type: ignore[attr-defined]

    def check(self) -> bool | None:
        """Show feedback for the current choice; return whether it is right.

        Returns ``None`` (and asks for a choice) when nothing is selected.
        """
        chosen = self.selected()
        if not chosen:
            self.feedback.value = _feedback_html("ck-quiz-empty", "Choose an answer first.", [])
            return None
        right = frozenset(chosen) == self.question.correct_indices
        whys = [self.question.options[i] for i in chosen]
        if right:
            self.feedback.value = _feedback_html("ck-quiz-right", "Correct.", whys)
        else:
            headline = "Not quite."
            if self.question.multiple:
                n = len(self.question.correct_indices)
                headline += f" {n} of the options are correct; look at each choice again."
            self.feedback.value = _feedback_html("ck-quiz-wrong", headline, whys)
        return right


def _feedback_html(css: str, headline: str, options: list[QuizOption]) -> str:
    items = "".join(
        f"<li><em>{escape(option.text)}</em>: {escape(option.why)}</li>" for option in options
    )
    listing = f"<ul>{items}</ul>" if items else ""
    return (
        f'<div class="ck-quiz-feedback {css}" role="status" aria-live="polite">'
        f"<strong>{escape(headline)}</strong>{listing}</div>"
    )


def _static_quiz(question: QuizQuestion) -> StaticView:
    marker = "ul" if question.multiple else "ol type='A'"
    items = "".join(f"<li>{escape(option.text)}</li>" for option in question.options)
    answers = "".join(
        f"<li><em>{escape(option.text)}</em>: {escape(option.why)}</li>"
        for option in question.options
        if option.correct
    )
    body = (
        f'<p class="ck-quiz-prompt"><strong>Question {escape(question.id)}.</strong> '
        f"{escape(question.prompt)}</p><{marker}>{items}</{marker.split()[0]}>"
        f"<details><summary>Show the answer</summary><ul>{answers}</ul></details>"
    )
    return StaticView("ck-quiz", body)


def quiz(question_id: str) -> Quiz | StaticView:
    """Show one quiz question with a Check button and explained feedback.

    Parameters
    ----------
    question_id
        The question's id, such as ``"03.1"`` (lesson number, dot, index).

    Returns
    -------
    Quiz or StaticView
        The interactive question, or (static site build) the question with its answer
        folded away in a ``<details>`` element.

    Raises
    ------
    KeyError
        If there is no such question; the message lists the valid ids.
    """
    question = _find_question(question_id)
    if _static():
        return _static_quiz(question)
    return Quiz(question)
