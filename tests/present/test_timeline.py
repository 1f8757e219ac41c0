"""The timeline: merged events in date order, undated apart, --between keeps both sides."""

from __future__ import annotations

import pytest

from accord.errors import NotFound
from accord.present.queries import Side, resolve_side
from accord.present.scope import Scope
from accord.present.timeline import build_timeline

UZB = Side(id="country:UZB", name="Uzbekistan", kind="country", members=["country:UZB", "p:uz"])
KGZ = Side(id="country:KGZ", name="Kyrgyzstan", kind="country", members=["country:KGZ", "p:kg"])


def test_scope_links_needs_one_actor_on_each_side():
    scope = Scope(sides=(UZB, KGZ))
    assert scope.links(["p:uz", "p:kg"])
    assert scope.links(["country:UZB", "p:kg", "p:other"])
    assert not scope.links(["p:uz", "country:UZB"])
    assert not scope.links(["p:kg", None])
    assert Scope().links([])


def test_scope_links_a_side_named_twice_needs_two_actors():
    alone = Side(id="p:uz", name="Uz", kind="person", members=["p:uz"])
    scope = Scope(sides=(alone, UZB))
    assert not scope.links(["p:uz"])
    assert scope.links(["p:uz", "country:UZB"])


def test_scope_window_compares_iso_prefixes():
    scope = Scope(date_from="2023", date_to="2023-06")
    assert scope.in_window("2023-01-26")
    assert scope.in_window("2023-06-30")
    assert not scope.in_window("2022-12-31")
    assert not scope.in_window("2023-07")
    assert not scope.in_window(None)
    assert Scope().in_window(None)


def test_resolve_side_country_takes_its_people(corpus_kb):
    side = resolve_side(corpus_kb, "Uzbekistan")
    assert side.id == "country:UZB"
    assert "person:shavkat-mirziyoyev" in side.members
    assert "person:sadyr-japarov" not in side.members
    person = resolve_side(corpus_kb, "person:sadyr-japarov")
    assert person.members == ["person:sadyr-japarov"]


def test_resolve_side_unknown_raises_not_found(corpus_kb):
    with pytest.raises(NotFound):
        resolve_side(corpus_kb, "Atlantis")


def test_timeline_dated_in_order_and_undated_apart(corpus_kb, corpus_record):
    timeline = build_timeline(corpus_kb)
    dates = [e.date for e in timeline.dated]
    assert dates and all(dates)
    assert dates == sorted(dates)
    assert all(e.date is None for e in timeline.undated)
    assert len(timeline.dated) + len(timeline.undated) == len(corpus_record.events)
    reported = [e.reported or "~" for e in timeline.undated]
    assert reported == sorted(reported)


def test_timeline_entries_carry_sources_and_counts(corpus_kb):
    timeline = build_timeline(corpus_kb)
    for entry in [*timeline.dated, *timeline.undated]:
        assert entry.sources, entry.id
        assert {s.document for s in entry.sources} == {e.document for e in entry.evidence}
        assert entry.source_count >= 1
    merged = max(timeline.dated, key=lambda e: e.source_count)
    assert merged.source_count >= 3  # the Tashkent state visit, reported by many outlets
    assert all(p in timeline.actors for p in merged.participants)


def test_timeline_between_keeps_events_with_both_sides(corpus_kb, corpus_record):
    timeline = build_timeline(corpus_kb, between=("Uzbekistan", "Kyrgyzstan"))
    uzb, kgz = (set(side.members) for side in timeline.between)
    kept = [*timeline.dated, *timeline.undated]
    assert kept
    for entry in kept:
        actors = {*entry.participants, entry.source_actor, entry.target_actor}
        assert actors & uzb and actors & kgz, entry.id
    dropped = {e.id for e in corpus_record.events} - {e.id for e in kept}
    assert dropped  # one-sided events (a ministry's note, completions) stay out
    for event in corpus_record.events:
        if event.id in dropped:
            actors = {*event.participants, event.source_actor, event.target_actor}
            assert not any(a != b for a in actors & uzb for b in actors & kgz), event.id


def test_timeline_between_person_counts_for_country(corpus_kb):
    by_country = build_timeline(corpus_kb, between=("Uzbekistan", "Kyrgyzstan"))
    presidents_only = [
        e
        for e in by_country.dated
        if set(e.participants) == {"person:sadyr-japarov", "person:shavkat-mirziyoyev"}
    ]
    assert presidents_only  # no country in the participants, both presidents count
    by_person = build_timeline(corpus_kb, between=("person:sadyr-japarov", "Uzbekistan"))
    assert {e.id for e in by_person.dated} <= {e.id for e in by_country.dated}
    assert all(
        "person:sadyr-japarov" in {*e.participants, e.source_actor, e.target_actor}
        for e in by_person.dated
    )


def test_timeline_window_and_type(corpus_kb):
    timeline = build_timeline(corpus_kb, date_from="2023", date_to="2023", type_="meeting")
    assert timeline.dated
    assert all(e.date.startswith("2023") and e.type == "meeting" for e in timeline.dated)
    # undated events are kept by the publication of the documents reporting them
    assert all(e.reported and e.reported.startswith("2023") for e in timeline.undated)
