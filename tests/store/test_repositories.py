"""Every repository on SQLite and PostgreSQL: idempotence, ordering, races and guarded transitions."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

import pytest

from graph.types import ActivityRow, PstnCall
from store import Store
from store.migrate import current_revision

T0 = dt.datetime(2026, 10, 1, 12, 0, tzinfo=dt.UTC)


def call(n: int, *, minutes: int = 0) -> PstnCall:
    start = T0 + dt.timedelta(minutes=minutes)
    return PstnCall(
        id=f"row-{n:06d}",
        call_id=f"c{n}",
        user_id="u1",
        user_principal_name="a@x.example",
        user_display_name="A",
        start=start,
        end=start + dt.timedelta(seconds=60),
        duration_seconds=60,
        charge=0.0,
        connection_charge=0.0,
        currency="USD",
        call_type="user_out",
        callee_number="+13215550100",
        caller_number="+13215551000",
        destination_context="Domestic",
        destination_name="United States",
        license_capability="MCOEV",
        inventory_type="Subscriber",
        operator="Bayline",
        usage_country_code="US",
        tenant_country_code="US",
        call_duration_source="operator",
    )


async def test_migrations_reach_head_and_reopen_is_idempotent(store: Store, database_url: str) -> None:
    async with store.engine.connect() as conn:
        assert await conn.run_sync(current_revision) == "0003"
    again = await Store.open(database_url)
    await again.close()


async def test_call_upsert_is_idempotent_and_streams_in_order(store: Store) -> None:
    rows = [call(n, minutes=-n) for n in range(2500)]
    await store.calls.upsert_pstn(rows)
    await store.calls.upsert_pstn(rows[:1000] + [replace(rows[0], duration_seconds=999)])
    assert await store.calls.count_pstn() == 2500
    seen = []
    async for chunk in store.calls.iter_pstn(
        T0 - dt.timedelta(days=10), T0 + dt.timedelta(days=1), chunk=700
    ):
        assert len(chunk) <= 700
        seen.extend(chunk)
    assert len(seen) == 2500
    assert [r["start_at"] for r in seen] == sorted(r["start_at"] for r in seen)
    assert seen[0]["start_at"].tzinfo is not None
    first = next(r for r in seen if r["id"] == "row-000000")
    assert first["duration_seconds"] == 60  # the re-sync did not overwrite
    low, high = await store.calls.pstn_span()
    assert low == T0 - dt.timedelta(minutes=2499) and high == T0


async def test_bulk_writer_takes_wire_text_and_is_idempotent(store: Store) -> None:
    """The sync path: lists in PSTN_COLUMNS order with Graph's ISO text; boundaries compare exactly as for
    datetimes, a re-sent row changes nothing, and commits every `commit_rows` rows (both engines)."""
    from store.calls import pstn_record
    from store.pstn_writer import PSTN_COLUMNS, PstnWriter

    base = pstn_record(call(1))

    def row(row_id: str, start: str, end: str | None, seconds: int = 60) -> list[object]:
        fields = {**base, "id": row_id, "start_at": start, "end_at": end, "duration_seconds": seconds}
        return [fields[c] for c in PSTN_COLUMNS]

    rows = [
        row("t1", "2026-10-01T12:00:00Z", "2026-10-01T12:01:00Z"),
        row("t2", "2026-10-01T13:00:00Z", None),
        row("t3", "2026-10-01T13:00:00.5+00:00", None),
    ]
    async with PstnWriter(store.engine, commit_rows=2) as writer:
        await writer.add(rows[:2])
        await writer.add(rows[2:])
    async with store.calls.pstn_writer() as writer:
        await writer.add([row("t1", "2026-10-01T12:00:00Z", None, seconds=999)])
    assert await store.calls.count_pstn() == 3
    assert await store.calls.count_pstn(T0, T0 + dt.timedelta(hours=1)) == 1
    stored = [
        r
        async for chunk in store.calls.iter_pstn(
            T0, T0 + dt.timedelta(days=1), columns=("id", "start_at", "duration_seconds")
        )
        for r in chunk
    ]
    assert [r["id"] for r in stored] == ["t1", "t2", "t3"] and stored[0]["start_at"] == T0
    assert set(stored[0]) == {"id", "start_at", "duration_seconds"} and stored[0]["duration_seconds"] == 60
    plain = [
        tuple(r)
        async for chunk in store.calls.iter_pstn_rows(T0, T0 + dt.timedelta(days=1), ("id", "start_at"))
        for r in chunk
    ]
    assert [r[0] for r in plain] == ["t1", "t2", "t3"]
    first = plain[0][1]
    assert first == T0 or str(first).startswith("2026-10-01 12:00:00")


async def test_bulk_writer_rolls_back_only_since_the_last_commit(store: Store) -> None:
    from store.calls import pstn_record
    from store.pstn_writer import PSTN_COLUMNS, PstnWriter

    base = pstn_record(call(1))
    rows = [[{**base, "id": f"k{n}"}[c] for c in PSTN_COLUMNS] for n in range(5)]
    with pytest.raises(RuntimeError, match="network"):
        async with PstnWriter(store.engine, commit_rows=3) as writer:
            await writer.add(rows[:3])  # committed
            await writer.add(rows[3:])  # not yet
            raise RuntimeError("network went away")
    assert await store.calls.count_pstn() == 3


async def test_half_open_count(store: Store) -> None:
    await store.calls.upsert_pstn([call(1, minutes=0), call(2, minutes=60)])
    assert await store.calls.count_pstn(T0, T0 + dt.timedelta(minutes=60)) == 1


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
    await store.activity.upsert([row])
    await store.activity.upsert([replace(row, call_count=4)])
    rows = await store.activity.rows(dt.date(2026, 11, 1), "7")
    assert len(rows) == 1 and rows[0]["call_count"] == 4
    assert await store.activity.latest_date("7") == dt.date(2026, 11, 1)
