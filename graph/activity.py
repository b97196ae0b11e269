"""Teams user activity: `reports/getTeamsUserActivityUserDetail(period=…|date=…)` (graph.md §4).

The service answers 302 to a pre-authenticated CSV; the SDK follows it (dropping Authorization on a new
host). Columns are read by header name, since Microsoft adds columns between revisions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from graph.client import Transport, config_with
from graph.errors import BadRequest
from graph.types import ActivityRow

PERIODS = ("D7", "D30", "D90", "D180")


def _int(value: str | None) -> int:
    try:
        return int(float(value)) if value not in (None, "") else 0
    except ValueError:
        return 0


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _bool(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    return value.strip().lower() in {"true", "yes", "1"}


def parse_activity_csv(data: bytes) -> list[ActivityRow]:
    """Parse by header name; UTF-8 with an optional BOM."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    rows = []
    for record in reader:
        refresh = _date(record.get("Report Refresh Date"))
        if refresh is None:
            continue
        rows.append(
            ActivityRow(
                report_refresh_date=refresh,
                user_id=record.get("User Id") or None,
                user_principal_name=record.get("User Principal Name") or "",
                last_activity_date=_date(record.get("Last Activity Date")),
                is_deleted=bool(_bool(record.get("Is Deleted"))),
                assigned_products=tuple(p for p in (record.get("Assigned Products") or "").split("+") if p),
                call_count=_int(record.get("Call Count")),
                meeting_count=_int(record.get("Meeting Count")),
                team_chat_message_count=_int(record.get("Team Chat Message Count")),
                private_chat_message_count=_int(record.get("Private Chat Message Count")),
                audio_seconds=_int(record.get("Audio Duration In Seconds")),
                video_seconds=_int(record.get("Video Duration In Seconds")),
                screen_share_seconds=_int(record.get("Screen Share Duration In Seconds")),
                is_licensed=_bool(record.get("Is Licensed")),
                report_period=record.get("Report Period") or "",
            )
        )
    return rows


class ActivityApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def user_detail(
        self, *, period: str | None = None, day: dt.date | None = None
    ) -> list[ActivityRow]:
        if (period is None) == (day is None):
            raise BadRequest("give exactly one of period (D7, D30, D90, D180) or day")
        reports = self._t.client.reports
        builder: Any
        if period is not None:
            if period not in PERIODS:
                raise BadRequest(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
            builder = reports.get_teams_user_activity_user_detail_with_period(period)
        else:
            assert day is not None
            builder = reports.get_teams_user_activity_user_detail_with_date(day)

        async def call() -> bytes:
            data = await builder.get(request_configuration=config_with())
            return data or b""

        return parse_activity_csv(await self._t.read(call))
