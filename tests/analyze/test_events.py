"""Events, agreements, commitments and completion reports of one document."""

from __future__ import annotations

import pytest

from accord.analyze.document import analyze_document
from accord.models import Document

MIRZIYOYEV = "person:shavkat-mirziyoyev"
JAPAROV = "person:sadyr-japarov"


def _analyse(analyzer, text: str, published: str | None = "2022-06-15", dateline=None):
    doc = Document(
        id="doc-events",
        source="t.txt",
        text=text,
        published=published,
        language="en",
        dateline=dateline,
    )
    return analyze_document(doc, analyzer)


def test_meeting_has_participants_date_place_and_mode(analyzer):
    analysis = _analyse(
        analyzer,
        "President Shavkat Mirziyoyev held talks with Kyrgyz President "
        "Sadyr Japarov in Tashkent on June 14 during Japarov's state visit.",
    )
    [event] = [e for e in analysis.events if e.type == "meeting"]
    assert event.plover == "CONSULT"
    assert set(event.participants) == {MIRZIYOYEV, JAPAROV}
    assert event.source_actor == MIRZIYOYEV and event.target_actor == JAPAROV
    assert (event.date, event.date_precision) == ("2022-06-14", "day")
    assert event.location == "Tashkent"
    assert event.mode == "state visit"
    ev = event.evidence[0]
    assert analysis.sentences[0].text == ev.text and ev.start == 0


def test_relative_date_resolves_against_publication(analyzer):
    analysis = _analyse(
        analyzer,
        "President Sadyr Japarov met President Shavkat Mirziyoyev in Tashkent yesterday.",
        published="2022-06-15",
    )
    [event] = analysis.events
    assert event.date == "2022-06-14"


def test_undated_article_gives_undated_event(analyzer):
    analysis = _analyse(
        analyzer,
        "President Sadyr Japarov met President Shavkat Mirziyoyev in Tashkent yesterday.",
        published=None,
    )
    [event] = analysis.events
    assert event.date is None and event.date_precision is None


def test_one_meeting_over_several_sentences_is_one_event(analyzer):
    analysis = _analyse(
        analyzer,
        (
            "President Shavkat Mirziyoyev held talks with President Sadyr Japarov on June 14. "
            "The talks were first held in limited format. "
            "The conversation then continued in expanded format with the participation of delegations."
        ),
    )
    meetings = [e for e in analysis.events if e.type == "meeting"]
    assert len(meetings) == 1
    assert len(meetings[0].evidence) >= 2
    assert meetings[0].date == "2022-06-14"


def test_past_visit_mentioned_in_passing_is_its_own_dated_event(analyzer):
    analysis = _analyse(
        analyzer,
        (
            "President Sadyr Japarov held talks with President Shavkat Mirziyoyev in Bishkek on "
            "January 26. Japarov recalled Mirziyoyev's visit to Samarkand in May last year."
        ),
        published="2023-01-26",
    )
    dates = sorted((e.date, e.location) for e in analysis.events if e.type == "meeting")
    assert dates == [("2022-05", "Samarkand"), ("2023-01-26", "Bishkek")]


def test_event_named_to_date_another_gives_it_nothing(analyzer):
    # 'the first since the state visit of X': X did not attend the commission's meeting, and
    # the visit is its own event, in January, with its own format.
    analysis = _analyse(
        analyzer,
        "The joint intergovernmental commission of Uzbekistan and Kyrgyzstan held its regular "
        "meeting in Osh on Thursday, the first since the state visit of President Shavkat "
        "Mirziyoyev to Bishkek in January.",
        published="2023-04-20",
    )
    meetings = {e.date: e for e in analysis.events if e.type == "meeting"}
    assert set(meetings) == {"2023-04-20", "2023-01"}
    commission = meetings["2023-04-20"]
    assert MIRZIYOYEV not in commission.participants
    assert commission.location == "Osh" and commission.mode is None
    visit = meetings["2023-01"]
    assert visit.participants == [MIRZIYOYEV] and visit.mode == "state visit"


def test_definite_meeting_noun_continues_the_reported_meeting(analyzer):
    analysis = _analyse(
        analyzer,
        "The joint intergovernmental commission of Uzbekistan and Kyrgyzstan held its regular "
        "meeting in Osh on Thursday.\n\n"
        "The meeting was co-chaired by Uzbek Deputy Prime Minister Bakhrom Turgunov and Deputy "
        "Chairman of the Cabinet of Ministers of Kyrgyzstan Almazbek Usenov.",
        published="2023-04-20",
    )
    [meeting] = [e for e in analysis.events if e.type == "meeting"]
    assert len(meeting.evidence) == 2 and meeting.date == "2023-04-20"
    assert {"person:bakhrom-turgunov", "person:almazbek-usenov"} <= set(meeting.participants)


def test_a_next_meeting_is_not_the_one_reported(analyzer):
    analysis = _analyse(
        analyzer,
        "President Shavkat Mirziyoyev held talks with President Sadyr Japarov on June 14. "
        "The previous meeting was chaired by the prime ministers of Kazakhstan and Tajikistan.",
    )
    meetings = [e for e in analysis.events if e.type == "meeting"]
    assert all(len(m.evidence) == 1 for m in meetings)


@pytest.mark.parametrize(
    "text",
    [
        "President Sadyr Japarov will pay a state visit to Uzbekistan next year.",
        "President Mirziyoyev may visit Osh in the spring.",
        "Uzbekistan and Kyrgyzstan did not sign the agreement on water.",
        "President Mirziyoyev invited Sadyr Japarov to make a state visit to Uzbekistan next year.",
        "The two presidents are expected to meet in Astana.",
        "During the visit, Mirziyoyev and Japarov are expected to sign a treaty and to chair a "
        "meeting of the Supreme Interstate Council.",
    ],
)
def test_future_possible_and_negated_events_are_not_past_events(analyzer, text):
    analysis = _analyse(analyzer, text)
    assert not [e for e in analysis.events if e.type in ("meeting", "agreement_signing")]


@pytest.mark.parametrize(
    "talk",
    [
        "The presidents discussed topical issues of bilateral cooperation, including trade.",
        "They reviewed the state of cooperation between Uzbekistan and Kyrgyzstan.",
        "The parties also reviewed preparations for launching the textile cluster in "
        "Jalal-Abad and the work of the Uzbek-Kyrgyz Development Fund.",
    ],
)
def test_talk_about_cooperation_is_no_cooperation_event(analyzer, talk):
    """What a meeting discussed or prepared is the meeting's content, not an event."""
    analysis = _analyse(
        analyzer,
        f"President Shavkat Mirziyoyev held a phone conversation with President Sadyr "
        f"Japarov on June 14. {talk}",
    )
    assert [e.type for e in analysis.events] == ["meeting"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kyrgyzstan handed a note of protest to Uzbekistan's ambassador on Monday.", "protest"),
        ("Mirziyoyev sent a message of congratulations to Japarov on June 14.", "congratulation"),
        (
            "Uzbekistan and Kyrgyzstan exchanged the instruments of ratification of the border "
            "treaty on June 14.",
            "agreement_signing",
        ),
    ],
)
def test_an_act_conveyed_by_a_message_is_an_event(analyzer, text, kind):
    analysis = _analyse(analyzer, text)
    assert kind in [e.type for e in analysis.events]


@pytest.mark.parametrize(
    ("text", "aid"),
    [
        ("Uzbekistan financed the construction of a hospital in Osh in June.", True),
        (
            "Japarov said the construction of the hospital in Osh, financed by a grant from "
            "Uzbekistan, was under way.",
            False,
        ),
        ("Japarov visited the Uzbek-funded hospital in Osh in June.", False),
    ],
)
def test_aid_named_as_what_a_thing_is_is_no_aid_event(analyzer, text, aid):
    analysis = _analyse(analyzer, text)
    assert ("aid" in [e.type for e in analysis.events]) is aid


def test_a_meeting_on_the_sidelines_of_a_summit_is_between_those_who_met(analyzer):
    """The summit is its occasion: the summit's host and organisation are not at the
    meeting, and what the article says of the summit is not said of the meeting."""
    analysis = _analyse(
        analyzer,
        "SHUSHA, Azerbaijan — Presidents Shavkat Mirziyoyev and Sadyr Japarov met on Saturday "
        "on the sidelines of the informal summit of the Organization of Turkic States (OTS), "
        "hosted by Azerbaijani President Ilham Aliyev in Shusha.\n\n"
        "The summit, held under the theme of a common future, was attended by the leaders of "
        "Turkey, Kazakhstan and Hungary.",
        published="2024-07-06",
    )
    [meeting] = [e for e in analysis.events if e.type == "meeting"]
    assert set(meeting.participants) == {MIRZIYOYEV, JAPAROV}
    assert (meeting.mode, meeting.occasion, meeting.date) == (
        "sidelines meeting",
        "OTS Summit",
        "2024-07-06",
    )
    assert len(meeting.evidence) == 1


def test_a_place_in_another_events_clause_is_not_this_events(analyzer):
    """Astana is where the treaty was signed, not where the talks were held."""
    analysis = _analyse(
        analyzer,
        "DUSHANBE — Kazakh President Kassym-Jomart Tokayev arrived in Dushanbe on Thursday "
        "for an official visit.\n\nRahmon and Tokayev held talks at the Palace of Nations, "
        "where they reviewed the alliance treaty signed in Astana last year.",
        published="2026-02-20",
    )
    [meeting] = [e for e in analysis.events if e.type == "meeting"]
    [signing] = [e for e in analysis.events if e.type == "agreement_signing"]
    assert (meeting.location, meeting.date, len(meeting.evidence)) == ("Dushanbe", "2026-02-19", 2)
    assert (signing.location, signing.date) == ("Astana", "2025")


def test_a_call_has_no_place(analyzer):
    analysis = _analyse(
        analyzer,
        "President Shavkat Mirziyoyev and President Sadyr Japarov held a telephone conversation "
        "on March 3. The conversation took place in a warm atmosphere in Tashkent.",
        published="2022-03-04",
    )
    [call] = [e for e in analysis.events if e.type == "meeting"]
    assert (call.mode, call.location, len(call.evidence)) == ("phone call", None, 2)


def test_an_invitation_accepted_is_no_visit_yet(analyzer):
    analysis = _analyse(
        analyzer,
        "President Shavkat Mirziyoyev accepted an invitation from President Sadyr Japarov to "
        "visit Bishkek in the spring.",
        published="2022-06-15",
    )
    assert [e for e in analysis.events if e.type == "meeting"] == []


def test_a_planned_event_that_opened_is_reported_done(analyzer):
    analysis = _analyse(
        analyzer,
        "The Days of Uzbek Culture opened in Bishkek yesterday with a concert.",
        published="2022-10-04",
    )
    [done] = analysis.completions
    assert done.date == "2022-10-03"


def test_who_invited_is_the_subject_of_inviting(analyzer):
    """Not the one thanked before it: he is the one invited."""
    analysis = _analyse(
        analyzer,
        "President Sadyr Japarov thanked the Uzbek president and invited him to visit the "
        "Osh region this autumn.",
    )
    [invitation] = analysis.commitments
    assert (invitation.kind, invitation.by) == ("invitation", [JAPAROV])


@pytest.mark.parametrize(
    ("text", "participants"),
    [
        (
            "President Shavkat Mirziyoyev held talks with Gurbanguly Berdimuhamedov, Chairman of "
            "the Halk Maslahaty of Turkmenistan, in Tashkent on June 14.",
            {MIRZIYOYEV, "person:gurbanguly-berdimuhamedow"},
        ),
        (  # nobody named holds the office: the body stands for its chairman
            "President Shavkat Mirziyoyev received the Chairman of the Halk Maslahaty in "
            "Tashkent on June 14.",
            {MIRZIYOYEV, "institution:halk-maslahaty"},
        ),
    ],
)
def test_a_body_in_a_named_persons_title_is_no_participant(analyzer, text, participants):
    [meeting] = [e for e in _analyse(analyzer, text).events if e.type == "meeting"]
    assert set(meeting.participants) == participants


def test_invitation_is_an_event_and_a_commitment(analyzer):
    analysis = _analyse(
        analyzer,
        "President Sadyr Japarov invited Shavkat Mirziyoyev to make a "
        "state visit to Kyrgyzstan next year.",
        published="2022-06-14",
    )
    assert [e.type for e in analysis.events] == ["invitation"]
    [commitment] = analysis.commitments
    assert commitment.kind == "invitation"
    assert commitment.by[0] == JAPAROV
    assert (commitment.made_on, commitment.due, commitment.status) == ("2022-06-14", "2023", "open")


def test_conflict_side_events_are_typed(analyzer):
    analysis = _analyse(
        analyzer,
        (
            "Uzbekistan's Ministry of Water Resources accused Kyrgyzstan of cutting water releases. "
            "Kyrgyzstan rejected the claim. Border guards detained two Kyrgyz shepherds."
        ),
        published="2024-04-12",
    )
    assert {e.plover for e in analysis.events} >= {"ACCUSE", "REJECT"}


def test_agreements_keep_title_kind_status_and_date(analyzer):
    analysis = _analyse(
        analyzer,
        (
            "President Shavkat Mirziyoyev and President Sadyr Japarov signed the Declaration on "
            "Allied Relations in Bishkek on January 26. "
            "The sides will sign a programme of economic cooperation for 2024-2028 next year. "
            "Last year, we signed the Treaty on the State Border."
        ),
        published="2023-01-27",
    )
    found = {a.title: a for a in analysis.agreements}
    declaration = found["Declaration on Allied Relations"]
    assert (declaration.kind, declaration.status, declaration.date) == (
        "declaration",
        "signed",
        "2023-01-26",
    )
    assert set(declaration.parties) >= {MIRZIYOYEV, JAPAROV}
    programme = next(a for t, a in found.items() if t.startswith("programme of economic"))
    assert (programme.kind, programme.status) == ("programme", "planned")
    assert "2024-2028" in programme.title
    treaty = found["Treaty on the State Border"]
    assert (treaty.status, treaty.date) == ("signed", "2022")


def test_commitment_kinds(analyzer):
    analysis = _analyse(
        analyzer,
        (
            "The presidents set the goal of bringing bilateral trade to $5 billion by 2030.\n\n"
            "Days of Uzbek Culture will be held in Kyrgyzstan in October.\n\n"
            "Construction of the railway section is progressing according to schedule.\n\n"
            "Uzbekistan is ready to support Kyrgyzstan's bid to join the WTO."
        ),
        published="2022-06-14",
    )
    kinds = {c.kind: c for c in analysis.commitments}
    assert set(kinds) == {"target", "planned_event", "project", "support"}
    assert kinds["target"].due == "2030"
    assert kinds["planned_event"].due == "2022-10"
    assert all(c.status == "open" and c.evidence for c in analysis.commitments)


def test_completion_reports(analyzer):
    analysis = _analyse(
        analyzer,
        (
            "The Days of Uzbek Culture took place successfully in Bishkek.\n\n"
            "The new hospital in Osh has opened.\n\n"
            "The railway section is now operating on a regular schedule.\n\n"
            "The bridge will be opened next year."
        ),
        published="2023-05-19",
    )
    texts = [c.text for c in analysis.completions]
    assert len(texts) == 3
    assert not any("bridge" in t for t in texts)


def test_event_evidence_offsets_slice_the_text(corpus_docs, corpus_analyses):
    for name, analysis in corpus_analyses.items():
        text = corpus_docs[name].text
        items = [
            *analysis.events,
            *analysis.agreements,
            *analysis.commitments,
            *analysis.figures,
            *analysis.quotes,
            *analysis.completions,
        ]
        for item in items:
            for ev in item.evidence:
                assert text[ev.start : ev.end] == ev.text, (name, item.id)


def test_corpus_meetings_found_in_every_report(corpus_analyses):
    """Each document reporting a gold meeting has a meeting event with the gold's date."""
    import json

    from tests.conftest import GOLD

    gold = json.loads((GOLD / "events.json").read_text(encoding="utf-8"))
    expected = found = 0
    for event in gold:
        if event["type"] != "meeting" or event.get("status") != "occurred":
            continue
        for report in event["reported_in"]:
            if report.get("mention") in ("planned", "possible", "negated"):
                continue
            analysis = corpus_analyses[report["doc"]]
            expected += 1
            found += any(
                e.type == "meeting" and _compatible(e.date, event["date"]) for e in analysis.events
            )
    assert expected >= 20
    assert found / expected >= 0.8, f"{found}/{expected} meeting reports found with their date"


def _compatible(predicted: str | None, gold: str | None) -> bool:
    """As precise as the document allows: a month for 'in June', nothing in an undated text."""
    if gold is None or predicted is None:
        return predicted is None or gold is None
    return gold.startswith(predicted)


def test_speech_block_mentioning_an_earlier_visit(corpus_analyses):
    """'my state visit to Tashkent in June last year', said in a 2023 speech, dates that visit."""
    analysis = corpus_analyses["2023-01-26-kyrgyz-presidential-press-service-talks-bishkek.html"]
    meetings = {(e.date, e.location) for e in analysis.events if e.type == "meeting"}
    assert ("2022-06", "Tashkent") in meetings
    assert any(d == "2023-01-26" for d, _ in meetings)


def test_figures_know_which_countries_they_are_about(analyzer):
    analysis = _analyse(
        analyzer,
        "President Shavkat Mirziyoyev held talks with Kyrgyz President Sadyr Japarov in "
        "Tashkent on June 14.\n\n"
        "Bilateral trade reached $1.2 billion last year, the Kyrgyz side said.\n\n"
        "Trade between Uzbekistan and Kazakhstan amounted to $4 billion in 2021.",
    )
    between = {f.value: f.between for f in analysis.figures}
    # "bilateral" and a lone speaker's country: the relationship the article reports
    assert between[1.2e9] == ["country:KGZ", "country:UZB"]
    assert between[4e9] == ["country:KAZ", "country:UZB"]  # named in the sentence


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "The sides agreed to increase the transit of natural gas across the territory "
            "of Uzbekistan to Kyrgyzstan.",
            "project",
        ),
        (
            "The presidents agreed that their governments should draw up a new programme of "
            "economic cooperation for the medium term.",
            "document",
        ),
        ("The ministers agreed to convene the joint working group in May.", "planned_event"),
        ("Emomali Rahmon will pay a state visit to Kazakhstan on March 4-5.", "planned_event"),
        (
            "President Mirziyoyev will make an official visit to Bishkek next month.",
            "planned_event",
        ),
    ],
)
def test_what_the_sides_agreed_to_do_is_a_commitment(analyzer, sentence, kind):
    analysis = _analyse(analyzer, sentence)
    [commitment] = analysis.commitments
    assert commitment.kind == kind


def test_what_the_sides_did_not_agree_to_do_is_no_commitment(analyzer):
    analysis = _analyse(analyzer, "The sides did not agree to increase gas transit.")
    assert analysis.commitments == []


def test_an_increase_already_reported_is_a_completion(analyzer):
    analysis = _analyse(
        analyzer, "The transit of natural gas to Kyrgyzstan had already increased, he said."
    )
    [completion] = analysis.completions
    assert "already increased" in completion.text


def test_a_completion_is_not_dated_by_another_clause(analyzer):
    # June dates the signing of the documents, not the increase.
    analysis = _analyse(
        analyzer,
        "Mirziyoyev noted that implementation of the documents signed in Tashkent in June was "
        "proceeding well and that the transit of natural gas had already increased.",
        published="2022-10-14",
    )
    [completion] = analysis.completions
    assert completion.date is None


def test_a_completion_takes_the_date_of_its_own_clause(analyzer):
    analysis = _analyse(
        analyzer, "The hospital in Osh was opened on May 18.", published="2023-05-19"
    )
    [completion] = analysis.completions
    assert completion.date == "2023-05-18"


def test_what_happens_at_a_dated_meeting_takes_its_date_despite_other_clauses_times(analyzer):
    # 'next year' dates the visit asked for, 'a week ago' the festival's end: neither dates
    # the invitation or the praise, which happened at the meeting the readout reports.
    analysis = _analyse(
        analyzer,
        "President Shavkat Mirziyoyev held talks with President Sadyr Japarov in Tashkent on "
        "June 14.\n\n"
        "Japarov invited Mirziyoyev to make a state visit to Kyrgyzstan next year.\n\n"
        "Mirziyoyev praised the Days of Kyrgyz Culture, which ended a week ago.",
    )
    dates = {e.type: e.date for e in analysis.events}
    assert dates["invitation"] == "2022-06-14" and dates["praise"] == "2022-06-14"


@pytest.mark.parametrize(
    ("text", "happened"),
    [
        ("Mirziyoyev and Japarov are expected to sign a declaration and to exchange "
         "instruments of ratification of the border treaty.", False),
        ("Mirziyoyev and Japarov will sign a declaration and exchange instruments of "
         "ratification of the border treaty.", False),
        ("Mirziyoyev and Japarov did not sign the declaration and exchanged instruments of "
         "ratification of the border treaty.", True),
    ],
)  # fmt: skip
def test_a_base_form_conjunct_shares_the_plan_of_the_first(analyzer, text, happened):
    analysis = _analyse(analyzer, text, published="2023-01-24")
    assert bool([e for e in analysis.events if e.type == "agreement_signing"]) == happened


def test_a_speakers_own_past_visit_has_the_speaker_and_stays_apart_from_the_reported_talks(
    analyzer,
):
    analysis = _analyse(
        analyzer,
        "President Sadyr Japarov held talks with President Shavkat Mirziyoyev in Bishkek on "
        "January 26.\n\n"
        "Opening the talks, President Sadyr Japarov said:\n\n"
        "- I recall with great warmth my state visit to Tashkent in June last year.\n\n"
        "Following the negotiations, the presidents signed a joint statement.",
        published="2023-01-26",
    )
    meetings = {e.date: e for e in analysis.events if e.type == "meeting"}
    assert set(meetings) == {"2023-01-26", "2022-06"}
    assert JAPAROV in meetings["2022-06"].participants  # 'my visit', said by Japarov
    talks = meetings["2023-01-26"]
    assert any(ev.text.startswith("Following the negotiations") for ev in talks.evidence)


def test_a_visit_recalled_in_a_quote_takes_no_date_from_the_one_before_it(analyzer):
    analysis = _analyse(
        analyzer,
        "President Sadyr Japarov said:\n\n"
        "- I recall with great warmth my state visit to Tashkent in June last year and my "
        "visit to Samarkand and Bukhara, where I saw the changes taking place in Uzbekistan.",
        published="2023-01-26",
    )
    dates = {e.location: e.date for e in analysis.events if e.type == "meeting"}
    assert dates == {"Tashkent": "2022-06", "Samarkand": None}
