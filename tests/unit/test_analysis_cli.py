"""``coursekit analyze``: formats, stdin, errors without tracebacks."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from coursekit.analysis import analyze
from coursekit.cli import main

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "data" / "summit-2025" / "article.txt"


def test_json_is_exactly_to_dict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(ARTICLE), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = analyze(ARTICLE.read_text(encoding="utf-8")).to_dict()
    assert printed == json.loads(json.dumps(expected))


def test_case_option_adds_anachronisms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(ARTICLE), "--format", "json", "--case", "summit-2025"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["case"] == "summit-2025"
    assert printed["summary"]["anachronism"] == 4


@pytest.mark.parametrize(
    ("fmt", "start"), [("text", ""), ("md", "# Text analysis"), ("html", "<!DOCTYPE html>")]
)
def test_formats(fmt: str, start: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(ARTICLE), "--format", fmt]) == 0
    assert capsys.readouterr().out.startswith(start)


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["analyze", str(ARTICLE), "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Wrote html report" in capsys.readouterr().err


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"Officials said it may rain."), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert main(["analyze", "-", "--format", "json"]) == 0
    kinds = [f["kind"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert kinds == ["vague-attribution", "hedge"]


def test_missing_file_exits_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert "cannot find the file" in err and "Check the path" in err
    assert "Traceback" not in err


def test_non_utf8_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    assert main(["analyze", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "is not UTF-8 text" in err and "Save it as UTF-8" in err
    assert "Traceback" not in err


def test_unknown_case_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(ARTICLE), "--case", "no-such-case"]) == 2
    assert "cannot load the case 'no-such-case'" in capsys.readouterr().err
