"""Rules on text the kit has never seen: reference styles, later stages, numbers, venues.

Every text here is written for these tests (fictional names, ``.example`` addresses) and
phrased differently from the articles in ``benchmarks/planted/``. Each rule has cases
that must fire and near-misses that must not.
"""

from __future__ import annotations

import datetime as dt

import pytest

from coursekit.analysis import analyze
from coursekit.analysis.citations import find_references
from coursekit.analysis.report import Finding


def only(text: str, kind: str) -> list[Finding]:
    return [f for f in analyze(text).findings if f.kind == kind]


# -- reference lines in any common style ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number", "publisher", "title", "claimed"),
    [
        (
            '[7] Fenwick Chronicle, "Ferry fares to rise", 4 September 2021. '
            "https://fenwick.example/a/1",
            7,
            "Fenwick Chronicle",
            "Ferry fares to rise",
            dt.date(2021, 9, 4),
        ),
        (
            '3. Upland Star. "Mill reopens after fire." Jan. 8, 2020. https://upland.example/b',
            3,
            "Upland Star",
            "Mill reopens after fire",
            dt.date(2020, 1, 8),
        ),
        (
            '12) "Orchard growers count losses", Brookvale Times, 30 June 2022, '
            "https://brookvale.example/c",
            12,
            "Brookvale Times",
            "Orchard growers count losses",
            dt.date(2022, 6, 30),
        ),
        (
            "* Harbour Light, \u201cLighthouse sold at auction\u201d, December 1, 2019, "
            "https://harbourlight.example/d",
            None,
            "Harbour Light",
            "Lighthouse sold at auction",
            dt.date(2019, 12, 1),
        ),
        (
            "(2) Moorside Weekly (17 March 2023). \u2018Pool closes for repairs\u2019. "
            "https://moorside.example/e",
            2,
            "Moorside Weekly",
            "Pool closes for repairs",
            dt.date(2023, 3, 17),
        ),
        (
            "- Tomas Reed on Mastodon, 25/11/2022: https://social.example/@treed/1",
            None,
            "Tomas Reed on Mastodon",
            None,
            dt.date(2022, 11, 25),
        ),
        (
            "5. Valemount Gazette, 2021-05-14, Bridge inspection delayed. "
            "https://valemount.example/f",
            5,
            "Valemount Gazette",
            "Bridge inspection delayed",
            dt.date(2021, 5, 14),
        ),
        (
            "Brook Valley Post (2022) ‘Dam repairs finished’, 14 October. Available at: "
            "https://brookvalley.example/dam (Accessed: 20 October 2022).",
            None,
            "Brook Valley Post",
            "Dam repairs finished",
            dt.date(2022, 10, 14),
        ),
        (
            'Kirkby Ledger. 2018. "Pier reopens to anglers." June 2. https://kirkby.example/pier',
            None,
            "Kirkby Ledger",
            "Pier reopens to anglers",
            dt.date(2018, 6, 2),
        ),
    ],
)
def test_reference_styles_are_read(
    line: str, number: int | None, publisher: str, title: str | None, claimed: dt.date
) -> None:
    refs = list(find_references(f"Some text.\n\nSources\n{line}\n"))
    assert len(refs) == 1
    ref = refs[0]
    assert (ref.number, ref.publisher, ref.title, ref.claimed_date) == (
        number,
        publisher,
        title,
        claimed,
    )
    assert ref.url is not None and ref.url.startswith("https://")


def test_an_access_date_is_not_the_publication_date() -> None:
    line = (
        '4. Kestrel Post. "Library hours cut." Accessed 2 March 2024. '
        "https://kestrel.example/2024/02/20/library-hours"
    )
    ref = next(find_references(f"References\n{line}\n"))
    assert ref.claimed_date is None
    assert only(f"References\n{line}\n", "citation-date-mismatch") == []


def test_a_numeric_date_that_reads_both_ways_needs_the_address_to_decide() -> None:
    undecided = "[1] Dale Echo, 04/05/2023: https://dale.example/p/77"
    assert next(find_references(undecided)).claimed_date is None
    decided = "[1] Dale Echo, 04/05/2023: https://dale.example/2023/05/04/p"
    assert next(find_references(decided)).claimed_date == dt.date(2023, 5, 4)


def test_apa_lines_read_as_before() -> None:
    line = "[2] Norwick Daily. (2022, October 3). Tunnel opens. https://norwick.example/x"
    ref = next(find_references(line))
    assert (ref.number, ref.publisher, ref.title, ref.claimed_date) == (
        2,
        "Norwick Daily",
        "Tunnel opens",
        dt.date(2022, 10, 3),
    )


def test_a_prose_line_with_an_address_is_not_a_reference_line() -> None:
    text = "The council posted the plans at https://council.example/plans on 3 May 2022."
    ref = next(find_references(text))
    assert (ref.publisher, ref.title, ref.claimed_date) == (None, None, None)
    assert text[ref.start : ref.end] == "https://council.example/plans"


def test_a_news_style_reference_with_a_wrong_address_date_is_flagged() -> None:
    text = (
        "Works began in spring.\n\nSources\n"
        '1. Lowfield Herald, "Road works begin", 6 April 2021, '
        "https://lowfield.example/2021/04/16/road-works\n"
        '2. Lowfield Herald, "Road works end", 9 July 2021, '
        "https://lowfield.example/2021/07/09/road-works-end\n"
    )
    found = only(text, "citation-date-mismatch")
    assert [f.text for f in found] == ["https://lowfield.example/2021/04/16/road-works"]
    assert "16 April 2021" in found[0].explanation and "6 April 2021" in found[0].explanation


# -- a title reporting a later stage of a later-dated event --------------------------------


STRIKE = (
    "Dockers to strike\n\n"
    "The strike at the Portmere container terminal is due to begin on 9 May 2023, the union "
    "said.\n\nReferences\n"
)


def test_a_later_stage_title_before_the_event_is_an_anachronism() -> None:
    text = STRIKE + (
        '[1] Dockside News, "Portmere strike ends after two weeks", 2 May 2023, '
        "https://dockside.example/news/portmere\n"
    )
    found = only(text, "anachronism")
    assert len(found) == 1
    explanation = found[0].explanation
    assert "Portmere strike ends after two weeks" in explanation  # the reference's title
    assert "9 May 2023" in explanation and "2 May 2023" in explanation  # both dates
    assert "The strike at the Portmere container terminal" in explanation  # the sentence


@pytest.mark.parametrize(
    "reference",
    [
        # no later stage: a strike can be announced before it starts
        '[1] Dockside News, "Union plans strike at Portmere", 2 May 2023, '
        "https://dockside.example/a",
        # a later stage, but dated after the article's date
        '[1] Dockside News, "Portmere strike ends after two weeks", 24 May 2023, '
        "https://dockside.example/b",
        # a later stage of something the article does not date
        '[1] Dockside News, "Aftermath of the harbour fire", 2 May 2023, '
        "https://dockside.example/c",
    ],
)
def test_later_stage_near_misses(reference: str) -> None:
    assert only(STRIKE + reference + "\n", "anachronism") == []


FIRE = (
    "Moor fire spreads\n\n"
    "Crews fought a fire on Hallam Moor on Sunday, 14 July 2024, as it spread towards the "
    "village.\n\nSources\n"
)


@pytest.mark.parametrize(
    "title",
    ["Hallam Moor fire contained", "Crews contain Hallam Moor fire", "Moor fire under control"],
)
def test_an_emergency_reported_as_over_before_it_began_is_an_anachronism(title: str) -> None:
    text = FIRE + f'- Valley Post, "{title}", 12 July 2024, https://valleypost.example/fire\n'
    found = only(text, "anachronism")
    assert len(found) == 1 and "14 July 2024" in found[0].explanation


@pytest.mark.parametrize(
    "title",
    [
        "Crews hope to contain Hallam Moor fire by Friday",  # looks ahead
        "Hallam Moor fire will be under control soon, chief says",
        "Parking ban on Hallam Moor lifted",  # a ban the article does not date
    ],
)
def test_emergency_stage_near_misses(title: str) -> None:
    text = FIRE + f'- Valley Post, "{title}", 12 July 2024, https://valleypost.example/fire\n'
    assert only(text, "anachronism") == []


# -- two numbers for the same counted thing -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "Roughly 60 climbers were rescued from the ridge. Volunteers fed the 45 rescued "
            "climbers in the village hall.",
            "60 climbers were rescued",
            "45 rescued climbers",
        ),
        (
            "The stadium would cost \u00a380 million, the club said. Fans protested against the "
            "\u00a3115 million stadium on Saturday.",
            "\u00a380 million",
            "\u00a3115 million stadium",
        ),
        (
            "Eleven lorries were stuck on the pass overnight. Snowploughs freed all six stuck "
            "lorries by morning.",
            "Eleven lorries were stuck",
            "six stuck lorries",
        ),
    ],
)
def test_conflicting_numbers(text: str, first: str, second: str) -> None:
    found = [f for f in only(text, "internal-contradiction") if f.category == "conflicting-numbers"]
    assert len(found) == 1
    f = found[0]
    assert first in f.text and second in (f.other_text or "")
    # The explanation quotes both statements and says what conflicts.
    assert f"\u201c{f.text}\u201d" in f.explanation
    assert f"\u201c{f.other_text}\u201d" in f.explanation
    assert "Two different numbers" in f.explanation


@pytest.mark.parametrize(
    "text",
    [
        # a rounding word covers a small difference
        "About 60 climbers were rescued. Volunteers fed the 58 rescued climbers.",
        # a lower bound that the later figure respects
        "At least 60 climbers were rescued. Volunteers fed the 72 rescued climbers.",
        # a differently described part of the group
        "Sixty climbers were rescued. The 9 climbers who were injured went to hospital.",
        # a sum for another thing
        "The stadium would cost \u00a380 million. The council added a \u00a35 million grant.",
        # a rate, not a total
        "Upkeep will cost \u00a32 million a year. The \u00a380 million stadium opens in May.",
        # a count that changed
        "Twelve shops closed in March. By June the number had risen, and the 20 closed "
        "shops stood empty.",
        # a part, then "both"
        "Four ferries sailed. Two of the ferries turned back, and both ferries docked late.",
    ],
)
def test_conflicting_numbers_near_misses(text: str) -> None:
    assert only(text, "internal-contradiction") == []


# -- a venue given and elsewhere "not announced" -------------------------------------------


def test_the_venue_of_the_same_event_is_paired() -> None:
    text = (
        "The two federations held a joint congress in Arlo in 2019. Their officials will "
        "convene on 3 June 2025 in the spa town of Bellmere for the merger vote. Where the "
        "vote will take place has not been confirmed, and the venue of the vote is still "
        "undecided."
    )
    found = [
        f
        for f in only(text, "internal-contradiction")
        if f.category == "announced-vs-not-announced"
    ]
    assert found
    assert all("Bellmere" in f.text for f in found)
    assert all("Arlo" not in f.text for f in found)
    assert "Bellmere" in found[0].explanation


@pytest.mark.parametrize(
    "text",
    [
        # the only venue given belongs to an earlier year's event
        "The 2021 cup final was played in Dunmore. A venue for the 2025 final has not been "
        "announced.",
        # a past occasion, then the upcoming one's venue is open
        "Last year's book fair was held in the old town of Kilbride. The location of this "
        "year's fair has not yet been decided.",
    ],
)
def test_a_venue_of_another_occasion_is_not_paired(text: str) -> None:
    assert only(text, "internal-contradiction") == []


# -- weekdays with longer abbreviations and numeric dates -----------------------------------


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Polling opens on Thurs 15 March 2024.", True),  # a Friday
        ("Polling opens on Thurs. 14 March 2024.", False),
        ("Polling opens on Tues., Oct. 9, 2024.", True),  # a Wednesday
        ("Polling opens on Weds 13 March 2024.", False),
        ("Polling opens on Monday, 17.03.2024.", True),  # a Sunday
        ("Polling opens on Sunday, 17.03.2024.", False),
        ("Polling opens on Mon 2024-03-18.", False),
        ("Polling opens on Friday 04/05/2024.", False),  # 5 April 2024, month first
        ("Polling opens on Monday 04/05/2024.", True),  # neither reading is a Monday
    ],
)
def test_weekdays_with_longer_abbreviations_and_numeric_dates(text: str, wrong: bool) -> None:
    found = only(text, "date-weekday-mismatch")
    assert bool(found) is wrong
    if found:
        assert "was a" in found[0].explanation or "Read day first" in found[0].explanation


@pytest.mark.parametrize(
    "unsaid",
    [
        "The organisers have yet to announce where the forum will be held.",
        "It remains unclear where the forum will take place.",
        "A spokeswoman declined to say where the forum would meet.",
        "The location of the forum is being kept secret.",
        "The organisers have not yet set a date for the forum.",
    ],
)
def test_unknown_details_in_other_wordings(unsaid: str) -> None:
    text = "The regional forum will be held at the Corn Exchange in Tarby on 6 June 2024. " + unsaid
    found = [
        f
        for f in only(text, "internal-contradiction")
        if f.category == "announced-vs-not-announced"
    ]
    assert len(found) == 1
    assert "Tarby" in found[0].text or "6 June" in found[0].text
    assert unsaid.rstrip(".") in (found[0].other_text or "")


def test_an_unknown_detail_of_something_else_is_not_a_contradiction() -> None:
    text = (
        "The regional forum will be held in Tarby on 6 June 2024. The mayor declined to say "
        "when she would stand down."
    )
    assert only(text, "internal-contradiction") == []


@pytest.mark.parametrize(
    ("given", "place"),
    [
        ("Tarby will host the forum in June.", "Tarby"),
        ("The forum, to be held in the capital, Tarby, opens in June.", "Tarby"),
        ("Delegates will gather in the Highland spa town of Tarby for the forum.", "Tarby"),
    ],
)
def test_venues_given_in_other_wordings(given: str, place: str) -> None:
    text = given + " The venue of the forum has not been disclosed."
    found = only(text, "internal-contradiction")
    assert len(found) == 1 and place in found[0].text


def test_a_title_about_preparations_is_not_an_anachronism() -> None:
    text = (
        "The mayors of Ardley and Corve will sign the river agreement in Ardley on 12 July "
        "2024.\n\nReferences\n"
        '[1] Ardley Voice, "Ardley and Corve agree agenda for river agreement signing", '
        "3 July 2024, https://ardley.example/2024/07/03/agenda\n"
    )
    assert only(text, "anachronism") == []


def test_last_occurrence_of_the_same_thing_in_a_later_year() -> None:
    text = (
        "Brenton holds its first open-air festival since 2015 this weekend. The town's last "
        "open-air festival was in 2019."
    )
    found = only(text, "internal-contradiction")
    assert [f.category for f in found] == ["first-since-vs-last"]
    assert "2015" in found[0].explanation and "2019" in found[0].explanation


def test_last_occurrence_of_something_else_is_not_compared() -> None:
    text = (
        "Brenton holds its first open-air festival since 2015 this weekend. The town's last "
        "flood was in 2019."
    )
    assert only(text, "internal-contradiction") == []


def test_a_deal_valued_at_one_sum_and_referred_back_to_with_another() -> None:
    text = (
        "Harwell Foods agreed a takeover valued at \u00a3310 million on Monday. Critics of the "
        "\u00a3270 million takeover said it undervalued the firm, and Harwell shares rose 4 "
        "per cent."
    )
    found = only(text, "internal-contradiction")
    assert len(found) == 1 and "\u00a3270 million takeover" in (found[0].other_text or "")


def test_closing_speeches_before_the_trial_opens_are_an_anachronism() -> None:
    text = (
        "The trial of the Ardwick bank robbers will open at Ardwick Crown Court on 3 March "
        "2025.\n\nReferences\n"
        "[1] Ardwick Star. (2025, February 20). Closing speeches in Ardwick robbery trial. "
        "https://ardwickstar.example/trial\n"
    )
    found = only(text, "anachronism")
    assert len(found) == 1 and "3 March 2025" in found[0].explanation


def test_a_count_as_the_object_of_a_verb() -> None:
    found = only(
        "The blaze destroyed 14 barns on Friday. Insurers visited the 11 barns destroyed by "
        "the fire.",
        "internal-contradiction",
    )
    assert len(found) == 1 and "14 barns" in found[0].text
    # a differently described part of the group is not compared
    assert (
        only(
            "Police detained 12 fans. The 3 fans who were charged appeared in court.",
            "internal-contradiction",
        )
        == []
    )


def test_one_event_given_two_dates() -> None:
    text = (
        "The regional summit will take place on 4 May 2025 in Rivena. Officials later said "
        "the summit is scheduled for 6 May."
    )
    found = only(text, "internal-contradiction")
    assert [f.category for f in found] == ["conflicting-dates"]
    assert "\u201c4 May 2025\u201d" in found[0].explanation
    assert "\u201c6 May\u201d" in found[0].explanation


@pytest.mark.parametrize(
    "text",
    [
        # a change of plan is reported
        "The summit will take place on 4 May 2025. The summit, originally set for 2 May, "
        "was moved.",
        # two occasions
        "The first debate is scheduled for 26 September. The second debate is scheduled for "
        "9 October.",
        # the same day written two ways
        "The trial will begin on 3 March. The trial is set for March 3, 2025.",
    ],
)
def test_two_dates_near_misses(text: str) -> None:
    assert only(text, "internal-contradiction") == []


@pytest.mark.parametrize(
    "text",
    [
        "The two mayors hold their first meeting since 2018 next week. The two mayors met "
        "in Dunholm in March 2021 to discuss flood defences. The talks open in May 2025.",
        "For the first time since 2016, the national team will play a match in Orvik. A "
        "national team match was played in the city in 2019. Tickets go on sale in 2024.",
    ],
)
def test_first_since_against_a_dated_occurrence_in_between(text: str) -> None:
    found = only(text, "internal-contradiction")
    assert [f.category for f in found] == ["first-since-vs-last"]
    assert found[0].other_text and ("2021" in found[0].other_text or "2019" in found[0].other_text)


@pytest.mark.parametrize(
    "text",
    [
        # someone else met
        "The two mayors hold their first meeting since 2018 next week. Their deputies met "
        "in Dunholm in 2021. The talks open in 2025.",
        # a plan, not an occurrence
        "The two mayors hold their first meeting since 2018 next week. The two mayors will "
        "meet again in 2026, officials said in 2025.",
        # an occurrence before the year since which none happened
        "The two mayors hold their first meeting since 2018 next week. The two mayors met "
        "in Dunholm in 2015. The talks open in 2025.",
    ],
)
def test_first_since_near_misses(text: str) -> None:
    assert only(text, "internal-contradiction") == []


def test_a_day_and_month_without_a_year_dates_the_event() -> None:
    text = (
        "The councils of Ashby and Marle will sign the water agreement in Ashby on 14 March. "
        "Work starts in 2024.\n\nReferences\n"
        '[1] Valley Star, "Ashby and Marle sign water agreement", 10 March 2024, '
        "https://valleystar.example/a\n"
    )
    found = only(text, "anachronism")
    assert len(found) == 1 and "14 March 2024" in found[0].explanation


def test_a_reaction_before_the_report_is_published_is_an_anachronism() -> None:
    text = (
        "The audit office will publish its review of the Harlow ferry contract on 15 May "
        "2024.\n\nReferences\n"
        "[1] Harbour Post. (2024, May 6). Ferry firm reacts to audit office review. "
        "https://harbourpost.example/a\n"
    )
    assert len(only(text, "anachronism")) == 1


def test_a_game_venue_given_and_said_to_be_unknown() -> None:
    text = (
        "The cup final will be played at Mill Lane in Dunmore on 3 May. Organisers have not "
        "said where the final will be played."
    )
    found = only(text, "internal-contradiction")
    assert len(found) == 1 and "Dunmore" in found[0].text


def test_a_reference_list_without_addresses_under_another_heading() -> None:
    text = (
        "The Brill bypass will open on 20 June 2024.\n\n**Sources & further reading**\n"
        '1. Brill Bugle, "Traffic eases after Brill bypass opening", 12 June 2024.\n'
        "2. Interviews with residents.\n"
    )
    refs = [r for r in find_references(text) if r.title]
    assert [(r.publisher, r.claimed_date) for r in refs] == [("Brill Bugle", dt.date(2024, 6, 12))]
    assert len(only(text, "anachronism")) == 1


@pytest.mark.parametrize(
    "tentative",
    [
        "A summit between the two premiers remains only a possibility, an aide said.",
        "Plans for a summit are still tentative.",
        "The summit is not yet confirmed, officials said.",
    ],
)
def test_firm_and_tentative_in_other_wordings(tentative: str) -> None:
    text = "The summit is scheduled for 4 May in Rivena. " + tentative
    found = only(text, "internal-contradiction")
    assert [f.category for f in found] == ["firm-vs-tentative"]
    assert "only not" not in found[0].explanation


def test_a_date_given_for_another_named_event_is_not_paired() -> None:
    text = "The summit is scheduled for 4 May in Rivena. The date of the vote is not yet confirmed."
    assert only(text, "internal-contradiction") == []


def test_notes_in_prose_and_forward_looking_titles_are_not_anachronisms() -> None:
    text = (
        "The inquiry will open on 1 July 2024.\n\nNotes\n"
        "1. The council said on 3 May 2024 that the bridge would open after the inquiry.\n"
        '2. Harwick Herald, "Bridge to open after inquiry", 3 May 2024.\n'
    )
    assert [r.title for r in find_references(text) if r.title] == ["Bridge to open after inquiry"]
    assert only(text, "anachronism") == []


def test_a_later_stage_of_an_event_the_article_also_dates_earlier_is_no_anachronism() -> None:
    text = (
        "The storm hit Harwick on 3 June 2024. Forecasters said the storm could return on "
        "12 June 2024.\n\nReferences\n"
        "[1] Harwick Herald. (2024, June 5). Aftermath of the storm in Harwick. "
        "https://harwick.example/a\n"
    )
    assert only(text, "anachronism") == []


def test_a_day_of_talks_that_last_several_days_is_not_a_second_date() -> None:
    text = (
        "The talks will open on 4 May in Rivena. The talks on 5 May focused on trade, and "
        "the talks on 6 May on fishing."
    )
    assert only(text, "internal-contradiction") == []


def _weekday_texts(text: str) -> list[str]:
    return [f.text for f in analyze(text).findings if f.kind == "date-weekday-mismatch"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (
            "The storm hit on 6 February, a Thursday. Officials spoke on 7 February 2026.",
            "6 February, a Thursday",
        ),
        (
            "Shares fell on 8 January 2026, a Wednesday, after a downgrade.",
            "8 January 2026, a Wednesday",
        ),
    ],
)
def test_a_weekday_after_the_date_and_a_comma_is_checked(text: str, flagged: str) -> None:
    # 6 February 2026 was a Friday; 8 January 2026 a Thursday.
    assert _weekday_texts(text) == [flagged]


@pytest.mark.parametrize(
    "text",
    [
        "The storm hit on 6 February, a Friday. Officials spoke on 7 February 2026.",
        "Officials met on 6 February, a day after the storm. It was 7 February 2026.",
        "It hit on 6 February, a Thursday, in a year nobody recorded.",
    ],
)
def test_comma_weekday_near_misses(text: str) -> None:
    # A correct weekday, "a day after", and a date whose year the text never makes clear.
    assert _weekday_texts(text) == []


def test_a_date_without_a_year_takes_the_year_of_the_first_full_date_after_it() -> None:
    # No full date comes before "Wednesday, January 8th"; the first after it is
    # Nov. 20, 2025, and 8 January nearest to that is 8 January 2026, a Thursday.
    text = (
        "Shares fell on Wednesday, January 8th, after a downgrade.\n\n"
        'Sources\n1. Ledger. "Orders fall." Nov. 20, 2025. https://ledger.example/a\n'
        '2. Ledger. "Plant to close." Feb. 2, 2024. https://ledger.example/b\n'
    )
    assert _weekday_texts(text) == ["Wednesday, January 8th"]
    finding = next(f for f in analyze(text).findings if f.kind == "date-weekday-mismatch")
    assert "first full date after it" in finding.explanation


@pytest.mark.parametrize(
    "text",
    [
        # Thursday, January 8th is right for 2026 (8 January nearest to 20 November 2025).
        'Shares fell on Thursday, January 8th.\n1. "Orders fall." Nov. 20, 2025.\n2. "Ban." 2019.',
        # 8 April nearest to 20 January 2026 is 8 April 2026, a Wednesday.
        'Shares fell on Wednesday, April 8th.\n1. "Orders fall." Jan. 20, 2026.\n2. "Ban." 2019.',
    ],
)
def test_year_from_a_later_date_near_misses(text: str) -> None:
    assert _weekday_texts(text) == []


def _contradiction_pairs(text: str) -> list[tuple[str, str | None]]:
    return [
        (f.text, f.other_text) for f in analyze(text).findings if f.kind == "internal-contradiction"
    ]


@pytest.mark.parametrize(
    ("text", "later"),
    [
        (
            "It was Tarn's first home defeat by Ellery since 2009. "
            "Tarn last lost to Ellery at Tarn Park in 2017. The season ends in 2026.",
            "2017",
        ),
        (
            "Halvard will cut 450 jobs, the first round of layoffs at the company since 2015. "
            "The company previously cut 300 jobs in 2020. Shares fell in 2026.",
            "2020",
        ),
        (
            "The company said it would make 200 staff redundant, the first layoffs at the "
            "company since 2019. The company last cut staff in 2021. It is now 2024.",
            "2021",
        ),
        (
            "If approved, it would be the first sale of council land since 2011. "
            "The council sold the former library site in 2019. The vote is in 2025.",
            "2019",
        ),
    ],
)
def test_a_later_occurrence_reported_with_a_verb_is_paired(text: str, later: str) -> None:
    pairs = _contradiction_pairs(text)
    assert len(pairs) == 1
    assert "first" in pairs[0][0]
    assert later in (pairs[0][1] or "")


@pytest.mark.parametrize(
    "text",
    [
        # The earlier occurrence is before the "since" year.
        "It was Tarn's first home defeat by Ellery since 2009. "
        "Tarn last lost to Ellery at Tarn Park in 2009. The season ends in 2026.",
        # Another thing: a draw is not a defeat.
        "It was Tarn's first home defeat by Ellery since 2009. "
        "Tarn last drew with Ellery at Tarn Park in 2017. The season ends in 2026.",
        # Another company's layoffs.
        "Halvard will cut 450 jobs, the first round of layoffs at Halvard since 2015. "
        "Rival Bexley cut 300 jobs in 2020. Shares fell in 2026.",
        # A plan, not an occurrence.
        "It would be the first sale of council land since 2011. "
        "The council planned to sell the library site in 2019. The vote is in 2025.",
    ],
)
def test_later_occurrence_near_misses(text: str) -> None:
    assert _contradiction_pairs(text) == []


def test_conclusively_is_a_booster_unless_negated() -> None:
    found = only("Dr Salo said the findings conclusively prove that walking helps.", "booster")
    assert [f.text for f in found] == ["conclusively"]
    for text in ("It has not been conclusively proven.", "The link was not conclusively shown."):
        assert only(text, "booster") == []


def test_a_vague_group_that_cautions_is_a_vague_source() -> None:
    found = only(
        "Some doctors caution that the results reflect healthier lives.", "vague-attribution"
    )
    assert [(f.text, f.source) for f in found] == [("caution", "Some doctors")]


@pytest.mark.parametrize(
    "text",
    ["Officials urged caution that night.", "Drivers should use caution on the bridge."],
)
def test_caution_as_a_noun_is_not_a_second_cue(text: str) -> None:
    cues = [f.text for f in analyze(text).findings if "attribution" in f.kind]
    assert "caution" not in cues


def test_a_venue_for_the_meeting_pairs_with_the_one_scheduled_event() -> None:
    text = (
        "The council will decide at a full council vote at Pennock Civic Hall on 15 May. "
        "Council staff said a venue for the meeting was still being arranged."
    )
    pairs = _contradiction_pairs(text)
    assert len(pairs) == 1
    assert "Pennock Civic Hall" in pairs[0][0]
    assert "still being arranged" in (pairs[0][1] or "")


@pytest.mark.parametrize(
    "text",
    [
        # The sentence with the venue names two events: which one is "the meeting"?
        "The summit and the signing will be held at Orvik Castle. "
        "A venue for the meeting was still being arranged.",
        # The statement names another event than the one with the venue.
        "The vote will take place at Pennock Civic Hall. "
        "A venue for the hearing was still being arranged.",
        # Arranged, but not said to be unknown: transport, not the venue.
        "The vote will take place at Pennock Civic Hall. Buses were being arranged.",
    ],
)
def test_meeting_venue_near_misses(text: str) -> None:
    assert _contradiction_pairs(text) == []


@pytest.mark.parametrize(
    ("text", "date", "unknown"),
    [
        (
            "The judge said Marwood would be sentenced on 23 October at the same court. "
            "It is not yet known when Marwood will be sentenced, the press office said.",
            "23 October",
            "not yet known when",
        ),
        (
            "Schools will reopen on Monday, 9 February, the board said. Later the board "
            "said no decision had been taken on when classes would resume.",
            "9 February",
            "no decision had been taken",
        ),
    ],
)
def test_a_planned_date_and_not_known_when_with_the_same_verb(
    text: str, date: str, unknown: str
) -> None:
    pairs = _contradiction_pairs(text)
    assert len(pairs) == 1
    assert pairs[0][0] == date
    assert unknown in (pairs[0][1] or "")


@pytest.mark.parametrize(
    "text",
    [
        # Another step: sentencing is dated, release is not.
        "Marwood will be sentenced on 23 October. It is not known when she will be released.",
        # A past date, not a plan.
        "Production resumed on 3 March after a break. It is unclear when the line will resume.",
        # The time is known.
        "Schools will reopen on 9 February. Parents know when classes will resume.",
    ],
)
def test_planned_date_near_misses(text: str) -> None:
    assert _contradiction_pairs(text) == []


def test_a_retrial_fixed_for_a_date_and_a_possible_retrial() -> None:
    text = (
        "A retrial has been fixed for Monday 11 January 2027. "
        "Lyle's lawyers said they would fight a possible retrial."
    )
    pairs = _contradiction_pairs(text)
    assert len(pairs) == 1
    assert "fixed for" in pairs[0][0]
    assert pairs[0][1] == "possible retrial"


@pytest.mark.parametrize(
    "text",
    [
        # Another event: the appeal, not the retrial.
        "A retrial has been fixed for 11 January 2027. Lawyers are weighing a possible appeal.",
        # "fixed" in another sense.
        "The retrial heard that the lock was fixed on the door. A possible retrial of the "
        "second man was not discussed.",
    ],
)
def test_fixed_retrial_near_misses(text: str) -> None:
    assert _contradiction_pairs(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ravensby, Friday 2 October 2026. Judge Whitcombe said Marwood would be sentenced on "
        "23 October at the same court.\n\nSources\n1. Ravensby Post (2026, September 28). "
        "Marwood jailed for charity theft. https://ravensbypost.example/crime/2026/09/28/a\n",
        "Kerrow, 6 May 2025 - The council will decide whether to sell its works depot at a "
        "full council vote on Thurs 15 May.\n\nFurther reading\n- Kerrow Advocate, 'Depot "
        "sale approved by council', 30 April 2025 - https://kerrow.example/2025/04/30/a\n",
    ],
)
def test_an_outcome_headline_dated_before_the_decision_is_an_anachronism(text: str) -> None:
    found = only(text, "anachronism")
    assert len(found) == 1
    assert found[0].category == "later-stage-before-event"


@pytest.mark.parametrize(
    "text",
    [
        # The title looks ahead.
        "Kerrow, 6 May 2025 - The council will decide whether to sell its works depot at a "
        "full council vote on Thurs 15 May.\n\nFurther reading\n- Kerrow Advocate, 'Council "
        "to approve depot sale', 30 April 2025 - https://kerrow.example/2025/04/30/a\n",
        # The later date is the budget's start, not the vote that approved it.
        "Kerrow, 6 May 2025 - The new budget takes effect on 1 July, the council said."
        "\n\nFurther reading\n- Kerrow Advocate, 'Council budget approved', 30 April 2025 - "
        "https://kerrow.example/2025/04/30/b\n",
        # The decision is dated before the reference.
        "Kerrow, 6 May 2025 - The council voted to sell its depot on 28 April.\n\nFurther "
        "reading\n- Kerrow Advocate, 'Depot sale approved', 30 April 2025 - "
        "https://kerrow.example/2025/04/30/c\n",
    ],
)
def test_outcome_headline_near_misses(text: str) -> None:
    assert only(text, "anachronism") == []


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "Officials said 1,200 residents had been moved to shelters by Tuesday. "
            "The 800 evacuated residents will return next week.",
            "1,200 residents",
            "800 evacuated residents",
        ),
        (
            "Researchers enrolled 640 patients. The 580 patients who took part were mostly women.",
            "640 patients",
            "580 patients who took part",
        ),
        (
            "The company, which employs 4,200 people, cut jobs. Halvard's 3,600 employees "
            "were told at a meeting.",
            "4,200 people",
            "3,600 employees",
        ),
    ],
)
def test_counts_described_in_other_words(text: str, first: str, second: str) -> None:
    pairs = _contradiction_pairs(text)
    assert len(pairs) == 1
    assert first in pairs[0][0]
    assert second in (pairs[0][1] or "")


@pytest.mark.parametrize(
    "text",
    [
        # "took" without "part": another group (those who took the drug).
        "Researchers enrolled 640 patients. The 580 patients who took the drug improved.",
        # A part named by a modifier.
        "The company employs 4,200 people. Its 3,000 Ohio employees were told.",
        # A count that changed.
        "The company employs 4,200 people. Last year its 3,000 employees were told.",
        # Another group: the union's members.
        "The firm employs 4,200 people. The union's 3,000 members voted.",
    ],
)
def test_counts_in_other_words_near_misses(text: str) -> None:
    assert _contradiction_pairs(text) == []


def test_a_shared_word_may_differ_in_its_ending() -> None:
    text = (
        "It is the first trial of its kind in Scandinavia since 2014. "
        "The last Scandinavian trial of this kind ended in 2020. The study was published in 2026."
    )
    pairs = _contradiction_pairs(text)
    assert len(pairs) == 1
    assert "2020" in (pairs[0][1] or "")


def test_a_trial_elsewhere_is_not_a_later_occurrence() -> None:
    text = (
        "It is the first trial of its kind in Scandinavia since 2014. "
        "A trial of this kind ended in Canada in 2020. The study was published in 2026."
    )
    assert _contradiction_pairs(text) == []


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "Rovers won before a crowd of 42,000 fans. "
            "The club said the 38,000 fans who packed the stands had sung all game.",
            "42,000 fans",
            "38,000 fans",
        ),
        (
            "The jury heard evidence from 31 witnesses, including the founder. "
            "Of the 27 witnesses who testified, nine were trustees.",
            "31 witnesses",
            "27 witnesses",
        ),
        (
            "Nearly 3,000 drivers have walked out this month. "
            "The union said the 4,500 striking drivers would stay out.",
            "3,000 drivers",
            "4,500 striking drivers",
        ),
        (
            "Crews said power was cut to 62,000 homes. "
            "Repairs began at the 48,000 homes that lost electricity.",
            "62,000 homes",
            "48,000 homes that lost electricity",
        ),
    ],
)
def test_the_same_group_described_in_other_words(text: str, first: str, second: str) -> None:
    pairs = _contradiction_pairs(text)
    assert len(pairs) == 1
    assert first in pairs[0][0]
    assert second in (pairs[0][1] or "")


@pytest.mark.parametrize(
    "text",
    [
        # "including" before the count: the count is a part.
        "The jury heard from many people, including 31 witnesses. "
        "Of the 27 witnesses who testified, nine were trustees.",
        # Walked, but not out: another group.
        "Nearly 3,000 drivers have walked home. The 4,500 striking drivers stayed out.",
        # A later count while power was being restored.
        "Power was cut to 62,000 homes. By Sunday 15,000 homes were still without power. "
        "Repairs began at the 48,000 homes that lost electricity.",
        # A crowd, then the part that did something else.
        "Rovers won before a crowd of 42,000 fans. The 3,000 fans who invaded the pitch left.",
    ],
)
def test_same_group_in_other_words_near_misses(text: str) -> None:
    assert _contradiction_pairs(text) == []


def test_a_venue_named_by_its_street_pairs_with_an_unknown_location() -> None:
    text = (
        "The vote had been scheduled for 18 June. It will now take place on 9 July, at the "
        "council chamber on Market Street. The location of the July meeting has yet to be "
        "confirmed."
    )
    pairs = _contradiction_pairs(text)
    assert [p[0] for p in pairs] == ["at the council chamber on Market Street"]
    assert "has yet to be confirmed" in (pairs[0][1] or "")


@pytest.mark.parametrize(
    "text",
    [
        # No scheduling word before the building: not where the event is held.
        "The council chamber on Market Street was repainted. "
        "The location of the July meeting has yet to be confirmed.",
        # A date but no venue.
        "It will now take place on 9 July. The location of the July meeting has yet to be "
        "confirmed.",
    ],
)
def test_street_venue_near_misses(text: str) -> None:
    assert _contradiction_pairs(text) == []


_POSTPONED = (
    "Hartfield, 12 June 2024. The library vote {first} 18 June. "
    "The library vote will now take place on 9 July.\n\n"
    "Further reading\nHartfield Echo, 'Libraries saved after library vote', 8 July 2024 - "
    "https://echo.example/news/2024/07/08/libraries-saved\n"
)


def test_a_replaced_date_does_not_excuse_an_outcome_reported_too_early() -> None:
    found = only(_POSTPONED.format(first="had been scheduled for"), "anachronism")
    assert len(found) == 1
    assert found[0].details["event_date"] == "2024-07-09"


def test_a_vote_held_before_the_reference_is_no_anachronism() -> None:
    assert only(_POSTPONED.format(first="was first held on"), "anachronism") == []


@pytest.mark.parametrize(
    "text",
    [
        "Talks resumed on Monday, 3 March 2025, in Oslo. It is unclear when talks will resume "
        "again.",
        "The forum was held in Lund in May 2025. Where the next forum will meet is undecided.",
    ],
)
def test_what_already_happened_does_not_answer_what_is_still_to_come(text: str) -> None:
    assert only(text, "internal-contradiction") == []


def test_a_plan_told_in_the_past_tense_still_gives_the_date() -> None:
    text = (
        "The hearing was scheduled for 3 March 2025 in Oslo. It is still unclear when the "
        "hearing will take place."
    )
    assert len(only(text, "internal-contradiction")) == 1
