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

import copy
import os
from html import escape
from typing import TYPE_CHECKING, Any

from coursekit.analysis.text import PARAGRAPH_NUMBERING, Paragraph, numbered_paragraphs

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt
    import pandas as pd

    from coursekit.analysis import Report

__all__ = [
    "EMBED_OPTIONS",
    "FONT_SIZES",
    "OKABE_ITO",
    "PARAGRAPH_NUMBERING",
    "RENDERER_ENV",
    "STATIC_RENDERERS",
    "SVG_RENDERER",
    "THEME_NAME",
    "Paragraph",
    "accessible_svg",
    "article_html",
    "course_map",
    "describe",
    "is_static",
    "numbered_paragraphs",
    "paragraph",
    "setup",
    "show_article",
    "show_report",
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

#: Name of the kit's SVG renderer registered with Altair: Altair's SVG output plus the
#: chart's title and description as ``<title>``/``<desc>`` and an ``aria-label``, so a
#: screen reader announces the text alternative and static HTML pages keep it.
SVG_RENDERER = "coursekit-svg"

#: vega-embed options for interactive charts. Drawn as SVG, not on a canvas: Vega then
#: gives the chart the accessible name of its ``description`` and labels its title, axes
#: and marks (``aria``), which a screen reader can read. No actions menu: its "..."
#: button has no accessible name (axe: summary-name, serious) and its "save as" links
#: work with a mouse only; "View source" and "Open in Vega Editor" would need the
#: internet. To keep a chart, use ``chart.save("chart.svg")`` or the static site.
EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg", "actions": False}

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


def _title_and_description(spec: dict[str, Any]) -> tuple[str, str]:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(part) for part in title)
    return str(title or ""), str(spec.get("description", "") or "")


def accessible_svg(svg: str, spec: dict[str, Any]) -> str:
    """Add a chart's title and description to its SVG as accessible text.

    Parameters
    ----------
    svg
        SVG text as made by vl-convert (a single root ``<svg ...>`` element).
    spec
        The Vega-Lite specification the SVG was made from.

    Returns
    -------
    str
        The SVG with ``role="img"``, an ``aria-label`` and ``<title>``/``<desc>``
        children; text is XML-escaped. Unchanged when the spec has neither title nor
        description or the text has no ``<svg`` tag.
    """
    from html import escape

    title, description = _title_and_description(spec)
    head = svg.find("<svg")
    end = svg.find(">", head)
    if head < 0 or end < 0 or not (title or description):
        return svg
    label = escape(": ".join(part for part in (title, description) if part), quote=True)
    children = (f"<title>{escape(title)}</title>" if title else "") + (
        f"<desc>{escape(description)}</desc>" if description else ""
    )
    opening = svg[head:end].rstrip("/")
    closing = "/>" if svg[end - 1] == "/" else ">"
    body = svg[end + 1 :] if closing == ">" else "</svg>" + svg[end + 1 :]
    return f'{svg[:head]}{opening} role="img" aria-label="{label}">{children}{body}'


def _accessible(renderer: Any) -> Any:
    """Wrap Altair's own SVG renderer so its output carries the chart's text alternative."""

    def render(spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
        bundle = renderer(spec, **metadata)
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        return {"image/svg+xml": accessible_svg(bundle["image/svg+xml"], spec)}

    return render


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
        by vl-convert; ``"svg"`` enables the kit's :data:`SVG_RENDERER`, which adds
        the chart's title and description to the image). ``None`` reads the
        ``COURSEKIT_RENDERER`` environment variable and falls back to ``"jupyter"``.

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
        alt.renderers.enable("jupyter", offline=True, embed_options=copy.deepcopy(EMBED_OPTIONS))
    elif chosen == "svg":
        if SVG_RENDERER not in alt.renderers.names():
            alt.renderers.enable("svg")  # Altair's vl-convert renderer, whatever its module
            alt.renderers.register(SVG_RENDERER, _accessible(alt.renderers.get()))
        alt.renderers.enable(SVG_RENDERER)
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


def paragraph(text: str, number: int, *, headline: bool = True) -> str:
    """Return paragraph ``number`` of a text, numbered as :func:`numbered_paragraphs` does.

    Parameters
    ----------
    text
        The text, e.g. ``case.article``.
    number
        1 for the first paragraph after the headline; 0 for the headline itself.
    headline
        Whether the text starts with a headline.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When the text has no paragraph with that number; the message gives the range.
    """
    blocks = numbered_paragraphs(text, headline=headline)
    for block in blocks:
        if block.number == number:
            return block.text
    if not blocks:
        raise ValueError("The text is empty: it has no paragraphs.")
    raise ValueError(
        f"There is no paragraph {number}: the text has paragraphs "
        f"{blocks[0].number} to {blocks[-1].number} "
        f"({'0 is the headline' if blocks[0].number == 0 else 'it has no headline'})."
    )


def article_html(text: str, *, headline: bool = True) -> str:
    """Return an article as escaped HTML, one numbered ``<p>`` per paragraph.

    Paragraphs are numbered by :func:`numbered_paragraphs`: the headline is shown in bold
    and labelled, paragraph 1 is the first one after it, and the rule is stated under the
    article. Lines wrap at word boundaries in the notebook column. The text is escaped,
    so markup in it is shown literally, never run.

    Parameters
    ----------
    text
        The article's plain text.
    headline
        Whether the first line is the headline (``True`` for a news article).

    Returns
    -------
    str
        An HTML fragment.
    """
    if not isinstance(text, str):
        raise TypeError(
            f"article_html() needs the article as a str, got {type(text).__name__}; "
            "pass case.article."
        )
    label_style = (
        "display:inline-block;min-width:4.6em;margin-right:0.4em;color:#555;"
        "font-size:0.8em;font-weight:normal;font-family:DejaVu Sans, Verdana, sans-serif"
    )
    parts = []
    for block in numbered_paragraphs(text, headline=headline):
        label = "Headline" if block.number == 0 else f"\u00b6 {block.number}"
        weight = "font-weight:bold;" if block.number == 0 else ""
        parts.append(
            f'<p style="margin:0 0 0.8em 0;{weight}">'
            f'<span class="ck-pnum" style="{label_style}">{escape(label)}</span>'
            f"{escape(block.text)}</p>"
        )
    rule = escape(PARAGRAPH_NUMBERING) if headline else ""
    note = f'<p class="ck-pnote" style="color:#555;font-size:0.85em">{rule}</p>' if rule else ""
    return (
        '<div class="ck-article" style="white-space:pre-wrap;overflow-wrap:break-word;'
        'max-width:52em;font-size:1.1em;line-height:1.5">'
        f"{''.join(parts)}{note}</div>"
    )


def show_article(text: str, *, headline: bool = True) -> Any:
    """Show an article readably in a notebook, its paragraphs numbered.

    Parameters
    ----------
    text
        The article's plain text, e.g. ``case.article``.
    headline
        Whether the first line is the headline (see :data:`PARAGRAPH_NUMBERING`).

    Returns
    -------
    IPython.display.HTML
        Displayed when it is the last expression of a cell.
    """
    from IPython.display import HTML

    return HTML(article_html(text, headline=headline))


def show_report(report: Report, *, headline: bool = True) -> Any:
    """Show an analyser report with the paragraph numbers of :func:`show_article`.

    Parameters
    ----------
    report
        A :class:`coursekit.analysis.Report`, e.g. ``coursekit.analyze(case.article)``.
    headline
        Whether the analysed text starts with a headline (``True`` for an article).

    Returns
    -------
    IPython.display.HTML
        The highlighted text (each paragraph labelled), the legend and the findings.
    """
    from IPython.display import HTML

    return HTML(report.to_html_fragment(headline=headline))


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
    title, description = _title_and_description(chart.to_dict(validate=False))
    if title and description:
        return f"{title}: {description}"
    return title or description


def course_map() -> pd.DataFrame:
    """Return the course map (from :data:`coursekit.course.LESSONS`) as a table.

    Returns
    -------
    pandas.DataFrame
        One row per lesson, indexed by lesson number: title, what a learner will be
        able to do, teaching and exercise minutes, and the minutes of the lesson's
        core (the part that fits a 50-minute period). (The notebook of lesson NN is
        ``notebooks/NN-<slug>.ipynb``; see :class:`coursekit.course.Lesson`.)
    """
    import pandas as pd

    from coursekit.course import LESSONS

    return pd.DataFrame(
        [
            {
                "lesson": item.number,
                "title": item.title,
                "you will be able to": item.skills,
                "teaching min": item.teaching_minutes,
                "exercise min": item.exercise_minutes,
                "core min": item.core_minutes,
            }
            for item in LESSONS
        ]
    ).set_index("lesson")
