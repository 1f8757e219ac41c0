"""Agreements restated across sources become one; their status is the furthest any source reports.

Two agreement reports are the same document when their titles match once
articles and case are set aside (token-set similarity >= 88 with rapidfuzz)
and their kinds agree. A treaty reported as planned, then signed, then
ratified is one agreement with status "ratified" and the signing date.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz

from accord.models import Agreement, Conflict, ConflictValue, Evidence, Subject

_STATUS_ORDER = {"planned": 0, "not signed": 1, "signed": 2, "ratified": 3}
_SIMILAR = 88


def fuse_agreements(agreements: list[Agreement]) -> tuple[list[Agreement], list[Conflict]]:
    clusters: list[list[Agreement]] = []
    for agreement in sorted(agreements, key=lambda a: a.id):
        home = next((c for c in clusters if _same(c[0], agreement)), None)
        if home is None:
            clusters.append([agreement])
        else:
            home.append(agreement)
    merged = [_merge(c) for c in clusters]
    conflicts = [
        c
        for c in (_date_conflict(cluster, m) for cluster, m in zip(clusters, merged, strict=True))
        if c
    ]
    return merged, conflicts


def title_key(title: str) -> str:
    return re.sub(r"\b(?:the|a|an)\b", " ", title.lower()).strip()


def _same(a: Agreement, b: Agreement) -> bool:
    return (
        a.kind == b.kind
        and fuzz.token_set_ratio(title_key(a.title), title_key(b.title)) >= _SIMILAR
    )


def _merge(cluster: list[Agreement]) -> Agreement:
    status = max(
        (a.status for a in cluster if a.status),
        key=lambda s: _STATUS_ORDER.get(s, -1),
        default=None,
    )
    signed = [a.date for a in cluster if a.date and a.status in ("signed", "ratified")]
    dates = Counter(signed or [a.date for a in cluster if a.date])
    title = Counter(a.title for a in cluster).most_common(1)[0][0]
    parties = Counter(p for a in cluster for p in a.parties)
    evidence: dict[tuple[str, int], Evidence] = {
        (e.document, e.start): e for a in cluster for e in a.evidence
    }
    return Agreement(
        id=min(a.id for a in cluster),
        title=title,
        kind=cluster[0].kind,
        date=max(dates, key=lambda d: (len(d), dates[d])) if dates else None,
        status=status,
        parties=sorted(parties, key=lambda p: (-parties[p], p)),
        evidence=[evidence[k] for k in sorted(evidence)],
    )


def _date_conflict(cluster: list[Agreement], merged: Agreement) -> Conflict | None:
    """Sources giving different signing days for one agreement."""
    days: dict[str, list[Evidence]] = {}
    for agreement in cluster:
        if agreement.date and len(agreement.date) == 10 and agreement.status in ("signed",):
            days.setdefault(agreement.date, []).extend(agreement.evidence)
    if len(days) < 2:
        return None
    return Conflict(
        id=f"conflict-{merged.id}-date",
        subject=Subject(kind="agreement", id=merged.id),
        field="date",
        values=[ConflictValue(value=d, evidence=ev) for d, ev in sorted(days.items())],
    )
