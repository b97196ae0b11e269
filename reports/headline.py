"""The sentence a report opens with: total Teams calling first ("1.2 M minutes of Teams calling in 45 days
· 67 minutes per staff per day"), then PSTN with its inbound and outbound split and its change."""

from __future__ import annotations

from reports.aggregate import Summary


def human(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} M"
    if value >= 10_000:
        return f"{value / 1_000:.0f} k"
    return f"{value:,.0f}"


def headline(summary: Summary) -> str:
    pstn = (
        f"{human(summary.minutes)} minutes in {summary.days} days"
        f" (in {human(summary.inbound_minutes)} · out {human(summary.outbound_minutes)})"
    )
    change = (
        f" · {summary.change:+.0%} on the previous {summary.days} days" if summary.change is not None else ""
    )
    calling = summary.calling
    if calling is None:  # no activity report: PSTN alone, and said so
        return f"PSTN {pstn} · {summary.minutes_per_staff_per_day:.0f} PSTN minutes per staff per day{change}"
    span = f"{calling.days} days" if calling.complete else f"{calling.days} of {calling.period_days} days"
    return (
        f"{human(calling.minutes)} minutes of Teams calling in {span} · "
        f"{calling.minutes_per_staff_per_day:.0f} minutes per staff per day · PSTN {pstn}{change}"
    )
