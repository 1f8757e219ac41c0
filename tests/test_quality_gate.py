"""Quality gate: the extraction of the example corpus must not fall below the pinned scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.evaluate.gold import load_gold
from accord.evaluate.run import evaluate
from accord.fuse.record import rebuild_record
from accord.ingest.pipeline import ingest
from accord.present.export import build_record
from accord.settings import Settings
from accord.store.kb import open_kb
from tests.conftest import CORPUS, GOLD

FLOORS = json.loads((Path(__file__).with_name("quality_gate.json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory, analyzer):
    db = str(tmp_path_factory.mktemp("gate") / "kb.db")
    engine = open_kb(db)
    report = ingest(
        [str(CORPUS)], engine, Settings.resolve({"db": db}, environ={}), analyzer=analyzer
    )
    assert report.ok, report.rejected
    rebuild_record(engine, analyzer.reference)
    return evaluate(build_record(engine), load_gold(GOLD), corpus=CORPUS)


@pytest.mark.parametrize("section", [k for k in FLOORS if not k.startswith("_")])
def test_section_f1_stays_above_its_floor(evaluation, section):
    score = evaluation.section(section)
    assert score.f1 >= FLOORS[section], (
        f"{section}: F1 {score.f1:.3f} < floor {FLOORS[section]} "
        f"(P {score.precision:.3f}, R {score.recall:.3f}); see accord evaluate --details {section}"
    )


def test_no_event_of_the_gold_is_reported_twice(evaluation):
    # Every further record event matching an already matched gold event is a report fusion
    # (or the document's own merging) failed to join: the "no duplicate meeting events".
    events = evaluation.section("events")
    duplicates = next(m for m in events.metrics if m.name == "duplicates")
    found = [f.id for f in events.false_positives if f.note and f.note.startswith("duplicate")]
    assert duplicates.value == 0, found


def test_every_fulfilment_link_of_the_gold_is_found(evaluation):
    # A gold commitment fulfilled by a gold event: a record commitment matching it names the
    # record event matching that event as what fulfilled it.
    linked = next(
        m for m in evaluation.section("fulfilment").metrics if m.name == "fulfilling event linked"
    )
    assert linked.value == 1.0, linked
