"""The demo's desired-state steps for voice apps (issue 11): export the county, add a "Fire Services Fee"
queue on its own resource account and a key for it on the main line, `plan --show-powershell`, `apply`,
a `trace` of a call that presses that key and reaches the queue, then `export` again and a `plan` of
that export showing zero changes. Each step is a real `switchboard` command against the sandbox."""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from cli.output import console, fail

QUEUE = "Fire Services Fee"
POOL = {"name": "voice-apps", "capability": "voiceApplicationAssignment"}


def switchboard(title: str, args: list[str], env: dict[str, str], *, stdout: Path | None = None) -> None:
    """One step as the admin would type it; `stdout` redirects its output to a file (export)."""
    console.rule(f"[bold]{title}")
    console.print(f"[dim]$ switchboard {shlex.join(args)}{f' > {stdout}' if stdout else ''}[/]")
    command = [sys.executable, "-m", "cli", *args]
    if stdout is None:
        result = subprocess.run(command, env=env, check=False)
    else:
        with stdout.open("w") as sink:
            result = subprocess.run(command, env=env, check=False, stdout=sink)
    if result.returncode != 0:
        fail(f"demo step failed: switchboard {shlex.join(args)} (exit {result.returncode})")


def main_line(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The exported main-line attendant (the one whose name says "main", with a numbered account) and the
    number callers dial."""
    numbers = {ra["upn"]: ra.get("number") for ra in data.get("resource_accounts", [])}
    for aa in data.get("auto_attendants", []):
        dialled = [numbers[upn] for upn in aa.get("resource_accounts", []) if numbers.get(upn)]
        if "main" in aa["name"].casefold() and dialled:
            return aa, dialled[0]
    fail("the export has no numbered main-line auto attendant; the desired-state tour needs one")


def add_fire_fee(data: dict[str, Any], domain: str) -> str:
    """The edit an admin makes in git: the queue, its account (number from the voice-app pool), and a
    free key on the main line's business-hours menu. Returns the key."""
    aa, _ = main_line(data)
    agents = [user["upn"] for user in data["users"][:2]]
    account = f"fire-fee-cq@{domain}"
    data["pools"] = [*data.get("pools", []), POOL]
    data["resource_accounts"] = [
        *data.get("resource_accounts", []),
        {"upn": account, "display_name": QUEUE, "kind": "cq", "number": "auto", "pool": POOL["name"]},
    ]
    data["call_queues"] = [
        *data.get("call_queues", []),
        {"name": QUEUE, "language": "en-US", "greeting": "Fire Services fee questions. Please hold.",
         "agents": agents, "resource_accounts": [account]},
    ]  # fmt: skip
    menu = aa.setdefault("menu", {})
    taken = {str(option.get("key")) for option in menu.get("options", [])}
    key = next(k for k in "3456789" if k not in taken)
    menu["options"] = [*menu.get("options", []), {"key": key, "to": {"call_queue": QUEUE}}]
    return key


def business_moment(today: dt.date) -> dt.datetime:
    """10:00 on the first weekday after today (the main line's business hours)."""
    moment = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10))
    while moment.weekday() >= 5:
        moment += dt.timedelta(days=1)
    return moment


def tour(env: dict[str, str], out: Path, today: dt.date) -> None:
    exported, edited, again = (
        out / "phone-system.yaml",
        out / "phone-system.edited.yaml",
        out / "export-2.yaml",
    )
    switchboard(
        "Desired state: export the county's phone system (people and voice apps)",
        ["export"],
        env,
        stdout=exported,
    )
    data = yaml.safe_load(exported.read_text())
    domain = data["users"][0]["upn"].partition("@")[2]
    key = add_fire_fee(data, domain)
    edited.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120))
    _, number = main_line(data)
    console.print(
        f"[dim]Edited {edited}: queue {QUEUE!r}, its resource account, key {key} on the main line[/]"
    )
    switchboard(
        "Desired state: the plan, with the cmdlets apply will run",
        ["plan", "-f", str(edited), "--show-powershell"],
        env,
    )
    switchboard("Desired state: apply", ["apply", "-f", str(edited), "--yes"], env)
    at = business_moment(today).isoformat(timespec="minutes")
    switchboard(f"Desired state: a call to the main line pressing {key} reaches the queue",
                ["trace", number, "--at", at, "--press", key], env)  # fmt: skip
    switchboard("Desired state: export again", ["export"], env, stdout=again)
    switchboard(
        "Desired state: the export plans to zero changes",
        ["plan", "-f", str(again), "--detailed-exitcode"],
        env,
    )
