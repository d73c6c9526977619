"""The hedge and attribution highlighter: an analyser report drawn over a paragraph."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.analysis import Report
    from coursekit.cases import Case

from coursekit.widgets._a11y import Announcer
from coursekit.widgets._base import (
    _LABEL_STYLE,
    MAX_TEXT_CHARS,
    StaticView,
    _full_width,
    _load_default_case,
    _static,
)

# --------------------------------------------------------------------------- analysis


def _clip(text: str) -> tuple[str, str]:
    """Cut over-long input and return it with a notice (empty when nothing was cut)."""
    if len(text) <= MAX_TEXT_CHARS:
        return text, ""
    notice = (
        f"The text has {len(text):,} characters; only the first {MAX_TEXT_CHARS:,} are "
        "analysed. Paste a shorter passage to see the rest."
    )
    return text[:MAX_TEXT_CHARS], notice


def _summary_line(report: Report) -> str:
    counts = report.summary()
    if not counts:
        return (
            "No findings. The analyser looks for hedges, vague and named sources, "
            "dates and references."
        )
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"{sum(counts.values())} findings: {parts}."


def _report_html(report: Report, notice: str = "") -> str:
    status = f'<p class="ck-notice" role="status">{escape(notice)}</p>' if notice else ""
    summary = f'<p class="ck-summary">{escape(_summary_line(report))}</p>'
    return status + summary + report.to_html_fragment()


def _analyse(text: str, case: Case | None = None) -> tuple[Report, str]:
    from coursekit.analysis import analyze

    clipped, notice = _clip(text)
    return analyze(clipped, case=case), notice


def _default_paragraph(case: Case) -> tuple[int, str]:
    """The article paragraph with the most hedges, boosters and vague sources.

    On a tie, the paragraph with more findings of any kind wins, then the first one.

    Returns its number (:func:`coursekit.display.numbered_paragraphs`) and its text.
    """
    from coursekit.analysis import analyze
    from coursekit.display import numbered_paragraphs

    best, best_number, best_score = "", 0, (-1, -1)
    for block in numbered_paragraphs(case.article):
        if block.number == 0 or block.text.startswith(("[", "-")):
            continue
        report = analyze(block.text)
        score = (
            sum(f.kind in {"hedge", "booster", "vague-attribution"} for f in report.findings),
            len(report.findings),
        )
        if score > best_score:
            best, best_number, best_score = block.text, block.number, score
    return best_number, best


def _source_note(number: int) -> str:
    """Where the default text comes from, numbered as the article display numbers it."""
    return (
        f'<p class="ck-source-note">The box starts with paragraph {number} of the case '
        "article (the headline is not counted: paragraph 1 is the first paragraph after "
        "it, as in the article display and the worksheets).</p>"
    )


class HighlighterWidget(widgets.VBox):
    """Type or paste text; see every finding highlighted and explained.

    Attributes
    ----------
    textarea : ipywidgets.Textarea
    button : ipywidgets.Button
        Runs the analysis now (it also runs when the text area loses focus).
    html : ipywidgets.HTML
        The highlighted text and the list of findings with their explanations.
    announcer : Announcer
        A polite live region: says how many findings of each kind the text has.
    """

    def __init__(self, text: str, case: Case | None = None, note: str = "") -> None:
        self.case = case
        self.note = widgets.HTML(note)
        self.textarea = widgets.Textarea(
            value=text,
            description="Your text:",
            placeholder="Paste a paragraph of any news article here.",
            continuous_update=False,
            style=_LABEL_STYLE,
            layout=_full_width("9em"),
        )
        self.button = widgets.Button(
            description="Highlight", tooltip="Analyse the text and highlight the findings"
        )
        self.html = widgets.HTML()
        self.textarea.observe(lambda _change: self.refresh(), names="value")
        self.button.on_click(lambda _button: self.refresh())
        self.announcer = Announcer()
        children = [self.textarea, self.button, self.html, self.announcer]
        super().__init__([self.note, *children] if note else children)
        self.add_class("ck-highlighter")
        self.refresh()

    def refresh(self) -> None:
        """Analyse the current text and show the result."""
        text = self.textarea.value
        if not text.strip():
            self.html.value = "<p>Paste or type some text above, then press Highlight.</p>"
            self.announcer.say("No text to highlight.")
            return
        report, notice = _analyse(text, self.case)
        self.html.value = _report_html(report, notice)
        self.announcer.say(f"{notice} {_summary_line(report)}".strip())


def highlighter(text: str = "", case: Case | None = None) -> HighlighterWidget | StaticView:
    """A live highlighter: every hedge, source cue, date and reference, explained.

    Parameters
    ----------
    text
        The starting text. When empty, the paragraph of the case article with the most
        hedges and vague sources, so the first view shows several kinds of finding; a
        note above the box gives its paragraph number.
    case
        The case whose article supplies the default paragraph (summit-2025 when
        omitted). The analysis itself does not use the case.

    Returns
    -------
    HighlighterWidget or StaticView
    """
    note = ""
    if not text:
        number, text = _default_paragraph(case if case is not None else _load_default_case())
        note = _source_note(number)
    if _static():
        report, notice = _analyse(text)
        return StaticView("ck-highlighter", note + _report_html(report, notice))
    return HighlighterWidget(text, note=note)
