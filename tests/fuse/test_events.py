"""Cross-document event fusion: which reports become one event."""

from __future__ import annotations

import pytest

from accord.analyze.reference import load_reference
from accord.fuse.events import fuse_events
from accord.fuse.places import PlaceIndex
from accord.models import Event, Evidence


@pytest.fixture(scope="module")
def places() -> PlaceIndex:
    return PlaceIndex.from_reference(load_reference(None))


def _report(n: int, participants: list[str], date: str | None, precision: str | None) -> Event:
    text = f"Report {n} of a meeting."
    return Event(
        id=f"evt-{n:03d}",
        type="meeting",
        plover="CONSULT",
        date=date,
        date_precision=precision,
        participants=participants,
        evidence=[Evidence(document=f"doc-{n:03d}", text=text, start=0, end=len(text))],
    )


def _groups(events: list[Event]) -> list[set[str]]:
    return sorted(({e.document for e in event.evidence} for event in events), key=min)


def test_year_dated_talks_of_different_pairs_stay_apart(places):
    # 'Earlier this year, the foreign ministers of X and Y held consultations', written by
    # different outlets about different pairs: one shared country does not make them one
    # meeting (they chained into one event of every country before).
    reports = [
        _report(1, ["country:RUS", "country:UZB"], "2021", "year"),
        _report(2, ["country:RUS", "country:KAZ"], "2021", "year"),
        _report(3, ["country:KAZ", "country:KGZ"], "2021", "year"),
        _report(4, ["country:UZB", "country:RUS"], "2021", "year"),
    ]
    events, _ = fuse_events(reports, places)
    assert _groups(events) == [{"doc-001", "doc-004"}, {"doc-002"}, {"doc-003"}]


def test_year_dated_talks_of_different_people_stay_apart(places):
    reports = [
        _report(1, ["person:putin", "person:mirziyoyev", "country:RUS"], "2021", "year"),
        _report(2, ["person:putin", "person:tokayev", "country:RUS"], "2021", "year"),
    ]
    events, _ = fuse_events(reports, places)
    assert len(events) == 2


def test_a_year_dated_mention_joins_the_meeting_of_its_pair(places):
    # the day-dated summit of three and a later 'this year' mention of two of them
    reports = [
        _report(1, ["country:KAZ", "country:UZB", "country:KGZ"], "2021-08-06", "day"),
        _report(2, ["country:UZB", "country:KAZ"], "2021", "year"),
        _report(3, ["country:KAZ"], "2021", "year"),
    ]
    events, _ = fuse_events(reports, places)
    assert _groups(events) == [{"doc-001", "doc-002", "doc-003"}]


def test_day_dated_reports_sharing_a_country_still_merge(places):
    # one outlet names both sides, another only the host: the same day's meeting
    reports = [
        _report(1, ["country:KAZ", "country:UZB"], "2022-06-14", "day"),
        _report(2, ["country:KAZ"], "2022-06-14", "day"),
    ]
    events, _ = fuse_events(reports, places)
    assert len(events) == 1
