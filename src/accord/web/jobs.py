"""Writes from the web: ingest jobs in a background thread, one write at a time, with status.

Every write (ingest, actor merge) runs on one worker thread, so two requests
never rebuild the record at once and the page that started a long ingest can
show its progress. Uploaded and pasted articles are staged as files in a
temporary folder owned by the job; user input never names a path.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from accord.analyze.reference import Reference, load_reference
from accord.errors import AccordError, NotFound
from accord.ingest.pipeline import Outcome, ingest
from accord.settings import Settings
from accord.store.queries import refresh_pair_index
from accord.web.forms import Upload, safe_filename
from accord.web.schemas import IngestRequest, JobStatus, OutcomeOut

R = TypeVar("R")
log = logging.getLogger("accord.web")
UPLOAD_PREFIX = "upload/"


class JobRunner:
    """Runs writes one at a time on a worker thread and keeps the status of recent jobs."""

    def __init__(
        self, engine: Engine, settings: Settings, analyzer: object | None = None, keep: int = 100
    ) -> None:
        self.engine, self.settings = engine, settings
        self._analyzer = analyzer
        self._reference: Reference | None = None
        self._keep = keep
        self._jobs: OrderedDict[str, JobStatus] = OrderedDict()
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="accord-write")

    def ingest(self, inputs: list[str], workdir: Path | None = None) -> JobStatus:
        """Queue an ingest of ``inputs``; ``workdir`` (staged uploads) is removed afterwards."""
        job = JobStatus(
            id=uuid.uuid4().hex,
            state="queued",
            inputs=[_shown(i, workdir) for i in inputs],
            created=datetime.now(UTC),
        )
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                old, _ = self._jobs.popitem(last=False)
                self._futures.pop(old, None)
            self._futures[job.id] = self._executor.submit(self._run, job.id, inputs, workdir)
        return self.status(job.id)

    def status(self, job_id: str) -> JobStatus:
        """A snapshot of a job's status."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFound(f"no job {job_id!r} (jobs are kept while the server runs)")
            return job.model_copy(deep=True)

    def wait(self, job_id: str, timeout: float | None = None) -> JobStatus:
        """Block until the job has finished (or ``timeout`` seconds passed); its status."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            future.exception(timeout=timeout)
        return self.status(job_id)

    def run(self, write: Callable[[], R]) -> R:
        """Run one short write on the worker thread and return its result."""
        return self._executor.submit(self._then_refresh, write).result()

    def _then_refresh(self, write: Callable[[], R]) -> R:
        result = write()
        self._refresh()
        return result

    def _refresh(self) -> None:
        """Bring the pair index up to date now, so the next page does not wait for it."""
        try:
            refresh_pair_index(self.engine)
        except SQLAlchemyError as exc:
            log.warning("could not refresh the pair index: %s", exc)

    def reference(self) -> Reference:
        """The reference tables (from the analyzer when one is loaded)."""
        if self._analyzer is not None:
            return self._analyzer.reference  # type: ignore[attr-defined,no-any-return]
        if self._reference is None:
            self._reference = load_reference(self.settings.data_dir)
        return self._reference

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _run(self, job_id: str, inputs: list[str], workdir: Path | None) -> None:
        self._update(job_id, state="running", started=datetime.now(UTC))

        def record(outcome: Outcome) -> None:
            shown = OutcomeOut(
                source=outcome.source,  # already the shown name (``names`` below)
                status=outcome.status,
                doc_id=outcome.doc_id,
                reason=outcome.reason,
                title=outcome.title,
            )
            with self._lock:
                job = self._jobs.get(job_id)
                if job is not None:
                    job.outcomes.append(shown)
                    job.counts[outcome.status] = job.counts.get(outcome.status, 0) + 1

        try:
            if self._analyzer is None:
                from accord.analyze.document import Analyzer

                self._analyzer = Analyzer.from_settings(self.settings)
            ingest(
                inputs,
                self.engine,
                self.settings,
                on_outcome=record,
                analyzer=self._analyzer,  # type: ignore[arg-type]
                names={i: _shown(i, workdir) for i in inputs},  # documents' source, too
            )
            self._refresh()
        except Exception as exc:  # reported on the job's page, not lost in a thread
            message = str(exc) if isinstance(exc, AccordError) else f"{type(exc).__name__}: {exc}"
            self._update(job_id, state="failed", error=message, finished=datetime.now(UTC))
        else:
            self._update(job_id, state="done", finished=datetime.now(UTC))
        finally:
            if workdir is not None:
                shutil.rmtree(workdir, ignore_errors=True)

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                for name, value in changes.items():
                    setattr(job, name, value)


def stage_article(request: IngestRequest) -> tuple[list[str], Path | None]:
    """Inputs for one pasted article or URL; pasted content is staged as a JSON article."""
    body = {"text": request.text} if request.text and request.text.strip() else {}
    if request.html and request.html.strip():
        body = {"html": request.html}
    if not body:
        if not request.url:
            raise AccordError("give the article's text, its HTML, or a URL to fetch")
        return [checked_url(request.url)], None
    hints = {
        "url": checked_url(request.url) if request.url else None,
        "title": request.title,
        "published": request.published,
        "outlet": request.outlet,
    }
    body.update({k: v for k, v in hints.items() if v})
    workdir = _workdir()
    path = workdir / "pasted-article.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return [str(path)], workdir


def stage_uploads(files: list[Upload]) -> tuple[list[str], Path]:
    """Inputs for uploaded files, each written under its safe name in a new folder."""
    if not files:
        raise AccordError("no file was uploaded")
    workdir = _workdir()
    inputs = []
    for number, upload in enumerate(files, start=1):
        name = safe_filename(upload.filename)
        path = workdir / name
        if path.exists():
            path = workdir / f"{number}-{name}"
        path.write_bytes(upload.content)
        inputs.append(str(path))
    return inputs, workdir


def checked_url(url: str) -> str:
    """``url`` if it is http(s); anything else could name a file on the server."""
    value = url.strip()
    if not value.lower().startswith(("http://", "https://")):
        raise AccordError("only http:// and https:// URLs can be ingested from the web")
    return value


def _workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="accord-upload-"))


def _shown(source: str, workdir: Path | None) -> str:
    """A staged file's source as the user knows it (never the server's temporary path)."""
    if workdir is not None:
        prefix = str(workdir) + os.sep
        if source.startswith(prefix):
            return UPLOAD_PREFIX + source[len(prefix) :]
    return source
