"""Typed results of the per-document analysis, before they become record items.

Offsets are character offsets into the document's cleaned text
(:attr:`accord.models.Document.text`); ``sentence`` is an index into
:attr:`DocumentAnalysis.sentences`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from accord.models import (
    ActorKind,
    Agreement,
    Commitment,
    Event,
    Evidence,
    Figure,
    Precision,
    Quote,
    Role,
)


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sentence(_Item):
    """A sentence of the cleaned text (trimmed of surrounding whitespace)."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int = Field(description="Index of the paragraph (blank-line separated block).")


class TimeMention(_Item):
    """A temporal expression and its normalised value.

    ``value`` is an ISO partial date (YYYY, YYYY-MM, YYYY-MM-DD) or null when
    the expression cannot be anchored or is vague; ``end`` is the end of a
    range ("2024-2028", "until 2030", "since 2019" up to the anchor).
    """

    start: int
    end: int
    text: str
    sentence: int
    value: str | None = None
    precision: Precision | None = None
    end_value: str | None = None
    kind: Literal["date", "range", "since", "until", "vague", "duration"] = "date"
    relative: bool = Field(False, description="True when resolved against an anchor date.")
    tense: Literal["past", "future", "present"] | None = Field(
        None, description="Whether the expression points before or after the anchor."
    )


class FigureMention(_Item):
    """A quantity found in a sentence, normalised."""

    start: int
    end: int
    text: str
    sentence: int
    value: float
    value_max: float | None = None
    unit: str
    qualifier: str | None = None
    indicator: str | None = None
    period: str | None = None
    change: Literal["increase", "decrease"] | None = None
    target: bool = False  # a goal or forecast, not a value reached


class QuoteMention(_Item):
    """Words attributed to a speaker; the speaker is the phrase that names them."""

    start: int
    end: int
    text: str
    kind: Literal["direct", "speech", "indirect"]
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    sentences: list[int] = Field(default_factory=list, description="Sentences holding the quote.")


class Mention(_Item):
    """A mention of an actor, resolved to a document-level actor key when possible."""

    start: int
    end: int
    text: str
    sentence: int
    kind: ActorKind
    actor: str | None = Field(None, description="Actor id (stable key) or null if unresolved.")
    how: str = Field(description="Rule that found or resolved it, e.g. 'gazetteer', 'title'.")
    role: str | None = None


class LocalActor(_Item):
    """An actor as one document knows it: the aliases and roles seen there."""

    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    roles: list[Role] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)


class Completion(_Item):
    """A report that something was done ('took place', 'has opened'), for fulfilment links."""

    id: str
    text: str
    date: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class DocumentAnalysis(_Item):
    """Everything the analysis found in one document."""

    document: str
    language: str | None = None
    degraded: bool = Field(False, description="True when run without a statistical model.")
    sentences: list[Sentence] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    actors: list[LocalActor] = Field(default_factory=list)
    times: list[TimeMention] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    completions: list[Completion] = Field(default_factory=list)
