"""Read queries behind the API (accord.store.queries): pair index, paging, hostile filters."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import delete, select, text

from accord.errors import NotFound
from accord.fuse.record import rebuild_record
from accord.ingest.pipeline import ingest
from accord.models import Commitment, Event, Figure
from accord.store import queries as q
from accord.store.kb import open_kb
from accord.store.queries import pairs
from accord.store.schema import record_items
from tests.web.conftest import settings_for

PAIR = ("UZB", "KGZ")
INJECTIONS = [
    "'; DROP TABLE record_items; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "') UNION SELECT data FROM actors --",
    "*",
    "NEAR(",
    "Садыр' --",
]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def engine(request: pytest.FixtureRequest):
    fixture = "corpus_db" if request.param == "sqlite" else "pg_corpus_db"
    kb = open_kb(request.getfixturevalue(fixture), create=False)
    yield kb
    kb.dispose()


def _stale(engine) -> None:
    with engine.begin() as connection:
        connection.execute(delete(pairs.record_derived_state))


def test_pair_index_gives_the_same_items_as_the_links(engine):
    for kind, model in (("event", Event), ("commitment", Commitment), ("figure", Figure)):
        fast = q.list_record(engine, kind, model, q.ItemFilter(between=PAIR), limit=500)
        slow_condition = pairs.between_slow(kind, *PAIR)
        with engine.connect() as connection:
            slow = connection.execute(
                select(record_items.c.id).where(record_items.c.kind == kind, slow_condition)
            ).scalars()
            assert {i.id for i in fast.items} == set(slow), kind
        assert fast.total == len(fast.items) > 0


def test_pair_is_unordered(engine):
    one = q.list_record(engine, "event", Event, q.ItemFilter(between=("UZB", "KGZ")), limit=500)
    other = q.list_record(engine, "event", Event, q.ItemFilter(between=("KGZ", "UZB")), limit=500)
    assert [e.id for e in one.items] == [e.id for e in other.items]


def test_stale_pair_index_is_refreshed_by_the_next_query(engine):
    before = q.event_counts(engine, q.ItemFilter(between=PAIR))
    _stale(engine)
    with engine.connect() as connection:
        assert not pairs._fresh(connection)
    assert q.event_counts(engine, q.ItemFilter(between=PAIR)) == before
    with engine.connect() as connection:
        assert pairs._fresh(connection)


def test_record_changes_mark_the_pair_index_stale(db_url: str, tmp_path, analyzer):
    """On both backends: the triggers of migration 0003 see every rebuild of the record."""
    (tmp_path / "talks.txt").write_text(
        "Talks in Tashkent\n\n3 March 2022 10:00\n\nTASHKENT — President Shavkat Mirziyoyev "
        "held talks with President Sadyr Japarov in Tashkent on Thursday.\n",
        encoding="utf-8",
    )
    engine = open_kb(db_url)
    ingest([str(tmp_path / "talks.txt")], engine, settings_for(db_url), analyzer=analyzer)
    assert q.pair_index_ready(engine)
    before = q.list_record(engine, "event", Event, q.ItemFilter(between=PAIR)).total
    assert before >= 1
    rebuild_record(engine, analyzer.reference)  # what every ingest and merge ends with
    with engine.connect() as connection:
        assert not pairs._fresh(connection)
    assert q.list_record(engine, "event", Event, q.ItemFilter(between=PAIR)).total == before
    with engine.connect() as connection:
        assert pairs._fresh(connection)
    engine.dispose()


def test_slow_path_when_the_pair_index_cannot_be_refreshed(writable_db: str):
    engine = open_kb(writable_db, create=False)
    expected = q.list_record(engine, "event", Event, q.ItemFilter(between=PAIR), limit=500)
    _stale(engine)
    locker = sqlite3.connect(writable_db)
    locker.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        assert not q.pair_index_ready(engine)
        found = q.list_record(engine, "event", Event, q.ItemFilter(between=PAIR), limit=500)
    finally:
        locker.rollback()
        locker.close()
    assert [e.id for e in found.items] == [e.id for e in expected.items]
    engine.dispose()


def test_pages_follow_one_stable_order(engine):
    whole = q.list_record(engine, "event", Event, limit=1000).items
    pieces = []
    for offset in range(0, len(whole) + 5, 5):
        pieces += q.list_record(engine, "event", Event, limit=5, offset=offset).items
    assert [e.id for e in pieces] == [e.id for e in whole]
    newest = q.list_record(engine, "event", Event, dated=True, newest_first=True, limit=1000).items
    assert [e.date for e in newest] == sorted((e.date for e in whole if e.date), reverse=True)


def test_event_counts_add_up_to_the_dated_events(engine):
    counts = q.event_counts(engine, q.ItemFilter(between=PAIR))
    dated = q.list_record(engine, "event", Event, q.ItemFilter(between=PAIR), dated=True, limit=1)
    assert sum(n for _, _, n in counts) == dated.total
    assert all(len(period) in (4, 7) for period, _, _ in counts)


def test_status_counts_match_listings(engine):
    counts = q.status_counts(engine, q.ItemFilter(between=PAIR))
    for status, n in counts.items():
        listed = q.list_record(
            engine, "commitment", Commitment, q.ItemFilter(between=PAIR, status=status)
        )
        assert listed.total == n


@pytest.mark.parametrize("hostile", INJECTIONS)
def test_hostile_filter_values_are_only_data(engine, hostile: str):
    before = _row_counts(engine)
    for filters in (q.ItemFilter(text=hostile), q.ItemFilter(type=hostile), q.ItemFilter(actor=hostile),
                    q.ItemFilter(date_from=hostile)):  # fmt: skip
        q.list_record(engine, "event", Event, filters)
    q.list_actor_page(engine, text=hostile)
    q.list_document_page(engine, q.DocumentFilter(text=hostile, outlet=hostile))
    assert _row_counts(engine) == before


def test_like_wildcards_in_text_are_literal(engine):
    assert q.list_record(engine, "event", Event, q.ItemFilter(text="Navruz")).total > 0
    for pattern in ("Navr_z", "Nav%z", "%"):
        assert q.list_record(engine, "event", Event, q.ItemFilter(text=pattern)).total == 0
    assert q.list_actor_page(engine, text="Japar_v").total == 0


def test_resolve_country_by_code_id_or_name(engine):
    assert q.resolve_country(engine, "kgz") == "KGZ"
    assert q.resolve_country(engine, "country:UZB") == "UZB"
    assert q.resolve_country(engine, "Kyrgyzstan") == "KGZ"
    with pytest.raises(NotFound):
        q.resolve_country(engine, "Atlantis")


def test_top_countries_are_the_most_mentioned(engine):
    assert [c.country for c in q.top_countries(engine)] == ["UZB", "KGZ"]


def _row_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("documents", "actors", "record_items", "record_links")
        }
