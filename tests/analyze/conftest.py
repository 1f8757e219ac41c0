"""Analysis fixtures: the model is loaded once, the example corpus analysed once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.analyze.document import analyze_documents
from accord.ingest.fetch import FetchPolicy
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem, iter_inputs
from tests.conftest import CORPUS


@pytest.fixture(scope="session")
def corpus_docs():
    """The example corpus as cleaned documents, keyed by the gold's document name."""
    docs = {}
    lines = _jsonl_names()
    for entry in iter_inputs([str(CORPUS)], FetchPolicy()):
        assert isinstance(entry, RawItem), entry
        docs[lines.get(entry.source, Path(entry.source).name)] = prepare(entry)
    return docs


@pytest.fixture(scope="session")
def corpus_analyses(corpus_docs, analyzer):
    names = list(corpus_docs)
    results = analyze_documents([corpus_docs[n] for n in names], analyzer)
    return dict(zip(names, results, strict=True))


def _jsonl_names() -> dict[str, str]:
    """The gold names a JSON line 'file.jsonl#N'; ingest names it by its URL."""
    names = {}
    for path in CORPUS.glob("*.jsonl"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                names[json.loads(line).get("url", f"{path}#{number}")] = f"{path.name}#{number}"
    return names
