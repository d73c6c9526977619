"""coursekit.timeline: what was public on a day, and which claims fit it.

Expected values come from the case's CSV files read with the csv module, or from the
research fact sheet's timeline, never from the functions under test.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import coursekit
from coursekit import timeline

CASE_DIR = Path(__file__).resolve().parents[2] / "data" / "summit-2025"


@pytest.fixture(scope="module")
def case() -> coursekit.Case:
    return coursekit.load_case("summit-2025")


def _raw_windows() -> dict[str, tuple[str, str]]:
    """claim_id -> (written_after, written_before) straight from claims.csv."""
    with open(CASE_DIR / "claims.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if "written_after" not in rows[0]:
        pytest.skip("this case has no claim windows")
    return {r["claim_id"]: (r["written_after"], r["written_before"]) for r in rows}


def _fits_by_hand(window: tuple[str, str], day: str) -> bool:
    after, before = window
    return (not after or after <= day) and (not before or day <= before)


def test_trump_alaska_announcement_is_known_from_its_local_date(case: coursekit.Case) -> None:
    assert "E11" in set(timeline.known_on(case, "2025-08-09")["event_id"])
    assert "E11" in set(timeline.known_on(case, "2025-08-08")["event_id"])
    assert "E11" not in set(timeline.known_on(case, "2025-08-07")["event_id"])


def test_known_on_counts_match_the_event_dates(case: coursekit.Case) -> None:
    with open(CASE_DIR / "events.csv", encoding="utf-8", newline="") as handle:
        dates = [row["date"] for row in csv.DictReader(handle)]
    for day in ("2025-07-28", "2025-08-08", "2025-08-15", "2025-08-30"):
        expected = sum(1 for d in dates if d <= day)
        assert len(timeline.known_on(case, day)) == expected, day


def test_known_on_accepts_dates_and_timestamps(case: coursekit.Case) -> None:
    as_text = timeline.known_on(case, "2025-08-12")["event_id"].tolist()
    assert timeline.known_on(case, dt.date(2025, 8, 12))["event_id"].tolist() == as_text
    assert timeline.known_on(case, pd.Timestamp("2025-08-12 18:30"))["event_id"].tolist() == (
        as_text
    )


def test_unreadable_day_gets_a_clear_error(case: coursekit.Case) -> None:
    with pytest.raises(ValueError, match=r"'the day after'.*ISO date such as '2025-08-08'"):
        timeline.known_on(case, "the day after")


def test_time_zone_caveat_is_flagged_on_the_day_and_the_day_after(case: coursekit.Case) -> None:
    for day in ("2025-08-08", "2025-08-09"):
        status = timeline.event_status(case, day).set_index("event_id")
        assert "9 August" in status.loc["E11", "caveat"], day
    later = timeline.event_status(case, "2025-08-12").set_index("event_id")
    assert later.loc["E11", "caveat"] == ""
    assert bool(later.loc["E11", "known"])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Summit at Joint Base Elmendorf-Richardson, Anchorage", "summit"),
        ("Trump announces a 15 August meeting in Alaska", "announcement"),
        ("Kremlin confirms Alaska as the venue", "announcement"),
        ("Putin and Xi speak by phone", "diplomacy"),
        ("Zelensky says Russian troops advanced about 10 km", "military"),
        ("", "diplomacy"),
    ],
)
def test_event_category_rules(case: coursekit.Case, title: str, expected: str) -> None:
    assert timeline.event_category(title, case.settings) == expected


def test_every_event_gets_a_known_category(case: coursekit.Case) -> None:
    categories = timeline.event_categories(case)
    with open(CASE_DIR / "events.csv", encoding="utf-8", newline="") as handle:
        assert len(categories) == len(list(csv.DictReader(handle)))
    assert set(categories) <= set(case.settings.categories)
    assert categories[case.events["event_id"] == "E24"].item() == "summit"


def test_anchorage_claim_fits_only_after_the_venue_was_named(case: coursekit.Case) -> None:
    windows = _raw_windows()
    if not windows["C5"][0]:
        pytest.skip("C5 has no window in this version of the data")
    fits = timeline.fits_on(case, "2025-08-13").set_index("claim_id")["fits"]
    assert bool(fits["C5"])
    assert not bool(timeline.fits_on(case, "2025-08-05").set_index("claim_id").loc["C5", "fits"])


@pytest.mark.parametrize(
    "day", ["2025-08-01", "2025-08-08", "2025-08-09", "2025-08-12", "2025-08-20"]
)
def test_fits_on_agrees_with_the_windows_in_the_csv(case: coursekit.Case, day: str) -> None:
    windows = _raw_windows()
    fits = timeline.fits_on(case, day).set_index("claim_id")["fits"]
    for claim_id, window in windows.items():
        assert bool(fits[claim_id]) == _fits_by_hand(window, day), (claim_id, day)


def test_no_single_day_fits_every_claim(case: coursekit.Case) -> None:
    windows = _raw_windows()
    sensitive = [w for w in windows.values() if w[0] or w[1]]
    days = timeline.best_publication_days(case)
    assert len(days) == 34  # 28 July to 30 August inclusive
    assert days["day"].iloc[0] == pd.Timestamp("2025-07-28")
    assert (days["total"] == len(sensitive)).all()
    assert days["fitting"].max() < len(sensitive)
    best = days.loc[days["fitting"].idxmax()]
    assert best["fitting"] == max(
        sum(_fits_by_hand(w, f"2025-08-{d:02d}") for w in sensitive) for d in range(1, 31)
    )
    assert best["misfits"]  # some claims never fit the best day


def test_a_case_without_windows_has_no_time_sensitive_claims(case: coursekit.Case) -> None:
    bare = SimpleNamespace(
        events=case.events,
        settings=case.settings,
        claims=case.claims.drop(
            columns=["written_after", "written_before", "window_note"], errors="ignore"
        ),
    )
    windows = timeline.claim_windows(bare)
    assert not windows["time_sensitive"].any()
    assert timeline.fits_on(bare, "2025-08-01")["fits"].all()
    assert (timeline.best_publication_days(bare)["total"] == 0).all()
