"""Every export format, read back with a standard reader; atomic writes."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest

from accord.errors import AccordError
from accord.models import Actor, Document, Event, Evidence, Record
from accord.present.export import EXPORTERS, export, exporter, record_schema
from accord.present.plover import QUAD_CLASS, PloverEvent
from accord.present.tabular import COLUMNS, TABLES, record_tables
from accord.present.timelinejs import timelinejs
from accord.present.write import atomic_dir, write_files


def _expected_counts(record: Record) -> dict[str, int]:
    items = ("events", "agreements", "commitments", "figures", "quotes")
    return {
        "documents": len(record.documents),
        "actors": len(record.actors),
        "events": len(record.events),
        "agreements": len(record.agreements),
        "commitments": len(record.commitments),
        "figures": len(record.figures),
        "quotes": len(record.quotes),
        "conflicts": sum(len(c.values) for c in record.conflicts),
        "evidence": sum(len(i.evidence) for name in items for i in getattr(record, name))
        + sum(len(v.evidence) for c in record.conflicts for v in c.values),
        "event_participants": sum(
            len({*e.participants, e.source_actor, e.target_actor} - {None}) for e in record.events
        ),
    }


def test_registry_holds_every_builtin_format():
    assert {"json", "csv", "parquet", "plover", "timelinejs"} <= set(EXPORTERS)


def test_a_plugin_registers_like_a_builtin(corpus_kb, tmp_path: Path):
    @exporter("test-count")
    def count(engine, output: Path) -> None:
        write_files({output: "ok"})

    try:
        export(corpus_kb, "test-count", tmp_path / "out.txt")
        assert (tmp_path / "out.txt").read_text() == "ok"
    finally:
        EXPORTERS.pop("test-count")


def test_unknown_format_names_the_known_ones(corpus_kb, tmp_path: Path):
    with pytest.raises(AccordError, match="known: csv, json"):
        export(corpus_kb, "xml", tmp_path / "x.xml")


def test_json_export_validates_against_the_schema(corpus_kb, corpus_record, tmp_path: Path):
    export(corpus_kb, "json", tmp_path / "record.json")
    data = json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, record_schema())
    assert data["schema"] == "accord.record/1"
    assert len(data["events"]) == len(corpus_record.events)
    assert len(data["conflicts"]) == len(corpus_record.conflicts)


def test_record_tables_have_their_columns_and_consistent_counts(corpus_record):
    tables = record_tables(corpus_record)
    assert tuple(tables) == TABLES
    for name, rows in tables.items():
        for row in rows:
            assert list(row) == list(COLUMNS[name])
    counts = {name: len(rows) for name, rows in tables.items()}
    assert counts == _expected_counts(corpus_record)
    event_ids = {e.id for e in corpus_record.events}
    assert {r["event_id"] for r in tables["event_participants"]} <= event_ids


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_export_to_a_folder_reads_back(corpus_kb, corpus_record, tmp_path: Path):
    folder = tmp_path / "record"
    export(corpus_kb, "csv", folder)
    assert {p.name for p in folder.iterdir()} == {f"{t}.csv" for t in TABLES} | {"manifest.json"}
    counts = {}
    for table in TABLES:
        rows = _read_csv((folder / f"{table}.csv").read_text(encoding="utf-8"))
        counts[table] = len(rows)
        with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == list(COLUMNS[table])
    assert counts == _expected_counts(corpus_record)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema"] == "accord.record/1" and manifest["tables"] == counts
    documents = _read_csv((folder / "documents.csv").read_text(encoding="utf-8"))
    by_id = {d.id: d for d in corpus_record.documents}
    for row in documents:  # multi-line text and JSON list cells survive the round trip
        assert row["text"] == by_id[row["id"]].text
        assert json.loads(row["authors"]) == by_id[row["id"]].authors
    figures = _read_csv((folder / "figures.csv").read_text(encoding="utf-8"))
    goals = {f.id: "true" if f.target else "false" for f in corpus_record.figures}
    assert {row["id"]: row["target"] for row in figures} == goals
    pairs = {f.id: f.between for f in corpus_record.figures}
    assert {row["id"]: json.loads(row["between"]) for row in figures} == pairs
    assert ["country:KGZ", "country:UZB"] in pairs.values()
    assert "true" in goals.values() and "false" in goals.values()


def test_csv_export_to_a_zip_reads_back(corpus_kb, corpus_record, tmp_path: Path):
    export(corpus_kb, "csv", tmp_path / "record.zip")
    with zipfile.ZipFile(tmp_path / "record.zip") as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert names == {f"{t}.csv" for t in TABLES} | {"manifest.json"}
        events = _read_csv(archive.read("events.csv").decode("utf-8"))
        evidence = _read_csv(archive.read("evidence.csv").decode("utf-8"))
    assert len(events) == len(corpus_record.events)
    assert len(evidence) == _expected_counts(corpus_record)["evidence"]
    assert {r["item_kind"] for r in evidence} >= {"event", "figure", "quote"}


def test_parquet_export_reads_back_with_types(corpus_kb, corpus_record, tmp_path: Path):
    folder = tmp_path / "parquet"
    export(corpus_kb, "parquet", folder)
    counts = {}
    for table in TABLES:
        data = pq.read_table(folder / f"{table}.parquet")
        assert data.column_names == list(COLUMNS[table])
        counts[table] = data.num_rows
    assert counts == _expected_counts(corpus_record)
    figures = pq.read_table(folder / "figures.parquet").to_pylist()
    assert {f["id"]: f["value"] for f in figures} == {f.id: f.value for f in corpus_record.figures}
    assert {f["id"]: f["target"] for f in figures} == {
        f.id: f.target for f in corpus_record.figures
    }
    actors = pq.read_table(folder / "actors.parquet").to_pylist()
    assert actors[0]["aliases"] == corpus_record.actors[0].aliases


def test_plover_export_one_event_per_line(corpus_kb, corpus_record, tmp_path: Path):
    export(corpus_kb, "plover", tmp_path / "events.jsonl")
    lines = (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(corpus_record.events)
    rows = [json.loads(line) for line in lines]
    assert [r["event_id"] for r in rows] == [e.id for e in corpus_record.events]
    for row, event in zip(rows, corpus_record.events, strict=True):
        PloverEvent.model_validate(row)
        assert row["event_type"] == event.plover
        assert row["quad_class"] == QUAD_CLASS.get(event.plover or "")
        assert len(row["evidence"]) == len(event.evidence)
        assert all(e["sentence"] and e["document"] for e in row["evidence"])
    visit = max(rows, key=lambda r: r["source_count"])
    assert visit["source_country"] and visit["target_country"]
    assert any(e["url"] for r in rows for e in r["evidence"])


def test_timelinejs_export_reads_back(corpus_kb, corpus_record, tmp_path: Path):
    export(corpus_kb, "timelinejs", tmp_path / "timeline.json")
    data = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))
    dated = [e for e in corpus_record.events if e.date]
    assert len(data["events"]) == len(dated)
    assert data["title"]["text"]["headline"]
    for slide, event in zip(data["events"], dated, strict=True):
        assert slide["unique_id"] == event.id
        assert slide["group"] == event.type
        assert slide["start_date"]["year"] == event.date[:4]
        assert slide["text"]["headline"] and "Sources (" in slide["text"]["text"]
    assert any("<a href=" in s["text"]["text"] for s in data["events"])


def test_timelinejs_escapes_text_and_links_only_web_sources():
    record = Record(
        generated=datetime(2024, 1, 1, tzinfo=UTC),
        documents=[
            Document(id="d1", source="https://x.example/a?b=1&c=2", outlet="<i>Wire</i>"),
            Document(id="d2", source="/tmp/local.txt", outlet="Local"),
        ],
        actors=[Actor(id="p1", name="<b>Boss</b>", kind="person")],
        events=[
            Event(
                id="e1",
                type="meeting",
                date="2022-06",
                summary="<script>alert(1)</script>",
                participants=["p1"],
                evidence=[
                    Evidence(document="d1", text="<img src=x onerror=y>", start=0, end=1),
                    Evidence(document="d2", text="plain", start=0, end=1),
                ],
            ),
            Event(id="e2", type="meeting"),
        ],
    )
    data = timelinejs(record)
    [slide] = data["events"]
    assert slide["start_date"] == {"year": "2022", "month": "6"}
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    body = slide["text"]["text"]
    assert "<img" not in body and "<b>Boss" not in body and "<i>" not in body
    assert '<a href="https://x.example/a?b=1&amp;c=2">' in body
    assert "/tmp/local.txt" not in body
    assert "1 events without a date" in data["title"]["text"]["text"]


def test_export_folder_replaces_an_earlier_export_but_not_other_files(corpus_kb, tmp_path: Path):
    folder = tmp_path / "out"
    export(corpus_kb, "csv", folder)
    export(corpus_kb, "csv", folder)  # same kind: replaced
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(AccordError, match="holds other files"):
        export(corpus_kb, "csv", folder)
    assert (folder / "notes.txt").read_text() == "mine"


def test_failed_folder_export_leaves_nothing(tmp_path: Path):
    with pytest.raises(RuntimeError), atomic_dir(tmp_path / "out", {"a.csv"}) as folder:
        (folder / "a.csv").write_text("half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_failed_file_export_keeps_the_previous_file(corpus_kb, tmp_path: Path, monkeypatch):
    import accord.present.plover as plover

    target = tmp_path / "events.jsonl"
    target.write_text("previous\n")

    def broken(record):
        raise RuntimeError("coding failed")

    monkeypatch.setattr(plover, "plover_events", broken)
    with pytest.raises(RuntimeError):
        export(corpus_kb, "plover", target)
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]


def test_write_files_is_all_or_nothing(tmp_path: Path):
    with pytest.raises(TypeError):  # the second file cannot be written: neither is
        write_files({tmp_path / "a.txt": "first", tmp_path / "b.txt": 42})  # type: ignore[dict-item]
    assert list(tmp_path.iterdir()) == []
