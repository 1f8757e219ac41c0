"""The accord command as a user runs it: exit codes, summaries, JSON output, help."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from accord.cli import app
from accord.models import Record
from accord.store.kb import upgrade_kb
from tests.conftest import FIXTURES

BOILERPLATE = FIXTURES / "ingest" / "boilerplate"
# Rules only: these tests are about the command line, not the language model.
ENV = {"ACCORD_SPACY_MODEL": "none", "ACCORD_DB": "", "COLUMNS": "100"}


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> str:
    """A knowledge base with three articles and two rejected inputs."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in ("date_line.txt", "byline.txt", "copyright.txt"):
        shutil.copy(BOILERPLATE / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    db = str(tmp_path_factory.mktemp("kb") / "kb.db")
    result = _run("ingest", str(folder), "--db", db)
    assert result.exit_code == 2, result.output
    return db


def test_cli_ingest_exits_0_and_prints_summary_when_all_is_well(tmp_path: Path):
    db = str(tmp_path / "kb.db")
    result = _run(
        "ingest", str(BOILERPLATE / "tags.txt"), str(BOILERPLATE / "byline.txt"), "--db", db
    )
    assert result.exit_code == 0, result.output
    assert "Ingest summary" in result.stdout
    assert "new" in result.stdout and "2" in result.stdout
    again = _run("ingest", str(BOILERPLATE / "tags.txt"), "--db", db)
    assert again.exit_code == 0
    assert "unchanged" in again.stdout


def test_cli_ingest_exits_2_and_names_each_rejection_on_one_line(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text('{"text": "A good article line with enough words."}\n{broken\n')
    # 80 columns, as Rich assumes when output goes to a pipe or a file.
    result = _run(
        "ingest", str(empty), str(jsonl), "--db", str(tmp_path / "kb.db"), env={"COLUMNS": "80"}
    )
    assert result.exit_code == 2
    assert "Ingest summary" in result.stdout
    lines = (result.stdout + result.stderr).splitlines()
    for source, reason in ((str(empty), "empty file"), (f"{jsonl}#2", "malformed JSON")):
        assert any(source in line and reason in line for line in lines), (source, lines)


def test_cli_ingest_json_lists_every_outcome(tmp_path: Path):
    result = _run(
        "ingest",
        str(BOILERPLATE / "tags.txt"),
        "missing.txt",
        "--db",
        str(tmp_path / "kb.db"),
        "--json",
    )
    assert result.exit_code == 2
    outcomes = json.loads(result.stdout)
    assert sorted((o["source"], o["status"]) for o in outcomes) == [
        (str(BOILERPLATE / "tags.txt"), "new"),
        ("missing.txt", "rejected"),
    ]


def test_cli_ingest_uses_accord_db_from_environment(tmp_path: Path):
    db = tmp_path / "from-env.db"
    result = _run("ingest", str(BOILERPLATE / "tags.txt"), env={"ACCORD_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize(
    "path", [p for p, _ in ALL_COMMANDS], ids=[" ".join(p) or "accord" for p, _ in ALL_COMMANDS]
)
def test_cli_help_of_every_command_shows_an_example(path: tuple[str, ...]):
    result = _run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    assert "accord " in result.stdout


def test_cli_docs_json_is_an_array_of_document_objects(kb: str):
    result = _run("docs", "--db", kb, "--json")
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and len(docs) == 3
    assert all(isinstance(d, dict) and d["id"].startswith("doc-") for d in docs)
    dated = next(d for d in docs if d["published"])
    assert dated["published"] == "2022-06-14T09:15:00+05:00"
    assert {d["title"] for d in docs} == {"Presidents agree to speed up railway construction"}


def test_cli_docs_table_lists_documents(kb: str):
    result = _run("docs", "--db", kb, env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "Documents" in result.stdout
    assert "Bishkek Courier" in result.stdout


def test_cli_show_prints_metadata_text_and_removed_lines(kb: str):
    doc = next(d for d in json.loads(_run("docs", "--db", kb, "--json").stdout) if d["authors"])
    result = _run("show", doc["id"][:10], "--db", kb)
    assert result.exit_code == 0, result.output
    assert "Aziz Karimov" in result.stdout
    assert "The presidents of Uzbekistan and Kyrgyzstan agreed" in result.stdout
    assert "removed by the cleaner" in result.stdout
    assert "(byline)" in result.stdout
    as_json = json.loads(_run("show", doc["id"], "--db", kb, "--json").stdout)
    assert as_json["id"] == doc["id"] and as_json["text"]


def test_cli_show_unknown_document_exits_1_with_message(kb: str):
    result = _run("show", "doc-0000000000", "--db", kb)
    assert result.exit_code == 1
    assert "no document" in result.stderr


def test_cli_search_json_returns_hits_with_marked_snippets(kb: str):
    result = _run("search", '"Kara-Suu" railway', "--db", kb, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert all("<mark>" in h["snippet"] for h in hits)
    assert set(hits[0]) >= {"id", "source", "title", "published", "outlet", "snippet"}


def test_cli_search_prints_table_or_no_match(kb: str):
    assert "Search results" in _run("search", "railway", "--db", kb).stdout
    assert "No documents match" in _run("search", "zzzqqq", "--db", kb).stdout
    hostile = _run("search", "'; DROP TABLE documents; --", "--db", kb)
    assert hostile.exit_code == 0
    assert len(json.loads(_run("docs", "--db", kb, "--json").stdout)) == 3


def test_cli_rejections_lists_path_and_reason(kb: str):
    result = _run("rejections", "--db", kb, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    reasons = {Path(r["source"]).name: r["reason"] for r in rows}
    assert set(reasons) == {"empty.txt", "picture.html"}
    assert "PNG" in reasons["picture.html"]
    assert all(r["rejected_at"] for r in rows)
    table = _run("rejections", "--db", kb)
    assert "Rejected inputs" in table.stdout and "empty" in table.stdout


def test_cli_export_json_writes_a_valid_record(kb: str, tmp_path: Path):
    output = tmp_path / "out" / "record.json"
    result = _run("export", "--db", kb, "--format", "json", "--output", str(output))
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["schema"] == "accord.record/1"
    assert len(data["documents"]) == 3
    record = Record.model_validate_json(output.read_text(encoding="utf-8"))
    assert {d.id for d in record.documents} == {d["id"] for d in data["documents"]}
    try:
        import jsonschema
    except ImportError:
        return
    from accord.present.export import record_schema

    jsonschema.validate(data, record_schema())


def test_cli_export_unknown_format_exits_1(kb: str, tmp_path: Path):
    result = _run("export", "--db", kb, "--format", "docx", "--output", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert "unknown export format 'docx'" in result.stderr
    assert not (tmp_path / "x").exists()


def test_cli_db_info_shows_schema_and_count(kb: str):
    result = _run("db", "info", "--db", kb)
    assert result.exit_code == 0, result.output
    assert "documents: 3" in result.stdout
    assert "schema:" in result.stdout


def test_cli_db_upgrade_migrates_an_old_knowledge_base(tmp_path: Path):
    db = str(tmp_path / "old.db")
    upgrade_kb(db, "0001")
    refused = _run("docs", "--db", db)
    assert refused.exit_code == 1
    assert "accord db upgrade" in refused.stderr
    result = _run("db", "upgrade", "--db", db)
    assert result.exit_code == 0, result.output
    assert "schema 0001 -> " in result.stdout
    assert _run("docs", "--db", db, "--json").exit_code == 0


def test_cli_commands_on_missing_knowledge_base_exit_1(tmp_path: Path):
    result = _run("docs", "--db", str(tmp_path / "nothing.db"))
    assert result.exit_code == 1
    assert "no knowledge base" in result.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_cli_version_prints_version():
    result = _run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("accord ")


@pytest.mark.postgres
def test_cli_ingest_docs_and_search_on_postgresql(pg_url: str):
    result = _run("ingest", str(BOILERPLATE / "date_line.txt"), "--db", pg_url)
    assert result.exit_code == 0, result.output
    docs = json.loads(_run("docs", "--db", pg_url, "--json").stdout)
    assert [d["published"] for d in docs] == ["2022-06-14T09:15:00+05:00"]
    hits = json.loads(_run("search", "railway", "--db", pg_url, "--json").stdout)
    assert [h["id"] for h in hits] == [docs[0]["id"]]
    info = _run("db", "info", "--db", pg_url)
    assert "documents: 1" in info.stdout
    assert "127.0.0.1" in info.stdout
