"""The ingest job end to end, on SQLite and PostgreSQL: statuses, rejections, transactions."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from accord.ingest import pipeline
from accord.ingest.pipeline import ingest
from accord.settings import Settings
from accord.store.documents import get_document, list_documents, list_rejections
from tests.conftest import CORPUS, FIXTURES
from tests.ingest.local_http import Route

INGEST = FIXTURES / "ingest"
BOILERPLATE = INGEST / "boilerplate"
SETTINGS = Settings()


def _run(engine, *inputs, settings: Settings = SETTINGS):
    """Ingest without the analysis stage: these tests are about reading and storing."""
    seen = []
    report = ingest(
        [str(i) for i in inputs], engine, settings, on_outcome=seen.append, analyze=False
    )
    return report, seen


def test_ingest_stores_a_folder_and_reports_skips(engine):
    report, seen = _run(engine, INGEST / "folder_with_hidden_and_unsupported")
    assert dict(report.counts) == {"new": 3, "skipped": 2}
    assert report.ok
    assert len(seen) == 5
    docs = list_documents(engine)
    assert len(docs) == 3
    assert {d.title for d in docs} == {
        "Presidents agree to speed up railway construction",
        "Notes on the visit",
    }


def test_ingest_twice_stores_once_and_reports_unchanged(engine):
    path = BOILERPLATE / "byline.txt"
    first, _ = _run(engine, path)
    second, _ = _run(engine, path)
    assert dict(first.counts) == {"new": 1}
    assert dict(second.counts) == {"unchanged": 1}
    assert second.stored[0].doc_id == first.stored[0].doc_id
    assert len(list_documents(engine, latest_only=False)) == 1


def test_ingest_same_content_under_two_paths_stores_once(engine, tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "copy" / "b.txt"
    b.parent.mkdir()
    shutil.copy(BOILERPLATE / "tags.txt", a)
    shutil.copy(BOILERPLATE / "tags.txt", b)
    report, _ = _run(engine, a, b)
    assert [o.status for o in report.stored] == ["new", "unchanged"]
    assert len(list_documents(engine, latest_only=False)) == 1


def test_ingest_changed_file_becomes_a_new_version(engine, tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text((BOILERPLATE / "tags.txt").read_text())
    first, _ = _run(engine, path)
    path.write_text(
        (BOILERPLATE / "tags.txt").read_text() + "\nThe ministers will meet again in May.\n"
    )
    second, _ = _run(engine, path)
    assert second.stored[0].status == "version"
    old_id, new_id = first.stored[0].doc_id, second.stored[0].doc_id
    assert get_document(engine, new_id).version_of == old_id
    assert [d.id for d in list_documents(engine)] == [new_id]
    assert {d.id for d in list_documents(engine, latest_only=False)} == {old_id, new_id}


def test_ingest_rejects_bad_inputs_and_continues(engine, tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "only_furniture.txt").write_text("Home / News / Politics\n\nShare\nTweet\n")
    shutil.copy(BOILERPLATE / "tags.txt", tmp_path / "good.txt")
    report, _ = _run(engine, tmp_path)
    assert report.counts["new"] == 1
    assert not report.ok
    reasons = {Path(o.source).name: o.reason for o in report.rejected}
    assert set(reasons) == {"empty.txt", "image.html", "only_furniture.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "PNG" in reasons["image.html"]
    assert "boilerplate" in reasons["only_furniture.txt"]
    recorded = {Path(r.source).name: r.reason for r in list_rejections(engine)}
    assert recorded == reasons


def test_ingest_rejects_bad_json_lines_by_path_and_line(engine):
    path = INGEST / "jsonl" / "valid_and_bad_lines.jsonl"
    report, _ = _run(engine, path)
    assert report.counts["new"] == 2
    assert sorted(o.source for o in report.rejected) == [f"{path}#{n}" for n in (2, 4, 5, 7)]
    assert {r.source for r in list_rejections(engine)} == {o.source for o in report.rejected}


def test_ingest_rejects_json_lines_the_database_cannot_store(engine, tmp_path: Path):
    path = tmp_path / "escapes.jsonl"
    lines = [
        {"text": "A NUL\u0000 inside an article about the railway."},
        {"text": "A lone \ud800 surrogate inside an article."},
        {"text": "BISHKEK — A good article about the railway between Osh and Andijan."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    report, _ = _run(engine, path)
    assert report.counts["new"] == 1
    assert sorted(o.source for o in report.rejected) == [f"{path}#1", f"{path}#2"]


def test_ingest_never_takes_the_file_time_as_publication_date(engine, tmp_path: Path):
    path = tmp_path / "undated.txt"
    shutil.copy(BOILERPLATE / "breadcrumb.txt", path)
    os.utime(path, (1_000_000_000, 1_000_000_000))  # 2001-09-09
    report, _ = _run(engine, path)
    doc = get_document(engine, report.stored[0].doc_id)
    assert doc.published is None


def test_ingest_commits_each_document_in_its_own_transaction(engine, monkeypatch, tmp_path):
    for name in ("tags.txt", "byline.txt"):
        shutil.copy(BOILERPLATE / name, tmp_path / name)
    real = pipeline.store_document
    calls = []

    def failing_second(connection, doc, **kwargs):
        calls.append(doc.id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(connection, doc, **kwargs)

    monkeypatch.setattr(pipeline, "store_document", failing_second)
    with pytest.raises(RuntimeError):
        _run(engine, tmp_path)
    assert [d.id for d in list_documents(engine)] == calls[:1]


def test_ingest_downloads_urls_and_feeds_from_a_local_server(engine, site):
    web = INGEST / "web"
    site.add("/news/dostuk.html", Route((web / "article_with_meta_tags.html").read_bytes()))
    site.add("/news/gas.txt", Route((web / "gas_transit.txt").read_bytes(), "text/plain"))
    feed = (web / "feed.rss").read_text().replace("{base}", site.base).encode()
    site.add("/feed.rss", Route(feed, "application/rss+xml"))
    settings = Settings(allow_private=True, fetch_timeout=5)
    report, _ = _run(engine, site.url("/feed.rss"), settings=settings)
    assert report.counts["new"] == 2
    assert [o.source for o in report.rejected] == [site.url("/feed.rss") + "#3"]
    by_url = {d.url: d for d in list_documents(engine)}
    dostuk = by_url[site.url("/news/dostuk.html")]
    assert dostuk.outlet == "Asia Briefs"  # the feed names the outlet, it takes precedence
    assert dostuk.published == "2023-03-02T11:20:00+06:00"
    gas = by_url[site.url("/news/gas.txt")]
    assert gas.title == "Gas transit agreement takes effect"
    assert gas.published == "2023-03-03T09:00:00+05:00"
    again, _ = _run(engine, site.url("/feed.rss"), settings=settings)
    assert again.counts["unchanged"] == 2


def test_ingest_refuses_loopback_url_without_allow_private(engine, site):
    url = site.add("/a.html", Route(b"<html><p>text</p></html>"))
    report, _ = _run(engine, url)
    assert report.rejected[0].source == url
    assert "private or reserved" in report.rejected[0].reason
    assert site.requests == []


@pytest.mark.slow
def test_ingest_bundled_corpus_stores_every_document(engine):
    report, _ = _run(engine, CORPUS)
    assert report.ok, [(o.source, o.reason) for o in report.rejected]
    assert report.counts["new"] >= 18
    docs = list_documents(engine)
    assert len(docs) == report.counts["new"]
    assert all(d.text is None for d in docs)  # listings leave the text out
    assert json.loads(json.dumps([d.model_dump() for d in docs]))
