"""One message for a hand-edited JSON file with a syntax slip, wherever the kit reads one."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.jsonfiles import parse_json
from coursekit.quizzes import QuizBuildError, build

BROKEN = '{\n  "a": 1,\n  "b": 2,\n}\n'  # a trailing comma on line 3


def test_the_message_names_the_file_line_and_column_and_says_what_to_check() -> None:
    with pytest.raises(ValueError) as caught:
        parse_json(BROKEN, "notes/example.json")
    message = str(caught.value)
    assert message.startswith("notes/example.json: not valid JSON at line 4, column 1 (")
    assert message.endswith("Check the quotes and commas there.")


def test_the_callers_error_class_is_raised() -> None:
    class BuildProblem(Exception):
        pass

    with pytest.raises(BuildProblem, match=r"example\.json: not valid JSON at line 4"):
        parse_json(BROKEN, "example.json", BuildProblem)


def test_valid_json_is_returned_as_parsed() -> None:
    assert parse_json('{"kinds": ["ids", "date"]}', "x.json") == {"kinds": ["ids", "date"]}


def test_a_broken_quiz_source_stops_the_build_with_that_message(tmp_path: Path) -> None:
    source = tmp_path / "quizzes"
    source.mkdir()
    (source / "03.json").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(QuizBuildError, match=r"03\.json: not valid JSON at line 4, column 1"):
        build(source=source, guide=tmp_path / "guide.md", check=True)
