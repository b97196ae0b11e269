"""Voice apps as a domain model (auto attendants, call queues, schedules, resource accounts) and the
read-only views on it: list/show, check, call-flow diagrams and the call tracer."""

from provisioning.voiceapps.check import check
from provisioning.voiceapps.flow_image import render_image
from provisioning.voiceapps.flows import (
    FlowError,
    entry_points,
    find_app,
    flow_graph,
    reachable,
    render_mermaid,
    render_text,
)
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
from provisioning.voiceapps.reader import read_voice_apps, teams_admin_source
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
    "FlowError",
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
    "check",
    "entry_points",
    "find_app",
    "flow_graph",
    "is_active",
    "reachable",
    "read_voice_apps",
    "render_image",
    "render_mermaid",
    "render_text",
    "teams_admin_source",
    "trace",
    "voice_apps_from_wire",
    "zone",
]
