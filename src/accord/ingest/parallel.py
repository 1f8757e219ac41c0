"""Where the per-document analysis runs: in this process, or in N local worker processes.

The ingest job hands batches of prepared documents to an analysis runner
and takes the results back in the order it submitted them, so it can keep
reading, preparing and writing while workers analyse. Each worker process
builds its :class:`~accord.analyze.document.Analyzer` (the spaCy model, the
reference tables) once, in the pool initializer. Workers return plain table
rows (:class:`~accord.store.analysis.AnalysisRows`), cheap to send back and
ready to insert.

A document whose analysis raises is the only one that fails: the batch is
analysed again one document at a time and that document comes back as
:class:`AnalysisFailed` with the reason. A worker that dies (a crash in a
native library, the out-of-memory killer) is replaced and its batch is
retried document by document; a document that kills a worker twice fails.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Protocol

from accord.analyze.document import ANALYSIS_VERSION, Analyzer, analyze_documents
from accord.models import Document
from accord.settings import Settings
from accord.store.analysis import AnalysisRows, analysis_rows


@dataclass(frozen=True, slots=True)
class AnalysisFailed:
    """The analysis of one document raised; the document is rejected with ``reason``."""

    document_id: str
    reason: str


Analysed = AnalysisRows | AnalysisFailed


class Pending(Protocol):
    """A submitted batch; ``result()`` waits for its analyses, in submission order."""

    def result(self) -> list[Analysed]: ...


class AnalysisRunner(Protocol):
    """Runs the analysis of batches of documents somewhere."""

    workers: int

    def submit(self, docs: list[Document]) -> Pending: ...

    def close(self) -> None: ...


def analyse_batch(docs: list[Document], analyzer: Analyzer) -> list[Analysed]:
    """Analyse ``docs`` in one spaCy pass; on an error, each alone so only the culprit fails."""
    try:
        return [
            analysis_rows(a, ANALYSIS_VERSION)
            for a in analyze_documents(docs, analyzer, batch_size=max(len(docs), 1))
        ]
    except Exception:
        return [_analyse_one(doc, analyzer) for doc in docs]


def _analyse_one(doc: Document, analyzer: Analyzer) -> Analysed:
    try:
        [analysis] = analyze_documents([doc], analyzer)
        return analysis_rows(analysis, ANALYSIS_VERSION)
    except Exception as exc:  # isolation: any failure of one document is that document's
        return AnalysisFailed(doc.id, f"cannot analyse: {type(exc).__name__}: {exc}")


def runner_for(settings: Settings, jobs: int, analyzer: Analyzer | None = None) -> AnalysisRunner:
    """An in-process runner for ``jobs`` <= 1, else a pool of ``jobs`` worker processes."""
    if jobs <= 1:
        return InProcess(settings, analyzer)
    return ProcessPool(settings, jobs)


@dataclass(slots=True)
class _Done:
    value: list[Analysed]

    def result(self) -> list[Analysed]:
        return self.value


class InProcess:
    """Analysis in the calling process; the Analyzer is built on first use."""

    workers = 1

    def __init__(self, settings: Settings, analyzer: Analyzer | None = None) -> None:
        self.settings, self.analyzer = settings, analyzer

    def submit(self, docs: list[Document]) -> Pending:
        if self.analyzer is None:
            self.analyzer = Analyzer.from_settings(self.settings)
        return _Done(analyse_batch(docs, self.analyzer))

    def close(self) -> None:
        pass


# Set in worker processes only, by the pool initializer: the Analyzer of that process.
_WORKER: dict[str, Analyzer] = {}


def _init_worker(settings: Settings) -> None:
    _WORKER["analyzer"] = Analyzer.from_settings(settings)


def _work(docs: list[Document]) -> list[Analysed]:
    return analyse_batch(docs, _WORKER["analyzer"])


def pool_context() -> multiprocessing.context.BaseContext:
    """'forkserver' where the platform has it, else 'spawn': never fork a process with threads."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class ProcessPool:
    """``jobs`` worker processes, each with its own Analyzer built once at start."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        self.settings, self.workers = settings, jobs
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=pool_context(),
            initializer=_init_worker,
            initargs=(self.settings,),
        )

    def submit(self, docs: list[Document]) -> Pending:
        return _InPool(self, docs, self._pool.submit(_work, docs))

    def retry_alone(self, docs: list[Document]) -> list[Analysed]:
        """After a worker died: each document in its own task, on a fresh pool if needed."""
        results: list[Analysed] = []
        for doc in docs:
            try:
                results += self._resubmit([doc]).result()
            except BrokenProcessPool:
                results.append(AnalysisFailed(doc.id, "cannot analyse: the worker process died"))
        return results

    def _resubmit(self, docs: list[Document]) -> Future[list[Analysed]]:
        try:
            return self._pool.submit(_work, docs)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()
            return self._pool.submit(_work, docs)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(slots=True)
class _InPool:
    pool: ProcessPool
    docs: list[Document]
    future: Future[list[Analysed]]

    def result(self) -> list[Analysed]:
        try:
            return self.future.result()
        except BrokenProcessPool:
            return self.pool.retry_alone(self.docs)
