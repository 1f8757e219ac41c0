"""Security of the server: headers on every response, a request size limit, the write token.

Pages never run inline script (there is no script at all), never load
anything from another origin and cannot be framed; article text is escaped
by the templates and never trusted as markup or as a link target.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.web.errors import ApiError, error_body

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Room for the multipart envelope around an upload of max_bytes.
ENVELOPE_BYTES = 64 * 1024


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response (errors and static files too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, add_headers)


class BodyLimitMiddleware:
    """Refuses request bodies over ``limit`` bytes with 413, before any route reads them.

    A declared Content-Length over the limit is refused at once; a body without
    one (chunked) is read up to the limit, then handed on as it was received.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.limit:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"request body over the limit of {self.limit:,} bytes"
        response = JSONResponse(error_body("too_large", message), status_code=413)
        await response(scope, receive, send)


def resolve_token(given: str | None, environ: Mapping[str, str]) -> tuple[str, bool]:
    """The write token: ``given`` (--token), else ``ACCORD_TOKEN``, else a new random one.

    Returns the token and whether it was generated (and so must be shown once).
    """
    for candidate in (given, environ.get("ACCORD_TOKEN")):
        if candidate:
            return candidate, False
    return secrets.token_urlsafe(24), True


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, if any."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def check_token(expected: str | None, given: str | None, *, read_only: bool) -> None:
    """Raise unless writes are allowed and ``given`` is the token (constant-time comparison)."""
    if read_only:
        raise ApiError(403, "read_only", "this server is read-only: writes are turned off")
    if not expected:
        raise ApiError(403, "forbidden", "writes need a token and none is configured")
    if not given or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise ApiError(
            401,
            "unauthorized",
            "a valid token is required (Authorization: Bearer TOKEN)",
            headers={"WWW-Authenticate": "Bearer"},
        )
