"""Fusion states: a summary of each large block, so an update adds to it.

Commitments and target figures are restated by documents across a whole
archive; re-fusing such a block from all its statements for every few
documents added made an update grow with the archive. A block of many items
keeps a summary of where its fusion stands (accord.fuse.record); an update
adds the new documents' items to it when that gives what a full fusion would,
and fuses the block whole otherwise. A knowledge base upgraded to this
revision has no summaries: its next fusion of each block writes one.

Record items also keep a fingerprint of their data (``record_items.digest``):
an update compares the items it fuses with those stored without reading the
stored ones (a restated item carries megabytes of evidence). Existing rows get
a null digest and are rewritten once.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fusion_states",
        sa.Column("block", sa.String(200), nullable=False, comment="Fusion block key."),
        sa.Column(
            "items", sa.Integer(), nullable=False, comment="Per-document items the summary holds."
        ),
        sa.Column(
            "last_pk", sa.Integer(), nullable=False, comment="Greatest doc_items.pk among them."
        ),
        sa.Column(
            "context", sa.String(40), nullable=False, comment="Digest of what else fusion read."
        ),
        sa.Column(
            "summary",
            sa.JSON().with_variant(JSONB(), "postgresql"),
            nullable=False,
            comment="Where the block's fusion stands.",
        ),
        sa.PrimaryKeyConstraint("block", name="pk_fusion_states"),
    )

    op.add_column(
        "record_items",
        sa.Column(
            "digest",
            sa.String(40),
            comment="Fingerprint of data: an update rewrites what changed.",
        ),
    )


def downgrade() -> None:
    op.drop_column("record_items", "digest")
    op.drop_table("fusion_states")
