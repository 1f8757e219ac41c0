"""Exporters, in a registry keyed by format; built-ins register the way a plugin would.

``json`` writes the whole record (contract ``accord.record/1``) as one object;
``csv`` and ``parquet`` (``tabular.py``), ``plover`` (``plover.py``) and
``timelinejs`` (``timelinejs.py``) register themselves with :func:`exporter`
when this module loads them at its end. Every exporter writes atomically.
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
from accord.present.write import write_files
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
    """The whole record as one JSON object (contract ``accord.record/1``)."""
    record = build_record(engine)
    write_files({output: record.model_dump_json(by_alias=True, indent=2)})


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


# Built-in exporters register themselves, as a plugin would (they import this module).
from accord.present import plover, tabular, timelinejs  # noqa: E402, F401
