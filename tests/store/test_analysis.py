"""Analyses stored with their document: replaced as a whole, never touching other documents."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from accord.analyze.document import Analyzer
from accord.ingest.pipeline import ingest
from accord.settings import Settings
from accord.store.kb import open_kb
from accord.store.schema import analyses, doc_items, mentions

MEETING = (
    "BISHKEK — President Sadyr Japarov held talks with President of Uzbekistan Shavkat "
    "Mirziyoyev in Bishkek on January 26. Trade reached $1.2 billion last year, Japarov "
    "said. “We are allies,” Mirziyoyev said.\n"
)
OTHER = (
    "TASHKENT — Uzbekistan and Kyrgyzstan signed the Declaration on Allied Relations on "
    "Thursday, the press service said. The presidents will meet again next year.\n"
)


def _rows(engine, table, doc_id):
    with engine.connect() as connection:
        return [
            dict(r)
            for r in connection.execute(
                select(table).where(table.c.document_id == doc_id)
            ).mappings()
        ]


def _write(folder: Path, name: str, text: str, date: str) -> Path:
    path = folder / name
    path.write_text(f"Headline for {name}\n\n{date}\n\n{text}", encoding="utf-8")
    return path


def test_reingest_replaces_only_that_documents_analysis(db_url, tmp_path, analyzer: Analyzer):
    a = _write(tmp_path, "a.txt", MEETING, "27 January 2023 10:30")
    b = _write(tmp_path, "b.txt", OTHER, "28 January 2023 11:00")
    engine = open_kb(db_url)
    settings = Settings.resolve({"db": db_url}, environ={})
    first = ingest([str(a), str(b)], engine, settings, analyzer=analyzer)
    ids = {o.source: o.doc_id for o in first.stored}
    doc_a, doc_b = ids[str(a)], ids[str(b)]
    before_b = [_rows(engine, t, doc_b) for t in (analyses, mentions, doc_items)]
    before_a_items = {(r["kind"], r["item_id"]) for r in _rows(engine, doc_items, doc_a)}
    assert before_a_items, "document a was analysed"

    again = ingest([str(a)], engine, settings, analyzer=analyzer, reanalyze=True)

    assert [o.status for o in again.stored] == ["unchanged"]
    after_a_items = {(r["kind"], r["item_id"]) for r in _rows(engine, doc_items, doc_a)}
    assert after_a_items == before_a_items  # same input, same analysis, same ids
    assert [_rows(engine, t, doc_b) for t in (analyses, mentions, doc_items)] == before_b


def test_unchanged_document_is_not_analysed_twice(db_url, tmp_path, analyzer: Analyzer):
    a = _write(tmp_path, "a.txt", MEETING, "27 January 2023 10:30")
    engine = open_kb(db_url)
    settings = Settings.resolve({"db": db_url}, environ={})
    ingest([str(a)], engine, settings, analyzer=analyzer)
    with engine.connect() as connection:
        stamp = connection.execute(select(analyses.c.analyzed_at)).scalar_one()
    ingest([str(a)], engine, settings, analyzer=analyzer)
    with engine.connect() as connection:
        assert connection.execute(select(analyses.c.analyzed_at)).scalar_one() == stamp


def test_non_english_document_is_stored_but_not_analysed(db_url, tmp_path, analyzer: Analyzer):
    path = tmp_path / "ru.txt"
    path.write_text(
        "Президенты Узбекистана и Кыргызстана провели переговоры в Ташкенте и "
        "обсудили вопросы торговли, энергетики и транспорта между странами.",
        encoding="utf-8",
    )
    engine = open_kb(db_url)
    report = ingest(
        [str(path)], engine, Settings.resolve({"db": db_url}, environ={}), analyzer=analyzer
    )
    [outcome] = report.stored
    assert _rows(engine, mentions, outcome.doc_id) == []
    [row] = _rows(engine, analyses, outcome.doc_id)
    assert row["language"] == "ru"
