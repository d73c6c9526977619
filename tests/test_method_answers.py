"""A student who answers with what the lesson taught gets "Correct" (issue 9, section 3).

For every worksheet exercise there is a small function below that computes the answer the
way the lesson's own method does (pandas on ``load_case``, ``coursekit.corroboration``,
``coursekit.analyze``, ``coursekit.find_sources``, ``zoneinfo``, the interpolation the
lesson shows ...), reading what the task names (a claim id, a table of anchors, a list of
candidates) from the worksheet's own text. The answer goes to ``coursekit.check``, which
must say "Correct" (or "Complete" for free text). Nothing here reads the solution
notebooks' answers or the keys.

When an exercise changes, change its method here: the test fails for an exercise without
one, so a new exercise cannot slip in unanswered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import nbformat
import pandas as pd
import pytest

import coursekit
from coursekit import checks
from coursekit.checks import FREE_TEXT_KINDS, load_specs
from coursekit.corroboration import independent_sources
from coursekit.exercises import strip_solutions, student_notebook

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "exercises" / "solutions"
CASE = coursekit.load_case("summit-2025")
_CLAIM = re.compile(r"\bC\d{1,3}\b")
_SOURCE = re.compile(r"\b(?:S\d{3}|R\d)\b")


@dataclass(frozen=True)
class Task:
    """What a student sees for one exercise: its worksheet text (no solutions), its spec,
    and the worksheet's variables after running the student version top to bottom."""

    id: str
    text: str
    spec: dict[str, Any]
    ns: dict[str, Any]

    def printed(self) -> str:
        """The text the task prints (``print(name)``), else the spec's passage."""
        name = re.search(r"print\((\w+)\)", self.text)
        if name and isinstance(self.ns.get(name.group(1)), str):
            return str(self.ns[name.group(1)])
        return str(self.spec.get("passage", ""))

    def claims(self) -> list[str]:
        return list(dict.fromkeys(_CLAIM.findall(self.text)))

    def sources(self) -> list[str]:
        return list(dict.fromkeys(_SOURCE.findall(self.text)))

    def quoted_options(self) -> list[str]:
        return [str(o) for o in self.spec.get("options", [])]


def _run_student_version(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """Run the student worksheet's code (answers removed) and return its variables."""
    namespace: dict[str, Any] = {}
    real_check = coursekit.check
    coursekit.check = lambda exercise_id, answer: None  # type: ignore[assignment]
    try:
        for cell in nb.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, "worksheet", "exec"), namespace)
    finally:
        coursekit.check = real_check  # type: ignore[assignment]
    return namespace


@cache
def _tasks() -> dict[str, Task]:
    """Each exercise's worksheet text: its heading cell up to its check() cell, answers removed."""
    tasks: dict[str, Task] = {}
    specs = load_specs()
    for path in sorted(SOLUTIONS.glob("*-solutions.ipynb")):
        collected: list[str] = []
        student = student_notebook(nbformat.read(path, as_version=4), path.name)
        namespace = _run_student_version(student)
        for cell in nbformat.read(path, as_version=4).cells:
            source = strip_solutions(cell.source, cell.cell_type, path.name)
            if cell.cell_type == "markdown" and source.startswith("## "):
                collected = []
            collected.append(source)
            match = re.search(r"""check\(\s*["'](\d\d\.\d+)["']""", cell.source)
            if cell.cell_type == "code" and match and match.group(1) in specs:
                exercise_id = match.group(1)
                text = "\n".join(collected)
                tasks[exercise_id] = Task(exercise_id, text, specs[exercise_id], namespace)
                collected = []
    return tasks


def _paragraph(number: int, text: str | None = None) -> str:
    """Paragraph ``number`` as the worksheets count (the headline is paragraph 0)."""
    return (text or CASE.article).split("\n")[number]


def _finding_phrases(text: str, kinds: set[str]) -> set[str]:
    return {
        str(getattr(f, "source", None) or f.text)
        for f in coursekit.analyze(text).findings
        if f.kind in kinds
    }


_STOP = {"a", "an", "the", "of", "by", "on", "in", "to", "s", "or", "its", "and", "for", "with"}


def _stems(text: str) -> set[str]:
    words = {w.casefold() for w in re.findall(r"[A-Za-z]+", text)} - _STOP
    return {re.sub(r"(ing|s)$", "", w) for w in words}


def _option_like(options: list[str], *words: str) -> str:
    """The option sharing most words with ``words`` (how a student maps a finding to a pick)."""
    wanted = set().union(*(_stems(text) for text in words))
    return max(options, key=lambda option: len(_stems(option) & wanted))


def _verdict_from_case(claim_id: str, words: int) -> str:
    """A verdict written as the lessons teach: independent origins, stance, one word."""
    verdict = str(CASE.claim(claim_id)["verdict"])
    table = independent_sources(CASE, claim_id)
    counted = table[table["counts"].astype(bool)]
    stance = {"corroborated": "supports", "contradicted": "contradicts"}.get(verdict)
    preferred = counted[counted["stance"] == stance] if stance else counted
    picks = preferred.drop_duplicates("group")["source_id"].astype(str).tolist()
    picks += counted.drop_duplicates("group")["source_id"].astype(str).tolist()
    picks = list(dict.fromkeys(picks))[:3]
    text = (
        f"Claim: {claim_id}. Evidence: {', '.join(picks)} come from different independent "
        f"origins as coursekit.corroboration() groups them. Verdict: {verdict}. "
        "Confidence: high, because the origins are separate and their dates fit the events."
    )
    filler = " I compared each page's date and wording with the claim before deciding."
    while len(text.split()) < words:
        text += filler
    return text


# --------------------------------------------------------------------------- the methods
# One function per exercise: what the lesson taught, applied to what the task names.


def m_01_1(task: Task) -> Any:
    # Lesson 01: the claim types; the case records the type of each claim.
    return str(CASE.claim(task.claims()[0])["claim_type"])


m_01_2 = m_01_1


def m_01_3(task: Task) -> Any:
    claims = CASE.claims.set_index("claim_id")
    return {c for c in task.spec["allowed"] if claims.loc[c, "claim_type"] == "opinion"}


def m_01_4(task: Task) -> Any:
    # Who is speaking: the speaker of a claim is the speaker of its sentence; a claim is
    # voiced by name when its sentence has a named attribution and no vague one.
    from coursekit.analysis.core import split_sentences

    report = coursekit.analyze(CASE.article)
    spans = split_sentences(CASE.article)
    claims = CASE.claims.set_index("claim_id")

    def sentence(offset: int) -> int:
        return max(i for i, (start, _) in enumerate(spans) if start <= offset)

    named = set()
    for claim_id in task.spec["allowed"]:
        index = sentence(int(claims.loc[claim_id, "start"]))
        kinds = {
            (f.kind, bool(getattr(f, "source", None)))
            for f in report.findings
            if sentence(f.start) == index
        }
        if ("attribution", True) in kinds and not any(k == "vague-attribution" for k, _ in kinds):
            named.add(claim_id)
    return named


def m_01_5(task: Task) -> Any:
    claims = CASE.claims
    contradicted = claims[claims["verdict"] == "contradicted"]
    return int((contradicted["claim_type"] == "fact").sum())


def m_02_1(task: Task) -> Any:
    title = re.search(r"titled \*(.+?)\*", task.text, flags=re.S)
    assert title, task.text
    hits = coursekit.find_sources(CASE, f'"{" ".join(title.group(1).split())}"')
    return str(hits["original_publisher"].iloc[0])


def m_02_2(task: Task) -> Any:
    claim = task.claims()[0]
    table = coursekit.corroboration(CASE).set_index("claim_id")
    return int(table.loc[claim, "supporting"])


def m_02_3(task: Task) -> Any:
    # Investigate the source: find the page by its headline, read what kind of outlet
    # it is (lesson 02's table of kinds) and whose account the headline says it carries.
    from coursekit.lateral import SOURCE_KINDS

    title = re.search(r"\*(.+?)\*", task.text, flags=re.S)
    assert title, task.text
    headline, _, credited = " ".join(title.group(1).split()).rpartition(" - ")
    hits = coursekit.find_sources(CASE, f'"{headline or credited}"')
    label = SOURCE_KINDS[str(hits.iloc[0]["kind"])].label
    options = [o for o in task.quoted_options() if o.startswith(label)]
    return _option_like(options or task.quoted_options(), label, credited)


def m_02_4(task: Task) -> Any:
    titles = [reference["title"] for reference in CASE.metadata["references"]]
    return sum(len(coursekit.find_sources(CASE, f'"{title}"')) for title in titles)


def m_02_5(task: Task) -> Any:
    hits = coursekit.find_sources(CASE, "Alaska", publisher="The New York Times")
    dates = pd.to_datetime(hits["published"], errors="coerce").dropna()
    return str(dates.min().date())


def m_02_7(task: Task) -> Any:
    hits = coursekit.find_sources(
        CASE, "Trump OR Putin OR Russia OR summit", after="2025-08-01", before="2025-08-04"
    )
    return _option_like(task.quoted_options(), *hits["title"].astype(str))


def _passage(task: Task) -> str:
    found = re.search(r"[Pp]aragraph (\d+)", task.text)
    return _paragraph(int(found.group(1))) if found else task.printed()


def m_03_1(task: Task) -> Any:
    return _finding_phrases(_passage(task), {"hedge", "booster"})


def m_03_2(task: Task) -> Any:
    return _finding_phrases(_passage(task), {"vague-attribution"})


def m_03_3(task: Task) -> Any:
    claims = CASE.claims.set_index("claim_id")
    return {
        c
        for c in task.spec["allowed"]
        if _finding_phrases(str(claims.loc[c, "text"]), {"vague-attribution"})
    }


def m_03_4(task: Task) -> Any:
    # The cue in its sentence, as the highlighter shows it: the finding on the cue's words.
    sentence, cue = (m for m in re.findall(r"\*(.+?)\*", task.text)[:2])
    kinds = [f.kind for f in coursekit.analyze(sentence).findings if cue in f.text or f.text in cue]
    return _option_like(task.quoted_options(), kinds[0].replace("-", " "))


def _contradiction_parts(text: str, category: str) -> list[int]:
    """Offsets of both statements of each internal contradiction of ``category``."""
    return [
        offset
        for finding in coursekit.analyze(text).findings
        if finding.kind == "internal-contradiction" and finding.category == category
        for offset in (finding.start, finding.other_start)
        if offset is not None
    ]


def _contradiction(task: Task, category: str) -> set[str]:
    # Lesson 04, section 1: the analyser finds statements in one text that cannot both be
    # true; read off where they are (labelled lines of a passage, or claims of the case).
    if task.spec.get("allowed", [""])[0].startswith("L"):
        passage = task.ns.get("passage")
        if isinstance(passage, list):
            text = "\n".join(passage)
        else:
            text = passage if isinstance(passage, str) else task.printed()
        lines = text.split("\n")
        starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
        labels = [
            m.group(1) if (m := re.match(r"(L\d+)\b", line)) else f"L{i + 1}"
            for i, line in enumerate(lines)
        ]
        return {
            labels[max(i for i, start in enumerate(starts) if start <= offset)]
            for offset in _contradiction_parts(text, category)
        }
    claims = CASE.claims
    found = set()
    for offset in _contradiction_parts(CASE.article, category):
        inside = claims[(claims["start"] <= offset) & (claims["end"] > offset)]
        found.add(str(inside["claim_id"].iloc[0]))
    return found


def m_04_1(task: Task) -> Any:
    return _contradiction(task, "announced-vs-not-announced")


def m_04_2(task: Task) -> Any:
    return _contradiction(task, "firm-vs-tentative")


def m_04_3(task: Task) -> Any:
    url = str(CASE.sources.set_index("source_id").loc[task.sources()[0], "url"])
    number = re.search(r"(\d{13,})\.html", url)
    assert number, url
    return str(pd.to_datetime(int(number.group(1)[-13:]), unit="ms").date())


def m_04_4(task: Task) -> Any:
    target = int(re.search(r"-(\d{8})`", task.text).group(1))  # type: ignore[union-attr]
    anchors = sorted(
        (int(i), dt.date.fromisoformat(d))
        for i, d in re.findall(r"\|\s*(\d{8})\s*\|\s*(\d{4}-\d\d-\d\d)\s*\|", task.text)
    )
    low = max(a for a in anchors if a[0] <= target)
    high = min(a for a in anchors if a[0] >= target)
    days = (high[1] - low[1]).days * (target - low[0]) / (high[0] - low[0])
    return str(low[1] + dt.timedelta(days=int(days)))


def m_04_5(task: Task) -> Any:
    named = dt.date(2025, 8, 8)
    refs = CASE.sources.set_index("source_id").loc[["R1", "R2", "R3", "R4"]]
    dates = pd.to_datetime(refs["published"]).dt.date
    return {r for r in refs.index if "Alaska" in str(refs.loc[r, "title"]) and dates[r] < named}


# Time-zone names as the worksheets write them, and the IANA zones zoneinfo knows them by.
ZONES = {
    "Kyiv time": "Europe/Kyiv",
    "British Summer Time": "Europe/London",
    "Moscow": "Europe/Moscow",
    "Washington": "America/New_York",
    "Kyiv": "Europe/Kyiv",
    "London": "Europe/London",
    "Anchorage": "America/Anchorage",
}


def m_04_6(task: Task) -> Any:
    # Lesson 04, section 4: attach the zone to the local time, then convert with zoneinfo.
    when = re.search(r"(\d\d):(\d\d) on \w+ (\d+) (\w+) (\d{4}),? ([A-Z][\w ]+?)[.(]", task.text)
    target = re.search(r"What was the date in (\w+)", task.text)
    assert when and target, task.text
    hour, minute, day, month, year, zone = when.groups()
    local = dt.datetime.strptime(f"{year} {month} {day} {hour}:{minute}", "%Y %B %d %H:%M")
    stamp = local.replace(tzinfo=ZoneInfo(ZONES[zone.strip()]))
    return str(stamp.astimezone(ZoneInfo(ZONES[target.group(1)])).date())


def m_04_7(task: Task) -> Any:
    # Lesson 04, section 5: Latin spellings of one Cyrillic name differ in how they write
    # its letters ('я' as 'ya' or 'ia'); a variant is not an error.
    first, second = re.findall(r"\*(Dobropill\w+)\*", task.text)[:2]
    same_name = re.sub(r"(ya|ia)$", "", first.lower()) == re.sub(r"(ya|ia)$", "", second.lower())
    return "variant" if same_name else "different place"


def _item_of(task: Task) -> Any:
    """The capstone item the task searches (the worksheet's variable named in the task)."""
    name = re.search(r"find_sources\((\w+)\.sources", task.text)
    assert name, task.text
    return task.ns[name.group(1)]


def _hits(item: Any, *queries: str) -> list[str]:
    """Pages the finder returns for the queries, in order, without repeats (not logged)."""
    found: list[str] = []
    for query in queries:
        found += coursekit.find_sources(item.sources, query, log=False)["source_id"].tolist()
    return list(dict.fromkeys(found))


def _says(item: Any, source_id: str, pattern: str) -> bool:
    """Whether the opened page (``item.page(id)``) says what ``pattern`` describes."""
    return re.search(pattern, str(item.page(source_id)), re.I) is not None


def m_05_1(task: Task) -> Any:
    # Investigate the source: search the account and the site its profile links to, open
    # each hit, keep the pages that say who runs or pays for it.
    item = _item_of(task)
    pages = _hits(item, '"Parents Voice"', "QhParentsVoice", "scrapthescooters")
    pattern = r"registered by|paid for by|set up and is paid for|runs the account"
    return {p for p in pages if _says(item, p, pattern)}


def m_05_3(task: Task) -> Any:
    # Find better coverage: among the pages on journey times, keep those that measured or
    # analysed them themselves, not those relaying someone else.
    item = _item_of(task)
    pages = _hits(item, "journey OR journeys OR trips", "timetables OR timetable OR timed")
    own = r"\b(timed|used the authority's|works from the published|reporters timed)\b"
    relay = r"adds no measurement|based only on|rewrites|carried unchanged|copy of|again"
    return {p for p in pages if _says(item, p, own) and not _says(item, p, relay)}


def m_05_5(task: Task) -> Any:
    # Trace: follow the article's citation, then what each page links to, until a page
    # describes who was tested and how (the data).
    item = _item_of(task)
    sources = item.sources.set_index("source_id")
    url = re.findall(r"https?://\S+", item.text)[-1]
    current = sources.index[sources["url"] == url][0]
    for _ in range(5):
        if _says(item, current, r"pupils aged .* were (shown|tested)|with the data and the method"):
            return {current}
        note = str(sources.loc[current, "note"])
        target = "full report" if "report" in note else "press release"
        current = next(
            p
            for p in _hits(item, f'"{target}"')
            if p != current and _says(item, p, target.split()[-1])
        )
    raise AssertionError("no origin found")


def m_05_6(task: Task) -> Any:
    tasks = _tasks()
    origin = next(iter(m_05_5(tasks["05.5"])))
    page = str(_item_of(tasks["05.5"]).page(origin))
    share = re.search(r"(\d+) per cent labelled", page)
    assert share, page
    return int(share.group(1))


def m_free_verdict(task: Task) -> Any:
    if task.spec.get("item"):
        return _item_verdict(task)
    if task.spec.get("claim_form") == "line":
        return (
            "Claim: the city's new bus lanes cut commuting times by a fifth last year.\n"
            "Evidence: https://example.org/transport-report and new: the council's minutes of "
            "3 May, which I found by searching the council's site for the bus lane report.\n"
            "Verdict: partly.\nConfidence: low, because only two pages give figures and they "
            "were published by the council and a consultancy it paid for the study."
        )
    allowed = task.spec.get("claims") or [
        c for c in CASE.claims["claim_id"] if c not in task.spec.get("forbid", [])
    ]
    return _verdict_from_case(str(allowed[0]), int(task.spec.get("min_words", 40)) + 5)


def _item_verdict(task: Task) -> str:
    # Lesson 05: cite the pages the worksheet's reading exercise on the same item found
    # (who is behind it, who measured, where the figure starts), and weigh them.
    from coursekit.capstone import load_item

    item = load_item(task.spec["item"])
    pages = set(item.sources["source_id"].astype(str))
    tasks = _tasks()
    earlier = [
        i
        for i in tasks
        if i < task.id and i[:2] == task.id[:2] and set(tasks[i].spec.get("allowed", [])) == pages
    ]
    assert earlier, f"{task.id}: no reading exercise on the same item before it"
    cited = sorted(_method(earlier[-1])(tasks[earlier[-1]]))
    if len(cited) < int(task.spec.get("min_sources", 1)):
        press = item.sources[item.sources["kind"] == "official-statement"]
        cited += press["source_id"].astype(str).tolist()[:1]
    text = (
        f"Claim: {item.claim}\nEvidence: {', '.join(cited)}: I opened each page and traced "
        "what it says to the page that first published it.\nVerdict: partly.\n"
        "Confidence: medium, because the pages name where their figures come from."
    )
    filler = " I compared who wrote each page and where its numbers came from."
    while len(text.split()) < int(task.spec.get("min_words", 50)) + 5:
        text += filler
    return text


def m_03_5(task: Task) -> Any:
    claim = task.spec["claims"][0]
    table = independent_sources(CASE, claim)
    row = table[table["counts"].astype(bool)].iloc[0]
    return (
        f"Rewrite of {claim}: before the summit, {row['publisher']} ({row['source_id']}) "
        "reported that a decisive agreement was not expected, giving its own reasons."
    )


METHODS: dict[str, Callable[[Task], Any]] = {
    name[2:].replace("_", "."): function
    for name, function in dict(globals()).items()
    if re.fullmatch(r"m_\d\d_\d+", name) and callable(function)
}


def _method(exercise_id: str) -> Callable[[Task], Any]:
    if exercise_id in METHODS:
        return METHODS[exercise_id]
    if load_specs()[exercise_id]["kind"] == "verdict":
        return m_free_verdict
    raise AssertionError(
        f"Exercise {exercise_id} has no method in tests/test_method_answers.py: add a small "
        "function that computes its answer the way the lesson teaches."
    )


@pytest.fixture(autouse=True)
def _fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path / "home"))
    checks.reset_attempts()


@pytest.mark.parametrize("exercise_id", list(load_specs()))
def test_the_lessons_method_gets_correct(exercise_id: str) -> None:
    task = _tasks().get(exercise_id)
    assert task is not None, f"{exercise_id}: no check() cell in the solution notebooks"
    answer = _method(exercise_id)(task)
    feedback = coursekit.check(exercise_id, answer)
    free = task.spec["kind"] in FREE_TEXT_KINDS
    expected = "submitted" if free else "correct"
    assert feedback.status == expected, (
        f"{exercise_id}: the lesson's method gives {answer!r}, and check() says:\n{feedback}"
    )
