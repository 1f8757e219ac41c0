"""The ``plover`` exporter: one event per line in the style of PLOVER/POLECAT event data.

Each line is a :class:`PloverEvent`. Unlike event data that counts reports,
a line is one merged event: ``source_count`` says how many documents report
it and ``evidence`` lists their sentences. Quad classes follow the PLOVER
codebook's grouping of root types (YIELD counted with material cooperation).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from accord.models import Actor, Document, Event, Record
from accord.present.export import build_record, exporter
from accord.present.write import write_files

QUAD_CLASS = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT"), "verbal cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "YIELD"), "material cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material conflict"),
}


class PloverActor(BaseModel):
    id: str
    name: str
    kind: str | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-3.")


class PloverEvidence(BaseModel):
    document: str = Field(description="Document id.")
    sentence: str
    url: str | None = Field(None, description="Article address, when the document has one.")
    outlet: str | None = None
    published: str | None = None
    title: str | None = None


class PloverEvent(BaseModel):
    """One line of the ``plover`` export."""

    event_id: str
    event_date: str | None = Field(None, description="ISO 8601, possibly partial; null if unknown.")
    date_precision: str | None = Field(None, description="day, month or year.")
    event_type: str | None = Field(None, description="PLOVER root type, e.g. CONSULT.")
    quad_class: str | None = Field(
        None, description="verbal/material cooperation, verbal/material conflict."
    )
    mode: str | None = Field(None, description="e.g. 'state visit', 'phone call'.")
    accord_type: str = Field(description="accord's diplomatic type, e.g. meeting.")
    source_actor: str | None = Field(None, description="Display name of the source actor.")
    source_actor_id: str | None = None
    source_country: str | None = None
    target_actor: str | None = None
    target_actor_id: str | None = None
    target_country: str | None = None
    participants: list[PloverActor] = Field(default_factory=list)
    location: str | None = None
    location_country: str | None = Field(None, description="When the place is a known actor.")
    occasion: str | None = None
    summary: str | None = None
    source_count: int = Field(0, description="Distinct documents reporting the event.")
    first_reported: str | None = Field(None, description="Earliest publication among them.")
    evidence: list[PloverEvidence] = Field(default_factory=list)


@exporter("plover")
def export_plover(engine: Engine, output: Path) -> None:
    """PLOVER/POLECAT-style JSON Lines: one merged event per line, in date order."""
    record = build_record(engine)
    lines = [event.model_dump_json() for event in plover_events(record)]
    write_files({output: "".join(f"{line}\n" for line in lines)})


def plover_events(record: Record) -> list[PloverEvent]:
    """Every event of the record as a :class:`PloverEvent`."""
    actors = {a.id: a for a in record.actors}
    documents = {d.id: d for d in record.documents}
    places = {a.name.lower(): a.country for a in record.actors if a.kind == "place" and a.country}
    return [_event(e, actors, documents, places) for e in record.events]


def _event(
    event: Event,
    actors: dict[str, Actor],
    documents: dict[str, Document],
    places: dict[str, str],
) -> PloverEvent:
    source, target = _actor(event.source_actor, actors), _actor(event.target_actor, actors)
    evidence = [_evidence(e.document, e.text, documents.get(e.document)) for e in event.evidence]
    published = [e.published for e in evidence if e.published]
    return PloverEvent(
        event_id=event.id,
        event_date=event.date,
        date_precision=event.date_precision,
        event_type=event.plover,
        quad_class=QUAD_CLASS.get(event.plover or ""),
        mode=event.mode,
        accord_type=event.type,
        source_actor=source.name if source else None,
        source_actor_id=event.source_actor,
        source_country=source.country if source else None,
        target_actor=target.name if target else None,
        target_actor_id=event.target_actor,
        target_country=target.country if target else None,
        participants=[a for a in (_actor(p, actors) for p in event.participants) if a],
        location=event.location,
        location_country=places.get((event.location or "").lower()),
        occasion=event.occasion,
        summary=event.summary,
        source_count=event.source_count or len({e.document for e in evidence}),
        first_reported=min(published, default=None),
        evidence=evidence,
    )


def _actor(actor_id: str | None, actors: dict[str, Actor]) -> PloverActor | None:
    if not actor_id:
        return None
    actor = actors.get(actor_id)
    if actor is None:
        return PloverActor(id=actor_id, name=actor_id)
    return PloverActor(id=actor.id, name=actor.name, kind=actor.kind, country=actor.country)


def _evidence(document_id: str, sentence: str, document: Document | None) -> PloverEvidence:
    if document is None:
        return PloverEvidence(document=document_id, sentence=sentence)
    address = document.url or document.source
    return PloverEvidence(
        document=document_id,
        sentence=sentence,
        url=address if address.lower().startswith(("http://", "https://")) else None,
        outlet=document.outlet,
        published=document.published[:10] if document.published else None,
        title=document.title,
    )
