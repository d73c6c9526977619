"""The rendered reports: HTML escaping, overlapping highlights, legend, Markdown."""

from __future__ import annotations

from html.parser import HTMLParser

from coursekit.analysis import KIND_STYLES, analyze
from coursekit.analysis.report import contrast, ink

HOSTILE = (
    "Analysts said <script>alert('x')</script> the deal may fail. "
    '<img src=x onerror="alert(1)"> It could be worse & <b>bold</b>.'
)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        # text outside the numbered <sup> markers and the screen-reader kind labels
        self.plain: list[str] = []
        self.spoken: list[str] = []  # the screen-reader labels ("hedge: ")
        self._in_sup = 0
        self._in_sr = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self._in_sup += tag == "sup"
        self._in_sr += self._in_sr > 0 or ("class", "ck-sr") in attrs

    def handle_endtag(self, tag: str) -> None:
        self._in_sup -= tag == "sup"
        self._in_sr = max(0, self._in_sr - 1)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_sr:
            self.spoken.append(data)
        elif not self._in_sup:
            self.plain.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def test_html_page_shows_markup_in_the_input_as_text() -> None:
    page = analyze(HOSTILE).to_html()
    parsed = parse(page)
    assert "script" not in parsed.tags
    assert "img" not in parsed.tags
    assert "b" not in parsed.tags
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    text = "".join(parsed.text)
    assert "<script>alert('x')</script>" in text
    assert '<img src=x onerror="alert(1)">' in text
    assert "& <b>bold</b>" in text


def test_html_fragment_is_escaped_and_has_no_page_wrapper() -> None:
    fragment = analyze(HOSTILE).to_html_fragment()
    parsed = parse(fragment)
    assert parsed.tags[0] == "div"
    assert "html" not in parsed.tags and "body" not in parsed.tags
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "<script>" in "".join(parsed.text)


def test_page_is_offline() -> None:
    page = analyze(HOSTILE).to_html()
    assert "http://" not in page and "https://" not in page
    assert "<link" not in page and "<script" not in page


def test_highlight_has_colour_line_style_and_marker_for_each_kind() -> None:
    report = analyze("Analysts said the deal may fail.")
    fragment = report.to_html_fragment()
    for kind in ("hedge", "vague-attribution"):
        style = KIND_STYLES[kind]
        assert f'data-kinds="{kind}"' in fragment
        assert style.colour in fragment
        # The underline keeps the kind's hue, darkened to 3:1 against white and the tint.
        assert f"underline {style.line} {ink(style.colour)}" in fragment
        assert f">{style.marker}" in fragment  # the text marker, not only colour
    assert "Legend" in fragment


def test_every_mark_meets_non_text_contrast() -> None:
    for kind, style in KIND_STYLES.items():
        assert contrast(ink(style.colour)) >= 3.0, kind
    # Known values (WCAG formula): black on white 21:1, #777777 on white about 4.48:1.
    assert round(contrast("#000000"), 1) == 21.0
    assert 4.4 < contrast("#777777") < 4.5


def test_screen_readers_hear_the_kind_before_each_mark() -> None:
    report = analyze("Analysts said the deal may fail.")
    collected = parse(report.to_html_fragment())
    assert "vague source: " in collected.spoken and "hedge: " in collected.spoken
    # The legend is a list, one item per kind found.
    legend = report.to_html_fragment().split('class="ck-legend"')[1].split("</ul>")[0]
    assert '<ul role="list"' in legend and legend.count("<li") == len(report.summary())


def test_report_page_has_a_main_landmark_and_heading_levels() -> None:
    page = analyze("Analysts said the deal may fail.").to_html(title="Report")
    collected = parse(page)
    headings = [t for t in collected.tags if t in {"h1", "h2", "h3"}]
    assert "main" in collected.tags
    assert headings == ["h1", "h2", "h2"]  # title, Legend, Findings


def test_overlapping_findings_are_split_into_segments() -> None:
    # "widely seen as" (hedge) overlaps "widely seen" (vague attribution).
    text = "The meeting is widely seen as a test."
    report = analyze(text)
    kinds = {f.kind for f in report.findings}
    assert kinds == {"hedge", "vague-attribution"}
    fragment = report.to_html_fragment()
    assert 'data-kinds="hedge vague-attribution"' in fragment or (
        'data-kinds="vague-attribution hedge"' in fragment
    )
    # Apart from the markers, the highlighted block is the text, once and in order.
    highlighted = fragment.split('<div class="ck-text"')[1].split("<h3>")[0]
    assert "".join(parse("<div" + highlighted).plain) == text


def test_segments_cover_the_text_once() -> None:
    report = analyze("It may be that analysts said it could fail.")
    segments = report._segments()
    assert segments[0][0] == 0 and segments[-1][1] == len(report.text)
    assert all(a < b for a, b, _ in segments)
    assert all(segments[i][1] == segments[i + 1][0] for i in range(len(segments) - 1))


def test_markdown_and_text_escape_markup_in_findings() -> None:
    text = (
        "[1] Pub. (2025, August 1). <script>alert(1)</script> *bold* | pipe. "
        "Retrieved from https://a.example/2025/08/01/x"
    )
    report = analyze(text)
    assert "<script>" in report.findings[0].text
    markdown = report.to_markdown()
    assert "<script>" not in markdown
    assert "&lt;script&gt;" in markdown
    assert "\\*bold\\*" in markdown and "\\|" in markdown


def test_empty_text_renders() -> None:
    report = analyze("")
    assert report.findings == [] and report.sentences == []
    assert report.to_text() == "No findings.\n"
    assert "No findings." in report.to_html()
    assert report.to_frame().empty
