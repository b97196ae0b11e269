"""Emergency modes, second-admin approvals, the usage report and `voiceapps check` from Teams.

These touch the whole county (every line a mode reroutes, every department's figures), so they are for
county-wide admins; agency admins are refused, and the refusal is audited. When the policy asks for it,
activation is stored as a pending approval (store.approvals) and applied only when a *different* admin
approves it before it expires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot import emergency_cards as ec
from bot.admin import AdminContext, Handler, Refused, reply
from bot.admin_cards import notice
from bot.admin_forms import text
from bot.admins import AdminRole
from bot.model import Reply
from store import Approval

ACTIVATE_ACTION = "emergency.activate"


class EmergencyHandlers:
    def __init__(self, ctx: AdminContext) -> None:
        self._ctx = ctx

    def handlers(self) -> dict[str, Handler]:
        return {
            ec.MODES: self.modes,
            ec.PREVIEW: self.preview,
            ec.ACTIVATE: self.activate,
            ec.RESTORE: self.restore,
            ec.APPROVALS: self.approvals,
            ec.REVIEW: self.review,
            ec.APPROVE: self.approve,
            ec.REJECT: self.reject,
            ec.REPORT: self.report,
            ec.CHECK: self.check,
        }

    async def modes(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "emergency modes")
        return reply(ec.modes_card(await self._ctx.ops.modes()))

    async def preview(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "emergency modes")
        mode, message = _mode(data), text(data, "message") or None
        changes = await self._ctx.ops.preview_mode(mode, message)
        required = self._ctx.policy.approval_required
        return reply(ec.confirm_mode_card(mode, message, changes, approval_required=required))

    async def activate(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "emergency modes")
        mode, message = _mode(data), text(data, "message") or None
        if self._ctx.policy.approval_required:
            approval = await self._ctx.approvals.request(
                action=ACTIVATE_ACTION,
                target=mode,
                payload={"mode": mode, "message": message},
                requested_by=role.identity.label,
                requester_id=role.identity.aad_object_id,
                ttl=dt.timedelta(seconds=self._ctx.policy.approval_ttl_s),
                at=self._ctx.now(),
            )
            await self._ctx.record(role.identity, ACTIVATE_ACTION, mode, "pending", f"approval {approval.id}")
            return reply(ec.pending_card(approval))
        changes = await self._ctx.ops.activate_mode(mode, message, role.identity.label)
        await self._ctx.record(role.identity, ACTIVATE_ACTION, mode, "done", f"{len(changes)} changes")
        return reply(ec.activated_card(mode, changes, role.identity.label, None))

    async def restore(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "emergency modes")
        mode = _mode(data)
        restored = await self._ctx.ops.restore_mode(mode, role.identity.label)
        detail = "exact" if restored.exact else "; ".join(restored.differences)
        await self._ctx.record(role.identity, "emergency.restore", mode, "done", detail)
        return reply(ec.restored_card(mode, restored))

    async def approvals(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "approvals")
        return reply(ec.approvals_card(await self._ctx.approvals.pending(at=self._ctx.now())))

    async def review(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        """The pending request with a fresh preview: the approver sees exactly what approving changes."""
        _county(role, "approvals")
        approval = await self._pending(data)
        changes = await self._ctx.ops.preview_mode(approval.target, approval.payload.get("message"))
        return reply(ec.pending_card(approval, changes))

    async def approve(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "approvals")
        approval = await self._pending(data)
        if approval.requester_id == role.identity.aad_object_id:
            raise Refused("you requested this activation; a different admin must approve it")
        if not await self._ctx.approvals.decide(
            approval.id, "approved", by=role.identity.label, at=self._ctx.now()
        ):
            raise Refused("this request was decided by someone else or expired a moment ago")
        payload = approval.payload
        actor = f"{role.identity.label} approving {approval.requested_by}"
        changes = await self._ctx.ops.activate_mode(approval.target, payload.get("message"), actor)
        detail = f"approval {approval.id} requested by {approval.requested_by}; {len(changes)} changes"
        await self._ctx.record(role.identity, ACTIVATE_ACTION, approval.target, "done", detail)
        await self._ctx.record(
            role.identity, "emergency.approve", approval.target, "done", f"approval {approval.id}"
        )
        return reply(ec.activated_card(approval.target, changes, approval.requested_by, role.identity.label))

    async def reject(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "approvals")
        approval = await self._pending(data)
        if not await self._ctx.approvals.decide(
            approval.id, "rejected", by=role.identity.label, at=self._ctx.now()
        ):
            raise Refused("this request was decided by someone else or expired a moment ago")
        await self._ctx.record(
            role.identity, ACTIVATE_ACTION, approval.target, "rejected", f"approval {approval.id}"
        )
        heading = f"Rejected: activate {approval.target}"
        return reply(notice(heading, f"Nothing changed. {approval.requested_by} asked for it.", ec.APPROVALS))

    async def report(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "the county usage report")
        period = text(data, "period") or "last-week"
        info = await self._ctx.ops.report(period)
        await self._ctx.record(role.identity, "report.usage", period, "done")
        return reply(ec.report_card(info, period))

    async def check(self, role: AdminRole, data: Mapping[str, Any]) -> Reply:
        _county(role, "the voice-app check")
        findings = await self._ctx.ops.check()
        await self._ctx.record(
            role.identity, "voiceapps.check", "voice apps", "done", f"{len(findings)} findings"
        )
        return reply(ec.findings_card(findings, self._ctx.now()))

    async def _pending(self, data: Mapping[str, Any]) -> Approval:
        approval_id = text(data, "approval")
        approval = await self._ctx.approvals.get(approval_id) if approval_id else None
        if approval is None:
            raise Refused("there is no such approval request")
        if approval.state == "pending" and approval.expires_at <= self._ctx.now():
            await self._ctx.approvals.expire(at=self._ctx.now())
            raise Refused(
                f"the request to activate {approval.target} expired at {approval.expires_at:%H:%M} UTC"
            )
        if approval.state != "pending":
            who = f" by {approval.decided_by}" if approval.decided_by else ""
            raise Refused(f"the request to activate {approval.target} is already {approval.state}{who}")
        return approval


def _county(role: AdminRole, what: str) -> None:
    if role.departments is not None:
        raise Refused(
            f"{what}: for county-wide admins only; your admin role covers "
            f"{', '.join(sorted(role.departments))}"
        )


def _mode(data: Mapping[str, Any]) -> str:
    mode = text(data, "mode")
    if not mode:
        raise Refused("the card did not say which emergency mode")
    return mode
