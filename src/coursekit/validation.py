"""Validation: check a case folder and report every problem with where and how to fix it.

:func:`validate_case` checks the tables against ``datapackage.json`` with
frictionless (imported only when it runs), then applies the case rules
frictionless cannot express: claim offsets into the article, knowledge windows,
``;``-separated id lists, the article's reference list, verdicts and stances the code
cannot interpret (:data:`coursekit.vocabulary.INTERPRETED`), and evidence rows that
repeat one statement without a shared ``relays`` value (see :func:`_check_relays`).
Loading lives in :mod:`coursekit.cases`; ``coursekit.cases.validate_case`` hands over
to this module.

Examples
--------
>>> from coursekit.validation import validate_case
>>> validate_case("summit-2025")
[]
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.cases import (
    TABLES,
    CaseError,
    Problem,
    _bundled_cases,
    _dialect,
    _extras,
    _fields,
    _is_required,
    _looks_like_path,
    _read_json,
    _universal_newlines,
    bundled_case_path,
)
from coursekit.vocabulary import INTERPRETED, schema_field

if TYPE_CHECKING:  # pragma: no cover
    from frictionless import Report, ReportTask
    from frictionless.errors import (
        BlankLabelError,
        BlankRowError,
        ConstraintError,
        Error,
        ExtraCellError,
        ForeignKeyError,
        MissingCellError,
        MissingLabelError,
        PrimaryKeyError,
        RowError,
        UniqueError,
    )
    from frictionless.errors import TypeError as CellTypeError

__all__ = ["validate_case"]

#: A parsed JSON object from a case folder (``datapackage.json``, one of its resources or
#: fields): hand-edited, so its values may be anything and are checked where they are read.
_Json = dict[str, Any]

# ';'-separated id lists: (table, column) -> (referenced table, its id column).
_ID_LISTS: dict[tuple[str, str], tuple[str, str]] = {
    ("claims", "event_ids"): ("events", "event_id"),
    ("inconsistencies", "claim_ids"): ("claims", "claim_id"),
    ("inconsistencies", "source_ids"): ("sources", "source_id"),
}

_COPY_SCHEMA_FIX = (
    "copy datapackage.json from a bundled case (coursekit.cases.bundled_case_path"
    "('summit-2025')) into the folder."
)


# --------------------------------------------------------------------------- reading


@dataclass
class _Table:
    """A CSV read leniently (all text) for the case rules and for locating rows."""

    header: list[str]
    rows: list[list[str]]  # data rows; rows[i] is spreadsheet row i + 2
    lines: list[int]  # lines[i]: the editor line where rows[i] starts

    def value(self, row: int, column: str) -> str | None:
        if column not in self.header or not 2 <= row < len(self.rows) + 2:
            return None
        cells = self.rows[row - 2]
        index = self.header.index(column)
        return cells[index] if index < len(cells) else None

    def line(self, row: int | None) -> int | None:
        if row is None or not 2 <= row < len(self.rows) + 2:
            return None
        return self.lines[row - 2]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        for i, cells in enumerate(self.rows):
            yield i + 2, dict(zip(self.header, cells, strict=False))


def _decode(folder: Path, relative: str, problems: list[Problem]) -> str | None:
    """Read a file as UTF-8, reporting a missing, non-UTF-8 or empty file."""
    path = folder / relative
    is_table = relative.lower().endswith(".csv")
    if not path.is_file():
        described = " (its columns are described in datapackage.json)" if is_table else ""
        problems.append(
            Problem(
                relative,
                None,
                None,
                f"the file is missing from {os.fspath(folder)!r}.",
                f"add {relative} to the case folder{described}, or check the spelling of its name.",
            )
        )
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1]
        guess = byte.decode("cp1252", errors="replace")
        how = (
            "in Excel choose 'CSV UTF-8 (Comma delimited)'; in LibreOffice choose the "
            "character set 'Unicode (UTF-8)'"
            if is_table
            else "in your text editor choose the encoding UTF-8 when saving"
        )
        problems.append(
            Problem(
                relative,
                line if is_table else None,
                None,
                f"the file is not UTF-8: byte 0x{byte.hex()} on line {line} is probably "
                f"{guess!r} saved as Latin-1 or Windows-1252.",
                f"save the file as UTF-8 ({how}).",
            )
        )
        return None
    if not text.strip():
        problems.append(
            Problem(
                relative,
                None,
                None,
                "the file is empty.",
                "restore its content; a table needs at least its header line."
                if is_table
                else "restore its content.",
            )
        )
        return None
    return text


def _read_table(text: str, resource: _Json) -> _Table:
    delimiter, quotechar = _dialect(resource)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar)
    header: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    previous_end = 0
    for cells in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not header and not rows:
            header = [c.strip() for c in cells]
            continue
        rows.append(cells)
        lines.append(start)
    return _Table(header, rows, lines)


def _known_schema() -> dict[str, list[str]]:
    """Field names per table of the kit's own schema (the bundled default case)."""
    try:
        package = _read_json(bundled_case_path() / "datapackage.json")
        return {r["name"]: [f["name"] for f in _fields(r)] for r in package["resources"]}
    except (CaseError, OSError, ValueError, KeyError, TypeError):
        return {}


def _check_descriptor(folder: Path, problems: list[Problem]) -> _Json | None:
    """Read datapackage.json and check it describes the six tables coursekit needs."""
    not_a_case = _not_a_case_folder(folder)
    if not_a_case is not None:
        problems.append(not_a_case)
        return None
    package = _read_descriptor(folder, problems)
    if package is not None:
        problems.extend(_undescribed_tables(package))
    return package


def _not_a_case_folder(folder: Path) -> Problem | None:
    """The problem with a path that is not a folder holding datapackage.json, if any."""
    if not folder.exists():
        return Problem(
            os.fspath(folder),
            None,
            None,
            "the folder does not exist.",
            "check the path; a case folder contains datapackage.json, the CSV tables "
            "and article.txt.",
        )
    if not folder.is_dir():
        return Problem(
            os.fspath(folder),
            None,
            None,
            "this is a file, not a case folder.",
            "pass the folder that contains datapackage.json.",
        )
    if not (folder / "datapackage.json").is_file():
        return Problem(
            "datapackage.json",
            None,
            None,
            f"{os.fspath(folder)!r} has no datapackage.json, so it is not a case folder.",
            _COPY_SCHEMA_FIX,
        )
    return None


def _read_descriptor(folder: Path, problems: list[Problem]) -> _Json | None:
    """``datapackage.json`` parsed, if it is JSON with a list of named resources."""
    text = _decode(folder, "datapackage.json", problems)
    if text is None:
        return None
    try:
        package = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                "datapackage.json",
                None,
                None,
                f"the file is not valid JSON: {error.msg} (line {error.lineno}, "
                f"column {error.colno}).",
                "correct the JSON syntax there (a missing comma, quote or bracket is the "
                "usual cause), or " + _COPY_SCHEMA_FIX,
            )
        )
        return None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(
        isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("path"), str)
        for r in resources
    ):
        problems.append(
            Problem(
                "datapackage.json",
                None,
                None,
                "it has no 'resources' list of tables, each with a 'name' and a 'path'.",
                _COPY_SCHEMA_FIX,
            )
        )
        return None
    described: _Json = package
    return described


def _undescribed_tables(package: _Json) -> Iterator[Problem]:
    """The tables, and the fields of the kit's schema, that the package does not describe."""
    names = {r["name"]: r for r in package["resources"]}
    expected = _known_schema()
    for table in TABLES:
        if table not in names:
            yield Problem(
                "datapackage.json",
                None,
                None,
                f"it does not describe the table {table!r}; coursekit needs all of "
                f"{', '.join(TABLES)}.",
                _COPY_SCHEMA_FIX,
            )
            continue
        declared = [f.get("name") for f in _fields(names[table]) if isinstance(f, dict)]
        missing = [f for f in expected.get(table, []) if f not in declared]
        if missing:
            yield Problem(
                "datapackage.json",
                None,
                None,
                f"the schema of {table!r} lacks the field(s) {', '.join(missing)}, "
                "which coursekit needs.",
                _COPY_SCHEMA_FIX,
            )


def validate_case(path: str | os.PathLike[str]) -> list[Problem]:
    """Check a case folder and return every problem found (an empty list if none).

    The tables are checked against ``datapackage.json`` with frictionless
    (types, required values, enums, patterns, unique ids and primary keys,
    foreign keys); then the case rules: ``datapackage.json`` describes the six
    tables with the fields coursekit uses, every file is UTF-8 and not empty,
    ``article.txt`` exists, each claim's ``text`` equals
    ``article[start:end]``, a claim's ``written_after`` is not later than its
    ``written_before``, ``;``-separated id lists point at existing ids, and
    ``article.json`` (if present) parses, its references' ``source_id`` values
    exist and their ``text`` sits at their ``start``/``end`` in the article, and
    evidence rows that repeat one statement (a readout, a joint statement) share a
    ``relays`` value, so that :func:`coursekit.corroboration` counts it once, and
    verdicts and stances (the schema's ``enum``, or the cells when it has none) stay
    within the words the code interprets (:data:`coursekit.vocabulary.INTERPRETED`). When all
    that holds, the settings in the ``coursekit`` block (window of days, default claim
    and day, event categories; see :mod:`coursekit.settings`) must fit the case.

    Row numbers count the header as row 1, as a spreadsheet shows them.
    Extra columns that the schema does not list are allowed.

    Parameters
    ----------
    path
        A case folder. A bundled case name (``"summit-2025"``) also works when
        no folder of that name exists in the working directory.

    Returns
    -------
    list of Problem
        Sorted by file and row. Each has ``.format()`` for a one-line report.
    """
    problems: list[Problem] = []
    folder = Path(os.path.expanduser(os.fspath(path)))
    if not folder.exists() and not _looks_like_path(path):
        folder = _bundled_cases().get(str(path), folder)
    if folder.name == "datapackage.json" and folder.is_file():
        folder = folder.parent
    package = _check_descriptor(folder, problems)
    if package is None:
        return problems

    tables = _read_tables(folder, package, problems)
    problems.extend(_frictionless_problems(folder, package, tables))
    extras = _extras(package)
    article_file = str(extras.get("article", "article.txt"))
    article = _decode(folder, article_file, problems)
    if article is not None:
        article = _universal_newlines(article)
    problems.extend(_case_rules(folder, package, tables, article, article_file))
    if not problems:
        problems.extend(_settings_problems(folder))
    return sorted(problems, key=lambda p: (p.file, p.row or 0))


def _read_tables(folder: Path, package: _Json, problems: list[Problem]) -> dict[str, _Table]:
    """Read every table the package describes; report those that cannot be read."""
    tables: dict[str, _Table] = {}
    resources = {r["name"]: r for r in package["resources"]}  # a repeated name: the last
    for name, resource in resources.items():
        text = _decode(folder, resource["path"], problems)
        if text is None:
            continue
        try:
            table = _read_table(text, resource)
        except (csv.Error, TypeError) as error:
            problems.append(
                Problem(
                    resource["path"],
                    None,
                    None,
                    f"the file cannot be read as CSV ({error}).",
                    "open it in a spreadsheet program and save it again as 'CSV UTF-8', "
                    "and check the dialect in datapackage.json.",
                )
            )
            continue
        duplicated = sorted({c for c in table.header if table.header.count(c) > 1})
        if duplicated:
            problems.append(
                Problem(
                    resource["path"],
                    1,
                    duplicated[0],
                    f"the header names the column(s) {', '.join(map(repr, duplicated))} "
                    "more than once.",
                    "give each column a distinct name, as listed in datapackage.json.",
                )
            )
            continue
        tables[name] = table
    return tables


def _settings_problems(folder: Path) -> list[Problem]:
    """The ``coursekit`` block's settings (window, defaults, categories) fit the case."""
    from coursekit.cases import _load
    from coursekit.settings import case_settings

    try:
        case_settings(_load(folder))
    except CaseError as error:
        return list(error.problems)
    except (OSError, ValueError, KeyError, TypeError):
        return []  # a folder that does not load is reported by the rules above
    return []


# --------------------------------------------------------------------------- frictionless


def _resource_of(package: _Json, name: str) -> _Json:
    return next(r for r in package["resources"] if r["name"] == name)


def _spec(resource: _Json, column: str | None) -> _Json:
    return next((f for f in _fields(resource) if f.get("name") == column), {})


def _ids_hint(
    tables: dict[str, _Table], table: str, column: str, pattern: str | None = None
) -> str:
    """A few distinct existing values of a column, e.g. " (e.g. E01, E02, E03)", or "".

    With ``pattern``, only values matching it are offered as examples.
    """
    known = tables.get(table)
    if known is None or column not in known.header:
        return ""
    values = [values.get(column, "") for _, values in known.records()]
    distinct = [
        v for v in dict.fromkeys(values) if v and (pattern is None or _full_match(pattern, v))
    ]
    if not distinct:
        return ""
    if len(distinct) <= 5:
        return f" ({', '.join(distinct)})"
    return f" (e.g. {', '.join(distinct[:3])})"


def _full_match(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return False


_TYPE_FIXES: dict[str, tuple[str, str]] = {
    "date": ("is not a valid date", "write dates as YYYY-MM-DD, e.g. 2025-08-15."),
    "integer": ("is not a whole number", "write a whole number without spaces, e.g. 42."),
    "number": ("is not a number", "write a number with a dot for decimals, e.g. 0.5."),
    "boolean": ("is not true or false", "write true or false (lower case)."),
    "string/uri": (
        "is not a full web address",
        "write the complete URL including https://, e.g. https://www.example.org/page.",
    ),
}


@dataclass(frozen=True)
class _Context:
    file: str
    resource: _Json
    table: _Table | None
    tables: dict[str, _Table]
    package: _Json


def _type_error(error: CellTypeError, ctx: _Context) -> tuple[str, str]:
    spec = _spec(ctx.resource, error.field_name)
    kind = spec.get("type", "string")
    key = f"{kind}/{spec['format']}" if spec.get("format") not in (None, "default") else kind
    what, fix = _TYPE_FIXES.get(key, _TYPE_FIXES.get(kind, (f"is not a valid {kind}", "")))
    return f"{error.cell!r} {what}.", fix or f"write a value of type {kind}."


def _constraint_error(error: ConstraintError, ctx: _Context) -> tuple[str, str]:
    found = re.search(r'constraint "(\w+)"', error.note or "")
    constraint = found.group(1) if found else ""
    spec = _spec(ctx.resource, error.field_name)
    limits = spec.get("constraints", {})
    cell = error.cell
    if constraint == "required":
        described = spec.get("description", "")
        return (
            "this value is required but the cell is empty.",
            f"fill in the {error.field_name!r} of this row"
            + (f": {described}" if described else "."),
        )
    if constraint == "enum":
        allowed = [str(v) for v in limits.get("enum", [])]
        close = difflib.get_close_matches(str(cell).strip().lower(), allowed, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        return (
            f"{cell!r} is not one of the allowed values: {', '.join(allowed)}.{hint}",
            "use one of the allowed values exactly as written (lower case, hyphens, no spaces).",
        )
    if constraint == "pattern":
        pattern = str(limits.get("pattern", ""))
        examples = _ids_hint(ctx.tables, ctx.resource["name"], error.field_name, pattern)
        return (
            f"{cell!r} does not have the expected form (pattern {limits.get('pattern')}).",
            f"write it like the other values of this column{examples}. "
            + spec.get("description", "The field's description is in datapackage.json."),
        )
    if constraint in ("minimum", "maximum", "minLength", "maxLength"):
        return (
            f"{cell!r} breaks the rule {constraint} = {limits.get(constraint)!r}.",
            f"use a value that satisfies {constraint} = {limits.get(constraint)!r}.",
        )
    return (error.message + ".", "see the field's constraints in datapackage.json.")


def _duplicate_note(error: RowError) -> str:
    found = re.search(r"row at position (\d+)", error.note or "")
    return f" (row {found.group(1)} already has it)" if found else ""


def _unique_error(error: UniqueError, ctx: _Context) -> tuple[str, str]:
    return (
        f"{error.cell!r} appears twice{_duplicate_note(error)}; each row needs its own "
        f"{error.field_name}.",
        f"change the {error.field_name} of this row to a value no other row uses, or delete "
        "the row if it is a copy.",
    )


def _primary_key_error(error: PrimaryKeyError, ctx: _Context) -> tuple[str, str]:
    key = ctx.resource.get("schema", {}).get("primaryKey", [])
    key = [key] if isinstance(key, str) else list(key)
    values = [ctx.table.value(error.row_number, k) if ctx.table else None for k in key]
    if not any(values):
        return (
            f"the key column(s) {', '.join(key)} are empty.",
            "fill them in, or delete the row if it is not needed.",
        )
    pair = ", ".join(f"{k}={v!r}" for k, v in zip(key, values, strict=True))
    return (
        f"the combination {pair} appears twice{_duplicate_note(error)}.",
        "merge the two rows into one, or delete the duplicate.",
    )


def _foreign_key_error(error: ForeignKeyError, ctx: _Context) -> tuple[str, str]:
    pairs = ", ".join(
        f"{f} {c!r}" for f, c in zip(error.field_names, error.field_cells, strict=False)
    )
    target = error.reference_name
    target_file = _resource_of(ctx.package, target)["path"]
    id_column = error.reference_field_names[0]
    return (
        f"{pairs} does not exist in {target_file}.",
        f"use an existing {id_column}{_ids_hint(ctx.tables, target, id_column)}, or add the "
        f"missing row to {target_file}.",
    )


def _missing_label(error: MissingLabelError, ctx: _Context) -> tuple[str, str]:
    labels = ctx.table.header if ctx.table else []
    declared = [str(f.get("name")) for f in _fields(ctx.resource)]
    strays = [label for label in labels if label not in declared]
    close = difflib.get_close_matches(error.field_name, strays, n=1, cutoff=0.6)
    hint = f" The header has {close[0]!r}: is that it, misspelt?" if close else ""
    return (
        f"the column {error.field_name!r} is missing from the header.{hint}",
        f"add a column named {error.field_name!r} (the header must contain: "
        f"{', '.join(declared)}).",
    )


def _missing_cell(error: MissingCellError, ctx: _Context) -> tuple[str, str]:
    return (
        "the row has fewer cells than the header, so this column has no value.",
        "add the missing cells (count the commas) and put any text containing a comma "
        'in double quotes, e.g. "Anchorage, Alaska".',
    )


def _extra_cell(error: ExtraCellError, ctx: _Context) -> tuple[str, str]:
    return (
        f"the row has more cells than the header (extra value {error.cell!r}).",
        'put text that contains a comma in double quotes, e.g. "Anchorage, Alaska", '
        "or remove the stray comma.",
    )


def _blank_row(error: BlankRowError, ctx: _Context) -> tuple[str, str]:
    return ("the row is empty.", "delete the empty line.")


def _blank_label(error: BlankLabelError, ctx: _Context) -> tuple[str, str]:
    return (
        "a column in the header has no name.",
        "name it as in datapackage.json, or delete the empty column.",
    )


# One place for every frictionless error type we explain; anything else is reported with
# frictionless's own message. Types listed with None are redundant with another error on
# the same row (or are allowed, like extra columns) and are not reported. Each function
# takes the error class of its type (CellTypeError for "type-error", ...), hence "...".
_FRICTIONLESS_ERRORS: dict[str, Callable[..., tuple[str, str]] | None] = {
    "type-error": _type_error,
    "constraint-error": _constraint_error,
    "unique-error": _unique_error,
    "primary-key": _primary_key_error,
    "foreign-key": _foreign_key_error,
    "missing-label": _missing_label,
    "missing-cell": _missing_cell,
    "extra-cell": _extra_cell,
    "blank-row": _blank_row,
    "blank-label": _blank_label,
    "extra-label": None,  # extra columns are allowed: instructors may keep notes there
}


_ROW_LEVEL = ("missing-cell", "blank-row", "unique-error")


def _frictionless_problems(
    folder: Path, package: _Json, tables: dict[str, _Table]
) -> list[Problem]:
    descriptor = _descriptor_for_frictionless(package, tables)
    if not descriptor["resources"]:
        return []
    report = _run_frictionless(descriptor, folder)
    if isinstance(report, Problem):
        return [report]
    problems = [
        Problem("datapackage.json", None, None, error.message + ".", _COPY_SCHEMA_FIX)
        for error in report.errors
    ]
    for task in report.tasks:
        problems.extend(_task_problems(task, package, tables))
    return problems


def _descriptor_for_frictionless(package: _Json, tables: dict[str, _Table]) -> _Json:
    """A copy of ``package`` for frictionless: the tables that could be read, schemas relaxed.

    Only tables that could be read go to frictionless, and foreign keys into a table that
    could not be read are dropped: that table's own problem is already reported, and
    every row pointing into it would otherwise be reported again.
    """
    descriptor: _Json = json.loads(json.dumps(package))
    kept = [
        r
        for r in descriptor["resources"]
        if r["name"] in tables and isinstance(r.get("schema"), dict)
    ]  # a table without a schema object is reported by _check_descriptor
    names = {r["name"] for r in kept}
    for resource in kept:
        _relax_schema(resource["schema"], set(tables[resource["name"]].header), names)
    descriptor["resources"] = kept
    descriptor.pop("coursekit", None)
    return descriptor


def _relax_schema(schema: _Json, header: set[str], names: set[str]) -> None:
    """Let a case's CSV leave out optional columns and order its columns freely."""
    # Match columns by header name ("subset": every schema field must be in the header,
    # in any order, extra columns allowed), so a missing or moved column is one problem
    # rather than a shifted value in every row.
    schema.setdefault("fieldsMatch", "subset")
    # Optional columns may be left out of a case's CSV (the loader adds them empty), so
    # an instructor's case need not carry every column the bundled case has.
    if isinstance(schema.get("fields"), list):
        schema["fields"] = [
            f
            for f in schema["fields"]
            if not isinstance(f, dict) or f.get("name") in header or _is_required(f)
        ]
    if isinstance(schema.get("foreignKeys"), list):
        schema["foreignKeys"] = [
            fk
            for fk in schema["foreignKeys"]
            if isinstance(fk, dict)
            and isinstance(fk.get("reference"), dict)
            and fk["reference"].get("resource", "") in ("", *names)
        ]


def _run_frictionless(descriptor: _Json, folder: Path) -> Report | Problem:
    """Frictionless's report on the tables, or the problem that stopped it."""
    from frictionless import FrictionlessException, Package

    try:
        return Package(descriptor, basepath=os.fspath(folder)).validate()
    except FrictionlessException as failure:
        return Problem(
            "datapackage.json",
            None,
            None,
            f"frictionless cannot read the package description: {failure.error.message}.",
            "correct datapackage.json, or " + _COPY_SCHEMA_FIX,
        )
    except Exception as failure:  # a hand-edited descriptor must never crash the command line
        return Problem(
            "datapackage.json",
            None,
            None,
            f"frictionless could not check the tables ({type(failure).__name__}: {failure}).",
            "compare datapackage.json with the bundled one, or " + _COPY_SCHEMA_FIX,
        )


def _task_problems(
    task: ReportTask, package: _Json, tables: dict[str, _Table]
) -> Iterator[Problem]:
    """The problems in one table's report, each explained once."""
    resource = _resource_of(package, task.name)
    table = tables.get(task.name)
    ctx = _Context(resource["path"], resource, table, tables, package)
    reported: set[tuple[int | None, str | None]] = set()
    explained_rows: set[int | None] = set()
    # Row-level errors first, so the errors they cause on the same row can be skipped.
    for error in sorted(task.errors, key=lambda e: e.type not in _ROW_LEVEL):
        row, column = _error_place(error)
        if error.type in _ROW_LEVEL:
            explained_rows.add(row)
        explain = _FRICTIONLESS_ERRORS.get(error.type, _fallback)
        if explain is None or _told_already(error.type, row, column, reported, explained_rows):
            continue
        message, fix = explain(error, ctx)
        reported.add((row, column))
        yield Problem(ctx.file, row, column, message, fix, table.line(row) if table else None)


def _error_place(error: Error) -> tuple[int | None, str | None]:
    """The row and column a frictionless error is about (a foreign key: its first field)."""
    row: int | None = getattr(error, "row_number", None)
    names: list[str] | None = getattr(error, "field_names", None)
    if error.type == "foreign-key" and names:
        return row, names[0]
    column: str | None = getattr(error, "field_name", None) or None
    return row, column


def _told_already(
    kind: str,
    row: int | None,
    column: str | None,
    reported: set[tuple[int | None, str | None]],
    explained_rows: set[int | None],
) -> bool:
    """Whether an error repeats a problem already reported on its row."""
    # A short row is one "missing cell" per column; its empty required cells and the
    # duplicate "primary key" of a unique id are the same problem told twice.
    if kind == "constraint-error" and (row, column) in reported:
        return True
    return kind == "primary-key" and row in explained_rows


def _fallback(error: Error, ctx: _Context) -> tuple[str, str]:
    return (error.message + ".", "compare the file with its description in datapackage.json.")


# --------------------------------------------------------------------------- case rules


def _case_rules(
    folder: Path,
    package: _Json,
    tables: dict[str, _Table],
    article: str | None,
    article_file: str,
) -> list[Problem]:
    problems: list[Problem] = []
    extras = _extras(package)
    separator = str(extras.get("list_separator", ";"))
    claims = tables.get("claims")
    if claims is not None:
        claims_file = _resource_of(package, "claims")["path"]
        if article is not None:
            problems.extend(_check_claim_offsets(claims, claims_file, article, article_file))
        problems.extend(_check_windows(claims, claims_file))
    for (table, column), (target, id_column) in _ID_LISTS.items():
        source, known = tables.get(table), tables.get(target)
        if source is None or known is None or column not in source.header:
            continue
        ids = {values.get(id_column, "") for _, values in known.records()}
        file = _resource_of(package, table)["path"]
        target_file = _resource_of(package, target)["path"]
        for row, values in source.records():
            problems.extend(
                _check_id_list(
                    (file, row, column, source.line(row)),
                    values.get(column, ""),
                    separator,
                    ids,
                    target_file,
                )
            )
    problems.extend(_check_article_json(folder, package, tables, article, article_file))
    problems.extend(_check_vocabularies(package, tables))
    evidence = tables.get("evidence")
    if evidence is not None:
        problems.extend(_check_relays(evidence, _resource_of(package, "evidence")["path"]))
    return problems


# --------------------------------------------------------------------------- vocabularies


def _check_vocabularies(package: _Json, tables: dict[str, _Table]) -> Iterator[Problem]:
    """Verdicts and stances stay within the words the code interprets.

    A schema ``enum`` that allows another word is reported in ``datapackage.json``; a
    column without an ``enum`` (which frictionless then does not check) has its cells
    checked here.
    """
    for (table, column), known in INTERPRETED.items():
        constraints = schema_field(package, table, column).get("constraints")
        enum = constraints.get("enum") if isinstance(constraints, dict) else None
        resource = next((r for r in package["resources"] if r["name"] == table), None)
        if resource is None:
            continue  # the missing table is reported by _check_descriptor
        file = str(resource["path"])
        if isinstance(enum, list):
            yield from _enum_beyond(table, column, [str(v) for v in enum], known, file)
        elif table in tables and column in tables[table].header:
            yield from _cells_beyond(tables[table], file, column, known)


def _enum_beyond(
    table: str, column: str, enum: list[str], known: tuple[str, ...], file: str
) -> Iterator[Problem]:
    listed = ", ".join(known)
    for value in (v for v in enum if v not in known):
        yield Problem(
            "datapackage.json",
            None,
            f"{table}.{column}",
            f"the enum of {column!r} in the {table!r} table allows {value!r}, a "
            f"{column} coursekit cannot interpret: its code knows only {listed}.",
            f"remove {value!r} from that enum and use one of {listed} in the {column} "
            f"column of {file}.",
        )


def _cells_beyond(
    rows: _Table, file: str, column: str, known: tuple[str, ...]
) -> Iterator[Problem]:
    listed = ", ".join(known)
    for row, values in rows.records():
        value = values.get(column, "")
        if not value or value in known:
            continue
        close = difflib.get_close_matches(value.strip().lower(), known, n=1)
        yield Problem(
            file,
            row,
            column,
            f"{value!r} is not a {column} coursekit can interpret: its code knows only "
            f"{listed}.{f' Did you mean {close[0]!r}?' if close else ''}",
            f"use one of {listed}, exactly as written (the schema gives {column!r} no enum, "
            "so nothing else checks it).",
            rows.line(row),
        )


# --------------------------------------------------------------------------- relays

#: A note naming a readout: "Kremlin readout", "the Xinhua/CCTV readout" (key: the name).
_NAMED_READOUT = re.compile(r"\b([A-Z][\w.-]*(?:/[A-Z][\w.-]*)?)(?:'s)? readouts?\b")
_NOT_A_NAME = frozenset({"A", "An", "The", "This", "That", "Its", "Their", "Same", "First"})
#: A note saying the row repeats a statement another row already stands for.
_SAME_STATEMENT = re.compile(
    r"^(?:the )?same (readout|joint statement|statement|post|announcement|map)\b", re.IGNORECASE
)
#: A note saying the row passes a statement on ("relays the Kremlin readout", "Relays DeepState").
_SAYS_RELAYS = re.compile(r"\b[Rr]elay(?:s|ed|ing)?\b(?! (?:one|a) statement)")
#: Words in a note marking a row as the outlet's own reporting (exempt from check 1).
_OWN_REPORTING = "own reporting"


def _statement_key(note: str) -> str | None:
    """The statement a note names ("kremlin readout", "joint statement"), or None."""
    for match in _NAMED_READOUT.finditer(note):
        if match.group(1) not in _NOT_A_NAME:
            return f"{match.group(1).casefold()} readout"
    if "joint statement" in note.casefold():
        return "joint statement"
    return None


def _check_relays(evidence: _Table, file: str) -> list[Problem]:
    """Evidence rows that repeat one statement must say so in ``relays``.

    ``corroboration()`` counts rows that share a ``relays`` value once; a row left empty
    counts as its outlet's own source, so an unfilled relay over-counts independent
    support. Five checks, each naming the rows to look at:

    * a source that relays a statement under one claim, cited again under another claim
      with an empty ``relays`` next to other rows that relay (or, empty, repeat) the same
      statement: two or more such rows, or one beside rows that do carry the relay;
    * two or more rows of one claim whose notes name the same readout or joint statement
      but do not share one non-empty ``relays`` value;
    * a note that says the row relays something while ``relays`` is empty;
    * a note that says "same readout / statement / post / announcement / map" on a row
      whose ``relays`` is empty or matches no other row of the claim;
    * two spellings of one relay that differ only in case, spacing or a final full stop.
    """
    if not {"claim_id", "source_id"} <= set(evidence.header):
        return []
    records = list(evidence.records())
    elsewhere = _relays_by_source(records)
    flagged: dict[int, tuple[str, str]] = {}  # row -> (message, fix); first rule wins
    for claim, rows in _rows_by_claim(records).items():
        for row, message, fix in _relay_findings(claim, rows, elsewhere):
            flagged.setdefault(row, (message, fix))
    for row, message, fix in _relay_spellings(records):
        flagged.setdefault(row, (message, fix))
    return [
        Problem(file, row, "relays", message, fix, evidence.line(row))
        for row, (message, fix) in sorted(flagged.items())
    ]


#: Evidence rows as (spreadsheet row, {column: cell}).
_Rows = list[tuple[int, dict[str, str]]]
#: source id -> relay -> [(row, claim id)]: where each source relays each statement.
_Elsewhere = dict[str, dict[str, list[tuple[int, str]]]]
#: (row, message, fix) of one finding.
_Finding = tuple[int, str, str]


def _relay_of(values: dict[str, str]) -> str:
    return values.get("relays", "").strip()


def _relays_by_source(records: _Rows) -> _Elsewhere:
    elsewhere: _Elsewhere = {}
    for row, values in records:
        relay = _relay_of(values)
        if relay:
            source = values.get("source_id", "")
            elsewhere.setdefault(source, {}).setdefault(relay, []).append(
                (row, values.get("claim_id", ""))
            )
    return elsewhere


def _rows_by_claim(records: _Rows) -> dict[str, _Rows]:
    by_claim: dict[str, _Rows] = {}
    for row, values in records:
        by_claim.setdefault(values.get("claim_id", ""), []).append((row, values))
    return by_claim


def _relay_spellings(records: _Rows) -> Iterator[_Finding]:
    """5. Two spellings of one statement name (case, spaces, a final full stop)."""
    spellings: dict[str, dict[str, list[int]]] = {}
    for row, values in records:
        relay = _relay_of(values)
        if relay:
            key = " ".join(relay.casefold().split()).rstrip(".")
            spellings.setdefault(key, {}).setdefault(relay, []).append(row)
    for variants in spellings.values():
        usual = max(variants, key=lambda v: len(variants[v]))
        for relay, found in variants.items():
            for row in found if relay != usual else []:
                yield (
                    row,
                    f"the relay {relay!r} differs from {usual!r} (rows "
                    f"{', '.join(map(str, variants[usual]))}) only in case, spacing or "
                    "punctuation, so corroboration() counts them as two statements.",
                    f"write it exactly as {usual!r}.",
                )


def _relay_findings(claim: str, rows: _Rows, elsewhere: _Elsewhere) -> Iterator[_Finding]:
    """(row, message, fix) for each row of one claim that looks like an unrecorded relay."""
    yield from _relayed_elsewhere(claim, rows, elsewhere)
    yield from _named_statement_split(claim, rows)
    yield from _says_relays_but_empty(claim, rows)
    yield from _same_statement_unshared(claim, rows)


def _relay_suspects(
    claim: str, rows: _Rows, elsewhere: _Elsewhere
) -> dict[str, list[tuple[int, str]]]:
    """Relay -> [(row, source)]: rows without a relay whose source relays it elsewhere."""
    suspects: dict[str, list[tuple[int, str]]] = {}
    for row, values in rows:
        if _relay_of(values) or _OWN_REPORTING in values.get("note", "").casefold():
            continue
        source = values.get("source_id", "")
        for relay, places in elsewhere.get(source, {}).items():
            if any(other != claim for _, other in places):
                suspects.setdefault(relay, []).append((row, source))
    return suspects


def _relayed_elsewhere(claim: str, rows: _Rows, elsewhere: _Elsewhere) -> Iterator[_Finding]:
    """1. Sources that relay a statement under another claim, left empty here."""
    carried = {_relay_of(values) for _, values in rows} - {""}
    for relay, found in _relay_suspects(claim, rows, elsewhere).items():
        if len(found) < 2 and relay not in carried:
            continue
        listed = ", ".join(f"{source} (row {row})" for row, source in found)
        for row, source in found:
            first_row, first_claim = next((r, c) for r, c in elsewhere[source][relay] if c != claim)
            yield (
                row,
                f"{source} relays {relay!r} under {first_claim} (row {first_row}) but has no "
                f"relay here, under {claim}; rows to check for {claim}: {listed}. Rows that "
                "repeat one statement without a shared relay are counted by corroboration() "
                "as separate independent origins.",
                f"set relays to {relay!r} on the rows of {claim} that repeat that statement; "
                f"if a row is the outlet's own reporting, write {_OWN_REPORTING!r} in its note.",
            )


def _named_statement_split(claim: str, rows: _Rows) -> Iterator[_Finding]:
    """2. Notes naming the same readout or joint statement must share one relay."""
    named: dict[str, _Rows] = {}
    for row, values in rows:
        key = _statement_key(values.get("note", ""))
        if key:
            named.setdefault(key, []).append((row, values))
    for key, group in named.items():
        relays = [_relay_of(values) for _, values in group]
        if len(group) < 2 or (relays[0] and len(set(relays)) == 1):
            continue
        filled = [r for r in relays if r]
        # The most used relay; among equals, the first (a set would pick one at random).
        common = max(dict.fromkeys(filled), key=filled.count) if filled else ""
        rows_text = ", ".join(f"{values.get('source_id', '')} (row {row})" for row, values in group)
        suggestion = repr(common) if common else "one name for the statement, with its date"
        for (row, _values), relay in zip(group, relays, strict=True):
            if relay and relay == common:
                continue
            yield (
                row,
                f"the notes of {rows_text} all name the {key} for {claim}, but they do not share "
                f"one relay (this row has {relay or 'none'}).",
                f"give these rows the same relays value ({suggestion}), so that the statement "
                "counts once.",
            )


def _says_relays_but_empty(claim: str, rows: _Rows) -> Iterator[_Finding]:
    """3. A note that says the row relays something, with an empty relays cell."""
    for row, values in rows:
        if not _relay_of(values) and _SAYS_RELAYS.search(values.get("note", "")):
            yield (
                row,
                f"the note says this row relays a statement, but its relays cell is empty, so "
                f"corroboration() counts it as its outlet's own source for {claim}.",
                "name the relayed statement in relays (with its date, e.g. 'Kremlin readout, "
                "8 Aug'), the same name on every row that relays it.",
            )


def _same_statement_unshared(claim: str, rows: _Rows) -> Iterator[_Finding]:
    """4. A "same readout / statement ..." note on a row whose relay no other row shares."""
    for row, values in rows:
        match = _SAME_STATEMENT.match(values.get("note", "").strip())
        relay = _relay_of(values)
        if not match:
            continue
        shared = relay and sum(_relay_of(v) == relay for _, v in rows) > 1
        if not shared:
            yield (
                row,
                f"the note says this row repeats the same {match.group(1)} as another row of "
                f"{claim}, but {'its relay ' + repr(relay) if relay else 'its relays is empty and'}"
                " matches no other row.",
                "give this row and the row it repeats the same relays value (the statement, "
                "with its date), or reword the note.",
            )


def _span_mismatch(
    start: int, end: int, text: str, article: str, article_file: str
) -> tuple[str, str, str] | None:
    """Return (column, message, fix) if ``text`` is not ``article[start:end]``, else None."""
    if text and text in article:
        found_at = article.find(text)
        where = f"The text occurs at start={found_at}, end={found_at + len(text)}."
        fix = f"set start to {found_at} and end to {found_at + len(text)}."
    else:
        where = f"The text does not occur anywhere in {article_file}."
        fix = (
            f"copy the text exactly from {article_file} (curly quotes and apostrophes "
            "included) and set start and end to its character offsets."
        )
    if not 0 <= start < end <= len(article):
        column = "end" if 0 <= start < end else "start"
        return (
            column,
            f"the offsets start={start}, end={end} are outside the article (it has "
            f"{len(article)} characters, and start must be smaller than end). {where}",
            fix,
        )
    if article[start:end] != text:
        return (
            "text",
            f"the text does not match {article_file}[{start}:{end}], which is "
            f"{_excerpt(article[start:end])}. {where}",
            fix + " Offsets count characters (not bytes) from 0; end is exclusive.",
        )
    return None


def _check_claim_offsets(
    claims: _Table, file: str, article: str, article_file: str
) -> Iterator[Problem]:
    for row, values in claims.records():
        try:
            start, end = int(values.get("start", "")), int(values.get("end", ""))
        except ValueError:
            continue  # not whole numbers: frictionless has reported the cell
        mismatch = _span_mismatch(start, end, values.get("text", ""), article, article_file)
        if mismatch:
            column, message, fix = mismatch
            yield Problem(file, row, column, message, fix, claims.line(row))


def _check_windows(claims: _Table, file: str) -> Iterator[Problem]:
    """A claim's knowledge window must not end before it starts."""
    if not {"written_after", "written_before"} <= set(claims.header):
        return
    for row, values in claims.records():
        after, before = values.get("written_after", ""), values.get("written_before", "")
        # ISO dates compare correctly as text; malformed dates are frictionless's to report.
        iso = re.compile(r"\d{4}-\d{2}-\d{2}")
        if iso.fullmatch(after) and iso.fullmatch(before) and after > before:
            yield Problem(
                file,
                row,
                "written_before",
                f"the window ends ({before}) before it starts (written_after {after}).",
                "swap the two dates, or correct the one that is wrong.",
                claims.line(row),
            )


def _excerpt(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _check_id_list(
    where: tuple[str, int, str, int | None],
    value: str,
    separator: str,
    ids: set[str],
    target_file: str,
) -> Iterator[Problem]:
    file, row, column, line = where
    if not value:
        return
    items = value.split(separator)
    if any(item != item.strip() or not item for item in items):
        yield Problem(
            file,
            row,
            column,
            f"{value!r} is not a clean list of ids.",
            f"separate ids with {separator!r} only, without spaces or empty items, "
            f"e.g. E01{separator}E02.",
            line,
        )
    for item in (i.strip() for i in items):
        if item and item not in ids:
            yield Problem(
                file,
                row,
                column,
                f"{item!r} does not exist in {target_file}.",
                f"use an id from {target_file}, or add the missing row there.",
                line,
            )


def _check_article_json(
    folder: Path,
    package: _Json,
    tables: dict[str, _Table],
    article: str | None,
    article_file: str,
) -> list[Problem]:
    name = str(_extras(package).get("article_metadata", "article.json"))
    if not (folder / name).is_file():
        return []  # optional: without it Case.metadata is {}
    problems: list[Problem] = []
    references = _read_references(folder, name, problems)
    if references is None:
        return problems
    sources = tables.get("sources")
    sources_file = _resource_of(package, "sources")["path"]
    ids = {values.get("source_id", "") for _, values in sources.records()} if sources else None
    for number, reference in enumerate(references, start=1):
        label = f"reference {reference.get('number', number)}"
        problems.extend(
            _reference_source(name, label, reference.get("source_id"), ids, sources_file)
        )
        if article is not None:
            problems.extend(_reference_span(name, label, reference, article, article_file))
    return problems


def _read_references(folder: Path, name: str, problems: list[Problem]) -> list[_Json] | None:
    """The reference list of ``article.json``, or None (with the problem) if unreadable."""
    text = _decode(folder, name, problems)
    if text is None:
        return None
    try:
        metadata = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                name,
                None,
                None,
                f"the file is not valid JSON: {error.msg} (line {error.lineno}, "
                f"column {error.colno}).",
                "correct the JSON syntax there (a missing comma, quote or bracket is the "
                "usual cause).",
            )
        )
        return None
    references = metadata.get("references", []) if isinstance(metadata, dict) else None
    if not isinstance(references, list) or not all(isinstance(r, dict) for r in references):
        problems.append(
            Problem(
                name,
                None,
                "references",
                "the file must be a JSON object whose 'references' is a list of objects.",
                'write it as {"headline": "...", "references": [{"number": 1, ...}]}.',
            )
        )
        return None
    return references


def _reference_source(
    name: str, label: str, source_id: object, ids: set[str] | None, sources_file: str
) -> Iterator[Problem]:
    """A reference names a source of the case."""
    if not isinstance(source_id, str) or not source_id:
        yield Problem(
            name,
            None,
            "references",
            f"{label} has no 'source_id'.",
            f'give it the id of its row in {sources_file}, e.g. "R1".',
        )
    elif ids is not None and source_id not in ids:
        yield Problem(
            name,
            None,
            "references",
            f"{label} has source_id {source_id!r}, which does not exist in {sources_file}.",
            f"use an id from {sources_file}, or add the source there.",
        )


def _reference_span(
    name: str, label: str, reference: _Json, article: str, article_file: str
) -> Iterator[Problem]:
    """A reference's ``text`` sits at its ``start``/``end`` in the article (when given)."""
    start, end, quoted = (reference.get("start"), reference.get("end"), reference.get("text"))
    if start is None or end is None or quoted is None:
        return
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(quoted, str)):
        yield Problem(
            name,
            None,
            "references",
            f"{label}: start and end must be whole numbers and text a string.",
            'write e.g. "start": 2866, "end": 3044, "text": "[1] ...".',
        )
        return
    mismatch = _span_mismatch(start, end, quoted, article, article_file)
    if mismatch:
        _, message, fix = mismatch
        yield Problem(name, None, "references", f"{label}: {message}", fix)
