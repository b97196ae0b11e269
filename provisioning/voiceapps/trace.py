"""Where a call to a number goes at a moment: a pure function over the voice-app state (the oracle that
emergency modes and pop-up lines are tested against). Rules and their sources are in docs/voiceapps.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from provisioning.voiceapps.model import (
    AutoAttendant,
    CallFlow,
    CallQueue,
    MenuOption,
    QueueException,
    Target,
    VoiceApps,
)
from provisioning.voiceapps.schedules import active_period, local_wall_clock, zone

FinalKind = Literal[
    "user",
    "external",
    "shared_voicemail",
    "voicemail",
    "disconnect",
    "agents",
    "awaiting_input",
    "dead_end",
    "loop",
]
MAX_HOPS = 64


class TraceError(ValueError):
    """The number or name is not a voice app's (nothing to trace)."""


@dataclass(frozen=True)
class Hop:
    kind: str  # number, auto_attendant, period, greeting, press, automatic, announcement, unknown_key, operator, …
    name: str
    detail: str


@dataclass(frozen=True)
class Destination:
    kind: FinalKind
    ref: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Contingency:
    """What a queue does under a condition the trace can't know in advance (calls waiting, nobody answers)."""

    condition: str
    hops: tuple[Hop, ...]
    final: Destination


@dataclass(frozen=True)
class Trace:
    entry: str
    at: dt.datetime | None  # the instant, aware, once an auto attendant needed it
    hops: tuple[Hop, ...]
    final: Destination
    contingencies: tuple[Contingency, ...] = ()


def trace(
    apps: VoiceApps, number_or_name: str, at: dt.datetime, presses: list[str] | tuple[str, ...] = ()
) -> Trace:
    """Follow a call from its entry (a voice-app number, RA UPN, or AA/CQ name). A naive `at` is the wall
    clock of the first auto attendant the call reaches; an aware one is an instant."""
    walker = _Walker(apps, tuple(presses), at if at.tzinfo else None, at)
    final = walker.enter(number_or_name.strip())
    return Trace(number_or_name, walker.instant, tuple(walker.hops), final, tuple(walker.contingencies))


@dataclass
class _Walker:
    apps: VoiceApps
    presses: tuple[str, ...]
    instant: dt.datetime | None
    naive_at: dt.datetime
    index: int = 0
    hops: list[Hop] = field(default_factory=list)
    visited: set[tuple[str, str, int]] = field(default_factory=set)
    contingencies: list[Contingency] = field(default_factory=list)
    nested: bool = False

    def hop(self, kind: str, name: str, detail: str) -> None:
        self.hops.append(Hop(kind, name, detail))

    def enter(self, entry: str) -> Destination:
        account = self.apps.resource_account(_e164(entry))
        if account is not None:
            what = f"number {account.number}" if account.number else f"resource account {account.upn}"
            self.hop("number", account.number or account.upn, f"{what} rings resource account {account.upn}")
            if account.app is None:
                return Destination("dead_end", account.upn, f"{account.upn} is associated with no voice app")
            return self.go(
                Target(
                    "auto_attendant" if self.apps.auto_attendant(account.app) else "call_queue", account.app
                )
            )
        if self.apps.auto_attendant(entry):
            return self.go(Target("auto_attendant", entry))
        if self.apps.call_queue(entry):
            return self.go(Target("call_queue", entry))
        raise TraceError(
            f"{entry!r} is not a voice-app number, resource account, auto attendant or call queue"
        )

    def go(self, target: Target | None) -> Destination:
        """Send the call to a target; people, numbers and mailboxes end the trace, apps continue it."""
        if len(self.hops) > MAX_HOPS:
            return Destination("loop", "", f"more than {MAX_HOPS} hops")
        if target is None:
            return Destination("dead_end", "", "no target set")
        via = f" via {target.via}" if target.via else ""
        if target.kind == "auto_attendant":
            aa = self.apps.auto_attendant(target.ref)
            return (
                self.auto_attendant(aa, via)
                if aa
                else Destination("dead_end", target.ref, "no such auto attendant")
            )
        if target.kind == "call_queue":
            cq = self.apps.call_queue(target.ref)
            return (
                self.call_queue(cq, via) if cq else Destination("dead_end", target.ref, "no such call queue")
            )
        if target.kind == "user":
            person = self.apps.person(target.ref)
            if person is not None and not person.enabled:
                return Destination("dead_end", target.ref, f"{target.ref}'s account is disabled")
            return Destination("user", target.ref, f"rings {person.display_name if person else target.ref}")
        if target.kind in ("external", "shared_voicemail", "voicemail", "disconnect"):
            return Destination(target.kind, target.ref, target.label())  # type: ignore[arg-type]
        if target.kind == "resource_account":
            return Destination(
                "dead_end", target.ref, f"resource account {target.ref} is associated with no voice app"
            )
        return Destination("dead_end", target.ref, f"the target no longer exists ({target.ref})")

    def seen(self, kind: str, name: str) -> bool:
        """Re-entering an app with no key pressed since is a loop (a call can't progress)."""
        key = (kind, name.casefold(), self.index)
        if key in self.visited:
            return True
        self.visited.add(key)
        return False

    def auto_attendant(self, aa: AutoAttendant, via: str) -> Destination:
        if self.seen("aa", aa.name):
            return Destination("loop", aa.name, f"the call returns to {aa.name} with no new input")
        if self.instant is None:
            # fold=0: a wall-clock time inside a DST gap or overlap takes the earlier offset
            self.instant = self.naive_at.replace(tzinfo=zone(aa.time_zone))
        local = local_wall_clock(self.instant, aa.time_zone)
        self.hop(
            "auto_attendant",
            aa.name,
            f"auto attendant {aa.name}{via} ({aa.language}, {aa.time_zone}: {local:%a %Y-%m-%d %H:%M})",
        )
        active = active_period(aa, self.apps, local)
        if active.handling is None:
            self.hop("period", active.flow.name, f"business hours: default call flow {active.flow.name}")
        else:
            label = "holiday" if active.period == "holiday" else "after hours"
            self.hop(
                "period",
                active.flow.name,
                f"{label} ({active.handling.schedule}): call flow {active.flow.name}",
            )
        return self.flow(aa, active.flow)

    def flow(self, aa: AutoAttendant, flow: CallFlow) -> Destination:
        if flow.greeting.kind != "none":
            self.hop("greeting", flow.name, f"plays: {flow.greeting.text}")
        menu = flow.menu
        automatic = menu.option("automatic")
        if automatic is not None:
            self.hop("automatic", flow.name, f"redirects without input: {_option_text(automatic, aa)}")
            if automatic.action == "announcement":
                return Destination(
                    "loop", aa.name, "an Automatic announcement returns to its own menu forever"
                )
            return self.option(aa, automatic)
        if not menu.options and not _dial_by_name(menu.dial_by_name, menu.directory_search):
            return Destination("disconnect", "", f"call flow {flow.name} offers no option: the call ends")
        while True:
            if self.index >= len(self.presses):
                keys = ", ".join(o.key for o in menu.options) + (", a name" if menu.dial_by_name else "")
                return Destination(
                    "awaiting_input", aa.name, f"menu of {flow.name} waits for a choice ({keys})"
                )
            press = self.presses[self.index]
            self.index += 1
            option = _match(menu.options, press, aa.voice_response)
            if option is not None:
                self.hop("press", press, f"caller chose {press}: {_option_text(option, aa)}")
                if option.action == "announcement":
                    self.hop("announcement", press, f"plays: {option.prompt.text} (then the menu again)")
                    continue
                return self.option(aa, option)
            if _dial_by_name(menu.dial_by_name, menu.directory_search) and _is_name(press):
                found = self.dial_by_name(aa, press)
                if found is not None:
                    return found
                continue
            self.hop("unknown_key", press, f"{press} is not an option: the menu repeats")

    def option(self, aa: AutoAttendant, option: MenuOption) -> Destination:
        if option.action == "disconnect":
            return Destination("disconnect", "", "the auto attendant hangs up")
        if option.action == "operator":
            if aa.operator is None:
                return Destination("dead_end", aa.name, f"{aa.name} has no operator")
            self.hop("operator", aa.name, f"operator: {aa.operator.label()}")
            return self.go(aa.operator)
        return self.go(option.target)

    def dial_by_name(self, aa: AutoAttendant, press: str) -> Destination | None:
        """Dial by name searches the directory within the AA's scope; exclusion wins (§2.2)."""
        query = press.removeprefix("name:").strip().casefold()
        scope = aa.dial_scope
        for person in self.apps.people:
            if query not in (person.display_name.casefold(), person.upn.casefold()):
                continue
            if scope.include_groups and not person.groups & set(scope.include_groups):
                continue
            if person.groups & set(scope.exclude_groups):
                continue
            self.hop("dial_by_name", person.upn, f"dial by name found {person.display_name or person.upn}")
            return self.go(Target("user", person.upn))
        self.hop(
            "unknown_key", press, f"dial by name found nobody called {query!r} in scope: the menu repeats"
        )
        return None

    def call_queue(self, cq: CallQueue, via: str) -> Destination:
        if self.seen("cq", cq.name):
            return Destination("loop", cq.name, f"the call returns to {cq.name} with no new input")
        answering = cq.answering_agents()
        self.hop(
            "call_queue",
            cq.name,
            f"call queue {cq.name}{via} ({cq.routing}, {len(answering)} of {len(cq.agents)} agents opted in)",
        )
        if cq.overflow.threshold == 0:
            self.hop(
                "overflow", cq.name, "overflow threshold 0: every call takes the overflow action at once"
            )
            return self.exception(cq.overflow)
        if not answering:
            if cq.no_agent.action == "queue":
                self.hop(
                    "no_agent",
                    cq.name,
                    f"no agents: the call waits, then after {cq.timeout.threshold} s the timeout action",
                )
                return self.exception(cq.timeout)
            self.hop("no_agent", cq.name, "no agents: the no-agent action")
            return self.exception(cq.no_agent)
        if cq.timeout.threshold == 0:
            self.hop("timeout", cq.name, "timeout threshold 0: music, then the timeout action")
            return self.exception(cq.timeout)
        if not self.nested:
            self.contingencies += [
                self.branch(
                    f"more than {cq.overflow.threshold} calls waiting", cq.overflow, cq.name, "overflow"
                ),
                self.branch(f"unanswered after {cq.timeout.threshold} s", cq.timeout, cq.name, "timeout"),
            ]
        agents = ", ".join(a.upn for a in answering)
        return Destination("agents", cq.name, f"rings {cq.name}'s agents ({cq.routing}): {agents}")

    def exception(self, rule: QueueException) -> Destination:
        if rule.action == "disconnect":
            return Destination("disconnect", "", "the queue disconnects the call")
        return self.go(rule.target)

    def branch(self, condition: str, rule: QueueException, queue: str, kind: str) -> Contingency:
        child = _Walker(
            self.apps,
            self.presses,
            self.instant,
            self.naive_at,
            self.index,
            [],
            set(self.visited),
            nested=True,
        )
        child.hop(
            kind, queue, f"{kind}: {rule.action}" + (f" to {rule.target.label()}" if rule.target else "")
        )
        final = child.exception(rule)
        return Contingency(condition, tuple(child.hops), final)


def _e164(entry: str) -> str:
    if entry.casefold().startswith("tel:"):
        entry = entry[4:]
    digits = "".join(ch for ch in entry if ch.isdigit())
    return f"+{digits}" if entry.startswith("+") and digits else entry


def _match(options: tuple[MenuOption, ...], press: str, voice: bool) -> MenuOption | None:
    key = press.strip()
    for option in options:
        if option.key == key or (voice and option.voice and option.voice.casefold() == key.casefold()):
            return option
    return None


def _dial_by_name(enabled: bool, search: str) -> bool:
    return enabled or search == "by_name"


def _is_name(press: str) -> bool:
    return press.startswith("name:") or "@" in press or any(ch.isalpha() for ch in press)


def _option_text(option: MenuOption, aa: AutoAttendant) -> str:
    if option.action == "transfer" and option.target is not None:
        return option.target.label()
    if option.action == "operator":
        return "operator" + (f" ({aa.operator.label()})" if aa.operator else " (none set)")
    return option.action
