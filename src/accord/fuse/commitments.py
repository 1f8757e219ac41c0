"""Commitment tracking: restatements merged, later evidence linked, a status for each.

Status as of the newest document in the knowledge base ("as of"), never
today's date, so the same input always gives the same record:
- fulfilled: a later report shows it done — an invitation to visit by the
  visit (a meeting in visit mode with the inviter, after the invitation and
  within the due period); a planned event or project by a completion report
  or event sharing its distinctive words; a document to be signed by a signed
  agreement of similar title; a target by a figure of the same indicator
  reaching it;
- superseded: a later target for the same indicator replaced it;
- overdue: its due period ended before "as of" with no such evidence;
- open: otherwise.
``reason`` says which rule, which evidence and which score decided.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from accord.analyze.figures import amounts
from accord.analyze.reference import Reference, load_reference
from accord.fuse.agreements import title_key
from accord.models import Agreement, Commitment, Event, Evidence, Figure

_STOP = set(
    """
a an the and or of to in on at for by with from as is are was were be been being will would shall
should can could may might that this these those it its their his her our we they he she both two
sides side countries country president presidents leader leaders said noted agreed agree also
next year years month months this that which who new first second such into over more than than
held hold take place places taking taken make made pay paid visit visits state official working
between during after before following today yesterday already still according press service
government governments party parties plan plans planned expected be been is are construction
where when while there here also well however other others per cent percent billion million
meet meets met meeting meetings talks negotiations summit
""".split()
)
_SIMILAR = 80


def fuse_commitments(commitments: list[Commitment], parties: Parties) -> list[Commitment]:
    """Restatements of one commitment (same kind, similar words, compatible due, the same
    countries committed) merge; see :func:`cluster_commitments`."""
    return cluster_commitments(sorted(commitments, key=statement_order), parties)


def statement_order(c: Commitment) -> tuple[str, str]:
    """The order statements are clustered in: oldest first."""
    return (c.made_on or "", c.id)


def cluster_commitments(ordered: Iterable[Commitment], parties: Parties) -> list[Commitment]:
    """Merge restatements from statements given in :func:`statement_order`, read once.

    Each commitment joins the oldest cluster whose first statement it restates;
    only clusters sharing a distinctive word with it are compared. A cluster keeps
    its first statement and what merging needs, not every statement: a block can
    stream in.
    """
    clustering = Clustering(parties)
    for commitment in ordered:
        clustering.add(commitment)
    return clustering.results()


class Clustering:
    """Restatements merged as statements come in, in :func:`statement_order`.

    :meth:`checkpoint` says where it stands without the evidence (what an update
    resumes from, see :meth:`resumed`): a block restated across a whole archive
    is not clustered from its first statement again for every few documents added.
    """

    def __init__(self, parties: Parties) -> None:
        self.parties = parties
        self.clusters: list[_Merged] = []
        self.heads: list[_Subject] = []  # what each cluster's first statement is about
        self.by_term: dict[str, list[int]] = defaultdict(list)
        # clusters whose first statement names each quantity, and those naming none: a
        # statement naming a quantity can only restate one of them
        self.by_amount: dict[tuple[str, float] | None, list[int]] = defaultdict(list)

    def add(self, commitment: Commitment) -> None:
        mine = _subject(commitment, self.parties)
        if mine[2]:
            nearby = sorted({i for key in (*mine[2], None) for i in self.by_amount.get(key, ())})
        else:
            nearby = sorted({i for w in mine[0] for i in self.by_term.get(w, ())})
        clusters, heads = self.clusters, self.heads
        home = next(
            (i for i in nearby if _same(clusters[i].first, commitment, heads[i], mine)), None
        )
        if home is None:
            self._start(_Merged(commitment), mine)
        else:
            clusters[home].add(commitment)

    def _start(self, cluster: _Merged, mine: _Subject) -> None:
        number = len(self.clusters)
        for word in mine[0]:
            self.by_term[word].append(number)
        for key in mine[2] or (None,):
            self.by_amount[key].append(number)
        self.clusters.append(cluster)
        self.heads.append(mine)

    def results(self) -> list[Commitment]:
        return [c.merged() for c in self.clusters]

    def checkpoint(self) -> list[dict]:
        """Each cluster so far, in order: its first statement (without evidence), makers
        counted, due and id — JSON-ready."""
        return [
            {
                "first": c.first.model_dump(mode="json", exclude={"evidence"}),
                "by": dict(c.by),
                "due": c.due,
                "id": c.id,
            }
            for c in self.clusters
        ]

    @classmethod
    def resumed(
        cls, parties: Parties, checkpoint: list[dict], evidence: list[list[Evidence]]
    ) -> Clustering:
        """The clustering a :meth:`checkpoint` was taken of, each cluster with the
        ``evidence`` given for it (a knowledge base gives none: it keeps the evidence
        stored apart, and the clusters collect only what is added to them)."""
        clustering = cls(parties)
        for saved, found in zip(checkpoint, evidence, strict=True):
            cluster = _Merged.restored(saved, found)
            clustering._start(cluster, _subject(cluster.first, parties))
        return clustering


class _Merged:
    """One commitment's statements so far: the first, and what the merged one takes from
    all (the makers counted, every evidence sentence, the most precise due, the least id)."""

    __slots__ = ("by", "due", "evidence", "first", "id")

    def __init__(self, first: Commitment) -> None:
        self.first = first
        self.by: Counter[str] = Counter()
        self.evidence: dict[tuple[str, int], Evidence] = {}
        self.due: str | None = None
        self.id = first.id
        self.add(first)

    @classmethod
    def restored(cls, saved: dict, evidence: list[Evidence]) -> _Merged:
        """A cluster from its :meth:`Clustering.checkpoint` entry and its evidence then
        (its statements are not added again)."""
        cluster = cls.__new__(cls)
        cluster.first = Commitment(**saved["first"])
        cluster.by = Counter(saved["by"])
        cluster.evidence = {(e.document, e.start): e for e in evidence}
        cluster.due = saved["due"]
        cluster.id = saved["id"]
        return cluster

    def add(self, c: Commitment) -> None:
        self.by.update(c.by)
        for e in c.evidence:
            self.evidence[(e.document, e.start)] = e
        if c.due and (self.due is None or len(c.due) > len(self.due)):
            self.due = c.due  # the first of the longest
        self.id = min(self.id, c.id)

    def merged(self) -> Commitment:
        return self.first.model_copy(
            update={
                "id": self.id,
                "by": sorted(self.by, key=lambda p: (-self.by[p], p)),
                "due": self.due,
                "evidence": [self.evidence[k] for k in sorted(self.evidence)],
            }
        )


class Parties:
    """The countries a commitment's makers stand for: a country itself, an institution by
    the country codes its id ends with, a person of the reference tables by the
    countries of their offices. Other actors say nothing."""

    def __init__(self, reference: Reference) -> None:
        self._people = {
            pid: frozenset(r.country for r in p.roles if r.country)
            for pid, p in reference.people.items()
        }

    def key(self) -> list:
        """What the countries of makers depend on, JSON-ready (for summaries of fusion)."""
        return sorted([pid, sorted(codes)] for pid, codes in self._people.items())

    def of(self, commitment: Commitment) -> frozenset[str]:
        found: set[str] = set()
        for actor in commitment.by:
            kind, _, rest = actor.partition(":")
            if kind == "country":
                found.add(rest)
            elif kind == "person":
                found |= self._people.get(actor, frozenset())
            elif kind == "institution" and _CODES.fullmatch(codes := rest.rpartition(":")[2]):
                found.update(codes.split("-"))
        return frozenset(found)


_CODES = re.compile(r"[A-Z]{3}(?:-[A-Z]{3})*")


def track(
    commitments: list[Commitment],
    events: Iterable[Event],
    agreements: Iterable[Agreement],
    figures: Iterable[Figure],
    as_of: str | None,
    published: dict[str, str | None] | None = None,
    reference: Reference | None = None,
    stated: dict[str, set[str]] | None = None,
) -> list[Commitment]:
    """Each commitment with its status, fulfilling events and the reason.

    ``published`` (document id -> publication day): a report that something was
    done which gives no date of its own ('the transit of gas has already
    increased') counts as done by the day it was published. ``reference``: the
    tables whose place names and demonyms are read (the bundled ones if None).
    ``stated`` (commitment id -> ids of the figures stated in its evidence
    sentences): what tracking reads of the sentences, for commitments and figures
    given without their evidence (stored apart in a knowledge base); found from
    their evidence if None.
    """
    reference = reference or load_reference(None)
    days = {} if published is None else published  # may fill as it is read
    record = _Record(
        commitments,
        events,
        agreements,
        figures,
        days,
        _Places(reference),
        Parties(reference),
        stated,
    )
    tracked = []
    for commitment in commitments:
        status, fulfilled_by, reason = _status(commitment, record, as_of)
        tracked.append(
            commitment.model_copy(
                update={"status": status, "fulfilled_by": fulfilled_by, "reason": reason}
            )
        )
    return tracked


class _Record:
    """What tracking compares each commitment with, indexed once for all of them.

    A large record holds thousands of commitments and tens of thousands of
    events; comparing each commitment with every event, re-reading each event's
    words every time, made tracking grow with the square of the record.
    """

    def __init__(
        self,
        commitments: list[Commitment],
        events: Iterable[Event],
        agreements: Iterable[Agreement],
        figures: Iterable[Figure],
        published: dict[str, str | None],
        places: _Places,
        parties: Parties,
        stated: dict[str, set[str]] | None = None,
    ) -> None:
        """Events and figures are read once, in order: they can stream in. What is kept of
        them is what tracking reads (their words, and where figures were stated: by id, and
        by sentence when given with their evidence; not the evidence)."""
        self.places = places
        self.parties = parties  # the countries each commitment is made for
        self._terms: dict[str, set[str]] = {}
        self._commitment_terms: dict[str, set[str]] = {}
        self._countries: dict[str, frozenset[str]] = {}
        self.commitments = commitments
        self.agreements = list(agreements)
        self.figures: list[Figure] = []
        # where each figure is in the order given: by id (a knowledge base's figures, each
        # id once) and, when given with their evidence, by sentence
        self._positions: dict[str, list[int]] = defaultdict(list)
        self._at: dict[tuple[str, int], list[int]] = defaultdict(list)
        for figure in figures:
            self._positions[figure.id].append(len(self.figures))
            for e in figure.evidence:
                self._at[(e.document, e.start)].append(len(self.figures))
            self.figures.append(figure.model_copy(update={"evidence": []}))
        self._stated = stated
        self._target_values: dict[int, Figure | None] = {}  # by commitment object
        # figures by what they measure, in the order given: a target is compared only with
        # figures of its indicator and unit, and of its countries when it has any (trade
        # of every pair is restated across an archive)
        self.by_quantity: dict[tuple, list[Figure]] = defaultdict(list)
        for figure in self.figures:
            quantity = (figure.indicator, figure.unit)
            self.by_quantity[quantity].append(figure)
            self.by_quantity[(*quantity, frozenset(figure.between))].append(figure)
        self.targets = {f.id for f in self.figures if f.target} | {
            f.id
            for c in commitments
            if c.kind == "target"
            for f in [self.target_value(c)]
            if f is not None
        }  # a goal never shows a goal met
        # Dated events, each with its position in the given order (ties go to the first),
        # indexed by what can show a commitment done: its distinctive words, and for a
        # visit its participants. A commitment is compared only with the reports sharing
        # one, not with every report of its years.
        self.when: dict[str, str | None] = {}
        self.position: dict[str, int] = {}
        self._by_term: dict[str, list[Event]] = defaultdict(list)
        self._visits: dict[str, list[Event]] = defaultdict(list)
        self._signings: dict[tuple[str, int], str] = {}  # evidence sentence -> signing event
        for position, e in enumerate(events):
            when = self.when[e.id] = _known_by(e, published)
            self.position[e.id] = position
            if e.type == "agreement_signing":
                for ev in e.evidence:
                    self._signings.setdefault((ev.document, ev.start), e.id)
            if not when:
                continue
            words = self.event_terms(e) if e.type in _WORDED else set()
            kept = e.model_copy(update={"evidence": []})
            for word in words:
                self._by_term[word].append(kept)
            if e.type == "meeting" and "visit" in (e.mode or ""):
                for participant in dict.fromkeys(e.participants):
                    self._visits[participant].append(kept)

    def countries_of(self, c: Commitment) -> frozenset[str]:
        """The countries a target is about (see :meth:`pair_of`), else those its words name;
        read once per commitment (superseding compares them pairwise)."""
        found = self._countries.get(c.id)
        if found is None:
            named = self.places.countries_named(self.commitment_terms(c))
            found = self.pair_of(c, self.target_value(c)) or frozenset(
                f"country:{code}" for code in named
            )
            self._countries[c.id] = found
        return found

    def pair_of(self, c: Commitment, target: Figure | None) -> frozenset[str]:
        """The countries a target is about: its figure's, else those who set it (empty when
        unknown)."""
        if target is not None and target.between:
            return frozenset(target.between)
        return frozenset(f"country:{code}" for code in self.parties.of(c))

    def target_value(self, c: Commitment) -> Figure | None:
        """The figure stated in the commitment's own sentences: the first target figure
        there in the order given, else the first figure (analyses before targets were
        marked)."""
        if id(c) not in self._target_values:
            if self._stated is None:  # figures and commitment given with their sentences
                found = sorted(
                    p for e in c.evidence for p in self._at.get((e.document, e.start), ())
                )
            else:
                found = sorted(
                    p for f in self._stated.get(c.id, ()) for p in self._positions.get(f, ())
                )
            marked = [i for i in found if self.figures[i].target]
            self._target_values[id(c)] = self.figures[(marked or found)[0]] if found else None
        return self._target_values[id(c)]

    def visits_with(self, people: list[str]) -> list[Event]:
        """Dated visits in which one of ``people`` took part."""
        found = {e.id: e for p in people for e in self._visits.get(p, ())}
        return list(found.values())

    def sharing(self, words: set[str]) -> list[tuple[Event, int]]:
        """Dated events that can show something done sharing at least two of ``words``,
        with how many they share."""
        shared: Counter[str] = Counter()
        found: dict[str, Event] = {}
        for word in words:
            for e in self._by_term.get(word, ()):
                shared[e.id] += 1
                found[e.id] = e
        return [(found[i], n) for i, n in shared.items() if n >= 2]

    @staticmethod
    def within(when: str, made_on: str, due: str | None) -> bool:
        """Dated after the commitment and no later than the end of its due period (+1 year)."""
        # when[:4] <= limit is when < the year after limit, as ISO strings
        return when > made_on and (not due or when < str(int(_end_of(due)[:4]) + 2))

    def signing_of(self, agreement: Agreement) -> list[str]:
        """The signing event reported in the agreement's own sentences, if any."""
        found = (self._signings.get((e.document, e.start)) for e in agreement.evidence)
        return next(([i] for i in found if i), [])

    def event_terms(self, event: Event) -> set[str]:
        found = self._terms.get(event.id)
        if found is None:
            found = self._terms[event.id] = terms(" ".join(e.text for e in event.evidence))
        return found

    def commitment_terms(self, c: Commitment) -> set[str]:
        found = self._commitment_terms.get(c.id)
        if found is None:
            found = self._commitment_terms[c.id] = terms(c.text)
        return found


def terms(text: str) -> set[str]:
    """Distinctive words: what the commitment is about, without grammar and diplomatic filler
    ('meeting', 'talks': every meeting report has them)."""
    words = re.findall(r"[a-zà-ÿ][a-zà-ÿ'’-]+", text.lower())
    return {w for w in (w.strip("'’-") for w in words) if w not in _STOP and len(w) > 2}


class _Places:
    """One-word names of countries ('uzbekistan') and of their demonyms ('uzbek'), each to
    its country's code, and one-word names of capitals and cities ('osh'), from the
    reference tables the analysis used (the user's additions included)."""

    def __init__(self, reference: Reference) -> None:
        one_word = re.compile(r"[^\W\d_]+")
        names: dict[str, str] = {}
        self.demonyms: dict[str, str] = {}
        cities: set[str] = set()
        for c in reference.countries.values():
            for name in (c.name, *c.aliases):
                if one_word.fullmatch(name):
                    names.setdefault(name.lower(), c.code)
            for name in c.demonyms:
                if one_word.fullmatch(name):
                    self.demonyms.setdefault(name.lower(), c.code)
            for name in (c.capital, *c.capital_aliases, *(n for city in c.cities for n in city)):
                if one_word.fullmatch(name):
                    cities.add(name.lower())
        self.names = {k: v for k, v in names.items() if k not in self.demonyms}
        self.cities = cities - self.demonyms.keys()

    def subject(self, words: set[str]) -> tuple[set[str], set[str]]:
        """Words that can show a report is about a commitment, and the countries its
        demonyms name.

        Place names say where things happen, and every report on a relationship names its
        two countries: they show nothing alone. A demonym says whose thing it is: a report
        about 'Days of Kyrgyz Culture' or an 'Uzbek-funded hospital' names that country.
        """
        kept = words - self.names.keys() - self.cities
        return kept, {self.demonyms[w] for w in words if w in self.demonyms}

    def countries_named(self, words: set[str]) -> set[str]:
        """Countries a report names by name or demonym (a city does not say whose it is)."""
        return {
            self.names.get(w) or self.demonyms[w]
            for w in words
            if w in self.names or w in self.demonyms
        }


# A statement's distinctive words, the countries committed and, for a target, the
# quantities it names.
_Subject = tuple[set[str], frozenset[str], frozenset[tuple[str, float]]]


def _subject(c: Commitment, parties: Parties) -> _Subject:
    return (
        terms(c.text),
        parties.of(c),
        amounts(c.text) if c.kind == "target" else frozenset(),
    )


def _same(a: Commitment, b: Commitment, mine: _Subject, theirs: _Subject) -> bool:
    """One commitment restated: same kind, compatible due, the same countries (one
    statement's among the other's: 'Japarov pledged' restates what both presidents
    pledged, but Uzbek-Kyrgyz and Uzbek-Kazakh trade targets are two), for targets a
    quantity in common when both name one ($5 billion is not the $7 billion target),
    and the same subject — at least two distinctive words shared, covering 60% of the
    shorter statement's words (two words are enough for targets of the same quantity)."""
    if a.kind != b.kind or not _due_compatible(a.due, b.due):
        return False
    if mine[1] and theirs[1] and not (mine[1] <= theirs[1] or theirs[1] <= mine[1]):
        return False
    if mine[2] and theirs[2] and not mine[2] & theirs[2]:
        return False
    shared = mine[0] & theirs[0]
    if mine[2] & theirs[2]:  # the same quantity: two words in common ('bilateral trade')
        return len(shared) >= 2
    return len(shared) >= 2 and len(shared) >= 0.6 * min(len(mine[0]), len(theirs[0]))


def _due_compatible(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _status(c: Commitment, record: _Record, as_of: str | None) -> tuple[str, list[str], str | None]:
    found = _fulfilment(c, record, as_of)
    if found is not None:
        return "fulfilled", found[0], found[1]
    newer = _superseding(c, record)
    if newer is not None:
        return "superseded", [], f"replaced by the later commitment {newer.id}: {newer.text[:80]}"
    if c.due and as_of and _end_of(c.due) < as_of:
        return "overdue", [], f"due {c.due}; no report of it done by {as_of}"
    return "open", [], None


def _fulfilment(c: Commitment, record: _Record, as_of: str | None) -> tuple[list[str], str] | None:
    after = c.made_on or ""
    if c.kind == "invitation":
        # the first visit in the order the events were given
        visits = [
            e for e in record.visits_with(c.by) if record.within(record.when[e.id], after, c.due)
        ]
        if visits:
            event = min(visits, key=lambda e: record.position[e.id])
            return [event.id], (
                f"rule invitation→visit: {event.mode} on {event.date} "
                f"with {', '.join(sorted(set(c.by) & set(event.participants)))}"
            )
        return None
    if c.kind == "target":
        return _target_met(c, record, as_of)
    if c.kind == "document":
        for agreement in record.agreements:
            if agreement.status in ("signed", "ratified") and (agreement.date or "") > after:
                score = fuzz.partial_ratio(title_key(agreement.title), c.text.lower())
                if score >= 80:
                    return record.signing_of(agreement), (
                        f"rule document→signed agreement: '{agreement.title}' "
                        f"{agreement.status} {agreement.date} (similarity {score:.0f})"
                    )
        return None
    wanted, whose = record.places.subject(record.commitment_terms(c))
    kinds = _FULFILLING.get(c.kind, set())
    if c.kind == "planned_event" and _MEETING_WORDS.search(c.text):
        kinds = {"meeting"}
    # The first report that shows it done: at least two of its distinctive words, covering
    # 30% of them (of six at most), and its demonyms; ties go to the first given.
    first: tuple[tuple, float, Event] | None = None
    for event, shared in record.sharing(wanted):
        when = record.when[event.id]
        score = shared / max(1, min(len(wanted), 6))
        if (
            event.type not in kinds
            or score < 0.3
            or not record.within(when, after, c.due)
            or not whose <= record.places.countries_named(record.event_terms(event))
        ):
            continue
        key = (when, -score, record.position[event.id])
        if first is None or key < first[0]:
            first = (key, score, event)
    if first is None:
        return None
    _, score, event = first
    shared = sorted(wanted & record.event_terms(event))
    return [event.id], (
        f"rule {c.kind}→{event.type}: report of {record.when[event.id]} shares "
        f"{', '.join(shared[:6])} (score {score:.2f})"
    )


# Which events can show a commitment of each kind done.
_FULFILLING = {
    "planned_event": {"completion", "cooperation", "meeting"},
    "project": {"completion", "cooperation"},
}
# Every event type tracking reads: those that can show something done (a visit is a
# meeting) and signings, which a signed document links to. Others need not be loaded.
_WORDED = frozenset(t for kinds in _FULFILLING.values() for t in kinds)
TRACKED_EVENT_TYPES = _WORDED | {"agreement_signing", "meeting"}
# Commitment kinds an event shows done (documents: through the signed agreement).
EVENT_TRACKED_KINDS = frozenset({"invitation", *_FULFILLING})
_MEETING_WORDS = re.compile(r"\b(?:meet|meeting|talks|visit|summit|negotiations)\b", re.I)


def _target_met(c: Commitment, record: _Record, as_of: str | None) -> tuple[list[str], str] | None:
    target = record.target_value(c)
    if target is None:
        return None
    pair = record.pair_of(c, target)
    quantity = (target.indicator, target.unit, *([pair] if pair else []))
    for figure in record.by_quantity.get(quantity, ()):
        if (
            figure.change is None
            and figure.period
            # a year's figure counts for a target set during that year
            and (c.made_on or "") < _end_of(figure.period.rpartition("/")[2])
            and (as_of is None or figure.period <= as_of)
            and (not pair or frozenset(figure.between) == pair)  # trade of the same pair
            and figure.id not in record.targets
            and figure.value is not None
            and target.value is not None
            and figure.value >= target.value
            and figure.id != target.id
        ):
            return (
                [],
                f"rule target→figure: {figure.indicator} {figure.value:,.0f} in {figure.period}",
            )
    return None


def _superseding(c: Commitment, record: _Record) -> Commitment | None:
    """A later target about the same thing that sets another quantity or due (one that
    names no quantity: another due or wording)."""
    if c.kind != "target" or not c.made_on:
        return None
    mine = record.commitment_terms(c)
    for other in record.commitments:
        if (
            other.id != c.id
            and other.kind == "target"
            and other.made_on
            and other.made_on > c.made_on
            and len(mine & record.commitment_terms(other)) >= 2
            and _same_parties(record, c, other)
            and _replaces(other, c)
        ):
            return other
    return None


def _same_parties(record: _Record, a: Commitment, b: Commitment) -> bool:
    """Targets of one relationship: the countries of one among the other's (a Kazakh-Tajik
    target does not replace a Kazakh-Mongolian one)."""
    mine, theirs = record.countries_of(a), record.countries_of(b)
    return not mine or not theirs or mine <= theirs or theirs <= mine


def _replaces(other: Commitment, c: Commitment) -> bool:
    if other.due != c.due:
        return True
    mine, theirs = amounts(c.text), amounts(other.text)
    if mine and theirs:
        return not mine & theirs
    return other.text != c.text


def _known_by(event: Event, published: dict[str, str | None]) -> str | None:
    """An event's date; for an undated report that something was done, the day the first
    report of it was published."""
    if event.date or event.type != "completion":
        return event.date
    days = [published.get(e.document) for e in event.evidence]
    return min((d for d in days if d), default=None)


def _end_of(due: str) -> str:
    """The last day a partial date covers, as an ISO string comparable with dates."""
    if len(due) == 4:
        return f"{due}-12-31"
    if len(due) == 7:
        return f"{due}-31"
    return due
