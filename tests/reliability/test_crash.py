"""An ingest killed with SIGKILL mid-batch leaves a consistent knowledge base; re-running finishes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from accord.store.kb import open_kb
from accord.store.schema import analyses, doc_items, documents, record_links
from tests.conftest import CORPUS


def _many_documents(folder, copies: int) -> int:
    """Distinct documents (each copy's text differs) so every one is stored and analysed."""
    count = 0
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for n in range(copies):
            (folder / f"{n:02d}-{path.name}").write_text(
                text.replace("\n\n", f"\n\nCopy {n} of the report.\n\n", 1), encoding="utf-8"
            )
            count += 1
    return count


def _count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_kill_minus_nine_then_rerun_leaves_no_half_written_document(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    total = _many_documents(folder, copies=4)
    db = str(tmp_path / "kb.db")
    command = [sys.executable, "-m", "accord", "ingest", str(folder), "--db", db]
    env = {**os.environ, "ACCORD_SPACY_MODEL": "none"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    engine = None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            engine = engine or open_kb(db, create=False)
            if _count(engine, documents) >= 5:
                break
        except Exception:  # the file or its schema is not there yet
            engine = None
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert engine is not None

    stored = _count(engine, documents)
    assert 0 < stored < total, "the kill should land mid-batch"
    # Every stored document has its analysis and nothing else is left over.
    assert _count(engine, analyses) == stored
    with engine.connect() as connection:
        orphans = connection.execute(
            select(func.count())
            .select_from(doc_items)
            .where(doc_items.c.document_id.not_in(select(documents.c.id)))
        ).scalar_one()
    assert orphans == 0

    rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(engine, documents) == total
    assert _count(engine, analyses) == total
    with engine.connect() as connection:
        fused = set(connection.execute(select(record_links.c.document_id).distinct()).scalars())
        with_items = set(
            connection.execute(
                select(doc_items.c.document_id)
                .where(doc_items.c.kind.in_(["event", "figure", "quote", "commitment"]))
                .distinct()
            ).scalars()
        )
    assert with_items <= fused, "the record covers every document, also those of the killed run"
