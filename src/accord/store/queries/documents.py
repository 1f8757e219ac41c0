"""Documents: the latest versions, filtered and paged, and documents by id."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, Engine, or_, select

from accord.models import Document
from accord.store.documents import to_document
from accord.store.queries.common import ALL_DOCUMENTS, DocumentFilter, Slice, chunks, paged
from accord.store.queries.pairs import documents_between
from accord.store.schema import documents, record_links


def list_document_page(
    engine: Engine, filters: DocumentFilter = ALL_DOCUMENTS, *, limit: int = 50, offset: int = 0
) -> Slice[Document]:
    """Latest versions of documents by publication day (undated last), without their text."""
    d = documents.c
    conditions: list[ColumnElement[bool]] = [d.superseded_by.is_(None)]
    if filters.outlet:
        conditions.append(d.outlet == filters.outlet)
    if filters.date_from:
        conditions.append(d.published_day >= filters.date_from)
    if filters.date_to:
        conditions.append(d.published_day <= filters.date_to + "~")
    if filters.text:
        conditions.append(
            or_(
                d.title.icontains(filters.text, autoescape=True),
                d.text.icontains(filters.text, autoescape=True),
            )
        )
    if filters.actor:
        linked = select(record_links.c.document_id).where(record_links.c.actor_id == filters.actor)
        conditions.append(d.id.in_(linked))
    parts = [
        (d.published_day.is_not(None), [d.published_day, d.pk]),
        (d.published_day.is_(None), [d.pk]),
    ]
    columns = [col for col in documents.c if col.name not in ("raw", "text", "removed")]
    with engine.connect() as connection:
        if filters.between:
            conditions.append(documents_between(connection, *filters.between))
        rows, total = paged(connection, documents, columns, conditions, parts, limit, offset)
    return Slice([to_document(row, with_text=False) for row in rows], total)


def documents_by_id(engine: Engine, ids: Iterable[str], *, with_text: bool) -> dict[str, Document]:
    """Documents by exact id; ids not stored are left out."""
    out: dict[str, Document] = {}
    skipped = () if with_text else ("raw", "text", "removed")
    columns = [col for col in documents.c if col.name not in skipped]
    with engine.connect() as connection:
        for chunk in chunks(ids):
            rows = connection.execute(select(*columns).where(documents.c.id.in_(chunk)))
            for row in rows.mappings():
                out[row["id"]] = to_document(row, with_text=with_text)
    return out
