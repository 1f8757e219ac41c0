"""Actors: record actors against the gold actors by shared names; the map other sections use."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from accord.evaluate.common import norm_name, one_to_one, ranked
from accord.evaluate.gold import Gold, GoldActor
from accord.evaluate.results import Finding, SectionScore, count, score
from accord.models import Actor, Record

SUMMARY = (
    "same kind and a shared name or alias (case, diacritics, script folded); a false merge is "
    "a false positive"
)
RULE = (
    "Gold actors vs record actors of kind person, country, organization, institution, place, "
    "facility. A pair matches when the kinds agree and they share a name or alias (folded: "
    "case, diacritics, transliteration to ASCII, a leading 'the'); maximum one-to-one matching, "
    "most shared names first. A record actor whose names belong to two or more gold actors "
    "(father and son, a person and the facility named after him) is a false merge: it counts "
    "as a false positive, never as a match. Other sections map record actor ids to gold keys "
    "by the same names."
)
KINDS = frozenset({"person", "country", "organization", "institution", "place", "facility"})


@dataclass(frozen=True, slots=True)
class ActorMap:
    """Record actor id -> gold actor key, for comparing participants and speakers."""

    to_gold: dict[str, str]

    def key(self, actor_id: str | None) -> str | None:
        return self.to_gold.get(actor_id) if actor_id else None

    def keys(self, actor_ids: Iterable[str | None]) -> set[str]:
        return {k for k in (self.key(a) for a in actor_ids) if k}


def evaluate_actors(record: Record, gold: Gold) -> tuple[SectionScore, ActorMap]:
    """Score the actors and return the record-to-gold actor map the other sections need."""
    golds = {a.key: a for a in gold.actors.actors}
    index = _name_index(golds.values())
    hits = {a.id: _hits(a, index) for a in record.actors}
    merged = {actor_id: sorted(h) for actor_id, h in hits.items() if len(h) > 1}
    in_scope = [a for a in record.actors if a.kind in KINDS]
    by_id = {a.id: a for a in record.actors}
    pairs: dict[str, list[tuple[str, tuple]]] = defaultdict(list)
    for actor in in_scope:
        for key, shared in hits[actor.id].items():
            if golds[key].kind == actor.kind:
                pairs[key].append((actor.id, (shared, actor.mentions)))
    assigned = one_to_one({k: ranked(v) for k, v in pairs.items()})
    clean = {k: a for k, a in assigned.items() if a not in merged}
    taken = set(assigned.values())

    misses = [
        _miss(golds[key], assigned.get(key), merged) for key in sorted(golds) if key not in clean
    ]
    false_positives = [
        _false_positive(actor, hits[actor.id], golds, merged, assigned)
        for actor in in_scope
        if actor.id not in taken or actor.id in merged
    ]
    duplicates = sum(
        1
        for actor in in_scope
        if actor.id not in taken and any(golds[k].kind == actor.kind for k in hits[actor.id])
    )
    to_gold = {actor_id: key for key, actor_id in assigned.items()}
    for actor_id, found in sorted(hits.items()):
        if actor_id not in to_gold and found:
            to_gold[actor_id] = _best(by_id[actor_id], found, golds)
    actor_map = ActorMap(to_gold)
    metrics = [
        count("false merges", len(merged), "record actors named like two or more gold actors"),
        count("duplicates", duplicates, "record actors named like a gold actor matched elsewhere"),
        count(
            "kind disagrees",
            sum(
                1
                for a in in_scope
                if hits[a.id] and all(golds[k].kind != a.kind for k in hits[a.id])
            ),
            "record actors named like a gold actor of another kind",
        ),
        *_forbidden(record, gold, actor_map),
    ]
    return (
        score(
            "actors",
            gold=len(golds),
            predicted=len(in_scope),
            matched=len(clean),
            match=SUMMARY,
            rule=RULE,
            metrics=metrics,
            misses=misses,
            false_positives=false_positives,
        ),
        actor_map,
    )


def forms(names: Iterable[str]) -> set[str]:
    return {n for n in (norm_name(x) for x in names) if n}


def _name_index(golds: Iterable[GoldActor]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for actor in golds:
        for name in forms([actor.name, *actor.aliases]):
            index[name].add(actor.key)
    return index


def _hits(actor: Actor, index: dict[str, set[str]]) -> Counter[str]:
    """Gold keys sharing a name with ``actor``, with the number of names shared."""
    found: Counter[str] = Counter()
    for name in forms([actor.name, *actor.aliases]):
        found.update(index.get(name, ()))
    return found


def _best(actor: Actor, found: Counter[str], golds: dict[str, GoldActor]) -> str:
    """The gold actor most like ``actor``: same kind first, then most names shared, then key."""
    return min(found, key=lambda k: (golds[k].kind != actor.kind, -found[k], k))


def _forbidden(record: Record, gold: Gold, actor_map: ActorMap) -> list:
    never = forms(gold.actors.never_actor)
    not_person = forms(gold.actors.not_person)
    never_ids = {a.id for a in record.actors if forms([a.name, *a.aliases]) & never}
    not_person_ids = {
        a.id
        for a in record.actors
        if a.kind == "person" and forms([a.name, *a.aliases]) & not_person
    }
    in_events = sum(
        1 for e in record.events if never_ids & {*e.participants, e.source_actor, e.target_actor}
    )
    return [
        count("never_actor names as actors", len(never_ids), "should be 0: " + _ids(never_ids)),
        count("events with a never_actor participant", in_events, "should be 0"),
        count(
            "not_person names as persons",
            len(not_person_ids),
            "should be 0: " + _ids(not_person_ids),
        ),
    ]


def _ids(ids: set[str]) -> str:
    return ", ".join(sorted(ids)[:8]) or "none"


def _miss(actor: GoldActor, assigned: str | None, merged: dict[str, list[str]]) -> Finding:
    note = None
    if assigned is not None:
        note = f"only found merged into {assigned} with {', '.join(merged[assigned])}"
    return Finding(
        kind="miss",
        id=actor.key,
        summary=f"{actor.kind} {actor.name}",
        evidence=", ".join(actor.aliases[:4]) or None,
        note=note,
    )


def _false_positive(
    actor: Actor,
    found: Counter[str],
    golds: dict[str, GoldActor],
    merged: dict[str, list[str]],
    assigned: dict[str, str],
) -> Finding:
    if actor.id in merged:
        note = f"false merge of {', '.join(merged[actor.id])}"
    elif same := sorted(k for k in found if golds[k].kind == actor.kind):
        note = f"duplicate of {same[0]}, matched to {assigned.get(same[0], '?')}"
    elif found:
        key = min(found)
        note = f"named like {key}, which is a {golds[key].kind}"
    else:
        note = "no gold actor has this name"
    return Finding(
        kind="false_positive",
        id=actor.id,
        summary=f"{actor.kind} {actor.name}",
        evidence=", ".join(actor.aliases[:4]) or None,
        note=note,
    )
