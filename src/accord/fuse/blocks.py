"""Blocks: the sets of items that fusion compares with each other, and nothing outside.

Two reports can only become one item when they share a block, so fusing each
block on its own gives the same record as fusing everything at once. That is
what makes incremental updates exact: new documents only touch their blocks.
- events: the type and the year (of the event's date; of the document's
  publication for an undated report, which can only join events of that year);
- figures: indicator, unit, period and kind of change;
- agreements and commitments: their kind;
- quotes: each quote alone (quotes are not merged).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def block_of(kind: str, item: Any, document: str | None, published: dict[str, str | None]) -> str:
    """The block key of one item, found in ``document`` (used for undated events)."""
    if kind == "event":
        year = (item.date or published.get(document or "") or "")[:4] or "undated"
        return f"event|{item.type}|{year}"
    if kind == "figure":
        return f"figure|{item.indicator}|{item.unit}|{item.period}|{item.change}"
    if kind in ("agreement", "commitment"):
        return f"{kind}|{item.kind}"
    return f"{kind}|{item.id}"


def group_blocks(
    kind: str, items: list[tuple[Any, str]], published: dict[str, str | None]
) -> dict[str, list[tuple[Any, str]]]:
    """(item, document) pairs grouped by block key."""
    blocks: dict[str, list[tuple[Any, str]]] = defaultdict(list)
    for item, document in items:
        blocks[block_of(kind, item, document, published)].append((item, document))
    return dict(blocks)
