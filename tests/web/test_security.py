"""Hostile content and access: escaping on every page, headers everywhere, no traversal, no injection."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from accord.store.kb import open_kb
from accord.web.security import SECURITY_HEADERS
from tests.web.hostile import DOC_ID, EVENT_ID, FORBIDDEN, JS_URL, PERSON

HTML = {"accept": "text/html"}
PAGES = [
    "/", "/dashboard", "/dashboard?between=UZB,KGZ", "/timeline", "/timeline?undated=1",
    f"/events/{EVENT_ID}", "/events/evt-hostile-meeting", "/actors", f"/actors/{PERSON}",
    "/actors/country:UZB", "/commitments", "/figures", "/documents", f"/documents/{DOC_ID}",
    f"/documents/{DOC_ID}?hl=10-60", "/search?q=script", "/search?q=alert",
    "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "/ingest", "/docs",
    "/events/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/actors/%3Cimg%20src=x%20onerror=alert(1)%3E",
]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_is_escaped_on_every_page(hostile, path: str):
    response = hostile.get(path, headers=HTML)
    assert response.status_code in (200, 404), response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    body = response.text.lower()
    for fragment in FORBIDDEN:
        assert fragment.lower() not in body, (path, fragment)


@pytest.mark.parametrize(
    "path", ["/", f"/events/{EVENT_ID}", f"/actors/{PERSON}", "/commitments", "/figures",
             f"/documents/{DOC_ID}", "/search?q=script", "/timeline"],
)  # fmt: skip
def test_hostile_text_is_shown_as_text(hostile, path: str):
    body = hostile.get(path, headers=HTML).text
    assert "&lt;script&gt;" in body or "&lt;img" in body, path


def test_javascript_urls_are_never_links(hostile):
    for path in (f"/documents/{DOC_ID}", f"/events/{EVENT_ID}"):
        body = hostile.get(path, headers=HTML).text
        assert 'href="javascript' not in body.lower()
    assert JS_URL in hostile.get(f"/documents/{DOC_ID}", headers=HTML).text  # shown as text


def test_attribute_values_cannot_break_out(hostile):
    body = hostile.get("/timeline", headers=HTML).text
    assert 'class="type t-meeting&#34; onmouseover=&#34;alert(1)"' in body


@pytest.mark.parametrize(
    "path",
    ["/", "/api/events", "/static/style.css", "/nowhere", "/api/nowhere", "/openapi.json",
     "/docs", "/dashboard.json", "/static/../app.py"],
)  # fmt: skip
def test_security_headers_on_every_response(hostile, path: str):
    response = hostile.get(path, headers=HTML)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (path, name)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_security_headers_on_errors_and_refusals(hostile):
    responses = [
        hostile.post("/api/ingest", json={"text": "x"}),
        hostile.post(
            "/api/ingest", content=b"x" * 6_000_000, headers={"content-type": "application/json"}
        ),
        hostile.get("/api/events?limit=0"),
    ]
    for response in responses:
        assert response.status_code >= 400
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["content-security-policy"]


def test_pages_load_nothing_from_other_origins(hostile):
    for path in ("/", f"/documents/{DOC_ID}", "/docs", "/ingest"):
        body = hostile.get(path, headers=HTML).text
        assert "<script" not in body  # no script at all, inline or not
        for attribute in ('src="http', "src='http", 'href="//', "@import"):
            assert attribute not in body
        assert 'rel="stylesheet" href="/static/style.css"' in body


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py",
        "/static/%2e%2e%2fapp.py", "/static/..%5capp.py", "/static/....//app.py",
        "/static/%252e%252e/app.py", "/static/../../../../etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/static//etc/passwd",
        "/static/%2fetc%2fpasswd", "/static/.%2e/templates/base.html",
    ],
)  # fmt: skip
def test_static_files_cannot_be_escaped(hostile, path: str):
    response = hostile.get(path)
    assert response.status_code in (400, 404), path
    assert "import" not in response.text and "root:" not in response.text


def test_static_files_are_served(hostile):
    response = hostile.get("/static/style.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")


INJECTIONS = [
    "'; DROP TABLE documents; --", '" OR ""="', "1' OR '1'='1", "*", "NEAR(", "\"unterminated",
    "title:secret", "a OR", "(((", "') UNION SELECT raw FROM documents --", "%' --", "Садыр'",
]  # fmt: skip


@pytest.mark.parametrize("query", INJECTIONS)
def test_search_input_is_only_ever_data(writer, writable_db: str, query: str):
    before = _counts(writable_db)
    for path in ("/api/search", "/search", "/search.json"):
        response = writer.get(path, params={"q": query})
        assert response.status_code == 200, (path, response.text)
    for name in ("events", "documents", "actors", "figures"):
        response = writer.get(f"/api/{name}", params={"text": query, "type": query})
        assert response.status_code == 200, (name, response.text)
    assert _counts(writable_db) == before


def _counts(db: str) -> dict[str, int]:
    engine = open_kb(db, create=False)
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("documents", "actors", "record_items", "record_links", "mentions")
            }
    finally:
        engine.dispose()
