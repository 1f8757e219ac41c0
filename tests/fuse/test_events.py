"""Cross-document event fusion: which reports become one event."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.reference import load_reference
from accord.fuse.events import Clustering, fuse_events
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


_PEOPLE = ["person:putin", "person:mirziyoyev", "person:tokayev"]
_COUNTRIES = ["country:RUS", "country:UZB", "country:KAZ", "country:KGZ"]


def _random_reports(rng: random.Random, count: int) -> tuple[list[Event], dict[str, str]]:
    """Reports of a fortnight: day-, month-, year-dated and undated, some with a place
    and a setting, each in its own document published on one of those days."""
    reports, published = [], {}
    for n in range(count):
        day = f"2024-03-{rng.randrange(1, 15):02d}"
        precision = rng.choice(["day", "day", "day", "month", "year", None])
        date = {"day": day, "month": day[:7], "year": day[:4], None: None}[precision]
        sides = rng.sample(_COUNTRIES, rng.randrange(1, 3)) + rng.sample(_PEOPLE, rng.randrange(3))
        report = _report(n, sides, date, precision).model_copy(
            update={
                "location": rng.choice([None, "Moscow", "Tashkent", "Astana"]),
                "mode": rng.choice([None, "state visit", "phone call"]),
                "occasion": rng.choice([None, "CIS summit"]),
            }
        )
        reports.append(report)
        published[report.evidence[0].document] = max(day, f"2024-03-{rng.randrange(1, 15):02d}")
    return reports, published


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 10**6), cut=st.integers(1, 15), share=st.floats(0.1, 0.9))
def test_a_clustering_resumed_from_its_checkpoint_gives_what_clustering_all_gives(
    places, seed, cut, share
):
    """As an update: the block was clustered with a checkpoint taken at a day (its
    later reports clustered after it); new reports published from that day on are
    added to the checkpoint with those later reports again. The events and conflicts
    are those of fusing all of them: the clusters touched merged again with their
    earlier reports read back, the others as stored."""
    rng = random.Random(seed)
    reports, published = _random_reports(rng, 40)
    day = f"2024-03-{cut:02d}"
    whole, whole_conflicts = fuse_events(reports, places, published)
    since = [r for r in reports if published[r.evidence[0].document] >= day]
    new = [r for r in since if rng.random() < share]

    first = Clustering(places, published)
    checkpoint = None
    for report in sorted((r for r in reports if r not in new), key=first.order):
        if checkpoint is None and report in since:
            checkpoint = first.checkpoint()
        first.add(report, reports.index(report))
    checkpoint = first.checkpoint() if checkpoint is None else checkpoint
    stored, stored_conflicts = first.results()
    first.seal(checkpoint)
    saved = json.loads(json.dumps(checkpoint))

    resumed = Clustering.resumed(places, published, saved)
    for report in sorted([r for r in since if r not in new] + new, key=resumed.order):
        resumed.add(report, reports.index(report))
    wanted = resumed.earlier()
    fused, conflicts = resumed.results(
        {n: [reports[r] for r in refs] for n, refs in wanted.items()}
    )
    kept = {resumed.records[n] for n in range(resumed.restored) if n not in resumed.touched}

    assert kept <= {e.id for e in stored}
    combined = fused + [e for e in stored if e.id in kept]
    assert sorted(combined, key=lambda e: e.id) == sorted(whole, key=lambda e: e.id)
    kept_conflicts = [c for c in stored_conflicts if c.subject.id in kept]
    assert sorted(conflicts + kept_conflicts, key=lambda c: c.id) == sorted(
        whole_conflicts, key=lambda c: c.id
    )
