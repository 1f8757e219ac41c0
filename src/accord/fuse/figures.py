"""Figures across sources: the same statement merged, disagreements recorded as conflicts.

Two figures describe the same quantity when they share indicator, unit,
period, kind (a level, an increase or a decrease) and the countries they are
about (trade between Uzbekistan and Kyrgyzstan is not trade between
Uzbekistan and Kazakhstan). Such figures agree
when their values are equal once the more precise one is rounded to the
precision of the other ($1.18 billion and $1.2 billion agree; $1.5 billion
does not), or when a qualifier allows it ("more than 40" and 45). Figures
that agree merge into one with every source's evidence; groups that
disagree are one conflict. Figures without a period are never compared:
different periods are not conflicts (25% growth last year vs threefold since
2019), and an unknown period could be any.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from accord.models import Conflict, ConflictValue, Evidence, Figure, Subject


def fuse_figures(figures: list[Figure]) -> tuple[list[Figure], list[Conflict]]:
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for figure in sorted(figures, key=lambda f: f.id):
        groups[_key(figure)].append(figure)
    merged, conflicts = [], []
    for key, members in sorted(groups.items(), key=lambda kv: str(kv[0])):
        clusters = _agreeing(members)
        fused = [_merge(c) for c in clusters]
        merged += fused
        if len(fused) > 1 and key[2] is not None and key[0] is not None:
            conflicts.append(_conflict(fused))
    return merged, conflicts


def values_agree(a: Figure, b: Figure) -> bool:
    """Equal within the stated precision, or within what a qualifier allows."""
    if a.value is None or b.value is None:
        return a.value == b.value
    if _qualified(a, b) or _qualified(b, a):
        return True
    if (a.value_max is None) != (b.value_max is None):
        return False
    digits = min(_significant(a.value), _significant(b.value))
    return _round(a.value, digits) == _round(b.value, digits) and (
        a.value_max is None or _round(a.value_max, digits) == _round(b.value_max or 0, digits)
    )


def _key(figure: Figure) -> tuple:
    return (figure.indicator, figure.unit, figure.period, figure.change, tuple(figure.between))


def _agreeing(members: list[Figure]) -> list[list[Figure]]:
    """Figures in clusters whose members all agree with each other (the first such cluster).

    Agreement depends only on value, range and qualifier, so each cluster is
    compared through one member per distinct statement, not through every report;
    and a statement made before goes where it went: every statement that later
    joined that cluster agreed with it, and the clusters before it still hold the
    statement that refused it.
    """
    clusters: list[tuple[list[Figure], dict[tuple, Figure]]] = []
    placed: dict[tuple, int] = {}  # statement -> its cluster
    for figure in members:
        statement = _statement(figure)
        number = placed.get(statement)
        if number is None:
            number = next(
                (
                    i
                    for i, c in enumerate(clusters)
                    if all(values_agree(figure, m) for m in c[1].values())
                ),
                None,
            )
        if number is None:
            placed[statement] = len(clusters)
            clusters.append(([figure], {statement: figure}))
        else:
            placed[statement] = number
            clusters[number][0].append(figure)
            clusters[number][1].setdefault(statement, figure)
    return [c[0] for c in clusters]


def _statement(figure: Figure) -> tuple:
    return (figure.value, figure.value_max, figure.qualifier)


def _merge(cluster: list[Figure]) -> Figure:
    """The most precisely stated value, every source's evidence, the most cited speaker."""
    best = max(cluster, key=lambda f: (_significant(f.value or 0), f.qualifier is None, f.id))
    speakers = Counter(f.stated_by for f in cluster if f.stated_by)
    evidence = {(e.document, e.start): e for f in cluster for e in f.evidence}
    return best.model_copy(
        update={
            "id": min(f.id for f in cluster),
            "stated_by": speakers.most_common(1)[0][0] if speakers else None,
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
            ConflictValue(value=f.value, evidence=list(f.evidence))
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
