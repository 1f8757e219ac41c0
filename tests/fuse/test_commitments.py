"""Commitment tracking: later reports fulfil earlier commitments, with the reason."""

from __future__ import annotations

import json

from accord.analyze.reference import load_reference
from accord.fuse.commitments import Clustering, Parties, fuse_commitments, statement_order, track
from accord.models import Agreement, Commitment, Event, Evidence, Figure


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


def _done(event_id: str, text: str, day: str, kind: str = "completion") -> Event:
    return Event(
        id=event_id,
        type=kind,
        plover="COOPERATE",
        date=day,
        date_precision="day",
        summary=text,
        evidence=_evidence(f"doc-{event_id}", text),
    )


def _plan(text: str, kind: str = "planned_event") -> Commitment:
    return Commitment(
        id="com-plan",
        text=text,
        made_on="2022-06-14",
        kind=kind,
        evidence=_evidence("doc-june", text),
    )


def test_the_culture_days_of_one_country_are_not_done_by_the_others():
    kyrgyz = _plan("The two countries plan to hold Days of Kyrgyz Culture in Uzbekistan.")
    uzbek_days = _done(
        "done-uz", "The Days of Uzbek Culture took place successfully in Bishkek and Osh.",
        "2022-10-05",
    )  # fmt: skip
    [tracked] = track([kyrgyz], [uzbek_days], [], [], "2022-12-31")
    assert tracked.status == "open"
    kyrgyz_days = _done(
        "done-kg", "The Days of Kyrgyz Culture in Uzbekistan took place in Tashkent.", "2023-05-02"
    )
    [tracked] = track([kyrgyz], [uzbek_days, kyrgyz_days], [], [], "2023-12-31")
    assert tracked.fulfilled_by == ["done-kg"]


def test_sharing_only_place_names_shows_nothing_done():
    hospital = _plan("A hospital financed by Uzbekistan is being built in Osh.", kind="project")
    festival = _done("done-fest", "A festival of Uzbekistan took place in Osh.", "2022-10-05")
    [tracked] = track([hospital], [festival], [], [], "2022-12-31")
    assert tracked.status == "open"


def test_the_first_report_showing_it_done_fulfils_it():
    railway = _plan(
        "Construction of the Kara-Suu – Andijan railway section is progressing on schedule.",
        kind="project",
    )
    later = _done(
        "done-later",
        "The Kara-Suu – Andijan railway section is now operating; construction ended on schedule.",
        "2024-10-15",
    )  # a closer match, but later
    launch = _done(
        "evt-launch", "The presidents launched the Kara-Suu – Andijan railway section.",
        "2024-09-27", kind="cooperation",
    )  # fmt: skip
    [tracked] = track([railway], [later, launch], [], [], "2024-12-31")
    assert tracked.fulfilled_by == ["evt-launch"] and "2024-09-27" in tracked.reason


def test_a_document_to_sign_links_the_signing_that_reported_it():
    sentence = "The presidents signed the Programme of Economic Cooperation for 2022-2026."
    plan = _plan("They should draw up a new programme of economic cooperation.", kind="document")
    plan = plan.model_copy(update={"made_on": "2022-03-03"})
    programme = Agreement(
        id="agr-1",
        title="Programme of Economic Cooperation for 2022-2026",
        date="2022-06-14",
        status="signed",
        evidence=_evidence("doc-signing", sentence),
    )
    signing = _done("signing", sentence, "2022-06-14", kind="agreement_signing")
    signing = signing.model_copy(update={"evidence": _evidence("doc-signing", sentence)})
    [tracked] = track([plan], [signing], [programme], [], "2022-12-31")
    assert tracked.status == "fulfilled" and tracked.fulfilled_by == ["signing"]


def _target(cid: str, by: list[str], made_on: str) -> Commitment:
    text = "The leaders agreed to raise annual trade to $5 billion by 2027."
    return Commitment(
        id=cid, text=text, made_on=made_on, kind="target", due="2027", by=by,
        evidence=_evidence(f"doc-{cid}", text),
    )  # fmt: skip


def test_the_same_target_set_by_other_countries_is_another_commitment():
    parties = Parties(load_reference(None))
    uzb_kgz = _target("c1", ["person:shavkat-mirziyoyev", "person:sadyr-japarov"], "2022-06-14")
    uzb_kaz = _target("c2", ["country:UZB", "country:KAZ"], "2022-07-01")
    fused = fuse_commitments([uzb_kgz, uzb_kaz], parties)
    assert sorted(c.id for c in fused) == ["c1", "c2"]


def test_one_side_restating_what_both_committed_to_is_the_same_commitment():
    parties = Parties(load_reference(None))
    both = _target("c1", ["person:shavkat-mirziyoyev", "person:sadyr-japarov"], "2022-06-14")
    one = _target("c2", ["institution:cabinet:KGZ"], "2022-06-15")
    nobody = _target("c3", [], "2022-06-16")
    [fused] = fuse_commitments([both, one, nobody], parties)
    assert fused.id == "c1" and len(fused.evidence) == 3


def _said(cid: str, text: str, made_on: str) -> Commitment:
    return Commitment(
        id=cid, text=text, made_on=made_on, kind="target", due="2030",
        by=["country:UZB", "country:KGZ"], evidence=_evidence(f"doc-{cid}", text),
    )  # fmt: skip


def test_targets_of_other_amounts_are_other_commitments_and_the_later_supersedes():
    parties = Parties(load_reference(None))
    five = _said(
        "c5", "The leaders agreed to raise annual trade to $5 billion by 2030.", "2022-06-14"
    )
    seven = _said(
        "c7", "The leaders agreed to raise annual trade to $7 billion by 2030.", "2023-03-01"
    )
    fused = fuse_commitments([five, seven], parties)
    assert sorted(c.id for c in fused) == ["c5", "c7"]
    statuses = {c.id: c.status for c in track(fused, [], [], [], "2023-06-01")}
    assert statuses == {"c5": "superseded", "c7": "open"}


def test_the_same_target_in_other_words_is_one_commitment_and_not_superseded():
    parties = Parties(load_reference(None))
    first = _said(
        "c1",
        "The two presidents set the goal of bringing bilateral trade to $5 billion by 2030.",
        "2023-01-26",
    )
    again = _said(
        "c2",
        "Mirziyoyev said the target now is to bring bilateral trade to 5 billion dollars by 2030.",
        "2023-01-27",
    )
    [fused] = fuse_commitments([first, again], parties)
    assert len(fused.evidence) == 2
    apart = track([first, again], [], [], [], "2023-06-01")  # as two, neither replaces the other
    assert [c.status for c in apart] == ["open", "open"]


def test_a_target_of_one_pair_is_not_replaced_by_another_pairs_target():
    uzb_kgz = _said(
        "c5", "The leaders agreed to raise annual trade to $5 billion by 2030.", "2022-06-14"
    )
    kaz_tjk = _said(
        "c7", "The leaders agreed to raise annual trade to $7 billion by 2030.", "2023-03-01"
    ).model_copy(update={"by": ["country:KAZ", "country:TJK"]})
    statuses = {c.id: c.status for c in track([uzb_kgz, kaz_tjk], [], [], [], "2023-06-01")}
    assert statuses == {"c5": "open", "c7": "open"}


def test_a_target_whose_makers_are_unknown_is_of_the_countries_it_names():
    mongolia = _said(
        "c1",
        "The minister said Kazakhstan and Mongolia aim to double bilateral trade by 2030.",
        "2025-06-19",
    ).model_copy(update={"by": ["person:someone-unknown"]})
    tajik = _said(
        "c2", "The commission set the goal to double bilateral trade by 2030.", "2025-10-14"
    ).model_copy(update={"by": ["institution:intergovernmental-commission:KAZ-TJK"]})
    statuses = {c.id: c.status for c in track([mongolia, tajik], [], [], [], "2025-11-01")}
    assert statuses == {"c1": "open", "c2": "open"}


GOAL = "The presidents agreed to bring trade to $1.5 billion by 2027."


def _goal_and_figures(*reached: tuple[str, float, str, list[str]]) -> tuple[Commitment, list]:
    goal = Commitment(
        id="com-goal", text=GOAL, made_on="2025-03-05", kind="target", due="2027",
        by=["country:KAZ", "country:TJK"], evidence=_evidence("doc-goal", GOAL),
    )  # fmt: skip
    figures = [
        Figure(
            id="fig-goal", indicator="trade turnover", value=1.5e9, unit="USD", period="2027",
            target=True, between=["country:KAZ", "country:TJK"],
            evidence=_evidence("doc-goal", GOAL),
        )
    ]  # fmt: skip
    for number, (period, value, text, between) in enumerate(reached):
        figures.append(
            Figure(
                id=f"fig-{number}", indicator="trade turnover", value=value, unit="USD",
                period=period, between=between, evidence=_evidence(f"doc-{number}", text),
            )
        )  # fmt: skip
    return goal, figures


def test_a_target_is_met_by_the_trade_of_its_own_pair_only():
    goal, figures = _goal_and_figures(
        ("2026", 5e9, "Trade between Kazakhstan and Uzbekistan reached $5 billion in 2026.",
         ["country:KAZ", "country:UZB"]),
    )  # fmt: skip
    [tracked] = track([goal], [], [], figures, "2027-02-01")
    assert tracked.status == "open"


def test_a_target_is_met_by_the_figure_of_the_year_it_was_set_in():
    goal, figures = _goal_and_figures(
        ("2025", 1.8e9, "Trade between Kazakhstan and Tajikistan reached $1.8 billion in 2025.",
         ["country:KAZ", "country:TJK"]),
    )  # fmt: skip
    [tracked] = track([goal], [], [], figures, "2026-02-01")
    assert tracked.status == "fulfilled" and "1,800,000,000 in 2025" in tracked.reason
    earlier, figures = _goal_and_figures(
        ("2024", 1.8e9, "Trade between Kazakhstan and Tajikistan reached $1.8 billion in 2024.",
         ["country:KAZ", "country:TJK"]),
    )  # fmt: skip
    [tracked] = track([earlier], [], [], figures, "2026-02-01")
    assert tracked.status == "open"  # a year before the target was set shows nothing


def test_a_target_given_without_sentences_is_read_through_the_figures_they_state():
    """As a knowledge base gives them: evidence stored apart, and for each target the ids
    of the figures its sentences state."""
    goal, figures = _goal_and_figures(
        ("2025", 1.8e9, "Trade between Kazakhstan and Tajikistan reached $1.8 billion in 2025.",
         ["country:KAZ", "country:TJK"]),
    )  # fmt: skip
    bare_goal = goal.model_copy(update={"evidence": []})
    bare = [f.model_copy(update={"evidence": []}) for f in figures]
    stated = {"com-goal": {"fig-goal"}}
    [tracked] = track([bare_goal], [], [], bare, "2026-02-01", stated=stated)
    assert tracked.status == "fulfilled" and "1,800,000,000 in 2025" in tracked.reason
    [unread] = track([bare_goal], [], [], bare, "2026-02-01", stated={})
    assert unread.status == "open"  # no figure of its own: nothing to compare with


def test_clustering_resumed_from_a_checkpoint_ends_where_one_pass_ends():
    """An update resumes a block's clustering from a checkpoint (clusters without their
    evidence, which the caller brings back); adding the later statements then gives what
    clustering every statement in one pass gives."""
    parties = Parties(load_reference(None))
    texts = [
        "The leaders agreed to raise annual trade to $5 billion by 2030.",
        "The leaders agreed to raise annual trade to $7 billion by 2030.",
        "Mirziyoyev said the target is to bring bilateral trade to 5 billion dollars by 2030.",
        "The sides agreed to raise annual trade to $5 billion by 2030 through new projects.",
        "The leaders agreed to raise annual trade to $7 billion by 2030, officials said.",
    ]
    makers = [["country:UZB", "country:KGZ"], ["person:sadyr-japarov"], ["country:UZB"]]
    statements = sorted(
        (
            _said(
                f"c{(5, 6, 1, 2, 7, 9, 8, 3, 4)[n]}",
                texts[n % len(texts)],
                f"2023-0{1 + n // 3}-1{n % 3}",
            ).model_copy(update={"by": makers[n % 3], "due": "2030-12" if n % 4 == 3 else "2030"})
            for n in range(9)
        ),
        key=statement_order,
    )
    whole = Clustering(parties)
    for n, statement in enumerate(statements):
        if n == 5:
            checkpoint = json.loads(json.dumps(whole.checkpoint()))
            evidence = [list(c.evidence) for c in whole.results()]
        whole.add(statement)
    resumed = Clustering.resumed(parties, checkpoint, evidence)
    for statement in statements[5:]:
        resumed.add(statement)
    assert resumed.results() == whole.results()
    # a cluster of the checkpoint took later statements
    assert any(len(r.evidence) > len(e) for r, e in zip(whole.results(), evidence, strict=False))
