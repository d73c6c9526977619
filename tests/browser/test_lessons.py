"""Every lesson runs cleanly in JupyterLab in Chromium, and its widgets respond.

Each notebook is opened once (in its own workspace), run with Run > Run All Cells,
and checked the way a learner would see it: no error outputs, every chart drawn,
every widget rendered, no console errors from the kit, nothing fetched from outside
the machine. The interaction tests then use the same page.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import axecheck
import pytest
from labdriver import NotebookRun
from playwright.sync_api import expect

from coursekit.course import LESSONS

NUMBERS = [lesson.number for lesson in LESSONS]


def _lesson_params(numbers: list[str]) -> list[Any]:
    return [pytest.param(n, id=n, marks=pytest.mark.lesson(n)) for n in numbers]


def _text(locator: Any) -> str:
    # textContent, not innerText: JupyterLab skips rendering off-screen cells
    # (content-visibility), and innerText of a skipped element is empty.
    return " ".join((locator.text_content() or "").split())


@pytest.mark.parametrize("number", _lesson_params(NUMBERS))
def test_lesson_runs_clean(number: str, lessons: Any, record_property: Any) -> None:
    run, problems = lessons.get(number)
    record_property("browser_timing", dict(run.timings))
    assert not problems, f"lesson {number} in the browser:\n- " + "\n- ".join(problems)
    dom = run.dom()
    assert dom["charts"] >= 1, f"lesson {number} shows no Altair chart"
    assert dom["widgetOutputs"] >= 1, f"lesson {number} shows no widget"


@pytest.mark.parametrize("number", _lesson_params(NUMBERS))
def test_lesson_fits_the_screen(number: str, lessons: Any) -> None:
    """At 1280x900 with the file browser open, no output needs a horizontal scrollbar."""
    run, _ = lessons.get(number)
    overflowing = run.dom()["overflowing"]
    assert not overflowing, f"lesson {number}: outputs wider than the notebook:\n- " + (
        "\n- ".join(overflowing)
    )


@pytest.mark.parametrize("number", _lesson_params(NUMBERS))
def test_lesson_axe_audit(
    number: str, lessons: Any, record_property: Any, artifacts_dir: Path
) -> None:
    """axe-core finds no serious or critical problem in the lesson's outputs.

    The rules run on the whole page; violations in the output areas (text, tables,
    widgets, charts) are the kit's, the rest are JupyterLab's own and are only listed
    in the "accessibility audit" table at the end of the run.
    """
    run, _ = lessons.get(number)
    found = axecheck.audit(
        run.page, f"lesson {number}", kit=f'[id="{run.panel_id}"] .jp-OutputArea-output'
    )
    record_property("axe_violations", [asdict(v) for v in found])
    axecheck.save(found, artifacts_dir / f"axe-lesson-{number}.json")
    bad = axecheck.blocking(found)
    assert not bad, f"lesson {number}: serious or critical violations in the outputs:\n" + (
        axecheck.describe(bad)
    )


_CHARTS_JS = """(panelId) => {
  const panel = document.getElementById(panelId);
  const text = (el) => (el.textContent || '').replace(/\\s+/g, ' ').trim();
  return [...panel.querySelectorAll('.vega-embed')].map(embed => {
    const doc = embed.matches('[role="graphics-document"]') ? embed
        : embed.querySelector('[role="graphics-document"]');
    const cell = embed.closest('.jp-Cell');
    const next = cell && cell.nextElementSibling;
    return {
      name: doc ? doc.getAttribute('aria-label') || '' : '',
      svg: !!embed.querySelector('svg.marks'),
      canvas: !!embed.querySelector('canvas'),
      title: [...embed.querySelectorAll('[aria-roledescription="title"]')]
          .map(el => el.getAttribute('aria-label') || ''),
      marks: embed.querySelectorAll('[role="graphics-symbol"][aria-label]').length,
      inWidget: !!embed.closest('[class*="ck-"]'),
      // The text printed with the chart: its own output area, or the next cell's.
      printed: (cell ? text(cell) : '') + ' ' + (next ? text(next) : ''),
    };
  });
}"""


@pytest.mark.parametrize("number", _lesson_params(NUMBERS))
def test_charts_speak_their_description(number: str, lessons: Any) -> None:
    """Every chart is drawn as SVG; its accessible name is its description.

    Vega gives the chart's element the role ``graphics-document`` named by the
    Vega-Lite ``description``; the SVG renderer also names the title, the axes and the
    marks. A chart in the lesson text has its description printed next to it.
    """
    run, _ = lessons.get(number)
    charts = run.page.evaluate(_CHARTS_JS, run.panel_id)
    assert charts, f"lesson {number} shows no chart"
    for index, chart in enumerate(charts):
        where = f"lesson {number}, chart {index + 1} ({chart['name'][:60]!r})"
        assert chart["svg"] and not chart["canvas"], f"{where} is not drawn as SVG"
        assert len(chart["name"]) > 20, f"{where} has no description as its accessible name"
        assert chart["title"] and all(t.startswith("Title text") for t in chart["title"]), where
        assert chart["marks"] > 0, f"{where}: no mark or axis has an accessible label"
        if not chart["inWidget"]:
            assert chart["name"] in chart["printed"], (
                f"{where}: its description is not printed next to it"
            )


@pytest.mark.parametrize("number", _lesson_params(NUMBERS))
def test_quiz_gives_feedback(number: str, lessons: Any) -> None:
    run, _ = lessons.get(number)
    page = run.page
    quiz = page.locator(".ck-quiz").first
    quiz.scroll_into_view_if_needed()
    option = quiz.locator(".widget-radio-box label, .widget-checkbox label").first
    chosen = _text(option)
    option.click()
    quiz.get_by_role("button", name="Check").click()
    feedback = quiz.locator(".ck-quiz-feedback")
    feedback.wait_for(state="visible", timeout=10_000)
    shown = _text(feedback)
    assert re.match(r"(Correct\.|Not quite\.)", shown), shown
    # The explanation is the one for the option clicked, not a generic message.
    assert chosen in shown, f"feedback {shown!r} does not mention the chosen option {chosen!r}"


def _panel(run: NotebookRun) -> Any:
    return run.page.locator(f'[id="{run.panel_id}"]')


@pytest.mark.lesson("02")
def test_claim_explorer_follows_the_dropdown(lessons: Any) -> None:
    import coursekit

    claims = coursekit.load_case("summit-2025").claims.set_index("claim_id")
    run, _ = lessons.get("02")
    explorer = _panel(run).locator(".ck-claim-explorer").first
    explorer.scroll_into_view_if_needed()
    select = explorer.locator("select").first
    shown_claim = explorer.locator(".ck-claim-text").first
    before_claim = _text(shown_claim)
    before_evidence = _text(explorer.locator("table").first)
    before_chart = explorer.locator(CHART_NAME).first.get_attribute("aria-label")
    values = [o.get_attribute("value") or "" for o in select.locator("option").all()]
    target = next((value for value in values if value.startswith("C26:")), None)
    assert target, f"no claim C26 in the explorer's list: {values[:5]}..."
    assert before_claim != _text_of(claims.loc["C26", "text"]), "C26 is already shown"

    select.select_option(value=target)
    # The widget replaces its HTML, so the claim element is looked up afresh each time.
    run.page.wait_for_function(
        """([tool, text]) => {
            const el = tool.querySelector('.ck-claim-text');
            return el !== null && el.textContent.replace(/\\s+/g, ' ').trim() === text;
        }""",
        arg=[explorer.element_handle(), _text_of(claims.loc["C26", "text"])],
        timeout=10_000,
    )
    facts = _text(explorer.locator(".ck-claim-facts").first)
    assert "contradicted" in facts, facts  # C26's verdict in the case data
    assert _text(explorer.locator("table").first) != before_evidence, "evidence did not change"
    run.page.wait_for_function(
        _CHART_LABEL_JS, arg=[explorer.element_handle(), before_chart], timeout=15_000
    )
    # Source links open in a new tab without giving that page control of this one.
    links = explorer.locator("table a[href^='http']").all()
    assert links, "the evidence table has no source links"
    for link in links:
        href = link.get_attribute("href")
        assert link.get_attribute("target") == "_blank", href
        assert "noopener" in (link.get_attribute("rel") or ""), href


def _text_of(value: object) -> str:
    return " ".join(str(value).split())


#: The element that carries a chart's accessible name (Vega: role graphics-document,
#: named by the chart's description).
CHART_NAME = '.vega-embed[role="graphics-document"], .vega-embed [role="graphics-document"]'

_CHART_LABEL_JS = (
    """
([tool, old]) => {
  // Re-query each time: redrawing the chart may replace its elements.
  const el = tool.querySelector('"""
    + CHART_NAME
    + """');
  return el !== null && el.getAttribute('aria-label') !== old;
}
"""
)


#: Where the analysis report marks a hedge: the highlighted segment and the findings list.
HEDGE_MARKS = "[data-kinds~='hedge'], [data-kind='hedge']"


@pytest.mark.lesson("03")
def test_highlighter_finds_a_typed_hedge(lessons: Any) -> None:
    run, _ = lessons.get("03")
    tool = _panel(run).locator(".ck-highlighter").first
    tool.scroll_into_view_if_needed()
    box = tool.locator("textarea").first
    box.fill("The plan may fail.")
    box.press("Tab")  # the widget updates on change (blur), like a learner leaving the box
    # Wait for the re-analysis itself: the default paragraph also has a "may", so waiting
    # for any hedge mark would race the update. Then only the typed sentence is shown.
    # (A screen reader hears "hedge: " before the mark; the text is in the page too.)
    expect(tool.locator(".ck-text").first).to_have_text(
        re.compile(r"^\s*The plan (hedge: )?may"), timeout=10_000
    )
    hedge = tool.locator(HEDGE_MARKS).filter(has_text="may")
    hedge.first.wait_for(timeout=10_000)
    assert "hedge" in _text(tool).lower()


def _public_count(text: str) -> int:
    found = re.search(r"Public by this day: (\d+) of \d+ events", text)
    assert found, f"the known-on-day view does not say how many events were public: {text[:300]}"
    return int(found.group(1))


@pytest.mark.lesson("04")
def test_known_on_day_slider_changes_the_view(lessons: Any) -> None:
    run, _ = lessons.get("04")
    tool = _panel(run).locator(".ck-known-on-day").first
    tool.scroll_into_view_if_needed()
    handle = tool.locator("[role='slider']").first
    readout = tool.locator(".widget-readout").first
    before_day = _text(readout)
    before_public = _public_count(_text(tool))
    before_chart = tool.locator(CHART_NAME).first.get_attribute("aria-label")
    handle.focus()
    for _ in range(3):  # three days later, with the keyboard as a learner might
        handle.press("ArrowRight")
    run.page.wait_for_function(
        "([el, old]) => el.textContent.trim() !== old",
        arg=[readout.element_handle(), before_day],
        timeout=10_000,
    )
    # The chart is redrawn for the new day (its text alternative names the day's counts).
    run.page.wait_for_function(
        _CHART_LABEL_JS, arg=[tool.element_handle(), before_chart], timeout=15_000
    )
    # The lists follow the slider: "On Monday 11 August 2025" for the readout "Mon 11 Aug".
    _weekday, day, month = _text(readout).split()
    heading = re.compile(rf"On \w+ {day} {month}\w* 2025")
    run.page.wait_for_function(
        "([el, pattern]) => new RegExp(pattern).test(el.textContent)",
        arg=[tool.element_handle(), heading.pattern],
        timeout=10_000,
    )
    assert _public_count(_text(tool)) >= before_public


@pytest.mark.lesson("05")
def test_analyzer_analyses_pasted_text(lessons: Any) -> None:
    run, _ = lessons.get("05")
    tool = _panel(run).locator(".ck-analyzer").first
    tool.scroll_into_view_if_needed()
    charts_before = tool.locator(".vega-embed").count()
    box = tool.locator("textarea").first
    box.fill("Officials say the talks may be delayed, according to sources close to the team.")
    tool.get_by_role("button", name=re.compile("Analy[sz]e")).click()
    tool.locator(HEDGE_MARKS).filter(has_text="may").first.wait_for(timeout=15_000)
    vague = tool.locator("[data-kinds~='vague-attribution'], [data-kind='vague-attribution']")
    assert vague.count() >= 1, "'sources close to' was not reported as a vague source"
    # The findings chart is drawn under the report.
    drawn = tool.locator(".vega-embed").filter(has=run.page.locator("svg, canvas"))
    drawn.last.wait_for(timeout=15_000)
    assert drawn.count() > charts_before


# -- keyboard alone -----------------------------------------------------------------------
# Each widget is reached with Tab from the point just before it, operated with the keys
# a learner would use (arrows, Enter, Space, typing), shows a visible focus ring on the
# focused control, and announces its result in a polite live region (``.ck-announce``).

_FOCUSED_JS = """(tool) => {
  const el = document.activeElement;
  if (!el || !tool.contains(el)) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', role: el.getAttribute('role') || '',
    text: (el.textContent || el.value || '').trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) || 0 : 0,
    shadow: style.boxShadow,
  };
}"""


def _tab_to(run: NotebookRun, tool: Any, want: Any, *, start: bool = True, limit: int = 12) -> dict:
    """Press Tab until the focused control inside ``tool`` satisfies ``want``.

    With ``start``, focus first goes to the output area just before the widget (made
    focusable for the test only), so the widget is entered with Tab like from the text
    above it.
    """
    if start:
        tool.evaluate(
            """(el) => { const out = el.closest('.jp-OutputArea-output');
                         out.setAttribute('tabindex', '-1'); out.focus(); }"""
        )
    seen = []
    for _ in range(limit):
        run.page.keyboard.press("Tab")
        focused = tool.evaluate(_FOCUSED_JS)
        seen.append(focused)
        if focused and want(focused):
            return focused
    raise AssertionError(f"Tab never reached the control; focus went to: {seen}")


def _assert_focus_ring(focused: dict) -> None:
    assert focused["outline"] >= 2 or focused["shadow"] not in ("", "none"), (
        f"no visible focus ring on the focused {focused}"
    )


def _announced(run: NotebookRun, tool: Any, pattern: str) -> str:
    run.page.wait_for_function(
        "([el, p]) => { const r = el.querySelector('.ck-announce');"
        " return r !== null && new RegExp(p).test(r.textContent); }",
        arg=[tool.element_handle(), pattern],
        timeout=15_000,
    )
    region = tool.locator(".ck-announce").first
    assert region.get_attribute("aria-live") == "polite"
    return _text(region)


@pytest.mark.lesson("02")
def test_claim_explorer_by_keyboard(lessons: Any) -> None:
    run, _ = lessons.get("02")
    explorer = _panel(run).locator(".ck-claim-explorer").first
    explorer.scroll_into_view_if_needed()
    before = _text(explorer.locator(".ck-claim-text").first)
    before_value = explorer.locator("select").first.input_value()
    focused = _tab_to(run, explorer, lambda f: f["tag"] == "select")
    _assert_focus_ring(focused)
    run.page.keyboard.press("ArrowDown")  # the next claim, with the keyboard alone
    run.page.wait_for_function(
        "([tool, old]) => { const el = tool.querySelector('.ck-claim-text');"
        " return el && el.textContent.replace(/\\s+/g, ' ').trim() !== old; }",
        arg=[explorer.element_handle(), before],
        timeout=10_000,
    )
    value = explorer.locator("select").first.input_value()
    assert value != before_value
    said = _announced(run, explorer, f"^Claim {re.escape(value.split(':')[0])}\\. Verdict:")
    assert "Verdict" in said


@pytest.mark.lesson("04")
def test_known_on_day_by_keyboard(lessons: Any) -> None:
    run, _ = lessons.get("04")
    tool = _panel(run).locator(".ck-known-on-day").first
    tool.scroll_into_view_if_needed()
    readout = tool.locator(".widget-readout").first
    before = _text(readout)
    focused = _tab_to(run, tool, lambda f: f["role"] == "slider")
    _assert_focus_ring(focused)
    run.page.keyboard.press("ArrowLeft")
    run.page.wait_for_function(
        "([el, old]) => el.textContent.trim() !== old",
        arg=[readout.element_handle(), before],
        timeout=10_000,
    )
    _weekday, day, month = _text(readout).split()
    said = _announced(run, tool, rf"^On \w+ {day} {month}\w* 2025\. Public by this day: \d+ of")
    assert "events" in said


@pytest.mark.lesson("03")
def test_highlighter_by_keyboard(lessons: Any) -> None:
    run, _ = lessons.get("03")
    tool = _panel(run).locator(".ck-highlighter").first
    tool.scroll_into_view_if_needed()
    focused = _tab_to(run, tool, lambda f: f["tag"] == "textarea")
    _assert_focus_ring(focused)
    run.page.keyboard.press("Control+A")
    run.page.keyboard.type("Critics say the bridge could clearly open late.")
    focused = _tab_to(run, tool, lambda f: f["text"] == "Highlight", start=False)
    _assert_focus_ring(focused)
    run.page.keyboard.press("Space")
    tool.locator(HEDGE_MARKS).filter(has_text="could").first.wait_for(timeout=15_000)
    said = _announced(run, tool, r"^\d+ findings: .*hedge")
    assert "booster" in said and "vague-attribution" in said, said
    # Each mark starts with its kind for a screen reader, in text the page does not show.
    spoken = [_text(el) for el in tool.locator(".ck-sr").all()]
    assert {"hedge:", "booster:", "vague source:"} <= set(spoken), spoken
    hidden = tool.locator(".ck-sr").first.bounding_box()
    assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1


@pytest.mark.lesson("05")
def test_analyzer_by_keyboard(lessons: Any) -> None:
    run, _ = lessons.get("05")
    tool = _panel(run).locator(".ck-analyzer").first
    tool.scroll_into_view_if_needed()
    focused = _tab_to(run, tool, lambda f: f["tag"] == "textarea")
    _assert_focus_ring(focused)
    run.page.keyboard.press("Control+A")
    run.page.keyboard.type("Critics say the plan could fail.")
    focused = _tab_to(run, tool, lambda f: f["text"] == "Analyse", start=False)
    _assert_focus_ring(focused)
    run.page.keyboard.press("Enter")
    tool.locator(HEDGE_MARKS).filter(has_text="could").first.wait_for(timeout=15_000)
    said = _announced(run, tool, r"Analysed \d+ characters\. \d+ findings")
    assert "hedge" in said


@pytest.mark.lesson("02")
def test_source_finder_by_keyboard(lessons: Any) -> None:
    run, _ = lessons.get("02")
    tool = _panel(run).locator(".ck-source-finder").first
    tool.scroll_into_view_if_needed()
    focused = _tab_to(run, tool, lambda f: f["tag"] == "input" and f["type"] == "text")
    _assert_focus_ring(focused)
    run.page.keyboard.press("Control+A")
    run.page.keyboard.type("Alaska")
    run.page.keyboard.press("Enter")
    said = _announced(run, tool, r"page\(s\) match Alaska")
    assert "Best match first" in said
    # Tab on to the first result's "Who is behind" button and open it with Space.
    focused = _tab_to(
        run, tool, lambda f: f["text"].startswith("Who is behind"), start=False, limit=30
    )
    _assert_focus_ring(focused)
    behind_before = tool.locator(".ck-behind").count()
    run.page.keyboard.press(" ")
    run.page.wait_for_function(
        "([el, n]) => el.querySelectorAll('.ck-behind').length > n",
        arg=[tool.element_handle(), behind_before],
        timeout=10_000,
    )


@pytest.mark.lesson("02")
def test_search_log_form_by_keyboard(lessons: Any) -> None:
    run, _ = lessons.get("02")
    tool = _panel(run).locator(".ck-search-log-form").first
    tool.scroll_into_view_if_needed()
    focused = _tab_to(run, tool, lambda f: f["tag"] == "input" and f["type"] == "text")
    _assert_focus_ring(focused)
    run.page.keyboard.type("Alaska summit venue")  # what was searched
    run.page.keyboard.press("Tab")
    run.page.keyboard.type("a search engine")  # where
    focused = _tab_to(run, tool, lambda f: f["text"] == "Save to my search log", start=False)
    _assert_focus_ring(focused)
    run.page.keyboard.press("Enter")
    said = _announced(run, tool, r"^Saved: Alaska summit venue")
    assert said.startswith("Saved")
    # The log below the form lists the saved search.
    expect(tool.locator("table").first).to_contain_text("Alaska summit venue", timeout=10_000)
