"""Reading the fused record: actors and record items as their typed models."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import Engine, or_, select

from accord.analyze.names import ascii_lower, name_key
from accord.errors import NotFound
from accord.models import Actor
from accord.store.evidence import with_evidence
from accord.store.schema import actors, record_items, record_links

M = TypeVar("M", bound=BaseModel)


def list_actors(
    engine: Engine, *, kind: str | None = None, name: str | None = None, limit: int | None = None
) -> list[Actor]:
    """Actors, most mentioned first; ``name`` matches the name or id (case-insensitive)."""
    query = select(actors.c.data).order_by(actors.c.mentions.desc(), actors.c.id)
    if kind:
        query = query.where(actors.c.kind == kind)
    if name:
        pattern = f"%{name.lower()}%"
        query = query.where(or_(actors.c.name.ilike(pattern), actors.c.id.ilike(pattern)))
    if limit:
        query = query.limit(limit)
    with engine.connect() as connection:
        return [Actor(**row.data) for row in connection.execute(query)]


def list_items(
    engine: Engine,
    kind: str,
    model: type[M],
    *,
    actor: str | None = None,
    type_: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = None,
) -> list[M]:
    """Record items of one kind, by date (undated last).

    ``date_from``/``date_to`` compare ISO prefixes, so '2023' covers all of 2023;
    undated items are left out when either is given.
    """
    query = select(record_items.c.data).where(record_items.c.kind == kind)
    if type_:
        query = query.where(record_items.c.type == type_)
    if date_from:
        query = query.where(record_items.c.date >= date_from)
    if date_to:
        query = query.where(record_items.c.date <= date_to + "~")  # '~' sorts after digits and '-'
    if actor:
        linked = select(record_links.c.item_id).where(record_links.c.actor_id == actor)
        query = query.where(record_items.c.id.in_(linked))
    query = query.order_by(record_items.c.date.is_(None), record_items.c.date, record_items.c.id)
    if limit:
        query = query.limit(limit)
    with engine.connect() as connection:
        found = [row.data for row in connection.execute(query)]
        return [model(**data) for data in with_evidence(connection, kind, found)]


def actor_names(engine: Engine) -> dict[str, str]:
    """Actor id -> display name, for rendering."""
    with engine.connect() as connection:
        return {r.id: r.name for r in connection.execute(select(actors.c.id, actors.c.name))}


def resolve_actor(engine: Engine, given: str) -> str:
    """An actor id from an id, a name or any alias or spelling of one ('Japarov',
    'Zhaparov', 'person:sadyr-japarov', 'Uzbekistan'); the most mentioned actor wins."""
    with engine.connect() as connection:
        if connection.execute(select(actors.c.id).where(actors.c.id == given)).first():
            return given
    matches = list_actors(engine, name=given, limit=2)
    if matches:
        return matches[0].id
    found = _by_alias(engine, given)
    if found is None:
        raise NotFound(f"no actor matches {given!r} (see 'accord actors')")
    return found


def _by_alias(engine: Engine, given: str) -> str | None:
    """The most mentioned actor one of whose aliases contains ``given`` (case and script
    folded), else one a name of which has ``given`` among its words as spelled another way
    ('Toqayev' for 'Tokayev', 'Rakhmon' for 'Rahmon')."""
    wanted, key = ascii_lower(given).strip(), name_key(given)
    if not wanted:
        return None
    spelled = None
    query = select(actors.c.id, actors.c.data).order_by(actors.c.mentions.desc(), actors.c.id)
    with engine.connect() as connection:
        for row in connection.execute(query):
            names = [row.data.get("name") or "", *(row.data.get("aliases") or [])]
            if any(wanted in ascii_lower(n) for n in names):
                return row.id
            if (
                spelled is None
                and key
                and any(set(key.split()) <= set(name_key(n).split()) for n in names)
            ):
                spelled = row.id
    return spelled
