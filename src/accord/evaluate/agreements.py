"""Agreements: record agreements against the gold agreements by title and document."""

from __future__ import annotations

from rapidfuzz import fuzz

from accord.evaluate.common import DocNames, match_items, norm_text, short, similar_titles
from accord.evaluate.gold import Gold, GoldAgreement
from accord.evaluate.results import Finding, SectionScore, accuracy, count, score
from accord.models import Agreement, Record

SUMMARY = "title token_set_ratio >= 85 and a shared document; status accuracy apart"
RULE = (
    "Gold agreements vs record agreements. A pair matches when the lower-cased titles have a "
    "rapidfuzz token_set_ratio >= 85 and they share a document; maximum one-to-one matching, "
    "most similar title first; further record agreements matching a matched gold agreement are "
    "duplicates. Status agreement (signed, ratified, not_signed, ...) is an accuracy over the "
    "matched pairs."
)


def evaluate_agreements(record: Record, gold: Gold, names: DocNames) -> SectionScore:
    golds = {a.key: a for a in gold.agreements}
    records = {a.id: a for a in record.agreements if names.in_scope(a.evidence)}

    def strength(expected: GoldAgreement, item: Agreement) -> tuple | None:
        shared = names.names(item.evidence) & _docs(expected)
        ratio = similar_titles(expected.title, item.title)
        return (ratio, len(shared)) if shared and ratio else None

    matching = match_items(golds, records, strength)
    pairs = [(golds[k], records[r]) for k, r in sorted(matching.assigned.items())]
    misses = [
        Finding(
            kind="miss",
            id=key,
            documents=sorted(_docs(expected)),
            summary=f"{expected.title} ({expected.status})",
            evidence=short(_first(expected)),
            note=_closest(expected.title, _docs(expected), records.values(), names),
        )
        for key, expected in golds.items()
        if key not in matching.assigned
    ]
    false_positives = []
    for record_id, item in records.items():
        if record_id in matching.taken:
            continue
        duplicate = matching.duplicate_of(record_id)
        first = names.first(item.evidence)
        false_positives.append(
            Finding(
                kind="false_positive",
                id=record_id,
                documents=sorted(names.names(item.evidence)),
                summary=f"{item.title} ({item.status})",
                evidence=short(first.text) if first else None,
                note=f"duplicate of {duplicate}" if duplicate else None,
            )
        )
    metrics = [
        count("duplicates", matching.duplicates(records), "fusion should merge them"),
        accuracy(
            "same status", sum(_status(g.status) == _status(r.status) for g, r in pairs), len(pairs)
        ),
    ]
    return score(
        "agreements",
        gold=len(golds),
        predicted=len(records),
        matched=len(matching.assigned),
        match=SUMMARY,
        rule=RULE,
        metrics=metrics,
        misses=misses,
        false_positives=false_positives,
    )


def _docs(expected: GoldAgreement) -> set[str]:
    return {r.doc for r in expected.reported_in}


def _first(expected: GoldAgreement) -> str | None:
    return next((e for r in expected.reported_in for e in r.evidence), None)


def _status(status: str | None) -> str:
    return norm_text(status).replace(" ", "_").replace("-", "_")


def _closest(title: str, docs: set[str], items, names: DocNames) -> str | None:
    """The most similar record title in the same documents, for the report."""
    scored = sorted(
        (-fuzz.token_set_ratio(norm_text(title), norm_text(i.title)), i.title)
        for i in items
        if names.names(i.evidence) & docs
    )
    if not scored:
        return "no record agreement in its documents"
    ratio, best = scored[0]
    return f"closest title in its documents: {best!r} ({-ratio:.0f})"
