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
from collections import Counter

from rapidfuzz import fuzz

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
""".split()
)
_SIMILAR = 80


def fuse_commitments(commitments: list[Commitment]) -> list[Commitment]:
    """Restatements of one commitment (same kind, similar words, compatible due) merge."""
    clusters: list[list[Commitment]] = []
    for commitment in sorted(commitments, key=lambda c: (c.made_on or "", c.id)):
        home = next((c for c in clusters if _same(c[0], commitment)), None)
        if home is None:
            clusters.append([commitment])
        else:
            home.append(commitment)
    return [_merge(c) for c in clusters]


def track(
    commitments: list[Commitment],
    events: list[Event],
    agreements: list[Agreement],
    figures: list[Figure],
    as_of: str | None,
) -> list[Commitment]:
    """Each commitment with its status, fulfilling events and the reason."""
    tracked = []
    for commitment in commitments:
        status, fulfilled_by, reason = _status(
            commitment, commitments, events, agreements, figures, as_of
        )
        tracked.append(
            commitment.model_copy(
                update={"status": status, "fulfilled_by": fulfilled_by, "reason": reason}
            )
        )
    return tracked


def terms(text: str) -> set[str]:
    """Distinctive words: what the commitment is about, without grammar and diplomatic filler."""
    words = re.findall(r"[a-zà-ÿ][a-zà-ÿ'’-]+", text.lower())
    return {w.strip("'’-") for w in words if w not in _STOP and len(w) > 2}


def _same(a: Commitment, b: Commitment) -> bool:
    """One commitment restated: same kind, compatible due, and the same subject — at least
    two distinctive words shared, covering 60% of the shorter statement's words."""
    if a.kind != b.kind or not _due_compatible(a.due, b.due):
        return False
    mine, theirs = terms(a.text), terms(b.text)
    shared = mine & theirs
    return len(shared) >= 2 and len(shared) >= 0.6 * min(len(mine), len(theirs))


def _due_compatible(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _merge(cluster: list[Commitment]) -> Commitment:
    first = cluster[0]
    by = Counter(p for c in cluster for p in c.by)
    evidence: dict[tuple[str, int], Evidence] = {
        (e.document, e.start): e for c in cluster for e in c.evidence
    }
    dues = [c.due for c in cluster if c.due]
    return first.model_copy(
        update={
            "id": min(c.id for c in cluster),
            "by": sorted(by, key=lambda p: (-by[p], p)),
            "due": max(dues, key=len) if dues else None,
            "evidence": [evidence[k] for k in sorted(evidence)],
        }
    )


def _status(
    c: Commitment,
    all_: list[Commitment],
    events: list[Event],
    agreements: list[Agreement],
    figures: list[Figure],
    as_of: str | None,
) -> tuple[str, list[str], str | None]:
    targets = {
        f.id
        for other in all_
        if other.kind == "target"
        for f in [_target_value(other, figures)]
        if f is not None
    }
    found = _fulfilment(c, events, agreements, figures, as_of, targets)
    if found is not None:
        return "fulfilled", found[0], found[1]
    newer = _superseding(c, all_)
    if newer is not None:
        return "superseded", [], f"replaced by the later commitment {newer.id}: {newer.text[:80]}"
    if c.due and as_of and _end_of(c.due) < as_of:
        return "overdue", [], f"due {c.due}; no report of it done by {as_of}"
    return "open", [], None


def _fulfilment(
    c: Commitment,
    events: list[Event],
    agreements: list[Agreement],
    figures: list[Figure],
    as_of: str | None,
    targets: set[str],
) -> tuple[list[str], str] | None:
    after = c.made_on or ""
    if c.kind == "invitation":
        for event in _after(events, after, c.due):
            if (
                event.type == "meeting"
                and "visit" in (event.mode or "")
                and set(c.by) & set(event.participants)
            ):
                return [event.id], (
                    f"rule invitation→visit: {event.mode} on {event.date} "
                    f"with {', '.join(sorted(set(c.by) & set(event.participants)))}"
                )
        return None
    if c.kind == "target":
        return _target_met(c, figures, as_of, targets)
    if c.kind == "document":
        for agreement in agreements:
            if agreement.status in ("signed", "ratified") and (agreement.date or "") > after:
                score = fuzz.partial_ratio(title_key(agreement.title), c.text.lower())
                if score >= 80:
                    return [], (
                        f"rule document→signed agreement: '{agreement.title}' "
                        f"{agreement.status} {agreement.date} (similarity {score:.0f})"
                    )
        return None
    wanted = terms(c.text)
    kinds = _FULFILLING.get(c.kind, set())
    if c.kind == "planned_event" and _MEETING_WORDS.search(c.text):
        kinds = {"meeting"}
    best: tuple[float, Event] | None = None
    for event in _after(events, after, c.due):
        if event.type not in kinds:
            continue
        shared = wanted & terms(" ".join(e.text for e in event.evidence))
        score = len(shared) / max(1, min(len(wanted), 6))
        if len(shared) >= 2 and score >= 0.3 and (best is None or score > best[0]):
            best = (score, event)
    if best is None:
        return None
    score, event = best
    shared = sorted(wanted & terms(" ".join(e.text for e in event.evidence)))
    return [event.id], (
        f"rule {c.kind}→{event.type}: report of {event.date or 'undated'} shares "
        f"{', '.join(shared[:6])} (score {score:.2f})"
    )


# Which events can show a commitment of each kind done.
_FULFILLING = {
    "planned_event": {"completion", "cooperation", "meeting"},
    "project": {"completion", "cooperation"},
}
_MEETING_WORDS = re.compile(r"\b(?:meet|meeting|talks|visit|summit|negotiations)\b", re.I)


def _after(events: list[Event], made_on: str, due: str | None) -> list[Event]:
    """Events dated after the commitment and no later than the end of its due period (+1 year)."""
    limit = str(int(_end_of(due)[:4]) + 1) if due else None
    return [
        e for e in events if e.date and e.date > made_on and (limit is None or e.date[:4] <= limit)
    ]


def _target_met(
    c: Commitment, figures: list[Figure], as_of: str | None, targets: set[str]
) -> tuple[list[str], str] | None:
    target = _target_value(c, figures)
    if target is None:
        return None
    for figure in figures:
        if (
            figure.indicator == target.indicator
            and figure.unit == target.unit
            and figure.change is None
            and figure.period
            and (c.made_on or "") < figure.period
            and (as_of is None or figure.period <= as_of)
            and figure.id not in targets
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


def _target_value(c: Commitment, figures: list[Figure]) -> Figure | None:
    """The figure stated in the commitment's own sentence."""
    spots = {(e.document, e.start) for e in c.evidence}
    return next((f for f in figures if {(e.document, e.start) for e in f.evidence} & spots), None)


def _superseding(c: Commitment, all_: list[Commitment]) -> Commitment | None:
    """A later target about the same thing, restated differently (another value or due)."""
    if c.kind != "target" or not c.made_on:
        return None
    mine = terms(c.text)
    for other in all_:
        if (
            other.id != c.id
            and other.kind == "target"
            and other.made_on
            and other.made_on > c.made_on
            and len(mine & terms(other.text)) >= 2
            and (other.due != c.due or other.text != c.text)
        ):
            return other
    return None


def _end_of(due: str) -> str:
    """The last day a partial date covers, as an ISO string comparable with dates."""
    if len(due) == 4:
        return f"{due}-12-31"
    if len(due) == 7:
        return f"{due}-31"
    return due
