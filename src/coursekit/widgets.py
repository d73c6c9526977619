"""Interactive lesson tools built with ipywidgets: quizzes, explorers and the analyser.

Every tool is a function that returns a widget whose root carries a CSS class
(``ck-quiz``, ``ck-claim-explorer``, ``ck-highlighter``, ``ck-known-on-day``,
``ck-analyzer``) and exposes its parts as attributes, so tests and browser tests can
drive it. Every control has a ``description`` label for screen readers.

When :func:`coursekit.display.is_static` is true (the static site build), each
function returns a :class:`StaticView` instead: plain HTML showing the tool's default
state, with charts inlined as SVG, so the page makes sense without a running kernel.

All text that comes from a user, a file or a data table is HTML-escaped before it is
shown. Nothing a learner types or uploads is executed, and answers are not stored.
"""

from __future__ import annotations

import base64
import copy
import json
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt
    import pandas as pd

    from coursekit.analysis import Report
    from coursekit.cases import Case

__all__ = [
    "DEFAULT_CLAIM",
    "DEFAULT_DAY",
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "AnalyzerWidget",
    "ClaimExplorer",
    "HighlighterWidget",
    "KnownOnDayWidget",
    "Quiz",
    "QuizFormatError",
    "QuizOption",
    "QuizQuestion",
    "StaticView",
    "analyzer",
    "claim_explorer",
    "highlighter",
    "known_on_day",
    "load_quiz",
    "practice_article",
    "practice_key",
    "quiz",
    "quiz_ids",
]

#: The claim the claim explorer opens on: a "reportedly" claim that rests on one source.
DEFAULT_CLAIM = "C14"

#: The day the known-on-day explorer opens on: the day of the allies' phone calls.
DEFAULT_DAY = "2025-08-08"

#: Longest text the highlighter and analyser work on; longer input is cut with a notice,
#: so a pasted book cannot freeze the kernel.
MAX_TEXT_CHARS = 20_000

#: Largest file the analyser accepts (bytes). A news article is well under 50 kB of text.
MAX_UPLOAD_BYTES = 200_000

_CASE_NAME = "summit-2025"


# --------------------------------------------------------------------------- helpers


class StaticView:
    """A tool's default view as plain HTML, for pages shown without a kernel.

    Parameters
    ----------
    css_class
        The tool's CSS class (the same one the interactive widget carries).
    body
        The HTML body; every piece of data in it is already escaped.
    """

    def __init__(self, css_class: str, body: str) -> None:
        self.css_class = css_class
        self.body = body

    @property
    def html(self) -> str:
        """The complete HTML: the body wrapped in a ``div`` with the tool's class."""
        return f'<div class="ck-static {escape(self.css_class)}">{self.body}</div>'

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"StaticView({self.css_class!r})"


def _static() -> bool:
    from coursekit.display import is_static

    return is_static()


def _load_default_case() -> Case:
    from coursekit.cases import load_case

    return load_case(_CASE_NAME)


def _chart_svg(chart: alt.TopLevelMixin) -> str:
    """Render a chart to inline SVG inside a figure with its text alternative."""
    import vl_convert as vlc

    from coursekit.display import describe

    svg = vlc.vegalite_to_svg(chart.to_dict())
    label = escape(describe(chart))
    return f'<figure class="ck-chart" role="img" aria-label="{label}">{svg}</figure>'


def _safe_link(url: Any, text: str) -> str:
    """Return an escaped link that opens in a new tab, or plain text for odd URLs.

    Only http and https links become clickable, so a ``javascript:`` URL in a data
    file can never run.
    """
    if not isinstance(url, str) or not url.strip():
        return escape(text)
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme not in {"http", "https"}:
        return escape(text)
    return (
        f'<a href="{escape(url.strip(), quote=True)}" target="_blank" '
        f'rel="noopener noreferrer">{escape(text)}</a>'
    )


def _text(value: Any) -> str:
    """A table cell as text: empty for missing values."""
    import pandas as pd

    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _full_width(height: str | None = None) -> widgets.Layout:
    return widgets.Layout(width="100%", height=height) if height else widgets.Layout(width="100%")


_LABEL_STYLE = {"description_width": "initial"}


# --------------------------------------------------------------------------- quizzes


class QuizFormatError(ValueError):
    """A quiz file does not follow the format; the message says where and how to fix it."""


@dataclass(frozen=True)
class QuizOption:
    """One answer option: its text, whether it is correct, and why."""

    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class QuizQuestion:
    """One quiz question with its options."""

    id: str
    prompt: str
    options: tuple[QuizOption, ...]
    multiple: bool = False

    @property
    def correct_indices(self) -> frozenset[int]:
        """Positions of the correct options."""
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


def _require(condition: bool, where: str, problem: str) -> None:
    if not condition:
        raise QuizFormatError(f"{where}: {problem}")


def _parse_quiz(data: Any, where: str, lesson: str) -> list[QuizQuestion]:
    """Validate one quiz file's content and turn it into questions."""
    fmt = (
        ' Expected {"lesson": "NN", "questions": [{"id": "NN.k", "prompt": "...", '
        '"multiple": false, "options": [{"text": "...", "correct": true, "why": "..."}]}]}.'
    )
    _require(isinstance(data, dict), where, "the file must hold a JSON object." + fmt)
    _require(
        data.get("lesson") == lesson,
        where,
        f'"lesson" is {data.get("lesson")!r} but the file name says {lesson!r}; make them agree.',
    )
    questions = data.get("questions")
    _require(
        isinstance(questions, list) and bool(questions),
        where,
        '"questions" must be a non-empty list.' + fmt,
    )
    parsed: list[QuizQuestion] = []
    seen: set[str] = set()
    for number, item in enumerate(questions, start=1):
        here = f"{where}, question {number}"
        _require(isinstance(item, dict), here, "each question must be a JSON object." + fmt)
        qid = item.get("id")
        _require(
            isinstance(qid, str) and qid.startswith(f"{lesson}.") and qid[len(lesson) + 1 :] != "",
            here,
            f'"id" is {qid!r}; it must look like "{lesson}.{number}" (lesson number, dot, index).',
        )
        _require(
            qid not in seen, here, f"the id {qid!r} is used twice; give each question its own."
        )
        seen.add(qid)
        here = f"{where}, question {qid}"
        prompt = item.get("prompt")
        _require(
            isinstance(prompt, str) and bool(prompt.strip()), here, '"prompt" must be non-empty.'
        )
        multiple = item.get("multiple", False)
        _require(isinstance(multiple, bool), here, '"multiple" must be true or false.')
        options = item.get("options")
        _require(
            isinstance(options, list) and len(options) >= 2,
            here,
            '"options" must be a list of at least two options.',
        )
        parsed_options = []
        for index, option in enumerate(options, start=1):
            spot = f"{here}, option {index}"
            _require(isinstance(option, dict), spot, "each option must be a JSON object." + fmt)
            text, correct, why = option.get("text"), option.get("correct"), option.get("why")
            _require(
                isinstance(text, str) and bool(text.strip()), spot, '"text" must be non-empty.'
            )
            _require(isinstance(correct, bool), spot, '"correct" must be true or false.')
            _require(
                isinstance(why, str) and bool(why.strip()),
                spot,
                '"why" must explain in a sentence why this option is right or wrong.',
            )
            parsed_options.append(QuizOption(text=text, correct=correct, why=why))
        n_correct = sum(option.correct for option in parsed_options)
        if multiple:
            _require(n_correct >= 1, here, "mark at least one option as correct.")
        else:
            _require(
                n_correct == 1,
                here,
                f"{n_correct} options are marked correct; a single-choice question needs "
                'exactly one (or set "multiple": true).',
            )
        parsed.append(QuizQuestion(qid, prompt, tuple(parsed_options), multiple))
    return parsed


def _quiz_files() -> dict[str, Any]:
    folder = resources.files("coursekit") / "quizzes"
    return {
        entry.name[: -len(".json")]: entry
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }


def load_quiz(lesson: str) -> list[QuizQuestion]:
    """Load and validate the quiz file of one lesson (``quizzes/NN.json``).

    Parameters
    ----------
    lesson
        Two-digit lesson number, such as ``"03"``.

    Returns
    -------
    list of QuizQuestion

    Raises
    ------
    KeyError
        If the lesson has no quiz file; the message lists the lessons that have one.
    QuizFormatError
        If the file is not valid JSON or breaks the format.
    """
    files = _quiz_files()
    if lesson not in files:
        raise KeyError(
            f"No quiz file for lesson {lesson!r}; quizzes exist for lessons "
            f"{', '.join(sorted(files)) or '(none)'}."
        )
    where = f"quizzes/{lesson}.json"
    try:
        data = json.loads(files[lesson].read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise QuizFormatError(
            f"{where}: not valid JSON at line {error.lineno}, column {error.colno} "
            f"({error.msg}). Check quotes and commas there."
        ) from error
    return _parse_quiz(data, where, lesson)


def quiz_ids() -> list[str]:
    """Return the ids of every quiz question in the kit, in lesson order."""
    return [question.id for lesson in sorted(_quiz_files()) for question in load_quiz(lesson)]


def _find_question(question_id: str) -> QuizQuestion:
    lesson = question_id.split(".", 1)[0]
    if lesson in _quiz_files():
        for question in load_quiz(lesson):
            if question.id == question_id:
                return question
    raise KeyError(f"No quiz question {question_id!r}. Valid ids: {', '.join(quiz_ids())}.")


class Quiz(widgets.VBox):
    """A multiple-choice question with a Check button and explained feedback.

    Attributes
    ----------
    question : QuizQuestion
    prompt : ipywidgets.HTML
    choices : ipywidgets.RadioButtons or ipywidgets.VBox of Checkbox
    checkboxes : list of ipywidgets.Checkbox (empty for single-choice questions)
    button : ipywidgets.Button
    feedback : ipywidgets.HTML
    """

    def __init__(self, question: QuizQuestion) -> None:
        self.question = question
        self.prompt = widgets.HTML(
            f'<p class="ck-quiz-prompt"><strong>Question {escape(question.id)}.</strong> '
            f"{escape(question.prompt)}</p>"
        )
        self.checkboxes: list[widgets.Checkbox] = []
        if question.multiple:
            self.checkboxes = [
                widgets.Checkbox(
                    value=False, description=option.text, indent=False, layout=_full_width()
                )
                for option in question.options
            ]
            self.choices: widgets.Widget = widgets.VBox(self.checkboxes)
        else:
            self.choices = widgets.RadioButtons(
                options=[(option.text, i) for i, option in enumerate(question.options)],
                value=None,
                description="Answer:",
                style=_LABEL_STYLE,
                layout=_full_width(),
            )
        self.button = widgets.Button(
            description="Check", button_style="primary", tooltip="Check your answer"
        )
        self.feedback = widgets.HTML("")
        self.button.on_click(lambda _button: self.check())
        super().__init__([self.prompt, self.choices, self.button, self.feedback])
        self.add_class("ck-quiz")

    def selected(self) -> list[int]:
        """Positions of the options the learner has chosen."""
        if self.question.multiple:
            return [i for i, box in enumerate(self.checkboxes) if box.value]
        value = self.choices.value  # type: ignore[attr-defined]
        return [] if value is None else [int(value)]

    def select(self, *indices: int) -> None:
        """Choose options by position (as a learner would by clicking)."""
        if self.question.multiple:
            for i, box in enumerate(self.checkboxes):
                box.value = i in indices
        else:
            if len(indices) != 1:
                raise ValueError("A single-choice question takes exactly one option.")
            self.choices.value = indices[0]  # type: ignore[attr-defined]

    def check(self) -> bool | None:
        """Show feedback for the current choice; return whether it is right.

        Returns ``None`` (and asks for a choice) when nothing is selected.
        """
        chosen = self.selected()
        if not chosen:
            self.feedback.value = _feedback_html("ck-quiz-empty", "Choose an answer first.", [])
            return None
        right = frozenset(chosen) == self.question.correct_indices
        whys = [self.question.options[i] for i in chosen]
        if right:
            self.feedback.value = _feedback_html("ck-quiz-right", "Correct.", whys)
        else:
            headline = "Not quite."
            if self.question.multiple:
                n = len(self.question.correct_indices)
                headline += f" {n} of the options are correct; look at each choice again."
            self.feedback.value = _feedback_html("ck-quiz-wrong", headline, whys)
        return right


def _feedback_html(css: str, headline: str, options: list[QuizOption]) -> str:
    items = "".join(
        f"<li><em>{escape(option.text)}</em>: {escape(option.why)}</li>" for option in options
    )
    listing = f"<ul>{items}</ul>" if items else ""
    return (
        f'<div class="ck-quiz-feedback {css}" role="status" aria-live="polite">'
        f"<strong>{escape(headline)}</strong>{listing}</div>"
    )


def _static_quiz(question: QuizQuestion) -> StaticView:
    marker = "ul" if question.multiple else "ol type='A'"
    items = "".join(f"<li>{escape(option.text)}</li>" for option in question.options)
    answers = "".join(
        f"<li><em>{escape(option.text)}</em>: {escape(option.why)}</li>"
        for option in question.options
        if option.correct
    )
    body = (
        f'<p class="ck-quiz-prompt"><strong>Question {escape(question.id)}.</strong> '
        f"{escape(question.prompt)}</p><{marker}>{items}</{marker.split()[0]}>"
        f"<details><summary>Show the answer</summary><ul>{answers}</ul></details>"
    )
    return StaticView("ck-quiz", body)


def quiz(question_id: str) -> Quiz | StaticView:
    """Show one quiz question with a Check button and explained feedback.

    Parameters
    ----------
    question_id
        The question's id, such as ``"03.1"`` (lesson number, dot, index).

    Returns
    -------
    Quiz or StaticView
        The interactive question, or (static site build) the question with its answer
        folded away in a ``<details>`` element.

    Raises
    ------
    KeyError
        If there is no such question; the message lists the valid ids.
    """
    question = _find_question(question_id)
    if _static():
        return _static_quiz(question)
    return Quiz(question)


# --------------------------------------------------------------------------- charts


class _ChartPane:
    """A chart area that can be redrawn in place.

    Interactive: one :class:`altair.JupyterChart` whose chart is swapped, so the
    browser updates the existing view instead of building a new one (no flicker).
    The offline mode ships the Vega JavaScript from vl-convert, never from a CDN.
    """

    def __init__(self, chart: alt.TopLevelMixin) -> None:
        import altair as alt

        alt.JupyterChart.enable_offline(offline=True)
        # Keep "save as SVG/PNG"; drop the actions that open remote sites (Vega Editor).
        from coursekit.display import EMBED_OPTIONS

        self.widget = alt.JupyterChart(chart, embed_options=copy.deepcopy(EMBED_OPTIONS))
        self.widget.add_class("ck-chart")

    def update(self, chart: alt.TopLevelMixin) -> None:
        self.widget.chart = chart


# --------------------------------------------------------------------------- claims

_VERDICT_WORDS = {
    "corroborated": "corroborated: independent sources confirm it",
    "partly": "partly: sources confirm some of it, not all",
    "contradicted": "contradicted: the evidence says otherwise",
    "unverifiable": "unverifiable: no evidence can settle it (an opinion or prediction, say)",
}


def _claim_label(claim_id: str, text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    short = flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
    return f"{claim_id}: {short}"


def _independence_html(case: Case, claim_id: str) -> str:
    """How many independent outlets stand behind the claim, with the kit's own summary."""
    from coursekit.corroboration import corroboration

    table = corroboration(case)
    row = table[table["claim_id"].astype(str) == claim_id]
    if row.empty:
        return ""
    first = row.iloc[0]
    sentence = (
        f"Independent origins: {int(first['supporting'])} supporting, "
        f"{int(first['partly'])} partly supporting, {int(first['contradicting'])} "
        "contradicting (copies of one outlet's story count once, for the outlet that wrote it)."
    )
    note = _text(first.get("note"))
    return f'<p class="ck-independence">{escape(sentence)} {escape(note)}</p>'


_STANCE_RANK = {"supports": 0, "partly": 1, "contradicts": 2, "context": 3}


def _evidence_table(case: Case, claim_id: str) -> str:
    """The sources bearing on a claim, grouped by the outlet that wrote each text."""
    from coursekit.corroboration import independent_sources

    grouped = independent_sources(case, claim_id)
    if grouped.empty:
        return "<p>No source in the case bears on this claim.</p>"
    extra = case.evidence_for(claim_id)[["source_id", "published", "note"]]
    rows_frame = grouped.merge(extra, on="source_id", how="left")
    rows_frame = rows_frame.assign(
        _rank=rows_frame["stance"].astype(str).map(_STANCE_RANK).fillna(9)
    ).sort_values(["_rank", "group", "source_id"], kind="stable")
    header = (
        "<tr><th scope='col'>Stance</th><th scope='col'>Independent origin</th>"
        "<th scope='col'>Source</th><th scope='col'>Published by</th>"
        "<th scope='col'>Date</th><th scope='col'>Link (opens in a new tab)</th>"
        "<th scope='col'>How it counts</th><th scope='col'>Note</th></tr>"
    )
    rows = []
    for _, row in rows_frame.iterrows():
        title = _text(row.get("title")) or _text(row.get("url")) or "(no title)"
        rows.append(
            "<tr>"
            f"<td>{escape(_text(row['stance']))}</td>"
            f"<td>{escape(_text(row['group']))}</td>"
            f"<td>{escape(_text(row['source_id']))}</td>"
            f"<td>{escape(_text(row.get('publisher')))}</td>"
            f"<td>{escape(_text(row.get('published')) or 'undated')}</td>"
            f"<td>{_safe_link(row.get('url'), title)}</td>"
            f"<td>{escape(_text(row.get('reason')))}</td>"
            f"<td>{escape(_text(row.get('note')))}</td>"
            "</tr>"
        )
    # The wrapper lets a narrow column scroll the table instead of clipping it, and long
    # titles or URLs break anywhere rather than widening the notebook column.
    return (
        '<div class="ck-evidence-wrap" style="max-width:100%;overflow-x:auto">'
        '<table class="ck-evidence" style="width:100%;border-collapse:collapse;'
        'overflow-wrap:anywhere;word-break:break-word">'
        "<caption>Sources bearing on this claim, by stance and "
        "by independent origin (the outlet that wrote the text, or the statement "
        "it relays)</caption>"
        f"<thead>{header}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _claim_html(case: Case, claim_id: str) -> str:
    claim = case.claim(claim_id)
    verdict = _text(claim["verdict"])
    cues = _text(claim.get("cues"))
    # ipywidgets' HTML content inherits white-space:nowrap; restore normal wrapping so the
    # claim, the rationale and the table stay inside the notebook column.
    parts = [
        '<div class="ck-claim" style="white-space:normal;max-width:100%;overflow-wrap:anywhere">',
        f'<blockquote class="ck-claim-text">{escape(_text(claim["text"]))}</blockquote>',
        "<dl class='ck-claim-facts'>",
        f"<dt>Type</dt><dd>{escape(_text(claim['claim_type']))}</dd>",
        f"<dt>Verdict</dt><dd><strong>{escape(_VERDICT_WORDS.get(verdict, verdict))}</strong></dd>",
        f"<dt>Why</dt><dd>{escape(_text(claim['rationale']))}</dd>",
    ]
    if cues:
        parts.append(f"<dt>Cue words</dt><dd>{escape(cues.replace(';', ', '))}</dd>")
    parts.append("</dl>")
    parts.append(_independence_html(case, str(claim["claim_id"])))
    parts.append(_evidence_table(case, str(claim["claim_id"])))
    parts.append("</div>")
    return "".join(parts)


def _claim_chart(case: Case, claim_id: str) -> alt.TopLevelMixin:
    from coursekit.charts import claim_support_chart

    return claim_support_chart(case, claims=[claim_id])


class ClaimExplorer(widgets.VBox):
    """Pick a claim; see its text, verdict, rationale, evidence and sources.

    Attributes
    ----------
    case : Case
    dropdown : ipywidgets.Dropdown
        The claim picker; its value is the claim id.
    html : ipywidgets.HTML
        Claim details and the evidence table.
    chart : altair.JupyterChart
        Independent sources by stance for the chosen claim.
    """

    def __init__(self, case: Case, claim_id: str = DEFAULT_CLAIM) -> None:
        self.case = case
        claims = case.claims
        options = [
            (_claim_label(str(cid), str(text)), str(cid))
            for cid, text in zip(claims["claim_id"], claims["text"], strict=True)
        ]
        start = str(case.claim(claim_id)["claim_id"])
        self.dropdown = widgets.Dropdown(
            options=options,
            value=start,
            description="Claim:",
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="95%"),
        )
        self.html = widgets.HTML(_claim_html(case, start), layout=_full_width())
        self._pane = _ChartPane(_claim_chart(case, start))
        self.chart = self._pane.widget
        self.dropdown.observe(self._on_change, names="value")
        super().__init__(
            [self.dropdown, self.html, self.chart], layout=widgets.Layout(width="100%")
        )
        self.add_class("ck-claim-explorer")

    def _on_change(self, change: dict[str, Any]) -> None:
        claim_id = str(change["new"])
        self.html.value = _claim_html(self.case, claim_id)
        self._pane.update(_claim_chart(self.case, claim_id))


def claim_explorer(
    case: Case | None = None, claim_id: str = DEFAULT_CLAIM
) -> ClaimExplorer | StaticView:
    """Explore the case's claims one at a time: text, verdict, evidence and sources.

    Parameters
    ----------
    case
        A loaded case; the summit-2025 case when omitted.
    claim_id
        The claim shown first. The default, C14, is a "reportedly" claim that rests on
        one source, so the first view already teaches something.

    Returns
    -------
    ClaimExplorer or StaticView
        The widget, or (static site build) the default claim as HTML with its chart.

    Raises
    ------
    KeyError
        If the case has no such claim.
    """
    case = case if case is not None else _load_default_case()
    if _static():
        body = _claim_html(case, claim_id) + _chart_svg(_claim_chart(case, claim_id))
        return StaticView("ck-claim-explorer", body)
    return ClaimExplorer(case, claim_id)


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


def _default_paragraph(case: Case) -> str:
    """The article paragraph with the most hedges and vague sources (first one on a tie)."""
    from coursekit.analysis import analyze

    best, best_score = "", -1
    for paragraph in case.article.splitlines():
        if not paragraph.strip() or paragraph.lstrip().startswith(("[", "-")):
            continue
        report = analyze(paragraph)
        score = sum(f.kind in {"hedge", "vague-attribution"} for f in report.findings)
        if score > best_score:
            best, best_score = paragraph.strip(), score
    return best


class HighlighterWidget(widgets.VBox):
    """Type or paste text; see every finding highlighted and explained.

    Attributes
    ----------
    textarea : ipywidgets.Textarea
    button : ipywidgets.Button
        Runs the analysis now (it also runs when the text area loses focus).
    html : ipywidgets.HTML
        The highlighted text and the list of findings with their explanations.
    """

    def __init__(self, text: str, case: Case | None = None) -> None:
        self.case = case
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
        super().__init__([self.textarea, self.button, self.html])
        self.add_class("ck-highlighter")
        self.refresh()

    def refresh(self) -> None:
        """Analyse the current text and show the result."""
        text = self.textarea.value
        if not text.strip():
            self.html.value = "<p>Paste or type some text above, then press Highlight.</p>"
            return
        report, notice = _analyse(text, self.case)
        self.html.value = _report_html(report, notice)


def highlighter(text: str = "", case: Case | None = None) -> HighlighterWidget | StaticView:
    """A live highlighter: every hedge, source cue, date and reference, explained.

    Parameters
    ----------
    text
        The starting text. When empty, the paragraph of the case article with the most
        hedges and vague sources, so the first view shows several kinds of finding.
    case
        The case whose article supplies the default paragraph (summit-2025 when
        omitted). The analysis itself does not use the case.

    Returns
    -------
    HighlighterWidget or StaticView
    """
    if not text:
        text = _default_paragraph(case if case is not None else _load_default_case())
    if _static():
        report, notice = _analyse(text)
        return StaticView("ck-highlighter", _report_html(report, notice))
    return HighlighterWidget(text)


# --------------------------------------------------------------------------- timeline


def _slider_days() -> list[tuple[str, str]]:
    import pandas as pd

    from coursekit.timeline import DEFAULT_FIRST_DAY, DEFAULT_LAST_DAY

    days = pd.date_range(DEFAULT_FIRST_DAY, DEFAULT_LAST_DAY, freq="D")
    # Day numbers built by hand: "%-d" is not portable (Windows has no "-" flag).
    return [(f"{day:%a} {day.day} {day:%b}", f"{day:%Y-%m-%d}") for day in days]


def _known_html(case: Case, day: str) -> str:
    import pandas as pd

    from coursekit.timeline import event_status, fits_on

    when = pd.Timestamp(day)
    status = event_status(case, day)
    public = status[status["known"]]
    label = f"{when.strftime('%A')} {when.day} {when.strftime('%B %Y')}"
    items = []
    for _, row in public.iterrows():
        caveat = f" <em>(dating note: {escape(row['caveat'])})</em>" if row["caveat"] else ""
        items.append(
            f'<li data-event="{escape(row["event_id"])}">{escape(row["event_id"])} '
            f"({row['date'].day} {row['date']:%b}): {escape(row['title'])}{caveat}</li>"
        )
    events = "".join(items) or "<li>None of the case's events yet.</li>"
    windows = fits_on(case, day)
    timed = windows[windows["time_sensitive"]]
    fit = timed[timed["fits"]]
    misfit = timed[~timed["fits"]]

    def claim_items(frame: pd.DataFrame) -> str:
        return "".join(
            f'<li data-claim="{escape(row["claim_id"])}">'
            f"{escape(_claim_label(row['claim_id'], row['text'], 90))}</li>"
            for _, row in frame.iterrows()
        )

    if timed.empty:
        claims = "<p>This case's claims carry no time windows.</p>"
    else:
        claims = (
            f"<p><strong>{len(fit)} of {len(timed)} time-sensitive claims fit an article "
            f"written on this day.</strong></p>"
            f"<h4>Fit this day</h4><ul class='ck-fit'>{claim_items(fit) or '<li>none</li>'}</ul>"
            f"<h4>Do not fit this day</h4>"
            f"<ul class='ck-misfit'>{claim_items(misfit) or '<li>none</li>'}</ul>"
        )
    # Two columns that wrap on narrow screens, so the view stays short on a projector.
    column = "flex:1 1 22em;min-width:0"
    return (
        f"<h3>On {escape(label)}</h3>"
        '<div class="ck-columns" style="display:flex;flex-wrap:wrap;gap:0 2em">'
        f'<section style="{column}">'
        f"<h4>Public by this day: {len(public)} of {len(status)} events</h4>"
        f"<ul class='ck-public'>{events}</ul></section>"
        f'<section style="{column}">{claims}</section></div>'
    )


class KnownOnDayWidget(widgets.VBox):
    """Move through the days: what was public, and which claims fit that day.

    Attributes
    ----------
    slider : ipywidgets.SelectionSlider
        Value: the day as ISO text (``"2025-08-08"``).
    chart : altair.JupyterChart
    html : ipywidgets.HTML
        The lists of public events and of claims that fit or do not fit.
    """

    def __init__(self, case: Case, day: str = DEFAULT_DAY) -> None:
        from coursekit.charts import known_on_day_chart

        self.case = case
        self._chart_for = known_on_day_chart
        self.slider = widgets.SelectionSlider(
            options=_slider_days(),
            value=day,
            description="Day:",
            continuous_update=False,
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="95%"),
        )
        self._pane = _ChartPane(known_on_day_chart(case, day))
        self.chart = self._pane.widget
        self.html = widgets.HTML(_known_html(case, day))
        self.slider.observe(self._on_change, names="value")
        super().__init__([self.slider, self.chart, self.html])
        self.add_class("ck-known-on-day")

    def _on_change(self, change: dict[str, Any]) -> None:
        day = str(change["new"])
        self._pane.update(self._chart_for(self.case, day))
        self.html.value = _known_html(self.case, day)


def _check_day(day: Any) -> str:
    from coursekit.timeline import DEFAULT_FIRST_DAY, DEFAULT_LAST_DAY, to_day

    when = to_day(day)
    if not to_day(DEFAULT_FIRST_DAY) <= when <= to_day(DEFAULT_LAST_DAY):
        raise ValueError(
            f"The day {when:%Y-%m-%d} is outside the case's window; pick a day from "
            f"{DEFAULT_FIRST_DAY} to {DEFAULT_LAST_DAY}."
        )
    return f"{when:%Y-%m-%d}"


def known_on_day(case: Case | None = None, day: Any = DEFAULT_DAY) -> KnownOnDayWidget | StaticView:
    """Slide through 28 July to 30 August 2025: what was public, which claims fit.

    Parameters
    ----------
    case
        A loaded case; the summit-2025 case when omitted.
    day
        The day shown first (ISO text, date or Timestamp).

    Returns
    -------
    KnownOnDayWidget or StaticView

    Raises
    ------
    ValueError
        If ``day`` is not a date or lies outside 2025-07-28 .. 2025-08-30.
    """
    case = case if case is not None else _load_default_case()
    iso = _check_day(day)
    if _static():
        from coursekit.charts import known_on_day_chart

        body = _chart_svg(known_on_day_chart(case, iso)) + _known_html(case, iso)
        return StaticView("ck-known-on-day", body)
    return KnownOnDayWidget(case, iso)


# --------------------------------------------------------------------------- capstone


def practice_article() -> str:
    """Return the fictional practice article (for classes without internet access).

    Its first line says that it is fictional. It has planted problems: hedges, vague and
    named sources, a wrong weekday, a venue both given and undecided, and references
    with date problems. :func:`practice_key` lists them.
    """
    folder = resources.files("coursekit") / "practice"
    return (folder / "practice-article.txt").read_text(encoding="utf-8")


def practice_key() -> dict[str, Any]:
    """Return the answer key of the practice article: each planted problem and its span."""
    folder = resources.files("coursekit") / "practice"
    key: dict[str, Any] = json.loads((folder / "practice-key.json").read_text(encoding="utf-8"))
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
        super().__init__(
            [
                self.textarea,
                widgets.HBox([self.upload, self.button]),
                self.message,
                self.html,
                self.output,
            ]
        )
        self.add_class("ck-analyzer")

    def _say(self, text: str, kind: str = "info") -> None:
        self.message.value = (
            f'<p class="ck-message ck-{escape(kind)}" role="status">{escape(text)}</p>'
        )

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
        self._say(notice or f"Analysed {len(text):,} characters.")
        self.html.value = _report_html(report) + _download_link(report)
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
        The widget, or (static site build) the report on the fictional practice article.
    """
    if _static():
        from coursekit.charts import findings_chart

        report, _notice = _analyse(practice_article(), case)
        body = (
            "<p>In a running notebook you can paste any article here or upload a .txt file. "
            "This page shows the report on the fictional practice article.</p>"
            + _report_html(report)
            + _chart_svg(findings_chart(report))
        )
        return StaticView("ck-analyzer", body)
    return AnalyzerWidget(case)
