"""Hostile text stays text: in the notebook widgets and in the CLI's HTML report.

Also a self-test of the harness: a notebook with a deliberate error, a remote image
and a widget proves that the checks used on the lessons do catch problems.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from labdriver import LabServer, NetworkGuard, NotebookRun, write_scratch_notebook

#: What an attacker might paste. Every variant sets window.__xss or opens a dialog if it
#: ever runs; the harmless sentence with "may" proves the analysis itself still ran.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '<a href="javascript:window.__xss=1">click me</a>',
    "<svg onload=\"alert('svg')\"></svg>",
    "<img src=y onerror=\"alert('img')\">",
)
HOSTILE_TEXT = "The plan may fail. " + " ".join(PAYLOADS) + " Analysts say it could work."


def _assert_inert(page: Any, scope: Any, where: str, injected_requests: list[str]) -> None:
    """Nothing in HOSTILE_TEXT ran, and it is shown literally."""
    assert page.evaluate("() => window.__xss") is None, f"{where}: injected code ran"
    assert scope.locator("script").filter(has_text="__xss").count() == 0, where
    assert scope.locator("img[src='x'], img[src='y'], svg[onload]").count() == 0, where
    assert scope.locator("a[href^='javascript']").count() == 0, where
    assert not injected_requests, f"{where}: injected <img> fetched {injected_requests}"
    shown = scope.text_content() or ""
    for payload in PAYLOADS:
        assert payload in shown, f"{where}: {payload!r} is not shown as literal text"


def _injected_request_log(page: Any) -> list[str]:
    """URLs requested for the payloads' <img src=x> / <img src=y> (only if injected)."""
    seen: list[str] = []
    page.on(
        "request",
        lambda request: (
            seen.append(request.url) if re.search(r"/(x|y)$", request.url.split("?")[0]) else None
        ),
    )
    return seen


# -- in JupyterLab ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def widget_page(lab_context: Any, lab_server: LabServer, network_guard: NetworkGuard) -> Any:
    """A scratch notebook with the highlighter and the analyzer, run in the browser."""
    path = "browser-checks/widgets.ipynb"
    write_scratch_notebook(
        lab_server.root / path,
        [
            "import coursekit\ncoursekit.setup()\nfrom coursekit import widgets",
            "highlighter = widgets.highlighter('A first sentence.')\nhighlighter",
            "analyzer = widgets.analyzer()\nanalyzer",
        ],
    )
    run = NotebookRun(lab_context, lab_server, path, workspace="security")
    try:
        problems = run.open_and_run(network_guard)
        assert not problems, "the widget notebook did not run cleanly:\n- " + "\n- ".join(problems)
        yield run
    finally:
        run.close()


@pytest.mark.parametrize(
    ("css", "button"), [("ck-highlighter", None), ("ck-analyzer", re.compile("Analy[sz]e"))]
)
def test_widget_shows_hostile_text_literally(widget_page: NotebookRun, css: str, button: Any):
    page = widget_page.page
    injected = _injected_request_log(page)
    tool = page.locator(f".{css}").first
    tool.scroll_into_view_if_needed()
    box = tool.locator("textarea").first
    box.fill(HOSTILE_TEXT)
    box.press("Tab")
    if button is not None:
        tool.get_by_role("button", name=button).click()
    # The update is done when the payload appears in the rendered report.
    tool.locator(":not(textarea)", has_text="window.__xss=1").first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)  # give an injected onerror/onload time to fire, if any
    report = tool.locator(".widget-html, .jupyter-widgets-output-area, .widget-output")
    assert report.count() > 0, f"{css}: no rendered report found"
    _assert_inert(page, tool, css, injected)
    assert not widget_page.dialogs, f"{css}: a dialog opened: {widget_page.dialogs}"
    assert "hedge" in (tool.text_content() or "").lower(), (
        f"{css}: the hedge 'may' was not reported"
    )


# -- the CLI's HTML report in Chromium ------------------------------------------------------


def test_cli_html_report_is_inert_and_offline(browser: Any, tmp_path: Path) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE_TEXT + "\n", encoding="utf-8")
    report = tmp_path / "report.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "coursekit.cli",
            "analyze",
            str(source),
            "--format",
            "html",
            "--output",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    guard = NetworkGuard()
    context = browser.new_context()
    context.route("**/*", guard.handle)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    injected = _injected_request_log(page)
    try:
        page.goto(report.as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        _assert_inert(page, page.locator("body"), "HTML report", injected)
        assert not dialogs, f"HTML report opened a dialog: {dialogs}"
        assert not guard.blocked, f"the HTML report tried to reach the network: {guard.blocked}"
        assert "hedge" in (page.locator("body").text_content() or "").lower()
    finally:
        context.close()


# -- the harness catches what it is meant to catch -----------------------------------------


def test_harness_catches_errors_remote_requests_and_injection(
    lab_context: Any, lab_server: LabServer, network_guard: NetworkGuard
) -> None:
    path = "browser-checks/harness-self-test.ipynb"
    write_scratch_notebook(
        lab_server.root / path,
        [
            "from IPython.display import HTML\n"
            'HTML(\'<img alt="remote" src="https://cdn.example.org/pixel.png">\')',
            "import ipywidgets\nipywidgets.IntSlider(description='n')",
            # A deliberately unsafe widget: raw user text as HTML. The checks must flag it.
            f"unsafe = ipywidgets.HTML({HOSTILE_TEXT!r})\nunsafe.add_class('ck-unsafe')\nunsafe",
            "raise ValueError('deliberate failure for the harness self-test')",
            "print('never runs: Run All stops at the error')",
        ],
    )
    run = NotebookRun(lab_context, lab_server, path, workspace="harness")
    blocked_before = len(network_guard.blocked)
    try:
        injected = _injected_request_log(run.page)
        run.open()
        state = run.run_all(timeout=60)
        dom = run.wait_rendered(timeout=10)
        problems = run.problems(state, dom, network_guard.blocked[blocked_before:])
        with pytest.raises(AssertionError, match="injected code ran"):
            _assert_inert(run.page, run.page.locator(".ck-unsafe"), "unsafe widget", injected)
        assert run.dialogs, "the unsafe widget's alert() was not noticed"
    finally:
        run.close()
    joined = "\n".join(problems)
    assert "error output ValueError: deliberate failure" in joined, joined
    assert "tried to reach the network: image https://cdn.example.org/pixel.png" in joined, joined
    assert dom["widgetOutputs"] == 2 and dom["widgetsRendered"] == 2, dom
    assert not any("widget" in problem for problem in problems), joined
