"""The web pages: each route builds one context and renders it as HTML or as its JSON twin.

Every page ``/x`` has its twin ``/x.json`` (the dashboard's is
``/dashboard.json``): the same function answers both, so the JSON is exactly
what the page was built from.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from accord.errors import AccordError
from accord.models import Actor, Document, Event
from accord.store import queries as q
from accord.web import context as c
from accord.web.api import search_all
from accord.web.deps import Documents, Items, Paged, State, parse_between
from accord.web.errors import ApiError
from accord.web.forms import FormError, parse_form
from accord.web.jobs import stage_article, stage_uploads
from accord.web.render import render
from accord.web.schemas import IngestRequest, JobStatus, Page, SearchResults, Timeline
from accord.web.security import bearer, check_token

router = APIRouter(include_in_schema=False)
_HIGHLIGHT = re.compile(r"(\d{1,9})-(\d{1,9})")


class Filters(BaseModel):
    """The filters a listing page applied, resolved (actor id, country codes)."""

    actor: str | None = None
    between: list[str] | None = None
    type: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None


class TimelinePage(BaseModel):
    filters: Filters
    timeline: Timeline
    refs: c.Refs


class ActorsPage(BaseModel):
    actors: Page[Actor]


class DocumentsPage(BaseModel):
    documents: Page[Document]


class SearchPage(BaseModel):
    results: SearchResults


class IngestPage(BaseModel):
    writable: bool = Field(description="False when the server is read-only.")
    max_bytes: int
    error: str | None = None


class JobPage(BaseModel):
    job: JobStatus


def _routes(*paths: str) -> Any:
    """Register one endpoint under several paths (the page and its JSON twin)."""

    def register(endpoint: Any) -> Any:
        for path in paths:
            router.add_api_route(path, endpoint, methods=["GET"], response_model=None)
        return endpoint

    return register


def _filters(items: q.ItemFilter) -> Filters:
    return Filters(
        actor=items.actor,
        between=list(items.between) if items.between else None,
        type=items.type,
        status=items.status,
        date_from=items.date_from,
        date_to=items.date_to,
        text=items.text,
    )


@_routes("/dashboard.json", "/dashboard", "/")
def dashboard(
    request: Request,
    state: State,
    between: Annotated[str | None, Query(description="Two countries, e.g. UZB,KGZ.")] = None,
) -> Response:
    page = c.dashboard_page(state.engine, parse_between(state, between))
    return render(request, state.templates, "dashboard.html", page)


@_routes("/timeline.json", "/timeline")
def timeline(request: Request, state: State, items: Items, paged: Paged) -> Response:
    args = {"limit": paged.limit, "offset": paged.offset}
    dated = q.list_record(state.engine, "event", Event, items, dated=True, **args)
    undated = q.list_record(state.engine, "event", Event, items, dated=False, **args)
    page = TimelinePage(
        filters=_filters(items),
        timeline=Timeline(
            dated=Page(items=dated.items, total=dated.total, **args),
            undated=Page(items=undated.items, total=undated.total, **args),
        ),
        refs=c.refs_for(state.engine, [*dated.items, *undated.items]),
    )
    return render(request, state.templates, "timeline.html", page)


@_routes("/events/{event_id}.json", "/events/{event_id}")
def event(request: Request, state: State, event_id: str) -> Response:
    page = c.event_page(state.engine, event_id)
    return render(request, state.templates, "event.html", page)


@_routes("/actors.json", "/actors")
def actors(
    request: Request,
    state: State,
    paged: Paged,
    type: Annotated[str | None, Query()] = None,
    text: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    found = q.list_actor_page(
        state.engine, kind=type or None, text=text or None, limit=paged.limit, offset=paged.offset
    )
    page = ActorsPage(
        actors=Page(items=found.items, total=found.total, limit=paged.limit, offset=paged.offset)
    )
    return render(request, state.templates, "actors.html", page)


@_routes("/actors/{actor_id}.json", "/actors/{actor_id}")
def actor(request: Request, state: State, actor_id: str, paged: Paged) -> Response:
    page = c.actor_page(state.engine, actor_id, paged.limit, paged.offset)
    return render(request, state.templates, "actor.html", page)


@_routes("/commitments.json", "/commitments")
def commitments(
    request: Request,
    state: State,
    items: Items,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    page = c.commitments_page(state.engine, items, limit)
    return render(request, state.templates, "commitments.html", page)


@_routes("/figures.json", "/figures")
def figures(request: Request, state: State, items: Items) -> Response:
    page = c.figures_page(state.engine, items)
    return render(request, state.templates, "figures.html", page)


@_routes("/documents.json", "/documents")
def documents(request: Request, state: State, filters: Documents, paged: Paged) -> Response:
    found = q.list_document_page(state.engine, filters, limit=paged.limit, offset=paged.offset)
    page = DocumentsPage(
        documents=Page(items=found.items, total=found.total, limit=paged.limit, offset=paged.offset)
    )
    return render(request, state.templates, "documents.html", page)


@_routes("/documents/{doc_id}.json", "/documents/{doc_id}")
def document(
    request: Request,
    state: State,
    doc_id: str,
    hl: Annotated[str | None, Query(description="Span to highlight, START-END.")] = None,
) -> Response:
    match = _HIGHLIGHT.fullmatch(hl or "")
    span = (int(match.group(1)), int(match.group(2))) if match else None
    page = c.document_page(state.engine, doc_id, span)
    return render(request, state.templates, "document.html", page)


@_routes("/search.json", "/search")
def search(
    request: Request,
    state: State,
    paged: Paged,
    q_: Annotated[str, Query(alias="q", max_length=500)] = "",
) -> Response:
    page = SearchPage(results=search_all(state, q_, paged.limit, paged.offset))
    return render(request, state.templates, "search.html", page)


@_routes("/ingest.json", "/ingest")
def ingest_form(request: Request, state: State) -> Response:
    page = IngestPage(writable=not state.read_only, max_bytes=state.settings.max_bytes)
    return render(request, state.templates, "ingest.html", page)


@router.post("/ingest", response_model=None)
async def ingest_submit(request: Request, state: State) -> Response:
    """The ingest form: token, then a file, pasted text or HTML, or a URL."""
    try:
        form = parse_form(request.headers.get("content-type", ""), await request.body())
    except FormError as exc:
        raise AccordError(str(exc)) from exc
    given = form.get("token") or bearer(request.headers.get("authorization"))
    try:
        check_token(state.token, given, read_only=state.read_only)
        if form.files:
            inputs, workdir = stage_uploads(form.files)
        else:
            fmt = "html" if form.get("format") == "html" else "text"
            inputs, workdir = stage_article(
                IngestRequest(
                    text=form.get("content") if fmt == "text" else None,
                    html=form.get("content") if fmt == "html" else None,
                    url=form.get("url") or None,
                    title=form.get("title") or None,
                    published=form.get("published") or None,
                    outlet=form.get("outlet") or None,
                )
            )
    except (ApiError, AccordError) as exc:
        status = exc.status_code if isinstance(exc, ApiError) else 400
        message = str(exc.detail) if isinstance(exc, ApiError) else str(exc)
        page = IngestPage(
            writable=not state.read_only, max_bytes=state.settings.max_bytes, error=message
        )
        return render(request, state.templates, "ingest.html", page, status=status)
    job = state.jobs.ingest(inputs, workdir)
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@_routes("/ingest/jobs/{job_id}.json", "/ingest/jobs/{job_id}")
def job(request: Request, state: State, job_id: str) -> Response:
    page = JobPage(job=state.jobs.status(job_id))
    return render(request, state.templates, "job.html", page)
