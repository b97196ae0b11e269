"""reports/: usage minutes from call logs and the activity report — sync, aggregate, render, deliver —
and the use cases (reports.jobs) that the CLI and the bot both call."""

from __future__ import annotations

from reports import jobs
from reports.aggregate import Bucket, Directory, Person, Summary, Usage, top
from reports.build import Report, build_report, load_directory, usage_for
from reports.calling import IN_SHORT as CALLING_IN_SHORT
from reports.calling import Calling
from reports.coverage import ReportDataMissing
from reports.delivery import (
    ChannelPoster,
    Delivered,
    DeliveryTarget,
    FolderTarget,
    TeamsChannel,
    TeamsChannelTarget,
    weekly_targets,
)
from reports.errors import BadPeriod, DeliveryFailed, ReportError, SyncFailed
from reports.headline import headline, human
from reports.jobs import WeeklyResult
from reports.periods import (
    NAMED,
    Period,
    check_period_name,
    explicit_period,
    named_period,
    resolve_period,
    today_in,
)
from reports.render import FORMATS, write_report
from reports.sync import SyncResult, sync_all

__all__ = [
    "CALLING_IN_SHORT",
    "FORMATS",
    "NAMED",
    "BadPeriod",
    "Bucket",
    "Calling",
    "ChannelPoster",
    "Delivered",
    "DeliveryFailed",
    "DeliveryTarget",
    "Directory",
    "FolderTarget",
    "Period",
    "Person",
    "Report",
    "ReportDataMissing",
    "ReportError",
    "Summary",
    "SyncFailed",
    "SyncResult",
    "TeamsChannel",
    "TeamsChannelTarget",
    "Usage",
    "WeeklyResult",
    "build_report",
    "check_period_name",
    "explicit_period",
    "headline",
    "human",
    "jobs",
    "load_directory",
    "named_period",
    "resolve_period",
    "sync_all",
    "today_in",
    "top",
    "usage_for",
    "weekly_targets",
    "write_report",
]
