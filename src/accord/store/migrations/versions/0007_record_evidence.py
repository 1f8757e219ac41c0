"""Evidence of commitments and figures in rows of its own (``record_evidence``).

A commitment or figure restated across an archive (a trade target, last year's
trade, in every article about a pair) carried every restatement's sentence
inline: each update read, extended and rewrote megabytes of JSON per restated
item, and a rebuild held the commitments' until tracking. Their evidence is now
one row per sentence, which an update appends to. Existing commitments' and
figures' evidence is moved into the new table; conflicts keep theirs until
their block is next fused (then each value names its figure, whose evidence it is).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    evidence = op.create_table(
        "record_evidence",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "item_id", sa.String(200), nullable=False, comment="A commitment's or figure's id."
        ),
        sa.Column("block", sa.String(200), nullable=False, comment="The item's fusion block."),
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column(
            "start",
            sa.Integer(),
            nullable=False,
            comment="Offset of the sentence in the document.",
        ),
        sa.Column(
            "data", _JSON, nullable=False, comment="The evidence, as its typed model in JSON."
        ),
        sa.PrimaryKeyConstraint("pk", name="pk_record_evidence"),
    )
    op.create_index("ix_record_evidence_block", "record_evidence", ["block"])
    op.create_index(
        "ix_record_evidence_item_id_document_id_start",
        "record_evidence",
        ["item_id", "document_id", "start"],
    )
    items = _items()
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(items.c.pk, items.c.id, items.c.block, items.c.data).where(
            items.c.kind.in_(["commitment", "figure"])
        )
    ).all()
    for row in rows:
        data = dict(row.data)
        found = data.pop("evidence", None) or []
        moved = [
            {
                "item_id": row.id,
                "block": row.block or "",
                "document_id": e["document"],
                "start": e["start"],
                "data": e,
            }
            for e in found
        ]
        if moved:
            bind.execute(sa.insert(evidence), moved)
        data["evidence"] = []
        # the digest was of the data with its evidence: the next fusion rewrites the item
        bind.execute(sa.update(items).where(items.c.pk == row.pk).values(data=data, digest=None))


def downgrade() -> None:
    """Evidence back inline, in the order readers give it (conflicts' values too)."""
    items = _items()
    evidence = sa.table(
        "record_evidence",
        sa.column("item_id", sa.String()),
        sa.column("document_id", sa.String()),
        sa.column("start", sa.Integer()),
        sa.column("data", _JSON),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(items.c.pk, items.c.id, items.c.data).where(
            items.c.kind.in_(["commitment", "figure"])
        )
    ).all()
    for row in rows:
        found = bind.execute(
            sa.select(evidence.c.data)
            .where(evidence.c.item_id == row.id)
            .order_by(evidence.c.document_id, evidence.c.start)
        ).scalars()
        data = {**row.data, "evidence": list(found)}
        bind.execute(sa.update(items).where(items.c.pk == row.pk).values(data=data, digest=None))
    figures = {
        row.id: row.data.get("evidence", [])
        for row in bind.execute(sa.select(items.c.id, items.c.data).where(items.c.kind == "figure"))
    }
    conflicts = bind.execute(
        sa.select(items.c.pk, items.c.data).where(items.c.kind == "conflict")
    ).all()
    for row in conflicts:  # values naming their figure: that figure's evidence, inline
        values = [
            {
                "value": v["value"],
                "evidence": v.get("evidence") or figures.get(v.get("figure") or "", []),
            }
            for v in row.data.get("values", [])
        ]
        if values != row.data.get("values"):
            data = {**row.data, "values": values}
            bind.execute(
                sa.update(items).where(items.c.pk == row.pk).values(data=data, digest=None)
            )
    op.drop_table("record_evidence")


def _items() -> sa.TableClause:
    return sa.table(
        "record_items",
        sa.column("pk", sa.Integer()),
        sa.column("id", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("block", sa.String()),
        sa.column("data", _JSON),
        sa.column("digest", sa.String()),
    )
