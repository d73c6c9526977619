"""Every tool on a second, fictional case: its own dates, categories and defaults.

The fixture ``tests/fixtures/cases/flood-2019`` is an invented flood in an invented town
(March 2019) with no ``coursekit`` settings block, so every setting is derived from its
data. Expected values are read from the fixture's files with the standard library, never
computed by coursekit.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

import coursekit
import coursekit.display
from coursekit import charts, timeline
from coursekit import widgets as ck
from coursekit.cases import CaseError, load_case, validate_case

FLOOD = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "flood-2019"
SUMMIT = Path(__file__).resolve().parents[2] / "data" / "summit-2025"


def _rows(name: str, folder: Path = FLOOD) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


EVENTS = _rows("events.csv")
DAYS = sorted(row["date"] for row in EVENTS)
FIRST_DAY, LAST_DAY = DAYS[0], DAYS[-1]
YEAR = FIRST_DAY[:4]
FIRST_CLAIM = _rows("claims.csv")[0]["claim_id"]
REFERENCE = json.loads((FLOOD / "article.json").read_text(encoding="utf-8"))["references"][0]


@pytest.fixture(scope="module")
def flood() -> coursekit.Case:
    return load_case(FLOOD)


@pytest.fixture(autouse=True)
def interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widgets are interactive unless a test asks for the static view."""
    monkeypatch.setattr(coursekit.display, "_active", "jupyter")


@pytest.fixture
def static(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coursekit.display, "_active", "svg")


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FLOOD, tmp_path / "flood-2019"))


def _set_block(folder: Path, **settings: object) -> None:
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package.setdefault("coursekit", {}).update(settings)
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


# --------------------------------------------------------------------------- the fixture


def test_the_fixture_is_a_valid_case_without_a_settings_block() -> None:
    assert validate_case(FLOOD) == []
    package = json.loads((FLOOD / "datapackage.json").read_text(encoding="utf-8"))
    assert "coursekit" not in package
    assert "fictional" in package["title"].lower()
    assert YEAR == "2019" and FIRST_DAY[5:7] == "03"


# --------------------------------------------------------------------------- settings


def test_settings_are_derived_from_the_data_when_the_case_declares_none(flood) -> None:
    settings = flood.settings
    assert (settings.first_day, settings.last_day) == (FIRST_DAY, LAST_DAY)
    assert settings.default_claim == FIRST_CLAIM
    assert settings.default_day == EVENTS[0]["date"]
    assert settings.categories == (coursekit.settings.NEUTRAL_CATEGORY,)
    assert settings.declared == frozenset()
    assert settings.year_label == YEAR


def test_the_summit_case_declares_the_settings_its_lessons_use() -> None:
    block = json.loads((SUMMIT / "datapackage.json").read_text(encoding="utf-8"))["coursekit"]
    settings = load_case("summit-2025").settings
    assert settings.first_day == block["window"]["first_day"]
    assert settings.last_day == block["window"]["last_day"]
    assert settings.default_claim == block["default_claim"]
    assert settings.default_day == block["default_day"]
    assert list(settings.categories) == block["event_categories"]["order"]
    assert settings.otherwise == block["event_categories"]["otherwise"]
    assert settings.declared == {"window", "default_claim", "default_day", "event_categories"}


def test_a_declared_block_overrides_the_derived_settings(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    last = _rows("claims.csv")[-1]["claim_id"]
    _set_block(
        folder,
        window={"first_day": "2019-03-01", "last_day": "2019-03-31"},
        default_claim=last,
        default_day="2019-03-12",
    )
    settings = load_case(folder).settings
    assert (settings.first_day, settings.last_day) == ("2019-03-01", "2019-03-31")
    assert (settings.default_claim, settings.default_day) == (last, "2019-03-12")
    w = ck.known_on_day(load_case(folder))
    assert w.slider.options[0][1] == "2019-03-01" and w.slider.options[-1][1] == "2019-03-31"
    assert w.slider.value == "2019-03-12"
    assert ck.claim_explorer(load_case(folder)).dropdown.value == last


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"default_claim": "C99"}, ("coursekit.default_claim", "'C99'", FIRST_CLAIM)),
        ({"default_day": "2020-01-01"}, ("coursekit.default_day", "outside the window")),
        ({"default_day": "12 March"}, ("coursekit.default_day", "YYYY-MM-DD")),
        (
            {"event_categories": {"order": ["flood"], "title_rules": [{"category": "storm"}]}},
            ("coursekit.event_categories", "'storm'"),
        ),
    ],
)
def test_a_setting_that_does_not_fit_the_case_names_the_key_and_the_fix(
    tmp_path: Path, settings: dict[str, object], words: tuple[str, ...]
) -> None:
    folder = _copy(tmp_path)
    _set_block(folder, **settings)
    with pytest.raises(CaseError) as caught:
        load_case(folder).settings  # noqa: B018 (the property raises)
    message = caught.value.problems[0].format()
    assert message.startswith("datapackage.json, column 'coursekit.")
    assert "Fix:" in message
    for word in words:
        assert word in message


def test_coursekit_validate_reports_a_setting_copied_from_another_case(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _set_block(folder, default_claim="C99")
    problems = validate_case(folder)
    assert [(p.file, p.column) for p in problems] == [
        ("datapackage.json", "coursekit.default_claim")
    ]
    assert "the case has no claim 'C99'" in problems[0].message


def _with_categories(tmp_path: Path) -> tuple[Path, list[str], list[str]]:
    """A copy whose events carry a category column with an enum in the schema."""
    folder = _copy(tmp_path)
    enum = ["warning", "flood", "recovery"]
    cells = ["warning", "flood", "flood", "recovery", ""]
    rows = _rows("events.csv")
    for row, cell in zip(rows, cells, strict=True):
        row["category"] = cell
    _write_rows(folder / "events.csv", rows)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in package["resources"] if r["name"] == "events")
    events["schema"]["fields"].append(
        {
            "name": "category",
            "type": "string",
            "description": "What sort of event this is.",
            "constraints": {"enum": enum},
        }
    )
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    return folder, enum, cells


def test_a_category_column_gives_the_categories_and_their_order(tmp_path: Path) -> None:
    folder, enum, cells = _with_categories(tmp_path)
    _set_block(folder, event_categories={"otherwise": "recovery"})
    assert validate_case(folder) == []
    case = load_case(folder)
    assert case.settings.categories == tuple(enum)
    assert timeline.event_categories(case).tolist() == [c or "recovery" for c in cells]
    spec = charts.timeline_chart(case).to_dict()
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"] == enum
    assert len(set(colour["range"])) == len(enum)
    assert "1 warning, 2 flood, 2 recovery" in spec["description"]


# --------------------------------------------------------------------------- accessors


def test_source_is_found_beside_claim(flood) -> None:
    rows = {row["source_id"]: row for row in _rows("sources.csv")}
    reference = flood.source(" r1 ")
    assert reference["publisher"] == rows["R1"]["publisher"]
    assert reference["url"] == rows["R1"]["url"]
    assert flood.claim(FIRST_CLAIM.lower())["claim_id"] == FIRST_CLAIM
    with pytest.raises(KeyError, match=r"No source 'S999' in case 'flood-2019'; source ids are"):
        flood.source("S999")


# --------------------------------------------------------------------------- charts


def _axis_titles(spec: dict) -> list[str]:
    """The titles of the date axes ("Date (...)"), not of the tooltips."""
    found = []
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "temporal" and str(node.get("title")).startswith("Date ("):
                found.append(node["title"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def test_timeline_chart_uses_the_case_dates_and_its_one_category(flood) -> None:
    spec = charts.timeline_chart(flood).to_dict()
    titles = _axis_titles(spec)
    assert titles and set(titles) == {f"Date ({YEAR})"}
    assert "2025" not in json.dumps(spec)
    domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert domain == [f"{FIRST_DAY}T00:00:00", f"{LAST_DAY}T00:00:00"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == ["event"]
    assert f"Timeline of {len(EVENTS)} events" in spec["description"]
    assert f"{YEAR}, one row per category: {len(EVENTS)} event." in spec["description"]
    assert "references are marked as crosses" in spec["description"]


def test_known_on_day_chart_runs_over_the_case_window(flood) -> None:
    day = "2019-03-12"
    spec = charts.known_on_day_chart(flood, day).to_dict()
    assert set(_axis_titles(spec)) == {f"Date ({YEAR})"}
    public = sum(row["date"] <= day for row in EVENTS)
    assert f"On 12 March 2019, {public} of {len(EVENTS)} events" in spec["description"]
    assert spec["title"].startswith("What was public on 12 March 2019")


def test_the_claim_and_finding_charts_work_on_the_case(flood) -> None:
    claims = _rows("claims.csv")
    report = coursekit.analyze(flood.article, case=flood)
    for chart in (
        charts.verdict_chart(flood),
        charts.claim_type_chart(flood),
        charts.claim_support_chart(flood),
        charts.hedge_density_chart(flood.article, report),
        charts.findings_chart(report),
    ):
        spec = chart.to_dict()
        assert spec.get("title") and spec.get("description")
        assert "2025" not in spec["description"]
    verdicts = charts.verdict_chart(flood).to_dict()["description"]
    contradicted = sum(row["verdict"] == "contradicted" for row in claims)
    assert f"{contradicted} contradicted" in verdicts


def test_the_verdict_chart_reads_the_verdicts_from_the_case_schema(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    field = next(f for f in claims["schema"]["fields"] if f["name"] == "verdict")
    enum = [*field["constraints"]["enum"], "disputed"]
    field["constraints"]["enum"] = enum
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    rows = _rows("claims.csv")
    rows[1]["verdict"] = "disputed"
    _write_rows(folder / "claims.csv", rows)
    # The validator rejects a verdict the code cannot interpret (see broken.py); the chart
    # still draws whatever verdicts the schema lists.
    assert [p.column for p in validate_case(folder)] == ["claims.verdict"]
    spec = charts.verdict_chart(load_case(folder, validate=False)).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == enum
    assert len(set(scale["range"])) == len(enum)
    assert "1 disputed" in spec["description"]


# --------------------------------------------------------------------------- widgets


def test_claim_explorer_opens_on_the_first_claim(flood) -> None:
    w = ck.claim_explorer(flood)
    assert w.dropdown.value == FIRST_CLAIM
    assert [value for _label, value in w.dropdown.options] == [
        row["claim_id"] for row in _rows("claims.csv")
    ]
    w.dropdown.value = "C5"
    assert "Mill Lane bridge" in w.html.value


def test_known_on_day_slider_runs_over_march_2019(flood) -> None:
    w = ck.known_on_day(flood)
    days = [value for _label, value in w.slider.options]
    assert (days[0], days[-1]) == (FIRST_DAY, LAST_DAY)
    assert w.slider.value == EVENTS[0]["date"]
    w.slider.value = "2019-03-12"
    expected = {row["event_id"] for row in EVENTS if row["date"] <= "2019-03-12"}
    public = w.html.value.split("class='ck-public'>", 1)[1].split("</ul>", 1)[0]
    assert {e for e in expected if f'data-event="{e}"' in public} == expected
    assert "On Tuesday 12 March 2019" in w.html.value
    with pytest.raises(ValueError, match=f"pick a day from {FIRST_DAY} to {LAST_DAY}"):
        ck.known_on_day(flood, "2025-08-08")


def test_static_views_of_the_case(static: None, flood) -> None:
    explorer = ck.claim_explorer(flood)
    assert isinstance(explorer, ck.StaticView) and "<svg" in explorer.html
    known = ck.known_on_day(flood)
    day = EVENTS[0]["date"]
    assert f"On Sunday {int(day[8:])} March 2019" in known.html
    high = ck.highlighter(case=flood)
    assert isinstance(high, ck.StaticView) and 'data-kind="vague-attribution"' in high.html


def test_highlighter_analyzer_and_source_finder_work_on_the_case(flood) -> None:
    high = ck.highlighter(case=flood)
    assert "Some residents" in high.textarea.value
    tool = ck.analyzer(case=flood)
    tool.textarea.value = flood.article
    report = tool.analyse()
    assert report is not None
    assert any(f.kind == "anachronism" for f in report.findings)
    finder = ck.source_finder(flood)
    finder.query.value = "Alder"
    results = finder.search(log=False)
    assert results is not None
    titled = {  # the finder searches the pages found, not the article's own references
        row["source_id"]
        for row in _rows("sources.csv")
        if "Alder" in row["title"] and row["cited_by_article"] == "false"
    }
    assert titled and titled <= set(results["source_id"])


# --------------------------------------------------------------------------- anachronism


def test_a_reference_dated_before_the_flood_it_reports_is_flagged(flood) -> None:
    report = coursekit.analyze(flood.article, case=flood)
    found = [f for f in report.findings if f.kind == "anachronism"]
    assert len(found) == 1
    finding = found[0]
    assert (finding.start, finding.end) == (REFERENCE["start"], REFERENCE["end"])
    assert finding.claimed_date == REFERENCE["claimed_date"]
    event = next(row for row in EVENTS if row["event_id"] == finding.event_id)
    assert event["date"] > REFERENCE["claimed_date"]
    assert finding.details["via"] == "case words"
    assert f"({finding.event_id}: {event['title']})" in finding.explanation
    assert "cannot come before the news it reports" in finding.explanation


def test_a_reference_dated_on_the_day_of_the_events_is_not_flagged(flood) -> None:
    text = flood.article.replace("(2019, March 11)", "(2019, March 12)")
    report = coursekit.analyze(text, case=flood)
    assert not [f for f in report.findings if f.kind == "anachronism"]


def test_a_forward_looking_reference_title_is_not_flagged(flood) -> None:
    title = "Alder River floods Fennwick, hundreds evacuated"
    text = flood.article.replace(title, "Alder River expected to flood Fennwick")
    report = coursekit.analyze(text, case=flood)
    assert not [f for f in report.findings if f.kind == "anachronism"]


# --------------------------------------------------------------------------- the guide


def _guide_lines() -> set[str]:
    guide = Path(__file__).resolve().parents[2] / "docs" / "instructor-guide.md"
    section = guide.read_text(encoding="utf-8").split("## Teaching with your own case", 1)[1]
    return {line.strip() for line in section.splitlines()}


def test_the_guide_quotes_the_validator_exactly(tmp_path: Path) -> None:
    """The messages in "Teaching with your own case" are what coursekit validate says."""
    typos = tmp_path / "typos" / "my-case"
    shutil.copytree(FLOOD, typos)
    events = _rows("events.csv")
    events[1]["date"] = "2019-03-32"
    _write_rows(typos / "events.csv", events)
    evidence = _rows("evidence.csv")
    evidence[5]["source_id"] = "S060"
    _write_rows(typos / "evidence.csv", evidence)
    copied = tmp_path / "copied" / "my-case"
    shutil.copytree(FLOOD, copied)
    shutil.copy(SUMMIT / "datapackage.json", copied / "datapackage.json")
    lines = _guide_lines()
    for folder in (typos, copied):
        problems = validate_case(folder)
        assert len(problems) == 2
        for problem in problems:
            assert problem.format() in lines
    assert "OK: my-case is a valid coursekit case." in "\n".join(lines)


def test_the_guide_quotes_the_message_for_a_verdict_the_kit_cannot_interpret(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "my-case"
    shutil.copytree(FLOOD, folder)
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    field = next(f for f in claims["schema"]["fields"] if f["name"] == "verdict")
    field["constraints"]["enum"].append("likely")
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")
    (problem,) = validate_case(folder)
    assert problem.format() in _guide_lines()
