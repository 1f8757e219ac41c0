"""Exporters, in a registry keyed by format; built-ins register the way a plugin would.

``json`` writes the whole record (contract ``accord.record/1``) as one object.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from accord.errors import AccordError
from accord.models import Agreement, Commitment, Conflict, Event, Figure, Quote, Record
from accord.store.documents import list_documents
from accord.store.record import list_actors, list_items

Exporter = Callable[[Engine, Path], None]
EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Register an exporter for ``accord export --format name``."""

    def register(function: Exporter) -> Exporter:
        EXPORTERS[name] = function
        return function

    return register


def export(engine: Engine, fmt: str, output: Path) -> None:
    """Write the knowledge base to ``output`` in format ``fmt``."""
    try:
        function = EXPORTERS[fmt]
    except KeyError:
        known = ", ".join(sorted(EXPORTERS))
        raise AccordError(f"unknown export format {fmt!r}; known: {known}") from None
    function(engine, output)


def build_record(engine: Engine) -> Record:
    """The whole record as one typed object."""
    return Record(
        generated=datetime.now(UTC),
        documents=list_documents(engine, latest_only=False, with_text=True),
        actors=list_actors(engine),
        events=list_items(engine, "event", Event),
        agreements=list_items(engine, "agreement", Agreement),
        commitments=list_items(engine, "commitment", Commitment),
        figures=list_items(engine, "figure", Figure),
        quotes=list_items(engine, "quote", Quote),
        conflicts=list_items(engine, "conflict", Conflict),
    )


def record_schema() -> dict[str, Any]:
    """JSON Schema of the export, generated from the models."""
    schema = Record.model_json_schema(by_alias=True, mode="serialization")
    schema["$id"] = "https://accord.invalid/schema/record-v1.json"
    schema["title"] = "accord.record/1"
    return schema


@exporter("json")
def export_json(engine: Engine, output: Path) -> None:
    record = build_record(engine)
    _write_atomically(output, record.model_dump_json(by_alias=True, indent=2))


def _write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file and rename it, so a failed export never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)


def dumps(items: list[Any]) -> str:
    """A JSON array of typed items (the ``--json`` output of listing commands)."""
    return json.dumps(
        [
            item.model_dump(mode="json", by_alias=True) if hasattr(item, "model_dump") else item
            for item in items
        ],
        ensure_ascii=False,
        indent=2,
    )
