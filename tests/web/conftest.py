"""Fixtures of the web tests: the example corpus ingested once, apps and clients over it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accord.ingest.pipeline import ingest
from accord.settings import Settings
from accord.store.kb import open_kb
from accord.web.app import create_app
from tests.conftest import CORPUS
from tests.web.hostile import build_hostile_kb

TOKEN = "test-token-0123456789"


def settings_for(db: str) -> Settings:
    return Settings.resolve({"db": db}, environ={})


def ingest_corpus(db: str, analyzer) -> None:
    engine = open_kb(db)
    try:
        report = ingest([str(CORPUS)], engine, settings_for(db), analyzer=analyzer)
        assert report.ok, report.rejected
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory, analyzer) -> str:
    """A SQLite knowledge base of examples/corpus, ingested once for the session; never written."""
    db = str(tmp_path_factory.mktemp("corpus") / "corpus.db")
    ingest_corpus(db, analyzer)
    return db


@pytest.fixture(scope="session")
def pg_corpus_db(pg_server, analyzer) -> str:
    """The same corpus in a PostgreSQL database (started by tests/conftest.py)."""
    url = pg_server.create_database()
    ingest_corpus(url, analyzer)
    return url


@pytest.fixture(scope="session")
def client(corpus_db: str, analyzer) -> Iterator[TestClient]:
    """A client of the app over the corpus (writes allowed with TOKEN; tests here only read)."""
    app = create_app(settings_for(corpus_db), token=TOKEN, analyzer=analyzer)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def any_client(request: pytest.FixtureRequest, analyzer) -> Iterator[TestClient]:
    """A read client over the corpus on SQLite and on PostgreSQL."""
    fixture = "corpus_db" if request.param == "sqlite" else "pg_corpus_db"
    db = request.getfixturevalue(fixture)
    app = create_app(settings_for(db), token=TOKEN, analyzer=analyzer, read_only=True)
    with TestClient(app) as test_client:
        yield test_client


def copy_kb(source: str, target: Path) -> str:
    """A copy of a SQLite knowledge base (backup API: consistent even in WAL mode)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return str(target)


@pytest.fixture
def writable_db(corpus_db: str, tmp_path: Path) -> str:
    """A private copy of the corpus knowledge base that a test may write to."""
    return copy_kb(corpus_db, tmp_path / "kb.db")


@pytest.fixture
def writer(writable_db: str, analyzer) -> Iterator[TestClient]:
    """A client over a private copy of the corpus, writes allowed with TOKEN."""
    app = create_app(settings_for(writable_db), token=TOKEN, analyzer=analyzer)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A knowledge base whose every text field is an attack (see tests/web/hostile.py)."""
    db = str(tmp_path_factory.mktemp("hostile") / "hostile.db")
    build_hostile_kb(db)
    return db


@pytest.fixture(scope="session")
def hostile(hostile_db: str) -> Iterator[TestClient]:
    app = create_app(settings_for(hostile_db), token=TOKEN)
    with TestClient(app) as test_client:
        yield test_client
