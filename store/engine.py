"""Async engine creation for SQLite (file, WAL) and PostgreSQL (asyncpg), and migrations on open."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from store.errors import DatabaseReadOnly, NotADatabase
from store.migrate import locked_upgrade


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL (None in memory); `file:…?mode=ro&uri=true` URIs included."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
        if not database or database == ":memory:":
            return None
    return Path(database).expanduser()


def check_sqlite_file(url: URL) -> None:
    """Refuse, before any work, a SQLite path that is a folder or that this user cannot write.

    SQLite itself would open a read-only file and fail only at the first write, half-way into a command;
    WAL mode also needs to create `-wal`/`-shm` files next to the database.
    """
    path = sqlite_path(url)
    if path is None:
        return
    if path.is_dir():
        raise NotADatabase(f"DATABASE_URL: {path} is a folder, not a SQLite database file")
    if url.query.get("mode") == "ro":  # asked for read-only on purpose: reading commands work
        return
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseReadOnly(f"DATABASE_URL: the database {path} is read-only")
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if folder is not None and not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseReadOnly(
            f"DATABASE_URL: the folder {folder} of the database {path.name} is read-only "
            "(SQLite writes its -wal and -shm files there)"
        )


def create_engine_for(url: URL) -> AsyncEngine:
    if url.get_backend_name() == "sqlite":
        check_sqlite_file(url)
        if (path := sqlite_path(url)) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            # WAL lets readers (reports) run while a sync writes; NORMAL is durable enough with WAL.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA cache_size=-65536")  # 64 MB page cache: bulk call-log syncs
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


async def migrate(engine: AsyncEngine) -> None:
    """To head in one transaction under the migration lock (several processes may open a new database)."""
    async with engine.begin() as connection:
        await connection.run_sync(locked_upgrade)


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC, so say so."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
