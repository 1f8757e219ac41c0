"""Incremental fusion: adding documents updates the record exactly as a rebuild would."""

from __future__ import annotations

import shutil

from accord.analyze.document import ANALYSIS_VERSION, analyze_documents
from accord.fuse.record import rebuild_record, update_record
from accord.ingest.fetch import FetchPolicy
from accord.ingest.pipeline import ingest
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem, iter_inputs
from accord.present.export import build_record
from accord.settings import Settings
from accord.store.analysis import save_analysis
from accord.store.documents import store_document
from accord.store.kb import open_kb
from tests.conftest import CORPUS


def _record(engine) -> dict:
    record = build_record(engine).model_dump(mode="json", by_alias=True)
    record.pop("generated")
    return record


def test_incremental_update_equals_full_rebuild(db_url, tmp_path, analyzer):
    files = sorted(p for p in CORPUS.iterdir() if p.suffix != ".jsonl")
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for path in files[:-4]:
        shutil.copy(path, first / path.name)
    for path in files[-4:]:
        shutil.copy(path, later / path.name)
    engine = open_kb(db_url)
    settings = Settings.resolve({"db": db_url}, environ={})
    ingest([str(first)], engine, settings, analyzer=analyzer)
    added = _store_without_fusing(engine, analyzer, sorted(later.iterdir()))
    assert len(added) == 4
    before = _record(engine)

    update_record(engine, analyzer.reference, added)
    incremental = _record(engine)
    rebuild_record(engine, analyzer.reference)
    rebuilt = _record(engine)

    assert incremental == rebuilt
    assert incremental != before  # the update did change the record
    assert len(rebuilt["events"]) > 10 and rebuilt["conflicts"]


def _store_without_fusing(engine, analyzer, paths) -> set[str]:
    """Store documents and their analyses, leaving the record as it was."""
    docs = [
        prepare(e)
        for e in iter_inputs([str(p) for p in paths], FetchPolicy())
        if isinstance(e, RawItem)
    ]
    raw = {d.id: p.read_text(encoding="utf-8") for d, p in zip(docs, paths, strict=True)}
    for doc, analysis in zip(docs, analyze_documents(docs, analyzer), strict=True):
        with engine.begin() as connection:
            store_document(connection, doc, raw=raw[doc.id], source_key=doc.source)
            save_analysis(connection, analysis, ANALYSIS_VERSION)
    return {d.id for d in docs}
