"""Scheduled runs that finished (job, run key such as the period's first day): with the job lock this
makes "several replicas tick, one runs it" hold even when they tick minutes apart."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now
from store.tables import job_runs
from store.upsert import upsert


class JobRunRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def done(self, job: str, run_key: str) -> bool:
        query = select(job_runs.c.job).where(job_runs.c.job == job, job_runs.c.run_key == run_key)
        async with self._engine.connect() as conn:
            return (await conn.execute(query)).first() is not None

    async def record(self, job: str, run_key: str, detail: str | None = None) -> None:
        row = {"job": job, "run_key": run_key, "finished_at": now(), "detail": detail}
        async with self._engine.begin() as conn:
            await conn.execute(upsert(conn.dialect.name, job_runs, ["job", "run_key"], update=True), [row])
