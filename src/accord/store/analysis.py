"""Per-document analysis in the knowledge base: replace as a whole, read back by kind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, null, select, update

from accord.analyze.types import DocumentAnalysis, Mention
from accord.store.schema import actors, analyses, doc_items, fusion_states, mentions

# DocumentAnalysis field -> doc_items.kind
ITEM_KINDS = {
    "actors": "actor", "times": "time", "figures": "figure", "quotes": "quote", "events": "event",
    "agreements": "agreement", "commitments": "commitment", "completions": "completion",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AnalysisRows:
    """One document's analysis as table rows, ready to insert.

    Built where the document is analysed (a worker process or a Dask task) so
    the process that writes only inserts plain rows: ``analysis`` is the
    ``analyses`` row without its timestamp, ``items`` hold JSON-ready data.
    """

    document_id: str
    analysis: dict[str, Any]
    mentions: list[dict[str, Any]]
    items: list[dict[str, Any]]


def save_analysis(connection: Connection, analysis: DocumentAnalysis, version: int) -> None:
    """Replace the stored analysis of one document (inside the caller's transaction)."""
    save_analysis_rows(connection, analysis_rows(analysis, version))


def analysis_rows(analysis: DocumentAnalysis, version: int) -> AnalysisRows:
    """The rows :func:`save_analysis_rows` stores for ``analysis``."""
    doc_id = analysis.document
    mention_rows = [
        {
            "document_id": doc_id,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "sentence": m.sentence,
            "kind": m.kind,
            "actor_id": m.actor,
            "how": m.how,
            "role": m.role,
        }
        for m in analysis.mentions
    ]
    items = [
        {
            "document_id": doc_id,
            "kind": kind,
            "item_id": _item_id(item, n),
            "data": item.model_dump(mode="json"),
        }
        for field, kind in ITEM_KINDS.items()
        for n, item in enumerate(getattr(analysis, field))
    ]
    row = {
        "document_id": doc_id,
        "analysis_version": version,
        "language": analysis.language,
        "degraded": int(analysis.degraded),
    }
    return AnalysisRows(doc_id, row, mention_rows, items)


def save_analysis_rows(connection: Connection, rows: AnalysisRows, *, new: bool = False) -> None:
    """Replace the stored analysis of ``rows.document_id`` with ``rows`` (caller's transaction).

    ``new``: the document was inserted in this transaction, so it has nothing to replace.
    """
    if not new:
        _clear_actor_tallies(connection, rows.document_id)
        _drop_fusion_states(connection, rows.document_id)
        for table in (mentions, doc_items, analyses):
            connection.execute(delete(table).where(table.c.document_id == rows.document_id))
    connection.execute(insert(analyses).values(**rows.analysis, analyzed_at=datetime.now(UTC)))
    if rows.mentions:
        connection.execute(insert(mentions), rows.mentions)
    if rows.items:
        connection.execute(insert(doc_items), rows.items)


def _clear_actor_tallies(connection: Connection, document_id: str) -> None:
    """Before a counted analysis is replaced: its reports are in the actors' tallies
    (accord.fuse.record) and cannot be taken out one by one, so every tally is cleared
    and the next fusion counts all reports again."""
    counted = connection.execute(
        select(doc_items.c.pk)
        .where(
            doc_items.c.document_id == document_id,
            doc_items.c.kind == "actor",
            doc_items.c.block.is_not(None),
        )
        .limit(1)
    ).first()
    if counted is not None:
        connection.execute(update(actors).where(actors.c.tally.is_not(None)).values(tally=null()))


def _drop_fusion_states(connection: Connection, document_id: str) -> None:
    """Before an analysis is replaced: the summaries of the blocks its items were fused in
    hold them (accord.fuse.record); those blocks are fused whole next time."""
    blocks = select(doc_items.c.block).where(
        doc_items.c.document_id == document_id, doc_items.c.block.is_not(None)
    )
    connection.execute(delete(fusion_states).where(fusion_states.c.block.in_(blocks)))


def analysis_versions(engine: Engine, doc_ids: Iterable[str]) -> dict[str, int]:
    """Stored analysis version of each of ``doc_ids`` that has one."""
    ids = list(doc_ids)
    if not ids:
        return {}
    with engine.connect() as connection:
        rows = connection.execute(
            select(analyses.c.document_id, analyses.c.analysis_version).where(
                analyses.c.document_id.in_(ids)
            )
        )
        return {r.document_id: r.analysis_version for r in rows}


def load_items(
    engine: Engine, kind: str, document_ids: Iterable[str] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(document id, item data) of every stored item of ``kind``, in document order."""
    query = select(doc_items.c.document_id, doc_items.c.data).where(doc_items.c.kind == kind)
    if document_ids is not None:
        query = query.where(doc_items.c.document_id.in_(list(document_ids)))
    with engine.connect() as connection:
        return [(r.document_id, r.data) for r in connection.execute(query.order_by(doc_items.c.pk))]


def document_mentions(engine: Engine, doc_id: str) -> list[Mention]:
    """Actor mentions of one document in text order."""
    query = select(mentions).where(mentions.c.document_id == doc_id).order_by(mentions.c.start)
    with engine.connect() as connection:
        return [
            Mention(
                start=r.start,
                end=r.end,
                text=r.text,
                sentence=r.sentence,
                kind=r.kind,
                actor=r.actor_id,
                how=r.how,
                role=r.role,
            )
            for r in connection.execute(query)
        ]


def _item_id(item: Any, n: int) -> str:
    return str(getattr(item, "id", None) or getattr(item, "start", n))
