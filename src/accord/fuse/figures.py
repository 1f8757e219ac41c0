"""Figures across sources: the same statement merged, disagreements recorded as conflicts.

Two figures describe the same quantity when they share indicator, unit,
period, kind (a level, an increase or a decrease), the countries they are
about (trade between Uzbekistan and Kyrgyzstan is not trade between
Uzbekistan and Kazakhstan) and whether they are a target (the $2 billion the
sides aimed at for 2024 is not what trade reached in 2024). Such figures agree
when their values are equal once the more precise one is rounded to the
precision of the other ($1.18 billion and $1.2 billion agree; $1.5 billion
does not) and, for a value of one significant digit, within 10% of it ($2
billion agrees with $2.1 billion, not with $2.4 billion), or when a qualifier
allows it ("more than 40" and 45). Figures
that agree merge into one with every source's evidence; groups that
disagree are one conflict. Figures without a period are never compared:
different periods are not conflicts (25% growth last year vs threefold since
2019), and an unknown period could be any.
"""

from __future__ import annotations

import math
from collections import defaultdict

from accord.models import Conflict, ConflictValue, Evidence, Figure, Subject


def fuse_figures(figures: list[Figure]) -> tuple[list[Figure], list[Conflict]]:
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[_key(figure)].append(figure)
    merged, conflicts = [], []
    for _, members in sorted(groups.items(), key=lambda kv: str(kv[0])):
        fused, conflict, _ = fuse_figure_block(members)
        merged += fused
        conflicts += conflict
    return merged, conflicts


def fuse_figure_block(
    members: list[Figure],
) -> tuple[list[Figure], list[Conflict], dict | None]:
    """Fuse figures of one quantity (one ``_key``); also returns the block's summary, from
    which :func:`add_figures` adds later figures without reading these again."""
    if len({_key(f) for f in members}) > 1:  # two quantities in one block (shortened keys)
        return (*fuse_figures(members), None)
    said: dict[tuple, _Said] = {}
    _tell(said, members)
    ordered = sorted(said.values(), key=lambda s: s.first)
    parts = _partition(ordered)
    fused, conflicts = _fused(ordered, parts)
    return fused, conflicts, _summary(ordered, parts)


def add_figures(
    summary: dict, stored: set[str], new: list[Figure]
) -> tuple[list[Figure], list[Conflict], dict, list[str | None]] | None:
    """The block of ``summary`` with ``new`` figures added, as :func:`fuse_figure_block` of
    all of them would give it; None when that needs every figure again.

    ``stored``: the ids of the block's fused figures. The figures returned carry the
    new figures' evidence only; the last list says, for each, the stored figure whose
    evidence it continues (None: a new one). Adding figures changes the clusters
    only through the order in which distinct statements first appear; the old ones
    must keep their clusters (a new statement may join one or start its own), or
    every figure is read again.
    """
    said: dict[tuple, _Said] = {}
    before: dict[tuple, int] = {}
    for entry, part in zip(summary["said"], summary["parts"], strict=True):
        one = _Said.restored(entry)
        said[_statement(one.best)] = one
        before[_statement(one.best)] = part
    old_order = list(said)
    _tell(said, new)
    ordered = sorted(said.values(), key=lambda s: s.first)
    same = 0  # statements first in the same order as before keep their clusters
    while same < len(old_order) and _statement(ordered[same].best) == old_order[same]:
        same += 1
    parts = _partition(ordered, summary["parts"][:same])
    old_ids: dict[int, str] = {}  # old cluster -> its stored figure's id
    for one in said.values():
        statement = _statement(one.best)
        if statement in before:
            part = before[statement]
            old_ids[part] = min(old_ids.get(part, one.old_first), one.old_first)
    moved: dict[int, int] = {}  # old cluster -> new cluster
    for one, part in zip(ordered, parts, strict=True):
        statement = _statement(one.best)
        if statement in before and moved.setdefault(before[statement], part) != part:
            return None  # an old cluster split up
    if len(set(moved.values())) != len(moved) or any(i not in stored for i in old_ids.values()):
        return None  # two old clusters became one, or the record lacks one

    fused, conflicts = _fused(ordered, parts)
    continued = {number: old_ids[old] for old, number in moved.items()}
    inherited = [continued.get(number) for number in sorted(set(parts))]
    return fused, conflicts, _summary(ordered, parts), inherited


def _tell(said: dict[tuple, _Said], figures: list[Figure]) -> None:
    """Add ``figures`` to the distinct statements ``said``, in id order."""
    for figure in sorted(figures, key=lambda f: f.id):
        statement = _statement(figure)
        if statement not in said:
            said[statement] = _Said(figure.id, figure)
        said[statement].add(figure)


class _Said:
    """One distinct statement (value, range, qualifier) of a block's figures: its least
    figure id, its figure of greatest id (the one merging may keep, as figures of one
    statement are equally precise), and who stated it how often."""

    __slots__ = ("best", "evidence", "first", "old_first", "speakers")

    def __init__(self, first: str, best: Figure) -> None:
        self.first = first
        self.old_first = first  # before this fusion's figures (restored summaries)
        self.best = best.model_copy(update={"evidence": []})
        self.speakers: dict[str, list] = {}  # speaker -> [figures, least figure id]
        self.evidence: dict[tuple[str, int], Evidence] = {}  # this fusion's figures only

    @classmethod
    def restored(cls, entry: dict) -> _Said:
        one = cls(entry["first"], Figure(**entry["best"]))
        one.speakers = {k: list(v) for k, v in entry["speakers"].items()}
        return one

    def add(self, figure: Figure) -> None:
        self.first = min(self.first, figure.id)
        if figure.id > self.best.id:
            self.best = figure.model_copy(update={"evidence": []})
        if figure.stated_by:
            count = self.speakers.setdefault(figure.stated_by, [0, figure.id])
            count[0] += 1
            count[1] = min(count[1], figure.id)
        for e in figure.evidence:
            self.evidence[(e.document, e.start)] = e

    def entry(self) -> dict:
        return {
            "first": self.first,
            "best": self.best.model_dump(mode="json", exclude={"evidence"}),
            "speakers": self.speakers,
        }


def _partition(ordered: list[_Said], known: list[int] | None = None) -> list[int]:
    """Each statement's cluster: the first cluster whose statements all agree with it.

    Agreement depends only on value, range and qualifier, so clusters are made of
    distinct statements in the order they first appear; every figure goes where its
    statement went. ``known``: the clusters of the first statements, as partitioned
    before (each depends only on those before it), which are not compared again.
    """
    known = known or []
    clusters: list[list[Figure]] = []
    parts: list[int] = []
    for one in ordered:
        if len(parts) < len(known):
            number = known[len(parts)]
        else:
            number = next(
                (
                    i
                    for i, members in enumerate(clusters)
                    if all(values_agree(one.best, m) for m in members)
                ),
                len(clusters),
            )
        if number == len(clusters):
            clusters.append([])
        clusters[number].append(one.best)
        parts.append(number)
    return parts


def _fused(ordered: list[_Said], parts: list[int]) -> tuple[list[Figure], list[Conflict]]:
    """One figure per cluster (see _merge) and, when they disagree, the conflict."""
    clusters: dict[int, list[_Said]] = defaultdict(list)
    for one, part in zip(ordered, parts, strict=True):
        clusters[part].append(one)
    fused = [_merge(members, _evidence_of(members)) for _, members in sorted(clusters.items())]
    if len(fused) > 1 and fused[0].period is not None and fused[0].indicator is not None:
        return fused, [_conflict(fused)]
    return fused, []


def _evidence_of(part: list[_Said]) -> dict[tuple[str, int], Evidence]:
    return {k: v for one in part for k, v in one.evidence.items()}


def _summary(ordered: list[_Said], parts: list[int]) -> dict:
    return {"said": [one.entry() for one in ordered], "parts": parts}


def values_agree(a: Figure, b: Figure) -> bool:
    """Equal within the stated precision, or within what a qualifier allows."""
    if a.value is None or b.value is None:
        return a.value == b.value
    if _qualified(a, b) or _qualified(b, a):
        return True
    if (a.value_max is None) != (b.value_max is None):
        return False
    digits = min(_significant(a.value), _significant(b.value))
    if digits == 1 and abs(a.value - b.value) > _ONE_DIGIT * max(abs(a.value), abs(b.value)):
        return False  # '$2 billion' is not '$2.4 billion', nor '$1.5 billion'
    return _round(a.value, digits) == _round(b.value, digits) and (
        a.value_max is None or _round(a.value_max, digits) == _round(b.value_max or 0, digits)
    )


# A value of one significant digit agrees with another within this share of the larger:
# rounding '$2.4 billion' to '$2 billion' hides a disagreement, '$2.1 billion' does not.
_ONE_DIGIT = 0.1


def _key(figure: Figure) -> tuple:
    return (
        figure.indicator,
        figure.unit,
        figure.period,
        figure.change,
        tuple(figure.between),
        figure.target,
    )


def _statement(figure: Figure) -> tuple:
    return (figure.value, figure.value_max, figure.qualifier)


def _merge(cluster: list[_Said], evidence: dict[tuple[str, int], Evidence]) -> Figure:
    """The most precisely stated value, every source's evidence, the most cited speaker
    (ties: the one of the least figure id)."""
    best = max(
        (one.best for one in cluster),
        key=lambda f: (_significant(f.value or 0), f.qualifier is None, f.id),
    )
    speakers: dict[str, list] = {}
    for one in cluster:
        for name, (count, first) in one.speakers.items():
            total = speakers.setdefault(name, [0, first])
            total[0] += count
            total[1] = min(total[1], first)
    stated_by = min(speakers, key=lambda n: (-speakers[n][0], speakers[n][1]), default=None)
    return best.model_copy(
        update={
            "id": min(one.first for one in cluster),
            "stated_by": stated_by,
            "evidence": [evidence[k] for k in sorted(evidence)],
        }
    )


def _conflict(fused: list[Figure]) -> Conflict:
    subject = min(fused, key=lambda f: f.id)
    return Conflict(
        id=f"conflict-{subject.id}-value",
        subject=Subject(kind="figure", id=subject.id),
        field="value",
        values=[
            ConflictValue(value=f.value, evidence=list(f.evidence), figure=f.id)
            for f in sorted(fused, key=lambda f: f.value or 0)
        ],
    )


def _qualified(a: Figure, b: Figure) -> bool:
    """'more than 40' agrees with 45; 'about 1.3 billion' with 1.25 billion; 'up to 10' with 8."""
    if a.value is None or b.value is None:
        return False
    if a.qualifier in ("more than", "at least"):
        return b.value >= a.value
    if a.qualifier in ("up to", "less than"):
        return b.value <= a.value
    if a.qualifier == "about":
        return abs(a.value - b.value) <= 0.05 * abs(a.value)
    return False


def _significant(value: float) -> int:
    """Significant digits as stated: 1.18e9 -> 3, 1.2e9 -> 2, 40 -> 1, 45 -> 2."""
    if value == 0:
        return 1
    digits = f"{abs(value):.6g}".replace(".", "").replace("-", "").lstrip("0")
    if "e" in digits:
        digits = digits.split("e")[0]
    return max(1, len(digits.rstrip("0")))


def _round(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    scale = digits - math.floor(math.log10(abs(value))) - 1
    return round(value, scale)


__all__ = ["Evidence", "fuse_figures", "values_agree"]
