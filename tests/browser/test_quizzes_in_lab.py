"""A learner answers a shuffled quiz with the keyboard alone, in JupyterLab in Chromium.

The scratch notebook shows a text box and, right after it in the same output, quiz 03.1.
From the text box, Tab reaches the quiz's options (one radio group); the arrow keys
choose an option; Tab reaches Check and Enter (or Space) presses it. The test checks
the visible focus ring, the shown order (this learner's shuffle, stable on a second
display), and that the result reaches a polite live region that a screen reader
announces. A choose-all question is answered with Tab and Space.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from labdriver import LabServer, NetworkGuard, NotebookRun, write_scratch_notebook

from coursekit import quizzes

REPO = Path(__file__).resolve().parents[2]
QUESTION = "03.1"
#: A choose-all-that-apply question (checkboxes).
MULTIPLE = "02.4"


def _right_texts(question_id: str) -> list[str]:
    source = REPO / "exercises" / "solutions" / "quizzes" / f"{question_id[:2]}.json"
    (item,) = [
        q for q in json.loads(source.read_text("utf-8"))["questions"] if q["id"] == question_id
    ]
    return [o["text"] for o in item["options"] if o.get("correct")]


def _right_text(question_id: str) -> str:
    (text,) = _right_texts(question_id)
    return text


@pytest.fixture(scope="module")
def quiz_page(lab_context: Any, lab_server: LabServer, network_guard: NetworkGuard) -> Any:
    path = "browser-checks/quiz.ipynb"
    write_scratch_notebook(
        lab_server.root / path,
        [
            ("import coursekit\nimport ipywidgets\nfrom coursekit import widgets"),
            (f"display(ipywidgets.Text(description='Your name'))\nwidgets.quiz({QUESTION!r})"),
            (f"widgets.quiz({QUESTION!r})"),
            (f"widgets.quiz({MULTIPLE!r})"),
        ],
    )
    run = NotebookRun(lab_context, lab_server, path, workspace="quiz-keyboard")
    try:
        problems = run.open_and_run(network_guard)
        assert not problems, "the quiz notebook did not run cleanly:\n- " + "\n- ".join(problems)
        yield run
    finally:
        run.close()


_ACTIVE_JS = """() => {
  const el = document.activeElement;
  const style = el ? getComputedStyle(el) : null;
  return el && {
    tag: el.tagName, type: el.type || '', inQuiz: !!el.closest('.ck-quiz'),
    label: (el.closest('label') || el).textContent
      .replace(/\\u200b/g, '').replace(/\\s+/g, ' ').trim(),
    checked: !!el.checked, name: el.name || '',
    outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
  };
}"""


def _active(page: Any) -> dict[str, Any]:
    return page.evaluate(_ACTIVE_JS)


def _assert_focus_ring(active: dict[str, Any], what: str) -> None:
    assert active["outline"] not in ("none", "") and active["outlineWidth"] >= 2, (
        f"{what} has no visible focus ring: {active}"
    )


def test_a_shuffled_quiz_answered_by_keyboard_announces_the_result(
    quiz_page: NotebookRun, lab_server: LabServer
) -> None:
    page = quiz_page.page
    panel = page.locator(f'[id="{quiz_page.panel_id}"]')
    first, second = panel.locator(".ck-quiz").nth(0), panel.locator(".ck-quiz").nth(1)
    labels = [
        " ".join(t.split()) for t in first.locator(".widget-radio-box label").all_text_contents()
    ]

    # The order shown is this learner's shuffle (seeded by the id beside the progress
    # file), the same in the second display of the question (a reload shows it again).
    learner = (lab_server.root.parent / "coursekit-home" / quizzes.LEARNER_ID_FILE).read_text()
    question = quizzes.find_question(QUESTION)
    expected = [question.options[i].text for i in quizzes.shown_order(question, learner.strip())]
    assert labels == expected
    again = [
        " ".join(t.split()) for t in second.locator(".widget-radio-box label").all_text_contents()
    ]
    assert again == labels

    # Tab from the text box reaches the quiz's options, with a visible focus ring.
    panel.get_by_label("Your name").focus()
    page.keyboard.press("Tab")
    active = _active(page)
    assert active["inQuiz"] and active["type"] == "radio", f"Tab went to {active}"
    _assert_focus_ring(active, "the focused option")

    # The options are one radio group (one Tab stop): the arrow keys choose, and
    # JupyterLab does not take them to move between cells.
    assert active["name"].startswith("ck-quiz-"), f"the options are not one radio group: {active}"
    target = labels.index(_right_text(QUESTION))
    if target == 0:
        page.keyboard.press("Space")  # Tab focuses the first option without choosing it
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    active = _active(page)
    assert active["inQuiz"] and active["label"] == labels[target] and active["checked"], active

    # One Tab leaves the group for Check; Enter presses it.
    page.keyboard.press("Tab")
    active = _active(page)
    assert active["tag"] == "BUTTON" and active["label"] == "Check", active
    _assert_focus_ring(active, "the Check button")
    page.keyboard.press("Enter")

    region = first.locator(".ck-quiz-announce")
    assert region.get_attribute("role") == "status"
    assert region.get_attribute("aria-live") == "polite"
    page.wait_for_function(
        "(el) => el.textContent.includes('Correct.')", arg=region.element_handle(), timeout=20_000
    )
    announced = region.text_content() or ""
    assert announced.startswith(f"Question {QUESTION}: Correct.")
    assert labels[target] in announced
    visible = " ".join((first.locator(".ck-quiz-feedback").text_content() or "").split())
    assert visible.startswith("Correct.")

    # A wrong option, chosen and checked by keyboard: the region announces the mix-up.
    page.keyboard.press("Shift+Tab")  # back into the group, on the chosen option
    page.keyboard.press("ArrowDown")  # the next option (the group wraps around)
    active = _active(page)
    assert active["label"] == labels[(target + 1) % len(labels)] and active["checked"], active
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_function(
        "(el) => el.textContent.includes('Not quite.')", arg=region.element_handle(), timeout=20_000
    )
    assert "A common mix-up:" in (region.text_content() or "")


def test_a_choose_all_quiz_is_answered_with_tab_and_space(quiz_page: NotebookRun) -> None:
    page = quiz_page.page
    panel = page.locator(f'[id="{quiz_page.panel_id}"]')
    quiz = panel.locator(".ck-quiz").nth(2)
    boxes = quiz.locator("input[type=checkbox]")
    # ipywidgets puts a zero-width space in front of a checkbox's text.
    labels = [
        " ".join(t.replace("\u200b", "").split())
        for t in quiz.locator(".widget-checkbox").all_text_contents()
    ]
    right = set(_right_texts(MULTIPLE))
    assert right <= set(labels) and len(labels) == boxes.count()
    boxes.nth(0).focus()
    for index, label in enumerate(labels):
        active = _active(page)
        assert active["type"] == "checkbox" and active["label"] == label, (index, active)
        _assert_focus_ring(active, f"checkbox {index + 1}")
        if label in right:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
    active = _active(page)
    assert active["tag"] == "BUTTON" and active["label"] == "Check", active
    page.keyboard.press("Enter")
    region = quiz.locator(".ck-quiz-announce")
    page.wait_for_function(
        "(el) => el.textContent.includes('Correct.')", arg=region.element_handle(), timeout=20_000
    )
    assert (region.text_content() or "").startswith(f"Question {MULTIPLE}: Correct.")
