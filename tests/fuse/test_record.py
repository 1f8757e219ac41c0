"""The record built from many documents: actors grouped, the user's merges kept."""

from __future__ import annotations

import pytest

from accord.errors import AccordError, NotFound
from accord.fuse.record import merge_actors, rebuild_record, split_actor
from accord.ingest.pipeline import ingest
from accord.models import Commitment, Conflict, Figure, Quote
from accord.settings import Settings
from accord.store.kb import open_kb
from accord.store.record import list_actors, list_items

FIRST = (
    "27 January 2023 10:30\n\nBISHKEK — President Sadyr Japarov met Uzbekistan's "
    "Ambassador Rustam Khalilov in Bishkek on Thursday. Trade reached $1.2 billion last "
    "year, Japarov said.\n"
)
SECOND = (
    "3 February 2023 09:00\n\nOSH — Khalilov opened a school named after Chingiz Aitmatov "
    "in Osh. “We are brothers,” Khalilov said. President Zhaparov sent greetings.\n"
)


@pytest.fixture
def kb(db_url, tmp_path, analyzer):
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        (tmp_path / name).write_text(f"Headline of {name}\n\n{text}", encoding="utf-8")
    engine = open_kb(db_url)
    ingest([str(tmp_path)], engine, Settings.resolve({"db": db_url}, environ={}), analyzer=analyzer)
    return engine


def test_one_actor_per_person_across_documents(kb):
    japarov = [a for a in list_actors(kb, kind="person") if a.id == "person:sadyr-japarov"]
    assert len(japarov) == 1
    assert {"Sadyr Japarov", "Zhaparov"} <= set(japarov[0].aliases)
    assert japarov[0].mentions >= 3
    assert any(r.title == "President" and r.country == "KGZ" and r.start for r in japarov[0].roles)


def test_facility_named_after_poet_is_not_a_person(kb):
    names = {a.name for a in list_actors(kb, kind="person")}
    assert "Chingiz Aitmatov" not in names
    assert any(a.kind == "facility" for a in list_actors(kb, name="Aitmatov"))


def test_merge_decision_survives_rebuild(kb, analyzer):
    ids = {a.id for a in list_actors(kb, kind="person")}
    assert {"person:rustam-khalilov", "person:khalilov"} <= ids
    merge_actors(kb, "person:rustam-khalilov", "person:khalilov", analyzer.reference)
    rebuild_record(kb, analyzer.reference)
    people = {a.id: a for a in list_actors(kb, kind="person")}
    assert "person:khalilov" not in people
    assert "Khalilov" in people["person:rustam-khalilov"].aliases
    quotes = list_items(kb, "quote", Quote, actor="person:rustam-khalilov")
    assert [q.speaker for q in quotes] == ["person:rustam-khalilov"]
    assert quotes[0].text.startswith("We are brothers")


def test_merge_refuses_unknown_and_self(kb, analyzer):
    with pytest.raises(NotFound):
        merge_actors(kb, "person:sadyr-japarov", "person:nobody", analyzer.reference)
    with pytest.raises(AccordError):
        merge_actors(kb, "person:sadyr-japarov", "person:sadyr-japarov", analyzer.reference)


def test_figures_keep_who_stated_them(kb):
    [figure] = [f for f in list_items(kb, "figure", Figure) if f.unit == "USD"]
    assert (figure.value, figure.period, figure.stated_by) == (
        1.2e9,
        "2022",
        "person:sadyr-japarov",
    )


def test_split_by_alias_survives_rebuild_and_can_be_merged_elsewhere(kb, analyzer):
    new_id = split_actor(kb, "person:sadyr-japarov", analyzer.reference, alias="Zhaparov")
    assert new_id == "person:sadyr-japarov~zhaparov"
    rebuild_record(kb, analyzer.reference)
    people = {a.id: a for a in list_actors(kb, kind="person")}
    assert people[new_id].name == "Zhaparov"
    assert "Zhaparov" not in people["person:sadyr-japarov"].aliases
    merge_actors(kb, "person:sadyr-japarov", new_id, analyzer.reference)
    people = {a.id: a for a in list_actors(kb, kind="person")}
    assert new_id not in people and "Zhaparov" in people["person:sadyr-japarov"].aliases


def test_split_needs_something_to_split(kb, analyzer):
    with pytest.raises(AccordError):
        split_actor(kb, "person:sadyr-japarov", analyzer.reference, alias="Nobody")
    with pytest.raises(AccordError):
        split_actor(kb, "person:sadyr-japarov", analyzer.reference)


GOAL = (
    "12 May 2023 11:00\n\nASTANA — Presidents Kassym-Jomart Tokayev and Shavkat Mirziyoyev "
    "agreed to bring trade turnover between Kazakhstan and Uzbekistan to {goal} by 2024.\n"
)
REACHED = (
    "3 February 2025 09:15\n\nTASHKENT — Trade turnover between Kazakhstan and Uzbekistan "
    "reached $2.3 billion in 2024, the statistics agency said.\n"
)


def _two_reports(tmp_path, db_url, analyzer, goal: str):
    for name, text in (("goal.txt", GOAL.format(goal=goal)), ("reached.txt", REACHED)):
        (tmp_path / name).write_text(f"Headline of {name}\n\n{text}", encoding="utf-8")
    engine = open_kb(db_url)
    ingest([str(tmp_path)], engine, Settings.resolve({"db": db_url}, environ={}), analyzer=analyzer)
    return engine


def test_a_goal_is_not_the_value_reached_in_its_year(db_url, tmp_path, analyzer):
    """'$2 billion by 2024' and '$2.3 billion in 2024' agree once rounded, but one is the
    goal and the other what was reached: two figures, and the goal is met."""
    kb = _two_reports(tmp_path, db_url, analyzer, "$2 billion")
    figures = {f.value: f for f in list_items(kb, "figure", Figure) if f.unit == "USD"}
    assert {v: f.target for v, f in figures.items()} == {2e9: True, 2.3e9: False}
    [goal] = list_items(kb, "commitment", Commitment)
    assert (goal.kind, goal.status) == ("target", "fulfilled")


def test_a_goal_missed_is_overdue_not_a_conflict_with_what_was_reached(db_url, tmp_path, analyzer):
    kb = _two_reports(tmp_path, db_url, analyzer, "$5 billion")
    [goal] = list_items(kb, "commitment", Commitment)
    assert (goal.kind, goal.status) == ("target", "overdue")
    assert list_items(kb, "conflict", Conflict) == []
