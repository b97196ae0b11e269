"""A slow admin action (a real tenant takes minutes to open a line) must not hold Teams' invoke: past the
budget the card says "working on it", and the result is posted to the same chat when it is done."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.bot.admin_rig import ADMIN_GROUP, admin_rig
from tests.bot.test_admin import FIRE_FEE
from tests.conftest import SandboxFactory


async def test_open_past_the_budget_answers_now_and_posts_the_result(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    async with admin_rig(sandbox_factory, tmp_path, budget_s=0.0) as rig:
        admin = rig.members(ADMIN_GROUP)[0]
        card = await rig.execute(admin, "popup_open", **FIRE_FEE)
        assert card["body"][0]["text"] == "Working on it: Fire Services Fee"
        assert rig.bot.sent() == []  # nothing posted yet: the line is still opening

        for _ in range(300):
            if rig.bot.sent():
                break
            await asyncio.sleep(0.1)
        (posted,) = rig.bot.sent()
        assert posted.conversation_id == "a:personal-ann"
        assert posted.body["recipient"]["id"] == f"29:{admin.id}"  # to the admin who pressed the button
        (attachment,) = posted.body["attachments"]
        assert attachment["content"]["body"][0]["text"] == "Opened Fire Services Fee"
        assert "Fire Services Fee" in rig.queues()
