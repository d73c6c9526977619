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
HASHED = [i for i in exercise_ids() if load_specs()[i]["kind"] not in checks.FREE_TEXT_KINDS]
FREE = [i for i in exercise_ids() if load_specs()[i]["kind"] in checks.FREE_TEXT_KINDS]


def _first(kind: str, where: Any = None) -> str:
    """The first exercise of ``kind`` (optionally meeting ``where(spec)``) that has a solution."""
    for exercise_id in exercise_ids():
        spec = load_specs()[exercise_id]
        if (
            spec["kind"] == kind
            and exercise_id in SOLUTION_VALUES
            and (where is None or where(spec))
        ):
            return exercise_id
    raise AssertionError(f"no {kind} exercise")


def _accepted(exercise_id: str) -> list[Any]:
    values = SOLUTION_VALUES[exercise_id]
    return [values["answer"], *values.get("also_accept", [])]


def _natural_key(item: str) -> tuple[str, int]:
    match = re.fullmatch(r"([A-Za-z]*)(\d+)", item)
    return (match.group(1), int(match.group(2))) if match else (item, -1)


def _normalised_by_hand(kind: str, answer: Any) -> str:
    """The normalised form written out here, independently of checks.normalise_answer."""
    if kind == "ids":
        return ",".join(sorted({a.upper() for a in answer}, key=_natural_key))
    if kind == "date":
        return dt.date.fromisoformat(str(answer)).isoformat()
    if kind == "number":
        return str(int(answer))
    return " ".join(str(answer).casefold().split())


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
        free = load_specs()[feedback.exercise_id]["kind"] in checks.FREE_TEXT_KINDS
        expected = "submitted" if free else "correct"
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
    exercise_id = _first("choice")
    answer = str(SOLUTION_VALUES[exercise_id]["answer"])
    feedback = check(exercise_id, f"  {answer.upper()} ")
    assert feedback.correct
    assert str(feedback) == (
        f"Exercise {exercise_id}: Correct. Well done (first try). Your progress is saved: "
        "run coursekit.progress() to see it."
    )
    assert repr(feedback) == str(feedback)
    assert 'class="ck-feedback ck-feedback-correct"' in feedback._repr_html_()
    assert check(exercise_id, answer).message.startswith("Well done (2 tries).")


def test_a_set_of_ids_passed_as_text_is_explained() -> None:
    exercise_id = _first("ids")
    spec = load_specs()[exercise_id]
    feedback = check(exercise_id, spec["allowed"][0])
    assert feedback.status == "invalid"
    assert str(feedback) == (
        f"Exercise {exercise_id}: Check the form of your answer. Pass a set of {spec['noun']}s "
        f"in curly braces, like {spec['example']}; you passed str {spec['allowed'][0]!r}."
    )


def test_unknown_claim_id_is_named_with_the_valid_range() -> None:
    long_list = _first("ids", lambda spec: len(spec["allowed"]) > 10)
    allowed = load_specs()[long_list]["allowed"]
    feedback = check(long_list, {allowed[0], "c999"})
    assert feedback.status == "invalid"
    noun = load_specs()[long_list]["noun"]
    assert feedback.message == (
        f"'C999' is not a {noun} you can pick here. Pick from: {allowed[0]} to {allowed[-1]}."
    )
    short_list = _first("ids", lambda spec: len(spec["allowed"]) <= 10)
    listed = load_specs()[short_list]["allowed"]
    short = check(short_list, {"C999"})
    assert short.message.endswith(f"Pick from: {', '.join(listed)}.")


def test_count_feedback_only_after_two_wrong_tries() -> None:
    exercise_id = _first("ids", lambda spec: len(spec["allowed"]) > 10)
    spec = load_specs()[exercise_id]
    accepted = _accepted(exercise_id)
    sizes = sorted({len(a) for a in accepted})
    used = {x.upper() for a in accepted for x in a}
    spare = [a for a in spec["allowed"] if a not in used]
    wrong = set(spare[: max(sizes) + 1])
    first = check(exercise_id, wrong)
    assert first.status == "not-yet"
    assert first.message == f"At least one of your {spec['noun']}s is not right, or one is missing."
    second = check(exercise_id, wrong)
    assert second.message == first.message  # the size is not told before two wrong tries
    third = check(exercise_id, wrong)
    expected = " or ".join(str(n) for n in sizes)
    assert third.message == f"You gave {len(wrong)} {spec['noun']}s; the answer has {expected}."
    same_size = check(exercise_id, set(spare[: sizes[0]]))
    assert same_size.message == "You picked the right number of ids, but not all of them are right."


def test_choice_outside_the_options_lists_them() -> None:
    exercise_id = _first("choice")
    options = load_specs()[exercise_id]["options"]
    feedback = check(exercise_id, "typo")
    assert feedback.status == "invalid"
    listed = ", ".join(repr(option) for option in options)
    assert feedback.message == f"'typo' is not one of the options. Pick one of: {listed}."


def test_numbers_and_dates_say_how_to_write_them() -> None:
    number = _first("number")
    example = load_specs()[number].get("example") or 3
    assert check(number, "6").message.startswith(
        f"Pass a whole number without quotes, like {example};"
    )
    assert check(number, True).status == "invalid"
    assert check(number, 2.5).message == f"Pass a whole number, like {example}; 2.5 has a fraction."
    date = _first("date")
    ambiguous = check(date, "08/09/2025")
    assert ambiguous.status == "invalid"
    assert "ambiguous" in ambiguous.message and "'2025-08-15'" in ambiguous.message
    assert "missing the day, month or year" in check(date, "August 2025").message
    assert check(date, 20250809).status == "invalid"


def test_dates_in_any_clear_form_and_part_feedback() -> None:
    exercise_id = _first("date")
    accepted = {dt.date.fromisoformat(str(a)) for a in _accepted(exercise_id)}
    day = dt.date.fromisoformat(str(SOLUTION_VALUES[exercise_id]["answer"]))
    assert check(exercise_id, f"{day.day} {day:%B} {day.year}").correct
    checks.reset_attempts()
    assert check(exercise_id, day).correct  # a datetime.date works too
    checks.reset_attempts()
    other_day = next(
        day.replace(day=d) for d in (1, 28, 15, 2) if day.replace(day=d) not in accepted
    )
    other_month = day.replace(month=day.month % 12 + 1, day=1)
    other_year = day.replace(year=day.year + 3, day=1)
    # No part feedback on the first two wrong tries (not even for a wrong year).
    assert check(exercise_id, other_day).message == "That is not the answer."
    assert check(exercise_id, other_year).message == "That is not the answer."
    assert check(exercise_id, other_year).message == "The year is not right."
    assert check(exercise_id, other_month).message == "The year is right; the month is not."
    assert check(exercise_id, other_day).message == (
        "The year and month are right; the day is not."
    )


def test_phrases_match_on_the_cue_inside_a_longer_phrase() -> None:
    exercise_id = _first("phrases")
    spec = load_specs()[exercise_id]
    passage, answer = spec["passage"], sorted(SOLUTION_VALUES[exercise_id]["answer"])
    # A learner may copy a little more than the cue: the cue and the word after it.
    first = answer[0]
    after = re.search(rf"(?i)\b{re.escape(first)}\b\s+(\w+)", passage)
    longer = f"{first} {after.group(1)}" if after else first
    assert check(exercise_id, {longer, *(a.upper() for a in answer[1:])}).correct
    checks.reset_attempts()
    vague = "At least one of your phrases is not right, or one is missing."
    assert check(exercise_id, {first}).message == vague
    assert check(exercise_id, {first}).message == vague
    size = len(answer)
    assert check(exercise_id, {first}).message == (f"You gave 1 phrase; the answer has {size}.")
    words = re.findall(r"[A-Za-z]+", passage)
    extra = next(w for w in words if all(w.casefold() not in a.casefold().split() for a in answer))
    wrong = check(exercise_id, {*answer[:-1], extra})
    assert wrong.message == "Not every phrase is one the exercise asks for."
    missing = check(exercise_id, {"banana"})
    assert missing.status == "invalid"
    assert missing.message == (
        "'banana' does not appear in the passage. Copy words exactly as the passage writes them."
    )
    limit = int(spec.get("max_words", 4))
    assert f"longer than {limit} words" in check(exercise_id, {passage}).message


def test_free_text_structure_feedback_names_each_missing_part() -> None:
    short = check("04.8", "C26 is wrong.")
    assert short.status == "not-yet"
    assert short.message == "Your verdict is not complete yet. Fix these and run the cell again:"
    assert short.details == (
        "Write at least 40 words; you have 3.",
        "Cite at least 2 sources by id; you cite 0.",
        "Give a verdict in one word: corroborated, partly, contradicted or unverifiable.",
        "Say how confident you are (high, medium or low) and why.",
    )
    assert not short.closure
    text = (
        "C26 says no details were disclosed. "
        + "The readouts appeared the same day. " * 8
        + "S020 quoted Xi and S021 gave the readout. Verdict: contradicted. Confidence: high."
    )
    done = check("04.8", text)
    assert done.status == "submitted"
    assert done.headline == "Complete"
    assert "your instructor marks the content" in done.message
    assert "claim C26" in done.message and "verdict: contradicted" in done.message


def test_feedback_html_escapes_the_learner_input() -> None:
    payloads = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
    for payload in payloads:
        html = check(_first("choice"), payload)._repr_html_()
        assert "<script" not in html and "<img" not in html
        assert "&lt;" in html
    assert "<script" not in check(_first("ids"), {"<script>"})._repr_html_()
    verdict = check(VERDICT_TASKS[0], "<script>alert(1)</script> S999 " * 10)._repr_html_()
    assert "<script" not in verdict


def test_unknown_exercise_and_placeholder() -> None:
    ids = _first("ids")
    lesson = ids[:2]
    feedback = check(f"{lesson}.99", {"C1"})
    assert feedback.status == "invalid"
    listed = ", ".join(exercise_ids(lesson))
    assert feedback.message == f"There is no exercise '{lesson}.99'. Exercises: {listed}."
    assert check(4.1, "x").status == "invalid"  # type: ignore[arg-type]
    blank = check(ids, ...)
    assert str(blank) == (
        f"Exercise {ids}: Not yet. You have not answered yet: replace the ... after answer = "
        f"with your answer, e.g. {load_specs()[ids]['example']}."
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
        shown = [
            re.sub(r"Hint \d+ of \d+:", "", str(f).replace(f"Exercise {exercise_id}:", ""))
            for f in (first, third)
        ]
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
                    for cell in nbformat.read(worksheet, as_version=4).cells:
                        # A table of dated anchors may list the day among others (04.4's
                        # reference points); singling it out would give it away.
                        table = len(set(re.findall(r"\d{4}-\d\d-\d\d", cell.source))) >= 4
                        if not table:
                            assert not _word_in(form, cell.source), (exercise_id, form)


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
    checked = 0
    for exercise_id in HASHED:
        kind = load_specs()[exercise_id]["kind"]
        if kind not in {"ids", "date", "number", "choice"}:
            continue
        normalised = _normalised_by_hand(kind, SOLUTION_VALUES[exercise_id]["answer"])
        salt = keys[exercise_id]["salt"]
        digest = hashlib.sha256(f"coursekit:{exercise_id}:{salt}:{normalised}".encode()).hexdigest()
        assert digest in keys[exercise_id]["hashes"], exercise_id
        checked += 1
    assert checked >= 10


# --------------------------------------------------------------------------- progress from check


def test_a_right_answer_is_recorded_without_the_answer(tmp_path: Path) -> None:
    exercise_id = _first("ids")
    answer = SOLUTION_VALUES[exercise_id]["answer"]
    wrong = {a for a in load_specs()[exercise_id]["allowed"] if a not in answer}
    check(exercise_id, set(sorted(wrong)[:1]))
    assert check(exercise_id, answer).correct
    saved = (tmp_path / "home" / "progress.json").read_text(encoding="utf-8")
    copy = coursekit.progress().course
    assert copy is not None
    entry = json.loads(saved)["courses"][copy.id]["exercises"][exercise_id]
    assert entry["attempts"] == 2 and entry["status"] == "correct"
    assert not any(f'"{a}"' in saved for a in answer)


def test_a_wrong_answer_is_not_recorded(tmp_path: Path) -> None:
    exercise_id = _first("ids")
    answer = SOLUTION_VALUES[exercise_id]["answer"]
    wrong = {a for a in load_specs()[exercise_id]["allowed"] if a not in answer}
    assert check(exercise_id, set(sorted(wrong)[:1])).status == "not-yet"
    assert not (tmp_path / "home" / "progress.json").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unwritable_home_still_gives_feedback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_HOME", str(blocker / "home"))  # cannot be created
    exercise_id = _first("choice")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        feedback = check(exercise_id, SOLUTION_VALUES[exercise_id]["answer"])
    assert feedback.correct
    assert feedback.note.startswith(f"Could not save your progress in {blocker / 'home'}")
    assert "set the environment variable COURSEKIT_HOME" in feedback.note
    assert "Your progress is saved" not in str(feedback)
    assert any(issubclass(w.category, ProgressWarning) for w in caught)


def test_check_works_from_a_copy_of_the_package_alone(tmp_path: Path) -> None:
    # As installed elsewhere: no repository, no tests folder, another working directory.
    exercise_id = _first("ids")
    answer = SOLUTION_VALUES[exercise_id]["answer"]
    site = tmp_path / "site"
    shutil.copytree(ROOT / "src" / "coursekit", site / "coursekit")
    code = (
        f"import coursekit; assert coursekit.__file__.startswith({str(site)!r}); "
        f"print(coursekit.check({exercise_id!r}, {answer!r}).status)"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "COURSEKIT_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "correct"


@pytest.mark.parametrize("first", ["import coursekit.checks", "import coursekit"])
def test_a_right_answer_is_saved_whichever_module_loads_first(first: str, tmp_path: Path) -> None:
    # coursekit.progress is the function, while checks records through the module.
    exercise_id = _first("choice")
    answer = SOLUTION_VALUES[exercise_id]["answer"]
    code = (
        f"{first}\nimport coursekit\n"
        f"assert coursekit.check({exercise_id!r}, {answer!r}).correct\n"
        f"print([row['status'] for row in coursekit.progress().rows "
        f"if row['exercise'] == {exercise_id!r}])"
    )
    env = {**os.environ, "COURSEKIT_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['done']"
    assert "importlib" not in (ROOT / "src" / "coursekit" / "checks.py").read_text(encoding="utf-8")


def test_pandas_and_numpy_values_are_accepted() -> None:
    import numpy as np
    import pandas as pd

    number = _first("number")
    value = SOLUTION_VALUES[number]["answer"]
    assert check(number, np.int64(value)).correct
    checks.reset_attempts()
    assert check(number, np.float64(value)).correct
    date = _first("date")
    day = str(SOLUTION_VALUES[date]["answer"])
    assert check(date, pd.Timestamp(f"{day} 11:04")).correct
    checks.reset_attempts()
    assert check(date, np.datetime64(f"{day}T11:04")).correct
    ids = _first("ids")
    assert check(ids, pd.Series(sorted(SOLUTION_VALUES[ids]["answer"]))).correct  # a Series


# --------------------------------------------------------------------------- free text: substance

CASE = coursekit.load_case("summit-2025")
VERDICTS = [str(v) for v in CASE.claims["verdict"].cat.categories]
PAD = " I read each page in full and compared the dates and the wording with care." * 4
NEVER_IN_STUDENT_TEXT = (
    "instructor guide",
    "instructor-guide",
    "keys.json",
    "solutions",
    "Received",
)


def _origins(claim_id: str) -> Any:
    from coursekit.corroboration import independent_sources

    table = independent_sources(CASE, claim_id)
    return table[table["counts"].astype(bool)]


def _stance_for(verdict: str) -> str:
    return {"corroborated": "supports", "contradicted": "contradicts"}.get(verdict, "supports")


def _claim_for(exercise_id: str) -> str:
    """The claim a generated answer judges: the task's own, or one it allows."""
    spec = load_specs()[exercise_id]
    if spec.get("claims"):
        return str(spec["claims"][0])
    for claim in CASE.claims.itertuples(index=False):
        origins = _origins(claim.claim_id)
        stance = _stance_for(str(claim.verdict))
        if claim.claim_id in spec.get("forbid", []) or str(claim.verdict) == "unverifiable":
            continue
        if origins.loc[origins["stance"] == stance, "group"].nunique() >= 2:
            return str(claim.claim_id)
    raise AssertionError("no claim with two independent origins")


def _two_independent(claim_id: str) -> list[str]:
    origins = _origins(claim_id)
    stance = _stance_for(str(CASE.claim(claim_id)["verdict"]))
    firsts = origins[origins["stance"] == stance].drop_duplicates("group")
    return firsts["source_id"].astype(str).tolist()[:2]


def _verdict_text(claim_id: str, sources: list[str], verdict: str, extra: str = "") -> str:
    return (
        f"Claim: {claim_id} is what I judge. Evidence: {' and '.join(sources)} report on it. "
        f"{extra}Verdict: {verdict}. Confidence: high, because the pages are dated.{PAD}"
    )


def _complete(exercise_id: str) -> str:
    claim = _claim_for(exercise_id)
    verdict = str(CASE.claim(claim)["verdict"])
    return _verdict_text(claim, _two_independent(claim), verdict)


VERDICT_TASKS = [  # verdicts on a claim of the case, named by id
    i
    for i in FREE
    if load_specs()[i]["kind"] == "verdict"
    and not load_specs()[i].get("item")
    and load_specs()[i].get("claim_form", "id") == "id"
]
ITEM_TASKS = [i for i in FREE if load_specs()[i].get("item")]
ONLINE_TASKS = [
    i for i in FREE if not load_specs()[i].get("item") and load_specs()[i].get("new_sources")
]
REWRITE_TASKS = [i for i in FREE if load_specs()[i]["kind"] == "rewrite"]


def _assert_specific(feedback: Feedback, *expected: str) -> None:
    assert feedback.status == "not-yet", str(feedback)
    assert feedback.headline == "Not yet"
    assert not feedback.closure, "the case's judgement must not appear before a complete answer"
    assert "ck-closure" not in feedback._repr_html_() and "How the case" not in str(feedback)
    text = str(feedback)
    for phrase in expected:
        assert phrase in text, (phrase, text)
    for phrase in NEVER_IN_STUDENT_TEXT:
        assert phrase not in text


@pytest.mark.parametrize("exercise_id", VERDICT_TASKS)
def test_a_generated_complete_verdict_is_complete_with_closure(exercise_id: str) -> None:
    text = _complete(exercise_id)
    feedback = check(exercise_id, text)
    assert feedback.status == "submitted", str(feedback)
    claim = _claim_for(exercise_id)
    row = CASE.claim(claim)
    assert feedback.closure.startswith(f"How the case data judges {claim}: {row['verdict']}.")
    assert str(row["rationale"]).strip() in feedback.closure
    counts = coursekit.corroboration(CASE).set_index("claim_id").loc[claim]
    for column, label in (("supporting", "supporting"), ("contradicting", "contradicting")):
        if counts[column]:
            assert f" {counts[column]} {label} (" in feedback.closure, (column, feedback.closure)
    for source in _two_independent(claim):
        group = _origins(claim).set_index("source_id").loc[source, "group"]
        assert str(group) in feedback.closure
    assert feedback.closure.endswith("Where does your reasoning differ from the case's, and why?")
    assert str(feedback).splitlines()[1] == feedback.closure
    assert '<div class="ck-closure"><p>How the case data judges' in feedback._repr_html_()
    for phrase in NEVER_IN_STUDENT_TEXT:
        assert phrase not in str(feedback)
    assert "Now compare your reasoning" in feedback.message


@pytest.mark.parametrize("exercise_id", VERDICT_TASKS)
def test_two_verdicts_get_specific_feedback(exercise_id: str) -> None:
    claim = _claim_for(exercise_id)
    text = _verdict_text(claim, _two_independent(claim), f"{VERDICTS[0]}, or {VERDICTS[2]}")
    _assert_specific(
        check(exercise_id, text),
        f"Your answer gives 2 verdicts ('{VERDICTS[0]}' and '{VERDICTS[2]}'): a verdict is "
        "one word.",
    )


def test_negated_and_partly_verdict_words_are_read_as_one_verdict() -> None:
    claim = _claim_for(VERDICT_TASKS[0])
    sources = _two_independent(claim)
    text = _verdict_text(claim, sources, "partly corroborated", extra="It is not contradicted. ")
    from coursekit import freetext

    assert freetext.read_answer(text, CASE, {}).verdicts == ("partly",)
    unlabelled = text.replace("Verdict: partly corroborated.", "It is partly corroborated.")
    assert freetext.read_answer(unlabelled, CASE, {}).verdicts == ("partly",)
    assert "2 verdicts" not in str(check(VERDICT_TASKS[0], text))


@pytest.mark.parametrize("exercise_id", VERDICT_TASKS)
def test_a_source_outside_the_claims_evidence_is_named(exercise_id: str) -> None:
    claim = _claim_for(exercise_id)
    inside = set(CASE.evidence_for(claim)["source_id"].astype(str))
    outside = next(s for s in CASE.sources["source_id"].astype(str) if s not in inside)
    sources = [_two_independent(claim)[0], outside]
    text = _verdict_text(claim, sources, str(CASE.claim(claim)["verdict"]))
    _assert_specific(
        check(exercise_id, text),
        f"{outside} is not in the evidence for {claim}: case.evidence_for('{claim}') lists",
    )


@pytest.mark.parametrize("exercise_id", VERDICT_TASKS)
def test_an_unknown_source_id_is_named(exercise_id: str) -> None:
    claim = _claim_for(exercise_id)
    known = set(CASE.sources["source_id"].astype(str))
    unknown = next(f"S{n:03d}" for n in range(999, 0, -1) if f"S{n:03d}" not in known)
    text = _verdict_text(claim, [*_two_independent(claim), unknown], "partly")
    _assert_specific(check(exercise_id, text), f"{unknown} is not a source of the case")


def test_the_forbidden_claim_is_named() -> None:
    from coursekit import freetext

    other = _claim_for(VERDICT_TASKS[0])
    forbid = sorted({"C14", "C26", "C27"} - {other}, key=lambda c: int(c[1:]))
    spec = {"kind": "verdict", "forbid": forbid, "min_words": 10}
    text = _verdict_text("C14", _two_independent("C14"), "partly")
    _, problems = freetext.verdict_problems(spec, text, CASE)
    listed = ", ".join(forbid[:-1]) + " and " + forbid[-1]
    assert problems == [
        f"This task rules out {listed}: you judge C14. Pick another claim; if you "
        "mention a ruled-out claim only in passing, label the one you judge with 'Claim:' "
        "followed by its id."
    ]
    verdict = str(CASE.claim(other)["verdict"])
    labelled = "Unlike C14, this is another claim. " + _verdict_text(
        other, _two_independent(other), verdict
    )
    assert not any("rules out" in p for p in freetext.verdict_problems(spec, labelled, CASE)[1])


def test_another_claim_than_the_task_asks_is_named() -> None:
    spec = load_specs()["04.8"]
    other = next(c for c in CASE.claims["claim_id"] if c not in spec["claims"])
    text = _verdict_text(other, _two_independent(spec["claims"][0]), "partly")
    _assert_specific(
        check("04.8", text),
        f"This task asks about {spec['claims'][0]}; your answer judges {other}.",
    )


def test_one_source_where_two_independent_are_asked() -> None:
    spec = load_specs()["02.6"]
    assert spec["min_sources"] == 2 and spec["require_independent"]
    claim = spec["claims"][0]
    one = _two_independent(claim)[:1]
    verdict = str(CASE.claim(claim)["verdict"])
    _assert_specific(
        check("02.6", _verdict_text(claim, one, verdict)),
        f"Cite at least 2 sources by id; you cite 1 ({one[0]}).",
    )


def _shared_origin(claim_id: str) -> tuple[str, list[str]]:
    origins = _origins(claim_id)
    sizes = origins.groupby("group")["source_id"].transform("count")
    shared = origins[sizes > 1]
    assert len(shared), f"{claim_id} has no origin with two sources"
    group = str(shared["group"].iloc[0])
    return group, shared.loc[shared["group"] == group, "source_id"].astype(str).tolist()[:2]


def test_two_sources_of_one_origin_are_not_two_independent_sources() -> None:
    claim = load_specs()["02.6"]["claims"][0]
    group, pair = _shared_origin(claim)
    verdict = str(CASE.claim(claim)["verdict"])
    feedback = check("02.6", _verdict_text(claim, pair, verdict))
    _assert_specific(
        feedback,
        "The task asks for 2 independent sources; the sources you cite come from 1 independent "
        f"origin as coursekit.corroboration() counts them: {' and '.join(sorted(pair))} share "
        f"one origin ({group}).",
    )


def test_calling_relayed_sources_independent_is_contradicted_by_corroboration() -> None:
    # C14's support relays one Kremlin readout (lesson 02): calling it independent is wrong.
    group, pair = _shared_origin("C14")
    extra = "These are independent sources. "
    text = _verdict_text("C14", pair, "partly", extra=extra)
    spec_free = {"claims": ["C14"], "kind": "verdict", "min_words": 10, "max_words": 400}
    from coursekit import freetext

    _, problems = freetext.verdict_problems(spec_free, text, CASE)
    assert (
        f"You call your sources independent, but in coursekit.corroboration() "
        f"{' and '.join(sorted(pair))} share one origin ({group}): together they count once."
    ) in problems
    negated = text.replace("These are independent sources.", "These are not independent.")
    assert negated != text
    assert not any("You call your sources" in p for p in freetext.verdict_problems(
        spec_free, negated, CASE)[1])  # fmt: skip


@pytest.mark.parametrize("exercise_id", VERDICT_TASKS)
def test_a_verdict_against_the_stance_of_every_cited_source(exercise_id: str) -> None:
    claim = _claim_for(exercise_id)
    origins = _origins(claim)
    for verdict, stance in (("corroborated", "supports"), ("contradicted", "contradicts")):
        cited = origins.loc[origins["stance"] != stance].drop_duplicates("group")
        cited = cited[cited["stance"] != "context"]["source_id"].astype(str).tolist()[:2]
        if len(cited) < 2 or (origins["stance"] == stance).all():
            continue
        feedback = check(exercise_id, _verdict_text(claim, cited, verdict))
        _assert_specific(
            feedback, f"You judge {claim} {verdict}, but none of the sources you cite {stance} it"
        )
        return
    pytest.skip(f"{claim}: no two cited sources disagree with a verdict")


def test_the_rewrite_task_is_read_with_the_analyser() -> None:
    assert REWRITE_TASKS, "a rewrite exercise exists (03.5)"
    for exercise_id in REWRITE_TASKS:
        spec = load_specs()[exercise_id]
        claim = spec["claims"][0]
        unchanged = (
            f"Rewrite of {claim}: {spec['original']}{PAD[:120]} ({_two_independent(claim)[0]})."
        )
        feedback = check(exercise_id, unchanged)
        _assert_specific(
            feedback,
            f"Your rewrite keeps the original words unchanged ('{spec['original']}')",
            "coursekit.analyze still finds a vague attribution in your rewrite",
            "Name who said it in the sentence itself",
        )
        source = _two_independent(claim)[0]
        publisher = str(CASE.sources.set_index("source_id").loc[source, "publisher"])
        named = (
            f"Rewrite of {claim}: on the eve of the summit {publisher} ({source}) reported that "
            "a decisive agreement was not expected, citing its own reporting."
        )
        done = check(exercise_id, named)
        assert done.status == "submitted", str(done)
        assert done.message.startswith("Your rewrite has every part the task asks for")
        assert done.closure.startswith(f"How the case data judges {claim}:")


def test_free_text_messages_never_point_to_a_file_with_keys() -> None:
    source = (ROOT / "src" / "coursekit" / "checks.py").read_text(encoding="utf-8")
    source += (ROOT / "src" / "coursekit" / "freetext.py").read_text(encoding="utf-8")
    strings = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    for text in strings:
        if text.lstrip().startswith(("Check an answer", "Immediate feedback", "Read free-text")):
            continue  # module and function docstrings, for maintainers
        assert "instructor guide" not in text and "instructor-guide" not in text, text


# --------------------------------------------------------------------------- capstone items


def _item(exercise_id: str) -> Any:
    from coursekit.capstone import item_key, load_item

    item_id = load_specs()[exercise_id]["item"]
    return load_item(item_id), item_key(item_id)


def _item_pages(exercise_id: str, stance: str | None = None) -> list[str]:
    """First page of each origin (pages of ``stance`` first when given)."""
    _, key = _item(exercise_id)
    evidence = key.evidence
    preferred = evidence[evidence["stance"] == stance] if stance else evidence
    pages = [
        *preferred.drop_duplicates("origin")["source_id"],
        *evidence.drop_duplicates("origin")["source_id"],
    ]
    return list(dict.fromkeys(pages))


def _item_text(exercise_id: str, pages: list[str], verdict: str, claim: bool = True) -> str:
    item, _ = _item(exercise_id)
    line = f"Claim: {item.claim}\n" if claim else ""
    return (
        f"{line}Evidence: {' and '.join(pages)} report on it.\nVerdict: {verdict}.\n"
        f"Confidence: medium, because the pages are dated and name their origin.{PAD}"
    )


@pytest.mark.parametrize("exercise_id", ITEM_TASKS)
def test_a_complete_item_verdict_shows_the_items_key_after_commitment(exercise_id: str) -> None:
    _, key = _item(exercise_id)
    pages = _item_pages(exercise_id, _stance_for(key.verdict))[:2]
    feedback = check(exercise_id, _item_text(exercise_id, pages, key.verdict))
    assert feedback.status == "submitted", str(feedback)
    assert "the claim stated" in feedback.message
    assert feedback.closure.startswith(f"How the kit judges this item's claim: {key.verdict}.")
    assert key.rationale in feedback.closure
    origins = key.origins(pages)
    assert f"The pages you cite come from {len(origins)} origin(s):" in feedback.closure
    for phrase in NEVER_IN_STUDENT_TEXT:
        assert phrase not in str(feedback)


@pytest.mark.parametrize("exercise_id", ITEM_TASKS)
def test_item_verdict_problems_are_named(exercise_id: str) -> None:
    item, key = _item(exercise_id)
    pages = _item_pages(exercise_id)[:2]
    ids = item.sources["source_id"].tolist()
    _assert_specific(
        check(exercise_id, _item_text(exercise_id, pages, key.verdict, claim=False)),
        "State the claim you judge in your own words on a line that starts with 'Claim:'",
    )
    _assert_specific(
        check(exercise_id, _item_text(exercise_id, [pages[0], "S999"], key.verdict)),
        f"S999 is not a page of this item's corpus (its pages are {ids[0]} to {ids[-1]}).",
    )
    _assert_specific(
        check(exercise_id, _item_text(exercise_id, pages, "corroborated, or contradicted")),
        "Your answer gives 2 verdicts ('corroborated' and 'contradicted')",
    )


@pytest.mark.parametrize("exercise_id", ITEM_TASKS)
def test_item_verdict_against_every_cited_stance(exercise_id: str) -> None:
    _, key = _item(exercise_id)
    evidence = key.evidence
    for verdict, stance in (("corroborated", "supports"), ("contradicted", "contradicts")):
        others = evidence[(evidence["stance"] != stance) & (evidence["stance"] != "context")]
        pages = others.drop_duplicates("origin")["source_id"].tolist()[:2]
        if len(pages) == 2:
            _assert_specific(
                check(exercise_id, _item_text(exercise_id, pages, verdict)),
                f"You judge the claim {verdict}, but none of the pages you cite {stance} it: "
                "open them again (item.page(...)) and check what each one says.",
            )
            return
    pytest.skip("no two pages disagree with a verdict")


def test_pages_of_one_origin_are_not_two_independent_sources_in_an_item() -> None:
    tasks = [i for i in ITEM_TASKS if load_specs()[i].get("require_independent")]
    assert tasks, "a capstone verdict asks for independent sources (05.4)"
    exercise_id = tasks[0]
    _, key = _item(exercise_id)
    sizes = key.evidence.groupby("origin")["source_id"].apply(list)
    origin, pages = next((o, p[:2]) for o, p in sizes.items() if len(p) > 1)
    _assert_specific(
        check(exercise_id, _item_text(exercise_id, pages, key.verdict)),
        "The task asks for 2 independent sources; the sources you cite come from 1 "
        f"independent origin by where their information comes from: {' and '.join(pages)} "
        "share one origin.",
    )
    # The origin is what the item's reading exercises ask for: not named before completion.
    assert origin not in str(check(exercise_id, _item_text(exercise_id, pages, key.verdict)))


@pytest.mark.parametrize("exercise_id", ONLINE_TASKS)
def test_the_online_track_counts_sources_found_outside_the_kit(exercise_id: str) -> None:
    claim = "Claim: the city's new bus lanes cut commuting times by a fifth last year.\n"
    found = "https://example.org/transport-report and new: the council's minutes of 3 May"
    text = f"{claim}Evidence: {found}.\nVerdict: partly.\nConfidence: low, few pages.{PAD}"
    done = check(exercise_id, text)
    assert done.status == "submitted", str(done)
    assert "2 sources cited" in done.message and not done.closure
    one = text.replace(" and new: the council's minutes of 3 May", "")
    _assert_specific(check(exercise_id, one), "Cite at least 2 sources by id; you cite 1.")


def test_the_claim_line_is_not_read_as_the_judgement() -> None:
    from coursekit import freetext

    text = (
        "Claim: independent research shows the figure was contradicted by nobody.\n"
        "Evidence: S051. Verdict: partly. Confidence: low."
    )
    reading = freetext.read_answer(text, CASE, {"claim_form": "line"})
    assert reading.claim == "independent research shows the figure was contradicted by nobody."
    assert reading.verdicts == ("partly",)
    assert not reading.says_independent
    parts = (
        "Claim: C21. Evidence: s051. Verdict: partly (corroborated in part, contradicted in part)."
    )
    reading = freetext.read_answer(parts, CASE, {})
    assert (reading.verdicts, reading.sources) == (("partly",), ("S051",))
    one_line = "Claim: C21. Evidence: S051 and S131 are independent. Verdict: corroborated."
    reading = freetext.read_answer(one_line, CASE, {})
    assert (reading.claim, reading.verdicts, reading.says_independent) == (
        "C21",
        ("corroborated",),
        True,
    )


@pytest.mark.parametrize(
    "exercise_id",
    [i for i in [*VERDICT_TASKS, *ITEM_TASKS] if int(load_specs()[i].get("min_sources", 1)) > 1],
)
def test_one_source_where_the_task_asks_for_more(exercise_id: str) -> None:
    needed = int(load_specs()[exercise_id]["min_sources"])
    if load_specs()[exercise_id].get("item"):
        _, key = _item(exercise_id)
        one = _item_pages(exercise_id, _stance_for(key.verdict))[:1]
        text = _item_text(exercise_id, one, key.verdict)
    else:
        claim = _claim_for(exercise_id)
        one = _two_independent(claim)[:1]
        text = _verdict_text(claim, one, str(CASE.claim(claim)["verdict"]))
    _assert_specific(
        check(exercise_id, text), f"Cite at least {needed} sources by id; you cite 1 ({one[0]})."
    )


# --------------------------------------------------------------------------- answer kinds


def test_every_kind_in_the_bank_has_one_class_in_the_registry() -> None:
    from coursekit import answer_kinds

    used = {spec["kind"] for spec in load_specs().values()}
    assert used <= set(answer_kinds.KINDS)
    assert tuple(answer_kinds.KINDS) == checks.ANSWER_KINDS
    for name, kind in answer_kinds.KINDS.items():
        assert kind.name == name
        assert (name in checks.FREE_TEXT_KINDS) == isinstance(kind, answer_kinds.FreeTextKind)
    assert len({type(kind) for kind in answer_kinds.KINDS.values()}) == len(answer_kinds.KINDS)


def test_an_unknown_kind_names_the_exercise() -> None:
    with pytest.raises(
        ValueError, match=r"Unknown answer kind 'colour' in the specification of 99\.1"
    ):
        checks.normalise_answer({"id": "99.1", "kind": "colour"}, "red")


def test_a_new_kind_is_one_class_and_a_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    from coursekit import answer_kinds, exercises

    class YesNo(answer_kinds.AnswerKind):
        name = "yes-no"

        def normalise(self, spec: answer_kinds.Spec, answer: object) -> str:
            if answer not in {"yes", "no"}:
                raise answer_kinds.AnswerError("Answer 'yes' or 'no'.")
            return str(answer)

    monkeypatch.setitem(answer_kinds.KINDS, "yes-no", YesNo())  # type: ignore[index]
    spec = {"id": "99.1", "lesson": "99", "kind": "yes-no", "hints": ["Look again."]}
    key = exercises.build_keys({"99.1": spec}, {"99.1": {"answer": "yes", "also_accept": []}})
    monkeypatch.setattr(checks, "exercise_spec", lambda exercise_id: spec)
    monkeypatch.setattr(checks, "key_for", lambda exercise_id: key[exercise_id])
    assert check("99.1", "maybe").message == "Answer 'yes' or 'no'."
    wrong = check("99.1", "no")
    assert (wrong.status, wrong.message, wrong.hint) == (
        "not-yet",
        "That is not the answer.",
        "Look again.",
    )
    assert check("99.1", "yes").correct
    with pytest.raises(
        exercises.BuildError, match=r"exercise 99\.1: the solution's answer is invalid: Answer"
    ):
        exercises.build_keys({"99.1": spec}, {"99.1": {"answer": "perhaps", "also_accept": []}})
