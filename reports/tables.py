"""The report's tables as rows of plain values (shared by the CSV, XLSX and HTML writers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reports.aggregate import Bucket, top
from reports.build import Report

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
Table = tuple[list[str], list[list[Any]]]


def _ranked(buckets: Mapping[Any, Bucket], label: str, total: float, n: int | None = None) -> Table:
    rows = [
        [str(key), b.calls, round(b.minutes, 1), round(100 * b.minutes / total, 1) if total else 0.0]
        for key, b in top(buckets, n)
    ]
    return [label, "Calls", "Minutes", "% of minutes"], rows


def report_tables(report: Report) -> dict[str, Table]:
    usage, summary = report.usage, report.summary
    total = usage.total.minutes
    summary_rows: list[list[Any]] = [
        ["Period", report.period.label()],
        ["Time zone", report.period.tz],
        ["Days", summary.days],
        ["Calls", summary.calls],
        ["Minutes", round(summary.minutes, 1)],
        ["Inbound minutes", round(summary.inbound_minutes, 1)],
        ["Outbound minutes", round(summary.outbound_minutes, 1)],
        ["Staff", summary.staff],
        ["Minutes per staff per day", round(summary.minutes_per_staff_per_day, 1)],
        ["Previous period minutes", round(summary.previous_minutes or 0, 1)],
        ["Change", f"{summary.change:+.1%}" if summary.change is not None else "n/a"],
        [
            "Teams audio minutes (activity report)",
            round(report.teams_audio_minutes, 1) if report.teams_audio_minutes else "n/a",
        ],
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
