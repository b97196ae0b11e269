"""Voice-app plans against a running sandbox: Graph and the stand-in Teams workers over real HTTP, the
PhoneService wired with both, and the file as an admin would write it (the county exported, plus edits)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import yaml

from graph import GraphConfig, open_graph
from graph.teams_admin import open_teams_admin, teams_admin_config
from provisioning import PhoneService, PhoneSystem, parse_phone_system, to_yaml
from sandbox.server import RunningSandbox
from store import Store

VOICE_POOL = {"name": "voice-apps", "city": "Palmetto Springs", "capability": "voiceApplicationAssignment"}


async def no_wait(seconds: float) -> None:
    """The stand-in's sync delay is real time; the pollers' own sleeps are kept short."""
    import asyncio

    await asyncio.sleep(min(seconds, 0.1))


@asynccontextmanager
async def service_for(sb: RunningSandbox, database_url: str) -> AsyncIterator[PhoneService]:
    store = await Store.open(database_url)
    config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=2, request_timeout_s=20)
    try:
        async with (
            open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph,
            open_teams_admin(config, sleep=no_wait) as admin,
        ):
            yield PhoneService(graph, store, actor="test", teams=admin)
    finally:
        await store.close()


def edited(exported: PhoneSystem, **sections: Any) -> PhoneSystem:
    """The exported file as YAML text, with sections appended to (lists) or set, parsed back with lines."""
    data = yaml.safe_load(to_yaml(exported))
    for key, value in sections.items():
        if isinstance(value, list) and key in data:
            data[key] = data[key] + value
        else:
            data[key] = value
    return parse_phone_system(yaml.safe_dump(data, sort_keys=False), "phone-system.yaml")


FEE_QUEUE = "Fire Services Fee"
FEE_RA = "fire-fee-cq@palmetto-county.example"


def fire_fee(exported: PhoneSystem) -> PhoneSystem:
    """The demo's edit: a Fire Services Fee queue answered by two exported phone users, on a new resource
    account with a number from the voice-app pool."""
    agents = [u.upn for u in exported.users[:2]]
    return edited(
        exported,
        pools=[VOICE_POOL],
        resource_accounts=[
            {"upn": FEE_RA, "display_name": FEE_QUEUE, "kind": "cq", "number": "auto", "pool": "voice-apps"}
        ],
        call_queues=[
            {
                "name": FEE_QUEUE,
                "language": "en-US",
                "greeting": "You have reached Fire Services fee questions.",
                "agents": agents,
                "resource_accounts": [FEE_RA],
            }
        ],
    )


def queues_named(sb: RunningSandbox, name: str) -> list[dict[str, Any]]:
    return [q for q in sb.state.teams.callQueues.values() if q.get("Name") == name]


def accounts_named(sb: RunningSandbox, upn: str) -> list[str]:
    return [
        i for i in sb.state.teams.applicationInstances if sb.state.users[i].userPrincipalName.lower() == upn
    ]
