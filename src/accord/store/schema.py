"""Tables of the knowledge base (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

List-valued fields are JSON columns; everything a user filters or joins on is
a plain column. docs/database.md describes every table for people browsing
the SQLite file with standard tools. Alembic migrations in
``accord/store/migrations`` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Json = JSON().with_variant(JSONB(), "postgresql")

documents = Table(
    "documents",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True, comment="Stable id from content hash."),
    Column("source", Text, nullable=False, comment="Path or URL as given."),
    Column(
        "source_key",
        Text,
        nullable=False,
        index=True,
        comment="Identity of the source across versions (URL or absolute path).",
    ),
    Column("url", Text),
    Column("format", String(16)),
    Column("title", Text),
    Column("published", String(40), comment="ISO 8601, possibly partial; null if not stated."),
    Column("published_day", String(10), index=True, comment="YYYY-MM-DD part of published."),
    Column("outlet", Text),
    Column("authors", Json, nullable=False, default=list),
    Column("dateline", Text),
    Column("attributed_to", Json, nullable=False, default=list),
    Column("language", String(16)),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("version_of", String(40), comment="Id of the previous version of the same source."),
    Column("superseded_by", String(40), comment="Id of the next version, if any."),
    Column("raw", Text, nullable=False, comment="The content as read (HTML or text)."),
    Column("text", Text, nullable=False, comment="Cleaned text; evidence offsets point here."),
    Column("removed", Json, nullable=False, default=list, comment="Lines the cleaner removed."),
    Column("word_count", Integer, nullable=False, default=0),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

rejections = Table(
    "rejections",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("rejected_at", DateTime(timezone=True), nullable=False),
)

# --- per-document analysis (replaced as a whole when a document is re-analysed) -------------

analyses = Table(
    "analyses",
    metadata,
    Column("document_id", String(40), primary_key=True),
    Column("analysis_version", Integer, nullable=False),
    Column("language", String(16)),
    Column("degraded", Integer, nullable=False, default=0, comment="1 if run without a model."),
    Column("analyzed_at", DateTime(timezone=True), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("actor_id", String(200), index=True, comment="Actor id before manual merges."),
    Column("how", String(40), nullable=False),
    Column("role", Text),
)

doc_items = Table(
    "doc_items",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), nullable=False, index=True),
    Column(
        "kind",
        String(16),
        nullable=False,
        index=True,
        comment="actor, time, figure, quote, event, agreement, commitment, completion",
    ),
    Column("item_id", String(200), nullable=False),
    Column("data", Json, nullable=False, comment="The item as its typed model, in JSON."),
    Column("block", String(200), comment="Fusion block key, filled in by the fusion stage."),
)

# --- the record: built by the fusion stage from doc_items -------------------------------------

actors = Table(
    "actors",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False, index=True),
    Column("country", String(3), index=True),
    Column("mentions", Integer, nullable=False, default=0),
    Column("data", Json, nullable=False),
    Column("tally", Json, comment="Counts of what the actor's reports say (accord.fuse.record)."),
)

actor_decisions = Table(
    "actor_decisions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("action", String(8), nullable=False, comment="merge or split"),
    Column("actor_id", String(200), nullable=False, comment="merge: kept id; split: the id split"),
    Column(
        "other_id",
        String(200),
        nullable=False,
        comment="merge: id merged into actor_id; split: an alias or document to separate",
    ),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)

record_items = Table(
    "record_items",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column(
        "kind",
        String(16),
        nullable=False,
        index=True,
        comment="event, agreement, commitment, figure, quote, conflict",
    ),
    Column("id", String(200), nullable=False, unique=True),
    Column("date", String(10), index=True, comment="Main date of the item (ISO, partial)."),
    Column("type", String(40), index=True, comment="Event type, figure indicator, status..."),
    Column("data", Json, nullable=False, comment="The item as its typed model, in JSON."),
    Column("block", String(200), comment="Fusion block the item was fused in."),
    Column("digest", String(40), comment="Fingerprint of data: an update rewrites what changed."),
)

record_links = Table(
    "record_links",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("item_id", String(200), nullable=False, index=True),
    Column("actor_id", String(200), nullable=False, index=True),
    Column("document_id", String(40), index=True),
)

# Evidence of commitments and figures, one row per sentence: an item restated across an archive
# has a sentence per restatement, and an update adds rows for the new ones instead of
# reading and rewriting them all (accord.fuse.record). Readers attach them in order.
record_evidence = Table(
    "record_evidence",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("item_id", String(200), nullable=False, comment="A commitment's or figure's id."),
    Column("block", String(200), nullable=False, index=True, comment="The item's fusion block."),
    Column("document_id", String(40), nullable=False),
    Column("start", Integer, nullable=False, comment="Offset of the sentence in the document."),
    Column("data", Json, nullable=False, comment="The evidence, as its typed model in JSON."),
    Index("ix_record_evidence_item_id_document_id_start", "item_id", "document_id", "start"),
    Index("ix_record_evidence_document_id_start", "document_id", "start"),  # by sentence
)

fusion_states = Table(
    "fusion_states",
    metadata,
    Column("block", String(200), primary_key=True, comment="Fusion block key."),
    Column("items", Integer, nullable=False, comment="Per-document items the summary holds."),
    Column("last_pk", Integer, nullable=False, comment="Greatest doc_items.pk among them."),
    Column("context", String(40), nullable=False, comment="Digest of what else fusion read."),
    Column("summary", Json, nullable=False, comment="Where the block's fusion stands."),
)
