"""Cases: find, load and validate the case folders the lessons work on.

A case is a folder with a ``datapackage.json`` (the one schema), six CSV tables,
the article (``article.txt``) and optionally ``article.json`` (headline and the
article's reference list). The bundled cases ship inside the package; an
instructor can point :func:`load_case` at a folder of their own with the same
layout.

Loading uses pandas and is fast. Validation lives in
:mod:`coursekit.validation` (frictionless plus the case rules frictionless
cannot express); :func:`validate_case` here hands over to it.

Examples
--------
>>> from coursekit.cases import load_case
>>> case = load_case("summit-2025")
>>> case.claim("C1")["verdict"]  # doctest: +SKIP
'corroborated'
"""

from __future__ import annotations

import importlib.resources
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.display import Paragraph
    from coursekit.settings import CaseSettings

__all__ = [
    "TABLES",
    "Case",
    "CaseError",
    "CaseNotFoundError",
    "Problem",
    "bundled_case_path",
    "list_cases",
    "load_case",
    "validate_case",
]

#: The tables every case has, in the order they are described to learners.
TABLES: tuple[str, ...] = (
    "events",
    "sources",
    "claims",
    "evidence",
    "event_sources",
    "inconsistencies",
)

DEFAULT_CASE = "summit-2025"

# Frictionless's defaults for the boolean type; the loader must accept the same words.
_TRUE_VALUES = ("true", "True", "TRUE", "1")
_FALSE_VALUES = ("false", "False", "FALSE", "0")


# --------------------------------------------------------------------------- problems


class CaseError(ValueError):
    """A case folder cannot be loaded; ``problems`` lists everything wrong with it."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])


class CaseNotFoundError(CaseError, LookupError):
    """No bundled case has this name, or no folder exists at this path."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case folder, with where it is and how to fix it.

    Parameters
    ----------
    file
        The file, relative to the case folder (``"events.csv"``); for a problem
        with the folder itself, the folder as given.
    row
        The row as a spreadsheet shows it: the header is row 1, the first data
        row is row 2. For a file without line breaks inside cells this is also
        the line number a text editor shows. ``None`` when the problem is not
        about one row.
    column
        The column name, or ``None``.
    message
        What is wrong, quoting the offending value.
    fix
        How to fix it.
    line
        The line in a text editor where the row starts, when it differs from
        ``row`` (a cell above contains a line break); otherwise ``None``.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    fix: str
    line: int | None = None

    def format(self) -> str:
        """Return one line: where, what and how to fix it.

        Examples
        --------
        >>> Problem("events.csv", 4, "date", "'2025-13-01' is not a valid date.",
        ...         "write dates as YYYY-MM-DD, e.g. 2025-08-15.").format()
        "events.csv, row 4, column 'date': '2025-13-01' is not a valid date. Fix: write dates as YYYY-MM-DD, e.g. 2025-08-15."
        """  # noqa: E501
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
            if self.line is not None and self.line != self.row:
                where += f" (line {self.line} in a text editor)"
        if self.column is not None:
            where += f", column {self.column!r}"
        return f"{where}: {self.message} Fix: {self.fix}"


# --------------------------------------------------------------------------- finding cases


def _bundled_roots() -> Iterator[Path]:
    """Folders that may hold bundled cases: the installed package, then a checkout."""
    packaged = importlib.resources.files("coursekit") / "cases"
    if isinstance(packaged, Path) and packaged.is_dir():
        yield packaged
    # src/coursekit/cases.py -> <repo>/data, for a checkout or an editable install.
    repo = Path(__file__).resolve().parent.parent.parent
    if (repo / "pyproject.toml").is_file() and (repo / "data").is_dir():
        yield repo / "data"


def _bundled_cases() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in _bundled_roots():
        for folder in sorted(root.iterdir()):
            if (folder / "datapackage.json").is_file():
                found.setdefault(folder.name, folder)
    return found


def list_cases() -> list[str]:
    """Return the names of the bundled cases, sorted.

    Returns
    -------
    list of str
        Names to pass to :func:`load_case`, e.g. ``["summit-2025"]``.
    """
    return sorted(_bundled_cases())


def bundled_case_path(name: str = DEFAULT_CASE) -> Path:
    """Return the folder of a bundled case (a template for instructors' own cases).

    Raises
    ------
    CaseNotFoundError
        If no bundled case has this name; the message lists the ones there are.
    """
    cases = _bundled_cases()
    if name not in cases:
        available = ", ".join(repr(n) for n in sorted(cases)) or "none found"
        raise CaseNotFoundError(
            f"There is no bundled case called {name!r}. Available cases: {available}. "
            "To load a folder of your own, pass its path, e.g. load_case('./my-case')."
        )
    return cases[name]


def _looks_like_path(value: str | os.PathLike[str]) -> bool:
    if not isinstance(value, str):
        return True
    return any(sep in value for sep in ("/", "\\", os.sep)) or value.startswith((".", "~"))


def _resolve(name_or_path: str | os.PathLike[str]) -> tuple[Path, bool]:
    """Return (folder, is_bundled)."""
    if not _looks_like_path(name_or_path):
        name = str(name_or_path)
        cases = _bundled_cases()
        if name in cases:
            return cases[name], True
        if not Path(name).is_dir():
            bundled_case_path(name)  # raises the error listing the bundled cases
    path = Path(os.path.expanduser(os.fspath(name_or_path)))
    if path.is_file() and path.name == "datapackage.json":
        path = path.parent
    return path, False


# --------------------------------------------------------------------------- the case


@dataclass(frozen=True, eq=False)
class Case:
    r"""A loaded case: the article, its metadata and six typed tables.

    Columns are typed from ``datapackage.json``: dates are ``datetime64``
    (``NaT`` when empty), integers ``Int64``, booleans ``bool`` (pandas'
    nullable ``boolean`` if a cell is empty), columns with an ``enum``
    constraint are categoricals whose categories are in schema order, and
    other text columns are strings with empty cells as ``""``. Columns the
    schema does not list are kept, as text.

    Attributes
    ----------
    name, title
        The package name and title from ``datapackage.json``.
    path
        The case folder.
    article
        The article text, with line endings read as Python's ``open()`` reads
        them (``\n``); claim offsets index into it.
    metadata
        ``article.json`` as a dict (headline, references), or ``{}``.
    datapackage
        ``datapackage.json`` as a dict.
    events, sources, claims, evidence, event_sources, inconsistencies
        The tables.
    """

    name: str
    title: str
    path: Path
    article: str
    metadata: dict[str, Any]
    datapackage: dict[str, Any]
    events: pd.DataFrame = field(repr=False)
    sources: pd.DataFrame = field(repr=False)
    claims: pd.DataFrame = field(repr=False)
    evidence: pd.DataFrame = field(repr=False)
    event_sources: pd.DataFrame = field(repr=False)
    inconsistencies: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(self.table(t))} {t.replace('_', ' ')}" for t in TABLES)
        return f"<Case {self.name!r}: {counts}>"

    def table(self, name: str) -> pd.DataFrame:
        """Return a table by name (``"events"``, ``"claims"``, ...).

        Raises
        ------
        KeyError
            If there is no such table; the message lists the tables.
        """
        if name not in TABLES:
            raise KeyError(f"No table called {name!r}. The tables are: {', '.join(TABLES)}.")
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def _row_of(self, table: str, noun: str, wanted_id: str) -> int:
        """The index of the row whose ``<noun>_id`` is ``wanted_id`` (case and spaces ignored)."""
        frame, column = self.table(table), f"{noun}_id"
        wanted = str(wanted_id).strip().upper()
        matches = frame.index[frame[column] == wanted]
        if len(matches) == 0:
            ids = frame[column].tolist()
            span = f"{ids[0]}..{ids[-1]}" if ids else "none"
            raise KeyError(f"No {noun} {wanted_id!r} in case {self.name!r}; {noun} ids are {span}.")
        return int(matches[0])

    def _claim_row(self, claim_id: str) -> int:
        return self._row_of("claims", "claim", claim_id)

    def claim(self, claim_id: str) -> pd.Series:
        """Return one claim as a Series (text, offsets, verdict, rationale, ...).

        ``claim_id`` is matched ignoring case and surrounding spaces (``"c5"``
        finds ``C5``).

        Raises
        ------
        KeyError
            If the case has no such claim; the message gives the valid ids.
        """
        return self.claims.loc[self._claim_row(claim_id)]

    def source(self, source_id: str) -> pd.Series:
        """Return one source as a Series (publisher, title, published, url, kind, ...).

        ``source_id`` is matched ignoring case and surrounding spaces (``"s001"``
        finds ``S001``, ``"r1"`` finds ``R1``).

        Raises
        ------
        KeyError
            If the case has no such source; the message gives the valid ids.
        """
        return self.sources.loc[self._row_of("sources", "source", source_id)]

    def paragraphs(self) -> list[Paragraph]:
        """Return the article's blocks, numbered the one way the lessons number them.

        The headline is number 0 and the first paragraph below it is paragraph 1
        (:data:`coursekit.display.PARAGRAPH_NUMBERING`); this is
        :func:`coursekit.display.numbered_paragraphs` applied to :attr:`article`.

        Returns
        -------
        list of coursekit.display.Paragraph
            In text order; offsets index into :attr:`article` like the claims' offsets
            (``case.article[p.start:p.end] == p.text``).
        """
        from coursekit.analysis.text import numbered_paragraphs

        return numbered_paragraphs(self.article)

    @cached_property
    def settings(self) -> CaseSettings:
        """The case's window of days, widget defaults and event categories.

        Read from the ``coursekit`` block of ``datapackage.json``, with what it
        leaves out derived from the data (see :mod:`coursekit.settings`).

        Raises
        ------
        CaseError
            If the block declares a setting that does not fit the case.
        """
        from coursekit.settings import case_settings

        return case_settings(self)

    def evidence_for(self, claim_id: str) -> pd.DataFrame:
        """Return the evidence rows for one claim, joined with the sources they cite.

        Returns
        -------
        pandas.DataFrame
            One row per source: ``source_id``, ``stance``, ``note`` and the
            source's columns (``publisher``, ``title``, ``published``, ``url``,
            ``kind``, ...). Empty, with the same columns, when nothing bears on
            the claim.

        Raises
        ------
        KeyError
            If the case has no such claim.
        """
        wanted = self.claims.loc[self._claim_row(claim_id), "claim_id"]
        rows = self.evidence[self.evidence["claim_id"] == wanted]
        joined = rows.merge(self.sources, on="source_id", how="left", validate="many_to_one")
        return joined.reset_index(drop=True)


# --------------------------------------------------------------------------- loading


def _read_json(path: Path) -> Any:
    return json.loads(_read_text(path))


def _read_text(path: Path) -> str:
    # utf-8-sig: a byte-order mark written by some Windows editors is not part of the text.
    # Text mode turns \r\n into \n, as Python's open() does, so offsets computed the usual
    # way hold even after a Windows checkout converted the line endings.
    return path.read_text(encoding="utf-8-sig")


def _universal_newlines(text: str) -> str:
    """Line endings as ``_read_text`` returns them (Python's text mode)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fields(resource: dict[str, Any]) -> list[dict[str, Any]]:
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return [f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []


def _is_required(spec: dict[str, Any]) -> bool:
    constraints = spec.get("constraints")
    return isinstance(constraints, dict) and constraints.get("required") is True


def _typed_column(values: pd.Series, spec: dict[str, Any]) -> pd.Series:
    """Convert one text column to the type its schema field declares."""
    kind = spec.get("type", "string")
    constraints = spec.get("constraints", {})
    if kind == "string" and "enum" not in constraints:
        return values  # already text, empty cells as ""
    # Empty cells become NaT / <NA> / NaN; anything else that does not convert is an error.
    # The conversions run on the whole column and the blank test only when something is
    # missing, which keeps load_case fast.
    typed: pd.Series
    if kind == "date":
        typed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        _reject(values, typed.isna(), "a date written YYYY-MM-DD")
        return typed
    if kind in ("integer", "number"):
        typed = pd.to_numeric(values, errors="coerce")
        _reject(values, typed.isna(), "a number")
        if kind == "number":
            return typed.astype("float64")
        _reject(values, (typed % 1 != 0) & typed.notna(), "a whole number")
        return typed.astype("Int64")
    if kind == "boolean":
        truthy = list(spec.get("trueValues", _TRUE_VALUES))
        falsy = list(spec.get("falseValues", _FALSE_VALUES))
        typed = values.map(dict.fromkeys(truthy, True) | dict.fromkeys(falsy, False))
        missing = typed.isna()
        _reject(values, missing, "true or false")
        return typed.astype("boolean") if missing.any() else typed.astype(bool)
    if "enum" in constraints:
        categories = [str(c) for c in constraints["enum"]]
        # Empty cells (an optional column) are missing values, not unknown categories.
        cat = pd.Categorical(values.where(values != "", None), categories=categories)
        _reject(values, pd.Series(cat.codes == -1, index=values.index), f"one of {categories}")
        return pd.Series(cat, index=values.index, name=values.name)
    return values


def _reject(values: pd.Series, missing: pd.Series, expected: str) -> None:
    """Raise if a non-empty cell is among those that did not convert."""
    if not missing.any():
        return
    bad = values[missing & (values != "")]
    if len(bad):
        row = int(bad.index[0]) + 2  # header is row 1
        raise ValueError(f"row {row}: {bad.iloc[0]!r} is not {expected}")


def _dialect(resource: dict[str, Any]) -> tuple[str, str]:
    """The CSV delimiter and quote character a resource declares (frictionless's defaults)."""
    dialect = resource.get("dialect", {})
    if not isinstance(dialect, dict):
        return ",", '"'
    return str(dialect.get("delimiter", ",")), str(dialect.get("quoteChar", '"'))


def _load_table(folder: Path, resource: dict[str, Any]) -> pd.DataFrame:
    path = folder / resource["path"]
    delimiter, quotechar = _dialect(resource)
    frame = pd.read_csv(
        path,
        sep=delimiter,
        quotechar=quotechar,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        encoding="utf-8-sig",
    )
    for spec in _fields(resource):
        column = spec["name"]
        if column not in frame.columns:
            if not _is_required(spec):
                frame[column] = ""  # an optional column may be left out of a case's CSV
            else:
                raise ValueError(f"{resource['path']} has no column {column!r}")
        try:
            values = frame[column]
            typed = _typed_column(values, spec)
            if typed is not values:  # plain text columns come back unchanged
                frame[column] = typed
        except (ValueError, TypeError) as error:
            raise ValueError(f"{resource['path']}, column {column!r}, {error}") from error
    return frame


def load_case(
    name_or_path: str | os.PathLike[str] = DEFAULT_CASE, *, validate: bool | None = None
) -> Case:
    """Load a bundled case by name, or a case folder by path.

    Parameters
    ----------
    name_or_path
        A bundled case name (see :func:`list_cases`) or the path of a folder
        with the same layout (``datapackage.json``, the CSV tables,
        ``article.txt``, optionally ``article.json``). A string containing a
        slash or starting with ``.`` or ``~`` is always a path.
    validate
        Check the folder with :func:`validate_case` before loading. By default
        folders given by path are validated (instructors edit them) and bundled
        cases are not (the test suite validates them, and loading stays fast).

    Returns
    -------
    Case

    Raises
    ------
    CaseNotFoundError
        If there is no bundled case with this name (the message lists them) or
        no folder at this path.
    CaseError
        If validation finds problems; the message lists every one of them and
        ``error.problems`` holds them as :class:`Problem` objects.
    """
    folder, bundled = _resolve(name_or_path)
    if not folder.is_dir():
        raise CaseNotFoundError(
            f"There is no case folder at {os.fspath(name_or_path)!r}. "
            f"Bundled cases: {', '.join(map(repr, list_cases())) or 'none found'}."
        )
    if validate if validate is not None else not bundled:
        problems = validate_case(folder)
        if problems:
            lines = "\n".join(f"  - {p.format()}" for p in problems)
            raise CaseError(
                f"The case folder {os.fspath(folder)!r} has {len(problems)} problem(s):\n"
                f"{lines}\n(Run `coursekit validate {os.fspath(folder)}` to check it again.)",
                problems,
            )
    try:
        return _load(folder)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CaseError(
            f"Could not load the case folder {os.fspath(folder)!r}: {error}. "
            f"Run `coursekit validate {os.fspath(folder)}` to see what to fix."
        ) from error


def _extras(package: dict[str, Any]) -> dict[str, Any]:
    """The package's "coursekit" block: file names and conventions of the case."""
    extras = package.get("coursekit", {})
    return extras if isinstance(extras, dict) else {}


def _load(folder: Path) -> Case:
    package = _read_json(folder / "datapackage.json")
    extras = _extras(package)
    resources = {r["name"]: r for r in package["resources"]}
    tables = {name: _load_table(folder, resources[name]) for name in TABLES}
    metadata_path = folder / extras.get("article_metadata", "article.json")
    metadata = _read_json(metadata_path) if metadata_path.is_file() else {}
    return Case(
        name=str(package.get("name", folder.name)),
        title=str(package.get("title", "")),
        path=folder,
        article=_read_text(folder / extras.get("article", "article.txt")),
        metadata=metadata,
        datapackage=package,
        **tables,
    )


def validate_case(path: str | os.PathLike[str]) -> list[Problem]:
    """Check a case folder and return every problem found (an empty list if none).

    The checks live in :mod:`coursekit.validation` (see
    :func:`coursekit.validation.validate_case` for the full list); this name is
    kept here so that ``from coursekit.cases import validate_case`` keeps working
    and :func:`load_case` has one place to call.

    Parameters
    ----------
    path
        A case folder, or a bundled case name.

    Returns
    -------
    list of Problem
        Sorted by file and row. Each has ``.format()`` for a one-line report.
    """
    from coursekit.validation import validate_case as run

    return run(path)
