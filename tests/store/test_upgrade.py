"""A knowledge base made by an earlier release opens only after `accord db upgrade`, data intact."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import StoreError
from accord.settings import database_url
from accord.store.documents import list_documents
from accord.store.kb import _engine, open_kb, schema_revisions
from accord.store.record import list_actors
from tests.conftest import FIXTURES

OLD = FIXTURES / "store" / "kb-0002.db"  # written by accord at schema revision 0002


@pytest.fixture
def old_kb(tmp_path):
    path = tmp_path / "kb.db"
    shutil.copy(OLD, path)
    return str(path)


def test_db_upgrade_migrates_in_place_and_keeps_the_data(old_kb):
    before, head = schema_revisions(_engine(database_url(old_kb)))
    assert before == "0002"
    if head != before:
        with pytest.raises(StoreError, match="accord db upgrade"):
            open_kb(old_kb, create=False)
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", old_kb])
    assert result.exit_code == 0, result.output
    assert f"0002 -> {head}" in result.output
    engine = open_kb(old_kb, create=False)
    assert len(list_documents(engine)) == 3
    assert {"person:shavkat-mirziyoyev", "person:sadyr-japarov"} <= {
        a.id for a in list_actors(engine, kind="person")
    }
