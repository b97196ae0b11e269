"""The sentence a report opens with: "1.2 M minutes in 45 days · 67 minutes per staff per day"."""

from __future__ import annotations

from reports.aggregate import Summary


def human(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} M"
    if value >= 10_000:
        return f"{value / 1_000:.0f} k"
    return f"{value:,.0f}"


def headline(summary: Summary) -> str:
    text = (
        f"{human(summary.minutes)} minutes in {summary.days} days · "
        f"{summary.minutes_per_staff_per_day:.0f} minutes per staff per day"
    )
    if summary.change is not None:
        text += f" · {summary.change:+.0%} on the previous {summary.days} days"
    return text
