"""Notebook display set-up: an Altair renderer that works offline, and the kit's theme.

Call :func:`setup` in the first code cell of every notebook. It picks a renderer
that needs no network access and registers the ``coursekit`` chart theme
(Okabe-Ito colours, projector-friendly font sizes).

Renderer choice, in order of precedence:

1. the ``renderer`` argument of :func:`setup`;
2. the environment variable ``COURSEKIT_RENDERER`` (``svg`` or ``png`` for static
   output: the static site build and printing; ``jupyter`` for interactive use);
3. ``jupyter`` with ``offline=True``: an anywidget that ships the Vega JavaScript
   through vl-convert-python, so charts render in JupyterLab without a CDN.
   Altair's default renderer loads Vega from a CDN, which fails offline.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

__all__ = [
    "FONT_SIZES",
    "OKABE_ITO",
    "RENDERER_ENV",
    "STATIC_RENDERERS",
    "THEME_NAME",
    "describe",
    "is_static",
    "setup",
    "theme_config",
]

#: The Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008), distinguishable
#: with the common forms of colour-vision deficiency. Order: orange, sky blue, bluish
#: green, yellow, blue, vermillion, reddish purple, black.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)

#: Name under which the kit's theme is registered with Altair.
THEME_NAME = "coursekit"

#: Environment variable that selects the renderer (``svg``, ``png`` or ``jupyter``).
RENDERER_ENV = "COURSEKIT_RENDERER"

#: Renderers that produce static images (no kernel, no JavaScript needed to see them).
STATIC_RENDERERS: frozenset[str] = frozenset({"svg", "png"})

#: Font sizes in pixels, chosen to stay readable on a classroom projector.
FONT_SIZES: dict[str, int] = {"title": 18, "label": 14, "axis_title": 15, "legend": 14}

_VALID_RENDERERS = ("jupyter", "svg", "png")

# The renderer chosen by the last setup() call; None until setup() runs.
_active: str | None = None


def theme_config() -> dict[str, Any]:
    """Return the kit's Vega-Lite configuration (the body of the ``coursekit`` theme).

    Returns
    -------
    dict
        A Vega-Lite ``config`` dictionary: Okabe-Ito category colours, large fonts and
        default view sizes.
    """
    return {
        "config": {
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "range": {"category": list(OKABE_ITO)},
            "font": "DejaVu Sans, Verdana, sans-serif",
            "title": {"fontSize": FONT_SIZES["title"], "anchor": "start", "subtitleFontSize": 14},
            "axis": {
                "labelFontSize": FONT_SIZES["label"],
                "titleFontSize": FONT_SIZES["axis_title"],
                "labelLimit": 320,
            },
            "legend": {
                "labelFontSize": FONT_SIZES["legend"],
                "titleFontSize": FONT_SIZES["legend"],
                "symbolSize": 140,
                "labelLimit": 320,
            },
            "header": {"labelFontSize": FONT_SIZES["label"], "titleFontSize": 15},
            "text": {"fontSize": 13},
            "point": {"size": 120, "filled": True},
        }
    }


def _register_theme() -> None:
    import altair as alt

    @alt.theme.register(THEME_NAME, enable=True)
    def _coursekit_theme() -> alt.theme.ThemeConfig:
        return alt.theme.ThemeConfig(theme_config())  # type: ignore[misc]


def _resolve_renderer(renderer: str | None) -> str:
    chosen = renderer if renderer is not None else os.environ.get(RENDERER_ENV, "").strip()
    chosen = (chosen or "jupyter").lower()
    if chosen not in _VALID_RENDERERS:
        source = "setup(renderer=...)" if renderer is not None else f"${RENDERER_ENV}"
        raise ValueError(
            f"Unknown renderer {chosen!r} from {source}. "
            f"Use one of: {', '.join(_VALID_RENDERERS)} "
            "(svg or png for static pages, jupyter for interactive notebooks)."
        )
    return chosen


def setup(*, renderer: str | None = None) -> None:
    """Prepare a notebook for the kit's charts: offline renderer and theme.

    Safe to call more than once; each call re-applies the same settings.

    Parameters
    ----------
    renderer
        ``"jupyter"`` (interactive, offline), ``"svg"`` or ``"png"`` (static images made
        by vl-convert). ``None`` reads the ``COURSEKIT_RENDERER`` environment variable and
        falls back to ``"jupyter"``.

    Raises
    ------
    ValueError
        If the renderer name is not one of the three above.
    """
    global _active
    chosen = _resolve_renderer(renderer)
    import altair as alt

    _register_theme()
    if chosen == "jupyter":
        alt.renderers.enable("jupyter", offline=True)
    else:
        alt.renderers.enable(chosen)
    _active = chosen


def is_static() -> bool:
    """Return True when charts and widgets should be shown as static output.

    True when the last :func:`setup` call chose ``svg`` or ``png`` or, before
    :func:`setup` has run, when ``COURSEKIT_RENDERER`` asks for one of them (as in
    the static site build). Widgets use this to show a useful default view that
    needs no running kernel.
    """
    if _active is not None:
        return _active in STATIC_RENDERERS
    return os.environ.get(RENDERER_ENV, "").strip().lower() in STATIC_RENDERERS


def describe(chart: alt.TopLevelMixin) -> str:
    """Return a text alternative for a chart: its title and description.

    Parameters
    ----------
    chart
        An Altair chart built by :mod:`coursekit.charts` (or any chart with a title and
        a ``description``).

    Returns
    -------
    str
        ``"<title>: <description>"``, or whichever of the two is set. An empty string
        when the chart has neither.
    """
    spec = chart.to_dict(validate=False)
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(part) for part in title)
    description = str(spec.get("description", "") or "")
    title = str(title or "")
    if title and description:
        return f"{title}: {description}"
    return title or description
