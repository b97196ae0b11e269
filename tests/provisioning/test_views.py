"""Pure inventory views: type parsing, the server-side filter, and the per-city summary."""

from __future__ import annotations

import pytest

from graph.types import NumberAssignment
from provisioning.views import capability_label, filter_city, parse_number_type, server_filter, summarise


def number(
    tel: str,
    *,
    city: str | None,
    status: str = "unassigned",
    kind: str = "operatorConnect",
    caps: tuple[str, ...] = ("userAssignment",),
) -> NumberAssignment:
    return NumberAssignment(
        id=tel, telephone_number=tel, number_type=kind, assignment_status=status, capabilities=caps, city=city
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oc", "operatorConnect"),
        ("operator-connect", "operatorConnect"),
        ("DirectRouting", "directRouting"),
        ("cp", "callingPlan"),
    ],
)
def test_parse_number_type(text: str, expected: str) -> None:
    assert parse_number_type(text) == expected


def test_parse_number_type_rejects_with_choices() -> None:
    with pytest.raises(ValueError, match="operatorConnect"):
        parse_number_type("voip")


def test_server_filter_never_uses_city() -> None:
    assert server_filter(free=False, number_type=None) is None
    assert server_filter(free=True, number_type="operatorConnect") == (
        "assignmentStatus eq 'unassigned' and numberType eq 'operatorConnect'"
    )


def test_filter_city_is_case_insensitive() -> None:
    numbers = [number("+1", city="Sanford"), number("+2", city="OVIEDO"), number("+3", city=None)]
    assert [n.telephone_number for n in filter_city(numbers, "oviedo")] == ["+2"]
    assert len(filter_city(numbers, None)) == 3


def test_summary_counts_and_order() -> None:
    numbers = [
        number("+1", city="B"),
        number("+2", city="B", status="userAssigned"),
        number("+3", city="A", caps=("voiceApplicationAssignment",), status="voiceApplicationAssigned"),
        number("+4", city=None),
    ]
    rows = summarise(numbers)
    assert [(r.city, r.capability, r.free, r.assigned) for r in rows] == [
        ("(no city)", "user", 1, 0),
        ("A", "voice app", 0, 1),
        ("B", "user", 1, 1),
    ]
    assert sum(r.total for r in rows) == len(numbers)


def test_capability_labels() -> None:
    assert (
        capability_label(number("+1", city=None, caps=("userAssignment", "voiceApplicationAssignment")))
        == "user+voice app"
    )
    assert capability_label(number("+1", city=None, caps=("conferenceAssignment",))) == "conference"
    assert capability_label(number("+1", city=None, caps=())) == "other"
