"""`database_url`: each test that takes it runs on SQLite and on PostgreSQL (a fresh database per test).

When 127.0.0.1:5432 does not answer, the PostgreSQL half FAILS in CI (`CI=true`: a green build must have
run both engines) and is skipped elsewhere, with the reason in the skip and a line in the summary."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

# Overridable so a test can point the probe at a port nobody answers on.
PG_ADMIN = os.environ.get("SWITCHBOARD_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_SERVER = PG_ADMIN.rsplit("/", 1)[0]


def _postgres_reachable() -> str | None:
    async def probe() -> None:
        connection = await asyncpg.connect(PG_ADMIN, timeout=3)
        await connection.close()

    try:
        asyncio.run(probe())
    except Exception as exc:  # any failure means: skip, and say why
        return f"PostgreSQL at {PG_SERVER} is not reachable ({type(exc).__name__}: {exc})"
    return None


_PG_PROBLEM = _postgres_reachable()


def in_ci() -> bool:
    """CI services (GitHub Actions, GitLab, Azure Pipelines via its own setting) export CI=true."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def postgres_summary() -> str | None:
    """The line the test run ends with when PostgreSQL was not tested (see tests/conftest.py)."""
    return f"PostgreSQL halves of the store tests were skipped: {_PG_PROBLEM}" if _PG_PROBLEM else None


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'switchboard.db'}"
        return
    if _PG_PROBLEM:
        if in_ci():
            pytest.fail(f"{_PG_PROBLEM}; CI=true needs PostgreSQL for the store tests", pytrace=False)
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
        yield f"{PG_SERVER}/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
