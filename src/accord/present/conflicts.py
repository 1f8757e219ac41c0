"""The conflicts view: each disagreement with a readable subject and every source's value."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import Engine

from accord.models import Agreement, Commitment, Conflict, Event, Evidence, Figure
from accord.present.queries import SourceRef, document_refs, sources_of
from accord.present.text import format_value
from accord.store.record import list_items


class SubjectView(BaseModel):
    """The item in dispute, with a human label."""

    kind: str
    id: str
    label: str = Field(
        description="A figure's indicator and period, an event's date and summary, an "
        "agreement's title."
    )


class ConflictValueView(BaseModel):
    """What one group of sources says."""

    value: str | float | int | None
    display: str = Field(description="The value as a reader sees it, e.g. '1.5 billion USD'.")
    sources: list[SourceRef] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class ConflictView(BaseModel):
    """One ``accord conflicts --json`` item."""

    id: str
    subject: SubjectView
    field: str
    values: list[ConflictValueView]


Subjects = dict[str, Event | Figure | Agreement | Commitment]


def describe_conflicts(
    conflicts: list[Conflict], subjects: Subjects, refs: dict[str, SourceRef]
) -> list[ConflictView]:
    """Conflicts with their subjects labelled and each value's sources listed."""
    views = []
    for conflict in conflicts:
        item = subjects.get(conflict.subject.id)
        unit = item.unit if isinstance(item, Figure) and conflict.field == "value" else None
        views.append(
            ConflictView(
                id=conflict.id,
                subject=SubjectView(
                    kind=conflict.subject.kind, id=conflict.subject.id, label=subject_label(item)
                ),
                field=conflict.field,
                values=[
                    ConflictValueView(
                        value=v.value,
                        display=_display(v.value, unit),
                        sources=sources_of(v.evidence, refs),
                        evidence=v.evidence,
                    )
                    for v in conflict.values
                ],
            )
        )
    return views


def subject_label(item: Event | Figure | Agreement | Commitment | None) -> str:
    """'trade turnover, 2022', '2022-06-14 meeting: ...', an agreement's title."""
    if isinstance(item, Figure):
        return ", ".join(p for p in (item.indicator or "figure", item.period) if p)
    if isinstance(item, Event):
        head = f"{item.date or 'undated'} {item.type}"
        return f"{head}: {item.summary}" if item.summary else head
    if isinstance(item, Agreement):
        return item.title
    if isinstance(item, Commitment):
        return item.text[:120]
    return "(item no longer in the record)"


def _display(value: str | float | int | None, unit: str | None) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_value(float(value), unit)
    return "—" if value is None else str(value)


def list_conflicts(engine: Engine, *, kind: str | None = None) -> list[ConflictView]:
    """The record's conflicts (optionally of one subject kind), described for reading."""
    conflicts = [
        c
        for c in list_items(engine, "conflict", Conflict)
        if kind is None or c.subject.kind == kind
    ]
    wanted = {c.subject.kind for c in conflicts}
    models = {"event": Event, "figure": Figure, "agreement": Agreement, "commitment": Commitment}
    subjects: Subjects = {
        item.id: item
        for subject_kind, model in models.items()
        if subject_kind in wanted
        for item in list_items(engine, subject_kind, model)
    }
    return describe_conflicts(conflicts, subjects, document_refs(engine))
