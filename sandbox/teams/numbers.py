"""Set/Remove/Get-CsPhoneNumberAssignment over the same numbers Graph's numberAssignments serves.

Rules: the number is the tenant's and of the given NumberType; the target is visible to Teams, has a
usage location and the right licence (Teams Phone Resource Account for an RA, Teams Phone for a user); an
RA takes only voice-app-capable numbers and a user only user-capable ones; one primary number each.
"""

from __future__ import annotations

from typing import Any

from sandbox.state import NumberAssignment, User
from sandbox.teams.context import Ctx, ra_licensed, voice_licensed
from sandbox.teams.errors import bad_request, conflict, not_found
from sandbox.teams.filters import matches

TYPE_NAMES = {
    "directRouting": "DirectRouting",
    "callingPlan": "CallingPlan",
    "operatorConnect": "OperatorConnect",
}
CAPABILITY_NAMES = {
    "userAssignment": "UserAssignment",
    "voiceApplicationAssignment": "VoiceApplicationAssignment",
    "conferenceAssignment": "ConferenceAssignment",
    "teamsPhoneMobile": "TeamsPhoneMobile",
}
MAX_TOP = 1000


def _pascal(value: str | None) -> str | None:
    return value[:1].upper() + value[1:] if value else value


def number_json(ctx: Ctx, number: NumberAssignment) -> dict[str, Any]:
    return {
        "TelephoneNumber": number.telephoneNumber,
        "OperatorId": number.operatorId,
        "NumberType": TYPE_NAMES.get(number.numberType, number.numberType),
        "ActivationState": _pascal(number.activationState),
        "AssignedPstnTargetId": number.assignmentTargetId,
        "AssignmentCategory": _pascal(number.assignmentCategory),
        "Capability": [CAPABILITY_NAMES.get(c, c) for c in number.capabilities],
        "City": number.city,
        "CivicAddressId": number.civicAddressId,
        "IsoCountryCode": number.isoCountryCode,
        "IsoSubdivision": None,
        "LocationId": number.locationId,
        "LocationUpdateSupported": True,
        "NetworkSiteId": number.networkSiteId,
        "PortInOrderStatus": number.portInStatus,
        "PstnAssignmentStatus": _pascal(number.assignmentStatus),
        "PstnPartnerId": number.operatorId,
        "PstnPartnerName": ctx.tenant.operators.get(number.operatorId or ""),
        "NumberSource": _pascal(number.numberSource),
        "ReverseNumberLookup": ["SkipInternalVoip" for o in number.reverseNumberLookupOptions if o],
        "Tag": [],
        "AssignmentBlockedState": None,
        "AssignmentBlockedUntil": None,
    }


def _number(ctx: Ctx, cmdlet: str, telephone: str, number_type: str | None) -> NumberAssignment:
    key = telephone.strip().removeprefix("tel:")
    number = ctx.tenant.numbers.get(key) or ctx.tenant.numbers.get(f"+{key.lstrip('+')}")
    if number is None:
        raise not_found(cmdlet, f"The telephone number {telephone} was not found in the tenant's inventory.")
    if number_type and TYPE_NAMES.get(number.numberType) != number_type:
        raise bad_request(
            cmdlet,
            f"{number.telephoneNumber} is a {TYPE_NAMES.get(number.numberType)} number, not {number_type}.",
        )
    return number


def _check_target(ctx: Ctx, cmdlet: str, user: User, number: NumberAssignment, category: str) -> None:
    is_ra = ctx.instance(user) is not None
    capability = "voiceApplicationAssignment" if is_ra else "userAssignment"
    if capability not in number.capabilities:
        kind = "a resource account" if is_ra else "a user"
        raise bad_request(
            cmdlet,
            f"{number.telephoneNumber} does not support assignment to {kind} ({CAPABILITY_NAMES[capability]}).",
        )
    if not user.usageLocation:
        raise bad_request(
            cmdlet, f"{user.userPrincipalName} has no usage location; set it before assigning a number."
        )
    if is_ra and not ra_licensed(user):
        raise bad_request(
            cmdlet, f"{user.userPrincipalName} has no Microsoft Teams Phone Resource Account licence."
        )
    if not is_ra and not voice_licensed(user):
        raise bad_request(cmdlet, f"{user.userPrincipalName} has no Teams Phone licence.")
    if number.assignmentTargetId not in (None, user.id):
        raise conflict(
            cmdlet, f"{number.telephoneNumber} is already assigned to another user or resource account."
        )
    others = [
        n
        for n in ctx.tenant.numbers.values()
        if n.assignmentTargetId == user.id and n is not number and (is_ra or n.assignmentCategory == category)
    ]
    if others:
        raise bad_request(
            cmdlet, f"{user.userPrincipalName} already has the number {others[0].telephoneNumber}."
        )


def set_assignment(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Set-CsPhoneNumberAssignment"
    if "EnterpriseVoiceEnabled" in params:
        ctx.teams.enterpriseVoice[ctx.teams_user(cmdlet, params["Identity"]).id] = params[
            "EnterpriseVoiceEnabled"
        ]
        return None
    number = _number(ctx, cmdlet, params["TelephoneNumber"], params.get("NumberType"))
    location = params.get("LocationId")
    if location and location not in {loc.locationId for loc in ctx.tenant.emergencyLocations}:
        raise bad_request(cmdlet, f"The emergency location {location} does not exist.")
    if "Identity" in params:
        user = ctx.teams_user(cmdlet, params["Identity"])
        category = str(params.get("AssignmentCategory") or "Primary").lower()
        _check_target(ctx, cmdlet, user, number, category)
        number.assignmentStatus = "voiceApplicationAssigned" if ctx.instance(user) else "userAssigned"
        number.assignmentTargetId = user.id
        number.assignmentCategory = category
        number.activationState = "activated"
        ctx.teams.enterpriseVoice[user.id] = True
    if location:
        number.locationId = location
    if params.get("NetworkSiteId"):
        number.networkSiteId = params["NetworkSiteId"]
    if "ReverseNumberLookup" in params:
        number.reverseNumberLookupOptions = ["skipInternalVoip"] if params["ReverseNumberLookup"] else []
    return None  # the cmdlet writes nothing on success


def remove_assignment(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Remove-CsPhoneNumberAssignment"
    user = ctx.teams_user(cmdlet, params["Identity"])
    if params.get("RemoveAll"):
        numbers = [n for n in ctx.tenant.numbers.values() if n.assignmentTargetId == user.id]
    else:
        number = _number(ctx, cmdlet, params["TelephoneNumber"], params.get("NumberType"))
        if number.assignmentTargetId != user.id:
            raise bad_request(
                cmdlet, f"{number.telephoneNumber} is not assigned to {user.userPrincipalName}."
            )
        numbers = [number]
    for number in numbers:
        number.assignmentStatus = "unassigned"
        number.assignmentTargetId = None
        number.assignmentCategory = None
        number.locationId = None
    ctx.teams.enterpriseVoice[user.id] = False
    return None


def get_assignment(ctx: Ctx, params: dict[str, Any]) -> list[dict[str, Any]]:
    cmdlet = "Get-CsPhoneNumberAssignment"
    top = params.get("Top") or 500
    if top > MAX_TOP:
        raise bad_request(cmdlet, f"Top can be at most {MAX_TOP}.")
    rows = [number_json(ctx, n) for n in sorted(ctx.tenant.numbers.values(), key=lambda n: n.telephoneNumber)]
    target = params.get("AssignedPstnTargetId")
    if target:
        user = ctx.user(target)
        rows = [r for r in rows if user is not None and r["AssignedPstnTargetId"] == user.id]
    exact = {
        "TelephoneNumber": "TelephoneNumber",
        "NumberType": "NumberType",
        "ActivationState": "ActivationState",
        "PstnAssignmentStatus": "PstnAssignmentStatus",
        "AssignmentCategory": "AssignmentCategory",
        "LocationId": "LocationId",
        "CivicAddressId": "CivicAddressId",
        "NetworkSiteId": "NetworkSiteId",
        "IsoCountryCode": "IsoCountryCode",
    }
    for param, prop in exact.items():
        if params.get(param):
            rows = [r for r in rows if str(r[prop] or "").lower() == str(params[param]).lower()]
    if params.get("CapabilitiesContain"):
        needed = {c.strip() for c in params["CapabilitiesContain"].split(",")}
        rows = [r for r in rows if needed <= set(r["Capability"])]
    for param, test in (
        ("TelephoneNumberStartsWith", str.startswith),
        ("TelephoneNumberContain", str.__contains__),
        ("TelephoneNumberGreaterThan", str.__gt__),
        ("TelephoneNumberLessThan", str.__lt__),
    ):
        if params.get(param):
            rows = [r for r in rows if test(r["TelephoneNumber"], params[param])]
    if params.get("Filter"):
        rows = [r for r in rows if matches(cmdlet, params["Filter"], r)]
    skip = params.get("Skip") or 0
    return rows[skip : skip + top]
