"""The capstone items: three fictional claims to check, each with a small corpus of pages.

Lesson 05 asks learners to check claims they have never seen, in three forms, each
resolved by a different lateral-reading move:

============================  ====================================  ===============================
item id                       form                                  move that resolves it
============================  ====================================  ===============================
``quillhaven-scooters``       social-media post                     investigate the source
``corvale-tramline``          official statement (press release)    find better coverage
``brackenford-study``         short article with a citation         trace a figure to its origin
============================  ====================================  ===============================

Everything in the items is **fictional**: every item's text starts with a notice saying
so, every page has ``fictional = true``, and every URL uses a domain reserved for
examples (``.example``, ``example.com``/``.org``/``.net``), so no invented page can be
mistaken for a real one.

Files (one folder per item, ``coursekit/capstone/<item-id>/``)
--------------------------------------------------------------
``item.json``
    ``id`` (the folder name), ``title``, ``form``, ``move``, ``fictional`` (true),
    ``published`` (ISO date), ``claim`` (the sentence to judge), ``text`` (what the
    learner reads; starts with ``FICTIONAL``) and ``question``.
``sources.csv``
    The item's corpus in the case's sources-table schema: ``source_id`` (``S`` and three
    digits, unique across all items and outside the case's range), ``publisher``,
    ``title``, ``published`` (ISO date or empty), ``url``, ``kind`` (one of
    :data:`PAGE_KINDS`), ``original_publisher``, ``language``, plus ``fictional`` and
    ``note`` (what the page says, searched by :func:`coursekit.find_sources`).
``evidence.csv`` and ``key.json``
    The item's judgement, for :func:`coursekit.check` (read with :func:`item_key`): each
    page's ``stance`` on the claim and the ``origin`` its information comes from; the
    ``verdict`` and a ``rationale``. Learners are shown it only after a complete answer.

Examples
--------
>>> from coursekit import capstone
>>> capstone.item_ids()
['quillhaven-scooters', 'corvale-tramline', 'brackenford-study']
>>> item = capstone.load_item("corvale-tramline")
>>> item.form
'official statement (press release)'
>>> item.text.startswith("FICTIONAL")
True
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from dataclasses import dataclass, replace
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from coursekit.jsonfiles import parse_json

# Stances a page can take on the item's claim and the verdicts an item's key may give: the
# kit's vocabularies (as in a case's evidence.csv and claims.csv), re-exported here.
from coursekit.vocabulary import SOURCE_KINDS, STANCES, VERDICTS

if TYPE_CHECKING:  # pragma: no cover
    import sys

    import pandas as pd

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # Python 3.10 has no importlib.resources.abc
        from importlib.abc import Traversable

__all__ = [
    "EVIDENCE_COLUMNS",
    "ITEM_FIELDS",
    "PAGE_KINDS",
    "SOURCE_COLUMNS",
    "STANCES",
    "VERDICTS",
    "CapstoneDataError",
    "CapstoneItem",
    "ItemKey",
    "Page",
    "item_ids",
    "item_key",
    "load_item",
    "read_item",
]

#: The items in the order the lesson and the worksheet use them.
_ORDER: tuple[str, ...] = ("quillhaven-scooters", "corvale-tramline", "brackenford-study")

#: Columns of an item's ``sources.csv``, in order: the case's sources-table columns
#: (without the case-only ``cited_by_article`` and ``finding``) plus ``fictional`` and ``note``.
SOURCE_COLUMNS: tuple[str, ...] = (
    "source_id",
    "publisher",
    "title",
    "published",
    "url",
    "kind",
    "original_publisher",
    "language",
    "fictional",
    "note",
)

#: Columns that may not be empty in ``sources.csv``.
_REQUIRED: tuple[str, ...] = (
    "source_id",
    "publisher",
    "title",
    "url",
    "kind",
    "original_publisher",
    "language",
    "fictional",
    "note",
)

#: Page kinds: the case's source kinds (:data:`coursekit.vocabulary.SOURCE_KINDS`) plus the
#: kinds of page a capstone corpus also needs.
PAGE_KINDS: tuple[str, ...] = (
    *SOURCE_KINDS,
    # capstone-only kinds
    "social-post",
    "campaign",
    "register",
    "research-report",
    "blog",
)

#: Fields of ``item.json``.
ITEM_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "form",
    "move",
    "fictional",
    "published",
    "claim",
    "text",
    "question",
)

#: Columns of ``evidence.csv``.
EVIDENCE_COLUMNS: tuple[str, ...] = ("source_id", "stance", "origin")


_SOURCE_ID = re.compile(r"S\d{3}")
_RESERVED_HOST = re.compile(r"(^|\.)(example|test|invalid)$|(^|\.)example\.(com|org|net)$")


class CapstoneDataError(ValueError):
    """A capstone item's files are missing or malformed; the message names file, row and fix."""


@dataclass(frozen=True)
class CapstoneItem:
    """One capstone item: a fictional text to check and the corpus of pages to check it with.

    Attributes
    ----------
    id
        The item id, e.g. ``"corvale-tramline"``.
    title
        A short title for lists.
    form
        What sort of text it is: a social-media post, an official statement, an article.
    move
        The lateral-reading move the item practises (lesson 05, section 1).
    published
        The date the text is dated (ISO).
    claim
        The sentence the learner judges.
    question
        The question the worksheet asks about the item.
    text
        The text as the learner reads it; its first line says it is fictional.
    sources
        The corpus: one row per page, columns :data:`SOURCE_COLUMNS` (``published`` as
        datetime64, ``NaT`` when the page shows no date). Search it with
        ``coursekit.find_sources(item.sources, "words")``.
    """

    id: str
    title: str
    form: str
    move: str
    published: str
    claim: str
    question: str
    text: str
    sources: pd.DataFrame

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<CapstoneItem {self.id!r}: {self.form}, {len(self.sources)} pages>"

    def page(self, source_id: str) -> Page:
        """Open one page of the corpus: who published it, when, and what it says.

        Raises
        ------
        KeyError
            If the corpus has no page ``source_id`` (the message gives the ids it has).
        """
        ids = self.sources["source_id"].tolist()
        wanted = str(source_id).strip().upper()
        if wanted not in ids:
            raise KeyError(
                f"{source_id!r} is not a page of this item: its pages are {ids[0]} to {ids[-1]}."
            )
        row = self.sources.iloc[ids.index(wanted)]
        published = row["published"]
        return Page(
            source_id=wanted,
            publisher=str(row["publisher"]),
            title=str(row["title"]),
            published="" if published is None or published != published else str(published)[:10],
            url=str(row["url"]),
            kind=str(row["kind"]),
            original_publisher=str(row["original_publisher"]),
            note=str(row["note"]),
        )


@dataclass(frozen=True)
class Page:
    """One page of a capstone corpus, as a reader opening it would see it (all fictional)."""

    source_id: str
    publisher: str
    title: str
    published: str
    url: str
    kind: str
    original_publisher: str
    note: str

    def lines(self) -> list[str]:
        """The page as plain-text lines: heading, address, what it holds."""
        date = self.published or "no date shown"
        carries = (
            f" (carries a text by {self.original_publisher})"
            if self.original_publisher != self.publisher
            else ""
        )
        return [
            f"{self.source_id} · {self.publisher}{carries} · {date} · {self.kind}",
            f"Title: {self.title}",
            f"Address (fictional): {self.url}",
            f"What it says: {self.note}",
        ]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        head, *rest = (escape(line) for line in self.lines())
        body = "".join(f"<div>{line}</div>" for line in rest)
        return f'<div class="ck-page" role="article"><strong>{head}</strong>{body}</div>'


@dataclass(frozen=True)
class ItemKey:
    """How the kit judges an item's claim: used by the checks, shown after a complete answer.

    Attributes
    ----------
    item_id
        The item.
    verdict
        One of :data:`VERDICTS`.
    rationale
        Why, in a few sentences.
    evidence
        One row per page: ``source_id``, ``stance`` (:data:`STANCES`), ``origin`` (where the
        page's information comes from: pages with one origin count once).
    """

    item_id: str
    verdict: str
    rationale: str
    evidence: pd.DataFrame

    def origins(self, source_ids: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
        """Group the given pages by origin: ``{origin: [source ids]}``, in the given order."""
        table = dict(zip(self.evidence["source_id"], self.evidence["origin"], strict=True))
        groups: dict[str, list[str]] = {}
        for source_id in source_ids:
            if source_id in table:
                groups.setdefault(table[source_id], []).append(source_id)
        return groups


def _bundled(item_id: str) -> Traversable:
    return resources.files("coursekit") / "capstone" / item_id


def item_ids() -> list[str]:
    """Return the ids of the capstone items, in the order the lesson uses them."""
    return list(_ORDER)


def _check_id(item_id: Any) -> str:
    if not isinstance(item_id, str) or item_id not in _ORDER:
        raise KeyError(
            f"No capstone item {item_id!r}. The items are: {', '.join(_ORDER)} "
            "(coursekit.capstone.item_ids())."
        )
    return item_id


@dataclass(frozen=True)
class _Files:
    """An item folder and how to name it in messages."""

    folder: Traversable | Path
    label: str

    def text(self, name: str) -> str:
        try:
            return (self.folder / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CapstoneDataError(
                f"{self.label}/{name} is missing. An item folder needs item.json, sources.csv, "
                "evidence.csv and key.json; restore the file (or reinstall coursekit)."
            ) from None

    def bad(self, name: str, number: int, row: dict[str, str], column: str, why: str) -> None:
        raise CapstoneDataError(
            f"{self.label}/{name}, row {number} ({row.get('source_id') or 'no id'}), "
            f"column {column}: {why}"
        )

    def rows(self, name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
        where = f"{self.label}/{name}"
        reader = csv.DictReader(self.text(name).splitlines())
        header = tuple(reader.fieldnames or ())
        missing = [c for c in columns if c not in header]
        if missing:
            raise CapstoneDataError(
                f"{where} has no column(s) {', '.join(missing)}. Its header must be: "
                f"{','.join(columns)} (found: {','.join(header) or 'nothing'})."
            )
        extra = [c for c in header if c not in columns]
        if extra:
            raise CapstoneDataError(
                f"{where} has unknown column(s) {', '.join(extra)}. Use only: {','.join(columns)}."
            )
        rows = []
        for number, row in enumerate(reader, start=2):
            if None in row:
                raise CapstoneDataError(
                    f"{where}, row {number}: more values than columns; put text with commas "
                    "in double quotes."
                )
            rows.append({key: (value or "").strip() for key, value in row.items()})
        if not rows:
            raise CapstoneDataError(f"{where} has a header but no rows.")
        return rows

    def json(self, name: str) -> dict[str, Any]:
        where = f"{self.label}/{name}"
        data = parse_json(self.text(name), where, CapstoneDataError)
        if not isinstance(data, dict):
            raise CapstoneDataError(f"{where} must hold one JSON object.")
        return data


def _is_date(value: str) -> bool:
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _validate_sources(files: _Files, rows: list[dict[str, str]]) -> None:
    name = "sources.csv"
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        for column in _REQUIRED:
            if not row[column]:
                files.bad(name, number, row, column, "is empty; fill it in.")
        source_id = row["source_id"]
        if not _SOURCE_ID.fullmatch(source_id):
            files.bad(name, number, row, "source_id", "write S and three digits, e.g. S701.")
        if source_id in seen:
            files.bad(name, number, row, "source_id", "the id is used twice; make it unique.")
        seen.add(source_id)
        if row["published"] and not _is_date(row["published"]):
            files.bad(
                name,
                number,
                row,
                "published",
                f"{row['published']!r} is not a date; write YYYY-MM-DD or leave it empty.",
            )
        if row["kind"] not in PAGE_KINDS:
            files.bad(
                name,
                number,
                row,
                "kind",
                f"{row['kind']!r} is not a page kind; use one of {', '.join(PAGE_KINDS)}.",
            )
        if row["fictional"].lower() != "true":
            files.bad(
                name,
                number,
                row,
                "fictional",
                f"{row['fictional']!r}: every capstone page is invented, so write true.",
            )
        parts = urlsplit(row["url"])
        if parts.scheme not in ("http", "https") or not _RESERVED_HOST.search(parts.hostname or ""):
            files.bad(
                name,
                number,
                row,
                "url",
                f"{row['url']!r}: an invented page needs an http(s) URL on a domain "
                "reserved for examples (.example, .test, example.com/.org/.net), never a "
                "real site.",
            )


def _item_fields(files: _Files, item_id: str) -> dict[str, Any]:
    where = f"{files.label}/item.json"
    data = files.json("item.json")
    missing = [f for f in ITEM_FIELDS if f not in data or data[f] in ("", None)]
    if missing:
        raise CapstoneDataError(f"{where} lacks the field(s) {', '.join(missing)}; add them.")
    if data["id"] != item_id:
        raise CapstoneDataError(
            f"{where}: id is {data['id']!r}; it must be the folder name, {item_id!r}."
        )
    if data["fictional"] is not True or not str(data["text"]).startswith("FICTIONAL"):
        raise CapstoneDataError(
            f'{where}: an invented item needs "fictional": true and a text that starts with '
            "a FICTIONAL notice saying what is made up."
        )
    if not _is_date(str(data["published"])):
        raise CapstoneDataError(f"{where}: published must be a date written YYYY-MM-DD.")
    return data


def _sources_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    dates = frame["published"].where(frame["published"] != "")
    frame["published"] = pd.to_datetime(dates, format="%Y-%m-%d")
    frame["fictional"] = frame["fictional"].str.lower() == "true"
    return frame


def _read(files: _Files, item_id: str) -> CapstoneItem:
    data = _item_fields(files, item_id)
    rows = files.rows("sources.csv", SOURCE_COLUMNS)
    _validate_sources(files, rows)
    return CapstoneItem(
        id=item_id,
        title=str(data["title"]),
        form=str(data["form"]),
        move=str(data["move"]),
        published=str(data["published"]),
        claim=str(data["claim"]),
        question=str(data["question"]),
        text=str(data["text"]),
        sources=_sources_frame(rows),
    )


@cache
def _cached(item_id: str) -> CapstoneItem:
    return _read(_Files(_bundled(item_id), f"capstone/{item_id}"), item_id)


def load_item(item_id: str) -> CapstoneItem:
    """Load a capstone item and its corpus of pages.

    Parameters
    ----------
    item_id
        One of :func:`item_ids`.

    Returns
    -------
    CapstoneItem
        Its ``sources`` is a fresh copy each call, so changing it changes nothing else.

    Raises
    ------
    KeyError
        If there is no such item (the message lists the items).
    CapstoneDataError
        If a file of the item is missing or malformed (the message names the file, the
        row, the column and the fix).
    """
    item = _cached(_check_id(item_id))
    return replace(item, sources=item.sources.copy())


def read_item(folder: str | Path) -> CapstoneItem:
    """Read and validate an item folder of your own (same files as the bundled items).

    Parameters
    ----------
    folder
        A folder holding ``item.json`` and ``sources.csv``; its name is the item id.

    Raises
    ------
    CapstoneDataError
        If a file is missing or malformed (the message names the file, the row, the column
        and the fix).
    """
    path = Path(folder)
    if not path.is_dir():
        raise CapstoneDataError(f"{path} is not a folder: pass the folder that holds item.json.")
    return _read(_Files(path, str(path)), path.name)


def item_key(item_id: str) -> ItemKey:
    """Return how the kit judges an item's claim (for the checks; not a learner's tool).

    Raises
    ------
    KeyError
        If there is no such item.
    CapstoneDataError
        If ``evidence.csv`` or ``key.json`` is missing or malformed, or names a page that
        is not in the item's corpus.
    """
    import pandas as pd

    known = set(load_item(item_id).sources["source_id"])
    files = _Files(_bundled(item_id), f"capstone/{item_id}")
    evidence = files.rows("evidence.csv", EVIDENCE_COLUMNS)
    for number, row in enumerate(evidence, start=2):
        if row["source_id"] not in known:
            files.bad(
                "evidence.csv", number, row, "source_id", "is not a page of the item's sources.csv."
            )
        if row["stance"] not in STANCES:
            files.bad(
                "evidence.csv",
                number,
                row,
                "stance",
                f"{row['stance']!r}: use one of {', '.join(STANCES)}.",
            )
        if not row["origin"]:
            files.bad("evidence.csv", number, row, "origin", "is empty; fill it in.")
    where = f"capstone/{item_id}/key.json"
    key = files.json("key.json")
    if key.get("verdict") not in VERDICTS or not key.get("rationale"):
        raise CapstoneDataError(
            f"{where} needs a verdict (one of {', '.join(VERDICTS)}) and a rationale."
        )
    return ItemKey(
        item_id=item_id,
        verdict=str(key["verdict"]),
        rationale=str(key["rationale"]),
        evidence=pd.DataFrame(evidence, columns=list(EVIDENCE_COLUMNS)),
    )
