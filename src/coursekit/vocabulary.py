"""Vocabularies: the words coursekit's code interprets, defined once.

A case's ``datapackage.json`` is the source of truth for its own data: the ``enum`` of a
column lists the values the column may take and the ``pattern`` of an id column gives the
form of its ids. Code that works on a loaded case reads them from the case
(:func:`enum_of`, :func:`id_pattern`), so a case may bring its own claim types, source
kinds, event categories or id forms.

Some words, though, are read by the code itself, whatever the case:
:func:`coursekit.corroboration` counts each stance of the evidence and
:func:`coursekit.corroboration.verdict_line` phrases each verdict, the capstone and the
free-text checks judge verdicts. Those vocabularies live here, once. The bundled case's
schema uses exactly these words (a test keeps them in step), and
:func:`coursekit.validate_case` rejects a case whose schema allows a verdict or a stance
outside them (:data:`INTERPRETED`), naming the field and the fix.

Examples
--------
>>> from coursekit import vocabulary
>>> vocabulary.VERDICTS
('corroborated', 'partly', 'contradicted', 'unverifiable')
>>> vocabulary.INTERPRETED["evidence", "stance"] == vocabulary.STANCES
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.cases import Case

__all__ = [
    "ARTICLE_REFERENCE",
    "BACKING_STANCES",
    "CLAIM_TYPES",
    "ID_PATTERNS",
    "INTERPRETED",
    "SOURCE_KINDS",
    "STANCES",
    "VERDICTS",
    "enum_of",
    "id_pattern",
    "schema_field",
]

#: A claim's verdict (``claims.verdict``), in the order charts and lists show them.
VERDICTS: tuple[str, ...] = ("corroborated", "partly", "contradicted", "unverifiable")

#: An evidence row's stance on its claim (``evidence.stance``).
STANCES: tuple[str, ...] = ("supports", "partly", "contradicts", "context")

#: The stances that back a claim, fully or in part (one such origin: ``single_source``).
BACKING_STANCES: tuple[str, ...] = ("supports", "partly")

#: The bundled schema's claim types (``claims.claim_type``); a case may declare others.
CLAIM_TYPES: tuple[str, ...] = (
    "fact",
    "attribution",
    "hedged",
    "opinion",
    "prediction",
    "citation",
)

#: The bundled schema's source kinds (``sources.kind``); a case may declare others.
SOURCE_KINDS: tuple[str, ...] = (
    "news",
    "wire-copy",
    "syndicated-copy",
    "official-statement",
    "live-page",
    "analysis",
    "state-media",
    "reference",
    "article-reference",
)

#: The source kind of the article's own references, which never count as evidence.
ARTICLE_REFERENCE = "article-reference"

#: The bundled schema's id patterns, ``(table, column) -> pattern``; a case's schema may
#: declare its own (read them with :func:`id_pattern`).
ID_PATTERNS: dict[tuple[str, str], str] = {
    ("events", "event_id"): "E[0-9]{2}",
    ("sources", "source_id"): "(S[0-9]{3}|R[1-4])",
    ("claims", "claim_id"): "C[0-9]{1,2}",
    ("inconsistencies", "inconsistency_id"): "I[0-9]{1,2}",
}

#: Columns whose every value the code interprets, ``(table, column) -> the values it knows``:
#: a case's schema may allow no other value there.
INTERPRETED: dict[tuple[str, str], tuple[str, ...]] = {
    ("claims", "verdict"): VERDICTS,
    ("evidence", "stance"): STANCES,
}

# The kit's vocabulary of a column, for a case whose schema gives it no enum.
_DEFAULTS: dict[tuple[str, str], tuple[str, ...]] = {
    **INTERPRETED,
    ("claims", "claim_type"): CLAIM_TYPES,
    ("sources", "kind"): SOURCE_KINDS,
}


def schema_field(package: Mapping[str, object], table: str, column: str) -> dict[str, object]:
    """Return a column's field description from a ``datapackage.json`` (``{}`` if absent).

    Parameters
    ----------
    package
        ``datapackage.json`` as a dict (:attr:`coursekit.Case.datapackage`).
    table, column
        The resource name (``"claims"``) and the field name (``"verdict"``).

    Returns
    -------
    dict
        The field's description (``name``, ``type``, ``constraints`` ...), or ``{}``.
    """
    resources = package.get("resources")
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict) or resource.get("name") != table:
            continue
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for spec in fields if isinstance(fields, list) else []:
            if isinstance(spec, dict) and spec.get("name") == column:
                return dict(spec)
    return {}


def _constraint(package: Mapping[str, object], table: str, column: str, name: str) -> object:
    constraints = schema_field(package, table, column).get("constraints")
    return constraints.get(name) if isinstance(constraints, dict) else None


def enum_of(case: Case, table: str, column: str) -> tuple[str, ...]:
    """Return the values a column of a case may take, in the schema's order.

    Parameters
    ----------
    case
        A loaded case.
    table, column
        The table (``"claims"``) and the column (``"claim_type"``).

    Returns
    -------
    tuple of str
        The case schema's ``enum`` for the column; without one, the kit's vocabulary for
        it (:data:`VERDICTS`, :data:`STANCES`, :data:`CLAIM_TYPES`, :data:`SOURCE_KINDS`),
        else the distinct values of the column in order of appearance.
    """
    enum = _constraint(case.datapackage, table, column, "enum")
    if isinstance(enum, list):
        return tuple(str(value) for value in enum)
    if (table, column) in _DEFAULTS:
        return _DEFAULTS[table, column]
    values = case.table(table)[column].dropna().astype(str)
    return tuple(dict.fromkeys(value for value in values if value))


def id_pattern(package: Mapping[str, object], table: str, column: str) -> str:
    """Return the regular expression a case's ids must match (its schema's ``pattern``).

    Parameters
    ----------
    package
        ``datapackage.json`` as a dict (:attr:`coursekit.Case.datapackage`).
    table, column
        An id column, e.g. ``("sources", "source_id")``.

    Returns
    -------
    str
        The schema's pattern; without one, the bundled schema's (:data:`ID_PATTERNS`),
        else ``".+"``. Frictionless matches it against the whole value.
    """
    pattern = _constraint(package, table, column, "pattern")
    if isinstance(pattern, str) and pattern:
        return pattern
    return ID_PATTERNS.get((table, column), ".+")
