"""Fixtures of the ingest tests: a local web site."""

from __future__ import annotations

import pytest

from tests.ingest.local_http import LocalSite


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 with no routes yet."""
    with LocalSite() as running:
        yield running


@pytest.fixture
def engine(db_url: str):
    """A fresh knowledge base on SQLite and on PostgreSQL."""
    from accord.store.kb import open_kb

    kb = open_kb(db_url)
    yield kb
    kb.dispose()
