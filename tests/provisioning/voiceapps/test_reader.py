"""The reader's pure helpers: which groups to ask Graph about, and RA licences from Graph users."""

from __future__ import annotations

from graph.types import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT, User
from provisioning.voiceapps.reader import dial_scope_group_ids, group_ids, licences
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


def test_group_ids_are_every_id_printed_where_a_group_name_belongs() -> None:
    document = {
        "AutoAttendants": [
            {
                "Name": "Main",
                "InclusionScope": {"GroupScope": {"GroupIds": ["g-scope"]}},
                "DefaultCallFlow": {
                    "Menu": {
                        "MenuOptions": [
                            {"CallTarget": {"Id": "g-aa-voicemail", "Type": "SharedVoicemail"}},
                            {"CallTarget": {"Id": "u-someone", "Type": "User"}},
                        ]
                    }
                },
            }
        ],
        "CallQueues": [
            {
                "Name": "EOC",
                "DistributionLists": ["g-staff", "g-scope"],
                "NoAgentAction": "SharedVoicemail",
                "NoAgentActionTarget": "g-cq-voicemail",
                "OverflowAction": "Forward",
                "OverflowActionTarget": {"Id": "u-forward", "Type": "User"},
                "TimeoutAction": "SharedVoicemail",
                "TimeoutActionTarget": {"Id": "g-timeout", "Type": "ApplicationEndpoint"},
            }
        ],
    }
    # overflow, timeout, no-agent: the order the queue settings are shown in
    assert group_ids(document) == ["g-scope", "g-staff", "g-timeout", "g-cq-voicemail", "g-aa-voicemail"]
