"""Downloading URLs at the edge of the system, with an address policy and limits.

Every hop of a redirect chain is checked against the policy: loopback,
private, link-local, multicast, reserved and cloud-metadata addresses are
refused unless the caller allows private addresses. Bodies are streamed and
cut off at the size limit; the whole download has a time limit. The HTTP
transport is injectable so parsing can be tested without sockets.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from accord.errors import BlockedAddress, FetchError

Resolver = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded resource."""

    url: str
    content: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits of one download."""

    max_bytes: int = 5_000_000
    timeout: float = 20.0
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "accord"


def system_resolver(host: str) -> list[str]:
    """All addresses ``host`` resolves to."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc.strerror}") from exc
    return sorted({info[4][0] for info in infos})


def check_address(url: str, policy: FetchPolicy, resolver: Resolver = system_resolver) -> None:
    """Raise :class:`BlockedAddress` if ``url`` is not http(s) or points into a refused range."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedAddress(f"only http and https URLs are fetched, not {parts.scheme!r}")
    if not parts.hostname:
        raise FetchError(f"URL has no host: {url}")
    if policy.allow_private:
        return
    for address in resolver(parts.hostname):
        ip = ipaddress.ip_address(address.split("%")[0])
        if _refused(ip):
            raise BlockedAddress(
                f"{parts.hostname} resolves to {ip}, a private or reserved address "
                "(use --allow-private to permit it)"
            )


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver = system_resolver,
) -> Fetched:
    """Download ``url`` following at most ``policy.max_redirects`` checked redirects."""
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml,"
        "application/rss+xml,application/atom+xml,application/xml,text/plain;q=0.9,*/*;q=0.5",
    }
    seen: set[str] = set()
    # httpx's timeout bounds each network operation; a server dripping a byte at a time
    # never trips it, so the whole download also has a deadline.
    deadline = time.monotonic() + policy.timeout
    with httpx.Client(
        transport=transport, timeout=policy.timeout, headers=headers, follow_redirects=False
    ) as client:
        current = url
        for _ in range(policy.max_redirects + 1):
            if current in seen:
                raise FetchError(f"redirect loop at {current}")
            seen.add(current)
            check_address(current, policy, resolver)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"redirect without a Location header from {current}")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
                    body = _read_capped(response, policy.max_bytes, deadline)
                    return Fetched(
                        str(response.url), body, response.headers.get("content-type", "").lower()
                    )
            except (httpx.TimeoutException, TimeoutError) as exc:
                raise FetchError(f"timed out after {policy.timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"download failed: {exc}") from exc
        raise FetchError(f"more than {policy.max_redirects} redirects")


def _read_capped(response: httpx.Response, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(
            f"response too large: {int(declared):,} bytes, over the limit of {limit:,}"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"response too large: over the limit of {limit:,} bytes")
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError
    return b"".join(chunks)


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )
