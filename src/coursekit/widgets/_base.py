"""Shared parts of the lesson widgets: the static fallback view, safe HTML helpers, chart panes."""

from __future__ import annotations

import copy
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

    from coursekit.cases import Case


#: Longest text the highlighter and analyser work on; longer input is cut with a notice,
#: so a pasted book cannot freeze the kernel.
MAX_TEXT_CHARS = 20_000

#: Largest file the analyser accepts (bytes). A news article is well under 50 kB of text.
MAX_UPLOAD_BYTES = 200_000


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
    from coursekit.cases import DEFAULT_CASE, load_case

    return load_case(DEFAULT_CASE)


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


# --------------------------------------------------------------------------- charts


class _ChartPane:
    """A chart area that can be redrawn in place.

    Interactive: one :class:`altair.JupyterChart` whose chart is swapped, so the
    browser updates the existing view instead of building a new one (no flicker).
    The offline mode ships the Vega JavaScript from vl-convert, never from a CDN.
    """

    def __init__(self, chart: alt.TopLevelSpec) -> None:
        import altair as alt

        alt.JupyterChart.enable_offline(offline=True)
        # Keep "save as SVG/PNG"; drop the actions that open remote sites (Vega Editor).
        from coursekit.display import EMBED_OPTIONS

        self.widget = alt.JupyterChart(chart, embed_options=copy.deepcopy(EMBED_OPTIONS))
        self.widget.add_class("ck-chart")

    def update(self, chart: alt.TopLevelSpec) -> None:
        self.widget.chart = chart
