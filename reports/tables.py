"""The report's tables as rows of plain values (shared by the CSV, XLSX and HTML writers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reports.aggregate import Bucket, top
from reports.build import Report
from reports.calling import Calling

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
Table = tuple[list[str], list[list[Any]]]


def _ranked(buckets: Mapping[Any, Bucket], label: str, total: float, n: int | None = None) -> Table:
    rows = [
        [str(key), b.calls, round(b.minutes, 1), round(100 * b.minutes / total, 1) if total else 0.0]
        for key, b in top(buckets, n)
    ]
    return [label, "Calls", "Minutes", "% of minutes"], rows


def _calling_rows(calling: Calling | None) -> list[list[Any]]:
    """Each source on its own row, so the total can be checked by hand."""
    if calling is None:
        return [["Teams calling minutes", "n/a (no activity report for these days)"]]
    return [
        ["Teams calling minutes", round(calling.minutes, 1)],
        ["Teams calling minutes per staff per day", round(calling.minutes_per_staff_per_day, 1)],
        ["Days with an activity report", calling.days],
        ["Teams audio minutes (activity report)", round(calling.audio_minutes, 1)],
        ["Voice-app PSTN minutes (no person on the call)", round(calling.voice_app_minutes, 1)],
    ]


def report_tables(report: Report) -> dict[str, Table]:
    usage, summary = report.usage, report.summary
    total = usage.total.minutes
    calling = summary.calling
    summary_rows: list[list[Any]] = [
        ["Period", report.period.label()],
        ["Time zone", report.period.tz],
        ["Days", summary.days],
        ["Staff", summary.staff],
        *_calling_rows(calling),
        ["PSTN calls", summary.calls],
        ["PSTN minutes", round(summary.minutes, 1)],
        ["PSTN inbound minutes", round(summary.inbound_minutes, 1)],
        ["PSTN outbound minutes", round(summary.outbound_minutes, 1)],
        ["PSTN minutes per staff per day", round(summary.minutes_per_staff_per_day, 1)],
        ["Previous period PSTN minutes", round(summary.previous_minutes or 0, 1)],
        ["Change", f"{summary.change:+.1%}" if summary.change is not None else "n/a"],
        *[[f"Charges ({currency})", round(amount, 2)] for currency, amount in sorted(usage.charges.items())],
    ]
    return {
        "summary": (["Measure", "Value"], summary_rows),
        "by_department": _ranked(usage.by_department, "Department", usage.user_total.minutes),
        "by_office": _ranked(usage.by_office, "Office", usage.user_total.minutes),
        "by_line": _ranked(usage.by_line, "Public line", total),
        "by_carrier": _ranked(usage.by_carrier, "Carrier", total),
        "by_call_type": _ranked(usage.by_call_type, "Call type", total),
        "top_talkers": _ranked(usage.by_user, "User", usage.user_total.minutes, 20),
        "by_day": (
            ["Date", "Calls", "Minutes"],
            [[day.isoformat(), b.calls, round(b.minutes, 1)] for day, b in sorted(usage.by_day.items())],
        ),
        "hour_of_week": (
            ["Day", *[f"{h:02d}" for h in range(24)]],
            [
                [
                    DAYS[d],
                    *[
                        round(usage.hour_of_week[(d, h)].minutes, 1) if (d, h) in usage.hour_of_week else 0.0
                        for h in range(24)
                    ],
                ]
                for d in range(7)
            ],
        ),
    }
