"""One event per real event: reports of the same meeting by several outlets become one.

Blocking: the same type and at least one shared participant (people when both
name people). Within a block, a report joins an event when the dates agree
(equal, or one a coarser form of the other: 2022-06 and 2022-06-14), the
places agree, and nothing contradicts. An undated report joins a dated event
only on strong evidence: same place and same occasion or mode. Two dated
meetings of the same people on different days stay two events, except
reports of one visit a day or two apart with the same place and mode, which
merge with the disagreement recorded as a conflict.

Clustering visits reports in a fixed order (most precise dates first, then
by date, document and id), so the result depends only on the set of reports:
a full rebuild and an incremental update give the same events.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from accord.fuse.places import PlaceIndex
from accord.models import Conflict, ConflictValue, Event, Evidence, Subject

_PRECISION = {"day": 0, "month": 1, "year": 2}
_NEAR_DAYS = 2


@dataclass(slots=True)
class _Cluster:
    members: list[Event] = field(default_factory=list)

    @property
    def people(self) -> set[str]:
        return {p for e in self.members for p in e.participants if p.startswith("person:")}

    @property
    def participants(self) -> set[str]:
        return {p for e in self.members for p in e.participants}

    def best(self, attr: str) -> str | None:
        values = Counter(getattr(e, attr) for e in self.members if getattr(e, attr))
        return values.most_common(1)[0][0] if values else None

    @property
    def date(self) -> str | None:
        dated = [e for e in self.members if e.date]
        if not dated:
            return None
        finest = min(_PRECISION.get(e.date_precision or "", 3) for e in dated)
        values = Counter(
            e.date for e in dated if _PRECISION.get(e.date_precision or "", 3) == finest
        )
        return max(values, key=lambda v: (values[v], v))


def fuse_events(
    events: list[Event], places: PlaceIndex, published: dict[str, str | None] | None = None
) -> tuple[list[Event], list[Conflict]]:
    """Merged events (with every report's evidence) and the conflicts found inside them.

    ``published`` (document id -> publication day) lets an undated report join the
    one matching event that happened in the week before it was published.
    """
    clusters: list[_Cluster] = []
    published = published or {}
    for event in sorted(events, key=_order):
        candidates = [c for c in clusters if _joins(c, event, places)]
        if not candidates and event.date is None:
            candidates = _just_before(clusters, event, places, published)
        target = max(candidates, key=lambda c: _affinity(c, event), default=None)
        if target is None:
            clusters.append(_Cluster([event]))
        else:
            target.members.append(event)
    merged, conflicts = [], []
    for cluster in clusters:
        event = _reconcile(cluster)
        merged.append(event)
        conflicts += _conflicts(cluster, event, places)
    return merged, conflicts


def _order(event: Event) -> tuple:
    return (_PRECISION.get(event.date_precision or "", 3), event.date or "", event.id)


def _joins(cluster: _Cluster, event: Event, places: PlaceIndex) -> bool:
    if cluster.members[0].type != event.type:
        return False
    people = {p for p in event.participants if p.startswith("person:")}
    shared = (
        (cluster.people & people)
        if (cluster.people and people)
        else (cluster.participants & set(event.participants))
    )
    if not shared:
        return False
    location = cluster.best("location")
    if not places.compatible(location, event.location):
        return False
    cluster_date = cluster.date
    if cluster_date and event.date:
        return _dates_agree(cluster_date, event.date) or (
            _near(cluster_date, event.date) and _strong(cluster, event, location)
        )
    # An undated report joins another report only on strong evidence.
    return _strong(cluster, event, location)


_RECENT_DAYS = 7


def _just_before(
    clusters: list[_Cluster], event: Event, places: PlaceIndex, published: dict[str, str | None]
) -> list[_Cluster]:
    """An undated report ('nine documents were signed during the visit') published within a
    week of the one dated event of its type and people: that event, if it is the only one."""
    day = min((published.get(e.document) or "" for e in event.evidence), default="")
    if len(day) != 10:
        return []
    people = {p for p in event.participants if p.startswith("person:")} or set(event.participants)
    found = []
    for cluster in clusters:
        when = cluster.date
        if (
            cluster.members[0].type != event.type
            or not when
            or len(when) != 10
            or not people & cluster.participants
            or not places.compatible(cluster.best("location"), event.location)
        ):
            continue
        if 0 <= (date.fromisoformat(day) - date.fromisoformat(when)).days <= _RECENT_DAYS:
            found.append(cluster)
    return found if len(found) == 1 else []


def _strong(cluster: _Cluster, event: Event, location: str | None) -> bool:
    """Same place and the same occasion or mode: enough to join reports without dates."""
    same_place = bool(location and event.location and location.lower() == event.location.lower())
    occasion, mode = cluster.best("occasion"), cluster.best("mode")
    same_setting = bool((occasion and occasion == event.occasion) or (mode and mode == event.mode))
    return same_place and same_setting


def _dates_agree(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _near(a: str, b: str) -> bool:
    if len(a) != 10 or len(b) != 10:
        return False
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= _NEAR_DAYS


def _affinity(cluster: _Cluster, event: Event) -> tuple:
    return (
        len(cluster.participants & set(event.participants)),
        cluster.best("location") == event.location,
        cluster.date == event.date,
        -len(cluster.members),
    )


def _reconcile(cluster: _Cluster) -> Event:
    """One event from its reports: the most precise and most reported value of each field."""
    members = cluster.members
    first = min(members, key=lambda e: e.id)
    date_value = cluster.date
    precision = next((e.date_precision for e in members if e.date == date_value), None)
    counts = Counter(p for e in members for p in e.participants)
    participants = sorted(counts, key=lambda p: (-counts[p], p))
    evidence = _evidence(members)
    modes = [e.mode for e in members if e.mode]
    richest = max(members, key=lambda e: (len(e.participants), e.id))
    return Event(
        id=first.id,
        type=first.type,
        plover=first.plover,
        mode=_finest_mode(modes),
        date=date_value,
        date_precision=precision,
        location=cluster.best("location"),
        occasion=cluster.best("occasion"),
        participants=participants,
        source_actor=cluster.best("source_actor"),
        target_actor=cluster.best("target_actor"),
        summary=richest.summary,
        evidence=evidence,
        source_count=len({ev.document for ev in evidence}),
    )


_MODE_RANK = [
    "state visit",
    "official visit",
    "working visit",
    "phone call",
    "video call",
    "sidelines meeting",
    "limited format",
    "expanded format",
]


def _finest_mode(modes: list[str]) -> str | None:
    return min(modes, key=lambda m: _MODE_RANK.index(m) if m in _MODE_RANK else 99, default=None)


def _evidence(members: list[Event]) -> list[Evidence]:
    seen: dict[tuple[str, int], Evidence] = {}
    for event in members:
        for ev in event.evidence:
            seen.setdefault((ev.document, ev.start), ev)
    return [seen[k] for k in sorted(seen)]


def _conflicts(cluster: _Cluster, event: Event, places: PlaceIndex) -> list[Conflict]:
    """Reports of one event that disagree on its date (same precision) or its place."""
    found = []
    by_day: dict[str, list[Evidence]] = {}
    for member in cluster.members:
        if member.date and member.date_precision == event.date_precision:
            by_day.setdefault(member.date, []).extend(member.evidence)
    if len(by_day) > 1:
        found.append(_conflict(event.id, "event", "date", by_day))
    by_place: dict[str, list[Evidence]] = {}
    for member in cluster.members:
        if member.location:
            key = next((p for p in by_place if places.same(p, member.location)), member.location)
            by_place.setdefault(key, []).extend(member.evidence)
    if len(by_place) > 1 and not places.nested(list(by_place)):
        found.append(_conflict(event.id, "event", "location", by_place))
    return found


def _conflict(
    item_id: str, kind: str, field_name: str, values: dict[str, list[Evidence]]
) -> Conflict:
    return Conflict(
        id=f"conflict-{item_id}-{field_name}",
        subject=Subject(kind=kind, id=item_id),
        field=field_name,
        values=[ConflictValue(value=v, evidence=ev) for v, ev in sorted(values.items())],
    )
