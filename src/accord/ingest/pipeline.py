"""The ingest job: read every input, prepare and analyse each document, store it with its analysis.

A bad input never stops the batch: it is recorded as rejected with its
reason and the job goes on. The caller gets one :class:`Outcome` per input,
in input order, through ``on_outcome`` (for progress display) and a summary
at the end.

The job streams: inputs are read one at a time, documents travel in batches
of ``batch_size``, and at most a few batches are held at once, so memory does
not grow with the number of inputs. The analysis runs in this process
(``jobs=1``), in ``jobs`` local worker processes (:mod:`accord.ingest.parallel`)
while this process keeps reading and writing, or as Dask tasks
(``executor="dask"``, :mod:`accord.ingest.distributed`). Each batch of
documents is written in one transaction (:mod:`accord.store.bulk`), a
document together with its analysis.
"""

from __future__ import annotations

import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Connection, Engine

from accord.analyze.document import ANALYSIS_VERSION, Analyzer
from accord.analyze.nlp import ModelUnavailableWarning
from accord.analyze.reference import Reference, load_reference
from accord.errors import AccordError, InputRejected
from accord.fuse.record import unfused_documents, update_record
from accord.ingest.fetch import FetchPolicy, fetch
from accord.ingest.parallel import Analysed, AnalysisFailed, AnalysisRunner, Pending, runner_for
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem, Rejected, Skipped, iter_inputs
from accord.models import Document
from accord.settings import Settings
from accord.store.analysis import AnalysisRows, analysis_versions, save_analysis_rows
from accord.store.bulk import WriteFailed, write_batch
from accord.store.documents import Stored, record_rejection, store_document

if TYPE_CHECKING:
    from distributed import Client

Executor = Literal["local", "dask"]

# Past this many changed documents the record is rebuilt rather than updated, so the job
# never holds an unbounded set of ids (a rebuild reads everything anyway).
_MAX_TRACKED = 50_000


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


@dataclass(slots=True)
class Prepared:
    """A document ready to store: as read, as prepared, and its analysis when it has one."""

    source: str
    key: str
    raw: str
    doc: Document
    analysis: Analysed | None = None


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
    jobs: int = 1,
    executor: Executor = "local",
    scheduler: str | Client | None = None,
    parquet_dir: str | Path | None = None,
    keep_outcomes: bool = True,
    names: Mapping[str, str] | None = None,
) -> IngestReport:
    """Ingest everything ``inputs`` names into the knowledge base behind ``engine``.

    Documents are prepared one by one, analysed in batches (one spaCy ``pipe``
    call per batch) with ``jobs`` processes, and stored a batch per
    transaction, each together with its analysis. Documents already stored
    are analysed again only when their analysis is older than this accord's
    (or ``reanalyze`` is set). The record is brought up to date once at the
    end. ``executor="dask"`` runs the analysis on a Dask cluster
    (``scheduler`` address, or a local cluster of ``jobs`` workers) with
    results as Parquet in ``parquet_dir``. ``keep_outcomes=False`` keeps only
    counts and rejections in the report, for inputs of any size. ``names``
    (input -> name) shows and records an input under another name than its path
    (local executor; the web app's staged uploads).
    """
    if executor not in ("local", "dask"):
        raise AccordError(f"unknown executor {executor!r}: use 'local' or 'dask'")
    if executor == "dask" and not analyze:
        raise AccordError("the Dask executor runs the analysis; without it use executor='local'")
    if executor == "dask" and names:
        raise AccordError("names for inputs are not passed to Dask workers: use executor='local'")
    remote = executor == "dask" or jobs > 1
    writer = Writer(engine, reanalyze, warn_degraded=remote and _model_wanted(settings))
    with ExitStack() as stack:
        if executor == "dask":
            from accord.ingest.distributed import analyse_on_dask

            stream = analyse_on_dask(
                inputs, settings, jobs=max(jobs, 1), scheduler=scheduler, parquet_dir=parquet_dir
            )
            stack.enter_context(closing(stream))  # the cluster stops even if writing fails
            outcomes = writer.write_all(stream, batch_size)
        else:
            runner = runner_for(settings, jobs, analyzer) if analyze else None
            if runner is not None:
                stack.callback(runner.close)
            job = _LocalJob(engine, settings, fetcher, runner, writer, reanalyze, names)
            outcomes = job.run(inputs, batch_size)
        report = _collect(outcomes, on_outcome, keep_outcomes)
    if writer.changed:
        reference = analyzer.reference if analyzer else load_reference(settings.data_dir)
        fuse(engine, reference, writer.changed_ids)
    return report


def fuse(engine: Engine, reference: Reference, documents_added: set[str] | None) -> None:
    """Bring the record up to date for the documents added (None: rebuild it all)."""
    update_record(engine, reference, documents_added)


def _collect(
    outcomes: Iterable[Outcome], on_outcome: Callable[[Outcome], None] | None, keep: bool
) -> IngestReport:
    report = IngestReport()
    for outcome in outcomes:
        report.counts[outcome.status] += 1
        if outcome.status == "rejected":
            report.rejected.append(outcome)
        elif outcome.status == "skipped":
            if keep or not report.skipped:
                report.skipped.append(outcome)
        elif keep:
            report.stored.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return report


# What the writer takes, in input order: documents to store, inputs rejected or skipped.
Entry = Prepared | Rejected | Skipped


@dataclass(slots=True)
class _Batch:
    """Entries in input order, and the analysis of their documents once submitted."""

    entries: list[Entry]
    pending: Pending | None = None


class _LocalJob:
    """Read and prepare in this process; analyse with the runner; write in input order."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        fetcher: Callable[..., object],
        runner: AnalysisRunner | None,
        writer: Writer,
        reanalyze: bool,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.engine, self.settings, self.fetcher = engine, settings, fetcher
        self.runner, self.writer, self.reanalyze = runner, writer, reanalyze
        self.names = names

    def run(self, inputs: list[str], batch_size: int) -> Iterator[Outcome]:
        # Batches wait in `flight` while workers analyse them; two per worker keeps every
        # worker busy while this process writes the oldest.
        window = 2 * self.runner.workers if self.runner and self.runner.workers > 1 else 0
        flight: deque[_Batch] = deque()
        batch = _Batch([])
        documents = 0
        for entry in self._entries(inputs):
            batch.entries.append(entry)
            documents += isinstance(entry, Prepared)
            if documents >= batch_size or len(batch.entries) >= 8 * batch_size:
                flight.append(self._submit(batch))
                batch, documents = _Batch([]), 0
                while len(flight) > window:
                    yield from self._write(flight.popleft())
        flight.append(self._submit(batch))
        while flight:
            yield from self._write(flight.popleft())

    def _entries(self, inputs: list[str]) -> Iterator[Entry]:
        for entry in iter_inputs(inputs, policy_from(self.settings), self.fetcher, self.names):
            if isinstance(entry, RawItem):
                try:
                    doc = prepare(entry)
                except InputRejected as exc:
                    yield Rejected(entry.source, exc.reason)
                    continue
                yield Prepared(entry.source, entry.key, entry.content, doc)
            else:
                yield entry

    def _submit(self, batch: _Batch) -> _Batch:
        if self.runner is None:
            return batch
        docs = [e.doc for e in batch.entries if isinstance(e, Prepared)]
        versions = analysis_versions(self.engine, (d.id for d in docs))
        todo = [d for d in docs if self.reanalyze or versions.get(d.id, 0) < ANALYSIS_VERSION]
        todo = list({d.id: d for d in todo}.values())
        if todo:
            batch.pending = self.runner.submit(todo)
        return batch

    def _write(self, batch: _Batch) -> list[Outcome]:
        if batch.pending is not None:
            results = {r.document_id: r for r in batch.pending.result()}
            for entry in batch.entries:
                if isinstance(entry, Prepared):
                    entry.analysis = results.get(entry.doc.id)
        return self.writer.write(batch.entries)


class Writer:
    """Writes entries a batch per transaction and remembers which documents changed."""

    def __init__(self, engine: Engine, reanalyze: bool, *, warn_degraded: bool = False) -> None:
        self.engine, self.reanalyze = engine, reanalyze
        self.changed = False
        self.changed_ids: set[str] | None = set()
        self.warn_degraded = warn_degraded

    def write_all(self, entries: Iterable[Entry], batch_size: int) -> Iterator[Outcome]:
        """Write a stream of entries in batches; outcomes in the same order."""
        batch: list[Entry] = []
        documents = 0
        for entry in entries:
            batch.append(entry)
            documents += isinstance(entry, Prepared)
            if documents >= batch_size or len(batch) >= 8 * batch_size:
                yield from self.write(batch)
                batch, documents = [], 0
        yield from self.write(batch)

    def write(self, entries: list[Entry]) -> list[Outcome]:
        """Store the prepared documents of ``entries`` in one transaction; one outcome each."""
        prepared = [e for e in entries if isinstance(e, Prepared)]
        self._drop_current_analyses(prepared)
        storable = [e for e in prepared if not isinstance(e.analysis, AnalysisFailed)]
        results = iter(write_batch(self.engine, storable, _store))
        outcomes: list[Outcome] = []
        for entry in entries:
            if isinstance(entry, Skipped):
                outcomes.append(Outcome(entry.source, "skipped", reason=entry.reason))
            elif isinstance(entry, Rejected):
                outcomes.append(_reject(self.engine, entry.source, entry.reason))
            elif isinstance(entry.analysis, AnalysisFailed):
                outcomes.append(_reject(self.engine, entry.source, entry.analysis.reason))
            else:
                outcomes.append(self._outcome(entry, next(results)))
        self._catch_up(outcomes)
        return outcomes

    def _catch_up(self, outcomes: list[Outcome]) -> None:
        """Stored documents the record does not cover yet: a killed run stored them and never
        fused. Running the same command again brings them into the record."""
        unchanged = [o.doc_id for o in outcomes if o.status == "unchanged" and o.doc_id]
        missing = unfused_documents(self.engine, unchanged)
        if missing:
            self.changed = True
            if self.changed_ids is not None:
                self.changed_ids.update(missing)

    def _drop_current_analyses(self, prepared: list[Prepared]) -> None:
        """Keep a stored analysis that is current (the same document earlier in this run,
        or in an earlier run) unless re-analysing: exactly what one process in order does."""
        analysed = [e for e in prepared if isinstance(e.analysis, AnalysisRows)]
        if self.reanalyze or not analysed:
            return
        versions = analysis_versions(self.engine, (e.doc.id for e in analysed))
        seen: set[str] = set()
        for entry in analysed:
            if versions.get(entry.doc.id, 0) >= ANALYSIS_VERSION or entry.doc.id in seen:
                entry.analysis = None
            seen.add(entry.doc.id)

    def _outcome(self, entry: Prepared, result: Stored | WriteFailed) -> Outcome:
        if isinstance(result, WriteFailed):
            return _reject(self.engine, entry.source, result.reason)
        if isinstance(entry.analysis, AnalysisRows):
            self._warn_if_degraded(entry.analysis)
        if result.status != "unchanged" or entry.analysis is not None:
            self.changed = True
            if self.changed_ids is not None:
                self.changed_ids.add(result.id)
                if len(self.changed_ids) > _MAX_TRACKED:
                    self.changed_ids = None
        return Outcome(entry.source, result.status, doc_id=result.id, title=entry.doc.title)

    def _warn_if_degraded(self, rows: AnalysisRows) -> None:
        """Worker processes cannot warn the caller; say once that they ran rules only."""
        if rows.analysis["degraded"] and self.warn_degraded:
            self.warn_degraded = False
            warnings.warn(
                "the spaCy model is not installed where the analysis ran: rules only (no "
                "named entities or parse; fewer people and events found).",
                ModelUnavailableWarning,
                stacklevel=2,
            )


def _model_wanted(settings: Settings) -> bool:
    """A statistical model was asked for (not rules only on purpose)."""
    return settings.spacy_model.lower() not in {"", "none", "rules"}


def _store(connection: Connection, entry: Prepared) -> Stored:
    stored = store_document(connection, entry.doc, raw=entry.raw, source_key=entry.key)
    if isinstance(entry.analysis, AnalysisRows):
        # a document inserted just now has no analysis to replace (its id is its content)
        save_analysis_rows(connection, entry.analysis, new=stored.status == "new")
    return stored


def _reject(engine: Engine, source: str, reason: str) -> Outcome:
    record_rejection(engine, source, reason)
    return Outcome(source, "rejected", reason=reason)
