"""`switchboard demo` (what `make demo` runs): a guided tour on local sandboxes, no Microsoft tenant needed.

Each step runs the real `switchboard` command in a subprocess and prints it first, so an admin can copy
the commands and run them again against the sandbox or, with real credentials, against their tenant.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import typer

from cli import demo_bot, demo_desired, demo_emergency, demo_popup, demo_voiceapps
from cli.output import console, fail

DEMO_TODAY = "2026-11-02"  # fixed so the demo's figures are the same on every machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(
    root_url: str,
    process: subprocess.Popen[bytes],
    timeout_s: float = 60.0,
    *,
    path: str = "/_sandbox/health",
    what: str = "sandbox",
) -> None:
    """Until `path` answers 200 (the sandbox's health, or the bot's /readyz); the process dying is an error."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{root_url}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not become healthy in time")


@contextlib.contextmanager
def sandbox_process(seed: str, *extra: str) -> Iterator[str]:
    """Start `switchboard sandbox serve` and yield its Graph base URL; stop it afterwards."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "cli",
        "sandbox",
        "serve",
        "--seed",
        seed,
        "--port",
        str(port),
        "--today",
        DEMO_TODAY,
        *extra,
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(root, process)
        yield f"{root}/v1.0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def run_step(title: str, args: list[str], env: dict[str, str]) -> None:
    console.rule(f"[bold]{title}")
    console.print(f"[dim]$ switchboard {shlex.join(args)}[/]")
    result = subprocess.run([sys.executable, "-m", "cli", *args], env=env, check=False)
    if result.returncode != 0:
        fail(f"demo step failed: switchboard {shlex.join(args)} (exit {result.returncode})")


def demo(
    out: Path = typer.Option(Path("out"), "--out", help="Where the demo writes its database and reports."),
) -> None:
    """Tour: numbers and a user, voice apps as desired state, a pop-up line, an emergency mode and its
    drill, overnight onboarding, the usage report, and the Teams bot."""
    out.mkdir(parents=True, exist_ok=True)
    database = out / "demo.db"
    database.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database.resolve()}", "PYTHONUNBUFFERED": "1"}
    env.pop("SWITCHBOARD_GRAPH_URL", None)
    started = time.monotonic()

    console.print(
        "[bold]Switchboard demo[/] — everything below runs against local sandboxes of Microsoft Graph."
    )
    with sandbox_process("county") as county_url:
        env["SWITCHBOARD_GRAPH_URL"] = county_url
        console.print(f"County sandbox (≈800 staff, ≈1,200 Operator Connect numbers) at {county_url}")
        run_step("1. The county's number inventory", ["numbers", "summary"], env)
        run_step("2. One employee's phone configuration", ["users", "show", demo_user(county_url)], env)
        demo_voiceapps.tour(county_url, env, dt.date.fromisoformat(DEMO_TODAY))  # note + carry on if none
        demo_desired.tour(env, out, dt.date.fromisoformat(DEMO_TODAY))

    # A fresh county: the pop-up fire-fee line (the desired-state tour above made a queue of that name)
    # and the EOC emergency mode over the 211 line and the main line, then its drill.
    with sandbox_process("county") as county_url:
        env["SWITCHBOARD_GRAPH_URL"] = county_url
        demo_popup.tour(county_url, env, dt.date.fromisoformat(DEMO_TODAY))
        demo_emergency.tour(env, out)

    with sandbox_process("city", "--operation-delay", "0.5") as city_url:
        env["SWITCHBOARD_GRAPH_URL"] = city_url
        console.print(f"City sandbox (≈300 staff sent home overnight, licences but no numbers) at {city_url}")
        staff_csv, desired = write_city_inputs(city_url, out)
        console.print(
            f"HR spreadsheet: {staff_csv} · phone system: {desired} (pool, reserved range, emergency location)"
        )
        run_step(
            "3. Onboard the city's staff from the HR spreadsheet",
            ["onboard", str(staff_csv), "-f", str(desired), "--yes"],
            env,
        )
        run_step(
            "4. Re-running is safe: nothing left to do",
            ["onboard", str(staff_csv), "-f", str(desired), "--yes"],
            env,
        )
        run_step("5. The city's numbers now", ["numbers", "summary"], env)
        with (out / "city-export.yaml").open("w") as exported:
            subprocess.run([sys.executable, "-m", "cli", "export"], env=env, stdout=exported, check=True)
        run_step(
            "6. Export → plan: the tenant as a file, zero changes",
            ["plan", "-f", str(out / "city-export.yaml")],
            env,
        )

    with sandbox_process("county") as county_url:
        env["SWITCHBOARD_GRAPH_URL"] = county_url
        run_step(
            "7. Sync the county's call logs (first sync: 180 days, windows of ≤ 90 days, 3 at a time)",
            ["report", "sync"],
            env,
        )
        run_step(
            "8. The county's last 45 days of usage minutes",
            ["report", "usage", "--period", "last-45-days", "--as-of", DEMO_TODAY, "--out", str(out)],
            env,
        )
        console.print(f"Open {out / 'usage.html'} for charts; CSV, XLSX and PNG files are beside it.")
        demo_bot.tour(county_url, env, free_port(), DEMO_TODAY)  # needs step 7's sync for "my minutes"

    console.rule()
    console.print(f"Done in {time.monotonic() - started:.0f} s. Explore further:")
    console.print("  .venv/bin/switchboard sandbox serve --seed county --port 8765 &")
    console.print("  export SWITCHBOARD_GRAPH_URL=http://127.0.0.1:8765/v1.0")
    console.print("  .venv/bin/switchboard numbers list --free --city <city>")
    console.print("  .venv/bin/switchboard --help")
    console.print(
        f"Reports and the demo database are in {out}/ (demo date {DEMO_TODAY}, generated {dt.date.today()})."
    )


def get_json(url: str) -> object:
    request = urllib.request.Request(url, headers={"Authorization": "Bearer sandbox.demo"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def write_city_inputs(graph_url: str, out: Path) -> tuple[Path, Path]:
    """The HR export (a CSV) and a small phone-system file with the city's pool and emergency location."""
    users = get_json(f"{graph_url}/users?$top=999&$select=userPrincipalName,department,city")
    staff_csv = out / "city-staff.csv"
    with staff_csv.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["UserPrincipalName", "Department", "City"])
        for user in users["value"]:  # type: ignore[index]
            writer.writerow([user["userPrincipalName"], user["department"], user["city"]])
    root = graph_url.removesuffix("/v1.0")
    locations = get_json(f"{root}/_sandbox/emergency-locations")  # in a tenant: Get-CsOnlineLisLocation
    city_hall = locations[0]  # type: ignore[index]
    desired = out / "city-phone-system.yaml"
    desired.write_text(
        "# The City of Lakeside's Teams Phone set-up (see `switchboard schema`).\n"
        "tenant:\n  usage_location: US\n  emergency_locations:\n"
        f"    {city_hall['city']}: {city_hall['locationId']}  # {city_hall['description']}\n"
        "pools:\n  - name: lakeside\n    city: Lakeside\n"
        "    reserved: ['+15615552000-+15615552009']  # kept for the mayor's office and the 311 line\n"
    )
    return staff_csv, desired


def demo_user(graph_url: str) -> str:
    """A licensed employee with a number, found through the sandbox like any client would."""
    request = urllib.request.Request(
        f"{graph_url}/admin/teams/telephoneNumberManagement/numberAssignments?$filter="
        + urllib.parse.quote("assignmentStatus eq 'userAssigned'")
        + "&$top=1",
        headers={"Authorization": "Bearer sandbox.demo"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        target = json.load(response)["value"][0]["assignmentTargetId"]
    user_request = urllib.request.Request(
        f"{graph_url}/users/{target}", headers={"Authorization": "Bearer sandbox.demo"}
    )
    with urllib.request.urlopen(user_request, timeout=10) as response:
        return str(json.load(response)["userPrincipalName"])
