"""Driving the Teams admin side of a running sandbox: over its HTTP route, and through the stand-in
(`python -m sandbox.pwsh`) as a real subprocess speaking JSON lines on stdin/stdout."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
from typing import Any

import aiohttp

from sandbox.server import RunningSandbox

AA_APP = "ce933385-9390-45d1-9512-c8d228074e07"
CQ_APP = "11cd3e2e-fccb-42ad-ad00-878b93575e07"
_ids = itertools.count(1)


def step(cmdlet: str, name: str | None = None, /, **params: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"cmdlet": cmdlet, "params": params}
    if name:
        out["as"] = name
    return out


def ref(name: str, prop: str | None = None) -> dict[str, Any]:
    return {"$ref": name, "property": prop} if prop else {"$ref": name}


async def invoke_raw(sb: RunningSandbox, body: Any) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sb.root_url}/_sandbox/teams/invoke", data=json.dumps(body)) as resp:
            assert resp.status == 200
            return dict(await resp.json())


async def invoke(sb: RunningSandbox, *steps: dict[str, Any]) -> dict[str, Any]:
    """One request over the HTTP route; the response line the worker would print."""
    answer = await invoke_raw(sb, {"id": f"t-{next(_ids)}", "steps": list(steps)})
    assert "response" in answer, answer
    return dict(answer["response"])


async def ok(sb: RunningSandbox, *steps: dict[str, Any]) -> list[Any]:
    response = await invoke(sb, *steps)
    assert response["ok"], response["error"]
    return list(response["results"])


async def error(sb: RunningSandbox, *steps: dict[str, Any]) -> dict[str, Any]:
    response = await invoke(sb, *steps)
    assert not response["ok"], response["results"]
    return dict(response["error"])


async def get_json(sb: RunningSandbox, path: str) -> Any:
    async with aiohttp.ClientSession() as session:
        async with session.get(
            f"{sb.root_url}{path}", headers={"Authorization": "Bearer sandbox.tests"}
        ) as resp:
            assert resp.status == 200, await resp.text()
            return await resp.json()


async def set_faults(sb: RunningSandbox, spec: str) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sb.root_url}/_sandbox/faults", json={"faults": spec}) as resp:
            assert resp.status == 200, await resp.text()


class StandIn:
    """The stand-in worker as the product runs it: a subprocess, env credentials, one line each way."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, root_url: str, env: dict[str, str] | None = None) -> StandIn:
        full_env = {**os.environ, "SWITCHBOARD_CLIENT_ID": "app", **(env or {})}
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "sandbox.pwsh",
            "--url",
            root_url,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=full_env,
        )
        return cls(process)

    async def line(self, wait_s: float = 30.0) -> dict[str, Any] | None:
        """The next line it writes, or None when it exits without writing one."""
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), wait_s)
        return json.loads(raw) if raw else None

    async def send(self, *steps: dict[str, Any], request_id: str | None = None) -> str:
        assert self.process.stdin is not None
        rid = request_id or f"w-{next(_ids)}"
        self.process.stdin.write((json.dumps({"id": rid, "steps": list(steps)}) + "\n").encode())
        await self.process.stdin.drain()
        return rid

    async def call(self, *steps: dict[str, Any]) -> dict[str, Any]:
        rid = await self.send(*steps)
        response = await self.line()
        assert response is not None and response["id"] == rid, response
        return response

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()


async def graph(sb: RunningSandbox, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """A Graph call with a sandbox token: the other surface of the same tenant."""
    async with aiohttp.ClientSession() as session:
        async with session.request(
            method, f"{sb.base_url}{path}", json=body, headers={"Authorization": "Bearer sandbox.tests"}
        ) as resp:
            text = await resp.text()
            return resp.status, json.loads(text) if text else None


def queue_id(sb: RunningSandbox, name: str) -> str:
    return next(q["Identity"] for q in sb.state.teams.callQueues.values() if q["Name"] == name)


def attendant_id(sb: RunningSandbox, name: str) -> str:
    return next(a["Id"] for a in sb.state.teams.autoAttendants.values() if a["Name"] == name)


def schedule_id(sb: RunningSandbox, name: str) -> str:
    return next(s["Id"] for s in sb.state.teams.schedules.values() if s["Name"] == name)


def account_id(sb: RunningSandbox, alias: str) -> str:
    user = sb.state.user_by_upn(f"{alias}@{sb.state.defaultDomain}")
    assert user is not None
    return user.id


def staff(sb: RunningSandbox, count: int) -> list[str]:
    users = sorted(
        (
            u
            for u in sb.state.users.values()
            if u.accountType == "user" and u.accountEnabled and u.assignedSkuIds
        ),
        key=lambda u: u.userPrincipalName,
    )
    return [u.id for u in users[:count]]


def attendant_steps(
    name: str, *, options: list[dict[str, Any]] | None = None, **extra: Any
) -> list[dict[str, Any]]:
    """Steps for a small AA whose business-hours menu has `options` (default: one disconnect)."""
    opts = options or [{"Action": "DisconnectCall", "DtmfResponse": "Automatic"}]
    steps = [step("New-CsAutoAttendantMenuOption", f"o{i}", **o) for i, o in enumerate(opts)]
    steps.append(
        step(
            "New-CsAutoAttendantMenu", "m", Name="menu", MenuOptions=[ref(f"o{i}") for i in range(len(opts))]
        )
    )
    steps.append(step("New-CsAutoAttendantCallFlow", "f", Name="business hours", Menu=ref("m")))
    params = {
        "Name": name,
        "LanguageId": "en-US",
        "TimeZoneId": "Eastern Standard Time",
        "DefaultCallFlow": ref("f"),
    }
    steps.append(step("New-CsAutoAttendant", "aa", **{**params, **extra}))
    return steps
