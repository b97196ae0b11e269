"""The pop-up line use cases the CLI and the bot both call (services-contract.md): open, close and change
lines through the engine; the store row says where each line is, so re-running a cut-short command
finishes it. Nothing here prints or asks."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

from graph import Graph, TeamsAdmin
from provisioning.apply import Progress
from provisioning.clock import Clock, LoopClock
from provisioning.current import CurrentState
from provisioning.errors import InvalidInput, Missing, PlanBlocked, graph_failures
from provisioning.model import Tenant
from provisioning.plan import Action, Plan
from provisioning.popup.agents import groups_of, resolve_agents
from provisioning.popup.build import (
    LineObjects,
    build_line,
    ra_upn,
    with_attendant,
    with_option,
)
from provisioning.popup.engine import Converged, VoiceEngine
from provisioning.popup.lines import (
    Expiry,
    PopupClosed,
    PopupIncomplete,
    PopupLine,
    PopupOpened,
    line_from,
    objects_json,
    request_from,
    request_json,
)
from provisioning.popup.queries import expiry_warnings
from provisioning.popup.request import PopupRequest, check_request
from provisioning.popup.teardown import waves
from provisioning.voiceapps import VoiceApps, trace
from store import PopupRecord, Store, line_key

LIVE = ("opening", "open", "closing")


class PopupService:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        teams: TeamsAdmin,
        *,
        actor: str,
        clock: Clock | None = None,
        tenant: Tenant | None = None,
        now: dt.datetime | None = None,
        concurrency: int | None = None,
    ) -> None:
        """`now`: a fixed instant for traces and expiry (tests, drills); None = the wall clock.
        `concurrency`: engine steps at once (1 = one after another, the bench's baseline)."""
        self.store, self.actor, self.clock = store, actor, clock or LoopClock()
        self.engine = VoiceEngine(
            graph, store, teams, actor=actor, clock=clock, tenant=tenant, concurrency=concurrency
        )
        self.fixed_now = now

    def now(self) -> dt.datetime:
        return self.fixed_now or dt.datetime.now(dt.UTC)

    @graph_failures
    async def preview(self, request: PopupRequest) -> Plan:
        """What `open` would do now (numbers for `auto` are reserved, as `plan` does for people)."""
        check_request(request)
        existing = await self.store.popups.get(request.name)
        live = existing if existing is not None and existing.state != "closed" else None
        current, _, wanted = await self._wanted(request, live)
        return self.engine.plan(current, wanted)

    @graph_failures
    async def open(
        self, request: PopupRequest, *, progress: Progress | None = None, stop: asyncio.Event | None = None
    ) -> PopupOpened:
        """Open the line, or finish opening it after a crash (the same request); a line already open with
        this request is reported as it is."""
        check_request(request)
        started = self.clock.monotonic()
        existing = await self.store.popups.get(request.name)
        live = existing if existing is not None and existing.state != "closed" else None
        if live is not None:
            self._same(live, request)
        # Resolved before anything is stored: a bad agent or a taken key leaves no half-made line.
        _, objects, wanted = await self._wanted(request, live)
        record = await self._claim(request)
        record = await self._change(record, number=objects.number, desired=objects_json(objects))
        converged = await self.engine.converge(wanted, progress=progress, stop=stop)
        self._finished(converged, f"pop-up line {request.name} is half-open", "re-run the same popup open")
        already = live is not None and live.state == "open"
        if not already:
            record = await self._change(record, expect=("opening",), state="open", opened_at=self.now())
        if not already or converged.plan.actions:  # a re-run that found nothing to do is not an event
            await self._audit("popup.open", record, len(converged.plan.actions), _run(converged))
        seen = (await self.engine.read()).voice or VoiceApps()
        entry = objects.number or objects.queue
        return PopupOpened(
            line_from(record),
            objects.number,
            self.clock.monotonic() - started,
            converged.plan,
            trace(seen, entry, self.now()),
        )

    async def _claim(self, request: PopupRequest) -> PopupRecord:
        fresh = PopupRecord(
            key=line_key(request.name),
            name=" ".join(request.name.split()),
            state="opening",
            request=request_json(request),
            desired=None,
            number=None,
            owner=request.owner,
            until=request.until,
            opened_by=self.actor,
            created_at=self.now(),
        )
        record, created = await self.store.popups.claim(fresh)
        if created:
            return record
        self._same(record, request)
        return record

    @staticmethod
    def _same(record: PopupRecord, request: PopupRequest) -> None:
        """A live line is resumed only by the very request that opened it."""
        if record.state == "closing":
            raise PopupIncomplete(f"pop-up line {record.name} is closing: re-run popup close {record.name!r}")
        if request_from(record.request) != request:
            raise InvalidInput(
                f"pop-up line {record.name} is already {record.state} with other options; re-run it with the "
                "same options, or use popup extend / add-agents / remove-agents / close"
            )

    async def _wanted(
        self, request: PopupRequest, record: PopupRecord | None, agents: tuple[str, ...] | None = None
    ) -> tuple[CurrentState, LineObjects, VoiceApps]:
        """The tenant as read, the line's objects (its agents resolved now unless given, its number as
        first chosen) and the voice apps to converge on: the line's own plus the `--from-aa` option."""
        specs = check_request(request)
        current = await self.engine.read(groups_of(specs))
        voice = current.voice or VoiceApps()
        people = agents if agents is not None else resolve_agents(specs, current)
        domain = people[0].split("@", 1)[1]
        number = record.number if record and record.number else await self._number(request, voice, domain)
        objects = build_line(request, people, number, domain)
        wanted = objects.own
        if request.from_aa is not None:
            objects, aa = with_option(objects, request, voice)
            wanted = with_attendant(wanted, aa, voice)
        return current, objects, wanted

    async def _number(self, request: PopupRequest, voice: VoiceApps, domain: str) -> str | None:
        if request.number != "auto":
            return request.number
        upn = ra_upn(request.name, domain)
        taken = await self.store.reservations.reserved_numbers()
        free = [n for n in voice.free_numbers if taken.get(n, upn) == upn]
        number = await self.store.reservations.reserve_first(free, upn, f"popup:{line_key(request.name)}")
        if number is None:
            raise PlanBlocked("--number auto: the tenant has no free number for voice apps (nothing applied)")
        return number

    @graph_failures
    async def close(
        self, name: str, *, progress: Progress | None = None, stop: asyncio.Event | None = None
    ) -> PopupClosed:
        """Tear the line down in reverse order (number back to the pool, the AA option removed); re-run
        after a crash to finish."""
        started = self.clock.monotonic()
        record = await self._live(name)
        record = await self._change(record, expect=LIVE, state="closing")
        line = line_from(record)
        objects = line.objects
        steps: list[Action] = []
        runs: list[str] = []
        if objects is not None:
            current = (await self.engine.read()).voice or VoiceApps()
            for wave in waves(objects, current):
                converged = await self.engine.converge(
                    wave.wanted, prune_scope=wave.remove, progress=progress, stop=stop
                )
                self._finished(converged, f"pop-up line {record.name} is half-closed", "re-run popup close")
                steps += converged.plan.actions
                runs += [converged.result.run_id] if converged.result else []
            if objects.resource_account:
                await self.store.reservations.release(upn=objects.resource_account)
        plan = Plan("", "", tuple(steps))
        # One audit row for the close; the engine runs of its waves are named in `after` (the column holds one).
        await self._audit("popup.close", record, len(steps), runs[0] if runs else None, runs=runs)
        record = await self._change(record, state="closed", closed_at=self.now(), closed_by=self.actor)
        return PopupClosed(line_from(record), self.clock.monotonic() - started, plan)

    async def list(self) -> list[PopupLine]:
        return [line_from(record) for record in await self.store.popups.list()]

    async def show(self, name: str) -> PopupLine:
        return line_from(await self._live(name))

    async def extend(self, name: str, until: dt.date) -> PopupLine:
        if until < self.now().date():
            raise InvalidInput(f"--until {until.isoformat()}: is in the past")
        record = await self._live(name)
        changed = await self._change(
            record, until=until, request={**record.request, "until": until.isoformat()}
        )
        await self.store.audit.append(
            actor=self.actor,
            action="popup.extend",
            target=record.name,
            result="ok",
            before={"until": record.until.isoformat() if record.until else None},
            after={"until": until.isoformat()},
        )
        return line_from(changed)

    @graph_failures
    async def add_agents(self, name: str, agents: tuple[str, ...]) -> PopupLine:
        return await self._agents(name, agents, add=True)

    @graph_failures
    async def remove_agents(self, name: str, agents: tuple[str, ...]) -> PopupLine:
        return await self._agents(name, agents, add=False)

    async def _agents(self, name: str, specs: tuple[str, ...], *, add: bool) -> PopupLine:
        """Change who the queue rings: the specs resolved now, added to or taken from the line's people."""
        record = await self._live(name)
        if record.state != "open":
            raise PopupIncomplete(f"pop-up line {record.name} is {record.state}: finish that first")
        line = line_from(record)
        request = line.request
        given = replace(request, agents=specs)
        current = await self.engine.read(groups_of(check_request(given)))
        named = resolve_agents(check_request(given), current)
        people = (
            (*line.agents, *(a for a in named if a not in line.agents))
            if add
            else tuple(a for a in line.agents if a not in named)
        )
        if not people:
            raise InvalidInput("remove-agents: that would leave the queue with nobody to ring")
        changed = replace(request, agents=people)
        _, objects, wanted = await self._wanted(changed, record, agents=people)
        converged = await self.engine.converge(wanted)
        self._finished(
            converged, f"pop-up line {record.name}'s agents are half-changed", "re-run the command"
        )
        record = await self._change(record, request=request_json(changed), desired=objects_json(objects))
        action = "popup.add_agents" if add else "popup.remove_agents"
        await self._audit(action, record, len(converged.plan.actions), _run(converged))
        return line_from(record)

    @graph_failures
    async def expire(
        self, *, now: dt.datetime | None = None, warn_within: dt.timedelta = dt.timedelta(days=3)
    ) -> Expiry:
        """Close every line past its last day (`until`); warn owners of lines ending within `warn_within`.
        One line failing to close does not stop the others (it is listed in `failed`)."""
        at = now or self.now()
        expiry = Expiry(warnings=await expiry_warnings(self.store, warn_within, at))
        for record in await self.store.popups.list():
            if record.until is not None and record.until < at.date():
                try:
                    expiry.closed.append(await self.close(record.name))
                except (PopupIncomplete, PlanBlocked, Missing, InvalidInput) as exc:
                    expiry.failed.append((record.name, exc.message))
        return expiry

    async def _live(self, name: str) -> PopupRecord:
        record = await self.store.popups.get(name)
        if record is None or record.state == "closed":
            raise Missing(f"no open pop-up line named {name!r} (see popup list)")
        return record

    async def _change(
        self, record: PopupRecord, *, expect: tuple[str, ...] | None = None, **values: object
    ) -> PopupRecord:
        changed = await self.store.popups.change(record, expect=expect, **values)  # type: ignore[arg-type]
        if changed is None:
            raise PopupIncomplete(
                f"pop-up line {record.name} was changed by someone else meanwhile; look again"
            )
        return changed

    @staticmethod
    def _finished(converged: Converged, what: str, then: str) -> None:
        result = converged.result
        if result is not None and (not result.ok or result.interrupted):
            failed = "; ".join(f"{a.subject}: {why}" for a, why in result.failed[:3])
            raise PopupIncomplete(f"{what} ({failed or 'stopped early'}); {then} to finish it")

    async def _audit(
        self, action: str, record: PopupRecord, steps: int, run_id: str | None, **more: object
    ) -> None:
        """One row per use case (each engine step has its own rows under `run_id`)."""
        await self.store.audit.append(
            actor=self.actor,
            action=action,
            target=record.name,
            result="ok",
            run_id=run_id,
            after={"state": record.state, "number": record.number, "steps": steps, **more},
        )


def _run(converged: Converged) -> str | None:
    return converged.result.run_id if converged.result else None
