"""store/: persistence. SQLite file by default, PostgreSQL through DATABASE_URL; Alembic migrations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from store.activity import ActivityRepo
from store.approvals import Approval, ApprovalRepo
from store.audit import AuditEvent, AuditRepo
from store.calls import CallLogRepo
from store.conversations import BotMember, ConversationRepo, StoredConversation
from store.directory import DirectoryRepo
from store.emergency import EmergencyRepo, ModeRecord, ModeState, Snapshot, Taken, runner_id
from store.engine import create_engine_for, migrate
from store.errors import (
    DatabaseBusy,
    DatabaseReadOnly,
    DatabaseUnavailable,
    NotADatabase,
    StoreError,
    UnsupportedDatabaseUrl,
    translate,
    where,
)
from store.job_runs import JobRunRepo
from store.journal import JournalEntry, JournalRepo
from store.line_names import LineName, LineNameRepo
from store.locks import LockRepo
from store.opt_ins import OptInRepo, PendingOptIn
from store.popup_lines import LIVE_STATES, PopupLineRepo, PopupRecord, PopupState, line_key
from store.pstn_writer import PSTN_COLUMNS
from store.reservations import ReservationRepo
from store.sync_state import SyncStateRepo
from store.urls import mask, normalise_database_url


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
    popups: PopupLineRepo
    conversations: ConversationRepo
    job_runs: JobRunRepo
    approvals: ApprovalRepo
    opt_ins: OptInRepo
    emergency: EmergencyRepo
    line_names: LineNameRepo

    @classmethod
    async def open(cls, url: str) -> Store:
        """Connect and migrate to head (idempotent; safe for several processes thanks to Alembic's table)."""
        parsed = normalise_database_url(url)
        try:
            engine = create_engine_for(parsed)
        except OSError as exc:  # the SQLite file's folder could not be created
            raise translate(exc, parsed, connecting=True) or StoreError(
                f"could not open {where(parsed)}"
            ) from exc
        try:
            await migrate(engine)
        except Exception as exc:
            await engine.dispose()
            error = translate(exc, parsed, connecting=True)
            if error is None:
                error = DatabaseUnavailable(
                    f"DATABASE_URL: could not open the database {where(parsed)} ({type(exc).__name__})"
                )
            raise error from exc
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
            PopupLineRepo(engine),
            ConversationRepo(engine),
            JobRunRepo(engine),
            ApprovalRepo(engine),
            OptInRepo(engine),
            EmergencyRepo(engine),
            LineNameRepo(engine),
        )

    async def close(self) -> None:
        await self.engine.dispose()


__all__ = [
    "LIVE_STATES",
    "PSTN_COLUMNS",
    "Approval",
    "ApprovalRepo",
    "AuditEvent",
    "AuditRepo",
    "BotMember",
    "ConversationRepo",
    "DatabaseBusy",
    "DatabaseReadOnly",
    "DatabaseUnavailable",
    "EmergencyRepo",
    "JobRunRepo",
    "JournalEntry",
    "LineName",
    "LineNameRepo",
    "ModeRecord",
    "ModeState",
    "NotADatabase",
    "PendingOptIn",
    "PopupLineRepo",
    "PopupRecord",
    "PopupState",
    "Snapshot",
    "Store",
    "StoreError",
    "StoredConversation",
    "Taken",
    "UnsupportedDatabaseUrl",
    "line_key",
    "mask",
    "normalise_database_url",
    "runner_id",
    "translate",
    "where",
]
