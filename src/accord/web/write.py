"""Write endpoints of the JSON API: ingest (text, HTML, URL, files) and actor merges.

Every one needs ``Authorization: Bearer TOKEN`` and is refused (403) when the
server runs read-only. Ingests run as background jobs, one write at a time;
``wait=true`` answers when the job has finished.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from accord.errors import AccordError
from accord.fuse.record import merge_actors
from accord.store.queries import get_actor
from accord.web.deps import State, require_token
from accord.web.forms import FormError, parse_form
from accord.web.jobs import stage_article, stage_uploads
from accord.web.schemas import ErrorResponse, IngestRequest, JobStatus, MergeRequest, MergeResult

WAIT_SECONDS = 600.0
Wait = Annotated[
    bool, Query(description="Answer when the job has finished instead of at once (202).")
]


def write_router(read_only: bool) -> APIRouter:
    """The write endpoints; hidden from the API description when the server is read-only."""
    errors: dict[int | str, dict[str, object]] = {
        code: {"model": ErrorResponse} for code in (400, 401, 403, 413, 422)
    }
    router = APIRouter(
        prefix="/api",
        tags=["write"],
        responses=errors,
        dependencies=[Depends(require_token)],
        include_in_schema=not read_only,
    )
    router.add_api_route(
        "/ingest", ingest_article, methods=["POST"], response_model=JobStatus, status_code=202,
        summary="Ingest an article (text, HTML or URL)",
    )  # fmt: skip
    router.add_api_route(
        "/ingest/files", ingest_files, methods=["POST"], response_model=JobStatus,
        status_code=202, summary="Ingest uploaded files",
        openapi_extra={"requestBody": _multipart_body()},
    )  # fmt: skip
    router.add_api_route(
        "/actors/merge", merge, methods=["POST"], response_model=MergeResult,
        summary="Merge two actors",
    )  # fmt: skip
    return router


def ingest_article(state: State, body: IngestRequest, wait: Wait = False) -> JSONResponse:
    """Ingest one article: pasted ``text`` or ``html`` (with optional metadata), or a ``url``.

    URLs are fetched under the server's address policy: loopback, private and
    link-local addresses are refused unless the server allows them.
    """
    inputs, workdir = stage_article(body)
    job = state.jobs.ingest(inputs, workdir)
    return _job_response(state.jobs.wait(job.id, WAIT_SECONDS) if wait else job)


async def ingest_files(state: State, request: Request, wait: Wait = False) -> JSONResponse:
    """Ingest files sent as ``multipart/form-data`` (field ``file``, repeatable).

    The file name's extension says how it is read (.txt .md .html .json .jsonl .rss).
    """
    try:
        form = parse_form(request.headers.get("content-type", ""), await request.body())
    except FormError as exc:
        raise AccordError(str(exc)) from exc
    inputs, workdir = stage_uploads(form.files)
    job = state.jobs.ingest(inputs, workdir)
    if wait:
        job = await run_in_threadpool(state.jobs.wait, job.id, WAIT_SECONDS)
    return _job_response(job)


def merge(state: State, body: MergeRequest) -> MergeResult:
    """Record that ``other`` is the same actor as ``keep`` and rebuild the record.

    The decision is kept and applied again at every rebuild.
    """
    reference = state.jobs.reference()
    state.jobs.run(lambda: merge_actors(state.engine, body.keep, body.other, reference))
    return MergeResult(merged=body.other, into=get_actor(state.engine, body.keep))


def jobs_router() -> APIRouter:
    errors: dict[int | str, dict[str, object]] = {404: {"model": ErrorResponse}}
    router = APIRouter(prefix="/api", tags=["write"], responses=errors)

    @router.get("/jobs/{job_id}", response_model=JobStatus, summary="Status of an ingest job")
    def job(state: State, job_id: str) -> JobStatus:
        """The state, counts and per-input outcomes of an ingest job (the id is the secret)."""
        return state.jobs.status(job_id)

    return router


def _job_response(job: JobStatus) -> JSONResponse:
    status = 202 if job.state in ("queued", "running") else 200
    return JSONResponse(
        job.model_dump(mode="json"),
        status_code=status,
        headers={"Location": f"/api/jobs/{job.id}"},
    )


def _multipart_body() -> dict[str, object]:
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                    "required": ["file"],
                }
            }
        },
    }
