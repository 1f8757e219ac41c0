"""Two ingest processes writing one knowledge base at once: no errors, nothing lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from sqlalchemy import func, select

from accord.store.kb import open_kb
from accord.store.schema import documents, record_items
from tests.conftest import CORPUS


def _halves(tmp_path):
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    left, right = tmp_path / "left", tmp_path / "right"
    left.mkdir()
    right.mkdir()
    for i, path in enumerate(files):
        shutil.copy(path, (left if i % 2 else right) / path.name)
    return left, right, len(files)


def _ingest(folder, db):
    env = {**os.environ, "ACCORD_SPACY_MODEL": "none"}  # rules only: the race is in storage
    return subprocess.Popen(
        [sys.executable, "-m", "accord", "ingest", str(folder), "--db", db, "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_two_ingests_at_once_store_every_document(db_url, tmp_path):
    left, right, total = _halves(tmp_path)
    open_kb(db_url)  # create the schema once, as a user's first command would
    first, second = _ingest(left, db_url), _ingest(right, db_url)
    results = [p.communicate(timeout=600) for p in (first, second)]
    for process, (_out, err) in zip((first, second), results, strict=True):
        assert process.returncode == 0, err
    engine = open_kb(db_url, create=False)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(documents)).scalar_one() == total
        # The record was fused after both: every document's events made it in.
        items = connection.execute(select(func.count()).select_from(record_items)).scalar_one()
    assert items > 0
    again = _ingest(tmp_path / "left", db_url)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert '"status": "new"' not in out
