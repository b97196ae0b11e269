"""DATABASE_URL in the usual forms → the async driver SQLAlchemy needs; passwords masked in messages."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from store.errors import UnsupportedDatabaseUrl

_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
    "postgresql+psycopg": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
}


def mask(url: str) -> str:
    """The URL with any password replaced, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        # Without "@" there is no password to hide, and the admin needs to see what was given.
        return url if "@" not in url else "<unparseable database URL>"


def normalise_database_url(url: str) -> URL:
    """`sqlite:///x.db`, `postgresql://u@h/db`, `postgres://…` → a URL with an async driver."""
    text = url.strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    if not text:
        raise UnsupportedDatabaseUrl("DATABASE_URL is empty")
    try:
        parsed = make_url(text)
    except ArgumentError:
        guess = f"; did you mean sqlite:///{text}?" if "://" not in text else ""
        raise UnsupportedDatabaseUrl(f"DATABASE_URL {mask(url)!r} is not a database URL{guess}") from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise UnsupportedDatabaseUrl(
            f"DATABASE_URL scheme {parsed.drivername!r} is not supported; use sqlite or postgresql"
        )
    if driver.startswith("sqlite") and (parsed.host or parsed.port):
        # quirk: sqlite://host/x.db (two slashes) silently means an in-memory database in SQLAlchemy.
        raise UnsupportedDatabaseUrl(
            f"DATABASE_URL {mask(url)!r}: a SQLite URL has three slashes before a relative path "
            f"(sqlite:///{parsed.host}/{parsed.database or ''}) and four before an absolute one"
        )
    return parsed.set(drivername=driver)
