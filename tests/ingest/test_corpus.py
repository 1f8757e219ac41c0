"""End to end on the bundled corpus: every document ingested and described as the gold says.

examples/gold/documents.json is the hand annotation: metadata of each document,
the boilerplate lines the cleaner must remove and body lines it must keep.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from accord.ingest.pipeline import ingest
from accord.models import Document
from accord.settings import Settings
from accord.store.documents import list_documents
from accord.store.kb import open_kb
from tests.conftest import CORPUS, GOLD

GOLD_DOCUMENTS = GOLD / "documents.json"
pytestmark = pytest.mark.skipif(not GOLD_DOCUMENTS.exists(), reason="gold not written yet")


def _gold() -> list[dict]:
    return json.loads(GOLD_DOCUMENTS.read_text(encoding="utf-8")) if GOLD_DOCUMENTS.exists() else []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Document]:
    """The corpus ingested once (without the analysis stage), by gold document name."""
    engine = open_kb(str(tmp_path_factory.mktemp("corpus") / "kb.db"))
    report = ingest([str(CORPUS)], engine, Settings(), analyze=False)
    assert report.ok, [(o.source, o.reason) for o in report.rejected]
    docs = list_documents(engine, with_text=True)
    engine.dispose()
    return {_gold_name(doc): doc for doc in docs}


def _gold_name(doc: Document) -> str:
    """The gold's name of a document: the file name, or 'file.jsonl#N' for a JSON line."""
    if Path(doc.source).exists():
        return Path(doc.source).name
    for path in CORPUS.glob("*.jsonl"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip() and json.loads(line).get("url") == doc.url:
                return f"{path.name}#{number}"
    return doc.source


def _canonical_sources() -> dict[str, str]:
    """Every alias and description of an actor in the gold, normalised, to its canonical name."""
    actors = json.loads((GOLD / "actors.json").read_text(encoding="utf-8"))["actors"]
    names: dict[str, str] = {}
    for actor in actors:
        for form in [actor["name"], *actor.get("aliases", []), *actor.get("descriptions", [])]:
            names[_norm(form)] = actor["name"]
    return names


def _norm(name: str) -> str:
    name = " ".join(name.replace("’", "'").lower().split())
    return name.removeprefix("the ")


def _same_time(gold: str | None, ours: str | None) -> bool:
    if gold is None or ours is None or "T" not in gold:
        return gold == ours
    return "T" in ours and datetime.fromisoformat(gold) == datetime.fromisoformat(ours)


def test_corpus_ingests_every_document_without_rejection(corpus):
    assert len(corpus) >= 18
    assert set(corpus) == {entry["doc"] for entry in _gold()}


GOLD_ENTRIES = _gold()
IDS = [entry["doc"] for entry in GOLD_ENTRIES]


@pytest.mark.parametrize("gold", GOLD_ENTRIES, ids=IDS)
def test_corpus_document_metadata_matches_gold(corpus, gold: dict):
    doc = corpus[gold["doc"]]
    ours = {
        "title": doc.title,
        "outlet": doc.outlet,
        "authors": doc.authors,
        "dateline": doc.dateline,
        "language": doc.language,
    }
    assert ours == {field: gold[field] for field in ours}
    assert _same_time(gold["published"], doc.published), (gold["published"], doc.published)


@pytest.mark.parametrize("gold", GOLD_ENTRIES, ids=IDS)
def test_corpus_document_cites_the_gold_agencies(corpus, gold: dict):
    canonical = _canonical_sources()
    cited = {canonical.get(_norm(name), name) for name in corpus[gold["doc"]].attributed_to}
    assert cited == set(gold["attributed_to"])


@pytest.mark.parametrize("gold", GOLD_ENTRIES, ids=IDS)
def test_corpus_cleaner_removes_gold_boilerplate_and_keeps_body(corpus, gold: dict):
    text = corpus[gold["doc"]].text
    lines = {line.strip() for line in text.split("\n")}
    kept_boilerplate = [
        line for line in gold["boilerplate"] if line in lines or (len(line) > 40 and line in text)
    ]
    assert kept_boilerplate == []
    lost = [line for line in gold["keep"] if line not in text]
    assert lost == []
