"""Check-your-understanding quizzes: one question of the quiz bank as a keyboard-friendly widget.

The bank itself (questions, hashed keys, misconceptions, the per-learner option order)
lives in :mod:`coursekit.quizzes`; this module only shows a question and gives feedback.

Keyboard and screen readers: the options are native radio buttons (one group: Tab reaches
it, the arrow keys choose) or checkboxes (Tab and Space), the Check button takes Enter or Space,
every control shows a visible focus ring, and the result is written to a polite live
region (``role="status"``) that screen readers announce.
"""

from __future__ import annotations

from html import escape

import anywidget
import ipywidgets as widgets
import traitlets

from coursekit.quizzes import (
    QuizFormatError,
    QuizOption,
    QuizQuestion,
    find_question,
    is_right,
    learner_id,
    load_quiz,
    misconception_for,
    quiz_ids,
    right_count,
    shown_order,
)
from coursekit.widgets._base import _LABEL_STYLE, StaticView, _full_width, _static

__all__ = [
    "Quiz",
    "QuizFormatError",
    "QuizOption",
    "QuizQuestion",
    "load_quiz",
    "quiz",
    "quiz_ids",
]

#: Focus ring for the quiz's controls (WCAG 2.4.7), injected once by the announcer.
_FOCUS_CSS = """
.ck-quiz input:focus-visible, .ck-quiz button:focus-visible {
  outline: 3px solid #1a4f8b !important;
  outline-offset: 2px !important;
  box-shadow: 0 0 0 5px #ffffff !important;
}
.ck-quiz-announce {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
"""

_ANNOUNCER_ESM = """
function groupRadios(el, name) {
  // ipywidgets' radio buttons have no shared name, so each is its own Tab stop and the
  // arrow keys do nothing. One name makes them a native radio group: one Tab stop,
  // arrows move the choice (the browser clicks the new radio, which updates the model).
  const quiz = el.closest(".ck-quiz");
  const radios = quiz ? quiz.querySelectorAll('input[type="radio"]') : [];
  radios.forEach((radio) => { radio.name = name; });
  if (quiz && !quiz.dataset.ckKeys) {
    // JupyterLab (command mode) takes the up and down arrows to move between cells.
    // Inside the quiz's options they belong to the radio group: stop them here, in the
    // bubbling phase, before JupyterLab's shortcut handler on the document sees them.
    quiz.dataset.ckKeys = "1";
    quiz.addEventListener("keydown", (event) => {
      if (event.target.type === "radio" && event.key.startsWith("Arrow")) {
        event.stopPropagation();
      }
    });
  }
  return radios.length > 0;
}
function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "ck-quiz-announce";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  const update = () => { region.textContent = model.get("message"); };
  model.on("change:message", update);
  update();
  el.appendChild(region);
  const name = "ck-quiz-" + Math.random().toString(36).slice(2);
  let tries = 0;
  const timer = setInterval(() => {
    if (groupRadios(el, name) || ++tries > 100) clearInterval(timer);
  }, 100);
  return () => { clearInterval(timer); model.off("change:message", update); };
}
export default { render };
"""


class _Announcer(anywidget.AnyWidget):
    """A live region that stays in the page; screen readers read each new message."""

    _esm = traitlets.Unicode(_ANNOUNCER_ESM).tag(sync=True)
    _css = traitlets.Unicode(_FOCUS_CSS).tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)


class Quiz(widgets.VBox):
    """A multiple-choice question with a Check button and explained feedback.

    Options appear in an order shuffled for this learner (see :mod:`coursekit.quizzes`).
    The learner's choice is checked against the hashed key; the key itself is not
    stored in the package.

    Attributes
    ----------
    question : QuizQuestion
    order : list of int
        Positions in ``question.options`` in the order shown.
    options : list of QuizOption
        The options in the order shown.
    prompt : ipywidgets.HTML
    choices : ipywidgets.RadioButtons or ipywidgets.VBox of Checkbox
    checkboxes : list of ipywidgets.Checkbox (empty for single-choice questions)
    button : ipywidgets.Button
    feedback : ipywidgets.HTML
    announcer : anywidget.AnyWidget
        Its ``message`` is the result as a screen reader announces it.
    """

    def __init__(self, question: QuizQuestion, learner: str | None = None) -> None:
        self.question = question
        self.order = shown_order(question, learner if learner is not None else learner_id())
        self.options = [question.options[i] for i in self.order]
        label = f"Question {question.id}"
        self.prompt = widgets.HTML(
            f'<p class="ck-quiz-prompt" id="ck-quiz-{escape(question.id)}">'
            f"<strong>{escape(label)}.</strong> {escape(question.prompt)}</p>"
        )
        self.checkboxes: list[widgets.Checkbox] = []
        if question.multiple:
            self.checkboxes = [
                widgets.Checkbox(
                    value=False, description=option.text, indent=False, layout=_full_width()
                )
                for option in self.options
            ]
            self.choices: widgets.Widget = widgets.VBox(self.checkboxes)
            self.choices.add_class("ck-quiz-choices")
        else:
            self.choices = widgets.RadioButtons(
                options=[(option.text, option.id) for option in self.options],
                value=None,
                description="Answer:",
                style=_LABEL_STYLE,
                layout=_full_width(),
            )
            self.choices.add_class("ck-quiz-choices")
        self.button = widgets.Button(
            description="Check", button_style="primary", tooltip=f"Check your answer to {label}"
        )
        self.feedback = widgets.HTML("")
        self.announcer = _Announcer()
        self.button.on_click(lambda _button: self.check())
        super().__init__([self.prompt, self.choices, self.button, self.feedback, self.announcer])
        self.add_class("ck-quiz")

    @property
    def option_texts(self) -> list[str]:
        """The options' texts in the order shown."""
        return [option.text for option in self.options]

    def selected(self) -> list[int]:
        """Shown positions of the options the learner has chosen."""
        if self.question.multiple:
            return [i for i, box in enumerate(self.checkboxes) if box.value]
        value = self.choices.value
        return [i for i, option in enumerate(self.options) if option.id == value]

    def select(self, *positions: int) -> None:
        """Choose options by their shown position (as a learner would by clicking)."""
        if self.question.multiple:
            for i, box in enumerate(self.checkboxes):
                box.value = i in positions
            return
        if len(positions) != 1:
            raise ValueError("A single-choice question takes exactly one option.")
        self.choices.value = self.options[positions[0]].id

    def select_text(self, *texts: str) -> None:
        """Choose options by their text (tests and demonstrations)."""
        shown = self.option_texts
        missing = [text for text in texts if text not in shown]
        if missing:
            raise ValueError(f"No option {missing[0]!r} in question {self.question.id}.")
        self.select(*(shown.index(text) for text in texts))

    def check(self) -> bool | None:
        """Show feedback for the current choice; return whether it is right.

        Returns ``None`` (and asks for a choice) when nothing is selected.
        """
        chosen = [self.options[i] for i in self.selected()]
        if not chosen:
            self._show("ck-quiz-empty", "Choose an answer first.", [])
            return None
        right = is_right(self.question, [option.id for option in chosen])
        if right:
            self._show("ck-quiz-right", "Correct.", chosen)
            return True
        headline = "Not quite."
        if self.question.multiple:
            n = right_count(self.question)
            headline += f" {n} of the options are correct; look at each choice again."
        self._show("ck-quiz-wrong", headline, chosen)
        return False

    def _show(self, css: str, headline: str, chosen: list[QuizOption]) -> None:
        notes = []
        for option in chosen:
            mix_up = misconception_for(self.question, option.id)
            notes.append((option, f"A common mix-up: {mix_up.name}." if mix_up else ""))
        items = "".join(
            f"<li><em>{escape(option.text)}</em>: {escape(option.why)}"
            + (f' <span class="ck-quiz-misconception">{escape(note)}</span>' if note else "")
            + "</li>"
            for option, note in notes
        )
        listing = f"<ul>{items}</ul>" if items else ""
        self.feedback.value = (
            f'<div class="ck-quiz-feedback {css}"><strong>{escape(headline)}</strong>'
            f"{listing}</div>"
        )
        spoken = " ".join(
            [f"Question {self.question.id}: {headline}"]
            + [f"{option.text}: {option.why} {note}".strip() for option, note in notes]
        )
        # Clear first, so the same result twice in a row is announced again.
        self.announcer.message = ""
        self.announcer.message = spoken


def _static_quiz(question: QuizQuestion) -> StaticView:
    """The question in the bank's fixed order, with answer and explanations folded away."""
    marker = "ul" if question.multiple else "ol type='A'"
    items = "".join(f"<li>{escape(option.text)}</li>" for option in question.options)
    explained = []
    for option in question.options:
        mix_up = misconception_for(question, option.id)
        label = f"Common mix-up: {mix_up.name}" if mix_up else "Right answer"
        css = "ck-quiz-wrong" if mix_up else "ck-quiz-right"
        explained.append(
            f'<li class="{css}"><strong>{escape(label)}.</strong> '
            f"<em>{escape(option.text)}</em>: {escape(option.why)}</li>"
        )
    # Right answers first inside the fold, so the answer is what the reader sees first.
    explained.sort(key=lambda item: 'class="ck-quiz-wrong"' in item)
    body = (
        f'<p class="ck-quiz-prompt"><strong>Question {escape(question.id)}.</strong> '
        f"{escape(question.prompt)}</p><{marker}>{items}</{marker.split()[0]}>"
        f"<details><summary>Show the answer</summary><ul>{''.join(explained)}</ul></details>"
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
        The interactive question (options in this learner's order), or (static site
        build) the question in the bank's fixed order with its answer folded away in a
        ``<details>`` element.

    Raises
    ------
    KeyError
        If there is no such question; the message lists the valid ids.
    """
    question = find_question(question_id)
    if _static():
        return _static_quiz(question)
    return Quiz(question)
