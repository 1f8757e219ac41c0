"""The conflicts view: every conflict with a readable subject and each source's value."""

from __future__ import annotations

from accord.models import Conflict, ConflictValue, Evidence, Figure, Subject
from accord.present.conflicts import describe_conflicts, list_conflicts, subject_label
from accord.present.queries import SourceRef


def _evidence(doc: str) -> Evidence:
    return Evidence(document=doc, text=f"sentence of {doc}", start=0, end=10)


def test_describe_conflict_labels_figure_and_formats_values():
    figure = Figure(id="fig-1", indicator="trade turnover", period="2022", unit="USD")
    conflict = Conflict(
        id="c1",
        subject=Subject(kind="figure", id="fig-1"),
        field="value",
        values=[
            ConflictValue(value=1.2e9, evidence=[_evidence("d1"), _evidence("d2")]),
            ConflictValue(value=1.5e9, evidence=[_evidence("d3")]),
        ],
    )
    refs = {"d1": SourceRef(document="d1", outlet="Wire", published="2023-01-26")}
    [view] = describe_conflicts([conflict], {"fig-1": figure}, refs)
    assert view.subject.label == "trade turnover, 2022"
    assert [v.display for v in view.values] == ["1.2 billion USD", "1.5 billion USD"]
    assert [s.document for s in view.values[0].sources] == ["d1", "d2"]
    assert view.values[0].sources[0].label == "Wire, 2023-01-26"
    assert view.values[1].sources[0].label == "unknown outlet, undated"


def test_subject_label_of_missing_item_says_so():
    assert "no longer" in subject_label(None)


def test_list_conflicts_on_corpus_lists_every_value_with_sources(corpus_kb, corpus_record):
    views = list_conflicts(corpus_kb)
    assert len(views) == len(corpus_record.conflicts) >= 1
    for view, conflict in zip(views, corpus_record.conflicts, strict=True):
        assert view.id == conflict.id
        assert len(view.values) == len(conflict.values) >= 2
        assert len({str(v.value) for v in view.values}) == len(view.values)
        assert view.subject.label and "no longer" not in view.subject.label
        for value in view.values:
            assert value.sources and value.evidence
            assert all(s.outlet for s in value.sources)


def test_list_conflicts_by_kind(corpus_kb):
    figures = list_conflicts(corpus_kb, kind="figure")
    assert all(v.subject.kind == "figure" for v in figures)
    assert list_conflicts(corpus_kb, kind="no-such-kind") == []
