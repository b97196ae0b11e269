"""Conversation references, bot members and finished job runs on both engines: found the ways the jobs
look them up (a channel by its team's thread id or Graph id, a person by Entra id or UPN in any case),
refreshed without forgetting a UPN, removed on uninstall."""

from __future__ import annotations

from store import BotMember, Store, StoredConversation

SERVICE = "https://smba.trafficmanager.net/amer/"


def personal(**changes: object) -> StoredConversation:
    values: dict[str, object] = {
        "conversation_id": "a:ann",
        "scope": "personal",
        "service_url": SERVICE,
        "reference": {"conversation": {"id": "a:ann"}},
        "tenant_id": "tenant-1",
        "user_id": "29:ann",
        "aad_object_id": "aad-ann",
        "user_principal_name": "Ann.Lee@County.example",
    }
    values.update(changes)
    return StoredConversation(**values)  # type: ignore[arg-type]


def channel(conversation_id: str, team: str, group: str) -> StoredConversation:
    return StoredConversation(
        conversation_id,
        "channel",
        SERVICE,
        {"conversation": {"id": conversation_id}},
        "tenant-1",
        team_id=team,
        team_aad_group_id=group,
        channel_id=conversation_id,
    )


async def test_a_personal_chat_is_found_by_entra_id_or_upn_and_keeps_its_upn(store: Store) -> None:
    repo = store.conversations
    await repo.save(personal())
    # A later message carries no UPN and a new regional service URL: the URL moves, the UPN stays.
    await repo.save(personal(user_principal_name=None, service_url="https://smba.trafficmanager.net/emea/"))
    by_upn = await repo.personal(upn="ann.lee@county.example")
    by_id = await repo.personal(aad_object_id="aad-ann")
    assert by_upn == by_id
    assert by_upn is not None and by_upn.service_url.endswith("/emea/")
    assert by_upn.user_principal_name == "ann.lee@county.example"
    assert await repo.personal(upn="bo.kim@county.example") is None
    assert await repo.personal() is None
    await repo.remove("a:ann")
    assert await repo.personal(aad_object_id="aad-ann") is None


async def test_a_channel_is_found_by_its_teams_thread_id_or_graph_id_and_goes_with_the_team(
    store: Store,
) -> None:
    repo = store.conversations
    await repo.save(channel("19:general@thread.tacv2", "19:general@thread.tacv2", "group-guid-1"))
    await repo.save(channel("19:reports@thread.tacv2", "19:general@thread.tacv2", "group-guid-1"))
    await repo.save(channel("19:other@thread.tacv2", "19:other@thread.tacv2", "group-guid-2"))
    by_thread = await repo.in_team("19:general@thread.tacv2")
    by_group = await repo.in_team("group-guid-1")
    assert by_thread is not None and by_group is not None
    assert {by_thread.team_aad_group_id, by_group.team_id} == {"group-guid-1", "19:general@thread.tacv2"}
    assert await repo.personal(aad_object_id="aad-ann") is None  # a channel is nobody's 1:1 chat
    await repo.remove_team("19:general@thread.tacv2")
    assert await repo.in_team("group-guid-1") is None
    other = await repo.in_team("group-guid-2")
    assert other is not None and other.conversation_id == "19:other@thread.tacv2"


async def test_members_are_found_by_entra_id_or_upn(store: Store) -> None:
    repo = store.conversations
    await repo.save_member(BotMember("aad-bo", "29:bo", SERVICE, "tenant-1", "Bo.Kim@county.example"))
    await repo.save_member(BotMember("aad-bo", "29:bo", SERVICE, "tenant-1"))  # seen again, no UPN
    found = await repo.member(upn="bo.kim@COUNTY.example")
    assert found == BotMember("aad-bo", "29:bo", SERVICE, "tenant-1", "bo.kim@county.example")
    assert await repo.member(aad_object_id="aad-bo") == found
    assert await repo.member(aad_object_id="aad-nobody") is None


async def test_a_finished_run_is_remembered_per_job_and_key(store: Store) -> None:
    runs = store.job_runs
    assert not await runs.done("weekly-report", "2026-10-19")
    await runs.record("weekly-report", "2026-10-19", "folder: out/2026-10-19")
    await runs.record("weekly-report", "2026-10-19", "again")  # recording twice is harmless
    assert await runs.done("weekly-report", "2026-10-19")
    assert not await runs.done("weekly-report", "2026-10-26")
    assert not await runs.done("owner-warnings", "2026-10-19")
