"""`switchboard doctor`, the reads: one harmless Graph read per permission, licences, number pools, the
PowerShell worker's sign-in. Never writes. The verdicts are provisioning/doctor.py's.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from graph import AuthenticationError, Graph, GraphConfig, GraphError, Probes, open_graph, token_roles
from provisioning.doctor import Finding, Observations, ProbeOutcome, evaluate


async def outcome_of(read: Callable[[], Awaitable[Any]]) -> tuple[ProbeOutcome, Any]:
    """The probe's outcome and what it read (None when it failed)."""
    try:
        value = await read()
    except AuthenticationError:
        raise  # a 401 is the credentials' problem, not this permission's
    except GraphError as error:
        return ProbeOutcome(False, error.status, error.code, error.message), None
    return ProbeOutcome(True), value


async def observe_tenant(config: GraphConfig, graph: Graph, *, now: dt.datetime) -> Observations:
    """Sign in, then run every probe concurrently; a 401 anywhere is reported as a sign-in failure."""
    try:
        roles = await token_roles(config)
        probes = Probes(graph.transport)
        reads: dict[str, Callable[[], Awaitable[Any]]] = {
            "numbers": probes.numbers,
            "users": probes.users,
            "skus": graph.users.subscribed_skus,
            "groups": probes.groups,
            "userconfigs": probes.user_configurations,
            "pstn_calls": lambda: probes.pstn_calls(now),
            "activity": lambda: graph.activity.user_detail(period="D7"),
        }
        results = dict(zip(reads, await asyncio.gather(*map(outcome_of, reads.values())), strict=True))
        # The probe read one row; the pools need them all (a few thousand at most, 1,000 a page).
        numbers = tuple(await graph.numbers.list()) if results["numbers"][0].ok else None
    except AuthenticationError as error:
        return Observations(sign_in_error=error.message)
    skus = results["skus"][1]
    return Observations(
        roles=roles,
        probes={name: outcome for name, (outcome, _) in results.items()},
        skus=tuple(skus) if skus is not None else None,
        numbers=numbers,
    )


async def diagnose(config: GraphConfig, *, now: dt.datetime) -> list[Finding]:
    """The whole check, for the CLI (and later the bot): Graph, then the PowerShell worker."""
    try:
        async with open_graph(config) as graph:
            observations = await observe_tenant(config, graph, now=now)
    except AuthenticationError as error:  # no credential could even be built
        observations = Observations(sign_in_error=error.message)
    if observations.sign_in_error is None:
        observations = replace(observations, powershell=await check_powershell(config))
    return evaluate(observations)


async def check_powershell(config: GraphConfig) -> Finding:
    """Start one Teams admin worker and wait for its ready line (it signs in with the certificate).

    graph.teams_admin arrives in another change; until it is importable this reports "not checked".
    """
    name = "PowerShell worker sign-in"
    try:
        settings = importlib.import_module("graph.teams_admin.config")
        pool = importlib.import_module("graph.teams_admin.pool")
        worker_config = settings.teams_admin_config(config, pool_size=1)
    except (ImportError, AttributeError):
        return Finding("powershell", name, "not checked", "teams_admin not available")
    try:
        worker = await pool.Worker.start(worker_config)
    except GraphError as error:
        fix = "give the app the Teams Administrator role and upload its certificate (docs/deploy.md)"
        return Finding("powershell", name, "missing", error.message, fix)
    version = worker.ready.get("version", "?") if isinstance(getattr(worker, "ready", None), dict) else "?"
    await worker.kill()
    return Finding("powershell", name, "ok", f"MicrosoftTeams {version} signed in")
