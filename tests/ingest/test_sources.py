"""What the user names becomes raw items, rejections (with path and reason) and skips."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import httpx
import pytest

from accord.ingest.fetch import FetchPolicy, fetch
from accord.ingest.sources import RawItem, Rejected, Skipped, iter_inputs
from tests.conftest import FIXTURES
from tests.ingest.local_http import Route

INGEST = FIXTURES / "ingest"
WEB = INGEST / "web"
POLICY = FetchPolicy()
LOCAL = FetchPolicy(allow_private=True, timeout=5.0)


def _entries(*inputs: str, policy: FetchPolicy = POLICY, fetcher=fetch):
    return list(iter_inputs(list(inputs), policy, fetcher))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "txt"), ("a.md", "md"), ("a.html", "html"), ("a.htm", "html"), ("A.HTML", "html")],
)
def test_iter_inputs_reads_text_files_by_suffix(tmp_path: Path, name: str, fmt: str):
    path = tmp_path / name
    path.write_text("Some article text.", encoding="utf-8")
    [item] = _entries(str(path))
    assert isinstance(item, RawItem)
    assert (item.format, item.content, item.source) == (fmt, "Some article text.", str(path))
    assert item.key == str(path.resolve())


def test_iter_inputs_reads_a_json_object_with_its_fields():
    path = INGEST / "json" / "single_article_object.json"
    [item] = _entries(str(path))
    assert isinstance(item, RawItem)
    assert item.format == "txt"
    assert item.hints == {
        "title": "Foreign ministers prepare state visit",
        "published": "2022-06-06",
        "outlet": "Tashkent Daily Review",
        "authors": ["Dilnoza Yusupova"],
    }


def test_iter_inputs_reads_each_object_of_a_json_array_and_rejects_the_rest():
    path = str(INGEST / "json" / "array_of_articles.json")
    entries = _entries(path)
    assert [type(e) for e in entries] == [RawItem, RawItem, Rejected]
    assert [e.hints["title"] for e in entries[:2]] == [
        "Commission approves roadmap",
        "First train reaches Andijan",
    ]
    assert entries[2] == Rejected(f"{path}#3", "expected a JSON object, got str")
    assert entries[0].key != entries[1].key


def test_iter_inputs_rejects_malformed_json_file(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{"text": "no end"', encoding="utf-8")
    [entry] = _entries(str(path))
    assert isinstance(entry, Rejected)
    assert entry.source == str(path)
    assert entry.reason.startswith("malformed JSON")


def test_iter_inputs_reads_valid_json_lines_and_rejects_bad_ones_by_line_number():
    path = str(INGEST / "jsonl" / "valid_and_bad_lines.jsonl")
    entries = _entries(path)
    items = [e for e in entries if isinstance(e, RawItem)]
    rejected = {e.source: e.reason for e in entries if isinstance(e, Rejected)}
    assert [i.hints.get("title") for i in items] == [
        "Presidents sign declaration",
        "Hospital opens in Osh",
    ]
    assert items[0].source == items[0].key == "https://briefs.example/1"
    assert items[0].hints["authors"] == ["Gulnara Sydykova"]
    assert items[1].format == "html"
    assert items[1].source == f"{path}#6"
    assert set(rejected) == {f"{path}#2", f"{path}#4", f"{path}#5", f"{path}#7"}
    assert rejected[f"{path}#2"].startswith("malformed JSON")
    assert rejected[f"{path}#4"] == "expected a JSON object, got list"
    assert "no 'text' or 'html'" in rejected[f"{path}#5"]
    assert "no 'text' or 'html'" in rejected[f"{path}#7"]


def test_iter_inputs_rejects_json_line_over_max_bytes(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "ok"}) + "\n")
    entries = _entries(str(path), policy=FetchPolicy(max_bytes=100))
    assert isinstance(entries[0], Rejected) and entries[0].source == f"{path}#1"
    assert "too large" in entries[0].reason
    assert isinstance(entries[1], RawItem)


def test_iter_inputs_rejects_json_text_with_nul_characters(tmp_path: Path):
    path = tmp_path / "nul.jsonl"
    path.write_text(json.dumps({"text": "An article\u0000with a NUL character in it."}) + "\n")
    [entry] = _entries(str(path))
    assert isinstance(entry, Rejected)
    assert entry.source == f"{path}#1"
    assert "NUL" in entry.reason


def test_iter_inputs_rejects_json_text_with_lone_surrogate(tmp_path: Path):
    path = tmp_path / "surrogate.jsonl"
    path.write_text('{"text": "An article with a broken \\ud800 escape."}\n{"text": "Fine."}\n')
    entries = _entries(str(path))
    assert isinstance(entries[0], Rejected) and entries[0].source == f"{path}#1"
    assert "invalid Unicode" in entries[0].reason
    assert isinstance(entries[1], RawItem)


def test_iter_inputs_rejects_empty_jsonl_file(tmp_path: Path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    assert _entries(str(path)) == [Rejected(str(path), "empty file")]


def test_iter_inputs_walks_folders_recursively_skipping_hidden_and_unsupported():
    folder = INGEST / "folder_with_hidden_and_unsupported"
    entries = _entries(str(folder))
    items = sorted(
        Path(e.source).relative_to(folder).as_posix() for e in entries if isinstance(e, RawItem)
    )
    skipped = sorted(
        Path(e.source).relative_to(folder).as_posix() for e in entries if isinstance(e, Skipped)
    )
    assert items == ["2023/railway_byline.txt", "notes/visit_notes.md", "railway_talks.txt"]
    assert skipped == ["2023/photo.png", "notes/table.csv"]
    assert not any(".hidden" in e.source or ".drafts" in e.source for e in entries)
    assert not any(isinstance(e, Rejected) for e in entries)
    png = next(e for e in entries if isinstance(e, Skipped) and e.source.endswith(".png"))
    assert png.reason == "unsupported file type '.png'"


def test_iter_inputs_rejects_named_file_of_unsupported_type(tmp_path: Path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    [entry] = _entries(str(path))
    assert isinstance(entry, Rejected)
    assert entry.reason.startswith("unsupported file type '.docx'")


def test_iter_inputs_rejects_missing_path():
    assert _entries("no/such/file.txt") == [
        Rejected("no/such/file.txt", "no such file, folder or URL")
    ]


@pytest.mark.parametrize(
    ("content", "reason_word"),
    [(b"", "empty"), (b"  \n ", "empty"), (b"\x89PNG\r\n\x1a\n....", "PNG")],
)
def test_iter_inputs_rejects_unreadable_file_and_continues(
    tmp_path: Path, content: bytes, reason_word: str
):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("An article.", encoding="utf-8")
    entries = _entries(str(bad), str(good))
    assert isinstance(entries[0], Rejected) and entries[0].source == str(bad)
    assert reason_word in entries[0].reason
    assert isinstance(entries[1], RawItem)


def test_iter_inputs_rejects_oversized_file(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    [entry] = _entries(str(path), policy=FetchPolicy(max_bytes=1000))
    assert isinstance(entry, Rejected)
    assert "too large: 5,000 bytes" in entry.reason


# URLs and feeds over a real local server


def _serve_news(site) -> None:
    site.add("/news/dostuk.html", Route((WEB / "article_with_meta_tags.html").read_bytes()))
    site.add("/news/gas.txt", Route((WEB / "gas_transit.txt").read_bytes(), "text/plain"))
    for name, kind in (("feed.rss", "application/rss+xml"), ("feed.atom", "application/atom+xml")):
        body = (WEB / name).read_text(encoding="utf-8").replace("{base}", site.base)
        site.add(f"/{name}", Route(body.encode("utf-8"), kind))


def test_iter_inputs_downloads_an_html_url(site):
    _serve_news(site)
    url = site.url("/news/dostuk.html")
    [item] = _entries(url, policy=LOCAL)
    assert isinstance(item, RawItem)
    assert (item.format, item.source, item.key, item.hints) == ("html", url, url, {"url": url})


def test_iter_inputs_downloads_a_plain_text_url(site):
    _serve_news(site)
    [item] = _entries(site.url("/news/gas.txt"), policy=LOCAL)
    assert isinstance(item, RawItem) and item.format == "txt"
    assert item.content.startswith("Gas transit agreement takes effect")


def test_iter_inputs_refuses_loopback_url_by_default(site):
    _serve_news(site)
    url = site.url("/news/dostuk.html")
    [entry] = _entries(url)
    assert isinstance(entry, Rejected) and entry.source == url
    assert "private or reserved address" in entry.reason
    assert site.requests == []


def test_iter_inputs_rejects_url_that_answers_404(site):
    url = site.url("/gone.html")
    assert _entries(url, policy=LOCAL) == [Rejected(url, "HTTP 404 Not Found")]


def test_iter_inputs_fetches_each_article_of_an_rss_feed(site):
    _serve_news(site)
    feed = site.url("/feed.rss")
    entries = _entries(feed, policy=LOCAL)
    assert [type(e) for e in entries] == [RawItem, RawItem, Rejected]
    dostuk, gas, no_link = entries
    assert dostuk.source == site.url("/news/dostuk.html")
    assert dostuk.hints["title"] == "Presidents open border crossing at Dostuk"
    assert dostuk.hints["published"] == "Thu, 02 Mar 2023 11:20:00 +0600"
    assert dostuk.hints["outlet"] == "Asia Briefs"
    assert gas.format == "txt"
    assert no_link == Rejected(f"{feed}#3", "feed entry has no link")


def test_iter_inputs_fetches_articles_of_an_atom_feed(site):
    _serve_news(site)
    [item] = _entries(site.url("/feed.atom"), policy=LOCAL)
    assert isinstance(item, RawItem)
    assert item.source == site.url("/news/gas.txt")
    assert item.hints["outlet"] == "Valley Wire"
    assert item.hints["published"] == "2023-03-03T09:00:00+05:00"


def test_iter_inputs_reads_a_feed_file_from_disk(tmp_path: Path, site):
    _serve_news(site)
    path = tmp_path / "feed.rss"
    path.write_text((WEB / "feed.rss").read_text().replace("{base}", site.base))
    entries = _entries(str(path), policy=LOCAL)
    assert [type(e) for e in entries] == [RawItem, RawItem, Rejected]


# Feeds without sockets: the transport is injected


def _mock_fetcher(pages: dict[str, tuple[str, bytes]]):
    def handler(request: httpx.Request) -> httpx.Response:
        kind, body = pages.get(str(request.url), ("text/plain", b""))
        return httpx.Response(200 if body else 404, headers={"Content-Type": kind}, content=body)

    return partial(
        fetch, transport=httpx.MockTransport(handler), resolver=lambda _host: ["93.184.216.34"]
    )


def test_iter_inputs_parses_feed_served_as_generic_xml():
    feed = (WEB / "feed.atom").read_text().replace("{base}", "https://wire.example")
    fetcher = _mock_fetcher(
        {
            "https://wire.example/feed": ("text/xml", feed.encode()),
            "https://wire.example/news/gas.txt": (
                "text/plain",
                (WEB / "gas_transit.txt").read_bytes(),
            ),
        }
    )
    [item] = _entries("https://wire.example/feed", fetcher=fetcher)
    assert isinstance(item, RawItem)
    assert item.hints["title"] == "Gas transit agreement takes effect"


def test_iter_inputs_rejects_feed_without_entries():
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    fetcher = _mock_fetcher({"https://wire.example/feed": ("application/rss+xml", empty)})
    assert _entries("https://wire.example/feed", fetcher=fetcher) == [
        Rejected("https://wire.example/feed", "feed has no entries")
    ]


def test_iter_inputs_rejects_feed_entry_linking_to_private_address():
    feed = (WEB / "feed.atom").read_text().replace("{base}", "http://10.0.0.9")
    fetcher = _mock_fetcher({"https://wire.example/feed": ("application/atom+xml", feed.encode())})

    def resolver(host: str) -> list[str]:
        return ["10.0.0.9"] if host == "10.0.0.9" else ["93.184.216.34"]

    fetcher = partial(fetcher, resolver=resolver)
    [entry] = _entries("https://wire.example/feed", fetcher=fetcher)
    assert isinstance(entry, Rejected)
    assert entry.source == "http://10.0.0.9/news/gas.txt"
    assert "private or reserved" in entry.reason
