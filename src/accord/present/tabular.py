"""The record as flat tables, and the ``csv`` and ``parquet`` exporters that write them.

One table per kind of item plus two link tables: ``event_participants`` (one
row per event and actor) and ``evidence`` (one row per sentence behind any
item, conflicts included). List fields that have no table of their own
(aliases, roles, parties, ...) are JSON arrays in CSV cells and list columns in
Parquet. A ``manifest.json`` names the contract and counts the rows.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from accord.models import Record
from accord.present.export import build_record, exporter
from accord.present.write import atomic_dir, atomic_file

# Column name -> type: str, int, float, bool, list (of strings) or json (nested, as text).
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "id": "str", "source": "str", "url": "str", "title": "str", "published": "str",
        "outlet": "str", "authors": "list", "dateline": "str", "attributed_to": "list",
        "language": "str", "format": "str", "content_hash": "str", "version_of": "str",
        "word_count": "int", "text": "str",
    },
    "actors": {
        "id": "str", "name": "str", "kind": "str", "country": "str", "mentions": "int",
        "aliases": "list", "roles": "json",
    },
    "events": {
        "id": "str", "type": "str", "plover": "str", "mode": "str", "date": "str",
        "date_precision": "str", "location": "str", "occasion": "str", "source_actor": "str",
        "target_actor": "str", "summary": "str", "source_count": "int",
    },
    "event_participants": {"event_id": "str", "actor_id": "str", "position": "int", "role": "str"},
    "evidence": {
        "item_kind": "str", "item_id": "str", "value_index": "int", "document_id": "str",
        "start": "int", "end": "int", "text": "str",
    },
    "agreements": {
        "id": "str", "title": "str", "kind": "str", "date": "str", "status": "str",
        "parties": "list",
    },
    "commitments": {
        "id": "str", "text": "str", "kind": "str", "by": "list", "made_on": "str", "due": "str",
        "status": "str", "reason": "str", "fulfilled_by": "list",
    },
    "figures": {
        "id": "str", "indicator": "str", "value": "float", "value_max": "float", "unit": "str",
        "qualifier": "str", "period": "str", "change": "str", "stated_by": "str",
        "between": "list", "target": "bool",
    },
    "quotes": {"id": "str", "speaker": "str", "kind": "str", "date": "str", "text": "str"},
    "conflicts": {
        "id": "str", "subject_kind": "str", "subject_id": "str", "field": "str",
        "value_index": "int", "value": "str", "documents": "list",
    },
}  # fmt: skip
TABLES = tuple(COLUMNS)
MANIFEST = "manifest.json"
_ITEMS = ("events", "agreements", "commitments", "figures", "quotes")


def record_tables(record: Record) -> dict[str, list[dict[str, Any]]]:
    """Every table of the record, rows as dicts with exactly the columns of ``COLUMNS``."""
    tables: dict[str, list[dict[str, Any]]] = {
        "documents": [_pick("documents", d.model_dump()) for d in record.documents],
        "actors": [_pick("actors", a.model_dump()) for a in record.actors],
    }
    for name in _ITEMS:
        tables[name] = [_pick(name, item.model_dump()) for item in getattr(record, name)]
    tables["event_participants"] = list(_participants(record))
    tables["evidence"] = list(_evidence(record))
    tables["conflicts"] = [
        {
            "id": c.id,
            "subject_kind": c.subject.kind,
            "subject_id": c.subject.id,
            "field": c.field,
            "value_index": n,
            "value": None if v.value is None else str(v.value),
            "documents": list(dict.fromkeys(e.document for e in v.evidence)),
        }
        for c in record.conflicts
        for n, v in enumerate(c.values)
    ]
    return {name: tables[name] for name in TABLES}


def manifest(record: Record, tables: dict[str, list[dict[str, Any]]], fmt: str) -> str:
    """What the folder or archive holds: contract, time of export, files and row counts."""
    return json.dumps(
        {
            "schema": record.schema_,
            "generated": record.generated.isoformat(),
            "format": fmt,
            "tables": {name: len(rows) for name, rows in tables.items()},
        },
        indent=2,
    )


@exporter("csv")
def export_csv(engine: Engine, output: Path) -> None:
    """One UTF-8 CSV file per table, in a folder, or in a .zip when ``output`` ends in .zip."""
    record = build_record(engine)
    tables = record_tables(record)
    files = {f"{name}.csv": _csv_text(name, rows) for name, rows in tables.items()}
    files[MANIFEST] = manifest(record, tables, "csv")
    if output.suffix.lower() == ".zip":
        with atomic_file(output) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, text in files.items():
                zf.writestr(name, text)
        return
    with atomic_dir(output, set(files)) as folder:
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8", newline="")


@exporter("parquet")
def export_parquet(engine: Engine, output: Path) -> None:
    """One Parquet file per table in the folder ``output``, with typed columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    record = build_record(engine)
    tables = record_tables(record)
    names = {f"{name}.parquet" for name in tables} | {MANIFEST}
    with atomic_dir(output, names) as folder:
        for name, rows in tables.items():
            schema = pa.schema([(c, _arrow_type(t)) for c, t in COLUMNS[name].items()])
            columns = {c: [_parquet_value(r[c], t) for r in rows] for c, t in COLUMNS[name].items()}
            pq.write_table(pa.Table.from_pydict(columns, schema=schema), folder / f"{name}.parquet")
        (folder / MANIFEST).write_text(manifest(record, tables, "parquet"), encoding="utf-8")


def _pick(table: str, data: dict[str, Any]) -> dict[str, Any]:
    return {column: data.get(column) for column in COLUMNS[table]}


def _participants(record: Record) -> Iterator[dict[str, Any]]:
    for event in record.events:
        actors = list(dict.fromkeys([*event.participants, event.source_actor, event.target_actor]))
        for position, actor_id in enumerate(a for a in actors if a):
            role = (
                "source"
                if actor_id == event.source_actor
                else "target"
                if actor_id == event.target_actor
                else "participant"
            )
            yield {"event_id": event.id, "actor_id": actor_id, "position": position, "role": role}


def _evidence(record: Record) -> Iterator[dict[str, Any]]:
    for name in _ITEMS:
        for item in getattr(record, name):
            for e in item.evidence:
                yield _evidence_row(name[:-1], item.id, None, e)
    for conflict in record.conflicts:
        for n, value in enumerate(conflict.values):
            for e in value.evidence:
                yield _evidence_row("conflict", conflict.id, n, e)


def _evidence_row(kind: str, item_id: str, value_index: int | None, e) -> dict[str, Any]:
    return {
        "item_kind": kind,
        "item_id": item_id,
        "value_index": value_index,
        "document_id": e.document,
        "start": e.start,
        "end": e.end,
        "text": e.text,
    }


def _csv_text(table: str, rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS[table]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _csv_value(row[c], t) for c, t in COLUMNS[table].items()})
    return buffer.getvalue()


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind in ("list", "json"):
        return json.dumps(value, ensure_ascii=False)
    if kind == "float":
        return repr(float(value))
    if kind == "bool":
        return "true" if value else "false"
    return value


def _parquet_value(value: Any, kind: str) -> Any:
    if kind == "json":
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if kind == "list":
        return [str(v) for v in value or []]
    return value


def _arrow_type(kind: str):
    import pyarrow as pa

    return {
        "str": pa.string(),
        "json": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
    }[kind]
