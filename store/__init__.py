"""store/: persistence. SQLite file by default, PostgreSQL through DATABASE_URL; Alembic migrations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from store.activity import ActivityRepo
from store.audit import AuditEvent, AuditRepo
from store.calls import CallLogRepo
from store.directory import DirectoryRepo
from store.engine import create_engine_for, migrate
from store.journal import JournalEntry, JournalRepo
from store.locks import LockRepo
from store.pstn_writer import PSTN_COLUMNS
from store.reservations import ReservationRepo
from store.sync_state import SyncStateRepo
from store.urls import mask, normalise_database_url


class StoreError(Exception):
    """The database could not be opened or migrated; the message never contains a password."""


@dataclass
class Store:
    engine: AsyncEngine
    journal: JournalRepo
    audit: AuditRepo
    reservations: ReservationRepo
    calls: CallLogRepo
    activity: ActivityRepo
    directory: DirectoryRepo
    sync_state: SyncStateRepo
    locks: LockRepo

    @classmethod
    async def open(cls, url: str) -> Store:
        """Connect and migrate to head (idempotent; safe for several processes thanks to Alembic's table)."""
        engine = create_engine_for(normalise_database_url(url))
        try:
            await migrate(engine)
        except Exception as exc:
            await engine.dispose()
            raise StoreError(f"could not open the database {mask(url)}: {type(exc).__name__}") from exc
        return cls(
            engine,
            JournalRepo(engine),
            AuditRepo(engine),
            ReservationRepo(engine),
            CallLogRepo(engine),
            ActivityRepo(engine),
            DirectoryRepo(engine),
            SyncStateRepo(engine),
            LockRepo(engine),
        )

    async def close(self) -> None:
        await self.engine.dispose()


__all__ = [
    "PSTN_COLUMNS",
    "AuditEvent",
    "JournalEntry",
    "Store",
    "StoreError",
    "mask",
    "normalise_database_url",
]
