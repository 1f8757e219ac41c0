"""Incremental fusion: adding documents updates the record exactly as a rebuild would."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import delete, func, select, update

from accord.analyze.document import ANALYSIS_VERSION, analyze_documents
from accord.analyze.types import DocumentAnalysis
from accord.fuse.record import (
    _figures_to_track,
    _stated_figures,
    rebuild_record,
    update_record,
)
from accord.ingest.fetch import FetchPolicy
from accord.ingest.pipeline import ingest
from accord.ingest.prepare import prepare
from accord.ingest.sources import RawItem, iter_inputs
from accord.models import Commitment, Document, Event, Evidence, Figure
from accord.present.export import build_record
from accord.settings import Settings
from accord.store.analysis import save_analysis
from accord.store.documents import get_document, list_documents, store_document
from accord.store.kb import open_kb
from accord.store.schema import (
    doc_items,
    fusion_states,
    record_evidence,
    record_items,
    record_links,
)
from tests.conftest import CORPUS


def _record(engine) -> dict:
    record = build_record(engine).model_dump(mode="json", by_alias=True)
    record.pop("generated")
    return record


def test_incremental_update_equals_full_rebuild(db_url, tmp_path, analyzer):
    engine, later = _ingest_all_but(db_url, tmp_path, analyzer, 4)
    added = _store_without_fusing(engine, analyzer, later)
    assert len(added) == 4
    before = _record(engine)

    update_record(engine, analyzer.reference, added)
    incremental = _record(engine)
    rebuild_record(engine, analyzer.reference)
    rebuilt = _record(engine)

    assert incremental == rebuilt
    assert incremental != before  # the update did change the record
    assert len(rebuilt["events"]) > 10 and rebuilt["conflicts"]


def _ingest_all_but(db_url, tmp_path, analyzer, later: int):
    """A knowledge base with the example corpus ingested but its last ``later`` files;
    returns it and those files."""
    files = sorted(p for p in CORPUS.iterdir() if p.suffix != ".jsonl")
    first = tmp_path / "first"
    first.mkdir()
    for path in files[:-later]:
        shutil.copy(path, first / path.name)
    engine = open_kb(db_url)
    settings = Settings.resolve({"db": db_url}, environ={})
    ingest([str(first)], engine, settings, analyzer=analyzer)
    return engine, files[-later:]


def _store_without_fusing(engine, analyzer, paths) -> set[str]:
    """Store documents and their analyses, leaving the record as it was."""
    docs = [
        prepare(e)
        for e in iter_inputs([str(p) for p in paths], FetchPolicy())
        if isinstance(e, RawItem)
    ]
    raw = {d.id: p.read_text(encoding="utf-8") for d, p in zip(docs, paths, strict=True)}
    for doc, analysis in zip(docs, analyze_documents(docs, analyzer), strict=True):
        with engine.begin() as connection:
            store_document(connection, doc, raw=raw[doc.id], source_key=doc.source)
            save_analysis(connection, analysis, ANALYSIS_VERSION)
    return {d.id for d in docs}


def test_update_after_reanalysis_drops_what_the_old_analysis_contributed(
    db_url, tmp_path, analyzer
):
    """A document analysed again with its events moved to another year (another block):
    the update must refuse the blocks its old items were in, not only the new ones."""
    engine = open_kb(db_url)
    settings = Settings.resolve({"db": db_url}, environ={})
    ingest([str(CORPUS)], engine, settings, analyzer=analyzer)
    doc_id, analysis = _document_with_events(engine, analyzer)
    moved = analysis.model_copy(
        update={
            "events": [
                e.model_copy(update={"date": "2011-05-05", "date_precision": "day"})
                for e in analysis.events
            ]
        }
    )
    with engine.begin() as connection:
        save_analysis(connection, moved, ANALYSIS_VERSION)

    update_record(engine, analyzer.reference, {doc_id})
    incremental = _record(engine)
    rebuild_record(engine, analyzer.reference)

    assert incremental == _record(engine)
    dates = {
        e["date"] for e in incremental["events"]
        if any(ev["document"] == doc_id for ev in e["evidence"])
    }  # fmt: skip
    assert dates == {"2011-05-05"}


def test_a_record_fused_before_blocks_were_stored_is_rebuilt_on_update(db_url, tmp_path, analyzer):
    engine, later = _ingest_all_but(db_url, tmp_path, analyzer, 2)
    with engine.begin() as connection:  # what an upgraded knowledge base looks like
        connection.execute(update(record_items).values(block=None))
        connection.execute(update(doc_items).values(block=None))
    added = _store_without_fusing(engine, analyzer, later)

    update_record(engine, analyzer.reference, added)
    incremental = _record(engine)
    rebuild_record(engine, analyzer.reference)

    assert incremental == _record(engine)


def test_a_record_fused_otherwise_is_rebuilt_once_at_its_next_update(db_url, tmp_path, analyzer):
    """A record fused by an earlier release (events clustered in another order) has no
    mark of how it was fused: an update would re-fuse only some blocks and leave the
    others as the old order made them, so it rebuilds the record, once."""
    engine, _ = _ingest_all_but(db_url, tmp_path, analyzer, 1)
    rebuilt = _record(engine)
    with engine.begin() as connection:  # an event as another clustering left it
        connection.execute(delete(fusion_states).where(fusion_states.c.block == "record"))
        pk, data = connection.execute(
            select(record_items.c.pk, record_items.c.data).where(record_items.c.kind == "event")
        ).first()
        connection.execute(
            update(record_items)
            .where(record_items.c.pk == pk)
            .values(data={**data, "summary": "as an earlier release fused it"})
        )

    update_record(engine, analyzer.reference, set())
    assert _record(engine) == rebuilt
    with engine.connect() as connection:
        assert _summarised(connection, {"record"})  # marked: the next update is incremental


def _document_with_events(engine, analyzer):
    """(id, fresh analysis) of a stored document that reports events."""
    for summary in list_documents(engine):
        doc = get_document(engine, summary.id)
        analysis = next(iter(analyze_documents([doc], analyzer)))
        if analysis.events:
            return doc.id, analysis
    raise AssertionError("no document with events in the corpus")


def _actor(record: dict, actor_id: str) -> dict:
    return next(a for a in record["actors"] if a["id"] == actor_id)


def test_actor_counts_stay_exact_over_repeated_updates_and_reanalysis(db_url, tmp_path, analyzer):
    """Actors are updated from stored tallies plus the new documents' reports: fusing
    the same documents twice counts them once, and a replaced analysis takes its old
    reports out (every tally is recounted), as a rebuild would."""
    engine, later = _ingest_all_but(db_url, tmp_path, analyzer, 3)
    added = _store_without_fusing(engine, analyzer, later)
    update_record(engine, analyzer.reference, added)
    update_record(engine, analyzer.reference, added)  # an ingest fusing them again
    twice = _record(engine)
    rebuild_record(engine, analyzer.reference)
    assert twice == _record(engine)

    doc_id, analysis = _document_with_events(engine, analyzer)
    person = next(a for a in analysis.actors if a.kind == "person")
    before = _actor(_record(engine), person.id)
    renamed = analysis.model_copy(
        update={
            "actors": [
                a.model_copy(update={"aliases": ["Zed Placeholder"]}) if a.id == person.id else a
                for a in analysis.actors
            ],
            "mentions": [m for m in analysis.mentions if m.actor != person.id],
        }
    )
    with engine.begin() as connection:
        save_analysis(connection, renamed, ANALYSIS_VERSION)
    update_record(engine, analyzer.reference, {doc_id})
    incremental = _record(engine)
    rebuild_record(engine, analyzer.reference)
    assert incremental == _record(engine)
    after = _actor(incremental, person.id)
    assert "Zed Placeholder" in after["aliases"]
    assert after["mentions"] < before["mentions"]  # the old analysis's mentions are gone


def _spy(monkeypatch, name: str) -> list[bool]:
    """Whether each call of accord.fuse.record.<name> gave something (not None)."""
    import accord.fuse.record as fusion

    calls: list[bool] = []
    real = getattr(fusion, name)

    def spied(*args, **kwargs):
        found = real(*args, **kwargs)
        calls.append(found is not None)
        return found

    monkeypatch.setattr(fusion, name, spied)
    return calls


def test_summarised_blocks_take_new_documents_as_a_rebuild_would(
    db_url, tmp_path, analyzer, monkeypatch
):
    """Every block keeps a summary of its fusion (the threshold lowered for this small
    corpus): the update adds the new documents' figures and commitment statements to
    the summaries instead of fusing their blocks again (events: the reports published
    since a block's checkpoint), and gives the rebuilt record."""
    monkeypatch.setattr("accord.fuse.record.SUMMARISED_FROM", 1)
    engine, later = _ingest_all_but(db_url, tmp_path, analyzer, 4)
    added = _store_without_fusing(engine, analyzer, later)
    figures, commitments = _spy(monkeypatch, "add_figures"), _spy(monkeypatch, "_resume")
    events = _spy(monkeypatch, "_add_to_events")

    update_record(engine, analyzer.reference, added)
    incremental = _record(engine)
    assert any(figures) and any(commitments) and any(events)  # summaries were added to
    rebuild_record(engine, analyzer.reference)
    assert incremental == _record(engine)


def test_a_replaced_analysis_drops_the_summaries_of_its_blocks(
    db_url, tmp_path, analyzer, monkeypatch
):
    """A summary holds what the old analysis contributed; once the analysis is replaced
    its blocks are fused whole again, and the record is what a rebuild gives."""
    monkeypatch.setattr("accord.fuse.record.SUMMARISED_FROM", 1)
    engine = open_kb(db_url)
    settings = Settings.resolve({"db": db_url}, environ={})
    ingest([str(CORPUS)], engine, settings, analyzer=analyzer)
    doc_id, analysis = next(
        (d, a) for d, a in _analyses(engine, analyzer) if a.figures and a.commitments
    )
    with engine.connect() as connection:
        blocks = set(
            connection.execute(
                select(doc_items.c.block).where(
                    doc_items.c.document_id == doc_id, doc_items.c.block.is_not(None)
                )
            ).scalars()
        )
        assert _summarised(connection, blocks)
    changed = analysis.model_copy(
        update={
            "figures": [
                f.model_copy(update={"value": (f.value or 0) * 3}) for f in analysis.figures
            ],
            "commitments": analysis.commitments[1:],
        }
    )
    with engine.begin() as connection:
        save_analysis(connection, changed, ANALYSIS_VERSION)
        assert not _summarised(connection, blocks)

    update_record(engine, analyzer.reference, {doc_id})
    incremental = _record(engine)
    rebuild_record(engine, analyzer.reference)
    assert incremental == _record(engine)


def test_a_summary_missing_items_is_not_used(db_url, tmp_path, analyzer, monkeypatch):
    """A per-document item the summary counted is gone (a knowledge base edited by hand)
    from a block new documents add to: the block is fused whole."""
    monkeypatch.setattr("accord.fuse.record.SUMMARISED_FROM", 1)
    engine, later = _ingest_all_but(db_url, tmp_path, analyzer, 4)
    added = _store_without_fusing(engine, analyzer, later)
    update_record(engine, analyzer.reference, set())  # the new items get their blocks
    with engine.begin() as connection:
        shared = (
            connection.execute(
                select(doc_items.c.block)
                .where(doc_items.c.kind == "figure", doc_items.c.document_id.in_(sorted(added)))
                .intersect(
                    select(doc_items.c.block).where(
                        doc_items.c.kind == "figure", doc_items.c.document_id.not_in(sorted(added))
                    )
                )
            )
            .scalars()
            .first()
        )
        assert shared is not None
        gone = connection.execute(
            select(func.min(doc_items.c.pk)).where(doc_items.c.block == shared)
        ).scalar_one()
        connection.execute(delete(doc_items).where(doc_items.c.pk == gone))
    figures = _spy(monkeypatch, "add_figures")

    update_record(engine, analyzer.reference, added)
    incremental = _record(engine)
    rebuild_record(engine, analyzer.reference)
    assert incremental == _record(engine)
    assert any(figures)  # the other blocks' summaries were still added to


def _analyses(engine, analyzer):
    for summary in list_documents(engine):
        doc = get_document(engine, summary.id)
        yield doc.id, next(iter(analyze_documents([doc], analyzer)))


def _summarised(connection, blocks: set[str]) -> set[str]:
    rows = connection.execute(
        select(fusion_states.c.block).where(fusion_states.c.block.in_(sorted(blocks)))
    )
    return set(rows.scalars())


PLAN = "Days of Uzbek Culture will be held in Bishkek in the autumn."
HELD = "The Days of Uzbek Culture were held in Bishkek with concerts and exhibitions."


def _put(engine, doc_id: str, day: str, *, plan: bool = False, held: str | None = None) -> str:
    """Store a document of ``day`` whose analysis holds the plan and/or a report of it held
    (an event of type ``held``: one block per type and year)."""
    text = " ".join(([PLAN] if plan else []) + ([HELD] if held else []))
    doc = Document(id=doc_id, source=f"{doc_id}.txt", published=day, text=text, content_hash=doc_id)
    evidence = [Evidence(document=doc_id, text=text, start=0, end=len(text))]
    analysis = DocumentAnalysis(
        document=doc_id,
        commitments=[
            Commitment(
                id=f"com-{doc_id}", text=PLAN, made_on=day, kind="planned_event",
                evidence=evidence,
            )
        ] if plan else [],
        events=[
            Event(
                id=f"ev-{doc_id}", type=held, plover="COOPERATE", date=day,
                date_precision="day", summary=HELD, evidence=evidence, source_count=1,
            )
        ] if held else [],
    )  # fmt: skip
    with engine.begin() as connection:
        store_document(connection, doc, raw=text, source_key=doc.source)
        save_analysis(connection, analysis, ANALYSIS_VERSION)
    return doc_id


def _status(engine) -> tuple[str, list[str]]:
    [commitment] = _record(engine)["commitments"]
    return commitment["status"], commitment["fulfilled_by"]


def test_when_the_event_that_fulfilled_a_commitment_is_gone_a_later_one_of_another_block_does(
    db_url, analyzer
):
    """An update's tracking reads the touched blocks' events and each commitment's event;
    when that event is gone, the commitment is compared with every event after it."""
    engine = open_kb(db_url)
    reference = analyzer.reference
    _put(engine, "doc-plan", "2022-06-01", plan=True)
    _put(engine, "doc-held", "2022-10-12", held="cooperation")
    _put(engine, "doc-later", "2023-03-02", held="completion")
    rebuild_record(engine, reference)
    assert _status(engine) == ("fulfilled", ["ev-doc-held"])

    with engine.begin() as connection:  # analysed again: no report of it held any more
        save_analysis(connection, DocumentAnalysis(document="doc-held"), ANALYSIS_VERSION)
    update_record(engine, reference, {"doc-held"})
    assert _status(engine) == ("fulfilled", ["ev-doc-later"])  # an untouched block's event


def test_a_commitment_added_late_is_compared_with_the_events_of_later_years(db_url, analyzer):
    """A new commitment is compared with every event from its year on, not only with the
    events of the blocks its document touched."""
    engine = open_kb(db_url)
    reference = analyzer.reference
    _put(engine, "doc-later", "2023-03-02", held="completion")
    _put(engine, "doc-other", "2023-03-05", held="cooperation")
    rebuild_record(engine, reference)
    update_record(engine, reference, {_put(engine, "doc-plan", "2022-06-01", plan=True)})
    assert _status(engine) == ("fulfilled", ["ev-doc-later"])


GOAL = "The presidents agreed to bring bilateral trade to $2.5 billion by 2024."


def _put_figure(
    engine, doc_id: str, day: str, text: str, value: float, *, goal: bool,
    indicator: str = "trade_turnover",
) -> None:  # fmt: skip
    """A document stating trade (or ``indicator``) of ``value`` for 2024: as a target set
    on ``day`` (its commitment shares the figure's sentence) or as what trade reached."""
    doc = Document(id=doc_id, source=f"{doc_id}.txt", published=day, text=text, content_hash=doc_id)
    evidence = [Evidence(document=doc_id, text=text, start=0, end=len(text))]
    figure = Figure(
        id=f"fig-{doc_id}", indicator=indicator, value=value, unit="USD", period="2024",
        evidence=evidence, between=["KGZ", "UZB"],
    )  # fmt: skip
    commitments = [
        Commitment(
            id=f"com-{doc_id}", text=text, made_on=day, due="2024", kind="target",
            evidence=evidence,
        )
    ] if goal else []  # fmt: skip
    analysis = DocumentAnalysis(document=doc_id, figures=[figure], commitments=commitments)
    with engine.begin() as connection:
        store_document(connection, doc, raw=text, source_key=doc.source)
        save_analysis(connection, analysis, ANALYSIS_VERSION)


@pytest.mark.parametrize(("reached", "status"), [(2.8e9, "fulfilled"), (1.5e9, "overdue")])
def test_a_target_is_met_by_a_later_figure_of_what_it_measures(db_url, analyzer, reached, status):
    """Tracking reads the record's figures without their sentences (the database leaves
    them out): the target's own figure is still found by where its sentence is."""
    engine = open_kb(db_url)
    _put_figure(engine, "doc-goal", "2022-01-10", GOAL, 2.5e9, goal=True)
    result = f"Bilateral trade reached ${reached / 1e9:.1f} billion in 2024."
    _put_figure(engine, "doc-result", "2025-01-20", result, reached, goal=False)
    rebuild_record(engine, analyzer.reference)
    [commitment] = _record(engine)["commitments"]
    assert commitment["status"] == status
    assert ("target→figure" in (commitment["reason"] or "")) == (status == "fulfilled")


def test_tracking_reads_the_figures_stated_with_targets_and_of_what_they_measure(db_url, analyzer):
    """Not every figure of the record: the target's own (found by its sentence, which it
    shares) and the figures of its indicator and unit; investment figures are not read."""
    engine = open_kb(db_url)
    _put_figure(engine, "doc-goal", "2022-01-10", GOAL, 2.5e9, goal=True)
    _put_figure(
        engine, "doc-result", "2025-01-20", "Trade reached $2.8 billion.", 2.8e9, goal=False
    )
    other = "Investment reached $2.9 billion in 2024."
    _put_figure(engine, "doc-other", "2025-02-01", other, 2.9e9, goal=False, indicator="investment")
    rebuild_record(engine, analyzer.reference)
    [commitment] = _record(engine)["commitments"]
    assert commitment["status"] == "fulfilled"

    with engine.connect() as connection:
        stated = _stated_figures(connection, [commitment["id"]])
        read = [f.id for f in _figures_to_track(connection, stated)]
    assert stated == {commitment["id"]: {"fig-doc-goal"}}  # its own, found by its sentence
    assert read == ["fig-doc-goal", "fig-doc-result"]


def test_a_target_restated_in_every_report_has_its_figure_read_once(db_url, analyzer):
    """Tracking reads, for each target, which figures its sentences state (once each),
    not each of its sentences: a target restated across an archive has thousands."""
    engine = open_kb(db_url)
    for month in range(1, 7):
        _put_figure(engine, f"doc-goal{month}", f"2022-0{month}-10", GOAL, 2.5e9, goal=True)
    _put_figure(
        engine, "doc-result", "2025-01-20", "Trade reached $2.8 billion.", 2.8e9, goal=False
    )
    rebuild_record(engine, analyzer.reference)
    [commitment] = _record(engine)["commitments"]
    assert commitment["status"] == "fulfilled" and len(commitment["evidence"]) == 6
    figures = {f["id"]: f for f in _record(engine)["figures"]}
    with engine.connect() as connection:
        stated = _stated_figures(connection, [commitment["id"]])
    [own] = stated[commitment["id"]]
    assert len(figures[own]["evidence"]) == 6  # one figure, stated six times


def test_an_update_appends_a_restated_commitments_evidence_instead_of_rewriting_it(
    db_url, analyzer, monkeypatch
):
    """A commitment restated month after month keeps its evidence in rows of its own: an
    update adds the new restatement's row (renaming the rows when the restatement gives
    the commitment a new id) and leaves older ones as they were, links included."""
    monkeypatch.setattr("accord.fuse.record.SUMMARISED_FROM", 1)
    engine = open_kb(db_url)
    days = ["2022-01-05", "2022-02-10", "2022-03-15", "2022-04-20", "2022-05-25"]
    for number, day in enumerate(days):
        _put(engine, f"doc-m{number}", day, plan=True)
    rebuild_record(engine, analyzer.reference)
    [before] = _record(engine)["commitments"]
    assert before["id"] == "com-doc-m0"
    rows_before = _evidence_rows(engine)
    assert len(rows_before) == 5

    update_record(engine, analyzer.reference, {_put(engine, "doc-a", "2022-06-30", plan=True)})
    [after] = _record(engine)["commitments"]
    assert after["id"] == "com-doc-a"  # the least statement id: the rows were renamed
    assert [e["document"] for e in after["evidence"]] == ["doc-a", *(f"doc-m{n}" for n in range(5))]
    rows_after = _evidence_rows(engine)
    old = {pk for pk, document in rows_before.items() if document < "doc-m4"}  # before May
    assert old <= set(rows_after)  # kept, not deleted and written again
    assert set(rows_after.values()) == {"doc-a", *(f"doc-m{n}" for n in range(5))}
    with engine.connect() as connection:
        linked = set(
            connection.execute(
                select(record_links.c.document_id).where(record_links.c.item_id == "com-doc-a")
            ).scalars()
        )
        assert not connection.execute(
            select(record_links.c.pk).where(record_links.c.item_id == "com-doc-m0")
        ).first()
    assert linked == set(rows_after.values())

    updated = _record(engine)
    rebuild_record(engine, analyzer.reference)
    assert updated == _record(engine)


def _evidence_rows(engine) -> dict[int, str]:
    with engine.connect() as connection:
        rows = connection.execute(select(record_evidence.c.pk, record_evidence.c.document_id))
        return dict(rows.all())


def test_an_update_appends_a_restated_figures_evidence_and_its_conflict_follows(
    db_url, analyzer, monkeypatch
):
    """Trade restated article after article: the update adds the new sentence's row to
    the stored figure's (renamed: the new figure's id is the least) and the conflict
    with another outlet's value shows it, documents linked."""
    monkeypatch.setattr("accord.fuse.record.SUMMARISED_FROM", 1)
    engine = open_kb(db_url)
    said = "Bilateral trade reached $2.8 billion in 2024."
    for number in range(3):
        _put_figure(engine, f"doc-t{number}", f"2025-0{number + 1}-10", said, 2.8e9, goal=False)
    other = "Bilateral trade reached $1.9 billion in 2024."
    _put_figure(engine, "doc-u", "2025-04-02", other, 1.9e9, goal=False)
    rebuild_record(engine, analyzer.reference)
    rows_before = _evidence_rows(engine)

    _put_figure(engine, "doc-a", "2025-05-20", said, 2.8e9, goal=False)
    update_record(engine, analyzer.reference, {"doc-a"})
    record = _record(engine)
    assert set(rows_before) <= set(_evidence_rows(engine))  # none written again
    figure = next(f for f in record["figures"] if f["value"] == 2.8e9)
    assert figure["id"] == "fig-doc-a"
    restated = ["doc-a", "doc-t0", "doc-t1", "doc-t2"]
    assert [e["document"] for e in figure["evidence"]] == restated
    [conflict] = record["conflicts"]
    values = {v["value"]: v for v in conflict["values"]}
    assert values[2.8e9]["figure"] == "fig-doc-a"
    assert [e["document"] for e in values[2.8e9]["evidence"]] == restated
    with engine.connect() as connection:
        linked = connection.execute(
            select(record_links.c.document_id).where(record_links.c.item_id == conflict["id"])
        ).scalars()
        assert set(linked) == {*restated, "doc-u"}

    rebuild_record(engine, analyzer.reference)
    assert record == _record(engine)


def test_an_update_links_restated_items_to_the_new_documents_as_a_rebuild_would(
    db_url, analyzer, monkeypatch
):
    """Restatements that keep the items' ids (theirs are greater): the update links the
    commitment, the figure and the conflict over it to the new documents without
    comparing every stored link, and the links are those of a rebuild."""
    monkeypatch.setattr("accord.fuse.record.SUMMARISED_FROM", 1)
    engine = open_kb(db_url)
    said = "Bilateral trade reached $2.8 billion in 2024."
    for number in range(3):
        _put(engine, f"doc-m{number}", f"2022-0{number + 1}-05", plan=True)
        _put_figure(engine, f"doc-t{number}", f"2025-0{number + 1}-10", said, 2.8e9, goal=False)
    _put_figure(
        engine, "doc-u", "2025-04-02", "Trade reached $1.9 billion in 2024.", 1.9e9, goal=False
    )
    rebuild_record(engine, analyzer.reference)
    whole = _spy(monkeypatch, "_relink_stored")

    _put(engine, "doc-z1", "2022-04-05", plan=True)
    _put_figure(engine, "doc-z2", "2025-05-20", said, 2.8e9, goal=False)
    update_record(engine, analyzer.reference, {"doc-z1", "doc-z2"})
    links = _all_links(engine)
    record = _record(engine)
    assert not whole  # nothing needed its links compared whole
    [commitment], [conflict] = record["commitments"], record["conflicts"]
    figure = next(f for f in record["figures"] if f["value"] == 2.8e9)
    assert (commitment["id"], figure["id"]) == ("com-doc-m0", "fig-doc-t0")
    assert {(commitment["id"], "doc-z1"), (figure["id"], "doc-z2"), (conflict["id"], "doc-z2")} <= {
        (item, document) for item, _, document in links
    }

    rebuild_record(engine, analyzer.reference)
    assert links == _all_links(engine)
    assert record == _record(engine)


def _all_links(engine) -> set[tuple]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(record_links.c.item_id, record_links.c.actor_id, record_links.c.document_id)
        )
        return set(rows.all())
