"""Contradictions, weekdays, URL dates and later-stage anachronisms (texts written here)."""

from __future__ import annotations

import pytest

from coursekit.analysis import analyze
from coursekit.analysis.citations import url_date


def contradictions(text: str) -> list[tuple[str, str, str | None]]:
    return [
        (f.category, f.text, f.other_text)
        for f in analyze(text).findings
        if f.kind == "internal-contradiction"
    ]


@pytest.mark.parametrize(
    ("text", "given", "category"),
    [
        (
            "The summit will take place in the coastal city of Varna next month. "
            "Officials said the venue has not been announced yet.",
            "Varna",
            "announced-vs-not-announced",
        ),
        (
            "The talks will be held at the foreign ministry in Valmora, the two governments said "
            "in a joint statement issued after a long day of preparations by both teams. "
            "The exact location of the talks has not yet been made public.",
            "Valmora",
            "announced-vs-not-announced",
        ),
        (
            "The ceremony will open on Monday, 8 June. No date has been set for the ceremony.",
            "8 June",
            "announced-vs-not-announced",
        ),
        (
            "The conference will be held in Tarvik in May. Where it will meet remains to be "
            "decided, and the venue is still under discussion.",
            "Tarvik",
            "announced-vs-not-announced",
        ),
        (
            "Forty people were evacuated from the island on Sunday. Officials thanked the 25 "
            "evacuees for their patience.",
            "Forty people were evacuated",
            "conflicting-numbers",
        ),
        (
            "Three ships left the harbour at dawn. Both ships returned before noon.",
            "Three ships",
            "conflicting-numbers",
        ),
        (
            "It is the first summit between the two leaders since 2019. The two leaders last "
            "met, in 2022, in Geneva.",
            "since 2019",
            "first-since-vs-last",
        ),
        (
            "This is the first meeting of the two leaders in a decade. They last met in 2021 in "
            "Oslo. The talks open in March 2025.",
            "in a decade",
            "first-since-vs-last",
        ),
    ],
)
def test_contradictions_beyond_the_case_wording(text: str, given: str, category: str) -> None:
    found = [f for f in analyze(text).findings if f.kind == "internal-contradiction"]
    assert [f.category for f in found] == [category]
    f = found[0]
    assert given in text[f.start : f.end] or given in (f.other_text or "")
    assert f.other_start is not None and f.other_end is not None
    assert text[f.other_start : f.other_end] == f.other_text
    # The explanation names what conflicts: it quotes both statements' key words.
    assert "\u201c" in f.explanation


@pytest.mark.parametrize(
    "text",
    [
        # a number that changes over time
        "At least 12 people were killed in the floods. By Tuesday the toll had risen to 15. "
        "The 15 victims were named.",
        "Three ships left the harbour. Two of the ships returned. Both ships had crews.",
        # "first in a decade" with no later claim
        "It is the first election in a decade in which turnout fell.",
        # a venue and an unrelated "not announced"
        "The summit will be held in Geneva on Friday. The location of the missing boat has "
        "not been announced.",
        # a venue and an undecided date: different details
        "The summit will be held in Geneva. The date of the vote has not been announced.",
        # a calm "first since" that agrees with "last"
        "It is the first visit since 2019. The two leaders last met in 2019 in Osaka.",
    ],
)
def test_contradiction_near_misses(text: str) -> None:
    assert contradictions(text) == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("The talks began on Friday, 9 October 2025.", True),  # a Thursday
        ("The talks began on Thursday, 9 October 2025.", False),
        ("The talks began on Thu., Oct. 9, 2025.", False),
        ("The talks began on Fri., Oct. 9, 2025.", True),
        ("The talks began on 9 October 2025 (Friday).", True),
        ("The talks began on October 9, 2025 (Thu).", False),
        ("The talks began on Friday 9th of October 2025.", True),
        ("In 2025 the talks began on Friday, October 9.", True),  # the text's only year
    ],
)
def test_weekdays_in_every_common_form(text: str, wrong: bool) -> None:
    kinds = [f.kind for f in analyze(text).findings]
    assert ("date-weekday-mismatch" in kinds) is wrong


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2025/08/03/port-reopens",
        "https://news.example/world/2025/aug/03/port-reopens",
        "https://news.example/news/port-reopens-2025-08-03",
        "https://news.example/a/20250803/port",
        "https://news.example/n/20250803143012/",
        "https://news.example/story?date=2025-08-03&id=7",
        "https://news.example/story?d=20250803",
        "https://news.example/08/03/2025/port",
    ],
)
def test_url_dates_in_every_common_layout(url: str) -> None:
    assert url_date(url) is not None
    assert url_date(url).isoformat() == "2025-08-03"  # type: ignore[union-attr]


def test_a_title_reporting_a_later_stage_is_an_anachronism_even_with_a_forward_word() -> None:
    text = (
        "The two councils signed the water agreement in Halvey on 12 November 2025.\n"
        "[1] Valley News. (2025, November 10). Councils to meet again after Halvey signing "
        "ends dispute. Retrieved from https://valley.example/news/2025/11/10/signing\n"
        "[2] Valley News. (2025, November 3). Councils to sign water deal in Halvey. "
        "Retrieved from https://valley.example/news/2025/11/03/deal\n"
    )
    flagged = [f.text for f in analyze(text).findings if f.kind == "anachronism"]
    assert len(flagged) == 1 and flagged[0].startswith("[1]")


@pytest.mark.parametrize(
    "negative",
    [
        "The venue has yet to be confirmed.",
        "Where the talks will be held is still unclear.",
        "Organisers have not said where the talks will take place.",
        "The location is still being finalised.",
        "The date of the talks has not been fixed.",
        "Officials have not said when the talks will open.",
    ],
)
def test_unknown_or_undecided_in_many_phrasings(negative: str) -> None:
    text = "The trade talks will be held in the lakeside town of Orvik on 3 March 2026. " + negative
    assert [c for c, _, _ in contradictions(text)] == ["announced-vs-not-announced"]


def test_an_unrelated_when_is_not_a_contradiction() -> None:
    text = (
        "The trade talks will be held in Orvik on 3 March 2026. "
        "The minister has not said when she will retire."
    )
    assert contradictions(text) == []


def test_a_date_without_a_year_takes_the_year_of_the_nearest_full_date() -> None:
    text = (
        "HALVEY, 3 March 2025. The council met in 2019 and again in 2021. "
        "Talks resume on Thursday, March 7."
    )
    found = [f for f in analyze(text).findings if f.kind == "date-weekday-mismatch"]
    assert [f.text for f in found] == ["Thursday, March 7"]  # 7 March 2025 was a Friday
    assert "nearest full date" in found[0].explanation


def test_no_weekday_judgement_across_a_new_year() -> None:
    text = "HALVEY, 30 December 2024. Talks met in 2019. They resume on Thursday, January 3."
    assert [f for f in analyze(text).findings if f.kind == "date-weekday-mismatch"] == []
