"""The remaining cmdlets: Import-CsOnlineAudioFile, Get-CsAutoAttendantSupportedLanguage/TimeZone,
Get-CsOnlineLisLocation / Get-CsOnlineLisCivicAddress, Get/Set-CsUserCallingSettings, Connect-MicrosoftTeams.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.state import EmergencyLocation
from sandbox.teams import catalog
from sandbox.teams.context import Ctx
from sandbox.teams.errors import bad_request, not_found
from sandbox.teams.ids import new_id

E164 = re.compile(r"\+[1-9][0-9]{7,14}")
AUDIO_EXTENSIONS = (".wav", ".wma", ".mp3")
MAX_AUDIO_BYTES = 5 * 1024 * 1024  # voice-apps.md §1.5


def import_audio(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    cmdlet = "Import-CsOnlineAudioFile"
    name = params["FileName"]
    if not name.lower().endswith(AUDIO_EXTENSIONS):
        raise bad_request(cmdlet, f"{name}: only WAV, WMA and MP3 files are supported.")
    content = params["Content"] or []
    if not content:
        raise bad_request(cmdlet, f"{name}: the file is empty.")
    if len(content) > MAX_AUDIO_BYTES:
        raise bad_request(cmdlet, f"{name}: audio files are limited to 5 MB.")
    audio = {
        "Id": new_id().replace("-", ""),
        "FileName": name,
        "ApplicationId": params["ApplicationId"],
        "MarkedForDeletion": False,
        "DownloadUri": None,
    }
    ctx.teams.audioFiles[audio["Id"]] = audio
    return audio


def supported_languages(ctx: Ctx, params: dict[str, Any]) -> Any:
    if params.get("Identity"):
        found = catalog.language(params["Identity"])
        if found is None:
            raise not_found(
                "Get-CsAutoAttendantSupportedLanguage", f"Language '{params['Identity']}' is not supported."
            )
        return found
    return catalog.languages()


def supported_time_zones(ctx: Ctx, params: dict[str, Any]) -> Any:
    if params.get("Identity"):
        found = catalog.time_zone(params["Identity"])
        if found is None:
            raise not_found(
                "Get-CsAutoAttendantSupportedTimeZone", f"Time zone '{params['Identity']}' is not supported."
            )
        return found
    return catalog.time_zones()


def _location_json(ctx: Ctx, loc: EmergencyLocation) -> dict[str, Any]:
    numbers = [n for n in ctx.tenant.numbers.values() if n.locationId == loc.locationId]
    return {
        "LocationId": loc.locationId,
        "CivicAddressId": loc.civicAddressId,
        "Description": loc.description,
        "Location": loc.description.split(",")[0],
        "CompanyName": ctx.tenant.displayName,
        "City": loc.city,
        "StateOrProvince": "FL",
        "CountryOrRegion": "US",
        "ValidationStatus": "Validated",
        "NumberOfTelephoneNumbers": len(numbers),
        "NumberOfVoiceUsers": len(
            {n.assignmentTargetId for n in numbers if n.assignmentStatus == "userAssigned"}
        ),
    }


def lis_locations(ctx: Ctx, params: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [_location_json(ctx, loc) for loc in ctx.tenant.emergencyLocations]
    for param in ("LocationId", "CivicAddressId", "City", "Description", "Location", "CountryOrRegion"):
        if params.get(param):
            rows = [r for r in rows if str(r[param]).lower() == str(params[param]).lower()]
    skip = params.get("NumberOfResultsToSkip") or 0
    return rows[skip : skip + (params.get("ResultSize") or len(rows))]


def _settings(ctx: Ctx, cmdlet: str, identity: str) -> tuple[str, dict[str, Any]]:
    user = ctx.teams_user(cmdlet, identity)
    default = {
        "SipUri": f"sip:{user.userPrincipalName}",
        "IsForwardingEnabled": False,
        "ForwardingType": None,
        "ForwardingTarget": None,
        "ForwardingTargetType": None,
        "IsUnansweredEnabled": True,
        "UnansweredTarget": None,
        "UnansweredTargetType": "Voicemail",
        "UnansweredDelay": "00:00:20",
        "Delegates": [],
        "Delegators": [],
        "CallGroupOrder": "Simultaneous",
        "CallGroupTargets": [],
        "GroupMembershipDetails": [],
        "GroupNotificationOverride": "Ring",
        "BusyOnBusyOption": "RingUser",
    }
    return user.id, ctx.teams.callingSettings.setdefault(user.id, default)


def get_calling_settings(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    return dict(_settings(ctx, "Get-CsUserCallingSettings", params["Identity"])[1])


def set_calling_settings(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    cmdlet = "Set-CsUserCallingSettings"
    _, settings = _settings(ctx, cmdlet, params["Identity"])
    changed = {k: v for k, v in params.items() if k not in {"Identity", "HttpPipelinePrepend"}}
    for prefix in ("Forwarding", "Unanswered"):
        kind = changed.get(f"{prefix}TargetType", settings.get(f"{prefix}TargetType"))
        target = changed.get(f"{prefix}Target", settings.get(f"{prefix}Target"))
        if f"{prefix}TargetType" in changed and kind == "SingleTarget" and not target:
            raise bad_request(cmdlet, f"{prefix}Target is required when {prefix}TargetType is SingleTarget.")
        if f"{prefix}Target" in changed and kind == "SingleTarget" and not _single_target(ctx, target):
            # The cmdlet reference: a SingleTarget is a phone number (E.164) or a user (SIP address/UPN).
            raise bad_request(cmdlet, f"{prefix}Target '{target}' is not a phone number or a known user.")
    settings.update(changed)
    return dict(settings)


def _single_target(ctx: Ctx, target: Any) -> bool:
    value = str(target or "").removeprefix("tel:").removeprefix("sip:")
    if E164.fullmatch(value):
        return True
    user = ctx.user(value)
    return user is not None and ctx.visible(user)


def connect(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "Account": params.get("ApplicationId"),
        "Environment": "AzureCloud",
        "Tenant": ctx.tenant.tenantId,
    }
