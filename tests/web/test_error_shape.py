"""Every error the API returns has one shape: {"error": {"code": str, "message": str}}."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from accord.web.app import create_app
from tests.web.conftest import TOKEN, settings_for

AUTH = {"Authorization": f"Bearer {TOKEN}"}
# (method, path, kwargs, status, code)
ERRORS = [
    ("get", "/api/nowhere", {}, 404, "not_found"),
    ("get", "/api/events/evt-missing", {}, 404, "not_found"),
    ("get", "/api/documents/doc-missing", {}, 404, "not_found"),
    ("get", "/api/actors/person:nobody", {}, 404, "not_found"),
    ("get", "/api/jobs/0123", {}, 404, "not_found"),
    ("get", "/events/evt-missing.json", {}, 404, "not_found"),
    ("get", "/api/events?limit=abc", {}, 422, "invalid_request"),
    ("get", "/api/events?from=2023-13-99x", {}, 422, "invalid_request"),
    ("get", "/api/events?between=UZB", {}, 400, "bad_request"),
    ("get", "/api/events?actor=Nobody%20At%20All", {}, 404, "not_found"),
    ("get", "/api/events?text=%00", {}, 400, "bad_request"),
    ("delete", "/api/events", {}, 405, "method_not_allowed"),
    ("post", "/api/ingest", {"json": {"text": "x"}}, 401, "unauthorized"),
    ("post", "/api/ingest", {"json": {"text": 1}, "headers": AUTH}, 422, "invalid_request"),
    ("post", "/api/ingest", {"content": b"{not json", "headers": {**AUTH, "content-type": "application/json"}}, 422, "invalid_request"),
    ("post", "/api/ingest", {"json": {}, "headers": AUTH}, 400, "bad_request"),
    ("post", "/api/ingest/files", {"content": b"x", "headers": {**AUTH, "content-type": "text/plain"}}, 400, "bad_request"),
    ("post", "/api/actors/merge", {"json": {"keep": "person:a", "other": "person:b"}, "headers": AUTH}, 404, "not_found"),
    ("post", "/api/ingest", {"content": b"x" * 6_000_000, "headers": {**AUTH, "content-type": "application/json"}}, 413, "too_large"),
]  # fmt: skip


def _check_shape(response) -> dict:
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code"), ERRORS,
                         ids=[f"{e[3]}-{e[1][:40]}" for e in ERRORS])  # fmt: skip
def test_every_api_error_has_the_one_shape(writer, method, path, kwargs, status, code):
    response = getattr(writer, method)(path, **kwargs)
    assert response.status_code == status, response.text
    assert _check_shape(response)["code"] == code


def test_read_only_refusal_has_the_shape(writable_db: str):
    app = create_app(settings_for(writable_db), read_only=True)
    with TestClient(app) as client:
        response = client.post("/api/ingest", json={"text": "x"}, headers=AUTH)
        assert response.status_code == 403
        assert _check_shape(response)["code"] == "read_only"


def test_unexpected_exception_is_a_500_in_the_shape_with_headers(writable_db: str, monkeypatch):
    from accord.store import queries

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "list_record", broken)
    app = create_app(settings_for(writable_db))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/events")
        assert response.status_code == 500
        error = _check_shape(response)
        assert error["code"] == "internal_error" and "secret" not in error["message"]
        assert response.headers["x-content-type-options"] == "nosniff"
        page = client.get("/timeline", headers={"accept": "text/html"})
        assert page.status_code == 500 and "internal_error" in page.text
        assert "secret" not in page.text


def test_html_pages_show_the_same_code_and_message(client):
    response = client.get("/events/evt-missing", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "not_found" in response.text and "no event" in response.text


def test_every_api_route_declares_the_error_model(client):
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/api/"):
                continue
            documented = [
                r for code, r in operation["responses"].items() if code.startswith(("4", "5"))
            ]
            assert documented, (method, path)
            refs = {
                r["content"]["application/json"]["schema"].get("$ref", "") for r in documented
                if "content" in r
            }  # fmt: skip
            assert "#/components/schemas/ErrorResponse" in refs, (method, path)
