"""Shared pieces of the read queries: filters, a page of results, paging, id chunks, JSON LIKE."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, FromClause, bindparam, false, func, select, text
from sqlalchemy.engine import Connection

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """What a listing of record items is restricted to; None means no restriction."""

    actor: str | None = None
    between: tuple[str, str] | None = None
    type: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """What a listing of documents is restricted to (latest versions only)."""

    actor: str | None = None
    between: tuple[str, str] | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Slice(Generic[T]):
    """One page of a listing and the number of items the whole listing has."""

    items: list[T]
    total: int


NO_FILTER = ItemFilter()
ALL_DOCUMENTS = DocumentFilter()


def json_array_contains(
    column: str, array: str, key: str | None, given: str, dialect: str
) -> ColumnElement[bool]:
    """EXISTS an element of the JSON array ``column[array]`` (its ``key``) containing ``given``.

    ``column``, ``array`` and ``key`` are constants of this module, never user input;
    ``given`` is bound as a parameter.
    """
    name = f"pattern_{array}"
    if dialect == "sqlite":
        value = f"json_extract(el.value, '$.{key}')" if key else "el.value"
        sql = (
            f"EXISTS (SELECT 1 FROM json_each({column}, '$.{array}') AS el "
            f"WHERE {value} LIKE :{name} ESCAPE '\\')"
        )
    elif dialect == "postgresql":
        elements = "jsonb_array_elements" if key else "jsonb_array_elements_text"
        value = f"el.value ->> '{key}'" if key else "el.value"
        sql = (
            f"EXISTS (SELECT 1 FROM {elements}({column} -> '{array}') AS el(value) "
            f"WHERE {value} ILIKE :{name} ESCAPE '\\')"
        )
    else:
        return false()
    return text(sql).bindparams(bindparam(name, like_pattern(given)))  # type: ignore[return-value]


def like_pattern(given: str) -> str:
    escaped = given.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- shared ------------------------------------------------------------------------------------


def paged(
    connection: Connection,
    table: FromClause,
    columns: list[Any],
    conditions: list[ColumnElement[bool]],
    parts: list[tuple[ColumnElement[bool] | None, list[Any]]],
    limit: int,
    offset: int,
    counted: FromClause | None = None,
) -> tuple[list[Any], int]:
    """One page over consecutive parts of a listing, each with its own condition and order.

    ``counted`` is a cheaper FROM for counting, when the conditions need less than ``table``.
    """
    rows: list[Any] = []
    total = 0
    for condition, order in parts:
        where = [*conditions, *([condition] if condition is not None else [])]
        count = connection.execute(
            select(func.count())
            .select_from(counted if counted is not None else table)
            .where(*where)
        ).scalar_one()
        start = max(0, offset - total)
        total += count
        wanted = limit - len(rows)
        if wanted <= 0 or start >= count:
            continue
        query = (
            select(*columns)
            .select_from(table)
            .where(*where)
            .order_by(*order)
            .offset(start)
            .limit(wanted)
        )
        rows += list(connection.execute(query).mappings())
    return rows, total


def chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    chunk: list[str] = []
    for item in dict.fromkeys(ids):
        chunk.append(item)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
