"""The evaluation: each section's matcher on hand-built records, then the command on the corpus."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.errors import AccordError
from accord.evaluate import SECTIONS, Gold, evaluate, load_gold
from accord.evaluate.common import dates_agree, doc_names, one_to_one
from accord.evaluate_cli import app
from accord.models import (
    Actor,
    Agreement,
    Commitment,
    Conflict,
    ConflictValue,
    Document,
    Event,
    Evidence,
    Figure,
    Quote,
    Record,
    Subject,
)
from accord.settings import Settings
from tests.conftest import CORPUS, GOLD

GOLD_DATA = {
    "documents": [
        {
            "doc": "a.txt",
            "title": "Presidents hold talks in Tashkent",
            "published": "2022-06-14T10:00",
            "outlet": "Wire",
            "authors": ["Ann Writer"],
            "dateline": "TASHKENT",
            "attributed_to": ["Press Service"],
        },
        {"doc": "b.txt", "title": "Leaders meet", "published": None, "outlet": "Courier"},
    ],
    "actors": {
        "actors": [
            {"key": "mirziyoyev", "name": "Shavkat Mirziyoyev", "kind": "person",
             "aliases": ["Shavkat Mirziyoyev", "Mirziyoyev", "Мирзиёев"]},
            {"key": "japarov", "name": "Sadyr Japarov", "kind": "person",
             "aliases": ["Sadyr Japarov", "Japarov"]},
            {"key": "gurbanguly", "name": "Gurbanguly Berdimuhamedow", "kind": "person",
             "aliases": ["Gurbanguly Berdimuhamedow"]},
            {"key": "serdar", "name": "Serdar Berdimuhamedow", "kind": "person",
             "aliases": ["Serdar Berdimuhamedow"]},
            {"key": "uzbekistan", "name": "Uzbekistan", "kind": "country",
             "aliases": ["Uzbekistan"]},
            {"key": "press-service", "name": "Press Service", "kind": "organization",
             "aliases": ["Press Service", "the presidential press service"]},
        ],
        "not_person": ["Navoi Theatre"],
        "never_actor": ["Ann Writer"],
    },
    "events": [
        {"key": "meeting-2022-06-14", "type": "meeting", "plover": "CONSULT",
         "date": "2022-06-14", "participants": ["mirziyoyev", "japarov"],
         "reported_in": [{"doc": "a.txt", "evidence": ["held talks"]},
                         {"doc": "b.txt", "evidence": ["met"]}]},
        {"key": "visit-osh", "type": "visit", "plover": "CONSULT", "date": None,
         "participants": ["mirziyoyev"], "status": "did_not_happen",
         "reported_in": [{"doc": "b.txt", "evidence": ["did not travel to Osh"]}]},
    ],
    "agreements": [
        {"key": "declaration", "title": "Declaration on Allied Relations", "status": "signed",
         "reported_in": [{"doc": "a.txt", "evidence": ["Declaration on Allied Relations"]}]},
    ],
    "commitments": [
        {"key": "state-visit", "text": "Japarov will pay a state visit to Uzbekistan next year",
         "status": "fulfilled", "fulfilled_by": "meeting-2022-06-14",
         "reported_in": [{"doc": "a.txt", "evidence": ["will pay a state visit"]}]},
        {"key": "hospital", "text": "build a multidisciplinary hospital in Osh", "status": "open",
         "reported_in": [{"doc": "b.txt", "evidence": ["a new hospital for the city of Osh"]}]},
    ],
    "figures": [
        {"key": "trade-2022", "indicator": "bilateral trade turnover", "value": 1200000000,
         "unit": "USD", "period": "2022", "reported_in": [{"doc": "a.txt", "evidence": []}]},
        {"key": "trade-2022-b", "indicator": "bilateral trade turnover", "value": 1500000000,
         "unit": "USD", "period": "2022", "reported_in": [{"doc": "b.txt", "evidence": []}]},
        {"key": "trade-2021", "indicator": "bilateral trade turnover", "value": 1000000000,
         "unit": "USD", "period": "2021", "reported_in": [{"doc": "a.txt", "evidence": []}]},
    ],
    "not_figures": [{"doc": "a.txt", "text": "14 June 2022"}],
    "quotes": [
        {"doc": "a.txt", "speaker": "mirziyoyev", "kind": "direct",
         "text": "We are not just neighbours, we are brothers bound by a common history"},
    ],
    "conflicts": [
        {"subject": "trade-turnover-2022", "subject_kind": "figure", "field": "value",
         "values": [{"value": 1200000000, "docs": ["a.txt"]},
                    {"value": 1500000000, "docs": ["b.txt"]}],
         "figures": ["trade-2022", "trade-2022-b"]},
    ],
    "not_conflicts": [{"a": "trade-2021", "b": "trade-2022", "why": "different periods"}],
}  # fmt: skip


def _gold(**changes) -> Gold:
    return Gold.model_validate({**GOLD_DATA, **changes})


def ev(doc: str, text: str) -> Evidence:
    return Evidence(document=f"doc-{doc}", text=text, start=0, end=len(text))


def _perfect() -> Record:
    """A record that finds exactly what the gold above annotates."""
    return Record(
        generated=datetime(2024, 1, 1, tzinfo=UTC),
        documents=[
            Document(id="doc-a", source="corpus/a.txt", title="Presidents hold  talks in Tashkent",
                     published="2022-06-14T10:00:00+05:00", outlet="wire", authors=["Ann Writer"],
                     dateline="Tashkent", attributed_to=["presidential press service"]),
            Document(id="doc-b", source="corpus/b.txt", title="Leaders meet", outlet="Courier"),
        ],
        actors=[
            Actor(id="person:mirziyoyev", name="Shavkat Mirziyoyev", kind="person",
                  aliases=["Mirziyoyev", "Мирзиёев"]),
            Actor(id="person:japarov", name="Sadyr Japarov", kind="person", aliases=["Japarov"]),
            Actor(id="person:gurbanguly", name="Gurbanguly Berdimuhamedow", kind="person"),
            Actor(id="person:serdar", name="Serdar Berdimuhamedow", kind="person"),
            Actor(id="country:UZB", name="Uzbekistan", kind="country"),
            Actor(id="org:press", name="Press Service", kind="organization"),
        ],
        events=[
            Event(id="evt-1", type="meeting", plover="CONSULT", date="2022-06-14",
                  participants=["person:mirziyoyev", "person:japarov"],
                  evidence=[ev("a", "The presidents held talks."), ev("b", "They met.")]),
        ],
        agreements=[
            Agreement(id="agr-1", title="Declaration on Allied Relations", status="signed",
                      evidence=[ev("a", "They signed a Declaration on Allied Relations.")]),
        ],
        commitments=[
            Commitment(id="com-1", text="Japarov will pay a state visit to Uzbekistan next year.",
                       status="fulfilled", fulfilled_by=["evt-1"],
                       evidence=[ev("a", "Japarov will pay a state visit to Uzbekistan next year.")]),
            Commitment(id="com-2", text="Uzbekistan will build a new hospital for the city of Osh.",
                       evidence=[ev("b", "Uzbekistan will build a new hospital for the city of Osh.")]),
        ],
        figures=[
            Figure(id="fig-1", indicator="trade turnover", value=1.2e9, unit="USD", period="2022",
                   evidence=[ev("a", "Trade reached $1.2 billion in 2022.")]),
            Figure(id="fig-2", indicator="trade turnover", value=1.5e9, unit="USD", period="2022",
                   evidence=[ev("b", "Trade reached $1.5 billion in 2022.")]),
            Figure(id="fig-3", indicator="trade turnover", value=1e9, unit="USD", period="2021",
                   evidence=[ev("a", "It was $1 billion in 2021.")]),
        ],
        quotes=[
            Quote(id="quo-1", speaker="person:mirziyoyev", kind="direct",
                  text="We are not just neighbours, we are brothers bound by a common history "
                  "and culture.", evidence=[ev("a", "“We are not just neighbours...”")]),
        ],
        conflicts=[
            Conflict(id="con-1", subject=Subject(kind="figure", id="fig-1"), field="value",
                     values=[ConflictValue(value=1.2e9, evidence=[ev("a", "$1.2 billion")]),
                             ConflictValue(value=1.5e9, evidence=[ev("b", "$1.5 billion")])]),
        ],
    )  # fmt: skip


def _score(record: Record, gold: Gold | None = None, section: str = "events"):
    return evaluate(record, gold or _gold()).section(section)


def _metric(score, name: str):
    return next(m.value for m in score.metrics if m.name == name)


# --- every section -------------------------------------------------------------------------


def test_evaluate_perfect_record_scores_one_in_every_section():
    result = evaluate(_perfect(), _gold())
    assert [s.section for s in result.sections] == list(SECTIONS)
    for score in result.sections:
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), score
        assert not score.misses and not score.false_positives
    assert result.notes == []


def test_evaluate_ignores_items_only_in_documents_outside_the_gold():
    record = _perfect()
    record.documents.append(Document(id="doc-z", source="elsewhere/z.txt"))
    record.events.append(Event(id="evt-z", type="meeting", evidence=[ev("z", "Elsewhere.")]))
    assert _score(record).predicted == 1
    assert _metric(_score(record, section="documents"), "record documents not in the gold") == 1


# --- documents ------------------------------------------------------------------------------


def test_documents_wrong_field_lowers_precision_and_recall():
    record = _perfect()
    record.documents[0].dateline = "BISHKEK"
    score = _score(record, section="documents")
    assert score.gold == 12 and score.predicted == 8 and score.matched == 11
    assert score.precision == round(7 / 8, 4) and score.recall == round(11 / 12, 4)
    assert [f.id for f in score.misses] == ["a.txt:dateline"]
    assert [f.id for f in score.false_positives] == ["a.txt:dateline"]


def test_documents_published_where_gold_is_null_is_wrong():
    record = _perfect()
    record.documents[1].published = "2022-06-15"
    score = _score(record, section="documents")
    assert score.recall < 1 and score.precision < 1
    assert not score.misses  # nothing to find: the gold value is null
    assert [f.id for f in score.false_positives] == ["b.txt:published"]


def test_documents_missing_document_lowers_recall_only():
    record = _perfect()
    del record.documents[1]
    score = _score(record, section="documents")
    assert score.precision == 1.0 and score.matched == 6
    assert [f.id for f in score.misses] == ["b.txt:document"]


# --- actors ---------------------------------------------------------------------------------


def test_actors_father_and_son_merged_is_a_false_merge_not_a_match():
    record = _perfect()
    record.actors[2].aliases = ["Serdar Berdimuhamedow"]
    del record.actors[3]
    score = _score(record, section="actors")
    assert _metric(score, "false merges") == 1
    assert score.matched == 4 and score.predicted == 5
    assert {f.id for f in score.misses} == {"gurbanguly", "serdar"}
    assert "false merge" in next(f.note for f in score.false_positives)


def test_actors_match_needs_the_same_kind_and_a_shared_name():
    record = _perfect()
    record.actors[4] = Actor(id="place:uzbekistan", name="UZBEKISTAN", kind="place")
    record.actors.append(Actor(id="person:ann", name="Ann Writer", kind="person"))
    score = _score(record, section="actors")
    assert [f.id for f in score.misses] == ["uzbekistan"]
    assert {f.id for f in score.false_positives} == {"place:uzbekistan", "person:ann"}
    assert _metric(score, "never_actor names as actors") == 1
    assert _metric(score, "kind disagrees") == 1


def test_actors_second_record_actor_for_one_gold_actor_is_a_duplicate():
    record = _perfect()
    record.actors.append(Actor(id="person:japarov-2", name="Japarov", kind="person"))
    score = _score(record, section="actors")
    assert score.matched == 6 and score.predicted == 7
    assert _metric(score, "duplicates") == 1


# --- events ---------------------------------------------------------------------------------


def test_events_the_same_meeting_twice_is_a_duplicate_and_a_false_positive():
    record = _perfect()
    record.events[0].evidence = [ev("a", "The presidents held talks.")]
    record.events.append(
        Event(id="evt-2", type="meeting", date="2022-06", participants=["person:japarov"],
              evidence=[ev("b", "They met in June.")])
    )  # fmt: skip
    score = _score(record)
    assert (score.matched, score.predicted, score.precision, score.recall) == (1, 2, 0.5, 1.0)
    assert _metric(score, "duplicates") == 1
    assert score.false_positives[0].id == "evt-2"
    assert score.false_positives[0].note.startswith("duplicate of meeting-2022-06-14")


def test_events_missing_event_lowers_recall_and_says_why():
    record = _perfect()
    record.events[0].date = "2022-06-15"
    score = _score(record)
    assert score.recall == 0.0 and score.precision == 0.0
    assert "date 2022-06-15 vs 2022-06-14" in score.misses[0].note


def test_events_plover_root_agreement_and_participants_mapped_by_name():
    record = _perfect()
    record.events[0].type = "talks"
    record.events[0].participants = ["person:japarov"]
    assert _score(record).f1 == 1.0
    record.events[0].plover = "COOPERATE"
    assert _score(record).f1 == 0.0


def test_events_record_event_that_did_not_happen_is_counted():
    record = _perfect()
    record.events.append(
        Event(id="evt-osh", type="visit", participants=["person:mirziyoyev"],
              evidence=[ev("b", "He may visit Osh.")])
    )  # fmt: skip
    score = _score(record)
    assert score.precision == 0.5
    assert _metric(score, "events that did not happen") == 1


def test_dates_agree_by_prefix_null_and_interval():
    assert dates_agree("2022-06", "2022-06-14")
    assert dates_agree(None, None)
    assert not dates_agree(None, "2022")
    assert not dates_agree("2022-06-15", "2022-06-14")
    assert dates_agree("2019/2022", "2019/2022")
    assert not dates_agree("2019/2023", "2019/2022")
    assert dates_agree("2022-10-05", "2022-10-05/2022-10-07")


def test_one_to_one_lets_a_later_gold_item_take_a_better_free_candidate():
    # Greedy would give r1 to g1 and leave g2 unmatched.
    assert one_to_one({"g1": ["r1", "r2"], "g2": ["r1"]}) == {"g1": "r2", "g2": "r1"}


# --- agreements, commitments, fulfilment ----------------------------------------------------


def test_agreements_title_similarity_shared_document_and_status():
    record = _perfect()
    record.agreements[0].title = "declaration on allied relations between the two countries"
    record.agreements[0].status = "planned"
    score = _score(record, section="agreements")
    assert score.f1 == 1.0 and _metric(score, "same status") == 0.0
    record.agreements[0].evidence = [ev("b", "A Declaration on Allied Relations.")]
    assert _score(record, section="agreements").f1 == 0.0


def test_commitments_gold_evidence_snippet_contained_in_record_sentence():
    score = _score(_perfect(), section="commitments")
    assert score.matched == 2  # com-2 matches through the evidence snippet, not the gold text
    record = _perfect()
    record.commitments[1].text = "A hospital."
    record.commitments[1].evidence = [ev("b", "A hospital.")]
    assert _score(record, section="commitments").recall == 0.5


def test_fulfilment_shows_nothing_found_when_the_record_tracks_no_status():
    record = _perfect()
    record.commitments[0].status = "open"
    score = _score(record, section="fulfilment")
    assert (score.gold, score.predicted, score.matched, score.f1) == (1, 0, 0, 0.0)
    assert "com-1 open" in score.misses[0].note


def test_fulfilment_wrong_status_is_a_false_positive_and_links_are_checked():
    record = _perfect()
    record.commitments[1].status = "overdue"
    score = _score(record, section="fulfilment")
    assert score.precision == 0.5 and score.recall == 1.0
    assert _metric(score, "fulfilling event linked") == 1.0
    assert "hospital open" in score.false_positives[0].note


# --- figures, quotes, conflicts -------------------------------------------------------------


def test_figures_value_within_half_a_percent_and_same_unit():
    record = _perfect()
    record.figures[0].value = 1.204e9
    assert _score(record, section="figures").f1 == 1.0
    record.figures[0].value = 1.18e9
    assert _score(record, section="figures").matched == 2
    record.figures[0].value, record.figures[0].unit = 1.2e9, "EUR"
    assert _score(record, section="figures").matched == 2


def test_figures_not_figures_and_period_accuracy():
    record = _perfect()
    record.figures[2].period = "2022"
    record.figures.append(
        Figure(
            id="fig-date", value=14, unit="days", evidence=[ev("a", "On 14 June 2022 they met.")]
        )
    )
    score = _score(record, section="figures")
    assert _metric(score, "not_figures extracted") == 1
    assert _metric(score, "same period") == round(2 / 3, 4)


def test_quotes_record_text_must_start_with_the_gold_text():
    record = _perfect()
    record.quotes[0].speaker = "person:japarov"
    score = _score(record, section="quotes")
    assert score.f1 == 1.0 and _metric(score, "same speaker") == 0.0
    record.quotes[0].text = "He said: " + record.quotes[0].text
    assert _score(record, section="quotes").f1 == 0.0


def test_conflicts_a_rounding_difference_does_not_cover_the_gold_conflict():
    gold = _gold(
        figures=[
            *GOLD_DATA["figures"],
            {"key": "trade-2022-c", "value": 1180000000, "unit": "USD", "period": "2022",
             "reported_in": [{"doc": "b.txt", "evidence": []}]},
        ],
        not_conflicts=[{"a": "trade-2022", "b": "trade-2022-c"}],
    )  # fmt: skip
    record = _perfect()
    record.conflicts[0].values[1].value = 1.18e9
    score = _score(record, gold, section="conflicts")
    assert (score.matched, score.predicted) == (0, 1)
    assert _metric(score, "conflicts the gold rules out") == 1
    assert score.false_positives[0].note == "not_conflicts: trade-2022 vs trade-2022-c"


def test_conflicts_between_different_periods_is_a_false_positive():
    record = _perfect()
    record.conflicts.append(
        Conflict(id="con-2", subject=Subject(kind="figure", id="fig-3"), field="value",
                 values=[ConflictValue(value=1e9, evidence=[ev("a", "$1 billion in 2021")]),
                         ConflictValue(value=1.2e9, evidence=[ev("a", "$1.2 billion")])])
    )  # fmt: skip
    score = _score(record, section="conflicts")
    assert (score.matched, score.predicted, score.precision) == (1, 2, 0.5)
    assert _metric(score, "conflicts the gold rules out") == 1


# --- inputs ---------------------------------------------------------------------------------


def test_doc_names_recovers_json_line_names_from_the_corpus(tmp_path: Path):
    (tmp_path / "feed.jsonl").write_text(
        '{"url": "https://x.example/1", "text": "One."}\n{"url": "https://x.example/2"}\n',
        encoding="utf-8",
    )
    record = Record(
        generated=datetime(2024, 1, 1, tzinfo=UTC),
        documents=[
            Document(id="d1", source="https://x.example/2", url="https://x.example/2"),
            Document(id="d2", source="/somewhere/a.txt"),
            Document(id="d3", source="/somewhere/a.txt", version_of="d2"),
        ],
    )
    names = doc_names(record, {"feed.jsonl#2", "a.txt"}, tmp_path)
    assert dict(names.by_id) == {"d1": "feed.jsonl#2", "d3": "a.txt"}


def test_load_gold_reads_the_example_gold_and_names_a_missing_file(tmp_path: Path):
    gold = load_gold(GOLD)
    assert len(gold.documents) == 24 and gold.conflicts
    shutil.copytree(GOLD, tmp_path / "gold")
    (tmp_path / "gold" / "events.json").unlink()
    with pytest.raises(AccordError, match=r"gold file missing: .*events\.json"):
        load_gold(tmp_path / "gold")


# --- the command ----------------------------------------------------------------------------

ENV = {"ACCORD_DB": "", "COLUMNS": "120"}


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})


@pytest.fixture(scope="module")
def corpus_kb(tmp_path_factory) -> str:
    """The example corpus ingested once, with the default pipeline."""
    from accord.ingest.pipeline import ingest
    from accord.store.kb import open_kb

    db = str(tmp_path_factory.mktemp("evaluate") / "kb.db")
    settings = Settings.resolve({"db": db}, environ={})
    engine = open_kb(db)
    try:
        ingest([str(CORPUS)], engine, settings)
    finally:
        engine.dispose()
    return db


@pytest.mark.slow
def test_cli_evaluate_json_on_the_example_corpus_has_every_section(corpus_kb: str):
    result = _run("--gold", str(GOLD), "--db", corpus_kb, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["section"] for s in data["sections"]] == list(SECTIONS)
    for section in data["sections"]:
        assert {"gold", "predicted", "matched", "precision", "recall", "f1", "match", "rule",
                "metrics"} <= section.keys()  # fmt: skip
        assert "misses" not in section
        assert 0.0 <= section["precision"] <= 1.0 and 0.0 <= section["recall"] <= 1.0
        assert section["gold"] > 0
    assert data["sections"][0]["gold"] == 24 * 6
    assert data["notes"] == []


@pytest.mark.slow
def test_cli_evaluate_details_lists_misses_and_false_positives(corpus_kb: str):
    result = _run("--gold", str(GOLD), "--db", corpus_kb, "--details", "events")
    assert result.exit_code == 0, result.output
    assert "precision" in result.stdout and "How items are matched" in result.stdout
    assert "Misses: gold items not found" in result.stdout
    assert "False positives" in result.stdout
    as_json = json.loads(
        _run("--gold", str(GOLD), "--db", corpus_kb, "--json", "--details", "events").stdout
    )
    events = next(s for s in as_json["sections"] if s["section"] == "events")
    assert len(events["misses"]) == events["gold"] - events["matched"]
    assert len(events["false_positives"]) == events["predicted"] - events["matched"]


def test_cli_evaluate_rejects_an_unknown_section():
    result = _run("--gold", str(GOLD), "--details", "everything")
    assert result.exit_code == 2
    assert "unknown section" in result.output


def test_cli_evaluate_without_db_ingests_the_corpus_next_to_the_gold(tmp_path: Path):
    shutil.copytree(GOLD, tmp_path / "gold")
    (tmp_path / "corpus").mkdir()
    name = "2022-03-03-central-asia-wire-presidents-phone-call.txt"
    shutil.copy(CORPUS / name, tmp_path / "corpus" / name)
    result = _run("--gold", str(tmp_path / "gold"), "--json", env={"ACCORD_SPACY_MODEL": "none"})
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    documents = data["sections"][0]
    assert documents["predicted"] > 0 and documents["matched"] >= 6
    assert "23 gold document(s) not in the record" in data["notes"][0]


def test_cli_evaluate_reports_a_missing_knowledge_base(tmp_path: Path):
    result = _run("--gold", str(GOLD), "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no knowledge base" in result.output
