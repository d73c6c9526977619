"""The "known on day D" explorer: what the sources had reported by a given day."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from coursekit.cases import Case
    from coursekit.timeline import DayLike

from coursekit.analysis.text import format_date
from coursekit.widgets._a11y import Announcer, heading_text
from coursekit.widgets._base import (
    _LABEL_STYLE,
    StaticView,
    _chart_svg,
    _ChartPane,
    _load_default_case,
    _static,
)
from coursekit.widgets.claims import _claim_label

# --------------------------------------------------------------------------- timeline


def _slider_days(case: Case) -> list[tuple[str, str]]:
    import pandas as pd

    days = pd.date_range(case.settings.first_day, case.settings.last_day, freq="D")
    return [
        (format_date(day, weekday=True, year=False, short=True), f"{day:%Y-%m-%d}") for day in days
    ]


def _known_html(case: Case, day: str) -> str:
    import pandas as pd

    from coursekit.timeline import event_status, fits_on

    when = pd.Timestamp(day)
    status = event_status(case, day)
    public = status[status["known"]]
    label = format_date(when, weekday=True)
    items = []
    for _, row in public.iterrows():
        caveat = f" <em>(dating note: {escape(row['caveat'])})</em>" if row["caveat"] else ""
        items.append(
            f'<li data-event="{escape(row["event_id"])}">{escape(row["event_id"])} '
            f"({format_date(row['date'], year=False, short=True)}): "
            f"{escape(row['title'])}{caveat}</li>"
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
    announcer : Announcer
        A polite live region: says the day and its counts after each move.
    """

    def __init__(self, case: Case, day: str | None = None) -> None:
        from coursekit.charts import known_on_day_chart

        self.case = case
        day = case.settings.default_day if day is None else day
        self._chart_for = known_on_day_chart
        self.slider = widgets.SelectionSlider(
            options=_slider_days(case),
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
        self.announcer = Announcer()
        super().__init__([self.slider, self.chart, self.html, self.announcer])
        self.add_class("ck-known-on-day")

    def _on_change(self, change: dict[str, Any]) -> None:
        day = str(change["new"])
        self._pane.update(self._chart_for(self.case, day))
        self.html.value = _known_html(self.case, day)
        summary = heading_text(self.html.value, ("h3", "h4", "strong"))
        for list_heading in (" Fit this day.", " Do not fit this day."):
            summary = summary.replace(list_heading, "")
        self.announcer.say(summary)


def _check_day(case: Case, day: DayLike) -> str:
    from coursekit.timeline import to_day

    first, last = case.settings.first_day, case.settings.last_day
    when = to_day(day)
    if not to_day(first) <= when <= to_day(last):
        raise ValueError(
            f"The day {when:%Y-%m-%d} is outside the case's window; pick a day from "
            f"{first} to {last}."
        )
    return f"{when:%Y-%m-%d}"


def known_on_day(
    case: Case | None = None, day: DayLike | None = None
) -> KnownOnDayWidget | StaticView:
    """Slide through the case's days: what was public, which claims fit.

    The slider runs over the case's window of days (``case.settings``; 28 July to
    30 August 2025 for the summit case).

    Parameters
    ----------
    case
        A loaded case; the summit-2025 case when omitted.
    day
        The day shown first (ISO text, date or Timestamp); by default the case's
        ``default_day`` setting (8 August 2025 for the summit case).

    Returns
    -------
    KnownOnDayWidget or StaticView

    Raises
    ------
    ValueError
        If ``day`` is not a date or lies outside the case's window.
    """
    case = case if case is not None else _load_default_case()
    iso = _check_day(case, case.settings.default_day if day is None else day)
    if _static():
        from coursekit.charts import known_on_day_chart

        body = _chart_svg(known_on_day_chart(case, iso)) + _known_html(case, iso)
        return StaticView("ck-known-on-day", body)
    return KnownOnDayWidget(case, iso)
