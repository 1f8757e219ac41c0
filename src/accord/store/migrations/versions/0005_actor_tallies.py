"""Actor tallies: what an actor's reports say, counted, so new documents add to it.

An actor of the record (its name, kind, country, roles, aliases, mentions) is
computed from every per-document report of it; a head of state has one in most
documents. With the counts kept next to the actor (``actors.tally``), an update
adds the new documents' reports to them instead of re-reading all of them.
Existing rows get a null tally; the next fusion recounts every actor once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "actors",
        sa.Column(
            "tally",
            sa.JSON().with_variant(JSONB(), "postgresql"),
            comment="Counts of what the actor's reports say (accord.fuse.record).",
        ),
    )


def downgrade() -> None:
    op.drop_column("actors", "tally")
