"""Build the record from the per-document analyses: one actor per real actor, items linked to them.

Actors from every document are grouped by id; a user's merge decisions
(``accord actors merge``) are applied first, so they survive re-ingest and
re-fusion. Reference people get their dated roles from the office-holder
table next to the roles the texts gave them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    Connection,
    Engine,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)

from accord.analyze.names import slug
from accord.analyze.reference import Reference
from accord.analyze.types import Completion
from accord.fuse.agreements import fuse_agreements
from accord.fuse.blocks import block_of
from accord.fuse.commitments import (
    EVENT_TRACKED_KINDS,
    TRACKED_EVENT_TYPES,
    Clustering,
    Parties,
    track,
)
from accord.fuse.events import Clustering as EventClustering
from accord.fuse.events import conflict_ids
from accord.fuse.figures import add_figures, fuse_figure_block
from accord.fuse.places import PlaceIndex
from accord.models import (
    Actor,
    Agreement,
    Commitment,
    Conflict,
    Event,
    Evidence,
    Figure,
    Quote,
    Role,
)
from accord.runtime import fewer_collections
from accord.store.kb import writes
from accord.store.schema import (
    actor_decisions,
    actors,
    doc_items,
    documents,
    fusion_states,
    mentions,
    record_evidence,
    record_items,
    record_links,
)


def merge_map(connection: Connection) -> dict[str, str]:
    """Actor id -> the id it was merged into (transitively), from the user's decisions."""
    rows = connection.execute(
        select(actor_decisions)
        .where(actor_decisions.c.action == "merge")
        .order_by(actor_decisions.c.pk)
    )
    parent: dict[str, str] = {}
    for row in rows:
        parent[row.other_id] = row.actor_id

    def root(actor_id: str) -> str:
        seen = set()
        while actor_id in parent and actor_id not in seen:
            seen.add(actor_id)
            actor_id = parent[actor_id]
        return actor_id

    return {actor_id: root(actor_id) for actor_id in parent}


@dataclass(slots=True)
class ActorMap:
    """Where each document's actor ids go after the user's splits and merges."""

    merges: dict[str, str] = field(default_factory=dict)
    splits: dict[tuple[str, str], str] = field(default_factory=dict)  # (document, id) -> new id
    names: dict[str, str] = field(default_factory=dict)  # split id -> display name

    def resolve(self, document: str, actor_id: str) -> str:
        actor_id = self.splits.get((document, actor_id), actor_id)
        return self.merges.get(actor_id, actor_id)


def actor_map(connection: Connection) -> ActorMap:
    """The user's decisions as a mapping: splits first (per document), then merges.

    A split by document ('doc:ID') gives the actor a new id in that document; a
    split by alias ('alias:NAME') does so in every document that names the actor
    only by that alias (the bare surname a father and son share, say).
    """
    mapping = ActorMap(merges=merge_map(connection))
    rows = connection.execute(
        select(actor_decisions)
        .where(actor_decisions.c.action == "split")
        .order_by(actor_decisions.c.pk)
    ).all()
    doc_actors = _actor_items(connection, actor_ids={row.actor_id for row in rows}) if rows else []
    for row in rows:
        rule, _, value = row.other_id.partition(":")
        new_id = f"{row.actor_id}~{slug(value)}"
        for document, data in doc_actors:
            if data["id"] != row.actor_id:
                continue
            aliases = {a.lower() for a in data.get("aliases", [])}
            if (rule == "doc" and document == value) or (
                rule == "alias" and aliases and aliases <= {value.lower()}
            ):
                mapping.splits[(document, row.actor_id)] = new_id
                mapping.names[new_id] = value if rule == "alias" else f"{data['name']} ({value})"
    return mapping


def unfused_documents(engine: Engine, document_ids: list[str]) -> set[str]:
    """Of ``document_ids``, those with items the record does not link to yet."""
    if not document_ids:
        return set()
    with engine.connect() as connection:
        with_items = set(
            connection.execute(
                select(doc_items.c.document_id)
                .distinct()
                .where(
                    doc_items.c.document_id.in_(document_ids),
                    doc_items.c.kind.not_in(["actor", "time"]),
                )
            ).scalars()
        )
        if not with_items:
            return set()
        linked = set(
            connection.execute(
                select(record_links.c.document_id)
                .distinct()
                .where(record_links.c.document_id.in_(list(with_items)))
            ).scalars()
        )
    return with_items - linked


def rebuild_record(engine: Engine, reference: Reference) -> None:
    """Recompute the whole record (actors and every item kind) from the stored analyses."""
    update_record(engine, reference, None)


def update_record(engine: Engine, reference: Reference, documents_added: set[str] | None) -> None:
    """Bring the record up to date after ``documents_added`` were stored (None: everything).

    Items are fused block by block (:func:`accord.fuse.blocks.block_of`): events of
    one type and year, figures of one indicator, unit, period and pair, agreements and
    commitments of one kind. Each stored item carries its block key, so an update
    reads, fuses and rewrites only the blocks the new documents touch (and those
    their earlier analysis had items in; of a large block, what it adds to the
    block's summary), each exactly as a full rebuild would:
    an incremental update and a rebuild give the same record. Commitment status
    depends on the whole record and is recomputed for every commitment.
    """
    with fewer_collections(), writes(engine).begin() as connection:
        _lock_record(connection)
        _assign_blocks(connection)
        if documents_added is not None and (
            _record_without_blocks(connection) or not _fused_as_now(connection)
        ):
            documents_added = None  # fused before blocks were stored, or otherwise: rebuild once
        merged = actor_map(connection)
        _refresh_actors(connection, merged, reference, documents_added)
        if documents_added is None:
            connection.execute(delete(record_links))
            connection.execute(delete(record_items))
            connection.execute(delete(record_evidence))
            touched = None
        else:
            touched = _touched_blocks(connection, documents_added)
        places, parties = PlaceIndex.from_reference(reference), Parties(reference)
        summaries = _Summaries(connection, _context(merged, parties), touched)
        as_of = _as_of(engine, connection)
        commitments: list[tuple[Commitment, str]] = []  # stored once their status is known
        # Blocks in groups of about _ITEMS_AT_ONCE items: memory holds the largest block
        # or group, not the record.
        queued = _Writes(connection, rebuild=touched is None)
        for part in _block_groups(connection, touched):
            existing = _stored_in_blocks(connection, set(part)) if touched is not None else None
            streamed = sorted(b for b in part if b.startswith("commitment|"))
            for key in streamed:  # restated thousands of times: statements stream in
                fused = _cluster_block(queued, key, merged, parties, summaries, as_of)
                commitments += [(c, key) for c in fused]
            added = set()
            for key in sorted(b for b in part if b.startswith("figure|") and summaries.get(b)):
                found = _add_to_figures(queued, key, merged, summaries)
                if found is not None:
                    queued.add("figure", found[0], key, existing)
                    queued.add("conflict", found[1], key, existing)
                    added.add(key)
            for key in sorted(b for b in part if b.startswith("event|") and summaries.get(b)):
                found = _add_to_events(connection, key, merged, places, summaries, as_of)
                if found is not None:
                    for kept in found[2]:  # as stored: not compared, not deleted
                        for item_id in (kept, *conflict_ids(kept)):
                            existing.pop(item_id, None)
                    queued.add("event", found[0], key, existing)
                    queued.add("conflict", found[1], key, existing)
                    added.add(key)
            loaded, folded = _load_blocks(connection, set(part) - set(streamed) - added, merged)
            for key, reports in sorted(loaded.items()):
                kind = key.partition("|")[0]
                if kind == "event":
                    fused, conflicts, summary = _stream_events(
                        connection, key, reports, places, None, as_of
                    )
                else:
                    members = [item for _, item in reports]
                    fused, conflicts, summary = _fuse_block(kind, members, places, connection)
                if kind == "figure":  # its evidence is stored apart, as it is made
                    _write_evidence(queued, key, kind, fused, None, conflicts)
                    fused, conflicts = _without_evidence(fused), _without_evidence(conflicts)
                if summary is not None:
                    summaries.keep(key, *folded[key], summary)
                queued.add(kind, fused, key, existing)
                queued.add("conflict", conflicts, key, existing)
            queued.flush()
            summaries.flush(part)
            if existing:  # items no block gives any more (commitments: _retrack sees to them)
                gone = [i for i, v in existing.items() if v[0] != "commitment"]
                _delete_items(connection, gone)
                queued.written.update(gone)
        _retrack(connection, engine, commitments, touched, reference, queued.written)


_ITEMS_AT_ONCE = 20_000
# Blocks of at least this many per-document items keep a summary of their fusion, which
# an update adds the new documents' items to (commitments and target figures are
# restated across a whole archive). Smaller blocks are fused whole: it costs as little.
SUMMARISED_FROM = 100
# What a summary holds and means; a summary of another is not used. 2: figures of one
# significant digit agree only within 10%, so version 1's clusters can differ. 3: event
# checkpoints say which clusters later reports joined (``later``).
_SUMMARY_FORMAT = 3
_SUMMARISED_KINDS = ("figure|", "commitment|", "event|")  # blocks that can have a summary


# How the record was fused, kept in fusion_states under a key no block has: an update
# re-fuses only some blocks, so a record fused otherwise (by an earlier release) is
# rebuilt once at its next update. 1: events clustered in publication order.
_RECORD_ROW, _RECORD_FORMAT = "record", "record format 1"


def _fused_as_now(connection: Connection) -> bool:
    found = select(fusion_states.c.context).where(fusion_states.c.block == _RECORD_ROW)
    return connection.execute(found).scalar_one_or_none() == _RECORD_FORMAT


class _Summaries:
    """Summaries of blocks (``fusion_states``): those an update can add to, those to write.

    A summary is used only when it was written with the same user decisions and
    reference tables (``context``) and its block still holds every item it was
    made of: an analysis replaced since drops the summaries of its blocks
    (accord.store.analysis), and the items up to its last pk are counted again.
    """

    def __init__(self, connection: Connection, context: str, touched: set[str] | None) -> None:
        self.connection = connection
        self.context = context
        self.found: dict[str, dict[str, Any]] = {}
        self.kept: dict[str, dict[str, Any] | None] = {}
        if touched is None:  # a rebuild writes every summary again
            connection.execute(delete(fusion_states))
            connection.execute(
                insert(fusion_states).values(
                    block=_RECORD_ROW, items=0, last_pk=0, context=_RECORD_FORMAT, summary={}
                )
            )
            self.rebuild = True
            return
        self.rebuild = False
        for part in _chunks(sorted(touched)):
            for row in connection.execute(
                select(fusion_states).where(fusion_states.c.block.in_(part))
            ):
                if row.context == context and self._complete(row.block, row.items, row.last_pk):
                    self.found[row.block] = dict(row._mapping)

    def _complete(self, block: str, items: int, last_pk: int) -> bool:
        count = select(func.count()).where(doc_items.c.block == block, doc_items.c.pk <= last_pk)
        return self.connection.execute(count).scalar_one() == items

    def get(self, block: str) -> dict[str, Any] | None:
        """The block's usable summary: items, last_pk and the summary itself."""
        return self.found.get(block)

    def keep(self, block: str, items: int, last_pk: int, summary: dict[str, Any]) -> None:
        """The block was fused from ``items`` items up to ``last_pk``, to ``summary``."""
        self.kept[block] = (
            {"block": block, "items": items, "last_pk": last_pk, "summary": summary}
            if items >= SUMMARISED_FROM
            else None
        )

    def flush(self, blocks: list[str]) -> None:
        """Write the summaries kept for ``blocks`` (just fused); drop their old ones (only
        figure, commitment and event blocks have any)."""
        if not self.rebuild:
            summarised = [b for b in blocks if b.startswith(_SUMMARISED_KINDS)]
            for part in _chunks(sorted(summarised)):
                self.connection.execute(
                    delete(fusion_states).where(fusion_states.c.block.in_(part))
                )
        rows = [
            {**row, "context": self.context}
            for block in blocks
            if (row := self.kept.pop(block, None)) is not None
        ]
        if rows:
            self.connection.execute(insert(fusion_states), rows)


def _context(merged: ActorMap, parties: Parties) -> str:
    """What else a block's fusion depends on: the user's decisions and the countries the
    reference tables give people (commitments' parties)."""
    splits = sorted([*key, value] for key, value in merged.splits.items())
    return _digest(
        {
            "format": _SUMMARY_FORMAT,
            "decisions": [merged.merges, splits, merged.names],
            "parties": parties.key(),
        }
    )


def _block_groups(connection: Connection, blocks: set[str] | None) -> Iterator[list[str]]:
    """The given blocks (None: every block), in consecutive groups of about _ITEMS_AT_ONCE
    per-document items (a larger block is a group of its own)."""
    group: list[str] = []
    total = 0
    for block, size in _block_sizes(connection, blocks):
        if group and total + size > _ITEMS_AT_ONCE:
            yield group
            group, total = [], 0
        group.append(block)
        total += size
    if group:
        yield group


def _block_sizes(connection: Connection, blocks: set[str] | None) -> Iterator[tuple[str, int]]:
    """(block, number of per-document items) in the database's order of block keys.

    Every block (None) is read a page at a time: each quote is a block of its own, and a
    list of every block key grew with the archive.
    """
    query = (
        select(doc_items.c.block, func.count())
        .where(doc_items.c.kind.in_(list(_ITEMS)), doc_items.c.block.is_not(None))
        .group_by(doc_items.c.block)
    )
    if blocks is not None:
        sizes: dict[str, int] = {block: 0 for block in blocks}  # 0: emptied blocks
        for part in _chunks(sorted(blocks)):
            sizes.update(
                tuple(row) for row in connection.execute(query.where(doc_items.c.block.in_(part)))
            )
        yield from sorted(sizes.items())
        return
    query = query.order_by(doc_items.c.block).limit(_PAGE)
    last = None
    while True:
        page = query if last is None else query.where(doc_items.c.block > last)
        rows = [tuple(row) for row in connection.execute(page)]
        yield from rows
        if len(rows) < _PAGE:
            return
        last = rows[-1][0]


def _assign_blocks(connection: Connection) -> None:
    """Give every per-document item without one its block key (new documents' items;
    every item of a knowledge base upgraded from a schema without keys), a page at a time.

    One kind at a time, so the database looks the items up by (kind, block): the kinds
    fusion does not block (time expressions) are never given a key, and a lookup by
    the missing key alone went through all of them at every update.
    """
    for kind in _ITEMS:
        _assign_kind(connection, kind)


def _assign_kind(connection: Connection, kind: str) -> None:
    while True:
        rows = connection.execute(
            select(doc_items.c.pk, doc_items.c.document_id, doc_items.c.kind, doc_items.c.data)
            .where(doc_items.c.kind == kind, doc_items.c.block.is_(None))
            .order_by(doc_items.c.pk)
            .limit(_PAGE)
        ).all()
        if not rows:
            return
        keys = []
        published = _Days(connection)  # places undated events (block_of reads no other day)
        if kind in ("event", "completion"):
            published.need(row.document_id for row in rows)
        for row in rows:
            item = _ITEMS[row.kind](**row.data)
            if row.kind == "completion":
                key = block_of("event", _completion_event(item), row.document_id, published)
            else:
                key = block_of(row.kind, item, row.document_id, published)
            keys.append({"b_pk": row.pk, "b_block": key})
        connection.execute(
            update(doc_items)
            .where(doc_items.c.pk == bindparam("b_pk"))
            .values(block=bindparam("b_block")),
            keys,
        )


_PAGE = 5000


def _record_without_blocks(connection: Connection) -> bool:
    return (
        connection.execute(
            select(record_items.c.pk).where(record_items.c.block.is_(None)).limit(1)
        ).first()
        is not None
    )


def _touched_blocks(connection: Connection, documents: set[str]) -> set[str]:
    """Blocks the documents' items are in now, and blocks the record had their items in."""
    blocks: set[str] = set()
    for part in _chunks(sorted(documents)):
        blocks.update(
            connection.execute(
                select(doc_items.c.block)
                .distinct()
                .where(
                    doc_items.c.document_id.in_(part),
                    doc_items.c.kind.in_(list(_ITEMS)),
                    doc_items.c.block.is_not(None),
                )
            ).scalars()
        )
        blocks.update(
            connection.execute(
                select(record_items.c.block)
                .distinct()
                .join(record_links, record_links.c.item_id == record_items.c.id)
                .where(record_links.c.document_id.in_(part), record_items.c.block.is_not(None))
            ).scalars()
        )
    return blocks


def _stored_in_blocks(connection: Connection, blocks: set[str]) -> dict[str, tuple]:
    """Record items of the given blocks: id -> (kind, block, digest of the data; None for
    an item written before digests were kept)."""
    stored = {}
    for part in _chunks(sorted(blocks)):
        rows = connection.execute(
            select(
                record_items.c.id, record_items.c.kind, record_items.c.block, record_items.c.digest
            ).where(record_items.c.block.in_(part))
        )
        stored.update({row.id: (row.kind, row.block, row.digest) for row in rows})
    return stored


def _load_blocks(
    connection: Connection, blocks: set[str], merged: ActorMap
) -> tuple[dict[str, list], dict[str, tuple[int, int]]]:
    """Stored items of the given blocks as (pk, item), grouped by block, and for each block
    how many there are and the greatest pk among them.

    Actor ids are mapped by the user's decisions; reports that something was done
    become completion events. Items come in document order, as a rebuild reads them.
    """
    columns = (
        doc_items.c.document_id,
        doc_items.c.item_id,
        doc_items.c.pk,
        doc_items.c.kind,
        doc_items.c.block,
        doc_items.c.data,
    )
    # Rows become items as they stream in (no list of raw rows held); each block is then
    # put in document order in Python, not by the database's collation.
    query = (
        select(*columns)
        .where(doc_items.c.kind.in_(list(_ITEMS)))
        .execution_options(stream_results=True)  # a server-side cursor on PostgreSQL
    )
    grouped: dict[str, list] = defaultdict(list)
    for part in _chunks(sorted(blocks)):
        for row in connection.execute(query.where(doc_items.c.block.in_(part))):
            item = _fused_as(row.kind, row.data, row.document_id, merged)
            grouped[row.block].append(((row.document_id, row.item_id, row.pk), item))
    folded = {}
    for block, members in grouped.items():
        members.sort(key=lambda pair: pair[0])
        folded[block] = (len(members), max(key[2] for key, _ in members))
    return {b: [(key[2], item) for key, item in members] for b, members in grouped.items()}, folded


def _cluster_block(
    queued: _Writes,
    block: str,
    merged: ActorMap,
    parties: Parties,
    summaries: _Summaries,
    as_of: str | None,
) -> list[Commitment]:
    """The commitments of ``block``: its statements clustered in statement order, read a
    page at a time (only their sort keys are held, never the whole block).

    The block's summary (see _Summaries) is a checkpoint: the clusters of every
    statement made a month or more before its newest statement (or ``as_of``, the
    newest publication day, if earlier). An update resumes from it, reading only
    the statements made since and the new ones — unless a new one was made before
    the checkpoint's day. The clusters' evidence is stored as they are made
    (:func:`_write_evidence`); they are returned without it.
    """
    connection = queued.connection
    state = summaries.get(block)
    resumed = _resume(connection, block, merged, parties, state) if state else None
    if resumed is None:
        keys, clustering, read = _statement_keys(connection, block), Clustering(parties), {}
        items, last_pk = len(keys), max((k.pk for k in keys), default=0)
        newest, day = max((k.made_on or "" for k in keys), default=""), ""
    else:
        keys, clustering, new, read = resumed
        items = state["items"] + len(new)
        last_pk = max([state["last_pk"], *(k.pk for k in new)])
        summary = state["summary"]
        newest = max([summary["newest"], *(k.made_on or "" for k in new)])
        day = summary["day"]  # the checkpoint cannot move back
    day = max(day, _month_before(min(newest, as_of or newest)))
    # statement_order, then document order for the same statement in two documents
    keys.sort(key=lambda k: (k.made_on or "", k.id, k.document_id, k.item_id, k.pk))
    checkpoint = None
    for key, statement in zip(keys, _statements(connection, keys, merged, read), strict=True):
        if checkpoint is None and (key.made_on or "") >= day:
            checkpoint = clustering.checkpoint()
        clustering.add(statement)
    if checkpoint is None:
        checkpoint = clustering.checkpoint()
    fused = clustering.results()
    inherited = [c["record"] for c in state["summary"]["clusters"]] if resumed else None
    _write_evidence(queued, block, "commitment", fused, inherited)
    fused = _without_evidence(fused)  # it is stored now
    for saved, result in zip(checkpoint, fused, strict=False):
        saved["record"] = result.id
    summaries.keep(
        block,
        items,
        last_pk,
        {
            "day": day,
            "newest": newest,
            "tail": [k.pk for k in keys if (k.made_on or "") >= day],
            "clusters": checkpoint,
        },
    )
    return fused


def _month_before(day: str) -> str:
    """The day _LATE_DAYS before ``day``; statements made since are kept apart from a
    block's checkpoint (late reports: an article published days after the one before it
    reports a statement of its own day)."""
    try:
        return (date.fromisoformat(day) - timedelta(days=_LATE_DAYS)).isoformat()
    except ValueError:  # a partial or no date: the checkpoint stops before it
        return day


_LATE_DAYS = 31


def _resume(
    connection: Connection, block: str, merged: ActorMap, parties: Parties, state: dict
) -> tuple[list, Clustering, list, dict[int, Commitment]] | None:
    """(keys of the statements to cluster, the clustering to add them to, keys of the new
    statements, the statements already read by pk), or None when the block must be
    clustered from its first statement.

    The checkpoint's clusters come back without their evidence: it stays in
    ``record_evidence``, and the statements added to them here bring their own.
    """
    summary = state["summary"]
    new = _statement_keys(connection, block, doc_items.c.pk > state["last_pk"])
    if any((k.made_on or "") < summary["day"] for k in new):
        return None  # a statement made before the checkpoint's day
    tail = [
        k for part in _chunks(summary["tail"])
        for k in _statement_keys(connection, block, doc_items.c.pk.in_(part))
    ]  # fmt: skip
    if len(tail) != len(summary["tail"]):
        return None
    stored = _stored_ids(connection, "commitment", block)
    if any(cluster["record"] not in stored for cluster in summary["clusters"]):
        return None
    read = dict(zip((k.pk for k in tail), _statements(connection, tail, merged), strict=True))
    empty: list[list[Evidence]] = [[] for _ in summary["clusters"]]
    return tail + new, Clustering.resumed(parties, summary["clusters"], empty), new, read


def _write_evidence(
    queued: _Writes,
    block: str,
    kind: str,
    items: list[Any],
    inherited: list[str | None] | None,
    conflicts: Iterable[Conflict] = (),
) -> None:
    """Store the evidence of a block's fused commitments or figures in ``record_evidence``,
    and their links (actors x reporting documents), and those of the block's
    ``conflicts`` (a conflict over a figure's value has the documents of its figures).

    ``inherited`` (a block resumed from its summary): for each of the first items, the
    stored item it continues, if any; those hold only the evidence of what was fused
    now (commitments: the last month's statements, replayed, and the new ones;
    figures: the new ones). Their stored rows are kept, renamed if the item's id
    changed, and only the rows of those statements' sentences are compared: an
    update writes what it added, not every restatement again. None: the block was
    fused whole and its rows are written anew (in a rebuild, with the record's
    other rows, a batch at a time).
    """
    connection = queued.connection
    wanted = {(item.id, e.document, e.start): e for item in items for e in item.evidence}
    if inherited is None:
        documents = {item.id: {e.document for e in item.evidence} for item in items}
        for conflict in conflicts:
            if _values_apart(conflict):
                documents[conflict.id] = {d for v in conflict.values for d in documents[v.figure]}
        linked = [(kind, item) for item in items]
        linked += [("conflict", c) for c in conflicts if _values_apart(c)]
        if queued.rebuild:  # nothing stored: rows and links join the record's batches
            queued.evidence += _evidence_rows(block, wanted, list(wanted))
            for item_kind, item in linked:
                queued.links += _links(item_kind, _linked_data(item_kind, item, documents))
            return
        connection.execute(delete(record_evidence).where(record_evidence.c.block == block))
        _insert_evidence(connection, _evidence_rows(block, wanted, list(wanted)))
        _relink(connection, linked, documents)
        return
    ids = {item.id for item in items}
    stored = _stored_ids(connection, kind, block)
    pairs = list(zip(inherited, items, strict=False))
    renamed = {old: item.id for old, item in pairs if old is not None and old != item.id}
    _rename_evidence(connection, block, renamed, stored)
    # Rows are looked up by document, then sentence and block, and by item: a condition
    # on the block made SQLite read every row of it (a target restated by every article
    # has one per restatement), and a sentence as a row value is not looked up by index.
    sentences = {(d, start) for _, d, start in wanted}
    found: dict[tuple, int] = {}
    for part in _chunks(sorted({d for d, _ in sentences})):
        rows = connection.execute(
            select(
                record_evidence.c.pk,
                record_evidence.c.item_id,
                record_evidence.c.block,
                record_evidence.c.document_id,
                record_evidence.c.start,
            ).where(record_evidence.c.document_id.in_(part))
        )
        found.update(
            {
                (r.item_id, r.document_id, r.start): r.pk
                for r in rows
                if r.block == block and (r.document_id, r.start) in sentences
            }
        )
    stale = [pk for key, pk in found.items() if key not in wanted]
    gone = sorted(stored - ids)  # items none continues (their links go with them)
    for part in _chunks(gone):
        rows = connection.execute(
            select(record_evidence.c.pk, record_evidence.c.block).where(
                record_evidence.c.item_id.in_(part)
            )
        )
        stale += [pk for pk, in_block in rows if in_block == block]
    for part in _chunks(sorted(set(stale))):
        connection.execute(delete(record_evidence).where(record_evidence.c.pk.in_(part)))
    inserts = [key for key in wanted if key not in found]
    _insert_evidence(connection, _evidence_rows(block, wanted, inserts))
    restored = {item.id for old, item in pairs if old is not None}
    added: dict[str, set[str]] = defaultdict(set)  # item -> documents of its new rows
    for item_id, document, _ in inserts:
        added[item_id].add(document)
    whole = (
        {key[0] for key in found if key not in wanted}
        | set(renamed.values())
        | (ids - restored)  # items started by what was fused now
    )
    changed = [(kind, item) for item in items if item.id in whole or item.id in added]
    if changed:
        changed += [("conflict", c) for c in conflicts if _values_apart(c)]
    previous = _stored_data(connection, [item.id for _, item in changed])
    for item_kind, item in changed:
        documents = _documents_added(item_kind, item, previous.get(item.id), added, whole)
        if documents is None:
            _relink_stored(connection, item_kind, item)
        elif documents:
            _link_documents(connection, item_kind, item, documents)


def _evidence_rows(block: str, wanted: dict[tuple, Evidence], keys: list[tuple]) -> list[dict]:
    return [
        {
            "item_id": item,
            "block": block,
            "document_id": document,
            "start": start,
            "data": wanted[(item, document, start)].model_dump(mode="json"),
        }
        for item, document, start in sorted(keys)
    ]


def _insert_evidence(connection: Connection, rows: list[dict]) -> None:
    for start in range(0, len(rows), _Writes._BATCH):
        connection.execute(insert(record_evidence), rows[start : start + _Writes._BATCH])


def _linked_data(kind: str, item: Any, documents: dict[str, set[str]]) -> dict[str, Any]:
    """What _links reads of an item whose evidence is apart: its actors and documents."""
    data = item.model_dump(mode="json", include={"id", *_ACTOR_FIELDS[kind]})
    data["evidence"] = [{"document": d} for d in sorted(documents.get(item.id, ()))]
    return data


def _values_apart(conflict: Conflict) -> bool:
    """A conflict whose values are figures: their evidence is the figures' (stored apart)."""
    return bool(conflict.values) and all(v.figure for v in conflict.values)


def _without_evidence(items: list[Any]) -> list[Any]:
    """Fused items as the record stores them once their evidence is in record_evidence
    (a conflict over figures: its values without theirs)."""
    out = []
    for item in items:
        if isinstance(item, Conflict):
            if _values_apart(item):
                values = [v.model_copy(update={"evidence": []}) for v in item.values]
                item = item.model_copy(update={"values": values})
        else:
            item = item.model_copy(update={"evidence": []})
        out.append(item)
    return out


def _rename_evidence(
    connection: Connection, block: str, renamed: dict[str, str], stored: set[str]
) -> None:
    """Give the rows of each stored cluster whose id changed its new id (through a
    temporary name when a new id is an old one's)."""
    clash = set(renamed.values()) & (stored | set(renamed))
    steps = [renamed] if not clash else [
        {old: f"~{new}" for old, new in renamed.items()},
        {f"~{new}": new for new in renamed.values()},
    ]  # fmt: skip
    for step in steps:
        for old, new in sorted(step.items()):
            connection.execute(
                update(record_evidence)
                .where(record_evidence.c.block == block, record_evidence.c.item_id == old)
                .values(item_id=new)
            )


def _stored_ids(connection: Connection, kind: str, block: str) -> set[str]:
    """The ids of the stored record items of ``kind`` in ``block``. Looked up by block
    alone (kind compared here): given both, SQLite's planner took the index by kind
    and read every item of it, every event of the record for one block of them."""
    rows = connection.execute(
        select(record_items.c.id, record_items.c.kind).where(record_items.c.block == block)
    )
    return {item_id for item_id, stored_kind in rows if stored_kind == kind}


def _stored_data(connection: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The record items stored under ``ids`` (as the update found them), by id."""
    found = {}
    for part in _chunks(sorted(set(ids))):
        rows = connection.execute(
            select(record_items.c.id, record_items.c.data).where(record_items.c.id.in_(part))
        )
        found.update({row.id: row.data for row in rows})
    return found


def _documents_added(
    kind: str,
    item: Any,
    before: dict[str, Any] | None,
    added: dict[str, set[str]],
    whole: set[str],
) -> set[str] | None:
    """The documents ``item``'s links gain when all that changed is new evidence rows (its
    own; a conflict over figures: its figures'), with the same actors and, for such a
    conflict, the same figures; None when its links must be compared whole."""
    if before is None:
        return None  # not stored yet (or renamed)
    if kind == "conflict":
        figures = [v.figure for v in item.values]
        if [v.get("figure") for v in before.get("values", [])] != figures or whole & set(figures):
            return None
        return {d for f in figures for d in added.get(f, ())}
    if item.id in whole or (_actors(kind, before) or [""]) != _linked_actors(kind, item):
        return None
    return added.get(item.id, set())


def _link_documents(connection: Connection, kind: str, item: Any, documents: set[str]) -> None:
    """Link ``item`` to its actors in ``documents``, where it is not linked yet."""
    actors = _linked_actors(kind, item)
    have = set()
    for part in _chunks(sorted(documents)):
        have.update(
            connection.execute(
                select(record_links.c.actor_id, record_links.c.document_id).where(
                    record_links.c.item_id == item.id, record_links.c.document_id.in_(part)
                )
            ).all()
        )
    rows = [
        {"item_id": item.id, "actor_id": actor, "document_id": document}
        for document in sorted(documents)
        for actor in actors
        if (actor, document) not in have
    ]
    if rows:
        connection.execute(insert(record_links), rows)


def _linked_actors(kind: str, item: Any) -> list[str]:
    """The actors a record item is linked to; [""] for one without actors (linked to its
    documents alone)."""
    data = item.model_dump(mode="json", include=set(_ACTOR_FIELDS[kind]))
    return _actors(kind, data) or [""]


def _relink_stored(connection: Connection, kind: str, item: Any) -> None:
    """The links of ``item`` made to match its actors and the documents of its stored
    evidence rows (a conflict over figures: its figures'), the sets compared by the
    database: an item restated across an archive has a link per reporting document,
    and an update adds a few."""
    holders = [v.figure for v in item.values] if kind == "conflict" else [item.id]
    documents = (
        select(record_evidence.c.document_id)
        .where(record_evidence.c.item_id.in_(holders))
        .distinct()
    )
    actors = _linked_actors(kind, item)
    mine = record_links.c.item_id == item.id
    connection.execute(
        delete(record_links).where(
            mine,
            or_(
                record_links.c.actor_id.not_in(actors),
                record_links.c.document_id.is_(None),
                record_links.c.document_id.not_in(documents),
            ),
        )
    )
    for actor in actors:
        missing = documents.except_(
            select(record_links.c.document_id).where(mine, record_links.c.actor_id == actor)
        ).subquery()
        connection.execute(
            insert(record_links).from_select(
                ["item_id", "actor_id", "document_id"],
                select(literal(item.id), literal(actor), missing.c.document_id),
            )
        )


def _relink(
    connection: Connection, items: list[tuple[str, Any]], documents: dict[str, set[str]]
) -> None:
    """Links of the (kind, item) ``items`` made to match their actors and ``documents``
    (by id: those of their evidence)."""
    wanted = [
        link for kind, item in items for link in _links(kind, _linked_data(kind, item, documents))
    ]
    added = _changed_links(connection, wanted, {item.id for _, item in items})
    if added:
        connection.execute(insert(record_links), added)


def _statement_keys(connection: Connection, block: str, *where: Any) -> list[Any]:
    """(pk, made_on, id, document_id, item_id) of the block's commitment statements."""
    made_on = doc_items.c.data["made_on"].as_string().label("made_on")
    item = doc_items.c.data["id"].as_string().label("id")
    query = select(
        doc_items.c.pk, made_on, item, doc_items.c.document_id, doc_items.c.item_id
    ).where(doc_items.c.kind == "commitment", doc_items.c.block == block, *where)
    return list(connection.execute(query).all())


def _statements(
    connection: Connection,
    keys: list[Any],
    merged: ActorMap,
    read: dict[int, Commitment] | None = None,
) -> Iterator[Commitment]:
    """The statements of ``keys``, in that order, read a page at a time (those in
    ``read``, by pk, are taken from there)."""
    read = read or {}
    for page in _chunks([k.pk for k in keys]):
        wanted = [pk for pk in page if pk not in read]
        rows = connection.execute(
            select(doc_items.c.pk, doc_items.c.document_id, doc_items.c.data).where(
                doc_items.c.pk.in_(wanted)
            )
        ) if wanted else []  # fmt: skip
        found = {row.pk: _mapped("commitment", row.data, row.document_id, merged) for row in rows}
        for pk in page:
            yield read[pk] if pk in read else found[pk]


def _add_to_figures(
    queued: _Writes, block: str, merged: ActorMap, summaries: _Summaries
) -> tuple[list[Figure], list] | None:
    """The figures and conflicts of ``block`` with its new figures added to its summary
    (see figures.add_figures), or None when the block must be fused whole."""
    connection = queued.connection
    state = summaries.get(block)
    rows = connection.execute(
        select(doc_items.c.pk, doc_items.c.document_id, doc_items.c.data).where(
            doc_items.c.kind == "figure",
            doc_items.c.block == block,
            doc_items.c.pk > state["last_pk"],
        )
    ).all()
    stored = _stored_ids(connection, "figure", block)
    new = [_mapped("figure", row.data, row.document_id, merged) for row in rows]
    found = add_figures(state["summary"], stored, new)
    if found is None:
        return None
    figures, conflicts, summary, inherited = found
    _write_evidence(queued, block, "figure", figures, inherited, conflicts)
    last_pk = max([state["last_pk"], *(row.pk for row in rows)])
    summaries.keep(block, state["items"] + len(rows), last_pk, summary)
    return _without_evidence(figures), _without_evidence(conflicts)


def _add_to_events(
    connection: Connection,
    block: str,
    merged: ActorMap,
    places: PlaceIndex,
    summaries: _Summaries,
    as_of: str | None,
) -> tuple[list[Event], list[Conflict], list[str]] | None:
    """The events of ``block`` its new reports and last month's made or changed, with
    their conflicts, and the ids of its stored events left as they are; None when the
    block must be fused whole (a new report published before the checkpoint's day,
    or the record lacks an event the checkpoint names)."""
    state = summaries.get(block)
    summary = state["summary"]
    new = _event_reports(connection, block, doc_items.c.pk > state["last_pk"], merged=merged)
    published = _Days(connection)
    published.need(d for _, report in new for d in _documents(report))
    clustering = EventClustering.resumed(places, published, summary["clusters"])
    if any(clustering.order(report)[0] < summary["day"] for _, report in new):
        return None
    tail = [
        pair for part in _chunks(summary["tail"])
        for pair in _event_reports(connection, block, doc_items.c.pk.in_(part), merged=merged)
    ]  # fmt: skip
    stored = _stored_ids(connection, "event", block)
    if len(tail) != len(summary["tail"]) or not stored.issuperset(
        c["record"] for c in summary["clusters"]
    ):
        return None
    published.need(d for _, report in tail for d in _documents(report))
    fused, conflicts, summary = _stream_events(
        connection, block, tail + new, places, (clustering, summary, merged), as_of
    )
    kept = [clustering.records[n] for n in range(clustering.restored)
            if n not in clustering.touched]  # fmt: skip
    summaries.keep(block, state["items"] + len(new), max([state["last_pk"], *dict(new)]), summary)
    return fused, conflicts, kept


def _stream_events(
    connection: Connection,
    block: str,
    reports: list[tuple[int, Event]],
    places: PlaceIndex,
    resumed: tuple[EventClustering, dict, ActorMap] | None,
    as_of: str | None,
) -> tuple[list[Event], list[Conflict], dict]:
    """Cluster a block's event ``reports`` ((pk, report)) in publication order: all of
    them (``resumed`` None), or those published since a checkpoint (``resumed``: the
    clustering resumed from it, its summary, and the actor map to read the touched
    clusters' earlier reports with). Also returns the block's new summary: a
    checkpoint of the clusters of every report published a month or more before the
    block's newest (or ``as_of``, if earlier), and the pks of the reports since.
    """
    if resumed is None:
        clustering = EventClustering(places, _Days(connection))
        clustering.published.need(d for _, report in reports for d in _documents(report))
        day = ""
    else:
        clustering, summary, merged = resumed
        day = summary["day"]  # the checkpoint cannot move back
    order = sorted(reports, key=lambda pair: clustering.order(pair[1]))
    newest = clustering.order(order[-1][1])[0] if order else ""
    if resumed is not None:
        newest = max(newest, summary["newest"])
    day = max(day, _month_before(min(newest, as_of or newest)))
    checkpoint, tail = None, []
    for pk, report in order:
        if clustering.order(report)[0] >= day:
            if checkpoint is None:
                checkpoint = clustering.checkpoint()
            tail.append(pk)
        clustering.add(report, pk)
    if checkpoint is None:
        checkpoint = clustering.checkpoint()
    earlier: dict[int, list[Event]] = {}
    if resumed is not None:
        wanted = clustering.earlier()
        read = {}
        for part in _chunks(sorted(pk for refs in wanted.values() for pk in refs)):
            read.update(_event_reports(connection, block, doc_items.c.pk.in_(part), merged=merged))
        earlier = {n: [read[pk] for pk in refs] for n, refs in wanted.items()}
    fused, conflicts = clustering.results(earlier)
    clustering.seal(checkpoint)
    return fused, conflicts, {"day": day, "newest": newest, "tail": tail, "clusters": checkpoint}


def _event_reports(
    connection: Connection, block: str, *where: Any, merged: ActorMap
) -> list[tuple[int, Event]]:
    """(pk, report) of the block's stored event reports (reports that something was done
    as completion events), mapped by the user's decisions."""
    rows = connection.execute(
        select(doc_items.c.pk, doc_items.c.kind, doc_items.c.document_id, doc_items.c.data).where(
            doc_items.c.kind.in_(("event", "completion")), doc_items.c.block == block, *where
        )
    )
    return [(row.pk, _fused_as(row.kind, row.data, row.document_id, merged)) for row in rows]


def _documents(event: Event) -> set[str]:
    return {e.document for e in event.evidence}


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _fuse_block(
    kind: str, items: list, places: PlaceIndex, connection: Connection
) -> tuple[list, list, dict | None]:
    """Fuse one block of items of one kind (not events: _stream_events); conflicts found
    inside it, and for figures the summary an update can add to."""
    if kind == "figure":
        return fuse_figure_block(items)
    if kind == "agreement":
        return (*fuse_agreements(items), None)
    return sorted(items, key=lambda q: q.id), [], None


def _retrack(
    connection: Connection,
    engine: Engine,
    fresh: list[tuple[Commitment, str]],
    touched: set[str] | None,
    reference: Reference,
    changed: set[str],
) -> None:
    """Status of every commitment against the whole record, as of its newest document.

    ``fresh``: (commitment, block) just fused for the ``touched`` blocks (None: all);
    the stored commitments of other blocks are tracked again with them. Events and
    figures stream from the record into the tracker, which keeps only what it reads;
    on an update, only the events that can change a status (see _events_to_track).
    ``changed``: ids of the record items this update wrote or deleted.
    """
    pool, existing, before = _stored_commitments(connection, touched)
    pool = sorted(pool + fresh, key=lambda pair: pair[0].id)
    commitments = [c for c, _ in pool]
    if touched is None:
        events = _fused_items(connection, "event", Event, TRACKED_EVENT_TYPES)
    else:
        events = _events_to_track(connection, commitments, before, changed)
    stated = _stated_figures(connection, [c.id for c in commitments if c.kind == "target"])
    tracked = track(
        commitments,
        events,
        _fused_items(connection, "agreement", Agreement),
        _figures_to_track(connection, stated),
        _as_of(engine, connection),
        _Days(connection),  # read for the few undated reports that something was done
        reference,
        stated,
    )
    writes = _Writes(connection)
    writes.add("commitment", tracked, {c.id: b for c, b in pool}, existing)
    writes.flush()
    _delete_items(connection, list(existing))


def _stated_figures(connection: Connection, targets: list[str]) -> dict[str, set[str]]:
    """The ids of the record figures stated in each target's evidence sentences, by the
    target commitment's id: all tracking reads of those sentences (a target's own figure
    is found by its sentence). The database joins the sentences on its index by
    sentence and returns each pair once: a target restated by every article has a
    sentence per restatement, and reading them all made tracking grow with the archive.
    """
    stated: dict[str, set[str]] = {t: set() for t in targets}
    target, figure = record_evidence.alias("target"), record_evidence.alias("stated")
    for part in _chunks(sorted(targets)):
        rows = connection.execute(
            select(target.c.item_id, figure.c.item_id)
            .distinct()
            .join(
                figure,
                (figure.c.document_id == target.c.document_id) & (figure.c.start == target.c.start),
            )
            .where(target.c.item_id.in_(part), figure.c.block.startswith("figure|"))
        )
        for commitment, figure_id in rows:
            stated[commitment].add(figure_id)
    return stated


def _subject_of(c: Commitment) -> tuple:
    """What tracking reads of a commitment to find the event that shows it done (not its
    id: a cluster's id is its least statement's, which a new restatement can change)."""
    return (c.kind, c.text, c.made_on, c.due, frozenset(c.by))


def _events_to_track(
    connection: Connection,
    commitments: list[Commitment],
    before: dict[tuple, tuple[str, ...]],
    changed: set[str],
) -> Iterator[Event]:
    """The record's events an update's tracking needs, by id: those this update wrote,
    every signing, the event each commitment was fulfilled by, and — for commitments
    new, changed or whose event changed — every event after them.

    The event that shows a commitment done is the first of those that qualify. For a
    commitment as it was, whose event (if any) is as it was, no event left as it was
    can come before: the first of all is its event or one this update wrote. Others
    are compared with every event dated after them (an event qualifies only when
    dated after the commitment was made, as ISO strings compare; an undated report
    that something was done is placed by its publication, within its block's year).
    """
    since: list[str] = []  # made_on of the commitments compared with everything after them
    winners: set[str] = set()
    for c in commitments:
        if c.kind not in EVENT_TRACKED_KINDS:
            continue
        was = before.get(_subject_of(c))
        if was is None or set(was) & changed:
            since.append(c.made_on or "")
        else:
            winners.update(was)
    tracked = (record_items.c.kind == "event", record_items.c.type.in_(sorted(TRACKED_EVENT_TYPES)))
    ids = set(winners)
    for part in _chunks(sorted(changed)):
        ids.update(connection.execute(select(record_items.c.id).where(
            *tracked, record_items.c.id.in_(part))).scalars())  # fmt: skip
    later = [record_items.c.type == "agreement_signing"]
    if since:
        first = min(since)
        later.append(record_items.c.date > first)
        # undated: reports that something was done, known by their publication day and
        # blocked by its year ("undated": no publication day, after every year)
        later.append(
            (record_items.c.type == "completion")
            & record_items.c.date.is_(None)
            & (record_items.c.block >= f"event|completion|{first[:4]}")
        )
    ids.update(connection.execute(select(record_items.c.id).where(*tracked, or_(*later))).scalars())
    for part in _chunks(sorted(ids)):
        rows = connection.execute(
            select(record_items.c.id, cast(record_items.c.data, Text).label("data")).where(
                record_items.c.kind == "event", record_items.c.id.in_(part)
            )
        )
        for row in sorted(rows, key=lambda r: r.id):
            yield Event.model_validate_json(row.data)  # parsed as it is validated


def _stored_commitments(
    connection: Connection, touched: set[str] | None
) -> tuple[list[tuple[Commitment, str]], dict[str, tuple], dict[tuple, tuple[str, ...]]]:
    """(commitment, block) of the stored commitments of blocks not ``touched``, what
    every stored commitment is (id -> kind, block, digest), to leave unchanged ones be,
    and the events that fulfilled each (by _subject_of)."""
    rows = connection.execute(
        select(
            record_items.c.id,
            cast(record_items.c.data, Text).label("data"),
            record_items.c.block,
            record_items.c.digest,
        )
        .where(record_items.c.kind == "commitment")
        .order_by(record_items.c.id)
        .execution_options(stream_results=True, yield_per=2000)
    )
    kept, existing, before = [], {}, {}
    for row in rows:
        existing[row.id] = ("commitment", row.block, row.digest)
        commitment = Commitment.model_validate_json(row.data)  # parsed as it is validated
        before[_subject_of(commitment)] = tuple(commitment.fulfilled_by)
        if touched is not None and row.block not in touched:
            kept.append((commitment, row.block))
    return kept, existing, before


def _fused_items(
    connection: Connection, kind: str, model: type[BaseModel], types: frozenset[str] | None = None
) -> Iterator:
    """Every record item of ``kind`` (of these ``types`` only, if given), by id, as the
    rows stream in: the record's largest part is never held whole."""
    query = select(cast(record_items.c.data, Text)).where(record_items.c.kind == kind)
    if types is not None:
        query = query.where(record_items.c.type.in_(sorted(types)))
    rows = connection.execute(
        query.order_by(record_items.c.id).execution_options(stream_results=True, yield_per=2000)
    )
    for (data,) in rows:
        yield model.model_validate_json(data)  # parsed as it is validated


def _figures_to_track(connection: Connection, stated: dict[str, set[str]]) -> Iterator[Figure]:
    """The record figures tracking needs, by id, without their evidence: those stated in
    targets' sentences (``stated``, see :func:`_stated_figures`) and every figure of what
    those measure (indicator and unit: a target is met by a figure of its quantity).
    Tracking reads no other figure."""
    wanted = sorted(set().union(*stated.values()))
    figures = {f.id: f for f in _figures_by(connection, record_items.c.id, wanted)}
    quantities = {(f.indicator, f.unit) for f in figures.values()}
    indicators = sorted({indicator for indicator, _ in quantities if indicator is not None})
    same = list(_figures_by(connection, record_items.c.type, indicators))
    if any(indicator is None for indicator, _ in quantities):  # figures of no indicator
        same += _figures_by(connection, record_items.c.type, [None])
    for figure in same:
        if (figure.indicator, figure.unit) in quantities:
            figures.setdefault(figure.id, figure)
    for figure_id in sorted(figures):
        yield figures[figure_id]


def _figures_by(connection: Connection, column: Any, values: list[str | None]) -> Iterator[Figure]:
    """Record figures whose ``column`` (id or indicator) is one of ``values`` ([None]: is
    null)."""
    for part in _chunks(values):
        where = column.is_(None) if part == [None] else column.in_(part)
        query = select(cast(record_items.c.data, Text)).where(
            record_items.c.kind == "figure", where
        )
        for (data,) in connection.execute(query):
            yield Figure.model_validate_json(data)  # parsed as it is validated


def _digest(data: dict[str, Any]) -> str:
    """JSON-able data as a short fingerprint (compared, never kept whole)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(text.encode()).hexdigest()


def _delete_items(connection: Connection, ids: list[str]) -> None:
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        connection.execute(delete(record_links).where(record_links.c.item_id.in_(part)))
        connection.execute(delete(record_items).where(record_items.c.id.in_(part)))
        connection.execute(delete(record_evidence).where(record_evidence.c.item_id.in_(part)))


def _lock_record(connection: Connection) -> None:
    """Let one fusion run at a time, reading what every finished ingest has committed.

    Two ingests of one knowledge base each fuse at their end; without the lock
    the later one could overwrite the record with a view that misses the other's
    documents.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(7419020)"))
    else:  # SQLite: the first write of a transaction takes the database's write lock
        connection.execute(text("UPDATE alembic_version SET version_num = version_num"))


def _actor_items(
    connection: Connection, *, actor_ids: set[str]
) -> list[tuple[str, dict[str, Any]]]:
    """(document id, actor data) of the stored actors with these ids, in a stable order
    (document, actor id)."""
    query = select(
        doc_items.c.document_id, doc_items.c.item_id, doc_items.c.pk, doc_items.c.data
    ).where(doc_items.c.kind == "actor")
    rows = [
        row
        for part in _chunks(sorted(actor_ids))
        for row in connection.execute(query.where(doc_items.c.item_id.in_(part)))
    ]
    rows.sort(key=lambda r: (r.document_id, r.item_id, r.pk))
    return [(r.document_id, r.data) for r in rows]


# The block of a per-document actor report once it is counted in its actor's tally. A
# report with none is new (or its tally was cleared): the next fusion counts it.
_COUNTED = "actor"


def _refresh_actors(
    connection: Connection,
    merged: ActorMap,
    reference: Reference,
    documents_added: set[str] | None,
) -> None:
    """Count the actor reports not counted yet into their actors' tallies and recompute
    those actors; count every report again, in batches, on a rebuild or when a tally was
    cleared (an analysis replaced, a knowledge base from before tallies)."""
    if documents_added is None or _tally_cleared(connection):
        connection.execute(delete(actors))
        raw_ids = connection.execute(
            select(doc_items.c.item_id).distinct().where(doc_items.c.kind == "actor")
        ).scalars()
        for batch in _actor_batches(list(raw_ids), merged):
            _count_actor_batch(connection, merged, reference, batch)
    else:
        _count_new_reports(connection, merged, reference)
    connection.execute(
        update(doc_items)
        .where(doc_items.c.kind == "actor", doc_items.c.block.is_(None))
        .values(block=_COUNTED)
    )


def _tally_cleared(connection: Connection) -> bool:
    query = select(actors.c.id).where(actors.c.tally.is_(None)).limit(1)
    return connection.execute(query).first() is not None


def _count_new_reports(connection: Connection, merged: ActorMap, reference: Reference) -> None:
    """Add the reports not counted yet (new documents') to their actors' stored tallies."""
    rows = connection.execute(
        select(doc_items.c.document_id, doc_items.c.data).where(
            doc_items.c.kind == "actor", doc_items.c.block.is_(None)
        )
    ).all()
    if not rows:
        return
    touched = sorted({merged.resolve(row.document_id, row.data["id"]) for row in rows})
    parts: dict[str, _ActorParts] = {}
    for part in _chunks(touched):
        for actor_id, tally in connection.execute(
            select(actors.c.id, actors.c.tally).where(actors.c.id.in_(part))
        ):
            parts[actor_id] = _ActorParts(actor_id, reference, tally)
    _add_reports(parts, rows, merged, reference)
    # Mentions of the same documents: the analysis stores a report of every actor it
    # resolves a mention to, so these are all the mentions not counted yet.
    documents = {row.document_id for row in rows}
    for actor_id, count in _mention_counts(
        connection, merged, mentions.c.document_id, documents
    ).items():
        if actor_id in parts:
            parts[actor_id].mentions += count
    for part in _chunks(touched):
        connection.execute(delete(actors).where(actors.c.id.in_(part)))
    _insert_actors(connection, parts, merged)


def _actor_batches(raw_ids: list[str], merged: ActorMap, size: int = 2000) -> list[set[str]]:
    """Stored actor ids in batches; ids that can become one actor (merged, or split off
    one another) stay in one batch, so each batch fuses complete actors."""
    group: dict[str, str] = {}  # raw id -> the id its group goes by
    for raw in raw_ids:
        group[raw] = merged.merges.get(raw, raw)
    for (_, raw), new_id in merged.splits.items():
        if raw in group:
            root = merged.merges.get(new_id, new_id)
            # the split-off id and the original are fused in one batch
            for other, key in list(group.items()):
                if key == root:
                    group[other] = group[raw]
    members: dict[str, set[str]] = defaultdict(set)
    for raw, key in group.items():
        members[key].add(raw)
    batches: list[set[str]] = [set()]
    for key in sorted(members):
        if len(batches[-1]) >= size:
            batches.append(set())
        batches[-1] |= members[key]
    return [b for b in batches if b]


def _count_actor_batch(
    connection: Connection, merged: ActorMap, reference: Reference, raw: set[str]
) -> None:
    """Count every report and mention of the stored ids ``raw`` and insert their actors.

    Reports stream in (a head of state has one in most documents: they are never
    all held at once)."""
    counts = _mention_counts(connection, merged, mentions.c.actor_id, raw)
    rows = connection.execute(
        select(doc_items.c.document_id, doc_items.c.data)
        .where(doc_items.c.kind == "actor", doc_items.c.item_id.in_(sorted(raw)))
        .execution_options(stream_results=True, yield_per=2000)  # this statement only
    )
    parts: dict[str, _ActorParts] = {}
    _add_reports(parts, rows, merged, reference)
    for actor_id, part in parts.items():
        part.mentions = counts[actor_id]
    _insert_actors(connection, parts, merged)


def _insert_actors(connection: Connection, parts: dict[str, _ActorParts], merged: ActorMap):
    rows = []
    for actor_id in sorted(parts):
        actor = parts[actor_id].actor()
        if actor.id in merged.names:
            actor = actor.model_copy(update={"name": merged.names[actor.id]})
        rows.append(
            {
                "id": actor.id,
                "name": actor.name,
                "kind": actor.kind,
                "country": actor.country,
                "mentions": actor.mentions,
                "data": actor.model_dump(mode="json"),
                "tally": parts[actor_id].tally(),
            }
        )
    if rows:
        connection.execute(insert(actors), rows)


class _Days(dict):
    """Publication days of the documents asked for, read when first asked (``need`` reads
    many at once). Fusion asks for those of the event reports it clusters (publication
    orders them) and of undated reports that something was done: a dict of every
    document's day, read at each update, grew with the archive (memory and time)."""

    def __init__(self, connection: Connection) -> None:
        super().__init__()
        self._connection = connection

    def need(self, document_ids: Iterable[str]) -> None:
        missing = sorted({d for d in document_ids if d not in self})
        self.update({d: None for d in missing})
        for part in _chunks(missing):
            query = select(documents.c.id, documents.c.published_day)
            for row in self._connection.execute(query.where(documents.c.id.in_(part))):
                self[row.id] = row.published_day

    def __missing__(self, document_id: str) -> str | None:
        self.need([document_id])
        return self[document_id]

    def get(self, document_id: str, default: Any = None) -> Any:  # type: ignore[override]
        day = self[document_id]
        return default if day is None else day


def _completion_event(completion: Completion) -> Event:
    """A report that something was done, as an event commitments can point to."""
    precision = {4: "year", 7: "month", 10: "day"}.get(len(completion.date or ""))
    return Event(
        id=completion.id,
        type="completion",
        plover="COOPERATE",
        date=completion.date,
        date_precision=precision,
        summary=completion.text[:160],
        evidence=completion.evidence,
        source_count=1,
    )


def _as_of(engine: Engine, connection: Connection) -> str | None:
    """The newest publication day in the knowledge base: the date statuses are judged at."""
    return connection.execute(select(func.max(documents.c.published_day))).scalar_one()


def _mention_counts(
    connection: Connection, merged: ActorMap, column: Any, values: Iterable[str]
) -> Counter[str]:
    """Mentions whose ``column`` (``mentions.c.actor_id`` or ``.document_id``) is one of
    ``values``, per actor after the user's decisions."""
    counts: Counter[str] = Counter()
    query = (
        select(mentions.c.document_id, mentions.c.actor_id, func.count())
        .where(mentions.c.actor_id.is_not(None))
        .group_by(mentions.c.document_id, mentions.c.actor_id)
    )
    for part in _chunks(sorted(values)):
        for document, actor_id, count in connection.execute(query.where(column.in_(part))):
            counts[merged.resolve(document, actor_id)] += count
    return counts


def _add_reports(
    parts: dict[str, _ActorParts], rows: Iterable[Any], merged: ActorMap, reference: Reference
) -> None:
    """Count the actor reports ``rows`` (document_id, data) into ``parts``, by resolved id."""
    for row in rows:
        actor_id = merged.resolve(row.document_id, row.data["id"])
        if actor_id not in parts:
            parts[actor_id] = _ActorParts(actor_id, reference)
        parts[actor_id].add(row.data)


class _ActorParts:
    """What the reports of one actor say, counted: names, kinds, countries, roles, aliases
    and mentions. The actor is a function of the counts alone, whatever order the
    reports were counted in, so adding new documents' reports to a stored tally gives
    the actor a full recount would. Roles from the office-holder table come first."""

    def __init__(
        self, actor_id: str, reference: Reference, tally: dict[str, Any] | None = None
    ) -> None:
        self.id = actor_id
        self.known = reference.people.get(actor_id)
        tally = tally or {}
        self.names: Counter[str] = Counter(tally.get("names", {}))
        self.kinds: Counter[str] = Counter(tally.get("kinds", {}))
        self.countries: Counter[str] = Counter(tally.get("countries", {}))
        self.aliases: Counter[str] = Counter(tally.get("aliases", {}))
        self.roles: Counter[str] = Counter(tally.get("roles", {}))  # role as sorted JSON
        self.mentions: int = tally.get("mentions", 0)

    def add(self, data: dict[str, Any]) -> None:
        self.names[data["name"]] += 1
        self.kinds[data["kind"]] += 1
        if data.get("country"):
            self.countries[data["country"]] += 1
        for role in data.get("roles", []):
            self.roles[json.dumps(role, sort_keys=True)] += 1
        for alias in data.get("aliases", []):
            self.aliases[alias] += 1

    def tally(self) -> dict[str, Any]:
        return {
            "names": dict(self.names),
            "kinds": dict(self.kinds),
            "countries": dict(self.countries),
            "aliases": dict(self.aliases),
            "roles": dict(self.roles),
            "mentions": self.mentions,
        }

    def actor(self) -> Actor:
        """The most reported name, kind and country (ties by the value itself); aliases and
        roles the most reported first, a role dropped when one kept is the same."""
        roles: list[Role] = list(self.known.roles) if self.known is not None else []
        for key in _by_count(self.roles):
            candidate = Role(**json.loads(key))
            if not any(_same_role(candidate, r) for r in roles):
                roles.append(candidate)
        name = max(self.names, key=lambda n: (self.names[n], len(n), n))
        return Actor(
            id=self.id,
            name=self.known.name if self.known is not None else name,
            kind=_by_count(self.kinds)[0],
            country=_by_count(self.countries)[0] if self.countries else None,
            roles=roles,
            aliases=_by_count(self.aliases),
            mentions=self.mentions,
        )


def _by_count(counts: Counter[str]) -> list[str]:
    """Values, the most counted first, ties in the values' order."""
    return sorted(counts, key=lambda value: (-counts[value], value))


def _same_role(a: Role, b: Role) -> bool:
    from accord.analyze.people import canonical_title

    return canonical_title(a.title) == canonical_title(b.title) and (
        a.country == b.country or a.country is None
    )


_ITEMS: dict[str, type[BaseModel]] = {
    "event": Event, "agreement": Agreement, "commitment": Commitment, "figure": Figure,
    "quote": Quote, "completion": Completion,
}  # fmt: skip
# Fields of each item that hold actor ids, and the fields that date it and type it.
_ACTOR_FIELDS = {
    "event": ("participants", "source_actor", "target_actor"), "agreement": ("parties",),
    "commitment": ("by",), "figure": ("stated_by",), "quote": ("speaker",), "completion": (),
    "conflict": (),
}  # fmt: skip
_DATE_FIELD = {
    "event": "date",
    "agreement": "date",
    "commitment": "due",
    "figure": "period",
    "quote": "date",
    "conflict": None,
}
_TYPE_FIELD = {
    "event": "type",
    "agreement": "kind",
    "commitment": "status",
    "figure": "indicator",
    "quote": "kind",
    "conflict": "field",
}


def _fused_as(kind: str, data: dict[str, Any], document: str, merged: ActorMap) -> BaseModel:
    """A stored item as fusion takes it: mapped (_mapped), a report that something was
    done as a completion event."""
    item = _mapped(kind, data, document, merged)
    return _completion_event(item) if kind == "completion" else item


def _mapped(kind: str, data: dict[str, Any], document: str, merged: ActorMap) -> BaseModel:
    """A stored item of ``kind`` with its actor ids mapped by the user's decisions."""
    for name in _ACTOR_FIELDS[kind]:
        value = data.get(name)
        if isinstance(value, list):
            data[name] = list(dict.fromkeys(merged.resolve(document, v) for v in value))
        elif isinstance(value, str):
            data[name] = merged.resolve(document, value)
    return _ITEMS[kind](**data)


class _Writes:
    """Record items and links to write, sent to the database a batch at a time.

    A rebuild fuses tens of thousands of one-item blocks (each quote is one); writing
    each block with its own statements spent most of the rebuild in statement overhead.
    """

    _BATCH = 5000

    def __init__(self, connection: Connection, *, rebuild: bool = False) -> None:
        self.connection = connection
        self.rebuild = rebuild  # the record was emptied: nothing is stored to compare with
        self.evidence: list[dict[str, Any]] = []  # rows of record_evidence (a rebuild's)
        self.rows: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.replaced: list[str] = []
        self.written: set[str] = set()  # on an update: ids inserted or replaced
        self.own_links: set[str] = set()  # items whose links are not written here

    def add(
        self,
        kind: str,
        items: list[Any],
        block: str | dict[str, str],
        existing: dict[str, tuple] | None = None,
    ) -> None:
        """Queue record items of ``kind`` and their actor links; ``block``: the block they
        were fused in (or each item's, by id).

        ``existing`` (id -> (kind, block, digest) of stored items being replaced): an item
        stored exactly so already is left alone and an item stored differently is
        replaced; both leave ``existing``, so what remains there is what nothing
        replaced. Re-fusing a block mostly gives back what was stored; not rewriting
        it (with its links and indexes) is most of the time saved.
        """
        seen: set[str] = set()
        for item in items:
            item_id = item.id  # every record item has one
            key = block if isinstance(block, str) else block.get(item_id)
            if item_id in seen:  # never lose an item to an id collision; make it visible
                item_id = f"{item_id}-{len(seen)}"
                item = item.model_copy(update={"id": item_id})
            seen.add(item_id)
            # fingerprinted as pydantic writes it (fast, fields in a fixed order): an item
            # restated across an archive is megabytes, and most come back unchanged
            digest = hashlib.sha1(item.model_dump_json().encode()).hexdigest()
            if existing is not None and item_id in existing:
                if existing.pop(item_id) == (kind, key, digest):
                    continue
                self.replaced.append(item_id)
            if existing is not None:
                self.written.add(item_id)
            data = item.model_dump(mode="json")
            date = data.get(_DATE_FIELD[kind]) if _DATE_FIELD[kind] else None
            label = data.get(_TYPE_FIELD[kind]) if _TYPE_FIELD[kind] else None
            self.rows.append(
                {
                    "kind": kind,
                    "id": data["id"],
                    "date": date[:10] if date else None,
                    "type": label,
                    "data": data,
                    "block": key,
                    "digest": digest,
                }
            )
            if kind in ("commitment", "figure") or (kind == "conflict" and _values_apart(item)):
                self.own_links.add(item_id)  # links follow the evidence (_write_evidence)
            else:
                self.links += _links(kind, data)
        if len(self.rows) + len(self.replaced) + len(self.evidence) >= self._BATCH:
            self.flush()

    def flush(self) -> None:
        """Insert the new items; update the replaced ones in place, with only the links
        that changed (an item restated across an archive has a link per reporting
        document, nearly all of them the same after an update)."""
        replaced = set(self.replaced)
        fresh = [row for row in self.rows if row["id"] not in replaced]
        if fresh:
            self.connection.execute(insert(record_items), fresh)
        changed = [row for row in self.rows if row["id"] in replaced]
        if changed:
            self.connection.execute(
                update(record_items)
                .where(record_items.c.id == bindparam("r_id"))
                .values(
                    kind=bindparam("r_kind"),
                    date=bindparam("r_date"),
                    type=bindparam("r_type"),
                    data=bindparam("r_data"),
                    block=bindparam("r_block"),
                    digest=bindparam("r_digest"),
                ),
                [{f"r_{k}": v for k, v in row.items()} for row in changed],
            )
        links = [link for link in self.links if link["item_id"] not in replaced]
        replaced -= self.own_links
        links += _changed_links(
            self.connection, [link for link in self.links if link["item_id"] in replaced], replaced
        )
        if links:
            self.connection.execute(insert(record_links), links)
        _insert_evidence(self.connection, self.evidence)
        self.rows, self.links, self.replaced, self.evidence = [], [], [], []
        self.own_links.clear()


def _changed_links(
    connection: Connection, wanted: list[dict[str, Any]], items: set[str]
) -> list[dict[str, Any]]:
    """Of the stored ``items``' ``wanted`` links, those not stored yet; stored links of
    theirs not wanted any more are deleted."""
    keep = {(link["item_id"], link["actor_id"], link["document_id"]) for link in wanted}
    stale = []
    for part in _chunks(sorted(items)):
        rows = connection.execute(
            select(
                record_links.c.pk,
                record_links.c.item_id,
                record_links.c.actor_id,
                record_links.c.document_id,
            ).where(record_links.c.item_id.in_(part))
        )
        for pk, *link in rows:
            if tuple(link) in keep:
                keep.discard(tuple(link))
            else:
                stale.append(pk)
    for part in _chunks(stale):
        connection.execute(delete(record_links).where(record_links.c.pk.in_(part)))
    return [{"item_id": i, "actor_id": a, "document_id": d} for i, a, d in sorted(keep, key=str)]


def _actors(kind: str, data: dict[str, Any]) -> list[str]:
    """The actors a record item of ``kind`` (as JSON data) is linked to, in order."""
    linked = []
    for name in _ACTOR_FIELDS[kind]:
        value = data.get(name)
        linked += value if isinstance(value, list) else [value] if value else []
    return list(dict.fromkeys(linked))


def _links(kind: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """One link per actor and reporting document of a record item (actor '' when none)."""
    linked = _actors(kind, data)
    evidence = data.get("evidence") or [
        e for v in data.get("values", []) for e in v.get("evidence", [])
    ]
    documents = sorted({e["document"] for e in evidence}) or [None]
    if not linked:
        return [{"item_id": data["id"], "actor_id": "", "document_id": d} for d in documents if d]
    return [
        {"item_id": data["id"], "actor_id": a, "document_id": d}
        for a in dict.fromkeys(linked)
        for d in documents
    ]


def merge_actors(engine: Engine, keep: str, other: str, reference: Reference) -> None:
    """Record the user's decision that ``other`` is the same actor as ``keep``; rebuild.

    Decisions live in ``actor_decisions`` and are applied at every rebuild, so
    they survive re-ingest and re-analysis.
    """
    from datetime import UTC, datetime

    from accord.errors import AccordError, NotFound

    if keep == other:
        raise AccordError("an actor cannot be merged into itself")
    with writes(engine).begin() as connection:
        known = {
            r.id
            for r in connection.execute(select(actors.c.id).where(actors.c.id.in_([keep, other])))
        }
        for actor_id in (keep, other):
            if actor_id not in known:
                raise NotFound(f"no actor {actor_id!r} (see 'accord actors')")
        if merge_map(connection).get(keep) == other:
            raise AccordError(f"{keep} is already merged into {other}; merge the other way")
        connection.execute(
            insert(actor_decisions).values(
                action="merge", actor_id=keep, other_id=other, decided_at=datetime.now(UTC)
            )
        )
    rebuild_record(engine, reference)


def split_actor(
    engine: Engine,
    actor_id: str,
    reference: Reference,
    *,
    document: str | None = None,
    alias: str | None = None,
) -> str:
    """Record that ``actor_id`` is someone else in one document or under one alias; rebuild.

    Returns the new actor's id. Like merges, splits live in ``actor_decisions``
    and survive re-ingest and re-fusion.
    """
    from datetime import UTC, datetime

    from accord.errors import AccordError, NotFound

    if (document is None) == (alias is None):
        raise AccordError("split by exactly one of --document or --alias")
    rule = f"doc:{document}" if document else f"alias:{alias}"
    with writes(engine).begin() as connection:
        if not connection.execute(select(actors.c.id).where(actors.c.id == actor_id)).first():
            raise NotFound(f"no actor {actor_id!r} (see 'accord actors')")
        connection.execute(
            insert(actor_decisions).values(
                action="split", actor_id=actor_id, other_id=rule, decided_at=datetime.now(UTC)
            )
        )
    rebuild_record(engine, reference)
    new_id = f"{actor_id}~{slug(document or alias or '')}"
    with engine.connect() as connection:
        if not connection.execute(select(actors.c.id).where(actors.c.id == new_id)).first():
            raise AccordError(
                f"nothing to split: {actor_id} has no mention "
                f"{'in that document' if document else 'named only so'}"
            )
    return new_id
