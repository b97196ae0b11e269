"""Migrations on both engines: the migrated schema is exactly the tables' metadata, and 0003 (pstn_calls
keyed time-first) keeps the rows a database already holds and still refuses a row id twice."""

from __future__ import annotations

import datetime as dt
from functools import partial

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, insert, select

from store import Store
from store.engine import create_engine_for
from store.migrate import alembic_config, current_revision, upgrade
from store.pstn_writer import PSTN_COLUMNS
from store.tables import metadata, pstn_calls
from store.urls import normalise_database_url


def head_revision() -> str | None:

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), metadata))


async def test_migrated_schema_matches_the_tables(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        async with store.engine.connect() as conn:
            assert await conn.run_sync(_differences) == []
    finally:
        await store.close()


async def test_time_first_key_migration_keeps_rows(database_url: str) -> None:
    engine = create_engine_for(normalise_database_url(database_url))
    start = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
    row = {"id": "row-1", "start_at": start, "duration_seconds": 60, "call_type": "user_out"}
    try:
        async with engine.begin() as conn:
            await conn.run_sync(partial(upgrade, revision="0002"))
            await conn.execute(insert(pstn_calls), [row, {**row, "id": "row-2"}])
        async with engine.begin() as conn:
            await conn.run_sync(upgrade)
            assert await conn.run_sync(current_revision) == head_revision()
    finally:
        await engine.dispose()
    store = await Store.open(database_url)
    try:
        async with store.calls.pstn_writer() as writer:
            await writer.add([[{**row, "id": i}.get(c) for c in PSTN_COLUMNS] for i in ("row-1", "row-3")])
        async with store.engine.connect() as conn:
            ids = (await conn.execute(select(pstn_calls.c.id).order_by(pstn_calls.c.id))).scalars().all()
            assert ids == ["row-1", "row-2", "row-3"]
            assert (await conn.execute(select(func.count()).select_from(pstn_calls))).scalar() == 3
    finally:
        await store.close()
