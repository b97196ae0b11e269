"""The demo's voice-app steps: the county's main-line call flow, `voiceapps check`, and two traces of a
call to the main line (on a holiday, on a weekday). Skipped with a note when the sandbox has no voice apps.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shlex
import subprocess
import sys

from cli.output import console
from cli.runtime import load_settings
from cli.voiceapps import read_apps
from graph import GraphError
from provisioning.voiceapps import AutoAttendant, VoiceApps, WireError, reachable


def tour(graph_url: str, env: dict[str, str], today: dt.date) -> None:
    """Four steps; a sandbox without voice apps (or with a state these views can't read) gets one line."""
    apps = _sandbox_voice_apps(graph_url)
    if apps is None:
        return
    found = main_line(apps)
    if found is None:
        console.print("[dim]Voice apps: no auto attendant has a number; skipping that tour.[/]")
        return
    number, aa = found
    holiday, weekday = holiday_and_weekday(apps, aa, today)
    steps = [
        (f"Voice apps: the call flow of the main line {number} ({aa.name})", ["flows", number]),
        ("Voice apps: waste and risks (exit 1 when anything is found)", ["voiceapps", "check"]),
        (f"Voice apps: a call on a weekday ({weekday:%a %d %b %H:%M}), pressing 1 then 1",
         ["trace", number, "--at", weekday.isoformat(timespec="minutes"), "--press", "1", "--press", "1"]),
    ]  # fmt: skip
    if holiday is not None:
        steps.append(
            (f"Voice apps: the same call on a holiday ({holiday:%a %d %b %H:%M})",
             ["trace", number, "--at", holiday.isoformat(timespec="minutes"), "--press", "1", "--press", "1"])
        )  # fmt: skip
    for title, args in steps:
        console.rule(f"[bold]{title}")
        console.print(f"[dim]$ switchboard {shlex.join(args)}[/]")
        result = subprocess.run([sys.executable, "-m", "cli", *args], env=env, check=False)
        if result.returncode not in (0, 1):
            console.print(f"[yellow]Voice-app step exited {result.returncode}; the tour carries on.[/]")
            return


def _sandbox_voice_apps(graph_url: str) -> VoiceApps | None:
    """The county's voice apps read as the commands read them (Teams admin workers + Graph), so the tour
    picks its moments from the same state it then shows; None (a one-line skip) when there are none."""
    try:
        apps = asyncio.run(read_apps(load_settings(graph_url=graph_url)))
    except (GraphError, WireError, OSError) as exc:
        console.print(f"[yellow]Voice apps: the state could not be read ({exc}); skipping that tour.[/]")
        return None
    if not apps.auto_attendants and not apps.call_queues:
        console.print(
            "[dim]Voice apps: this sandbox has no auto attendants or call queues; skipping that tour.[/]"
        )
        return None
    return apps


def main_line(apps: VoiceApps) -> tuple[str, AutoAttendant] | None:
    """The auto attendant callers dial first: one whose name or RA says "main", else the one with the
    biggest menu (a language choice usually sits there)."""
    numbered = [
        (ra.number, ra.upn, aa)
        for ra in apps.resource_accounts
        if ra.number and ra.app and (aa := apps.auto_attendant(ra.app)) is not None
    ]
    if not numbered:
        return None
    named = [(n, aa) for n, upn, aa in numbered if "main" in f"{aa.name} {upn}".casefold()]
    if named:
        return named[0]
    number, _, aa = max(numbered, key=lambda row: len(row[2].default_flow.menu.options))
    return number, aa


def holiday_and_weekday(
    apps: VoiceApps, aa: AutoAttendant, today: dt.date
) -> tuple[dt.datetime | None, dt.datetime]:
    """A moment in the first holiday from today on of the AA or an AA behind it (a language-choice main
    line often leaves holidays to the AAs it offers; 10:00 when the holiday covers it), and 10:00 on the
    first working day after today that is none of their holidays."""
    ranges = []
    for app in reachable(apps, aa):
        for handling in app.handling if isinstance(app, AutoAttendant) else ():
            schedule = apps.schedule(handling.schedule)
            if handling.kind == "holiday" and handling.enabled and schedule is not None:
                ranges += list(schedule.ranges)
    moments = []
    for r in ranges:
        ten = dt.datetime.combine(r.start.date(), dt.time(10))
        if r.start.date() >= today:
            moments.append(ten if r.start <= ten < r.end else r.start)
    weekday = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10))
    while weekday.weekday() >= 5 or any(r.start <= weekday < r.end for r in ranges):
        weekday += dt.timedelta(days=1)
    return min(moments, default=None), weekday
