"""The ingest job: read every input, prepare and analyse each document, store it with its analysis.

A bad input never stops the batch: it is recorded as rejected with its
reason and the job goes on. The caller gets one :class:`Outcome` per input
through ``on_outcome`` (for progress display) and a summary at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from accord.analyze.document import ANALYSIS_VERSION, Analyzer, analyze_documents
from accord.analyze.reference import Reference, load_reference
from accord.analyze.types import DocumentAnalysis
from accord.errors import InputRejected
from accord.fuse.record import rebuild_record
from accord.ingest.fetch import FetchPolicy, fetch
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem, Skipped, iter_inputs
from accord.models import Document
from accord.settings import Settings
from accord.store.analysis import analysis_versions, save_analysis
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
    analyzer: Analyzer | None = None,
    analyze: bool = True,
    reanalyze: bool = False,
    batch_size: int = 32,
) -> IngestReport:
    """Ingest everything ``inputs`` names into the knowledge base behind ``engine``.

    Documents are prepared one by one, analysed in batches (one spaCy
    ``pipe`` call per batch) and stored each in its own transaction together
    with its analysis. Documents already stored are analysed again only when
    their analysis is older than this accord's (or ``reanalyze`` is set).
    The record is rebuilt once at the end.
    """
    report = IngestReport()
    job = _Job(engine, settings, analyzer, analyze, reanalyze)
    # Outcomes are reported in input order: entries wait in `pending` until the batch of
    # documents they are interleaved with has been analysed and stored.
    pending: list[tuple[RawItem, Document] | Outcome] = []
    for entry in iter_inputs(inputs, policy_from(settings), fetcher):
        if isinstance(entry, RawItem):
            try:
                pending.append((entry, prepare(entry)))
            except InputRejected as exc:
                pending.append(_reject(engine, entry.source, exc.reason))
        elif isinstance(entry, Skipped):
            pending.append(Outcome(entry.source, "skipped", reason=entry.reason))
        else:
            pending.append(_reject(engine, entry.source, entry.reason))
        if sum(isinstance(p, tuple) for p in pending) >= batch_size:
            _flush(job, pending, report, on_outcome)
            pending = []
    _flush(job, pending, report, on_outcome)
    if job.changed:
        rebuild_record(engine, job.reference())
    return report


def _flush(
    job: _Job, pending: list, report: IngestReport, on_outcome: Callable[[Outcome], None] | None
) -> None:
    stored = iter(job.store([p for p in pending if isinstance(p, tuple)]))
    for item in pending:
        _report(report, next(stored) if isinstance(item, tuple) else item, on_outcome)


class _Job:
    """State of one ingest run: the analyzer (built on first need) and what changed."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        analyzer: Analyzer | None,
        analyze: bool,
        reanalyze: bool,
    ) -> None:
        self.engine, self.settings = engine, settings
        self.analyzer, self.analyze, self.reanalyze = analyzer, analyze, reanalyze
        self.changed = False

    def reference(self) -> Reference:
        if self.analyzer is not None:
            return self.analyzer.reference
        return load_reference(self.settings.data_dir)

    def store(self, batch: list[tuple[RawItem, Document]]) -> list[Outcome]:
        if not batch:
            return []
        results = self._analyses([doc for _, doc in batch])
        outcomes = []
        for entry, doc in batch:
            analysis = results.get(doc.id)
            try:
                with self.engine.begin() as connection:
                    stored = store_document(
                        connection, doc, raw=entry.content, source_key=entry.key
                    )
                    if analysis is not None:
                        save_analysis(connection, analysis, ANALYSIS_VERSION)
            except SQLAlchemyError as exc:  # one document's failure must not stop the batch
                reason = f"cannot store: {getattr(exc, 'orig', exc)}"
                outcomes.append(_reject(self.engine, entry.source, reason))
                continue
            self.changed |= stored.status != "unchanged" or analysis is not None
            outcomes.append(Outcome(entry.source, stored.status, doc_id=stored.id, title=doc.title))
        return outcomes

    def _analyses(self, docs: list[Document]) -> dict[str, DocumentAnalysis]:
        if not self.analyze:
            return {}
        versions = analysis_versions(self.engine, (d.id for d in docs))
        todo = [d for d in docs if self.reanalyze or versions.get(d.id, 0) < ANALYSIS_VERSION]
        todo = list({d.id: d for d in todo}.values())
        if not todo:
            return {}
        if self.analyzer is None:
            self.analyzer = Analyzer.from_settings(self.settings)
        return {a.document: a for a in analyze_documents(todo, self.analyzer)}


def _report(
    report: IngestReport, outcome: Outcome, on_outcome: Callable[[Outcome], None] | None
) -> None:
    report.counts[outcome.status] += 1
    if outcome.status == "rejected":
        report.rejected.append(outcome)
    elif outcome.status == "skipped":
        report.skipped.append(outcome)
    else:
        report.stored.append(outcome)
    if on_outcome is not None:
        on_outcome(outcome)


def _reject(engine: Engine, source: str, reason: str) -> Outcome:
    record_rejection(engine, source, reason)
    return Outcome(source, "rejected", reason=reason)
