"""The resource-kind registry, wire half: kind → applier, observer and order wait. Its keys are
resources.KINDS' keys (tests/test_architecture.py checks that the two tables agree)."""

from __future__ import annotations

from provisioning.remote import (
    auto_attendant,
    emergency_location,
    licence,
    number,
    schedule,
    usage_location,
)
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, WriteUnknown

REMOTES: dict[str, RemoteKind] = {
    remote.name: remote
    for remote in (
        usage_location.REMOTE,
        licence.REMOTE,
        number.REMOTE,
        emergency_location.REMOTE,
        schedule.REMOTE,
        auto_attendant.REMOTE,
    )
}
# `plan --show-powershell`: the cmdlets a voice-app action runs, by kind.
SCRIPTS = {"schedule": schedule.script, "auto_attendant": auto_attendant.script}

__all__ = ["REMOTES", "SCRIPTS", "RemoteKind", "Submitted", "Wire", "WriteFailed", "WriteUnknown"]
