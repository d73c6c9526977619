"""Findings and the report that renders them (text, Markdown, JSON, HTML, DataFrame).

Every renderer escapes the analysed text: the HTML output uses :func:`html.escape`
on each segment, so markup in an article (``<script>``, ``<img onerror=...>``)
is shown as text and never run.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from coursekit.analysis.text import numbered_paragraphs

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Sequence

    import pandas as pd

__all__ = [
    "KIND_STYLES",
    "PARAGRAPH_COUNT_COLUMNS",
    "PARAGRAPH_KINDS",
    "Finding",
    "KindStyle",
    "Report",
    "contrast",
    "ink",
]


@dataclass(frozen=True)
class KindStyle:
    """How one kind of finding is shown: a label, an Okabe-Ito colour, a line style, a marker."""

    label: str
    colour: str
    line: str
    marker: str
    description: str


# Okabe & Ito (2008) colour-blind-safe palette. Colour is never the only cue: each kind
# also has its own underline style and a text marker.
KIND_STYLES: dict[str, KindStyle] = {
    "hedge": KindStyle(
        "Hedge", "#E69F00", "wavy", "?", "Wording that marks uncertainty (may, could, likely)."
    ),
    "booster": KindStyle(
        "Booster",
        "#000000",
        "dashed",
        "!",
        "Wording that makes a claim sound more certain than its evidence (clearly, "
        "without doubt, promises to be). Not a hedge.",
    ),
    "vague-attribution": KindStyle(
        "Vague source",
        "#CC79A7",
        "dotted",
        "who?",
        "A claim credited to unnamed people (some, analysts, reportedly).",
    ),
    "attribution": KindStyle(
        "Named source", "#009E73", "solid", "src", "A claim credited to a named source."
    ),
    "citation": KindStyle(
        "Reference", "#56B4E9", "solid", "ref", "One entry of the reference list, parsed."
    ),
    "citation-date-mismatch": KindStyle(
        "URL date differs",
        "#D55E00",
        "double",
        "≠date",
        "The date in a reference's URL disagrees with its claimed date.",
    ),
    "citation-url-era": KindStyle(
        "URL from another era",
        "#D55E00",
        "double",
        "era",
        "The form or id of a URL belongs to another time than the claimed date.",
    ),
    "date-weekday-mismatch": KindStyle(
        "Wrong weekday",
        "#0072B2",
        "double",
        "day",
        "A written date whose weekday does not match the calendar.",
    ),
    "internal-contradiction": KindStyle(
        "Contradiction",
        "#D55E00",
        "solid",
        "≠",
        "Two statements in the text that cannot both be true.",
    ),
    "anachronism": KindStyle(
        "Anachronism",
        "#0072B2",
        "dashed",
        "time",
        "Something dated before the event it depends on.",
    ),
}
_DEFAULT_STYLE = KindStyle("Other", "#000000", "dashed", "*", "Another kind of finding.")

#: Finding kinds :meth:`Report.paragraph_counts` counts unless told otherwise (the kinds
#: the hedge chart, :func:`coursekit.charts.hedge_density_chart`, draws).
PARAGRAPH_KINDS: tuple[str, ...] = ("hedge", "vague-attribution", "attribution")
#: Columns of :meth:`Report.paragraph_counts`.
PARAGRAPH_COUNT_COLUMNS: tuple[str, ...] = (
    "paragraph",
    "number",
    "kind",
    "count",
    "per_100_words",
    "words",
    "start",
)

# Fields every finding has; the rest are kind-specific and left out of to_dict() when empty.
_BASE_FIELDS = ("kind", "start", "end", "text", "explanation", "category", "cue", "sentence")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the analysers noticed in a text.

    Attributes
    ----------
    kind
        What was found: ``hedge``, ``booster``, ``vague-attribution``, ``attribution``,
        ``citation``, ``citation-date-mismatch``, ``citation-url-era``, ``date-weekday-mismatch``,
        ``internal-contradiction`` or ``anachronism``.
    start, end
        Character offsets into the analysed text; ``text == analysed[start:end]``.
    text
        The cue or the flagged span.
    explanation
        One or two plain sentences for a student: what this is and why it matters.
    category
        A finer label within the kind (for a hedge: ``modal``, ``evidential`` ...).
    cue
        The lexicon entry that matched, when the finding comes from a lexicon.
    sentence
        Index into :attr:`Report.sentences` of the sentence holding ``start``.
    source, source_start, source_end
        For attributions: the speaker phrase and its offsets, when found.
    publisher, claimed_date, title, url, url_date
        For citations: the parsed parts of the reference (dates as ISO strings).
    other_start, other_end, other_text
        For contradictions: the second statement.
    event_id
        For anachronisms: the case event the flagged item depends on.
    details
        Any further kind-specific facts (JSON-serialisable).
    """

    kind: str
    start: int
    end: int
    text: str
    explanation: str
    category: str = ""
    cue: str | None = None
    sentence: int = 0
    source: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    publisher: str | None = None
    claimed_date: str | None = None
    title: str | None = None
    url: str | None = None
    url_date: str | None = None
    other_start: int | None = None
    other_end: int | None = None
    other_text: str | None = None
    event_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict: the base fields plus the kind-specific ones set."""
        data = asdict(self)
        out = {k: data[k] for k in _BASE_FIELDS}
        for key, value in data.items():
            if key not in out and value not in (None, {}, ""):
                out[key] = value
        return out

    @property
    def label(self) -> str:
        """A short human label for the kind (for example "Vague source")."""
        return KIND_STYLES.get(self.kind, _DEFAULT_STYLE).label


def _style(kind: str) -> KindStyle:
    return KIND_STYLES.get(kind, _DEFAULT_STYLE)


def _luminance(colour: str) -> float:
    """Relative luminance of a ``#RRGGBB`` colour (WCAG 2.1)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


#: The light background of a highlight: the kind's colour at 20 % (hex alpha ``33``).
_TINT_ALPHA = 0x33 / 255


def _tint(colour: str) -> str:
    """The kind's highlight background as an opaque colour over white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 + (c - 255) * _TINT_ALPHA) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def ink(colour: str) -> str:
    """The kind's colour darkened until its lines reach 3:1 against its highlight.

    Underlines, the bars of the findings list and the markers' borders use it, so every
    mark meets the WCAG 2.1 non-text contrast minimum (1.4.11) on white and on its own
    tint, while keeping the hue of the Okabe-Ito colour (orange stays orange).
    """
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    background = _tint(colour)
    for step in range(101):
        factor = 1 - step / 100
        shade = "#" + "".join(f"{round(c * factor):02X}" for c in channels)
        if contrast(shade, background) >= 3.0 and contrast(shade) >= 3.0:
            return shade
    return "#000000"  # pragma: no cover - black always passes


def _sr_label(kind: str) -> str:
    """A kind as a screen reader says it before a mark: "hedge", "vague source"."""
    label = _style(kind).label
    return label if label[:2].isupper() else label[0].lower() + label[1:]


#: Text only screen readers read (the usual "visually hidden" pattern), as inline CSS.
_SR_ONLY = (
    "position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;"
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"
)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~-])")


def _md(text: str) -> str:
    """Escape text for Markdown: HTML-escape, then backslash the Markdown punctuation."""
    flat = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


@dataclass
class Report:
    """The result of :func:`coursekit.analyze`: the text, its sentences and the findings.

    Attributes
    ----------
    text
        The analysed text, unchanged.
    findings
        Findings sorted by position (then kind).
    sentences
        ``(start, end)`` spans of the sentences.
    case_name
        The case the text was judged against, if any.
    """

    text: str
    findings: list[Finding]
    sentences: list[tuple[int, int]]
    case_name: str | None = None

    # -- summaries -------------------------------------------------------------------
    def summary(self) -> dict[str, int]:
        """Count the findings by kind (kinds in a fixed order; absent kinds left out)."""
        counts = Counter(f.kind for f in self.findings)
        order = [k for k in KIND_STYLES if k in counts] + sorted(
            k for k in counts if k not in KIND_STYLES
        )
        return {k: counts[k] for k in order}

    def by_kind(self, kind: str) -> list[Finding]:
        """The findings of one kind, in text order."""
        return [f for f in self.findings if f.kind == kind]

    def uncertain_sentences(self) -> list[int]:
        """Indices of the sentences holding at least one ``hedge`` finding."""
        return sorted({f.sentence for f in self.findings if f.kind == "hedge"})

    def paragraph_counts(
        self,
        *,
        headline: bool = False,
        kinds: Sequence[str] = PARAGRAPH_KINDS,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Count the findings of some kinds in each paragraph, also per 100 words.

        Paragraphs are numbered by :func:`coursekit.analysis.text.numbered_paragraphs`
        (the lessons' numbering); a finding belongs to the paragraph holding its start.

        Parameters
        ----------
        headline
            Whether the text starts with a headline (an article such as ``case.article``).
            The headline is then left out and paragraph 1 is the first one after it.
        kinds
            The finding kinds to count, in the order of the rows of each paragraph.
        limit
            Count only the first ``limit`` paragraphs (all when None).

        Returns
        -------
        pandas.DataFrame
            One row per paragraph and kind, in text order, with the columns
            :data:`PARAGRAPH_COUNT_COLUMNS`: ``paragraph`` ("¶3"), ``number`` (3),
            ``kind``, ``count``, ``per_100_words`` (rounded to one decimal), ``words``
            (the paragraph's words, at least 1) and ``start`` (its first eight words,
            with "…" when it has more).
        """
        import pandas as pd

        blocks = [b for b in numbered_paragraphs(self.text, headline=headline) if b.number > 0]
        starts = {kind: sorted(f.start for f in self.findings if f.kind == kind) for kind in kinds}
        rows = []
        for block in blocks if limit is None else blocks[:limit]:
            words = block.text.split()
            count_words = max(len(words), 1)
            snippet = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
            for kind in kinds:
                # the findings of this kind that start inside the block
                first = bisect.bisect_left(starts[kind], block.start)
                count = bisect.bisect_left(starts[kind], block.end) - first
                rows.append(
                    {
                        "paragraph": f"¶{block.number}",
                        "number": block.number,
                        "kind": kind,
                        "count": count,
                        "per_100_words": round(100 * count / count_words, 1),
                        "words": count_words,
                        "start": snippet,
                    }
                )
        return pd.DataFrame(rows, columns=list(PARAGRAPH_COUNT_COLUMNS))

    # -- machine formats -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict (what ``coursekit analyze --format json`` prints)."""
        return {
            "case": self.case_name,
            "text": self.text,
            "sentences": [list(span) for span in self.sentences],
            "summary": self.summary(),
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_frame(self) -> pd.DataFrame:
        """Return the findings as a pandas DataFrame, one row per finding."""
        import pandas as pd

        columns = [
            "kind",
            "start",
            "end",
            "text",
            "explanation",
            "category",
            "cue",
            "sentence",
            "source",
            "publisher",
            "claimed_date",
            "title",
            "url",
            "url_date",
            "other_start",
            "other_end",
            "other_text",
            "event_id",
        ]
        rows = [{c: getattr(f, c) for c in columns} for f in self.findings]
        return pd.DataFrame(rows, columns=columns)

    # -- human formats ---------------------------------------------------------------
    def _line_col(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col

    def to_text(self) -> str:
        """Return a plain-text report: a summary line, then one block per finding."""
        lines = [self._summary_sentence()]
        for i, f in enumerate(self.findings, start=1):
            line, col = self._line_col(f.start)
            shown = " ".join(f.text.split())
            if len(shown) > 100:
                shown = shown[:97] + "..."
            lines.append(f'{i:>3}. [{f.label}] line {line}, col {col}: "{shown}"')
            for extra in self._extras(f):
                lines.append(f"     {extra}")
            lines.append(f"     {f.explanation}")
        return "\n".join(lines) + "\n"

    def _summary_sentence(self) -> str:
        counts = self.summary()
        if not counts:
            return "No findings."
        parts = ", ".join(f"{n} {_style(k).label.lower()}" for k, n in counts.items())
        return f"{len(self.findings)} finding(s): {parts}."

    def _extras(self, f: Finding) -> list[str]:
        out = []
        if f.source:
            out.append(f"source: {' '.join(f.source.split())}")
        if f.kind == "citation":
            out.append(
                f"publisher: {f.publisher or '-'}; claimed date: {f.claimed_date or '-'}; "
                f"date in URL: {f.url_date or 'none'}"
            )
        if f.other_text:
            out.append(f'conflicts with: "{" ".join(f.other_text.split())}"')
        return out

    def to_markdown(self) -> str:
        """Return a Markdown report: summary, then a numbered list of findings (text escaped)."""
        out = ["# Text analysis", "", _md(self._summary_sentence()), ""]
        for i, f in enumerate(self.findings, start=1):
            out.append(f"{i}. **{_md(f.label)}**: “{_md(f.text)}”  ")
            for extra in self._extras(f):
                out.append(f"   {_md(extra)}  ")
            out.append(f"   {_md(f.explanation)}")
        return "\n".join(out) + "\n"

    def _spans(self) -> list[tuple[int, int, int]]:
        """``(start, end, finding index)`` of every highlighted span.

        The second statement of a contradiction is included, so both halves are marked.
        """
        spans = []
        for i, f in enumerate(self.findings):
            if f.end > f.start:
                spans.append((f.start, f.end, i))
            if (
                f.other_start is not None
                and f.other_end is not None
                and f.other_end > f.other_start
            ):
                spans.append((f.other_start, f.other_end, i))
        return spans

    def _segments(self, cuts: Iterable[int] = ()) -> list[tuple[int, int, list[int]]]:
        """Split the text at every span boundary (and at ``cuts``).

        Each segment lists the findings covering it.
        """
        spans = self._spans()
        bounds = {0, len(self.text), *cuts}
        starts: dict[int, list[int]] = {}
        ends: dict[int, list[int]] = {}
        for a, b, i in spans:
            bounds.update((a, b))
            starts.setdefault(a, []).append(i)
            ends.setdefault(b, []).append(i)
        points = sorted(bounds)
        active: dict[int, int] = {}  # finding index -> number of its open spans
        segments = []
        for a, b in itertools.pairwise(points):
            for i in ends.get(a, ()):
                active[i] -= 1
                if not active[i]:
                    del active[i]
            for i in starts.get(a, ()):
                active[i] = active.get(i, 0) + 1
            segments.append((a, b, sorted(active)))
        return segments

    def to_html_fragment(self, *, headline: bool | None = None, heading_level: int = 3) -> str:
        """Return the highlighted text, a legend and the list of findings as one ``<div>``.

        Styles are inline, so the fragment renders the same in a notebook, a widget or a
        page. Overlapping findings are split into segments; each segment's tooltip names
        every kind covering it.

        Parameters
        ----------
        headline
            ``None`` (default): no paragraph numbers. ``True`` or ``False``: each paragraph
            starts with its number as :func:`coursekit.analysis.text.numbered_paragraphs` gives
            it (``True``: the text starts with a headline, which is not a paragraph).
        heading_level
            Level of the "Legend" and "Findings" headings (3: ``<h3>``; a page whose
            title is ``<h1>`` uses 2).

        Accessibility: each highlight starts with screen-reader text naming its kind
        ("hedge: ", "vague source: "); the legend is a list; the lines, bars and marker
        borders use :func:`ink`, at least 3:1 against white and the highlight.
        """
        esc = html.escape
        labels: dict[int, str] = {}
        if headline is not None:
            for block in numbered_paragraphs(self.text, headline=headline):
                labels[block.start] = "Headline" if block.number == 0 else f"\u00b6 {block.number}"
        parts = ['<div class="coursekit-report" style="font-family:sans-serif;line-height:1.9">']
        parts.append(self._legend_html(heading_level))
        parts.append(
            '<div class="ck-text" style="white-space:pre-wrap;overflow-wrap:anywhere;'
            'border:1px solid #767676;padding:0.8em;border-radius:4px">'
        )
        ends_at: dict[int, list[int]] = {}
        starts_at: dict[int, list[int]] = {}
        for start, end, i in self._spans():
            ends_at.setdefault(end, []).append(i)
            starts_at.setdefault(start, []).append(i)
        for a, b, cover in self._segments(labels):
            if a in labels:
                parts.append(
                    '<span class="ck-pnum" style="color:#555;font-size:0.8em;'
                    f'margin-right:0.5em">{esc(labels[a])}</span>'
                )
            parts.append(self._segment_html(a, b, cover, starts_at.get(a, [])))
            parts.extend(self._marker_html(i) for i in ends_at.get(b, ()))
        parts.append("</div>")
        parts.append(self._list_html(heading_level))
        parts.append("</div>")
        return "".join(parts)

    def _segment_html(self, a: int, b: int, cover: list[int], opening: list[int]) -> str:
        """``text[a:b]``, escaped, highlighted for the findings in ``cover``.

        ``opening``: the findings that start at ``a``; their kinds are spoken first.
        """
        chunk = html.escape(self.text[a:b])
        if not cover:
            return chunk
        esc = html.escape
        kinds = list(dict.fromkeys(self.findings[i].kind for i in cover))
        main = _style(kinds[0])
        shadows = ",".join(
            f"inset 0 -{2 * (n + 1)}px 0 {ink(_style(k).colour)}" for n, k in enumerate(kinds)
        )
        title = "; ".join(_style(k).label for k in kinds)
        said = list(dict.fromkeys(_sr_label(self.findings[i].kind) for i in opening))
        spoken = (
            f'<span class="ck-sr" style="{_SR_ONLY}">{esc(", ".join(said))}: </span>'
            if said
            else ""
        )
        return (
            f'<span class="ck-seg" data-kinds="{esc(" ".join(kinds))}" '
            f'title="{esc(title)}" style="background:{main.colour}33;'
            f"text-decoration:underline {main.line} {ink(main.colour)};"
            f'text-underline-offset:3px;box-shadow:{shadows}">{spoken}{chunk}</span>'
        )

    def _marker_html(self, i: int) -> str:
        """The numbered marker after finding ``i``, linking to its entry in the list."""
        esc = html.escape
        st = _style(self.findings[i].kind)
        return (
            f'<sup class="ck-marker"><a href="#ck-f{i + 1}" '
            f'aria-label="end of {esc(_sr_label(self.findings[i].kind))}, '
            f'finding {i + 1}" style="color:#000;'
            f"text-decoration:none;border:1px solid {ink(st.colour)};border-radius:3px;"
            f'padding:0 2px;font-size:0.7em">{esc(st.marker)}{i + 1}</a></sup>'
        )

    def _legend_html(self, level: int = 3) -> str:
        esc = html.escape
        kinds = list(self.summary()) or []
        items = []
        for k in kinds:
            st = _style(k)
            items.append(
                f'<li style="display:inline-block;margin-right:1.2em">'
                f'<span style="background:{st.colour}33;text-decoration:underline {st.line} '
                f'{ink(st.colour)};text-underline-offset:3px;padding:0 3px">{esc(st.label)}</span> '
                f'<sup style="border:1px solid {ink(st.colour)};border-radius:3px;padding:0 2px;'
                f'font-size:0.7em">{esc(st.marker)}</sup> {esc(st.description)}</li>'
            )
        if not items:
            return '<p class="ck-legend">No findings.</p>'
        # role="list": some screen readers drop the list semantics of list-style:none.
        return (
            f'<div class="ck-legend"><h{level} style="font-size:1em;margin:0">Legend</h{level}>'
            f'<ul role="list" style="list-style:none;padding-left:0">{"".join(items)}</ul></div>'
        )

    def _list_html(self, level: int = 3) -> str:
        esc = html.escape
        rows = []
        for i, f in enumerate(self.findings, start=1):
            st = _style(f.kind)
            extras = "".join(f"<br><small>{esc(x)}</small>" for x in self._extras(f))
            rows.append(
                f'<li id="ck-f{i}" data-kind="{esc(f.kind)}"><span style="border-left:4px '
                f"{'double' if st.line == 'double' else 'solid'} {ink(st.colour)};"
                'padding-left:4px">'
                f"<strong>{esc(st.marker)}{i} {esc(st.label)}</strong></span>: "
                f"“{esc(' '.join(f.text.split()))}”{extras}<br>{esc(f.explanation)}</li>"
            )
        if not rows:
            return ""
        return (
            f"<h{level}>Findings</h{level}>"
            f'<ol class="ck-findings" style="overflow-wrap:anywhere">{"".join(rows)}</ol>'
        )

    def to_html(self, title: str = "coursekit text analysis") -> str:
        """Return a complete, self-contained, offline HTML page (no scripts, no remote files)."""
        esc = html.escape
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title></head>"
            '<body style="max-width:60em;margin:2em auto;padding:0 1em">'
            f"<main><h1>{esc(title)}</h1><p>{esc(self._summary_sentence())}</p>"
            f"{self.to_html_fragment(heading_level=2)}</main></body></html>\n"
        )

    def _repr_html_(self) -> str:
        return self.to_html_fragment()

    def __repr__(self) -> str:
        return f"<Report: {len(self.text)} characters, {self._summary_sentence()}>"
