"""Check-your-understanding quizzes: load the quiz bank and show one question as a widget."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    pass

from coursekit.widgets._base import (
    _LABEL_STYLE,
    StaticView,
    _full_width,
    _static,
)

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
