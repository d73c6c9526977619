"""Lateral reading helpers: what a text says about itself, and who is behind a source.

Lesson 02 practises the four moves of SIFT (Caulfield): *Stop*, *Investigate the
source*, *Find better coverage*, *Trace claims to their origin*. Searching is done with
:func:`coursekit.find_sources`; this module holds the two small tables the lesson needs
around the searches:

* :func:`about_the_article`, for *Stop*: what the article itself says about who wrote
  it, where and when it was published, and what it cites. Read from the article text and
  the case's ``article.json``; an item the article does not give is reported as
  ``"not given"`` (nothing is guessed).
* :func:`who_is_behind`, for *Investigate the source*: for some sources of a case, the
  site showing the page, the newsroom or office whose words it carries, the kind of
  source in words and what that kind means when weighing it (:data:`SOURCE_KINDS`).

Examples
--------
>>> import coursekit
>>> from coursekit.lateral import about_the_article, who_is_behind
>>> case = coursekit.load_case("summit-2025")
>>> about_the_article(case).loc[0, "the article says"]
'not given'
>>> who_is_behind(case, ["S013"]).loc[0, "kind"]
'wire copy'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from coursekit.cases import Case

__all__ = [
    "NOT_GIVEN",
    "SOURCE_KINDS",
    "KindNote",
    "about_the_article",
    "spelling_variants",
    "who_is_behind",
]

#: What :func:`about_the_article` reports for an item the article does not give.
NOT_GIVEN = "not given"


class KindNote(NamedTuple):
    """How to read one kind of source (a value of the sources table's ``kind`` column)."""

    label: str
    """The kind in words, e.g. ``"wire copy"``."""
    behind: str
    """Who is behind a page of this kind."""
    weigh: str
    """What the kind means when weighing the page as evidence."""


#: One note per value of ``kind`` in the sources schema (``datapackage.json``), and per
#: extra kind of page the capstone corpora use.
SOURCE_KINDS: Mapping[str, KindNote] = {
    "news": KindNote(
        "news report",
        "the outlet wrote the page itself: its own reporting, or a statement it passes on",
        "an independent origin if it did its own reporting; read it to see what it rests on",
    ),
    "wire-copy": KindNote(
        "wire copy",
        "a news agency wrote the story; the site runs it under licence",
        "counts once, for the agency, however many sites carry it",
    ),
    "syndicated-copy": KindNote(
        "syndicated copy",
        "another outlet wrote the text; this site copies or mirrors it",
        "counts once, for the outlet that wrote it; check the original where you can",
    ),
    "official-statement": KindNote(
        "official statement",
        "a government or office speaking for itself",
        "shows what that side says happened, not independent confirmation of it",
    ),
    "state-media": KindNote(
        "state media",
        "an outlet owned or controlled by a state",
        "may give its government's view or relay its readouts; ask whose account it carries",
    ),
    "live-page": KindNote(
        "live page",
        "a newsroom's running updates, each entry with its own time",
        "an independent origin; the time stamp of the entry matters, not the page",
    ),
    "analysis": KindNote(
        "analysis",
        "an expert or newsroom interpreting events",
        "evidence of a view, and of what was known on its date, not of the facts",
    ),
    "reference": KindNote(
        "reference work",
        "an encyclopedia or its mirror",
        "useful background (spellings, places); not a witness to news events",
    ),
    "article-reference": KindNote(
        "the article's own reference",
        "what the article says it cites; nobody has found the page yet",
        "never counts: a text cannot corroborate itself",
    ),
    # Kinds that the capstone corpora also use (coursekit.capstone.PAGE_KINDS).
    "social-post": KindNote(
        "social media post",
        "whoever runs the account, which may not be who it says it is",
        "a claim by the account holder; find out who that is before weighing it",
    ),
    "campaign": KindNote(
        "campaign page",
        "a group arguing for a cause or an interest",
        "shows what the group argues; ask who funds it and look for independent checks",
    ),
    "register": KindNote(
        "public register",
        "the body that keeps an official record (of companies, charities, grants...)",
        "good evidence of what the record holds, such as names, owners and dates",
    ),
    "research-report": KindNote(
        "research report",
        "the researchers, and whoever commissioned or paid for the work",
        "check who did and funded it, and whether it says what others say it says",
    ),
    "blog": KindNote(
        "blog post",
        "its author, often one person writing without an editor",
        "one person's account or view, unless it shows its sources",
    ),
}

_UNKNOWN_KIND = KindNote(
    "other",
    "not recorded in the case",
    "find out who is behind it before you weigh it",
)

_BYLINE = re.compile(r"^\s*(?:by|written by)\s+\S", re.IGNORECASE)
_META_KEYS = {
    "byline": ("byline", "author", "authors"),
    "outlet": ("outlet", "publisher", "site"),
    "date": ("published", "date", "publication_date"),
}


def _first(metadata: Mapping[str, Any], keys: Iterable[str]) -> str:
    for key in keys:
        value = metadata.get(key)
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(item) for item in value if str(item).strip())
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def _byline_in_text(article: str) -> str:
    for line in article.splitlines()[:4]:
        if _BYLINE.match(line):
            return line.strip()
    return ""


def _references(metadata: Mapping[str, Any]) -> str:
    references = [r for r in metadata.get("references", []) if isinstance(r, Mapping)]
    if not references:
        return "no references"
    outlets = ", ".join(dict.fromkeys(str(r.get("publisher", "?")) for r in references))
    dates = sorted(str(r["claimed_date"]) for r in references if r.get("claimed_date"))
    span = ""
    if dates:
        span = (
            f", dated {dates[0]}" if dates[0] == dates[-1] else f", dated {dates[0]} to {dates[-1]}"
        )
    return f"{len(references)} reference(s){span}: {outlets}"


def about_the_article(case: Case) -> pd.DataFrame:
    """What the case's article says about itself: byline, outlet, date, references.

    The first *Stop* question of lateral reading is "who is behind this?". This table
    answers it from the article alone, before any search.

    Parameters
    ----------
    case
        A loaded case. The byline is looked for in the case's ``article.json`` (keys
        ``byline``, ``author``, ``authors``) and in a line starting "By ..." among the
        first lines of the text; the outlet in ``outlet``, ``publisher`` or ``site``; the
        date in ``published``, ``date`` or ``publication_date``.

    Returns
    -------
    pandas.DataFrame
        Four rows (who wrote it, which outlet published it, when it was published, what
        it cites) with the columns ``question`` and ``the article says``; an item the
        article does not give reads :data:`NOT_GIVEN`.
    """
    import pandas as pd

    metadata: Mapping[str, Any] = case.metadata or {}
    byline = _first(metadata, _META_KEYS["byline"]) or _byline_in_text(case.article)
    rows = [
        ("Who wrote it? (byline)", byline or NOT_GIVEN),
        ("Which outlet published it?", _first(metadata, _META_KEYS["outlet"]) or NOT_GIVEN),
        ("When was it published?", _first(metadata, _META_KEYS["date"]) or NOT_GIVEN),
        ("What does it cite?", _references(metadata)),
    ]
    return pd.DataFrame(rows, columns=["question", "the article says"])


def who_is_behind(case: Case | pd.DataFrame, source_ids: Iterable[str]) -> pd.DataFrame:
    """Who is behind each of some sources, and what their kind means for trust.

    Parameters
    ----------
    case
        A loaded case, or a sources table with at least the columns ``source_id``,
        ``publisher``, ``original_publisher`` and ``kind`` (for example the result of
        :func:`coursekit.find_sources`).
    source_ids
        The sources to describe, in the order wanted (e.g. ``hits["source_id"]``).

    Returns
    -------
    pandas.DataFrame
        One row per source id with the columns ``source_id``, ``page on`` (the site
        showing the page), ``words of`` (the outlet or office that wrote it: the
        original publisher), ``kind`` (in words), ``who is behind it`` and ``weigh it
        as`` (from :data:`SOURCE_KINDS`).

    Raises
    ------
    KeyError
        If an id is not in the sources table; the message names it.
    ValueError
        If the table lacks one of the columns needed.
    """
    import pandas as pd

    table = case if isinstance(case, pd.DataFrame) else case.sources
    needed = ("source_id", "publisher", "original_publisher", "kind")
    missing = [column for column in needed if column not in table.columns]
    if missing:
        raise ValueError(
            f"who_is_behind needs a sources table with the columns {', '.join(needed)}; "
            f"missing: {', '.join(missing)}. Pass a case or the result of find_sources."
        )
    by_id = table.drop_duplicates("source_id").set_index("source_id")
    rows = []
    for source_id in source_ids:
        if source_id not in by_id.index:
            raise KeyError(f"{source_id!r} is not a source of this case.")
        row = by_id.loc[source_id]
        kind = str(row["kind"]) if pd.notna(row["kind"]) else ""
        note = SOURCE_KINDS.get(kind, _UNKNOWN_KIND)
        original = row["original_publisher"]
        words_of = (
            str(original) if pd.notna(original) and str(original).strip() else row["publisher"]
        )
        rows.append((source_id, row["publisher"], words_of, note.label, note.behind, note.weigh))
    columns = ["source_id", "page on", "words of", "kind", "who is behind it", "weigh it as"]
    return pd.DataFrame(rows, columns=columns)


def spelling_variants(case: Case, spellings: Iterable[str]) -> pd.DataFrame:
    """Where each spelling of a name appears: the article, the sources, the evidence notes.

    Names written in another alphabet have several Latin spellings; a search for one of
    them misses pages that use another. Matching ignores case and finds the spelling
    anywhere in a word, so a prefix such as ``"Dobropol"`` also catches longer forms.

    Parameters
    ----------
    case
        A loaded case.
    spellings
        The spellings to look for, in the order wanted.

    Returns
    -------
    pandas.DataFrame
        One row per spelling with the columns ``spelling``, ``in the article``
        (``"yes"`` or ``"no"``), ``source titles/URLs`` (how many sources have it in their
        title or web address) and ``evidence notes`` (how many evidence rows mention it).

    Raises
    ------
    ValueError
        If a spelling is empty.
    """
    import pandas as pd

    sources = case.sources["title"].fillna("") + " " + case.sources["url"].fillna("")
    notes = case.evidence["note"].fillna("")
    article = case.article.casefold()
    rows = []
    for spelling in spellings:
        if not spelling.strip():
            raise ValueError("spelling_variants needs non-empty spellings, e.g. 'Dobropillia'.")
        rows.append(
            (
                spelling,
                "yes" if spelling.casefold() in article else "no",
                int(sources.str.contains(spelling, case=False, regex=False).sum()),
                int(notes.str.contains(spelling, case=False, regex=False).sum()),
            )
        )
    columns = ["spelling", "in the article", "source titles/URLs", "evidence notes"]
    return pd.DataFrame(rows, columns=columns)
