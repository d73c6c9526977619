"""A real JupyterHub on the loopback, and simulated students who take a lesson through it.

What runs (all on 127.0.0.1, on free ports, in one temporary folder):

- JupyterHub (PyPI) with configurable-http-proxy (npm; ``make setup-test`` installs it into
  ``.venv/node_modules``), the dummy authenticator and local process spawning: each student
  gets a JupyterLab single-user server (``jupyterhub-singleuser``) with a home folder of
  their own under the temporary folder;
- a copy of this repository as the "course repository" the nbgitpuller link points at
  (a ``file://`` URL, so no traffic leaves the machine).

A simulated student does what a browser does after a click on the class link: logs in
(a token from the hub's REST API), starts a server, pulls the course with nbgitpuller (the
``git-pull/api`` event stream the link's page opens), starts a kernel on a lesson through
the hub's proxy and runs the lesson's code cells over the kernel websocket. The harness
records per student the time to a running server, to the first chart output and for the
whole lesson, plus errors; a sampler records the peak memory (RSS) of the hub, the proxy
and each student's server with its kernels.

Used by ``test_hub.py`` (three students, inside ``make test``) and by ``run.py``
(``make classroom-test STUDENTS=30``).
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlsplit

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from coursekit.classroom import course_folder, nbgitpuller_link

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
#: Where ``make setup-test`` puts configurable-http-proxy (npm install --prefix .venv).
PROXY_COMMAND = REPO / ".venv" / "node_modules" / ".bin" / "configurable-http-proxy"
#: The lesson a simulated student takes: it has charts, widgets and checked outputs.
LESSON = "notebooks/01-anatomy-of-a-news-story.ipynb"
#: Outputs that count as "a chart arrived" (Altair's widget renderer, Vega-Lite or SVG).
CHART_MIMES = (
    "application/vnd.vegalite.v5+json",
    "application/vnd.jupyter.widget-view+json",
    "image/svg+xml",
)


def off_the_loop(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread of its own and return its result (or raise its error).

    The browser tests keep Playwright's event loop running in the test process; a new
    thread has none, so ``asyncio.run`` and Playwright's sync API both work there.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing_requirement() -> str | None:
    """Why a hub cannot start here (None when it can)."""
    for module in ("jupyterhub", "nbgitpuller"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed: pip install -e '.[test]'"
    if not (VENV_BIN / "jupyterhub-singleuser").exists():
        return f"jupyterhub-singleuser is not in {VENV_BIN}"
    if not PROXY_COMMAND.exists():
        return (
            f"configurable-http-proxy not found at {PROXY_COMMAND}: run make setup-test "
            "(it needs Node.js and npm)"
        )
    if shutil.which("git") is None:
        return "git is not installed"
    return None


# --------------------------------------------------------------------------- the hub


@dataclass
class Hub:
    """A running hub: its address, admin token, folders and process."""

    url: str
    token: str
    root: Path
    course_repo: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def course_url(self) -> str:
        """The course repository as nbgitpuller clones it (a local ``file://`` URL)."""
        return self.course_repo.as_uri()

    def home(self, student: str) -> Path:
        """A student's home folder (the spawner's ``home_dir_template``)."""
        return self.root / "home" / student

    def link(self, notebook: str = LESSON) -> str:
        """The class link an instructor would hand out, made by coursekit's generator."""
        return nbgitpuller_link(self.url, repo=self.course_url, branch="main", notebook=notebook)

    def log_tail(self, lines: int = 30) -> str:
        """The end of the hub's log, for failure messages."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def processes(self) -> list[psutil.Process]:
        """The hub and everything it started (proxy, servers, kernels)."""
        try:
            hub = psutil.Process(self.process.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []


_CONFIG = """\
import json
c = get_config()  # noqa: F821
settings = json.loads({settings!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = settings["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.JupyterHub.db_url = "sqlite:///" + settings["root"] + "/hub.sqlite"
c.JupyterHub.cookie_secret_file = settings["root"] + "/cookie_secret"
c.JupyterHub.pid_file = settings["root"] + "/hub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.ConfigurableHTTPProxy.command = [settings["proxy"]]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % settings["proxy_api_port"]
c.ConfigurableHTTPProxy.pid_file = settings["root"] + "/proxy.pid"
c.ConfigurableHTTPProxy.auth_token = settings["proxy_token"]
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = settings["root"] + "/home/{{username}}"
c.Spawner.cmd = [settings["singleuser"]]
c.Spawner.args = settings["server_args"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.Spawner.environment = {{"JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1"}}
c.JupyterHub.concurrent_spawn_limit = 200
c.JupyterHub.services = [{{"name": "classroom-test", "api_token": settings["token"]}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": ["classroom-test"]}}]
"""


def _course_repository(root: Path) -> Path:
    """A clone of this repository's committed state, standing in for the class's GitHub."""
    target = root / "origin" / "coursekit"
    target.parent.mkdir(parents=True)
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(target)],
        check=True,
        capture_output=True,
    )
    for key, value in (("user.name", "Course author"), ("user.email", "author@example.org")):
        subprocess.run(["git", "-C", str(target), "config", key, value], check=True)
    branch = subprocess.run(
        ["git", "-C", str(target), "branch", "--show-current"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if branch != "main":  # the link names the branch; give the clone the one it names
        subprocess.run(["git", "-C", str(target), "branch", "-m", branch, "main"], check=True)
    return target


@contextmanager
def running_hub(root: Path, *, start_timeout: float = 180.0) -> Iterator[Hub]:
    """Start a hub in ``root``; stop it and everything it started on exit."""
    root.mkdir(parents=True, exist_ok=True)
    course_repo = _course_repository(root)
    token = secrets.token_hex(32)
    settings = {
        "port": free_port(),
        "hub_port": free_port(),
        "proxy_api_port": free_port(),
        "root": str(root),
        "proxy": str(PROXY_COMMAND),
        "proxy_token": secrets.token_hex(32),
        "singleuser": str(VENV_BIN / "jupyterhub-singleuser"),
        # JupyterLab refuses to run as root unless told; containers and CI often are root.
        # window.jupyterapp lets the browser test read the notebook's state, as in
        # tests/browser.
        "server_args": ["--LabApp.expose_app_in_browser=True"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        "token": token,
    }
    config = root / "jupyterhub_config.py"
    config.write_text(_CONFIG.format(settings=json.dumps(settings)), encoding="utf-8")
    log_path = root / "hub.log"
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("COURSEKIT_HOME", None)  # students keep progress in their own homes
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(config)],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    hub = Hub(
        url=f"http://127.0.0.1:{settings['port']}",
        token=token,
        root=root,
        course_repo=course_repo,
        process=process,
        log_path=log_path,
    )
    try:
        _wait_until_up(hub, start_timeout)
        yield hub
    finally:
        stop_hub(hub)


def _wait_until_up(hub: Hub, timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"the hub exited at start:\n{hub.log_tail()}")
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the hub did not answer within {timeout:.0f} s:\n{hub.log_tail()}")


def stop_hub(hub: Hub, timeout: float = 30.0) -> None:
    """Stop the hub (it stops the servers and the proxy), then anything still left."""
    family = hub.processes()
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(10)
    _, alive = psutil.wait_procs(family, timeout=10)
    for process in alive:
        with suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=10)


def leftover_processes(hub: Hub) -> list[str]:
    """Processes that still mention the hub's folder (there should be none after a stop)."""
    marker = str(hub.root)
    left = []
    for process in psutil.process_iter(["pid", "cmdline", "cwd"]):
        try:
            cmdline = " ".join(process.info["cmdline"] or [])
            cwd = process.info["cwd"] or ""
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if marker in cmdline or cwd.startswith(marker):
            left.append(f"{process.info['pid']}: {cmdline[:200]}")
    return left


# --------------------------------------------------------------------------- memory


class MemorySampler:
    """Samples the resident memory of the hub's process tree until stopped.

    Groups: ``hub``, ``proxy`` and one per student (the single-user server and its kernels,
    found through ``JUPYTERHUB_USER`` in the server's environment). Two measures per group:
    RSS (:attr:`peaks`), which counts shared library pages in every process and so is an
    upper bound, and USS (:attr:`unique_peaks`), the memory only that group uses, which a
    server frees when the student leaves. A student's real cost lies between the two.
    """

    def __init__(self, hub: Hub, interval: float = 1.0) -> None:
        self.hub = hub
        self.interval = interval
        self.peaks: dict[str, int] = {}
        self.unique_peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._owner: dict[int, str] = {}

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _group(self, process: psutil.Process) -> str | None:
        if process.pid == self.hub.process.pid:
            return "hub"
        if process.pid in self._owner:
            return self._owner[process.pid]
        cmdline = " ".join(process.cmdline())
        if "configurable-http-proxy" in cmdline:
            group = "proxy"
        elif "jupyterhub-singleuser" in cmdline:
            group = "student:" + process.environ().get("JUPYTERHUB_USER", "?")
        else:
            parent = process.parent()
            group = self._group(parent) if parent is not None else None
            if group in (None, "hub"):  # e.g. a hub helper; not a student's
                return group
        self._owner[process.pid] = group
        return group

    def sample(self) -> dict[str, tuple[int, int]]:
        """One reading: (RSS, USS) in bytes per group."""
        totals: dict[str, tuple[int, int]] = {}
        for process in self.hub.processes():
            try:
                group = self._group(process)
                info = process.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            if group:
                rss, uss = totals.get(group, (0, 0))
                totals[group] = (rss + info.rss, uss + info.uss)
        return totals

    def _run(self) -> None:
        while not self._stop.is_set():
            for group, (rss, uss) in self.sample().items():
                self.peaks[group] = max(self.peaks.get(group, 0), rss)
                self.unique_peaks[group] = max(self.unique_peaks.get(group, 0), uss)
            self._stop.wait(self.interval)


# --------------------------------------------------------------------------- students


@dataclass
class StudentRun:
    """What one simulated student measured (seconds from their first request)."""

    name: str
    server_ready: float | None = None
    pulled: float | None = None
    first_chart: float | None = None
    lesson_done: float | None = None
    cells: int = 0
    errors: list[str] = field(default_factory=list)
    stdout: list[str] = field(default_factory=list)


class Student:
    """One learner's session through the hub: REST calls and a kernel websocket."""

    def __init__(self, hub: Hub, name: str) -> None:
        self.hub = hub
        self.name = name
        self.token = ""
        self.http = AsyncHTTPClient(
            force_instance=True, defaults={"request_timeout": 600, "connect_timeout": 120}
        )

    async def _call(
        self, method: str, path: str, *, token: str | None = None, body: Any = None
    ) -> Any:
        request = HTTPRequest(
            f"{self.hub.url}{path}",
            method=method,
            headers={"Authorization": f"token {token or self.token}"},
            body=None if body is None and method == "GET" else json.dumps(body or {}),
            allow_nonstandard_methods=True,
        )
        response = await self.http.fetch(request)
        return json.loads(response.body) if response.body else None

    async def log_in(self) -> None:
        """Create the account (the dummy authenticator admits anyone) and get a token."""
        admin = self.hub.token
        try:
            await self._call("POST", f"/hub/api/users/{self.name}", token=admin)
        except HTTPClientError as error:
            if error.code != 409:  # 409: the account exists (a second click on the link)
                raise
        reply = await self._call(
            "POST", f"/hub/api/users/{self.name}/tokens", token=admin, body={"note": "student"}
        )
        self.token = reply["token"]

    async def start_server(self, timeout: float = 300.0) -> None:
        """Ask the hub for this student's server and wait until it is ready."""
        try:
            await self._call("POST", f"/hub/api/users/{self.name}/server", body={})
        except HTTPClientError as error:
            if error.code != 400:  # 400: already running
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = await self._call("GET", f"/hub/api/users/{self.name}")
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                return
            await asyncio.sleep(0.25)
        raise TimeoutError(f"{self.name}'s server was not ready within {timeout:.0f} s")

    async def pull(self, link: str) -> list[dict[str, Any]]:
        """Do what the link's page does: stream nbgitpuller's sync events to the end."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        params = urlencode({"repo": query["repo"], "branch": query["branch"]})
        events: list[dict[str, Any]] = []
        buffer = ""

        def on_chunk(chunk: bytes) -> None:
            nonlocal buffer
            buffer += chunk.decode("utf-8", errors="replace")
            while "\n\n" in buffer:
                block, buffer = buffer.split("\n\n", 1)
                for line in block.splitlines():
                    if line.startswith("data:"):
                        events.append(json.loads(line[5:].strip()))

        request = HTTPRequest(
            f"{self.hub.url}/user/{self.name}/git-pull/api?{params}",
            headers={"Authorization": f"token {self.token}"},
            streaming_callback=on_chunk,
            request_timeout=600,
        )
        await self.http.fetch(request)
        phases = [event.get("phase") for event in events]
        if "finished" not in phases:
            failure = next((e for e in events if e.get("phase") == "error"), {})
            raise RuntimeError(f"nbgitpuller did not finish: {failure.get('message', phases)}")
        assert query["urlpath"].startswith(f"lab/tree/{course_folder(self.hub.course_url)}/")
        return events

    async def contents(self, path: str) -> dict[str, Any]:
        """A file from the student's home, through the proxy (the Jupyter contents API)."""
        return await self._call("GET", f"/user/{self.name}/api/contents/{path}?content=1")

    async def save(self, path: str, model: dict[str, Any]) -> None:
        """Save a notebook into the student's home, as JupyterLab's save does."""
        await self._call(
            "PUT",
            f"/user/{self.name}/api/contents/{path}",
            body={"type": "notebook", "format": "json", "content": model},
        )

    async def run_notebook(
        self, path: str, run: StudentRun, started: float, *, timeout: float = 600.0
    ) -> None:
        """Start a kernel session on ``path`` and run its code cells over the websocket."""
        notebook = (await self.contents(path))["content"]
        session = await self._call(
            "POST",
            f"/user/{self.name}/api/sessions",
            body={"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        )
        kernel_id = session["kernel"]["id"]
        ws_url = self.hub.url.replace("http://", "ws://", 1)
        connection = await websocket_connect(
            HTTPRequest(
                f"{ws_url}/user/{self.name}/api/kernels/{kernel_id}/channels",
                headers={"Authorization": f"token {self.token}"},
            )
        )
        try:
            for cell in notebook["cells"]:
                if cell["cell_type"] != "code" or not cell["source"].strip():
                    continue
                await asyncio.wait_for(
                    self._execute(connection, cell["source"], run, started), timeout
                )
                run.cells += 1
        finally:
            connection.close()
            await self._call("DELETE", f"/user/{self.name}/api/sessions/{session['id']}")

    async def _execute(self, connection: Any, code: str, run: StudentRun, started: float) -> None:
        msg_id = uuid.uuid4().hex
        message = {
            "header": {
                "msg_id": msg_id,
                "username": self.name,
                "session": uuid.uuid4().hex,
                "msg_type": "execute_request",
                "version": "5.3",
            },
            "parent_header": {},
            "metadata": {},
            "content": {"code": code, "silent": False, "store_history": True},
            "channel": "shell",
            "buffers": [],
        }
        await connection.write_message(json.dumps(message))
        replied = idle = False
        while not (replied and idle):
            raw = await connection.read_message()
            if raw is None:
                raise ConnectionError("the kernel websocket closed")
            if isinstance(raw, bytes):  # binary frames carry widget buffers only
                continue
            reply = json.loads(raw)
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = reply["header"]["msg_type"]
            content = reply.get("content", {})
            if kind in ("display_data", "execute_result") and run.first_chart is None:
                if any(mime in content.get("data", {}) for mime in CHART_MIMES):
                    run.first_chart = time.perf_counter() - started
            elif kind == "stream" and content.get("name") == "stdout":
                run.stdout.append(content.get("text", ""))
            elif kind == "error":
                run.errors.append(f"{content.get('ename')}: {content.get('evalue')}")
            elif kind == "execute_reply":
                replied = True
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True

    def close(self) -> None:
        """Release the HTTP client."""
        self.http.close()


async def take_lesson(hub: Hub, name: str, notebook: str = LESSON) -> StudentRun:
    """One student, end to end: log in, start a server, pull, run ``notebook``."""
    run = StudentRun(name)
    student = Student(hub, name)
    started = time.perf_counter()
    try:
        await student.log_in()
        await student.start_server()
        run.server_ready = time.perf_counter() - started
        await student.pull(hub.link(notebook))
        run.pulled = time.perf_counter() - started
        folder = course_folder(hub.course_url)
        await student.run_notebook(f"{folder}/{notebook}", run, started)
        run.lesson_done = time.perf_counter() - started
    except Exception as error:  # recorded, so one student's failure does not hide the rest
        run.errors.append(f"{type(error).__name__}: {error}")
    finally:
        student.close()
    return run


async def class_session(hub: Hub, students: int, notebook: str = LESSON) -> list[StudentRun]:
    """``students`` learners taking the lesson at the same time."""
    names = [f"student{index:02d}" for index in range(1, students + 1)]
    return list(await asyncio.gather(*(take_lesson(hub, n, notebook) for n in names)))


# --------------------------------------------------------------------------- report


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0-1) of ``values``, interpolated (statistics.quantiles)."""
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[min(98, max(0, round(share * 100) - 1))]


def summary_table(
    runs: list[StudentRun], sampler: MemorySampler, wall: float, load: float | None = None
) -> str:
    """A Markdown table of the figures the instructor guide quotes."""
    peaks = sampler.peaks

    def row(label: str, values: list[float], unit: str = "s") -> str:
        if not values:
            return f"| {label} | - | - | - |"
        return (
            f"| {label} | {statistics.median(values):.1f} {unit} | "
            f"{percentile(values, 0.95):.1f} {unit} | {max(values):.1f} {unit} |"
        )

    mib = 1024 * 1024
    student_peaks = [v / mib for k, v in peaks.items() if k.startswith("student:")]
    student_unique = [v / mib for k, v in sampler.unique_peaks.items() if k.startswith("student:")]
    failures = [r for r in runs if r.errors]
    lines = [
        f"{len(runs)} students, {wall:.0f} s wall clock; lesson {LESSON}; "
        f"{os.cpu_count()} cores"
        + (f", load average {load:.1f} before the run" if load is not None else ""),
        "",
        "| measure | median | p95 | max |",
        "| --- | --- | --- | --- |",
        row("server running", [r.server_ready for r in runs if r.server_ready is not None]),
        row("course pulled", [r.pulled for r in runs if r.pulled is not None]),
        row("first chart", [r.first_chart for r in runs if r.first_chart is not None]),
        row("lesson finished", [r.lesson_done for r in runs if r.lesson_done is not None]),
        row("peak memory per student, RSS (server + kernel)", student_peaks, "MiB"),
        row("peak memory per student, unique (USS)", student_unique, "MiB"),
        "",
        f"hub peak {peaks.get('hub', 0) / mib:.0f} MiB; "
        f"proxy peak {peaks.get('proxy', 0) / mib:.0f} MiB; "
        f"failures: {len(failures)}",
    ]
    for run in failures:
        lines.append(f"- {run.name}: {'; '.join(run.errors)[:300]}")
    return "\n".join(lines)
