"""`database_url`: each test that takes it runs on SQLite and on PostgreSQL (a fresh database per test).

PostgreSQL is skipped, with the reason shown, when 127.0.0.1:5432 does not answer."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _postgres_reachable() -> str | None:
    async def probe() -> None:
        connection = await asyncpg.connect(PG_ADMIN, timeout=3)
        await connection.close()

    try:
        asyncio.run(probe())
    except Exception as exc:  # any failure means: skip, and say why
        return f"PostgreSQL on 127.0.0.1:5432 is not reachable ({type(exc).__name__}: {exc})"
    return None


_PG_PROBLEM = _postgres_reachable()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'switchboard.db'}"
        return
    if _PG_PROBLEM:
        pytest.skip(_PG_PROBLEM)
    name = f"sb_test_{uuid.uuid4().hex[:12]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(PG_ADMIN)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
