"""Build the course as a static, offline HTML site.

Every lesson notebook (from :data:`coursekit.course.LESSONS`, optionally the exercise
worksheets too) is executed in a fresh kernel with ``COURSEKIT_RENDERER=svg``, so charts
are inline SVG and widgets show their static default view, then exported to HTML with
nbconvert. The pages load no script from the network: the exporter's template drops
require.js, MathJax, Mermaid and the widget manager (the lessons use none of them in a
static page), and :func:`remote_scripts` lets tests check it.

Run ``python -m coursekit.site --out _build/html``. The output mirrors the repository
layout (``notebooks/*.html``, ``exercises/*.html``) so that links between lessons and
worksheets keep working, with an ``index.html`` course map at the top.
"""

from __future__ import annotations

import argparse
import html
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from coursekit.display import RENDERER_ENV

__all__ = ["build_site", "main", "remote_scripts", "repository_root"]

# Extends nbconvert's "lab" template and empties every block that would load a script
# from a CDN. Nothing in the lessons needs them in a static page: charts are inline SVG.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}
<style>
/* Accessibility (WCAG 2.1 AA), checked by tests/browser/test_accessibility.py. */
/* Text contrast of at least 4.5:1: prompts and two syntax colours of the lab theme. */
.jp-InputPrompt, .jp-OutputPrompt { color: #5c5c5c !important; opacity: 1 !important; }
.highlight .m, .highlight .mi, .highlight .mf, .highlight .mh, .highlight .mo,
.highlight .il { color: #006400 !important; }
.highlight .ow { color: #7a1fb0 !important; }
/* Links in running text are underlined, not told apart by colour alone. */
.jp-RenderedHTMLCommon a { text-decoration: underline !important; }
/* Reflow at 200 % zoom and on a 320-pixel screen: code and long words wrap, charts shrink. */
.jp-Notebook pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th,
.jp-RenderedHTMLCommon p, .jp-RenderedHTMLCommon li { overflow-wrap: anywhere; }
.jp-OutputArea-output svg, .jp-OutputArea-output img { max-width: 100%; height: auto; }
@media (max-width: 40em) {
  .jp-InputPrompt, .jp-OutputPrompt { display: none; }
}
</style>
{% endblock extra_css %}
{% block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
{{ output.data['image/svg+xml'] | coursekit_svg }}
</div>
{%- endblock data_svg %}
"""

# Markup that must never be inlined: scripts, event handlers, embedded HTML, remote links.
_UNSAFE_SVG = re.compile(
    r"<\s*(?:script|foreignObject|iframe|object|embed)\b|\bon[a-z]+\s*=|javascript:"
    r"|\bhref\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)

_REMOTE_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
_REMOTE_IMPORT = re.compile(r"""\bimport\s*\(\s*["'](?:https?:)?//""", re.IGNORECASE)


def repository_root() -> Path:
    """Return the folder that holds ``notebooks/`` (the repository checkout).

    Looks next to the installed package first (an editable install), then in the
    current directory.

    Raises
    ------
    FileNotFoundError
        If neither place has a ``notebooks`` folder; the message says where it looked.
    """
    candidates = [Path(__file__).resolve().parents[2], Path.cwd()]
    for candidate in candidates:
        if (candidate / "notebooks").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(
        f"No notebooks/ folder found (looked in {looked}). Run the site build from the "
        "repository root, or pass the notebooks to build explicitly."
    )


def remote_scripts(page: str) -> list[str]:
    """Return the script tags and imports in an HTML page that load from the network.

    Parameters
    ----------
    page
        The text of an HTML page.

    Returns
    -------
    list of str
        Each offending ``<script src=...`` tag opening or ``import("...")`` call; empty
        when the page loads nothing remote.
    """
    return [m.group(0) for m in _REMOTE_SCRIPT.finditer(page)] + [
        m.group(0) for m in _REMOTE_IMPORT.finditer(page)
    ]


def _inline_svg(svg: str) -> str:
    """Inline an SVG output so its title and description stay accessible.

    Charts made by the kit's SVG renderer carry ``<title>``, ``<desc>`` and an
    ``aria-label``; an ``<img>`` would hide them. SVG with anything active in it
    (scripts, event handlers, embedded HTML, remote links) is never inlined: it is
    shown as an image, where browsers do not run scripts.
    """
    import base64

    svg = svg if isinstance(svg, str) else "".join(svg)
    if _UNSAFE_SVG.search(svg) or "<svg" not in svg:
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return f'<img alt="Chart (SVG shown as an image)" src="data:image/svg+xml;base64,{data}">'
    return svg[svg.find("<svg") :]


def _set_static_renderer() -> None:
    os.environ[RENDERER_ENV] = "svg"


def _export(notebook: Path, target: Path, timeout: int) -> Path:
    """Execute one notebook and write its HTML page (runs in a worker process)."""
    import nbformat
    from jinja2 import DictLoader
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        raise RuntimeError(
            f"{notebook}: a cell failed while building the site. Run the notebook in "
            f"JupyterLab to see the error in context.\n{error}"
        ) from None
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"coursekit.html.j2": _TEMPLATE})],
        template_file="coursekit.html.j2",
    )
    exporter.register_filter("coursekit_svg", _inline_svg)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def _relink(page: Path, built: set[str]) -> None:
    """Point links to notebooks that were built at their HTML pages instead."""
    text = page.read_text(encoding="utf-8")

    def swap(match: re.Match[str]) -> str:
        link = match.group(2)
        name = link.rsplit("/", 1)[-1]
        if name in built:
            return f"{match.group(1)}{link[: -len('.ipynb')]}.html{match.group(3)}"
        return match.group(0)

    page.write_text(re.sub(r'(href=")([^"#?]+\.ipynb)([#?"])', swap, text), encoding="utf-8")


def _index(out_dir: Path, pages: dict[str, Path]) -> Path:
    from coursekit.course import LESSONS

    rows = []
    for item in LESSONS:
        lesson_page = pages.get(Path(item.notebook).name)
        title = html.escape(item.title)
        if lesson_page is not None:
            link = html.escape(lesson_page.relative_to(out_dir).as_posix(), quote=True)
            title = f'<a href="{link}">{title}</a>'
        worksheet = "—"
        if item.worksheet and Path(item.worksheet).name in pages:
            sheet = pages[Path(item.worksheet).name].relative_to(out_dir).as_posix()
            worksheet = f'<a href="{html.escape(sheet, quote=True)}">worksheet</a>'
        elif item.worksheet:
            worksheet = html.escape(item.worksheet)
        rows.append(
            f"<tr><td>{html.escape(item.number)}</td><td>{title}</td>"
            f"<td>{html.escape(item.skills)}</td><td>{item.teaching_minutes}</td>"
            f"<td>{item.exercise_minutes}</td><td>{worksheet}</td></tr>"
        )
    page = out_dir / "index.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>coursekit: reading the news critically</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5;font-size:1.1rem}\n"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;"
        "padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#eee}\n"
        ".table-box{overflow-x:auto}.table-box:focus-visible{outline:3px solid #1a4f8b}\n"
        "</style>\n</head>\n<body>\n<main>\n"
        "<h1>coursekit: reading the news critically</h1>\n"
        "<p>A course on checking a news article: its claims, its sources, its hedges and "
        "its dates, built around one case. These pages are a static copy of the lesson "
        "notebooks: charts are images and widgets show their starting view. Open the "
        "notebooks in JupyterLab to work with them.</p>\n"
        # A wide table scrolls inside its own box on a narrow screen (WCAG 1.4.10 allows
        # it for data tables); the box takes the keyboard focus so it can be scrolled.
        '<h2 id="course-map">Course map</h2>\n'
        '<div class="table-box" role="region" aria-labelledby="course-map" tabindex="0">\n'
        '<table>\n<thead><tr><th scope="col">#</th>'
        '<th scope="col">Lesson</th><th scope="col">You will be able to</th>'
        '<th scope="col">Teaching (min)</th><th scope="col">Exercises (min)</th>'
        '<th scope="col">Exercises</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>\n</main>\n</body>\n</html>\n",
        encoding="utf-8",
    )
    return page


def build_site(
    out_dir: str | os.PathLike[str],
    notebooks: Sequence[str | os.PathLike[str]] | None = None,
    *,
    worksheets: bool = False,
    jobs: int = 2,
    timeout: int = 300,
) -> list[Path]:
    """Execute notebooks and write them as an offline static HTML site.

    Parameters
    ----------
    out_dir
        Folder to write into (created if missing).
    notebooks
        Notebook files to build. Default: every lesson in :data:`coursekit.course.LESSONS`,
        plus the exercise worksheets when ``worksheets`` is true.
    worksheets
        Also build the worksheets (only used when ``notebooks`` is None).
    jobs
        Notebooks executed in parallel, one kernel each.
    timeout
        Seconds a single cell may run before the build fails.

    Returns
    -------
    list of Path
        The HTML pages written, ``index.html`` last.

    Raises
    ------
    FileNotFoundError
        If a notebook does not exist.
    RuntimeError
        If a cell fails; the message names the notebook.
    """
    from coursekit.course import LESSONS

    out = Path(out_dir)
    if notebooks is None:
        root = repository_root()
        paths = [root / item.notebook for item in LESSONS]
        if worksheets:
            paths += [root / item.worksheet for item in LESSONS if item.worksheet]
            paths = [p for p in paths if p.exists() or p.parent.name != "exercises"]
    else:
        paths = [Path(p) for p in notebooks]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(
            "Cannot build the site, these notebooks do not exist: " + ", ".join(missing)
        )
    targets = [out / p.parent.name / f"{p.stem}.html" for p in paths]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=max(1, min(jobs, len(paths))),
        mp_context=context,
        initializer=_set_static_renderer,
    ) as pool:
        written = list(pool.map(_export, paths, targets, [timeout] * len(paths)))
    built = {f"{p.stem}.ipynb" for p in paths}
    for page in written:
        _relink(page, built)
    pages = {f"{p.stem}.ipynb": t for p, t in zip(paths, written, strict=True)}
    written.append(_index(out, pages))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m coursekit.site --out _build/html``."""
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.site",
        description="Execute the lesson notebooks and export them as an offline HTML site.",
    )
    parser.add_argument("--out", default="_build/html", help="output folder")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run in parallel")
    parser.add_argument("--worksheets", action="store_true", help="also build the worksheets")
    parser.add_argument("notebooks", nargs="*", help="notebooks to build (default: lessons)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        pages = build_site(
            args.out, args.notebooks or None, worksheets=args.worksheets, jobs=args.jobs
        )
    except (FileNotFoundError, RuntimeError) as error:
        print(f"Site build failed: {error}", file=sys.stderr)
        return 1
    size = sum(page.stat().st_size for page in pages)
    for page in pages:
        print(page)
    print(
        f"{len(pages)} pages, {size / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
