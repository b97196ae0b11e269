"""Which object each cmdlet returns and which object each object-typed parameter takes.

The docs type these parameters as `Object` (or a model class), so the contract alone cannot tell a
Prompt from a Menu; this table lets the check refuse `-Menu $prompt` before anything is sent.
"""

from __future__ import annotations

PRODUCES: dict[str, str] = {
    "New-CsAutoAttendantPrompt": "Prompt",
    "New-CsAutoAttendantCallableEntity": "CallableEntity",
    "New-CsAutoAttendantMenuOption": "MenuOption",
    "New-CsAutoAttendantMenu": "Menu",
    "New-CsAutoAttendantCallFlow": "CallFlow",
    "New-CsAutoAttendantCallHandlingAssociation": "CallHandlingAssociation",
    "New-CsAutoAttendantDialScope": "DialScope",
    "New-CsOnlineTimeRange": "TimeRange",
    "New-CsOnlineDateTimeRange": "DateTimeRange",
    "New-CsOnlineSchedule": "Schedule",
    "Get-CsOnlineSchedule": "Schedule",
    "New-CsAutoAttendant": "AutoAttendant",
    "Get-CsAutoAttendant": "AutoAttendant",
    "New-CsCallQueue": "CallQueue",
    "Get-CsCallQueue": "CallQueue",
    "New-CsOnlineApplicationInstance": "ApplicationInstance",
    "Get-CsOnlineApplicationInstance": "ApplicationInstance",
    "Import-CsOnlineAudioFile": "AudioFile",
}

# (cmdlet, parameter) -> the kind of object it takes (for lists: the kind of each item).
EXPECTS: dict[tuple[str, str], str] = {
    ("New-CsAutoAttendantPrompt", "AudioFilePrompt"): "AudioFile",
    ("New-CsAutoAttendantMenuOption", "CallTarget"): "CallableEntity",
    ("New-CsAutoAttendantMenuOption", "Prompt"): "Prompt",
    ("New-CsAutoAttendantMenu", "MenuOptions"): "MenuOption",
    ("New-CsAutoAttendantMenu", "Prompts"): "Prompt",
    ("New-CsAutoAttendantCallFlow", "Menu"): "Menu",
    ("New-CsAutoAttendantCallFlow", "Greetings"): "Prompt",
    ("New-CsAutoAttendant", "DefaultCallFlow"): "CallFlow",
    ("New-CsAutoAttendant", "CallFlows"): "CallFlow",
    ("New-CsAutoAttendant", "CallHandlingAssociations"): "CallHandlingAssociation",
    ("New-CsAutoAttendant", "Operator"): "CallableEntity",
    ("New-CsAutoAttendant", "InclusionScope"): "DialScope",
    ("New-CsAutoAttendant", "ExclusionScope"): "DialScope",
    ("Set-CsAutoAttendant", "Instance"): "AutoAttendant",
    ("Set-CsOnlineSchedule", "Instance"): "Schedule",
    ("New-CsOnlineSchedule", "DateTimeRanges"): "DateTimeRange",
    **{
        ("New-CsOnlineSchedule", f"{day}Hours"): "TimeRange"
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    },
}

# List parameters whose items are object ids (the docs type them only as `List`).
GUID_LISTS: frozenset[str] = frozenset(
    {
        "Users",
        "User",
        "DistributionLists",
        "AuthorizedUsers",
        "HideAuthorizedUsers",
        "OboResourceAccountIds",
        "GroupIds",
    }
)
