"""Record evidence looked up by its sentence (document, start).

Tracking finds the figure stated in a target's own sentence: with the record's
figures read whole, that grew with every figure of the archive; looked up by the
target's sentences, it reads only the figures found there and those of what the
targets measure.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_record_evidence_document_id_start", "record_evidence", ["document_id", "start"]
    )


def downgrade() -> None:
    op.drop_index("ix_record_evidence_document_id_start", table_name="record_evidence")
