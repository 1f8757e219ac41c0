"""The context of every page, as a typed model: the HTML template and the JSON twin share it.

Each ``*_page`` function reads what one page shows and returns its model; the
route renders it with a template or returns it as JSON. Names of the actors
and titles of the documents a page refers to travel in ``actors`` and
``documents`` so neither rendering needs another query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from accord.analyze.types import Mention, TimeMention
from accord.fuse.record import merge_map
from accord.models import (
    Actor,
    Commitment,
    Conflict,
    Document,
    Event,
    Evidence,
    Figure,
    Quote,
    Role,
)
from accord.store import queries as q
from accord.web.charts import EventChart, event_chart
from accord.web.schemas import Page

BOARD_STATUSES = ("open", "fulfilled", "overdue", "superseded")
EVENT_ATTRIBUTES = ("date", "location", "mode", "occasion")


class ActorRef(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None = None


class DocumentRef(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


class Refs(BaseModel):
    """Names of the actors and documents a page mentions, by id."""

    actors: dict[str, ActorRef] = Field(default_factory=dict)
    documents: dict[str, DocumentRef] = Field(default_factory=dict)


class DashboardPage(BaseModel):
    pair: list[ActorRef] = Field(description="The two countries, or fewer if the KB has fewer.")
    countries: list[ActorRef] = Field(description="Countries to choose from, most mentioned first.")
    chart: EventChart
    events_total: int
    meetings: list[Event]
    commitment_counts: dict[str, int]
    open_commitments: list[Commitment]
    fulfilled_commitments: list[Commitment]
    figures: list[Figure]
    conflicts: list[Conflict]
    refs: Refs


class AttributeValue(BaseModel):
    value: str
    documents: list[str] = Field(description="Documents whose report gives this value.")


class Attribute(BaseModel):
    """One attribute of a merged event, each value reported with the documents behind it."""

    name: str
    value: str | None
    reported: list[AttributeValue]


class SourceText(BaseModel):
    document: Document
    evidence: list[Evidence]


class EventPage(BaseModel):
    event: Event
    attributes: list[Attribute]
    participants: list[Attribute]
    sources: list[SourceText]
    conflicts: list[Conflict]
    refs: Refs


class ActorPage(BaseModel):
    actor: Actor
    roles: list[Role] = Field(description="Roles in order of their start.")
    events: Page[Event]
    quotes: Page[Quote]
    refs: Refs


class CommitmentsPage(BaseModel):
    columns: dict[str, Page[Commitment]]
    fulfilled_by: dict[str, Event]
    refs: Refs


class IndicatorChart(BaseModel):
    indicator: str
    unit: str | None
    figures: list[Figure]
    dates: dict[str, str] = Field(description="Figure id -> date it is placed at.")


class FiguresPage(BaseModel):
    indicators: list[IndicatorChart]
    total: int
    refs: Refs


class DocumentPage(BaseModel):
    document: Document
    mentions: list[Mention]
    times: list[TimeMention]
    figures: list[Figure]
    highlight: tuple[int, int] | None = None
    refs: Refs


def dashboard_page(engine: Engine, pair: tuple[str, str] | None) -> DashboardPage:
    countries = q.list_actor_page(engine, kind="country", limit=30).items
    codes = pair or tuple(c.country for c in q.top_countries(engine) if c.country)
    chosen = [_country_ref(engine, code, countries) for code in codes]
    if len(codes) != 2:
        empty = event_chart([])
        return DashboardPage(
            pair=chosen, countries=[_ref(c) for c in countries], chart=empty, events_total=0,
            meetings=[], commitment_counts={}, open_commitments=[], fulfilled_commitments=[],
            figures=[], conflicts=[], refs=Refs(),
        )  # fmt: skip
    between = q.ItemFilter(between=(codes[0], codes[1]))
    counts = q.event_counts(engine, between)
    meetings = q.list_record(
        engine, "event", Event, q.ItemFilter(between=between.between, type="meeting"),
        limit=8, dated=True, newest_first=True,
    ).items  # fmt: skip
    commitments = {
        status: q.list_record(
            engine, "commitment", Commitment,
            q.ItemFilter(between=between.between, status=status), limit=6, newest_first=True,
        ).items
        for status in ("open", "fulfilled")
    }  # fmt: skip
    figures = key_figures(
        q.list_record(engine, "figure", Figure, between, limit=120, newest_first=True).items
    )
    conflicts = q.list_record(engine, "conflict", Conflict, between, limit=6, newest_first=True)
    items: list[object] = [*meetings, *figures, *conflicts.items]
    items += [c for group in commitments.values() for c in group]
    return DashboardPage(
        pair=chosen,
        countries=[_ref(c) for c in countries],
        chart=event_chart(counts),
        events_total=sum(n for _, _, n in counts),
        meetings=meetings,
        commitment_counts=q.status_counts(engine, between),
        open_commitments=commitments["open"],
        fulfilled_commitments=commitments["fulfilled"],
        figures=figures,
        conflicts=conflicts.items,
        refs=refs_for(engine, items),
    )


def key_figures(figures: list[Figure], n: int = 6) -> list[Figure]:
    """One figure per indicator (the most often sourced, then the latest), most common first."""
    by_indicator: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.indicator and figure.value is not None:
            by_indicator[figure.indicator].append(figure)
    ranked = sorted(by_indicator.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:n]
    return [
        max(group, key=lambda f: (len({e.document for e in f.evidence}), f.period or ""))
        for _, group in ranked
    ]


def event_page(engine: Engine, event_id: str) -> EventPage:
    event = q.get_record_item(engine, "event", Event, event_id)
    doc_ids = list(dict.fromkeys(e.document for e in event.evidence))
    documents = q.documents_by_id(engine, doc_ids, with_text=True)
    reports = _reports(engine, event, doc_ids)
    attributes = [
        Attribute(name=name, value=getattr(event, name), reported=_values(reports, name))
        for name in EVENT_ATTRIBUTES
    ]
    participants = [
        Attribute(
            name=actor_id,
            value=actor_id,
            reported=[
                AttributeValue(
                    value=actor_id,
                    documents=sorted({d for d, r in reports if actor_id in r.participants}),
                )
            ],
        )
        for actor_id in event.participants
    ]
    sources = [
        SourceText(document=documents[d], evidence=[e for e in event.evidence if e.document == d])
        for d in doc_ids
        if d in documents
    ]
    conflicts = q.conflicts_about(engine, event.id)
    return EventPage(
        event=event,
        attributes=attributes,
        participants=participants,
        sources=sources,
        conflicts=conflicts,
        refs=refs_for(engine, [event, *conflicts]),
    )


def _reports(engine: Engine, event: Event, doc_ids: list[str]) -> list[tuple[str, Event]]:
    """The per-document reports merged into ``event``: those sharing one of its sentences."""
    sentences = {(e.document, e.start) for e in event.evidence}
    out = []
    for doc_id, kind, data in q.document_items(engine, doc_ids, ("event", "completion")):
        evidence = [Evidence(**e) for e in data.get("evidence", [])]
        if not any((e.document, e.start) in sentences for e in evidence):
            continue
        if kind == "completion":
            report = Event(id=data["id"], type="completion", date=data.get("date"))
        else:
            report = Event(**data)
            if report.type != event.type:
                continue
        out.append((doc_id, report))
    return out


def _values(reports: list[tuple[str, Event]], name: str) -> list[AttributeValue]:
    seen: dict[str, set[str]] = defaultdict(set)
    for doc_id, report in reports:
        value = getattr(report, name)
        if value:
            seen[str(value)].add(doc_id)
    return [
        AttributeValue(value=v, documents=sorted(docs))
        for v, docs in sorted(seen.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def actor_page(engine: Engine, actor_id: str, limit: int, offset: int) -> ActorPage:
    actor = q.get_actor(engine, actor_id)
    mine = q.ItemFilter(actor=actor.id)
    events = q.list_record(
        engine, "event", Event, mine, limit=limit, offset=offset, newest_first=True
    )
    quotes = q.list_record(engine, "quote", Quote, mine, limit=limit, newest_first=True)
    roles = sorted(actor.roles, key=lambda r: (r.start or "", r.end or "~"))
    return ActorPage(
        actor=actor,
        roles=roles,
        events=Page(items=events.items, total=events.total, limit=limit, offset=offset),
        quotes=Page(items=quotes.items, total=quotes.total, limit=limit, offset=0),
        refs=refs_for(engine, [*events.items, *quotes.items]),
    )


def commitments_page(engine: Engine, filters: q.ItemFilter, limit: int) -> CommitmentsPage:
    counts = q.status_counts(engine, filters)
    statuses = [*BOARD_STATUSES, *sorted(s for s in counts if s not in BOARD_STATUSES)]
    columns = {}
    for status in statuses:
        if filters.status and status != filters.status:
            continue
        chosen = replace(filters, status=status)
        found = q.list_record(engine, "commitment", Commitment, chosen, limit=limit)
        columns[status] = Page(items=found.items, total=found.total, limit=limit, offset=0)
    commitments = [c for page in columns.values() for c in page.items]
    fulfilled_by = q.record_items_by_id(
        engine, "event", Event, (i for c in commitments for i in c.fulfilled_by)
    )
    return CommitmentsPage(
        columns=columns, fulfilled_by=fulfilled_by, refs=refs_for(engine, commitments)
    )


def figures_page(engine: Engine, filters: q.ItemFilter, limit: int = 2000) -> FiguresPage:
    found = q.list_record(engine, "figure", Figure, filters, limit=limit)
    groups: dict[tuple[str, str | None], list[Figure]] = defaultdict(list)
    for figure in found.items:
        if figure.value is not None:
            groups[(figure.indicator or "unspecified", figure.unit)].append(figure)
    refs = refs_for(engine, found.items)
    charts = []
    for (indicator, unit), figures in sorted(
        groups.items(), key=lambda kv: (-len(kv[1]), kv[0][0])
    ):
        dates = {}
        for f in figures:
            first = f.evidence[0].document if f.evidence else None
            stated = refs.documents[first].published if first in refs.documents else None
            when = f.period or stated
            if when:
                dates[f.id] = when[:10]
        charts.append(IndicatorChart(indicator=indicator, unit=unit, figures=figures, dates=dates))
    return FiguresPage(indicators=charts, total=found.total, refs=refs)


def document_page(engine: Engine, doc_id: str, highlight: tuple[int, int] | None) -> DocumentPage:
    from accord.store.analysis import document_mentions, load_items
    from accord.store.documents import get_document

    document = get_document(engine, doc_id)
    with engine.connect() as connection:
        merged = merge_map(connection)
    mentions = [
        m.model_copy(update={"actor": merged.get(m.actor, m.actor)}) if m.actor else m
        for m in document_mentions(engine, document.id)
    ]
    times = [TimeMention(**t) for _, t in load_items(engine, "time", [document.id])]
    figures = [Figure(**f) for _, f in load_items(engine, "figure", [document.id])]
    actor_ids = [m.actor for m in mentions if m.actor]
    return DocumentPage(
        document=document,
        mentions=mentions,
        times=times,
        figures=figures,
        highlight=highlight,
        refs=Refs(actors={a.id: _ref(a) for a in q.actors_by_id(engine, actor_ids).values()}),
    )


def refs_for(engine: Engine, items: Iterable[object]) -> Refs:
    """Names of the actors and documents that ``items`` refer to."""
    actor_ids: set[str] = set()
    doc_ids: set[str] = set()
    for item in items:
        for name in ("participants", "parties", "by"):
            actor_ids.update(getattr(item, name, None) or [])
        for name in ("source_actor", "target_actor", "stated_by", "speaker"):
            value = getattr(item, name, None)
            if value:
                actor_ids.add(value)
        doc_ids.update(e.document for e in getattr(item, "evidence", None) or [])
        for value in getattr(item, "values", None) or []:
            doc_ids.update(e.document for e in value.evidence)
    actors = q.actors_by_id(engine, actor_ids)
    documents = q.documents_by_id(engine, doc_ids, with_text=False)
    return Refs(
        actors={a.id: _ref(a) for a in actors.values()},
        documents={
            d.id: DocumentRef(id=d.id, title=d.title, outlet=d.outlet, published=d.published)
            for d in documents.values()
        },
    )


def _ref(actor: Actor) -> ActorRef:
    return ActorRef(id=actor.id, name=actor.name, kind=actor.kind, country=actor.country)


def _country_ref(engine: Engine, code: str, known: list[Actor]) -> ActorRef:
    for actor in known:
        if actor.country == code:
            return _ref(actor)
    found = q.actors_by_id(engine, [f"country:{code}"]).get(f"country:{code}")
    if found is not None:
        return _ref(found)
    return ActorRef(id=f"country:{code}", name=code, kind="country", country=code)
