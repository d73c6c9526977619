"""Learner progress: which worksheet exercises are done, saved on the learner's own machine.

Where
-----
``$COURSEKIT_HOME/progress.json`` when the environment variable ``COURSEKIT_HOME`` is
set (tests, Binder, shared machines), otherwise ``~/.coursekit/progress.json``. Nothing
leaves the machine. The file holds, per exercise, its status (``correct`` or
``submitted`` for free text), when it was first and last completed, the number of
attempts the first time, and how often it was completed; never the answer itself.

Safe writing
------------
Two kernels (two open worksheets) may record progress at the same moment, and a kernel
may die mid-write. So every update is a read-modify-write under an exclusive lock:

* the lock is ``fcntl.flock`` on ``progress.json.lock`` on POSIX systems; where
  ``fcntl`` does not exist (Windows) it is a lock file created with
  ``os.open(..., O_CREAT | O_EXCL)``, removed on release and treated as stale after
  30 seconds (a crashed kernel cannot block progress for ever). Waiting for the lock
  gives up after 10 seconds with a clear message;
* the new content goes to a temporary file in the same folder, is flushed and
  ``fsync``-ed, then moved over ``progress.json`` with ``os.replace`` (atomic), so a
  reader sees the old file or the new one, never half a file.

A progress file that cannot be parsed is never wiped: it is renamed to
``progress.json.corrupt-<UTC time>`` and reported with a warning, and a fresh file is
started. If the folder cannot be written (a read-only home), :func:`record` warns and
returns the reason; :func:`coursekit.check` still gives feedback.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import html
import json
import os
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.bank import load_specs

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "ENV_HOME",
    "Progress",
    "ProgressWarning",
    "home",
    "load",
    "progress",
    "progress_path",
    "record",
]

#: Environment variable naming the folder for the progress file.
ENV_HOME = "COURSEKIT_HOME"
_FORMAT = 1
_LOCK_TIMEOUT = 10.0
_STALE_LOCK = 30.0


class ProgressWarning(UserWarning):
    """Progress could not be read or saved; the message says why and what to do."""


def home() -> Path:
    """Return the folder holding the progress file (``$COURSEKIT_HOME`` or ``~/.coursekit``)."""
    env = os.environ.get(ENV_HOME, "").strip()
    return Path(env).expanduser() if env else Path.home() / ".coursekit"


def progress_path() -> Path:
    """Return the path of the progress file."""
    return home() / "progress.json"


def _empty() -> dict[str, Any]:
    return {"format": _FORMAT, "exercises": {}}


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


@contextlib.contextmanager
def _lock(
    path: Path, *, timeout: float | None = None, use_flock: bool | None = None
) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` + ``.lock`` for the duration of the block."""
    lock_path = path.with_name(path.name + ".lock")
    timeout = _LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    if use_flock is None:
        use_flock = fcntl is not None
    if use_flock:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(
                            f"Another kernel has held {lock_path} for over {timeout:.0f} s."
                        ) from None
                    time.sleep(0.005)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the flock
        return
    while True:
        try:
            fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            break
        except FileExistsError:
            try:
                if time.time() - lock_path.stat().st_mtime > _STALE_LOCK:
                    lock_path.unlink()  # left behind by a crashed kernel
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{lock_path} has existed for over {timeout:.0f} s. If no notebook is "
                    "running, delete it."
                ) from None
            time.sleep(0.005)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock_path.unlink()


def _set_aside(path: Path, reason: str) -> None:
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    warnings.warn(
        f"Your progress file {path} could not be read ({reason}). It was kept as "
        f"{aside.name} in the same folder and a new progress file was started; nothing "
        "was deleted.",
        ProgressWarning,
        stacklevel=3,
    )


def _read_locked(path: Path) -> dict[str, Any]:
    """Read the progress file (the caller holds the lock); set aside a broken one."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _empty()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        _set_aside(path, f"not valid JSON: {exc}")
        return _empty()
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
        _set_aside(path, "it does not have the expected 'exercises' table")
        return _empty()
    return data


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    # Make the rename itself durable; not possible on every platform.
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def load(path: Path | None = None) -> dict[str, Any]:
    """Return the progress data (``{"format": 1, "exercises": {...}}``).

    A missing file gives empty progress; a broken one is set aside with a warning. In a
    folder where no lock file can be created (read-only), the file is read without the
    lock, which is safe because writers replace it atomically; a broken file there is
    reported but left in place.

    Raises
    ------
    OSError
        If the file exists but cannot be read.
    """
    path = path or progress_path()
    if not path.exists():
        return _empty()
    try:
        with _lock(path):
            return _read_locked(path)
    except PermissionError:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            data = None
            reason = f"not valid JSON: {exc}"
        else:
            reason = "it does not have the expected 'exercises' table"
        if isinstance(data, dict) and isinstance(data.get("exercises"), dict):
            return data
        warnings.warn(
            f"Your progress file {path} could not be read ({reason}); it was left as it is "
            "because its folder is read-only.",
            ProgressWarning,
            stacklevel=2,
        )
        return _empty()


def record(
    exercise_id: str,
    *,
    attempts: int = 1,
    status: str = "correct",
    path: Path | None = None,
) -> str | None:
    """Record that an exercise was completed.

    Parameters
    ----------
    exercise_id
        The exercise, e.g. ``"04.1"``.
    attempts
        How many answers it took; kept from the first completion.
    status
        ``"correct"``, or ``"submitted"`` for a free-text answer awaiting marking.
    path
        The progress file; default :func:`progress_path`.

    Returns
    -------
    str or None
        ``None`` when saved; otherwise why progress could not be saved (the same text
        is issued as a :class:`ProgressWarning`).
    """
    path = path or progress_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(path):
            data = _read_locked(path)
            now = _now()
            entry = data["exercises"].get(exercise_id)
            if not isinstance(entry, dict):
                entry = {"first_completed": now, "attempts": int(attempts), "times": 0}
            entry["times"] = int(entry.get("times", 0)) + 1
            entry["last_completed"] = now
            if entry.get("status") != "correct":
                entry["status"] = status
            data["exercises"][exercise_id] = entry
            data["format"] = _FORMAT
            _write_atomic(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        message = (
            f"Could not save your progress in {path.parent} ({reason}). Your answers are "
            f"still checked. To keep progress, set the environment variable {ENV_HOME} to "
            "a folder you can write to."
        )
        warnings.warn(message, ProgressWarning, stacklevel=2)
        return message
    return None


@dataclass(frozen=True)
class Progress:
    """A learner's progress, shown as a table per lesson.

    Attributes
    ----------
    rows
        One dict per exercise: lesson, exercise, title, status (``done``,
        ``submitted`` or ``open``), completed (ISO time or ``""``), attempts.
    path
        The progress file.
    note
        A problem reading the file, or ``""``.
    """

    rows: tuple[dict[str, Any], ...]
    path: Path
    note: str = ""

    def to_frame(self) -> Any:
        """Return the rows as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(list(self.rows))

    def _by_lesson(self) -> list[tuple[str, str, list[dict[str, Any]]]]:
        from coursekit.course import LESSONS

        out = []
        for lesson in LESSONS:
            rows = [row for row in self.rows if row["lesson"] == lesson.number]
            if rows:
                out.append((lesson.number, lesson.title, rows))
        return out

    def __str__(self) -> str:
        lines = [f"Your progress ({self.path}):"]
        for number, title, rows in self._by_lesson():
            done = sum(row["status"] != "open" for row in rows)
            lines.append(f"Lesson {number} {title}: {done} of {len(rows)} done")
            for row in rows:
                mark = {"done": "[x]", "submitted": "[~]", "open": "[ ]"}[row["status"]]
                extra = f"  ({row['attempts']} attempt(s))" if row["status"] != "open" else ""
                lines.append(f"  {mark} {row['exercise']} {row['title']}{extra}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        esc = html.escape
        labels = {"done": "✔ done", "submitted": "✎ submitted for marking", "open": "not yet"}
        parts = [
            '<div class="ck-progress"><p>Your progress (saved in '
            f"<code>{esc(str(self.path))}</code>)</p>"
        ]
        for number, title, rows in self._by_lesson():
            done = sum(row["status"] != "open" for row in rows)
            parts.append(
                f"<table><caption>Lesson {esc(number)} {esc(title)}: {done} of {len(rows)} "
                "done</caption><thead><tr><th scope='col'>Exercise</th><th scope='col'>Title"
                "</th><th scope='col'>Status</th><th scope='col'>Attempts</th></tr></thead><tbody>"
            )
            for row in rows:
                attempts = str(row["attempts"]) if row["status"] != "open" else ""
                parts.append(
                    f"<tr><td>{esc(row['exercise'])}</td><td>{esc(row['title'])}</td>"
                    f"<td>{esc(labels[row['status']])}</td><td>{esc(attempts)}</td></tr>"
                )
            parts.append("</tbody></table>")
        if self.note:
            parts.append(f"<p><strong>{esc(self.note)}</strong></p>")
        parts.append("</div>")
        return "".join(parts)


def progress() -> Progress:
    """Show which worksheet exercises you have completed, lesson by lesson.

    Returns
    -------
    Progress
        Displays as a table per lesson in a notebook, or as text with ``print``.
    """
    path = progress_path()
    note = ""
    try:
        entries = load(path)["exercises"]
    except OSError as exc:
        entries = {}
        note = f"Could not read your progress file {path} ({exc.strerror or exc})."
    rows = []
    for exercise_id, spec in load_specs().items():
        entry = entries.get(exercise_id)
        status = "open"
        if isinstance(entry, dict):
            status = "done" if entry.get("status") == "correct" else "submitted"
        rows.append(
            {
                "lesson": spec["lesson"],
                "exercise": exercise_id,
                "title": spec.get("title", ""),
                "status": status,
                "completed": entry.get("first_completed", "") if isinstance(entry, dict) else "",
                "attempts": entry.get("attempts", 0) if isinstance(entry, dict) else 0,
            }
        )
    return Progress(tuple(rows), path, note)
