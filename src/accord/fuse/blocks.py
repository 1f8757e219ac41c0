"""Blocks: the sets of items that fusion compares with each other, and nothing outside.

Two reports can only become one item when they share a block, so fusing each
block on its own gives the same record as fusing everything at once. That is
what makes incremental updates exact: new documents only touch their blocks.
- events: the type and the year (of the event's date; of the document's
  publication for an undated report, which can only join events of that year);
- figures: indicator, unit, period, kind of change, the countries they are about, and
  whether they are a target's;
- agreements and commitments: their kind;
- quotes: each quote alone (quotes are not merged).
"""

from __future__ import annotations

import hashlib
from typing import Any

_STORED = 200  # length of the block columns


def block_of(kind: str, item: Any, document: str | None, published: dict[str, str | None]) -> str:
    """The block key of one item, found in ``document`` (used for undated events); keys
    longer than the database column are shortened to a prefix and a hash."""
    key = _key(kind, item, document, published)
    if len(key) <= _STORED:
        return key
    return f"{key[:150]}#{hashlib.sha1(key.encode()).hexdigest()}"


def _key(kind: str, item: Any, document: str | None, published: dict[str, str | None]) -> str:
    if kind == "event":
        year = (item.date or published.get(document or "") or "")[:4] or "undated"
        return f"event|{item.type}|{year}"
    if kind == "figure":
        about = ",".join(item.between)
        goal = "|target" if item.target else ""
        return f"figure|{item.indicator}|{item.unit}|{item.period}|{item.change}|{about}{goal}"
    if kind in ("agreement", "commitment"):
        return f"{kind}|{item.kind}"
    return f"{kind}|{item.id}"
