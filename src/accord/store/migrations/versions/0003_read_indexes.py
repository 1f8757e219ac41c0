"""Indexes and a derived pair index for the read queries of the web app and JSON API.

Listings page through one kind of record item in date order and filter it by
type, by actor or by a pair of countries; with 100,000 events each of these
must stay an index walk, not a sort or a scan (accord.store.queries).

"Items between two countries" is answered from derived tables: the countries
of each record item and of each document, and one row per item and pair of
countries. They are derived from record_items, record_links and actors, and
refreshed by the reader after the record changed; the triggers below only
mark them stale (they delete the row of ``record_derived_state``), so the
fusion stage writes the record exactly as before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (index name, table, columns)
_INDEXES = (
    ("ix_record_items_kind_date", "record_items", ["kind", "date"]),
    ("ix_record_items_kind_type_date", "record_items", ["kind", "type", "date"]),
    ("ix_record_links_actor_id_item_id", "record_links", ["actor_id", "item_id"]),
    ("ix_record_links_item_id_actor_id", "record_links", ["item_id", "actor_id"]),
    ("ix_record_links_document_id_item_id", "record_links", ["document_id", "item_id"]),
    ("ix_actors_country_id", "actors", ["country", "id"]),
    ("ix_actors_kind_mentions", "actors", ["kind", "mentions"]),
    ("ix_doc_items_document_id_kind", "doc_items", ["document_id", "kind"]),
    ("ix_documents_superseded_by_published_day", "documents", ["superseded_by", "published_day"]),
    ("ix_record_countries_country_item_id", "record_countries", ["country", "item_id"]),
    ("ix_record_countries_item_id_country", "record_countries", ["item_id", "country"]),
    ("ix_document_countries_country_document_id", "document_countries",
     ["country", "document_id"]),
    ("ix_document_countries_document_id_country", "document_countries",
     ["document_id", "country"]),
    ("ix_record_pairs_by_date", "record_pairs", ["first", "second", "kind", "date", "item_pk"]),
    ("ix_record_pairs_by_type", "record_pairs",
     ["first", "second", "kind", "type", "date", "item_pk"]),
)  # fmt: skip
# Tables whose changes make the derived tables stale.
_WATCHED = ("record_items", "record_links", "actors")


def upgrade() -> None:
    op.create_table(
        "record_countries",
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
    )
    op.create_table(
        "document_countries",
        sa.Column("document_id", sa.String(40), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
    )
    op.create_table(
        "record_pairs",
        sa.Column("first", sa.String(3), nullable=False),
        sa.Column("second", sa.String(3), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("type", sa.String(40)),
        sa.Column("item_pk", sa.Integer, nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
    )
    op.create_table(
        "record_derived_state",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_record_derived_state"),
    )
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION accord_record_changed() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN DELETE FROM record_derived_state; RETURN NULL; END $$"
        )
        for table in _WATCHED:
            op.execute(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION accord_record_changed()"
            )
    else:
        for table in _WATCHED:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_{event.lower()}_changed AFTER {event} ON {table} "
                    "WHEN EXISTS (SELECT 1 FROM record_derived_state) "
                    "BEGIN DELETE FROM record_derived_state; END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _WATCHED:
            op.execute(f"DROP TRIGGER {table}_changed ON {table}")
        op.execute("DROP FUNCTION accord_record_changed()")
    else:
        for table in _WATCHED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_{event}_changed")
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
    for table in ("record_derived_state", "record_pairs", "document_countries", "record_countries"):
        op.drop_table(table)
