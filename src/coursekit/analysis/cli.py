"""``coursekit analyze FILE``: read a text, analyse it, print or write the report."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.analysis.report import Report
    from coursekit.cases import Case

__all__ = ["FORMATS", "run_analyze_command"]

FORMATS = ("text", "json", "html", "md")


def _error(message: str) -> int:
    print(f"coursekit analyze: {message}", file=sys.stderr)
    return 2


class _Failure(Exception):
    """The input, the case or the output cannot be used; the message says how to fix it."""


def _read(file: str, stdin: TextIO | None = None) -> str:
    if file == "-":
        stream = stdin if stdin is not None else sys.stdin
        data = getattr(stream, "buffer", None)
        if data is not None:
            return data.read().decode("utf-8")
        return stream.read()
    return Path(file).read_bytes().decode("utf-8")


def _read_text(file: str) -> str:
    """Read ``file`` (``-``: standard input) as UTF-8; :class:`_Failure` says what is wrong."""
    try:
        return _read(file)
    except FileNotFoundError:
        raise _Failure(f"cannot find the file {file!r}. Check the path and try again.") from None
    except IsADirectoryError:
        raise _Failure(
            f"{file!r} is a folder, not a text file. Give the path of a .txt file."
        ) from None
    except PermissionError:
        raise _Failure(f"no permission to read {file!r}.") from None
    except UnicodeDecodeError as exc:
        raise _Failure(
            f"{file!r} is not UTF-8 text (undecodable byte at position {exc.start}). "
            "Save it as UTF-8 (in most editors: Save As > Encoding: UTF-8) and try again."
        ) from None
    except OSError as exc:
        raise _Failure(f"cannot read {file!r}: {exc.strerror or exc}.") from None


def _load_case(case_name: str | None) -> Case | None:
    """The case named (bundled name or folder), or None; :class:`_Failure` when it fails."""
    if not case_name:
        return None
    try:
        from coursekit.cases import load_case

        return load_case(case_name)
    except Exception as exc:  # the case loader's message says what is wrong
        raise _Failure(f"cannot load the case {case_name!r}: {exc}") from None


def _render(report: Report, fmt: str, file: str) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        title = "coursekit analysis" + (f": {Path(file).name}" if file != "-" else "")
        return report.to_html(title=title)
    if fmt == "md":
        return report.to_markdown()
    return report.to_text()


def _write(rendered: str, out: str | None, fmt: str) -> None:
    """Write to ``out`` (saying so on standard error), or to standard output."""
    if not out:
        sys.stdout.write(rendered)
        return
    try:
        Path(out).write_text(rendered, encoding="utf-8")
    except OSError as exc:
        raise _Failure(f"cannot write {out!r}: {exc.strerror or exc}.") from None
    print(f"Wrote {fmt} report to {out}", file=sys.stderr)


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
    from coursekit.analysis.core import analyze

    try:
        text = _read_text(file)
        case = _load_case(case_name)
        _write(_render(analyze(text, case=case), fmt, file), out, fmt)
    except _Failure as exc:
        return _error(str(exc))
    return 0
