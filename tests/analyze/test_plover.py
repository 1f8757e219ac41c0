"""The built-in PLOVER coder on hand-written sentences in the style of diplomatic news."""

from __future__ import annotations

import pytest

from accord.analyze import plover_lexicon as lexicon
from accord.analyze.nlp import load_pipeline
from accord.analyze.plover import (
    PLOVER_TYPES,
    BuiltinCoder,
    CodedEvent,
    CoderUnavailable,
    code_span,
    event_of_type,
)
from accord.settings import DEFAULT_MODEL

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(DEFAULT_MODEL)[0]


@pytest.fixture(scope="module")
def coder(nlp) -> BuiltinCoder:
    return BuiltinCoder(nlp)


def first(coder: BuiltinCoder, sentence: str) -> CodedEvent:
    events = coder.code([sentence])[0]
    assert events, f"no event in {sentence!r}"
    return events[0]


@pytest.mark.parametrize(
    ("sentence", "plover", "source", "target"),
    [
        ("Uzbekistan and Kyrgyzstan signed a treaty on the state border.", "SUPPORT",
         "Uzbekistan and Kyrgyzstan", None),
        ("The ministry accused Tashkent of diverting water from the Syr Darya.", "ACCUSE",
         "ministry", "Tashkent"),
        ("Protesters rallied outside the Chinese embassy in Bishkek.", "PROTEST",
         "Protesters", None),
        ("Foreign ministers of the two countries held talks in Astana.", "CONSULT",
         "Foreign ministers of the two countries", None),
        ("The United States imposed sanctions on three Kyrgyz banks.", "COERCE",
         "United States", "three Kyrgyz banks"),
        ("Germany suspended development aid to Niger.", "SANCTION", "Germany", "Niger"),
        ("Police arrested dozens of opposition activists in Minsk.", "COERCE", "Police",
         "dozens of opposition activists"),
        ("Azerbaijan urged Armenia to withdraw its troops from the border.", "REQUEST",
         "Azerbaijan", "Armenia"),
        ("Russia threatened to cut gas supplies to Moldova.", "THREATEN", "Russia", "Moldova"),
        ("Iran expelled two Azerbaijani diplomats.", "SANCTION", "Iran",
         "two Azerbaijani diplomats"),
        ("The government released twelve detained Kyrgyz journalists.", "YIELD", "government",
         "twelve detained Kyrgyz journalists"),
        ("Teachers in Kazakhstan went on strike over unpaid wages.", "PROTEST",
         "Teachers in Kazakhstan", "unpaid wages"),
        ("Armenia put its army on alert after the shelling near the border.", "MOBILIZE",
         "Armenia", "its army"),
        ("Ukraine and Poland staged joint military exercises near Lviv.", "COOPERATE",
         "Ukraine and Poland", None),
        ("The Taliban rejected the proposal to reopen schools for girls.", "REJECT", "Taliban",
         "proposal"),
        ("The Uzbek president congratulated his Kazakh counterpart on his re-election.",
         "SUPPORT", "Uzbek president", "his Kazakh counterpart"),
    ],
)  # fmt: skip
def test_builtin_type_source_target(coder, sentence, plover, source, target):
    event = first(coder, sentence)
    assert (event.plover, event.source, event.target) == (plover, source, target)
    assert not event.negated and not event.future


def test_builtin_passive_voice_swaps_roles(coder):
    event = first(coder, "A border post was attacked by armed men on Tuesday night.")
    assert (event.plover, event.source, event.target) == ("ASSAULT", "armed men", "border post")


def test_builtin_passive_without_agent_keeps_target(coder):
    event = first(coder, "Minsk was criticised for the migrant crisis.")
    assert (event.plover, event.source, event.target) == ("ACCUSE", None, "Minsk")


def test_builtin_negated_cooperation_is_reject(coder):
    event = first(coder, "Kazakhstan did not sign the joint declaration.")
    assert (event.plover, event.negated, event.trigger) == ("REJECT", True, "sign")
    assert event.source == "Kazakhstan"


def test_builtin_refusal_to_meet(coder):
    event = first(coder, "Turkmenistan refused to meet the delegation from Kabul.")
    assert (event.plover, event.negated) == ("REJECT", False)
    assert (event.source, event.target) == ("Turkmenistan", "delegation from Kabul")


def test_builtin_future_meeting_is_agree_with_flag(coder):
    event = first(coder, "President Mirziyoyev will meet his Tajik counterpart in Dushanbe.")
    assert (event.plover, event.future, event.mode) == ("AGREE", True, "meet")
    assert (event.source, event.target) == ("President Mirziyoyev", "his Tajik counterpart")


def test_builtin_future_conflict_is_threat(coder):
    event = first(coder, "The union said it would impose a blockade on the port.")
    assert (event.plover, event.future) == ("THREATEN", True)


def test_builtin_refusing_to_end_a_strike_is_reject(coder):
    sentence = "Dock workers declared they would not stop their walkout before back pay arrives."
    event = first(coder, sentence)
    assert (event.plover, event.negated) == ("REJECT", True)


def test_builtin_calling_off_a_strike_is_yield(coder):
    assert first(coder, "Dock workers called off the strike on Monday.").plover == "YIELD"


def test_builtin_obligation_is_request(coder):
    event = first(coder, "The minister said Dushanbe must release the detained traders.")
    assert (event.plover, event.source) == ("REQUEST", "Dushanbe")


@pytest.mark.parametrize(
    ("sentence", "mode"),
    [
        ("The prime minister had a telephone conversation with the Uzbek president.", "phone"),
        ("Tajikistan hosted the summit of the Collective Security Treaty Organization.", "host"),
        ("The Kazakh foreign minister visited Ashgabat on Monday.", "visit"),
        ("Israeli jets carried out air strikes on the outskirts of the city.", "airstrike"),
    ],
)
def test_builtin_modes(coder, sentence, mode):
    assert first(coder, sentence).mode == mode


@pytest.mark.parametrize(
    "sentence",
    [
        "The weather in Almaty was sunny on Tuesday.",
        "The report has 40 pages and three annexes.",
        "",
    ],
)
def test_builtin_no_event(coder, sentence):
    assert coder.code([sentence]) == [[]]


def test_builtin_two_coordinated_events(coder):
    events = coder.code(["The two leaders met in Samarkand and signed a memorandum."])[0]
    assert [e.plover for e in events] == ["CONSULT", "SUPPORT"]
    assert all(e.source == "two leaders" for e in events)
    assert events[0].confidence > events[1].confidence


def test_builtin_reporting_verb_is_not_the_event(coder):
    event = first(coder, "Officials said the militants kidnapped two engineers.")
    assert (event.plover, event.source, event.trigger) == ("ASSAULT", "militants", "kidnapped")


def test_builtin_participle_modifier_is_no_event(coder):
    event = first(coder, "Moscow-backed forces shelled the village.")
    assert (event.plover, event.source) == ("ASSAULT", "Moscow-backed forces")


def test_builtin_batch_keeps_order_and_offsets(coder):
    sentences = ["Iran expelled two diplomats.", "Nothing happened.", "Japan praised Seoul."]
    results = coder.code(sentences)
    assert [[e.plover for e in r] for r in results] == [["SANCTION"], [], ["SUPPORT"]]
    event = results[2][0]
    assert sentences[2][slice(*event.trigger_span)] == "praised"
    assert sentences[2][slice(*event.source_span)] == "Japan"


def test_code_span_on_a_sentence_of_a_longer_doc(nlp):
    doc = nlp("Markets were calm. Ankara condemned the raid on the consulate.")
    events = code_span(list(doc.sents)[1])
    assert [(e.plover, e.source) for e in events] == [("ACCUSE", "Ankara")]
    assert doc.text[slice(*events[0].source_span)] == "Ankara"


def test_event_of_type_reuses_roles_of_the_parse(nlp):
    span = nlp("Kabul thanked Tashkent for the new railway.")[:]
    event = event_of_type(span, "COOPERATE", 0.9)
    assert (event.plover, event.source, event.target, event.confidence) == (
        "COOPERATE",
        "Kabul",
        "Tashkent",
        0.9,
    )
    assert event_of_type(span, "SUPPORT", 0.8).mode == "praise"


def test_builtin_needs_a_parser():
    import spacy

    with pytest.raises(CoderUnavailable, match="parser"):
        BuiltinCoder(spacy.blank("en"))


def test_lexicon_types_and_modes_are_plover():
    assert set(lexicon.modes()) <= set(PLOVER_TYPES)
    for table in (lexicon.verbs(), lexicon.nouns(), lexicon.phrases(), lexicon.adjectives()):
        assert {entry.plover for entry in table.values()} <= set(PLOVER_TYPES)
    assert {entry.plover for entry in lexicon.NOUN_MODIFIERS.values()} <= set(PLOVER_TYPES)


def test_lexicon_modes_are_documented():
    documented = lexicon.__doc__.replace("\n", " ")
    for plover, modes in lexicon.modes().items():
        for mode in modes:
            assert mode in documented, (plover, mode)
    assert lexicon.modes()["CONSULT"] == {
        "phone", "visit", "host", "meet", "summit", "negotiate", "mediate"
    }  # fmt: skip
