"""Approvals on both engines: a request is decided once, never after it expired, and expiry is recorded."""

from __future__ import annotations

import asyncio
import datetime as dt

from store import Store

T0 = dt.datetime(2026, 12, 2, 6, 0, tzinfo=dt.UTC)
TTL = dt.timedelta(minutes=30)


async def _request(store: Store) -> str:
    approval = await store.approvals.request(
        action="emergency.activate",
        target="hurricane",
        payload={"mode": "hurricane", "message": None},
        requested_by="ann@county.example (aad-ann)",
        requester_id="aad-ann",
        ttl=TTL,
        at=T0,
    )
    return approval.id


async def test_a_request_is_decided_once(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        approval_id = await _request(store)
        stored = await store.approvals.get(approval_id)
        assert stored is not None and stored.state == "pending"
        assert stored.expires_at == T0 + TTL
        at = T0 + dt.timedelta(minutes=5)
        first, second = await asyncio.gather(
            store.approvals.decide(approval_id, "approved", by="bob", at=at),
            store.approvals.decide(approval_id, "approved", by="cy", at=at),
        )
        assert sorted([first, second]) == [False, True]
        decided = await store.approvals.get(approval_id)
        assert decided is not None and decided.state == "approved"
        assert decided.decided_by in {"bob", "cy"}
        assert decided.decided_at == at
    finally:
        await store.close()


async def test_an_expired_request_cannot_be_approved(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        approval_id = await _request(store)
        late = T0 + TTL + dt.timedelta(seconds=1)
        assert await store.approvals.pending(at=T0 + dt.timedelta(minutes=29)) != []
        assert not await store.approvals.decide(approval_id, "approved", by="bob", at=late)
        assert await store.approvals.pending(at=late) == []
        expired = await store.approvals.get(approval_id)
        assert expired is not None and expired.state == "expired" and expired.decided_by is None
    finally:
        await store.close()


async def test_unknown_request_is_not_decided(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        assert await store.approvals.get("nope") is None
        assert not await store.approvals.decide("nope", "approved", by="bob")
    finally:
        await store.close()
