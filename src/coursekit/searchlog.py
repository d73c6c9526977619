"""The learner's search log: what they searched, where, what they found; saved, exportable.

Lateral reading is judged by the searches behind a verdict, so every search is kept:

* each search run in the case finder (:func:`coursekit.find_sources` and the
  ``SourceFinder`` widget) is added automatically, with ``where="case finder"``;
* a search on the open web is recorded with :func:`log_search` (or the
  ``search_log_form`` widget): the query, where it was run, the URL found and what the
  page showed.

Where
-----
``searchlog.json`` next to the progress file (``$COURSEKIT_HOME`` or ``~/.coursekit``,
see :mod:`coursekit.progress`), so it survives a kernel restart and stays on the
learner's machine. Writing uses the progress file's lock and atomic replace: two kernels
logging at once lose nothing, a crash mid-write leaves the old file intact, and a file
that cannot be parsed is renamed to ``searchlog.json.corrupt-<UTC time>`` (never
deleted) with a warning before a new log is started.

Course copies
-------------
Like progress, each search is kept under the course copy it was made in
(:func:`coursekit.progress.course_copy`: ``COURSEKIT_COURSE``, else the course folder),
so two copies of the course (two classes, a fork) keep separate logs in the one file.

Export
------
:func:`export_search_log` writes the log as a Markdown table (to hand in or paste into a
worksheet) or as CSV (for a spreadsheet).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import io
import json
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.progress import (
    ProgressWarning,
    course_copy,
    home,
    locked,
    read_json_locked,
    write_atomic,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "COLUMNS",
    "FINDER",
    "MAX_FIELD_CHARS",
    "SearchLogError",
    "export_search_log",
    "log_search",
    "search_log",
    "search_log_path",
]

#: The ``where`` of searches run in the case finder.
FINDER = "case finder"

#: Columns of :func:`search_log` and of the exported files, in order.
COLUMNS: tuple[str, ...] = ("time", "where", "query", "url", "showed")

#: Longest text kept per field (characters); a pasted page is refused, not truncated.
MAX_FIELD_CHARS = 2_000

_FORMAT = 1


class SearchLogError(ValueError):
    """A search cannot be logged or exported as given; the message says what to change."""


def search_log_path() -> Path:
    """Return the path of the search log (next to the progress file)."""
    return home() / "searchlog.json"


def _empty() -> dict[str, Any]:
    return {"format": _FORMAT, "searches": []}


def _valid(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("searches"), list)
        and all(isinstance(entry, dict) for entry in data["searches"])
    )


def _read_locked(path: Path) -> dict[str, Any]:
    """Read the log (the caller holds the lock); set aside a broken file."""

    def problem(data: Any) -> str | None:
        return None if _valid(data) else "it does not have the expected list of searches"

    return read_json_locked(path, what="search log", problem=problem, empty=_empty, stacklevel=5)


def _field(value: Any, name: str, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise SearchLogError(f"{name} must be text, not {type(value).__name__}.")
    value = value.strip()
    if required and not value:
        hint = {
            "query": "the words you searched for, e.g. 'Alaska summit date'",
            "where": "the search engine or site, e.g. 'DuckDuckGo' or 'reuters.com search'",
        }[name]
        raise SearchLogError(f"{name} is empty. Give {hint}.")
    if len(value) > MAX_FIELD_CHARS:
        raise SearchLogError(
            f"{name} is {len(value):,} characters long; the log keeps at most "
            f"{MAX_FIELD_CHARS:,}. Shorten it to the part that matters."
        )
    return value


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def log_search(query: str, *, where: str, url: str = "", showed: str = "") -> str | None:
    """Record a search in the learner's search log.

    Parameters
    ----------
    query
        What was searched for, as typed.
    where
        Where the search was run: ``"case finder"`` for the finder (it logs itself), or
        a search engine or site for the open web, e.g. ``"DuckDuckGo"``.
    url
        The page the search led to, if any.
    showed
        What that page showed, in a sentence (e.g. "Reuters, 8 Aug: Alaska named").

    Returns
    -------
    str or None
        ``None`` when saved; otherwise why it could not be saved (the same text is issued
        as a :class:`~coursekit.progress.ProgressWarning`).

    Raises
    ------
    SearchLogError
        If ``query`` or ``where`` is empty, or a field is not text or longer than
        :data:`MAX_FIELD_CHARS` characters.
    """
    query = _field(query, "query", required=True)
    entry = {
        "time": _now(),
        "where": _field(where, "where", required=True),
        "query": query,
        "url": _field(url, "url", required=False),
        "showed": _field(showed, "showed", required=False),
        "course": course_copy().id,
    }
    path = search_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path):
            data = _read_locked(path)
            data["searches"].append(entry)
            data["format"] = _FORMAT
            write_atomic(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = (
            f"Could not save your search in {path.parent} ({reason}). To keep a search log, "
            "set the environment variable COURSEKIT_HOME to a folder you can write to."
        )
        warnings.warn(message, ProgressWarning, stacklevel=2)
        return message
    return None


def _entries(course: str | None = None) -> list[dict[str, Any]]:
    """The searches of one course copy (default: the current one), oldest first."""
    path = search_log_path()
    if not path.exists():
        return []
    course = course or course_copy().id
    try:
        with locked(path):
            data = _read_locked(path)
    except PermissionError:  # a read-only folder: no lock file; writers replace atomically
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            loaded = None
        if not _valid(loaded):
            warnings.warn(
                f"Your search log {path} could not be read; it was left as it is because "
                "its folder is read-only.",
                ProgressWarning,
                stacklevel=3,
            )
            return []
        data = loaded
    return [
        {column: str(entry.get(column, "") or "") for column in COLUMNS}
        for entry in data["searches"]
        if entry.get("course") in (None, "", course)
    ]


def search_log(course: str | None = None) -> pd.DataFrame:
    """Return the learner's searches in this course copy, oldest first.

    Parameters
    ----------
    course
        A course copy id (see :func:`coursekit.progress.course_copy`); default: the
        copy this notebook belongs to.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: ``time`` (UTC, ISO 8601), ``where``, ``query``,
        ``url``, ``showed``. Empty (with these columns) when nothing was logged yet.
    """
    import pandas as pd

    return pd.DataFrame(_entries(course), columns=list(COLUMNS))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|!])")


def _md(text: str) -> str:
    """A table cell for Markdown: HTML and Markdown syntax shown literally, one line."""
    from html import escape

    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", escape(text, quote=False))


def _csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


_HEADINGS = {
    "time": "When (UTC)",
    "where": "Where",
    "query": "Query",
    "url": "URL",
    "showed": "What it showed",
}


def _markdown(entries: list[dict[str, str]]) -> str:
    lines = [
        "# My search log",
        "",
        f"{len(entries)} search(es), exported {_now()}.",
        "",
        "| # | " + " | ".join(_HEADINGS[c] for c in COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for number, entry in enumerate(entries, start=1):
        cells = [_md(entry[column]) for column in COLUMNS]
        lines.append(f"| {number} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _csv(entries: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow([_csv_cell(entry[column]) for column in COLUMNS])
    return buffer.getvalue()


def export_search_log(
    path: str | os.PathLike[str], format: str | None = None, *, course: str | None = None
) -> Path:
    """Write the search log to a file, to hand in.

    Parameters
    ----------
    path
        The file to write (replaced if it exists).
    format
        ``"md"`` (a Markdown table) or ``"csv"``; by default taken from the file's
        suffix (``.csv`` gives CSV, anything else Markdown). In the CSV, a cell starting
        with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'`` so spreadsheets show it as
        text.
    course
        The course copy whose searches to export; default: the current one.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    SearchLogError
        For an unknown ``format``.
    """
    target = Path(path).expanduser()
    chosen = format or ("csv" if target.suffix.lower() == ".csv" else "md")
    chosen = chosen.lower().lstrip(".")
    if chosen in {"markdown"}:
        chosen = "md"
    if chosen not in {"md", "csv"}:
        raise SearchLogError(f"format must be 'md' or 'csv', not {format!r}.")
    entries = _entries(course)
    text = _markdown(entries) if chosen == "md" else _csv(entries)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target
