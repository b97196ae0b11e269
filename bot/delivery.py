"""The bot's delivery targets: the weekly report into a Teams channel (reports.ChannelPoster), and an
owner warning into a person's 1:1 chat. Cards are built by pure functions; this module adds the links
and sends."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from bot.cards import card, facts, title
from bot.config import BotConfig
from bot.connector import Connector
from bot.links import FileLinks, link_key
from bot.model import Reply
from bot.proactive import NoConversation, Proactive
from bot.report_card import ReportLinks, report_card, report_text
from provisioning import OwnerWarning
from reports import DeliveryFailed, FolderTarget, Report, TeamsChannel
from store import Store

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
        try:
            posted = await self._proactive.to_channel(channel.team_id, channel.channel_id, reply)
        except NoConversation as exc:  # what to do about it is the message: install the app in the team
            raise DeliveryFailed(f"{exc}; add the app to that team so the bot can post there") from exc
        return posted.activity_id


@asynccontextmanager
async def open_channel_poster(
    config: BotConfig, store: Store, out_dir: Path, public_url: str | None
) -> AsyncIterator[BotChannelPoster]:
    """The poster outside `bot serve` (`switchboard report weekly --post` from a timer): the bot's own
    credential and references; its links are signed with the bot's key, so the bot's replicas serve them."""
    async with aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=config.request_timeout_s)
    ) as session:
        links = FileLinks(link_key(config.app_password), out_dir, public_url) if public_url else None
        yield BotChannelPoster(
            Proactive(Connector(config, session), store, config.app_id or ""), out_dir, links
        )


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
