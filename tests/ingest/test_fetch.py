"""Downloading: a real local server for the network, MockTransport where no socket is wanted."""

from __future__ import annotations

import time

import httpx
import pytest

from accord.errors import BlockedAddress, FetchError
from accord.ingest.fetch import FetchPolicy, check_address, fetch
from tests.ingest.local_http import Route

LOCAL = FetchPolicy(allow_private=True, timeout=5.0)
PUBLIC_IP = "93.184.216.34"


def _public(_host: str) -> list[str]:
    return [PUBLIC_IP]


def test_fetch_downloads_from_local_server(site):
    url = site.add("/a.html", Route(b"<html><p>Hello</p></html>"))
    fetched = fetch(url, LOCAL)
    assert fetched.content == b"<html><p>Hello</p></html>"
    assert fetched.content_type.startswith("text/html")
    assert fetched.url == url


def test_fetch_refuses_loopback_unless_private_allowed(site):
    url = site.add("/a.html", Route(b"secret"))
    with pytest.raises(BlockedAddress, match=r"127\.0\.0\.1.*--allow-private"):
        fetch(url, FetchPolicy())
    assert site.requests == []


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://localhost/", "127.0.0.1"),
        ("http://intranet.example/", "10.0.0.7"),
        ("http://router.example/", "192.168.1.1"),
        ("http://metadata.example/latest/", "169.254.169.254"),
        ("http://v6.example/", "::1"),
        ("http://mapped.example/", "::ffff:10.0.0.1"),
        ("http://zero.example/", "0.0.0.0"),
        ("http://cgnat.example/", "100.64.0.1"),
    ],
)
def test_check_address_refuses_private_and_reserved_ranges(url: str, address: str):
    with pytest.raises(BlockedAddress, match="private or reserved"):
        check_address(url, FetchPolicy(), resolver=lambda _host: [address])


def test_check_address_refuses_host_with_any_private_address():
    with pytest.raises(BlockedAddress):
        check_address("http://mixed.example/", FetchPolicy(), lambda _h: [PUBLIC_IP, "10.1.2.3"])


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_check_address_refuses_other_schemes(url: str):
    with pytest.raises(BlockedAddress, match="only http and https"):
        check_address(url, FetchPolicy(allow_private=True))


def test_check_address_accepts_public_address():
    check_address("https://news.example/a", FetchPolicy(), resolver=_public)


def test_fetch_checks_every_redirect_hop_against_the_policy():
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://10.0.0.5/admin"})

    def resolver(host: str) -> list[str]:
        return {"news.example": [PUBLIC_IP], "10.0.0.5": ["10.0.0.5"]}[host]

    with pytest.raises(BlockedAddress, match=r"10\.0\.0\.5"):
        fetch(
            "http://news.example/story",
            FetchPolicy(),
            transport=httpx.MockTransport(handler),
            resolver=resolver,
        )
    assert requested == ["http://news.example/story"]


def test_fetch_follows_redirect_on_the_same_server(site):
    site.add("/new.html", Route(b"moved here"))
    url = site.redirect("/old.html", "/new.html", status=301)
    fetched = fetch(url, LOCAL)
    assert fetched.content == b"moved here"
    assert fetched.url == site.url("/new.html")


def test_fetch_stops_a_redirect_loop(site):
    site.redirect("/loop-a", "/loop-b")
    url = site.redirect("/loop-b", "/loop-a")
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(url, LOCAL)


def test_fetch_stops_after_max_redirects(site):
    for n in range(5):
        site.redirect(f"/hop{n}", f"/hop{n + 1}")
    site.add("/hop5", Route(b"end"))
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(site.url("/hop0"), FetchPolicy(allow_private=True, max_redirects=3))
    assert (
        fetch(site.url("/hop0"), FetchPolicy(allow_private=True, max_redirects=5)).content == b"end"
    )


def test_fetch_reports_http_error_status(site):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(site.url("/missing.html"), LOCAL)


def test_fetch_times_out_on_a_server_that_sleeps(site):
    url = site.add("/slow", Route(b"late", delay=2.0))
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(url, FetchPolicy(allow_private=True, timeout=0.3))
    assert time.monotonic() - started < 1.5


def test_fetch_limits_the_whole_download_time_of_a_dripping_body(site):
    url = site.add("/drip", Route(b"x" * 64 * 40, drip=0.1, send_length=False))
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(url, FetchPolicy(allow_private=True, timeout=0.5))
    assert time.monotonic() - started < 2.0


def test_fetch_refuses_declared_body_over_max_bytes(site):
    url = site.add("/big", Route(b"x" * 5000))
    with pytest.raises(FetchError, match=r"too large.*1,000"):
        fetch(url, FetchPolicy(allow_private=True, max_bytes=1000))


def test_fetch_cuts_off_undeclared_body_over_max_bytes(site):
    url = site.add("/big-stream", Route(b"x" * 5000, send_length=False))
    with pytest.raises(FetchError, match="too large"):
        fetch(url, FetchPolicy(allow_private=True, max_bytes=1000))


def test_fetch_refuses_redirect_without_location():
    transport = httpx.MockTransport(lambda request: httpx.Response(302))
    with pytest.raises(FetchError, match="without a Location"):
        fetch("http://news.example/", FetchPolicy(), transport=transport, resolver=_public)


def test_fetch_sends_the_configured_user_agent():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["user-agent"])
        return httpx.Response(200, text="ok")

    fetch(
        "http://news.example/",
        FetchPolicy(user_agent="accord-test/1"),
        transport=httpx.MockTransport(handler),
        resolver=_public,
    )
    assert seen == ["accord-test/1"]


def test_fetch_reports_connection_failure_as_fetch_error():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match="download failed"):
        fetch(
            "http://news.example/",
            FetchPolicy(),
            transport=httpx.MockTransport(handler),
            resolver=_public,
        )
