"""Pop-up public lines (issue 12): a store-backed source of desired voice apps opened, changed and
closed through the engine, so every step is journalled, audited and resumable."""

from provisioning.popup.build import MAX_DIRECT_AGENTS, AddedOption, LineObjects, build_line
from provisioning.popup.engine import Converged, VoiceEngine
from provisioning.popup.lines import (
    Expiry,
    PopupClosed,
    PopupIncomplete,
    PopupLine,
    PopupOpened,
    PopupSources,
)
from provisioning.popup.queries import expiry_warnings, merge_sources, sources, voice_extra
from provisioning.popup.request import PopupRequest, check_request, parse_agent, parse_hours
from provisioning.popup.service import PopupService

__all__ = [
    "MAX_DIRECT_AGENTS",
    "AddedOption",
    "Converged",
    "Expiry",
    "LineObjects",
    "PopupClosed",
    "PopupIncomplete",
    "PopupLine",
    "PopupOpened",
    "PopupRequest",
    "PopupService",
    "PopupSources",
    "VoiceEngine",
    "build_line",
    "check_request",
    "expiry_warnings",
    "merge_sources",
    "parse_agent",
    "parse_hours",
    "sources",
    "voice_extra",
]
