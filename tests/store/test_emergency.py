"""The emergency-mode rows on both engines: one mode row (a race has one winner), one claim per object
(a second mode over a line is refused with the holder named), runner take-over only from the dead."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import subprocess
import sys

from store import Snapshot, Store

LEASE = dt.timedelta(minutes=10)
MAIN = Snapshot("auto_attendant", "aa-1", "Main Line", {"Id": "aa-1", "Name": "Main Line"})
CRISIS = Snapshot("call_queue", "cq-1", "211 Crisis Line", {"Identity": "cq-1", "OverflowThreshold": 15})
PERMITS = Snapshot("call_queue", "cq-2", "Permits", {"Identity": "cq-2"})


async def start(store: Store, mode: str, snapshots: list[Snapshot], runner: str = "r1"):  # type: ignore[no-untyped-def]
    return await store.emergency.start(
        mode,
        actor="alice",
        message="EOC",
        details={"labels": []},
        snapshots=snapshots,
        runner=runner,
        lease=LEASE,
    )


async def test_a_mode_is_stored_with_its_snapshots_and_cleared_when_finished(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        assert await start(store, "eoc", [MAIN, CRISIS]) is None
        record = await store.emergency.get("eoc")
        assert record is not None and record.state == "activating" and record.actor == "alice"
        assert record.snapshots == (MAIN, CRISIS)  # the raw objects exactly as given
        assert await store.emergency.claimed() == {"aa-1": "eoc", "cq-1": "eoc"}
        await store.emergency.set_state("eoc", "active")
        assert (await store.emergency.get("eoc")).activated_at is not None  # type: ignore[union-attr]
        await store.emergency.finish("eoc")
        assert await store.emergency.list() == [] and await store.emergency.claimed() == {}
    finally:
        await store.close()


async def test_a_second_mode_over_a_claimed_line_is_refused_with_the_holder(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        await start(store, "eoc", [MAIN, CRISIS])
        taken = await start(store, "storm", [CRISIS, PERMITS])
        assert taken is not None and taken.claims == {"211 Crisis Line": "eoc"} and taken.existing is None
        assert [r.mode for r in await store.emergency.list()] == ["eoc"]  # nothing of storm was kept
        assert await store.emergency.claimed() == {"aa-1": "eoc", "cq-1": "eoc"}
    finally:
        await store.close()


async def test_two_starts_of_one_mode_at_once_have_one_winner(database_url: str) -> None:
    stores = [await Store.open(database_url) for _ in range(2)]
    try:
        outcomes = await asyncio.gather(*(start(s, "eoc", [MAIN], f"r{i}") for i, s in enumerate(stores)))
        assert sorted(o is None for o in outcomes) == [False, True]
        loser = next(o for o in outcomes if o is not None)
        assert loser.existing is not None and loser.existing.mode == "eoc"
    finally:
        for store in stores:
            await store.close()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


async def test_a_runner_is_taken_over_only_when_gone_or_expired(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        host = socket.gethostname()
        await start(store, "eoc", [MAIN], runner=f"{host}:1:alive")  # pid 1 is always alive
        assert await store.emergency.take_over("eoc", "me", LEASE) is None
        await store.emergency.release("eoc", f"{host}:1:alive")
        assert await store.emergency.take_over("eoc", "me", LEASE) is not None
        assert (await store.emergency.get("eoc")).runner == "me"  # type: ignore[union-attr]
        await store.emergency.finish("eoc")

        await start(store, "eoc", [MAIN], runner=f"{host}:{dead_pid()}:killed")
        assert await store.emergency.take_over("eoc", "rerun", LEASE) is not None

        await store.emergency.finish("eoc")
        await start(store, "eoc", [MAIN], runner="elsewhere:42:remote")
        assert await store.emergency.take_over("eoc", "me", LEASE) is None  # another host: wait the lease
        await store.emergency.finish("eoc")
        await store.emergency.start(
            "eoc",
            actor="a",
            message=None,
            details={},
            snapshots=[MAIN],
            runner="elsewhere:42:remote",
            lease=-LEASE,
        )
        assert await store.emergency.take_over("eoc", "me", LEASE) is not None  # its lease ran out
    finally:
        await store.close()
