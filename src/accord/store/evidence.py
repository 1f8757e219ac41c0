"""Evidence kept apart from its record item (``record_evidence``), put back when items are read.

Commitments and figures are restated across whole archives; their evidence
sentences are rows of their own, so that fusing new documents appends rows
instead of rewriting every restatement (accord.fuse.record). A conflict over a
figure's value names the figure each value is, and its evidence is that
figure's. Every reader of record items goes through :func:`with_evidence`, so an
item reads the same wherever its evidence is kept.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from accord.store.schema import record_evidence

# Kinds of record items whose evidence is in record_evidence.
APART = frozenset({"commitment", "figure"})
_CHUNK = 500


def with_evidence(
    connection: Connection, kind: str, items: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``items`` (record items of ``kind`` as stored) with their evidence in them, in the
    order fusion gives it (by document, then offset)."""
    if kind in APART:
        found = _evidence(connection, [item["id"] for item in items])
        for item in items:
            if item["id"] in found:
                item["evidence"] = found[item["id"]]
    elif kind == "conflict":
        values = [
            value
            for item in items
            for value in item.get("values", ())
            if value.get("figure") and not value.get("evidence")
        ]
        found = _evidence(connection, [value["figure"] for value in values])
        for value in values:
            value["evidence"] = list(found.get(value["figure"], ()))
    return items


def _evidence(connection: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[tuple[str, int, dict]]] = defaultdict(list)
    ids = list(dict.fromkeys(ids))
    for part in (ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)):
        query = select(
            record_evidence.c.item_id,
            record_evidence.c.document_id,
            record_evidence.c.start,
            record_evidence.c.data,
        ).where(record_evidence.c.item_id.in_(part))
        for item_id, document, start, data in connection.execute(query):
            rows[item_id].append((document, start, data))
    return {
        item_id: [data for *_, data in sorted(found, key=lambda row: (row[0], row[1]))]
        for item_id, found in rows.items()
    }
