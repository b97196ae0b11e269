"""The resource-kind registry, wire half: kind → applier, observer and order wait. Its keys are
resources.KINDS' keys (tests/test_architecture.py checks that the two tables agree)."""

from __future__ import annotations

from provisioning.remote import (
    association,
    auto_attendant,
    call_queue,
    emergency_location,
    licence,
    number,
    ra_licence,
    ra_number,
    resource_account,
    schedule,
    usage_location,
)
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, WriteUnknown, teams_outcomes
from provisioning.remote.voice_ids import VoiceIds, voice_ids

REMOTES: dict[str, RemoteKind] = {
    remote.name: remote
    for remote in (
        usage_location.REMOTE,
        licence.REMOTE,
        number.REMOTE,
        emergency_location.REMOTE,
        schedule.REMOTE,
        resource_account.REMOTE,
        ra_licence.REMOTE,
        ra_number.REMOTE,
        call_queue.REMOTE,
        auto_attendant.REMOTE,
        association.REMOTE,
    )
}

__all__ = [
    "REMOTES",
    "RemoteKind",
    "Submitted",
    "VoiceIds",
    "Wire",
    "WriteFailed",
    "WriteUnknown",
    "teams_outcomes",
    "voice_ids",
]
