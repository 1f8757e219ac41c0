"""Write endpoints: the token, read-only mode, ingest of text, HTML, files and URLs, merges, limits."""

from __future__ import annotations

import hmac
import json

import pytest
from fastapi.testclient import TestClient

from accord.settings import Settings
from accord.web.app import create_app
from tests.ingest.local_http import LocalSite, Route
from tests.web.conftest import TOKEN, settings_for

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = (
    "Presidents discuss water sharing\n\n"
    "12 May 2024 10:00\n\n"
    "BISHKEK — President Sadyr Japarov and President Shavkat Mirziyoyev discussed the "
    "sharing of water from the Toktogul reservoir in a telephone call on Sunday. The two "
    "leaders agreed that the commission on water management would meet in Osh in June.\n"
)


def _multipart(files: list[tuple[str, bytes]], fields: dict[str, str] | None = None):
    """A multipart/form-data body and its content type, built by hand."""
    boundary = "accordtestboundary"
    parts = []
    for name, value in (fields or {}).items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for filename, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/ingest", {"text": ARTICLE}),
        ("post", "/api/actors/merge", {"keep": "person:sadyr-japarov", "other": "country:KGZ"}),
    ],
)
def test_write_endpoints_refuse_a_missing_or_wrong_token(writer: TestClient, method, path, body):
    missing = getattr(writer, method)(path, json=body)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = getattr(writer, method)(path, json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    basic = getattr(writer, method)(path, json=body, headers={"Authorization": f"Basic {TOKEN}"})
    assert basic.status_code == 401
    assert wrong.json()["error"]["code"] == "unauthorized"


def test_token_is_compared_in_constant_time(writer: TestClient, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    writer.post(
        "/api/actors/merge", json={"keep": "a", "other": "b"}, headers={"Authorization": "Bearer x"}
    )
    assert calls == [(b"x", TOKEN.encode())]


def test_read_only_server_refuses_every_write_even_with_the_token(writable_db: str, analyzer):
    app = create_app(settings_for(writable_db), token=TOKEN, read_only=True, analyzer=analyzer)
    with TestClient(app) as client:
        for path, body in (("/api/ingest", {"text": ARTICLE}),
                           ("/api/actors/merge", {"keep": "a", "other": "b"})):  # fmt: skip
            response = client.post(path, json=body, headers=AUTH)
            assert response.status_code == 403
            assert response.json()["error"]["code"] == "read_only"
        body, kind = _multipart([("a.txt", ARTICLE.encode())], {"token": TOKEN})
        assert (
            client.post("/ingest", content=body, headers={"content-type": kind}).status_code == 403
        )
        assert (
            client.post(
                "/api/ingest/files", content=body, headers={**AUTH, "content-type": kind}
            ).status_code
            == 403
        )
        spec = client.get("/openapi.json").json()
        assert "/api/ingest" not in spec["paths"] and "/api/events" in spec["paths"]
        assert "read-only" in client.get("/ingest", headers={"accept": "text/html"}).text


def test_no_token_configured_means_no_writes(writable_db: str):
    app = create_app(settings_for(writable_db), token=None)
    with TestClient(app) as client:
        response = client.post(
            "/api/ingest", json={"text": ARTICLE}, headers={"Authorization": "Bearer "}
        )
        assert response.status_code == 403


def test_ingest_pasted_text_waits_and_stores_a_document(writer: TestClient):
    before = writer.get("/api/documents").json()["total"]
    response = writer.post(
        "/api/ingest?wait=true",
        json={
            "text": ARTICLE,
            "title": "Water talks",
            "outlet": "Test Wire",
            "published": "2024-05-12",
        },
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["state"] == "done" and job["counts"] == {"new": 1}
    outcome = job["outcomes"][0]
    assert outcome["source"].startswith("upload/") and "/tmp" not in outcome["source"]
    doc = writer.get(f"/api/documents/{outcome['doc_id']}").json()["document"]
    assert doc["title"] == "Water talks" and doc["outlet"] == "Test Wire"
    # The stored source is the name the job showed, never the server's temporary folder.
    assert doc["source"] == outcome["source"]
    assert writer.get("/api/documents").json()["total"] == before + 1
    again = writer.get(f"/api/jobs/{job['id']}").json()
    assert again == job
    events = writer.get("/api/events", params={"text": "Toktogul"}).json()
    assert events["total"] >= 1


def test_ingest_answers_202_and_the_job_can_be_polled(writer: TestClient):
    response = writer.post(
        "/api/ingest",
        json={"html": f"<html><body><article><p>{ARTICLE}</p></article></body></html>"},
        headers=AUTH,
    )
    assert response.status_code in (200, 202)
    job_id = response.json()["id"]
    assert response.headers["location"] == f"/api/jobs/{job_id}"
    writer.app.state.accord.jobs.wait(job_id, 120)
    assert writer.get(f"/api/jobs/{job_id}").json()["state"] == "done"


def test_ingest_uploaded_files(writer: TestClient):
    jsonl = "\n".join(
        json.dumps({"text": ARTICLE.replace("Sunday", day), "title": day})
        for day in ("Monday", "Tuesday")
    )
    body, kind = _multipart([("../../etc/notes.txt", ARTICLE.replace("Sunday", "Friday").encode()),
                             ("batch.jsonl", jsonl.encode()), ("image.png", b"\x89PNG\r\n")])  # fmt: skip
    response = writer.post(
        "/api/ingest/files?wait=true", content=body, headers={**AUTH, "content-type": kind}
    )
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["counts"] == {"new": 3, "rejected": 1}
    sources = [o["source"] for o in job["outcomes"]]
    assert "upload/notes.txt" in sources  # the directories of a client's file name are dropped
    assert any(s.startswith("upload/batch.jsonl#") for s in sources)
    stored = {
        writer.get(f"/api/documents/{o['doc_id']}").json()["document"]["source"]
        for o in job["outcomes"]
        if o["doc_id"]
    }
    assert stored == {s for s in sources if not s.endswith(".png")}


def test_url_ingest_refuses_loopback_addresses(writer: TestClient):
    with LocalSite() as site:
        url = site.add("/article.txt", Route(ARTICLE.encode(), "text/plain"))
        job = writer.post("/api/ingest?wait=true", json={"url": url}, headers=AUTH).json()
        assert site.requests == []  # refused before any connection
    assert job["counts"] == {"rejected": 1}
    assert "address" in job["outcomes"][0]["reason"]


def test_url_ingest_fetches_when_private_addresses_are_allowed(writable_db: str, analyzer):
    settings = Settings.resolve({"db": writable_db, "allow_private": True}, environ={})
    app = create_app(settings, token=TOKEN, analyzer=analyzer)
    with TestClient(app) as client, LocalSite() as site:
        url = site.add("/a.txt", Route(ARTICLE.encode(), "text/plain"))
        job = client.post("/api/ingest?wait=true", json={"url": url}, headers=AUTH).json()
    assert job["counts"] == {"new": 1}, job


@pytest.mark.parametrize("url", ["/etc/passwd", "file:///etc/passwd", "../kb.db", "ftp://x/y"])
def test_only_http_urls_are_accepted(writer: TestClient, url: str):
    response = writer.post("/api/ingest", json={"url": url}, headers=AUTH)
    assert response.status_code == 400
    assert "http" in response.json()["error"]["message"]


def test_ingest_needs_something_to_ingest(writer: TestClient):
    response = writer.post("/api/ingest", json={}, headers=AUTH)
    assert response.status_code == 400
    assert writer.post("/api/ingest", json={"text": 3}, headers=AUTH).status_code == 422


def test_request_body_over_the_limit_is_refused(writable_db: str, analyzer):
    settings = Settings.resolve({"db": writable_db, "max_bytes": 1000}, environ={})
    app = create_app(settings, token=TOKEN, analyzer=analyzer)
    huge = "x" * 200_000
    with TestClient(app) as client:
        declared = client.post("/api/ingest", json={"text": huge}, headers=AUTH)
        assert declared.status_code == 413
        assert declared.json()["error"]["code"] == "too_large"

        def chunks():
            for _ in range(100):
                yield b"y" * 10_000

        streamed = client.post(
            "/api/ingest", content=chunks(), headers={**AUTH, "content-type": "application/json"}
        )
        assert streamed.status_code == 413
        small = client.post("/api/ingest", json={"text": "too short to matter"}, headers=AUTH)
        assert small.status_code == 202 or small.status_code == 200


def test_merge_actors_through_the_api(writer: TestClient):
    people = writer.get("/api/actors", params={"type": "person", "limit": 500}).json()["items"]
    keep, other = people[-2]["id"], people[-1]["id"]  # the two least mentioned people
    response = writer.post("/api/actors/merge", json={"keep": keep, "other": other}, headers=AUTH)
    assert response.status_code == 200, response.text
    merged = response.json()["into"]
    assert merged["id"] == keep and set(people[-1]["aliases"]) <= set(merged["aliases"])
    assert writer.get(f"/api/actors/{other}").status_code == 404
    bad = writer.post("/api/actors/merge", json={"keep": keep, "other": keep}, headers=AUTH)
    assert bad.status_code == 400


def test_ingest_form_with_the_token_starts_a_job_and_shows_its_page(writer: TestClient):
    body, kind = _multipart(
        [], {"token": TOKEN, "format": "text", "content": ARTICLE, "title": "From the form"}
    )
    response = writer.post(
        "/ingest", content=body, headers={"content-type": kind}, follow_redirects=False
    )
    assert response.status_code == 303
    location = response.headers["location"]
    job_id = location.rsplit("/", 1)[-1]
    writer.app.state.accord.jobs.wait(job_id, 120)
    page = writer.get(location, headers={"accept": "text/html"})
    assert page.status_code == 200 and "From the form" in page.text and "refresh" not in page.text
    twin = writer.get(f"{location}.json").json()
    assert twin["job"]["state"] == "done"


def test_ingest_form_with_a_wrong_token_shows_the_form_again(writer: TestClient):
    body, kind = _multipart([], {"token": "wrong", "content": ARTICLE})
    response = writer.post(
        "/ingest", content=body, headers={"content-type": kind, "accept": "text/html"}
    )
    assert response.status_code == 401
    assert "valid token" in response.text and "wrong" not in response.text


@pytest.mark.postgres
def test_ingest_and_merge_on_postgresql(pg_server, analyzer):
    url = pg_server.create_database()
    app = create_app(settings_for(url), token=TOKEN, analyzer=analyzer)
    with TestClient(app) as client:
        job = client.post("/api/ingest?wait=true", json={"text": ARTICLE}, headers=AUTH).json()
        assert job["counts"] == {"new": 1}, job
        assert client.get("/api/documents").json()["total"] == 1
        assert client.get("/api/events", params={"between": "UZB,KGZ"}).json()["total"] >= 1
