"""Pop-up request options: the --hours grammar, agents specs and the option checks, each bad input
refused with a message that names the option and the part that is wrong."""

from __future__ import annotations

import pytest

from provisioning.errors import InvalidInput
from provisioning.popup.request import PopupRequest, check_request, parse_agent, parse_hours
from provisioning.voiceapps.model import TimeRange


def test_weekday_range_with_one_time_range() -> None:
    hours = parse_hours("Mon-Fri 08:00-17:00")
    assert [day for day, _ in hours] == ["monday", "tuesday", "wednesday", "thursday", "friday"]
    assert {ranges for _, ranges in hours} == {(TimeRange(480, 1020),)}


def test_clauses_lists_and_split_days() -> None:
    hours = dict(parse_hours("Mon-Thu 08:00-12:00, 13:00-17:00; Fri,Sat 09:00-12:30; sunday 10:00-24:00"))
    assert hours["wednesday"] == (TimeRange(480, 720), TimeRange(780, 1020))
    assert hours["friday"] == hours["saturday"] == (TimeRange(540, 750),)
    assert hours["sunday"] == (TimeRange(600, 1440),)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Mon-Fry 08:00-17:00", "unknown day 'Fry'"),
        ("Fri-Mon 08:00-17:00", "runs backwards"),
        ("Mon-Fri 17:00-08:00", "ends before it starts"),
        ("Mon-Fri 8-17", "'8' is not a time"),
        ("Mon-Fri 08:00", "not a time range"),
        ("Mon-Fri 08:10-17:00", "quarter hour"),
        ("Mon-Fri 25:00-26:00", "'25:00' is not a time"),
        ("Mon-Fri", "give days then times"),
        ("Mon 08:00-12:00; Mon 11:00-13:00", "Monday has overlapping times"),
        ("  ", "empty"),
    ],
)
def test_bad_hours_name_the_bad_part(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match="--hours") as caught:
        parse_hours(text)
    assert says in caught.value.message


def test_agent_specs() -> None:
    assert parse_agent(" Ana@County.gov ").value == "ana@county.gov"
    assert (parse_agent("group:Permits Desk").kind, parse_agent("group:Permits Desk").value) == (
        "group",
        "Permits Desk",
    )
    assert parse_agent("Department: Tax Collector").value == "Tax Collector"
    for bad in ("ana", "team:Permits", "group:", "@county.gov"):
        with pytest.raises(InvalidInput, match="--agents"):
            parse_agent(bad)


def request(**values: object) -> PopupRequest:
    base: dict[str, object] = {"name": "Fire Services Fee", "agents": ("ana@county.gov",)}
    base.update(values)
    return PopupRequest(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "option"),
    [
        ({"number": "5550100"}, "--number"),
        ({"number": None}, "--number"),
        ({"from_aa": "Main Line"}, "--from-aa and --key"),
        ({"from_aa": "Main Line", "key": "10"}, "--key"),
        ({"after_hours": "busy"}, "--after-hours"),
        ({"hours": "Mon-Fri 08:00-17:00"}, "--voicemail-group"),
        ({"agents": ()}, "--agents"),
        ({"name": "a:b"}, "NAME"),
        ({"owner": "bob"}, "--owner"),
    ],
)
def test_bad_options_are_refused_by_name(values: dict[str, object], option: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_request(request(**values))
    assert option in caught.value.message


def test_a_good_request_gives_its_agents() -> None:
    specs = check_request(
        request(
            agents=("ana@county.gov", "department:Tax Collector"),
            number=None,
            from_aa="Main Line",
            key="7",
            hours="Mon-Fri 08:00-17:00",
            after_hours="+13215550123",
        )
    )
    assert [s.kind for s in specs] == ["user", "department"]
