"""`reports/getTeamsUserActivityUserDetail(period=…|date=…)`: 302 to a pre-authenticated CSV download
(graph.md §4). The download URL carries a short-lived token and needs no Authorization header.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass

from aiohttp import web

from sandbox.context import CONFIG, state_of
from sandbox.errors import GraphHTTPError, bad_request
from sandbox.state import SKU_TEAMS_PHONE, TenantState, UserActivityDay

COLUMNS = (
    "Report Refresh Date",
    "Tenant Display Name",
    "Shared Channel Tenant Display Names",
    "User Id",
    "User Principal Name",
    "Last Activity Date",
    "Is Deleted",
    "Deleted Date",
    "Assigned Products",
    "Team Chat Message Count",
    "Private Chat Message Count",
    "Call Count",
    "Meeting Count",
    "Post Messages",
    "Reply Messages",
    "Urgent Messages",
    "Meetings Organized Count",
    "Meetings Attended Count",
    "Ad Hoc Meetings Organized Count",
    "Ad Hoc Meetings Attended Count",
    "Scheduled One-time Meetings Organized Count",
    "Scheduled One-time Meetings Attended Count",
    "Scheduled Recurring Meetings Organized Count",
    "Scheduled Recurring Meetings Attended Count",
    "Audio Duration",
    "Video Duration",
    "Screen Share Duration",
    "Audio Duration In Seconds",
    "Video Duration In Seconds",
    "Screen Share Duration In Seconds",
    "Has Other Action",
    "Is Licensed",
    "Report Period",
)
PERIODS = {"D7": 7, "D30": 30, "D90": 90, "D180": 180}
_FUNCTION = re.compile(
    r"^(?:microsoft\.graph\.)?getTeamsUserActivityUserDetail\((period|date)=('?)([^')]*)\2\)$"
)
DATE_WINDOW_DAYS = 28


@dataclass
class Download:
    body: bytes
    expires: float


DOWNLOADS: web.AppKey[dict[str, Download]] = web.AppKey("downloads")


def iso_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}S" if hours else f"PT{minutes}M{secs}S" if minutes else f"PT{secs}S"


def conceal(value: str) -> str:
    # quirk: with displayConcealedNames on, reports carry MD5-style hashes instead of names and ids.
    return hashlib.md5(value.lower().encode(), usedforsecurity=False).hexdigest().upper()


def render_csv(state: TenantState, days: list[dt.date], period_label: str) -> bytes:
    wanted = set(days)
    totals: defaultdict[str, list[int]] = defaultdict(lambda: [0] * 7)
    last_active: dict[str, dt.date] = {}
    for row in state.activity:
        last_active[row.userId] = max(last_active.get(row.userId, row.day), row.day)
        if row.day in wanted:
            add(totals[row.userId], row)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    refresh = (state.historyEnd or dt.date.today()).isoformat()
    for user in sorted(state.users.values(), key=lambda u: u.userPrincipalName.lower()):
        if user.accountType != "user":
            continue
        chat, private, calls, meetings, audio, video, share = totals.get(user.id, [0] * 7)
        upn, uid = user.userPrincipalName, user.id
        if state.concealNames:
            upn, uid = conceal(upn), conceal(uid)
        products = "MICROSOFT TEAMS PHONE STANDARD" if SKU_TEAMS_PHONE in user.assignedSkuIds else ""
        last = last_active.get(user.id)
        writer.writerow(
            [
                refresh,
                state.displayName,
                "",
                uid,
                upn,
                last.isoformat() if last else "",
                "False",
                "",
                products,
                chat,
                private,
                calls,
                meetings,
                0,
                0,
                0,
                0,
                meetings,
                0,
                0,
                0,
                meetings,
                0,
                0,
                iso_duration(audio),
                iso_duration(video),
                iso_duration(share),
                audio,
                video,
                share,
                "No",
                "Yes" if user.assignedSkuIds else "No",
                period_label,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def add(total: list[int], row: UserActivityDay) -> None:
    total[0] += row.teamChatMessages
    total[1] += row.privateChatMessages
    total[2] += row.callCount
    total[3] += row.meetingCount
    total[4] += row.audioSeconds
    total[5] += row.videoSeconds
    total[6] += row.screenShareSeconds


async def user_detail(request: web.Request) -> web.Response:
    state = state_of(request)
    match = _FUNCTION.match(request.match_info["fn"])
    if not match:
        raise GraphHTTPError(
            400, "BadRequest", f"Resource not found for the segment '{request.match_info['fn']}'."
        )
    kind, _, value = match.groups()
    end = state.historyEnd or dt.date.today() - dt.timedelta(days=1)
    if kind == "period":
        if value not in PERIODS:
            raise bad_request(
                f"Invalid period '{value}'. Supported values: D7, D30, D90, D180.", code="BadRequest"
            )
        days = [end - dt.timedelta(days=i) for i in range(PERIODS[value])]
        label = value[1:]
    else:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise bad_request(f"Invalid date '{value}'; use YYYY-MM-DD.") from None
        if not end - dt.timedelta(days=DATE_WINDOW_DAYS) < day <= end:
            # quirk: the date form only covers the last ~30 days of data.
            raise bad_request(
                f"The date {value} is outside the range of available report data.", code="BadRequest"
            )
        days, label = [day], "1"
    token = secrets.token_urlsafe(24)
    ttl = request.app[CONFIG].download_ttl_s
    request.app[DOWNLOADS][token] = Download(render_csv(state, days, label), time.monotonic() + ttl)
    location = f"{request.url.origin()}/_download/reports/{token}.csv"
    return web.Response(status=302, headers={"Location": location})


async def download(request: web.Request) -> web.Response:
    token = request.match_info["token"]
    item = request.app[DOWNLOADS].get(token)
    if item is None or item.expires < time.monotonic():
        return web.Response(status=403, text="The download link has expired or is not valid.")
    return web.Response(
        body=item.body,
        content_type="application/octet-stream",
        headers={"Content-Disposition": "attachment; filename=TeamsUserActivityUserDetail.csv"},
    )


def register(app: web.Application) -> None:
    app[DOWNLOADS] = {}
    app.router.add_get("/v1.0/reports/{fn}", user_detail)
    app.router.add_get("/_download/reports/{token}.csv", download)
