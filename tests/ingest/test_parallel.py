"""Local parallel analysis, streaming and batched writes, on SQLite and PostgreSQL.

The mechanics (order, isolation, transactions) are tested with the rules-only
pipeline, whose workers start in a second; one test checks the full model.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError

from accord.analyze.document import Analyzer
from accord.ingest import pipeline
from accord.ingest.parallel import AnalysisFailed, ProcessPool, analyse_batch
from accord.ingest.pipeline import ingest
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem
from accord.present.export import build_record
from accord.settings import Settings
from accord.store.analysis import AnalysisRows
from accord.store.bulk import WriteFailed, write_batch
from accord.store.documents import list_documents, list_rejections
from accord.store.kb import open_kb
from accord.store.schema import analyses, rejections
from tests.conftest import CORPUS

RULES = Settings(spacy_model="none")


@pytest.fixture(scope="module")
def rules_analyzer() -> Analyzer:
    return Analyzer.from_settings(RULES)


@pytest.fixture
def second_url(db_url: str, request: pytest.FixtureRequest, tmp_path) -> str:
    """Another empty knowledge base on the same backend as ``db_url``."""
    if db_url.startswith("postgresql"):
        return request.getfixturevalue("pg_server").create_database()
    return str(tmp_path / "second.db")


def _record(engine) -> dict:
    record = build_record(engine).model_dump(mode="json", by_alias=True)
    record.pop("generated")
    return record


def _articles(tmp_path, texts: list[str], name: str = "wire.jsonl"):
    path = tmp_path / name
    lines = [
        json.dumps({"text": body, "title": f"Article {n}", "url": f"https://wire.example/{n}"})
        for n, body in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _text(n: int) -> str:
    return (
        f"TASHKENT — President Shavkat Mirziyoyev received the ambassador of Kyrgyzstan on "
        f"January {n % 28 + 1}, 2023. Trade reached ${n + 1} million, the press service said."
    )


def test_jobs_two_gives_the_record_of_one_process(db_url, second_url, rules_analyzer):
    one, two = open_kb(db_url), open_kb(second_url)
    first = ingest([str(CORPUS)], one, RULES, analyzer=rules_analyzer)
    second = ingest([str(CORPUS)], two, RULES, jobs=2, batch_size=4)
    assert second.stored == first.stored
    assert second.counts == first.counts
    assert _record(two) == _record(one)
    assert _record(one)["actors"]


@pytest.mark.slow
def test_jobs_two_with_the_model_gives_the_record_of_one_process(tmp_path, analyzer):
    one, two = open_kb(str(tmp_path / "one.db")), open_kb(str(tmp_path / "two.db"))
    ingest([str(CORPUS)], one, Settings(), analyzer=analyzer)
    ingest([str(CORPUS)], two, Settings(), jobs=2)
    assert _record(two) == _record(one)
    assert _record(one)["events"]


class _ExplodingPipe:
    """Wraps a spaCy pipeline so that a text containing "kaboom" fails, as a bug would."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp

    def pipe(self, texts, **kwargs):
        texts = list(texts)
        if any("kaboom" in t for t in texts):
            raise ValueError("boom")
        return self.nlp.pipe(texts, **kwargs)


def test_analyse_batch_fails_only_the_document_that_breaks(rules_analyzer):
    analyzer = dataclasses.replace(rules_analyzer, nlp=_ExplodingPipe(rules_analyzer.nlp))
    items = [RawItem(f"a{n}", f"a{n}", "txt", body) for n, body in enumerate(
        [_text(1), _text(2).replace("received", "kaboom received"), _text(3)]
    )]  # fmt: skip
    docs = [prepare(item) for item in items]
    results = analyse_batch(docs, analyzer)
    assert [type(r) for r in results] == [AnalysisRows, AnalysisFailed, AnalysisRows]
    assert results[1].document_id == docs[1].id
    assert "ValueError: boom" in results[1].reason


def test_ingest_rejects_a_document_whose_analysis_fails_and_goes_on(
    engine, tmp_path, rules_analyzer
):
    analyzer = dataclasses.replace(rules_analyzer, nlp=_ExplodingPipe(rules_analyzer.nlp))
    path = _articles(
        tmp_path, [_text(1), _text(2).replace("received", "kaboom received"), _text(3)]
    )
    report = ingest([str(path)], engine, RULES, analyzer=analyzer)
    assert [o.status for o in report.stored] == ["new", "new"]
    assert [o.source for o in report.rejected] == ["https://wire.example/1"]
    assert "cannot analyse" in report.rejected[0].reason
    assert [r.source for r in list_rejections(engine)] == ["https://wire.example/1"]
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(analyses)).scalar() == 2


def test_pool_survives_a_worker_that_dies(tmp_path):
    docs = [prepare(RawItem(f"a{n}", f"a{n}", "txt", _text(n))) for n in range(6)]
    pool = ProcessPool(RULES, 2)
    try:
        pending = pool.submit(docs)
        for pid in list(pool._pool._processes):  # killed while building their Analyzer
            os.kill(pid, signal.SIGKILL)
        results = pending.result()
        assert [r.document_id for r in results] == [d.id for d in docs]
        assert all(isinstance(r, AnalysisRows) for r in results)
        assert isinstance(pool.submit(docs[:1]).result()[0], AnalysisRows)
    finally:
        pool.close()


def test_ingest_streams_with_a_bounded_number_of_documents_in_flight(
    engine, tmp_path, monkeypatch, rules_analyzer
):
    path = _articles(tmp_path, [_text(n) for n in range(60)])
    counts = {"prepared": 0, "in_flight": []}
    real_prepare, real_store = pipeline.prepare, pipeline.store_document

    def counting_prepare(item):
        counts["prepared"] += 1
        return real_prepare(item)

    def watching_store(connection, doc, **kwargs):
        stored = connection.execute(text("SELECT count(*) FROM documents")).scalar()
        counts["in_flight"].append(counts["prepared"] - stored)
        return real_store(connection, doc, **kwargs)

    monkeypatch.setattr(pipeline, "prepare", counting_prepare)
    monkeypatch.setattr(pipeline, "store_document", watching_store)
    report = ingest([str(path)], engine, RULES, analyzer=rules_analyzer, batch_size=4)
    assert report.counts["new"] == 60
    # one batch being written, two analysed ahead (one worker), one being filled
    assert max(counts["in_flight"]) <= 4 * 4


def test_ingest_commits_once_per_batch(engine, tmp_path, monkeypatch):
    path = _articles(tmp_path, [_text(n) for n in range(6)])
    commits = []
    event.listen(engine, "commit", lambda _connection: commits.append(1))
    monkeypatch.setattr(pipeline, "fuse", lambda *args: None)
    report = ingest([str(path)], engine, RULES, analyze=False, batch_size=3)
    assert report.counts["new"] == 6
    assert len(commits) == 2


def test_ingest_rejects_only_the_document_the_database_refuses(
    engine, tmp_path, monkeypatch, rules_analyzer
):
    path = _articles(tmp_path, [_text(n) for n in range(5)])
    real = pipeline.store_document

    def refusing(connection, doc, **kwargs):
        if "$3 million" in (doc.text or ""):
            connection.execute(text("INSERT INTO no_such_table VALUES (1)"))
        return real(connection, doc, **kwargs)

    monkeypatch.setattr(pipeline, "store_document", refusing)
    report = ingest([str(path)], engine, RULES, analyzer=rules_analyzer, batch_size=5)
    assert [o.source for o in report.rejected] == ["https://wire.example/2"]
    assert report.rejected[0].reason.startswith("cannot store:")
    assert report.counts["new"] == 4
    assert len(list_documents(engine)) == 4
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(analyses)).scalar() == 4
        assert connection.execute(select(func.count()).select_from(rejections)).scalar() == 1


def test_write_batch_is_one_transaction_and_isolates_database_errors(engine):
    def write(connection, n: int) -> int:
        if n == 2:
            raise OperationalError("INSERT", {}, Exception("refused"))
        connection.execute(
            rejections.insert().values(source=f"s{n}", reason="r", rejected_at=datetime.now(UTC))
        )
        return n

    results = write_batch(engine, [0, 1, 2, 3], write)
    assert results[:2] == [0, 1] and results[3] == 3
    assert isinstance(results[2], WriteFailed) and "refused" in results[2].reason
    assert sorted(r.source for r in list_rejections(engine)) == ["s0", "s1", "s3"]


def test_write_batch_keeps_what_was_written_before_a_bug(engine):
    def write(connection, n: int) -> int:
        if n == 2:
            raise RuntimeError("bug")
        connection.execute(
            rejections.insert().values(source=f"s{n}", reason="r", rejected_at=datetime.now(UTC))
        )
        return n

    with pytest.raises(RuntimeError):
        write_batch(engine, [0, 1, 2, 3], write)
    assert sorted(r.source for r in list_rejections(engine)) == ["s0", "s1"]
