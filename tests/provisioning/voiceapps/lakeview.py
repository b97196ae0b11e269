"""The Lakeview fixture (hand-written module-shaped JSON) loaded into the domain model for the tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from provisioning.voiceapps import Directory, Person, VoiceApps, voice_apps_from_wire

FIXTURES = Path(__file__).parent / "fixtures"


def raw_state() -> dict[str, Any]:
    return json.loads((FIXTURES / "lakeview-teams.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def raw_directory() -> dict[str, Any]:
    return json.loads((FIXTURES / "lakeview-directory.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def directory(raw: dict[str, Any]) -> Directory:
    groups: dict[str, str] = raw["groups"]
    users = {
        u["id"]: Person(
            upn=u["userPrincipalName"],
            display_name=u["displayName"],
            enabled=u["accountEnabled"],
            groups=frozenset(groups[g] for g in u["groups"]),
        )
        for u in raw["users"]
    }
    return Directory(users=users, groups=groups)


@cache
def lakeview() -> VoiceApps:
    raw = raw_directory()
    return voice_apps_from_wire(
        raw_state(),
        directory(raw),
        licensed={
            ra["ObjectId"]: ra["ObjectId"] in raw["licensed"] for ra in raw_state()["ApplicationInstances"]
        },
        free_numbers=raw["free_numbers"],
    )
