"""The API keeps answering while ``accord ingest`` writes the same knowledge base.

A read-only ``accord serve`` runs in a subprocess over a knowledge base holding
half of the example corpus; ``accord ingest`` of the other half (and copies of
it, so the batch takes a while) runs in another subprocess while a thread
keeps reading pages and JSON endpoints. No read may fail (no 5xx, no
exception), the ingest must succeed, and afterwards every document is in the
knowledge base and served by the API.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading

import httpx
from sqlalchemy import select

from accord.store.kb import open_kb
from accord.store.schema import documents
from tests.conftest import CORPUS
from tests.reliability.test_load import _load

# Listings and pages whose answer is 200 whatever the ingest has written so far.
READS = [
    "/",
    "/dashboard.json",
    "/api/events?limit=50",
    "/api/events?between=UZB,KGZ&type=meeting",
    "/api/timeline?limit=20",
    "/api/documents?limit=100",
    "/api/actors?limit=20",
    "/api/search?q=Japarov",
    "/api/commitments?status=open",
    "/api/figures",
    "/actors/country:KGZ",
    "/commitments",
    "/figures",
    "/documents",
    "/timeline",
    "/search?q=railway",
]


def _folders(tmp_path):
    """The corpus split in two; the second half also gets altered copies, so it takes longer."""
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i, path in enumerate(files):
        shutil.copy(path, (first if i % 2 else second) / path.name)
    for path in sorted(second.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        copy = text.replace("\n\n", "\n\nA later edition of this report.\n\n", 1)
        (second / f"copy-{path.name}").write_text(copy, encoding="utf-8")
    return first, second


def _ingest(folder, db, env):
    command = [sys.executable, "-m", "accord", "ingest", str(folder), "--db", db, "--json"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)  # fmt: skip


class Reader(threading.Thread):
    """Reads every URL of READS in turn until stopped; records what went wrong."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.failures: list[str] = []
        self.requests = 0
        self.document_totals: list[int] = []
        self.event_pages = 0

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=120) as client:
            while not self.stop.is_set():
                for url in READS:
                    self._get(client, url)
                # An event page for an id just listed; fusion may renumber merged events
                # between the two requests, so 404 is an answer here, 5xx is not.
                listed = self._get(client, "/api/events?limit=5")
                for event in listed.json()["items"] if listed is not None else []:
                    self._get(client, f"/events/{event['id']}", allow=(404,))
                    self.event_pages += 1
                total = self._get(client, "/api/documents?limit=1")
                if total is not None:
                    self.document_totals.append(total.json()["total"])

    def _get(self, client: httpx.Client, url: str, allow=()) -> httpx.Response | None:
        self.requests += 1
        try:
            response = client.get(url)
        except httpx.HTTPError as exc:
            self.failures.append(f"{url}: {type(exc).__name__}: {exc}")
            return None
        if response.status_code != 200 and response.status_code not in allow:
            self.failures.append(f"{url}: {response.status_code} {response.text[:300]}")
            return None
        return response if response.status_code == 200 else None


def test_api_reads_while_ingest_writes(db_url, tmp_path):
    env = {**os.environ, "ACCORD_SPACY_MODEL": "none"}  # rules only: the race is in storage
    first, second = _folders(tmp_path)
    seeded = _ingest(first, db_url, env)
    _out, err = seeded.communicate(timeout=600)
    assert seeded.returncode == 0, err
    engine = open_kb(db_url, create=False)
    with engine.connect() as connection:
        before = set(connection.execute(select(documents.c.id)).scalars())

    with _load().Server(db_url, tmp_path, read_only=True, env=env) as server:
        reader = Reader(server.base)
        reader.start()
        ingest = _ingest(second, db_url, env)
        out, err = ingest.communicate(timeout=600)
        reads_during = reader.requests
        reader.stop.set()
        reader.join(timeout=300)
        assert not reader.is_alive()

        assert ingest.returncode == 0, err
        outcomes = json.loads(out)
        assert {o["status"] for o in outcomes} == {"new"}
        added = {o["doc_id"] for o in outcomes}
        assert len(added) == len(list(second.iterdir()))

        assert reader.failures == [], reader.failures[:10]
        assert reads_during > 0 and reader.event_pages > 0
        # Documents are only added, each in its own transaction: the count never goes back.
        assert reader.document_totals == sorted(reader.document_totals)

        # Every document is served by the API, and the listing counts them all.
        with httpx.Client(base_url=server.base, timeout=60) as client:
            for doc_id in sorted(before | added):
                response = client.get(f"/api/documents/{doc_id}")
                assert response.status_code == 200, (doc_id, response.text[:300])
            listing = client.get("/api/documents?limit=1").json()
            assert listing["total"] == len(before | added)
            assert client.get("/api/events?limit=1").json()["total"] > 0
    assert server.failures == [], server.failures[:10]

    with engine.connect() as connection:
        stored = set(connection.execute(select(documents.c.id)).scalars())
    engine.dispose()
    assert stored == before | added
