"""The ``timelinejs`` exporter: the dated events as a TimelineJS3 JSON file for newsrooms.

TimelineJS renders ``headline`` and ``text`` as HTML, so every text taken from
the record is escaped and only http(s) source links are made into anchors.
Undated events cannot be placed on a timeline; the title slide says how many
were left out.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from accord.models import Document, Event, Record
from accord.present.export import build_record, exporter
from accord.present.write import write_files


@exporter("timelinejs")
def export_timelinejs(engine: Engine, output: Path) -> None:
    """TimelineJS3 JSON: a title slide and one slide per dated event, grouped by type."""
    data = timelinejs(build_record(engine))
    write_files({output: json.dumps(data, ensure_ascii=False, indent=2) + "\n"})


def timelinejs(record: Record, title: str = "Relations timeline") -> dict[str, Any]:
    """The TimelineJS3 object for the dated events of ``record``."""
    names = {a.id: a.name for a in record.actors}
    documents = {d.id: d for d in record.documents}
    dated = [e for e in record.events if e.date and _start_date(e.date)]
    left_out = len(record.events) - len(dated)
    intro = f"{len(dated)} dated events from {len(record.documents)} documents, built by accord."
    if left_out:
        intro += f" {left_out} events without a date are not shown."
    return {
        "title": {"text": {"headline": escape(title), "text": f"<p>{escape(intro)}</p>"}},
        "events": [_slide(e, names, documents) for e in dated],
    }


def _slide(event: Event, names: dict[str, str], documents: dict[str, Document]) -> dict[str, Any]:
    people = ", ".join(names.get(p, p) for p in event.participants)
    where = " · ".join(p for p in (event.location, event.mode, event.occasion) if p)
    body = []
    if people:
        body.append(f"<p><b>Participants:</b> {escape(people)}</p>")
    if where:
        body.append(f"<p>{escape(where)}</p>")
    if event.evidence:
        body.append(f"<blockquote>{escape(event.evidence[0].text)}</blockquote>")
    sources = sorted(
        dict.fromkeys(e.document for e in event.evidence),
        key=lambda d: ((documents[d].published or "~") if d in documents else "~", d),
    )
    links = [_source_link(documents.get(d), d) for d in sources]
    body.append(f"<p><b>Sources ({len(sources)}):</b> {'; '.join(links) or 'none'}</p>")
    return {
        "unique_id": event.id,
        "start_date": _start_date(event.date),
        "text": {
            "headline": escape(event.summary or event.type.replace("_", " ")),
            "text": "".join(body),
        },
        "group": event.type,
    }


def _start_date(date: str | None) -> dict[str, str] | None:
    """'2022-06-14' -> {'year': '2022', 'month': '6', 'day': '14'}; partial dates stay partial."""
    parts = (date or "")[:10].split("-")
    if not parts[0].isdigit():
        return None
    keys = ("year", "month", "day")
    return {k: str(int(v)) for k, v in zip(keys, parts, strict=False) if v.isdigit()}


def _source_link(document: Document | None, document_id: str) -> str:
    if document is None:
        return escape(document_id)
    label = escape(
        f"{document.outlet or 'unknown outlet'}, {(document.published or 'undated')[:10]}"
    )
    address = document.url or document.source
    if address.lower().startswith(("http://", "https://")):
        return f'<a href="{escape(address, quote=True)}">{label}</a>'
    return label
