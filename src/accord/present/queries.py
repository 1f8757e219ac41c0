"""Read queries the views need beyond ``accord.store.record``: sides of a relation, sources.

A *side* is what ``--between A B`` names: an actor, or a country together
with every actor that belongs to it (a president counts for the country).
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import Engine, select

from accord.models import Evidence
from accord.store.documents import list_documents
from accord.store.record import resolve_actor
from accord.store.schema import actors


class Side(BaseModel):
    """One side of a relation: the actor named and every actor that counts for it."""

    id: str = Field(description="Actor id the name resolved to, e.g. country:UZB.")
    name: str
    kind: str
    members: list[str] = Field(
        description="Actor ids that count for this side (the actor, plus a country's people "
        "and institutions)."
    )


class SourceRef(BaseModel):
    """A document as a citation: outlet and publication date, title and link."""

    document: str = Field(description="Document id.")
    outlet: str | None = None
    published: str | None = Field(None, description="Publication day, YYYY-MM-DD (or partial).")
    title: str | None = None
    url: str | None = Field(None, description="http(s) address of the article, when known.")

    @property
    def label(self) -> str:
        """'Bishkek Courier, 2022-06-15' — the short citation used in tables and briefs."""
        return f"{self.outlet or 'unknown outlet'}, {self.published or 'undated'}"


def resolve_side(engine: Engine, given: str) -> Side:
    """The side ``given`` names: an actor id or name, a country with everyone belonging to it."""
    actor_id = resolve_actor(engine, given)
    with engine.connect() as connection:
        row = connection.execute(
            select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country).where(
                actors.c.id == actor_id
            )
        ).one()
        members = [actor_id]
        if row.kind == "country" and row.country:
            members += [
                r.id
                for r in connection.execute(
                    select(actors.c.id)
                    .where(actors.c.country == row.country, actors.c.id != actor_id)
                    .order_by(actors.c.id)
                )
            ]
    return Side(id=row.id, name=row.name, kind=row.kind, members=members)


def document_refs(engine: Engine) -> dict[str, SourceRef]:
    """Every document (all versions) as a citation, by id."""
    return {
        doc.id: SourceRef(
            document=doc.id,
            outlet=doc.outlet,
            published=doc.published[:10] if doc.published else None,
            title=doc.title,
            url=_link(doc.url or doc.source),
        )
        for doc in list_documents(engine, latest_only=False)
    }


def sources_of(evidence: list[Evidence], refs: dict[str, SourceRef]) -> list[SourceRef]:
    """The distinct documents behind ``evidence``, oldest first (undated last)."""
    seen = dict.fromkeys(e.document for e in evidence)
    found = [refs.get(d) or SourceRef(document=d) for d in seen]
    return sorted(found, key=lambda s: (s.published is None, s.published or "", s.document))


def first_reported(sources: list[SourceRef]) -> str | None:
    """Earliest publication day among ``sources``."""
    return min((s.published for s in sources if s.published), default=None)


def _link(address: str | None) -> str | None:
    if address and address.lower().startswith(("http://", "https://")):
        return address
    return None
