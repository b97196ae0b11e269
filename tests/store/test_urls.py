"""DATABASE_URL forms → async drivers; bad ones are refused without echoing a password."""

from __future__ import annotations

import pytest

from store import mask, normalise_database_url


@pytest.mark.parametrize(
    ("given", "driver", "database"),
    [
        ("sqlite:///switchboard.db", "sqlite+aiosqlite", "switchboard.db"),
        ("sqlite:////var/lib/sb/x.db", "sqlite+aiosqlite", "/var/lib/sb/x.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite", "x.db"),
        ("postgresql://sb@db.example/sb", "postgresql+asyncpg", "sb"),
        ("postgres://sb:pw@db.example:5433/sb", "postgresql+asyncpg", "sb"),
        ("postgresql+psycopg://sb@db/sb", "postgresql+asyncpg", "sb"),
    ],
)
def test_async_driver_is_chosen(given: str, driver: str, database: str) -> None:
    url = normalise_database_url(given)
    assert url.drivername == driver
    assert url.database == database


@pytest.mark.parametrize("bad", ["mysql://root:hunter2@db/sb", "not a url", "oracle://u:hunter2@h/x"])
def test_unsupported_urls_are_refused_without_the_password(bad: str) -> None:
    with pytest.raises(ValueError) as exc:
        normalise_database_url(bad)
    assert "hunter2" not in str(exc.value)


def test_mask_hides_the_password() -> None:
    assert "s3cret" not in mask("postgresql://sb:s3cret@db/sb")
