"""What every route needs from a request: the app's state, filters, paging, the write token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from jinja2 import Environment
from sqlalchemy import Engine

from accord.errors import AccordError
from accord.settings import Settings
from accord.store.queries import DocumentFilter, ItemFilter, resolve_country
from accord.store.record import resolve_actor
from accord.web.jobs import JobRunner
from accord.web.security import bearer, check_token

DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
MAX_LIMIT = 500


@dataclass(slots=True)
class AppState:
    """Everything the routes share, built once by :func:`accord.web.app.create_app`."""

    settings: Settings
    engine: Engine
    templates: Environment
    jobs: JobRunner
    token: str | None
    read_only: bool


def app_state(request: Request) -> AppState:
    return request.app.state.accord  # type: ignore[no-any-return]


State = Annotated[AppState, Depends(app_state)]


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def parse_between(state: AppState, between: str | None) -> tuple[str, str] | None:
    """Two countries from 'UZB,KGZ' (codes, 'country:' ids or names)."""
    if not _blank(between):
        return None
    parts = [p for p in (between or "").split(",") if p.strip()]
    if len(parts) != 2:
        raise AccordError("between takes two countries separated by a comma, e.g. UZB,KGZ")
    first, second = (resolve_country(state.engine, p) for p in parts)
    return first, second


def item_filter(
    state: State,
    actor: Annotated[
        str | None, Query(description="Actor id or name, e.g. person:sadyr-japarov or Japarov.")
    ] = None,
    between: Annotated[
        str | None,
        Query(description="Two countries: items involving an actor of each, e.g. UZB,KGZ."),
    ] = None,
    type: Annotated[
        str | None,
        Query(description="Event type, agreement kind, figure indicator, commitment kind..."),
    ] = None,
    status: Annotated[
        str | None, Query(description="Commitment status (open, fulfilled, overdue, superseded).")
    ] = None,
    date_from: Annotated[
        str | None, Query(alias="from", pattern=DATE, description="Earliest date, YYYY[-MM[-DD]].")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", pattern=DATE, description="Latest date, YYYY[-MM[-DD]].")
    ] = None,
    text: Annotated[
        str | None, Query(max_length=200, description="Substring of the item's text or evidence.")
    ] = None,
) -> ItemFilter:
    return ItemFilter(
        actor=resolve_actor(state.engine, actor.strip()) if _blank(actor) else None,
        between=parse_between(state, between),
        type=_blank(type),
        status=_blank(status),
        date_from=_blank(date_from),
        date_to=_blank(date_to),
        text=_blank(text),
    )


def document_filter(
    state: State,
    actor: Annotated[str | None, Query(description="Documents linked to this actor.")] = None,
    between: Annotated[
        str | None, Query(description="Documents involving both countries, e.g. UZB,KGZ.")
    ] = None,
    outlet: Annotated[str | None, Query(description="Outlet name, exactly.")] = None,
    date_from: Annotated[
        str | None, Query(alias="from", pattern=DATE, description="Earliest publication day.")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", pattern=DATE, description="Latest publication day.")
    ] = None,
    text: Annotated[
        str | None, Query(max_length=200, description="Substring of the title or text.")
    ] = None,
) -> DocumentFilter:
    return DocumentFilter(
        actor=resolve_actor(state.engine, actor.strip()) if _blank(actor) else None,
        between=parse_between(state, between),
        outlet=_blank(outlet),
        date_from=_blank(date_from),
        date_to=_blank(date_to),
        text=_blank(text),
    )


@dataclass(frozen=True, slots=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


Items = Annotated[ItemFilter, Depends(item_filter)]
Documents = Annotated[DocumentFilter, Depends(document_filter)]
Paged = Annotated[Paging, Depends(paging)]


def reject_nul(request: Request) -> None:
    """Refuse NUL characters in the path or query: no database stores them in text."""
    values = [*request.query_params.values(), *map(str, request.path_params.values())]
    if any("\x00" in value for value in values):
        raise AccordError("the request contains a NUL character")


def require_token(
    state: State,
    authorization: Annotated[str | None, Header(description="Bearer TOKEN")] = None,
) -> None:
    """Dependency of every write endpoint: refuses without the token or when read-only."""
    check_token(state.token, bearer(authorization), read_only=state.read_only)
