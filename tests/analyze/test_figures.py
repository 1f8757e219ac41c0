"""Figures: money, percentages, multipliers and counts, with indicator, period and change."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.document import analyze_document
from accord.analyze.figures import find_figures
from accord.analyze.numbers import NUMBER, parse_number
from accord.analyze.sentences import split_sentences
from accord.analyze.timex import find_time_mentions
from accord.analyze.types import FigureMention
from accord.models import Document
from tests.conftest import GOLD

# Quality gate on the example corpus (examples/gold/figures.json). Measured when pinned:
# 40 of 42 gold figures found with the gold value and unit (the two misses are gold
# units "countries and organisations" and "projects" for "project applications");
# qualifier 40/40, change 40/40, period 30/40 (the gold also gives periods taken from
# the event a document reports, outside the figure's sentence).
MIN_FIGURES_FOUND = 0.90
MIN_FIGURES_QUALIFIER = 0.95
MIN_FIGURES_CHANGE = 0.95
MIN_FIGURES_PERIOD = 0.70


def _figures(text: str, published: str | None = "2023-04-20") -> list[FigureMention]:
    sentences = split_sentences(text)
    times = find_time_mentions(text, sentences, published)
    return find_figures(text, sentences, times, published)


def _one(text: str, surface: str, published: str | None = "2023-04-20") -> FigureMention:
    found = [f for f in _figures(text, published) if surface in f.text]
    assert len(found) == 1, f"{surface!r} in {[f.text for f in _figures(text, published)]}"
    return found[0]


# --- numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1,300", 1300), ("1.18", 1.18), ("eight", 8), ("forty", 40), ("forty-two", 42),
        ("three hundred and twenty thousand", 320000), ("a dozen", 12), ("two dozen", 24),
        ("one and a half", 1.5), ("a third", 1 / 3), ("two thirds", 2 / 3),
    ],
)  # fmt: skip
def test_numbers_parse_digits_and_words(written, value):
    match = NUMBER.search(written)
    assert match and match.group(0) == written
    assert parse_number(written) == pytest.approx(value)


@pytest.mark.parametrize(("text", "number"), [("half a million", "half a"),
                                               ("a quarter of a billion", "a quarter of a")])  # fmt: skip
def test_numbers_fraction_of_a_scale_word_stops_before_the_scale(text, number):
    assert NUMBER.search(text).group(0) == number
    assert parse_number(number) == {"half a": 0.5, "a quarter of a": 0.25}[number]


# --- money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit"),
    [
        (
            "The EBRD provided a quarter of a billion euros.",
            "a quarter of a billion euros",
            250e6,
            "EUR",
        ),
        ("Exports reached $3 billion.", "$3 billion", 3e9, "USD"),
        ("Exports reached 3 billion dollars.", "3 billion dollars", 3e9, "USD"),
        ("A loan of US$1.2 bn was approved.", "US$1.2 bn", 1.2e9, "USD"),
        ("Trade amounted to 1.18 billion USD.", "1.18 billion USD", 1.18e9, "USD"),
        ("The bank lent €40m to the city.", "€40m", 40e6, "EUR"),
        ("They paid half a million soums.", "half a million soums", 500e3, "UZS"),
        ("The fee is 500 soms.", "500 soms", 500, "KGS"),
        ("The price rose to 300 roubles and 200 rubles.", "300 roubles", 300, "RUB"),
        ("It costs 100 tenge.", "100 tenge", 100, "KZT"),
        ("It costs 50 million yuan.", "50 million yuan", 50e6, "CNY"),
        ("It costs 20 pounds.", "20 pounds", 20, "GBP"),
        ("He paid $45 for it.", "$45", 45, "USD"),
        ("It was sold for $2025.", "$2025", 2025, "USD"),
    ],
)
def test_figures_money_in_iso_4217(text, surface, value, unit):
    figure = _one(text, surface)
    assert figure.text == surface
    assert (figure.value, figure.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The cost is estimated at $10-12 million.", "$10-12 million"),
        ("The cost is estimated at $10 million to $12 million.", "$10 million to $12 million"),
    ],
)
def test_figures_money_ranges(text, surface):
    figure = _one(text, surface)
    assert figure.text == surface
    assert (figure.value, figure.value_max, figure.unit) == (10e6, 12e6, "USD")
    assert figure.indicator == "project cost"


def test_figures_exact_decimal_values():
    assert _one("Trade reached $1.18 billion.", "$1.18 billion").value == 1180000000.0


# --- percentages, multipliers, counts ---------------------------------------------------


@pytest.mark.parametrize("surface", ["25 percent", "25%", "25 per cent"])
def test_figures_percentages(surface):
    figure = _one(f"The share was {surface} of the total.", surface)
    assert (figure.value, figure.unit) == (25, "percent")


@pytest.mark.parametrize(
    ("phrase", "surface", "value"),
    [
        ("increased threefold", "threefold", 3), ("grown three-fold", "three-fold", 3),
        ("tripled", "tripled", 3), ("doubled", "doubled", 2), ("grown three times", "three times", 3),
    ],
)  # fmt: skip
def test_figures_multipliers(phrase, surface, value):
    figure = _one(f"Trade turnover has {phrase} since 2019.", surface)
    assert (figure.value, figure.unit, figure.change) == (value, "times", "increase")
    assert figure.indicator == "trade turnover"


@pytest.mark.parametrize(
    ("text", "surface", "value", "unit", "qualifier", "indicator"),
    [
        ("It will serve 250,000 residents of Osh.", "250,000 residents", 250000, "people", None, "population"),
        ("The framework comprises more than 40 agreements.", "more than 40 agreements", 40, "agreements", "more than", "agreements signed"),
        ("Following the talks, eight documents were signed.", "eight documents", 8, "documents", None, "documents signed"),
        ("About 1,500 tons of cargo crossed the border.", "About 1,500 tons", 1500, "tons", "about", "cargo"),
        ("The common border runs for 500 km.", "500 km", 500, "km", None, "border length"),
        ("The border runs for some 1,300 kilometres.", "some 1,300 kilometres", 1300, "km", "about", "border length"),
        ("They crossed the 1,300-kilometre frontier.", "1,300-kilometre", 1300, "km", None, "border length"),
        ("The 300-bed hospital opened.", "300-bed", 300, "beds", None, "hospital beds"),
        ("More than 300 artists took part.", "More than 300 artists", 300, "people", "more than", "participants"),
        ("160 joint projects are under way.", "160 joint projects", 160, "projects", None, "joint projects"),
        ("More than 300,000 people live in the border districts.", "More than 300,000 people", 300000, "people", "more than", "population"),
        ("They signed a dozen agreements.", "a dozen agreements", 12, "agreements", None, "agreements signed"),
        ("Trucks spend an average of six hours at the checkpoint.", "six hours", 6, "hours", None, "waiting time"),
    ],
)  # fmt: skip
def test_figures_counts_and_measures(text, surface, value, unit, qualifier, indicator):
    figure = _one(text, surface)
    assert figure.text == surface
    assert (figure.value, figure.unit, figure.qualifier, figure.indicator) == (
        value,
        unit,
        qualifier,
        indicator,
    )


@pytest.mark.parametrize(
    ("prefix", "qualifier"),
    [
        ("over", "more than"), ("more than", "more than"), ("above", "more than"),
        ("exceeding", "more than"), ("in excess of", "more than"), ("about", "about"),
        ("around", "about"), ("approximately", "about"), ("some", "about"),
        ("roughly", "about"), ("nearly", "about"), ("almost", "about"), ("up to", "up to"),
        ("less than", "less than"), ("under", "less than"), ("below", "less than"),
        ("at least", "at least"),
    ],
)  # fmt: skip
def test_figures_qualifiers(prefix, qualifier):
    figure = _one(f"Investment reached {prefix} $120 million.", "$120 million")
    assert figure.text == f"{prefix} $120 million"
    assert figure.qualifier == qualifier


def test_figures_a_count_besides_others_is_more_than_it():
    """'A treaty as well as six other documents': seven documents, which 'seven documents
    were signed' agrees with."""
    six = _one("They signed a treaty as well as six other documents.", "six")
    assert (six.value, six.unit, six.qualifier) == (6, "documents", "more than")
    assert _one("They signed six documents.", "six").qualifier is None


# --- change ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "change", "value"),
    [
        ("grew by 25 percent", "increase", 25), ("increased by 25 percent", "increase", 25),
        ("rose by 25 percent", "increase", 25), ("was up 25 percent", "increase", 25),
        ("saw a 25 percent increase", "increase", 25), ("decreased by 25 percent", "decrease", -25),
        ("fell by 25 percent", "decrease", -25), ("declined 25 percent", "decrease", -25),
        ("dropped 25 percent", "decrease", -25), ("was down 25 percent", "decrease", -25),
        ("reached 25 percent", None, 25), ("amounted to 25 percent", None, 25),
    ],
)  # fmt: skip
def test_figures_direction_of_change(phrase, change, value):
    figure = _one(f"Trade {phrase} of the total.", "25 percent")
    assert (figure.change, figure.value) == (change, value)


def test_figures_level_and_change_in_one_sentence():
    text = "Bilateral trade grew by 25 percent last year and reached $1.2 billion."
    growth, level = _figures(text)
    assert (growth.value, growth.change, growth.period) == (25, "increase", "2022")
    assert (level.value, level.change, level.period) == (1.2e9, None, "2022")
    assert growth.indicator == level.indicator == "trade turnover"


def test_figures_fraction_after_a_verb_of_change_is_a_share():
    text = "The discharge had fallen by almost a third since April 1."
    figure = _one(text, "a third", "2024-04-12")
    assert figure.text == "almost a third"
    assert (figure.unit, figure.change, figure.qualifier) == ("percent", "decrease", "about")
    assert figure.value == pytest.approx(-33.3333, abs=1e-3)
    assert figure.period == "2024-04-01/2024-04-12"
    assert figure.indicator == "water release"


def test_figures_decrease_in_money_is_negative_and_multipliers_keep_their_factor():
    assert _one("Imports dropped by $2 million.", "$2 million").value == -2e6
    halved = _one("Imports halved last year.", "halved")
    assert (halved.value, halved.change) == (0.5, "decrease")


# --- indicator and period -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("Trade turnover amounted to $1.2 billion.", "trade turnover"),
        ("Bilateral trade reached $1.2 billion.", "trade turnover"),
        ("Trade between the two countries reached $1.2 billion.", "trade turnover"),
        ("Mutual trade reached $1.2 billion.", "trade turnover"),
        ("The trade volume reached $1.2 billion.", "trade turnover"),
        ("Exports reached $1.2 billion.", "exports"),
        ("Imports reached $1.2 billion.", "imports"),
        ("Investment reached $1.2 billion.", "investment"),
        ("Contracts worth $1.2 billion were signed.", "contracts signed"),
        ("Gas transit rose by 10 percent.", "gas transit"),
        ("Electricity supply rose by 10 percent.", "electricity supply"),
        ("The number of tourists grew by 10 percent.", "tourists"),
        ("The bank extended a loan of $1.2 billion.", "loan"),
        ("Uzbekistan provided a grant of $1.2 billion.", "grant"),
        ("The fund has an authorized capital of $500 million.", "fund capital"),
        ("The construction of the section cost about $180 million.", "project cost"),
    ],
)
def test_figures_indicator_lexicon(text, indicator):
    (figure,) = _figures(text)
    assert figure.indicator == indicator


def test_figures_indicator_prefers_the_phrase_before_the_figure():
    text = "Exports reached $3 billion and imports 3 billion dollars."
    first, second = _figures(text)
    assert (first.indicator, second.indicator) == ("exports", "imports")


@pytest.mark.parametrize(
    ("text", "published", "period"),
    [
        ("Bilateral trade reached $1.2 billion last year.", "2023-04-20", "2022"),
        ("In 2021, trade turnover amounted to about $1 billion.", "2022-06-14", "2021"),
        ("Trade reached $1.5 billion in January-March 2023.", "2023-04-20", "2023-01/2023-03"),
        ("Trade turnover has increased threefold since 2019.", "2023-04-20", "2019/2023"),
        ("They set the goal of bringing trade to $5 billion by 2030.", "2024-10-15", "2030"),
        ("The cost is estimated at $10-12 million.", "2022-06-16", None),
        ("Trade will reach $2 billion in the coming years.", "2022-06-14", None),
        # A clause break separates the figure from the time expression.
        ("The cost is $12 million, and patients arrive next spring.", "2022-06-16", None),
        # Years in a document title are not the period of a count in the same sentence.
        ("Nine documents were signed, including the Programme for 2022-2026.", "2022-06-14", None),
    ],
)
def test_figures_period_from_the_nearest_time_in_the_sentence(text, published, period):
    (figure,) = _figures(text, published)
    assert figure.period == period


def test_figures_last_year_in_an_undated_article_has_no_period():
    (figure,) = _figures("Trade reached $1.5 billion last year.", None)
    assert figure.period is None


# --- what is not a figure -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The CICA was proposed in 1992, and the treaty signed in 2022 and 2023.",
        "The Programme of Economic Cooperation for 2022-2026 was signed.",
        "The talks began at 14:30 and ended at 6 p.m. (UTC +05:00, GMT+6).",
        "TASHKENT, March 3 (Wire) - They met on October 5-7 and on 14.06.2022.",
        "The sixth CICA summit marked the 30th anniversary and the 33rd.",
        "1. Trade comes first.\n2) Energy follows.",
        "Call +996 312 123 456 or (202) 555-0123.",
        "The Kambarata-1 plant and COVID-19 and Decree No. 45.",
        "The two presidents and the two countries; both leaders; one history and one soul.",
        "It took a two-day visit and three decades of talks, less than three weeks later.",
        "Trade has grown several times; dozens of ventures and thousands of people.",
        "Uzbekistan is the second largest partner.",
    ],
)
def test_figures_not_figures(text):
    assert _figures(text) == []


# --- properties -------------------------------------------------------------------------------

_PHRASES = [
    "$3 billion", "a quarter of a billion euros", "$10-12 million", "over $120 million", "25%",
    "threefold", "doubled", "more than 40 agreements", "eight documents", "by almost a third",
    "fell by", "grew by", "1,300-kilometre", "9" * 400, "$" + "9" * 330 + " trillion",
    "one and a half", "two dozen", "half a million", "+996 312 123 456", "1. ", "No. 5",
    "$10 million to $12 million", "10 to 5 hours", "trade turnover", "USD 5", "3m", "last year",
    "since 2019", "by 2030", "14:30", "UTC +05:00", "2022", "the two", "tons", "people",
]  # fmt: skip
_ALPHABET = st.sampled_from(list("abcmk0123456789 .,:;-–/$€%\n'\"()+"))


def _check(text: str, published: str | None) -> None:
    sentences = split_sentences(text)
    times = find_time_mentions(text, sentences, published)
    for figure in find_figures(text, sentences, times, published):
        assert text[figure.start : figure.end] == figure.text
        assert math.isfinite(figure.value)
        assert figure.value_max is None or math.isfinite(figure.value_max)
        assert figure.value_max is None or figure.value <= figure.value_max
        assert not any(t.start < figure.end and figure.start < t.end for t in times)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.text(_ALPHABET, max_size=10), st.sampled_from(_PHRASES)), max_size=25),
    st.one_of(st.none(), st.dates().map(date.isoformat)),
)
def test_figures_property_never_raise_and_slice_exactly(parts, published):
    _check(" ".join(parts), published)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_figures_property_random_unicode(text):
    _check(text, "2023-04-20")


# --- quality gate on the example corpus -----------------------------------------------------


@pytest.fixture(scope="module")
def gold_figures():
    path = GOLD / "figures.json"
    if not path.exists():
        pytest.skip("examples/gold/figures.json is not there")
    return json.loads(path.read_text(encoding="utf-8"))


def _corpus_figures(corpus_docs) -> dict[str, list[FigureMention]]:
    found = {}
    for name, doc in corpus_docs.items():
        sentences = split_sentences(doc.text)
        times = find_time_mentions(doc.text, sentences, doc.published)
        found[name] = find_figures(doc.text, sentences, times, doc.published)
    return found


def test_figures_gold_quality_gate(corpus_docs, gold_figures):
    """Gold figures are found with their value and unit; qualifier, change, period agree."""
    figures = _corpus_figures(corpus_docs)
    total = found = qualifier = change = period = 0
    for gold in gold_figures["figures"]:
        for report in gold["reported_in"]:
            text = corpus_docs[report["doc"]].text
            for evidence in report["evidence"]:
                start = text.find(evidence)
                assert start >= 0, evidence
                total += 1
                end = start + len(evidence)
                match = [
                    f
                    for f in figures[report["doc"]]
                    if f.start < end
                    and start < f.end
                    and f.unit == gold["unit"]
                    and f.value == pytest.approx(gold["value"], rel=0.01)
                ]
                if not match:
                    continue
                found += 1
                qualifier += match[0].qualifier == gold["qualifier"]
                change += (match[0].change is not None) == gold["change"]
                period += match[0].period == gold["period"]
    assert total >= 40
    assert found / total >= MIN_FIGURES_FOUND, (found, total)
    assert qualifier / found >= MIN_FIGURES_QUALIFIER
    assert change / found >= MIN_FIGURES_CHANGE
    assert period / found >= MIN_FIGURES_PERIOD, (period, found)


def test_figures_gold_not_figures_are_not_extracted(corpus_docs, gold_figures):
    figures = _corpus_figures(corpus_docs)
    wrong = []
    for entry in gold_figures["not_figures"]:
        text = corpus_docs[entry["doc"]].text
        start = text.find(entry["text"])
        while start >= 0:
            end = start + len(entry["text"])
            wrong += [f.text for f in figures[entry["doc"]] if f.start < end and start < f.end]
            start = text.find(entry["text"], end)
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        (
            "The sides agreed to bring trade turnover to $5 billion by 2030.",
            {5e9: True},
        ),
        (  # what was reached comes before the goal's cue
            "Trade turnover reached $2.3 billion last year, and the presidents agreed to "
            "bring it to $5 billion by 2030.",
            {2.3e9: False, 5e9: True},
        ),
        (
            "Trade grew 12 percent to $2.3 billion in 2023, and the sides aim to bring it to "
            "$5 billion.",
            {12.0: False, 2.3e9: False, 5e9: True},
        ),
        (  # the rise a goal sets, for a period after the article
            "They set the goal of raising bilateral trade to $3 billion by 2026, up 40 percent.",
            {3e9: True, 40.0: True},
        ),
        ("Trade turnover could reach $3 billion this year, the minister said.", {3e9: True}),
        ("Mirziyoyev set a new task – to reach $5 billion in trade.", {5e9: True}),
        ("Investments of $300 million are planned for 2026.", {3e8: True}),  # stated in 2024
        ("Trade turnover reached $1.2 billion in 2023.", {1.2e9: False}),
        (  # the aim words lead elsewhere
            "The sides agreed to expand cooperation in energy, and trade reached $2 billion.",
            {2e9: False},
        ),
        ("They agreed to increase cooperation as trade grew to $900 million.", {9e8: False}),
    ],
)
def test_figures_goals_and_forecasts_are_targets(analyzer, text, goals):
    """The amount a target aims at is not what was reached: fusion keeps them apart."""
    document = Document(id="doc-goal", source="t.txt", text=text, published="2024-03-01")
    analysis = analyze_document(document, analyzer)
    assert {f.value: f.target for f in analysis.figures} == goals


def test_figures_a_goal_is_for_its_deadline_not_the_year_reached(analyzer):
    text = (
        "Trade reached $2.1 billion in 2025, exceeding the target of $2 billion that the "
        "presidents had set for 2027."
    )
    document = Document(id="doc-goal", source="t.txt", text=text, published="2026-02-20")
    figures = analyze_document(document, analyzer).figures
    assert {f.value: (f.period, f.target) for f in figures} == {
        2.1e9: ("2025", False),
        2e9: ("2027", True),
    }
