"""Learner progress: concurrent writers lose nothing, broken files are kept aside, display."""

from __future__ import annotations

import html
import importlib
import json
import multiprocessing
import os
import sys
import time
import warnings
from pathlib import Path

import pytest

import coursekit

# The submodule, not the public function of the same name.
progress_module = importlib.import_module("coursekit.progress")
ProgressWarning = progress_module.ProgressWarning


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("COURSEKIT_HOME", str(folder))
    return folder


def _saved(home: Path) -> dict:
    """The current course copy's part of the progress file."""
    data = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    return data["courses"][progress_module.course_copy().id]


def test_home_follows_the_environment(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert progress_module.progress_path() == home / "progress.json"
    monkeypatch.delenv("COURSEKIT_HOME")
    assert progress_module.progress_path() == Path.home() / ".coursekit" / "progress.json"


def test_record_keeps_the_first_completion(home: Path) -> None:
    assert progress_module.record("04.1", attempts=3) is None
    first = _saved(home)["exercises"]["04.1"]
    time.sleep(1.1)
    progress_module.record("04.1", attempts=1)
    entry = _saved(home)["exercises"]["04.1"]
    assert entry["attempts"] == 3 and entry["times"] == 2 and entry["status"] == "correct"
    assert entry["first_completed"] == first["first_completed"] < entry["last_completed"]
    assert set(entry) == {"attempts", "times", "status", "first_completed", "last_completed"}


def test_free_text_submission_then_status(home: Path) -> None:
    progress_module.record("04.8", status="submitted")
    assert _saved(home)["exercises"]["04.8"]["status"] == "submitted"


def _writer(path: str, worker: int, count: int, use_fcntl: bool) -> None:
    module = importlib.import_module("coursekit.progress")
    if not use_fcntl:
        module.fcntl = None  # exercise the O_CREAT | O_EXCL lock file instead of flock
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any failure to save fails the test
        for index in range(count):
            assert module.record(f"w{worker}.{index}", path=Path(path)) is None
            assert module.record("shared", path=Path(path)) is None


def _reader(path: str, stop_at: float, bad: multiprocessing.Value) -> None:  # type: ignore[valid-type]
    target = Path(path)
    while time.monotonic() < stop_at:
        try:
            json.loads(target.read_text(encoding="utf-8"))
        except FileNotFoundError:
            pass
        except ValueError:
            with bad.get_lock():
                bad.value += 1


@pytest.mark.slow
@pytest.mark.parametrize("use_fcntl", [True, False], ids=["flock", "lockfile"])
def test_concurrent_writers_lose_nothing(tmp_path: Path, use_fcntl: bool) -> None:
    path = tmp_path / "progress.json"
    workers, count = 4, 25
    context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    bad = context.Value("i", 0)
    reader = context.Process(target=_reader, args=(str(path), time.monotonic() + 3, bad))
    reader.start()
    procs = [
        context.Process(target=_writer, args=(str(path), n, count, use_fcntl))
        for n in range(workers)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    reader.join(10)
    data = json.loads(path.read_text(encoding="utf-8"))
    data = data["courses"][progress_module.course_copy().id]["exercises"]
    expected = {f"w{n}.{i}" for n in range(workers) for i in range(count)}
    assert expected <= set(data)
    assert data["shared"]["times"] == workers * count
    assert bad.value == 0, "a reader saw a half-written file"
    assert not list(tmp_path.glob("*.tmp")), "temporary files left behind"


@pytest.mark.parametrize("content", [b"{not json", b"[]", b"\xff\xfe broken", b""])
def test_a_broken_file_is_kept_aside_and_reported(home: Path, content: bytes) -> None:
    home.mkdir()
    (home / "progress.json").write_bytes(content)
    with pytest.warns(ProgressWarning, match="could not be read") as caught:
        assert progress_module.record("01.1") is None
    message = str(caught[0].message)
    assert "It was kept as progress.json.corrupt-" in message and "nothing was deleted" in message
    asides = list(home.glob("progress.json.corrupt-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == content
    assert set(_saved(home)["exercises"]) == {"01.1"}


def test_showing_progress_also_keeps_a_broken_file(home: Path) -> None:
    home.mkdir()
    (home / "progress.json").write_text('{"exercises": 3}', encoding="utf-8")
    with pytest.warns(ProgressWarning, match="expected 'exercises' table"):
        shown = coursekit.progress()
    assert all(row["status"] == "open" for row in shown.rows)
    assert len(list(home.glob("progress.json.corrupt-*"))) == 1


def test_a_crash_mid_write_leaves_the_old_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress_module.record("01.1")
    before = (home / "progress.json").read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.json, "dump", crash)
    with pytest.warns(ProgressWarning, match="No space left on device"):
        message = progress_module.record("01.2")
    assert message and message.startswith("Could not save your progress")
    assert (home / "progress.json").read_bytes() == before
    assert not list(home.glob("*.tmp"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_home_warns(home: Path) -> None:
    home.mkdir()
    home.chmod(0o500)
    try:
        with pytest.warns(ProgressWarning, match="Could not save your progress"):
            message = progress_module.record("01.1")
        assert message and "COURSEKIT_HOME" in message
    finally:
        home.chmod(0o700)


def test_home_that_cannot_be_created_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("COURSEKIT_HOME", str(blocker / "home"))
    with pytest.warns(ProgressWarning) as caught:
        message = progress_module.record("01.1")
    assert message == str(caught[0].message)
    assert message.startswith(f"Could not save your progress in {blocker / 'home'} (")
    assert message.endswith(
        "Your answers are still checked. To keep progress, set the environment variable "
        "COURSEKIT_HOME to a folder you can write to."
    )


@pytest.mark.skipif(progress_module.fcntl is None, reason="POSIX flock")
def test_a_held_lock_times_out_with_a_message(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home.mkdir()
    monkeypatch.setattr(progress_module, "_LOCK_TIMEOUT", 0.2)
    fd = os.open(home / "progress.json.lock", os.O_RDWR | os.O_CREAT)
    progress_module.fcntl.flock(fd, progress_module.fcntl.LOCK_EX)
    try:
        with pytest.warns(ProgressWarning, match="Another kernel has held"):
            assert progress_module.record("01.1") is not None
    finally:
        os.close(fd)
    assert progress_module.record("01.1") is None


def test_a_stale_lock_file_is_removed(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "fcntl", None)
    home.mkdir()
    lock = home / "progress.json.lock"
    lock.write_text("", encoding="utf-8")
    old = time.time() - 120
    os.utime(lock, (old, old))
    assert progress_module.record("01.1") is None
    assert not lock.exists()


def test_progress_table_per_lesson(home: Path) -> None:
    from coursekit.checks import exercise_ids, load_specs
    from coursekit.course import LESSONS

    first, second, *_ = exercise_ids("01")
    free = next(i for i, spec in load_specs().items() if spec["kind"] == "verdict")
    progress_module.record(first, attempts=2)
    progress_module.record(free, status="submitted")
    shown = coursekit.progress()
    text = str(shown)
    lesson = next(item for item in LESSONS if item.number == "01")
    count = len(exercise_ids("01"))
    title = {i: load_specs()[i]["title"] for i in (first, second, free)}
    assert f"Lesson 01 {lesson.title}: 1 of {count} done" in text
    assert f"  [x] {first} {title[first]}  (2 attempt(s))" in text
    assert f"  [ ] {second} {title[second]}" in text
    assert f"  [~] {free} {title[free]}" in text
    html = shown._repr_html_()
    assert html.count("<table>") == len({spec["lesson"] for spec in load_specs().values()})
    assert f"<caption>Lesson 01 {lesson.title}: 1 of {count} done</caption>" in html
    assert "✎ submitted for marking" in html
    frame = shown.to_frame()
    assert frame.loc[frame["exercise"] == first, "attempts"].item() == 2


def test_the_package_attribute_is_the_progress_function(home: Path) -> None:
    import coursekit

    assert isinstance(coursekit.progress(), progress_module.Progress)


def test_permission_denied_is_reported(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulates a read-only folder even when the tests run as root (root ignores chmod).
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(progress_module.tempfile, "mkstemp", denied)
    with pytest.warns(ProgressWarning, match=r"\(Permission denied\)"):
        message = progress_module.record("01.1")
    assert message == (
        f"Could not save your progress in {home} (Permission denied). Your answers are still "
        "checked. To keep progress, set the environment variable COURSEKIT_HOME to a folder you "
        "can write to."
    )
    assert not (home / "progress.json").exists()


def test_progress_can_be_shown_from_a_read_only_folder(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    progress_module.record("01.1")
    real_open = os.open

    def no_new_files(path: object, flags: int, *args: object) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(progress_module.os, "open", no_new_files)
    shown = coursekit.progress()
    assert shown.note == ""
    assert [row["status"] for row in shown.rows if row["exercise"] == "01.1"] == ["done"]


# --------------------------------------------------------------------------- course copies


def _course(folder: Path) -> Path:
    (folder / "notebooks").mkdir(parents=True)
    (folder / "exercises").mkdir()
    return folder


def test_two_course_copies_on_one_account_do_not_mix(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    first, second = _course(tmp_path / "spring" / "kit"), _course(tmp_path / "fork" / "kit")
    monkeypatch.chdir(first / "exercises")  # a worksheet's kernel starts in its folder
    assert progress_module.record("01.1") is None
    copy_one = progress_module.course_copy()
    assert copy_one.root == str(first.resolve()) and copy_one.how == "folder"
    monkeypatch.chdir(second / "notebooks")
    copy_two = progress_module.course_copy()
    assert copy_two.id != copy_one.id  # same folder name, different place
    shown = coursekit.progress()
    assert [r["status"] for r in shown.rows if r["exercise"] == "01.1"] == ["open"]
    assert str(shown).splitlines()[0] == (
        f"Your progress in course copy {copy_two.id!r} (the course in {second.resolve()}), "
        f"saved in {home / 'progress.json'}:"
    )
    assert shown.note == (
        f"Other course copies on this account: {copy_one.id} "
        "(show one with coursekit.progress(course='...'))."
    )
    other = coursekit.progress(course=copy_one.id)
    assert [r["status"] for r in other.rows if r["exercise"] == "01.1"] == ["done"]
    assert other.heading.startswith(
        f"Your progress in course copy {copy_one.id!r} (the course in {first.resolve()})"
    )
    assert html.escape(f"course copy {copy_one.id!r}") in other._repr_html_()


def test_the_course_setting_names_the_copy(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_COURSE", "media-literacy-2026")
    assert progress_module.record("01.2") is None
    assert set(json.loads((home / "progress.json").read_text())["courses"]) == {
        "media-literacy-2026"
    }
    shown = coursekit.progress()
    assert shown.heading.startswith(
        "Your progress in course copy 'media-literacy-2026' (set by COURSEKIT_COURSE), saved in"
    )
    assert [r["status"] for r in shown.rows if r["exercise"] == "01.2"] == ["done"]


def test_a_format_1_file_keeps_working_and_is_never_rewritten(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSEKIT_COURSE", "this-copy")
    home.mkdir()
    old_entry = {"first_completed": "2025-09-01T10:00:00+00:00", "attempts": 2, "times": 1,
                 "last_completed": "2025-09-01T10:00:00+00:00", "status": "correct"}  # fmt: skip
    (home / "progress.json").write_text(
        json.dumps({"format": 1, "exercises": {"01.1": old_entry}}), encoding="utf-8"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "could not be read": nothing is set aside
        shown = coursekit.progress()
        assert progress_module.record("01.2") is None
    row = next(r for r in shown.rows if r["exercise"] == "01.1")
    assert (row["status"], row["attempts"], row["earlier"]) == ("done", 2, True)
    assert "(saved before copies were told apart)" in str(shown)
    assert shown.note.startswith(
        "1 exercise(s) marked 'saved before copies were told apart' were recorded by an older "
        "coursekit"
    )
    data = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    assert data["format"] == 2
    assert data["exercises"] == {"01.1": old_entry}  # kept exactly, where old versions look
    assert set(data["courses"]["this-copy"]["exercises"]) == {"01.2"}
    assert not list(home.glob("progress.json.corrupt-*"))
    # The copy's own entry wins over the earlier one once it exists.
    assert progress_module.record("01.1", attempts=5) is None
    mine = next(r for r in coursekit.progress().rows if r["exercise"] == "01.1")
    assert (mine["attempts"], mine["earlier"]) == (5, False)


def test_a_broken_courses_table_is_kept_aside(home: Path) -> None:
    home.mkdir()
    content = json.dumps({"format": 2, "exercises": {}, "courses": {"x": []}})
    (home / "progress.json").write_text(content, encoding="utf-8")
    with pytest.warns(ProgressWarning, match="its 'courses' table is not a table of course"):
        assert progress_module.record("01.1") is None
    asides = list(home.glob("progress.json.corrupt-*"))
    assert len(asides) == 1 and asides[0].read_text(encoding="utf-8") == content


def test_public_lock_and_atomic_write_for_other_logs(tmp_path: Path) -> None:
    target = tmp_path / "searchlog.json"
    with progress_module.locked(target):
        assert (tmp_path / "searchlog.json.lock").exists()
        progress_module.write_atomic(target, {"format": 1, "searches": []})
    assert json.loads(target.read_text(encoding="utf-8")) == {"format": 1, "searches": []}
    assert not list(tmp_path.glob("*.tmp"))
