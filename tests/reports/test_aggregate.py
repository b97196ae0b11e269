"""Every aggregate checked against an independent computation (SQL GROUP BY in SQLite) on the same raw
rows; DST; concealed names; empty periods; headline formatting."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections import Counter
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from reports.aggregate import ROW_COLUMNS, Aggregator, Directory, Person, Usage, direction, summarise, top
from reports.calling import Calling, calling_figures
from reports.errors import BadPeriod
from reports.headline import headline, human
from reports.periods import Period, check_period_name, explicit_period, named_period

UTC = dt.UTC
NY = "America/New_York"
TYPES = ["user_in", "user_out", "ucap_in", "user_out_transfer", "conf_in", "emergency_out"]


def aggregate(rows: list[dict[str, Any]], period: Period, directory: Directory) -> Usage:
    """Test rows are mappings for readability; the aggregator takes tuples in ROW_COLUMNS order."""
    aggregator = Aggregator(period, directory)
    aggregator.add_rows(tuple(row.get(c) for c in ROW_COLUMNS) for row in rows)
    return aggregator.usage


def make_rows(seed: int, n: int, start: dt.datetime, days: int) -> tuple[list[dict[str, Any]], Directory]:
    rng = random.Random(seed)
    people = {
        f"u{i}": Person(
            f"u{i}@x.example",
            f"U {i}",
            rng.choice(["Clerk", "Tax", "Fire", None]),
            rng.choice(["Cedar Bay", "Lakeview"]),
            rng.random() < 0.9,
        )
        for i in range(30)
    }
    lines = {"+13215550100": "Main Line", "+13215550101": "Fire Fee"}
    rows = []
    for k in range(n):
        call_type = rng.choice(TYPES)
        user = (
            None
            if call_type == "ucap_in"
            else rng.choice([*people, "ghost", "A1B2C3D4E5F60718293A4B5C6D7E8F90"])
        )
        rows.append(
            {
                "id": f"r{k}",
                "start_at": start + dt.timedelta(seconds=rng.randrange(days * 86400)),
                "duration_seconds": rng.randrange(0, 3600),
                "call_type": call_type,
                "user_id": user,
                "user_principal_name": user,
                "callee_number": rng.choice([*lines, "+14075559999"]),
                "caller_number": "+14075551234",
                "operator": rng.choice(["Bayline", "Coastal", None]),
                "charge": rng.choice([0.0, 0.25]),
                "connection_charge": 0.0,
                "currency": "USD",
            }
        )
    return rows, Directory(people, lines)


def sql(
    rows: list[dict[str, Any]], directory: Directory, period: Period, query: str
) -> list[tuple[Any, ...]]:
    """The independent side: the same rows in SQLite, filtered and grouped by SQL."""
    start, end = period.utc_bounds()
    db = sqlite3.connect(":memory:")
    db.execute(
        "create table c(start text, seconds int, type text, user text, callee text, operator text, charge real)"
    )
    db.execute("create table p(id text, department text, office text)")
    db.executemany(
        "insert into c values (?,?,?,?,?,?,?)",
        [
            (
                r["start_at"].isoformat(),
                r["duration_seconds"],
                r["call_type"],
                r["user_id"],
                r["callee_number"],
                r["operator"],
                r["charge"],
            )
            for r in rows
            if start <= r["start_at"] < end
        ],
    )
    db.executemany(
        "insert into p values (?,?,?)", [(k, v.department, v.office) for k, v in directory.people.items()]
    )
    return db.execute(query).fetchall()


@pytest.fixture(scope="module")
def sample() -> tuple[list[dict[str, Any]], Directory, Period]:
    rows, directory = make_rows(7, 6000, dt.datetime(2026, 9, 20, tzinfo=UTC), 60)
    return rows, directory, explicit_period(dt.date(2026, 10, 1), dt.date(2026, 11, 10), NY)


def test_totals_and_directions(sample: tuple[list[dict[str, Any]], Directory, Period]) -> None:
    rows, directory, period = sample
    usage = aggregate(rows, period, directory)
    [(calls, seconds)] = sql(rows, directory, period, "select count(*), sum(seconds) from c")
    assert (usage.total.calls, usage.total.seconds) == (calls, seconds)
    inbound = sql(
        rows, directory, period, "select sum(seconds) from c where type in ('user_in','ucap_in','conf_in')"
    )[0][0]
    assert usage.by_direction["inbound"].seconds == inbound
    assert sum(b.seconds for b in usage.by_direction.values()) == seconds


@pytest.mark.parametrize(
    ("attribute", "query"),
    [
        ("by_call_type", "select type, count(*), sum(seconds) from c group by type"),
        ("by_carrier", "select coalesce(operator, '(unknown)'), count(*), sum(seconds) from c group by 1"),
        (
            "by_department",
            "select coalesce(p.department, '(unknown)'), count(*), sum(seconds) from c left join p on p.id = c.user "
            "where c.user is not null group by 1",
        ),
        (
            "by_office",
            "select coalesce(p.office, '(unknown)'), count(*), sum(seconds) from c left join p on p.id = c.user "
            "where c.user is not null group by 1",
        ),
        (
            "by_line",
            "select case callee when '+13215550100' then 'Main Line' when '+13215550101' then 'Fire Fee' else callee end,"
            " count(*), sum(seconds) from c where type = 'ucap_in' group by 1",
        ),
    ],
)
def test_breakdowns_match_sql(
    sample: tuple[list[dict[str, Any]], Directory, Period], attribute: str, query: str
) -> None:
    rows, directory, period = sample
    usage = aggregate(rows, period, directory)
    ours = {k: (b.calls, b.seconds) for k, b in getattr(usage, attribute).items()}
    assert ours == {k: (calls, seconds) for k, calls, seconds in sql(rows, directory, period, query)}


def test_minutes_per_staff_per_day_and_definition(
    sample: tuple[list[dict[str, Any]], Directory, Period],
) -> None:
    rows, directory, period = sample
    usage = aggregate(rows, period, directory)
    summary = summarise(usage, directory, aggregate(rows, period.previous(), directory))
    staff = sum(1 for p in directory.people.values() if p.has_teams_phone)
    user_seconds = sql(rows, directory, period, "select sum(seconds) from c where user is not null")[0][0]
    assert summary.staff == staff
    assert summary.minutes_per_staff_per_day == pytest.approx(user_seconds / 60 / staff / period.days)
    assert f"the {staff} people licensed for Teams Phone" in summary.staff_definition
    assert summary.previous_minutes is not None


def test_days_and_hours_are_local_across_dst() -> None:
    # 2026-11-01 06:30 UTC is 01:30 EST (after the fall-back at 06:00 UTC); 05:30 UTC is 01:30 EDT.
    rows = [
        {
            "start_at": dt.datetime(2026, 11, 1, h, 30, tzinfo=UTC),
            "duration_seconds": 60,
            "call_type": "user_out",
            "user_id": None,
        }
        for h in (3, 5, 6, 7)
    ]
    period = explicit_period(dt.date(2026, 10, 31), dt.date(2026, 11, 1), NY)
    usage = aggregate(rows, period, Directory({}, {}))
    assert {d.isoformat(): b.calls for d, b in usage.by_day.items()} == {"2026-10-31": 1, "2026-11-01": 3}
    assert {k: b.calls for k, b in usage.hour_of_week.items()} == {(5, 23): 1, (6, 1): 2, (6, 2): 1}
    start, end = period.utc_bounds()
    assert end - start == dt.timedelta(hours=49)  # the fall-back day has 25 hours


def test_concealed_names_are_counted_but_not_attributed(
    sample: tuple[list[dict[str, Any]], Directory, Period],
) -> None:
    rows, directory, period = sample
    usage = aggregate(rows, period, directory)
    hashed = sql(
        rows, directory, period, "select count(*) from c where user = 'A1B2C3D4E5F60718293A4B5C6D7E8F90'"
    )[0][0]
    assert usage.concealed_rows == hashed > 0


def test_empty_period() -> None:
    period = explicit_period(dt.date(2026, 1, 1), dt.date(2026, 1, 7), NY)
    usage = aggregate([], period, Directory({}, {}))
    summary = summarise(usage, Directory({}, {}))
    assert (usage.total.calls, summary.minutes_per_staff_per_day, summary.change) == (0, 0.0, None)


def test_named_periods() -> None:
    as_of = dt.date(2026, 11, 4)  # a Wednesday
    assert named_period("last-week", as_of, NY) == Period(dt.date(2026, 10, 26), dt.date(2026, 11, 1), NY)
    assert named_period("last-month", as_of, NY) == Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31), NY)
    assert named_period("last-45-days", as_of, NY).days == 45
    for bad in ("fortnight", "last-0-days", "last--3-days", "last-x-days"):
        with pytest.raises(BadPeriod, match="unknown period"):
            named_period(bad, as_of, NY)
    assert check_period_name("last-90-days") == "last-90-days"
    with pytest.raises(ValueError, match="before"):
        explicit_period(dt.date(2026, 2, 1), dt.date(2026, 1, 1), NY)


def test_headline() -> None:
    from reports.aggregate import Summary

    # 72,000,000 s of audio + 360,000 s of voice-app calls = 1,206,000 minutes; ÷ 400 staff ÷ 45 days = 67.
    calling = Calling(45, 45, 72_000_000, 360_000, 400)
    summary = Summary(244_000, 300_000, 45, 400, 6.0, 120_000, 124_000, 212_000, "", calling)
    assert headline(summary) == (
        "1.2 M minutes of Teams calling in 45 days · 67 minutes per staff per day · "
        "PSTN 244 k minutes in 45 days (in 120 k · out 124 k) · +15% on the previous 45 days"
    )
    partial = replace(summary, calling=Calling(28, 45, 72_000_000, 360_000, 400), previous_minutes=None)
    assert headline(partial).startswith("1.2 M minutes of Teams calling in 28 of 45 days · 108 minutes per")
    assert headline(replace(summary, calling=None)) == (
        "PSTN 244 k minutes in 45 days (in 120 k · out 124 k) · 6 PSTN minutes per staff per day · "
        "+15% on the previous 45 days"
    )
    assert (human(950), human(24_400)) == ("950", "24 k")
    assert direction("ucap_in") == "inbound" and direction("user_out_forwarding") == "outbound"


def test_calling_adds_voice_app_minutes_to_audio_on_covered_days_only() -> None:
    period = explicit_period(dt.date(2026, 10, 1), dt.date(2026, 10, 10), NY)
    audio = {dt.date(2026, 9, 30): 999_999, dt.date(2026, 10, 1): 6000, dt.date(2026, 10, 2): 0}
    voice_apps = {dt.date(2026, 10, 1): 120, dt.date(2026, 10, 2): 60, dt.date(2026, 10, 3): 777}
    calling = calling_figures(period, audio, voice_apps, staff=2)
    assert calling == Calling(days=2, period_days=10, audio_seconds=6000, voice_app_seconds=180, staff=2)
    assert calling.minutes == 103 and calling.minutes_per_staff_per_day == 25.75  # 6180 s ÷ 60 ÷ 2 ÷ 2
    assert not calling.complete and "the 2 of 10 days" in calling.definition
    assert calling_figures(period, {dt.date(2026, 9, 30): 5}, voice_apps, staff=2) is None


def test_voice_app_minutes_are_split_by_local_day(
    sample: tuple[list[dict[str, Any]], Directory, Period],
) -> None:
    rows, directory, period = sample
    usage = aggregate(rows, period, directory)
    start, end = period.utc_bounds()
    expected: Counter[dt.date] = Counter()
    for r in rows:
        if start <= r["start_at"] < end and not r["user_id"]:
            expected[r["start_at"].astimezone(ZoneInfo(NY)).date()] += r["duration_seconds"]
    assert dict(usage.unattributed_by_day) == {k: v for k, v in expected.items() if v}


def test_users_days_hours_and_charges_match_a_row_by_row_computation(
    sample: tuple[list[dict[str, Any]], Directory, Period],
) -> None:
    """The independent side converts each row's time on its own (the aggregator converts per minute)."""
    rows, directory, period = sample
    usage = aggregate(rows, period, directory)
    start, end = period.utc_bounds()
    zone = ZoneInfo(period.tz)
    users: Counter[str] = Counter()
    days: Counter[dt.date] = Counter()
    hours: Counter[tuple[int, int]] = Counter()
    charges = 0.0
    for r in rows:
        if not start <= r["start_at"] < end:
            continue
        local = r["start_at"].astimezone(zone)
        days[local.date()] += r["duration_seconds"]
        hours[(local.weekday(), local.hour)] += r["duration_seconds"]
        if r["user_id"]:
            person = directory.people.get(r["user_id"])
            users[person.upn if person else r["user_principal_name"]] += r["duration_seconds"]
        charges += r["charge"] + r["connection_charge"]
    assert {k: b.seconds for k, b in usage.by_user.items()} == dict(users)
    assert {k: b.seconds for k, b in usage.by_day.items()} == dict(days)
    assert {k: b.seconds for k, b in usage.hour_of_week.items()} == dict(hours)
    assert usage.charges["USD"] == pytest.approx(charges)
    assert top(usage.by_user, 3) == sorted(usage.by_user.items(), key=lambda kv: (-kv[1].seconds, kv[0]))[:3]


def test_store_tuples_with_text_times_aggregate_like_mappings(
    sample: tuple[list[dict[str, Any]], Directory, Period],
) -> None:
    """The report's path (tuples, UTC text as SQLite stores it) and the mapping path agree exactly."""
    rows, directory, period = sample
    as_mappings = aggregate(rows, period, directory)
    aggregator = Aggregator(period, directory)
    aggregator.add_rows(
        tuple(
            r[c].astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if c == "start_at" else r.get(c)
            for c in ROW_COLUMNS
        )
        for r in rows
    )
    assert aggregator.usage == as_mappings
