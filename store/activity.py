"""Teams activity rows keyed by (report date, UPN, period): re-syncing a report changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.tables import activity
from store.upsert import upsert

FIELDS = (
    "user_id",
    "call_count",
    "meeting_count",
    "audio_seconds",
    "video_seconds",
    "screen_share_seconds",
    "is_licensed",
)


class ActivityRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def upsert(self, rows: Sequence[Any]) -> None:
        """Rows shaped like graph.types.ActivityRow; the report's refresh date is the key's date."""
        records = [
            {
                "report_date": r.report_refresh_date,
                "user_principal_name": r.user_principal_name,
                "report_period": r.report_period,
                **{f: getattr(r, f) for f in FIELDS},
            }
            for r in rows
        ]
        if not records:
            return
        async with self._engine.begin() as conn:
            await conn.execute(
                upsert(
                    conn.dialect.name,
                    activity,
                    ["report_date", "user_principal_name", "report_period"],
                    update=True,
                ),
                records,
            )

    async def rows(self, report_date: dt.date, period: str) -> list[dict[str, Any]]:
        query = select(activity).where(
            activity.c.report_date == report_date, activity.c.report_period == period
        )
        async with self._engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(query)).mappings().all()]

    async def latest_date(self, period: str) -> dt.date | None:
        from sqlalchemy import func

        async with self._engine.connect() as conn:
            value = (
                await conn.execute(
                    select(func.max(activity.c.report_date)).where(activity.c.report_period == period)
                )
            ).scalar()
        return value if isinstance(value, dt.date) else None
