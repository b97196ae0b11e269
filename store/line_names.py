"""The voice app that owns each public number, as each sync saw it (Get-CsAutoAttendant/-CsCallQueue,
their resource accounts and associations): a number seen again takes its current owner's name; a number
no app owns any more keeps the last name it had (marked not present), so history still reads by line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import utc
from store.tables import line_names


@dataclass(frozen=True)
class LineName:
    telephone_number: str  # E.164, as call logs carry it
    app_kind: str  # autoAttendant | callQueue
    app_name: str
    app_id: str | None = None
    resource_account: str | None = None
    present: bool = True
    last_seen_at: dt.datetime | None = None


class LineNameRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def record_seen(self, seen: Sequence[LineName], at: dt.datetime) -> None:
        """One sync's view, in one transaction: seen numbers upserted, every other one marked gone."""
        numbers = {line.telephone_number for line in seen}
        async with self._engine.begin() as conn:
            known = set((await conn.execute(select(line_names.c.telephone_number))).scalars())
            for line in seen:
                values = {
                    "app_kind": line.app_kind,
                    "app_id": line.app_id,
                    "app_name": line.app_name,
                    "resource_account": line.resource_account,
                    "present": True,
                    "last_seen_at": at,
                }
                if line.telephone_number in known:
                    await conn.execute(
                        update(line_names)
                        .where(line_names.c.telephone_number == line.telephone_number)
                        .values(**values)
                    )
                else:
                    await conn.execute(
                        line_names.insert().values(
                            telephone_number=line.telephone_number, first_seen_at=at, **values
                        )
                    )
            gone = known - numbers
            if gone:
                await conn.execute(
                    update(line_names).where(line_names.c.telephone_number.in_(gone)).values(present=False)
                )

    async def all(self) -> list[LineName]:
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(line_names).order_by(line_names.c.telephone_number))).mappings()
            return [
                LineName(
                    r["telephone_number"],
                    r["app_kind"],
                    r["app_name"],
                    r["app_id"],
                    r["resource_account"],
                    bool(r["present"]),
                    utc(r["last_seen_at"]),
                )
                for r in rows
            ]
