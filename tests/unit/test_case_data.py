"""The bundled summit-2025 case data: read straight from the CSVs, independent of the loader.

These tests guard the data itself (ids, offsets, enums, cross references and the facts the
lessons depend on), so they read the files with the csv module and never call coursekit.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CASE = Path(__file__).resolve().parents[2] / "data" / "summit-2025"
TABLES = ("events", "sources", "claims", "evidence", "event_sources", "inconsistencies")
FIRST_DAY = dt.date(2025, 7, 28)
LAST_DAY = dt.date(2025, 8, 30)


@cache
def datapackage() -> dict:
    return json.loads((CASE / "datapackage.json").read_text(encoding="utf-8"))


@cache
def article() -> str:
    return (CASE / "article.txt").read_text(encoding="utf-8")


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with open(CASE / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def rows(name: str) -> list[dict[str, str]]:
    return [dict(row) for row in _rows(name)]


def by_id(name: str, key: str) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in rows(name)}


def fields(name: str) -> list[dict]:
    (resource,) = [r for r in datapackage()["resources"] if r["name"] == name]
    return resource["schema"]["fields"]


def id_list(value: str) -> list[str]:
    return [item for item in value.split(";") if item]


def iso_date(value: str) -> dt.date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), f"{value!r} is not YYYY-MM-DD"
    return dt.date.fromisoformat(value)


# --- shape and schema -----------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_columns_are_exactly_the_schema_fields(name: str) -> None:
    with open(CASE / f"{name}.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [f["name"] for f in fields(name)]


@pytest.mark.parametrize("name", TABLES)
def test_values_obey_schema_constraints(name: str) -> None:
    for line, row in enumerate(rows(name), start=2):
        for field in fields(name):
            value = row[field["name"]]
            where = f"{name}.csv line {line}, {field['name']}"
            constraints = field.get("constraints", {})
            if constraints.get("required"):
                assert value.strip(), f"{where}: required value is empty"
            if not value:
                continue
            if "enum" in constraints:
                assert value in constraints["enum"], f"{where}: {value!r} not in enum"
            if "pattern" in constraints:
                assert re.fullmatch(constraints["pattern"], value), f"{where}: {value!r}"
            if field["type"] == "date":
                iso_date(value)
            if field["type"] == "integer":
                assert re.fullmatch(r"\d+", value), f"{where}: {value!r} is not an integer"
            if field["type"] == "boolean":
                assert value in {"true", "false"}, f"{where}: {value!r}"
            assert value == value.strip(), f"{where}: stray whitespace"


@pytest.mark.parametrize("name", TABLES)
def test_primary_keys_are_unique(name: str) -> None:
    (resource,) = [r for r in datapackage()["resources"] if r["name"] == name]
    key = resource["schema"]["primaryKey"]
    values = [tuple(row[k] for k in key) for row in rows(name)]
    assert len(values) == len(set(values))


def test_frictionless_validates_the_package() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(CASE / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors]
    assert report.valid, errors[:10]


def test_article_is_the_verbatim_case_article() -> None:
    digest = hashlib.sha256((CASE / "article.txt").read_bytes()).hexdigest()
    assert digest == "20e89d4c8c3913b5a286ff8da5b0a32d5f7398690b8f8a09bbc1b36f4105f1d8"


# --- events ---------------------------------------------------------------------------------


def test_events_in_date_order_with_stable_ids_inside_the_case_window() -> None:
    events = rows("events")
    ids = [e["event_id"] for e in events]
    # Ids are stable: E01..E28 keep their order; E29 (split from E21) sits in date order.
    assert sorted(ids) == [f"E{i:02d}" for i in range(1, len(ids) + 1)]
    assert [i for i in ids if i != "E29"] == [f"E{i:02d}" for i in range(1, 29)]
    assert ids.index("E29") == ids.index("E21") + 1
    dates = [iso_date(e["date"]) for e in events]
    assert all(FIRST_DAY <= d <= LAST_DAY for d in dates)
    assert dates == sorted(dates), "events must stay in chronological (research) order"
    assert dates[0] == dt.date(2025, 7, 28) and dates[-1] == dt.date(2025, 8, 30)


def test_every_event_has_a_source() -> None:
    linked = {row["event_id"] for row in rows("event_sources")}
    assert set(by_id("events", "event_id")) <= linked


def test_trump_alaska_post_is_8_august_with_time_zone_note() -> None:
    e11 = by_id("events", "event_id")["E11"]
    assert e11["date"] == "2025-08-08"
    assert "Alaska" in e11["title"]
    assert "9 August" in e11["date_note"]
    # Section 6 of the research: it was still 8 August in the UK.
    assert "still 8 August in the UK" in e11["date_note"]


def test_anchorage_named_by_white_house_and_request_attributed() -> None:
    e19 = by_id("events", "event_id")["E19"]
    assert e19["date"] == "2025-08-12"
    assert "Anchorage" in e19["title"] + e19["description"]
    assert "Leavitt" in e19["actors"]
    # "at Putin's request" is the White House's account; the Kremlin said the opposite.
    assert "White House's account" in e19["uncertainty"]
    assert "suggestion of the American side" in e19["uncertainty"]


def test_military_base_first_reported_12_august_by_anonymous_officials() -> None:
    e21 = by_id("events", "event_id")["E21"]
    assert e21["date"] == "2025-08-12"
    assert "Joint Base Elmendorf-Richardson" in e21["description"]
    assert "13 August" in e21["date_note"]
    assert "never announced on the record" in e21["uncertainty"]
    # The 13 August Berlin calls are their own event (date = local date of the event).
    assert "Berlin" not in e21["description"] + e21["title"] + e21["place"]


def test_berlin_video_calls_are_e29_on_13_august_with_their_sources() -> None:
    e29 = by_id("events", "event_id")["E29"]
    assert e29["date"] == "2025-08-13"
    assert "Berlin" in e29["place"] and "Merz" in e29["actors"]
    linked = {r["source_id"] for r in rows("event_sources") if r["event_id"] == "E29"}
    assert {"S055", "S056"} <= linked
    on_e21 = {r["source_id"] for r in rows("event_sources") if r["event_id"] == "E21"}
    assert not {"S055", "S056"} & on_e21
    c23 = by_id("claims", "claim_id")["C23"]
    assert "E29" in id_list(c23["event_ids"]) and "E21" not in id_list(c23["event_ids"])


def _utc_offset_hours() -> dict[str, int]:
    # August offsets: British Summer Time, Central European Summer Time, Moscow, Alaska Daylight.
    return {"BST": 1, "CEST": 2, "MSK": 3, "AKDT": -8}


def test_summit_end_note_is_early_afternoon_in_anchorage() -> None:
    # research.md section 6 item 10: the BBC logs the end of the three-on-three at 23:20 BST.
    note = by_id("events", "event_id")["E24"]["date_note"]
    assert "23:20 BST on 15 August" in note
    offsets = _utc_offset_hours()
    utc = dt.datetime(2025, 8, 15, 23, 20) - dt.timedelta(hours=offsets["BST"])
    for zone, offset in offsets.items():
        local = utc + dt.timedelta(hours=offset)
        if zone != "BST":
            assert f"{local:%H:%M} {zone}" in note or f"{local:%H:%M} in Anchorage ({zone})" in note
    assert f"{utc:%H:%M} UTC" in note
    assert "late on 15 August" not in note and "early afternoon" in note
    assert "still 15 August in the UK" in note


def test_wording_follows_the_research() -> None:
    events = by_id("events", "event_id")
    assert "small" not in events["E20"]["description"]  # "Russian infantry groups"
    assert "calls the visit timely and very useful" in events["E25"]["description"]
    # Inferences the research does not make are gone.
    assert "late on 9 August" not in events["E15"]["date_note"]
    assert "time-zone" not in events["E27"]["date_note"]
    # "Allies" is the article's loose label (I10); the timeline names the leaders instead.
    for event in events.values():
        assert "allies" not in (event["title"] + event["description"]).lower(), event["event_id"]
    claims = by_id("claims", "claim_id")
    assert "12 August" not in claims["C20"]["rationale"]  # the research gives no date
    assert "administration itself" not in claims["C15"]["rationale"]


@pytest.mark.parametrize("event_id", ["E18", "E20"])
def test_advance_dates_are_reporting_dates(event_id: str) -> None:
    event = by_id("events", "event_id")[event_id]
    assert "Dobropillia" in event["description"]
    assert "reporting date" in event["date_note"]


def test_first_event_records_28_versus_29_july() -> None:
    e01 = by_id("events", "event_id")["E01"]
    assert e01["date"] == "2025-07-28"
    assert "29 July" in e01["date_note"]


# --- sources --------------------------------------------------------------------------------


def test_every_source_has_publisher_and_http_url() -> None:
    for source in rows("sources"):
        assert source["publisher"].strip(), source["source_id"]
        parts = urlsplit(source["url"])
        assert parts.scheme in {"http", "https"} and parts.netloc, source["url"]
        assert re.fullmatch(r"[a-z]{2}", source["language"]), source["source_id"]


def test_source_urls_are_unique() -> None:
    urls = [s["url"] for s in rows("sources")]
    assert len(urls) == len(set(urls))


def test_article_references_are_r1_to_r4_with_the_articles_urls() -> None:
    sources = by_id("sources", "source_id")
    expected = {
        "R1": "https://www.bbc.co.uk/news/world-us-canada-59768752",
        "R2": "https://www.nytimes.com/2025/08/02/world/europe/trump-putin-alaska-ukraine.html",
        "R3": "https://edition.cnn.com/2025/08/03/politics/us-russia-summit-ukraine/index.html",
        "R4": (
            "https://www.theguardian.com/world/2025/aug/04/"
            "us-russia-summit-putin-trump-alaska-ukraine-conflict"
        ),
    }
    for source_id, url in expected.items():
        row = sources[source_id]
        assert row["url"] == url
        assert url in article()
        assert row["cited_by_article"] == "true"
        assert row["kind"] == "article-reference"
        assert row["finding"].strip()
    cited = {s["source_id"] for s in rows("sources") if s["cited_by_article"] == "true"}
    assert cited == set(expected)
    kinds = {s["source_id"] for s in rows("sources") if s["kind"] == "article-reference"}
    assert kinds == set(expected)
    claimed = {sid: sources[sid]["published"] for sid in expected}
    assert claimed == {
        "R1": "2025-08-01",
        "R2": "2025-08-02",
        "R3": "2025-08-03",
        "R4": "2025-08-04",
    }


def test_reference_findings_carry_the_key_facts() -> None:
    sources = by_id("sources", "source_id")
    assert "23 December 2021" in sources["R1"]["finding"]
    assert "2019" in sources["R3"]["finding"] and "index.html" in sources["R3"]["finding"]
    assert "/2025/08/15/us/politics/" in sources["R2"]["finding"]
    for source_id in ("R1", "R2", "R3", "R4"):
        assert "Not found in the archive consulted" in sources[source_id]["finding"]


def test_copies_name_a_different_original_publisher() -> None:
    copies = [s for s in rows("sources") if s["kind"] in {"syndicated-copy", "wire-copy"}]
    assert copies
    for source in copies:
        assert source["original_publisher"].strip(), source["source_id"]
        assert source["original_publisher"] != source["publisher"], source["source_id"]


def test_known_copies_are_attributed_to_their_originals() -> None:
    by_url = {s["url"]: s for s in rows("sources")}
    daily8 = by_url["https://www.daily8.com/en/article/a26d12a05d47f75b259224374791ee5c"]
    assert (daily8["publisher"], daily8["original_publisher"]) == ("Daily8", "Reuters")
    tribune = by_url[
        "https://www.tribuneindia.com/news/world/trump-putin-meeting-to-take-place-in-coming-days-kremlin/"
    ]
    assert tribune["original_publisher"] == "Reuters"
    lokmat = by_url[
        "https://www.lokmattimes.com/international/"
        "trump-drops-ceasefire-demand-backs-peace-agreement-to-end-ukraine-war"
    ]
    assert lokmat["original_publisher"] == "IANS"


def test_non_copies_have_original_publisher_equal_to_publisher() -> None:
    for source in rows("sources"):
        if source["kind"] in {"news", "live-page", "analysis", "article-reference"}:
            assert source["original_publisher"] == source["publisher"], source["source_id"]


# --- claims ---------------------------------------------------------------------------------


def test_39_claims_whose_text_is_the_article_span() -> None:
    claims = rows("claims")
    assert [c["claim_id"] for c in claims] == [f"C{i}" for i in range(1, 40)]
    text = article()
    for claim in claims:
        start, end = int(claim["start"]), int(claim["end"])
        assert 0 <= start < end <= len(text), claim["claim_id"]
        assert text[start:end] == claim["text"], claim["claim_id"]


def test_claims_do_not_overlap() -> None:
    spans = sorted((int(c["start"]), int(c["end"])) for c in rows("claims"))
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start


def test_cues_are_in_the_claim_text() -> None:
    for claim in rows("claims"):
        for cue in id_list(claim["cues"]):
            assert cue in claim["text"], (claim["claim_id"], cue)


def test_reference_claims_are_the_whole_reference_lines() -> None:
    claims = by_id("claims", "claim_id")
    lines = article().split("\n")
    for number, claim_id in enumerate(("C33", "C34", "C35", "C36"), start=1):
        assert claims[claim_id]["text"] in lines
        assert claims[claim_id]["text"].startswith(f"[{number}] ")
        assert claims[claim_id]["claim_type"] == "citation"
        assert claims[claim_id]["verdict"] == "contradicted"


def test_key_verdicts_and_cues() -> None:
    claims = by_id("claims", "claim_id")
    assert claims["C26"]["verdict"] == "contradicted"
    assert claims["C27"]["verdict"] == "contradicted"
    assert "reportedly" in id_list(claims["C14"]["cues"])
    assert claims["C14"]["text"].startswith("Both Uzbek President")
    assert "seen by some" in id_list(claims["C15"]["cues"])
    assert "could be related to" in id_list(claims["C22"]["cues"])
    assert claims["C5"]["text"] == "in Anchorage, Alaska"
    assert claims["C16"]["text"] == 'Trump described the meeting as a "feel-out meeting,"'
    for claim_id in ("C24", "C32", "C39"):
        assert claims[claim_id]["verdict"] == "unverifiable"


def test_claims_with_a_verdict_have_evidence() -> None:
    with_evidence = {row["claim_id"] for row in rows("evidence")}
    for claim in rows("claims"):
        if claim["verdict"] != "unverifiable":
            assert claim["claim_id"] in with_evidence, claim["claim_id"]


def test_reference_claims_link_their_reference_and_contradicting_sources() -> None:
    evidence = rows("evidence")
    for number, claim_id in enumerate(("C33", "C34", "C35", "C36"), start=1):
        own = [e for e in evidence if e["claim_id"] == claim_id]
        assert {"source_id": f"R{number}", "stance": "context"} in [
            {"source_id": e["source_id"], "stance": e["stance"]} for e in own
        ]
        assert any(e["stance"] == "contradicts" for e in own), claim_id


# --- knowledge windows ----------------------------------------------------------------------


def _windows() -> dict[str, tuple[dt.date | None, dt.date | None]]:
    out = {}
    for claim in rows("claims"):
        after, before = claim["written_after"], claim["written_before"]
        if after or before:
            out[claim["claim_id"]] = (
                iso_date(after) if after else None,
                iso_date(before) if before else None,
            )
            assert claim["window_note"].strip(), claim["claim_id"]
        else:
            assert not claim["window_note"], claim["claim_id"]
    return out


def _fits(window: tuple[dt.date | None, dt.date | None], day: dt.date) -> bool:
    after, before = window
    return (after is None or after <= day) and (before is None or day <= before)


def test_windows_are_ordered_and_inside_the_case_period() -> None:
    for claim_id, (after, before) in _windows().items():
        for bound in (after, before):
            assert bound is None or FIRST_DAY <= bound <= LAST_DAY, claim_id
        if after and before:
            assert after <= before, claim_id


def test_windows_match_the_research_examples() -> None:
    windows = _windows()
    assert windows["C5"][0] == dt.date(2025, 8, 12)  # Anchorage named by Leavitt
    assert windows["C16"][0] == dt.date(2025, 8, 11)  # "feel-out meeting"
    assert windows["C21"][0] == dt.date(2025, 8, 11)  # Dobropillya advance reported
    assert windows["C13"][1] == dt.date(2025, 8, 8)  # "potential summit"
    assert windows["C26"] == (dt.date(2025, 8, 8), dt.date(2025, 8, 8))
    assert _fits(windows["C5"], dt.date(2025, 8, 13))
    assert not _fits(windows["C5"], dt.date(2025, 8, 5))
    assert not _fits(windows["C27"], dt.date(2025, 8, 12))


def test_no_single_day_fits_every_claim() -> None:
    windows = _windows()
    days = [FIRST_DAY + dt.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    assert not [day for day in days if all(_fits(w, day) for w in windows.values())]


# --- cross references -----------------------------------------------------------------------


def test_link_tables_point_to_existing_rows() -> None:
    events = set(by_id("events", "event_id"))
    sources = set(by_id("sources", "source_id"))
    claims = set(by_id("claims", "claim_id"))
    for row in rows("event_sources"):
        assert row["event_id"] in events and row["source_id"] in sources, row
    for row in rows("evidence"):
        assert row["claim_id"] in claims and row["source_id"] in sources, row
        assert row["note"].strip()


def test_id_lists_point_to_existing_ids_without_spaces() -> None:
    events = set(by_id("events", "event_id"))
    sources = set(by_id("sources", "source_id"))
    claims = set(by_id("claims", "claim_id"))
    for claim in rows("claims"):
        assert " " not in claim["event_ids"]
        assert set(id_list(claim["event_ids"])) <= events, claim["claim_id"]
    for row in rows("inconsistencies"):
        assert " " not in row["claim_ids"] + row["source_ids"]
        assert id_list(row["claim_ids"]), row["inconsistency_id"]
        assert set(id_list(row["claim_ids"])) <= claims, row["inconsistency_id"]
        assert set(id_list(row["source_ids"])) <= sources, row["inconsistency_id"]


def test_non_opinion_claims_name_their_events() -> None:
    for claim in rows("claims"):
        if claim["claim_type"] in {"fact", "citation"}:
            assert id_list(claim["event_ids"]), claim["claim_id"]
        for event_id in id_list(claim["event_ids"]):
            assert event_id in claim["rationale"] or claim["claim_type"] == "citation", (
                claim["claim_id"],
                event_id,
            )


# --- inconsistencies ------------------------------------------------------------------------


def test_inconsistencies_i1_to_i13_with_expected_kinds() -> None:
    rows_by_id = by_id("inconsistencies", "inconsistency_id")
    assert list(rows_by_id) == [f"I{i}" for i in range(1, 14)]
    kinds = {key: row["kind"] for key, row in rows_by_id.items()}
    assert kinds == {
        "I1": "internal-contradiction",
        "I2": "internal-contradiction",
        "I3": "anachronism",
        "I4": "citation",
        "I5": "citation",
        "I6": "citation",
        "I7": "stale-information",
        "I8": "spelling-variant",
        "I9": "time-frame",
        "I10": "framing",
        "I11": "attribution",
        "I12": "framing",
        "I13": "repetition",
    }
    assert {"C5", "C27"} <= set(id_list(rows_by_id["I1"]["claim_ids"]))
    assert set(id_list(rows_by_id["I3"]["claim_ids"])) == {"C33", "C34", "C35", "C36"}
    assert "23 December 2021" in rows_by_id["I4"]["description"]
    assert rows_by_id["I13"]["confidence"] == "low"


def test_i13_says_restate_and_its_verbatim_phrases_are_verbatim() -> None:
    i13 = by_id("inconsistencies", "inconsistency_id")["I13"]
    assert "word for word" not in i13["description"]
    assert "C39" in i13["description"]  # says why C39 is listed
    meta = json.loads((CASE / "article.json").read_text(encoding="utf-8"))
    body, bullets = article()[: meta["body_end"]], article()[meta["summary_bullets"][0]["start"] :]
    quoted = re.findall(r"'([^']+)'", i13["description"])
    assert len(quoted) >= 2
    for phrase in quoted:
        assert phrase in body and phrase in bullets, phrase


# --- article.json ---------------------------------------------------------------------------


def test_article_metadata_matches_the_article() -> None:
    meta = json.loads((CASE / "article.json").read_text(encoding="utf-8"))
    text = article()
    assert meta["headline"] == text.split("\n")[0]
    assert text[meta["body_end"] :].startswith("[1] ")
    sources = by_id("sources", "source_id")
    assert [r["number"] for r in meta["references"]] == [1, 2, 3, 4]
    for ref in meta["references"]:
        assert text[ref["start"] : ref["end"]] == ref["text"]
        source = sources[ref["source_id"]]
        assert ref["url"] == source["url"] and ref["url"] in ref["text"]
        assert ref["title"] == source["title"] and ref["title"] in ref["text"]
        assert ref["claimed_date"] == source["published"]
        assert ref["publisher"] == source["publisher"]
    assert len(meta["summary_bullets"]) == 2
    for bullet in meta["summary_bullets"]:
        assert text[bullet["start"] : bullet["end"]].startswith("- ")
        assert bullet["start"] > meta["references"][-1]["end"]


def test_every_source_is_used_somewhere() -> None:
    used = {row["source_id"] for row in rows("event_sources")}
    used |= {row["source_id"] for row in rows("evidence")}
    for row in rows("inconsistencies"):
        used |= set(id_list(row["source_ids"]))
    assert set(by_id("sources", "source_id")) - used == set()


def test_relays_is_an_optional_documented_evidence_column() -> None:
    resource = next(r for r in datapackage()["resources"] if r["name"] == "evidence")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "relays")
    assert field["type"] == "string"
    assert not field.get("constraints", {}).get("required", False)
    assert "count once" in field["description"]


def test_c14_and_c38_backing_all_relays_the_kremlin_readout() -> None:
    # research.md: the presidents' support is known from the Kremlin's readouts only.
    for claim_id in ("C14", "C38"):
        backing = [
            r
            for r in rows("evidence")
            if r["claim_id"] == claim_id and r["stance"] in ("supports", "partly")
        ]
        assert len(backing) >= 3
        statements = {r["relays"] for r in backing}
        assert len(statements) == 1
        assert next(iter(statements)).startswith("Kremlin readout")


def _backing(claim_id: str) -> list[dict[str, str]]:
    return [
        r
        for r in rows("evidence")
        if r["claim_id"] == claim_id and r["stance"] in ("supports", "partly")
    ]


@pytest.mark.parametrize("claim_id", ["C12", "C13"])
def test_c12_and_c13_kremlin_backing_is_relayed(claim_id: str) -> None:
    # research.md TL#7 and issue 9: S018, S019, S117, S118, S001 relay the Kremlin readout.
    kremlin = {r["relays"] for r in _backing("C14")}
    (readout,) = kremlin
    for row in _backing(claim_id):
        if row["source_id"] in {"S018", "S019", "S117", "S118", "S001"}:
            assert row["relays"] == readout, row
        else:  # anything else must be another statement (the Uzbek side's own readout)
            assert row["relays"] and row["relays"] != readout, row


def test_deepstate_pages_relay_one_map() -> None:
    # research.md section 6 item 7: Reuters (S129) and Novosti Donbassa (S130) relay DeepState.
    c21 = {r["source_id"]: r for r in rows("evidence") if r["claim_id"] == "C21"}
    assert c21["S129"]["relays"] == c21["S130"]["relays"]
    assert c21["S129"]["relays"].startswith("DeepState")
    assert by_id("sources", "source_id")["S130"]["published"] == "2025-08-12"


def test_evidence_notes_credit_the_right_source() -> None:
    evidence = {(r["claim_id"], r["source_id"]): r for r in rows("evidence")}
    # "without comment" is LIGA.net's (S012), not the Tribune's Reuters copy (S013).
    without = [k for k, r in evidence.items() if "without comment" in r["note"]]
    assert without and all(source == "S012" for _, source in without)
    # The UK-date inference rests on Ukrainska Pravda's 01:12 stamp (S031), not the dateline.
    assert "S031" in evidence[("C36", "S106")]["note"]
    assert "stillborn" in evidence[("C8", "S036")]["note"]
    # At most one quoted sentence per note.
    for key, row in evidence.items():
        quoted = re.findall(r"'([^']*)'", row["note"].replace("'s ", " s "))
        sentences = sum(len(re.findall(r"[.!?](?:\s|$)", q.strip() + " ")) for q in quoted)
        assert sentences <= 1, key


def test_opinions_are_unverifiable() -> None:
    # Quizzes 00.2 and 01.4 teach that an opinion cannot be verified; the data agrees.
    for claim in rows("claims"):
        if claim["claim_type"] == "opinion":
            assert claim["verdict"] == "unverifiable", claim["claim_id"]


def _readme() -> str:
    return (CASE / "README.md").read_text(encoding="utf-8")


def test_datasheet_table_counts_are_computed_from_the_tables() -> None:
    text = _readme()
    for name in TABLES:
        match = re.search(rf"`{name}\.csv` \((\d+)", text)
        assert match, name
        assert int(match.group(1)) == len(rows(name)), name
    events, claims = rows("events"), rows("claims")
    assert f"{len(events)} dated events, `E01`..`E{len(events):02d}`" in text
    assert f"the article split into {len(claims)} claims, `C1`..`C{len(claims)}`" in text
    meta = datapackage()
    assert f"| Version | {meta['version']} |" in text and f"version {meta['version']})" in text
    dates = sorted(iso_date(e["date"]) for e in events)
    period = f"{dates[0].day} {dates[0]:%B} to {dates[-1].day} {dates[-1]:%B} {dates[-1].year}"
    assert f"| Period covered | {period} |" in text
    last = len(rows("inconsistencies"))
    assert f"`I1`..`I{last - 1}` from the research and `I{last}`" in text


def test_datasheet_source_counts_are_computed_from_the_tables() -> None:
    text = " ".join(_readme().split())
    sources = [s for s in rows("sources") if s["kind"] != "article-reference"]
    words = {1: "one"}
    kinds = {k: sum(s["kind"] == k for s in sources) for k in {s["kind"] for s in sources}}
    assert f"Of the {len(sources)} sources, {kinds['news']} are news pages" in text
    for kind, phrase in [
        ("syndicated-copy", "are syndicated copies"),
        ("wire-copy", "are wire stories"),
        ("live-page", "are live pages"),
        ("state-media", "are state media"),
    ]:
        assert f"{kinds[kind]} {phrase}" in text, kind
    singles = [k for k, n in kinds.items() if n == 1]
    assert len(singles) == 3 and "and one each is" in text
    languages = {}
    for source in sources:
        languages[source["language"]] = languages.get(source["language"], 0) + 1
    names = {"en": "English", "ru": "Russian", "pt": "Portuguese", "pl": "Polish"}
    assert set(languages) == set(names)
    assert f"{languages['en']} are in English" in text
    for code in ("ru", "pt", "pl"):
        number = words.get(languages[code], str(languages[code]))
        assert f"{number} in {names[code]}" in text, code
    assert "Japan Today" not in text.split("Known gaps")[1].split("Ethics")[0]


def test_relays_values_are_trimmed_and_dated() -> None:
    # Stray spaces or a missing date would make two names for one statement (two groups).
    values = [r["relays"] for r in rows("evidence") if r["relays"]]
    assert values, "no evidence row names the statement it relays"
    for value in set(values):
        assert value == value.strip() and value.endswith("Aug"), value
