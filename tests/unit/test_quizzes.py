"""Every quiz file follows the format, and the loader reports broken files clearly."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from coursekit.course import LESSONS
from coursekit.widgets import QuizFormatError, load_quiz, quiz_ids
from coursekit.widgets.quizzes import _parse_quiz

QUIZ_FOLDER = resources.files("coursekit") / "quizzes"
MY_LESSONS = ("03", "04", "05")


def _files() -> list[str]:
    return sorted(p.name for p in QUIZ_FOLDER.iterdir() if p.name.endswith(".json"))


@pytest.mark.parametrize("name", _files())
def test_every_quiz_file_is_valid(name: str) -> None:
    raw = json.loads((QUIZ_FOLDER / name).read_text(encoding="utf-8"))
    lesson = name.removesuffix(".json")
    assert raw["lesson"] == lesson
    questions = load_quiz(lesson)
    assert [q.id for q in questions] == [item["id"] for item in raw["questions"]]
    for question, item in zip(questions, raw["questions"], strict=True):
        assert question.id.startswith(f"{lesson}.")
        correct = [option["correct"] for option in item["options"]]
        if not item.get("multiple", False):
            assert correct.count(True) == 1, question.id
        else:
            assert correct.count(True) >= 1, question.id
        assert all(option["why"].strip() for option in item["options"]), question.id


@pytest.mark.parametrize("lesson", MY_LESSONS)
def test_lessons_03_to_05_have_enough_questions(lesson: str) -> None:
    assert len(load_quiz(lesson)) >= 3


def test_quiz_files_belong_to_real_lessons() -> None:
    numbers = {item.number for item in LESSONS}
    assert {name.removesuffix(".json") for name in _files()} <= numbers


def test_ids_are_unique_across_the_kit() -> None:
    ids = quiz_ids()
    assert len(ids) == len(set(ids))
    assert {"03.1", "04.2", "05.4"} <= set(ids)


def _valid() -> dict:
    return {
        "lesson": "09",
        "questions": [
            {
                "id": "09.1",
                "prompt": "Pick one.",
                "options": [
                    {"text": "A", "correct": True, "why": "Because."},
                    {"text": "B", "correct": False, "why": "Because not."},
                ],
            }
        ],
    }


def test_a_valid_quiz_parses() -> None:
    (question,) = _parse_quiz(_valid(), "quizzes/09.json", "09")
    assert question.correct_indices == frozenset({0})
    assert question.multiple is False


def test_two_correct_options_in_a_single_choice_question_is_an_error() -> None:
    data = _valid()
    data["questions"][0]["options"][1]["correct"] = True
    with pytest.raises(QuizFormatError, match=r"quizzes/09\.json, question 09\.1: 2 options"):
        _parse_quiz(data, "quizzes/09.json", "09")


def test_multiple_choice_may_have_several_correct_options() -> None:
    data = _valid()
    data["questions"][0]["multiple"] = True
    data["questions"][0]["options"][1]["correct"] = True
    (question,) = _parse_quiz(data, "quizzes/09.json", "09")
    assert question.correct_indices == frozenset({0, 1})


def test_empty_why_is_an_error_naming_the_option() -> None:
    data = _valid()
    data["questions"][0]["options"][1]["why"] = "  "
    with pytest.raises(QuizFormatError, match=r"question 09\.1, option 2: \"why\""):
        _parse_quiz(data, "quizzes/09.json", "09")


def test_id_from_another_lesson_is_an_error() -> None:
    data = _valid()
    data["questions"][0]["id"] = "08.1"
    with pytest.raises(QuizFormatError, match=r"it must look like \"09\.1\""):
        _parse_quiz(data, "quizzes/09.json", "09")


def test_lesson_field_must_match_the_file_name() -> None:
    with pytest.raises(QuizFormatError, match="file name says '07'"):
        _parse_quiz(_valid(), "quizzes/07.json", "07")


def test_unknown_lesson_file_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="No quiz file for lesson '42'"):
        load_quiz("42")
