"""Learner progress: concurrent writers lose nothing, broken files are kept aside, display."""

from __future__ import annotations

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
    return json.loads((home / "progress.json").read_text(encoding="utf-8"))


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
    data = json.loads(path.read_text(encoding="utf-8"))["exercises"]
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
    progress_module.record("01.1", attempts=2)
    progress_module.record("02.6", status="submitted")
    shown = coursekit.progress()
    text = str(shown)
    assert "Lesson 01 Anatomy of a news story: 1 of 5 done" in text
    assert "  [x] 01.1 Label a claim: C16  (2 attempt(s))" in text
    assert "  [ ] 01.2 Label a claim: C31" in text
    assert "  [~] 02.6 Verdict: C21 (advance near Dobropillya)" in text
    html = shown._repr_html_()
    assert html.count("<table>") == 5
    assert "<caption>Lesson 01 Anatomy of a news story: 1 of 5 done</caption>" in html
    assert "✎ submitted for marking" in html
    frame = shown.to_frame()
    assert frame.loc[frame["exercise"] == "01.1", "attempts"].item() == 2


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
