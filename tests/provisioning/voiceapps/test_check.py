"""`voiceapps check` findings on the Lakeview fixture, each worked out by hand from the fixture's design."""

from __future__ import annotations

from dataclasses import replace

from provisioning.voiceapps.check import check
from provisioning.voiceapps.model import Person
from tests.provisioning.voiceapps.lakeview import lakeview


def test_every_kind_of_waste_and_risk_is_found() -> None:
    found = [(f.code, f.subject) for f in check(lakeview())]
    assert found == [
        ("aa-no-holidays", "English Services"),
        ("dead-end", "English Services"),  # press 7 → an RA associated with nothing
        ("numbers-free", "1 number"),
        ("operator-left", "Servicios en Español"),  # its operator's account is gone from the directory
        ("queue-over-20-users", "Customer Service"),  # 21 direct users
        ("queue-unanswered", "Library Help"),
        ("queue-unanswered", "Night Desk"),
        ("queue-unanswered", "Records Requests"),
        ("ra-unassociated", "old-hotline@lakeview.gov"),
        ("ra-unlicensed", "permits@lakeview.gov"),
    ]


def test_findings_say_where_and_why() -> None:
    by_code = {f.code: f for f in check(lakeview())}
    assert by_code["dead-end"].message == (
        "English Services, business hours (English menu), press 7 leads nowhere"
        " (resource account old-hotline@lakeview.gov)"
    )
    assert by_code["numbers-free"].items == ("+15615550190",)
    assert "+15615550104" in by_code["ra-unassociated"].message


def test_an_operator_whose_account_was_disabled_has_left_too() -> None:
    apps = lakeview()
    people = tuple(replace(p, enabled=False) if p.upn == "frank@lakeview.gov" else p for p in apps.people)
    found = {(f.code, f.subject) for f in check(replace(apps, people=people))}
    assert ("operator-left", "Main Line") in found
    assert ("operator-left", "English Services") in found


def test_a_queue_whose_only_agent_opted_out_is_unanswered() -> None:
    apps = lakeview()
    permits = apps.call_queue("Permits")
    assert permits is not None
    opted_out = replace(permits, agents=tuple(replace(a, opt_in=False) for a in permits.agents))
    queues = tuple(opted_out if q.name == "Permits" else q for q in apps.call_queues)
    found = [f for f in check(replace(apps, call_queues=queues)) if f.subject == "Permits"]
    assert [f.message for f in found] == ["Permits has no agent opted in: callers get its no-agent action"]


def test_a_clean_set_up_has_no_findings() -> None:
    apps = lakeview()
    main, eoc = apps.auto_attendant("Main Line"), apps.call_queue("EOC Intake")
    assert main is not None and eoc is not None
    menu = replace(
        main.default_flow.menu, options=tuple(o for o in main.default_flow.menu.options if not o.target)
    )
    main = replace(main, default_flow=replace(main.default_flow, menu=menu))  # keeps 9 (announcement), 0
    clean = replace(
        apps,
        auto_attendants=(main,),
        call_queues=(eoc,),
        resource_accounts=tuple(ra for ra in apps.resource_accounts if ra.app == "Main Line"),
        free_numbers=(),
        people=(Person("frank@lakeview.gov", "Frank Ortiz"), Person("erin@lakeview.gov", "Erin Engineer")),
    )
    assert check(clean) == []


def test_keys_beside_an_automatic_option_can_never_be_pressed() -> None:
    apps = lakeview()
    main = apps.auto_attendant("Main Line")
    assert main is not None
    after = main.flow("After hours")
    assert after is not None
    operator = main.default_flow.menu.option("0")
    assert operator is not None
    both = replace(after, menu=replace(after.menu, options=(operator, *after.menu.options)))
    main = replace(main, flows=tuple(both if f.name == "After hours" else f for f in main.flows))
    found = [f for f in check(replace(apps, auto_attendants=(main,))) if f.code == "keys-unreachable"]
    assert [f.message for f in found] == [
        "Main Line, after hours (After hours): key 0 is never offered, the Automatic option runs without"
        " waiting for input"
    ]
