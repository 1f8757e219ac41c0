"""Fusion blocks stored with each item, so an update reads only the blocks it touches.

Fusion compares items only inside their block (accord.fuse.blocks). With the
block key stored on each per-document item and each record item, adding a
few documents to a large knowledge base reads and rewrites the items of the
blocks those documents touch, not the whole record. Existing rows keep a null
block; the next fusion fills it in (the key depends on code, not on the
schema, so it is computed by the fusion stage, never here).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_INDEXES = (
    ("ix_doc_items_kind_block", "doc_items", ["kind", "block"]),
    ("ix_doc_items_block", "doc_items", ["block"]),
    ("ix_doc_items_kind_item_id", "doc_items", ["kind", "item_id"]),
    ("ix_record_items_block", "record_items", ["block"]),
)


def upgrade() -> None:
    for table in ("doc_items", "record_items"):
        op.add_column(
            table,
            sa.Column("block", sa.String(200), comment="Fusion block key (accord.fuse.blocks)."),
        )
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
    for table in ("record_items", "doc_items"):
        op.drop_column(table, "block")
