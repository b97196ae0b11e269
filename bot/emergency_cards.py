"""Adaptive Cards 1.5 for emergency modes (the confirmation card lists exactly what will change),
pending approvals, the usage report and `voiceapps check` findings: pure functions returning dicts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.admin_cards import ADMIN_MENU, attention, execute, paragraph
from bot.admin_model import Change, FindingInfo, ModeInfo, ReportInfo, Restored
from bot.cards import card, facts, title
from store import Approval

MODES, PREVIEW, ACTIVATE, RESTORE = (
    "emergency_modes",
    "emergency_preview",
    "emergency_activate",
    "emergency_restore",
)
APPROVALS, REVIEW, APPROVE, REJECT = "approvals", "approval_review", "approval_approve", "approval_reject"
REPORT, CHECK = "report", "voiceapps_check"
PERIODS = (("last-week", "Last week"), ("last-month", "Last month"), ("last-30-days", "Last 30 days"))
MAX_ROWS = 40  # a card stays readable; the rest is counted, and the CLI's plan shows everything


def modes_card(modes: list[ModeInfo]) -> dict[str, Any]:
    if not modes:
        text = "No emergency modes are configured."
        return card([title("Emergency modes"), paragraph(text)], text, [execute(ADMIN_MENU, "Back")])
    lines, actions = [], []
    for mode in modes:
        if mode.active:
            since = f" since {mode.since:%b %d %H:%M} UTC" if mode.since else ""
            lines.append(f"{mode.name}: ACTIVE{since}" + (f" (by {mode.by})" if mode.by else ""))
            actions.append(execute(RESTORE, f"Restore from {mode.name}", {"mode": mode.name}))
        else:
            lines.append(f"{mode.name}: not active")
            actions.append(execute(PREVIEW, f"Activate {mode.name}…", {"mode": mode.name}))
    body = [title("Emergency modes"), *(paragraph(line) for line in lines)]
    body.append(
        {"type": "Input.Text", "id": "message", "label": "Announcement (optional)", "isMultiline": True}
    )
    return card(body, "\n".join(lines), actions[:5] + [execute(ADMIN_MENU, "Back")])


def changes_text(changes: list[Change]) -> str:
    return "\n".join(f"{c.subject}: {c.before} → {c.after}" for c in changes)


def _changes_table(changes: list[Change]) -> list[dict[str, Any]]:
    rows = [
        {
            "type": "TextBlock",
            "text": f"**{c.subject}**: {c.before} → {c.after}",
            "wrap": True,
            "spacing": "Small",
        }
        for c in changes[:MAX_ROWS]
    ]
    if len(changes) > MAX_ROWS:
        rows.append(paragraph(f"… and {len(changes) - MAX_ROWS} more (see `switchboard emergency preview`)."))
    return rows


def confirm_mode_card(
    mode: str, message: str | None, changes: list[Change], *, approval_required: bool
) -> dict[str, Any]:
    """Exactly what activation changes; the button asks for approval when a second admin is required."""
    heading = f"Activate {mode}? {len(changes)} change{'s' if len(changes) != 1 else ''}"
    body = [title(heading), *_changes_table(changes)]
    if message:
        body.append(paragraph(f"Announcement: {message}"))
    if approval_required:
        body.append(attention("A second admin must approve before anything changes."))
    label = "Request approval" if approval_required else f"Activate {mode} now"
    data = {"mode": mode, "message": message or ""}
    actions = [execute(ACTIVATE, label, data, style="destructive"), execute(MODES, "Cancel")]
    return card(body, f"{heading}:\n{changes_text(changes)}", actions)


def pending_card(approval: Approval, changes: list[Change] | None = None) -> dict[str, Any]:
    heading = f"Waiting for approval: activate {approval.target}"
    text = (
        f"Requested by {approval.requested_by} at {approval.requested_at:%H:%M} UTC; another admin must "
        f"approve before {approval.expires_at:%H:%M} UTC or the request expires. Request {approval.id}."
    )
    body = [title(heading), paragraph(text), *(_changes_table(changes) if changes else [])]
    data = {"approval": approval.id}
    actions = [execute(APPROVE, "Approve", data, style="positive"), execute(REJECT, "Reject", data)]
    return card(body, f"{heading}. {text}", actions)


def approvals_card(pending: list[Approval]) -> dict[str, Any]:
    if not pending:
        text = "No requests are waiting for approval."
        return card([title("Pending approvals"), paragraph(text)], text, [execute(ADMIN_MENU, "Back")])
    lines = [
        f"Activate {a.target}, requested by {a.requested_by}, expires {a.expires_at:%H:%M} UTC ({a.id})"
        for a in pending
    ]
    actions = [execute(REVIEW, f"Review {a.target}", {"approval": a.id}) for a in pending[:5]]
    return card([title("Pending approvals"), *(paragraph(x) for x in lines)], "\n".join(lines), actions)


def activated_card(mode: str, changes: list[Change], by: str, approved_by: str | None) -> dict[str, Any]:
    who = f"requested by {by}, approved by {approved_by}" if approved_by else f"by {by}"
    heading = f"{mode} is active ({who})"
    actions = [execute(RESTORE, f"Restore from {mode}", {"mode": mode}), execute(MODES, "Emergency modes")]
    return card([title(heading), *_changes_table(changes)], f"{heading}:\n{changes_text(changes)}", actions)


def restored_card(mode: str, restored: Restored) -> dict[str, Any]:
    if restored.exact:
        text = f"{mode} is over: every line is back exactly as it was before activation."
        body = [title(f"Restored from {mode}"), paragraph(text)]
    else:
        text = f"{mode} is over, but {len(restored.differences)} thing(s) differ from before activation:"
        body = [
            title(f"Restored from {mode}"),
            attention(text),
            *(paragraph(d) for d in restored.differences),
        ]
        text += " " + "; ".join(restored.differences)
    return card(body, text, [execute(MODES, "Emergency modes")])


def _percent(change: float | None) -> str:
    return "no earlier period" if change is None else f"{change:+.0%} on the period before"


def report_card(info: ReportInfo, period: str) -> dict[str, Any]:
    pairs = [
        ("PSTN minutes", f"{info.minutes:,.0f} ({_percent(info.change)})"),
        ("Calls", f"{info.calls:,}"),
        ("Staff with Teams Phone", f"{info.staff:,}"),
        ("Minutes per staff per day", f"{info.minutes_per_staff_per_day:.1f}"),
    ]
    pairs += [(f"{name}", f"{minutes:,.0f} min") for name, minutes in info.top_departments]
    text = "; ".join(f"{k}: {v}" for k, v in pairs)
    body = [title(f"Usage report, {info.label}"), facts(pairs), *(attention(n) for n in info.notes)]
    choice = {
        "type": "Input.ChoiceSet",
        "id": "period",
        "label": "Another period",
        "value": period,
        "choices": [{"title": label, "value": value} for value, label in PERIODS],
    }
    body.append(choice)
    return card(
        body, f"Usage report, {info.label}: {text}", [execute(REPORT, "Show"), execute(ADMIN_MENU, "Back")]
    )


def findings_card(findings: list[FindingInfo], at: dt.datetime) -> dict[str, Any]:
    heading = f"Voice-app check: {len(findings)} finding{'s' if len(findings) != 1 else ''}"
    if not findings:
        text = "No waste or risks found in auto attendants, call queues and resource accounts."
        return card([title(heading), paragraph(text)], text, [execute(ADMIN_MENU, "Back")])
    rows = [paragraph(f"**{f.code}** {f.message}", spacing="Small") for f in findings[:MAX_ROWS]]
    if len(findings) > MAX_ROWS:
        rows.append(paragraph(f"… and {len(findings) - MAX_ROWS} more (`switchboard voiceapps check`)."))
    text = "\n".join(f"{f.code}: {f.message}" for f in findings)
    body = [title(heading), paragraph(f"Checked {at:%b %d %H:%M} UTC", size="Small", isSubtle=True), *rows]
    return card(body, f"{heading}\n{text}", [execute(CHECK, "Check again"), execute(ADMIN_MENU, "Back")])
