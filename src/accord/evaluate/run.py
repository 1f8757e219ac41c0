"""Running an evaluation: get a record (from a knowledge base or a fresh ingest), score it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from accord.errors import AccordError
from accord.evaluate.actors import evaluate_actors
from accord.evaluate.agreements import evaluate_agreements
from accord.evaluate.commitments import evaluate_commitments, evaluate_fulfilment
from accord.evaluate.common import doc_names
from accord.evaluate.conflicts import evaluate_conflicts
from accord.evaluate.documents import evaluate_documents
from accord.evaluate.events import evaluate_events
from accord.evaluate.figures import evaluate_figures
from accord.evaluate.gold import Gold, load_gold
from accord.evaluate.quotes import evaluate_quotes
from accord.evaluate.results import Evaluation
from accord.models import Record
from accord.settings import Settings


def evaluate(record: Record, gold: Gold, *, corpus: Path | None = None) -> Evaluation:
    """Score ``record`` against ``gold``, section by section.

    ``corpus`` is the folder the gold was made from; it is only read to name
    JSON lines ingested under their URL as the gold does (``file.jsonl#N``).
    """
    names = doc_names(record, gold.doc_names, corpus)
    actors_score, actors = evaluate_actors(record, gold)
    events_score, events, matching_events = evaluate_events(record, gold, names, actors)
    commitments_score, matching, commitments = evaluate_commitments(record, gold, names)
    notes = []
    missing = gold.doc_names - set(names.by_id.values())
    if missing:
        notes.append(
            f"{len(missing)} gold document(s) not in the record: {', '.join(sorted(missing))}"
        )
    return Evaluation(
        sections=[
            evaluate_documents(record, gold, names),
            actors_score,
            events_score,
            evaluate_agreements(record, gold, names),
            commitments_score,
            evaluate_fulfilment(gold, names, matching, commitments, matching_events),
            evaluate_figures(record, gold, names),
            evaluate_quotes(record, gold, names, actors),
            evaluate_conflicts(record, gold, names, actors, events),
        ],
        notes=notes,
    )


def evaluate_gold(
    gold_dir: Path, settings: Settings, *, db: str | None = None, corpus: Path | None = None
) -> Evaluation:
    """Evaluate the knowledge base ``db``, or a fresh ingest of ``corpus``, against ``gold_dir``.

    ``corpus`` defaults to the ``corpus`` folder next to the gold folder.
    """
    gold = load_gold(gold_dir)
    corpus = corpus if corpus is not None else gold_dir.parent / "corpus"
    if db is not None:
        record = record_from_kb(db)
    elif corpus.exists():
        record = record_from_corpus(corpus, settings)
    else:
        raise AccordError(f"no corpus to ingest at {corpus} (give --corpus or --db)")
    return evaluate(record, gold, corpus=corpus)


def record_from_kb(db: str) -> Record:
    """The record of an existing knowledge base."""
    from accord.present.export import build_record
    from accord.store.kb import open_kb

    engine = open_kb(db, create=False)
    try:
        return build_record(engine)
    finally:
        engine.dispose()


def record_from_corpus(corpus: Path, settings: Settings) -> Record:
    """Ingest ``corpus`` into a temporary SQLite knowledge base and return its record."""
    from accord.ingest.pipeline import ingest
    from accord.present.export import build_record
    from accord.store.kb import open_kb

    with tempfile.TemporaryDirectory(prefix="accord-evaluate-") as folder:
        db = str(Path(folder) / "kb.db")
        engine = open_kb(db, create=True)
        try:
            ingest([str(corpus)], engine, settings.model_copy(update={"db": db}))
            return build_record(engine)
        finally:
            engine.dispose()
