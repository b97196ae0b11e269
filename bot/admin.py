"""The admin side of the conversation: who may do what (bot/admins.py), the pop-up line actions, and the
dispatch to emergency modes, approvals, reports and checks (bot/admin_emergency.py).

Every admin verb is audited with the Teams identity (UPN and Entra object id), and so is every refusal:
not an admin, outside the agency's departments, approving one's own request. Plain data in, `Reply` out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot import admin_cards as ac
from bot.admin_forms import line_form, parse_until, text
from bot.admin_model import AdminOps, LineInfo
from bot.admins import AdminPolicy, AdminRole, Identity
from bot.model import FOLLOW_UP, Caller, Reply
from provisioning import ProvisioningError
from reports import ReportError
from store import ApprovalRepo, AuditRepo

log = logging.getLogger(__name__)
NOT_ADMIN = "Only Teams Phone admins can do this. Ask county IT if you need it."
UNAVAILABLE = "The phone system did not answer. Nothing was changed; please try again in a few minutes."


class Refused(Exception):
    """An admin action this person may not take; `reason` is shown to them and audited."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Admins(Protocol):
    async def role(self, aad_object_id: str | None) -> AdminRole | None: ...

    async def identify(self, aad_object_id: str | None) -> Identity: ...


@dataclass(frozen=True)
class AdminContext:
    """What every admin handler needs: the use cases, the store's approvals and audit, the policy."""

    ops: AdminOps
    approvals: ApprovalRepo
    audit: AuditRepo
    policy: AdminPolicy
    today: Callable[[], dt.date]
    now: Callable[[], dt.datetime]
    # How long an Action.Execute waits for a slow action before answering "working on it" (Teams gives
    # up on an invoke after a few seconds and retries); the result is then posted to the chat.
    budget_s: float = 4.0

    async def record(
        self, who: Identity, action: str, target: str, result: str, detail: str | None = None
    ) -> None:
        await self.audit.append(
            actor=who.label,
            action=f"bot.{action}",
            target=target,
            result=result,
            detail=detail,
            after={"upn": who.upn, "aadObjectId": who.aad_object_id},
        )


Handler = Callable[[AdminRole, Mapping[str, Any]], Awaitable[Reply]]
# The audit log's action for a verb, so a refusal and a success of the same thing share one name.
AUDIT_NAMES = {
    "popup_close_confirmed": "popup.close",
    "approval_approve": "emergency.approve",
    "approval_reject": "emergency.reject",
    "approval_review": "emergency.review",
    "approvals": "emergency.approvals",
    "report": "report.usage",
    "voiceapps_check": "voiceapps.check",
}


# Verbs that change the tenant or read all of it: on a real tenant they can take minutes.
SLOW = frozenset(
    {
        "popup_open",
        "popup_extend",
        "popup_close_confirmed",
        "emergency_activate",
        "emergency_restore",
        "approval_approve",
        "report",
        "voiceapps_check",
    }
)
WORKING = (
    "This takes a while on the phone system. I will post the result in this chat as soon as it is done; "
    "there is no need to press the button again."
)


def audit_name(verb: str) -> str:
    return AUDIT_NAMES.get(verb, verb.replace("_", ".", 1))


def reply(card: dict[str, Any]) -> Reply:
    return Reply(str(card["fallbackText"]), card)


def scope_text(role: AdminRole) -> str:
    if role.departments is None:
        return "county-wide"
    return "agency admin for " + ", ".join(sorted(role.departments))


class PopupHandlers:
    """Open, show, extend and close pop-up lines; agency admins only within their departments."""

    def __init__(self, ctx: AdminContext) -> None:
        self._ctx = ctx

    def handlers(self) -> dict[str, Handler]:
        return {
            ac.POPUP_FORM: self.form,
            ac.POPUP_OPEN: self.open,
            ac.POPUP_LIST: self.list,
            ac.POPUP_SHOW: self.show,
            ac.POPUP_EXTEND: self.extend,
            ac.POPUP_CLOSE: self.close,
            ac.POPUP_CLOSE_CONFIRMED: self.close_confirmed,
        }

    async def form(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        return reply(ac.line_form_card({}, {}, _form_scope(role)))

    async def open(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        values = {f: text(data, f) for f in ac.FORM_FIELDS}
        result = line_form(data, self._ctx.today())
        if result.form is None:
            detail = "; ".join(f"{k}: {v}" for k, v in result.errors.items())
            await self._ctx.record(role.identity, "popup.open", values["name"] or "?", "invalid", detail)
            return reply(ac.line_form_card(values, result.errors, _form_scope(role)))
        await self._in_scope(role, result.form.agents, result.form.name)
        line = await self._ctx.ops.open_line(result.form, role.identity.label)
        await self._ctx.record(role.identity, "popup.open", line.name, "done", ac.line_text(line))
        return reply(ac.line_card(line, f"Opened {line.name}"))

    async def list(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        lines = await self._ctx.ops.lines()
        if role.departments is not None:
            lines = [x for x in lines if role.may_act_on(await self._ctx.ops.departments(x.agents))]
        return reply(ac.lines_card(lines))

    async def show(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        line = await self._line(role, data)
        return reply(ac.line_card(line, line.name))

    async def extend(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        line = await self._line(role, data)
        until, problem = parse_until(text(data, "until"), self._ctx.today())
        if until is None:
            problem = problem or "choose the new last day in “Extend until”"
            await self._ctx.record(role.identity, "popup.extend", line.name, "invalid", problem)
            return reply(ac.line_card(line, line.name, f"Not extended: {problem}."))
        extended = await self._ctx.ops.extend_line(line.name, until, role.identity.label)
        await self._ctx.record(role.identity, "popup.extend", line.name, "done", f"until {until}")
        return reply(ac.line_card(extended, f"Extended {line.name}"))

    async def close(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        return reply(ac.close_confirm_card(await self._line(role, data)))

    async def close_confirmed(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        line = await self._line(role, data)
        closed = await self._ctx.ops.close_line(line.name, role.identity.label)
        await self._ctx.record(role.identity, "popup.close", line.name, "done")
        heading = f"Closed {closed.name}"
        return reply(ac.notice(heading, "The line's voice apps are removed; its number is free again."))

    async def _line(self, role: AdminRole, data: Mapping[str, Any]) -> LineInfo:
        name = text(data, "name")
        if not name:
            raise Refused("the card did not say which line")
        line = await self._ctx.ops.line(name)
        await self._in_scope(role, line.agents, line.name)
        return line

    async def _in_scope(self, role: AdminRole, agents: tuple[str, ...], name: str) -> None:
        if role.departments is None:
            return
        departments = await self._ctx.ops.departments(agents)
        if not role.may_act_on(departments):
            outside = sorted({d or "no department" for d in departments if d not in role.departments})
            raise Refused(
                f"{name} involves people outside your agency ({', '.join(outside) or 'nobody named'}); "
                f"you may act on {', '.join(sorted(role.departments))} only"
            )


def _form_scope(role: AdminRole) -> str | None:
    if role.departments is None:
        return None
    return f"As an agency admin you can open lines answered by {', '.join(sorted(role.departments))} staff."


class AdminConversation:
    def __init__(self, admins: Admins, ctx: AdminContext) -> None:
        from bot.admin_emergency import EmergencyHandlers  # its cards import this module's neighbours

        self._admins, self._ctx = admins, ctx
        self._handlers: dict[str, Handler] = {
            ac.ADMIN_MENU: self._menu,
            **PopupHandlers(ctx).handlers(),
            **EmergencyHandlers(ctx).handlers(),
        }

    @property
    def verbs(self) -> frozenset[str]:
        return frozenset(self._handlers)

    async def handle(self, caller: Caller, verb: str, data: Mapping[str, Any]) -> Reply:
        """Run one admin verb for `caller`; a refusal or failure is an answer, never an exception. A slow
        verb still running after the budget answers "working on it" and carries the task (FOLLOW_UP)."""
        role = await self._admins.role(caller.aad_object_id)
        target = text(data, "name") or text(data, "mode") or text(data, "approval") or verb
        if role is None:
            who = await self._admins.identify(caller.aad_object_id)
            await self._ctx.record(who, audit_name(verb), target, "refused", "not an admin")
            return reply(ac.notice("Not allowed", NOT_ADMIN, back="help"))
        if verb not in SLOW:
            return await self._run(role, verb, data, target)
        work = asyncio.create_task(self._run(role, verb, data, target))
        done, _ = await asyncio.wait({work}, timeout=self._ctx.budget_s)
        if work in done:
            return work.result()
        card = ac.notice(f"Working on it: {target}", WORKING)
        return Reply(str(card["fallbackText"]), card, {FOLLOW_UP: work})

    async def _run(self, role: AdminRole, verb: str, data: Mapping[str, Any], target: str) -> Reply:
        try:
            return await self._handlers[verb](role, data)
        except Refused as refused:
            await self._ctx.record(role.identity, audit_name(verb), target, "refused", refused.reason)
            return reply(ac.notice("Not allowed", refused.reason[:1].upper() + refused.reason[1:] + "."))
        except (ProvisioningError, ReportError) as error:
            await self._ctx.record(role.identity, audit_name(verb), target, "failed", error.message)
            message = f"{error.message} (reference {error.correlation_id})"
            return reply(ac.notice("That did not work", message))
        except Exception:  # the phone system failed in a way provisioning did not name
            log.exception("admin verb %s failed", verb)
            await self._ctx.record(role.identity, audit_name(verb), target, "failed", "unexpected error")
            return reply(ac.notice("That did not work", UNAVAILABLE))

    async def _menu(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        return reply(ac.admin_menu_card(role.identity.upn or "you", scope_text(role)))
