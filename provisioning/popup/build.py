"""A pop-up line's voice-app objects from its request: a queue of direct agents (the fastest to staff,
voice-apps.md §6.2), a small auto attendant when hours or a greeting are asked for, its weekly schedule
and after-hours flow, a resource account holding the number, and the option on `--from-aa`. Pure: the
engine diffs these against the tenant, so a re-run after a crash finishes what is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal, cast

from provisioning.errors import InvalidInput
from provisioning.popup.request import PopupRequest, parse_hours
from provisioning.resources.base import ObjectKey
from provisioning.voiceapps.model import (
    Agent,
    AutoAttendant,
    CallFlow,
    CallQueue,
    Handling,
    Menu,
    MenuKey,
    MenuOption,
    Prompt,
    ResourceAccount,
    Schedule,
    Target,
    VoiceApps,
)

MAX_DIRECT_AGENTS = 20  # quirk: a queue takes at most 20 directly added users (voice-apps.md §1.5, §6.2)


@dataclass(frozen=True)
class AddedOption:
    """The menu option a line put on an existing AA's business-hours menu (removed again on close)."""

    auto_attendant: str
    option: MenuOption


@dataclass(frozen=True)
class LineObjects:
    queue: str
    auto_attendant: str | None
    schedule: str | None
    resource_account: str | None  # UPN; None when the line is reached only from an AA option
    number: str | None
    own: VoiceApps  # the objects the line creates (and close removes)
    added: AddedOption | None

    def keys(self) -> frozenset[ObjectKey]:
        """The line's own objects as the engine names them (close prunes exactly these)."""
        keys: set[ObjectKey] = {("call_queue", self.queue)}
        if self.auto_attendant:
            keys.add(("auto_attendant", self.auto_attendant))
        if self.schedule:
            keys.add(("schedule", self.schedule))
        if self.resource_account:
            keys |= {("resource_account", self.resource_account), ("association", self.resource_account)}
        return frozenset(keys)

    def entry(self) -> Target:
        """Where the line's calls start: its AA when it has one, else its queue."""
        if self.auto_attendant:
            return Target("auto_attendant", self.auto_attendant)
        return Target("call_queue", self.queue)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:40] or "line"


def ra_upn(name: str, domain: str) -> str:
    """The line's resource account: `popup-<name>@<domain>` (the agents' online domain)."""
    return f"popup-{slug(' '.join(name.split()))}@{domain}"


def build_line(
    request: PopupRequest, agents: tuple[str, ...], number: str | None, domain: str
) -> LineObjects:
    """The line's own objects (no option yet: `with_option` adds it against the AA as read)."""
    if len(agents) > MAX_DIRECT_AGENTS:
        raise InvalidInput(
            f"--agents: {len(agents)} people; a pop-up queue rings at most {MAX_DIRECT_AGENTS} direct agents "
            "(name fewer people or a smaller group)"
        )
    name = " ".join(request.name.split())
    ra = ra_upn(name, domain) if number else None
    small_aa = request.hours is not None or request.greeting is not None
    aa_name = f"{name} AA" if small_aa else None
    queue = CallQueue(
        name=name,
        language=request.language,
        agents=tuple(Agent(upn) for upn in agents),
        users=agents,
        resource_accounts=(ra,) if ra and not small_aa else (),
    )
    attendants, schedules = _attendant(request, name, aa_name, ra) if aa_name else ((), ())
    accounts: tuple[ResourceAccount, ...] = ()
    if ra:
        kind: Literal["auto_attendant", "call_queue"] = "auto_attendant" if aa_name else "call_queue"
        accounts = (ResourceAccount(ra, name, kind, number, aa_name or name, True),)
    own = VoiceApps(attendants, (queue,), schedules, accounts)
    schedule = schedules[0].name if schedules else None
    return LineObjects(name, aa_name, schedule, ra, number, own, None)


def _attendant(
    request: PopupRequest, name: str, aa_name: str, ra: str | None
) -> tuple[tuple[AutoAttendant, ...], tuple[Schedule, ...]]:
    to_queue = MenuOption("automatic", "transfer", Target("call_queue", name))
    greeting = Prompt("tts", request.greeting) if request.greeting else Prompt()
    aa = AutoAttendant(
        name=aa_name,
        language=request.language,
        time_zone=request.time_zone,
        # Menus named as the service names them ("<flow> menu"), so the AA reads back equal to this.
        default_flow=CallFlow(f"{name} open", greeting, Menu(f"{name} open menu", options=(to_queue,))),
        resource_accounts=(ra,) if ra else (),
    )
    if request.hours is None:
        return (aa,), ()
    # An after-hours schedule lists the opening hours with Complement on: active outside them.
    schedule = Schedule(f"{name} hours", "weekly", weekly=parse_hours(request.hours), complement=True)
    closed = CallFlow(
        f"{name} closed",
        Prompt("tts", _closed_text(name, request)),
        Menu(f"{name} closed menu", options=(_after(request),)),
    )
    handling = Handling("after_hours", schedule.name, closed.name)
    return (replace(aa, flows=(closed,), handling=(handling,)),), (schedule,)


def _after(request: PopupRequest) -> MenuOption:
    if request.after_hours == "disconnect":
        return MenuOption("automatic", "disconnect")
    if request.after_hours == "voicemail":
        return MenuOption("automatic", "transfer", Target("shared_voicemail", request.voicemail_group or ""))
    return MenuOption("automatic", "transfer", Target("external", request.after_hours))


def _closed_text(name: str, request: PopupRequest) -> str:
    then = {
        "voicemail": " Please leave a message after the tone.",
        "disconnect": " Please call again during opening hours.",
    }.get(request.after_hours, " Your call is being transferred.")
    return f"Thank you for calling the {name} line. We are closed now.{then}"


def with_option(
    line: LineObjects, request: PopupRequest, current: VoiceApps
) -> tuple[LineObjects, AutoAttendant]:
    """The `--from-aa` AA as read plus the line's option on `--key` (refused when the key is taken by
    anything else); the option points at the line's entry without an RA (ConfigurationEndpoint)."""
    if request.from_aa is None or request.key is None:
        raise InvalidInput("--from-aa and --key go together")
    aa = current.auto_attendant(request.from_aa)
    if aa is None:
        raise InvalidInput(f"--from-aa {request.from_aa!r}: no such auto attendant in the tenant")
    option = MenuOption(cast(MenuKey, request.key), "transfer", line.entry())
    taken = aa.default_flow.menu.option(request.key)
    if taken is not None and same_transfer(taken, option):
        return replace(line, added=AddedOption(aa.name, option)), aa  # a re-run: already there
    if taken is not None:
        raise InvalidInput(
            f"--key {request.key}: {aa.name}'s menu already uses key {request.key} "
            f"({taken.target.label() if taken.target else taken.action}); choose a free key"
        )
    added = AddedOption(aa.name, option)
    return replace(line, added=added), add_option(aa, option)


def same_transfer(found: MenuOption, option: MenuOption) -> bool:
    """Whether a menu option as read is the line's: same key, a transfer to the same app (the service
    fills in what the line left unset, such as the call priority, so whole options do not compare)."""
    a, b = found.target, option.target
    return (
        found.key == option.key
        and found.action == option.action
        and a is not None
        and b is not None
        and (a.kind, a.ref.casefold()) == (b.kind, b.ref.casefold())
    )


def add_option(aa: AutoAttendant, option: MenuOption) -> AutoAttendant:
    """`aa` with `option` on its business-hours menu (replacing nothing: callers check the key first)."""
    menu = aa.default_flow.menu
    taken = menu.option(option.key)
    if taken is not None and same_transfer(taken, option):
        return aa
    options = (*menu.options, option)  # appended: removing it on close gives back the menu as it was
    return replace(aa, default_flow=replace(aa.default_flow, menu=replace(menu, options=options)))


def remove_option(aa: AutoAttendant, added: AddedOption) -> AutoAttendant:
    """`aa` without the line's option (any other option on that key, set since by someone, stays)."""
    menu = aa.default_flow.menu
    options = tuple(o for o in menu.options if not same_transfer(o, added.option))
    return replace(aa, default_flow=replace(aa.default_flow, menu=replace(menu, options=options)))


def with_attendant(wanted: VoiceApps, aa: AutoAttendant, current: VoiceApps) -> VoiceApps:
    """`wanted` plus an existing AA the line changes, with the resource accounts it answers on as read
    (an association must find its account among the wanted ones; as read, they plan no change)."""
    accounts = tuple(ra for upn in aa.resource_accounts if (ra := current.resource_account(upn)) is not None)
    return replace(
        wanted,
        auto_attendants=(*wanted.auto_attendants, aa),
        resource_accounts=(*wanted.resource_accounts, *accounts),
    )
