"""Fixtures for the browser tests: one JupyterLab server, one Chromium, one page per notebook.

Skipping rules (see README.md in this folder):

- ``COURSEKIT_SKIP_BROWSER=1`` skips every browser test (an explicit opt-out);
- no Chromium at ``/usr/bin/chromium`` (or ``$COURSEKIT_CHROMIUM``), or no Playwright:
  the tests are skipped with the reason, except when ``CI`` is set, where they fail so
  a CI run can never pass without having driven a browser.

Playwright never downloads a browser here: it launches Debian's Chromium.
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from labdriver import (
    CHROMIUM_ARGS,
    LabServer,
    NetworkGuard,
    NotebookRun,
    redact,
    start_lab_server,
)

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
#: Screenshots and logs; gitignored (test-artifacts/ in .gitignore).
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = Path(os.environ.get("COURSEKIT_CHROMIUM", "/usr/bin/chromium"))
VIEWPORT = {"width": 1280, "height": 900}


def _missing_requirement() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return (
            f"Chromium not found at {CHROMIUM}. Install Debian's package "
            "(apt-get install chromium) or set COURSEKIT_CHROMIUM to a Chromium binary."
        )
    if importlib.util.find_spec("playwright") is None:
        return "the Playwright Python package is not installed (pip install -e '.[test]')."
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "lesson(number): a browser test that uses the page of lesson `number`"
    )


def _is_browser_item(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark, skip (when asked or impossible) and group the browser tests by lesson."""
    positions = [i for i, item in enumerate(items) if _is_browser_item(item)]
    if not positions:
        return
    browser_items = [items[i] for i in positions]
    skip_reason = None
    if os.environ.get("COURSEKIT_SKIP_BROWSER") == "1":
        skip_reason = "COURSEKIT_SKIP_BROWSER=1: browser tests skipped on request."
    elif (missing := _missing_requirement()) and not os.environ.get("CI"):
        skip_reason = f"Browser tests skipped: {missing}"
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if skip_reason:
            item.add_marker(pytest.mark.skip(reason=skip_reason))

    # One page per notebook: every test that uses lesson NN runs right after the others
    # for NN, so each notebook is opened and run once. Tests without a lesson keep their
    # order and come last.
    def key(indexed: tuple[int, pytest.Item]) -> tuple[str, int]:
        index, item = indexed
        marker = item.get_closest_marker("lesson")
        return (marker.args[0] if marker else "~", index)

    ordered = [item for _, item in sorted(enumerate(browser_items), key=key)]
    for position, item in zip(positions, ordered, strict=True):
        items[position] = item


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    """Remove the server token from failure reports and captured output."""
    outcome = yield
    report = outcome.get_result()
    if not _is_browser_item(item):
        return
    if report.longrepr is not None:
        text = str(report.longrepr)
        if redact(text) != text:
            report.longrepr = redact(text)
    report.sections = [(name, redact(content)) for name, content in report.sections]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect the timings the tests record (works in xdist workers' reports too)."""
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == "browser_timing":
            _SESSION_TIMINGS.append((report.nodeid, value))
        elif name == "axe_violations":
            _AXE_ROWS.extend(value)


_SESSION_TIMINGS: list[tuple[str, dict[str, float]]] = []
#: Every axe-core violation the accessibility tests recorded (see axecheck.py).
_AXE_ROWS: list[dict[str, Any]] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print each notebook's load-and-run time, the total and where the screenshots are.

    Then the accessibility audit: every axe-core violation found, grouped by scope
    (the kit's own outputs, or JupyterLab's interface around them), rule and impact.
    """
    write = terminalreporter.write_line
    if _AXE_ROWS:
        from axecheck import table

        terminalreporter.section("accessibility audit (axe-core violations)")
        for line in table(_AXE_ROWS):
            write(line)
    if not _SESSION_TIMINGS:
        return
    terminalreporter.section("browser timings (seconds)")
    write(f"{'test':<58} {'open':>6} {'run':>6} {'render':>7} {'total':>7}")
    total = 0.0
    for nodeid, timing in _SESSION_TIMINGS:
        name = nodeid.split("::", 1)[-1]
        write(
            f"{name:<58} {timing.get('open', 0):>6.1f} {timing.get('run', 0):>6.1f} "
            f"{timing.get('render', 0):>7.1f} {timing.get('total', 0):>7.1f}"
        )
        total += timing.get("total", 0.0)
    write(f"{'all notebooks':<58} {'':>6} {'':>6} {'':>7} {total:>7.1f}")
    write(f"screenshots: {ARTIFACTS}")


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``test-artifacts/browser/`` in the repository (gitignored); files are overwritten."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A JupyterLab server on a copy of the repository's notebooks and data."""
    if missing := _missing_requirement():
        pytest.fail(f"CI is set, so the browser tests must run, but {missing}")
    workdir = tmp_path_factory.mktemp("jupyterlab")
    copy = {name: REPO / name for name in ("notebooks", "data") if (REPO / name).is_dir()}
    overrides = REPO / "lab" / "overrides.json"
    server = start_lab_server(
        workdir, copy=copy, overrides=overrides if overrides.exists() else None
    )
    try:
        yield server
    finally:
        server.stop()
        log = server.log_tail(200)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        (ARTIFACTS / f"jupyterlab-{worker}.log").write_text(log + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright (never a downloaded browser)."""
    if missing := _missing_requirement():
        pytest.fail(f"CI is set, so the browser tests must run, but {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def network_guard() -> NetworkGuard:
    """Records every request that tried to leave the machine (all are aborted)."""
    return NetworkGuard()


@pytest.fixture(scope="session")
def lab_context(browser: Any, lab_server: LabServer, network_guard: NetworkGuard) -> Iterator[Any]:
    """A browser context logged in to the server, with the network guard installed."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="UTC")
    context.route("**/*", network_guard.handle)
    context.route_web_socket("**/*", network_guard.handle_websocket)
    try:
        # The token in the query string makes the server set its login cookie, which
        # the context's pages share. Errors are redacted so the token is never shown.
        response = context.request.get(f"{lab_server.url}/api/status?token={lab_server.token}")
        assert response.ok, f"logging in to JupyterLab failed: HTTP {response.status}"
    except Exception as exc:
        raise RuntimeError(redact(f"logging in to JupyterLab failed: {exc}")) from None
    try:
        yield context
    finally:
        context.close()


class LessonPages:
    """Opens and runs each lesson notebook once; keeps only the current one open."""

    def __init__(
        self, context: Any, server: LabServer, guard: NetworkGuard, artifacts: Path
    ) -> None:
        self.context = context
        self.server = server
        self.guard = guard
        self.artifacts = artifacts
        self.current: tuple[str, NotebookRun, list[str]] | None = None

    def get(self, number: str) -> tuple[NotebookRun, list[str]]:
        """The run of lesson ``number`` and the problems found while running it."""
        if self.current and self.current[0] == number:
            return self.current[1], self.current[2]
        self.close()
        from coursekit.course import lesson

        path = lesson(number).notebook
        if not (self.server.root / path).exists():
            pytest.fail(f"the lesson notebook {path} does not exist yet")
        run = NotebookRun(self.context, self.server, path, workspace=f"lesson-{number}")
        started = time.perf_counter()
        blocked_before = len(self.guard.blocked)
        problems: list[str] = []
        # current is set before running so a failure still closes the page and kernel
        self.current = (number, run, problems)
        run.open()
        state = run.run_all()
        dom = run.wait_rendered()
        run.timings["total"] = time.perf_counter() - started
        problems += run.problems(state, dom, self.guard.blocked[blocked_before:])
        run.screenshot(self.artifacts / f"{Path(path).stem}.png")
        return run, problems

    def close(self) -> None:
        if self.current is not None:
            _, run, _ = self.current
            self.current = None
            run.close()


@pytest.fixture(scope="session")
def lessons(
    lab_context: Any, lab_server: LabServer, network_guard: NetworkGuard, artifacts_dir: Path
) -> Iterator[LessonPages]:
    """Access to the lesson pages: ``run, problems = lessons.get("02")``."""
    pages = LessonPages(lab_context, lab_server, network_guard, artifacts_dir)
    try:
        yield pages
    finally:
        pages.close()
