"""The bot's use cases on Graph and the store: a person's phone set-up (Graph users, userConfigurations,
numberAssignments) and their call minutes (the store's call logs, aggregated by reports/).

The bot only needs the `Services` protocol (bot/model.py); `phone` is provisioning's phone view.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.employee_services import EmployeeServices
from bot.model import MinutesInfo, NumberInfo, PhoneInfo
from graph import Graph, TeamsAdmin
from provisioning import Missing, ProvisioningError, call_handling, phone_view
from reports import Directory, Period, Usage, load_directory, named_period, usage_for
from store import Store

CACHE_S = 300.0  # tenant-wide minutes are recomputed at most every 5 minutes, not per question


class TenantServices(EmployeeServices):
    def __init__(
        self,
        graph: Graph,
        store: Store,
        tz: str,
        *,
        today: Callable[[], dt.date] | None = None,
        admin: TeamsAdmin | None = None,
    ) -> None:
        self._graph, self._store, self._tz, self._admin = graph, store, tz, admin
        self._today = today or (lambda: dt.datetime.now(ZoneInfo(tz)).date())
        self._cache: dict[Period, tuple[float, Usage]] = {}
        self._lock = asyncio.Lock()

    async def ready(self) -> bool:
        await self._store.directory.users()
        return True

    async def phone(self, aad_object_id: str) -> PhoneInfo | None:
        """The same phone view the CLI's `users show` prints (provisioning's use case)."""
        try:
            view = await phone_view(self._graph, aad_object_id)
        except Missing:  # no such person in the directory
            return None
        user, config = view.user, view.config
        handling = None
        if self._admin is not None:
            try:
                handling = await call_handling(self._admin, user.id)
            except ProvisioningError:  # the number still answers; voicemail shows as unavailable
                handling = None
        return PhoneInfo(
            display_name=user.display_name or user.user_principal_name,
            upn=user.user_principal_name,
            department=user.department,
            numbers=tuple(
                NumberInfo(n.telephone_number, n.number_type, n.activation_state, n.location_id)
                for n in view.numbers
            ),
            enterprise_voice=config.is_enterprise_voice_enabled if config else None,
            voicemail=handling.voicemail if handling else None,
            forwarding=handling.forwarding if handling else None,
        )

    async def minutes(self, aad_object_id: str) -> MinutesInfo | None:
        directory = await load_directory(self._store)
        person = directory.people.get(aad_object_id)
        if person is None:
            return None
        today = self._today()
        last = named_period("last-month", today, self._tz)
        this = Period(today.replace(day=1), max(today.replace(day=1), today - dt.timedelta(days=1)), self._tz)
        this_usage, last_usage = await self._usage(this, directory), await self._usage(last, directory)
        # Usage.by_user is keyed by UPN (reports label people by UPN).
        peers = [
            p.upn
            for p in directory.people.values()
            if p.has_teams_phone and p.department == person.department
        ]
        median = (
            statistics.median(_minutes(last_usage, upn) for upn in peers)
            if person.department and peers
            else None
        )
        mine_this, mine_last = _minutes(this_usage, person.upn), _minutes(last_usage, person.upn)
        return MinutesInfo(
            this_month_label=f"{this.first:%b %Y}",
            this_month=0.0 if today.day == 1 else mine_this,
            last_month_label=f"{last.first:%b %Y}",
            last_month=mine_last,
            department=person.department,
            department_median=median,
            department_size=len(peers),
        )

    async def _usage(self, period: Period, directory: Directory) -> Usage:
        async with self._lock:
            hit = self._cache.get(period)
            if hit and time.monotonic() - hit[0] < CACHE_S:
                return hit[1]
            usage = await usage_for(self._store, period, directory)
            self._cache[period] = (time.monotonic(), usage)
            return usage


def _minutes(usage: Usage, upn: str) -> float:
    bucket = usage.by_user.get(upn)
    return bucket.minutes if bucket else 0.0
