"""`switchboard doctor`, the verdicts: what Switchboard needs from a tenant and how to fix what is missing.

Pure: `evaluate(observations)` turns what the reader saw (provisioning/doctor_reader.py) into findings.
The permission table is the one docs/deploy.md explains; the sandbox grants exactly these by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from graph import NumberAssignment, Sku

Status = Literal["ok", "missing", "warning", "not checked"]
FAILING: frozenset[Status] = frozenset({"missing"})
CONSENT_FIX = "grant the Microsoft Graph application permission {name} to the app and give admin consent"


@dataclass(frozen=True)
class Requirement:
    permission: str
    probe: str  # the reader's probe name: the harmless read this permission allows
    needed_by: str
    sufficient: frozenset[str]  # this permission or higher ones that allow everything Switchboard does


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "TeamsTelephoneNumber.ReadWrite.All",
        "numbers",
        "numbers, plan/apply, onboard, export",
        frozenset({"TeamsTelephoneNumber.ReadWrite.All"}),
    ),
    Requirement(
        "User.ReadWrite.All",
        "users",
        "users show, plan/apply (usage location, licences), onboard",
        frozenset({"User.ReadWrite.All", "Directory.ReadWrite.All"}),
    ),
    Requirement(
        "Organization.Read.All",
        "skus",
        "plan/apply (licence seats), doctor",
        frozenset({"Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All"}),
    ),
    Requirement(
        "GroupMember.Read.All",
        "groups",
        "plan/apply with `select: group`",
        frozenset({"GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"}),
    ),
    Requirement(
        "TeamsUserConfiguration.Read.All",
        "userconfigs",
        "plan/apply, export, users show",
        frozenset({"TeamsUserConfiguration.Read.All"}),
    ),
    Requirement(
        "CallRecord-PstnCalls.Read.All",
        "pstn_calls",
        "report sync, report weekly",
        frozenset({"CallRecord-PstnCalls.Read.All", "CallRecords.Read.All"}),
    ),
    Requirement("Reports.Read.All", "activity", "report sync", frozenset({"Reports.Read.All"})),
)
TEAMS_PHONE_SKUS = frozenset({"MCOEV", "MCOEV_GOV", "SPE_E5", "SPE_E5_GOV", "ENTERPRISEPREMIUM"})
RESOURCE_ACCOUNT_SKU = "PHONESYSTEM_VIRTUALUSER"


@dataclass(frozen=True)
class ProbeOutcome:
    """What one harmless read met: ok, or Graph's status and OData code."""

    ok: bool
    status: int | None = None
    code: str | None = None
    message: str = ""

    @property
    def denied(self) -> bool:
        return self.status == 403


@dataclass(frozen=True)
class Finding:
    area: str
    name: str
    status: Status
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class Observations:
    sign_in_error: str | None = None  # no token could be had: nothing else was tried
    roles: frozenset[str] | None = None  # the token's `roles` claim; None when the token is not a JWT
    probes: Mapping[str, ProbeOutcome] = field(default_factory=dict)
    skus: tuple[Sku, ...] | None = None
    numbers: tuple[NumberAssignment, ...] | None = None
    powershell: Finding | None = None


def permission_finding(req: Requirement, obs: Observations) -> Finding:
    outcome = obs.probes.get(req.probe)
    fix = CONSENT_FIX.format(name=req.permission)
    needed = f"needed by {req.needed_by}"
    if outcome is None:
        return Finding("permission", req.permission, "not checked", "probe did not run")
    if outcome.denied:
        return Finding(
            "permission", req.permission, "missing", f"403 {outcome.code or ''} on a read; {needed}", fix
        )
    if not outcome.ok:
        detail = f"read failed: HTTP {outcome.status} {outcome.code or ''} {outcome.message}".strip()
        return Finding(
            "permission", req.permission, "missing", detail, "see the error; run doctor -vv for HTTP detail"
        )
    if obs.roles is not None and not (obs.roles & req.sufficient):
        family = req.permission.split(".")[0]
        held = sorted(r for r in obs.roles if r.split(".")[0] == family)
        detail = (
            f"reads work, but the token has {', '.join(held) or 'no such role'}: writes will fail; {needed}"
        )
        return Finding("permission", req.permission, "missing", detail, fix)
    return Finding(
        "permission", req.permission, "ok", "in the token's roles" if obs.roles is not None else "read ok"
    )


def licence_findings(skus: tuple[Sku, ...] | None) -> list[Finding]:
    if skus is None:
        reason = "needs Organization.Read.All"
        return [
            Finding("licence", name, "not checked", reason) for name in ("Teams Phone", "Resource Account")
        ]
    phone = [s for s in skus if s.sku_part_number in TEAMS_PHONE_SKUS]
    resource = [s for s in skus if s.sku_part_number == RESOURCE_ACCOUNT_SKU]
    return [
        _seats("Teams Phone", phone, "buy Teams Phone Standard (MCOEV) or a suite that includes it"),
        _seats(
            "Resource Account",
            resource,
            f"add the free Teams Phone Resource Account licence ({RESOURCE_ACCOUNT_SKU}) for voice apps",
        ),
    ]


def _seats(name: str, skus: list[Sku], fix: str) -> Finding:
    if not skus:
        return Finding("licence", name, "missing", "no such subscription in the tenant", fix)
    free = sum(s.available_units for s in skus)
    total = sum(s.enabled_units for s in skus)
    parts = ", ".join(sorted(s.sku_part_number for s in skus))
    if free == 0:
        return Finding("licence", name, "warning", f"{parts}: all {total} seats in use", "buy or free seats")
    return Finding("licence", name, "ok", f"{parts}: {free} of {total} seats free")


def number_findings(numbers: tuple[NumberAssignment, ...] | None) -> list[Finding]:
    pools = (
        ("user numbers", "userAssignment", "staff onboarding"),
        ("voice-app numbers", "voiceApplicationAssignment", "auto attendants, call queues, pop-up lines"),
    )
    if numbers is None:
        return [Finding("numbers", name, "not checked", "needs TeamsTelephoneNumber") for name, *_ in pools]
    findings = []
    for name, capability, use in pools:
        pool = [n for n in numbers if capability in n.capabilities]
        free = sum(1 for n in pool if n.assignment_status == "unassigned")
        fix = f"ask your operator to upload numbers with capability {capability} ({use})"
        if not pool:
            findings.append(Finding("numbers", name, "missing", f"no numbers for {use}", fix))
        elif free == 0:
            findings.append(Finding("numbers", name, "warning", f"all {len(pool)} in use", fix))
        else:
            findings.append(Finding("numbers", name, "ok", f"{free} of {len(pool)} free"))
    return findings


def evaluate(obs: Observations) -> list[Finding]:
    """Every finding, in the order an admin would fix them: sign-in, permissions, licences, numbers, PowerShell."""
    if obs.sign_in_error is not None:
        fix = "check SWITCHBOARD_TENANT_ID, SWITCHBOARD_CLIENT_ID and the certificate (docs/deploy.md)"
        return [Finding("credentials", "Graph sign-in", "missing", obs.sign_in_error, fix)]
    findings = [Finding("credentials", "Graph sign-in", "ok", "token issued")]
    findings += [permission_finding(req, obs) for req in REQUIREMENTS]
    findings += licence_findings(obs.skus)
    findings += number_findings(obs.numbers)
    if obs.powershell is not None:
        findings.append(obs.powershell)
    return findings


def exit_code(findings: list[Finding]) -> int:
    return 1 if any(f.status in FAILING for f in findings) else 0
