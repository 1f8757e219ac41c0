"""Read endpoints of the JSON API (``/api/...``): each parses its query and calls one query.

Items are returned as the export's models inside a :class:`Page`; every
listing is ordered stably (dated items by date, undated after them) and
takes ``limit`` and ``offset``.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import APIRouter, Query
from pydantic import BaseModel

from accord.models import Actor, Agreement, Commitment, Conflict, Document, Event, Figure, Quote
from accord.store import queries as q
from accord.store.search import HIT_END, HIT_START, Hit, search_documents
from accord.web.context import actor_page, document_page
from accord.web.deps import Documents, Items, Paged, State
from accord.web.schemas import (
    ActorDetail,
    DocumentDetail,
    DocumentHit,
    ErrorResponse,
    Page,
    SearchResults,
    Timeline,
)

M = TypeVar("M", bound=BaseModel)
ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorResponse} for code in (400, 404, 422, 500)
}
router = APIRouter(prefix="/api", tags=["read"], responses=ERRORS)


def _page(found: q.Slice[M], paged: Paged) -> Page[M]:
    return Page(items=found.items, total=found.total, limit=paged.limit, offset=paged.offset)


@router.get("/documents", response_model=Page[Document], summary="List documents")
def documents(state: State, filters: Documents, paged: Paged) -> Page[Document]:
    """Latest versions of documents (without text), by publication day, undated last."""
    found = q.list_document_page(state.engine, filters, limit=paged.limit, offset=paged.offset)
    return _page(found, paged)


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="One document")
def document(state: State, doc_id: str) -> DocumentDetail:
    """A document with its cleaned text, removed boilerplate, actor mentions and times."""
    page = document_page(state.engine, doc_id, None)
    return DocumentDetail(document=page.document, mentions=page.mentions, times=page.times)


@router.get("/actors", response_model=Page[Actor], summary="List actors")
def actors(
    state: State,
    paged: Paged,
    type: Annotated[str | None, Query(description="person, country, organization...")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-3, e.g. KGZ.")] = None,
    text: Annotated[str | None, Query(max_length=200, description="In name, id or alias.")] = None,
) -> Page[Actor]:
    """Actors, most mentioned first."""
    found = q.list_actor_page(
        state.engine,
        kind=type or None,
        country=country.upper() if country else None,
        text=text or None,
        limit=paged.limit,
        offset=paged.offset,
    )
    return _page(found, paged)


@router.get("/actors/{actor_id}", response_model=ActorDetail, summary="One actor")
def actor(state: State, actor_id: str, paged: Paged) -> ActorDetail:
    """An actor with its events (newest first, paged) and its quotes."""
    page = actor_page(state.engine, actor_id, paged.limit, paged.offset)
    return ActorDetail(actor=page.actor, events=page.events, quotes=page.quotes)


def _listing(kind: str, model: type[M], summary: str, doc: str) -> None:
    def endpoint(state: State, filters: Items, paged: Paged) -> Page[M]:
        found = q.list_record(
            state.engine, kind, model, filters, limit=paged.limit, offset=paged.offset
        )
        return _page(found, paged)

    endpoint.__doc__ = doc
    router.add_api_route(
        f"/{kind}s",
        endpoint,
        methods=["GET"],
        response_model=Page[model],  # type: ignore[valid-type]
        summary=summary,
        name=f"list_{kind}s",
    )

    def one(state: State, item_id: str) -> M:
        return q.get_record_item(state.engine, kind, model, item_id)

    one.__doc__ = f"One {kind} by id."
    router.add_api_route(
        f"/{kind}s/{{item_id}}",
        one,
        methods=["GET"],
        response_model=model,
        summary=f"One {kind}",
        name=f"get_{kind}",
    )


_listing("event", Event, "List events", "Events merged across sources, by date (undated last).")
_listing(
    "agreement", Agreement, "List agreements", "Agreements signed or planned, by date. "
    "`type` is the agreement kind, `status` its status.",
)  # fmt: skip
_listing(
    "commitment", Commitment, "List commitments", "Commitments by due date (undated last); "
    "`status`: open, fulfilled, overdue, superseded; `type`: target, planned_event, ...",
)  # fmt: skip
_listing(
    "figure", Figure, "List figures", "Figures by period; `type` is the indicator, e.g. "
    "'trade turnover'. `between` keeps figures from documents involving both countries.",
)  # fmt: skip
_listing("quote", Quote, "List quotes", "Quotes by date; `type` is direct, speech or indirect.")
_listing(
    "conflict", Conflict, "List conflicts", "Fields on which sources disagree; "
    "`type` is the field, e.g. 'value' or 'date'.",
)  # fmt: skip


@router.get("/timeline", response_model=Timeline, summary="Timeline of events")
def timeline(state: State, filters: Items, paged: Paged) -> Timeline:
    """Dated events in date order, each with its number of sources; undated events apart.

    ``limit`` and ``offset`` page both lists.
    """
    dated = q.list_record(
        state.engine, "event", Event, filters, limit=paged.limit, offset=paged.offset, dated=True
    )
    undated = q.list_record(
        state.engine, "event", Event, filters, limit=paged.limit, offset=paged.offset, dated=False
    )
    return Timeline(dated=_page(dated, paged), undated=_page(undated, paged))


@router.get("/search", response_model=SearchResults, summary="Search documents and record")
def search(
    state: State,
    paged: Paged,
    q_: Annotated[
        str, Query(alias="q", max_length=500, description='Words, "phrases", OR, prefix*.')
    ] = "",
) -> SearchResults:
    """Full-text search over documents, and names in the record (actors, agreement titles)."""
    return search_all(state, q_, paged.limit, paged.offset)


def search_all(state: State, query: str, limit: int, offset: int) -> SearchResults:
    """Documents by full text; actors by name or alias; agreements by title."""
    text = query.strip()
    if not text:
        empty_actors: Page[Actor] = Page(items=[], total=0, limit=limit, offset=offset)
        empty_agreements: Page[Agreement] = Page(items=[], total=0, limit=limit, offset=offset)
        return SearchResults(
            query=query, documents=[], actors=empty_actors, agreements=empty_agreements
        )
    hits = search_documents(state.engine, text, limit=limit, offset=offset)
    found_actors = q.list_actor_page(state.engine, text=text, limit=limit, offset=offset)
    found_agreements = q.list_record(
        state.engine, "agreement", Agreement, q.ItemFilter(text=text), limit=limit, offset=offset
    )
    return SearchResults(
        query=query,
        documents=[_hit(h) for h in hits],
        actors=Page(items=found_actors.items, total=found_actors.total, limit=limit, offset=offset),
        agreements=Page(
            items=found_agreements.items, total=found_agreements.total, limit=limit, offset=offset
        ),
    )


def _hit(hit: Hit) -> DocumentHit:
    plain, matches = "", []
    rest = hit.snippet
    while HIT_START in rest:
        before, _, tail = rest.partition(HIT_START)
        match, _, rest = tail.partition(HIT_END)
        plain += before
        matches.append((len(plain), len(plain) + len(match)))
        plain += match
    plain += rest
    return DocumentHit(
        id=hit.id,
        title=hit.title,
        published=hit.published,
        outlet=hit.outlet,
        source=hit.source,
        snippet=plain,
        matches=matches,
    )
