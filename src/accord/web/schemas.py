"""Response and request models of the JSON API, around the record's own models.

Items are always the export's models (:mod:`accord.models`); this module only
adds the envelopes: a page with its total, a document with its mentions, the
error shape, ingest requests and job status.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from accord.analyze.types import Mention, TimeMention
from accord.models import Actor, Agreement, Document, Event, Quote

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(_Model):
    code: str = Field(description="Stable machine-readable code, e.g. 'not_found'.")
    message: str = Field(description="What went wrong, for people.")


class ErrorResponse(_Model):
    """The one shape of every error the API returns."""

    error: ErrorDetail


class Page(_Model, Generic[T]):
    """One page of a listing: ``items[offset : offset + limit]`` of ``total``."""

    items: list[T]
    total: int = Field(description="Number of items in the whole listing.")
    limit: int
    offset: int


class Timeline(_Model):
    """Dated events in date order, and undated events listed apart."""

    dated: Page[Event]
    undated: Page[Event]


class DocumentDetail(_Model):
    """A document with its cleaned text, removed boilerplate and what was found in it."""

    document: Document
    mentions: list[Mention] = Field(description="Actor mentions, in text order.")
    times: list[TimeMention] = Field(description="Time expressions, normalised.")


class ActorDetail(_Model):
    """An actor with the events it took part in (newest first) and its quotes."""

    actor: Actor
    events: Page[Event]
    quotes: Page[Quote]


class DocumentHit(_Model):
    """A document matching a full-text search."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None
    source: str
    snippet: str = Field(description="Text around the matches, plain.")
    matches: list[tuple[int, int]] = Field(description="(start, end) of each match in snippet.")


class SearchResults(_Model):
    """Documents matching the query (full text) and record names containing it."""

    query: str
    documents: list[DocumentHit]
    actors: Page[Actor]
    agreements: Page[Agreement]


class IngestRequest(_Model):
    """One article to ingest: pasted text, pasted HTML, or a URL to fetch."""

    text: str | None = Field(None, description="Plain text of an article.")
    html: str | None = Field(None, description="HTML of an article page.")
    url: str | None = Field(
        None,
        description="With text/html: the article's address (metadata). Alone: a URL to fetch.",
    )
    title: str | None = None
    published: str | None = Field(None, description="Publication date, ISO 8601.")
    outlet: str | None = None


class MergeRequest(_Model):
    keep: str = Field(description="Actor id to keep, e.g. person:sadyr-japarov.")
    other: str = Field(description="Actor id that is the same actor; merged into keep.")


class MergeResult(_Model):
    merged: str
    into: Actor


class OutcomeOut(_Model):
    """What happened to one input of an ingest job."""

    source: str
    status: str = Field(description="new, version, unchanged, skipped or rejected.")
    doc_id: str | None = None
    reason: str | None = None
    title: str | None = None


class JobStatus(_Model):
    """An ingest job run in the background; poll it until ``state`` is done or failed."""

    id: str
    state: Literal["queued", "running", "done", "failed"]
    inputs: list[str]
    created: datetime
    started: datetime | None = None
    finished: datetime | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    outcomes: list[OutcomeOut] = Field(default_factory=list)
    error: str | None = None
