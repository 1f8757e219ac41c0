"""``accord serve``: run the web app with uvicorn (called by the CLI, free of Typer).

The token for write endpoints comes from the caller (``--token``), else
``ACCORD_TOKEN``, else is generated here and shown once through ``echo``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from accord.settings import Settings
from accord.web.security import resolve_token


def serve(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    read_only: bool = False,
    token: str | None = None,
    environ: Mapping[str, str] | None = None,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve the JSON API and the web pages for ``settings.db`` until interrupted."""
    import uvicorn

    app, lines = build(settings, read_only=read_only, token=token, environ=environ)
    for line in lines:
        echo(line)
    scheme_host = f"[{host}]" if ":" in host else host
    echo(f"accord: serving {settings.db} at http://{scheme_host}:{port}/ (API reference: /docs)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        forwarded_allow_ips="",
    )


def build(
    settings: Settings,
    *,
    read_only: bool = False,
    token: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[object, list[str]]:
    """The app and the lines to show at start (the generated token, if one was generated)."""
    from accord.web.app import create_app

    lines = []
    if read_only:
        resolved: str | None = None
        lines.append("accord: read-only: ingest and merge are turned off")
    else:
        resolved, generated = resolve_token(token, os.environ if environ is None else environ)
        if generated:
            lines.append(f"accord: write token for this run: {resolved}")
            lines.append("accord: (set ACCORD_TOKEN or pass --token to choose your own)")
    app = create_app(settings, token=resolved, read_only=read_only)
    return app, lines
