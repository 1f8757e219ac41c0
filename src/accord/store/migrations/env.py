"""Alembic environment: runs on the connection accord hands over (see accord.store.kb)."""

from alembic import context

from accord.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
