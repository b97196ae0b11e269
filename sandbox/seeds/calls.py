"""PSTN call-log history: who calls when, for how long, and the public lines residents ring.

Rows are laid out per day by weight (weekdays busy, weekends quiet, a storm-surge week), per hour by a
business-hours curve in the tenant's local time (so DST shifts the UTC hours as it does in a real log),
and per caller by department weight. The total is exact, so the benchmark can ask for a million rows.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sandbox.state import DirectRoutingCall, PstnCall, UserActivityDay

UTC = dt.UTC
WEEKDAY_HOURS = [0, 0, 0, 0, 0, 0, 1, 4, 9, 12, 12, 10, 7, 9, 11, 10, 7, 3, 1, 1, 0, 0, 0, 0]
WEEKEND_HOURS = [0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1, 1, 0, 0, 0, 0]
STORM_HOURS = [2, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 9, 9, 9, 9, 9, 8, 7, 6, 5, 4, 3, 3, 2]


@dataclass(frozen=True)
class Caller:
    user_id: str
    upn: str
    display_name: str
    number: str
    operator: str
    weight: float
    storm_weight: float = 1.0


@dataclass(frozen=True)
class PublicLine:
    number: str
    operator: str
    weight: float
    storm_weight: float = 1.0


@dataclass(frozen=True)
class StormWeek:
    start: dt.date
    days: int = 7
    volume: float = 2.6

    def covers(self, day: dt.date) -> bool:
        return self.start <= day < self.start + dt.timedelta(days=self.days)


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Largest-remainder split of `total` by weights: exact and deterministic."""
    whole = sum(weights) or 1.0
    raw = [total * w / whole for w in weights]
    counts = [math.floor(r) for r in raw]
    short = total - sum(counts)
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[:short]:
        counts[index] += 1
    return counts


def _external(rng: random.Random, area_codes: Sequence[str]) -> str:
    return f"+1{rng.choice(area_codes)}555{rng.randrange(2000, 9999):04d}"


def generate_pstn(
    rng: random.Random,
    *,
    callers: Sequence[Caller],
    lines: Sequence[PublicLine],
    first_day: dt.date,
    last_day: dt.date,
    rows: int,
    tz: ZoneInfo,
    storm: StormWeek | None,
    external_area_codes: Sequence[str],
) -> tuple[list[PstnCall], dict[tuple[str, dt.date], tuple[int, int]]]:
    """Exactly `rows` rows sorted by start, and per (user, local day) (calls, seconds) for activity."""
    days = [first_day + dt.timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    day_weights = [
        (storm.volume if storm and storm.covers(d) else 1.0) * (1.0 if d.weekday() < 5 else 0.12)
        for d in days
    ]
    per_day = _allocate(rows, day_weights)
    caller_cum = _cumulative([c.weight for c in callers])
    storm_caller_cum = _cumulative([c.weight * c.storm_weight for c in callers])
    line_cum = _cumulative([line.weight for line in lines]) if lines else []
    storm_line_cum = _cumulative([line.weight * line.storm_weight for line in lines]) if lines else []
    hour_cums = {
        name: _cumulative(curve)
        for name, curve in (("weekday", WEEKDAY_HOURS), ("weekend", WEEKEND_HOURS), ("storm", STORM_HOURS))
    }
    hours = list(range(24))
    out: list[PstnCall] = []
    activity: defaultdict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    getrandbits, random_, gauss, choices = rng.getrandbits, rng.random, rng.gauss, rng.choices
    for day, count in zip(days, per_day, strict=True):
        stormy = bool(storm and storm.covers(day))
        curve = hour_cums["storm" if stormy else "weekday" if day.weekday() < 5 else "weekend"]
        picked_hours = choices(hours, cum_weights=curve, k=count)
        picked_callers = choices(callers, cum_weights=storm_caller_cum if stormy else caller_cum, k=count)
        public_share = 0.30 if stormy else 0.12
        for hour, caller in zip(picked_hours, picked_callers, strict=True):
            local = dt.datetime(
                day.year, day.month, day.day, hour, int(random_() * 60), int(random_() * 60), tzinfo=tz
            )
            start = local.astimezone(UTC)
            roll = random_()
            if lines and roll < public_share:
                line = choices(lines, cum_weights=storm_line_cum if stormy else line_cum)[0]
                seconds = max(5, int(math.exp(gauss(4.4, 0.8))))
                out.append(
                    _row(
                        getrandbits,
                        start,
                        seconds,
                        "ucap_in",
                        None,
                        _external(rng, external_area_codes),
                        line.number,
                        line.operator,
                        "Service",
                    )
                )
                continue
            seconds = max(3, min(10_800, int(math.exp(gauss(5.1, 0.95)))))
            other = _external(rng, external_area_codes)
            if roll < public_share + 0.44:
                kind, caller_no, callee_no = "user_in", other, caller.number
            elif roll < 0.985:
                kind, caller_no, callee_no = "user_out", caller.number, other
            else:
                kind = ("user_out_transfer", "user_out_forwarding", "conf_in", "emergency_out")[
                    int(random_() * 4)
                ]
                caller_no, callee_no = (
                    (caller.number, "+1911") if kind == "emergency_out" else (caller.number, other)
                )
            out.append(
                _row(
                    getrandbits,
                    start,
                    seconds,
                    kind,
                    caller,
                    caller_no,
                    callee_no,
                    caller.operator,
                    "Subscriber",
                )
            )
            tally = activity[(caller.user_id, day)]
            tally[0] += 1
            tally[1] += seconds
    out.sort(key=lambda r: r.startDateTime)
    return out, {key: (v[0], v[1]) for key, v in activity.items()}


def _row(
    getrandbits: Callable[[int], int],
    start: dt.datetime,
    seconds: int,
    kind: str,
    caller: Caller | None,
    caller_no: str,
    callee_no: str,
    operator: str,
    inventory: str,
) -> PstnCall:
    bits = getrandbits
    international = callee_no.startswith("+44") or callee_no.startswith("+52")
    return PstnCall(
        id=str(uuid.UUID(int=bits(128), version=4)),
        callId=str(uuid.UUID(int=bits(128), version=4)),
        userId=caller.user_id if caller else None,
        userPrincipalName=caller.upn if caller else None,
        userDisplayName=caller.display_name if caller else None,
        startDateTime=start,
        endDateTime=start + dt.timedelta(seconds=seconds),
        duration=seconds,
        # quirk: Operator Connect minutes are billed by the operator; Microsoft's charge fields stay 0.
        charge=0.0,
        connectionCharge=0.0,
        currency="USD",
        callType=kind,
        calleeNumber=callee_no,
        callerNumber=caller_no,
        destinationContext="International" if international else "Domestic",
        destinationName="United States",
        conferenceId=None,
        licenseCapability="MCOEV_VIRTUALUSER" if caller is None else "MCOEV",
        inventoryType=inventory,
        operator=operator,
        usageCountryCode="US",
        tenantCountryCode="US",
        callDurationSource="operator",
    )


def generate_activity(
    rng: random.Random,
    user_ids: Sequence[str],
    first_day: dt.date,
    last_day: dt.date,
    pstn: dict[tuple[str, dt.date], tuple[int, int]],
) -> list[UserActivityDay]:
    """Teams activity consistent with the PSTN log: calls and audio at least the PSTN share, plus VoIP."""
    out = []
    day = first_day
    while day <= last_day:
        workday = day.weekday() < 5
        for user_id in user_ids:
            calls, seconds = pstn.get((user_id, day), (0, 0))
            if not workday and not calls:
                continue
            voip = rng.randrange(0, 4) if workday else 0
            meetings = rng.randrange(0, 4) if workday else 0
            voip_seconds = sum(int(rng.expovariate(1 / 240)) for _ in range(voip))
            meeting_seconds = meetings * rng.choice((900, 1800, 2700, 3600))
            out.append(
                UserActivityDay(
                    userId=user_id,
                    day=day,
                    callCount=calls + voip,
                    meetingCount=meetings,
                    teamChatMessages=rng.randrange(0, 12) if workday else 0,
                    privateChatMessages=rng.randrange(0, 30) if workday else 0,
                    audioSeconds=seconds + voip_seconds + meeting_seconds,
                    videoSeconds=int(meeting_seconds * rng.uniform(0.2, 0.7)),
                    screenShareSeconds=int(meeting_seconds * rng.uniform(0.0, 0.3)),
                )
            )
        day += dt.timedelta(days=1)
    return out


def generate_direct_routing(
    rng: random.Random,
    callers: Sequence[Caller],
    first_day: dt.date,
    last_day: dt.date,
    rows: int,
    tz: ZoneInfo,
) -> list[DirectRoutingCall]:
    """A small Direct Routing log from the county's legacy SBC: mostly successful, some failures."""
    out = []
    span = (last_day - first_day).days + 1
    for _ in range(rows):
        caller = rng.choice(callers)
        day = first_day + dt.timedelta(days=rng.randrange(span))
        local = dt.datetime(
            day.year,
            day.month,
            day.day,
            rng.randrange(8, 18),
            rng.randrange(60),
            rng.randrange(60),
            tzinfo=tz,
        )
        invite = local.astimezone(UTC)
        ok = rng.random() > 0.08
        seconds = int(math.exp(rng.gauss(5.0, 0.9))) if ok else 0
        start = invite + dt.timedelta(seconds=rng.randrange(2, 15))
        out.append(
            DirectRoutingCall(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                correlationId=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                userId=caller.user_id,
                userPrincipalName=caller.upn,
                userDisplayName=caller.display_name,
                startDateTime=start if ok else invite,
                inviteDateTime=invite,
                failureDateTime=None if ok else invite + dt.timedelta(seconds=4),
                endDateTime=start + dt.timedelta(seconds=seconds) if ok else None,
                duration=seconds,
                callType=rng.choice(("ByotIn", "ByotOut")),
                successfulCall=ok,
                callerNumber=caller.number,
                calleeNumber=f"+1407555{rng.randrange(2000, 9999):04d}",
                mediaPathLocation="USEA",
                signalingLocation="USEA",
                finalSipCode=0 if ok else rng.choice((404, 486, 487, 503)),
                callEndSubReason=0 if ok else rng.choice((560404, 510486, 540487, 560503)),
                finalSipCodePhrase="BYE" if ok else "Not Found",
                trunkFullyQualifiedDomainName="sbc1.legacy.palmetto-county.example",
                mediaBypassEnabled=False,
            )
        )
    out.sort(key=lambda r: r.startDateTime)
    return out
