"""The ingest job: read every input, prepare each document, store it in its own transaction.

A bad input never stops the batch: it is recorded as rejected with its
reason and the job goes on. The caller gets one :class:`Outcome` per input
through ``on_outcome`` (for progress display) and a summary at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from accord.errors import InputRejected
from accord.ingest.fetch import FetchPolicy, fetch
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem, Rejected, Skipped, iter_inputs
from accord.settings import Settings
from accord.store.documents import record_rejection, store_document


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input: new, version, unchanged, rejected or skipped."""

    source: str
    status: str
    doc_id: str | None = None
    reason: str | None = None
    title: str | None = None


@dataclass(slots=True)
class IngestReport:
    """Counts by status and every rejection, for the summary table and the exit code."""

    counts: Counter[str] = field(default_factory=Counter)
    rejected: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    stored: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def policy_from(settings: Settings) -> FetchPolicy:
    return FetchPolicy(
        max_bytes=settings.max_bytes,
        timeout=settings.fetch_timeout,
        max_redirects=settings.max_redirects,
        allow_private=settings.allow_private,
        user_agent=settings.user_agent,
    )


def ingest(
    inputs: list[str],
    engine: Engine,
    settings: Settings,
    *,
    on_outcome: Callable[[Outcome], None] | None = None,
    fetcher: Callable[..., object] = fetch,
) -> IngestReport:
    """Ingest everything ``inputs`` names into the knowledge base behind ``engine``."""
    report = IngestReport()
    for entry in iter_inputs(inputs, policy_from(settings), fetcher):
        outcome = _handle(entry, engine)
        report.counts[outcome.status] += 1
        if outcome.status == "rejected":
            report.rejected.append(outcome)
        elif outcome.status == "skipped":
            report.skipped.append(outcome)
        else:
            report.stored.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return report


def _handle(entry: RawItem | Rejected | Skipped, engine: Engine) -> Outcome:
    if isinstance(entry, Skipped):
        return Outcome(entry.source, "skipped", reason=entry.reason)
    if isinstance(entry, Rejected):
        record_rejection(engine, entry.source, entry.reason)
        return Outcome(entry.source, "rejected", reason=entry.reason)
    try:
        doc = prepare(entry)
    except InputRejected as exc:
        record_rejection(engine, entry.source, exc.reason)
        return Outcome(entry.source, "rejected", reason=exc.reason)
    with engine.begin() as connection:
        stored = store_document(connection, doc, raw=entry.content, source_key=entry.key)
    return Outcome(entry.source, stored.status, doc_id=stored.id, title=doc.title)
