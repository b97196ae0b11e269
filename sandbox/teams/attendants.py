"""New/Set/Get/Remove-CsAutoAttendant: Set takes the whole object (-Instance), as the module does.

Rules: supported LanguageId, VoiceId and TimeZoneId; unique DTMF keys per menu; every transfer target and
the operator exist; associations use existing schedules and call flows of this AA, Holiday only with fixed
schedules, one AfterHours, at most 20 holiday sets, only AfterHours disabled; an AA with an associated
resource account or that another voice app sends calls to cannot be removed.
"""

from __future__ import annotations

from typing import Any

from sandbox.teams.builders import as_list, duplicate_keys
from sandbox.teams.catalog import language, time_zone
from sandbox.teams.context import Ctx
from sandbox.teams.errors import bad_request, not_found
from sandbox.teams.ids import new_id
from sandbox.teams.schedules import schedule_json
from sandbox.teams.targets import check_entity, references

MAX_HOLIDAY_SETS = 20
SETTABLE = (
    "Name",
    "LanguageId",
    "VoiceId",
    "TimeZoneId",
    "DefaultCallFlow",
    "CallFlows",
    "CallHandlingAssociations",
    "Operator",
    "VoiceResponseEnabled",
    "DirectoryLookupScope",
    "AuthorizedUsers",
    "HideAuthorizedUsers",
    "UserNameExtension",
)


def attendant_json(ctx: Ctx, aa: dict[str, Any]) -> dict[str, Any]:
    used = {a.get("ScheduleId") for a in aa.get("CallHandlingAssociations") or []}
    schedules = [schedule_json(ctx, s) for s in ctx.teams.schedules.values() if s["Id"] in used]
    instances = sorted(a.objectId for a in ctx.teams.associations.values() if a.configurationId == aa["Id"])
    return {**aa, "Schedules": schedules, "ApplicationInstances": instances}


def _check_flow(ctx: Ctx, cmdlet: str, flow: Any, has_operator: bool) -> None:
    if not isinstance(flow, dict) or not isinstance(flow.get("Menu"), dict):
        raise bad_request(cmdlet, "A call flow (New-CsAutoAttendantCallFlow) with a menu is required.")
    name = flow.get("Name")
    options = as_list(flow["Menu"].get("MenuOptions"))
    duplicates = duplicate_keys(options)
    if duplicates:
        raise bad_request(
            cmdlet, f"Call flow '{name}': DTMF key {duplicates[0]} is used by more than one option."
        )
    for option in options:
        if option.get("Action") == "TransferCallToTarget":
            check_entity(
                ctx,
                cmdlet,
                option.get("CallTarget"),
                f"Call flow '{name}' option {option.get('DtmfResponse')}",
            )
        if option.get("Action") == "TransferCallToOperator" and not has_operator:
            raise bad_request(
                cmdlet, f"Call flow '{name}' transfers to the operator, but no operator is set."
            )


def _check_associations(ctx: Ctx, cmdlet: str, aa: dict[str, Any]) -> None:
    flows = {f.get("Id") for f in aa["CallFlows"] if isinstance(f, dict)}
    after_hours = holidays = 0
    for priority, assoc in enumerate(aa["CallHandlingAssociations"], start=1):
        schedule = ctx.teams.schedules.get(str(assoc.get("ScheduleId")))
        if schedule is None:
            raise bad_request(
                cmdlet, f"Call handling association: schedule {assoc.get('ScheduleId')} was not found."
            )
        if assoc.get("CallFlowId") not in flows:
            raise bad_request(
                cmdlet, f"Call handling association: call flow {assoc.get('CallFlowId')} is not in CallFlows."
            )
        if assoc.get("Type") == "Holiday":
            holidays += 1
            if schedule["Type"] != "Fixed":
                raise bad_request(
                    cmdlet, f"Holiday association: schedule '{schedule['Name']}' is not a fixed schedule."
                )
            if not assoc.get("Enabled", True):
                raise bad_request(cmdlet, "Only an AfterHours call handling association can be disabled.")
        elif assoc.get("Type") == "AfterHours":
            after_hours += 1
        else:
            raise bad_request(
                cmdlet, f"Call handling association type {assoc.get('Type')} is not AfterHours or Holiday."
            )
        assoc["Priority"] = priority
    if after_hours > 1:
        raise bad_request(cmdlet, "An auto attendant can have only one AfterHours call handling association.")
    if holidays > MAX_HOLIDAY_SETS:
        raise bad_request(cmdlet, f"An auto attendant can have at most {MAX_HOLIDAY_SETS} holiday sets.")


def _check(ctx: Ctx, cmdlet: str, aa: dict[str, Any]) -> None:
    lang = language(str(aa["LanguageId"]))
    if lang is None:
        raise bad_request(cmdlet, f"LanguageId '{aa['LanguageId']}' is not a supported language.")
    aa["LanguageId"] = lang["Id"]
    voices = [v["Id"] for v in lang["Voices"]]
    aa["VoiceId"] = aa.get("VoiceId") or voices[0]
    if aa["VoiceId"] not in voices:
        raise bad_request(
            cmdlet, f"VoiceId '{aa['VoiceId']}' is not a voice of {lang['Id']} ({', '.join(voices)})."
        )
    if aa.get("VoiceResponseEnabled") and not lang["VoiceResponseSupported"]:
        raise bad_request(cmdlet, f"Voice response is not supported for {lang['Id']}.")
    zone = time_zone(str(aa["TimeZoneId"]))
    if zone is None:
        raise bad_request(cmdlet, f"TimeZoneId '{aa['TimeZoneId']}' is not a supported time zone.")
    aa["TimeZoneId"] = zone["Id"]
    if aa.get("Operator") is not None:
        check_entity(ctx, cmdlet, aa["Operator"], "Operator")
    has_operator = aa.get("Operator") is not None
    _check_flow(ctx, cmdlet, aa["DefaultCallFlow"], has_operator)
    for flow in aa["CallFlows"]:
        _check_flow(ctx, cmdlet, flow, has_operator)
    _check_associations(ctx, cmdlet, aa)
    scope = aa.get("DirectoryLookupScope") or {}
    for side in ("InclusionScope", "ExclusionScope"):
        for group_id in ((scope.get(side) or {}).get("GroupScope") or {}).get("GroupIds") or []:
            if not ctx.group_exists(group_id):
                raise bad_request(cmdlet, f"{side}: group {group_id} was not found.")
    for user_id in [*aa["AuthorizedUsers"], *aa["HideAuthorizedUsers"]]:
        if ctx.user(user_id) is None:
            raise bad_request(cmdlet, f"AuthorizedUsers: {user_id} is not a user in this tenant.")


def new_attendant(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    aa: dict[str, Any] = {
        "Id": new_id(),
        "TenantId": ctx.tenant.tenantId,
        "Name": params["Name"],
        "LanguageId": params["LanguageId"],
        "VoiceId": params.get("VoiceId"),
        "DefaultCallFlow": params["DefaultCallFlow"],
        "Operator": params.get("Operator"),
        "TimeZoneId": params["TimeZoneId"],
        "VoiceResponseEnabled": bool(params.get("EnableVoiceResponse", False)),
        "CallFlows": as_list(params.get("CallFlows")),
        "CallHandlingAssociations": as_list(params.get("CallHandlingAssociations")),
        "Status": None,
        "DialByNameResourceId": new_id(),
        "DirectoryLookupScope": {
            "InclusionScope": params.get("InclusionScope"),
            "ExclusionScope": params.get("ExclusionScope"),
        },
        "AuthorizedUsers": [str(u) for u in as_list(params.get("AuthorizedUsers"))],
        "HideAuthorizedUsers": [str(u) for u in as_list(params.get("HideAuthorizedUsers"))],
        "UserNameExtension": params.get("UserNameExtension") or "None",
    }
    _check(ctx, "New-CsAutoAttendant", aa)
    ctx.teams.autoAttendants[aa["Id"]] = aa
    return attendant_json(ctx, aa)


def set_attendant(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Set-CsAutoAttendant"
    instance = params["Instance"]
    if not isinstance(instance, dict) or not isinstance(instance.get("Id"), str):
        raise bad_request(cmdlet, "Instance must be an auto attendant object (Get-CsAutoAttendant).")
    current = ctx.teams.autoAttendants.get(instance["Id"])
    if current is None:
        raise not_found(cmdlet, f"Auto attendant '{instance['Id']}' was not found.")
    # quirk: Schedules and ApplicationInstances are read-only views; editing them has no effect
    # (office-docs-powershell issue #11367).
    updated = {**current, **{k: instance[k] for k in SETTABLE if k in instance}}
    for key in ("CallFlows", "CallHandlingAssociations", "AuthorizedUsers", "HideAuthorizedUsers"):
        updated[key] = as_list(updated.get(key))
    _check(ctx, cmdlet, updated)
    ctx.teams.autoAttendants[current["Id"]] = updated
    return None


def get_attendant(ctx: Ctx, params: dict[str, Any]) -> Any:
    if "Identity" in params:
        aa = ctx.teams.autoAttendants.get(params["Identity"])
        if aa is None:
            raise not_found("Get-CsAutoAttendant", f"Auto attendant '{params['Identity']}' was not found.")
        return _shown(ctx, aa, params)
    items = list(ctx.teams.autoAttendants.values())
    if params.get("NameFilter"):
        needle = params["NameFilter"].lower()
        items = [a for a in items if needle in a["Name"].lower()]
    key = params.get("SortBy") or "Name"
    items.sort(key=lambda a: str(a.get(key) or "").lower(), reverse=bool(params.get("Descending")))
    skip, first = params.get("Skip") or 0, params.get("First") or 100
    return [_shown(ctx, aa, params) for aa in items[skip : skip + first]]


def _shown(ctx: Ctx, aa: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    full = attendant_json(ctx, aa)
    if params.get("ExcludeContent"):
        return {"Id": full["Id"], "Name": full["Name"], "ApplicationInstances": full["ApplicationInstances"]}
    if params.get("IncludeStatus"):
        full["Status"] = {"Status": "Successful", "StatusRecords": []}
    return full


def remove_attendant(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Remove-CsAutoAttendant"
    aa = ctx.teams.autoAttendants.get(params["Identity"])
    if aa is None:
        raise not_found(cmdlet, f"Auto attendant '{params['Identity']}' was not found.")
    associated = attendant_json(ctx, aa)["ApplicationInstances"]
    if associated:
        raise bad_request(
            cmdlet,
            f"Auto attendant '{aa['Name']}' still has resource account(s) {', '.join(associated)} associated; "
            "remove them with Remove-CsOnlineApplicationInstanceAssociation first.",
        )
    users = [
        str(obj.get("Name"))
        for obj in [*ctx.teams.autoAttendants.values(), *ctx.teams.callQueues.values()]
        if obj is not aa and references(obj, aa["Id"])
    ]
    if users:
        raise bad_request(
            cmdlet, f"Auto attendant '{aa['Name']}' is still a call target of {', '.join(users)}."
        )
    del ctx.teams.autoAttendants[aa["Id"]]
