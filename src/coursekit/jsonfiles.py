"""JSON files the kit reads: one parser, one message that says where the mistake is.

The exercise specifications, the quiz sources and bank, and the capstone items are JSON
files an instructor may edit by hand. A slip (a missing comma, a stray quote) should
name the file, the line and the column, and say what to check, in the same words
wherever it happens.

Examples
--------
>>> from coursekit.jsonfiles import parse_json
>>> parse_json('{"a": 1}', "example.json")
{'a': 1}
>>> parse_json('{"a": 1,}', "example.json")
Traceback (most recent call last):
...
ValueError: example.json: not valid JSON at line 1, column 9 (Expecting property name enclosed \
in double quotes). Check the quotes and commas there.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["json_problem", "parse_json"]


def json_problem(where: str, error: json.JSONDecodeError) -> str:
    """Describe a JSON syntax error: the file, line, column, the parser's words, the fix.

    Parameters
    ----------
    where
        The file as the reader knows it, e.g. ``"exercises/solutions/quizzes/03.json"``.
    error
        The error :func:`json.loads` raised.

    Returns
    -------
    str
    """
    return (
        f"{where}: not valid JSON at line {error.lineno}, column {error.colno} "
        f"({error.msg}). Check the quotes and commas there."
    )


def parse_json(text: str, where: str, error: type[Exception] = ValueError) -> Any:
    """Parse ``text`` as JSON; on a syntax error raise ``error`` with :func:`json_problem`.

    Parameters
    ----------
    text
        The file's text.
    where
        The file as the reader knows it (used in the message).
    error
        The exception class to raise (the caller's own, e.g. a build error).

    Returns
    -------
    Any
        The parsed value; the caller checks its shape.

    Raises
    ------
    Exception
        ``error``, when ``text`` is not valid JSON.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as problem:
        raise error(json_problem(where, problem)) from None
