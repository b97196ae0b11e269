"""Every repository on SQLite and PostgreSQL: idempotence, ordering, races and guarded transitions."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

import pytest

from graph.types import ActivityRow
from store import PSTN_COLUMNS, Store
from store.migrate import current_revision, head_revision
from store.pstn_writer import PstnWriter

T0 = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)
WIDE = (T0 - dt.timedelta(days=10), T0 + dt.timedelta(days=1))


def call(
    row_id: str, start: dt.datetime | str = T0, end: dt.datetime | str | None = None, seconds: int = 60
) -> list[object]:
    """A pstn_calls row in PSTN_COLUMNS order, as the sync hands it to the writer."""
    fields: dict[str, object] = {
        "id": row_id,
        "call_id": f"c-{row_id}",
        "user_id": "u1",
        "user_principal_name": "a@x.example",
        "start_at": start,
        "end_at": end,
        "duration_seconds": seconds,
        "currency": "USD",
        "call_type": "user_out",
        "callee_number": "+13215550100",
        "caller_number": "+13215551000",
        "operator": "Bayline",
    }
    return [fields.get(c) for c in PSTN_COLUMNS]


async def test_migrations_reach_head_and_reopen_is_idempotent(store: Store, database_url: str) -> None:
    async with store.engine.connect() as conn:
        assert await conn.run_sync(current_revision) == head_revision()
    again = await Store.open(database_url)
    await again.close()


async def test_call_rows_are_idempotent_and_stream_in_order(store: Store) -> None:
    rows = [call(f"row-{n:06d}", T0 - dt.timedelta(minutes=n)) for n in range(2500)]
    async with store.calls.pstn_writer() as writer:
        await writer.add(rows)
    resent = [call(f"row-{n:06d}", T0 - dt.timedelta(minutes=n)) for n in range(1000)]
    resent.append(call("row-000000", T0, seconds=999))
    async with store.calls.pstn_writer() as writer:
        await writer.add(resent)
    assert await store.calls.pstn_totals(*WIDE) == (2500, 2500 * 60)  # nothing doubled or overwritten
    seen = []
    async for chunk in store.calls.iter_pstn_rows(*WIDE, ("id", "start_at", "duration_seconds"), chunk=700):
        assert len(chunk) <= 700
        seen.extend(tuple(r) for r in chunk)
    assert len(seen) == 2500
    assert [r[0] for r in seen] == [f"row-{n:06d}" for n in reversed(range(2500))]  # oldest first
    assert (seen[-1][0], seen[-1][2]) == ("row-000000", 60)  # the re-sent row did not overwrite


async def test_bulk_writer_takes_wire_text_and_is_idempotent(store: Store) -> None:
    """The sync path: lists in PSTN_COLUMNS order with Graph's ISO text; boundaries compare exactly as for
    datetimes, a re-sent row changes nothing, and commits every `commit_rows` rows (both engines)."""
    rows = [
        call("t1", "2026-10-01T12:00:00Z", "2026-10-01T12:01:00Z"),
        call("t2", "2026-10-01T13:00:00Z", None),
        call("t3", "2026-10-01T13:00:00.5+00:00", None),
    ]
    async with PstnWriter(store.engine, commit_rows=2) as writer:
        await writer.add(rows[:2])
        await writer.add(rows[2:])
    async with store.calls.pstn_writer() as writer:
        await writer.add([call("t1", "2026-10-01T12:00:00Z", None, seconds=999)])
    assert await store.calls.pstn_totals(*WIDE) == (3, 180)
    assert await store.calls.pstn_totals(T0, T0 + dt.timedelta(hours=1)) == (1, 60)  # half-open
    plain = [
        tuple(r)
        async for chunk in store.calls.iter_pstn_rows(T0, T0 + dt.timedelta(days=1), ("id", "start_at"))
        for r in chunk
    ]
    assert [r[0] for r in plain] == ["t1", "t2", "t3"]
    first = plain[0][1]  # PostgreSQL: an aware datetime; SQLite: the stored UTC text
    assert first == T0 or first == "2026-10-01 12:00:00.000000"


async def test_bulk_writer_rolls_back_only_since_the_last_commit(store: Store) -> None:
    rows = [call(f"k{n}", T0 + dt.timedelta(minutes=n)) for n in range(5)]
    with pytest.raises(RuntimeError, match="network"):
        async with PstnWriter(store.engine, commit_rows=3) as writer:
            await writer.add(rows[:3])  # committed
            await writer.add(rows[3:])  # not yet
            raise RuntimeError("network went away")
    assert await store.calls.pstn_totals(*WIDE) == (3, 180)


async def test_an_expired_reservation_frees_its_number_and_person(store: Store) -> None:
    import datetime as dt

    assert await store.reservations.try_reserve(
        "+13215550100", "a@x.gov", "old", ttl=dt.timedelta(seconds=-1)
    )
    assert await store.reservations.reserved_numbers() == {}
    # The number and the person are free again for another plan; a live reservation still blocks both.
    assert await store.reservations.try_reserve("+13215550100", "b@x.gov", "new")
    assert await store.reservations.try_reserve("+13215550101", "a@x.gov", "new")
    assert not await store.reservations.try_reserve("+13215550100", "c@x.gov", "other")
    assert await store.reservations.reserved_numbers() == {
        "+13215550100": "b@x.gov",
        "+13215550101": "a@x.gov",
    }


async def test_reservations_are_never_handed_out_twice(store: Store) -> None:
    candidates = [f"+1321555{n:04d}" for n in range(1000, 1010)]
    people = [f"user{n}@x.example" for n in range(12)]
    results = await asyncio.gather(
        *(store.reservations.reserve_first(candidates, upn, "plan-a") for upn in people)
    )
    granted = [r for r in results if r]
    assert len(granted) == len(set(granted)) == 10
    assert results.count(None) == 2
    again = await store.reservations.reserve_first(candidates, people[0], "plan-b")
    assert again == results[0]  # a person keeps what they hold
    held = await store.reservations.reserved_numbers()
    assert len(held) == 10
    assert await store.reservations.release(plan_id="plan-a") == 10


async def test_journal_guards_transitions(store: Store) -> None:
    await store.journal.start("fp1", [("a", "assignNumber", "x@y"), ("b", "assignLicense", "x@y")])
    await store.journal.start("fp1", [("a", "assignNumber", "x@y")])  # re-run: no reset
    await store.journal.mark_submitted("fp1", "a", "op-1")
    assert [e.action_key for e in await store.journal.unsettled("fp1")] == ["a"]
    await store.journal.mark_done("fp1", "a")
    with pytest.raises(ValueError, match="cannot move from done to pending"):
        await store.journal.mark_pending("fp1", "a")
    await store.journal.mark_failed("fp1", "b", "LicenseNotAssigned", "no seats")
    entries = await store.journal.entries("fp1")
    assert (
        entries["a"].status == "done" and entries["a"].operation_id == "op-1" and entries["a"].attempts == 1
    )
    assert entries["b"].error_code == "LicenseNotAssigned"
    with pytest.raises(KeyError):
        await store.journal.mark_done("fp1", "missing")


async def test_audit_since_filter(store: Store) -> None:
    await store.audit.append(
        actor="ann",
        action="assignNumber",
        target="a@x",
        result="done",
        before={"number": None},
        after={"number": "+13215550100"},
        run_id="r1",
    )
    events = await store.audit.list()
    assert events[0].after == {"number": "+13215550100"} and events[0].at.tzinfo is not None
    assert await store.audit.list(since=events[0].at + dt.timedelta(seconds=1)) == []


async def test_sync_state_round_trip(store: Store) -> None:
    assert await store.sync_state.get("pstn") is None
    await store.sync_state.set("pstn", T0)
    await store.sync_state.set("pstn", T0 + dt.timedelta(days=1))
    assert await store.sync_state.get("pstn") == T0 + dt.timedelta(days=1)


async def test_only_one_holder_of_a_job_lock(store: Store, database_url: str) -> None:
    other = await Store.open(database_url)
    try:
        async with store.locks.hold("weekly-report") as first:
            async with other.locks.hold("weekly-report") as second:
                assert first and not second
        async with other.locks.hold("weekly-report") as after:
            assert after
    finally:
        await other.close()


async def test_directory_snapshot_is_replaced_whole(store: Store) -> None:
    row = {
        "id": "u1",
        "user_principal_name": "a@x",
        "display_name": "A",
        "department": "Clerk",
        "office_location": None,
        "city": "Cedar Bay",
        "has_teams_phone": True,
        "account_type": "user",
    }
    await store.directory.replace_users([row, {**row, "id": "u2"}])
    await store.directory.replace_users([row])
    assert [u["id"] for u in await store.directory.users()] == ["u1"]


async def test_activity_upsert_is_keyed(store: Store) -> None:
    row = ActivityRow(
        report_refresh_date=dt.date(2026, 11, 1),
        user_id="u1",
        user_principal_name="a@x",
        last_activity_date=None,
        is_deleted=False,
        assigned_products=(),
        call_count=3,
        meeting_count=1,
        team_chat_message_count=0,
        private_chat_message_count=0,
        audio_seconds=60,
        video_seconds=0,
        screen_share_seconds=0,
        is_licensed=True,
        report_period="7",
    )
    day = dt.date(2026, 10, 30)
    await store.activity.upsert_day(day, [row, replace(row, user_principal_name="b@x", audio_seconds=30)])
    await store.activity.upsert_day(day, [replace(row, audio_seconds=90)])  # a re-read day replaces a@x
    await store.activity.upsert_day(day + dt.timedelta(days=1), [replace(row, audio_seconds=0)])
    assert await store.activity.daily_audio(day, day + dt.timedelta(days=5)) == {
        day: 90 + 30,
        day + dt.timedelta(days=1): 0,  # a day with a report is there even when nobody talked
    }
    assert await store.activity.daily_audio(day + dt.timedelta(days=2), day + dt.timedelta(days=5)) == {}
