"""`GET /_sandbox/teams`: the whole voice-app state, each object as the module prints it."""

from __future__ import annotations

import time
from typing import Any

from sandbox.state import TenantState
from sandbox.teams.accounts import association_json, instance_json
from sandbox.teams.attendants import attendant_json
from sandbox.teams.context import Ctx
from sandbox.teams.numbers import number_json
from sandbox.teams.queues import queue_json
from sandbox.teams.schedules import schedule_json


def teams_view(tenant: TenantState, now: float | None = None) -> dict[str, Any]:
    ctx = Ctx(tenant, time.time() if now is None else now)
    teams = tenant.teams
    instances = [tenant.users[i] for i in sorted(teams.applicationInstances) if i in tenant.users]
    return {
        "AutoAttendants": [attendant_json(ctx, a) for a in sorted(teams.autoAttendants.values(), key=_name)],
        "CallQueues": [queue_json(ctx, q) for q in sorted(teams.callQueues.values(), key=_name)],
        "Schedules": [schedule_json(ctx, s) for s in sorted(teams.schedules.values(), key=_name)],
        "ApplicationInstances": [instance_json(ctx, u) for u in instances],
        "Associations": [association_json(a) for _, a in sorted(teams.associations.items())],
        "AudioFiles": [dict(f) for _, f in sorted(teams.audioFiles.items())],
        "VoiceApplicationNumbers": [
            number_json(ctx, n)
            for n in sorted(tenant.numbers.values(), key=lambda n: n.telephoneNumber)
            if "voiceApplicationAssignment" in n.capabilities
        ],
    }


def _name(obj: dict[str, Any]) -> str:
    return str(obj.get("Name") or "").lower()
