"""One error shape for every failure: ``{"error": {"code": ..., "message": ...}}``.

Library errors, HTTP errors, validation errors and unexpected exceptions all
end here. API and JSON-twin requests get the JSON shape; a person browsing the
HTML pages gets the same code and message on an HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.errors import AccordError, InputRejected, NotFound, StoreError
from accord.web.schemas import ErrorDetail, ErrorResponse

log = logging.getLogger("accord.web")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(StarletteHTTPException):
    """An HTTP error with its own code, raised by routes ('read_only', 'unauthorized')."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return ErrorResponse(error=ErrorDetail(code=code, message=message)).model_dump()


def wants_json(request: Request) -> bool:
    """API paths and JSON twins answer in JSON; pages answer in HTML."""
    path = request.url.path
    return (
        path.startswith("/api/")
        or path == "/api"
        or path.endswith(".json")
        or "text/html" not in request.headers.get("accept", "")
    )


Renderer = Callable[[Request, int, str, str, "dict[str, str] | None"], Response]


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None,
    render_html: Renderer,
) -> Response:
    """The error as JSON for API and JSON-twin requests, else as an HTML page."""
    if wants_json(request):
        return JSONResponse(error_body(code, message), status_code=status, headers=headers)
    try:
        return render_html(request, status, code, message, headers)
    except Exception:  # the error page itself failed: never hide the original error
        log.exception("error page failed")
        return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI, render_html: Renderer) -> None:
    """Register the handlers that turn HTTP, validation and library errors into the shape."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = getattr(exc, "code", None) or _CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else _phrase(exc.status_code)
        headers = getattr(exc, "headers", None)
        return error_response(request, exc.status_code, code, message, headers, render_html)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message = _validation_message(exc)
        return error_response(request, 422, "invalid_request", message, None, render_html)

    @app.exception_handler(AccordError)
    async def library_error(request: Request, exc: AccordError) -> Response:
        status, code = _library_status(exc)
        return error_response(request, status, code, str(exc), None, render_html)


class CatchAllMiddleware:
    """Turns an unexpected exception into a 500 in the error shape, inside the header middleware.

    Starlette's own last-resort handler sits outside every user middleware, so its
    response would miss the security headers; this one answers first.
    """

    def __init__(self, app: ASGIApp, render_html: Renderer) -> None:
        self.app = app
        self.render_html = render_html

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            request = Request(scope)
            message = "internal error (see the server log)"
            response = error_response(
                request, 500, "internal_error", message, None, self.render_html
            )
            await response(scope, receive, send)


def _library_status(exc: AccordError) -> tuple[int, str]:
    if isinstance(exc, NotFound):
        return 404, "not_found"
    if isinstance(exc, InputRejected):
        return 400, "input_rejected"
    if isinstance(exc, StoreError):
        return 503, "store_error"
    return 400, "bad_request"


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "error"
