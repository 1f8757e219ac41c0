"""Per-document analysis, actors and the fused record.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "analyses",
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("analysis_version", sa.Integer, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("degraded", sa.Integer, nullable=False),
        sa.Column("analyzed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_analyses"),
    )
    op.create_table(
        "mentions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.String(200)),
        sa.Column("how", sa.String(40), nullable=False),
        sa.Column("role", sa.Text),
        sa.PrimaryKeyConstraint("pk", name="pk_mentions"),
    )
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])
    op.create_index("ix_mentions_actor_id", "mentions", ["actor_id"])
    op.create_table(
        "doc_items",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("data", Json, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_doc_items"),
    )
    op.create_index("ix_doc_items_document_id", "doc_items", ["document_id"])
    op.create_index("ix_doc_items_kind", "doc_items", ["kind"])
    op.create_table(
        "actors",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("country", sa.String(3)),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("data", Json, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_actors"),
    )
    op.create_index("ix_actors_kind", "actors", ["kind"])
    op.create_index("ix_actors_country", "actors", ["country"])
    op.create_table(
        "actor_decisions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("other_id", sa.String(200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_actor_decisions"),
    )
    op.create_table(
        "record_items",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("type", sa.String(40)),
        sa.Column("data", Json, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_record_items"),
        sa.UniqueConstraint("id", name="uq_record_items_id"),
    )
    op.create_index("ix_record_items_kind", "record_items", ["kind"])
    op.create_index("ix_record_items_date", "record_items", ["date"])
    op.create_index("ix_record_items_type", "record_items", ["type"])
    op.create_table(
        "record_links",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("document_id", sa.String(40)),
        sa.PrimaryKeyConstraint("pk", name="pk_record_links"),
    )
    op.create_index("ix_record_links_item_id", "record_links", ["item_id"])
    op.create_index("ix_record_links_actor_id", "record_links", ["actor_id"])
    op.create_index("ix_record_links_document_id", "record_links", ["document_id"])


def downgrade() -> None:
    for table in ("record_links", "record_items", "actor_decisions", "actors", "doc_items",
                  "mentions", "analyses"):
        op.drop_table(table)
