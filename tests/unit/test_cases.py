"""coursekit.cases: finding, loading and validating case folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import broken  # tests/fixtures/cases/broken.py, on pytest's pythonpath
import pandas as pd
import pytest

import coursekit
from coursekit import cases
from coursekit.cases import Case, CaseError, CaseNotFoundError, Problem, load_case, validate_case

BUNDLED: Path = broken.BUNDLED
REPO: Path = broken.REPO
SCHEMA = json.loads((BUNDLED / "datapackage.json").read_text(encoding="utf-8"))


def _fields(table: str) -> dict[str, dict]:
    resource = next(r for r in SCHEMA["resources"] if r["name"] == table)
    return {f["name"]: f for f in resource["schema"]["fields"]}


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case("summit-2025")


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return broken.copy_case("tiny", tmp_path / "tiny")


# --------------------------------------------------------------------------- finding


def test_list_cases_finds_the_bundled_case() -> None:
    names = cases.list_cases()
    assert "summit-2025" in names
    assert names == sorted(names)


def test_unknown_name_lists_the_available_cases() -> None:
    with pytest.raises(CaseNotFoundError) as info:
        load_case("summit-2052")
    message = str(info.value)
    assert "no bundled case called 'summit-2052'" in message
    assert "Available cases: 'summit-2025'" in message
    assert "load_case('./my-case')" in message


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CaseNotFoundError, match="There is no case folder at"):
        load_case(tmp_path / "nowhere")


def test_bundled_case_path_is_the_checkout_data_folder() -> None:
    assert cases.bundled_case_path("summit-2025").resolve() == BUNDLED.resolve()


# --------------------------------------------------------------------------- the bundled case


def test_bundled_case_validates_without_problems() -> None:
    problems = validate_case(BUNDLED)
    assert [p.format() for p in problems] == []


def test_bundled_case_has_the_documented_size(case: Case) -> None:
    # The loader keeps every row in file order (the file is read with the csv module here).
    events = broken.read_rows(BUNDLED / "events.csv")
    assert case.events["event_id"].tolist() == [row[0] for row in events[1:]]
    assert sorted(case.events["event_id"]) == [f"E{i:02d}" for i in range(1, len(events))]
    assert len(case.claims) == 39
    assert case.claims["claim_id"].tolist() == [f"C{i}" for i in range(1, 40)]
    assert len(case.inconsistencies) >= 12
    assert {"R1", "R2", "R3", "R4"} <= set(case.sources["source_id"])
    assert case.name == "summit-2025"
    assert case.title == SCHEMA["title"]


def test_bundled_case_article_and_metadata(case: Case) -> None:
    assert case.article == (BUNDLED / "article.txt").read_text(encoding="utf-8")
    assert [r["source_id"] for r in case.metadata["references"]] == ["R1", "R2", "R3", "R4"]
    assert case.datapackage["name"] == "summit-2025"


@pytest.mark.parametrize("table", cases.TABLES)
def test_columns_are_typed_from_the_schema(case: Case, table: str) -> None:
    frame = case.table(table)
    for name, spec in _fields(table).items():
        column = frame[name]
        enum = spec.get("constraints", {}).get("enum")
        if spec["type"] == "date":
            assert pd.api.types.is_datetime64_dtype(column), name
        elif spec["type"] == "integer":
            assert str(column.dtype) == "Int64", name
        elif spec["type"] == "boolean":
            assert column.dtype == bool, name
        elif enum:
            assert isinstance(column.dtype, pd.CategoricalDtype), name
            assert list(column.cat.categories) == enum, name
        else:
            assert pd.api.types.is_string_dtype(column), name
            assert not column.isna().any(), f"{table}.{name} has NaN instead of ''"


def test_empty_optional_cells_are_empty_strings_and_missing_dates_are_nat(case: Case) -> None:
    raw = pd.read_csv(BUNDLED / "events.csv", dtype=str, keep_default_na=False)
    blank = raw["date_note"] == ""
    assert blank.any(), "the test needs an event without a date note"
    assert (case.events.loc[blank, "date_note"] == "").all()
    assert case.events["date"].notna().all()
    raw_sources = pd.read_csv(BUNDLED / "sources.csv", dtype=str, keep_default_na=False)
    undated = raw_sources["published"] == ""
    assert case.sources.loc[undated, "published"].isna().all()
    assert case.sources.loc[~undated, "published"].notna().all()


def test_dates_are_read_as_written(case: Case) -> None:
    raw = pd.read_csv(BUNDLED / "events.csv", dtype=str, keep_default_na=False)
    assert case.events["date"].dt.strftime("%Y-%m-%d").tolist() == raw["date"].tolist()


def test_claim_offsets_index_the_article(case: Case) -> None:
    for claim in case.claims.itertuples():
        assert case.article[claim.start : claim.end] == claim.text, claim.claim_id


def test_cited_by_article_marks_exactly_the_references(case: Case) -> None:
    cited = case.sources.loc[case.sources["cited_by_article"], "source_id"]
    assert sorted(cited) == ["R1", "R2", "R3", "R4"]


# --------------------------------------------------------------------------- Case methods


def test_claim_finds_by_id_ignoring_case_and_spaces(case: Case) -> None:
    claim = case.claim(" c1 ")
    assert claim["claim_id"] == "C1"
    assert claim["text"] == case.article[claim["start"] : claim["end"]]


def test_unknown_claim_names_the_valid_ids(case: Case) -> None:
    with pytest.raises(
        KeyError, match=r"No claim 'C99' in case 'summit-2025'; claim ids are C1\.\.C39"
    ):
        case.claim("C99")


def test_evidence_for_joins_the_sources(case: Case) -> None:
    raw = pd.read_csv(BUNDLED / "evidence.csv", dtype=str, keep_default_na=False)
    claim_id = raw["claim_id"].iloc[0]
    expected_ids = raw.loc[raw["claim_id"] == claim_id, "source_id"].tolist()
    evidence = case.evidence_for(claim_id)
    assert evidence["source_id"].tolist() == expected_ids
    assert {"stance", "note", "publisher", "url", "published", "kind"} <= set(evidence.columns)
    sources = pd.read_csv(BUNDLED / "sources.csv", dtype=str, keep_default_na=False)
    publishers = dict(zip(sources["source_id"], sources["publisher"], strict=True))
    assert evidence["publisher"].tolist() == [publishers[s] for s in expected_ids]


def test_evidence_for_a_claim_without_evidence_is_empty_with_columns(tiny: Path) -> None:
    small = load_case(tiny)
    evidence = small.evidence_for("C3")
    assert evidence.empty
    assert {"stance", "publisher", "url"} <= set(evidence.columns)
    with pytest.raises(KeyError):
        small.evidence_for("C9")


def test_table_by_name_and_unknown_table(case: Case) -> None:
    assert case.table("claims") is case.claims
    with pytest.raises(KeyError, match="The tables are: events, sources, claims"):
        case.table("claim")


def test_repr_is_short_with_counts(case: Case) -> None:
    text = repr(case)
    events = len(broken.read_rows(BUNDLED / "events.csv")) - 1  # minus the header
    claims = len(broken.read_rows(BUNDLED / "claims.csv")) - 1
    assert text.startswith(f"<Case 'summit-2025': {events} events, ")
    assert f"{claims} claims" in text
    assert len(text) < 200


def test_case_is_frozen(case: Case) -> None:
    with pytest.raises(AttributeError):
        case.article = "changed"  # type: ignore[misc]


# --------------------------------------------------------------------------- instructors' folders


def test_a_folder_loads_by_path_and_is_validated_by_default(tiny: Path) -> None:
    small = load_case(tiny)
    assert len(small.events) == 3
    assert small.path == tiny
    assert small.claim("C2")["event_ids"] == "E01;E02"
    assert small.sources.set_index("source_id").loc["S002", "published"] is pd.NaT


def test_relative_paths_and_datapackage_json_paths_work(
    tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tiny.parent)
    assert len(load_case("./tiny").claims) == 4
    assert len(load_case(tiny / "datapackage.json").claims) == 4
    assert validate_case(tiny / "datapackage.json") == []


def test_a_broken_folder_raises_case_error_listing_every_problem(tiny: Path) -> None:
    broken.set_cell(tiny, "events.csv", 2, "date", "2025-02-30")
    broken.set_cell(tiny, "claims.csv", 2, "verdict", "maybe")
    with pytest.raises(CaseError) as info:
        load_case(tiny)
    message = str(info.value)
    assert "has 2 problem(s)" in message
    assert (
        "claims.csv, row 2, column 'verdict': 'maybe' is not one of the allowed values" in message
    )
    assert "events.csv, row 2, column 'date': '2025-02-30' is not a valid date" in message
    assert f"coursekit validate {tiny}" in message
    assert [(p.file, p.row, p.column) for p in info.value.problems] == [
        ("claims.csv", 2, "verdict"),
        ("events.csv", 2, "date"),
    ]


def test_validate_false_skips_validation(tiny: Path) -> None:
    # A wrong offset does not stop loading; only validation notices it.
    broken.set_cell(tiny, "claims.csv", 2, "start", "1")
    with pytest.raises(CaseError):
        load_case(tiny)
    assert load_case(tiny, validate=False).claim("C1")["start"] == 1


def test_bundled_cases_are_not_validated_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def fake_validate(path: Path) -> list[Problem]:
        calls.append(Path(path))
        return [Problem("events.csv", 2, "date", "fake.", "none.")]

    monkeypatch.setattr(cases, "validate_case", fake_validate)
    load_case("summit-2025")
    assert calls == []
    with pytest.raises(CaseError, match="fake"):
        load_case("summit-2025", validate=True)
    assert calls == [BUNDLED]


def test_unvalidated_load_of_a_bad_value_is_a_case_error_not_a_traceback(tiny: Path) -> None:
    broken.set_cell(tiny, "events.csv", 2, "date", "soon")
    expected = (
        "events.csv, column 'date', row 2: 'soon' is not a date written YYYY-MM-DD. "
        f"Run `coursekit validate {tiny}` to see what to fix."
    )
    with pytest.raises(CaseError) as info:
        load_case(tiny, validate=False)
    assert str(info.value).endswith(expected)


def test_extra_and_reordered_columns_are_fine(tiny: Path) -> None:
    rows = broken.read_rows(tiny / "event_sources.csv")
    broken.write_rows(tiny / "event_sources.csv", [[r[1], r[0], *r[2:], "my note"] for r in rows])
    assert validate_case(tiny) == []
    small = load_case(tiny)
    assert small.event_sources.columns[:2].tolist() == ["source_id", "event_id"]
    assert small.event_sources["my note"].tolist() == ["my note"] * 3


def test_a_byte_order_mark_and_windows_line_endings_are_accepted(tiny: Path) -> None:
    path = tiny / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert validate_case(tiny) == []
    assert load_case(tiny).events["event_id"].tolist() == ["E01", "E02", "E03"]


def test_an_article_with_windows_line_endings_keeps_its_offsets(tiny: Path) -> None:
    path = tiny / "article.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert validate_case(tiny) == []
    small = load_case(tiny)
    assert "\r" not in small.article
    assert small.article[63:124] == small.claim("C2")["text"]


def test_a_declared_csv_dialect_is_honoured(tiny: Path) -> None:
    path = tiny / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    evidence = next(r for r in package["resources"] if r["name"] == "evidence")
    evidence["dialect"] = {"delimiter": ";", "header": True}
    path.write_text(json.dumps(package), encoding="utf-8")
    rows = broken.read_rows(tiny / "evidence.csv")
    (tiny / "evidence.csv").write_text(
        "\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8"
    )
    assert validate_case(tiny) == []
    assert load_case(tiny).evidence["stance"].tolist() == ["supports", "supports", "contradicts"]


def test_row_numbers_count_spreadsheet_rows_and_name_the_editor_line(tiny: Path) -> None:
    broken.set_cell(tiny, "events.csv", 2, "description", "Line one.\nLine two.")
    broken.set_cell(tiny, "events.csv", 3, "date", "2025-02-30")
    (problem,) = validate_case(tiny)
    assert (problem.row, problem.line) == (3, 4)
    assert problem.format().startswith("events.csv, row 3 (line 4 in a text editor), column 'date'")


# --------------------------------------------------------------------------- broken copies


@pytest.mark.parametrize("base", ["bundled", "tiny"])
@pytest.mark.parametrize("breakage", broken.BREAKAGES, ids=lambda b: b.id)
def test_each_broken_copy_reports_where_what_and_how(breakage, base: str, tmp_path: Path) -> None:
    folder = broken.copy_case(base, tmp_path / "case")
    expected = breakage.apply(folder)
    problems = validate_case(folder)
    described = "\n".join(p.format() for p in problems)
    where = (expected.file, expected.row, expected.column)
    matching = [p for p in problems if (p.file, p.row, p.column) == where]
    assert len(matching) == 1, described
    text = (matching[0].message + " " + matching[0].fix).lower()
    for word in expected.words:
        assert word.lower() in text, f"{word!r} not in: {matching[0].format()}"
    if expected.only:
        assert len(problems) == 1, described
    else:
        same_row = [p for p in problems if (p.file, p.row) == (expected.file, expected.row)]
        assert len(same_row) == 1, described
    assert matching[0].fix.strip(), "every problem says how to fix it"


@pytest.mark.parametrize("breakage", broken.BREAKAGES[:6], ids=lambda b: b.id)
def test_load_case_on_a_broken_copy_raises_case_error(breakage, tmp_path: Path) -> None:
    folder = broken.copy_case("bundled", tmp_path / "case")
    breakage.apply(folder)
    with pytest.raises(CaseError) as info:
        load_case(folder)
    assert info.value.problems
    for problem in info.value.problems:
        assert problem.format() in str(info.value)


def test_a_missing_folder_is_one_problem(tmp_path: Path) -> None:
    (problem,) = validate_case(tmp_path / "no-such-case")
    assert problem.file == str(tmp_path / "no-such-case")
    assert "does not exist" in problem.message


def test_validate_case_accepts_a_bundled_name() -> None:
    assert validate_case("summit-2025") == []


def test_short_rows_blank_rows_and_duplicate_headers(tiny: Path) -> None:
    path = tiny / "event_sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].split(",")[0]  # row 3 loses its cells after event_id
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    found = {(p.row, p.column): p.message for p in validate_case(tiny)}
    assert "fewer cells than the header" in found[(3, "source_id")]
    assert "the row is empty" in found[(5, None)]
    assert len(found) == 3  # no second report of the empty key cells

    path.write_text("event_id,source_id,note,note\n", encoding="utf-8")
    (problem,) = validate_case(tiny)
    assert problem.format() == (
        "event_sources.csv, row 1, column 'note': the header names the column(s) 'note' "
        "more than once. Fix: give each column a distinct name, as listed in datapackage.json."
    )


def test_a_misspelt_column_is_suggested(tiny: Path) -> None:
    rows = broken.read_rows(tiny / "events.csv")
    rows[0] = ["Date" if c == "date" else c for c in rows[0]]
    broken.write_rows(tiny / "events.csv", rows)
    (problem,) = validate_case(tiny)
    assert problem.column == "date"
    assert "The header has 'Date': is that it, misspelt?" in problem.message


def test_enum_problem_suggests_the_close_value(tiny: Path) -> None:
    broken.set_cell(tiny, "claims.csv", 2, "claim_type", "Opinion")
    (problem,) = validate_case(tiny)
    assert "Did you mean 'opinion'?" in problem.message


def test_a_malformed_id_shows_well_formed_examples(tiny: Path) -> None:
    broken.set_cell(tiny, "events.csv", 4, "event_id", "E3")
    problems = {(p.file, p.row, p.column): p for p in validate_case(tiny)}
    problem = problems[("events.csv", 4, "event_id")]
    assert problem.message == "'E3' does not have the expected form (pattern E[0-9]{2})."
    assert problem.fix.startswith("write it like the other values of this column (E01, E02).")
    # E03 is gone, so the rows that point at it are reported as well.
    assert ("event_sources.csv", 3, "event_id") in problems
    assert ("claims.csv", 2, "event_ids") in problems


def test_id_lists_must_not_contain_spaces(tiny: Path) -> None:
    broken.set_cell(tiny, "claims.csv", 3, "event_ids", "E01; E02")
    (problem,) = validate_case(tiny)
    assert problem.format() == (
        "claims.csv, row 3, column 'event_ids': 'E01; E02' is not a clean list of ids. "
        "Fix: separate ids with ';' only, without spaces or empty items, e.g. E01;E02."
    )


def test_claim_window_must_not_end_before_it_starts(tiny: Path) -> None:
    broken.set_cell(tiny, "claims.csv", 2, "written_before", "2025-07-01")
    (problem,) = validate_case(tiny)
    assert (problem.file, problem.row, problem.column) == ("claims.csv", 2, "written_before")
    assert "ends (2025-07-01) before it starts" in problem.message


def test_offsets_outside_the_article(tiny: Path) -> None:
    broken.set_cell(tiny, "claims.csv", 3, "end", "5000")
    (problem,) = validate_case(tiny)
    article = (tiny / "article.txt").read_text(encoding="utf-8")
    assert (problem.row, problem.column) == (3, "end")
    assert f"outside the article (it has {len(article)} characters" in problem.message
    assert problem.fix == "set start to 63 and end to 124."


def test_a_claim_text_that_is_not_in_the_article(tiny: Path) -> None:
    broken.set_cell(tiny, "claims.csv", 3, "text", "Officials said something else entirely.")
    (problem,) = validate_case(tiny)
    assert "which is 'Officials reportedly said the talks could last" in problem.message
    assert "does not occur anywhere in article.txt" in problem.message
    assert "curly quotes" in problem.fix


def test_reference_offsets_in_article_json_are_checked(tiny: Path) -> None:
    path = tiny / "article.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["references"][0]["start"] += 2
    path.write_text(json.dumps(metadata), encoding="utf-8")
    (problem,) = validate_case(tiny)
    assert problem.file == "article.json"
    assert problem.message.startswith("reference 1: the text does not match article.txt[175:")
    assert problem.fix.startswith("set start to 173 and end to 270.")


def test_a_schema_without_a_needed_table_or_field(tiny: Path) -> None:
    path = tiny / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] != "inconsistencies"]
    events = next(r for r in package["resources"] if r["name"] == "events")
    events["schema"]["fields"] = [f for f in events["schema"]["fields"] if f["name"] != "place"]
    path.write_text(json.dumps(package), encoding="utf-8")
    messages = [p.message for p in validate_case(tiny) if p.file == "datapackage.json"]
    assert "it does not describe the table 'inconsistencies'" in " ".join(messages)
    assert "the schema of 'events' lacks the field(s) place" in " ".join(messages)


def test_an_invalid_schema_is_a_problem_not_a_traceback(tiny: Path) -> None:
    path = tiny / "datapackage.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"type": "date"', '"type": "day"', 1),
        encoding="utf-8",
    )
    problems = validate_case(tiny)
    assert [p.file for p in problems] == ["datapackage.json"]
    assert 'field type "day" is not supported' in problems[0].message


# --------------------------------------------------------------------------- Problem


def test_problem_format_matches_the_documented_example() -> None:
    problem = Problem(
        "events.csv",
        4,
        "date",
        "'2025-13-01' is not a valid date.",
        "write dates as YYYY-MM-DD, e.g. 2025-08-15.",
    )
    assert problem.format() == (
        "events.csv, row 4, column 'date': '2025-13-01' is not a valid date. "
        "Fix: write dates as YYYY-MM-DD, e.g. 2025-08-15."
    )
    assert Problem("article.txt", None, None, "the file is empty.", "restore it.").format() == (
        "article.txt: the file is empty. Fix: restore it."
    )


def test_problem_is_frozen() -> None:
    problem = Problem("a.csv", 2, None, "m.", "f.")
    with pytest.raises(AttributeError):
        problem.row = 3  # type: ignore[misc]


# --------------------------------------------------------------------------- import weight


def test_importing_cases_does_not_load_validation_or_display_libraries() -> None:
    code = (
        "import sys, coursekit.cases; "
        "print(sorted(m for m in ('frictionless', 'altair', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve_to_this_module() -> None:
    assert coursekit.load_case is load_case
    assert coursekit.validate_case is validate_case
    assert coursekit.Case is Case


# --------------------------------------------------------------------------- the wheel


@pytest.mark.slow
def test_the_wheel_carries_the_cases_and_loads_them(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("coursekit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for file in ["datapackage.json", "article.txt", *(f"{t}.csv" for t in cases.TABLES)]:
        assert f"coursekit/cases/summit-2025/{file}" in names
    assert "coursekit/cases.py" in names

    code = (
        "import coursekit, coursekit.cases as c; "
        "case = c.load_case('summit-2025'); "
        "print(coursekit.__file__); print(c.list_cases()); print(case.path); "
        "print(len(case.events), len(case.claims)); print(c.validate_case('summit-2025'))"
    )
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-s", "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        # PYTHONPATH puts the unpacked wheel ahead of the editable install's path hook.
        env={**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"},
    )
    assert run.returncode == 0, run.stderr
    module_file, names_line, case_path, counts, problems = run.stdout.strip().splitlines()
    assert Path(module_file).resolve().is_relative_to(site.resolve())
    assert names_line == "['summit-2025']"
    assert Path(case_path).resolve() == (site / "coursekit" / "cases" / "summit-2025").resolve()
    rows = {t: len(broken.read_rows(BUNDLED / f"{t}.csv")) - 1 for t in ("events", "claims")}
    assert counts == f"{rows['events']} {rows['claims']}"
    assert problems == "[]"


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    folder = broken.copy_case("bundled", tmp_path / "case")
    claims = folder / "claims.csv"
    frame = pd.read_csv(claims, dtype=str, keep_default_na=False)
    frame.drop(columns=["window_note", "written_after"]).to_csv(claims, index=False)
    assert validate_case(folder) == []
    case = load_case(folder)
    assert case.claims["window_note"].eq("").all()
    assert case.claims["written_after"].isna().all()


def test_validator_names_the_c12_rows_that_relay_the_kremlin_readout(tmp_path: Path) -> None:
    # Issue 9: C12's and C13's rows used to leave `relays` empty with neutral notes, so
    # corroboration() counted one Kremlin readout as several origins.
    folder = broken.copy_case("bundled", tmp_path / "case")
    rows = broken.read_rows(folder / "evidence.csv")
    header = rows[0]
    claim, source, note, relays = (
        header.index(c) for c in ("claim_id", "source_id", "note", "relays")
    )
    expected = {}
    for number, row in enumerate(rows[1:], start=2):
        if row[claim] in {"C12", "C13"} and row[relays].startswith("Kremlin readout"):
            row[relays], row[note] = "", "Reports the calls."
            expected[number] = row[source]
    broken.write_rows(folder / "evidence.csv", rows)
    problems = [p for p in validate_case(folder) if p.file == "evidence.csv"]
    named = {p.row: p for p in problems}
    # Every row whose source relays the readout under another claim is named, with the fix.
    elsewhere = {r[source] for r in rows[1:] if r[relays].startswith("Kremlin readout")}
    for number, source_id in expected.items():
        if source_id in elsewhere:
            assert number in named, (number, source_id)
            assert named[number].column == "relays"
            assert "set relays to 'Kremlin readout" in named[number].fix
    assert set(named) <= set(expected)
    assert len(named) >= 5  # C12: S018, S117, S118; C13: S018, S117


def test_validator_flags_two_spellings_of_one_relay(tmp_path: Path) -> None:
    folder = broken.copy_case("bundled", tmp_path / "case")
    rows = broken.read_rows(folder / "evidence.csv")
    relays = rows[0].index("relays")
    filled = [n for n, row in enumerate(rows[1:], start=2) if row[relays]]
    last = filled[-1]
    usual = rows[last - 1][relays]
    rows[last - 1][relays] = usual.upper() + "."
    broken.write_rows(folder / "evidence.csv", rows)
    (problem,) = [p for p in validate_case(folder) if p.row == last]
    assert problem.column == "relays"
    assert "only in case, spacing or punctuation" in problem.message
    assert problem.fix == f"write it exactly as {usual!r}."


def test_validator_flags_a_note_that_relays_without_a_relay(tmp_path: Path) -> None:
    folder = broken.copy_case("bundled", tmp_path / "case")
    rows = broken.read_rows(folder / "evidence.csv")
    source, note, relays = (rows[0].index(c) for c in ("source_id", "note", "relays"))
    relaying = [row[source] for row in rows[1:] if row[relays]]
    # A row whose source relays nothing else, so only the note gives the relay away.
    number = next(
        n
        for n, row in enumerate(rows[1:], start=2)
        if row[relays] and "relays" in row[note] and relaying.count(row[source]) == 1
    )
    rows[number - 1][relays] = ""
    broken.write_rows(folder / "evidence.csv", rows)
    flagged = [p for p in validate_case(folder) if p.row == number]
    assert [p.column for p in flagged] == ["relays"]
    assert "relays cell is empty" in flagged[0].message


def test_the_relay_suggested_for_one_named_readout_is_the_first_of_equals(
    tmp_path: Path,
) -> None:
    # Two rows of one claim name the same readout with two relays used once each: the
    # suggestion is the first row's relay, in every process (it used to follow set order,
    # which changes with PYTHONHASHSEED).
    folder = broken.copy_case("bundled", tmp_path / "case")
    rows = broken.read_rows(folder / "evidence.csv")
    claim, note, relays = (rows[0].index(c) for c in ("claim_id", "note", "relays"))
    first_claim = rows[1][claim]
    mine = [n for n, row in enumerate(rows[1:], start=2) if row[claim] == first_claim][:2]
    chosen = ("Zeta ministry readout, 2 Aug", "Alpha office readout, 2 Aug")
    for number, relay in zip(mine, chosen, strict=True):
        rows[number - 1][note] = "Quotes the Testland readout of the call."
        rows[number - 1][relays] = relay
    for number, row in enumerate(rows[1:], start=2):
        if row[claim] == first_claim and number not in mine:
            row[note], row[relays] = "Own reporting.", ""
    broken.write_rows(folder / "evidence.csv", rows)
    code = (
        "import sys; from coursekit.validation import validate_case; "
        "print([p.format() for p in validate_case(sys.argv[1]) if p.row == int(sys.argv[2])])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(folder), str(mine[1])],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    (output,) = outputs
    assert "testland readout" in output
    assert "same relays value ('Zeta ministry readout, 2 Aug')" in output
