"""A knowledge base made by an earlier release opens only after `accord db upgrade`, data intact."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from alembic import command
from typer.testing import CliRunner

from accord.analyze.reference import load_reference
from accord.cli import app
from accord.errors import StoreError
from accord.fuse.record import rebuild_record
from accord.models import Commitment, Conflict, Figure
from accord.settings import database_url
from accord.store.documents import list_documents
from accord.store.kb import _alembic_config, _engine, open_kb, schema_revisions
from accord.store.record import list_actors, list_items
from accord.store.schema import metadata
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
    with sqlite3.connect(old_kb) as connection:  # the upgraded schema is the current one
        indexes = {row[0] for row in connection.execute("select name from sqlite_master")}
    assert {i.name for t in metadata.tables.values() for i in t.indexes} <= indexes


def test_upgrade_moves_commitment_and_figure_evidence_into_its_rows_and_back(old_kb):
    """Revision 0007 keeps commitments' and figures' evidence in record_evidence: every
    sentence is still there after the upgrade, in the same order, and a downgrade puts
    it back."""

    def inline(kind: str) -> dict[str, list]:
        with sqlite3.connect(old_kb) as connection:
            rows = connection.execute(
                "select id, json_extract(data, '$.evidence') from record_items where kind = ?",
                (kind,),
            )
            return {i: json.loads(e) for i, e in rows}

    before = {kind: inline(kind) for kind in ("commitment", "figure")}
    assert sum(map(len, before["commitment"].values())) == 6
    assert sum(map(len, before["figure"].values())) > 0
    assert CliRunner().invoke(app, ["db", "upgrade", "--db", old_kb]).exit_code == 0
    engine = open_kb(old_kb, create=False)
    for kind, model in (("commitment", Commitment), ("figure", Figure)):
        assert not any(inline(kind).values())  # moved out
        read = list_items(engine, kind, model)
        assert {c.id: c.model_dump(mode="json")["evidence"] for c in read} == before[kind]
    rebuild_record(engine, load_reference(None))  # conflicts over figures now name them
    [conflict] = list_items(engine, "conflict", Conflict)
    assert all(v.figure and v.evidence for v in conflict.values)

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    engine.dispose()
    assert {kind: inline(kind) for kind in before} == before
    with sqlite3.connect(old_kb) as connection:
        [data] = connection.execute("select data from record_items where kind = 'conflict'")
    assert all(
        set(v) == {"value", "evidence"} and v["evidence"] for v in json.loads(data[0])["values"]
    )
