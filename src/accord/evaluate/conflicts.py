"""Conflicts: record conflicts against the gold conflicts; conflicts the gold rules out."""

from __future__ import annotations

from accord.evaluate.actors import ActorMap
from accord.evaluate.common import DocNames, close, match_items, norm_name, norm_text, show_number
from accord.evaluate.figures import docs as figure_docs
from accord.evaluate.gold import ConflictValue, Gold, GoldConflict
from accord.evaluate.results import Finding, SectionScore, count, score
from accord.models import Conflict, Record
from accord.models import ConflictValue as RecordValue

SUMMARY = (
    "record values cover each side of the gold conflict (numbers within 0.5%), shared document"
)
RULE = (
    "Gold conflicts vs record conflicts. Gold values that the gold's not_conflicts pairs call "
    "compatible (1.18 vs 1.2 billion) form one side. A record conflict matches when its values "
    "cover every side (numbers within 0.5%, text equal ignoring case) and its evidence shares "
    "a document with the gold values; maximum one-to-one matching. A record conflict between "
    "values the gold lists in not_conflicts (figure pairs, or a subject's field) is a false "
    "positive, also counted apart."
)


def evaluate_conflicts(
    record: Record, gold: Gold, names: DocNames, actors: ActorMap, events: dict[str, str]
) -> SectionScore:
    """``events`` maps gold event keys to matched record event ids (for event subjects)."""
    golds = {f"{c.subject}:{c.field}": c for c in gold.conflicts}
    records = {c.id: c for c in record.conflicts if names.in_scope(_evidence(c))}
    sides = {key: _sides(conflict, gold) for key, conflict in golds.items()}

    def strength(expected: GoldConflict, item: Conflict) -> tuple | None:
        key = f"{expected.subject}:{expected.field}"
        shared = _docs(item, names) & {d for v in expected.values for d in v.docs}
        if not shared:
            return None
        covered = all(any(_hit(side, v) for v in item.values) for side in sides[key])
        return (len(shared),) if covered else None

    matching = match_items(golds, records, strength)
    subjects = {record_id: key for key, record_id in events.items()}
    ruled_out = {
        record_id: why
        for record_id, item in records.items()
        if record_id not in matching.taken
        and (why := _ruled_out(item, gold, names, actors, subjects))
    }
    misses = [
        Finding(
            kind="miss",
            id=key,
            documents=sorted({d for v in expected.values for d in v.docs}),
            summary=f"{expected.subject} {expected.field}: "
            + " vs ".join(_show(v.value) for v in expected.values),
        )
        for key, expected in golds.items()
        if key not in matching.assigned
    ]
    false_positives = [
        Finding(
            kind="false_positive",
            id=record_id,
            documents=sorted(_docs(item, names)),
            summary=f"{item.subject.kind} {item.subject.id} {item.field}: "
            + " vs ".join(_show(v.value) for v in item.values),
            note=ruled_out.get(record_id) or _duplicate(matching.duplicate_of(record_id)),
        )
        for record_id, item in records.items()
        if record_id not in matching.taken
    ]
    return score(
        "conflicts",
        gold=len(golds),
        predicted=len(records),
        matched=len(matching.assigned),
        match=SUMMARY,
        rule=RULE,
        metrics=[count("conflicts the gold rules out", len(ruled_out), "should be 0")],
        misses=misses,
        false_positives=false_positives,
    )


def _sides(conflict: GoldConflict, gold: Gold) -> list[list[ConflictValue]]:
    """Gold values grouped so that values the gold calls compatible are one side."""
    figures = {f.key: f for f in gold.figures if f.key in conflict.figures}
    compatible = {frozenset((n.a, n.b)) for n in gold.not_conflicts if n.a and n.b}

    def figure_of(value: ConflictValue) -> str | None:
        return next(
            (
                k
                for k, f in sorted(figures.items())
                if _is_number(value.value) and close(f.value, float(value.value))
            ),
            None,
        )

    sides: list[list[ConflictValue]] = []
    for value in conflict.values:
        key = figure_of(value)
        for side in sides:
            if key and any(frozenset((key, figure_of(v))) in compatible for v in side):
                side.append(value)
                break
        else:
            sides.append([value])
    return sides


def _hit(side: list[ConflictValue], value: RecordValue) -> bool:
    return any(_same(g.value, value.value) for g in side)


def _same(gold, value) -> bool:
    if _is_number(gold) and _is_number(value):
        return close(float(gold), float(value))
    return norm_text(str(gold)) == norm_text(str(value))


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _evidence(conflict: Conflict):
    return [e for v in conflict.values for e in v.evidence]


def _docs(conflict: Conflict, names: DocNames) -> set[str]:
    return names.names(_evidence(conflict))


def _ruled_out(
    item: Conflict, gold: Gold, names: DocNames, actors: ActorMap, subjects: dict[str, str]
) -> str | None:
    """Why the gold says this is no conflict, or None."""
    pairs = {frozenset((n.a, n.b)) for n in gold.not_conflicts if n.a and n.b}
    keys = [_figures_of(v, gold, names) for v in item.values]
    for i, left in enumerate(keys):
        for right in keys[i + 1 :]:
            for a in sorted(left):
                for b in sorted(right):
                    if frozenset((a, b)) in pairs:
                        return f"not_conflicts: {a} vs {b}"
    subject = subjects.get(item.subject.id) or actors.key(item.subject.id) or item.subject.id
    for entry in gold.not_conflicts:
        if entry.subject == subject and norm_name(entry.field) == norm_name(item.field):
            return f"not_conflicts: {entry.subject} {entry.field}"
    return None


def _figures_of(value: RecordValue, gold: Gold, names: DocNames) -> set[str]:
    """Gold figures stated in the value's documents with the value's number."""
    if not _is_number(value.value):
        return set()
    docs = names.names(value.evidence)
    return {
        f.key for f in gold.figures if figure_docs(f) & docs and close(f.value, float(value.value))
    }


def _show(value) -> str:
    return show_number(float(value)) if _is_number(value) else str(value)


def _duplicate(key: str | None) -> str | None:
    return f"duplicate of {key}" if key else None
