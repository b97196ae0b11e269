"""store/'s error tree: driver and SQLAlchemy failures → what went wrong with which database, and the fix.

Callers branch on the class; messages name DATABASE_URL (password masked) or the SQLite file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError


class StoreError(Exception):
    """The database could not be opened, migrated, read or written; never contains a password."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return self.message


class UnsupportedDatabaseUrl(StoreError, ValueError):
    """DATABASE_URL is not sqlite:///… or postgresql://… (a setting to fix, not a fault)."""

    hint = "Use sqlite:///switchboard.db or postgresql://user@host/db (see .env.example)."


class NotADatabase(StoreError):
    """The SQLite file exists but is something else (a CSV, a backup archive, an encrypted file)."""

    hint = "Point DATABASE_URL at a Switchboard database, or at a new file name to start one."


class DatabaseReadOnly(StoreError):
    """The database (or, for SQLite, its folder: WAL needs -wal/-shm files) cannot be written."""

    hint = "Give this user write access to the file and its folder, or point DATABASE_URL elsewhere."


class DatabaseUnavailable(StoreError):
    """The server did not answer, refused us, or the file cannot be opened."""

    hint = "Check that the database server is running and DATABASE_URL's host, port and name."


class DatabaseBusy(StoreError):
    """Another process held a lock longer than we wait."""

    hint = "Another Switchboard command is using the database; re-run when it has finished."


def where(url: URL) -> str:
    """The database as people know it: the SQLite file path, or the masked PostgreSQL URL."""
    if url.get_backend_name() == "sqlite":
        return str(Path(url.database or ":memory:").expanduser())
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def _sqlite_code(exc: BaseException) -> int:
    """SQLite's primary result code (extended codes carry it in the low byte)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def translate(exc: BaseException, url: URL, *, connecting: bool = False) -> StoreError | None:
    """A foreign failure seen while using the database at `url` → our error, or None if not the database's.

    A bare OSError is the database's only while `connecting` (a refused port, an unknown host); later it
    may be any file's, such as a report folder's.
    """
    if isinstance(exc, StoreError):
        return exc
    original: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    while type(original).__module__.startswith("sqlalchemy") and original.__cause__ is not None:
        original = original.__cause__  # the asyncpg adapter wraps the driver's own exception
    name = where(url)
    if isinstance(original, sqlite3.Error):
        return _from_sqlite(original, name)
    from_driver = type(original).__module__.startswith("asyncpg") or isinstance(original, InterfaceError)
    if from_driver or ((connecting or isinstance(exc, DBAPIError)) and isinstance(original, OSError)):
        return _from_server(original, name)
    return None


def _from_sqlite(exc: sqlite3.Error, name: str) -> StoreError:
    code = _sqlite_code(exc)
    if code == sqlite3.SQLITE_NOTADB:
        return NotADatabase(f"DATABASE_URL: {name} is not a SQLite database")
    if code == sqlite3.SQLITE_READONLY:
        return DatabaseReadOnly(f"DATABASE_URL: the database {name} is read-only")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DatabaseBusy(f"DATABASE_URL: the database {name} is locked by another process")
    if code == sqlite3.SQLITE_CANTOPEN:
        return DatabaseUnavailable(
            f"DATABASE_URL: cannot open the SQLite file {name}",
            hint="Check the path exists and this user may read and write it and its folder.",
        )
    if code == sqlite3.SQLITE_FULL:
        return DatabaseUnavailable(
            f"DATABASE_URL: the disk holding {name} is full", hint="Free some space and re-run."
        )
    return DatabaseUnavailable(f"DATABASE_URL: the SQLite database {name} failed ({type(exc).__name__})")


def _from_server(exc: BaseException, name: str) -> StoreError:
    kind = type(exc).__name__
    if kind == "InvalidCatalogNameError":
        return DatabaseUnavailable(
            f"DATABASE_URL: the database in {name} does not exist",
            hint="Create it (createdb NAME) or fix the name in DATABASE_URL.",
        )
    if kind in {"InvalidPasswordError", "InvalidAuthorizationSpecificationError"}:
        return DatabaseUnavailable(
            f"DATABASE_URL: {name} refused the user or password",
            hint="Check the user and password in DATABASE_URL (or ~/.pgpass).",
        )
    if kind == "ReadOnlySQLTransactionError":
        return DatabaseReadOnly(f"DATABASE_URL: {name} is a read-only server (a standby?)")
    if isinstance(exc, OSError | TimeoutError):
        return DatabaseUnavailable(f"DATABASE_URL: could not connect to {name} ({kind})")
    return DatabaseUnavailable(f"DATABASE_URL: the database {name} failed ({kind})")
