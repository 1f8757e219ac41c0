"""The brief: everything ``accord report`` shows, as one typed context object.

The Markdown and HTML renderings and the JSON twin are built from it. With
``--between A B`` an item belongs to the brief when its actors include both
sides, or when it comes from a document that reports an event between them and
names no actor or one on either side. Items are placed in the date window by
their own date, else by the first publication of the documents they come from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from accord.models import Agreement, Commitment, Conflict, Event, Evidence, Figure, Quote
from accord.present.charts import EventCounts, count_events
from accord.present.conflicts import ConflictView, describe_conflicts
from accord.present.queries import Side, SourceRef, document_refs, first_reported, sources_of
from accord.present.scope import Scope
from accord.present.text import figure_value
from accord.present.timeline import TimelineEntry, make_scope, timeline_entries
from accord.store.record import actor_names, list_actors, list_items

STATUS_ORDER = {"overdue": 0, "open": 1, "fulfilled": 2, "superseded": 3}
QUOTE_SPEAKERS = 6
QUOTES_PER_SPEAKER = 3


class Sourced(BaseModel):
    sources: list[SourceRef] = Field(default_factory=list, description="Oldest first.")


class BriefAgreement(Agreement, Sourced):
    pass


class BriefCommitment(Commitment, Sourced):
    fulfilled_by_labels: list[str] = Field(
        default_factory=list, description="The fulfilling events, as 'date type: summary'."
    )


class BriefFigure(Figure, Sourced):
    display: str = Field(description="The value as a reader sees it, e.g. '1.2 billion USD'.")


class BriefQuote(Quote, Sourced):
    pass


class SpeakerQuotes(BaseModel):
    """Quotes of one speaker; speakers quoted by most documents come first."""

    speaker: str
    name: str
    documents: int = Field(description="Distinct documents quoting this speaker in the brief.")
    quotes: list[BriefQuote]


class Institution(Sourced):
    """An actor of kind institution involved in the brief's items."""

    id: str
    name: str
    country: str | None = None
    items: int = Field(description="Number of items of the brief that involve it.")


class Period(BaseModel):
    start: str | None = None
    end: str | None = None


class Brief(BaseModel):
    """The ``accord report --format json`` object."""

    title: str
    generated: datetime
    between: list[Side] = Field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    period: Period = Field(
        default_factory=Period, description="The date window, else the first and last dated event."
    )
    timeline: list[TimelineEntry] = Field(default_factory=list)
    undated: list[TimelineEntry] = Field(default_factory=list)
    agreements: list[BriefAgreement] = Field(default_factory=list)
    institutions: list[Institution] = Field(default_factory=list)
    commitments: list[BriefCommitment] = Field(default_factory=list)
    figures: list[BriefFigure] = Field(default_factory=list)
    quotes: list[SpeakerQuotes] = Field(default_factory=list)
    quote_count: int = Field(0, description="Quotes in scope before the selection.")
    conflicts: list[ConflictView] = Field(default_factory=list)
    chart: EventCounts = Field(default_factory=EventCounts)
    sources: list[SourceRef] = Field(
        default_factory=list, description="Every document the brief cites, oldest first."
    )
    actors: dict[str, str] = Field(default_factory=dict, description="Actor id -> name.")


def build_brief(
    engine: Engine,
    *,
    between: tuple[str, str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Brief:
    """Select and arrange the record for a brief ``between`` two sides in a date window."""
    scope = make_scope(engine, between, date_from, date_to)
    refs = document_refs(engine)
    names = actor_names(engine)
    events = list_items(engine, "event", Event)
    entries = timeline_entries(events, scope, refs)
    picker = _Picker(scope, refs, {d.document for e in entries for d in e.sources})
    agreements = [
        BriefAgreement(**a.model_dump(), sources=s)
        for a, s in picker.pick(list_items(engine, "agreement", Agreement), "parties", "date")
    ]
    commitments = _commitments(engine, picker, events)
    figures = [
        BriefFigure(**f.model_dump(), sources=s, display=figure_value(f.value, f.value_max, f.unit))
        for f, s in picker.pick(list_items(engine, "figure", Figure), "stated_by", None)
    ]
    figures.sort(key=lambda f: (f.indicator is None, f.indicator or "", f.period or "~"))
    quotes = [
        BriefQuote(**q.model_dump(), sources=s)
        for q, s in picker.pick(list_items(engine, "quote", Quote), "speaker", "date")
    ]
    subjects = {i.id: i for i in [*entries, *agreements, *figures, *commitments]}
    conflicts = [c for c in list_items(engine, "conflict", Conflict) if c.subject.id in subjects]
    dated = [e for e in entries if e.date]
    brief = Brief(
        title=_title(scope),
        generated=datetime.now(UTC),
        between=list(scope.sides or ()),
        date_from=date_from,
        date_to=date_to,
        period=Period(start=date_from or _first(dated), end=date_to or _last(dated)),
        timeline=dated,
        undated=[e for e in entries if not e.date],
        agreements=agreements,
        institutions=_institutions(
            engine, [*entries, *agreements, *commitments, *figures, *quotes]
        ),
        commitments=commitments,
        figures=figures,
        quotes=_select_quotes(quotes, names),
        quote_count=len(quotes),
        conflicts=describe_conflicts(conflicts, subjects, refs),
        chart=count_events(dated),
    )
    return _with_sources(brief, names)


class _Picker:
    """Chooses the items of one kind that belong to the brief, with their sources."""

    def __init__(self, scope: Scope, refs: dict[str, SourceRef], documents: set[str]) -> None:
        self.scope, self.refs, self.documents = scope, refs, documents

    def pick(self, items: list, actor_field: str, date_field: str | None) -> list:
        chosen = []
        for item in items:
            value = getattr(item, actor_field)
            actor_ids = value if isinstance(value, list) else [value] if value else []
            sources = sources_of(item.evidence, self.refs)
            date = getattr(item, date_field) if date_field else None
            if self._belongs(actor_ids, sources) and self.scope.in_window(
                date or first_reported(sources)
            ):
                chosen.append((item, sources))
        return chosen

    def _belongs(self, actor_ids: list[str], sources: list[SourceRef]) -> bool:
        if self.scope.sides is None or self.scope.links(actor_ids):
            return True
        from_brief = any(s.document in self.documents for s in sources)
        return from_brief and (not actor_ids or self.scope.touches(actor_ids))


def _commitments(engine: Engine, picker: _Picker, events: list[Event]) -> list[BriefCommitment]:
    by_id = {e.id: e for e in events}
    chosen = [
        BriefCommitment(
            **c.model_dump(),
            sources=s,
            fulfilled_by_labels=[_event_label(by_id.get(i), i) for i in c.fulfilled_by],
        )
        for c, s in picker.pick(list_items(engine, "commitment", Commitment), "by", "made_on")
    ]
    return sorted(chosen, key=lambda c: (STATUS_ORDER.get(c.status, 9), c.made_on or c.due or "~"))


def _event_label(event: Event | None, event_id: str) -> str:
    if event is None:
        return event_id
    return f"{event.date or 'undated'} {event.type}: {event.summary or event_id}"


def _institutions(engine: Engine, items: list) -> list[Institution]:
    known = {a.id: a for a in list_actors(engine, kind="institution")}
    count: Counter[str] = Counter()
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for item in items:
        for actor_id in dict.fromkeys(_actor_ids(item)):
            if actor_id in known:
                count[actor_id] += 1
                evidence[actor_id] += item.evidence
    refs = {s.document: s for item in items for s in item.sources}
    return [
        Institution(
            id=actor_id,
            name=known[actor_id].name,
            country=known[actor_id].country,
            items=n,
            sources=sources_of(evidence[actor_id], refs),
        )
        for actor_id, n in sorted(count.items(), key=lambda kv: (-kv[1], known[kv[0]].name))
    ]


def _actor_ids(item: BaseModel) -> list[str]:
    ids: list[str] = []
    for field in ("participants", "source_actor", "target_actor", "parties", "by"):
        value = getattr(item, field, None)
        ids += value if isinstance(value, list) else [value] if value else []
    for field in ("stated_by", "speaker"):
        value = getattr(item, field, None)
        ids += [value] if value else []
    return ids


def _select_quotes(quotes: list[BriefQuote], names: dict[str, str]) -> list[SpeakerQuotes]:
    """Speakers quoted by most documents first, each with their most-sourced quotes."""
    grouped: dict[str, list[BriefQuote]] = defaultdict(list)
    for quote in quotes:
        if quote.speaker:
            grouped[quote.speaker].append(quote)
    ranked = sorted(
        grouped.items(),
        key=lambda kv: (
            -len({s.document for q in kv[1] for s in q.sources}),
            -len(kv[1]),
            names.get(kv[0], kv[0]),
        ),
    )
    return [
        SpeakerQuotes(
            speaker=speaker,
            name=names.get(speaker, speaker),
            documents=len({s.document for q in said for s in q.sources}),
            quotes=sorted(
                said,
                key=lambda q: (-len(q.sources), q.kind != "direct", q.date or "~"),
            )[:QUOTES_PER_SPEAKER],
        )
        for speaker, said in ranked[:QUOTE_SPEAKERS]
    ]


def _with_sources(brief: Brief, names: dict[str, str]) -> Brief:
    """Fill in the bibliography and the actor names of everything the brief shows."""
    sections = [
        *brief.timeline,
        *brief.undated,
        *brief.agreements,
        *brief.commitments,
        *brief.figures,
        *brief.institutions,
        *(q for group in brief.quotes for q in group.quotes),
    ]
    cited = {s.document: s for item in sections for s in item.sources}
    cited |= {s.document: s for c in brief.conflicts for v in c.values for s in v.sources}
    used = {a for item in sections for a in _actor_ids(item)}
    brief.sources = sorted(
        cited.values(), key=lambda s: (s.published is None, s.published or "", s.document)
    )
    brief.actors = {a: names.get(a, a) for a in sorted(used)}
    return brief


def _title(scope: Scope) -> str:
    if scope.sides is None:
        return "Brief: the whole record"
    return f"{scope.sides[0].name} – {scope.sides[1].name}: brief"


def _first(entries: list[TimelineEntry]) -> str | None:
    return entries[0].date if entries else None


def _last(entries: list[TimelineEntry]) -> str | None:
    return max((e.date for e in entries if e.date), default=None)
