"""The lesson widgets, driven the way a learner would: set values, click, read the output."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

import coursekit.display
from coursekit import widgets as ck


@pytest.fixture(autouse=True)
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widgets are interactive unless a test asks for the static view."""
    monkeypatch.setattr(coursekit.display, "_active", "jupyter")


@pytest.fixture
def static(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coursekit.display, "_active", "svg")


def _controls(root: widgets.Widget) -> list[widgets.Widget]:
    """Every descendant widget that a learner operates."""
    found: list[widgets.Widget] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, widgets.Box):
            stack.extend(node.children)
        elif isinstance(node, (widgets.ValueWidget, widgets.Button)) and not isinstance(
            node, (widgets.HTML, widgets.Label, widgets.HTMLMath)
        ):
            found.append(node)
    return found


def _assert_labelled(root: widgets.Widget) -> None:
    controls = _controls(root)
    assert controls
    for control in controls:
        assert control.description.strip(), f"{type(control).__name__} has no description"


# ----------------------------------------------------------------------------- quiz


def test_quiz_wrong_answer_says_not_quite_and_why() -> None:
    w = ck.quiz("03.1")
    w.select(0)
    w.button.click()
    assert "Not quite." in w.feedback.value
    assert "states a date and a place flatly" in w.feedback.value
    assert "Correct." not in w.feedback.value


def test_quiz_right_answer_says_correct_and_why() -> None:
    w = ck.quiz("03.1")
    w.select(1)
    w.button.click()
    assert "Correct." in w.feedback.value
    assert "lowers the writer" in w.feedback.value


def test_quiz_without_a_choice_asks_for_one() -> None:
    w = ck.quiz("04.2")
    w.button.click()
    assert "Choose an answer first." in w.feedback.value


def test_multiple_choice_needs_every_correct_option() -> None:
    w = ck.quiz("03.5")
    assert len(w.checkboxes) == 4
    w.select(0, 1)
    w.button.click()
    assert "Not quite. 3 of the options are correct" in w.feedback.value
    w.select(0, 1, 3)
    w.button.click()
    assert w.feedback.value.count("<li>") == 3
    assert "Correct." in w.feedback.value


def test_quiz_escapes_prompt_and_feedback() -> None:
    w = ck.quiz("03.2")
    # The prompt contains double quotes; they reach the page escaped, not as markup.
    assert "&quot;seen by some&quot;" in w.prompt.value
    w.select(2)
    w.button.click()
    assert "&quot;Some&quot; gives no such explanation" in w.feedback.value
    assert '"Some"' not in w.feedback.value


def test_unknown_quiz_id_lists_the_valid_ids() -> None:
    with pytest.raises(KeyError, match=r"No quiz question '03\.99'.*03\.1, 03\.2"):
        ck.quiz("03.99")
    with pytest.raises(KeyError, match=r"Valid ids: .*05\.1"):
        ck.quiz("nonsense")


def test_quiz_is_labelled_and_classed() -> None:
    w = ck.quiz("04.1")
    assert "ck-quiz" in w._dom_classes
    _assert_labelled(w)
    _assert_labelled(ck.quiz("03.5"))


def test_quiz_static_view_folds_the_answer_away(static: None) -> None:
    view = ck.quiz("04.2")
    assert isinstance(view, ck.StaticView)
    html = view._repr_html_()
    assert 'class="ck-static ck-quiz"' in html
    assert "<details><summary>Show the answer</summary>" in html
    answer = html.split("<details>", 1)[1]
    assert "late December 2021" in answer
    assert "Nothing: BBC numbers are random." not in answer
