"""Actors: who is mentioned, and which real actor each mention is."""

from __future__ import annotations

import json
import re

import pytest

from accord.analyze.document import Analyzer, analyze_document
from accord.analyze.nlp import ModelUnavailableWarning
from accord.models import Document
from accord.settings import Settings
from tests.conftest import GOLD


def _doc(text: str, published: str | None = "2024-07-06", authors: list[str] | None = None):
    return Document(
        id="doc-test",
        source="test.txt",
        text=text,
        published=published,
        authors=authors or [],
        language="en",
    )


def _actor_of(analysis, surface: str) -> str | None:
    found = [m.actor for m in analysis.mentions if m.text == surface]
    assert found, f"no mention {surface!r} in {[m.text for m in analysis.mentions]}"
    return found[0]


@pytest.fixture(scope="module")
def gold_actors():
    return json.loads((GOLD / "actors.json").read_text(encoding="utf-8"))


def test_gold_people_resolve_to_their_actor(corpus_docs, corpus_analyses, gold_actors):
    """Every occurrence of a gold person's alias is covered by a mention of that person."""
    people = {f"person:{a['key']}": a for a in gold_actors["actors"] if a["kind"] == "person"}
    found = expected = 0
    missed, wrong = [], []
    for name, analysis in corpus_analyses.items():
        text = corpus_docs[name].text
        for person_id, gold in people.items():
            for alias in {_TITLE.sub("", a) for a in gold["aliases"]}:
                for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                    if _inside_longer_alias(text, match, people):
                        continue  # part of a longer name, counted on its own
                    covering = {
                        m.actor
                        for m in analysis.mentions
                        if m.start <= match.start() and m.end >= match.end()
                    }
                    expected += 1
                    found += person_id in covering
                    if person_id not in covering:
                        missed.append((name, alias))
                    wrong += [(name, alias, a) for a in covering if a in people and a != person_id]
    assert not wrong, f"mentions resolved to the wrong person: {wrong}"
    assert expected > 60
    assert found / expected >= 0.95, f"alias recall {found}/{expected}, missed {missed}"


_TITLE = re.compile(r"^(?:President|Foreign Minister|Minister|Mr\.?|Ambassador)\s+")


def _inside_longer_alias(text, match, people) -> bool:
    aliases = {a for gold in people.values() for a in gold["aliases"]}
    for alias in aliases:
        if len(alias) <= len(match.group(0)) or match.group(0) not in alias:
            continue
        for longer in re.finditer(re.escape(alias), text):
            if longer.start() <= match.start() and longer.end() >= match.end():
                return True
    return False


def test_never_actor_names_are_not_actors(corpus_analyses, gold_actors):
    banned = {n.lower() for n in gold_actors["never_actor"]}
    for name, analysis in corpus_analyses.items():
        for actor in analysis.actors:
            names = {actor.name.lower(), *(a.lower() for a in actor.aliases)}
            assert not names & banned, f"{name}: {actor.id} is a byline, outlet or namesake"


def test_facilities_named_after_people_are_not_people(corpus_analyses, gold_actors):
    for name, analysis in corpus_analyses.items():
        people_aliases = {
            a.lower() for actor in analysis.actors if actor.kind == "person" for a in actor.aliases
        }
        for facility in gold_actors["not_person"]:
            assert facility.lower() not in people_aliases, (name, facility)


def test_father_and_son_stay_two_people(corpus_analyses):
    analysis = corpus_analyses["2024-07-06-turkic-world-review-ots-shusha-sidelines.txt"]
    ids = {a.id for a in analysis.actors}
    assert {"person:gurbanguly-berdimuhamedow", "person:serdar-berdimuhamedow"} <= ids
    father = next(a for a in analysis.actors if a.id == "person:gurbanguly-berdimuhamedow")
    assert "Serdar Berdimuhamedow" not in father.aliases


def test_spelling_variants_are_one_person(corpus_analyses):
    seen = {}
    for analysis in corpus_analyses.values():
        for mention in analysis.mentions:
            seen.setdefault(mention.text, set()).add(mention.actor)
    assert seen["Sadyr Zhaparov"] == seen["Sadyr Dzhaparov"] == {"person:sadyr-japarov"}
    assert seen["Садыр Жапаров"] == {"person:sadyr-japarov"}
    assert seen["Mirziyaev"] == {"person:shavkat-mirziyoyev"}
    assert seen["Kassym-Jomart Toqayev"] == seen["Kassym-Jomart Tokayev"]


def test_forms_of_address_resolve_to_the_person(corpus_analyses):
    seen = {m.text: m.actor for a in corpus_analyses.values() for m in a.mentions}
    assert seen["Sadyr Nurgozhoevich"] == "person:sadyr-japarov"
    assert seen["Shavkat Miromonovich"] == "person:shavkat-mirziyoyev"


def test_surname_shared_by_two_people_refers_back_to_the_one_introduced(corpus_analyses):
    analysis = corpus_analyses["2023-01-27-bishkek-courier-allied-relations-declaration.txt"]
    japarov = [m for m in analysis.mentions if m.text == "Japarov"]
    assert japarov and all(m.actor == "person:sadyr-japarov" for m in japarov)
    assert "person:akylbek-japarov" in {a.id for a in analysis.actors}


def test_naming_variants_of_one_body_merge(corpus_analyses):
    forms = {
        "joint intergovernmental commission",
        "Intergovernmental Commission on Economic Cooperation",
        "Kyrgyz-Uzbek Intergovernmental Commission",
    }
    ids = {m.actor for a in corpus_analyses.values() for m in a.mentions if m.text in forms}
    assert ids == {"institution:intergovernmental-commission:KGZ-UZB"}


def test_role_only_reference_resolves_to_the_role_holder(analyzer):
    analysis = analyze_document(
        _doc(
            "President Sadyr Japarov met President of Uzbekistan Shavkat Mirziyoyev in Tashkent. "
            "The Kyrgyz leader thanked his host."
        ),
        analyzer,
    )
    assert _actor_of(analysis, "The Kyrgyz leader") == "person:sadyr-japarov"


def test_role_resolves_by_date_from_office_holders(analyzer):
    analysis = analyze_document(
        _doc("The Turkmen president sent greetings.", published="2023-05-01"), analyzer
    )
    assert _actor_of(analysis, "The Turkmen president") == "person:serdar-berdimuhamedow"


def test_bare_shared_surname_without_context_stays_unresolved(analyzer):
    analysis = analyze_document(
        _doc(
            "Gurbanguly Berdimuhamedow and Serdar Berdimuhamedow attended. Later, Berdimuhamedow "
            "spoke to reporters."
        ),
        analyzer,
    )
    bare = [m for m in analysis.mentions if m.text == "Berdimuhamedow"]
    assert bare and all(m.actor is None for m in bare)


def test_title_decides_between_father_and_son(analyzer):
    analysis = analyze_document(
        _doc(
            "Gurbanguly Berdimuhamedow and Serdar Berdimuhamedow attended. Later, President "
            "Berdimuhamedow spoke to reporters."
        ),
        analyzer,
    )
    bare = [m for m in analysis.mentions if m.text == "Berdimuhamedow"]
    assert [m.actor for m in bare] == ["person:serdar-berdimuhamedow"]


def test_facility_named_after_person_is_a_facility(analyzer):
    analysis = analyze_document(
        _doc(
            "The delegation landed at John F. Kennedy International Airport and visited a school "
            "named after Chingiz Aitmatov."
        ),
        analyzer,
    )
    kinds = {m.text: m.kind for m in analysis.mentions}
    assert kinds["John F. Kennedy International Airport"] == "facility"
    assert kinds["school named after Chingiz Aitmatov"] == "facility"
    assert not [a for a in analysis.actors if a.kind == "person"]


def test_byline_authors_are_never_actors(analyzer):
    analysis = analyze_document(
        _doc(
            "Aziz Karimov reports that President Japarov arrived. Karimov added details.",
            authors=["Aziz Karimov"],
        ),
        analyzer,
    )
    assert {a.id for a in analysis.actors if a.kind == "person"} == {"person:sadyr-japarov"}


def test_roles_learned_from_text_carry_the_country(analyzer):
    analysis = analyze_document(
        _doc("Uzbek Deputy Prime Minister Bakhrom Turgunov chaired the session."), analyzer
    )
    person = next(a for a in analysis.actors if a.kind == "person")
    assert person.name == "Bakhrom Turgunov"
    assert [(r.title, r.country) for r in person.roles] == [("Deputy Prime Minister", "UZB")]


def test_a_hyphenated_first_name_in_a_mixed_spelling_is_one_name(analyzer):
    """'Kassym-Zhomart Toqayev' mixes two romanisations: one person, the known one."""
    analysis = analyze_document(
        _doc("Kazakh President Kassym-Zhomart Toqayev received the delegation."), analyzer
    )
    people = [(m.text, m.actor) for m in analysis.mentions if m.kind == "person"]
    assert people == [("Kassym-Zhomart Toqayev", "person:kassym-jomart-tokayev")]


def test_a_name_with_an_article_is_no_person(analyzer):
    analysis = analyze_document(
        _doc("President Sadyr Japarov and his guest met in the Akorda on Wednesday."), analyzer
    )
    assert [m.text for m in analysis.mentions if m.kind == "person"] == ["Sadyr Japarov"]


def test_title_with_an_official_country_name_carries_the_country(analyzer):
    analysis = analyze_document(
        _doc("Talks were held with President of the Republic of Uzbekistan Shavkat Mirziyoyev."),
        analyzer,
    )
    person = next(a for a in analysis.actors if a.kind == "person")
    assert ("President", "UZB") in [(r.title, r.country) for r in person.roles]


def test_the_heads_of_state_are_the_two_presidents_even_one_named_without_title(analyzer):
    # The guest is named bare; the office-holder table says he was president that day.
    analysis = analyze_document(
        _doc(
            "President Sadyr Japarov welcomed Shavkat Mirziyoyev at the residence. "
            "Following the negotiations, the heads of state signed a joint statement.",
            published="2023-01-26",
        ),
        analyzer,
    )
    group = {m.actor for m in analysis.mentions if m.text == "the heads of state"}
    assert group == {"person:sadyr-japarov", "person:shavkat-mirziyoyev"}


def test_countries_demonyms_and_renamed_capitals(analyzer):
    analysis = analyze_document(
        _doc("Kyrgyz and Tajik officials met in Nur-Sultan, then flew to Kiev."), analyzer
    )
    actors = {m.text: m.actor for m in analysis.mentions}
    assert actors["Kyrgyz"] == "country:KGZ"
    assert actors["Tajik"] == "country:TJK"
    assert actors["Nur-Sultan"] == "place:astana"
    assert actors["Kiev"] == "place:kyiv"


def test_rules_only_pipeline_warns_and_still_finds_known_actors():
    with pytest.warns(ModelUnavailableWarning):
        rules = Analyzer.from_settings(
            Settings.resolve({"spacy_model": "no_such_model_xyz"}, environ={})
        )
    assert rules.degraded
    analysis = analyze_document(
        _doc(
            "President Mirziyoyev met Kyrgyz President Sadyr Japarov in Tashkent.\n\nThey talked."
        ),
        rules,
    )
    ids = {a.id for a in analysis.actors}
    assert {
        "person:shavkat-mirziyoyev",
        "person:sadyr-japarov",
        "country:KGZ",
        "place:tashkent",
    } <= ids
    assert analysis.degraded
    assert [s.paragraph for s in analysis.sentences] == [0, 1]
