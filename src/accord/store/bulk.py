"""Batched writes: many documents per transaction, one bad document never loses the others.

A commit per document costs a round trip and a WAL sync each; committing a
batch of documents at once is what makes large ingests write fast. The price
of batching is that one failing document aborts its batch's transaction, so
:func:`write_batch` then writes that batch again with one transaction per
document: the database's refusal of one document becomes that document's
failure only, exactly as if every document had had its own transaction.
On SQLite a batch takes the write lock when it starts (BEGIN IMMEDIATE), so
two ingests writing at once wait for each other instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from accord.store.kb import writes

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class WriteFailed:
    """The database refused one entry of a batch; ``reason`` says why."""

    reason: str


def write_batch(
    engine: Engine, entries: Sequence[T], write: Callable[[Connection, T], R]
) -> list[R | WriteFailed]:
    """``write(connection, entry)`` for every entry, all in one transaction if possible.

    Returns one result per entry, in order: what ``write`` returned, or
    :class:`WriteFailed` for an entry the database refused. An error that is
    not the database's (a bug in ``write``) rolls the batch back, writes the
    entries before the failing one again in their own transactions, and
    propagates: what was written before a crash stays written.
    """
    if not entries:
        return []
    done = 0
    try:
        results: list[R | WriteFailed] = []
        with writes(engine).begin() as connection:
            for entry in entries:
                results.append(write(connection, entry))
                done += 1
        return results
    except SQLAlchemyError:
        return [write_one(engine, entry, write) for entry in entries]
    except Exception:
        for entry in entries[:done]:
            write_one(engine, entry, write)
        raise


def write_one(engine: Engine, entry: T, write: Callable[[Connection, T], R]) -> R | WriteFailed:
    """``write`` one entry in its own transaction; the database's refusal becomes WriteFailed."""
    try:
        with writes(engine).begin() as connection:
            return write(connection, entry)
    except SQLAlchemyError as exc:
        return WriteFailed(f"cannot store: {getattr(exc, 'orig', None) or exc}")
