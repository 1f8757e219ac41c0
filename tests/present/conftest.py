"""A knowledge base built from examples/corpus, once for all tests of the views and exports."""

from __future__ import annotations

import pytest

from accord.ingest.pipeline import ingest
from accord.settings import Settings
from accord.store.kb import open_kb
from tests.conftest import CORPUS


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory, analyzer):
    """Engine of a SQLite knowledge base holding the example corpus (read-only in tests)."""
    db = str(tmp_path_factory.mktemp("corpus") / "kb.db")
    engine = open_kb(db)
    report = ingest(
        [str(CORPUS)], engine, Settings.resolve({"db": db}, environ={}), analyzer=analyzer
    )
    assert report.ok, report.rejected
    return engine


@pytest.fixture(scope="session")
def corpus_record(corpus_kb):
    from accord.present.export import build_record

    return build_record(corpus_kb)
