"""Conversation references over real HTTP: signed activities posted to the bot, the store read back.
Captured on install (personal and in a team), refreshed on each message, removed on uninstall."""

from __future__ import annotations

from sandbox.botframework import service_url
from tests.bot.conftest import APP_ID
from tests.bot.delivery_rig import (
    GROUP,
    REPORTS_CHANNEL,
    TEAM,
    Rig,
    activity,
    delivery_rig,
    in_team,
    person,
)

__all__ = ["delivery_rig"]


async def test_a_personal_install_is_kept_with_the_upn_refreshed_and_removed(delivery_rig: Rig) -> None:
    rig = delivery_rig
    sb, who = rig.sandbox, person(rig.sandbox)
    install = activity(sb, who, type="installationUpdate", action="add", text=None)
    assert await rig.post(install) == 201
    chat = await rig.store.conversations.personal(upn=who.userPrincipalName)
    assert chat is not None and chat.conversation_id == f"a:personal-{who.id}"
    assert chat.user_id == f"29:{who.id}" and chat.tenant_id == sb.state.tenantId
    assert chat.reference["conversation"]["id"] == chat.conversation_id
    assert chat.reference["serviceUrl"] == service_url(sb.root_url)
    # The next message arrives through another region: the stored service URL follows it.
    emea = service_url(sb.root_url, "emea")
    assert await rig.post(activity(sb, who, serviceUrl=emea)) == 201
    moved = await rig.store.conversations.personal(aad_object_id=who.id)
    assert moved is not None and moved.service_url == emea
    assert moved.user_principal_name == who.userPrincipalName.lower()  # learnt on install, kept
    uninstall = activity(sb, who, type="installationUpdate", action="remove", text=None, serviceUrl=emea)
    assert await rig.post(uninstall) == 201
    assert await rig.store.conversations.personal(aad_object_id=who.id) is None


async def test_a_team_install_is_kept_per_channel_and_goes_when_the_bot_is_removed(delivery_rig: Rig) -> None:
    rig = delivery_rig
    sb, who = rig.sandbox, person(rig.sandbox)
    added = in_team(sb, who, type="conversationUpdate", text=None, membersAdded=[{"id": f"28:{APP_ID}"}])
    assert await rig.post(added) == 201
    found = await rig.store.conversations.in_team(GROUP)  # settings may name the team by its Graph id
    assert found is not None and found.team_id == TEAM and found.scope == "channel"
    # A message in a thread of another channel: one row for that channel, not one per thread.
    assert await rig.post(in_team(sb, who, f"{REPORTS_CHANNEL};messageid=1700000000000")) == 201
    assert (await rig.store.conversations.get(REPORTS_CHANNEL)) is not None
    assert (await rig.store.conversations.get(f"{REPORTS_CHANNEL};messageid=1700000000000")) is None
    # The person who wrote in the channel can be reached in a 1:1 chat the bot would open.
    member = await rig.store.conversations.member(aad_object_id=who.id)
    assert member is not None and member.user_id == f"29:{who.id}"
    removed = in_team(sb, who, type="conversationUpdate", text=None, membersRemoved=[{"id": f"28:{APP_ID}"}])
    assert await rig.post(removed) == 201
    assert await rig.store.conversations.in_team(TEAM) is None
    assert await rig.store.conversations.get(REPORTS_CHANNEL) is None
