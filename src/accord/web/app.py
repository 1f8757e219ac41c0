"""The application factory: the JSON API and the web pages over one knowledge base.

``create_app(settings)`` opens the knowledge base named by ``settings.db`` (or
uses the ``engine`` given), wires the middleware (security headers, request
size limit, last-resort errors), the routers and the static files. Nothing is
read from the environment here: the token and the read-only switch come from
the caller (:mod:`accord.web.serve`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from accord import __version__
from accord.settings import Settings
from accord.store.queries import pair_index_ready
from accord.web import api, pages, write
from accord.web.deps import AppState, reject_nul
from accord.web.errors import CatchAllMiddleware, install_error_handlers
from accord.web.jobs import JobRunner
from accord.web.render import STATIC, environment
from accord.web.security import ENVELOPE_BYTES, BodyLimitMiddleware, SecurityHeadersMiddleware

DESCRIPTION = """\
The sourced record of relations between countries kept by accord: documents,
actors, events, agreements, commitments, figures, quotes and conflicts, each
with the sentences it came from. Items use the models of the export contract
`accord.record/1`. Every error is `{"error": {"code": ..., "message": ...}}`.
Write endpoints need `Authorization: Bearer TOKEN`.
"""


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    token: str | None = None,
    read_only: bool = False,
    analyzer: object | None = None,
) -> FastAPI:
    """The ASGI app serving ``settings.db``; writes need ``token`` unless ``read_only``.

    ``analyzer`` (an :class:`accord.analyze.document.Analyzer`) is used for
    ingests instead of loading one on the first ingest.
    """
    owns_engine = engine is None
    if engine is None:
        from accord.store.kb import open_kb

        engine = open_kb(settings.db, create=not read_only)
    pair_index_ready(engine)  # refresh a stale pair index now rather than on the first page
    templates = environment()
    state = AppState(
        settings=settings,
        engine=engine,
        templates=templates,
        jobs=JobRunner(engine, settings, analyzer),
        token=token,
        read_only=read_only,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.jobs.close()
        if owns_engine:
            state.engine.dispose()

    app = FastAPI(
        title="accord",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
        dependencies=[Depends(reject_nul)],
    )
    app.state.accord = state

    def error_page(
        request: Request, status: int, code: str, message: str, headers: dict[str, str] | None
    ) -> Response:
        html = templates.get_template("error.html").render(
            status=status, code=code, message=message, path=request.url.path, twin=None
        )
        return HTMLResponse(html, status_code=status, headers=headers)

    install_error_handlers(app, error_page)
    app.include_router(api.router)
    app.include_router(write.write_router(read_only))
    app.include_router(write.jobs_router())
    app.include_router(pages.router)
    app.add_api_route("/docs", _docs_page, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Added last = outermost: headers go on every response, errors included.
    app.add_middleware(CatchAllMiddleware, render_html=error_page)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_bytes + ENVELOPE_BYTES)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _docs_page(request: Request) -> Response:
    """The API reference, rendered on the server from the OpenAPI description."""
    state: AppState = request.app.state.accord
    spec: dict[str, Any] = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "body": _schema_name(operation.get("requestBody")),
                    "responses": {
                        code: _schema_name(response)
                        for code, response in operation.get("responses", {}).items()
                    },
                    "tag": (operation.get("tags") or [""])[0],
                }
            )
    html = state.templates.get_template("docs.html").render(
        spec=spec, operations=operations, path="/docs", twin="/openapi.json"
    )
    return HTMLResponse(html)


def _schema_name(part: dict[str, Any] | None) -> str:
    if not part:
        return ""
    for media in part.get("content", {}).values():
        schema = media.get("schema", {})
        ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
        return ref.rsplit("/", 1)[-1] if ref else schema.get("type", "")
    return ""
