"""Voice apps as a domain model (auto attendants, call queues, schedules, resource accounts) and the
read-only views on it: list/show, check, call-flow diagrams and the call tracer."""

from provisioning.voiceapps.from_wire import Directory, voice_apps_from_wire
from provisioning.voiceapps.model import (
    Agent,
    AutoAttendant,
    CallFlow,
    CallQueue,
    DateTimeRange,
    DialScope,
    Handling,
    Menu,
    MenuOption,
    Person,
    Prompt,
    QueueException,
    ResourceAccount,
    Schedule,
    Target,
    TimeRange,
    VoiceApps,
)
from provisioning.voiceapps.schedules import active_period, is_active, zone
from provisioning.voiceapps.trace import Contingency, Destination, Hop, Trace, TraceError, trace
from provisioning.voiceapps.wire_values import WireError

__all__ = [
    "Agent",
    "AutoAttendant",
    "CallFlow",
    "CallQueue",
    "Contingency",
    "DateTimeRange",
    "Destination",
    "DialScope",
    "Directory",
    "Handling",
    "Hop",
    "Menu",
    "MenuOption",
    "Person",
    "Prompt",
    "QueueException",
    "ResourceAccount",
    "Schedule",
    "Target",
    "TimeRange",
    "Trace",
    "TraceError",
    "VoiceApps",
    "WireError",
    "active_period",
    "is_active",
    "trace",
    "voice_apps_from_wire",
    "zone",
]
