"""One event per real event: reports of the same meeting by several outlets become one.

Blocking: the same type and at least one shared participant (people when both
name people); when either side is dated only by its year, one's participants
must include the other's. Within a block, a report joins an event when the dates agree
(equal, or one a coarser form of the other: 2022-06 and 2022-06-14), the
places agree, and nothing contradicts. An undated report joins a dated event
only on strong evidence: same place and same occasion or mode. Two dated
meetings of the same people on different days stay two events, except
reports of one visit a day or two apart with the same place and mode, which
merge with the disagreement recorded as a conflict.

Reports are clustered in the order they were published (then by document and
id), as a reader following the news meets them: the result depends only on the
set of reports, and an update adds the newest reports to a block's checkpoint
(:class:`Clustering`) instead of clustering its year again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from accord.fuse.places import PlaceIndex
from accord.models import Conflict, ConflictValue, Event, Evidence, Subject

_PRECISION = {"day": 0, "month": 1, "year": 2}
_NEAR_DAYS = 2


@dataclass(slots=True, eq=False)
class _Cluster:
    """Reports found to be one event so far, with what joining compares kept up to date.

    Attributes are maintained as reports are added instead of recomputed at every
    comparison: a block holds thousands of reports, and each is compared with every
    cluster that shares a participant with it.
    """

    number: int  # position in creation order: ties between candidates go to the older one
    type: str = ""
    size: int = 0  # members, with those of a restored cluster not read back
    members: list[Event] = field(default_factory=list)
    people: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)
    date: str | None = None
    _counts: dict[str, Counter] = field(default_factory=dict)
    _best: dict[str, str | None] = field(default_factory=dict)
    _dates: dict[int, Counter] = field(default_factory=dict)  # precision rank -> date counts

    def add(self, event: Event) -> None:
        self.members.append(event)
        self.size += 1
        self.participants.update(event.participants)
        self.people.update(p for p in event.participants if p.startswith("person:"))
        for attr in _VOTED:
            value = getattr(event, attr)
            if value:
                counts = self._counts.setdefault(attr, Counter())
                counts[value] += 1
                self._vote(attr)
        if event.date:
            rank = _PRECISION.get(event.date_precision or "", 3)
            self._dates.setdefault(rank, Counter())[event.date] += 1
            self._date()

    def _vote(self, attr: str) -> None:
        # Counter.most_common keeps first-seen order among ties, as a fresh count would
        self._best[attr] = self._counts[attr].most_common(1)[0][0]

    def _date(self) -> None:
        # the most reported of the most precise dates (the latest on a tie)
        values = self._dates[min(self._dates)]
        self.date = max(values, key=lambda v: (values[v], v))

    def best(self, attr: str) -> str | None:
        return self._best.get(attr)

    def state(self) -> dict:
        """What joining reads of the cluster, as JSON (counts in first-seen order, which
        decides ties); its members are not part of it."""
        return {
            "type": self.type,
            "size": self.size,
            "people": sorted(self.people),
            "participants": sorted(self.participants),
            "counts": {attr: list(counts.items()) for attr, counts in self._counts.items()},
            "dates": {str(rank): list(counts.items()) for rank, counts in self._dates.items()},
        }

    @classmethod
    def restored(cls, number: int, state: dict) -> _Cluster:
        cluster = cls(number, state["type"], state["size"])
        cluster.people = set(state["people"])
        cluster.participants = set(state["participants"])
        for attr, pairs in state["counts"].items():
            cluster._counts[attr] = Counter(dict(pairs))
            cluster._vote(attr)
        for rank, pairs in state["dates"].items():
            cluster._dates[int(rank)] = Counter(dict(pairs))
        if cluster._dates:
            cluster._date()
        return cluster


_VOTED = ("location", "occasion", "mode", "source_actor", "target_actor")


def fuse_events(
    events: list[Event], places: PlaceIndex, published: dict[str, str | None] | None = None
) -> tuple[list[Event], list[Conflict]]:
    """Merged events (with every report's evidence) and the conflicts found inside them.

    ``published`` (document id -> publication day) orders the reports and lets an
    undated report join the one matching event that happened in the week before it
    was published.
    """
    clustering = Clustering(places, {} if published is None else published)
    for event in sorted(events, key=clustering.order):
        clustering.add(event)
    return clustering.results()


class Clustering:
    """Reports of one block clustered one at a time, in publication order (:meth:`order`),
    with a checkpoint an update resumes from.

    A checkpoint (:meth:`checkpoint`) is what joining reads of every cluster and which
    reports (``refs``: the caller's keys, database pks) each is made of. A clustering
    :meth:`resumed` from one takes the reports published since, and
    :meth:`results` merges only the clusters those joined or made (``touched``),
    their earlier reports read back by the caller (their evidence is needed whole).
    Reports published after every one in the checkpoint give exactly the clusters a
    clustering of all of them gives: the order is the same.
    """

    def __init__(self, places: PlaceIndex, published: dict[str, str | None]) -> None:
        self.places = places
        self.published = published
        self.clusters: list[_Cluster] = []
        self.index = _Index()
        self.refs: list[list] = []  # per cluster, the keys of its reports
        self.records: list[str | None] = []  # per cluster, the id of its merged event
        self.restored = 0  # clusters that came from a checkpoint
        self.touched: set[int] = set()  # clusters joined or made since (all, if not resumed)

    def order(self, event: Event) -> tuple:
        """Where a report comes in the clustering: its publication day, document, id."""
        document = min((e.document for e in event.evidence), default="")
        return (self.published.get(document) or "", document, event.id)

    def add(self, event: Event, ref: object = None) -> None:
        clusters = self.clusters
        nearby = [clusters[i] for i in self.index.nearby(event, clusters)]
        if event.date is None and not (event.location and (event.occasion or event.mode)):
            candidates = []  # undated: joining needs the same place and setting (_strong)
        else:
            sides = _Sides(event)
            candidates = [c for c in nearby if _joins(c, event, sides, self.places)]
        if not candidates and event.date is None:
            candidates = _just_before(nearby, event, self.places, self.published)
        target = max(candidates, key=lambda c: _affinity(c, event), default=None)
        if target is None:
            target = _Cluster(len(clusters), event.type)
            clusters.append(target)
            self.refs.append([])
            self.records.append(None)
        self.index.add(target, event)
        self.refs[target.number].append(ref)
        self.touched.add(target.number)

    def checkpoint(self) -> list[dict]:
        """Every cluster as it is now, as JSON (completed by :meth:`seal`)."""
        return [
            {
                **cluster.state(),
                "days": sorted(self.index.days.get(cluster.number, ())),
                "months": sorted(self.index.months.get(cluster.number, ())),
                "refs": list(refs),
                "record": None,
            }
            for cluster, refs in zip(self.clusters, self.refs, strict=True)
        ]

    def seal(self, checkpoint: list[dict]) -> None:
        """Complete a checkpoint taken earlier, once :meth:`results` are in: each cluster's
        event id, and whether reports after the checkpoint joined it (``later``: its
        stored event holds them, so it is merged again when resumed, whether or not they
        join it again)."""
        for number, saved in enumerate(checkpoint):
            saved["record"] = self.records[number]
            saved["later"] = len(self.refs[number]) > len(saved["refs"])

    @classmethod
    def resumed(
        cls, places: PlaceIndex, published: dict[str, str | None], saved: list[dict]
    ) -> Clustering:
        """The clustering of a checkpoint; its clusters' reports are not read back."""
        clustering = cls(places, published)
        for number, state in enumerate(saved):
            cluster = _Cluster.restored(number, state)
            clustering.clusters.append(cluster)
            clustering.refs.append(list(state["refs"]))
            clustering.records.append(state["record"])
            clustering.index.restore(cluster, state["days"], state["months"])
            if state["later"]:
                clustering.touched.add(number)
        clustering.restored = len(saved)
        return clustering

    def earlier(self) -> dict[int, list]:
        """The refs of the reports of touched restored clusters from before the checkpoint:
        what :meth:`results` needs read back."""
        return {
            n: self.refs[n][: self.clusters[n].size - len(self.clusters[n].members)]
            for n in sorted(self.touched)
            if n < self.restored
        }

    def results(
        self, earlier: dict[int, list[Event]] | None = None
    ) -> tuple[list[Event], list[Conflict]]:
        """The merged events of the touched clusters and their conflicts, in creation
        order; ``earlier``: the reports of :meth:`earlier`, by cluster. Sets ``records``."""
        merged, conflicts = [], []
        for cluster in self.clusters:
            if cluster.number not in self.touched:
                continue
            if earlier and cluster.number in earlier:
                cluster.members[:0] = earlier[cluster.number]
            event = _reconcile(cluster)
            self.records[cluster.number] = event.id
            merged.append(event)
            conflicts += _conflicts(cluster, event, self.places)
        return merged, conflicts


@dataclass(slots=True)
class _Index:
    """Which clusters an event could join, found without comparing it with all of them.

    A day-dated report can only join a cluster with a member dated within two
    days of it, a month-dated one a cluster with a member in that month (a
    cluster's date is one of its members'), and either must share a
    participant: those come from an index by (day or month, participant). So a
    dated report does not join a cluster of only year-dated or undated reports
    published before it ('earlier this year, the ministers met' mostly follows
    the reports of the day; when it comes first, the two stay apart).
    Every other rule needs a shared participant, and a shared person when both
    the report and the cluster name people: a report naming people is compared
    with the clusters sharing one of them and the clusters naming nobody that
    share a participant; a report naming nobody with every cluster sharing a
    participant. Lists keep creation order, which decides ties.
    """

    # (day or month of a member, participant) -> clusters, for dated reports
    by_day: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_month: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    # the same, for clusters that named nobody when the entry was made
    by_day_np: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_month_np: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    by_participant: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_person: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    without_people: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    days: dict[int, set[str]] = field(default_factory=dict)  # cluster -> its members' days
    months: dict[int, set[str]] = field(default_factory=dict)

    def nearby(self, event: Event, clusters: list[_Cluster]) -> list[int]:
        when = event.date or ""
        people = [p for p in event.participants if p.startswith("person:")]
        if event.date_precision == "day" and len(when) == 10:
            day = date.fromisoformat(when)
            days = [
                (day + timedelta(days=s)).isoformat() for s in range(-_NEAR_DAYS, _NEAR_DAYS + 1)
            ]
            return self._dated(days, event, people, clusters, self.by_day, self.by_day_np)
        if event.date_precision == "month" and len(when) == 7:
            return self._dated([when], event, people, clusters, self.by_month, self.by_month_np)
        if not people:
            found = {i for p in event.participants for i in self.by_participant.get(p, ())}
        else:
            found = {i for p in people for i in self.by_person.get(p, ())}
            found.update(
                i
                for p in event.participants
                for i in self.without_people.get(p, ())
                if not clusters[i].people
            )
        return sorted(found)

    @staticmethod
    def _dated(
        keys: list[str],
        event: Event,
        people: list[str],
        clusters: list[_Cluster],
        index: dict[tuple[str, str], list[int]],
        without_people: dict[tuple[str, str], list[int]],
    ) -> list[int]:
        """Clusters with a member on one of ``keys`` (days or a month) sharing a participant.

        A report naming people can only join a cluster sharing one of them or a cluster
        naming nobody: on a busy day thousands of clusters share its countries, so those
        are not looked up through the countries.
        """
        if not people:
            return sorted(
                {i for k in keys for p in event.participants for i in index.get((k, p), ())}
            )
        found = {i for k in keys for p in people for i in index.get((k, p), ())}
        found.update(
            i
            for k in keys
            for p in event.participants
            for i in without_people.get((k, p), ())
            if not clusters[i].people  # entries stay when a cluster later names people
        )
        return sorted(found)

    def add(self, cluster: _Cluster, event: Event) -> None:
        """Add ``event`` to ``cluster`` and index what it brings."""
        new = [p for p in dict.fromkeys(event.participants) if p not in cluster.participants]
        cluster.add(event)
        number = cluster.number
        days = self.days.setdefault(number, set())
        months = self.months.setdefault(number, set())
        nobody = not cluster.people
        for participant in new:  # under the days and months the cluster already has
            for day in days:
                self._put(self.by_day, self.by_day_np, (day, participant), number, nobody)
            for month in months:
                self._put(self.by_month, self.by_month_np, (month, participant), number, nobody)
        when = event.date or ""
        if len(when) == 10 and when not in days:
            days.add(when)
            for participant in cluster.participants:
                self._put(self.by_day, self.by_day_np, (when, participant), number, nobody)
        if len(when) >= 7 and when[:7] not in months:
            months.add(when[:7])
            for participant in cluster.participants:
                self._put(self.by_month, self.by_month_np, (when[:7], participant), number, nobody)
        for participant in new:
            self.by_participant[participant].append(number)
            if participant.startswith("person:"):
                self.by_person[participant].append(number)
        if not cluster.people:
            for participant in new:
                self.without_people[participant].append(number)

    def restore(self, cluster: _Cluster, days: list[str], months: list[str]) -> None:
        """Index a cluster restored from a checkpoint, as adding its reports did (entries
        made while a cluster named nobody only count while it still does)."""
        number, nobody = cluster.number, not cluster.people
        self.days[number], self.months[number] = set(days), set(months)
        for participant in sorted(cluster.participants):
            for day in days:
                self._put(self.by_day, self.by_day_np, (day, participant), number, nobody)
            for month in months:
                self._put(self.by_month, self.by_month_np, (month, participant), number, nobody)
            self.by_participant[participant].append(number)
            if participant.startswith("person:"):
                self.by_person[participant].append(number)
            if nobody:
                self.without_people[participant].append(number)

    @staticmethod
    def _put(index: dict, without_people: dict, key: tuple[str, str], number: int, nobody: bool):
        index[key].append(number)
        if nobody:
            without_people[key].append(number)


class _Sides:
    """A report's participants as sets, made once for all the clusters it is compared with."""

    __slots__ = ("participants", "people")

    def __init__(self, event: Event) -> None:
        self.participants = set(event.participants)
        self.people = {p for p in self.participants if p.startswith("person:")}


def _joins(cluster: _Cluster, event: Event, sides: _Sides, places: PlaceIndex) -> bool:
    if cluster.type != event.type:
        return False
    cluster_date = cluster.date
    agree = None  # unknown: one side has no date
    if cluster_date and event.date:
        agree = _dates_agree(cluster_date, event.date)
        if not agree and not _near(cluster_date, event.date):
            return False  # the cheap test first: most clusters of a block are other days
    if cluster.people and sides.people:
        mine, theirs = sides.people, cluster.people
    else:
        mine, theirs = sides.participants, cluster.participants
    if not mine & theirs:
        return False
    # 'Earlier this year, the ministers of X and Y met', from outlets writing about
    # different pairs: a year and one shared country say nothing of being the same
    # meeting (such reports chained into one event of every country). A report dated
    # only by its year joins a meeting naming all its sides, or all of whose sides it names.
    year_only = _year_only(cluster_date) or _year_only(event.date)
    if year_only and not (mine <= theirs or theirs <= mine):
        return False
    location = cluster.best("location")
    # A report a day or two off, or without a date, joins only on strong evidence (tested
    # before the places, which cost more: most undated reports have no place).
    if not agree and not _strong(cluster, event, location):
        return False
    return places.compatible(location, event.location)


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
    earliest = (date.fromisoformat(day) - timedelta(days=_RECENT_DAYS)).isoformat()
    found = []
    for cluster in clusters:
        when = cluster.date  # ISO days compare as strings: the cheap test first
        if (
            not when
            or len(when) != 10
            or not earliest <= when <= day
            or cluster.type != event.type
            or not people & cluster.participants
            or not places.compatible(cluster.best("location"), event.location)
        ):
            continue
        found.append(cluster)
    return found if len(found) == 1 else []


def _strong(cluster: _Cluster, event: Event, location: str | None) -> bool:
    """Same place and the same occasion or mode: enough to join reports without dates."""
    same_place = bool(location and event.location and location.lower() == event.location.lower())
    occasion, mode = cluster.best("occasion"), cluster.best("mode")
    same_setting = bool((occasion and occasion == event.occasion) or (mode and mode == event.mode))
    return same_place and same_setting


def _year_only(day: str | None) -> bool:
    return day is not None and len(day) == 4


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
        -cluster.size,
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


def conflict_ids(event_id: str) -> list[str]:
    """The ids the conflicts found inside event ``event_id`` can have (see _conflicts)."""
    return [_conflict_id(event_id, name) for name in ("date", "location")]


def _conflict_id(item_id: str, field_name: str) -> str:
    return f"conflict-{item_id}-{field_name}"


def _conflict(
    item_id: str, kind: str, field_name: str, values: dict[str, list[Evidence]]
) -> Conflict:
    return Conflict(
        id=_conflict_id(item_id, field_name),
        subject=Subject(kind=kind, id=item_id),
        field=field_name,
        values=[ConflictValue(value=v, evidence=ev) for v, ev in sorted(values.items())],
    )
