"""Commitment tracking: later reports fulfil earlier commitments, with the reason."""

from __future__ import annotations

from accord.fuse.commitments import track
from accord.models import Commitment, Event, Evidence


def _evidence(document: str, text: str) -> list[Evidence]:
    return [Evidence(document=document, text=text, start=0, end=len(text))]


GAS = Commitment(
    id="com-gas",
    text="The sides agreed to increase the transit of natural gas to Kyrgyzstan.",
    made_on="2022-06-14",
    kind="project",
    evidence=_evidence("doc-june", "The sides agreed to increase the transit of natural gas."),
)
DONE = Event(
    id="done-gas",
    type="completion",
    plover="COOPERATE",
    summary="the transit of natural gas had already increased",
    evidence=_evidence("doc-october", "The transit of natural gas had already increased."),
)


def test_an_undated_report_of_it_done_fulfils_it_as_of_its_publication():
    published = {"doc-june": "2022-06-14", "doc-october": "2022-10-14"}
    [tracked] = track([GAS], [DONE], [], [], "2022-10-14", published)
    assert tracked.status == "fulfilled" and tracked.fulfilled_by == ["done-gas"]
    assert "report of 2022-10-14" in tracked.reason


def test_a_report_published_before_the_commitment_does_not_fulfil_it():
    published = {"doc-june": "2022-06-14", "doc-october": "2022-05-01"}
    [tracked] = track([GAS], [DONE], [], [], "2022-10-14", published)
    assert tracked.status == "open"


def test_without_publication_days_an_undated_report_fulfils_nothing():
    [tracked] = track([GAS], [DONE], [], [], "2022-10-14")
    assert tracked.status == "open"  # never a guessed date
