"""The bot's delivery targets: the weekly report into a Teams channel (reports.ChannelPoster), and an
owner warning into a person's 1:1 chat. Cards are built by pure functions; this module adds the links
and sends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.cards import card, facts, title
from bot.links import FileLinks
from bot.model import Reply
from bot.proactive import Proactive
from bot.report_card import ReportLinks, report_card, report_text
from provisioning import OwnerWarning
from reports import FolderTarget, Report, TeamsChannel

CHART = "minutes_per_day.png"
FILES = (
    ("Open the report", "usage.html"),
    ("Workbook (XLSX)", "usage.xlsx"),
    ("Summary (CSV)", "summary.csv"),
)


class BotChannelPoster:
    """Posts the report the folder target has just written: the card links that folder's files."""

    def __init__(self, proactive: Proactive, out_dir: Path, links: FileLinks | None) -> None:
        self._proactive, self._out_dir, self._links = proactive, out_dir, links

    def links_for(self, report: Report) -> ReportLinks:
        folder = FolderTarget(self._out_dir).folder_for(report)
        day = folder.name
        if self._links is None:
            note = f"The files are in {folder} on the Switchboard server (no SWITCHBOARD_BOT_PUBLIC_URL for links)."
            return ReportLinks(note=note)
        chart = self._links.url(f"{day}/{CHART}") if (folder / CHART).is_file() else None
        files = tuple(
            (label, self._links.url(f"{day}/{name}")) for label, name in FILES if (folder / name).is_file()
        )
        return ReportLinks(chart, files)

    async def post(self, channel: TeamsChannel, report: Report) -> str:
        links = self.links_for(report)
        reply = Reply(report_text(report, links), report_card(report, links))
        posted = await self._proactive.to_channel(channel.team_id, channel.channel_id, reply)
        return posted.activity_id


def warning_card(warning: OwnerWarning) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        title(warning.title),
        {"type": "TextBlock", "text": warning.text, "wrap": True},
    ]
    if warning.facts:
        body.append(facts(list(warning.facts)))
    return card(body, warning_text(warning), [])


def warning_text(warning: OwnerWarning) -> str:
    lines = [warning.title, warning.text, *(f"{k}: {v}" for k, v in warning.facts)]
    return "\n".join(lines)


def warning_reply(warning: OwnerWarning) -> Reply:
    return Reply(warning_text(warning), warning_card(warning))
