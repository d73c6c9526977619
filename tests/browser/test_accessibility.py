"""Accessibility of what the kit publishes outside the lessons: worksheets, site, report.

- Every worksheet (``exercises/*.ipynb``) is run in JupyterLab (Run All Cells) and
  audited with axe-core; the rules count in the kit's output areas, JupyterLab's own
  violations are listed in the table at the end of the run (see ``axecheck.py``).
- The static site (``python -m coursekit.site``, as ``make html``), the printable
  handouts' HTML pages (audited only: they are laid out for paper) and the analyser's
  HTML report (``coursekit analyze --format html``) on the case article and on a
  made-up article with every finding kind are audited as whole pages. The site and
  the report must also reflow: at 200 % zoom and at a 320-pixel-wide viewport nothing
  is cut off or needs a sideways scrollbar (data tables may scroll inside their own box).

The lessons themselves are audited in ``test_lessons.py``, on the pages those tests
already open.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import axecheck
import pytest
from labdriver import LabServer, NetworkGuard, NotebookRun

REPO = Path(__file__).resolve().parents[2]
WORKSHEETS = sorted((REPO / "exercises").glob("*.ipynb"))
EVERY_KIND = Path(__file__).resolve().parent / "fixtures" / "every-finding-kind.txt"
CASE_ARTICLE = REPO / "data" / "summit-2025" / "article.txt"

#: The two reflow checks: 200 % zoom of a 1280x900 window (640 CSS pixels wide, drawn
#: at twice the density) and a 320-pixel-wide phone (WCAG 2.1 success criterion 1.4.10).
VIEWS = {
    "zoom-200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
    "width-320": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1},
}

#: Elements that stick out past the right edge of the window and are not inside a box
#: that scrolls sideways on its own (a wide data table may scroll inside its box).
_CUT_OFF_JS = r"""
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (/(auto|scroll)/.test(style.overflowX) && p.scrollWidth > p.clientWidth) return true;
    }
    return false;
  };
  const found = [];
  if (document.documentElement.scrollWidth > width + 1) {
    const wide = document.documentElement.scrollWidth;
    found.push(`the page is ${wide} px wide in a ${width} px window`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1 && !scrolls(el)) {
      const text = (el.textContent || el.tagName).replace(/\s+/g, ' ').trim().slice(0, 80);
      found.push(`<${el.tagName.toLowerCase()}> "${text}" ends at ${Math.round(r.right)} px`);
      if (found.length > 8) break;
    }
  }
  return found;
}
"""


def _record(record_property: Any, found: list[axecheck.Violation]) -> None:
    record_property("axe_violations", [asdict(v) for v in found])


# -- worksheets ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def worksheet_root(lab_server: LabServer) -> Path:
    """The worksheets copied into the server's folder (next to notebooks/ and data/)."""
    target = lab_server.root / "exercises"
    if not target.exists():
        shutil.copytree(REPO / "exercises", target, ignore=shutil.ignore_patterns("solutions"))
    return target


@pytest.mark.parametrize("worksheet", WORKSHEETS, ids=[p.stem[:2] for p in WORKSHEETS])
def test_worksheet_axe_audit(
    worksheet: Path,
    worksheet_root: Path,
    lab_context: Any,
    lab_server: LabServer,
    network_guard: NetworkGuard,
    artifacts_dir: Path,
    record_property: Any,
) -> None:
    path = f"exercises/{worksheet.name}"
    run = NotebookRun(lab_context, lab_server, path, workspace=f"worksheet-{worksheet.stem[:2]}")
    try:
        problems = run.open_and_run(network_guard)
        assert not problems, f"{path} did not run cleanly:\n- " + "\n- ".join(problems)
        found = axecheck.audit(
            run.page,
            f"worksheet {worksheet.stem[:2]}",
            kit=f'[id="{run.panel_id}"] .jp-OutputArea-output',
        )
    finally:
        run.close()
    _record(record_property, found)
    axecheck.save(found, artifacts_dir / f"axe-{worksheet.stem}.json")
    bad = axecheck.blocking(found)
    assert not bad, f"{path}: serious or critical violations in the kit's outputs:\n" + (
        axecheck.describe(bad)
    )


# -- the static site and the HTML report -------------------------------------------------


@pytest.fixture(scope="module")
def site_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The lessons built as the static site, exactly as ``make html`` does."""
    from coursekit.site import build_site

    out = tmp_path_factory.mktemp("site")
    return build_site(out, jobs=2)


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``coursekit analyze --format html`` on the case article and the every-kind article."""
    from coursekit.cli import main

    out = tmp_path_factory.mktemp("reports")
    pages = {}
    for name, article in (("case article", CASE_ARTICLE), ("every kind", EVERY_KIND)):
        target = out / f"{article.stem}.html"
        code = main(
            [
                "analyze",
                str(article),
                "--case",
                "summit-2025",
                "--format",
                "html",
                "-o",
                str(target),
            ]
        )
        assert code in (0, None), f"coursekit analyze failed on {article}"
        pages[name] = target
    return pages


#: Charts in a static page without a text alternative: every outermost SVG must carry
#: role="img" and a name, itself or on the figure around it (widgets' static views).
_UNNAMED_CHARTS_JS = r"""
() => [...document.querySelectorAll('svg')]
  .filter(svg => !svg.parentElement.closest('svg'))
  .filter(svg => {
    const named = (el) => el && el.getAttribute('role') === 'img'
        && (el.getAttribute('aria-label') || '').trim().length > 20;
    return !(named(svg) || named(svg.closest('figure')));
  })
  .map(svg => (svg.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 80))
"""


def _audit_file(
    context: Any, path: Path, name: str, *, charts: list[str] | None = None
) -> list[axecheck.Violation]:
    """Audit one local page; with ``charts``, also collect its charts that have no name."""
    page = context.new_page()
    try:
        page.goto(path.as_uri())
        if charts is not None:
            charts += [f"{path.name}: {text}" for text in page.evaluate(_UNNAMED_CHARTS_JS)]
        return axecheck.audit(page, name, kit=None)
    finally:
        page.close()


def test_every_finding_kind_is_in_the_made_up_article(report_pages: dict[str, Path]) -> None:
    """The second report really shows every kind the analyser has."""
    from coursekit import analyze
    from coursekit.analysis.report import KIND_STYLES
    from coursekit.cases import load_case

    report = analyze(EVERY_KIND.read_text("utf-8"), case=load_case("summit-2025"))
    found = {f.kind for f in report.findings}
    assert found == set(KIND_STYLES), f"missing: {set(KIND_STYLES) - found}"


@pytest.mark.parametrize("which", ["case article", "every kind"])
def test_report_axe_audit(
    which: str,
    report_pages: dict[str, Path],
    lab_context: Any,
    record_property: Any,
    artifacts_dir: Path,
) -> None:
    found = _audit_file(lab_context, report_pages[which], f"report: {which}")
    _record(record_property, found)
    axecheck.save(found, artifacts_dir / f"axe-report-{which.replace(' ', '-')}.json")
    bad = axecheck.blocking(found)
    assert not bad, f"HTML report ({which}): serious or critical violations:\n" + (
        axecheck.describe(bad)
    )


def test_handouts_axe_audit(
    tmp_path: Path, lab_context: Any, record_property: Any, artifacts_dir: Path
) -> None:
    """The printable handouts' HTML pages (``coursekit handouts build`` prints them to PDF)."""
    from coursekit.handouts import handouts_html

    found: list[axecheck.Violation] = []
    for handout in handouts_html(REPO):
        page = tmp_path / f"{handout.name}.html"
        page.write_text(handout.html, encoding="utf-8")
        found += _audit_file(lab_context, page, f"handout {handout.name}")
    _record(record_property, found)
    axecheck.save(found, artifacts_dir / "axe-handouts.json")
    bad = axecheck.blocking(found)
    assert not bad, "handouts: serious or critical violations:\n" + axecheck.describe(bad)


def test_site_axe_audit(
    site_pages: list[Path], lab_context: Any, record_property: Any, artifacts_dir: Path
) -> None:
    found: list[axecheck.Violation] = []
    unnamed: list[str] = []
    for page in site_pages:
        found += _audit_file(lab_context, page, f"site {page.stem[:2]}", charts=unnamed)
    _record(record_property, found)
    axecheck.save(found, artifacts_dir / "axe-site.json")
    bad = axecheck.blocking(found)
    assert not bad, "static site: serious or critical violations:\n" + axecheck.describe(bad)
    # Every chart (inline SVG) is an image named by its title and description.
    assert not unnamed, "static site: charts without a text alternative:\n" + "\n".join(unnamed)


def _cut_off(browser: Any, path: Path, view: dict[str, Any]) -> list[str]:
    context = browser.new_context(**view)
    guard = NetworkGuard()
    context.route("**/*", guard.handle)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        found = page.evaluate(_CUT_OFF_JS)
        assert not guard.blocked, f"{path.name} tried to reach the network: {guard.blocked}"
        return found
    finally:
        context.close()


@pytest.mark.parametrize("view", list(VIEWS))
def test_report_reflows(view: str, report_pages: dict[str, Path], browser: Any) -> None:
    problems = {
        name: found
        for name, path in report_pages.items()
        if (found := _cut_off(browser, path, VIEWS[view]))
    }
    assert not problems, f"HTML report at {view}: cut off or sideways scrolling: {problems}"


@pytest.mark.parametrize("view", list(VIEWS))
def test_site_reflows(view: str, site_pages: list[Path], browser: Any) -> None:
    problems = {
        page.name: found for page in site_pages if (found := _cut_off(browser, page, VIEWS[view]))
    }
    assert not problems, f"static site at {view}: cut off or sideways scrolling: {problems}"
