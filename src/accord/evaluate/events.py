"""Events: record events against the gold events that occurred, one to one."""

from __future__ import annotations

from collections import defaultdict

from accord.evaluate.actors import ActorMap
from accord.evaluate.common import DocNames, dates_agree, one_to_one, ranked, short
from accord.evaluate.gold import Gold, GoldEvent
from accord.evaluate.results import Finding, SectionScore, accuracy, count, score
from accord.models import Event, Record

SUMMARY = "same type or PLOVER root, a shared participant, agreeing dates, a shared document"
RULE = (
    "Gold events with status 'occurred' vs record events. A pair matches when the types agree "
    "(same type, or same PLOVER root), the participants overlap (record actor ids mapped to "
    "gold keys by the actor names; gold participants, source and target), the dates agree "
    "(equal, one a prefix of the other, or both null) and they share a reporting document. "
    "Maximum one-to-one matching, best pairs first: every further record event that matches "
    "an already matched gold event is a duplicate and a false positive (cross-document fusion "
    "should have merged it)."
)


def evaluate_events(
    record: Record, gold: Gold, names: DocNames, actors: ActorMap
) -> tuple[SectionScore, dict[str, str], dict[str, set[str]]]:
    """Score the events; also return gold event key -> the record event assigned to it, and
    gold event key -> every record event meeting the matching rule."""
    occurred = [e for e in gold.events if e.status == "occurred"]
    events = [e for e in record.events if names.in_scope(e.evidence)]
    by_id = {e.id: e for e in events}
    candidates: dict[str, list[tuple[str, tuple]]] = defaultdict(list)
    matches_any: dict[str, list[str]] = defaultdict(list)
    for event in events:
        for expected in gold.events:
            if _failure(event, expected, names, actors) is not None:
                continue
            matches_any[event.id].append(expected.key)
            if expected.status == "occurred":
                candidates[expected.key].append(
                    (event.id, _strength(event, expected, names, actors))
                )
    assigned = one_to_one({k: ranked(v) for k, v in candidates.items()})
    taken = set(assigned.values())
    golds = {e.key: e for e in gold.events}
    misses = [_miss(e, events, names, actors) for e in occurred if e.key not in assigned]
    false_positives = [
        _false_positive(e, matches_any.get(e.id, []), golds, assigned, names, actors)
        for e in events
        if e.id not in taken
    ]
    matched = [(golds[k], by_id[r]) for k, r in sorted(assigned.items())]
    duplicates = sum(
        1 for e in events if e.id not in taken and any(k in assigned for k in matches_any[e.id])
    )
    not_happened = sum(
        1
        for e in events
        if e.id not in taken
        and matches_any[e.id]
        and all(golds[k].status != "occurred" for k in matches_any[e.id])
    )
    metrics = [
        count("duplicates", duplicates, "record events matching a gold event matched elsewhere"),
        count(
            "events that did not happen",
            not_happened,
            "record events matching only a gold event with status did_not_happen",
        ),
        accuracy("same type", sum(g.type == r.type for g, r in matched), len(matched)),
        accuracy("same date", sum(g.date == r.date for g, r in matched), len(matched)),
        accuracy(
            "same participants",
            sum(_gold_actors(g) == _record_actors(r, actors) for g, r in matched),
            len(matched),
        ),
        accuracy(
            "all reporting documents",
            sum({x.doc for x in g.reported_in} <= names.names(r.evidence) for g, r in matched),
            len(matched),
            "matched events whose evidence covers every document that reports them",
        ),
    ]
    section = score(
        "events",
        gold=len(occurred),
        predicted=len(events),
        matched=len(assigned),
        match=SUMMARY,
        rule=RULE,
        metrics=metrics,
        misses=misses,
        false_positives=false_positives,
    )
    return section, assigned, {key: {r for r, _ in found} for key, found in candidates.items()}


def _failure(
    event: Event, expected: GoldEvent, names: DocNames, actors: ActorMap
) -> tuple[int, str] | None:
    """None when ``event`` matches ``expected``, else (criteria passed, the first that fails)."""
    if not names.names(event.evidence) & {r.doc for r in expected.reported_in}:
        return 0, "no shared document"
    if event.type != expected.type and not (event.plover and event.plover == expected.plover):
        return 1, f"type {event.type}/{event.plover} vs {expected.type}/{expected.plover}"
    if not _record_actors(event, actors) & _gold_actors(expected):
        return 2, "no shared participant"
    if not dates_agree(event.date, expected.date):
        return 3, f"date {event.date} vs {expected.date}"
    return None


def _gold_actors(event: GoldEvent) -> set[str]:
    return {*event.participants, *event.source, *event.target}


def _record_actors(event: Event, actors: ActorMap) -> set[str]:
    return actors.keys([*event.participants, event.source_actor, event.target_actor])


def _strength(event: Event, expected: GoldEvent, names: DocNames, actors: ActorMap) -> tuple:
    shared_docs = names.names(event.evidence) & {r.doc for r in expected.reported_in}
    return (
        event.type == expected.type,
        event.date == expected.date,
        len(_record_actors(event, actors) & _gold_actors(expected)),
        len(shared_docs),
    )


def _summary(kind: str, date: str | None, participants: list[str] | set[str]) -> str:
    return f"{kind} {date or 'undated'} [{', '.join(sorted(participants))}]"


def _miss(expected: GoldEvent, events: list[Event], names: DocNames, actors: ActorMap) -> Finding:
    first = expected.reported_in[0] if expected.reported_in else None
    near = _nearest(
        (e.id, _failure(e, expected, names, actors) or (4, "matches, taken by another gold event"))
        for e in events
    )
    return Finding(
        kind="miss",
        id=expected.key,
        documents=sorted(r.doc for r in expected.reported_in),
        summary=_summary(expected.type, expected.date, _gold_actors(expected)),
        evidence=short(first.evidence[0]) if first and first.evidence else None,
        note=f"nearest record events: {near}"
        if near
        else "no record event of its type in its documents",
    )


def _nearest(failures, limit: int = 3) -> str:
    """The candidates that passed the most criteria (type at least), with what failed."""
    ranked_failures = sorted(((-stage, key, why) for key, (stage, why) in failures if stage >= 2))
    return "; ".join(f"{key}: {why}" for _, key, why in ranked_failures[:limit])


def _false_positive(
    event: Event,
    matching: list[str],
    golds: dict[str, GoldEvent],
    assigned: dict[str, str],
    names: DocNames,
    actors: ActorMap,
) -> Finding:
    if done := [k for k in matching if k in assigned]:
        note = f"duplicate of {done[0]} (matched to {assigned[done[0]]})"
    elif matching:
        note = f"matches {matching[0]}, which did not happen"
    else:
        near = _nearest(
            (k, failed)
            for k, g in golds.items()
            if (failed := _failure(event, g, names, actors)) is not None
        )
        note = (
            f"nearest gold events: {near}" if near else "no gold event of its type in its documents"
        )
    first = names.first(event.evidence)
    return Finding(
        kind="false_positive",
        id=event.id,
        documents=sorted(names.names(event.evidence)),
        summary=_summary(event.type, event.date, [actors.key(p) or p for p in event.participants]),
        evidence=short(first.text) if first else None,
        note=note,
    )
