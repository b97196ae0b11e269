"""Alembic driven from code: `upgrade(sync_connection)` brings a database to head; used by Store.open.

Two commands started at once on a new database would both see "no tables" and both create them
(`table … already exists`), so `locked_upgrade` first takes a lock that lasts until the migration's
transaction ends: a PostgreSQL transaction-level advisory lock, or SQLite's own write lock (BEGIN
EXCLUSIVE; a second process waits on it through the busy timeout, then finds the database at head).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# One key for every Switchboard database on a server (a database has one schema to migrate).
MIGRATION_LOCK_KEY = int.from_bytes(hashlib.sha256(b"switchboard:migrate").digest()[:8], "big", signed=True)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)


def take_migration_lock(connection: Connection) -> None:
    """Serialise migrations across processes until `connection`'s transaction ends (commit or rollback).

    Must be the transaction's first statement: on SQLite a read before it would pin an old snapshot.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN EXCLUSIVE")


def locked_upgrade(connection: Connection, revision: str = "head") -> None:
    """`upgrade` under the migration lock; the caller's transaction (Store.open's) commits it."""
    take_migration_lock(connection)
    upgrade(connection, revision)


def head_revision() -> str | None:
    """The newest migration in this install (what `upgrade` brings a database to)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
