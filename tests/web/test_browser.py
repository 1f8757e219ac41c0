"""The web app in a real browser: Debian's Chromium driven by Playwright against a real server.

The server is uvicorn on 127.0.0.1 (a thread of this process) over a copy of
the example corpus. Screenshots go to test-artifacts/. Without
/usr/bin/chromium the module is skipped, unless ACCORD_REQUIRE_BROWSER is set
(as in CI), where that is a failure. No browser is ever downloaded.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from accord.web.app import create_app
from tests.conftest import ROOT
from tests.web.conftest import TOKEN, copy_kb, settings_for
from tests.web.hostile import DOC_ID, EVENT_ID, PERSON

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = ROOT / "test-artifacts"
ARTICLE = (
    "Presidents open a new border crossing\n\n"
    "3 September 2024 11:00\n\n"
    "BATKEN — President Sadyr Japarov and President Shavkat Mirziyoyev opened the new "
    "Kyzyl-Kiya border crossing point on Tuesday, the presidential press service said."
)

if not CHROMIUM.exists():
    if os.environ.get("ACCORD_REQUIRE_BROWSER"):
        pytest.fail(f"{CHROMIUM} is required (ACCORD_REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright  # noqa: E402


class _Server:
    """uvicorn in a thread on a free loopback port."""

    def __init__(self, app) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> _Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="module")
def site(corpus_db: str, tmp_path_factory: pytest.TempPathFactory, analyzer) -> Iterator[str]:
    db = copy_kb(corpus_db, tmp_path_factory.mktemp("browser") / "kb.db")
    with _Server(create_app(settings_for(db), token=TOKEN, analyzer=analyzer)) as server:
        yield server.url


@pytest.fixture(scope="module")
def hostile_site(hostile_db: str) -> Iterator[str]:
    with _Server(create_app(settings_for(hostile_db), read_only=True)) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems: list[str] = []
    tab.on("console", lambda m: _console(m, problems))
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.problems = problems  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert problems == [], problems


def _console(message: ConsoleMessage, problems: list[str]) -> None:
    if message.type in ("error", "warning") and "password" not in message.text.lower():
        problems.append(f"{message.type}: {message.text}")


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_dashboard_event_actor_search_and_ingest(page: Page, site: str):
    page.goto(site + "/")
    expect(page.locator("h1")).to_contain_text("Uzbekistan")
    expect(page.locator("h1")).to_contain_text("Kyrgyzstan")
    assert page.locator("svg.chart rect").count() > 0
    _shot(page, "dashboard")

    # Open an event from the latest meetings: every source's evidence is marked in its text.
    page.locator("section:has(h2:text('Latest meetings')) a.type").first.click()
    page.wait_for_url(re.compile(r"/events/"))
    twin = page.request.get(page.url + ".json").json()
    sources = page.locator("article.source-doc")
    assert sources.count() == len(twin["sources"]) >= 1
    for n, source in enumerate(twin["sources"]):
        article = sources.nth(n)
        text = article.locator(".doc-text").inner_text()
        marks = article.locator(".doc-text mark.evidence")
        assert marks.count() == len(source["evidence"])
        for m, evidence in enumerate(source["evidence"]):
            marked = marks.nth(m).inner_text()
            assert marked == evidence["text"] and marked in text
            assert (
                marks.nth(m).evaluate("e => getComputedStyle(e).backgroundColor")
                != "rgba(0, 0, 0, 0)"
            )
    _shot(page, "event")

    # Follow a participant to the actor page.
    actor = page.locator("table.attributes a.actor").first
    name = actor.inner_text()
    actor.click()
    page.wait_for_url(re.compile(r"/actors/"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("h2", has_text="Roles over time")).to_be_visible()
    _shot(page, "actor")

    # Search from the box in the header.
    page.fill("header input[name=q]", "railway")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=railway"))
    assert page.locator(".results-documents mark.hit").count() > 0
    _shot(page, "search")

    # Ingest a document through the form, with the token, and watch the job finish.
    page.goto(site + "/ingest")
    page.fill("input[name=token]", TOKEN)
    page.fill("textarea[name=content]", ARTICLE)
    page.fill("input[name=title]", "Kyzyl-Kiya crossing opens")
    page.click("form.ingest button[type=submit]")
    page.wait_for_url(re.compile(r"/ingest/jobs/"))
    expect(page.locator("#job-state")).to_have_text("done", timeout=90_000)
    _shot(page, "ingest-job")
    page.get_by_role("link", name="Kyzyl-Kiya crossing opens").click()
    expect(page.locator("h1")).to_have_text("Kyzyl-Kiya crossing opens")
    assert page.locator(".doc-text .m-person").count() >= 2
    _shot(page, "ingested-document")


def test_browser_wrong_token_is_refused_on_the_page(page: Page, site: str):
    page.goto(site + "/ingest")
    page.fill("input[name=token]", "not-the-token")
    page.fill("textarea[name=content]", ARTICLE)
    page.click("form.ingest button[type=submit]")
    expect(page.locator(".error-message")).to_contain_text("valid token")
    problems = page.problems  # type: ignore[attr-defined]
    assert all("status of 401" in p for p in problems)  # the page itself answered 401
    problems.clear()


def test_browser_hostile_content_never_runs(page: Page, hostile_site: str):
    for path in ("/", f"/documents/{DOC_ID}", f"/events/{EVENT_ID}", f"/actors/{PERSON}",
                 "/commitments", "/figures", "/search?q=alert", "/timeline"):  # fmt: skip
        page.goto(hostile_site + path)
        assert page.evaluate("document.scripts.length") == 0, path
        assert page.locator("img").count() == 0, path
        page.mouse.move(200, 300)
    page.goto(hostile_site + f"/documents/{DOC_ID}")
    expect(page.locator(".doc-text")).to_contain_text('<script>alert("xss")</script>')
    _shot(page, "hostile-document")
