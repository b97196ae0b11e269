"""The client-side builder cmdlets: New-CsAutoAttendant{Prompt,CallableEntity,MenuOption,Menu,CallFlow,
CallHandlingAssociation,DialScope}, New-CsOnlineTimeRange and New-CsOnlineDateTimeRange.

They make objects locally (no REST call), so their refusals carry no status. Outputs are the objects as
`ConvertTo-Json -Depth 10 -EnumsAsStrings` prints them: PascalCase, TimeSpan as .NET's own fields.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sandbox.teams.errors import local_error
from sandbox.teams.ids import new_id

Params = dict[str, Any]
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
TEL = re.compile(r"^tel:\+\d{7,15}$")
PRIORITY_TYPES = {"ApplicationEndpoint", "ConfigurationEndpoint"}
TICKS_PER_SECOND = 10_000_000


def timespan_json(seconds: int) -> dict[str, Any]:
    """A System.TimeSpan as PowerShell 7.4 (.NET 8) ConvertTo-Json prints it."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return {
        "Ticks": seconds * TICKS_PER_SECOND,
        "Days": days,
        "Hours": hours,
        "Milliseconds": 0,
        "Microseconds": 0,
        "Nanoseconds": 0,
        "Minutes": minutes,
        "Seconds": secs,
        "TotalDays": seconds / 86400,
        "TotalHours": seconds / 3600,
        "TotalMilliseconds": float(seconds * 1000),
        "TotalMicroseconds": float(seconds * 1_000_000),
        "TotalNanoseconds": float(seconds * 1_000_000_000),
        "TotalMinutes": seconds / 60,
        "TotalSeconds": float(seconds),
    }


def timespan_seconds(value: Any) -> int | None:
    """Seconds of a TimeSpan given as "HH:MM[:SS]", "1.00:00[:00]" or the JSON object above."""
    if isinstance(value, dict) and isinstance(value.get("Ticks"), int):
        return int(value["Ticks"]) // TICKS_PER_SECOND
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2}))?", value.strip())
    if not match:
        return None
    days, hours, minutes, secs = (int(g) if g else 0 for g in match.groups())
    if hours > 23 or minutes > 59 or secs > 59:
        return None
    return days * 86400 + hours * 3600 + minutes * 60 + secs


def new_prompt(params: Params) -> dict[str, Any]:
    tts, audio = params.get("TextToSpeechPrompt"), params.get("AudioFilePrompt")
    active = params.get("ActiveType") or ("AudioFile" if audio is not None else "TextToSpeech")
    if tts is not None and len(tts) > 1000:
        raise local_error("New-CsAutoAttendantPrompt", "TextToSpeechPrompt is limited to 1000 characters.")
    if active == "AudioFile" and not isinstance(audio, dict):
        raise local_error("New-CsAutoAttendantPrompt", "AudioFilePrompt must be an audio file object.")
    return {"ActiveType": active, "TextToSpeechPrompt": tts, "AudioFilePrompt": audio}


def new_callable_entity(params: Params) -> dict[str, Any]:
    cmdlet = "New-CsAutoAttendantCallableEntity"
    identity, kind = params["Identity"], params["Type"]
    if kind == "ExternalPstn":
        if not TEL.match(identity):
            raise local_error(
                cmdlet, f"Identity '{identity}' is not a tel: URI in E.164 form (tel:+14255550100)."
            )
    elif not GUID.match(identity):
        raise local_error(cmdlet, f"Identity '{identity}' is not an object id (GUID) for type {kind}.")
    if params.get("EnableTranscription") and kind != "SharedVoicemail":
        raise local_error(cmdlet, "EnableTranscription is only supported for SharedVoicemail targets.")
    if "CallPriority" in params and kind not in PRIORITY_TYPES:
        raise local_error(
            cmdlet, "CallPriority is only supported for ApplicationEndpoint and ConfigurationEndpoint."
        )
    return {
        "Id": identity.lower() if GUID.match(identity) else identity,
        "Type": kind,
        "EnableTranscription": bool(params.get("EnableTranscription", False)),
        "EnableSharedVoicemailSystemPromptSuppression": bool(
            params.get("EnableSharedVoicemailSystemPromptSuppression", False)
        ),
        "CallPriority": int(params.get("CallPriority", 3)) if kind in PRIORITY_TYPES else 0,
    }


def new_menu_option(params: Params) -> dict[str, Any]:
    cmdlet = "New-CsAutoAttendantMenuOption"
    action = params["Action"]
    voice = list(params.get("VoiceResponses") or [])
    if action == "TransferCallToTarget" and not isinstance(params.get("CallTarget"), dict):
        raise local_error(cmdlet, "CallTarget is required when Action is TransferCallToTarget.")
    if action == "Announcement" and not isinstance(params.get("Prompt"), dict):
        raise local_error(cmdlet, "Prompt is required when Action is Announcement.")
    if len(voice) > 1:
        raise local_error(cmdlet, "At most one voice response can be specified per menu option.")
    if any(len(str(v)) > 64 for v in voice):
        raise local_error(cmdlet, "A voice response is limited to 64 characters.")
    if not params.get("DtmfResponse") and not voice:
        raise local_error(cmdlet, "A menu option needs a DtmfResponse or a voice response.")
    return {
        "Action": action,
        "DtmfResponse": params.get("DtmfResponse"),
        "VoiceResponses": voice,
        "CallTarget": params.get("CallTarget") if action == "TransferCallToTarget" else None,
        "Prompt": params.get("Prompt"),
        "Description": params.get("Description"),
    }


def duplicate_keys(options: list[dict[str, Any]]) -> list[str]:
    seen: set[str] = set()
    duplicates = []
    for option in options:
        key = option.get("DtmfResponse")
        if key is None:
            continue
        if key in seen:
            duplicates.append(str(key))
        seen.add(key)
    return duplicates


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def new_menu(params: Params) -> dict[str, Any]:
    options = as_list(params.get("MenuOptions"))
    duplicates = duplicate_keys(options)
    if duplicates:
        raise local_error(
            "New-CsAutoAttendantMenu", f"Menu options must have unique DTMF responses: {duplicates[0]}."
        )
    dial_by_name = bool(params.get("EnableDialByName", False))
    method = params.get("DirectorySearchMethod") or ("ByName" if dial_by_name else "None")
    return {
        "Name": params["Name"],
        "Prompts": as_list(params.get("Prompts")),
        "MenuOptions": options,
        "DialByNameEnabled": dial_by_name,
        "DirectorySearchMethod": method,
    }


def new_call_flow(params: Params) -> dict[str, Any]:
    return {
        "Id": new_id(),
        "Name": params["Name"],
        "Greetings": as_list(params.get("Greetings")),
        "Menu": params["Menu"],
        "ForceListenMenuEnabled": bool(params.get("ForceListenMenuEnabled", False)),
    }


def new_call_handling_association(params: Params) -> dict[str, Any]:
    if params.get("Disable") and params["Type"] != "AfterHours":
        raise local_error(
            "New-CsAutoAttendantCallHandlingAssociation",
            "Only an AfterHours association can be created disabled.",
        )
    return {
        "Type": params["Type"],
        "ScheduleId": params["ScheduleId"],
        "CallFlowId": params["CallFlowId"],
        "Enabled": not params.get("Disable", False),
        "Priority": 0,  # set by the auto attendant, in list order
    }


def new_dial_scope(params: Params) -> dict[str, Any]:
    return {"Type": "Group", "GroupScope": {"GroupIds": [str(g) for g in params["GroupIds"]]}}


def new_time_range(params: Params) -> dict[str, Any]:
    cmdlet = "New-CsOnlineTimeRange"
    start, end = timespan_seconds(params["Start"]), timespan_seconds(params["End"])
    if start is None or end is None:
        raise local_error(cmdlet, "Start and End must be times of day such as 09:00 or 1.00:00 (midnight).")
    if start >= end or end > 86400:
        raise local_error(cmdlet, "The start of a time range must be earlier than its end, within one day.")
    if start % 900 or end % 900:
        raise local_error(cmdlet, "Time ranges must start and end on 15-minute boundaries.")
    return {"Start": timespan_json(start), "End": timespan_json(end)}


def parse_date_time(text: str) -> dt.datetime | None:
    """`d/m/yyyy` or `d/m/yyyy H:mm` (New-CsOnlineDateTimeRange), or ISO as ConvertTo-Json prints it."""
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return dt.datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
    return None


def new_date_time_range(params: Params) -> dict[str, Any]:
    cmdlet = "New-CsOnlineDateTimeRange"
    start = parse_date_time(params["Start"])
    end = parse_date_time(params["End"]) if params.get("End") else None
    if start is None or (params.get("End") and end is None):
        raise local_error(cmdlet, "Dates must be in the form d/m/yyyy or d/m/yyyy H:mm.")
    if end is None:
        end = dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time())
    if start.minute % 30 or end.minute % 30 or start.second or end.second:
        raise local_error(cmdlet, "Date-time ranges must start and end on 30- or 60-minute boundaries.")
    if start >= end:
        raise local_error(cmdlet, "The start of a date-time range must be earlier than its end.")
    return {"Start": start.isoformat(), "End": end.isoformat()}
