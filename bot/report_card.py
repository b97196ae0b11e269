"""The weekly usage report as an Adaptive Card 1.5 for a Teams channel (pure: a Report and links in, a
card out), with a plain-text twin.

The chart is an https link to the PNG the report already rendered, served by the bot behind a signed,
expiring URL (bot/links.py), not a data URI: the minutes-per-day chart is tens of kilobytes, which a
base64 data URI would put inside a card whose safe budget on every Teams path is about 28 KB
(bot.md §5), and the same route already serves the CSV, XLSX and HTML files the card links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.cards import card, facts, title
from reports import Report, headline, human, top

CHART_ALT = "Minutes per day"


@dataclass(frozen=True)
class ReportLinks:
    chart_url: str | None = None
    files: tuple[tuple[str, str], ...] = ()  # (label, url), in the order the card shows them
    note: str | None = None  # why there are no links (no public URL configured), said in the card


def headline_facts(report: Report) -> list[tuple[str, str]]:
    summary = report.summary
    pairs: list[tuple[str, str]] = []
    if summary.calling is not None:
        pairs.append(("Teams calling", f"{human(summary.calling.minutes)} min"))
    pairs += [
        ("PSTN", f"{human(summary.minutes)} min in {summary.calls:,} calls"),
        ("In / out", f"{human(summary.inbound_minutes)} / {human(summary.outbound_minutes)} min"),
        ("Per staff per day", f"{summary.minutes_per_staff_per_day:.0f} PSTN min ({summary.staff:,} staff)"),
    ]
    if summary.change is not None:
        pairs.append((f"vs previous {summary.days} days", f"{summary.change:+.0%}"))
    busiest = top(report.usage.by_line, 1)
    if busiest:
        name, bucket = busiest[0]
        pairs.append(("Busiest public line", f"{name}: {human(bucket.minutes)} min"))
    return pairs


def report_title(report: Report) -> str:
    period = report.period
    return f"Teams Phone usage · {period.first:%a %d %b} – {period.last:%a %d %b %Y}"


def report_text(report: Report, links: ReportLinks) -> str:
    lines = [report_title(report), headline(report.summary)]
    lines += [f"{label}: {value}" for label, value in headline_facts(report)]
    lines += [f"{label}: {url}" for label, url in links.files]
    if links.note:
        lines.append(links.note)
    return "\n".join(lines)


def report_card(report: Report, links: ReportLinks) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        title(report_title(report)),
        {"type": "TextBlock", "text": headline(report.summary), "wrap": True},
        facts(headline_facts(report)),
    ]
    if links.chart_url:
        body.append({"type": "Image", "url": links.chart_url, "altText": CHART_ALT, "size": "Stretch"})
    if links.note:
        body.append({"type": "TextBlock", "text": links.note, "wrap": True, "isSubtle": True})
    actions = [{"type": "Action.OpenUrl", "title": label, "url": url} for label, url in links.files]
    return card(body, report_text(report, links), actions)
