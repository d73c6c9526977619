"""Printable handouts: paragraph numbers, escaping, every task present, nothing leaked."""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

import coursekit
from coursekit import bank, handouts
from coursekit.checks import FREE_TEXT_KINDS
from coursekit.display import numbered_paragraphs
from coursekit.exercises import solution_answers

ROOT = Path(__file__).resolve().parents[2]
WORKSHEETS = sorted((ROOT / "exercises").glob("[0-9][0-9]-*-exercises.ipynb"))
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def case():
    return coursekit.load_case("summit-2025")


@pytest.fixture(scope="module")
def pages(case):
    specs = bank.load_specs()
    return {
        path.name[:2]: handouts.worksheet_html(nbformat.read(path, as_version=4), specs, case)
        for path in WORKSHEETS
    }


class _Rows(HTMLParser):
    """The article table's rows: (line number, paragraph label, text, data-paragraph)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self._cell: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-paragraph" in attrs:
            self.rows.append({"paragraph": attrs["data-paragraph"], "ln": "", "pn": "", "text": ""})
        elif tag == "td" and self.rows:
            self._cell = attrs.get("class")

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._cell and self.rows:
            self.rows[-1][self._cell] += data


def _article_rows(text: str) -> list[dict[str, str]]:
    parser = _Rows()
    parser.feed(handouts.article_html(text))
    return parser.rows


def test_article_paragraphs_are_numbered_by_numbered_paragraphs(case):
    rows = _article_rows(case.article)
    blocks = numbered_paragraphs(case.article)
    labels = [row["pn"] for row in rows if row["pn"]]
    assert labels == ["Headline" if b.number == 0 else f"\u00b6 {b.number}" for b in blocks]
    for block in blocks:
        printed = " ".join(row["text"] for row in rows if row["paragraph"] == str(block.number))
        # Lines break at spaces, or inside a word longer than a line (a URL).
        assert "".join(printed.split()) == "".join(block.text.split()), block.number
    # The headline is not a paragraph: paragraph 1 is the block after it.
    assert labels[0] == "Headline" and labels[1] == "\u00b6 1"
    assert blocks[1].text.startswith("In a series of recent developments")


def test_article_lines_are_numbered_continuously_and_fit_the_width(case):
    rows = _article_rows(case.article)
    assert [int(row["ln"]) for row in rows] == list(range(1, len(rows) + 1))
    assert max(len(row["text"]) for row in rows) <= handouts.ARTICLE_WIDTH


def test_article_text_is_escaped():
    page = handouts.article_html(f"Headline {HOSTILE}\nFirst paragraph {HOSTILE}")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&amp;" in page


def test_markdown_is_rendered_with_raw_html_escaped():
    page = handouts.markdown_html(f"**bold** {HOSTILE}\n\n[a link](../notebooks/x.ipynb)")
    assert "<strong>bold</strong>" in page
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "href" not in page and "a link" in page


def test_worksheet_material_from_data_is_escaped(case):
    worksheet = nbformat.v4.new_notebook()
    worksheet.cells = [
        nbformat.v4.new_markdown_cell("# Exercises 99: test"),
        nbformat.v4.new_code_cell("import pandas as pd"),
        nbformat.v4.new_markdown_cell(f"## Exercise 99.1: a task\n\nRead {HOSTILE}."),
        nbformat.v4.new_code_cell(f"pd.DataFrame({{'text': [{HOSTILE!r}]}})"),
        nbformat.v4.new_code_cell(f"print({HOSTILE!r})"),
        nbformat.v4.new_code_cell(
            'answer = ...  # your answer here\ncoursekit.check("99.1", answer)'
        ),
    ]
    specs = {"99.1": {"id": "99.1", "title": HOSTILE, "kind": "text", "hints": [HOSTILE, "later"]}}
    page = handouts.worksheet_html(worksheet, specs, case)
    assert "<script>" not in page and "<img" not in page
    assert page.count("&lt;script&gt;") >= 4  # title, task text, table, printed output
    assert "later" not in page  # only the first hint
    assert "coursekit.check" not in page and "answer = ..." not in page


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.name[:2])
def test_every_worksheet_task_is_printed(path, pages):
    lesson = path.name[:2]
    page = pages[lesson]
    worksheet = nbformat.read(path, as_version=4)
    headings = re.findall(r"^## Exercise (\d\d\.\d+)", "\n".join(
        cell.source for cell in worksheet.cells if cell.cell_type == "markdown"), re.M)  # fmt: skip
    spec_ids = [key for key, spec in bank.load_specs().items() if spec["lesson"] == lesson]
    assert headings == spec_ids
    printed = re.findall(r'<section class="task" id="task-(\d\d\.\d+)">', page)
    assert printed == spec_ids
    for key in spec_ids:
        section = page.split(f'id="task-{key}"')[1].split('<section class="task"')[0]
        assert 'class="write"' in section, key
        assert bank.exercise_spec(key)["title"].split(":")[0].replace("'", "&#x27;") in section


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.name[:2])
def test_no_key_hint_or_solution_leaks(path, pages):
    lesson = path.name[:2]
    page = pages[lesson]
    keys = json.loads((ROOT / "src/coursekit/answers/keys.json").read_text(encoding="utf-8"))
    for key, spec in bank.load_specs().items():
        if spec["lesson"] != lesson:
            continue
        for later in spec.get("hints", [])[1:]:
            assert handouts.html.escape(later) not in page, (key, later)
        key_doc = keys["keys"].get(key, {})
        secrets = [key_doc.get("salt", ""), *key_doc.get("hashes", []), *key_doc.get("targets", [])]
        for item in filter(None, secrets):
            assert item not in page, key
    solution = ROOT / "exercises" / "solutions" / path.name.replace("exercises", "solutions")
    answers = solution_answers(nbformat.read(solution, as_version=4))
    for key, answer in answers.items():
        if bank.exercise_spec(key)["kind"] in FREE_TEXT_KINDS:
            model = answer["answer"].split()
            assert " ".join(model[:12]) not in " ".join(page.split()), key
    assert "BEGIN SOLUTION" not in page and "Instructor version" not in page
    assert "<script" not in page


def test_material_is_printed_where_the_screen_shows_it(pages, case):
    # 01.1 shows claim C23's text; 03.1 the made-up passage; 01.4 paragraph 4.
    claims = case.claims.set_index("claim_id")
    assert handouts.html.escape(claims.loc["C23", "text"]) in pages["01"]
    passage = bank.exercise_spec("03.1")["passage"]
    assert handouts.html.escape(passage) in pages["03"]
    assert handouts.html.escape(coursekit.display.paragraph(case.article, 4)) in pages["01"]


def test_rubrics_cover_every_free_text_exercise():
    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    sections = handouts.guide_rubrics(guide)
    free_text = [key for key, spec in bank.load_specs().items() if spec["kind"] in FREE_TEXT_KINDS]
    titled = [re.match(r"\*\*Rubric for (\d\d\.\d+)", part) for part in sections]
    assert [m.group(1) for m in titled if m] == free_text
    assert any(part.startswith("### General rubric") for part in sections)
    rubric = (ROOT / "docs" / "assessment" / "rubric.md").read_text(encoding="utf-8")
    page = handouts.rubrics_html(guide, rubric)
    for key in free_text:
        assert f"Rubric for {key}" in page
    assert "<table>" in page and "T4." in page


@pytest.mark.parametrize("form", ["form-a.md", "form-b.md"])
def test_assessment_forms_have_every_task_and_space_to_write(form):
    text = (ROOT / "docs" / "assessment" / form).read_text(encoding="utf-8")
    page = handouts.assessment_form_html(text)
    for task in ("T1.", "T2.", "T3.", "T4."):
        assert task in page
    assert page.count('class="write"') >= 4
    assert "@page { size: A4" in page
    assert "@page { size: letter" in handouts.assessment_form_html(text, paper="letter")


def test_unknown_paper_is_refused():
    with pytest.raises(handouts.HandoutError, match="a4, letter"):
        handouts.assessment_form_html("# x", paper="a3")


CHROMIUM = Path(handouts.CHROMIUM)


@pytest.mark.slow
@pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="needs Debian's Chromium (/usr/bin/chromium); CI installs it",
)
@pytest.mark.parametrize(("paper", "width", "height"), [("a4", 595, 842), ("letter", 612, 792)])
def test_article_pdf_prints(tmp_path, case, paper, width, height):
    pypdf = pytest.importorskip("pypdf") if not os.environ.get("CI") else __import__("pypdf")
    assert shutil.which(str(CHROMIUM)), "Chromium is missing: apt-get install chromium"
    built = handouts.build(tmp_path, paper=paper, root=ROOT, only=["article"])
    assert [handout.name for handout in built] == ["article"]
    reader = pypdf.PdfReader(built[0].pdf)
    # 2 pages today (A4 and Letter); one line more or less must not break the test.
    assert 1 <= len(reader.pages) <= 3
    for page in reader.pages:
        box = page.mediabox
        assert round(float(box.width)) == width and round(float(box.height)) == height
    text = " ".join(page.extract_text() for page in reader.pages)
    last = numbered_paragraphs(case.article)[-1].number
    assert "Headline" in text and f"\u00b6 {last}" in text


def test_missing_chromium_says_how_to_install_it(tmp_path):
    page = tmp_path / "x.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(handouts.HandoutError, match="apt-get install chromium"):
        handouts.print_pdf(page, tmp_path / "x.pdf", chromium=str(tmp_path / "no-chromium"))
    assert handouts.run_build_command(str(tmp_path / "out"), chromium="/nonexistent") == 1


def test_guide_handout_section_agrees_with_the_handouts(case):
    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    section = guide.split("## Printable handouts")[1].split("\n## ")[0]
    # The example reference "¶ N, line L": line L of the printed article is in paragraph N.
    for number, line in re.findall(r"\u00b6 (\d+), line (\d+)", section):
        rows = _article_rows(case.article)
        assert rows[int(line) - 1]["paragraph"] == number
    # The rubrics listed are the free-text exercises.
    listed = re.search(r"rubrics of this guide \(([^)]*)\)", section).group(1)
    free_text = [key for key, spec in bank.load_specs().items() if spec["kind"] in FREE_TEXT_KINDS]
    assert re.findall(r"\d\d\.\d+", listed) == free_text
