"""How a plan's wanted voice apps are put together: RA `auto` numbers as allocation claims and filled
from the allocation, pop-up additions appended after the file's items (their indices, hence file:line,
unchanged) or merged by the source's own function, and the groups the plan must read."""

from __future__ import annotations

from provisioning.voice_wanted import VoiceExtra, group_names, merged, ra_claims, with_numbers
from provisioning.voiceapps.model import (
    CallQueue,
    DialScope,
    QueueException,
    ResourceAccount,
    Target,
    VoiceApps,
)

AUTO = ResourceAccount("a@county.gov", "A", "call_queue", pool="voice-apps")
FIXED = ResourceAccount("b@county.gov", "B", "call_queue", number="+15615550100")
FREE = ResourceAccount("c@county.gov", "C", "call_queue")


def test_auto_accounts_claim_a_pool_number_and_explicit_ones_keep_theirs_out_of_it() -> None:
    claims = ra_claims(VoiceApps(resource_accounts=(AUTO, FIXED, FREE)))
    assert [(c.upn, c.number, c.pool) for c in claims] == [
        ("a@county.gov", "auto", "voice-apps"),
        ("b@county.gov", "+15615550100", None),
    ]


def test_allocated_numbers_fill_auto_accounts_and_a_dry_pool_leaves_none() -> None:
    voice = with_numbers(VoiceApps(resource_accounts=(AUTO, FIXED)), {"a@county.gov": "+15615550199"})
    assert voice is not None
    assert [ra.number for ra in voice.resource_accounts] == ["+15615550199", "+15615550100"]
    dry = with_numbers(VoiceApps(resource_accounts=(AUTO,)), {})
    assert dry is not None and dry.resource_accounts[0].number is None


def test_additions_follow_the_files_items_and_a_merge_function_replaces_appending() -> None:
    file = VoiceApps(call_queues=(CallQueue("Permits"),))
    extra = VoiceExtra(additions=VoiceApps(call_queues=(CallQueue("Pop-up"),)))
    both = merged(file, extra)
    assert both is not None and [q.name for q in both.call_queues] == ["Permits", "Pop-up"]
    own = merged(file, VoiceExtra(merge=lambda v: VoiceApps(call_queues=(CallQueue("Only"),))))
    assert own is not None and [q.name for q in own.call_queues] == ["Only"]
    assert merged(None, None) is None


def test_the_groups_a_plan_reads_are_agent_groups_dial_scopes_and_shared_voicemails() -> None:
    from provisioning.voiceapps.model import AutoAttendant, CallFlow

    overflow = QueueException("shared_voicemail", Target("shared_voicemail", "Permits Team"), 50)
    queue = CallQueue("Permits", groups=("Permits Staff",), overflow=overflow)
    aa = AutoAttendant("Main", "en-US", "Eastern Standard Time", CallFlow("Default"),
                       dial_scope=DialScope(("All Staff",), ("Executives",)))  # fmt: skip
    assert group_names(VoiceApps(auto_attendants=(aa,), call_queues=(queue,))) == [
        "All Staff",
        "Executives",
        "Permits Staff",
        "Permits Team",
    ]
