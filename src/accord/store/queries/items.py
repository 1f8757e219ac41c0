"""Record items (events, agreements, commitments, figures, quotes, conflicts): lists and counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, FromClause, func, or_, select
from sqlalchemy.engine import Connection

from accord.errors import NotFound
from accord.models import Conflict
from accord.store.evidence import APART, with_evidence
from accord.store.queries.common import (
    NO_FILTER,
    ItemFilter,
    M,
    Slice,
    chunks,
    json_array_contains,
    paged,
)
from accord.store.queries.pairs import between_slow, pairs_usable, record_pairs
from accord.store.schema import doc_items, record_evidence, record_items, record_links

# Text fields of each kind searched by the ``text`` filter (evidence sentences always are).
_TEXT_FIELDS = {
    "event": ("summary", "type", "location", "occasion", "mode"),
    "agreement": ("title", "kind"),
    "commitment": ("text", "reason"),
    "figure": ("indicator", "unit", "period"),
    "quote": ("text",),
    "conflict": ("field",),
}


@dataclass(frozen=True, slots=True)
class _Source:
    """Where a listing of items reads: record_items alone, or the pair index joined to it."""

    table: FromClause
    date: Any
    type: Any
    pk: Any
    conditions: list[ColumnElement[bool]]
    counted: FromClause  # what counting needs to join: the pair index alone when it can


def list_record(
    engine: Engine,
    kind: str,
    model: type[M],
    filters: ItemFilter = NO_FILTER,
    *,
    limit: int = 50,
    offset: int = 0,
    dated: bool | None = None,
    newest_first: bool = False,
) -> Slice[M]:
    """Items of one kind; ``dated`` True/False keeps only dated/undated ones."""
    direction = (lambda col: col.desc()) if newest_first else (lambda col: col.asc())
    with engine.connect() as connection:
        source = _source(connection, kind, filters)
        parts = []
        if dated is not False:
            order = [direction(source.date), direction(source.pk)]
            parts.append((source.date.is_not(None), order))
        if dated is not True:
            parts.append((source.date.is_(None), [direction(source.pk)]))
        rows, total = paged(
            connection,
            source.table,
            [record_items.c.data],
            source.conditions,
            parts,
            limit,
            offset,
            counted=source.counted,
        )
        found = with_evidence(connection, kind, [row["data"] for row in rows])
    return Slice([model(**data) for data in found], total)


def get_record_item(engine: Engine, kind: str, model: type[M], item_id: str) -> M:
    """One record item by id."""
    query = select(record_items.c.data).where(
        record_items.c.kind == kind, record_items.c.id == item_id
    )
    with engine.connect() as connection:
        data = connection.execute(query).scalar_one_or_none()
        if data is None:
            raise NotFound(f"no {kind} {item_id!r}")
        return model(**with_evidence(connection, kind, [data])[0])


def record_items_by_id(
    engine: Engine, kind: str, model: type[M], ids: Iterable[str]
) -> dict[str, M]:
    """Items of one kind by id; ids not in the record are left out."""
    out: dict[str, M] = {}
    with engine.connect() as connection:
        for chunk in chunks(ids):
            query = select(record_items.c.data).where(
                record_items.c.kind == kind, record_items.c.id.in_(chunk)
            )
            found = list(connection.execute(query).scalars())
            for data in with_evidence(connection, kind, found):
                out[data["id"]] = model(**data)
    return out


def event_counts(engine: Engine, filters: ItemFilter = NO_FILTER) -> list[tuple[str, str, int]]:
    """(date prefix YYYY or YYYY-MM, event type, count) of the dated events matching ``filters``."""
    with engine.connect() as connection:
        source = _source(connection, "event", filters, data=False)
        period = func.substr(source.date, 1, 7)
        query = (
            select(period, source.type, func.count())
            .select_from(source.table)
            .where(*source.conditions, source.date.is_not(None))
            .group_by(period, source.type)
        )
        return [(p, t or "other", n) for p, t, n in connection.execute(query)]


def status_counts(engine: Engine, filters: ItemFilter = NO_FILTER) -> dict[str, int]:
    """Number of commitments by status."""
    with engine.connect() as connection:
        source = _source(connection, "commitment", filters, data=False)
        query = (
            select(source.type, func.count())
            .select_from(source.table)
            .where(*source.conditions)
            .group_by(source.type)
        )
        return {status or "open": n for status, n in connection.execute(query)}


def conflicts_about(engine: Engine, item_id: str) -> list[Conflict]:
    """Conflicts whose subject is the item ``item_id``."""
    subject = record_items.c.data[("subject", "id")].as_string()
    query = (
        select(record_items.c.data)
        .where(record_items.c.kind == "conflict", subject == item_id)
        .order_by(record_items.c.pk)
    )
    with engine.connect() as connection:
        found = list(connection.execute(query).scalars())
        return [Conflict(**data) for data in with_evidence(connection, "conflict", found)]


def document_items(
    engine: Engine, document_ids: Iterable[str], kinds: Sequence[str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """(document id, kind, data) of the per-document items of ``kinds`` found in those documents."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    with engine.connect() as connection:
        for chunk in chunks(document_ids):
            query = (
                select(doc_items.c.document_id, doc_items.c.kind, doc_items.c.data)
                .where(doc_items.c.document_id.in_(chunk), doc_items.c.kind.in_(list(kinds)))
                .order_by(doc_items.c.pk)
            )
            out += [(r.document_id, r.kind, r.data) for r in connection.execute(query)]
    return out


def _source(connection: Connection, kind: str, f: ItemFilter, *, data: bool = True) -> _Source:
    """The table to read and the conditions; ``data`` False when only counting."""
    c = record_items.c
    dialect = connection.dialect.name
    if f.between and pairs_usable(connection):
        p = record_pairs.c
        first, second = sorted(f.between)
        # Pair, kind, date and type are in the pair index; the rest needs the item itself.
        item_conditions = bool(
            f.actor
            or f.text
            or (f.type and kind == "commitment")
            or (f.status and kind != "commitment")
        )
        joined = record_pairs.join(record_items, c.pk == p.item_pk)
        counted = joined if item_conditions else record_pairs
        table = joined if data else counted
        conditions = [p.first == first, p.second == second, p.kind == kind]
        conditions += _item_conditions(kind, f, dialect, p.date, p.type)
        return _Source(table, p.date, p.type, p.item_pk, conditions, counted)
    conditions = [c.kind == kind, *_item_conditions(kind, f, dialect, c.date, c.type)]
    if f.between:
        conditions.append(between_slow(kind, *f.between))
    return _Source(record_items, c.date, c.type, c.pk, conditions, record_items)


def _item_conditions(
    kind: str, f: ItemFilter, dialect: str, date: Any, label: Any
) -> list[ColumnElement[bool]]:
    """Every condition of ``f`` but the pair, on the given date and type columns."""
    c = record_items.c
    conditions: list[ColumnElement[bool]] = []
    if f.type:
        # For commitments the type column holds the status; their own kind is in the data.
        column = c.data["kind"].as_string() if kind == "commitment" else label
        conditions.append(column == f.type)
    if f.status:
        column = label if kind == "commitment" else c.data["status"].as_string()
        conditions.append(column == f.status)
    if f.date_from:
        conditions.append(date >= f.date_from)
    if f.date_to:
        conditions.append(date <= f.date_to + "~")  # '~' sorts after digits and '-'
    if f.actor:
        linked = select(record_links.c.item_id).where(record_links.c.actor_id == f.actor)
        conditions.append(c.id.in_(linked))
    if f.text:
        conditions.append(_text_matches(kind, f.text, dialect))
    return conditions


def _text_matches(kind: str, given: str, dialect: str) -> ColumnElement[bool]:
    fields = [
        record_items.c.data[name].as_string().icontains(given, autoescape=True)
        for name in _TEXT_FIELDS.get(kind, ())
    ]
    if kind in APART:  # its evidence is in rows of its own
        evidence = record_items.c.id.in_(
            select(record_evidence.c.item_id).where(
                record_evidence.c.data["text"].as_string().icontains(given, autoescape=True)
            )
        )
    else:
        evidence = json_array_contains("record_items.data", "evidence", "text", given, dialect)
    return or_(*fields, evidence)
