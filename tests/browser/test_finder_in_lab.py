"""The source finder and the search log, driven in JupyterLab as a learner would.

A scratch notebook (created by the test in the server's temporary root, so it depends
on no lesson) shows the finder and the search-log form. The test searches for a phrase,
narrows it with the date picker, opens a "who is behind it" card, records an open-web
search in the form, restarts the kernel (Kernel > Restart Kernel and Run All Cells) and
finds every search in the log the new kernel exports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from labdriver import LabServer, NetworkGuard, NotebookRun, write_scratch_notebook
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

import coursekit

NOTEBOOK = "browser-checks/finder.ipynb"
PHRASE = '"nuclear submarines"'
AFTER = "2025-08-01"
OPEN_WEB = {
    "What you searched for:": "alaska summit venue announced",
    "Where you searched:": "DuckDuckGo",
    "URL you found (optional):": "https://example.org/alaska-venue",
    "What it showed (optional):": "A page naming the venue on 8 August",
}
EXPORT_NAME = "finder-test-log.md"
#: Table text that would set window.__xss if it were ever rendered as markup.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '<svg onload="window.__xss=1"></svg>',
)


def _text(locator: Any) -> str:
    # textContent, not innerText: JupyterLab skips rendering off-screen cells.
    return " ".join((locator.text_content() or "").split())


def _notebook(path: Path) -> None:
    write_scratch_notebook(
        path,
        [
            (
                "import os\nimport coursekit\ncoursekit.setup()\nfrom coursekit import widgets\n"
                "case = coursekit.load_case('summit-2025')\nprint('kernel process', os.getpid())"
            ),
            ("widgets.source_finder(case)"),
            ("widgets.search_log_form()"),
            (
                "import pandas as pd\n"
                f"hostile = pd.DataFrame({{'source_id': ['X1'], 'publisher': [{PAYLOADS[1]!r}], "
                f"'title': [{PAYLOADS[0]!r} + ' bridge'], 'url': ['javascript:window.__xss=1'], "
                f"'kind': [{PAYLOADS[2]!r}]}})\n"
                "widgets.source_finder(hostile, query='bridge')"
            ),
        ],
    )


@pytest.fixture(scope="module")
def finder_page(
    lab_context: Any, lab_server: LabServer, network_guard: NetworkGuard
) -> Iterator[NotebookRun]:
    _notebook(lab_server.root / NOTEBOOK)
    run = NotebookRun(lab_context, lab_server, NOTEBOOK, workspace="finder")
    try:
        problems = run.open_and_run(network_guard)
        assert not problems, "the finder notebook did not run cleanly:\n- " + "\n- ".join(problems)
        yield run
    finally:
        run.close()


def _kernel_process(state: dict[str, Any]) -> str | None:
    """The kernel's process id, as the first cell printed it."""
    for cell in state.get("cells", []):
        for output in cell["outputs"]:
            found = re.search(r"kernel process (\d+)", output.get("text") or "")
            if found:
                return found.group(1)
    return None


def _expected(**filters: str) -> list[str]:
    case = coursekit.load_case("summit-2025")
    hits = coursekit.find_sources(case, PHRASE, limit=None, log=False, **filters)
    return list(hits["source_id"])


def test_table_text_is_shown_literally(finder_page: NotebookRun) -> None:
    page = finder_page.page
    tool = page.locator(".ck-source-finder").nth(1)
    tool.scroll_into_view_if_needed()
    tool.get_by_role("button", name="Who is behind X1?").click()
    expect(tool.locator(".ck-behind")).to_be_visible(timeout=10_000)
    page.wait_for_timeout(500)  # time for an injected onerror/onload to fire, if any
    assert page.evaluate("() => window.__xss") is None, "table text ran as code"
    assert tool.locator("script, img[src='x'], svg[onload]").count() == 0
    assert tool.locator("a[href^='javascript']").count() == 0
    shown = tool.text_content() or ""
    for payload in PAYLOADS:
        assert payload in shown, f"{payload!r} is not shown as literal text"


def test_search_filter_open_card_record_restart_and_export(
    finder_page: NotebookRun, lab_server: LabServer, artifacts_dir: Path
) -> None:
    page = finder_page.page
    tool = page.locator(".ck-source-finder").first
    tool.scroll_into_view_if_needed()

    # 1. Search for a phrase; Enter runs it.
    box = tool.get_by_label("Search the sources:")
    box.fill(PHRASE)
    box.press("Enter")
    everything = _expected()
    assert len(everything) > 1, (
        "the phrase should match several pages for the date filter to matter"
    )
    status = tool.locator(".ck-status")
    expect(status).to_contain_text(f"{len(everything)} page(s) match", timeout=15_000)
    cards = tool.locator(".ck-source-card")
    expect(cards).to_have_count(len(everything))
    for source_id in everything:
        expect(tool.get_by_role("button", name=f"Who is behind {source_id}?")).to_be_visible()
    links = tool.locator(".ck-source-card a")
    assert links.count() >= 1
    for index in range(links.count()):
        link = links.nth(index)
        assert link.get_attribute("target") == "_blank"
        assert "noopener" in (link.get_attribute("rel") or "")

    # 2. Narrow it to pages published on or after a day, with the labelled date picker.
    dated = _expected(after=AFTER)
    assert 0 < len(dated) < len(everything)
    tool.get_by_label("Published on or after:").fill(AFTER)
    tool.get_by_role("button", name="Search", exact=True).click()
    expect(status).to_contain_text(f"{len(dated)} page(s) match", timeout=15_000)
    expect(status).to_contain_text(f"published {AFTER} to any day")
    expect(cards).to_have_count(len(dated))

    # 3. Open the "who is behind it" card of the first result.
    first = dated[0]
    case = coursekit.load_case("summit-2025")
    row = case.sources.set_index("source_id").loc[first]
    tool.get_by_role("button", name=f"Who is behind {first}?").click()
    card = tool.locator(".ck-behind")
    expect(card).to_be_visible(timeout=10_000)
    expect(card).to_contain_text(f"Who is behind {first}?")
    expect(card).to_contain_text(str(row["publisher"]))
    for event_id in case.event_sources[case.event_sources["source_id"] == first]["event_id"]:
        expect(card).to_contain_text(event_id)
    expect(tool.get_by_role("button", name=f"Hide who is behind {first}")).to_be_visible()
    overflowing = (finder_page.dom() or {}).get("overflowing")
    assert not overflowing, f"the finder does not fit the notebook column: {overflowing}"
    finder_page.screenshot(artifacts_dir / "finder.png")

    # 4. Record an open-web search in the form.
    form = page.locator(".ck-search-log-form").first
    form.scroll_into_view_if_needed()
    for label, value in OPEN_WEB.items():
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name="Save to my search log").click()
    expect(form.locator(".ck-status")).to_contain_text("Saved:", timeout=10_000)

    # 5. Restart the kernel and run everything again: a new process, the same log.
    before = _kernel_process(finder_page.state())
    assert before is not None
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(
        ".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel and Run All Cells")
    ).click()
    # JupyterLab asks for confirmation (unless a setting turned that off): accept it.
    accept = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        accept.wait_for(state="visible", timeout=10_000)
    except PlaywrightTimeout:
        pass
    else:
        accept.click()

    def rerun(state: dict[str, Any]) -> bool:
        code = [c for c in state.get("cells", []) if c["type"] == "code"]
        return state.get("kernel") == "idle" and all(
            c["count"] == i + 1 for i, c in enumerate(code)
        )

    finder_page.wait_for(rerun, 120, what="the restarted kernel to run every cell")
    finder_page.wait_rendered()
    form = page.locator(".ck-search-log-form").first
    form.scroll_into_view_if_needed()
    log_view = form.locator(".ck-search-log")
    expect(log_view).to_contain_text(OPEN_WEB["What you searched for:"], timeout=15_000)

    # 6. Export from the new kernel; every search is in the file.
    form.get_by_label("Export to file:").fill(EXPORT_NAME)
    form.get_by_role("button", name="Export my search log").click()
    expect(form.locator(".ck-status")).to_contain_text(f"Exported your search log to {EXPORT_NAME}")
    exported = (lab_server.root / NOTEBOOK).parent / EXPORT_NAME
    text = exported.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and PHRASE in line]
    assert len(rows) == 2, text  # the phrase, then the phrase from a day on
    assert "case finder" in rows[0] and f"{len(everything)} result(s)" in rows[0]
    assert f"from {AFTER}" in rows[1] and f"{len(dated)} result(s)" in rows[1]
    for value in OPEN_WEB.values():
        assert value in text, f"{value!r} is missing from the exported log:\n{text}"
    assert not finder_page.unexpected_console_errors(), finder_page.console_errors
