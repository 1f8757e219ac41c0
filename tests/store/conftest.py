"""Fixtures of the store tests: a fresh knowledge base on each backend."""

from __future__ import annotations

import pytest


@pytest.fixture
def engine(db_url: str):
    """A fresh knowledge base on SQLite and on PostgreSQL."""
    from accord.store.kb import open_kb

    kb = open_kb(db_url)
    yield kb
    kb.dispose()
