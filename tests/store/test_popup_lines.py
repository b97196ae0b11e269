"""Pop-up lines on SQLite and PostgreSQL: one live line per name, closed rows reused, guarded state
changes, and two admins opening the same name at once."""

from __future__ import annotations

import asyncio
import datetime as dt

from store import PopupRecord, Store, line_key

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def record(name: str = "Fire Services Fee", **values: object) -> PopupRecord:
    fields: dict[str, object] = {
        "key": line_key(name),
        "name": name,
        "state": "opening",
        "request": {"agents": ["ana@county.gov"], "hours": "Mon-Fri 08:00-17:00"},
        "desired": None,
        "number": None,
        "owner": "owner@county.gov",
        "until": dt.date(2026, 12, 31),
        "opened_by": "admin@county.gov",
        "created_at": T0,
    }
    fields.update(values)
    return PopupRecord(**fields)  # type: ignore[arg-type]


async def test_claim_creates_once_and_returns_the_live_line(store: Store) -> None:
    stored, created = await store.popups.claim(record())
    assert created
    assert stored.state == "opening"
    assert stored.until == dt.date(2026, 12, 31)
    assert stored.created_at == T0
    assert stored.request == {"agents": ["ana@county.gov"], "hours": "Mon-Fri 08:00-17:00"}
    again, created_again = await store.popups.claim(record(opened_by="other@county.gov"))
    assert not created_again
    assert again.opened_by == "admin@county.gov"  # the first admin's line, untouched


async def test_names_are_one_line_whatever_their_case_and_spacing(store: Store) -> None:
    await store.popups.claim(record("Fire Services Fee"))
    found = await store.popups.get("  fire   SERVICES fee ")
    assert found is not None
    assert found.name == "Fire Services Fee"
    assert await store.popups.get("Fire Fee") is None


async def test_a_closed_line_is_not_listed_and_its_name_can_be_opened_again(store: Store) -> None:
    stored, _ = await store.popups.claim(record())
    await store.popups.claim(record("Storm Debris"))
    await store.popups.change(stored, state="closed", closed_at=T0, closed_by="admin@county.gov")
    assert [line.name for line in await store.popups.list()] == ["Storm Debris"]
    assert {line.state for line in await store.popups.list(include_closed=True)} == {"closed", "opening"}
    reopened, created = await store.popups.claim(record(opened_by="second@county.gov"))
    assert created
    assert (reopened.state, reopened.opened_by, reopened.closed_at) == ("opening", "second@county.gov", None)


async def test_a_guarded_change_does_nothing_when_the_state_moved_on(store: Store) -> None:
    stored, _ = await store.popups.claim(record())
    opened = await store.popups.change(stored, expect=("opening",), state="open", number="+13215550199")
    assert opened is not None
    assert opened.number == "+13215550199"
    assert await store.popups.change(stored, expect=("opening",), state="closed") is None
    now = await store.popups.get(stored.name)
    assert now is not None
    assert (now.state, now.number) == ("open", "+13215550199")


async def test_two_admins_opening_the_same_name_at_once_create_one_line(database_url: str) -> None:
    stores = [await Store.open(database_url) for _ in range(2)]
    try:
        results = await asyncio.gather(
            *(s.popups.claim(record(opened_by=f"admin{i}@county.gov")) for i, s in enumerate(stores))
        )
        assert sorted(created for _, created in results) == [False, True]
        assert len({stored.opened_by for stored, _ in results}) == 1
    finally:
        for s in stores:
            await s.close()
