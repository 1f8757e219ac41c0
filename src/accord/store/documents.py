"""Documents and rejected inputs: write once by content hash, keep versions, list, fetch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from accord.errors import NotFound
from accord.models import Document, RemovedLine
from accord.store.kb import writes
from accord.store.schema import documents, rejections

Status = Literal["new", "version", "unchanged"]


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing one document did."""

    status: Status
    id: str
    previous: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A rejected input as recorded in the knowledge base."""

    source: str
    reason: str
    rejected_at: datetime


def store_document(connection: Connection, doc: Document, *, raw: str, source_key: str) -> Stored:
    """Insert ``doc`` unless its content is already stored; link it to an earlier version.

    Runs inside the caller's transaction so a document and its analysis are
    committed together or not at all.
    """
    existing = connection.execute(
        select(documents.c.id, documents.c.source_key, documents.c.superseded_by).where(
            documents.c.content_hash == doc.content_hash
        )
    ).one_or_none()
    latest = _latest_version(connection, source_key)
    if existing is not None:
        if existing.superseded_by is None or existing.source_key != source_key or latest is None:
            return Stored("unchanged", existing.id)
        # The source went back to content stored before (an edit undone): that version is
        # current again, so listings and search show what the source says now.
        _supersede(connection, latest, existing.id)
        connection.execute(
            update(documents).where(documents.c.id == existing.id).values(superseded_by=None)
        )
        return Stored("version", existing.id, latest)
    row = _row(doc.model_copy(update={"version_of": latest}), raw=raw, source_key=source_key)
    if not _insert_once(connection, row):
        # Another process stored the same content between our check and insert.
        return Stored("unchanged", doc.id)
    if latest is None:
        return Stored("new", doc.id)
    _supersede(connection, latest, doc.id)
    return Stored("version", doc.id, latest)


def _latest_version(connection: Connection, source_key: str) -> str | None:
    return connection.execute(
        select(documents.c.id)
        .where(and_(documents.c.source_key == source_key, documents.c.superseded_by.is_(None)))
        .order_by(documents.c.pk.desc())
        .limit(1)
    ).scalar_one_or_none()


def _supersede(connection: Connection, old: str, new: str) -> None:
    connection.execute(update(documents).where(documents.c.id == old).values(superseded_by=new))


def _insert_once(connection: Connection, row: dict[str, Any]) -> bool:
    """Insert ``row`` unless its content hash is taken; True if it was inserted.

    ON CONFLICT DO NOTHING rather than catching IntegrityError in a savepoint: pysqlite
    opens no transaction before a SAVEPOINT, so releasing it would commit the document
    even when the caller's transaction later rolls back.
    """
    dialect = connection.dialect.name
    if dialect == "sqlite":
        statement = sqlite_insert(documents).values(**row).on_conflict_do_nothing()
    elif dialect == "postgresql":
        statement = postgresql_insert(documents).values(**row).on_conflict_do_nothing()
    else:
        try:
            with connection.begin_nested():
                connection.execute(insert(documents).values(**row))
        except IntegrityError:
            return False
        return True
    inserted = connection.execute(statement.returning(documents.c.pk)).scalar_one_or_none()
    return inserted is not None


def record_rejection(engine: Engine, source: str, reason: str) -> None:
    """Keep a rejected input and its reason (its own transaction)."""
    with writes(engine).begin() as connection:
        connection.execute(
            insert(rejections).values(source=source, reason=reason, rejected_at=datetime.now(UTC))
        )


def list_documents(
    engine: Engine,
    *,
    latest_only: bool = True,
    limit: int | None = None,
    offset: int = 0,
    with_text: bool = False,
) -> list[Document]:
    """Documents ordered by publication day (undated last), then ingestion order."""
    query = select(documents)
    if latest_only:
        query = query.where(documents.c.superseded_by.is_(None))
    query = query.order_by(
        documents.c.published_day.is_(None), documents.c.published_day, documents.c.pk
    ).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [
            to_document(row, with_text=with_text) for row in connection.execute(query).mappings()
        ]


def get_document(engine: Engine, doc_id: str) -> Document:
    """One document by id (or a unique id prefix), with its text."""
    with engine.connect() as connection:
        rows = (
            connection.execute(
                select(documents).where(documents.c.id.startswith(doc_id, autoescape=True)).limit(2)
            )
            .mappings()
            .all()
        )
    if len(rows) != 1:
        raise NotFound(f"no document {doc_id!r}" if not rows else f"{doc_id!r} is ambiguous")
    return to_document(rows[0], with_text=True)


def count_documents(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(documents)).scalar_one()


def list_rejections(engine: Engine, limit: int | None = None) -> list[Rejection]:
    """Rejected inputs, newest first."""
    query = select(rejections).order_by(rejections.c.pk.desc())
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [Rejection(r.source, r.reason, r.rejected_at) for r in connection.execute(query)]


def _row(doc: Document, *, raw: str, source_key: str) -> dict[str, Any]:
    published = doc.published
    return {
        "id": doc.id,
        "source": doc.source,
        "source_key": source_key,
        "url": doc.url,
        "format": doc.format,
        "title": doc.title,
        "published": published,
        "published_day": published[:10] if published and len(published) >= 10 else None,
        "outlet": doc.outlet,
        "authors": doc.authors,
        "dateline": doc.dateline,
        "attributed_to": doc.attributed_to,
        "language": doc.language,
        "content_hash": doc.content_hash,
        "version_of": doc.version_of,
        "raw": raw,
        "text": doc.text or "",
        "removed": [r.model_dump() for r in doc.removed],
        "word_count": doc.word_count or 0,
        "ingested_at": datetime.now(UTC),
    }


def to_document(row: Any, *, with_text: bool) -> Document:
    """A ``documents`` row as its typed model (text and removed lines only when asked)."""
    return Document(
        id=row["id"],
        source=row["source"],
        title=row["title"],
        published=row["published"],
        outlet=row["outlet"],
        authors=row["authors"] or [],
        dateline=row["dateline"],
        attributed_to=row["attributed_to"] or [],
        language=row["language"],
        url=row["url"],
        format=row["format"],
        content_hash=row["content_hash"],
        version_of=row["version_of"],
        word_count=row["word_count"],
        text=row["text"] if with_text else None,
        removed=[RemovedLine(**r) for r in row["removed"] or []] if with_text else [],
    )
