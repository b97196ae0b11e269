"""Emergency modes as use cases (the CLI and the bot call these): preview, activate, status, restore.

Activation: resolve the file's lines → snapshot every object as read → one store transaction (mode row,
snapshots, claims: a second admin or a second mode over the same line is refused here, before any write)
→ writes in parallel on the worker pool → each object read back. A re-run resumes from the stored
snapshot, never a new one. Restore writes each snapshot back, reads everything again and compares it
with the snapshot; only an exact restore clears the mode (otherwise a re-run tries again).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from graph import Graph
from graph.teams_admin import (
    TeamsAdmin,
    TeamsAdminError,
    Throttled,
    Transient,
    UnknownOutcome,
    WorkerUnavailable,
)
from provisioning.clock import Clock
from provisioning.desired.emergency import EmergencyMode
from provisioning.emergency import writes
from provisioning.emergency.compare import differences
from provisioning.emergency.lines import Line, resolve_lines
from provisioning.emergency.results import (
    Activation,
    EmergencyPlan,
    ModeStatus,
    Restoration,
    Touch,
    mode_details,
    mode_from_details,
)
from provisioning.emergency.routes import route
from provisioning.errors import AlreadyActive, InvalidInput, ModeConflict, NotActive, PlanBlocked
from provisioning.remote.base import Wire, WriteFailed
from provisioning.remote.voice_ids import VoiceIds
from provisioning.voiceapps import TraceError, VoiceApps, read_voice_apps, teams_admin_source, trace
from store import ModeRecord, Snapshot, Store, Taken, runner_id

if TYPE_CHECKING:
    from provisioning.model import PhoneSystem

Progress = Callable[[str], None]
LEASE = dt.timedelta(minutes=10)  # a runner that neither finishes nor dies is taken over after this
ATTEMPTS = 3  # each attempt re-reads the object first, so a retry after a lost answer is safe
RETRY = (UnknownOutcome, Transient, WorkerUnavailable, Throttled)
CONFIRM_S = 30.0  # a write not visible in a read-back by then is reported (restore: as a difference)
CONFIRM_EVERY_S = 2.0


class EmergencyService:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        teams: TeamsAdmin,
        *,
        actor: str,
        clock: Clock | None = None,
        now: Callable[[], dt.datetime] | None = None,
        confirm_s: float = CONFIRM_S,
    ) -> None:
        """`confirm_s`: how long a read-back may take to show a write (Teams is eventually consistent)."""
        self.graph, self.store, self.teams, self.actor = graph, store, teams, actor
        self.clock, self.confirm_s = clock, confirm_s
        self.now = now or (lambda: dt.datetime.now(dt.UTC))

    def _monotonic(self) -> float:
        return self.clock.monotonic() if self.clock else time.monotonic()

    async def read_apps(self) -> VoiceApps:
        return await read_voice_apps(teams_admin_source(self.teams), self.graph)

    async def preview(self, system: PhoneSystem, mode: str, *, message: str | None = None) -> EmergencyPlan:
        """Every object the mode would change, with the route a call takes now and after, in words."""
        wanted = _mode(system, mode).with_message(message)
        apps = await self.read_apps()
        lines, problems = resolve_lines(wanted, apps, system.where)
        at = self.now()
        touches = tuple(Touch(line, _route_now(apps, line, at), _after(wanted, line)) for line in lines)
        active = await self.store.emergency.get(wanted.name) is not None
        return EmergencyPlan(wanted, lines, touches, problems, active)

    async def activate(
        self, system: PhoneSystem, mode: str, *, message: str | None = None, progress: Progress | None = None
    ) -> Activation:
        started = self._monotonic()
        say = progress or (lambda _: None)
        runner = runner_id()
        record = await self.store.emergency.get(mode)
        if record is None:
            wanted = _mode(system, mode).with_message(message)
            snapshots, details = await self._start(system, wanted, runner, say)
            resumed = False
        else:
            wanted, snapshots = await self._resume(record, runner)
            details, resumed = record.details, True
            say(f"resuming {mode} (started by {record.actor} at {record.started_at:%Y-%m-%d %H:%M} UTC)")
        try:
            changed, failures = await self._activate_all(wanted, snapshots, say)
        except BaseException:
            await self.store.emergency.release(mode, runner)
            raise
        if failures:
            await self.store.emergency.release(mode, runner)
        else:
            await self.store.emergency.set_state(mode, "active")
        await self._audit("emergency.activate", f"mode:{mode}", "failed" if failures else "ok", None, details)
        labels = tuple(details["labels"])
        seconds = self._monotonic() - started
        return Activation(mode, labels, seconds, resumed, changed, tuple(failures))

    async def _start(
        self, system: PhoneSystem, wanted: EmergencyMode, runner: str, say: Progress
    ) -> tuple[tuple[Snapshot, ...], dict[str, Any]]:
        apps = await self.read_apps()
        lines, problems = resolve_lines(wanted, apps, system.where)
        if problems:
            raise PlanBlocked(f"emergency mode {wanted.name} cannot be activated: " + "; ".join(problems))
        snapshots = tuple(await asyncio.gather(*(self._snapshot(line) for line in lines)))
        details = mode_details(wanted, lines)
        taken = await self.store.emergency.start(
            wanted.name,
            actor=self.actor,
            message=wanted.announcements[0][1],
            details=details,
            snapshots=list(snapshots),
            runner=runner,
            lease=LEASE,
        )
        if taken is not None:
            raise _refusal(wanted.name, taken)
        say(f"snapshot of {len(snapshots)} objects saved before any change")
        return snapshots, details

    async def _resume(self, record: ModeRecord, runner: str) -> tuple[EmergencyMode, tuple[Snapshot, ...]]:
        if record.state == "restoring":
            raise AlreadyActive(
                f"emergency mode {record.mode} is being restored (started by {record.actor}); "
                f"run `emergency restore {record.mode}` to finish it"
            )
        if await self.store.emergency.take_over(record.mode, runner, LEASE) is None:
            raise AlreadyActive(_busy(record))
        return mode_from_details(record.mode, record.details), record.snapshots

    async def _snapshot(self, line: Line) -> Snapshot:
        if line.kind == "auto_attendant":
            found = await self.teams.auto_attendants.find_by_name(line.name)
            raw = (await self.teams.auto_attendants.get(found.id)).raw if found else None
        else:
            queue = await self.teams.call_queues.find_by_name(line.name)
            raw = (await self.teams.call_queues.get(queue.identity)).raw if queue else None
        if raw is None:
            raise PlanBlocked(f"{line.label} disappeared while the mode was being prepared")
        object_id = str(raw.get("Id") or raw.get("Identity"))
        return Snapshot(line.kind, object_id, line.name, dict(raw))

    async def _activate_all(
        self, mode: EmergencyMode, snapshots: tuple[Snapshot, ...], say: Progress
    ) -> tuple[int, list[str]]:
        try:
            entity = await VoiceIds(Wire(self.graph, self.teams)).target(mode.route_to)
        except WriteFailed as exc:
            return 0, [f"route_to {mode.route_to.label()}: {exc.message}"]
        assert entity is not None  # disconnect is refused by the model
        route_ = writes.routing(mode.route_to, entity)
        schedule_id = ""
        if any(s.kind == "auto_attendant" for s in snapshots):
            today = self.now().date()
            schedule = await _retrying(lambda: writes.mode_schedule(self.teams, mode.name, today))
            schedule_id = schedule.id
        outcomes = await asyncio.gather(
            *(self._activate_one(mode, s, route_, schedule_id, say) for s in snapshots)
        )
        failures = [text for changed, text in outcomes if text]
        return sum(1 for changed, _ in outcomes if changed), failures

    async def _activate_one(
        self, mode: EmergencyMode, snapshot: Snapshot, route_: writes.Routing, schedule_id: str, say: Progress
    ) -> tuple[bool, str]:
        language = snapshot.raw.get("LanguageId")
        text = mode.announcement(str(language) if language else None)

        async def write() -> dict[str, Any]:
            if snapshot.kind == "auto_attendant":
                flow = writes.emergency_flow(mode.name, text, route_.entity)
                return await writes.activate_attendant(self.teams, snapshot.object_id, schedule_id, flow)
            settings = writes.queue_settings(route_, text)
            return await writes.activate_queue(self.teams, snapshot.object_id, settings)

        def switched(raw: dict[str, Any]) -> bool:
            if snapshot.kind == "auto_attendant":
                return writes.attendant_switched(raw, schedule_id)
            return writes.queue_switched(raw, writes.queue_settings(route_, text))

        target = f"{snapshot.kind}:{snapshot.name}"
        try:
            after = await _retrying(write)
            after = await self._confirmed(after, lambda: self._read(snapshot), switched)
            if not switched(after):
                raise UnknownOutcome(f"the change is not visible after {self.confirm_s:.0f} s")
        except TeamsAdminError as exc:
            await self._audit("emergency.activate", target, "failed", snapshot.raw, None, str(exc))
            return False, f"{snapshot.name}: {exc}"
        say(f"{snapshot.name}: in emergency mode {mode.name}")
        await self._audit("emergency.activate", target, "ok", snapshot.raw, after, f"mode {mode.name}")
        return bool(differences(snapshot.raw, after)), ""

    async def status(self) -> list[ModeStatus]:
        return [
            ModeStatus(
                r.mode,
                r.state,
                r.activated_at or r.started_at,
                r.actor,
                tuple(r.details.get("labels", ())),
                r.message,
            )
            for r in await self.store.emergency.list()
        ]

    async def restore(self, mode: str, *, progress: Progress | None = None) -> Restoration:
        started = self._monotonic()
        say = progress or (lambda _: None)
        record = await self.store.emergency.get(mode)
        if record is None:
            raise NotActive(f"emergency mode {mode} is not active: nothing to restore")
        runner = runner_id()
        if await self.store.emergency.take_over(mode, runner, LEASE) is None:
            raise AlreadyActive(_busy(record))
        try:
            await self.store.emergency.set_state(mode, "restoring", runner=runner)
            changed, found = await self._restore_all(record, say)
        finally:
            await self.store.emergency.release(mode, runner)
        exact = not found
        if exact:
            await self.store.emergency.finish(mode)
        await self._audit(
            "emergency.restore",
            f"mode:{mode}",
            "ok" if exact else "inexact",
            record.details,
            None,
            "; ".join(found) or None,
        )
        return Restoration(mode, self._monotonic() - started, exact, found, changed)

    async def _restore_all(self, record: ModeRecord, say: Progress) -> tuple[int, list[str]]:
        outcomes = await asyncio.gather(*(self._restore_one(s, say) for s in record.snapshots))
        found = [line for _, lines in outcomes for line in lines]
        try:
            gone = await _retrying(lambda: writes.remove_mode_schedule(self.teams, record.mode))
        except TeamsAdminError as exc:
            gone, found = False, [*found, f"schedule {writes.schedule_name(record.mode)}: {exc}"]
        if not gone:
            found.append(
                f"schedule {writes.schedule_name(record.mode)} is still attached to an auto attendant"
            )
        return sum(1 for changed, _ in outcomes if changed), found

    async def _restore_one(self, snapshot: Snapshot, say: Progress) -> tuple[bool, list[str]]:
        target = f"{snapshot.kind}:{snapshot.name}"
        restore = writes.restore_attendant if snapshot.kind == "auto_attendant" else writes.restore_queue
        try:
            before = await _retrying(lambda: self._read(snapshot))
            await _retrying(lambda: restore(self.teams, snapshot.raw))
            after = await _retrying(lambda: self._read(snapshot))  # read again: the comparison's own read
            after = await self._confirmed(
                after,
                lambda: _retrying(lambda: self._read(snapshot)),
                lambda raw: not differences(snapshot.raw, raw),
            )
        except TeamsAdminError as exc:
            await self._audit("emergency.restore", target, "failed", None, snapshot.raw, str(exc))
            return False, [f"{snapshot.name}: not restored ({exc})"]
        found = [f"{snapshot.name}: {line}" for line in differences(snapshot.raw, after)]
        await self._audit(
            "emergency.restore", target, "inexact" if found else "ok", before, after, "; ".join(found) or None
        )
        say(f"{snapshot.name}: {'restored' if not found else 'NOT exactly restored'}")
        return bool(differences(before, after)), found

    async def _confirmed(
        self,
        raw: dict[str, Any],
        read: Callable[[], Awaitable[dict[str, Any]]],
        ok: Callable[[dict[str, Any]], bool],
    ) -> dict[str, Any]:
        """Read again until `ok` or `confirm_s` has passed; the last read either way."""
        deadline = self._monotonic() + self.confirm_s
        while not ok(raw) and self._monotonic() < deadline:
            await (self.clock.sleep(CONFIRM_EVERY_S) if self.clock else asyncio.sleep(CONFIRM_EVERY_S))
            raw = await read()
        return raw

    async def _read(self, snapshot: Snapshot) -> dict[str, Any]:
        if snapshot.kind == "auto_attendant":
            return dict((await self.teams.auto_attendants.get(snapshot.object_id)).raw)
        return dict((await self.teams.call_queues.get(snapshot.object_id)).raw)

    async def _audit(
        self,
        action: str,
        target: str,
        result: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        detail: str | None = None,
    ) -> None:
        await self.store.audit.append(
            actor=self.actor,
            action=action,
            target=target,
            result=result,
            before=before,
            after=after,
            detail=detail,
        )


def _mode(system: PhoneSystem, name: str) -> EmergencyMode:
    spec = system.emergency_modes.get(name)
    if spec is None:
        known = ", ".join(sorted(system.emergency_modes)) or "none"
        raise InvalidInput(f"the file has no emergency mode {name!r} (emergency_modes: {known})")
    return spec.to_domain(name)


def _route_now(apps: VoiceApps, line: Line, at: dt.datetime) -> str:
    try:
        return route(trace(apps, line.entry, at))
    except TraceError as exc:
        return str(exc)


def _after(mode: EmergencyMode, line: Line) -> str:
    text = mode.announcement(line.language)
    how = "holiday override" if line.kind == "auto_attendant" else "overflow at 0"
    return f"{how}: plays {text!r}, then {mode.route_to.label()}"


def _refusal(mode: str, taken: Taken) -> Exception:
    if taken.claims:
        held = "; ".join(
            f"{name} is in emergency mode {other}" for name, other in sorted(taken.claims.items())
        )
        return ModeConflict(f"emergency mode {mode} was not activated: {held} (restore that mode first)")
    if taken.existing is not None:
        return AlreadyActive(_busy(taken.existing))
    return AlreadyActive(f"emergency mode {mode} is already being activated")


def _busy(record: ModeRecord) -> str:
    return (
        f"emergency mode {record.mode} is {record.state} by {record.actor} since "
        f"{record.started_at:%Y-%m-%d %H:%M} UTC and another command is working on it now; try again when it ends"
    )


async def _retrying(call: Callable[[], Awaitable[Any]]) -> Any:
    """Each call re-reads the object before writing, so one that failed with a lost or refused-for-now
    answer is safe to run again."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await call()
        except RETRY:
            if attempt == ATTEMPTS:
                raise
            await asyncio.sleep(0.2 * attempt)
    raise AssertionError("unreachable")
