"""Commitments (found at all) and fulfilment (their status judged right)."""

from __future__ import annotations

from rapidfuzz import fuzz

from accord.evaluate.common import DocNames, Matching, contains, match_items, norm_text, short
from accord.evaluate.gold import Gold, GoldCommitment
from accord.evaluate.results import Finding, SectionScore, accuracy, count, score
from accord.models import Commitment, Record

SUMMARY = (
    "gold text or evidence contained (partial_ratio >= 85) in the record text or evidence of "
    "a shared document"
)
FULFILMENT_SUMMARY = (
    "gold fulfilled/overdue found when a record commitment matching it has that status"
)
RULE = (
    "Gold commitments vs record commitments. A pair matches when they share a document d and "
    "the gold text, or a gold evidence snippet from d, is contained (rapidfuzz partial_ratio "
    ">= 85, folded case and quotes, the record text at least 90% as long) in the record "
    "commitment's text or in one of its evidence sentences from d. Maximum one-to-one "
    "matching; further record commitments matching a matched gold commitment are duplicates."
)
FULFILMENT_RULE = (
    "Over gold commitments whose status is fulfilled or overdue (as of the gold's as_of date). "
    "A gold commitment is found when a record commitment matching it (commitments rule, "
    "duplicates included) has the same status; a record commitment with status fulfilled or "
    "overdue is correct when a gold commitment it matches has that status. Status accuracy "
    "over every matched pair (open included) and the fulfilling-event link are extra figures."
)
JUDGED = ("fulfilled", "overdue")


def evaluate_commitments(
    record: Record, gold: Gold, names: DocNames
) -> tuple[SectionScore, Matching, dict[str, Commitment]]:
    """Score the commitments; also return the matching and the record commitments in scope."""
    golds = {c.key: c for c in gold.commitments}
    records = {c.id: c for c in record.commitments if names.in_scope(c.evidence)}

    def strength(expected: GoldCommitment, item: Commitment) -> tuple | None:
        best = 0.0
        for report in expected.reported_in:
            if report.doc not in names.names(item.evidence):
                continue
            texts = [item.text, *names.sentences(item.evidence, report.doc)]
            for snippet in (expected.text, *report.evidence):
                for text in texts:
                    if contains(snippet, text):
                        best = max(best, fuzz.partial_ratio(norm_text(snippet), norm_text(text)))
        return (best, len(names.names(item.evidence) & _docs(expected))) if best else None

    matching = match_items(golds, records, strength)
    misses = [
        Finding(
            kind="miss",
            id=key,
            documents=sorted(_docs(expected)),
            summary=f"{expected.text} ({expected.status})",
            evidence=short(_first(expected)),
        )
        for key, expected in golds.items()
        if key not in matching.assigned
    ]
    false_positives = [
        _record_finding(item, names, matching.duplicate_of(record_id))
        for record_id, item in records.items()
        if record_id not in matching.taken
    ]
    section = score(
        "commitments",
        gold=len(golds),
        predicted=len(records),
        matched=len(matching.assigned),
        match=SUMMARY,
        rule=RULE,
        metrics=[count("duplicates", matching.duplicates(records), "fusion should merge them")],
        misses=misses,
        false_positives=false_positives,
    )
    return section, matching, records


def evaluate_fulfilment(
    gold: Gold,
    names: DocNames,
    matching: Matching,
    records: dict[str, Commitment],
    events: dict[str, set[str]],
) -> SectionScore:
    """Score commitment status; ``events`` maps gold event keys to the record event ids
    matching them."""
    golds = {c.key: c for c in gold.commitments}
    judged = {k: c for k, c in golds.items() if c.status in JUDGED}
    claimed = {r: c for r, c in records.items() if c.status in JUDGED}
    by_gold: dict[str, list[Commitment]] = {}
    for record_id, keys in matching.matches.items():
        for key in keys:
            by_gold.setdefault(key, []).append(records[record_id])
    found = {k for k, c in judged.items() if any(r.status == c.status for r in by_gold.get(k, []))}
    correct = {
        r
        for r, c in claimed.items()
        if any(golds[k].status == c.status for k in matching.matches.get(r, []))
    }
    pairs = [(golds[k], records[r]) for k, r in sorted(matching.assigned.items())]
    linked = [
        k
        for k in sorted(found)
        if judged[k].status == "fulfilled" and judged[k].fulfilled_by in events
    ]
    links_right = sum(
        any(events[judged[k].fulfilled_by] & set(r.fulfilled_by) for r in by_gold[k])
        for k in linked
    )
    misses = [
        Finding(
            kind="miss",
            id=key,
            documents=sorted(_docs(expected)),
            summary=f"{expected.status}: {expected.text}",
            evidence=short(_first(expected)),
            note=_statuses(by_gold.get(key, [])),
        )
        for key, expected in judged.items()
        if key not in found
    ]
    false_positives = [
        _record_finding(item, names, None, _gold_statuses(matching.matches.get(r, []), golds))
        for r, item in claimed.items()
        if r not in correct
    ]
    metrics = [
        accuracy(
            "same status",
            sum(g.status == r.status for g, r in pairs),
            len(pairs),
            "over matched commitments, open included",
        ),
        accuracy(
            "fulfilling event linked",
            links_right,
            len(linked),
            "found fulfilments whose gold fulfilled_by event has matching record events: "
            "the record commitment names one of them",
        ),
        count("record commitments fulfilled or overdue", len(claimed)),
    ]
    return score(
        "fulfilment",
        gold=len(judged),
        predicted=len(claimed),
        matched=len(found),
        correct_predicted=len(correct),
        match=FULFILMENT_SUMMARY,
        rule=FULFILMENT_RULE,
        metrics=metrics,
        misses=misses,
        false_positives=false_positives,
    )


def _docs(expected: GoldCommitment) -> set[str]:
    return {r.doc for r in expected.reported_in}


def _first(expected: GoldCommitment) -> str | None:
    return next((e for r in expected.reported_in for e in r.evidence), expected.text)


def _statuses(items: list[Commitment]) -> str:
    if not items:
        return "no record commitment matches it"
    return "matching record commitments: " + ", ".join(f"{c.id} {c.status}" for c in items)


def _gold_statuses(keys: list[str], golds: dict[str, GoldCommitment]) -> str:
    if not keys:
        return "matches no gold commitment"
    return "gold: " + ", ".join(f"{k} {golds[k].status}" for k in keys)


def _record_finding(
    item: Commitment, names: DocNames, duplicate: str | None, note: str | None = None
) -> Finding:
    first = names.first(item.evidence)
    return Finding(
        kind="false_positive",
        id=item.id,
        documents=sorted(names.names(item.evidence)),
        summary=f"{item.status}: {short(item.text, 120)}",
        evidence=short(first.text) if first else None,
        note=note or (f"duplicate of {duplicate}" if duplicate else None),
    )
