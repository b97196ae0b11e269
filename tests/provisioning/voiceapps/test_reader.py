"""The reader's pure helpers: which groups to ask Graph about, and RA licences from Graph users."""

from __future__ import annotations

from graph.types import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT, User
from provisioning.voiceapps.reader import dial_scope_group_ids, licences
from tests.provisioning.voiceapps.lakeview import raw_state


def test_dial_scope_groups_are_collected_once_in_order() -> None:
    document = raw_state()
    document["AutoAttendants"][0]["DirectoryLookupScope"] = {
        "InclusionScope": {"Type": "Group", "GroupScope": {"GroupIds": ["g-exec", "g-new"]}}
    }
    assert dial_scope_group_ids(document) == ["g-exec", "g-new", "g-staff"]


def test_licences_come_from_the_ra_users_skus_and_unknown_ras_are_left_out() -> None:
    users = [
        User("ra-main", "main@lakeview.gov", assigned_sku_ids=frozenset({SKU_TEAMS_PHONE_RESOURCE_ACCOUNT})),
        User("ra-permits", "permits@lakeview.gov", assigned_sku_ids=frozenset({"another-sku"})),
        User("u-frank", "frank@lakeview.gov", assigned_sku_ids=frozenset({SKU_TEAMS_PHONE_RESOURCE_ACCOUNT})),
    ]
    assert licences(raw_state(), users) == {"ra-main": True, "ra-permits": False}
