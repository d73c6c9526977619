"""Altair chart builders for the lessons.

Every chart here has a title, a Vega-Lite ``description`` (the text alternative that
screen readers announce and :func:`coursekit.display.describe` prints), uses the
Okabe-Ito palette, and shows its categories by more than colour (also by shape, stroke
dash, an axis label or a text label), so no reading depends on colour alone. Each chart
has at most a few hundred data rows, far below Altair's 5,000-row limit.

This is the one module of the kit that imports Altair at module level; ``import
coursekit`` does not import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from coursekit.analysis.report import PARAGRAPH_KINDS as _REPORT_PARAGRAPH_KINDS
from coursekit.analysis.text import format_date
from coursekit.corroboration import COUNT_COLUMNS
from coursekit.display import OKABE_ITO
from coursekit.timeline import event_status, fits_on, to_day
from coursekit.vocabulary import CLAIM_TYPES, STANCES, VERDICTS, enum_of

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.analysis import Report
    from coursekit.cases import Case
    from coursekit.timeline import DayLike

__all__ = [
    "FINDING_KINDS",
    "MAX_PARAGRAPHS",
    "PARAGRAPH_KINDS",
    "STANCE_ORDER",
    "claim_support_chart",
    "claim_type_chart",
    "findings_chart",
    "hedge_density_chart",
    "known_on_day_chart",
    "paragraphs",
    "timeline_chart",
    "verdict_chart",
]

ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, BLACK = OKABE_ITO

#: Stances counted in :func:`claim_support_chart`, with their colours and dash patterns.
STANCE_ORDER: tuple[str, ...] = tuple(s for s in STANCES if s != "context")
_STANCE_COLUMNS = {stance: COUNT_COLUMNS[stance] for stance in STANCE_ORDER}
_STANCE_COLOURS = [BLUE, ORANGE, VERMILLION]
_STANCE_DASHES = [[1, 0], [6, 3], [2, 2]]

_VERDICT_COLOURS = [BLUE, ORANGE, VERMILLION, "#999999"]
_TYPE_COLOURS = [BLUE, GREEN, ORANGE, PURPLE, SKY, BLACK]

# Colours and shapes for a case's event categories, in the case's order (eight distinct
# pairs; a case with more categories reuses them, and the row label still tells them apart).
_CATEGORY_COLOURS = [ORANGE, BLUE, VERMILLION, GREEN, PURPLE, SKY, YELLOW, BLACK]
_CATEGORY_SHAPES = [
    "triangle-up",
    "circle",
    "square",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-right",
    "triangle-left",
]
_REFERENCE_ROW = "article's references"

#: Most paragraphs :func:`hedge_density_chart` draws (a readable chart, few data rows).
MAX_PARAGRAPHS = 60

#: Finding kinds counted per paragraph by :func:`hedge_density_chart`
#: (:data:`coursekit.analysis.report.PARAGRAPH_KINDS`).
PARAGRAPH_KINDS: tuple[str, ...] = _REPORT_PARAGRAPH_KINDS
_PARAGRAPH_COLOURS = [ORANGE, VERMILLION, BLUE]
_PARAGRAPH_DASHES = [[1, 0], [6, 3], [2, 2]]

#: Finding kinds in the order :func:`findings_chart` lists them (others follow).
FINDING_KINDS: tuple[str, ...] = (
    "hedge",
    "vague-attribution",
    "attribution",
    "citation",
    "citation-date-mismatch",
    "citation-url-era",
    "date-weekday-mismatch",
    "internal-contradiction",
    "anachronism",
)


def _date_title(case: Case) -> str:
    """The date axis title, with the year(s) of the case's window: "Date (2025)"."""
    return f"Date ({case.settings.year_label})"


def _day_axis(case: Case) -> alt.X:
    settings = case.settings
    return alt.X(
        "date:T",
        title=_date_title(case),
        scale=alt.Scale(domain=[_iso(settings.first_day), _iso(settings.last_day)]),
        axis=alt.Axis(format="%d %b", tickCount=10, labelAngle=0),
    )


def _palette(items: tuple[str, ...], values: list[str]) -> list[str]:
    """One value per item, cycling through ``values`` when there are more items."""
    return [values[i % len(values)] for i in range(len(items))]


def _iso(day: DayLike) -> str:
    return to_day(day).strftime("%Y-%m-%dT00:00:00")


def _count(number: float, noun: str) -> str:
    return f"{int(number)} {noun}{'' if int(number) == 1 else 's'}"


def _day_text(day: pd.Timestamp) -> str:
    return format_date(day, year=False)


def _references(case: Case) -> pd.DataFrame:
    """The article's references with their claimed dates, from metadata or sources."""
    rows: list[dict[str, Any]] = []
    for ref in (getattr(case, "metadata", None) or {}).get("references", []) or []:
        if ref.get("claimed_date"):
            rows.append(
                {
                    "number": int(ref["number"]),
                    "date": to_day(ref["claimed_date"]),
                    "publisher": str(ref.get("publisher", "")),
                    "title": str(ref.get("title", "")),
                }
            )
    if not rows:
        sources = case.sources
        cited = sources[sources["cited_by_article"].astype(bool)].sort_values("source_id")
        for number, (_, row) in enumerate(cited.iterrows(), start=1):
            if pd.notna(row["published"]):
                rows.append(
                    {
                        "number": number,
                        "date": to_day(row["published"]),
                        "publisher": str(row["publisher"]),
                        "title": str(row.get("title", "")),
                    }
                )
    frame = pd.DataFrame(rows, columns=["number", "date", "publisher", "title"])
    frame["label"] = [f"ref [{n}]" for n in frame["number"]]
    frame["row"] = _REFERENCE_ROW
    frame["kind"] = "reference (claimed date)"
    frame["aria"] = [
        f"{row.label}, {row.publisher}, claimed date {_day_text(row.date)}: {row.title}"
        for row in frame.itertuples()
    ]
    return frame


def timeline_chart(
    case: Case, *, show_references: bool = True, highlight_day: DayLike | None = None
) -> alt.LayerChart:
    """Plot the case's events by date, with the article's cited reference dates.

    Events sit in one row per category of the case (``case.settings.categories``;
    for the summit case announcement, diplomacy, military, summit; see
    :func:`coursekit.timeline.event_categories`), with colour and shape both showing
    the category. The date axis spans the case's window of days. The article's
    references are drawn on the same date axis in their own row as black crosses
    labelled "ref [1]", "ref [2]" ..., so it is visible at a glance when they are
    dated before the events they report.

    Parameters
    ----------
    case
        A loaded case.
    show_references
        Draw the article's references (default True).
    highlight_day
        Optional day (ISO text, date or Timestamp) marked with a vertical rule.

    Returns
    -------
    altair.LayerChart
    """
    categories = case.settings.categories
    status = event_status(case, case.settings.last_day)
    events = status[["event_id", "date", "title", "category", "date_note"]].copy()
    events["row"] = events["category"]
    # Screen readers announce this per mark instead of a list of every encoded field.
    events["aria"] = [
        f"{row.event_id}, {_day_text(row.date)}, {row.category}: {row.title}"
        for row in events.itertuples()
    ]
    refs = _references(case) if show_references else _references(case).iloc[0:0]
    rows = [*categories, _REFERENCE_ROW] if show_references else list(categories)
    y = alt.Y("row:N", title=None, sort=rows, scale=alt.Scale(domain=rows))

    points = (
        alt.Chart(events)
        .mark_point(filled=True, size=150, opacity=0.9)
        .encode(
            x=_day_axis(case),
            y=y,
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1, 1])),
            description="aria:N",
            color=alt.Color(
                "category:N",
                title="Event category",
                scale=alt.Scale(
                    domain=list(categories), range=_palette(categories, _CATEGORY_COLOURS)
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape(
                "category:N",
                title="Event category",
                scale=alt.Scale(
                    domain=list(categories), range=_palette(categories, _CATEGORY_SHAPES)
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("event_id:N", title="Event"),
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("title:N", title="What happened"),
                alt.Tooltip("date_note:N", title="Dating note"),
            ],
        )
        .transform_window(rank="rank()", groupby=["date", "row"], sort=[{"field": "event_id"}])
        .transform_calculate(jitter="((datum.rank - 1) % 3 - 1) * 0.6")
    )
    layers: list[alt.Chart] = [points]
    if show_references and len(refs):
        marks = (
            alt.Chart(refs)
            .mark_point(shape="cross", filled=True, size=220, color=BLACK)
            .encode(
                x=_day_axis(case),
                y=y,
                description="aria:N",
                tooltip=[
                    alt.Tooltip("label:N", title="Reference"),
                    alt.Tooltip("publisher:N", title="Publisher"),
                    alt.Tooltip("date:T", title="Claimed date", format="%d %b %Y"),
                    alt.Tooltip("title:N", title="Headline as cited"),
                ],
            )
        )
        # Vertical labels above the crosses: the claimed dates are only a day apart.
        labels = [
            alt.Chart(refs)
            .mark_text(angle=270, align="left", baseline="middle", dx=12, fontSize=12, color=BLACK)
            .encode(x=_day_axis(case), y=y, text="label:N")
        ]
        layers += [marks, *labels]
    if highlight_day is not None:
        day = pd.DataFrame({"date": [to_day(highlight_day)], "label": ["selected day"]})
        layers.append(
            alt.Chart(day)
            .mark_rule(color=BLACK, strokeDash=[4, 4], size=2)
            .encode(x=_day_axis(case), tooltip=[alt.Tooltip("date:T", format="%d %b %Y")])
        )

    description = (
        f"Timeline of {len(events)} events from {_day_text(events['date'].min())} to "
        f"{_day_text(events['date'].max())} {events['date'].max().year}, one row per category: "
        + ", ".join(f"{(events['category'] == c).sum()} {c}" for c in categories)
        + "."
    )
    if show_references and len(refs):
        description += (
            f" The article's {len(refs)} references are marked as crosses in their own row,"
            f" at their claimed dates from {_day_text(refs['date'].min())} to"
            f" {_day_text(refs['date'].max())}."
        )
        announced = events.loc[events["category"] == "announcement", "date"]
        if len(announced) and refs["date"].max() < announced.min():
            description += (
                " Every reference is dated before the first announcement event"
                f" ({_day_text(announced.min())})."
            )
    if highlight_day is not None:
        description += f" A dashed rule marks {_day_text(to_day(highlight_day))}."
    return alt.layer(*layers).properties(
        title=alt.Title(
            "Timeline of the events and of the article's references",
            subtitle="Crosses: the article's cited references at their claimed dates",
        ),
        description=description,
        width=500,
        height=260,
    )


def _count_bars(
    counts: pd.DataFrame, field: str, title: str, order: tuple[str, ...], colours: list[str]
) -> alt.LayerChart:
    y = alt.Y(f"{field}:N", title=title, sort=list(order))
    colour = alt.Color(
        f"{field}:N", title=title, scale=alt.Scale(domain=list(order), range=colours), legend=None
    )
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("claims:Q", title="Number of claims"),
            y=y,
            color=colour,
            tooltip=[alt.Tooltip(f"{field}:N", title=title), alt.Tooltip("claims:Q")],
        )
    )
    # The text label repeats the count next to each bar, so colour is never the only cue.
    labels = bars.mark_text(align="left", dx=4, fontSize=14, color=BLACK).encode(
        text="claims:Q", color=alt.value(BLACK)
    )
    return alt.LayerChart(layer=[bars, labels])  # no facet to hoist: a LayerChart


def _colours(order: tuple[str, ...], default: tuple[str, ...], colours: list[str]) -> list[str]:
    """The kit's colour for each known value; other values take unused palette colours."""
    known = dict(zip(default, colours, strict=True))
    spare = [c for c in OKABE_ITO if c not in colours] or list(OKABE_ITO)
    extra = iter(spare * (len(order) // len(spare) + 1))
    return [known[v] if v in known else next(extra) for v in order]


def _category_counts(values: pd.Series, order: tuple[str, ...], field: str) -> pd.DataFrame:
    counts = values.astype(str).value_counts()
    return pd.DataFrame({field: list(order), "claims": [int(counts.get(v, 0)) for v in order]})


def verdict_chart(case: Case) -> alt.LayerChart:
    """Bar chart of how many of the article's claims have each verdict.

    The verdicts and their order are the case schema's ``enum`` for ``claims.verdict``.

    Returns
    -------
    altair.LayerChart
        Bars coloured by verdict, each labelled with its count.
    """
    verdicts = enum_of(case, "claims", "verdict")
    colours = _colours(verdicts, VERDICTS, _VERDICT_COLOURS)
    counts = _category_counts(case.claims["verdict"], verdicts, "verdict")
    parts = ", ".join(f"{row.claims} {row.verdict}" for row in counts.itertuples())
    return _count_bars(counts, "verdict", "Verdict", verdicts, colours).properties(
        title="What the evidence says about each claim",
        description=f"Bar chart of the article's {int(counts['claims'].sum())} claims by "
        f"verdict: {parts}.",
        width=420,
        height=170,
    )


def claim_type_chart(case: Case) -> alt.LayerChart:
    """Bar chart of how many of the article's claims are of each type.

    Returns
    -------
    altair.LayerChart
        Bars coloured by claim type (the case schema's ``enum`` for
        ``claims.claim_type``; for the bundled schema fact, attribution, hedged, opinion,
        prediction, citation), each labelled with its count.
    """
    types = enum_of(case, "claims", "claim_type")
    colours = _colours(types, CLAIM_TYPES, _TYPE_COLOURS)
    counts = _category_counts(case.claims["claim_type"], types, "claim_type")
    parts = ", ".join(f"{row.claims} {row.claim_type}" for row in counts.itertuples())
    return _count_bars(counts, "claim_type", "Claim type", types, colours).properties(
        title="What kind of statement each claim is",
        description=f"Bar chart of the article's {int(counts['claims'].sum())} claims by "
        f"type: {parts}.",
        width=420,
        height=220,
    )


def claim_support_chart(case: Case, claims: list[str] | None = None) -> alt.Chart:
    """Independent sources per claim and stance (supports, partly, contradicts).

    Counts come from :func:`coursekit.corroboration`, which counts a syndicated copy or
    wire story once, for the outlet that wrote it. Each stance has its own colour and
    its own bar outline (solid, dashed, dotted).

    Parameters
    ----------
    case
        A loaded case.
    claims
        Optional list of claim ids to show (default: every claim).

    Returns
    -------
    altair.Chart
    """
    from coursekit.corroboration import corroboration

    table = corroboration(case)
    if claims is not None:
        table = table[table["claim_id"].isin(claims)]
    counted = [_STANCE_COLUMNS[s] for s in STANCE_ORDER]
    long = table[["claim_id", "verdict", *counted]].melt(
        id_vars=["claim_id", "verdict"],
        value_vars=counted,
        var_name="column",
        value_name="independent",
    )
    long["stance"] = long["column"].map({v: k for k, v in _STANCE_COLUMNS.items()})
    long["verdict"] = long["verdict"].astype(str)
    order = list(dict.fromkeys(table["claim_id"].astype(str)))
    lone = table["single_source"].astype(bool)
    disputed = lone & (table[_STANCE_COLUMNS["contradicts"]] > 0)
    single = table[lone & ~disputed]["claim_id"].astype(str).tolist()
    against = [
        f"{claim} ({count} against)"
        for claim, count in zip(
            table[disputed]["claim_id"].astype(str),
            table[disputed][_STANCE_COLUMNS["contradicts"]],
            strict=True,
        )
    ]
    zero = (
        table[table[[_STANCE_COLUMNS[s] for s in STANCE_ORDER]].sum(axis=1) == 0]["claim_id"]
        .astype(str)
        .tolist()
    )
    description = (
        f"Horizontal bars for {len(order)} claims showing how many independent sources "
        "support, partly support or contradict each one (a syndicated copy counts once "
        "for its original outlet, and outlets relaying one statement count once). "
        f"{len(single)} claim(s) rest on a single independent "
        f"source{': ' + ', '.join(single) if single else ''}; {len(zero)} have none."
    )
    if against:
        description += (
            f" {len(against)} more have one independent source for them but are contradicted "
            f"by others: {', '.join(against)}."
        )
    return (
        alt.Chart(long)
        .mark_bar(stroke=BLACK, strokeWidth=1.2)
        .encode(
            x=alt.X("independent:Q", title="Independent sources", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("claim_id:N", title="Claim", sort=order),
            yOffset=alt.YOffset("stance:N", sort=list(STANCE_ORDER)),
            color=alt.Color(
                "stance:N",
                title="Stance",
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=list(STANCE_ORDER), range=_STANCE_COLOURS),
            ),
            strokeDash=alt.StrokeDash(
                "stance:N",
                title="Stance",
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=list(STANCE_ORDER), range=_STANCE_DASHES),
            ),
            tooltip=[
                alt.Tooltip("claim_id:N", title="Claim"),
                alt.Tooltip("stance:N", title="Stance"),
                alt.Tooltip("independent:Q", title="Independent sources"),
                alt.Tooltip("verdict:N", title="Verdict"),
            ],
        )
        .properties(
            title="How many independent sources back each claim",
            description=description,
            width=380,
            height=alt.Step(8),
        )
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into paragraphs and return their ``(start, end)`` offsets.

    Paragraphs are blocks separated by blank lines; a text without blank lines (like
    the case article) is split into its non-empty lines. The splitting is
    :func:`coursekit.display.numbered_paragraphs` (here without a headline).
    """
    from coursekit.display import numbered_paragraphs

    return [(block.start, block.end) for block in numbered_paragraphs(text, headline=False)]


def hedge_density_chart(
    text: str, report: Report | None = None, *, headline: bool = False
) -> alt.Chart:
    """Hedges, vague attributions and named attributions per paragraph.

    Parameters
    ----------
    text
        Any text; paragraphs numbered by :func:`coursekit.display.numbered_paragraphs`.
    report
        The :class:`coursekit.analysis.Report` for ``text``; computed with
        :func:`coursekit.analyze` when omitted. The counts are its
        :meth:`~coursekit.analysis.Report.paragraph_counts`.
    headline
        Whether the text starts with a headline (an article such as ``case.article``).
        The headline is then left out and paragraph 1 is the first one after it, as in
        :func:`coursekit.display.show_article` and the worksheets.

    Returns
    -------
    altair.Chart
        Grouped bars per paragraph (colour and outline dash by kind); the y axis is the
        number of findings per 100 words, the tooltip gives raw counts. At most
        :data:`MAX_PARAGRAPHS` paragraphs are drawn; the description says when a text
        has more.
    """
    if report is None:
        from coursekit.analysis import analyze

        report = analyze(text)
    from coursekit.analysis.text import numbered_paragraphs

    numbered = numbered_paragraphs(text, headline=headline)
    paragraph_total = sum(1 for block in numbered if block.number > 0)
    frame = report.paragraph_counts(headline=headline, kinds=PARAGRAPH_KINDS, limit=MAX_PARAGRAPHS)
    order = list(dict.fromkeys(frame["paragraph"]))
    totals = frame.groupby("kind")["count"].sum() if len(frame) else pd.Series(dtype=int)
    densest = (
        frame[frame["kind"] != "attribution"].groupby("paragraph")["count"].sum().idxmax()
        if len(frame) and frame[frame["kind"] != "attribution"]["count"].sum()
        else None
    )
    description = (
        f"Grouped bar chart of findings per 100 words in each of {len(order)} paragraphs: "
        f"{_count(totals.get('hedge', 0), 'hedge')}, "
        f"{_count(totals.get('vague-attribution', 0), 'vague attribution')} and "
        f"{_count(totals.get('attribution', 0), 'named attribution')} in all."
    )
    if densest:
        description += (
            f" Paragraph {densest.lstrip('¶')} has the most hedges and vague attributions."
        )
    if paragraph_total > len(order):
        description += f" Only the first {len(order)} of {paragraph_total} paragraphs are shown."
    if paragraph_total < len(numbered):
        description += " The headline is not counted: paragraph 1 is the first one after it."
    description += " Density describes the wording, not whether the paragraph is reliable."
    return (
        alt.Chart(frame)
        .mark_bar(stroke=BLACK, strokeWidth=1)
        .encode(
            x=alt.X("paragraph:N", title="Paragraph", sort=order, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("kind:N", sort=list(PARAGRAPH_KINDS)),
            y=alt.Y("per_100_words:Q", title="Findings per 100 words"),
            color=alt.Color(
                "kind:N",
                title="Finding",
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=list(PARAGRAPH_KINDS), range=_PARAGRAPH_COLOURS),
            ),
            strokeDash=alt.StrokeDash(
                "kind:N",
                title="Finding",
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=list(PARAGRAPH_KINDS), range=_PARAGRAPH_DASHES),
            ),
            tooltip=[
                alt.Tooltip("paragraph:N", title="Paragraph"),
                alt.Tooltip("start:N", title="Begins"),
                alt.Tooltip("kind:N", title="Finding"),
                alt.Tooltip("count:Q", title="Count"),
                alt.Tooltip("words:Q", title="Words"),
                alt.Tooltip("per_100_words:Q", title="Per 100 words"),
            ],
        )
        .properties(
            title="Hedges and attributions, paragraph by paragraph",
            description=description,
            width=alt.Step(11),
            height=260,
        )
    )


def findings_chart(report: Report) -> alt.LayerChart:
    """Bar chart of a report's findings by kind, each bar labelled with its count.

    Parameters
    ----------
    report
        A :class:`coursekit.analysis.Report`.

    Returns
    -------
    altair.LayerChart
    """
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    order = [k for k in FINDING_KINDS if k in counts] + sorted(
        k for k in counts if k not in FINDING_KINDS
    )
    frame = pd.DataFrame({"kind": order, "findings": [counts[k] for k in order]})
    colours = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(order))]
    y = alt.Y("kind:N", title="Kind of finding", sort=order)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("findings:Q", title="Number of findings", axis=alt.Axis(tickMinStep=1)),
            y=y,
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=order or ["none"], range=colours or [BLACK]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("findings:Q")],
        )
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=14).encode(
        text="findings:Q", color=alt.value(BLACK)
    )
    parts = ", ".join(f"{n} {k}" for k, n in zip(order, frame["findings"], strict=True))
    return alt.layer(bars, labels).properties(
        title="What the analyser found, by kind",
        description=(
            f"Bar chart of {sum(counts.values())} findings by kind: {parts}."
            if counts
            else "Bar chart of findings by kind: the analyser found nothing."
        ),
        width=420,
        height=alt.Step(26),
    )


def known_on_day_chart(case: Case, day: DayLike) -> alt.LayerChart:
    """What was public on ``day``, and which of the article's claims fit that day.

    The top part shows every event on the date axis, filled if it was public by
    ``day`` and hollow if not yet (colour and shape differ too). When the case's claims
    carry time windows (``written_after``/``written_before``), each time-sensitive
    claim is drawn as a bar over its window, solid if it fits ``day`` and dashed if it
    does not. Without windows only the events are shown.

    Parameters
    ----------
    case
        A loaded case.
    day
        The day to look at (ISO text, date or Timestamp).

    Returns
    -------
    altair.LayerChart
    """
    when = to_day(day)
    status = event_status(case, when)
    status["status"] = status["known"].map({True: "public by this day", False: "not yet public"})
    status["row"] = "events"
    # Days are drawn as whole days: an event or the selected day sits at noon, and a
    # claim's window runs from the start of its first day to the end of its last day.
    half = pd.Timedelta(hours=12)
    status["date"] = status["date"] + half
    windows = fits_on(case, when)
    windows = windows[windows["time_sensitive"]].copy()
    lo, hi = to_day(case.settings.first_day), to_day(case.settings.last_day)
    end = hi + pd.Timedelta(days=1)
    windows["from"] = windows["written_after"].fillna(lo).clip(lower=lo)
    windows["to"] = windows["written_before"].fillna(hi).clip(upper=hi) + 2 * half
    windows["until"] = windows["to"] - pd.Timedelta(days=1)
    windows["status"] = windows["fits"].map({True: "claim fits this day", False: "does not fit"})
    # The row label repeats the status, so colour and dash are not the only cues.
    windows["row"] = windows["claim_id"] + ": " + windows["status"]
    windows["short"] = windows["text"].str.slice(0, 70)
    rows = ["events", *windows["row"].tolist()]
    statuses = ["public by this day", "not yet public", "claim fits this day", "does not fit"]
    colour = alt.Color(
        "status:N",
        title="On the selected day",
        legend=alt.Legend(orient="bottom", columns=2),
        scale=alt.Scale(domain=statuses, range=[BLUE, "#999999", GREEN, VERMILLION]),
    )
    y = alt.Y("row:N", title=None, sort=rows, scale=alt.Scale(domain=rows))
    x = alt.X(
        "date:T",
        title=_date_title(case),
        scale=alt.Scale(domain=[_iso(lo), _iso(end)]),
        axis=alt.Axis(format="%d %b", tickCount=10, labelAngle=0),
    )
    events = (
        alt.Chart(status)
        .mark_point(size=130, filled=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=alt.Shape(
                "status:N",
                title="On the selected day",
                scale=alt.Scale(domain=statuses[:2], range=["circle", "triangle-down"]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("event_id:N", title="Event"),
                alt.Tooltip("date:T", format="%d %b %Y", title="Date"),
                alt.Tooltip("title:N", title="What happened"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("caveat:N", title="Dating caveat"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"date": [when + half]})).mark_rule(color=BLACK, size=2).encode(x=x)
    )
    layers: list[alt.Chart] = [events]
    if len(windows):
        layers.append(
            alt.Chart(windows)
            .mark_bar(height=10, stroke=BLACK, strokeWidth=1)
            .encode(
                x=alt.X(
                    "from:T",
                    title=_date_title(case),
                    scale=alt.Scale(domain=[_iso(lo), _iso(end)]),
                ),
                x2="to:T",
                y=y,
                color=colour,
                strokeDash=alt.StrokeDash(
                    "status:N",
                    title="On the selected day",
                    scale=alt.Scale(domain=statuses, range=[[1, 0], [1, 0], [1, 0], [4, 3]]),
                ),
                tooltip=[
                    alt.Tooltip("claim_id:N", title="Claim"),
                    alt.Tooltip("short:N", title="Text"),
                    alt.Tooltip("from:T", format="%d %b", title="Fits from"),
                    alt.Tooltip("until:T", format="%d %b", title="Fits until"),
                    alt.Tooltip("window_note:N", title="Why"),
                ],
            )
        )
    layers.append(rule)
    known = int(status["known"].sum())
    description = (
        f"On {_day_text(when)} {when.year}, {known} of {len(status)} events in the timeline "
        f"were public and {len(status) - known} were not yet."
    )
    if len(windows):
        fitting = int(windows["fits"].sum())
        description += (
            f" Of the article's {len(windows)} time-sensitive claims, {fitting} fit this day"
            f" and {len(windows) - fitting} do not"
            + (
                ": " + ", ".join(windows.loc[~windows["fits"], "claim_id"])
                if fitting < len(windows)
                else ""
            )
            + "."
        )
    return alt.layer(*layers).properties(
        title=f"What was public on {_day_text(when)} {when.year}, and which claims fit that day",
        description=description,
        width=480,
        height=alt.Step(22),
    )
