"""Learner progress: which worksheet exercises are done, saved on the learner's own machine.

Where
-----
``$COURSEKIT_HOME/progress.json`` when the environment variable ``COURSEKIT_HOME`` is
set (tests, Binder, shared machines), otherwise ``~/.coursekit/progress.json``. Nothing
leaves the machine. The file holds, per exercise, its status (``correct`` or
``submitted`` for free text), when it was first and last completed, the number of
attempts the first time, and how often it was completed; never the answer itself.

Course copies
-------------
One account may hold several copies of the course (a fork, a second class, last term's
folder). Each answer is recorded under the *course copy* it belongs to, so copies do not
mix (see :func:`course_copy`): the value of ``COURSEKIT_COURSE`` when that environment
variable is set, otherwise an id made from the course folder (the nearest folder, from
the working directory up, that holds both ``notebooks`` and ``exercises``; a notebook's
kernel starts in its own folder). :func:`progress` says which copy it shows.

The file (format 2) is ``{"format": 2, "exercises": {...}, "courses": {id: {"root": ...,
"exercises": {...}}}}``. The top-level ``exercises`` table is where format 1 (before
course copies were told apart) kept everything: such entries are read as they are,
never rewritten, and shown in every copy with a note saying so. An older coursekit
reading a format-2 file still finds its ``exercises`` table and keeps the rest.

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
import hashlib
import html
import json
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from coursekit.bank import load_specs

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "ENV_COURSE",
    "ENV_HOME",
    "CourseCopy",
    "Progress",
    "ProgressRow",
    "ProgressWarning",
    "course_copy",
    "home",
    "load",
    "locked",
    "progress",
    "progress_path",
    "read_json_locked",
    "record",
    "set_aside",
    "write_atomic",
]

#: Environment variable naming the folder for the progress file.
ENV_HOME = "COURSEKIT_HOME"
#: Environment variable naming the course copy answers belong to (overrides the folder).
ENV_COURSE = "COURSEKIT_COURSE"
_FORMAT = 2
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


@dataclass(frozen=True)
class CourseCopy:
    """Which copy of the course an answer belongs to.

    Attributes
    ----------
    id
        The key under which the progress file keeps this copy's answers.
    root
        The course folder, or ``""`` when the id comes from ``COURSEKIT_COURSE``.
    how
        ``"COURSEKIT_COURSE"``, ``"folder"`` (found from the working directory),
        ``"package"`` (the checkout the package was loaded from), ``"default"``, or
        ``"chosen"`` (named in :func:`progress`).
    """

    id: str
    root: str
    how: str

    def describe(self) -> str:
        """Say which copy this is, in words."""
        if self.how == ENV_COURSE:
            return f"course copy {self.id!r} (set by {ENV_COURSE})"
        if self.root:
            return f"course copy {self.id!r} (the course in {self.root})"
        return f"course copy {self.id!r}"


def _is_course_folder(folder: Path) -> bool:
    return (folder / "notebooks").is_dir() and (folder / "exercises").is_dir()


def _folder_id(folder: Path) -> str:
    digest = hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:8]
    return f"{folder.name or 'course'}-{digest}"


def course_copy(start: Path | None = None) -> CourseCopy:
    """Return the course copy that answers given from ``start`` (default: here) belong to.

    ``COURSEKIT_COURSE`` wins when set. Otherwise the nearest folder from ``start`` up that
    holds both ``notebooks`` and ``exercises`` is the course; failing that, the checkout
    the package was loaded from; failing that, ``"default"``.
    """
    named = os.environ.get(ENV_COURSE, "").strip()
    if named:
        return CourseCopy(named, "", ENV_COURSE)
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the working directory was deleted
        here = None
    if here is not None:
        for folder in (here, *here.parents):
            if _is_course_folder(folder):
                return CourseCopy(_folder_id(folder), str(folder), "folder")
    checkout = Path(__file__).resolve().parents[2]
    if _is_course_folder(checkout):
        return CourseCopy(_folder_id(checkout), str(checkout), "package")
    return CourseCopy("default", "", "default")


def _empty() -> dict[str, Any]:
    return {"format": _FORMAT, "exercises": {}, "courses": {}}


def _well_formed(data: object) -> str:
    """Return why ``data`` is not a progress table, or ``""`` when it is one."""
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
        return "it does not have the expected 'exercises' table"
    courses = data.get("courses", {})
    if not isinstance(courses, dict) or not all(
        isinstance(c, dict) and isinstance(c.get("exercises"), dict) for c in courses.values()
    ):
        return "its 'courses' table is not a table of course copies"
    return ""


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


@contextlib.contextmanager
def _lock(
    path: Path, *, timeout: float | None = None, use_flock: bool | None = None
) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` + ``.lock`` for the duration of the block."""
    lock_path = path.with_name(path.name + ".lock")
    timeout = _LOCK_TIMEOUT if timeout is None else timeout
    if use_flock is None:
        use_flock = fcntl is not None
    hold = _flock if use_flock else _lock_file
    with hold(lock_path, timeout):
        yield


@contextlib.contextmanager
def _flock(lock_path: Path, timeout: float) -> Iterator[None]:
    """``fcntl.flock`` on ``lock_path`` (POSIX)."""
    deadline = time.monotonic() + timeout
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


def _stale_removed(lock_path: Path) -> bool:
    """Remove a lock file older than 30 s; ``True`` if it is gone (try again at once)."""
    try:
        if time.time() - lock_path.stat().st_mtime > _STALE_LOCK:
            lock_path.unlink()  # left behind by a crashed kernel
            return True
    except FileNotFoundError:
        return True
    return False


@contextlib.contextmanager
def _lock_file(lock_path: Path, timeout: float) -> Iterator[None]:
    """An exclusive lock file (where ``fcntl`` does not exist), removed on release."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.close(os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            break
        except FileExistsError:
            if _stale_removed(lock_path):
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


def locked(path: Path, *, timeout: float | None = None) -> contextlib.AbstractContextManager[None]:
    """Hold the exclusive lock that guards ``path`` (a ``path.lock`` beside it).

    The lock every writer of the progress folder uses (progress, search log): ``flock``
    where available, else an exclusive lock file, treated as stale after 30 seconds.

    Raises
    ------
    TimeoutError
        If another process holds the lock for longer than ``timeout`` (default 10 s).
    """
    return _lock(path, timeout=timeout)


def write_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON to ``path`` atomically (temporary file, fsync, rename).

    A reader sees the old file or the new one, never half a file. Hold :func:`locked`
    around the read-modify-write.
    """
    _write_atomic(path, data)


def set_aside(path: Path, reason: str, *, what: str, stacklevel: int = 3) -> None:
    """Keep an unreadable ``what`` file beside itself (``<name>.corrupt-<time>``) and warn.

    Nothing is deleted: the learner or an instructor can still open the kept copy.
    """
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    warnings.warn(
        f"Your {what} {path} could not be read ({reason}). It was kept as {aside.name} "
        f"in the same folder and a new {what} was started; nothing was deleted.",
        ProgressWarning,
        stacklevel=stacklevel,
    )


def read_json_locked(
    path: Path,
    *,
    what: str,
    problem: Callable[[object], str | None],
    empty: Callable[[], dict[str, Any]],
    stacklevel: int = 4,
) -> dict[str, Any]:
    """Read a JSON store the caller holds :func:`locked` on; set aside a broken one.

    Parameters
    ----------
    path
        The file; a missing file reads as ``empty()``.
    what
        What the file is, for the warning ("progress file", "search log").
    problem
        Says what is wrong with the parsed data, or returns None when it is well formed.
    empty
        A fresh, empty store.
    stacklevel
        Passed to :func:`warnings.warn`, so the warning points at the learner's call.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return empty()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        set_aside(path, f"not valid JSON: {exc}", what=what, stacklevel=stacklevel)
        return empty()
    reason = problem(data)
    if reason:
        set_aside(path, reason, what=what, stacklevel=stacklevel)
        return empty()
    return data


def _read_locked(path: Path) -> dict[str, Any]:
    """Read the progress file (the caller holds the lock); set aside a broken one."""
    data = read_json_locked(path, what="progress file", problem=_well_formed, empty=_empty)
    data.setdefault("courses", {})
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
    """Return the progress data (``{"format": 2, "exercises": {...}, "courses": {...}}``).

    A format-1 file (no ``courses``) is returned with an empty ``courses`` table.

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
            reason = _well_formed(data)
        if not reason:
            data.setdefault("courses", {})
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
    course: CourseCopy | None = None,
) -> str | None:
    """Record that an exercise was completed, in the current course copy.

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
    course
        The course copy; default :func:`course_copy`.

    Returns
    -------
    str or None
        ``None`` when saved; otherwise why progress could not be saved (the same text
        is issued as a :class:`ProgressWarning`).
    """
    path = path or progress_path()
    course = course or course_copy()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(path):
            data = _read_locked(path)
            now = _now()
            copy = data["courses"].setdefault(course.id, {"exercises": {}})
            copy["root"] = course.root
            exercises = copy["exercises"]
            entry = exercises.get(exercise_id)
            if not isinstance(entry, dict):
                entry = {"first_completed": now, "attempts": int(attempts), "times": 0}
            entry["times"] = int(entry.get("times", 0)) + 1
            entry["last_completed"] = now
            if entry.get("status") != "correct":
                entry["status"] = status
            exercises[exercise_id] = entry
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


class ProgressRow(TypedDict):
    """One exercise in :attr:`Progress.rows` (see :class:`Progress`)."""

    lesson: str
    exercise: str
    title: str
    status: str
    completed: str
    attempts: int
    earlier: bool


@dataclass(frozen=True)
class Progress:
    """A learner's progress, shown as a table per lesson.

    Attributes
    ----------
    rows
        One dict per exercise: lesson, exercise, title, status (``done``,
        ``submitted`` or ``open``), completed (ISO time or ``""``), attempts, and
        ``earlier`` (``True`` when the entry was saved before coursekit told course
        copies apart, so it may come from another copy).
    path
        The progress file.
    note
        A problem reading the file, or ``""``.
    course
        The course copy shown.
    """

    rows: tuple[ProgressRow, ...]
    path: Path
    note: str = ""
    course: CourseCopy | None = None

    @property
    def heading(self) -> str:
        """The first line: whose progress, which course copy, which file."""
        which = f" in {self.course.describe()}" if self.course else ""
        return f"Your progress{which}, saved in {self.path}:"

    def to_frame(self) -> pd.DataFrame:
        """Return the rows as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(list(self.rows))

    def _by_lesson(self) -> list[tuple[str, str, list[ProgressRow]]]:
        from coursekit.course import LESSONS

        out = []
        for lesson in LESSONS:
            rows = [row for row in self.rows if row["lesson"] == lesson.number]
            if rows:
                out.append((lesson.number, lesson.title, rows))
        return out

    def __str__(self) -> str:
        lines = [self.heading]
        for number, title, rows in self._by_lesson():
            done = sum(row["status"] != "open" for row in rows)
            lines.append(f"Lesson {number} {title}: {done} of {len(rows)} done")
            for row in rows:
                mark = {"done": "[x]", "submitted": "[~]", "open": "[ ]"}[row["status"]]
                extra = f"  ({row['attempts']} attempt(s))" if row["status"] != "open" else ""
                extra += " (saved before copies were told apart)" if row.get("earlier") else ""
                lines.append(f"  {mark} {row['exercise']} {row['title']}{extra}")
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        esc = html.escape
        labels = {"done": "✔ done", "submitted": "✎ submitted for marking", "open": "not yet"}
        which = f" in {esc(self.course.describe())}" if self.course else ""
        parts = [
            f'<div class="ck-progress"><p>Your progress{which}, saved in '
            f"<code>{esc(str(self.path))}</code>:</p>"
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
                if row.get("earlier"):
                    attempts += " (saved before copies were told apart)"
                parts.append(
                    f"<tr><td>{esc(row['exercise'])}</td><td>{esc(row['title'])}</td>"
                    f"<td>{esc(labels[row['status']])}</td><td>{esc(attempts)}</td></tr>"
                )
            parts.append("</tbody></table>")
        if self.note:
            parts.append(f"<p><strong>{esc(self.note)}</strong></p>")
        parts.append("</div>")
        return "".join(parts)


def progress(course: str | None = None) -> Progress:
    """Show which worksheet exercises you have completed, lesson by lesson.

    Parameters
    ----------
    course
        The id of the course copy to show; default the copy you are working in (see
        :func:`course_copy`). The first line says which copy is shown.

    Returns
    -------
    Progress
        Displays as a table per lesson in a notebook, or as text with ``print``.
    """
    path = progress_path()
    here = course_copy()
    note = ""
    try:
        data = load(path)
    except OSError as exc:
        data = _empty()
        note = f"Could not read your progress file {path} ({exc.strerror or exc})."
    copy = here
    if course is not None and course != here.id:
        root = data["courses"].get(course, {}).get("root", "")
        copy = CourseCopy(course, str(root or ""), "chosen")
    entries = data["courses"].get(copy.id, {}).get("exercises", {})
    earlier = data["exercises"]
    rows: list[ProgressRow] = []
    for exercise_id, spec in load_specs().items():
        entry = entries.get(exercise_id)
        from_earlier = not isinstance(entry, dict) and isinstance(earlier.get(exercise_id), dict)
        if from_earlier:
            entry = earlier[exercise_id]
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
                "earlier": from_earlier,
            }
        )
    notes = [note] if note else []
    shown_earlier = sum(row["earlier"] for row in rows)
    if shown_earlier:
        notes.append(
            f"{shown_earlier} exercise(s) marked 'saved before copies were told apart' were "
            "recorded by an older coursekit that did not note the course copy; they may come "
            "from another copy of the course."
        )
    others = sorted(set(data["courses"]) - {copy.id})
    if others:
        notes.append(
            f"Other course copies on this account: {', '.join(others)} "
            "(show one with coursekit.progress(course='...'))."
        )
    return Progress(tuple(rows), path, " ".join(notes), copy)
