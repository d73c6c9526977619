"""The lesson widgets, driven the way a learner would: set values, click, read the output."""

from __future__ import annotations

import datetime
import html
import json
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

import coursekit.display
from coursekit import widgets as ck
from coursekit.analysis.lexicon import bundled_lexicon
from coursekit.quizzes import misconceptions
from coursekit.widgets._base import _safe_link

#: The quiz sources, with the right answers and each wrong option's misconception. The
#: quiz tests read their options, explanations and mix-ups from here instead of pasting
#: the wording, so an instructor can reword a question without breaking a test.
QUIZ_SOURCES = Path(__file__).resolve().parents[2] / "exercises" / "solutions" / "quizzes"


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


def _source(question_id: str) -> dict[str, Any]:
    """The question as its source file gives it (``correct`` and ``misconception`` marks)."""
    path = QUIZ_SOURCES / f"{question_id.split('.')[0]}.json"
    questions = json.loads(path.read_text(encoding="utf-8"))["questions"]
    (question,) = [q for q in questions if q["id"] == question_id]
    return question


def _right(question_id: str) -> list[dict[str, Any]]:
    return [o for o in _source(question_id)["options"] if o.get("correct")]


def _mix_up(option: dict[str, Any]) -> str:
    """The name of the misconception a wrong option reveals, from the catalogue."""
    (found,) = [m.name for m in misconceptions() if m.id == option["misconception"]]
    return found


@pytest.fixture
def learner_home(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Each quiz test has its own learner (and so its own option order)."""
    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path / "home"))


def test_quiz_wrong_answer_says_not_quite_why_and_the_misconception(learner_home: None) -> None:
    wrong = [o for o in _source("03.1")["options"] if not o.get("correct")]
    assert wrong
    for option in wrong:
        w = ck.quiz("03.1")
        w.select_text(option["text"])
        w.button.click()
        assert "Not quite." in w.feedback.value
        assert html.escape(option["why"]) in w.feedback.value
        assert html.escape(f"A common mix-up: {_mix_up(option)}.") in w.feedback.value
        assert "Correct." not in w.feedback.value
    assert w.announcer.message.startswith("Question 03.1: Not quite.")


def test_quiz_right_answer_says_correct_and_why(learner_home: None) -> None:
    (right,) = _right("03.1")
    w = ck.quiz("03.1")
    w.select_text(right["text"])
    assert w.check() is True
    assert "Correct." in w.feedback.value
    assert html.escape(right["why"]) in w.feedback.value
    assert "mix-up" not in w.feedback.value
    assert "Question 03.1: Correct." in w.announcer.message


def test_quiz_order_is_shuffled_per_learner_and_stable(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    orders = {}
    for learner in ("ana", "ben", "cy", "dee"):
        monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path / learner))
        orders[learner] = [ck.quiz(qid).option_texts for qid in ("03.1", "04.2", "05.4")]
        # A reload (a new widget, as after a kernel restart) shows the same order.
        assert orders[learner] == [ck.quiz(qid).option_texts for qid in ("03.1", "04.2", "05.4")]
    assert len({str(order) for order in orders.values()}) > 1


def test_quiz_without_a_choice_asks_for_one(learner_home: None) -> None:
    w = ck.quiz("04.2")
    w.button.click()
    assert "Choose an answer first." in w.feedback.value


def test_multiple_choice_needs_every_correct_option(learner_home: None) -> None:
    w = ck.quiz("02.4")
    assert len(w.checkboxes) == len(_source("02.4")["options"])
    right = [o["text"] for o in _right("02.4")]
    assert len(right) > 1, "02.4 is the bank's multiple-answer question"
    w.select_text(right[0])
    w.button.click()
    assert f"Not quite. {len(right)} of the options are correct" in w.feedback.value
    w.select_text(*right)
    w.button.click()
    assert w.feedback.value.count("<li>") == len(right)
    assert "Correct." in w.feedback.value


def test_quiz_escapes_prompt_and_feedback(learner_home: None) -> None:
    # A prompt and an option that hold characters HTML must escape (quotes, &, <):
    # they reach the page escaped, not as markup.
    sources = [_source(qid) for qid in ck.quiz_ids()]
    question = next(q for q in sources if html.escape(q["prompt"]) != q["prompt"])
    w = ck.quiz(question["id"])
    assert html.escape(question["prompt"]) in w.prompt.value
    assert question["prompt"] not in w.prompt.value
    question = next(
        q for q in sources if any(html.escape(o["text"]) != o["text"] for o in q["options"])
    )
    option = next(o for o in question["options"] if html.escape(o["text"]) != o["text"])
    w = ck.quiz(question["id"])
    w.select_text(option["text"])
    w.button.click()
    assert html.escape(option["text"]) in w.feedback.value
    assert option["text"] not in w.feedback.value


def test_unknown_quiz_id_lists_the_valid_ids() -> None:
    with pytest.raises(KeyError, match=r"No quiz question '03\.99'.*03\.1, 03\.2"):
        ck.quiz("03.99")
    with pytest.raises(KeyError, match=r"Valid ids: .*05\.1"):
        ck.quiz("nonsense")


def test_quiz_is_labelled_and_classed(learner_home: None) -> None:
    w = ck.quiz("04.1")
    assert "ck-quiz" in w._dom_classes
    _assert_labelled(w)
    _assert_labelled(ck.quiz("03.5"))
    # The result goes to a live region, and the controls get a visible focus ring.
    assert "role" in w.announcer._esm and "aria-live" in w.announcer._esm
    assert ":focus-visible" in w.announcer._css


def test_quiz_static_view_folds_the_answer_away(static: None) -> None:
    view = ck.quiz("04.2")
    assert isinstance(view, ck.StaticView)
    page = view._repr_html_()
    assert 'class="ck-static ck-quiz"' in page
    assert "<details><summary>Show the answer</summary>" in page
    shown, folded = page.split("<details>", 1)
    # Before the fold: the options only, no explanation and no mark of the right one.
    assert "Right answer" not in shown and "mix-up" not in shown
    for option in _source("04.2")["options"]:
        text, why = html.escape(option["text"]), html.escape(option["why"])
        assert text in shown and why not in shown and why in folded
        label = "Right answer" if option.get("correct") else f"Common mix-up: {_mix_up(option)}"
        assert f"{html.escape(label)}.</strong> <em>{text}</em>: {why}" in folded


# ----------------------------------------------------------------------- the case


@pytest.fixture(scope="module")
def case():
    import coursekit

    return coursekit.load_case("summit-2025")


# ------------------------------------------------------------------ claim explorer


def test_claim_explorer_opens_on_the_single_source_claim(case) -> None:
    # The summit case declares its default claim: one that rests on a single source.
    w = ck.claim_explorer(case)
    assert w.dropdown.value == case.settings.default_claim
    table = coursekit.corroboration(case).set_index("claim_id")
    assert table.loc[w.dropdown.value, "single_source"]
    assert html.escape(case.claim(w.dropdown.value)["text"]) in w.html.value
    assert "ck-claim-explorer" in w._dom_classes
    _assert_labelled(w)


def test_claim_explorer_shows_a_contradicted_claim_and_its_sources(case) -> None:
    w = ck.claim_explorer(case)
    w.dropdown.value = "C26"
    claim = case.claim("C26")
    assert claim["verdict"] == "contradicted" and claim["verdict"] in w.html.value
    assert html.escape(claim["text"]) in w.html.value
    # The same-day Xi readouts are among its sources, linked safely.
    assert "S123" in w.html.value
    assert f'href="{html.escape(case.source("S123")["url"])}"' in w.html.value
    assert 'target="_blank" rel="noopener noreferrer"' in w.html.value
    assert "C14" not in w.html.value.split("<table", 1)[0]


def test_claim_explorer_chart_follows_the_dropdown(case) -> None:
    w = ck.claim_explorer(case)
    w.dropdown.value = "C26"
    data = json.dumps(w.chart.chart.to_dict()["datasets"])
    assert '"C26"' in data
    assert '"C14"' not in data


def test_claim_explorer_groups_copies_under_the_outlet_that_wrote_them(case) -> None:
    w = ck.claim_explorer(case, "C33")
    rows = w.html.value.split("<tr>")
    copy = next(row for row in rows if "<td>S101</td>" in row)  # a copy of a BBC text
    assert "<td>BBC News</td>" in copy and "<td>niyitabiti.net</td>" in copy
    assert "Independent origins: 0 supporting" in w.html.value


def test_claim_explorer_unknown_claim_is_a_key_error(case) -> None:
    with pytest.raises(KeyError, match="No claim 'C99'"):
        ck.claim_explorer(case, "C99")


def test_links_only_for_web_addresses() -> None:
    assert _safe_link("javascript:alert(1)", "x") == "x"
    link = _safe_link('https://example.org/a"b', "<b>t</b>")
    assert 'href="https://example.org/a&quot;b"' in link
    assert "&lt;b&gt;t&lt;/b&gt;" in link


# --------------------------------------------------------------------- highlighter

ATTACKS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


def test_highlighter_default_text_is_a_hedge_rich_paragraph_of_the_article(case) -> None:
    w = ck.highlighter(case=case)
    assert w.textarea.value in case.article
    assert "seen by some" in w.textarea.value
    assert "ck-highlighter" in w._dom_classes
    _assert_labelled(w)


def test_highlighter_shows_a_hedge_with_its_explanation() -> None:
    w = ck.highlighter("The talks may resume next week.")
    w.textarea.value = "Officials say the ceasefire may hold."
    assert 'data-kind="hedge"' in w.html.value
    # The hedge's explanation, as the lexicon gives it.
    (may,) = bundled_lexicon("hedges").lookup("may")
    assert html.escape(may.explanation) in w.html.value
    assert "ceasefire" in w.html.value


@pytest.mark.parametrize("attack", ATTACKS)
def test_highlighter_never_injects_user_markup(attack: str) -> None:
    w = ck.highlighter("placeholder")
    w.textarea.value = f"Analysts say it may work. {attack}"
    assert attack not in w.html.value
    assert html.escape(attack) in w.html.value
    assert "<script" not in w.html.value and "<img" not in w.html.value


def test_highlighter_cuts_very_long_text_with_a_notice() -> None:
    w = ck.highlighter("short")
    w.textarea.value = "It may rain. " * 3000
    assert "only the first 20,000 are analysed" in w.html.value


def test_highlighter_empty_text_asks_for_some() -> None:
    w = ck.highlighter("x")
    w.textarea.value = "   "
    assert "Paste or type some text" in w.html.value


# -------------------------------------------------------------------- known on day


def _public_events(w) -> set[str]:
    import re

    public = w.html.value.split("class='ck-public'>", 1)[1].split("</ul>", 1)[0]
    return set(re.findall(r'data-event="(E\d+)"', public))


def test_known_on_day_moves_with_the_slider(case) -> None:
    w = ck.known_on_day(case)
    assert w.slider.value == "2025-08-08"
    w.slider.value = "2025-08-07"
    assert "E11" not in _public_events(w)
    assert "E05" in _public_events(w)
    w.slider.value = "2025-08-09"
    assert "E11" in _public_events(w)
    assert "On Saturday 9 August 2025" in w.html.value


def test_known_on_day_lists_claims_that_do_not_fit(case) -> None:
    w = ck.known_on_day(case, "2025-08-08")
    misfit = w.html.value.split("class='ck-misfit'>", 1)[1]
    fit = w.html.value.split("class='ck-fit'>", 1)[1].split("</ul>", 1)[0]
    # "feel-out meeting" was said on 11 August; "location not announced" fits 8 August.
    assert 'data-claim="C16"' in misfit
    assert 'data-claim="C27"' in fit
    w.slider.value = "2025-08-13"
    fit = w.html.value.split("class='ck-fit'>", 1)[1].split("</ul>", 1)[0]
    assert 'data-claim="C16"' in fit
    assert 'data-claim="C27"' not in fit


def test_known_on_day_slider_covers_the_case_window(case) -> None:
    w = ck.known_on_day(case)
    days = [value for _label, value in w.slider.options]
    assert days[0] == "2025-07-28" and days[-1] == "2025-08-30" and len(days) == 34
    assert w.slider.options[11][0] == "Fri 8 Aug"
    assert "ck-known-on-day" in w._dom_classes
    _assert_labelled(w)


def test_known_on_day_rejects_a_day_outside_the_window(case) -> None:
    with pytest.raises(ValueError, match="outside the case's window"):
        ck.known_on_day(case, "2025-09-15")


# ------------------------------------------------------------------------ analyzer


def test_analyzer_rejects_a_file_that_is_not_utf8() -> None:
    w = ck.analyzer()
    w.upload.value = (
        {
            "name": "article.txt",
            "type": "text/plain",
            "size": 9,
            "content": memoryview("Café naïf".encode("latin-1")),
            "last_modified": datetime.datetime(2025, 8, 8, tzinfo=datetime.timezone.utc),
        },
    )
    assert "article.txt is not UTF-8 text" in w.message.value
    assert "save it as &#x27;UTF-8&#x27; plain text" in w.message.value
    assert w.textarea.value == ""


def test_analyzer_loads_a_utf8_file_and_analyses_it() -> None:
    w = ck.analyzer()
    assert w.load_file("note.txt", b"Critics say the plan may fail.")
    assert "Loaded note.txt (30 characters)" in w.message.value
    w.button.click()
    assert w.report is not None
    assert 'data-kind="hedge"' in w.html.value
    assert 'download="coursekit-report.html"' in w.html.value


def test_analyzer_refuses_a_file_over_the_size_limit() -> None:
    w = ck.analyzer()
    assert not w.load_file("big.txt", b"a" * (ck.MAX_UPLOAD_BYTES + 1))
    assert "the limit is 200,000 bytes" in w.message.value


def test_analyzer_without_text_says_what_to_do() -> None:
    w = ck.analyzer()
    w.button.click()
    assert "There is no text yet" in w.message.value
    assert w.report is None


def test_analyzer_escapes_uploaded_markup() -> None:
    w = ck.analyzer()
    w.load_file("x.txt", ATTACKS[1].encode())
    w.button.click()
    assert ATTACKS[1] not in w.html.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in w.html.value


def test_analyzer_is_labelled_and_classed() -> None:
    w = ck.analyzer()
    assert "ck-analyzer" in w._dom_classes
    _assert_labelled(w)


# -------------------------------------------------------------------- static views


def test_static_claim_explorer_shows_the_default_claim_and_chart(static: None, case) -> None:
    explorer = ck.claim_explorer(case)
    assert isinstance(explorer, ck.StaticView)
    assert 'class="ck-static ck-claim-explorer"' in explorer.html
    assert "reportedly supported" in explorer.html and "<svg" in explorer.html


def test_static_known_on_day_shows_the_default_day_and_chart(static: None, case) -> None:
    known = ck.known_on_day(case)
    assert isinstance(known, ck.StaticView)
    assert "On Friday 8 August 2025" in known.html and "<svg" in known.html
    assert 'class="ck-static ck-known-on-day"' in known.html
    assert 'role="img" aria-label="' in known.html


def test_static_highlighter_and_analyzer_show_a_report(static: None, case) -> None:
    high = ck.highlighter(case=case)
    assert isinstance(high, ck.StaticView)
    assert "seen by some" in high.html and 'data-kind="vague-attribution"' in high.html
    tool = ck.analyzer()
    assert isinstance(tool, ck.StaticView)
    assert "FICTIONAL ITEM" in tool.html and "<svg" in tool.html


# ----------------------------------------------------------------- practice article


def test_practice_article_says_it_is_fictional_and_has_the_right_length() -> None:
    text = ck.practice_article()
    first = text.splitlines()[0]
    assert first.startswith("FICTIONAL PRACTICE ARTICLE")
    assert "do not exist" in first
    assert 350 <= len(text.split()) <= 450


def test_practice_key_spans_match_the_article() -> None:
    text = ck.practice_article()
    key = ck.practice_key()
    assert key["fictional"] is True
    problems = key["problems"]
    assert len({p["id"] for p in problems}) == len(problems)
    for problem in problems:
        assert text[problem["start"] : problem["end"]] == problem["text"], problem["id"]
        if "other" in problem:
            other = problem["other"]
            assert text[other["start"] : other["end"]] == other["text"], problem["id"]
    kinds = {p["kind"] for p in problems}
    assert {
        "hedge",
        "vague-attribution",
        "attribution",
        "internal-contradiction",
        "date-weekday-mismatch",
        "citation-date-mismatch",
        "anachronism",
    } <= kinds


def test_practice_weekday_is_really_wrong() -> None:
    # The key says 14 November 2025 was a Friday; check with the calendar, not the analyser.
    assert datetime.date(2025, 11, 14).strftime("%A") == "Friday"
    assert "Thursday, 14 November 2025" in ck.practice_article()


def _practice_problems() -> list[dict]:
    return [p for p in ck.practice_key()["problems"] if p["analyser"]]


@pytest.mark.parametrize("problem", _practice_problems(), ids=lambda p: f"{p['id']}-{p['kind']}")
def test_analyser_finds_each_planted_problem(problem: dict) -> None:
    import coursekit

    report = coursekit.analyze(ck.practice_article())
    hits = [
        f
        for f in report.findings
        if f.kind == problem["kind"] and f.start < problem["end"] and problem["start"] < f.end
    ]
    assert hits, f"{problem['id']}: no {problem['kind']} finding over {problem['text']!r}"
