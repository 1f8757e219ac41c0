"""Opening the knowledge base: engine, connection settings, schema migrations.

SQLite runs in WAL mode with a busy timeout so readers never block the
writer and two writers wait for each other instead of failing. PostgreSQL is
reached through the same SQLAlchemy code with its own URL.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from accord.errors import StoreError
from accord.settings import database_url

_MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 30_000


def open_kb(db: str, *, create: bool = True, upgrade: bool = False) -> Engine:
    """Open the knowledge base at ``db`` (path or URL), creating its schema if it is new.

    An existing knowledge base at an older schema is only migrated when
    ``upgrade`` is true (``accord db upgrade``); otherwise :class:`StoreError`
    tells the user to upgrade, so a file is never changed behind their back.
    """
    url = database_url(db)
    if url.startswith("sqlite:///") and not create:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise StoreError(f"no knowledge base at {path} (run 'accord ingest' first)")
    engine = _engine(url)
    try:
        current, head = schema_revisions(engine)
        if current != head:
            if current is None or upgrade:
                _upgrade(engine)
            else:
                raise StoreError(
                    f"the knowledge base schema is at revision {current}, this accord needs {head}: "
                    "back up the file and run 'accord db upgrade'"
                )
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the knowledge base {_safe(url)}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the knowledge base {_safe(url)}: {exc}") from exc
    return engine


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """The knowledge base's schema revision (None if empty) and the newest this code knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, str(head)


def _upgrade(engine: Engine, revision: str = "head") -> None:
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def upgrade_kb(db: str, revision: str = "head") -> tuple[str | None, str]:
    """Migrate the knowledge base at ``db`` to ``revision``; return (before, after)."""
    engine = _engine(database_url(db))
    try:
        before, _ = schema_revisions(engine)
        _upgrade(engine, revision)
        after, _ = schema_revisions(engine)
    finally:
        engine.dispose()
    return before, str(after)


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling commits savepoints on release; let SQLAlchemy
        # issue BEGIN itself so nested transactions roll back with their parent.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def writes(engine: Engine) -> Engine:
    """The engine for transactions that will write.

    On SQLite they start with BEGIN IMMEDIATE: a transaction that reads first and
    writes later would otherwise meet another writer's lock at its first write
    and fail at once ('database is locked') instead of waiting its turn.
    PostgreSQL needs nothing special.
    """
    return engine.execution_options(sqlite_immediate=True)


def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 64 MiB of page cache instead of 2: fusion updates indexes all over a large file
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
