"""`AdminOps` on the product's use cases: provisioning's PopupService for pop-up lines, reports' usage
report, `voiceapps check` over the Teams admin workers, and an emergency-mode port (EmergencyModes) the
composition root fills with provisioning's EmergencyService. The same code paths the CLI runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from bot.admin_model import Change, FindingInfo, LineForm, LineInfo, ModeInfo, ReportInfo, Restored
from graph import Graph, NotFound, TeamsAdmin
from provisioning import InvalidInput
from provisioning.popup import PopupLine, PopupRequest, PopupService, parse_agent
from provisioning.voiceapps import check, read_voice_apps, teams_admin_source
from reports import build_report, named_period, top
from store import Store

TOP_DEPARTMENTS = 5


class EmergencyModes(Protocol):
    """Emergency modes as the bot shows them (a thin wrapper over provisioning's EmergencyService)."""

    async def modes(self) -> list[ModeInfo]: ...

    async def preview(self, mode: str, message: str | None) -> list[Change]: ...

    async def activate(self, mode: str, message: str | None, actor: str) -> list[Change]: ...

    async def restore(self, mode: str, actor: str) -> Restored: ...


def line_info(line: PopupLine) -> LineInfo:
    return LineInfo(line.name, line.number, line.until, line.agents or line.request.agents, line.state)


def popup_request(form: LineForm) -> PopupRequest:
    return PopupRequest(
        name=form.name,
        agents=form.agents,
        number=form.number,
        greeting=form.greeting,
        hours=form.hours,
        until=form.until,
        owner=form.owner,
        after_hours=form.after_hours,
        voicemail_group=form.voicemail_group,
    )


class TenantAdminOps:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        teams: TeamsAdmin,
        *,
        timezone: str,
        emergency: EmergencyModes | None = None,
        today: Callable[[], dt.date] | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self._graph, self._store, self._teams, self._tz = graph, store, teams, timezone
        self._emergency, self._now = emergency, now
        self._today = today or dt.date.today

    def _popups(self, actor: str) -> PopupService:
        return PopupService(self._graph, self._store, self._teams, actor=actor, now=self._now)

    async def open_line(self, form: LineForm, actor: str) -> LineInfo:
        opened = await self._popups(actor).open(popup_request(form))
        return line_info(opened.line)

    async def extend_line(self, name: str, until: dt.date, actor: str) -> LineInfo:
        return line_info(await self._popups(actor).extend(name, until))

    async def close_line(self, name: str, actor: str) -> LineInfo:
        return line_info((await self._popups(actor).close(name)).line)

    async def line(self, name: str) -> LineInfo:
        return line_info(await self._popups("bot").show(name))

    async def lines(self) -> list[LineInfo]:
        return [line_info(line) for line in await self._popups("bot").list() if line.state != "closed"]

    async def departments(self, agents: tuple[str, ...]) -> list[str | None]:
        """Departments of everyone the specs name, read from Entra now (a group's members as they are)."""
        found: list[str | None] = []
        for raw in agents:
            spec = parse_agent(raw)
            if spec.kind == "department":
                found.append(spec.value)
            elif spec.kind == "group":
                group_id = await self._graph.users.find_group(spec.value)
                if group_id is None:
                    raise InvalidInput(f"agents: group:{spec.value}: no such group in the tenant")
                found += [u.department for u in await self._graph.users.group_members(group_id)]
            else:
                try:
                    found.append((await self._graph.users.get(spec.value)).department)
                except NotFound as exc:
                    raise InvalidInput(f"agents: {spec.value}: no such user in the tenant") from exc
        return found

    def _modes(self) -> EmergencyModes:
        if self._emergency is None:
            raise InvalidInput("emergency modes are not set up for the bot (no phone-system file)")
        return self._emergency

    async def modes(self) -> list[ModeInfo]:
        return await self._emergency.modes() if self._emergency else []

    async def preview_mode(self, mode: str, message: str | None) -> list[Change]:
        return await self._modes().preview(mode, message)

    async def activate_mode(self, mode: str, message: str | None, actor: str) -> list[Change]:
        return await self._modes().activate(mode, message, actor)

    async def restore_mode(self, mode: str, actor: str) -> Restored:
        return await self._modes().restore(mode, actor)

    async def report(self, period: str) -> ReportInfo:
        report = await build_report(self._store, named_period(period, self._today(), self._tz))
        summary, usage = report.summary, report.usage
        departments = tuple((name, b.minutes) for name, b in top(usage.by_department, TOP_DEPARTMENTS))
        return ReportInfo(
            label=report.period.label(),
            minutes=summary.minutes,
            calls=summary.calls,
            staff=summary.staff,
            minutes_per_staff_per_day=summary.minutes_per_staff_per_day,
            change=summary.change,
            top_departments=departments,
            notes=tuple(report.notes),
        )

    async def check(self) -> list[FindingInfo]:
        apps = await read_voice_apps(teams_admin_source(self._teams), self._graph)
        return [FindingInfo(f.code, f.subject, f.message) for f in check(apps)]
