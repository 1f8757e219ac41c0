"""The record: typed models that are the single definition of what accord keeps.

The JSON export (contract ``accord.record/1``), its JSON Schema, the API
responses and the CLI ``--json`` output are all built from these models.
Field names of the contract are fixed; fields marked "accord extension" are
additions the contract allows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "accord.record/1"

Precision = Literal["day", "month", "year"]
ActorKind = Literal[
    "person", "country", "organization", "institution", "place", "facility", "other"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """A sentence an item came from, with its offsets in the document's cleaned text."""

    document: str = Field(description="Document id.")
    text: str = Field(description="The sentence as it stands in the cleaned text.")
    start: int = Field(ge=0, description="Offset of the first character in the cleaned text.")
    end: int = Field(ge=0, description="Offset one past the last character.")


class RemovedLine(_Model):
    """A line the cleaner removed from a document, and why (accord extension)."""

    line: int = Field(description="1-based line number in the text before cleaning.")
    text: str
    reason: str = Field(description="Rule that removed it, e.g. 'breadcrumb', 'byline'.")


class Document(_Model):
    """One ingested article or readout (one version of it)."""

    id: str = Field(description="Stable id derived from the content hash.")
    source: str = Field(description="Path or URL as given.")
    title: str | None = None
    published: str | None = Field(
        None, description="Publication time as ISO 8601 (partial allowed); null when not stated."
    )
    outlet: str | None = None
    authors: list[str] = Field(default_factory=list)
    dateline: str | None = Field(None, description="Place as printed, e.g. 'TASHKENT'.")
    attributed_to: list[str] = Field(
        default_factory=list, description="Agencies or press services the text cites."
    )
    language: str | None = None
    # accord extensions
    url: str | None = Field(None, description="Canonical URL when known.")
    format: str | None = Field(None, description="Input format: txt, md, html, json.")
    content_hash: str | None = Field(None, description="SHA-256 of the raw content.")
    version_of: str | None = Field(
        None, description="Id of the previous version of the same source, if any."
    )
    word_count: int | None = None
    text: str | None = Field(None, description="Cleaned text; evidence offsets point into it.")
    removed: list[RemovedLine] = Field(
        default_factory=list, description="Boilerplate the cleaner removed."
    )


class Role(_Model):
    """A position an actor holds, as learned from text or the office-holder table."""

    title: str
    country: str | None = Field(None, description="ISO 3166-1 alpha-3.")
    organization: str | None = None
    start: str | None = None
    end: str | None = None


class Actor(_Model):
    """A person, country, organisation, institution, place or facility."""

    id: str
    name: str = Field(description="Canonical display name.")
    kind: ActorKind
    country: str | None = Field(None, description="ISO 3166-1 alpha-3 the actor belongs to.")
    roles: list[Role] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list, description="Every surface form seen.")
    # accord extension
    mentions: int = Field(0, description="Number of mentions across documents.")


class Event(_Model):
    """A typed event (meeting, signing, statement, ...), merged across sources."""

    id: str
    type: str = Field(description="accord diplomatic event type, e.g. 'meeting'.")
    plover: str | None = Field(None, description="PLOVER root type, e.g. 'CONSULT'.")
    mode: str | None = None
    date: str | None = None
    date_precision: Precision | None = None
    location: str | None = None
    occasion: str | None = None
    participants: list[str] = Field(default_factory=list, description="Actor ids.")
    source_actor: str | None = None
    target_actor: str | None = None
    summary: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    # accord extension
    source_count: int = Field(0, description="Number of distinct documents reporting it.")


class Agreement(_Model):
    """A document signed or to be signed."""

    id: str
    title: str
    kind: str | None = None
    date: str | None = None
    status: str | None = None
    parties: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Commitment(_Model):
    """A promise, target, planned event, invitation or project, and whether it was kept."""

    id: str
    text: str
    by: list[str] = Field(default_factory=list)
    made_on: str | None = None
    due: str | None = None
    status: str = "open"
    fulfilled_by: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    # accord extensions
    kind: str | None = Field(None, description="target, planned_event, invitation, project, ...")
    reason: str | None = Field(
        None, description="Why the status is what it is: the rule, the evidence, the score."
    )


class Figure(_Model):
    """A quantity stated in a source: money, percentage, multiplier or count."""

    id: str
    indicator: str | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    period: str | None = None
    change: Literal["increase", "decrease"] | None = Field(
        None, description="Set when the figure describes a change; decreases are also negative."
    )
    stated_by: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    # accord extension
    between: list[str] = Field(
        default_factory=list,
        description="Countries the figure is about (trade between them, one country's output).",
    )
    target: bool = Field(
        False,
        description="A goal or forecast for the period ('agreed to bring trade to $5 billion "
        "by 2030', 'could reach $2 billion'), not a value reached.",
    )


class Quote(_Model):
    """Words attributed to a speaker."""

    id: str
    speaker: str | None = None
    text: str
    date: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    # accord extension
    kind: Literal["direct", "speech", "indirect"] = "direct"


class Subject(_Model):
    kind: str
    id: str


class ConflictValue(_Model):
    value: str | float | int | None
    evidence: list[Evidence] = Field(default_factory=list)
    figure: str | None = Field(
        None, description="The figure stating this value, in a conflict over a figure's value."
    )


class Conflict(_Model):
    """Sources that disagree on one field of one item."""

    id: str
    subject: Subject
    field: str
    values: list[ConflictValue]


class Record(_Model):
    """The whole exported knowledge base (contract ``accord.record/1``)."""

    schema_: Literal["accord.record/1"] = Field(SCHEMA_ID, alias="schema")
    generated: datetime
    documents: list[Document] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
