"""Lesson 02 and its worksheet agree with the case: what the lesson says, and every check.

The expected values are derived from the case (``load_case``, ``corroboration``,
``find_sources``), never copied from the lesson or the keys.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import coursekit
from coursekit import charts, checks
from coursekit.bank import exercise_spec
from coursekit.exercises import solution_answers
from coursekit.lateral import SOURCE_KINDS


@pytest.fixture(scope="module")
def case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


@pytest.fixture(scope="module")
def table(case: coursekit.Case):  # type: ignore[no-untyped-def]
    return coursekit.corroboration(case).set_index("claim_id")


def test_chart_description_lists_contradicted_claims_apart(case, table) -> None:  # type: ignore[no-untyped-def]
    description = charts.claim_support_chart(case).to_dict()["description"]
    _, _, rest = description.partition("rest on a single independent source")
    listed = rest.split(";")[0]
    lone = table[table["single_source"].astype(bool)]
    for claim, row in lone.iterrows():
        if row["contradicting"] > 0:
            assert claim not in listed.split(": ")[-1].split(", "), claim
            assert f"{claim} ({row['contradicting']} against)" in description
        else:
            assert claim in listed, claim


# --------------------------------------------------------------------------- the worksheet


ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "exercises" / "solutions" / "02-corroboration-solutions.ipynb"


def _search(case: coursekit.Case, query: str, **filters: object):  # type: ignore[no-untyped-def]
    return coursekit.find_sources(case, query, log=False, **filters)


def _check(exercise_id: str, answer: object) -> checks.Feedback:
    checks.reset_attempts(exercise_id)
    return coursekit.check(exercise_id, answer)


def _wrong_never_reveals(exercise_id: str, wrong: object, key: str) -> None:
    checks.reset_attempts(exercise_id)
    for _ in range(4):  # every hint tier, and the messages after two tries
        feedback = coursekit.check(exercise_id, wrong)
        assert feedback.status == "not-yet", (exercise_id, wrong)
        text = str(feedback).replace(f"Exercise {exercise_id}", "")
        text = re.sub(r"Hint \d+ of \d+", "", text).casefold()
        pattern = rf"(?<![\w.]){re.escape(key.casefold())}(?![\w.])"
        assert not re.search(pattern, text), (exercise_id, wrong, text)
    checks.reset_attempts(exercise_id)


def _named_headline(exercise_id: str) -> str:
    """The headline the task names in its title ("Who is behind '...'?"), searched as a
    student would search it: as an exact phrase."""
    title = exercise_spec(exercise_id)["title"]
    found = re.search(r"'([^']+)'", title)
    assert found, f"{exercise_id}'s title names no headline in quotes: {title}"
    return f'"{found.group(1)}"'


def _option(exercise_id: str, words: str) -> str:
    options = [o for o in checks.exercise_spec(exercise_id)["options"] if words in o]
    assert len(options) == 1, (exercise_id, words)
    return options[0]


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEKIT_HOME", str(tmp_path))


def test_02_1_the_newsroom_behind_a_headline(case) -> None:  # type: ignore[no-untyped-def]
    hits = _search(case, _named_headline("02.1"))
    assert len(hits) == 1
    page = hits.iloc[0]
    assert page["publisher"] != page["original_publisher"], "the task needs a page run by a site"
    assert _check("02.1", page["original_publisher"]).correct
    _wrong_never_reveals("02.1", page["publisher"], page["original_publisher"])


def test_02_2_key_is_what_corroboration_counts(case, table) -> None:  # type: ignore[no-untyped-def]
    origins = int(table.loc["C21", "supporting"])
    assert _check("02.2", origins).correct
    evidence = case.evidence_for("C21")
    supporting = evidence[evidence["stance"] == "supports"]
    common_wrong = {
        int(evidence["original_publisher"].nunique()),  # the old key: writers of all six pages
        len(supporting),  # pages, not origins
        len(evidence),
        int(supporting["original_publisher"].nunique()),  # writers, relays not merged
    } - {origins}
    assert common_wrong, "the wrong answers the task is about must differ from the key"
    for wrong in sorted(common_wrong):
        _wrong_never_reveals("02.2", wrong, str(origins))


def test_02_3_state_media_relaying_a_readout(case) -> None:  # type: ignore[no-untyped-def]
    hits = _search(case, _named_headline("02.3"))
    assert len(hits) == 1
    page = hits.iloc[0]
    label = SOURCE_KINDS[page["kind"]].label
    assert page["title"].rstrip().endswith("Kremlin")
    right = _option("02.3", label)
    assert "Kremlin" in right
    assert _check("02.3", right).correct
    for wrong in checks.exercise_spec("02.3")["options"]:
        if wrong != right:
            _wrong_never_reveals("02.3", wrong, right)


def test_02_4_no_page_carries_a_cited_headline(case) -> None:  # type: ignore[no-untyped-def]
    titles = [reference["title"] for reference in case.metadata["references"]]
    found = sum(len(_search(case, f'"{title}"')) for title in titles)
    assert _check("02.4", found).correct
    with_references = sum(
        len(_search(case, f'"{title}"', include_references=True)) for title in titles
    )
    assert with_references != found
    _wrong_never_reveals("02.4", with_references, str(found))


def test_02_5_when_the_outlet_reported_it(case) -> None:  # type: ignore[no-untyped-def]
    reference = case.metadata["references"][1]
    hits = _search(case, "Alaska", publisher=reference["publisher"])
    own = hits[hits["publisher"] == reference["publisher"]]
    assert len(own) == 1, "one page of the outlet itself, with a date"
    reported = own.iloc[0]["published"].date().isoformat()
    assert _check("02.5", reported).correct
    assert reference["claimed_date"] != reported
    _wrong_never_reveals("02.5", reference["claimed_date"], reported)


def test_02_7_the_news_of_the_references_days(case) -> None:  # type: ignore[no-untyped-def]
    dates = sorted(reference["claimed_date"] for reference in case.metadata["references"])
    hits = _search(
        case, "Trump OR Putin OR Russia OR summit", after=dates[0], before=dates[-1], limit=None
    )
    assert len(hits) >= 1
    assert all("submarine" in title.casefold() for title in hits["title"])
    right = _option("02.7", "submarines")
    assert _check("02.7", right).correct
    assert len(_search(case, "summit OR Alaska", after=dates[0], before=dates[-1])) == 0
    for wrong in checks.exercise_spec("02.7")["options"]:
        if wrong != right:
            _wrong_never_reveals("02.7", wrong, right)


def test_02_6_model_answer_is_complete_and_one_origin_is_not(case, table) -> None:  # type: ignore[no-untyped-def]
    model = solution_answers(nbformat.read(SOLUTIONS, as_version=4))["02.6"]["answer"]
    assert _check("02.6", model).status == "submitted"
    for source in ("S129", "S130", "S051", "S131", "S058"):
        assert source in model
    evidence = case.evidence_for("C21").set_index("source_id")
    relay = evidence.loc["S129", "relays"]
    assert relay and relay == evidence.loc["S130", "relays"], "S129 and S130 relay one report"
    assert evidence.loc["S058", "stance"] == "context"
    assert case.sources.set_index("source_id").loc["S130", "published"].day == 12
    one_origin = (
        "C21 says Russian forces were advancing near Dobropillya. Verdict: corroborated. "
        "Two independent sources report it: Novosti Donbassa (S130) and a Reuters story on "
        "Daily8 (S129), both from 11-12 August, so the claim is well supported by separate "
        "outlets. Confidence: high, because two outlets agree."
    )
    feedback = _check("02.6", one_origin)
    assert feedback.status == "not-yet"
    assert "S129 and S130 share one origin" in str(feedback)


# --------------------------------------------------------------------------- the lesson


def test_lesson_statements_about_its_searches(case) -> None:  # type: ignore[no-untyped-def]
    calls = _search(case, "Ramaphosa OR Lula")
    assert len(calls) == 5 and calls["kind"].nunique() == 3  # "Five pages, three kinds"
    assert set(calls["kind"]) == {"news", "wire-copy", "official-statement"}
    quote = _search(case, '"feel-out meeting"')
    assert len(quote) == 4  # "Four pages, but not four witnesses"
    abc = quote[quote["publisher"].isin(["whee.net", "KBNW"])]
    assert set(abc["original_publisher"]) == {"ABC News"} and len(abc) == 2
    reference = case.metadata["references"][0]
    assert len(_search(case, f'"{reference["title"]}"')) == 0
    bbc = _search(case, "Trump OR Putin OR summit", publisher="BBC News")
    dated = bbc["published"].dropna()
    assert [d.date().isoformat() for d in dated] == ["2025-08-14"]
    assert set(bbc["kind"]) == {"live-page", "syndicated-copy"}
