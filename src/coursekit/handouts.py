"""Printable handouts: the case article, unplugged worksheets, rubrics and assessment forms.

``coursekit handouts build --out DIR --paper a4|letter`` (or ``make handouts``) writes
one HTML page per handout with a print stylesheet and prints each to PDF with a headless
Chromium (Debian's ``/usr/bin/chromium``; nothing is downloaded). The handouts are

``article``
    The case article, its paragraphs numbered by :func:`coursekit.display.numbered_paragraphs`
    (the headline is not a paragraph) and every printed line numbered, so a class can say
    "paragraph 4, line 23".
``worksheet-NN``
    Each worksheet without code: the tasks (the worksheet's markdown cells, titled from the
    exercise specifications), the material each task shows on screen (the output of the
    worksheet's own display cells: a claim's text, an evidence table, a passage), the
    excerpts of the case a task would otherwise compute, the first (nudge) hint, and a box
    to write in. Answer keys and the later hints are never read.
``rubrics``
    The free-text rubrics of ``docs/instructor-guide.md`` and the assessment rubric.
``assessment-form-a``, ``assessment-form-b``
    The pre/post assessment forms.

Every piece of text from the case, the notebooks or the documents is HTML-escaped
(Markdown is rendered by markdown-it-py with raw HTML switched off), so markup in the data
is printed literally, never interpreted.

The worksheet material is made by running the worksheet's display cells (never the
answer or free-code cells) in a fresh namespace: the cells are the kit's own, and the
printed material is therefore what a learner sees on screen.

These handouts need a checkout of the repository (the worksheets and the documents are
not part of the installed package).
"""

from __future__ import annotations

import ast
import contextlib
import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
import pandas as pd
from markdown_it import MarkdownIt

from coursekit.answer_kinds import Spec, kind_of
from coursekit.display import PARAGRAPH_NUMBERING, numbered_paragraphs

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.cases import Case

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "HANDOUT_NAMES",
    "PAPERS",
    "Handout",
    "HandoutError",
    "Task",
    "article_html",
    "assessment_form_html",
    "build",
    "guide_rubrics",
    "handouts_html",
    "markdown_html",
    "print_pdf",
    "rubrics_html",
    "run_build_command",
    "worksheet_html",
    "worksheet_tasks",
]

#: Paper sizes: the CSS ``@page`` size for each.
PAPERS: dict[str, str] = {"a4": "A4", "letter": "letter"}
#: Debian's Chromium, the one the browser tests use.
CHROMIUM = "/usr/bin/chromium"
#: No sandbox (containers, root), no GPU, nothing that phones home (as tests/browser).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-pdf-header-footer",
)
#: The handouts, in build order (worksheets are added per solution notebook).
HANDOUT_NAMES: tuple[str, ...] = ("article", "rubrics", "assessment-form-a", "assessment-form-b")

#: Characters per printed line of the article (fits A4 and Letter at the handout's size).
ARTICLE_WIDTH = 70

_MD = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()\s]*\))+\)")
_EXERCISE_HEADING = re.compile(r"^##\s+Exercise\s+(?P<id>\d\d\.\d+)\b[^\n]*\n?")
_ITEM_HEADING = re.compile(r"^##\s+Item\b")
_NBSP_PARAGRAPHS = re.compile(r"(?:<p>\u00a0</p>\s*)+")
#: Worksheet code cells that are not material: answers, free code, widgets, progress.
_SKIP_CELL = re.compile(
    r"coursekit\.check\(|# your code here|answer = \.\.\.|widgets\.|progress\(\)"
    r"|search_log|find_sources\(|\.page\("
)


class HandoutError(RuntimeError):
    """A handout that cannot be built; the message says what is missing and the fix."""


@dataclass
class Task:
    """One worksheet exercise as printed.

    Attributes
    ----------
    exercise_id, title
        From the exercise specification.
    markdown
        The task's text from the worksheet (its heading removed, links reduced to text).
    material
        HTML fragments (escaped) of what the task needs.
    hint
        The first, nudge-level hint ("" if none).
    context
        HTML of what comes before the task (a capstone item introduced for it).
    lines
        How many lines of writing space to print.
    """

    exercise_id: str
    title: str
    markdown: str
    material: list[str] = field(default_factory=list)
    hint: str = ""
    lines: int = 4
    context: list[str] = field(default_factory=list)


@dataclass
class Handout:
    """A built handout: its name, its HTML page and (once printed) its PDF."""

    name: str
    title: str
    html: str
    pdf: Path | None = None


# --------------------------------------------------------------------------- HTML


def _css(paper: str) -> str:
    size = PAPERS[paper]
    return f"""
@page {{ size: {size}; margin: 16mm 15mm 18mm 15mm; }}
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: "DejaVu Serif", "Liberation Serif", Georgia, serif; font-size: 11pt;
  line-height: 1.45; color: #000; background: #fff; margin: 0; }}
h1 {{ font-size: 17pt; margin: 0 0 4mm 0; }}
h2 {{ font-size: 13.5pt; margin: 6mm 0 2mm 0; break-after: avoid; }}
h3 {{ font-size: 12pt; margin: 4mm 0 2mm 0; break-after: avoid; }}
p, li {{ orphans: 3; widows: 3; }}
a {{ color: #000; }}
code, pre, .mono {{ font-family: "DejaVu Sans Mono", "Liberation Mono", monospace;
  font-size: 9.5pt; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #000;
  padding: 2mm 3mm; margin: 2mm 0; }}
blockquote {{ margin: 2mm 0; padding: 1mm 4mm; border-left: 3px solid #000; }}
table {{ border-collapse: collapse; width: 100%; table-layout: auto; margin: 2mm 0 3mm 0;
  font-size: 9pt; line-height: 1.3; }}
th, td {{ border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
  overflow-wrap: break-word; word-break: normal; }}
th {{ font-weight: bold; background: #e6e6e6; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
img, svg {{ max-width: 100%; }}
.meta {{ font-size: 9.5pt; border-bottom: 1px solid #000; padding-bottom: 2mm;
  margin-bottom: 4mm; }}
.task {{ border-top: 2px solid #000; margin-top: 5mm; padding-top: 1mm; }}
.context {{ border-top: 2px solid #000; margin-top: 5mm; }}
.context + .task {{ border-top: 1px solid #000; }}
.material-label {{ break-after: avoid; }}
.material-label, .hint-label {{ font-weight: bold; font-size: 9.5pt; text-transform: uppercase;
  letter-spacing: 0.04em; }}
.hint {{ font-size: 10pt; font-style: italic; break-after: avoid; }}
.write {{ border: 1.5px solid #000; margin: 2mm 0 3mm 0; break-inside: avoid;
  break-before: avoid;
  background-image: repeating-linear-gradient(to bottom, transparent 0, transparent 8.6mm,
    #8c8c8c 8.6mm, #8c8c8c 9mm); }}
.write-label {{ font-size: 9pt; padding: 0.5mm 2mm; }}
.article-lines {{ width: 100%; border: none; font-size: 11pt; line-height: 1.5;
  table-layout: auto; }}
.article-lines td {{ border: none; padding: 0 1.5mm; white-space: pre; overflow-wrap: normal;
  word-break: normal; }}
.article-lines td.ln {{ text-align: right; width: 9mm; font-size: 8.5pt; color: #000;
  font-family: "DejaVu Sans Mono", monospace; }}
.article-lines td.pn {{ width: 17mm; font-weight: bold; font-size: 9.5pt;
  font-family: "DejaVu Sans", sans-serif; }}
.article-lines tr.first td {{ padding-top: 2.5mm; }}
.article-lines tr.headline td.text {{ font-weight: bold; }}
.appendix {{ break-before: page; }}
.page-card {{ border: 1px solid #000; padding: 1.5mm 3mm; margin: 2mm 0; break-inside: avoid;
  font-size: 10pt; }}
"""


def _page(title: str, body: str, paper: str) -> str:
    if paper not in PAPERS:
        raise HandoutError(f"Unknown paper {paper!r}: use one of {', '.join(PAPERS)}.")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_css(paper)}</style></head>"
        # <main>: the whole handout is one landmark, so screen readers can jump to it.
        f"<body><main>{body}</main></body></html>\n"
    )


def markdown_html(text: str) -> str:
    """Render Markdown to HTML for print: raw HTML escaped, links reduced to their text.

    Parameters
    ----------
    text
        Markdown (CommonMark with tables).

    Returns
    -------
    str
        An HTML fragment; blank ``&nbsp;`` paragraphs (the forms' answer space) become
        writing boxes.
    """
    rendered = _MD.render(_LINK.sub(r"\1", text))
    return _NBSP_PARAGRAPHS.sub(_write_box(6), rendered)


def _write_box(lines: int, label: str = "") -> str:
    caption = f'<div class="write-label">{html.escape(label)}</div>' if label else ""
    return f'<div class="write" style="height:{9 * lines + 2}mm">{caption}</div>'


_LONG_TOKEN = re.compile(r"\S{25,}")
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d")


def _printable(value: Any) -> Any:
    """A table cell for print: dates kept on one line, long tokens (URLs) breakable."""
    if not isinstance(value, str):
        return value
    if _ISO_DATE.match(value):
        value = value[:10].replace("-", "\u2011") + value[10:]
    return _LONG_TOKEN.sub(lambda m: re.sub(r"([/._?=&-])", "\\1\u200b", m.group(0)), value)


def _table_html(frame: pd.DataFrame, *, index: bool = False) -> str:
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
        shown[column] = shown[column].map(_printable)
    shown.columns = [str(column).replace("_", " ") for column in shown.columns]
    if shown.index.name:
        shown.index.name = str(shown.index.name).replace("_", " ")
    return shown.to_html(index=index, escape=True, border=0, na_rep="", classes="data")


def _value_html(value: Any) -> str:
    """Escaped HTML for a display cell's value (a table, a series or a text)."""
    if isinstance(value, pd.DataFrame):
        named = value.index.name is not None or isinstance(value.index, pd.MultiIndex)
        return _table_html(value.reset_index() if named else value)
    if isinstance(value, pd.Series):
        frame = value.to_frame(name=str(value.name) if value.name is not None else "value")
        if value.name is not None and not isinstance(value.name, str | int):
            frame.columns = ["value"]
        return _table_html(frame, index=True)
    return f"<blockquote>{html.escape(str(value))}</blockquote>"


def _run_display_cell(source: str, namespace: dict[str, Any]) -> str:
    """Run one of the worksheet's own display cells; return its printed output as HTML."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    body = tree.body[:-1] if last is not None else tree.body
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(ast.Module(body=body, type_ignores=[]), "<worksheet>", "exec"), namespace)
        value = (
            eval(compile(ast.Expression(body=last.value), "<worksheet>", "eval"), namespace)
            if last is not None
            else None
        )
    parts = []
    if printed.getvalue().strip():
        parts.append(f"<pre>{html.escape(printed.getvalue().rstrip())}</pre>")
    if value is not None:
        parts.append(_value_html(value))
    return "".join(parts)


def _extra_material(exercise_id: str, case: Case) -> list[str]:
    """Excerpts of the case for tasks whose data a learner would compute on screen."""
    if exercise_id == "01.5":
        claims = case.claims
        wanted = claims[claims["verdict"] == "contradicted"]
        return [
            "<p>The claims the case judges <em>contradicted</em>, with their types "
            "(from <code>case.claims</code>):</p>"
            + _table_html(wanted[["claim_id", "claim_type", "verdict", "text"]])
        ]
    return []


@dataclass
class _WorksheetReader:
    """Reads a worksheet's cells in order into its title, introduction and tasks."""

    specs: Mapping[str, Spec]
    title: str = ""
    intro: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # HTML of an item before its exercises
    namespace: dict[str, Any] = field(default_factory=dict)  # the display cells' variables
    current: Task | None = None

    def markdown(self, source: str) -> None:
        """A heading starts the worksheet, a task or an item; other text ends a task."""
        exercise = _EXERCISE_HEADING.match(source)
        self.current = None
        if source.startswith("# ") and not self.title:
            heading, _, rest = source.partition("\n")
            self.title = heading[2:].strip()
            self.intro = [rest.strip().split("\n\n")[0]] if rest.strip() else []
        elif exercise:
            self.current = self._task(exercise.group("id"), source[exercise.end() :].strip())
            self.context = []
            self.tasks.append(self.current)
        elif _ITEM_HEADING.match(source):
            self.context = [f'<div class="item">{markdown_html(source)}</div>']

    def _task(self, exercise_id: str, text: str) -> Task:
        if exercise_id not in self.specs:
            raise HandoutError(
                f"Worksheet exercise {exercise_id} has no specification in "
                "coursekit/answers/exercises.json; add it or fix the heading."
            )
        spec = self.specs[exercise_id]
        hints = list(spec.get("hints", []))
        return Task(
            exercise_id,
            str(spec["title"]),
            text,
            hint=hints[0] if hints else "",
            lines=kind_of(spec).paper_lines(spec),
            context=[*self.context],
        )

    def code(self, source: str) -> None:
        """Run a display cell; what it shows belongs to the current task or item."""
        if _SKIP_CELL.search(source):
            return
        shown = _run_display_cell(source, self.namespace)
        if not shown:
            return
        if self.current is not None:
            self.current.material.append(shown)
        elif self.context:
            self.context.append(shown)


def worksheet_tasks(
    worksheet: nbformat.NotebookNode, specs: Mapping[str, Spec], case: Case
) -> tuple[str, list[str], list[Task], list[str]]:
    """Read a student worksheet into printable tasks.

    Parameters
    ----------
    worksheet
        A student worksheet (``exercises/NN-*-exercises.ipynb``), read with nbformat.
    specs
        The exercise specifications by id (``coursekit/answers/exercises.json``); only
        ``title``, ``passage``, ``kind``, ``max_words`` and the first hint are used.
    case
        The case the worksheet loads (its display cells are run against it).

    Returns
    -------
    tuple
        The worksheet's title, its introduction (Markdown paragraphs), the tasks in
        order, and the appendix (HTML fragments: the pages a task searches).
    """
    reader = _WorksheetReader(specs)
    for cell in worksheet.cells:
        if cell.cell_type == "markdown":
            reader.markdown(cell.source.strip())
        elif cell.cell_type == "code":
            reader.code(cell.source.strip())
    case = reader.namespace.get("case", case)
    for task in reader.tasks:
        passage = str(specs[task.exercise_id].get("passage", ""))
        if passage and not any(html.escape(passage) in part for part in task.material):
            task.material.append(f"<blockquote>{html.escape(passage)}</blockquote>")
        task.material.extend(_extra_material(task.exercise_id, case))
    appendix = _appendix(worksheet, reader.namespace, case)
    return reader.title, reader.intro, reader.tasks, appendix


def _natural(identifier: str) -> tuple[str, int, str]:
    """Sort key for ids such as ``R2``, ``S010``: letters, then the number."""
    match = re.match(r"([A-Za-z]*)(\d*)(.*)", identifier)
    assert match is not None  # the pattern matches every string
    letters, number, rest = match.groups()
    return (letters, int(number) if number else -1, rest)


def _appendix(
    worksheet: nbformat.NotebookNode, namespace: Mapping[str, Any], case: Case
) -> list[str]:
    """The pages a worksheet's tasks search on screen, printed in full."""
    parts: list[str] = []
    sources = "\n".join(cell.source for cell in worksheet.cells if cell.cell_type == "code")
    if "source_finder(case)" in sources or "find_sources(case" in sources:
        columns = ["source_id", "published", "publisher", "original_publisher", "kind", "title"]
        table = case.sources[columns].copy()
        table["_order"] = [_natural(source_id) for source_id in table["source_id"]]
        table = table.sort_values("_order").drop(columns="_order")
        parts.append(
            "<h2>The case's pages (what the source finder searches)</h2>"
            "<p>Every page of the case, by id: who published it, who wrote it first "
            "(<em>original publisher</em>), what kind of page it is, and its headline.</p>"
            + _table_html(table)
        )
    for value in namespace.values():
        page = getattr(value, "page", None)
        item_sources = getattr(value, "sources", None)
        if not callable(page) or not isinstance(item_sources, pd.DataFrame):
            continue
        cards = "".join(
            f'<div class="page-card"><pre style="border:none;padding:0;margin:0">'
            f"{html.escape(str(page(source_id)))}</pre></div>"
            for source_id in item_sources["source_id"]
        )
        parts.append(
            f"<h2>Pages for: {html.escape(str(getattr(value, 'title', '')))}</h2>"
            "<p>Every page of this item (all fictional), as the finder opens them.</p>" + cards
        )
    return parts


def worksheet_html(
    worksheet: nbformat.NotebookNode,
    specs: Mapping[str, Spec],
    case: Case,
    *,
    paper: str = "a4",
) -> str:
    """Return the unplugged (paper) version of a worksheet as a printable HTML page.

    Parameters
    ----------
    worksheet, specs, case
        As for :func:`worksheet_tasks`.
    paper
        ``"a4"`` or ``"letter"``.

    Returns
    -------
    str
        A complete HTML document.
    """
    title, intro, tasks, appendix = worksheet_tasks(worksheet, specs, case)
    body = [
        f"<h1>{html.escape(title)} (paper version)</h1>",
        '<div class="meta">Name: ______________________________ &nbsp; Date: ______________</div>',
        *(markdown_html(part) for part in intro),
        "<p>Work without a computer: each task prints the material it needs. Write your "
        "answer in the box. Where the screen version asks for a set of ids or a date, write "
        "the ids or the date.</p>",
    ]
    if appendix:
        body.append(
            "<p>Where a task asks you to search for pages or open them, use the pages "
            "printed at the end of this worksheet.</p>"
        )
    for task in tasks:
        if task.context:
            body.append('<section class="context">' + "".join(task.context) + "</section>")
        body.append(
            f'<section class="task" id="task-{html.escape(task.exercise_id)}">'
            f"<h2>{html.escape(task.exercise_id)} {html.escape(task.title)}</h2>"
            f"{markdown_html(task.markdown)}"
        )
        if task.material:
            body.append('<div class="material-label">Material</div>' + "".join(task.material))
        if task.hint:
            body.append(
                f'<p class="hint"><span class="hint-label">If you are stuck</span> '
                f"{html.escape(task.hint)}</p>"
            )
        body.append(_write_box(task.lines, "Your answer") + "</section>")
    if appendix:
        body.append('<section class="appendix">' + "".join(appendix) + "</section>")
    return _page(f"{title} (paper version)", "".join(body), paper)


def _article_lines(text: str) -> list[tuple[int, str, str]]:
    """(paragraph number, label, printed line) for every printed line of the article."""
    lines = []
    for block in numbered_paragraphs(text):
        label = "Headline" if block.number == 0 else f"\u00b6 {block.number}"
        wrapped = textwrap.wrap(
            block.text, ARTICLE_WIDTH, break_long_words=True, break_on_hyphens=False
        ) or [""]
        for row, line in enumerate(wrapped):
            lines.append((block.number, label if row == 0 else "", line))
    return lines


def article_html(text: str, *, title: str = "", paper: str = "a4") -> str:
    """Return the case article as a printable page: numbered paragraphs and lines.

    Paragraphs are numbered by :func:`coursekit.display.numbered_paragraphs` (the
    headline is not a paragraph; paragraph 1 is the block after it). Every printed line
    carries a line number, counted from the headline.

    Parameters
    ----------
    text
        The article (``case.article``).
    title
        A heading for the page (e.g. the case's name).
    paper
        ``"a4"`` or ``"letter"``.

    Returns
    -------
    str
        A complete HTML document.
    """
    rows = []
    previous = None
    for line_number, (paragraph, label, line) in enumerate(_article_lines(text), start=1):
        classes = []
        if paragraph != previous:
            classes.append("first")
        if paragraph == 0:
            classes.append("headline")
        previous = paragraph
        rows.append(
            f'<tr class="{" ".join(classes)}" data-paragraph="{paragraph}">'
            f'<td class="ln">{line_number}</td><td class="pn">{html.escape(label)}</td>'
            f'<td class="text">{html.escape(line)}</td></tr>'
        )
    heading = html.escape(title or "The case article")
    body = (
        f"<h1>{heading}</h1>"
        f'<p class="meta">{html.escape(PARAGRAPH_NUMBERING)} Line numbers count every printed '
        "line from the headline.</p>"
        f'<table class="article-lines">{"".join(rows)}</table>'
    )
    return _page(title or "The case article", body, paper)


def guide_rubrics(guide: str) -> list[str]:
    """Return the free-text rubric sections of the instructor guide, as Markdown.

    A rubric starts at a paragraph beginning ``**Rubric for`` and runs to the next
    heading or the next rubric; the section ``### General rubric for free-text verdicts``
    is taken whole (to the next heading).

    Parameters
    ----------
    guide
        The text of ``docs/instructor-guide.md``.

    Returns
    -------
    list of str
        In the guide's order.
    """
    lines = guide.splitlines()
    tokens = _MD.parse(guide)
    blocks: list[tuple[str, int, int]] = []  # (kind, first line, end line)
    depth = 0
    for token in tokens:
        if depth == 0 and token.map is not None:
            kind = token.tag if token.type == "heading_open" else token.type
            blocks.append((kind, token.map[0], token.map[1]))
        depth += token.nesting
    sections: list[str] = []
    current: list[str] | None = None
    for kind, first, end in blocks:
        text = "\n".join(lines[first:end])
        if kind in {"h1", "h2", "h3", "h4"}:
            if current:
                sections.append("\n\n".join(current))
            current = [text] if text.lstrip("# ").startswith("General rubric") else None
        elif text.startswith("**Rubric for"):
            if current:
                sections.append("\n\n".join(current))
            current = [text]
        elif current is not None:
            current.append(text)
    if current:
        sections.append("\n\n".join(current))
    return sections


def rubrics_html(guide: str, assessment_rubric: str, *, paper: str = "a4") -> str:
    """Return the rubrics handout: the guide's free-text rubrics and the assessment rubric.

    Parameters
    ----------
    guide
        The text of ``docs/instructor-guide.md``.
    assessment_rubric
        The text of ``docs/assessment/rubric.md``.
    paper
        ``"a4"`` or ``"letter"``.

    Returns
    -------
    str
        A complete HTML document.
    """
    sections = guide_rubrics(guide)
    if not sections:
        raise HandoutError(
            "docs/instructor-guide.md has no rubric sections (paragraphs starting "
            "'**Rubric for' or a heading 'General rubric'); the rubrics handout needs them."
        )
    body = ["<h1>Rubrics for the free-text answers</h1>"]
    body.extend(f'<section class="rubric">{markdown_html(part)}</section>' for part in sections)
    body.append(f'<section class="appendix">{markdown_html(assessment_rubric)}</section>')
    return _page("Rubrics", "".join(body), paper)


def assessment_form_html(form: str, *, paper: str = "a4") -> str:
    """Return an assessment form (``docs/assessment/form-a.md`` or ``form-b.md``) for print."""
    heading = form.strip().splitlines()[0].lstrip("# ").strip() if form.strip() else "Form"
    return _page(heading, markdown_html(form), paper)


# --------------------------------------------------------------------------- build


def _repository(root: Path | None) -> Path:
    candidates = [root] if root is not None else [Path.cwd(), Path(__file__).resolve().parents[2]]
    for candidate in candidates:
        if candidate is not None and (candidate / "exercises" / "solutions").is_dir():
            return candidate
    raise HandoutError(
        "The handouts are built from a checkout of the coursekit repository "
        "(exercises/ and docs/); run the command from the repository root."
    )


def handouts_html(root: Path | None = None, *, paper: str = "a4") -> list[Handout]:
    """Build every handout's HTML page from a repository checkout.

    Parameters
    ----------
    root
        The repository root (default: the current directory, else the checkout this
        package is installed from).
    paper
        ``"a4"`` or ``"letter"``.

    Returns
    -------
    list of Handout
        The article, one worksheet per ``exercises/NN-*-exercises.ipynb``, the rubrics
        and the two assessment forms.
    """
    import coursekit
    from coursekit.bank import load_specs

    repo = _repository(root)
    specs = load_specs()
    case = coursekit.load_case("summit-2025")
    built = [
        Handout(
            "article",
            "The case article",
            article_html(case.article, title="The case article (summit-2025)", paper=paper),
        )
    ]
    for path in sorted((repo / "exercises").glob("[0-9][0-9]-*-exercises.ipynb")):
        worksheet = nbformat.read(path, as_version=4)
        built.append(
            Handout(
                f"worksheet-{path.name[:2]}",
                path.stem,
                worksheet_html(worksheet, specs, case, paper=paper),
            )
        )
    docs = repo / "docs"
    guide = (docs / "instructor-guide.md").read_text(encoding="utf-8")
    rubric = (docs / "assessment" / "rubric.md").read_text(encoding="utf-8")
    built.append(Handout("rubrics", "Rubrics", rubrics_html(guide, rubric, paper=paper)))
    for letter in ("a", "b"):
        form = (docs / "assessment" / f"form-{letter}.md").read_text(encoding="utf-8")
        built.append(
            Handout(
                f"assessment-form-{letter}",
                f"Assessment form {letter.upper()}",
                assessment_form_html(form, paper=paper),
            )
        )
    return built


def print_pdf(html_path: Path, pdf_path: Path, *, chromium: str = CHROMIUM) -> Path:
    """Print an HTML file to PDF with headless Chromium; return the PDF's path.

    Raises
    ------
    HandoutError
        If Chromium is missing or fails; the message says how to install it.
    """
    if shutil.which(chromium) is None:
        raise HandoutError(
            f"Chromium was not found at {chromium}. Install Debian's package "
            "(apt-get install chromium) or pass --chromium PATH."
        )
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="coursekit-chromium-") as profile:
        command = [
            chromium,
            *CHROMIUM_ARGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf_path}",
            html_path.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if result.returncode != 0 or not pdf_path.exists():
        raise HandoutError(
            f"Chromium could not print {html_path.name} (exit code {result.returncode}): "
            f"{result.stderr.strip()[-500:]}"
        )
    return pdf_path


def build(
    out: Path,
    *,
    paper: str = "a4",
    root: Path | None = None,
    chromium: str = CHROMIUM,
    only: Sequence[str] = (),
) -> list[Handout]:
    """Write every handout as HTML and PDF into ``out``.

    Parameters
    ----------
    out
        Output folder (created); ``NAME.html`` and ``NAME.pdf`` per handout.
    paper
        ``"a4"`` or ``"letter"``.
    root
        The repository root (see :func:`handouts_html`).
    chromium
        The Chromium executable.
    only
        Build only these handouts (names such as ``"article"``, ``"worksheet-04"``).

    Returns
    -------
    list of Handout
        With ``pdf`` set.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    handouts = handouts_html(root, paper=paper)
    if only:
        unknown = set(only) - {handout.name for handout in handouts}
        if unknown:
            raise HandoutError(
                f"Unknown handout(s) {', '.join(sorted(unknown))}; the handouts are "
                f"{', '.join(handout.name for handout in handouts)}."
            )
        handouts = [handout for handout in handouts if handout.name in only]
    for handout in handouts:
        page = out / f"{handout.name}.html"
        page.write_text(handout.html, encoding="utf-8")
        handout.pdf = print_pdf(page, out / f"{handout.name}.pdf", chromium=chromium)
    return handouts


def run_build_command(
    out: str, paper: str = "a4", chromium: str = CHROMIUM, only: Sequence[str] = ()
) -> int:
    """``coursekit handouts build``: build the PDFs and list them; return an exit code."""
    try:
        handouts = build(Path(out), paper=paper, chromium=chromium, only=only)
    except HandoutError as error:
        print(f"coursekit handouts build: {error}", file=sys.stderr)
        return 1
    for handout in handouts:
        print(handout.pdf)
    return 0
