"""Teams activity per user and day, keyed by (day, UPN, period "1"): re-syncing a day changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.tables import activity
from store.upsert import upsert

DAY = "1"  # the report period Graph writes on a single-day report
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

    async def upsert_day(self, day: dt.date, rows: Sequence[Any]) -> None:
        """A single-day report (`date=` form; rows shaped like graph.types.ActivityRow), keyed by the day
        it describes and period "1"; re-syncing a day replaces its figures."""
        records = [
            {
                "report_date": day,
                "user_principal_name": r.user_principal_name,
                "report_period": DAY,
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

    async def daily_audio(self, first: dt.date, last: dt.date) -> dict[dt.date, int]:
        """Audio seconds of everyone per stored day in [first, last] (a day with a report is present even
        when nobody talked)."""
        c = activity.c
        query = (
            select(c.report_date, func.coalesce(func.sum(c.audio_seconds), 0))
            .where(c.report_period == DAY, c.report_date >= first, c.report_date <= last)
            .group_by(c.report_date)
        )
        async with self._engine.connect() as conn:
            return {day: int(seconds) for day, seconds in (await conn.execute(query)).all()}
