"""Evidence kept apart from its record item (``record_evidence``), put back when items are read.

Commitments are restated across whole archives; their evidence sentences are rows
of their own, so that fusing new documents appends rows instead of rewriting every
restatement (accord.fuse.record). Every reader of record items goes through
:func:`with_evidence`, so an item reads the same wherever its evidence is kept.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from accord.store.schema import record_evidence

# Kinds of record items whose evidence is in record_evidence.
APART = frozenset({"commitment"})
_CHUNK = 500


def with_evidence(
    connection: Connection, kind: str, items: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``items`` (record items of ``kind`` as stored) with their evidence in them, in the
    order fusion gives it (by document, then offset)."""
    if kind not in APART or not items:
        return items
    found: dict[str, list[tuple[str, int, dict]]] = defaultdict(list)
    ids = list(dict.fromkeys(item["id"] for item in items))
    for part in (ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)):
        query = select(
            record_evidence.c.item_id,
            record_evidence.c.document_id,
            record_evidence.c.start,
            record_evidence.c.data,
        ).where(record_evidence.c.item_id.in_(part))
        for item_id, document, start, data in connection.execute(query):
            found[item_id].append((document, start, data))
    for item in items:
        if item["id"] in found:
            item["evidence"] = [data for *_, data in sorted(found[item["id"]], key=_place)]
    return items


def _place(row: tuple[str, int, dict]) -> tuple[str, int]:
    return row[0], row[1]
