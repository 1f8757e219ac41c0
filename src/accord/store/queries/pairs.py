"""The pair index: which record items and documents involve which pair of countries.

``record_pairs`` holds one row per item and pair of countries among its
actors (events, agreements, commitments; people counted by their country) or
among the actors of one of its documents (figures, quotes, conflicts, which
name at most one actor). It is derived from record_items, record_links and
actors by :func:`refresh_pair_index`; triggers on those tables (migration
0003) mark it stale, and the next query refreshes it. When a refresh is not
possible (a writer holds the database, a read-only file), queries compute the
pair from the links instead: the same answer, more slowly.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    delete,
    false,
    insert,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from accord.store.schema import actors, documents, record_items, record_links

log = logging.getLogger(__name__)

# Derived tables (migration 0003): refreshed from the record, never edited by hand.
_derived = MetaData()
record_countries = Table(
    "record_countries", _derived,
    Column("item_id", String(200), nullable=False), Column("country", String(3), nullable=False),
)  # fmt: skip
document_countries = Table(
    "document_countries", _derived,
    Column("document_id", String(40), nullable=False), Column("country", String(3), nullable=False),
)  # fmt: skip
record_pairs = Table(
    "record_pairs", _derived,
    Column("first", String(3), nullable=False), Column("second", String(3), nullable=False),
    Column("kind", String(16), nullable=False), Column("date", String(10)),
    Column("type", String(40)), Column("item_pk", Integer, nullable=False),
    Column("item_id", String(200), nullable=False),
)  # fmt: skip
record_derived_state = Table(
    "record_derived_state", _derived,
    Column("name", String(40), primary_key=True),
    Column("refreshed_at", DateTime(timezone=True), nullable=False),
)  # fmt: skip
PAIR_INDEX = "pairs"
REFRESH_WAIT_MS = 500  # how long a reader waits for a writer before using the slow path

# Kinds whose pair-of-countries filter goes through their actors, and through documents.
PAIR_BY_ACTORS = frozenset({"event", "agreement", "commitment"})
PAIR_BY_DOCUMENTS = frozenset({"figure", "quote", "conflict"})


def pairs_usable(connection: Connection) -> bool:
    """Whether this connection's queries can use the pair index (refreshing it if stale)."""
    if _fresh(connection):
        return True
    connection.rollback()  # the refresh commits elsewhere: read it in a new snapshot
    return pair_index_ready(connection.engine)


def pair_index_ready(engine: Engine) -> bool:
    """True when the pair index reflects the record (refreshing it first if it is stale)."""
    try:
        with engine.connect() as connection:
            if _fresh(connection):
                return True
        return refresh_pair_index(engine, wait_ms=REFRESH_WAIT_MS)
    except SQLAlchemyError as exc:  # locked by a writer, read-only file...: use the slow path
        log.info("pair index not usable, computing pairs from links: %s", exc)
        return False


def refresh_pair_index(engine: Engine, *, wait_ms: int | None = None) -> bool:
    """Recompute the countries of every item and document and the pair of countries index.

    Runs in one write transaction; a concurrent refresh finds the work done.
    ``wait_ms`` bounds the wait for a writer (SQLite), else the usual busy timeout.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite and wait_ms is not None:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
            connection.commit()
        try:
            with connection.begin():
                _lock_state(connection, sqlite)
                if not _fresh(connection):
                    _rebuild_pairs(connection)
        finally:
            if sqlite and wait_ms is not None:
                from accord.store.kb import SQLITE_BUSY_TIMEOUT_MS

                connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
                connection.commit()
    return True


def _fresh(connection: Connection) -> bool:
    state = record_derived_state.c
    return (
        connection.execute(select(state.name).where(state.name == PAIR_INDEX)).first() is not None
    )


def _lock_state(connection: Connection, sqlite: bool) -> None:
    """Take the write lock first, so the freshness check and the refresh see the same record."""
    if sqlite:
        connection.execute(delete(record_derived_state).where(false()))
    else:
        connection.exec_driver_sql("LOCK TABLE record_derived_state IN EXCLUSIVE MODE")


_PAIR_SQL = (
    "INSERT INTO record_countries (item_id, country) "
    "SELECT DISTINCT l.item_id, a.country FROM record_links l JOIN actors a ON a.id = l.actor_id "
    "WHERE a.country IS NOT NULL",
    "INSERT INTO document_countries (document_id, country) "
    "SELECT DISTINCT l.document_id, a.country FROM record_links l "
    "JOIN actors a ON a.id = l.actor_id "
    "WHERE a.country IS NOT NULL AND l.document_id IS NOT NULL",
    # Events, agreements, commitments: a pair of the countries of their own actors.
    "INSERT INTO record_pairs (first, second, kind, date, type, item_pk, item_id) "
    "SELECT c1.country, c2.country, ri.kind, ri.date, ri.type, ri.pk, ri.id "
    "FROM record_items ri JOIN record_countries c1 ON c1.item_id = ri.id "
    "JOIN record_countries c2 ON c2.item_id = ri.id AND c1.country < c2.country "
    "WHERE ri.kind IN ('event', 'agreement', 'commitment')",
    # Figures, quotes, conflicts: a pair of countries involved in one of their documents.
    "INSERT INTO record_pairs (first, second, kind, date, type, item_pk, item_id) "
    "SELECT DISTINCT d1.country, d2.country, ri.kind, ri.date, ri.type, ri.pk, ri.id "
    "FROM record_items ri JOIN record_links l ON l.item_id = ri.id "
    "JOIN document_countries d1 ON d1.document_id = l.document_id "
    "JOIN document_countries d2 ON d2.document_id = l.document_id AND d1.country < d2.country "
    "WHERE ri.kind IN ('figure', 'quote', 'conflict')",
)


def _rebuild_pairs(connection: Connection) -> None:
    for table in (record_pairs, record_countries, document_countries):
        connection.execute(delete(table))
    for statement in _PAIR_SQL:
        connection.exec_driver_sql(statement)
    connection.execute(
        insert(record_derived_state).values(name=PAIR_INDEX, refreshed_at=datetime.now(UTC))
    )


def between_slow(kind: str, first: str, second: str) -> ColumnElement[bool]:
    """The pair condition computed from the links, for when the pair index is not usable."""
    c = record_items.c
    if kind in PAIR_BY_ACTORS:
        return and_(c.id.in_(_items_of_country(first)), c.id.in_(_items_of_country(second)))
    both = and_(
        record_links.c.document_id.in_(_documents_of_country(first)),
        record_links.c.document_id.in_(_documents_of_country(second)),
    )
    return c.id.in_(select(record_links.c.item_id).where(both))


def _country_actors(country: str) -> Select[Any]:
    return select(actors.c.id).where(actors.c.country == country)


def _items_of_country(country: str) -> Select[Any]:
    return select(record_links.c.item_id).where(
        record_links.c.actor_id.in_(_country_actors(country))
    )


def _documents_of_country(country: str) -> Select[Any]:
    return select(record_links.c.document_id).where(
        record_links.c.actor_id.in_(_country_actors(country)),
        record_links.c.document_id.is_not(None),
    )


def documents_between(connection: Connection, first: str, second: str) -> ColumnElement[bool]:
    """Documents involving an actor of each country (from the index when it is usable)."""
    d = documents.c
    if pairs_usable(connection):
        dc = document_countries.c
        other = document_countries.alias("other")
        both = (
            select(dc.document_id)
            .join(other, other.c.document_id == dc.document_id)
            .where(dc.country == first, other.c.country == second)
        )
        return d.id.in_(both)
    return and_(d.id.in_(_documents_of_country(first)), d.id.in_(_documents_of_country(second)))
