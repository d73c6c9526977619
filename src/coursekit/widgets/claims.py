"""The claim explorer: a claim of the case, its evidence and its independent origins."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

    from coursekit.cases import Case

from coursekit.vocabulary import STANCES
from coursekit.widgets._a11y import Announcer
from coursekit.widgets._base import (
    _LABEL_STYLE,
    StaticView,
    _chart_svg,
    _ChartPane,
    _full_width,
    _load_default_case,
    _safe_link,
    _static,
    _text,
)

# --------------------------------------------------------------------------- claims


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
        "contradicting (copies of one outlet's story count once, for the outlet that wrote it, "
        "and outlets relaying one statement count once, for the statement)."
    )
    note = _text(first.get("note"))
    return f'<p class="ck-independence">{escape(sentence)} {escape(note)}</p>'


_STANCE_RANK = {stance: rank for rank, stance in enumerate(STANCES)}


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
    from coursekit.corroboration import verdict_line

    claim = case.claim(claim_id)
    # The verdict's wording is computed from the independent origins (never "independent
    # sources" when they count one).
    verdict = verdict_line(case, str(claim["claim_id"]))
    cues = _text(claim.get("cues"))
    # ipywidgets' HTML content inherits white-space:nowrap; restore normal wrapping so the
    # claim, the rationale and the table stay inside the notebook column.
    parts = [
        '<div class="ck-claim" style="white-space:normal;max-width:100%;overflow-wrap:anywhere">',
        f'<blockquote class="ck-claim-text">{escape(_text(claim["text"]))}</blockquote>',
        "<dl class='ck-claim-facts'>",
        f"<dt>Type</dt><dd>{escape(_text(claim['claim_type']))}</dd>",
        f"<dt>Verdict</dt><dd><strong>{escape(verdict)}</strong></dd>",
        f"<dt>Why</dt><dd>{escape(_text(claim['rationale']))}</dd>",
    ]
    if cues:
        parts.append(f"<dt>Cue words</dt><dd>{escape(cues.replace(';', ', '))}</dd>")
    parts.append("</dl>")
    parts.append(_independence_html(case, str(claim["claim_id"])))
    parts.append(_evidence_table(case, str(claim["claim_id"])))
    parts.append("</div>")
    return "".join(parts)


def _claim_chart(case: Case, claim_id: str) -> alt.Chart:
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
    announcer : Announcer
        A polite live region: says which claim is shown and its verdict.
    """

    def __init__(self, case: Case, claim_id: str | None = None) -> None:
        self.case = case
        claim_id = case.settings.default_claim if claim_id is None else claim_id
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
        self.announcer = Announcer()
        super().__init__(
            [self.dropdown, self.html, self.chart, self.announcer],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("ck-claim-explorer")

    def _on_change(self, change: dict[str, Any]) -> None:
        from coursekit.corroboration import verdict_line

        claim_id = str(change["new"])
        self.html.value = _claim_html(self.case, claim_id)
        self._pane.update(_claim_chart(self.case, claim_id))
        self.announcer.say(f"Claim {claim_id}. Verdict: {verdict_line(self.case, claim_id)}")


def claim_explorer(
    case: Case | None = None, claim_id: str | None = None
) -> ClaimExplorer | StaticView:
    """Explore the case's claims one at a time: text, verdict, evidence and sources.

    Parameters
    ----------
    case
        A loaded case; the summit-2025 case when omitted.
    claim_id
        The claim shown first; by default the case's ``default_claim`` setting
        (``case.settings``), else its first claim. The summit case opens on C14, a
        "reportedly" claim that rests on one source, so the first view already
        teaches something.

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
    claim_id = case.settings.default_claim if claim_id is None else claim_id
    if _static():
        body = _claim_html(case, claim_id) + _chart_svg(_claim_chart(case, claim_id))
        return StaticView("ck-claim-explorer", body)
    return ClaimExplorer(case, claim_id)
