"""Actors: listed, by id, the most mentioned countries, a country from its code or name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select

from accord.errors import NotFound
from accord.models import Actor
from accord.store.queries.common import Slice, chunks, json_array_contains, paged
from accord.store.schema import actors

_ISO3 = re.compile(r"[A-Za-z]{3}")


def list_actor_page(
    engine: Engine,
    *,
    kind: str | None = None,
    country: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Slice[Actor]:
    """Actors, most mentioned first; ``text`` matches the name, the id or any alias."""
    conditions: list[ColumnElement[bool]] = []
    if kind:
        conditions.append(actors.c.kind == kind)
    if country:
        conditions.append(actors.c.country == country)
    if text:
        conditions.append(
            or_(
                actors.c.name.icontains(text, autoescape=True),
                actors.c.id.icontains(text, autoescape=True),
                json_array_contains("actors.data", "aliases", None, text, engine.dialect.name),
            )
        )
    parts = [(and_(*conditions) if conditions else None, [actors.c.mentions.desc(), actors.c.id])]
    with engine.connect() as connection:
        rows, total = paged(connection, actors, [actors.c.data], [], parts, limit, offset)
    return Slice([Actor(**row["data"]) for row in rows], total)


def get_actor(engine: Engine, actor_id: str) -> Actor:
    """One actor by exact id."""
    with engine.connect() as connection:
        data = connection.execute(
            select(actors.c.data).where(actors.c.id == actor_id)
        ).scalar_one_or_none()
    if data is None:
        raise NotFound(f"no actor {actor_id!r}")
    return Actor(**data)


def actors_by_id(engine: Engine, ids: Iterable[str | None]) -> dict[str, Actor]:
    """Actors by id, for rendering the names of the actors a page refers to."""
    out: dict[str, Actor] = {}
    with engine.connect() as connection:
        for chunk in chunks(i for i in ids if i):
            for data in connection.execute(select(actors.c.data).where(actors.c.id.in_(chunk))):
                actor = Actor(**data[0])
                out[actor.id] = actor
    return out


def top_countries(engine: Engine, n: int = 2) -> list[Actor]:
    """The ``n`` most mentioned countries."""
    query = (
        select(actors.c.data)
        .where(actors.c.kind == "country", actors.c.country.is_not(None))
        .order_by(actors.c.mentions.desc(), actors.c.id)
        .limit(n)
    )
    with engine.connect() as connection:
        return [Actor(**data) for data in connection.execute(query).scalars()]


def resolve_country(engine: Engine, given: str) -> str:
    """An ISO 3166-1 alpha-3 code from 'UZB', 'country:UZB' or a country's name."""
    value = given.strip()
    if value.lower().startswith("country:"):
        value = value.split(":", 1)[1]
    if _ISO3.fullmatch(value):
        return value.upper()
    query = select(actors.c.country).where(
        actors.c.kind == "country",
        actors.c.country.is_not(None),
        func.lower(actors.c.name) == value.lower(),
    )
    with engine.connect() as connection:
        code = connection.execute(query.limit(1)).scalar_one_or_none()
    if code is None:
        raise NotFound(f"no country {given!r} (use ISO codes such as UZB or a country's name)")
    return str(code)
