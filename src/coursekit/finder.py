"""Search a case's sources the way a search engine would: relevance-ranked, with phrases.

Lateral reading means leaving the article and asking what *other* pages say. The finder
lets learners do that offline, over the pages a case records: it builds a full-text index
with SQLite's FTS5 (in Python's standard library) in memory, ranks matches with BM25,
and filters them by date and publisher.

What is searched
----------------
Each source's title, the words of its web address (most pages in a case have no
recorded title, but their address carries the headline's words), its publisher (the
site hosting the page), its original publisher (the outlet that wrote the text) and,
when a :class:`~coursekit.cases.Case` is given, the notes the case keeps about it
(``evidence.csv`` and ``event_sources.csv``); for a table, its ``note`` column if it has
one. Words are matched by their English stem
("submarine" finds "submarines"). Pages whose title holds the whole query come first,
then the others by BM25 score, in which the title weighs most, then the address, the
publishers and the notes.

The article's own references (kind ``article-reference``, ids ``R1``..) are left out by
default: they are what the article *claims* exists, not pages found, and a learner who
searches a cited headline must see whether any real page carries it
(``include_references=True`` puts them back).

Query syntax
------------
* words: every word must occur (``putin alaska``); case and accents do not matter;
* ``"an exact phrase"`` in double quotes: the words next to each other, in that order;
* ``OR`` in capitals between two terms: either one (``Anchorage OR Alaska``);
* ``word*``: any word starting with ``word`` (``summ*`` finds summit and summits).

Everything else (other punctuation, ``AND``/``NOT``/``NEAR``, column filters) is treated
as plain text, so no input can cause an FTS syntax error. Queries longer than
:data:`MAX_QUERY_CHARS` characters, empty queries, queries without a letter or digit and
impossible dates raise :class:`SearchQueryError` with a message saying what to do.

Every call is added to the learner's search log (:mod:`coursekit.searchlog`) unless
``log=False``.

Examples
--------
>>> import coursekit
>>> case = coursekit.load_case("summit-2025")
>>> hits = coursekit.find_sources(case, '"nuclear submarines"', log=False)
>>> list(hits.columns[:4])
['source_id', 'publisher', 'title', 'published']
"""

from __future__ import annotations

import datetime as _dt
import re
import sqlite3
import threading
import unicodedata
import warnings
import weakref
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from coursekit.cases import Case

__all__ = [
    "MAX_QUERY_CHARS",
    "RESULT_COLUMNS",
    "SearchQueryError",
    "SourcesTableError",
    "find_sources",
    "parse_query",
]

#: Longest query accepted, in characters. A headline is about 100.
MAX_QUERY_CHARS = 500

#: Columns of the table :func:`find_sources` returns, in order.
RESULT_COLUMNS: tuple[str, ...] = (
    "source_id",
    "publisher",
    "title",
    "published",
    "url",
    "kind",
    "original_publisher",
    "language",
    "score",
)

#: Columns a sources table given as a DataFrame must have; the others may be missing.
REQUIRED_COLUMNS: tuple[str, ...] = ("source_id", "publisher", "title")

# BM25 weights per indexed column: title, address, publisher, original_publisher, notes.
_WEIGHTS = (10.0, 6.0, 4.0, 4.0, 1.0)
_TOKEN = re.compile(r"[^\W_]+")


class SearchQueryError(ValueError):
    """A search cannot be run as typed; the message says why and what to type instead."""


class SourcesTableError(ValueError):
    """The table given to the finder is not a sources table; the message names the fix."""


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class _Term:
    tokens: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        # Tokens are letters and digits only, so quoting them is always valid FTS5.
        return '"' + " ".join(self.tokens) + '"' + ("*" if self.prefix else "")


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_query(query: str) -> str:
    """Translate a learner's query into a safe FTS5 expression.

    Parameters
    ----------
    query
        Words, ``"exact phrases"``, ``OR`` between terms, ``word*`` prefixes.

    Returns
    -------
    str
        An FTS5 MATCH expression in which every word is a quoted string, so no user
        text is read as FTS syntax.

    Raises
    ------
    SearchQueryError
        If the query is not a string, is empty, is longer than :data:`MAX_QUERY_CHARS`
        characters or has no letter or digit.
    """
    if not isinstance(query, str):
        raise SearchQueryError(
            f"The search must be text, not {type(query).__name__}. "
            "Put it in quotes, e.g. find_sources(case, 'alaska summit')."
        )
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(
            f"The search is {len(query):,} characters long; the finder takes at most "
            f"{MAX_QUERY_CHARS}. Search for a few distinctive words, or for a headline "
            'in double quotes, e.g. "Trump and Putin to meet".'
        )
    text = unicodedata.normalize("NFC", query).strip()
    if not text:
        raise SearchQueryError(
            "The search is empty. Type at least one word, e.g. 'Alaska', or a headline in "
            'double quotes, e.g. "Trump and Putin to meet".'
        )
    groups: list[list[_Term]] = [[]]  # OR-groups of AND-ed terms
    # Split into "quoted phrases" and whitespace-separated chunks; an unclosed quote
    # runs to the end of the query.
    for match in re.finditer(r'"([^"]*)"?|(\S+)', text):
        phrase, chunk = match.group(1), match.group(2)
        if chunk == "OR":
            if groups[-1]:
                groups.append([])
            continue
        raw = phrase if phrase is not None else chunk
        tokens = tuple(token.lower() for token in _TOKEN.findall(raw))
        if not tokens:
            continue
        prefix = phrase is None and raw.endswith("*")
        groups[-1].append(_Term(tokens, prefix))
    groups = [group for group in groups if group]
    if not groups:
        raise SearchQueryError(
            f"The search {_shorten(text)!r} has no letters or digits to look for. "
            "Type at least one word, e.g. 'summit'."
        )
    ands = [" AND ".join(term.fts() for term in group) for group in groups]
    if len(ands) == 1:
        return ands[0]
    return " OR ".join(f"({expr})" for expr in ands)


def _as_date(value: Any, name: str) -> str | None:
    """An ISO date string for a ``before``/``after`` argument, or None."""
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
        raise SearchQueryError(
            f"{name}={_shorten(value)!r} is not a date. Give it as year-month-day, "
            f"e.g. {name}='2025-08-08'."
        )
    raise SearchQueryError(
        f"{name} must be a date such as '2025-08-08', not {type(value).__name__}."
    )


# --------------------------------------------------------------------------- the index


class _Index:
    """An in-memory FTS5 index of one sources table (with the case's notes)."""

    def __init__(self, frame: pd.DataFrame, notes: dict[str, str]) -> None:
        self.frame = frame
        self.lock = threading.Lock()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, address, publisher, original_publisher, "
            "notes, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        self.db.execute(
            "CREATE TABLE meta (pos INTEGER PRIMARY KEY, published TEXT, pub TEXT, "
            "orig TEXT, is_reference INTEGER)"
        )
        rows = []
        meta = []
        for pos, record in enumerate(frame.itertuples(index=False)):
            source_id = record.source_id
            rows.append(
                (
                    pos,
                    record.title,
                    _address_words(str(record.url)),
                    record.publisher,
                    record.original_publisher,
                    notes.get(str(source_id), ""),
                )
            )
            meta.append(
                (
                    pos,
                    record.published_iso,
                    str(record.publisher).casefold().strip(),
                    str(record.original_publisher).casefold().strip(),
                    1 if record.kind == "article-reference" else 0,
                )
            )
        self.db.executemany(
            "INSERT INTO docs (rowid, title, address, publisher, original_publisher, notes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", meta)

    def search(
        self,
        expression: str,
        *,
        after: str | None,
        before: str | None,
        publisher: str | None,
        include_references: bool,
        limit: int | None,
    ) -> list[tuple[int, float]]:
        weights = ", ".join(str(w) for w in _WEIGHTS)
        sql = [
            f"SELECT docs.rowid, -bm25(docs, {weights}) AS score FROM docs "
            "JOIN meta ON meta.pos = docs.rowid WHERE docs MATCH ?"
        ]
        params: list[Any] = [expression]
        if after is not None:
            sql.append("AND meta.published != '' AND meta.published >= ?")
            params.append(after)
        if before is not None:
            sql.append("AND meta.published != '' AND meta.published <= ?")
            params.append(before)
        if publisher is not None:
            sql.append("AND (meta.pub = ? OR meta.orig = ?)")
            params += [publisher, publisher]
        if not include_references:
            sql.append("AND meta.is_reference = 0")
        with self.lock:
            try:
                hits = list(self.db.execute(" ".join(sql), params))
                in_title = {
                    row[0]
                    for row in self.db.execute(
                        "SELECT rowid FROM docs WHERE docs MATCH ?", [f"{{title}} : ({expression})"]
                    )
                }
            except sqlite3.OperationalError as exc:  # pragma: no cover - parse_query prevents it
                raise SearchQueryError(
                    f"The search could not be run ({exc}). Try plain words without punctuation."
                ) from None
        # Pages whose own title holds the whole query first (BM25 saturates, so a title
        # match alone does not always outweigh many matches in long notes), then by score.
        hits.sort(key=lambda hit: (hit[0] not in in_title, -hit[1], hit[0]))
        return hits[:limit]


def _address_words(url: str) -> str:
    """The searchable part of a web address: host and path, without query or fragment.

    Most pages in a case have no recorded title, but their address usually carries the
    headline's words (``.../trump-deploys-nuclear-submarines-near-russia...``).
    """
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host} {unquote(parts.path)}".strip()


def _cell(value: Any) -> str:
    import pandas as pd

    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _sources_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A clean copy of a sources table: every column present, text as str, dates parsed."""
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise SourcesTableError(
            "find_sources needs a case (coursekit.load_case(...)) or a sources table "
            f"(a pandas DataFrame), not {type(table).__name__}."
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in table.columns]
    if missing:
        raise SourcesTableError(
            f"The sources table has no column(s) {', '.join(missing)}. A sources table needs "
            f"at least {', '.join(REQUIRED_COLUMNS)} (see the case's sources.csv); found: "
            f"{', '.join(map(str, table.columns)) or 'no columns'}."
        )
    out = pd.DataFrame(index=range(len(table)))
    for column in RESULT_COLUMNS[:-1]:
        if column == "published":
            continue
        values = table[column] if column in table.columns else [""] * len(table)
        out[column] = [_cell(value) for value in values]
    out.loc[out["original_publisher"] == "", "original_publisher"] = out["publisher"]
    published = table["published"] if "published" in table.columns else [None] * len(table)
    dates = []
    for row, value in enumerate(published, start=2):
        text = _cell(value)
        if isinstance(value, (_dt.date, pd.Timestamp)) and text:
            dates.append(pd.Timestamp(value).normalize())
            continue
        if not text:
            dates.append(pd.NaT)
            continue
        try:
            dates.append(pd.Timestamp(_dt.date.fromisoformat(text[:10])))
        except ValueError:
            raise SourcesTableError(
                f"sources table, row {row} (source {out['source_id'][row - 2]!r}), column "
                f"published: {_shorten(text)!r} is not a date. Write it as year-month-day, "
                "e.g. 2025-08-08, or leave it empty when the date is unknown."
            ) from None
    out["published"] = pd.to_datetime(pd.Series(dates, dtype="datetime64[ns]"))
    out["published_iso"] = [
        "" if pd.isna(value) else value.strftime("%Y-%m-%d") for value in out["published"]
    ]
    return out


def _table_notes(table: pd.DataFrame) -> dict[str, str]:
    """A sources table's own ``note`` column, when it has one (e.g. a capstone corpus)."""
    if "note" not in table.columns or "source_id" not in table.columns:
        return {}
    notes: dict[str, list[str]] = {}
    for source_id, note in zip(table["source_id"], table["note"], strict=True):
        text = _cell(note)
        if text:
            notes.setdefault(_cell(source_id), []).append(text)
    return {key: " | ".join(value) for key, value in notes.items()}


def _case_notes(case: Case) -> dict[str, str]:
    notes: dict[str, list[str]] = {}
    for table in (case.evidence, case.event_sources):
        if "note" not in table.columns:
            continue
        for source_id, note in zip(table["source_id"], table["note"], strict=True):
            text = _cell(note)
            if text:
                notes.setdefault(str(source_id), []).append(text)
    return {key: " | ".join(value) for key, value in notes.items()}


# Built indexes, keyed by id() of the case or table; the weak reference proves the entry
# belongs to the same (still living) object, the fingerprint that it has not changed.
_CACHE: dict[int, tuple[Any, tuple[Any, ...], _Index]] = {}


def _forget(key: int, _ref: object) -> None:
    """Drop a cache entry when its case or table is garbage-collected."""
    _CACHE.pop(key, None)


def _fingerprint(source: Any) -> tuple[Any, ...]:
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        return ("frame", len(source), int(pd.util.hash_pandas_object(source.astype(str)).sum()))
    return (
        "case",
        id(source.sources),
        len(source.sources),
        id(source.evidence),
        len(source.evidence),
        id(source.event_sources),
        len(source.event_sources),
    )


def _index_for(source: Case | pd.DataFrame) -> _Index:
    import pandas as pd

    key = id(source)
    fingerprint = _fingerprint(source)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is source and cached[1] == fingerprint:
        return cached[2]
    if isinstance(source, pd.DataFrame):
        index = _Index(_sources_frame(source), _table_notes(source))
    else:
        index = _Index(_sources_frame(source.sources), _case_notes(source))
    try:
        ref = weakref.ref(source, partial(_forget, key))
    except TypeError:  # pragma: no cover - every Case and DataFrame is weak-referenceable
        return index
    _CACHE[key] = (ref, fingerprint, index)
    return index


def _table_of(case: Any) -> Any:
    """Check that ``case`` is a Case or a DataFrame; return it."""
    import pandas as pd

    if isinstance(case, pd.DataFrame):
        return case
    if hasattr(case, "sources") and hasattr(case, "evidence") and hasattr(case, "event_sources"):
        return case
    raise SourcesTableError(
        "find_sources needs a case (coursekit.load_case('summit-2025')) or a sources table "
        f"(a pandas DataFrame with columns {', '.join(REQUIRED_COLUMNS)}), not "
        f"{type(case).__name__}."
    )


# --------------------------------------------------------------------------- public


def find_sources(
    case: Case | pd.DataFrame,
    query: str,
    *,
    before: str | _dt.date | None = None,
    after: str | _dt.date | None = None,
    publisher: str | None = None,
    limit: int | None = 20,
    include_references: bool = False,
    log: bool = True,
) -> pd.DataFrame:
    """Search a case's sources, best match first.

    Parameters
    ----------
    case
        A :class:`~coursekit.cases.Case` (titles, publishers and the case's notes are
        searched) or a sources table as a DataFrame with at least the columns
        ``source_id, publisher, title`` (titles, web addresses, publishers and, if the
        table has one, its ``note`` column are searched).
    query
        Words (all must occur), ``"an exact phrase"``, ``OR`` between terms, ``word*``
        for a prefix. Case, accents and punctuation do not matter.
    before, after
        Keep only sources published on or before / on or after this day (ISO
        ``"2025-08-08"``, a ``date`` or a ``Timestamp``; both bounds inclusive).
        Sources whose date the case does not record are left out when either is given.
    publisher
        Keep only pages whose publisher *or* original publisher is this name (any
        capitalisation), so ``"Reuters"`` also finds Reuters stories on other sites.
    limit
        Most results to return (default 20); ``None`` for all.
    include_references
        Also search the article's own references (kind ``article-reference``).
    log
        Add the search to the learner's search log (:mod:`coursekit.searchlog`).

    Returns
    -------
    pandas.DataFrame
        One row per matching source with the columns :data:`RESULT_COLUMNS`
        (``source_id, publisher, title, published, url, kind, original_publisher,
        language, score``). Pages whose title holds the whole query come first; within
        that group and after it, rows are sorted by ``score`` (BM25 relevance over all
        searched fields; higher is better), ties in the order of the sources table. No
        match gives an empty table with the same columns.

    Raises
    ------
    SearchQueryError
        For an empty query, one without letters or digits, one longer than
        :data:`MAX_QUERY_CHARS`, a date that is not a date, ``before`` earlier than
        ``after``, or a ``limit`` that is not a positive whole number.
    SourcesTableError
        If ``case`` is neither a case nor a table with the required columns.

    Examples
    --------
    >>> import coursekit
    >>> case = coursekit.load_case("summit-2025")
    >>> hits = coursekit.find_sources(case, "Anchorage", after="2025-08-12", log=False)
    >>> bool((hits["published"] >= "2025-08-12").all())
    True
    """
    source = _table_of(case)
    expression = parse_query(query)
    after_iso = _as_date(after, "after")
    before_iso = _as_date(before, "before")
    if after_iso and before_iso and before_iso < after_iso:
        raise SearchQueryError(
            f"before={before_iso} is earlier than after={after_iso}, so no date fits. "
            "Swap them: after is the first day, before the last."
        )
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise SearchQueryError(
            f"limit must be a whole number of at least 1 (or None), not {limit!r}."
        )
    if publisher is not None and not isinstance(publisher, str):
        raise SearchQueryError(
            f"publisher must be a name such as 'Reuters', not {type(publisher).__name__}."
        )
    publisher_key = publisher.casefold().strip() if publisher and publisher.strip() else None

    index = _index_for(source)
    hits = index.search(
        expression,
        after=after_iso,
        before=before_iso,
        publisher=publisher_key,
        include_references=include_references,
        limit=limit,
    )
    positions = [hit[0] for hit in hits]
    result = index.frame.iloc[positions][list(RESULT_COLUMNS[:-1])].copy()
    result["score"] = [float(hit[1]) for hit in hits]
    result = result.reset_index(drop=True)
    if log:
        _log(query, result, source, after_iso, before_iso, publisher)
    return result


def _log(
    query: str,
    result: pd.DataFrame,
    source: Any,
    after: str | None,
    before: str | None,
    publisher: str | None,
) -> None:
    """Add a finder search to the search log; a failure only warns."""
    from coursekit import searchlog

    filters = []
    if after:
        filters.append(f"from {after}")
    if before:
        filters.append(f"to {before}")
    if publisher:
        filters.append(f"publisher {publisher}")
    name = getattr(source, "name", "")
    if name:
        filters.insert(0, f"case {name}")
    ids = ", ".join(result["source_id"].head(5))
    showed = f"{len(result)} result(s)" + (f": {ids}" if ids else "")
    if len(result) > 5:
        showed += ", ..."
    if filters:
        showed += f" [{'; '.join(filters)}]"
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        searchlog.log_search(query, where=searchlog.FINDER, showed=showed)
