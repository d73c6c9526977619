"""Drive a real JupyterLab server in headless Chromium for the browser tests.

The pieces, used by ``conftest.py`` and the test modules:

- :func:`start_lab_server` starts ``python -m jupyterlab`` from the test's own
  interpreter on 127.0.0.1 with a random token, in isolated Jupyter/IPython/home
  directories, and waits until ``/api/status`` answers.
- :class:`NetworkGuard` lets through only loopback, ``file:``, ``data:`` and ``blob:``
  requests and records every other request it aborted.
- :class:`NotebookRun` opens one notebook in its own JupyterLab workspace, runs all
  cells through the Run menu, waits until every code cell has run and every chart and
  widget has rendered, and collects the problems a learner would see.

Nothing here prints the token; :func:`redact` removes it from any text shown.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

__all__ = [
    "CHROMIUM_ARGS",
    "CONSOLE_ALLOW",
    "LOOPBACK_HOSTS",
    "PAGE_ERROR_ALLOW",
    "LabServer",
    "NetworkGuard",
    "NotebookRun",
    "redact",
    "start_lab_server",
    "write_scratch_notebook",
]

#: Chromium flags: no sandbox (containers, root), no GPU, and nothing that phones home.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

#: Browser console errors that are known to be harmless for a learner, each with a
#: regular expression and the reason. Anything not listed fails the test, so a new kind
#: of message is looked at before it is accepted. (Empty: the lessons log no errors.)
CONSOLE_ALLOW: tuple[tuple[str, str], ...] = ()

#: Uncaught page errors known to be harmless, with the reason; same rule as CONSOLE_ALLOW.
PAGE_ERROR_ALLOW: tuple[tuple[str, str], ...] = (
    (
        r"^\[anywidget\] Failed to initialize model\.$",
        "anywidget rejects a model's `ready` promise after a fixed 2 s (AbortSignal.timeout"
        "(2000) in its runtime) even when the model finishes initialising later. Altair's "
        "offline chart ships the whole Vega bundle as the widget's ES module, which can take "
        "longer to load on a busy 2-core machine. The chart still draws; the chart check "
        "(every .vega-embed has an svg/canvas) runs independently and fails if it does not.",
    ),
)

_TOKEN_REGISTRY: set[str] = set()


def write_scratch_notebook(path: Path, cells: list[str]) -> None:
    """Write a notebook of code ``cells`` at ``path`` for a browser test to open and run."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def redact(text: str) -> str:
    """Return ``text`` with every test token replaced by ``<token>``."""
    for token in _TOKEN_REGISTRY:
        text = text.replace(token, "<token>")
    return text


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LabServer:
    """A running JupyterLab server started by :func:`start_lab_server`."""

    url: str
    token: str = field(repr=False)
    root: Path
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)
    startup_seconds: float = 0.0

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call the server's REST API with the token; return the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel (frees CPU and memory between notebooks)."""
        for kernel in self.api("GET", "/api/kernels") or []:
            with contextlib.suppress(urllib.error.HTTPError):  # already gone
                self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server log, with the token removed."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return redact("\n".join(text.splitlines()[-lines:]))

    def stop(self) -> None:
        """Stop the server: shut its kernels down, SIGTERM (a clean shutdown), then kill."""
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.shutdown_kernels()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_lab_server(
    workdir: Path,
    *,
    copy: dict[str, Path],
    overrides: Path | None,
    timeout: float = 60.0,
) -> LabServer:
    """Start JupyterLab from this interpreter on a free loopback port.

    Parameters
    ----------
    workdir
        An empty temporary folder. It receives ``root/`` (the server's root, into which
        ``copy`` is copied), ``settings/`` (the app settings with ``overrides``), and the
        isolated Jupyter, IPython and home folders.
    copy
        Destination name inside ``root`` -> source folder or file in the repository.
    overrides
        The repository's ``lab/overrides.json`` (turns the news pop-up off), or None.
    timeout
        Seconds to wait for ``/api/status``.

    Returns
    -------
    LabServer
        The running server. Call :meth:`LabServer.stop` when done.
    """
    root = workdir / "root"
    root.mkdir(parents=True)
    for name, source in copy.items():
        if source.is_dir():
            shutil.copytree(
                source, root / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
            )
        else:
            shutil.copy2(source, root / name)
    app_settings = workdir / "app-settings"
    app_settings.mkdir()
    if overrides is not None:
        shutil.copy2(overrides, app_settings / "overrides.json")

    token = secrets.token_hex(24)
    _TOKEN_REGISTRY.add(token)
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTER")}
    # A learner's renderer choice must not leak in: the lessons must render interactively.
    env.pop("COURSEKIT_RENDERER", None)
    isolated = {
        "HOME": "home",
        "JUPYTER_CONFIG_DIR": "jupyter-config",
        "JUPYTER_DATA_DIR": "jupyter-data",
        "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
        "IPYTHONDIR": "ipython",
        "JUPYTERLAB_SETTINGS_DIR": "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "XDG_CACHE_HOME": "cache",
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "MPLCONFIGDIR": "mpl",
        "COURSEKIT_HOME": "coursekit-home",
    }
    for variable, name in isolated.items():
        (workdir / name).mkdir()
        env[variable] = str(workdir / name)
    env["JUPYTER_TOKEN"] = token  # never on the command line, where `ps` would show it
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"

    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.app_settings_dir={app_settings}",
        # window.jupyterapp: the tests read kernel status and cell execution counts from
        # the notebook model instead of guessing from the DOM.
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.terminals_enabled=False",
        "--LanguageServerManager.autodetect=False",
        # The default extension manager asks PyPI for listings; a classroom server must not.
        "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI runners often run as root
    log_path = workdir / "jupyterlab.log"
    log = log_path.open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = LabServer(
        url=f"http://127.0.0.1:{port}", token=token, root=root, log_path=log_path, process=process
    )
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {process.returncode} before answering on "
                f"port {port}. Server log:\n{server.log_tail()}"
            )
        try:
            server.api("GET", "/api/status")
            break
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(
                    f"JupyterLab did not answer /api/status within {timeout:.0f} s. "
                    f"Server log:\n{server.log_tail()}"
                ) from None
            time.sleep(0.2)
    server.startup_seconds = time.perf_counter() - started
    return server


class NetworkGuard:
    """Abort every request that would leave the machine, and remember it.

    Install with ``context.route("**/*", guard.handle)``. Loopback hosts and the
    ``file:``, ``data:`` and ``blob:`` schemes pass; everything else is aborted and
    recorded in :attr:`blocked` (as ``"<resource type> <url>"``).
    """

    def __init__(self) -> None:
        self.blocked: list[str] = []

    @staticmethod
    def allowed(url: str) -> bool:
        """True for URLs that stay on this machine."""
        parts = urlsplit(url)
        if parts.scheme in {"file", "data", "blob", "about", "chrome", "devtools"}:
            return True
        return (parts.hostname or "") in LOOPBACK_HOSTS

    def handle(self, route: Any) -> None:
        """Playwright route handler."""
        request = route.request
        if self.allowed(request.url):
            route.continue_()
        else:
            self.blocked.append(f"{request.resource_type} {request.url}")
            route.abort("internetdisconnected")

    def handle_websocket(self, ws_route: Any) -> None:
        """Playwright WebSocket route handler: loopback sockets connect, others close."""
        if self.allowed(ws_route.url):
            ws_route.connect_to_server()
        else:
            self.blocked.append(f"websocket {ws_route.url}")
            ws_route.close()


# JavaScript run in the page: state of the notebook that is the current JupyterLab widget.
_NOTEBOOK_STATE_JS = """
() => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return {ready: false, reason: 'JupyterLab app not exposed yet'};
  const panel = app.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model || !panel.sessionContext) {
    return {ready: false, reason: 'no notebook is the current widget'};
  }
  const ctx = panel.sessionContext;
  const cells = [];
  for (const cell of panel.content.model.cells) {
    const outputs = [];
    if (cell.type === 'code') {
      for (let i = 0; i < cell.outputs.length; i++) {
        const o = cell.outputs.get(i).toJSON();
        outputs.push({
          type: o.output_type,
          mimes: Object.keys(o.data || {}),
          name: o.name || null,
          ename: o.ename || null,
          evalue: o.evalue || null,
          text: o.output_type === 'stream' ? String(o.text).slice(0, 2000) : null,
          widget: (o.data && o.data['application/vnd.jupyter.widget-view+json'])
            ? o.data['application/vnd.jupyter.widget-view+json'].model_id : null,
        });
      }
    }
    cells.push({type: cell.type, count: cell.type === 'code' ? cell.executionCount : null,
                outputs});
  }
  return {
    ready: !!(ctx.session && ctx.session.kernel),
    path: ctx.path,
    kernel: ctx.kernelDisplayStatus,
    kernelName: ctx.kernelDisplayName,
    cells,
  };
}
"""

# JavaScript: how the outputs look in the DOM.
_DOM_STATE_JS = r"""
(panelId) => {
  const panel = document.getElementById(panelId);
  if (!panel) return null;
  // textContent: off-screen cells are not rendered (content-visibility), innerText is ''.
  const text = (el) => (el.textContent || '');
  const embeds = [...panel.querySelectorAll('.vega-embed')];
  // The widget renderer (ipywidgets and anywidget, including Altair's JupyterChart)
  // marks its output with no data-mime-type; every other renderer sets one.
  const widgetOutputs = [...panel.querySelectorAll('.jp-OutputArea-output:not([data-mime-type])')];
  return {
    charts: embeds.length,
    chartsDrawn: embeds.filter(e => e.querySelector('svg, canvas') &&
        e.getBoundingClientRect().width > 0).length,
    chartErrors: [...panel.querySelectorAll('.jp-OutputArea-output')]
        .map(text).filter(t => t.includes('JavaScript Error:')),
    widgetOutputs: widgetOutputs.length,
    widgetsRendered: widgetOutputs.filter(o => o.querySelector('.jupyter-widgets, .vega-embed')
        && !/Error displaying widget|Loading widget/i.test(text(o))).length,
    widgetPlaceholders: widgetOutputs.filter(o => /Loading widget|Error displaying widget/i
        .test(text(o))).map(o => text(o).slice(0, 200)),
    errorOutputs: [...panel.querySelectorAll('[data-mime-type="application/vnd.jupyter.error"]')]
        .map(o => text(o).slice(0, 500)),
    stderr: [...panel.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(o => text(o).slice(0, 1000)),
    // Outputs wider than the notebook column: either the output scrolls sideways (part
    // of it is behind a scrollbar) or something inside sticks out and is clipped.
    overflowing: [...panel.querySelectorAll('.jp-OutputArea-output')].flatMap(o => {
      const box = o.getBoundingClientRect();
      const chart = o.querySelector('.vega-embed[aria-label], .vega-embed [aria-label]');
      const table = o.querySelector('table');
      const name = (el) => chart ? 'chart "' + chart.getAttribute('aria-label') + '"'
          : table ? 'table with columns: ' + [...table.querySelectorAll('thead th')]
              .map(text).filter(t => t.trim()).join(', ')
          : text(el);
      const short = (t) => t.replace(/\s+/g, ' ').trim().slice(0, 100);
      if (o.scrollWidth > o.clientWidth + 4) {
        return [`${short(name(o))}: ${o.scrollWidth} px wide in a ${o.clientWidth} px column`];
      }
      let worst = null, most = 4;
      for (const el of o.querySelectorAll('*')) {
        if (el.closest('svg')) continue;  // chart internals are sized by the chart
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right - box.right > most) { most = r.right - box.right; worst = el; }
      }
      if (worst === null) return [];
      const root = [...o.querySelectorAll('[class*="ck-"]')]
          .flatMap(el => [...el.classList]).find(c => c.startsWith('ck-'));
      return [`${root ? 'in .' + root + ': ' : ''}"${short(text(worst))}" sticks out `
          + `${Math.round(most)} px past the ${Math.round(box.width)} px column, cut off`];
    }),
    bodyText: text(panel),
  };
}
"""

_BAD_TEXT = (
    "Error displaying widget",
    "model not found",
    "Error loading script",
    "Traceback (most recent call last)",
    "JavaScript Error:",
    "Failed to fetch dynamically imported module",
)


class NotebookRun:
    """One notebook opened in its own JupyterLab workspace in a fresh page.

    Parameters
    ----------
    context
        The Playwright browser context (already logged in to ``server``).
    server
        The running :class:`LabServer`.
    path
        Notebook path relative to the server root, e.g. ``notebooks/00-start-here.ipynb``.
    workspace
        A workspace name; one per notebook, so no page restores another's tabs.
    """

    def __init__(self, context: Any, server: LabServer, path: str, workspace: str) -> None:
        self.context = context
        self.server = server
        self.path = path
        self.workspace = workspace
        self.page = context.new_page()
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)
        self.page.on("dialog", self._on_dialog)
        self.timings: dict[str, float] = {}
        self.panel_id: str | None = None

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            self.console_errors.append(redact(f"{message.text} [{where}]"))

    def _on_page_error(self, error: Any) -> None:
        self.page_errors.append(redact(str(getattr(error, "message", error))))

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    # -- opening and running -------------------------------------------------------
    def open(self, timeout: float = 60.0) -> None:
        """Load JupyterLab with the notebook open and its kernel started."""
        started = time.perf_counter()
        url = (
            f"{self.server.url}/lab/workspaces/{quote(self.workspace)}/tree/"
            f"{quote(self.path)}?reset"
        )
        self.page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        state = self.wait_for(
            lambda s: s.get("ready") and s.get("path") == self.path and s.get("kernel") == "idle",
            timeout,
            what=f"the notebook {self.path} to open with an idle kernel",
        )
        assert state["kernelName"], "the notebook has no kernel"
        self.panel_id = self.page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
        self.timings["open"] = time.perf_counter() - started

    def state(self) -> dict[str, Any]:
        """The notebook model's state (kernel status, cells, outputs)."""
        return self.page.evaluate(_NOTEBOOK_STATE_JS)

    def dom(self) -> dict[str, Any]:
        """What the notebook's outputs look like in the page."""
        return self.page.evaluate(_DOM_STATE_JS, self.panel_id)

    def wait_for(
        self, predicate: Any, timeout: float, *, what: str, interval: float = 0.25
    ) -> dict[str, Any]:
        """Poll :meth:`state` until ``predicate(state)`` is true; fail saying ``what``."""
        deadline = time.monotonic() + timeout
        state: dict[str, Any] = {}
        while time.monotonic() < deadline:
            try:
                state = self.state()
            except Exception as exc:  # the page may be navigating
                state = {"ready": False, "reason": redact(str(exc))[:200]}
            if predicate(state):
                return state
            self.page.wait_for_timeout(interval * 1000)
        summary = {k: v for k, v in state.items() if k != "cells"}
        raise AssertionError(
            f"Timed out after {timeout:.0f} s waiting for {what}. Last state: {summary}. "
            f"Console errors: {self.console_errors[-5:]}"
        )

    def run_all(self, timeout: float = 120.0) -> dict[str, Any]:
        """Run > Run All Cells from the menu bar; wait until every code cell has run."""
        started = time.perf_counter()
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

        def finished(state: dict[str, Any]) -> bool:
            code = [c for c in state.get("cells", []) if c["type"] == "code"]
            # Run All stops at the first error and leaves the later cells unrun.
            failed = any(o["type"] == "error" for c in code for o in c["outputs"])
            return (
                state.get("kernel") == "idle"
                and bool(code)
                and (failed or all(c["count"] is not None for c in code))
            )

        # Idle can flicker between cells; require two consecutive idle, complete polls.
        state = self.wait_for(finished, timeout, what="all cells to run")
        self.page.wait_for_timeout(300)
        state = self.wait_for(finished, timeout, what="all cells to run")
        self.timings["run"] = time.perf_counter() - started
        return state

    def wait_rendered(self, timeout: float = 30.0) -> dict[str, Any]:
        """Wait until every widget output and every chart has drawn (or timeout)."""
        started = time.perf_counter()
        deadline = time.monotonic() + timeout
        stable = 0
        dom: dict[str, Any] = {}
        last: tuple[int, ...] = ()
        while time.monotonic() < deadline:
            dom = self.dom() or {}
            key = (
                dom.get("charts", 0),
                dom.get("chartsDrawn", 0),
                dom.get("widgetOutputs", 0),
                dom.get("widgetsRendered", 0),
            )
            done = (
                dom.get("chartsDrawn") == dom.get("charts")
                and dom.get("widgetsRendered") == dom.get("widgetOutputs")
                and not dom.get("widgetPlaceholders")
            )
            stable = stable + 1 if (done and key == last) else 0
            last = key
            if stable >= 3:  # unchanged and complete for three polls in a row
                break
            self.page.wait_for_timeout(250)
        self.timings["render"] = time.perf_counter() - started
        return dom

    # -- checks --------------------------------------------------------------------
    def open_and_run(self, guard: NetworkGuard) -> list[str]:
        """Open the notebook, run every cell, wait for the outputs to draw.

        Returns what a learner would see go wrong (:meth:`problems`), counting only the
        requests ``guard`` blocked while this notebook ran.
        """
        blocked_before = len(guard.blocked)
        self.open()
        state = self.run_all()
        dom = self.wait_rendered()
        return self.problems(state, dom, guard.blocked[blocked_before:])

    def problems(self, state: dict[str, Any], dom: dict[str, Any], blocked: list[str]) -> list[str]:
        """Everything a learner would see go wrong, as readable strings (empty: all good)."""
        found: list[str] = []
        for index, cell in enumerate(state.get("cells", [])):
            for output in cell["outputs"]:
                if output["type"] == "error":
                    found.append(
                        f"cell {index}: error output {output['ename']}: {output['evalue']}"
                    )
                text = output["text"] or ""
                if output["name"] == "stderr" and "Traceback" in text:
                    found.append(f"cell {index}: traceback on stderr: {text[:300]}")
        found += [f"error output in the page: {text}" for text in dom.get("errorOutputs", [])]
        found += [
            f"traceback on stderr in the page: {text[:300]}"
            for text in dom.get("stderr", [])
            if "Traceback" in text
        ]
        if dom.get("chartsDrawn") != dom.get("charts"):
            found.append(
                f"only {dom.get('chartsDrawn')} of {dom.get('charts')} charts drew an svg/canvas"
            )
        found += [f"chart error: {text[:300]}" for text in dom.get("chartErrors", [])]
        expected_widgets = sum(
            1 for cell in state.get("cells", []) for o in cell["outputs"] if o["widget"]
        )
        if dom.get("widgetOutputs") != expected_widgets:
            found.append(
                f"{expected_widgets} widget outputs in the notebook, "
                f"{dom.get('widgetOutputs')} in the page"
            )
        if dom.get("widgetsRendered") != dom.get("widgetOutputs"):
            found.append(
                f"only {dom.get('widgetsRendered')} of {dom.get('widgetOutputs')} widgets rendered"
            )
        found += [f"widget placeholder: {text}" for text in dom.get("widgetPlaceholders", [])]
        body = dom.get("bodyText", "")
        for bad in _BAD_TEXT:
            if bad.lower() in body.lower():
                at = body.lower().index(bad.lower())
                found.append(f"the page shows {bad!r}: ...{body[max(0, at - 150) : at + 200]}...")
        found += [f"console error: {text}" for text in self.unexpected_console_errors()]
        found += [
            f"uncaught page error: {text}"
            for text in self.page_errors
            if not any(re.search(pattern, text) for pattern, _ in PAGE_ERROR_ALLOW)
        ]
        found += [f"dialog opened: {text}" for text in self.dialogs]
        found += [f"tried to reach the network: {text}" for text in blocked]
        return found

    def unexpected_console_errors(self) -> list[str]:
        """Console errors not covered by :data:`CONSOLE_ALLOW`."""
        return [
            text
            for text in self.console_errors
            if not any(re.search(pattern, text) for pattern, _ in CONSOLE_ALLOW)
        ]

    def screenshot(self, path: Path, *, max_height: int = 20000) -> Path:
        """Save a screenshot of the whole notebook panel, every cell included.

        The notebook scrolls inside its panel, so a "full page" screenshot would show
        one screen only; the viewport is made as tall as the notebook for the shot.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        viewport = self.page.viewport_size or {"width": 1280, "height": 900}
        height = self.page.evaluate(
            """(id) => {
                const panel = document.getElementById(id);
                const scroller = panel && panel.querySelector('.jp-WindowedPanel-outer');
                return scroller ? scroller.scrollHeight : 0;
            }""",
            self.panel_id,
        )
        tall = min(max(viewport["height"], int(height) + 200), max_height)
        self.page.set_viewport_size({"width": viewport["width"], "height": tall})
        try:
            self.page.evaluate(
                """(id) => {
                    const scroller = document.getElementById(id)
                        .querySelector('.jp-WindowedPanel-outer');
                    if (scroller) scroller.scrollTop = 0;
                }""",
                self.panel_id,
            )
            self.page.wait_for_timeout(500)  # let the charts re-layout
            self.page.locator(f'[id="{self.panel_id}"]').screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(viewport)
        return path

    def close(self) -> None:
        """Close the page and shut the notebook's kernel down."""
        try:
            self.page.close()
        finally:
            self.server.shutdown_kernels()
