"""Build the record from the per-document analyses: one actor per real actor, items linked to them.

Actors from every document are grouped by id; a user's merge decisions
(``accord actors merge``) are applied first, so they survive re-ingest and
re-fusion. Reference people get their dated roles from the office-holder
table next to the roles the texts gave them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from accord.analyze.reference import Reference
from accord.models import Actor, Figure, Quote, Role
from accord.store.analysis import load_items
from accord.store.schema import actor_decisions, actors, mentions, record_items, record_links


def merge_map(connection: Connection) -> dict[str, str]:
    """Actor id -> the id it was merged into (transitively), from the user's decisions."""
    rows = connection.execute(
        select(actor_decisions)
        .where(actor_decisions.c.action == "merge")
        .order_by(actor_decisions.c.pk)
    )
    parent: dict[str, str] = {}
    for row in rows:
        parent[row.other_id] = row.actor_id

    def root(actor_id: str) -> str:
        seen = set()
        while actor_id in parent and actor_id not in seen:
            seen.add(actor_id)
            actor_id = parent[actor_id]
        return actor_id

    return {actor_id: root(actor_id) for actor_id in parent}


def rebuild_record(engine: Engine, reference: Reference) -> None:
    """Recompute actors, figures and quotes of the record from the stored analyses."""
    with engine.begin() as connection:
        merged = merge_map(connection)
        mention_counts = _mention_counts(connection, merged)
        fused = _fuse_actors(load_items(engine, "actor"), merged, mention_counts, reference)
        connection.execute(delete(actors))
        if fused:
            connection.execute(
                insert(actors),
                [
                    {
                        "id": a.id,
                        "name": a.name,
                        "kind": a.kind,
                        "country": a.country,
                        "mentions": a.mentions,
                        "data": a.model_dump(mode="json"),
                    }
                    for a in fused
                ],
            )
        connection.execute(delete(record_links))
        connection.execute(delete(record_items).where(record_items.c.kind.in_(["figure", "quote"])))
        _store_items(connection, "figure", _figures(engine, merged))
        _store_items(connection, "quote", _quotes(engine, merged))


def _mention_counts(connection: Connection, merged: dict[str, str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    rows = connection.execute(
        select(mentions.c.actor_id, func.count())
        .where(mentions.c.actor_id.is_not(None))
        .group_by(mentions.c.actor_id)
    )
    for actor_id, count in rows:
        counts[merged.get(actor_id, actor_id)] += count
    return counts


def _fuse_actors(
    items: list[tuple[str, dict[str, Any]]],
    merged: dict[str, str],
    counts: Counter[str],
    reference: Reference,
) -> list[Actor]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, data in items:
        groups[merged.get(data["id"], data["id"])].append(data)
    return [
        _fuse_one(actor_id, group, counts[actor_id], reference)
        for actor_id, group in sorted(groups.items())
    ]


def _fuse_one(
    actor_id: str, group: list[dict[str, Any]], count: int, reference: Reference
) -> Actor:
    names = Counter(d["name"] for d in group)
    name = max(names, key=lambda n: (names[n], len(n)))
    kinds = Counter(d["kind"] for d in group)
    countries = Counter(d["country"] for d in group if d.get("country"))
    roles: list[Role] = []
    known = reference.people.get(actor_id)
    if known is not None:
        name = known.name
        roles.extend(known.roles)
    for data in group:
        for role in data.get("roles", []):
            candidate = Role(**role)
            if not any(_same_role(candidate, r) for r in roles):
                roles.append(candidate)
    aliases = list(dict.fromkeys(a for d in group for a in d.get("aliases", [])))
    return Actor(
        id=actor_id,
        name=name,
        kind=kinds.most_common(1)[0][0],
        country=countries.most_common(1)[0][0] if countries else None,
        roles=roles,
        aliases=aliases,
        mentions=count,
    )


def _same_role(a: Role, b: Role) -> bool:
    from accord.analyze.people import canonical_title

    return canonical_title(a.title) == canonical_title(b.title) and (
        a.country == b.country or a.country is None
    )


def _figures(engine: Engine, merged: dict[str, str]) -> list[tuple[Figure, str]]:
    out = []
    for doc_id, data in load_items(engine, "figure"):
        figure = Figure(**data)
        if figure.stated_by:
            figure.stated_by = merged.get(figure.stated_by, figure.stated_by)
        out.append((figure, doc_id))
    return out


def _quotes(engine: Engine, merged: dict[str, str]) -> list[tuple[Quote, str]]:
    out = []
    for doc_id, data in load_items(engine, "quote"):
        quote = Quote(**data)
        if quote.speaker:
            quote.speaker = merged.get(quote.speaker, quote.speaker)
        out.append((quote, doc_id))
    return out


def _store_items(connection: Connection, kind: str, items: list[tuple[Any, str]]) -> None:
    rows, links = [], []
    for item, doc_id in items:
        if isinstance(item, Figure):
            date, label, people = item.period, item.indicator, [item.stated_by]
        else:
            date, label, people = item.date, item.kind, [item.speaker]
        rows.append(
            {
                "kind": kind,
                "id": item.id,
                "date": (date or "")[:10] or None,
                "type": label,
                "data": item.model_dump(mode="json"),
            }
        )
        links += [{"item_id": item.id, "actor_id": a, "document_id": doc_id} for a in people if a]
    if rows:
        connection.execute(insert(record_items), rows)
    if links:
        connection.execute(insert(record_links), links)
