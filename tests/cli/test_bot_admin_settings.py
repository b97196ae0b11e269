"""bot serve's admin wiring from settings: no admin group and no agency → no admin side; the policy carries
the approval settings; a missing phone-system file is a clear message when an admin asks for modes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from bot import Agency
from cli.bot import modes_of, policy_of
from cli.context import Services
from cli.settings import Settings
from provisioning import InvalidInput


def test_no_admin_group_means_no_admin_side() -> None:
    assert policy_of(Settings()) is None


def test_policy_from_settings() -> None:
    settings = Settings(
        bot_admin_group="Teams Phone Admins",
        bot_agency_admins="Sheriff IT Admins=Sheriff's Office|Detention",
        bot_emergency_approval=True,
        bot_approval_ttl_minutes=15,
        bot_admin_cache_s=60,
    )
    policy = policy_of(settings)
    assert policy is not None
    assert policy.admin_group == "Teams Phone Admins"
    assert policy.agencies == (Agency("Sheriff IT Admins", frozenset({"Sheriff's Office", "Detention"})),)
    assert (policy.approval_required, policy.approval_ttl_s, policy.cache_s) == (True, 900.0, 60.0)


async def test_a_missing_phone_system_file_is_named(tmp_path: Path) -> None:
    settings = Settings(bot_phone_system=str(tmp_path / "nope.yaml"))
    services = cast(Services, _NoServices())
    assert modes_of(Settings(), services, cast(Any, None)) is None
    modes = modes_of(settings, services, cast(Any, None))
    assert modes is not None
    with pytest.raises(InvalidInput, match=r"the phone-system file: .*nope\.yaml: no such file"):
        await modes.preview("eoc", None)


class _NoServices:
    graph = None
    store = None
