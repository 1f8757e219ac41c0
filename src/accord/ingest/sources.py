"""Turn what the user names (files, folders, JSON lines, URLs, feeds) into a stream of raw items.

The stream is lazy: a folder of a million files or a JSONL shard of any size
is read one item at a time. Problems with one input become a
:class:`Rejected` entry in the stream and the rest continues.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import feedparser

from accord.errors import FetchError, InputRejected
from accord.ingest.decode import check_size, decode_bytes
from accord.ingest.fetch import FetchPolicy, fetch

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = (
    TEXT_SUFFIXES
    | MARKDOWN_SUFFIXES
    | HTML_SUFFIXES
    | JSON_SUFFIXES
    | JSONL_SUFFIXES
    | FEED_SUFFIXES
)
_JSON_HINTS = ("url", "title", "published", "outlet", "authors")


@dataclass(slots=True)
class RawItem:
    """One article as read, before extraction and cleaning."""

    source: str
    key: str
    format: str  # txt | md | html
    content: str
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read, and why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file inside a folder that is not a supported input (reported, not an error)."""

    source: str
    reason: str


Entry = RawItem | Rejected | Skipped


def iter_inputs(
    inputs: list[str],
    policy: FetchPolicy,
    fetcher: Any = fetch,
    names: Mapping[str, str] | None = None,
) -> Iterator[Entry]:
    """Yield a raw item, rejection or skip for everything ``inputs`` names, in order.

    ``names`` (input -> name): how an input is shown and recorded as its documents'
    source when the path itself means nothing to the user (a server's staged upload).
    """
    for given in inputs:
        if given.startswith(("http://", "https://")):
            yield from _from_url(given, policy, fetcher)
            continue
        path = Path(given)
        shown = (names or {}).get(given, given)
        if path.is_dir():
            yield from _from_folder(path, shown, policy, fetcher)
        elif path.is_file():
            yield from _from_file(path, shown, policy, fetcher)
        elif path.exists():
            yield Rejected(shown, "not a regular file or folder")
        else:
            yield Rejected(shown, "no such file, folder or URL")


def _from_folder(folder: Path, given: str, policy: FetchPolicy, fetcher: Any) -> Iterator[Entry]:
    for found in walk_folder(folder, given):
        if isinstance(found, Skipped):
            yield found
        else:
            yield from _from_file(found[0], found[1], policy, fetcher)


def walk_folder(folder: Path, given: str) -> Iterator[tuple[Path, str] | Skipped]:
    """Supported files under ``folder`` as (path, name shown to the user), in a stable
    order (hidden files and folders left out); other files as skipped, with the reason."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            shown = os.path.join(given, os.path.relpath(path, folder))
            if path.suffix.lower() not in SUPPORTED:
                yield Skipped(shown, f"unsupported file type {path.suffix or '(none)'!r}")
            else:
                yield path, shown


def _from_file(path: Path, shown: str, policy: FetchPolicy, fetcher: Any) -> Iterator[Entry]:
    suffix = path.suffix.lower()
    key = str(path.resolve())
    if suffix in JSONL_SUFFIXES:
        yield from _from_jsonl(path, shown, key, policy)
        return
    if suffix not in SUPPORTED:
        yield Rejected(
            shown,
            f"unsupported file type {suffix or '(none)'!r}; accord reads "
            f"{', '.join(sorted(SUPPORTED))}",
        )
        return
    try:
        check_size(path.stat().st_size, policy.max_bytes, shown)
        text = decode_bytes(path.read_bytes(), shown)
    except InputRejected as exc:
        yield Rejected(shown, exc.reason)
        return
    except OSError as exc:
        yield Rejected(shown, f"cannot read: {exc.strerror}")
        return
    if suffix in JSON_SUFFIXES:
        yield from _from_json_text(text, shown, key)
    elif suffix in FEED_SUFFIXES:
        yield from _from_feed(text, shown, policy, fetcher)
    else:
        fmt = "html" if suffix in HTML_SUFFIXES else "md" if suffix in MARKDOWN_SUFFIXES else "txt"
        yield RawItem(source=shown, key=key, format=fmt, content=text)


def _from_jsonl(path: Path, shown: str, key: str, policy: FetchPolicy) -> Iterator[Entry]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Rejected(shown, f"cannot read: {exc.strerror}")
        return
    with handle:
        empty = True
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            empty = False
            where = f"{shown}#{number}"
            if len(raw) > policy.max_bytes:
                yield Rejected(
                    where,
                    f"line too large: {len(raw):,} bytes, over the limit of {policy.max_bytes:,}",
                )
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield Rejected(where, "line is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield Rejected(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
                continue
            yield _article_from_object(obj, where, f"{key}#{number}")
        if empty:
            yield Rejected(shown, "empty file")


def _from_json_text(text: str, shown: str, key: str) -> Iterator[Entry]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejected(shown, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    if isinstance(obj, list):
        for index, item in enumerate(obj, start=1):
            yield _article_from_object(item, f"{shown}#{index}", f"{key}#{index}")
    else:
        yield _article_from_object(obj, shown, key)


def _article_from_object(obj: Any, where: str, key: str) -> Entry:
    if not isinstance(obj, dict):
        return Rejected(where, f"expected a JSON object, got {type(obj).__name__}")
    body, fmt = obj.get("html"), "html"
    if not isinstance(body, str) or not body.strip():
        body, fmt = obj.get("text"), "txt"
    if not isinstance(body, str) or not body.strip():
        return Rejected(where, "article has no 'text' or 'html' field with content")
    hints = {name: obj[name] for name in _JSON_HINTS if obj.get(name) not in (None, "", [])}
    problem = _unstorable([body, *hints.values()])
    if problem:
        return Rejected(where, problem)
    if isinstance(hints.get("authors"), str):
        hints["authors"] = [hints["authors"]]
    url = hints.get("url")
    return RawItem(
        source=url if isinstance(url, str) else where,
        key=url if isinstance(url, str) else key,
        format=fmt,
        content=body,
        hints=hints,
    )


def _unstorable(values: list[Any]) -> str | None:
    """Why strings decoded from JSON escapes cannot be stored as text, or None.

    "\\u0000" and a lone surrogate such as "\\ud800" are valid JSON but no article
    text: PostgreSQL refuses NUL and neither database can encode a lone surrogate.
    """
    for value in values:
        if isinstance(value, list):
            problem = _unstorable(value)
            if problem:
                return problem
        elif isinstance(value, str):
            if "\x00" in value:
                return "article contains NUL characters (binary data?), not text"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "article contains invalid Unicode (a lone surrogate escape)"
    return None


def _from_url(url: str, policy: FetchPolicy, fetcher: Any) -> Iterator[Entry]:
    try:
        fetched = fetcher(url, policy)
        text = decode_bytes(fetched.content, url)
    except (FetchError, InputRejected) as exc:
        yield Rejected(url, exc.reason if isinstance(exc, InputRejected) else str(exc))
        return
    if _is_feed(fetched.content_type, text):
        yield from _from_feed(text, url, policy, fetcher)
    elif "html" in fetched.content_type or text.lstrip()[:15].lower().startswith(
        ("<!doctype", "<html")
    ):
        yield RawItem(
            source=url, key=fetched.url, format="html", content=text, hints={"url": fetched.url}
        )
    else:
        yield RawItem(
            source=url, key=fetched.url, format="txt", content=text, hints={"url": fetched.url}
        )


def _is_feed(content_type: str, text: str) -> bool:
    if any(kind in content_type for kind in ("rss", "atom")):
        return True
    head = text.lstrip()[:500].lower()
    return ("xml" in content_type or head.startswith("<?xml")) and any(
        tag in head for tag in ("<rss", "<feed", "<rdf:rdf")
    )


def _from_feed(text: str, source: str, policy: FetchPolicy, fetcher: Any) -> Iterator[Entry]:
    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        yield Rejected(source, f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
        return
    if not parsed.entries:
        yield Rejected(source, "feed has no entries")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        if not link:
            yield Rejected(f"{source}#{number}", "feed entry has no link")
            continue
        for item in _from_url(link, policy, fetcher):
            if isinstance(item, RawItem):
                item.hints.setdefault("title", entry.get("title"))
                if entry.get("published"):
                    item.hints.setdefault("published", entry.get("published"))
                item.hints.setdefault("outlet", parsed.feed.get("title"))
                item.hints = {k: v for k, v in item.hints.items() if v}
            yield item
