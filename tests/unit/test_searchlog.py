"""The search log: saved on disk, never loses or corrupts entries, exports Markdown and CSV."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import coursekit
from coursekit import searchlog
from coursekit.progress import ProgressWarning
from coursekit.searchlog import SearchLogError, export_search_log, log_search, search_log


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("COURSEKIT_HOME", str(folder))
    return folder


def test_a_logged_search_is_on_disk_next_to_progress(home: Path) -> None:
    assert search_log().empty
    assert list(search_log().columns) == ["time", "where", "query", "url", "showed"]
    assert (
        log_search(
            "alaska summit date",
            where="DuckDuckGo",
            url="https://example.org/a",
            showed="Names 15 August",
        )
        is None
    )
    assert searchlog.search_log_path() == home / "searchlog.json"
    saved = json.loads((home / "searchlog.json").read_text(encoding="utf-8"))
    assert saved["searches"][0]["query"] == "alaska summit date"
    log = search_log()
    assert log.loc[0, ["where", "query", "url", "showed"]].tolist() == [
        "DuckDuckGo",
        "alaska summit date",
        "https://example.org/a",
        "Names 15 August",
    ]
    assert log.loc[0, "time"].endswith("+00:00")


def test_the_log_survives_a_new_process(home: Path) -> None:
    """A kernel restart is a new process reading the same file."""
    log_search("first", where="case finder")
    code = (
        "import coursekit; coursekit.log_search('second', where='Qwant'); "
        "print(list(coursekit.search_log()['query']))"
    )
    env = {**os.environ, "COURSEKIT_HOME": str(home)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "['first', 'second']"
    assert list(search_log()["query"]) == ["first", "second"]


def _writer(args: tuple[str, int, int]) -> None:
    home, worker, count = args
    os.environ["COURSEKIT_HOME"] = home
    from coursekit.searchlog import log_search

    for i in range(count):
        log_search(f"worker {worker} search {i}", where="test")


def test_concurrent_writers_lose_nothing(home: Path) -> None:
    workers, count = 4, 25
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        pool.map(_writer, [(str(home), w, count) for w in range(workers)])
    queries = list(search_log()["query"])
    expected = {f"worker {w} search {i}" for w in range(workers) for i in range(count)}
    assert len(queries) == workers * count
    assert set(queries) == expected
    for w in range(workers):  # each writer's own entries stay in order
        mine = [q for q in queries if q.startswith(f"worker {w} ")]
        assert mine == [f"worker {w} search {i}" for i in range(count)]


@pytest.mark.parametrize("content", [b"{not json", b'{"searches": 3}', b"\xff\xfe", b"[]"])
def test_a_corrupt_log_is_kept_aside_and_a_new_one_started(home: Path, content: bytes) -> None:
    home.mkdir(parents=True)
    (home / "searchlog.json").write_bytes(content)
    with pytest.warns(ProgressWarning, match="nothing was deleted"):
        log_search("after the crash", where="Bing")
    aside = list(home.glob("searchlog.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert list(search_log()["query"]) == ["after the crash"]


def test_an_unwritable_home_warns_and_says_how_to_fix(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("COURSEKIT_HOME", str(blocker / "sub"))
    with pytest.warns(ProgressWarning, match="COURSEKIT_HOME"):
        message = log_search("q", where="w")
    assert message is not None and "Could not save your search" in message


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"query": "", "where": "Bing"}, "query is empty"),
        ({"query": "  ", "where": "Bing"}, "query is empty"),
        ({"query": "q", "where": ""}, "where is empty"),
        ({"query": "q", "where": "Bing", "showed": "x" * 2001}, "2,001 characters"),
        ({"query": 3, "where": "Bing"}, "query must be text"),
    ],
)
def test_bad_entries_are_refused_clearly(kwargs: dict, words: str) -> None:
    with pytest.raises(SearchLogError, match=words):
        log_search(**kwargs)
    assert search_log().empty


def test_markdown_export_is_one_row_per_search_with_markup_shown_literally(tmp_path: Path) -> None:
    log_search(
        "alaska | summit",
        where="DuckDuckGo",
        url="https://example.org/x_y",
        showed="<script>alert(1)</script> [link](javascript:alert(1))\nsecond line",
    )
    log_search("second", where="case finder")
    path = export_search_log(tmp_path / "out" / "log.md")
    text = path.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(table) == 3  # header + two searches
    first = table[1]
    assert first.count(" | ") == table[0].count(" | ")  # the | in the query is escaped
    assert "alaska \\| summit" in first
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[link\\]" in text  # no clickable link from a learner's text
    assert "second line" in first  # newlines folded into the row
    assert "2 search(es)" in text


def test_csv_export_round_trips_and_defuses_formulas(tmp_path: Path) -> None:
    log_search('=HYPERLINK("http://x")', where="Bing", showed='He said "yes", then left')
    log_search("putin, alaska", where="case finder")
    path = export_search_log(tmp_path / "log.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["query"] for row in rows] == ['\'=HYPERLINK("http://x")', "putin, alaska"]
    assert rows[0]["showed"] == 'He said "yes", then left'
    assert list(rows[0]) == list(searchlog.COLUMNS)
    md = export_search_log(tmp_path / "log.txt", format="csv")
    assert md.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SearchLogError, match="'md' or 'csv'"):
        export_search_log(tmp_path / "x.pdf", format="pdf")


def test_public_names() -> None:
    assert coursekit.log_search is log_search
    assert coursekit.search_log is search_log
    assert coursekit.export_search_log is export_search_log
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        coursekit.find_sources(coursekit.load_case("summit-2025"), "alaska")
    assert list(search_log()["where"]) == ["case finder"]


def test_each_course_copy_keeps_its_own_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSEKIT_COURSE", "class-a")
    log_search("searched in class A", where="Bing")
    monkeypatch.setenv("COURSEKIT_COURSE", "class-b")
    log_search("searched in class B", where="Bing")
    assert list(search_log()["query"]) == ["searched in class B"]
    assert list(search_log("class-a")["query"]) == ["searched in class A"]
    exported = export_search_log(tmp_path / "a.csv", course="class-a")
    text = exported.read_text(encoding="utf-8")
    assert "searched in class A" in text and "class B" not in text
