"""Total Teams calling minutes, measured the way Microsoft's Teams activity report measures calling, with
the PSTN minutes already inside it counted once (pure; no I/O)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from reports.periods import Period

IN_SHORT = (
    "Teams calling = people's Teams audio from the activity report (calls, VoIP and PSTN alike, and "
    "meetings) + PSTN minutes of auto attendants and queues; a person's PSTN minutes are counted once"
)


@dataclass(frozen=True)
class Calling:
    """Teams calling over the days of a period that daily activity reports cover.

    People's audio comes from the activity report ("Audio Duration": a person's Teams audio in 1:1 calls,
    VoIP and PSTN alike, and in meetings), so a person's PSTN and Direct Routing minutes are already in
    it. Calls with no person on them (auto attendants, call queues) are in no one's audio; their minutes
    come from the call logs and are added once.
    """

    days: int
    period_days: int
    audio_seconds: int
    voice_app_seconds: int
    staff: int

    @property
    def minutes(self) -> float:
        return (self.audio_seconds + self.voice_app_seconds) / 60

    @property
    def audio_minutes(self) -> float:
        return self.audio_seconds / 60

    @property
    def voice_app_minutes(self) -> float:
        return self.voice_app_seconds / 60

    @property
    def minutes_per_staff_per_day(self) -> float:
        return self.minutes / self.staff / self.days if self.staff and self.days else 0.0

    @property
    def complete(self) -> bool:
        return self.days == self.period_days

    @property
    def definition(self) -> str:
        coverage = (
            f"all {self.days} days"
            if self.complete
            else f"the {self.days} of {self.period_days} days that daily activity reports cover "
            "(Microsoft serves single days for about 30 days back; a daily sync keeps every day after that)"
        )
        return (
            "Teams calling minutes = people's Teams audio minutes from Microsoft's Teams user activity report "
            "(Audio Duration: 1:1 Teams calls, VoIP and PSTN alike, and meetings; a person's PSTN minutes "
            "are inside it, so they are not added again) + PSTN and Direct Routing minutes of calls with no "
            "person on them (auto attendants and call queues), which no one's audio includes; over "
            f"{coverage}. Minutes per staff per day = Teams calling minutes ÷ {self.staff} staff ÷ {self.days} "
            "days."
        )


def calling_figures(
    period: Period,
    audio_by_day: Mapping[dt.date, int],
    voice_app_by_day: Mapping[dt.date, int],
    staff: int,
) -> Calling | None:
    """None when no day of the period has an activity report (e.g. the app lacks Reports.Read.All)."""
    days = [day for day in audio_by_day if period.first <= day <= period.last]
    if not days:
        return None
    return Calling(
        days=len(days),
        period_days=period.days,
        audio_seconds=sum(audio_by_day[day] for day in days),
        voice_app_seconds=sum(voice_app_by_day.get(day, 0) for day in days),
        staff=staff,
    )
