"""Documents and rejections in the knowledge base, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from sqlalchemy import select

from accord.errors import NotFound
from accord.models import Document, RemovedLine
from accord.store.documents import (
    count_documents,
    get_document,
    list_documents,
    list_rejections,
    record_rejection,
    store_document,
)
from accord.store.schema import documents


def _doc(raw: str, *, published: str | None = None, title: str | None = None) -> Document:
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return Document(
        id=f"doc-{digest[:16]}",
        source="story.txt",
        title=title,
        published=published,
        outlet="Bishkek Courier",
        authors=["Ainura Bekova"],
        dateline="BISHKEK",
        attributed_to=["Kabar"],
        language="en",
        format="txt",
        content_hash=digest,
        word_count=len(raw.split()),
        text=raw,
        removed=[RemovedLine(line=1, text="Share", reason="share buttons")],
    )


def _store(engine, raw: str, key: str = "/abs/story.txt", **fields):
    with engine.begin() as connection:
        return store_document(connection, _doc(raw, **fields), raw=raw, source_key=key)


def test_store_document_round_trips_every_field(engine):
    stored = _store(
        engine, "Presidents met in Bishkek.", published="2023-01-26T15:10:00+06:00", title="Talks"
    )
    assert stored.status == "new"
    doc = get_document(engine, stored.id)
    assert doc == _doc(
        "Presidents met in Bishkek.", published="2023-01-26T15:10:00+06:00", title="Talks"
    )


def test_store_document_same_content_twice_is_unchanged(engine):
    first = _store(engine, "Same text.")
    second = _store(engine, "Same text.", key="/abs/other-path.txt")
    assert (second.status, second.id) == ("unchanged", first.id)
    assert count_documents(engine) == 1


def test_store_document_links_changed_content_of_same_source_as_version(engine):
    first = _store(engine, "First version.")
    second = _store(engine, "Second version.")
    third = _store(engine, "Third version.")
    assert (second.status, second.previous) == ("version", first.id)
    assert (third.status, third.previous) == ("version", second.id)
    assert get_document(engine, third.id).version_of == second.id
    assert [d.id for d in list_documents(engine)] == [third.id]
    assert len(list_documents(engine, latest_only=False)) == 3


def test_store_document_revert_to_earlier_content_makes_it_current_again(engine):
    original = _store(engine, "Original text.")
    edited = _store(engine, "Edited text.")
    reverted = _store(engine, "Original text.")
    assert reverted.id == original.id
    assert reverted.status == "version"
    assert [d.id for d in list_documents(engine)] == [original.id]
    assert count_documents(engine) == 2
    assert edited.status == "version"


def test_store_document_different_sources_are_separate_documents(engine):
    a = _store(engine, "Story A.", key="/abs/a.txt")
    b = _store(engine, "Story B.", key="/abs/b.txt")
    assert (a.status, b.status) == ("new", "new")
    assert len(list_documents(engine)) == 2


def test_store_document_rolls_back_with_the_callers_transaction(engine):
    with pytest.raises(RuntimeError), engine.begin() as connection:
        store_document(connection, _doc("Never committed."), raw="Never committed.", source_key="k")
        raise RuntimeError("analysis failed")
    assert count_documents(engine) == 0


def test_store_document_keeps_raw_content_and_publication_day(engine):
    stored = _store(engine, "Raw text.", published="2023-01-26T15:10:00+06:00")
    with engine.connect() as connection:
        row = connection.execute(select(documents).where(documents.c.id == stored.id)).one()
    assert row.raw == "Raw text."
    assert row.published_day == "2023-01-26"
    assert row.source_key == "/abs/story.txt"


def test_list_documents_orders_by_publication_day_undated_last(engine):
    _store(engine, "Undated.", key="u")
    _store(engine, "Later.", key="l", published="2024-04-12")
    _store(engine, "Earlier.", key="e", published="2022-03-03T14:25:00")
    assert [d.text is None for d in list_documents(engine)] == [True, True, True]
    listed = list_documents(engine, with_text=True)
    assert [d.text for d in listed] == ["Earlier.", "Later.", "Undated."]
    assert [d.text for d in list_documents(engine, limit=1, offset=1, with_text=True)] == ["Later."]


def test_get_document_accepts_a_unique_prefix(engine):
    stored = _store(engine, "Prefix lookup.")
    assert get_document(engine, stored.id[:9]).id == stored.id


def test_get_document_raises_not_found_for_unknown_and_ambiguous_ids(engine):
    _store(engine, "One.", key="a")
    _store(engine, "Two.", key="b")
    with pytest.raises(NotFound, match="no document"):
        get_document(engine, "doc-ffffffffffffffff")
    with pytest.raises(NotFound, match="ambiguous"):
        get_document(engine, "doc-")
    with pytest.raises(NotFound):
        get_document(engine, "%")


def test_record_rejection_keeps_source_reason_and_time_newest_first(engine):
    record_rejection(engine, "feed.jsonl#2", "malformed JSON: Expecting value at column 1")
    record_rejection(engine, "photo.png", "binary file (a PNG image), not text")
    rows = list_rejections(engine)
    assert [(r.source, r.reason) for r in rows] == [
        ("photo.png", "binary file (a PNG image), not text"),
        ("feed.jsonl#2", "malformed JSON: Expecting value at column 1"),
    ]
    assert all(isinstance(r.rejected_at, datetime) for r in rows)
    assert len(list_rejections(engine, limit=1)) == 1
    assert count_documents(engine) == 0
