"""One story: what lessons, worksheets, quizzes, keys and the guide say about the case agrees
with the case.

Every expected value below is derived from the case (``load_case``, ``corroboration``,
``independent_sources``) when the test runs, never copied from a lesson or a key. The
learner-facing text is read from the files themselves:

* lesson notebooks (``notebooks/*.ipynb``), worksheets and solution notebooks
  (``exercises/*.ipynb``, ``exercises/solutions/*.ipynb``): markdown cells;
* quizzes (``src/coursekit/quizzes/NN.json`` and their sources with the right options
  marked, ``exercises/solutions/quizzes/NN.json``): every text field;
* hints and model answers (``src/coursekit/answers/exercises.json``);
* the instructor guide (``docs/instructor-guide.md``) and the README.

Seven kinds of check:

1. **Ids.** Every case id a learner reads (``C12``, ``E29``, ``S130``, ``R1``, ``I13``) exists
   in the case (or, for the capstone's fictional pages, in a capstone corpus).
2. **Statements.** A registry of the sentences that state a number, a date or a count about
   the case: a regular expression that finds the sentence wherever it is, and a function that
   computes the true value from the case. Each entry must still find its sentence (so a
   rewording cannot silence it), and each finding must agree with the case.
3. **Numbers with nouns.** Every "<digits> events / claims / sources / references / origins"
   in learner-facing text is covered by a registry entry or listed as not about the case.
4. **Keys.** Data-dependent worksheet keys and quiz answers: the answer computed from the case
   is marked right by ``coursekit.check`` (worksheets) or is the option marked correct (quizzes).
5. **Dates.** Every day-and-month a learner reads is a date the case records (or is marked as
   an invented example).
6. **Quiz facts.** The right option of each quiz question about the case says what the case says
   (a date, a claim's type or verdict, an inconsistency's kind, a count of origins).
7. **Names and quotes next to ids.** "Novosti Donbassa (S130)" names that source's publisher or
   original outlet; words quoted next to a claim id are in that claim.

When a lesson is reworded, adjust the entry's pattern to the new sentence; when the data
changes, the lesson must change with it (the failure names the file and the sentence).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest

import coursekit
from coursekit.corroboration import corroboration, independent_sources

REPO = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- the texts


@dataclass(frozen=True)
class Text:
    """One piece of learner-facing text and where it is."""

    file: str
    where: str
    text: str  # whitespace collapsed, so a pattern may span markdown line breaks


def _flat(text: str) -> str:
    return " ".join(text.split())


def _notebook_texts(pattern: str, *, model_answers: bool = False) -> Iterator[Text]:
    for path in sorted(REPO.glob(pattern)):
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            where = f"cell {index} (id {cell.get('id', '?')})"
            if cell.cell_type == "markdown":
                yield Text(str(path.relative_to(REPO)), where, _flat(cell.source))
            elif model_answers and re.search(r"answer = (\"\"\"|''')", cell.source):
                # A free-text model answer in a solution notebook: learners see it as the key.
                yield Text(str(path.relative_to(REPO)), where + " model answer", _flat(cell.source))


def _json_strings(data: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in {"id", "salt", "hashes", "answer", "wrong", "misconception"}:
                yield from _json_strings(value, f"{where}.{key}" if where else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _json_strings(value, f"{where}[{index}]")


def _json_texts(pattern: str) -> Iterator[Text]:
    for path in sorted(REPO.glob(pattern)):
        data = json.loads(path.read_text(encoding="utf-8"))
        for where, text in _json_strings(data, ""):
            yield Text(str(path.relative_to(REPO)), where, _flat(text))


def _markdown_texts(name: str) -> Iterator[Text]:
    path = REPO / name
    for index, paragraph in enumerate(path.read_text(encoding="utf-8").split("\n\n")):
        yield Text(name, f"paragraph {index}", _flat(paragraph))


#: Learner- and instructor-facing text, by kind.
SOURCES: dict[str, Callable[[], Iterator[Text]]] = {
    "lessons": lambda: _notebook_texts("notebooks/[0-9][0-9]-*.ipynb"),
    "worksheets": lambda: _notebook_texts("exercises/[0-9][0-9]-*.ipynb"),
    "solutions": lambda: _notebook_texts(
        "exercises/solutions/[0-9][0-9]-*.ipynb", model_answers=True
    ),
    "quizzes": lambda: _json_texts("src/coursekit/quizzes/[0-9][0-9].json"),
    "misconceptions": lambda: _json_texts("src/coursekit/quizzes/misconceptions.json"),
    "hints": lambda: _json_texts("src/coursekit/answers/exercises.json"),
    "guide": lambda: _markdown_texts("docs/instructor-guide.md"),
    "readme": lambda: _markdown_texts("README.md"),
}
EVERYWHERE = tuple(SOURCES)


@cache
def texts(kinds: tuple[str, ...] = EVERYWHERE) -> tuple[Text, ...]:
    return tuple(text for kind in kinds for text in SOURCES[kind]())


# --------------------------------------------------------------------------- the case


@pytest.fixture(scope="module")
def case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


@cache
def _case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


@cache
def _table() -> pd.DataFrame:
    return corroboration(_case()).set_index("claim_id")


def event_day(event_id: str) -> int:
    """Day of the month of an event (all the case's events are in July-August 2025)."""
    return int(_case().events.set_index("event_id").loc[event_id, "date"].day)


def event_date(event_id: str) -> dt.date:
    return _case().events.set_index("event_id").loc[event_id, "date"].date()


def references() -> pd.DataFrame:
    sources = _case().sources
    return sources[sources["kind"].astype(str) == "article-reference"]


def backing_origins(claim_id: str) -> int:
    rows = independent_sources(_case(), claim_id)
    rows = rows[rows["counts"].astype(bool) & rows["stance"].isin(["supports", "partly"])]
    return int(rows["group"].nunique())


NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "single": 1,
}


def number(word: str) -> int:
    """'4', 'four' or 'Four' as an int."""
    word = word.strip().lower().replace(",", "")
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


# --------------------------------------------------------------------------- 1. ids

_ID = re.compile(r"\b(C\d{1,3}|E\d{2,3}|S\d{3,4}|R\d{1,2}|I\d{1,3})\b")


@cache
def known_ids() -> frozenset[str]:
    case = _case()
    ids = set(case.claims["claim_id"]) | set(case.events["event_id"])
    ids |= set(case.sources["source_id"]) | set(case.inconsistencies["inconsistency_id"])
    try:  # the capstone's fictional corpora have their own page ids (S701...)
        from coursekit import capstone

        for item_id in capstone.item_ids():
            ids |= set(capstone.load_item(item_id).sources["source_id"].astype(str))
    except ImportError:  # pragma: no cover - a kit without the capstone package
        pass
    return frozenset(ids)


#: Id-shaped strings that are not case ids (kept short; each says why).
NOT_IDS = {
    "S1",  # none yet
}


def test_every_id_a_learner_reads_exists_in_the_case() -> None:
    unknown = [
        f"{t.file} {t.where}: {match.group(1)} in {_excerpt(t.text, match.start())}"
        for t in texts()
        for match in _ID.finditer(t.text)
        if match.group(1) not in known_ids() and match.group(1) not in NOT_IDS
    ]
    assert not unknown, "ids that do not exist in the case:\n" + "\n".join(unknown)


def _excerpt(text: str, at: int, width: int = 70) -> str:
    return repr(text[max(0, at - width) : at + width])


# --------------------------------------------------------------------------- 2. statements


@dataclass(frozen=True)
class Statement:
    """A sentence about the case, where to find it, and how to check it.

    ``check`` gets the match and returns ``(said, true)``: what the text says and what
    the case says, computed from the case.
    """

    name: str
    pattern: str
    check: Callable[[re.Match[str]], tuple[Any, Any]]
    kinds: tuple[str, ...] = EVERYWHERE
    required: bool = True  # the sentence must exist somewhere (else the entry is stale)

    def matches(self) -> Iterator[tuple[Text, re.Match[str]]]:
        regex = re.compile(self.pattern, re.IGNORECASE)
        for text in texts(self.kinds):
            for match in regex.finditer(text.text):
                yield text, match


def _days_between(later: dt.date, earlier: dt.date) -> int:
    return (later - earlier).days


def _ref_day(number_: int) -> int:
    refs = references().reset_index(drop=True)
    return int(refs.loc[number_ - 1, "published"].day)


def _refs_naming_alaska() -> pd.DataFrame:
    refs = references()
    return refs[refs["title"].str.contains("Alaska")]


def _published_day(source_id: str) -> int | None:
    published = _case().sources.set_index("source_id").loc[source_id, "published"]
    return None if pd.isna(published) else int(published.day)


def _event_note(event_id: str) -> str:
    return str(_case().events.set_index("event_id").loc[event_id, "date_note"])


def _russian_report_days(event_id: str) -> set[int]:
    """Days of the Russian-language pages the case links to an event (with a date)."""
    case = _case()
    linked = set(case.event_sources.loc[case.event_sources["event_id"] == event_id, "source_id"])
    pages = case.sources[
        case.sources["source_id"].isin(linked) & (case.sources["language"] == "ru")
    ]
    return {int(d.day) for d in pages["published"].dropna()}


def _bbc_end_of_talks_in(offset_hours: int) -> str:
    """E24's BBC stamp (BST, UTC+1) moved to another UTC offset: the date there, ISO."""
    stamp = re.search(r"(\d\d):(\d\d) BST on (\d{1,2}) August", _event_note("E24"))
    assert stamp, "E24's note no longer records the BBC's BST stamp"
    hour, minute, day = (int(g) for g in stamp.groups())
    utc = dt.datetime(2025, 8, day, hour, minute) - dt.timedelta(hours=1)
    return (utc + dt.timedelta(hours=offset_hours)).date().isoformat()


def _same_sentence(*claim_ids: str) -> bool:
    """True when the claims' spans lie in one sentence of the article."""
    case = _case()
    spans = [case.claim(c) for c in claim_ids]
    start, end = min(int(s["start"]) for s in spans), max(int(s["end"]) for s in spans)
    return not re.search(r"[.!?]\s", case.article[start : end - 1])


def _group_of(claim_id: str, source_ids: set[str]) -> tuple[str, int] | str:
    """The one origin a set of sources share for a claim, with how many pages it has."""
    rows = independent_sources(_case(), claim_id)
    groups = rows.loc[rows["source_id"].isin(source_ids), "group"].unique()
    return (str(groups[0]), len(source_ids)) if len(groups) == 1 else f"{len(groups)} origins"


def _relaying_outlets(claim_id: str, stance: str) -> int:
    """Outlets whose rows for the claim relay its (one) backing statement, with this stance."""
    rows = independent_sources(_case(), claim_id)
    rows = rows[(rows["stance"] == stance) & (rows["grouped_by"] == "relays")]
    return int(rows["publisher"].nunique()) if rows["group"].nunique() == 1 else -1


def _capstone_sizes() -> set[int]:
    from coursekit import capstone

    return {len(capstone.load_item(item_id).sources) for item_id in capstone.item_ids()}


def _wion_decoded() -> dt.datetime:
    """The WION page's article id read as a millisecond Unix time (lesson 04's method)."""
    sources = _case().sources
    url = sources.loc[sources["publisher"] == "WION", "url"].item()
    milliseconds = int(re.search(r"-(\d{13})$", url).group(1))  # type: ignore[union-attr]
    return dt.datetime.fromtimestamp(milliseconds / 1000, tz=dt.UTC)


STATEMENTS: list[Statement] = [
    Statement(
        "number of timeline events",
        r"\b(\w+) (?:timeline|dated) events\b",
        lambda m: (number(m.group(1)), len(_case().events)),
    ),
    Statement(
        "number of claims in the article",
        r"\b(?:into|the|article's) (\d+) claims\b",
        lambda m: (number(m.group(1)), len(_case().claims)),
    ),
    Statement(
        "number of references the article cites",
        r"\b(?:cites|article's|The) (four|\d+) references\b",
        lambda m: (number(m.group(1)), len(references())),
    ),
    Statement(
        "dates of the article's references",
        r"references?\b[^.]{0,40}?\bdated (\d{1,2})\s*(?:to|-|–)\s*(\d{1,2}) August",
        lambda m: (
            (int(m.group(1)), int(m.group(2))),
            (int(references()["published"].min().day), int(references()["published"].max().day)),
        ),
    ),
    Statement(
        "the day Alaska was named (E11)",
        r"Alaska (?:was (?:first )?(?:named|announced)|being named|announcement)\D{0,60}?"
        r"(\d{1,2}) August",
        lambda m: (int(m.group(1)), event_day("E11")),
    ),
    Statement(
        "the day Alaska was announced, in other words (E11)",
        r"(?:not announced until|announced the Alaska meeting on the evening of) (\d{1,2}) August",
        lambda m: (int(m.group(1)), event_day("E11")),
    ),
    Statement(
        "the first report of a planned meeting (E04)",
        r"(?:first report of (?:a planned meeting|one)|before any meeting was reported)\D{0,12}?"
        r"\(?(\d{1,2}) August",
        lambda m: (int(m.group(1)), event_day("E04")),
    ),
    Statement(
        "the day Anchorage was named (E19)",
        r"Anchorage (?:was |came |\()?(?:named )?(?:on )?(\d{1,2}) August",
        lambda m: (int(m.group(1)), event_day("E19")),
    ),
    Statement(
        "days between Alaska and Anchorage (E11, E19)",
        r"Alaska being named \((\d+) August\) and Anchorage \((\d+) August\) lie (\w+) days",
        lambda m: (
            (int(m.group(1)), int(m.group(2)), number(m.group(3))),
            (
                event_day("E11"),
                event_day("E19"),
                _days_between(event_date("E19"), event_date("E11")),
            ),
        ),
    ),
    Statement(
        "references naming Alaska, days before the announcement",
        r"(\w+) references? name (?:> )?Alaska in their titles, (\w+) and (\w+) days before",
        lambda m: (
            (number(m.group(1)), sorted([number(m.group(2)), number(m.group(3))])),
            (
                len(_refs_naming_alaska()),
                sorted(
                    _days_between(event_date("E11"), day.date())
                    for day in _refs_naming_alaska()["published"]
                ),
            ),
        ),
    ),
    Statement(
        "reference [3] reports a meeting before the first report of one (R3, E04)",
        r"planned meeting on (\d+) August, (\w+) days before the first report",
        lambda m: (
            (int(m.group(1)), number(m.group(2))),
            (
                _ref_day(3),
                _days_between(event_date("E04"), references()["published"].iloc[2].date()),
            ),
        ),
    ),
    Statement(
        "the BBC id's estimated date (R1)",
        r"(?:59768752|BBC (?:number|id))\D{0,40}?about (\d{1,2}) December 2021",
        lambda m: (
            f"{m.group(1)} December 2021"
            in str(_case().sources.set_index("source_id").loc["R1", "finding"]),
            True,
        ),
    ),
    Statement(
        "WION's id decoded (S048)",
        r"(\d\d:\d\d) UTC on (\d{1,2}) August",
        lambda m: (
            (m.group(1), int(m.group(2))),
            (f"{_wion_decoded():%H:%M}", _wion_decoded().day),
        ),
        kinds=("lessons", "hints"),
    ),
    Statement(
        "Ukrainska Pravda's time stamp on the Alaska confirmation (S031, E12)",
        r"at (\d\d:\d\d) on Saturday (\d{1,2}) August 2025, Kyiv time",
        lambda m: (
            f"{m.group(1)} on {m.group(2)} August"
            in str(_case().events.set_index("event_id").loc["E12", "date_note"]),
            True,
        ),
        required=False,
    ),
    Statement(
        "the BBC's time stamp on the end of the three-on-three talks (S138, E24)",
        r"at (\d\d:\d\d) on Friday (\d{1,2}) August 2025, British Summer Time",
        lambda m: (
            f"{m.group(1)} BST on {m.group(2)} August" in _event_note("E24"),
            True,
        ),
        required=False,
    ),
    Statement(
        "the Russian reports of the summit are dated 16 August (E24)",
        r"Russian reports of the talks are dated (\d{1,2}) August",
        lambda m: ({int(m.group(1))}, _russian_report_days("E24")),
        required=False,
    ),
    Statement(
        "still 8 August in London when Alaska was announced (E11)",
        r"In London it was still (\d{1,2}) August; in [^.]*? already (\d{1,2}) August",
        lambda m: (
            (int(m.group(1)), int(m.group(2))),
            (event_day("E11"), event_day("E11") + 1)
            if "still 8 August in the UK"
            in str(_case().events.set_index("event_id").loc["E11", "date_note"])
            else None,
        ),
    ),
    Statement(
        "the exact venue was open until the day before Anchorage (C27's window)",
        r"exact venue was still open until (\d{1,2}) August",
        lambda m: (int(m.group(1)), int(_case().claim("C27")["written_before"].day)),
    ),
    Statement(
        "'feel-out meeting' fits from the day it was said (C16's window)",
        r"from (\d{1,2}) August, the day the phrase was used",
        lambda m: (int(m.group(1)), int(_case().claim("C16")["written_after"].day)),
    ),
    Statement(
        "pages carrying Trump's 'feel-out' quote (C16)",
        r"(\w+) pages(?: carry the quote|, but not \w+ witnesses)",
        lambda m: (number(m.group(1)), len(_case().evidence_for("C16"))),
    ),
    Statement(
        "the sources recorded for C21",
        r"C21's (\w+) sources",
        lambda m: (number(m.group(1)), len(_case().evidence_for("C21"))),
        required=False,
    ),
    Statement(
        "pages in each capstone corpus",
        r"Each comes with (\d+) invented pages",
        lambda m: ({number(m.group(1))}, _capstone_sizes()),
    ),
    Statement(
        "C14 rests on one independent origin",
        r"\b(C14) has an? (single|one) independent origin",
        lambda m: (number(m.group(2)), backing_origins(m.group(1))),
    ),
    Statement(
        "Trump and Putin last met in person in 2019 (C35, R3)",
        r"Trump and Putin last met[^.]{0,60}?\b(\d{4})\b",
        lambda m: (
            m.group(1),
            re.search(
                r"last met in (\d{4})",
                str(_case().sources.set_index("source_id").loc["R3", "finding"]),
            ).group(1),  # type: ignore[union-attr]
        ),
        required=False,
    ),
    Statement(
        "a sentence split into claims (lesson 01)",
        r"became (\w+) claims \((C\d+), (C\d+) and (C\d+)\)",
        lambda m: (
            number(m.group(1)),
            len({m.group(2), m.group(3), m.group(4)})
            if _same_sentence(m.group(2), m.group(3), m.group(4))
            else "claims from different sentences",
        ),
    ),
    Statement(
        "two copies of one ABC News text are one origin (C16: S041, S042)",
        r"whee\.net and KBNW form one group, ([\w ]+?): (\w+) pages, one newsroom",
        lambda m: (
            (m.group(1), number(m.group(2))),
            _group_of("C16", {"S041", "S042"}),
        ),
    ),
    Statement(
        "outlets relaying the Kremlin readout for C14",
        r"(\w+) (?:outlets published it, but all repeat one account"
        r"|newsrooms relaying one Kremlin readout are one origin \(C14\))",
        lambda m: (number(m.group(1)), _relaying_outlets("C14", "supports")),
    ),
    Statement(
        "origins backing C21 in the 02.6 model answer and rubric",
        r"C21[^|]{0,160}?\b(\w+) origins back it",
        lambda m: (number(m.group(1)), backing_origins("C21")),
    ),
    Statement(
        "a source's date given next to its id",
        r"\((S\d{3}), (?:dated )?(\d{1,2}) August\)"
        r"|\b(S\d{3}), an? [\w ]{0,20}?(?:story|page|report) (?:of|dated) (\d{1,2}) August",
        lambda m: (
            int(m.group(2) or m.group(4)),
            _published_day(m.group(1) or m.group(3)),
        ),
        required=False,
    ),
    Statement(
        "a claim's stated type",
        r"\b(C\d{1,2})\b (?:is|was) (?:typed |labelled )?(?:an? )?"
        r"(fact|opinion|attribution|prediction|citation)\b",
        lambda m: (m.group(2).lower(), str(_case().claim(m.group(1))["claim_type"])),
        required=False,
    ),
    Statement(
        "a claim's stated verdict",
        r"\b(C\d{1,2})\b (?:is|was|stays|verdict:) (corroborated|contradicted|unverifiable)\b",
        lambda m: (m.group(2).lower(), str(_case().claim(m.group(1))["verdict"])),
        required=False,
    ),
]

#: Statements corrected by issue 9 that must not come back (what the case says instead).
RETIRED = {
    r"late on 15 August": "E24: the talks ended in the early afternoon in Anchorage",
    r"small (?:Russian )?infantry groups": "E20: 'Russian infantry groups'",
    r"calls the summit timely": "E25: Putin called the visit timely and very useful",
    r"almost word for word": "I13: the bullets restate the body (key phrases verbatim)",
    r"independent sources confirm it": "a single-origin claim is not confirmed by 'sources'",
    r"C9\W[^.]{0,40}\bopinion\b": "C9 is typed attribution (an opinion cannot be 'partly')",
}


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda s: s.name)
def test_statement_agrees_with_the_case(statement: Statement) -> None:
    found = list(statement.matches())
    if statement.required:
        assert found, (
            f"no text states {statement.name!r} any more (pattern {statement.pattern!r}): "
            "update the pattern to the new wording, or drop the entry if the fact is gone"
        )
    wrong = []
    for text, match in found:
        said, true = statement.check(match)
        if said != true:
            wrong.append(
                f"{text.file} {text.where}: says {said!r}, the case says {true!r}: "
                f"{_excerpt(text.text, match.start())}"
            )
    assert not wrong, f"{statement.name}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("pattern", list(RETIRED), ids=list(RETIRED.values()))
def test_corrected_statements_do_not_come_back(pattern: str) -> None:
    regex = re.compile(pattern, re.IGNORECASE)
    found = [
        f"{t.file} {t.where}: {_excerpt(t.text, m.start())}"
        for t in texts()
        for m in regex.finditer(t.text)
    ]
    assert not found, f"{RETIRED[pattern]}; found:\n" + "\n".join(found)


# --------------------------------------------------------------------------- 3. numbers

_COUNTED = re.compile(
    r"(?<![\d.,])\b(\d{1,3}) (?:[a-z-]+ )?"
    r"(events|claims|sources|references|origins|pages|outlets)\b",
    re.IGNORECASE,
)

#: Numbers with nouns that are not about the case (invented examples, exercise rules).
NOT_ABOUT_THE_CASE = (
    r"gave \d+ claim ids",  # the guide quoting the checker's feedback
    r"the answer has \d+",
    # the guide quoting the validator on the fictional flood fixture (tests/unit/test_any_case.py
    # checks each quoted line against what coursekit validate reports)
    r"none of the case's \d+ events \(2019-",
)


def test_every_counted_number_about_the_case_is_checked() -> None:
    covered = [re.compile(s.pattern, re.IGNORECASE) for s in STATEMENTS]
    exempt = [re.compile(p, re.IGNORECASE) for p in NOT_ABOUT_THE_CASE]
    unchecked = []
    for text in texts():
        spans = [m.span() for r in covered + exempt for m in r.finditer(text.text)]
        for match in _COUNTED.finditer(text.text):
            if not any(start <= match.start() < end for start, end in spans):
                unchecked.append(f"{text.file} {text.where}: {_excerpt(text.text, match.start())}")
    assert not unchecked, (
        "numbers about the case that no registry entry checks (add an entry to STATEMENTS, "
        "or to NOT_ABOUT_THE_CASE if the number is not about the case):\n" + "\n".join(unchecked)
    )


# --------------------------------------------------------------------------- 4. keys


def _opinions_among_the_listed_claims() -> set[str]:
    """01.3: the opinions among the claims the worksheet shows (cells after its heading)."""
    path = next((REPO / "exercises" / "solutions").glob("01-*.ipynb"))
    cells = nbformat.read(path, as_version=4).cells
    start = next(i for i, c in enumerate(cells) if "Exercise 01.3" in c.source)
    listed: set[str] = set()
    for cell in cells[start + 1 :]:
        if "coursekit.check(" in cell.source or cell.source.lstrip().startswith("## "):
            break
        listed |= set(re.findall(r"\bC\d{1,2}\b", cell.source))
    assert listed, "exercise 01.3 no longer shows its claims before the answer cell"
    claims = _case().claims.set_index("claim_id")
    return {c for c in listed if str(claims.loc[c, "claim_type"]) == "opinion"}


def _exercise_text(exercise_id: str) -> str:
    """The markdown of a worksheet exercise (its heading cell), from the solution notebook."""
    lesson = exercise_id.split(".")[0]
    path = next((REPO / "exercises" / "solutions").glob(f"{lesson}-*.ipynb"))
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown" and f"Exercise {exercise_id}" in cell.source:
            return str(cell.source)
    return ""


#: Worksheet keys that depend on the data: exercise id -> the answer computed from the case.
KEYS: dict[str, Callable[[], Any]] = {
    "01.1": lambda: str(_case().claim("C23")["claim_type"]),
    "01.2": lambda: str(_case().claim("C39")["claim_type"]),
    "01.3": _opinions_among_the_listed_claims,
    "01.5": lambda: int(
        (
            (_case().claims["claim_type"] == "fact") & (_case().claims["verdict"] == "contradicted")
        ).sum()
    ),
    "02.2": lambda: int(_table().loc["C21", "supporting"]),
    "02.4": lambda: int(
        _case().sources["url"].isin(set(references()["url"])).sum() - len(references())
    ),
    "02.5": lambda: (
        _case().sources.set_index("source_id").loc["S028", "published"].date().isoformat()
    ),
    "04.4": lambda: (
        "2021-12-"
        + re.search(
            r"(\d{1,2}) December 2021",
            str(_case().sources.set_index("source_id").loc["R1", "finding"]),
        )
        .group(1)  # type: ignore[union-attr]
        .zfill(2)
    ),
    "04.5": lambda: set(_refs_naming_alaska()["source_id"].astype(str)),
    "04.6": lambda: (
        _bbc_end_of_talks_in(+3)  # the worksheet asks for the date in Moscow (UTC+3)
        if "Moscow" in _exercise_text("04.6")
        else event_date("E11").isoformat()
    ),
}


@pytest.mark.parametrize("exercise_id", list(KEYS))
def test_the_answer_computed_from_the_case_is_marked_right(
    exercise_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path))  # never touch a real learner's progress
    answer = KEYS[exercise_id]()
    feedback = coursekit.check(exercise_id, answer)
    assert feedback.correct, f"{exercise_id}: the case gives {answer!r}; the key says: {feedback}"


def _quiz_question(question_id: str) -> dict[str, Any]:
    lesson = question_id.split(".")[0]
    data = json.loads((REPO / "exercises" / "solutions" / "quizzes" / f"{lesson}.json").read_text())
    return next(q for q in data["questions"] if q["id"] == question_id)


def _origins_of(claim_id: str, source_ids: set[str]) -> int:
    rows = independent_sources(_case(), claim_id)
    return int(rows.loc[rows["source_id"].isin(source_ids), "group"].nunique())


#: Quiz questions whose right option depends on the data: (question, prompt pattern,
#: function of the prompt's match -> the number the right option must start with).
QUIZ_COUNTS: list[tuple[str, str, Callable[[re.Match[str]], int]]] = [
    (
        "02.1",
        r"pages (S\d{3}) \(.*?\) and (S\d{3}) \(.*?\).*?\(claim (C\d+)\)",
        lambda m: _origins_of(m.group(3), {m.group(1), m.group(2)}),
    ),
]


@pytest.mark.parametrize(
    "question_id, pattern, compute", QUIZ_COUNTS, ids=[q[0] for q in QUIZ_COUNTS]
)
def test_quiz_right_option_is_what_the_case_computes(
    question_id: str, pattern: str, compute: Callable[[re.Match[str]], int]
) -> None:
    question = _quiz_question(question_id)
    match = re.search(pattern, _flat(question["prompt"]))
    assert match, f"quiz {question_id}'s prompt no longer matches {pattern!r}: update the entry"
    expected = compute(match)
    right = [o["text"] for o in question["options"] if o.get("correct")]
    assert right, question_id
    for text in right:
        first = re.match(r"\W*(\w+)", text)
        assert first and number(first.group(1)) == expected, (question_id, text, expected)


# --------------------------------------------------------------------------- 5. dates

_MONTHS = {"June": 6, "July": 7, "August": 8, "November": 11, "December": 12}
_DATE = re.compile(
    r"(?<![\d.:])\b(\d{1,2})\s*(?:(?:to|-|–|and)\s*(\d{1,2})\s+)?"
    r"(June|July|August|November|December)\b(?:,? (\d{4}))?"
    r"|\b(June|July|August|November|December) (\d{1,2})\b(?:, (\d{4}))?"
)


@cache
def case_dates() -> frozenset[tuple[int, int]]:
    """Every (month, day) the case records: dates, and dates written in its text fields."""
    case = _case()
    found: set[tuple[int, int]] = set()
    for frame in (case.events, case.sources, case.claims, case.evidence, case.event_sources):
        for column in frame.columns:
            values = frame[column]
            if pd.api.types.is_datetime64_any_dtype(values):
                found |= {(d.month, d.day) for d in values.dropna()}
            elif values.dtype == object or pd.api.types.is_string_dtype(values):
                for text in values.astype(str):
                    for match in _DATE.finditer(text):
                        found |= _mentioned(match)
    for text in case.inconsistencies["description"].astype(str):
        for match in _DATE.finditer(text):
            found |= _mentioned(match)
    return frozenset(found)


def _mentioned(match: re.Match[str]) -> set[tuple[int, int]]:
    if match.group(3):
        month = _MONTHS[match.group(3)]
        days = [int(match.group(1))]
        if match.group(2):
            days.append(int(match.group(2)))
    else:
        month, days = _MONTHS[match.group(5)], [int(match.group(6))]
    return {(month, day) for day in days}


#: Context (within 100 characters of the date) that marks a date as not a case record.
NOT_CASE_DATES = (
    r"invented example",  # made-up examples in quizzes
    r"fictional",
    r"made-up",
    r"is a day late",  # the guide: a wrong interpolation result learners may give (04.4)
)


def test_every_date_a_learner_reads_is_a_date_the_case_records() -> None:
    exempt = [re.compile(p, re.IGNORECASE) for p in NOT_CASE_DATES]
    unknown = []
    for text in texts():
        for match in _DATE.finditer(text.text):
            around = text.text[max(0, match.start() - 100) : match.end() + 100]
            if any(r.search(around) for r in exempt):
                continue
            missing = sorted(_mentioned(match) - case_dates())
            if missing:
                unknown.append(
                    f"{text.file} {text.where}: {match.group(0)!r} in "
                    f"{_excerpt(text.text, match.start())}"
                )
    assert not unknown, (
        "dates that the case does not record (a typo, or a fact the case lacks; add the "
        "source to the case, or mark the passage as an invented example):\n" + "\n".join(unknown)
    )


# --------------------------------------------------------------------------- 6. quiz facts


def _quoted_claims(prompt: str) -> list[pd.Series]:
    """Claims of the case whose text (or most of it) the prompt quotes."""
    claims = _case().claims
    flat = _flat(prompt).replace("’", "'")
    return [
        claim
        for _, claim in claims.iterrows()
        if _flat(str(claim["text"])).replace("’", "'").rstrip(",.") in flat
    ]


def _right(question: dict[str, Any]) -> str:
    (text,) = [o["text"] for o in question["options"] if o.get("correct")]
    return str(text)


def _inconsistency_kinds(claims: list[pd.Series]) -> set[str]:
    """Kinds of the case's inconsistencies that name all these claims."""
    ids = {str(c["claim_id"]) for c in claims}
    table = _case().inconsistencies
    return {
        str(row["kind"])
        for _, row in table.iterrows()
        if ids and ids <= set(str(row["claim_ids"]).split(";"))
    }


#: Quiz questions about the case: question id -> (what the right option says, what the case says).
QUIZ_FACTS: dict[str, Callable[[dict[str, Any]], tuple[Any, Any]]] = {
    "00.1": lambda q: (
        int(re.search(r"(\d{1,2}) August 2025", _right(q)).group(1)),  # type: ignore[union-attr]
        event_day("E11"),
    ),
    "01.1": lambda q: (
        re.match(r"An? (\w+)", _right(q)).group(1).lower(),  # type: ignore[union-attr]
        {str(c["claim_type"]) for c in _quoted_claims(q["prompt"])}.pop(),
    ),
    "01.4": lambda q: (
        ("opinion" in _right(q).lower(), "unverifiable" in _right(q).lower()),
        next(
            (str(c["claim_type"]) == "opinion", str(c["verdict"]) == "unverifiable")
            for c in _quoted_claims(q["prompt"])
        ),
    ),
    "02.2": lambda q: (
        number(re.match(r"\W*(\w+)", _right(q)).group(1)),  # type: ignore[union-attr]
        _origins_of(
            "C14",
            set(
                _case()
                .sources.loc[
                    _case()
                    .sources["publisher"]
                    .isin(re.findall(r"Interfax|RIA Novosti|Life\.ru", q["prompt"])),
                    "source_id",
                ]
                .astype(str)
            ),
        ),
    ),
    "04.1": lambda q: (
        "internal contradiction" in _right(q).lower(),
        "internal-contradiction" in _inconsistency_kinds(_quoted_claims(q["prompt"])),
    ),
    "04.2": lambda q: (
        "December 2021" in _right(q),
        "December 2021" in str(_case().sources.set_index("source_id").loc["R1", "finding"]),
    ),
    "04.3": lambda q: (
        re.search(r"already (\d{1,2}) August", _right(q)).group(1),  # type: ignore[union-attr]
        str(
            _case()
            .sources.loc[_case().sources["publisher"] == "The Japan Times", "published"]
            .item()
            .day
        ),
    ),
    "04.4": lambda q: (
        "variant" in _right(q).lower(),
        "spelling-variant" in _inconsistency_kinds([_case().claim("C21")]),
    ),
}


@pytest.mark.parametrize("question_id", list(QUIZ_FACTS))
def test_quiz_right_option_agrees_with_the_case(question_id: str) -> None:
    question = _quiz_question(question_id)
    said, true = QUIZ_FACTS[question_id](question)
    assert said == true, f"quiz {question_id}: the right option says {said!r}, the case {true!r}"


# --------------------------------------------------------------------------- 7. names with ids

_NAMED_SOURCE = re.compile(
    r"((?:[A-Z][\w.'’/-]*|of|on|the)(?: (?:[A-Z][\w.'’/-]*|of|on|the)){0,5}) \((S\d{3})\b"
)


def test_a_source_named_next_to_its_id_is_that_source() -> None:
    # "Novosti Donbassa (S130)": the name must be the page's publisher or the outlet that
    # wrote it (original_publisher), so an id typo cannot send learners to the wrong page.
    sources = _case().sources.set_index("source_id")
    wrong = []
    for text in texts():
        for match in _NAMED_SOURCE.finditer(text.text):
            name, source_id = match.group(1).lower(), match.group(2)
            if source_id not in sources.index:
                continue  # the id check reports it
            outlets = [
                str(sources.loc[source_id, c]).lower() for c in ("publisher", "original_publisher")
            ]
            if not any(o in name or name.split()[-1] in o for o in outlets):
                wrong.append(
                    f"{text.file} {text.where}: {match.group(0)!r} but {source_id} is {outlets}"
                )
    assert not wrong, "\n".join(wrong)


_QUOTE_THEN_CLAIM = re.compile(r"[\"“]([^\"”]{3,80})[\"”] \((C\d{1,2})\)")
_CLAIM_THEN_QUOTE = re.compile(
    r"\b(C\d{1,2})\b\)?[ :,(]{1,3}(?:the article's |says |writes )?[\"“]([^\"”]{3,80})[\"”]"
)


def _plain(text: str) -> str:
    return _flat(text).replace("’", "'").lower().strip(" .,")


def test_words_quoted_from_a_claim_are_in_that_claim() -> None:
    claims = _case().claims.set_index("claim_id")
    wrong = []
    for text in texts():
        pairs = [(m.group(2), m.group(1)) for m in _QUOTE_THEN_CLAIM.finditer(text.text)]
        pairs += [(m.group(1), m.group(2)) for m in _CLAIM_THEN_QUOTE.finditer(text.text)]
        for claim_id, quoted in pairs:
            if claim_id in claims.index and _plain(quoted) not in _plain(
                claims.loc[claim_id, "text"]
            ):
                wrong.append(f"{text.file} {text.where}: {quoted!r} is not in {claim_id}")
    assert not wrong, "\n".join(wrong)
