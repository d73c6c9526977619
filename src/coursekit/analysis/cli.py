"""``coursekit analyze FILE``: read a text, analyse it, print or write the report."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

__all__ = ["FORMATS", "run_analyze_command"]

FORMATS = ("text", "json", "html", "md")


def _error(message: str) -> int:
    print(f"coursekit analyze: {message}", file=sys.stderr)
    return 2


def _read(file: str, stdin: TextIO | None = None) -> str:
    if file == "-":
        stream = stdin if stdin is not None else sys.stdin
        data = getattr(stream, "buffer", None)
        if data is not None:
            return data.read().decode("utf-8")
        return stream.read()
    return Path(file).read_bytes().decode("utf-8")


def run_analyze_command(
    file: str,
    *,
    fmt: str = "text",
    case_name: str | None = None,
    out: str | None = None,
) -> int:
    """Analyse ``file`` (``-`` for standard input) and print or write the report.

    Parameters
    ----------
    file
        Path of a UTF-8 text file, or ``-`` to read standard input.
    fmt
        ``text``, ``json`` (exactly :meth:`Report.to_dict`), ``html`` (a self-contained
        page) or ``md``.
    case_name
        A bundled case name or a case folder, resolved with :func:`coursekit.cases.load_case`.
    out
        Write the report to this path instead of standard output.

    Returns
    -------
    int
        0 on success, 2 when the input, the case or the output cannot be used (the
        message on standard error says what and how to fix it).
    """
    if fmt not in FORMATS:
        return _error(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    try:
        text = _read(file)
    except FileNotFoundError:
        return _error(f"cannot find the file {file!r}. Check the path and try again.")
    except IsADirectoryError:
        return _error(f"{file!r} is a folder, not a text file. Give the path of a .txt file.")
    except PermissionError:
        return _error(f"no permission to read {file!r}.")
    except UnicodeDecodeError as exc:
        return _error(
            f"{file!r} is not UTF-8 text (undecodable byte at position {exc.start}). "
            "Save it as UTF-8 (in most editors: Save As > Encoding: UTF-8) and try again."
        )
    except OSError as exc:
        return _error(f"cannot read {file!r}: {exc.strerror or exc}.")

    case = None
    if case_name:
        try:
            from coursekit.cases import load_case

            case = load_case(case_name)
        except Exception as exc:  # the case loader's message says what is wrong
            return _error(f"cannot load the case {case_name!r}: {exc}")

    from coursekit.analysis.core import analyze

    report = analyze(text, case=case)
    if fmt == "json":
        rendered = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        title = "coursekit analysis" + (f": {Path(file).name}" if file != "-" else "")
        rendered = report.to_html(title=title)
    elif fmt == "md":
        rendered = report.to_markdown()
    else:
        rendered = report.to_text()

    if out:
        try:
            Path(out).write_text(rendered, encoding="utf-8")
        except OSError as exc:
            return _error(f"cannot write {out!r}: {exc.strerror or exc}.")
        print(f"Wrote {fmt} report to {out}", file=sys.stderr)
    else:
        sys.stdout.write(rendered)
    return 0
