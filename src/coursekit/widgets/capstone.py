"""The capstone analyser widget and the practice article."""

from __future__ import annotations

import base64
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.analysis import Report
    from coursekit.cases import Case

from coursekit.jsonfiles import parse_json
from coursekit.widgets._a11y import Announcer
from coursekit.widgets._base import (
    _LABEL_STYLE,
    MAX_UPLOAD_BYTES,
    StaticView,
    _chart_svg,
    _full_width,
    _static,
)
from coursekit.widgets.highlighting import _analyse, _report_html, _summary_line

# --------------------------------------------------------------------------- capstone


def practice_article() -> str:
    """Return the fictional practice article: the analyser's demonstration and test text.

    Its first line says that it is fictional. It has planted problems of every kind the
    analyser reports: hedges, vague and named sources, a wrong weekday, a venue both given
    and undecided, and references with date problems; :func:`practice_key` lists them.
    The tests use it to show that the analyser finds each one. No lesson or worksheet uses
    it: its problems copy the case's, so lesson 05 practises on :mod:`coursekit.capstone`
    items instead.
    """
    folder = resources.files("coursekit") / "practice"
    return (folder / "practice-article.txt").read_text(encoding="utf-8")


def practice_key() -> dict[str, Any]:
    """Return the key of the practice article: each planted problem and its span (for tests)."""
    folder = resources.files("coursekit") / "practice"
    text = (folder / "practice-key.json").read_text(encoding="utf-8")
    key: dict[str, Any] = parse_json(text, "coursekit/practice/practice-key.json")
    return key


def _download_link(report: Report) -> str:
    page = report.to_html(title="coursekit findings report")
    data = base64.b64encode(page.encode("utf-8")).decode("ascii")
    return (
        f'<p><a download="coursekit-report.html" href="data:text/html;base64,{data}">'
        "Download this report as an HTML file</a> (opens in any browser, works offline).</p>"
    )


class AnalyzerWidget(widgets.VBox):
    """Paste an article or upload a .txt file, then analyse it.

    Attributes
    ----------
    textarea : ipywidgets.Textarea
    upload : ipywidgets.FileUpload
        Accepts one UTF-8 text file up to :data:`MAX_UPLOAD_BYTES`.
    button : ipywidgets.Button
        "Analyse".
    message : ipywidgets.HTML
        What happened to the last upload or analysis (errors say how to fix them).
    html : ipywidgets.HTML
        The report: summary, highlighted text, findings and a download link.
    output : ipywidgets.Output
        The findings chart.
    report : Report or None
        The last report.
    announcer : Announcer
        A polite live region: says the result of each analysis or upload.
    """

    def __init__(self, case: Case | None = None) -> None:
        self.case = case
        self.report: Report | None = None
        self.textarea = widgets.Textarea(
            value="",
            description="Article text:",
            placeholder="Paste the article here, or upload a .txt file below.",
            style=_LABEL_STYLE,
            layout=_full_width("14em"),
        )
        self.upload = widgets.FileUpload(
            accept=".txt,text/plain", multiple=False, description="Upload .txt file"
        )
        self.button = widgets.Button(
            description="Analyse", button_style="primary", tooltip="Analyse the article text"
        )
        self.message = widgets.HTML()
        self.html = widgets.HTML()
        self.output = widgets.Output()
        self.upload.observe(self._on_upload, names="value")
        self.button.on_click(lambda _button: self.analyse())
        self.announcer = Announcer()
        super().__init__(
            [
                self.textarea,
                widgets.HBox([self.upload, self.button]),
                self.message,
                self.html,
                self.output,
                self.announcer,
            ]
        )
        self.add_class("ck-analyzer")

    def _say(self, text: str, kind: str = "info") -> None:
        self.message.value = (
            f'<p class="ck-message ck-{escape(kind)}" role="status">{escape(text)}</p>'
        )
        self.announcer.say(text)

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        self.load_file(str(item.get("name", "the file")), bytes(item["content"]))

    def load_file(self, name: str, data: bytes) -> bool:
        """Put an uploaded file's text into the text area; return whether it worked."""
        if len(data) > MAX_UPLOAD_BYTES:
            self._say(
                f"{name} is {len(data):,} bytes; the limit is {MAX_UPLOAD_BYTES:,} bytes "
                "(about 30,000 words). Upload only the article, or paste a part of it.",
                "error",
            )
            return False
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            self._say(
                f"{name} is not UTF-8 text (unreadable byte at position {error.start}). "
                "Open it in a text editor and save it as 'UTF-8' plain text, or copy the "
                "text and paste it into the box above.",
                "error",
            )
            return False
        if "\x00" in text:
            self._say(
                f"{name} looks like a binary file (a Word or PDF file?). "
                "Save the article as plain text (.txt) or paste it into the box above.",
                "error",
            )
            return False
        self.textarea.value = text
        self._say(f"Loaded {name} ({len(text):,} characters). Press Analyse.")
        return True

    def analyse(self) -> Report | None:
        """Analyse the text in the text area and show the report."""
        text = self.textarea.value
        if not text.strip():
            self._say("There is no text yet: paste an article or upload a .txt file.", "error")
            return None
        from coursekit.charts import findings_chart

        report, notice = _analyse(text, self.case)
        self.report = report
        self.html.value = _report_html(report) + _download_link(report)
        done = notice or f"Analysed {len(text):,} characters."
        self._say(done)
        self.announcer.say(f"{done} {_summary_line(report)}")
        with self.output:
            self.output.clear_output(wait=True)
            from IPython.display import display

            display(findings_chart(report))
        return report


def analyzer(case: Case | None = None) -> AnalyzerWidget | StaticView:
    """The capstone tool: paste or upload an article and get a findings report.

    Parameters
    ----------
    case
        Passed on to :func:`coursekit.analyze`; leave it out for an article that is not
        the case article.

    Returns
    -------
    AnalyzerWidget or StaticView
        The widget, or (static site build) the report on the capstone's fictional article
        (the last of :func:`coursekit.capstone.item_ids`).
    """
    if _static():
        from coursekit.capstone import item_ids, load_item
        from coursekit.charts import findings_chart

        example = load_item(item_ids()[-1])
        report, _notice = _analyse(example.text, case)
        body = (
            "<p>In a running notebook you can paste any article here or upload a .txt file. "
            f"This page shows the report on {escape(example.title.lower())}, the fictional "
            "capstone item of lesson 05.</p>"
            + _report_html(report)
            + _chart_svg(findings_chart(report))
        )
        return StaticView("ck-analyzer", body)
    return AnalyzerWidget(case)
