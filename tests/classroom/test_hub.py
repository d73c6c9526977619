"""A class on a JupyterHub, for real: three students at once, work that survives, a browser.

One hub (see ``hubharness.py``) serves every test in this file. Nothing leaves the
machine: the hub, its proxy and the students' servers listen on 127.0.0.1, and the course
repository is a local clone. ``make classroom-test STUDENTS=30`` runs the same student
path for a whole class and prints the figures the instructor guide quotes.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hubharness
import nbformat
import pytest

pytestmark = pytest.mark.slow

STUDENTS = 3


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[hubharness.Hub]:
    """A hub for this module; after it stops, no process of it may be left."""
    if missing := hubharness.missing_requirement():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the hub tests must run, but {missing}")
        pytest.skip(f"hub tests skipped: {missing}")
    root = tmp_path_factory.mktemp("classroom") / "hub"
    with hubharness.running_hub(root) as running:
        yield running
    left = hubharness.leftover_processes(running)
    assert not left, f"processes left running after the hub stopped: {left}"


def _code_cells(notebook: Path) -> int:
    nb = nbformat.read(notebook, as_version=4)
    return sum(1 for cell in nb.cells if cell.cell_type == "code" and cell.source.strip())


def test_three_students_take_a_lesson_at_once(hub: hubharness.Hub) -> None:
    with hubharness.MemorySampler(hub) as sampler:
        runs = hubharness.off_the_loop(lambda: asyncio.run(hubharness.class_session(hub, STUDENTS)))
    problems = {run.name: run.errors for run in runs if run.errors}
    assert not problems, f"students hit errors: {problems}\n{hub.log_tail()}"
    expected_cells = _code_cells(hubharness.REPO / hubharness.LESSON)
    for run in runs:
        assert run.cells == expected_cells, f"{run.name} ran {run.cells} of {expected_cells}"
        assert run.server_ready is not None and run.pulled is not None
        assert run.first_chart is not None, f"{run.name} never received a chart output"
        assert run.server_ready <= run.pulled <= run.first_chart <= run.lesson_done
    # Each student's lesson ran in their own home, from the course the link pulled.
    for run in runs:
        pulled = hub.home(run.name) / "coursekit" / hubharness.LESSON
        assert pulled.exists(), f"nbgitpuller did not put the lesson into {run.name}'s home"
    students = {group for group in sampler.peaks if group.startswith("student:")}
    assert students == {f"student:{run.name}" for run in runs}
    assert {"hub", "proxy"} <= set(sampler.peaks)


def _commit_to_course(hub: hubharness.Hub, path: str, text: str, message: str) -> None:
    target = hub.course_repo / path
    target.write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(hub.course_repo), "add", path], check=True)
    subprocess.run(
        ["git", "-C", str(hub.course_repo), "commit", "--quiet", "-m", message], check=True
    )


def _fingerprints(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_student_work_survives_a_new_commit_and_a_second_click(hub: hubharness.Hub) -> None:
    worksheet = "exercises/01-anatomy-of-a-news-story-exercises.ipynb"

    async def session() -> dict[str, Any]:
        student = hubharness.Student(hub, "keeper")
        try:
            await student.log_in()
            await student.start_server()
            await student.pull(hub.link())
            # The student writes in the worksheet and checks an answer (progress on disk).
            path = f"coursekit/{worksheet}"
            model = (await student.contents(path))["content"]
            model["cells"].append(
                nbformat.v4.new_markdown_cell("My notes: C16 reports a named person's words.")
            )
            await student.save(path, model)
            run = hubharness.StudentRun("keeper")
            progress = hub.home("keeper") / ".coursekit"
            # A right answer is saved to the student's progress file: try each option.
            check_cell = nbformat.v4.new_code_cell(
                "import coursekit\n"
                "from coursekit.checks import exercise_spec\n"
                "for option in exercise_spec('01.1')['options']:\n"
                "    result = coursekit.check('01.1', option)\n"
                "    if result.status == 'correct':\n"
                "        break\n"
                "print('status:', result.status)\n"
            )
            nbformat.write(
                nbformat.v4.new_notebook(cells=[check_cell]),
                hub.home("keeper") / "probe.ipynb",
            )
            await student.run_notebook("probe.ipynb", run, 0.0)
            assert not run.errors, run.errors
            assert "status: correct" in "".join(run.stdout), run.stdout
            before = {
                p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in progress.iterdir()
            }
            assert before, "checking an answer wrote no progress file"
            # The instructor pushes a change; the student clicks the link again.
            _commit_to_course(hub, "exercises/NOTICE-FOR-CLASS.md", "Week 2 is online.\n", "week 2")
            await student.pull(hub.link())
            after = _fingerprints(progress)
            kept = (await student.contents(path))["content"]
            return {"before": before, "after": after, "kept": kept}
        finally:
            student.close()

    result = hubharness.off_the_loop(lambda: asyncio.run(session()))
    sources = [cell["source"] for cell in result["kept"]["cells"]]
    assert "My notes: C16 reports a named person's words." in sources, (
        "the student's edit to the worksheet was lost when the link was clicked again"
    )
    assert (hub.home("keeper") / "coursekit" / "exercises" / "NOTICE-FOR-CLASS.md").exists(), (
        "the instructor's new commit did not reach the student"
    )
    assert result["after"] == result["before"], "the second pull touched the progress files"


def test_a_browser_runs_the_start_notebook_through_the_hub(hub: hubharness.Hub) -> None:
    """Chromium logs in, follows the class link and runs the lesson JupyterLab opens."""
    hubharness.off_the_loop(lambda: _browse_through_the_hub(hub))


def _browse_through_the_hub(hub: hubharness.Hub) -> None:
    labdriver = pytest.importorskip("labdriver")
    chromium = Path(os.environ.get("COURSEKIT_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, but Chromium is not at {chromium}")
        pytest.skip(f"Chromium not found at {chromium}")
    from playwright.sync_api import sync_playwright

    notebook = "notebooks/00-start-here.ipynb"
    link = hub.link(notebook)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=list(labdriver.CHROMIUM_ARGS)
        )
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            guard = labdriver.NetworkGuard()
            context.route("**/*", guard.handle)
            page = context.new_page()
            relative = link.removeprefix(hub.url)
            page.goto(f"{hub.url}/hub/login?next={_quote(relative)}")
            page.fill("#username_input", "browser")
            page.fill("#password_input", "any")
            page.click("#login_submit")
            # nbgitpuller's page pulls, then sends the browser on to JupyterLab.
            page.wait_for_url("**/lab/tree/coursekit/notebooks/*", timeout=180_000)
            # The link's job ends here; run the lesson in a page of its own, as
            # tests/browser do (two pages on one kernel would share its widgets).
            page.close()
            server = _UserServer(f"{hub.url}/user/browser")
            run = labdriver.NotebookRun(context, server, f"coursekit/{notebook}", "hub-test")
            run.open(timeout=120)
            state = run.run_all(timeout=180)
            dom = run.wait_rendered(timeout=60)
            problems = run.problems(state, dom, guard.blocked)
            assert not problems, f"the lesson through the hub went wrong: {problems}"
            assert dom["charts"] >= 1 or dom["widgetOutputs"] >= 1, "nothing was drawn"
        finally:
            browser.close()


class _UserServer:
    """The part of labdriver's LabServer that NotebookRun uses: the server's address."""

    def __init__(self, url: str) -> None:
        self.url = url


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def test_the_guide_quotes_the_link_format_the_generator_makes() -> None:
    guide = (hubharness.REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    assert "coursekit classroom link" in guide
    assert json.dumps("hub/user-redirect/git-pull")[1:-1] in guide
