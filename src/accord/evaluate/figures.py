"""Figures: record figures against the gold figures by document, unit and value."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from accord.evaluate.common import (
    DocNames,
    close,
    dates_agree,
    match_items,
    norm_text,
    short,
    show_number,
)
from accord.evaluate.gold import Gold, GoldFigure, NotFigure
from accord.evaluate.results import Finding, SectionScore, accuracy, count, score
from accord.models import Figure, Record

SUMMARY = "shared document, same unit, value (and value_max) within 0.5%"
RULE = (
    "Gold figures vs record figures. A pair matches when they share a document, the units are "
    "equal (case-insensitive) and the values agree within 0.5% (value_max too when the gold "
    "has one). Maximum one-to-one matching; further record figures matching a matched gold "
    "figure are duplicates. Indicator (token_set_ratio >= 85) and period (equal or prefix, "
    "both null agree) are accuracies over the matched pairs; a record figure taken from a "
    "gold not_figures string (a date, a number in a name) is counted apart."
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def evaluate_figures(record: Record, gold: Gold, names: DocNames) -> SectionScore:
    golds = {f.key: f for f in gold.figures}
    records = {f.id: f for f in record.figures if names.in_scope(f.evidence)}

    def strength(expected: GoldFigure, item: Figure) -> tuple | None:
        shared = names.names(item.evidence) & docs(expected)
        if not shared or not figure_agrees(expected, item):
            return None
        return (_same_indicator(expected.indicator, item.indicator), len(shared))

    matching = match_items(golds, records, strength)
    pairs = [(golds[k], records[r]) for k, r in sorted(matching.assigned.items())]
    misses = [
        Finding(
            kind="miss",
            id=key,
            documents=sorted(docs(expected)),
            summary=_describe(
                expected.value,
                expected.value_max,
                expected.unit,
                expected.indicator,
                expected.period,
            ),
            evidence=short(_first(expected)),
            note=_near(expected, records.values(), names),
        )
        for key, expected in golds.items()
        if key not in matching.assigned
    ]
    false_positives = []
    not_figures = 0
    for record_id, item in records.items():
        if record_id in matching.taken:
            continue
        duplicate = matching.duplicate_of(record_id)
        forbidden = _not_figure(item, gold.not_figures, names)
        not_figures += forbidden is not None
        note = f"duplicate of {duplicate}" if duplicate else None
        if forbidden is not None:
            note = f"not a figure: {forbidden.text!r}"
        first = names.first(item.evidence)
        false_positives.append(
            Finding(
                kind="false_positive",
                id=record_id,
                documents=sorted(names.names(item.evidence)),
                summary=_describe(
                    item.value, item.value_max, item.unit, item.indicator, item.period
                ),
                evidence=short(first.text) if first else None,
                note=note,
            )
        )
    metrics = [
        count("duplicates", matching.duplicates(records), "fusion should merge them"),
        count("not_figures extracted", not_figures, "should be 0"),
        accuracy(
            "same indicator",
            sum(_same_indicator(g.indicator, r.indicator) for g, r in pairs),
            len(pairs),
        ),
        accuracy("same period", sum(dates_agree(g.period, r.period) for g, r in pairs), len(pairs)),
    ]
    return score(
        "figures",
        gold=len(golds),
        predicted=len(records),
        matched=len(matching.assigned),
        match=SUMMARY,
        rule=RULE,
        metrics=metrics,
        misses=misses,
        false_positives=false_positives,
    )


def figure_agrees(expected: GoldFigure, item: Figure) -> bool:
    """Same unit and value (and value_max when the gold has one), within 0.5%."""
    if norm_text(expected.unit) != norm_text(item.unit) or not close(expected.value, item.value):
        return False
    return expected.value_max is None or close(expected.value_max, item.value_max)


def docs(expected: GoldFigure) -> set[str]:
    return {r.doc for r in expected.reported_in}


def _same_indicator(gold: str | None, value: str | None) -> bool:
    if gold is None or value is None:
        return gold is None and value is None
    return fuzz.token_set_ratio(norm_text(gold), norm_text(value)) >= 85


def _first(expected: GoldFigure) -> str | None:
    return next((e for r in expected.reported_in for e in r.evidence), None)


def _describe(value, value_max, unit, indicator, period) -> str:
    amount = (
        show_number(value)
        if value_max is None
        else f"{show_number(value)}-{show_number(value_max)}"
    )
    return f"{amount} {unit} ({indicator or 'no indicator'}, {period or 'no period'})"


def _near(expected: GoldFigure, items, names: DocNames) -> str | None:
    """Record figures in the same documents with the same value but another unit, or vice versa."""
    near = sorted(
        f"{i.id}: {show_number(i.value)} {i.unit}"
        for i in items
        if names.names(i.evidence) & docs(expected)
        and i.value is not None
        and (close(expected.value, i.value) or norm_text(i.unit) == norm_text(expected.unit))
    )
    return ("in its documents: " + "; ".join(near[:3])) if near else None


def _not_figure(item: Figure, not_figures: list[NotFigure], names: DocNames) -> NotFigure | None:
    """The not_figures entry this record figure was read from, if any."""
    if item.value is None:
        return None
    for entry in not_figures:
        sentences = names.sentences(item.evidence, entry.doc)
        if not any(entry.text in s for s in sentences):
            continue
        numbers = [float(n.replace(",", "")) for n in _NUMBER.findall(entry.text)]
        if any(close(abs(item.value), n) for n in numbers):
            return entry
    return None
