"""coursekit.check: solutions pass, worksheets say "not yet", wording, hints, and no leaks."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import nbformat
import pytest

import coursekit
from coursekit import checks
from coursekit.checks import Feedback, check, exercise_ids, load_specs
from coursekit.course import LESSONS
from coursekit.progress import ProgressWarning

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "exercises" / "solutions"
ANSWERS = ROOT / "src" / "coursekit" / "answers"


@pytest.fixture(autouse=True)
def _fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path / "home"))
    checks.reset_attempts()


def _solution_values() -> dict[str, dict[str, Any]]:
    """Read each exercise's literal answer from the solution notebooks (test-side parser)."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(SOLUTIONS.glob("*-solutions.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            match = re.search(r"check\(\"(\d\d\.\d+)\", answer\)", cell.source)
            region = re.search(r"### BEGIN SOLUTION\n(.*)\n### END SOLUTION", cell.source, re.S)
            if cell.cell_type == "code" and match and region:
                values: dict[str, Any] = {}
                for node in ast.parse(region.group(1)).body:
                    assert isinstance(node, ast.Assign)
                    values[node.targets[0].id] = ast.literal_eval(node.value)  # type: ignore[attr-defined]
                found[match.group(1)] = values
    return found


SOLUTION_VALUES = _solution_values()
HASHED = [i for i in exercise_ids() if load_specs()[i]["kind"] != "verdict"]


def _run_notebook(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Feedback]:
    """Run a worksheet's code cells in one namespace; collect every check() result."""
    results: list[Feedback] = []

    def recording_check(exercise_id: str, answer: Any) -> Feedback:
        feedback = checks.check(exercise_id, answer)
        results.append(feedback)
        return feedback

    monkeypatch.setattr(coursekit, "check", recording_check, raising=False)
    namespace: dict[str, Any] = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, f"{path.name}", "exec"), namespace)
    return results


@pytest.mark.parametrize("path", sorted(SOLUTIONS.glob("*-solutions.ipynb")), ids=lambda p: p.name)
def test_every_solution_passes_every_check(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = _run_notebook(path, monkeypatch)
    lesson = path.name[:2]
    assert [r.exercise_id for r in results] == exercise_ids(lesson)
    for feedback in results:
        expected = (
            "submitted" if load_specs()[feedback.exercise_id]["kind"] == "verdict" else "correct"
        )
        assert feedback.status == expected, str(feedback)


@pytest.mark.parametrize("item", [x for x in LESSONS if x.worksheet], ids=lambda x: x.number)
def test_every_student_worksheet_says_not_yet(item: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    results = _run_notebook(ROOT / item.worksheet, monkeypatch)
    assert [r.exercise_id for r in results] == exercise_ids(item.number)
    for feedback in results:
        assert feedback.status == "not-yet"
        assert feedback.message.startswith(
            "You have not answered yet: replace the ... after answer ="
        )
        assert not feedback.hint  # a blank answer is not a wrong attempt


def test_lessons_have_four_to_eight_exercises_and_mix_kinds() -> None:
    kinds_overall = set()
    for item in LESSONS[1:]:
        ids = exercise_ids(item.number)
        assert 4 <= len(ids) <= 8, item.number
        kinds = {load_specs()[i]["kind"] for i in ids}
        assert len(kinds) >= 3, (item.number, kinds)
        kinds_overall |= kinds
    assert kinds_overall == set(checks.ANSWER_KINDS)


# --------------------------------------------------------------------------- wording


def test_correct_feedback_text_and_html() -> None:
    feedback = check("01.1", "  Attribution ")
    assert feedback.correct
    assert str(feedback) == (
        "Exercise 01.1: Correct. Well done (first try). Your progress is saved: "
        "run coursekit.progress() to see it."
    )
    assert repr(feedback) == str(feedback)
    assert 'class="ck-feedback ck-feedback-correct"' in feedback._repr_html_()
    assert check("01.1", "attribution").message.startswith("Well done (2 tries).")


def test_a_set_of_ids_passed_as_text_is_explained() -> None:
    feedback = check("04.1", "C5")
    assert feedback.status == "invalid"
    assert str(feedback) == (
        "Exercise 04.1: Check the form of your answer. Pass a set of claim ids in curly braces, "
        "like {'C1', 'C2'}; you passed str 'C5'."
    )


def test_unknown_claim_id_is_named_with_the_valid_range() -> None:
    feedback = check("04.1", {"C5", "c99"})
    assert feedback.status == "invalid"
    assert feedback.message == "'C99' is not a claim id you can pick here. Pick from: C1 to C39."
    short = check("01.3", {"C1"})
    assert short.message.endswith("Pick from: C3, C12, C24, C25, C32, C39.")


def test_count_feedback_without_naming_ids() -> None:
    feedback = check("04.1", {"C1", "C2", "C3"})
    assert feedback.status == "not-yet"
    assert feedback.message == "You gave 3 claim ids; the answer has 2."
    same_size = check("04.1", {"C1", "C2"})
    assert same_size.message == "You picked the right number of ids, but not all of them are right."


def test_choice_outside_the_options_lists_them() -> None:
    feedback = check("04.7", "typo")
    assert feedback.status == "invalid"
    assert feedback.message == (
        "'typo' is not one of the options. Pick one of: 'error', 'variant', 'different place'."
    )


def test_numbers_and_dates_say_how_to_write_them() -> None:
    assert check("01.5", "6").message.startswith("Pass a whole number without quotes, like 3;")
    assert check("01.5", True).status == "invalid"
    assert check("01.5", 2.5).message == "Pass a whole number, like 3; 2.5 has a fraction."
    ambiguous = check("04.6", "08/09/2025")
    assert ambiguous.status == "invalid"
    assert "ambiguous" in ambiguous.message and "'2025-08-15'" in ambiguous.message
    assert "missing the day, month or year" in check("04.6", "August 2025").message
    assert check("04.6", 20250809).status == "invalid"


def test_dates_in_any_clear_form_and_part_feedback() -> None:
    assert check("04.4", "24 December 2021").correct
    checks.reset_attempts()
    assert check("04.4", dt.date(2021, 12, 23)).correct  # also accepted: the day before
    assert not check("04.4", "2021-12-25").correct
    assert check("04.4", "2025-12-23").message == "The year is not right."
    assert check("04.4", "2021-11-23").message == "The year is right; the month is not."
    assert check("04.4", "2021-12-01").message == "The year and month are right; the day is not."


def test_phrases_match_on_the_cue_inside_a_longer_phrase() -> None:
    assert check("03.1", {"remain uncertain", "promises to be", "Potential"}).correct
    checks.reset_attempts()
    assert check("03.1", {"potential"}).message == "You gave 1 phrase; the answer has 3."
    wrong = check("03.1", {"potential", "uncertain", "address"})
    assert wrong.message == "Not every phrase is one the exercise asks for."
    missing = check("03.1", {"banana"})
    assert missing.status == "invalid"
    assert missing.message == (
        "'banana' does not appear in the passage. Copy words exactly as the passage writes them."
    )
    paragraph = coursekit.load_case("summit-2025").article.split("\n")[7]
    assert "longer than 4 words" in check("03.1", {paragraph}).message


def test_free_text_gets_structural_feedback_and_mentions_the_rubric() -> None:
    short = check("04.8", "C26 is wrong.")
    assert short.status == "not-yet"
    assert short.details == (
        "Write at least 40 words; you have 3.",
        "Cite at least one source by its id (e.g. S020) or its URL.",
        "Give a verdict in one word: corroborated, partly, contradicted or unverifiable.",
    )
    text = ("C26 says no details were disclosed. " + "The readouts appeared the same day. " * 8
            + "S020 quoted Xi. Verdict: contradicted. Confidence: high.")  # fmt: skip
    done = check("04.8", text)
    assert done.status == "submitted"
    assert "your instructor marks it with the rubric" in done.message
    assert "claim C26" in done.message and "verdict: contradicted" in done.message


def test_feedback_html_escapes_the_learner_input() -> None:
    payloads = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
    for payload in payloads:
        html = check("01.1", payload)._repr_html_()
        assert "<script" not in html and "<img" not in html
        assert "&lt;" in html
    assert "<script" not in check("04.1", {"<script>"})._repr_html_()


def test_unknown_exercise_and_placeholder() -> None:
    feedback = check("04.9", {"C1"})
    assert feedback.status == "invalid"
    assert feedback.message.startswith("There is no exercise '04.9'. Exercises: 04.1, 04.2,")
    assert check(4.1, "x").status == "invalid"  # type: ignore[arg-type]
    blank = check("04.1", ...)
    assert str(blank) == (
        "Exercise 04.1: Not yet. You have not answered yet: replace the ... after answer = "
        "with your answer, e.g. {'C1', 'C2'}."
    )


def test_spec_examples_are_never_right_answers() -> None:
    for exercise_id in HASHED:
        example = load_specs()[exercise_id]["example"]
        assert not check(exercise_id, ast.literal_eval(example)).correct, exercise_id


# --------------------------------------------------------------------------- hints and leaks


def _wrong_answer(exercise_id: str) -> Any:
    """A valid answer that the check does not accept, chosen by trying candidates."""
    spec = load_specs()[exercise_id]
    kind = spec["kind"]
    if kind == "ids":
        candidates: list[Any] = [{value} for value in spec["allowed"]]
    elif kind == "choice":
        candidates = list(spec["options"])
    elif kind == "date":
        candidates = ["1999-01-01"]
    elif kind == "number":
        candidates = [999]
    elif kind == "text":
        candidates = ["nobody"]
    else:
        candidates = [{word} for word in re.findall(r"[a-z]+", spec["passage"].lower())]
    for candidate in candidates:
        checks.reset_attempts(exercise_id)
        if check(exercise_id, candidate).status == "not-yet":
            checks.reset_attempts(exercise_id)
            return candidate
    raise AssertionError(f"no wrong answer found for {exercise_id}")


def _plain_forms(value: Any) -> list[str]:
    """Ways the answer could be written out in plain text."""
    if isinstance(value, (set, frozenset)):
        items = sorted(str(v) for v in value)
        forms = []
        for perm in itertools.permutations(items):
            for sep in (", ", ","):
                forms.append(sep.join(perm))
                for quote in ("'", '"'):
                    forms.append("{" + sep.join(f"{quote}{p}{quote}" for p in perm) + "}")
        if len(items) == 1:
            forms = [f"{{'{items[0]}'}}", f'{{"{items[0]}"}}']
        return forms
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        day = dt.date.fromisoformat(value)
        return [
            value,
            f"{day.day} {day:%B} {day.year}",
            f"{day:%B} {day.day}",
            f"{day.day} {day:%b}",
        ]
    return [str(value)]


def _word_in(needle: str, haystack: str) -> bool:
    return (
        re.search(rf"(?<!\w){re.escape(needle.casefold())}(?!\w)", haystack.casefold()) is not None
    )


@pytest.mark.parametrize("exercise_id", HASHED)
def test_hints_escalate_and_never_contain_the_answer(exercise_id: str) -> None:
    wrong = _wrong_answer(exercise_id)
    first, second, third = (check(exercise_id, wrong) for _ in range(3))
    assert (first.hint_tier, second.hint_tier, third.hint_tier) == (1, 2, 3)
    assert first.hint and third.hint and first.hint != third.hint != second.hint
    assert str(first).count("Hint 1 of 3:") == 1 and "Hint 3 of 3:" in str(third)
    values = SOLUTION_VALUES[exercise_id]
    accepted = [values["answer"], *values.get("also_accept", [])]
    hints = " ".join(load_specs()[exercise_id]["hints"])
    for answer in accepted:
        parts = list(answer) if isinstance(answer, (set, frozenset)) else []
        shown = [str(f).replace(f"Exercise {exercise_id}:", "") for f in (first, third)]
        for text in (first.hint, second.hint, third.hint, hints, *shown):
            for form in [*_plain_forms(answer), *parts]:
                assert not _word_in(form, text), (exercise_id, form, text)


@pytest.mark.parametrize("exercise_id", HASHED)
def test_answers_never_appear_in_worksheets_or_package_data(exercise_id: str) -> None:
    values = SOLUTION_VALUES[exercise_id]
    accepted = [values["answer"], *values.get("also_accept", [])]
    lesson = exercise_id[:2]
    worksheet = next(ROOT / x.worksheet for x in LESSONS if x.number == lesson and x.worksheet)
    sources = "\n".join(c.source for c in nbformat.read(worksheet, as_version=4).cells)
    raw = worksheet.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in raw
    for answer in accepted:
        for form in _plain_forms(answer):
            for assignment in (f"answer = {form}", f"answer = {form!r}", f'answer = "{form}"'):
                assert assignment.casefold() not in sources.casefold()
            spec_text = (ANSWERS / "exercises.json").read_text(encoding="utf-8")
            if isinstance(answer, (set, frozenset)) and len(answer) > 1:
                assert form not in sources and form not in raw
                assert form not in spec_text
            if load_specs()[exercise_id]["kind"] in {"text", "date"}:
                # Free answers (no option list shows them): not in the exercise's own entry in
                # any form, and nowhere in the spec file as written.
                own = json.dumps(load_specs()[exercise_id], ensure_ascii=False)
                assert not _word_in(form, own), (exercise_id, form)
                if form == answer:
                    assert not _word_in(form, spec_text), (exercise_id, form)
                # In the worksheet, other exercises may mention the same day in words.
                if load_specs()[exercise_id]["kind"] == "text" or form == answer:
                    assert not _word_in(form, sources), (exercise_id, form)


def test_keys_file_holds_only_salts_hashes_and_sizes() -> None:
    document = json.loads((ANSWERS / "keys.json").read_text(encoding="utf-8"))
    assert set(document["keys"]) == set(HASHED)

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            assert re.fullmatch(r"[0-9a-f]{32}|[0-9a-f]{64}", value), value
        else:
            assert isinstance(value, int) and 0 < value < 10

    walk(document["keys"])


def test_stored_hash_is_sha256_of_salt_and_normalised_answer() -> None:
    keys = json.loads((ANSWERS / "keys.json").read_text(encoding="utf-8"))["keys"]
    for exercise_id, normalised in [("01.1", "attribution"), ("04.1", "C5,C27"),
                                    ("04.4", "2021-12-23"), ("01.5", "6")]:  # fmt: skip
        salt = keys[exercise_id]["salt"]
        digest = hashlib.sha256(f"coursekit:{exercise_id}:{salt}:{normalised}".encode()).hexdigest()
        assert digest in keys[exercise_id]["hashes"]


# --------------------------------------------------------------------------- progress from check


def test_a_right_answer_is_recorded_without_the_answer(tmp_path: Path) -> None:
    check("04.1", {"C1", "C2"})
    assert check("04.1", {"C27", "C5"}).correct
    saved = (tmp_path / "home" / "progress.json").read_text(encoding="utf-8")
    entry = json.loads(saved)["exercises"]["04.1"]
    assert entry["attempts"] == 2 and entry["status"] == "correct"
    assert "C27" not in saved and "C5" not in saved


def test_a_wrong_answer_is_not_recorded(tmp_path: Path) -> None:
    check("04.1", {"C1", "C2"})
    assert not (tmp_path / "home" / "progress.json").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unwritable_home_still_gives_feedback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_HOME", str(blocker / "home"))  # cannot be created
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        feedback = check("01.1", "attribution")
    assert feedback.correct
    assert feedback.note.startswith(f"Could not save your progress in {blocker / 'home'}")
    assert "set the environment variable COURSEKIT_HOME" in feedback.note
    assert "Your progress is saved" not in str(feedback)
    assert any(issubclass(w.category, ProgressWarning) for w in caught)


def test_check_works_from_a_copy_of_the_package_alone(tmp_path: Path) -> None:
    # As installed elsewhere: no repository, no tests folder, another working directory.
    site = tmp_path / "site"
    shutil.copytree(ROOT / "src" / "coursekit", site / "coursekit")
    code = (
        f"import coursekit; assert coursekit.__file__.startswith({str(site)!r}); "
        "print(coursekit.check('04.1', {'C27', 'C5'}).status)"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "COURSEKIT_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "correct"


def test_pandas_and_numpy_values_are_accepted() -> None:
    import numpy as np
    import pandas as pd

    case = coursekit.load_case("summit-2025")
    count = case.claims["verdict"].value_counts()["contradicted"]
    assert isinstance(count, np.integer)
    assert check("01.5", count).correct
    assert check("04.3", pd.Timestamp("2025-08-08 11:04")).correct
    checks.reset_attempts()
    assert check("04.3", np.datetime64("2025-08-08T11:04")).correct
    assert check("02.2", np.float64(5.0)).correct
    ids = case.claims.loc[case.claims["claim_id"].isin(["C5", "C27"]), "claim_id"]
    assert check("04.1", ids).correct  # a pandas Series of ids
