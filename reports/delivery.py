"""Where a finished report goes: a folder (the archive every run writes), and a Teams channel, which the
bot delivers to (Graph cannot post channel messages with application permissions; a bot can).

A target is anything with a `name` and `async deliver(report) -> Delivered`; the bot adds its own by
implementing `ChannelPoster`, without touching the job.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reports.build import Report
from reports.errors import DeliveryFailed
from reports.render import FORMATS, write_report


@dataclass(frozen=True)
class Delivered:
    target: str
    where: str
    files: tuple[Path, ...] = ()


class DeliveryTarget(Protocol):
    @property
    def name(self) -> str: ...

    async def deliver(self, report: Report) -> Delivered: ...


@dataclass(frozen=True)
class FolderTarget:
    """CSV, XLSX, PNG and HTML into `root`, or into `<root>/<first day of the period>/` (the weekly
    job's archive: one folder per period)."""

    root: Path
    formats: tuple[str, ...] = FORMATS
    per_period: bool = True

    @property
    def name(self) -> str:
        return "folder"

    def folder_for(self, report: Report) -> Path:
        return self.root / f"{report.period.first:%Y-%m-%d}" if self.per_period else self.root

    async def deliver(self, report: Report) -> Delivered:
        folder = self.folder_for(report)
        try:  # rendering charts and workbooks is CPU and disk work: keep the event loop free
            paths = await asyncio.to_thread(write_report, report, folder, self.formats)
        except OSError as exc:
            raise DeliveryFailed(f"could not write the report into {folder}: {exc.strerror}") from exc
        return Delivered(self.name, str(folder), tuple(paths))


@dataclass(frozen=True)
class TeamsChannel:
    """A channel, as settings name it (SWITCHBOARD_REPORT_TEAM_ID / SWITCHBOARD_REPORT_CHANNEL_ID)."""

    team_id: str
    channel_id: str


class ChannelPoster(Protocol):
    """What the bot implements: post the report (headline, figures, a link or file) to a channel and
    return the message id. Nothing in reports/ knows about Bot Framework."""

    async def post(self, channel: TeamsChannel, report: Report) -> str: ...


@dataclass(frozen=True)
class TeamsChannelTarget:
    channel: TeamsChannel
    poster: ChannelPoster

    @property
    def name(self) -> str:
        return "teams-channel"

    async def deliver(self, report: Report) -> Delivered:
        message_id = await self.poster.post(self.channel, report)
        return Delivered(
            self.name, f"team {self.channel.team_id} channel {self.channel.channel_id} ({message_id})"
        )


def weekly_targets(
    out_dir: Path, channel: TeamsChannel | None, poster: ChannelPoster | None
) -> tuple[list[DeliveryTarget], list[str]]:
    """The weekly job's targets, and what it cannot deliver from this process (said, not dropped)."""
    targets: list[DeliveryTarget] = [FolderTarget(out_dir)]
    pending: list[str] = []
    if channel is not None:
        if poster is None:
            pending.append(
                f"Teams channel {channel.channel_id}: posted by the Switchboard bot, not by this command"
            )
        else:
            targets.append(TeamsChannelTarget(channel, poster))
    return targets, pending
