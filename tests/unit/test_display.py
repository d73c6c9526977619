"""coursekit.display: offline renderer, theme, static mode, text alternatives."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import altair as alt
import pytest

import coursekit
from coursekit import display


@pytest.fixture(autouse=True)
def restore_altair(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts from Altair's defaults and leaves them as it found them."""
    monkeypatch.delenv(display.RENDERER_ENV, raising=False)
    renderer, theme = alt.renderers.active, alt.theme.active
    monkeypatch.setattr(display, "_active", None)
    yield
    alt.renderers.enable(renderer)
    alt.theme.enable(theme)


def _chart() -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=[{"a": 1, "b": "x"}]))
        .mark_point()
        .encode(x="a:Q", color="b:N")
        .properties(title="Sources <per> claim", description='Dots & "counts" for one claim.')
    )


def test_setup_enables_the_offline_jupyter_renderer_and_theme() -> None:
    coursekit.setup()
    assert alt.renderers.active == "jupyter"
    assert alt.renderers.options.get("offline") is True
    assert alt.theme.active == display.THEME_NAME
    assert display.THEME_NAME in alt.theme.names()
    assert not display.is_static()


def test_theme_uses_okabe_ito_and_projector_font_sizes() -> None:
    coursekit.setup()
    config = _chart().to_dict()["config"]
    assert config["range"]["category"] == list(display.OKABE_ITO)
    assert config["range"]["category"][:3] == ["#E69F00", "#56B4E9", "#009E73"]
    assert config["axis"]["labelFontSize"] >= 14
    assert config["title"]["fontSize"] >= 18


def test_setup_is_idempotent() -> None:
    coursekit.setup()
    first = (alt.renderers.active, alt.theme.active, json.dumps(_chart().to_dict()))
    coursekit.setup()
    assert (alt.renderers.active, alt.theme.active, json.dumps(_chart().to_dict())) == first


def test_environment_variable_selects_static_svg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(display.RENDERER_ENV, "svg")
    assert display.is_static()  # before setup, the environment decides
    coursekit.setup()
    assert alt.renderers.active == display.SVG_RENDERER
    assert display.is_static()
    bundle = _chart()._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    svg = bundle["image/svg+xml"]
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title>Sources &lt;per&gt; claim</title>" in svg
    assert "<desc>Dots &amp; &quot;counts&quot; for one claim.</desc>" in svg


def test_argument_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(display.RENDERER_ENV, "svg")
    coursekit.setup(renderer="png")
    assert alt.renderers.active == "png"
    assert display.is_static()
    coursekit.setup(renderer="jupyter")
    assert alt.renderers.active == "jupyter"
    assert not display.is_static()


@pytest.mark.parametrize("source", ["argument", "environment"])
def test_unknown_renderer_is_explained(monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    if source == "environment":
        monkeypatch.setenv(display.RENDERER_ENV, "vega")
        where = r"\$COURSEKIT_RENDERER"
        call = coursekit.setup
    else:
        where = r"setup\(renderer=\.\.\.\)"

        def call() -> None:
            coursekit.setup(renderer="vega")

    with pytest.raises(ValueError, match=rf"'vega' from {where}.*jupyter, svg, png"):
        call()


def test_describe_gives_title_and_description() -> None:
    assert display.describe(_chart()) == 'Sources <per> claim: Dots & "counts" for one claim.'
    untitled = alt.Chart(alt.Data(values=[])).mark_point().properties(description="Only this.")
    assert display.describe(untitled) == "Only this."
    assert display.describe(alt.Chart(alt.Data(values=[])).mark_point()) == ""
    titled = (
        alt.Chart(alt.Data(values=[])).mark_point().properties(title=alt.Title("A", subtitle="B"))
    )
    assert display.describe(titled) == "A"


def test_accessible_svg_escapes_and_handles_odd_input() -> None:
    spec = {"title": "<script>alert(1)</script>", "description": "x"}
    out = display.accessible_svg('<svg width="1"><rect/></svg>', spec)
    assert "<script>" not in out
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title><desc>x</desc><rect/>" in out
    assert display.accessible_svg("not svg", spec) == "not svg"
    assert display.accessible_svg("<svg/>", {}) == "<svg/>"
    self_closing = display.accessible_svg('<svg width="1"/>', {"title": "T"})
    assert self_closing == '<svg width="1" role="img" aria-label="T"><title>T</title></svg>'


def test_import_coursekit_does_not_import_altair() -> None:
    code = (
        "import sys, coursekit, coursekit.display, coursekit.timeline; "
        "coursekit.display.is_static(); "
        "print(sorted(m for m in ('altair', 'ipywidgets', 'vl_convert') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_course_map_lists_every_lesson() -> None:
    from coursekit.course import LESSONS

    table = display.course_map()
    assert table.index.tolist() == ["00", "01", "02", "03", "04", "05"]
    assert table.loc["02", "title"] == "Corroboration and lateral reading"
    assert table["teaching min"].tolist() == [lesson.teaching_minutes for lesson in LESSONS]
    assert table["exercise min"].tolist() == [lesson.exercise_minutes for lesson in LESSONS]
    assert table["core min"].tolist() == [lesson.core_minutes for lesson in LESSONS]


def test_interactive_charts_are_svg_without_the_actions_menu() -> None:
    coursekit.setup(renderer="jupyter")
    options = alt.renderers.options["embed_options"]
    # SVG: Vega's ARIA labels (chart description, title, axes, marks) exist only in SVG.
    assert options["renderer"] == "svg"
    # No "..." menu: its button has no accessible name, and "Open in Vega Editor" needs
    # the internet.
    assert options["actions"] is False
    bundle = _chart()._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_article_html_escapes_and_keeps_paragraphs() -> None:
    html = display.article_html("Head <b>line</b>\nFirst para.\nSecond & last.")
    assert html.count('class="ck-pnum"') == 3  # one per non-empty line, as news text is laid out
    assert "&lt;b&gt;line&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "Second &amp; last." in html
    assert "white-space:pre-wrap" in html


def test_article_display_numbers_paragraphs_after_the_headline() -> None:
    html = display.article_html("The headline\nFirst paragraph.\nSecond paragraph.")
    assert ">Headline</span>The headline</p>" in html
    assert ">\u00b6 1</span>First paragraph.</p>" in html
    assert ">\u00b6 2</span>Second paragraph.</p>" in html
    assert display.escape(display.PARAGRAPH_NUMBERING) in html  # the rule is stated
    plain = display.article_html("One passage.\nAnother.", headline=False)
    assert ">\u00b6 1</span>One passage.</p>" in plain
    assert "Headline" not in plain


def test_numbered_paragraphs_blocks_offsets_and_headline() -> None:
    text = "Title\r\n\r\n  Body one\nstill one \n\n\nBody two"
    blocks = display.numbered_paragraphs(text)
    assert [(b.number, b.label) for b in blocks] == [
        (0, "headline"),
        (1, "\u00b61"),
        (2, "\u00b62"),
    ]
    assert [text[b.start : b.end] for b in blocks] == [b.text for b in blocks]
    assert blocks[1].text == "Body one\nstill one"  # a block keeps its inner line break
    # One block has no headline; headline=False starts at 1; nothing visible, no blocks.
    assert [b.number for b in display.numbered_paragraphs("Only this.")] == [1]
    assert [b.number for b in display.numbered_paragraphs("a\nb", headline=False)] == [1, 2]
    assert display.numbered_paragraphs(" \n\t\n") == []
    with pytest.raises(TypeError, match=r"pass case\.article"):
        display.numbered_paragraphs(None)  # type: ignore[arg-type]


def test_paragraph_returns_one_block_or_says_which_exist() -> None:
    assert display.paragraph("Head\nOne\nTwo", 2) == "Two"
    assert display.paragraph("Head\nOne\nTwo", 0) == "Head"
    with pytest.raises(
        ValueError, match=r"no paragraph 3: .* paragraphs 0 to 2 \(0 is the headline\)"
    ):
        display.paragraph("Head\nOne\nTwo", 3)
    with pytest.raises(ValueError, match="empty"):
        display.paragraph("", 1)


def test_case_article_numbering_matches_the_case_metadata() -> None:
    """Paragraph 1 follows the headline article.json records; references keep counting."""
    case = coursekit.load_case("summit-2025")
    blocks = display.numbered_paragraphs(case.article)
    assert blocks[0].number == 0 and blocks[0].text == case.metadata["headline"]
    first_reference = case.metadata["references"][0]
    numbered = {b.start: b.number for b in blocks}
    body = [b for b in blocks if b.number > 0 and b.end <= case.metadata["body_end"]]
    assert numbered[first_reference["start"]] == len(body) + 1
    # The text each worksheet quotes by number is what paragraph() returns.
    for claim in case.claims.itertuples():
        holder = [b for b in blocks if b.start <= claim.start < b.end]
        assert len(holder) == 1, claim.claim_id
        assert claim.text in display.paragraph(case.article, holder[0].number)


def test_hedge_chart_and_highlighter_use_the_display_numbers() -> None:
    from coursekit import charts
    from coursekit.widgets.highlighting import _default_paragraph

    case = coursekit.load_case("summit-2025")
    spec = charts.hedge_density_chart(case.article, headline=True).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    firsts = {row["number"]: row["start"] for row in rows}
    for block in display.numbered_paragraphs(case.article):
        if block.number:
            assert block.text.startswith(firsts[block.number].rstrip("\u2026"))
    assert 0 not in firsts  # the headline is not a paragraph
    assert "headline is not counted" in spec["description"]
    number, text = _default_paragraph(case)
    assert display.paragraph(case.article, number) == text


def test_article_html_rejects_a_non_string() -> None:
    with pytest.raises(TypeError, match=r"pass case\.article"):
        display.article_html(None)  # type: ignore[arg-type]


def test_report_shows_the_same_paragraph_numbers_and_keeps_the_text() -> None:
    import html as html_lib
    import re

    case = coursekit.load_case("summit-2025")
    report = coursekit.analyze(case.article)
    numbered = display.show_report(report).data
    labels = re.findall(r'class="ck-pnum"[^>]*>([^<]*)</span>', numbered)
    expected = [
        "Headline" if b.number == 0 else f"\u00b6 {b.number}"
        for b in display.numbered_paragraphs(case.article)
    ]
    assert labels == expected
    # Without its labels the highlighted text is the report's usual one, character for character.
    plain = report.to_html_fragment()
    assert 'class="ck-pnum"' not in plain

    def text(fragment: str) -> str:
        fragment = re.sub(r'<span class="ck-pnum"[^>]*>[^<]*</span>', "", fragment)
        return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))

    assert text(numbered) == text(plain)
