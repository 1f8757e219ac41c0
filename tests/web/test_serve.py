"""accord serve: the token (flag > ACCORD_TOKEN > generated and shown once), read-only, uvicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from accord.web.security import resolve_token
from accord.web.serve import build
from tests.web.conftest import settings_for


def test_token_precedence():
    assert resolve_token("flag", {"ACCORD_TOKEN": "env"}) == ("flag", False)
    assert resolve_token(None, {"ACCORD_TOKEN": "env"}) == ("env", False)
    token, generated = resolve_token(None, {})
    assert generated and len(token) >= 32
    assert resolve_token(None, {})[0] != token


def test_generated_token_is_shown_and_works(writable_db: str):
    from fastapi.testclient import TestClient

    app, lines = build(settings_for(writable_db), environ={})
    shown = [line for line in lines if "write token" in line]
    assert len(shown) == 1
    token = shown[0].rsplit(" ", 1)[-1]
    with TestClient(app) as client:
        response = client.post("/api/ingest", json={}, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 400  # past the token check: nothing to ingest


def test_given_token_is_never_shown(writable_db: str):
    _, lines = build(settings_for(writable_db), token="secret-value", environ={})
    assert not any("secret-value" in line for line in lines)
    _, lines = build(settings_for(writable_db), environ={"ACCORD_TOKEN": "from-env"})
    assert not any("from-env" in line for line in lines)


def test_read_only_needs_no_token(writable_db: str):
    _, lines = build(settings_for(writable_db), read_only=True, environ={})
    assert lines == ["accord: read-only: ingest and merge are turned off"]


def test_serve_runs_uvicorn_on_loopback(writable_db: str):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = (
        "from accord.settings import Settings\n"
        "from accord.web.serve import serve\n"
        f"serve(Settings.resolve({{'db': {writable_db!r}}}, environ={{}}), port={port}, environ={{}})\n"
    )
    env = {**os.environ, "ACCORD_SPACY_MODEL": "none"}
    server = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/events?limit=1", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["total"] > 0
        assert "server" not in response.headers
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert output.count("write token for this run:") == 1
    assert f"http://127.0.0.1:{port}/" in output
