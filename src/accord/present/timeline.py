"""The timeline view: merged events in date order, undated events apart, each with its sources.

An undated event cannot be placed on the time axis; with a date window it is
kept when a document reporting it was published inside the window.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from accord.models import Event
from accord.present.queries import (
    Side,
    SourceRef,
    document_refs,
    first_reported,
    resolve_side,
    sources_of,
)
from accord.present.scope import Scope
from accord.store.record import actor_names, list_items


class TimelineEntry(Event):
    """An event of the record with the documents that report it."""

    sources: list[SourceRef] = Field(
        default_factory=list, description="Documents reporting the event, oldest first."
    )
    reported: str | None = Field(None, description="Earliest publication day among the sources.")


class Timeline(BaseModel):
    """The ``accord timeline --json`` object."""

    between: list[Side] = Field(
        default_factory=list, description="The two sides given with --between, resolved."
    )
    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    dated: list[TimelineEntry] = Field(default_factory=list, description="In date order.")
    undated: list[TimelineEntry] = Field(
        default_factory=list, description="Events no source dates, by first report."
    )
    actors: dict[str, str] = Field(
        default_factory=dict, description="Display name of every participant id above."
    )


def build_timeline(
    engine: Engine,
    *,
    between: tuple[str, str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    type_: str | None = None,
) -> Timeline:
    """The events of the record ``between`` two sides, in a window, of one type."""
    scope = make_scope(engine, between, date_from, date_to)
    entries = timeline_entries(
        list_items(engine, "event", Event, type_=type_), scope, document_refs(engine)
    )
    dated = [e for e in entries if e.date]
    undated = [e for e in entries if not e.date]
    names = actor_names(engine)
    used = {a for e in entries for a in (*e.participants, e.source_actor, e.target_actor) if a}
    return Timeline(
        between=list(scope.sides or ()),
        date_from=date_from,
        date_to=date_to,
        type=type_,
        dated=dated,
        undated=undated,
        actors={a: names.get(a, a) for a in sorted(used)},
    )


def make_scope(
    engine: Engine,
    between: tuple[str, str] | None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Scope:
    """Resolve the names given with ``--between`` into sides."""
    sides = None
    if between:
        sides = (resolve_side(engine, between[0]), resolve_side(engine, between[1]))
    return Scope(sides=sides, date_from=date_from, date_to=date_to)


def timeline_entries(
    events: list[Event], scope: Scope, refs: dict[str, SourceRef]
) -> list[TimelineEntry]:
    """Events in scope with their sources: dated ones by date, then undated by first report."""
    entries = []
    for event in events:
        if not scope.links([*event.participants, event.source_actor, event.target_actor]):
            continue
        sources = sources_of(event.evidence, refs)
        entry = TimelineEntry(
            **event.model_dump(), sources=sources, reported=first_reported(sources)
        )
        if scope.in_window(entry.date or entry.reported):
            entries.append(entry)
    return sorted(
        entries,
        key=lambda e: (e.date is None, e.date or e.reported or "~", -(e.source_count or 0)),
    )
