"""The validator itself can fail: hand-made objects that break each rule are caught."""

from __future__ import annotations

import pytest

from tests.contracts.csdl import Metadata

NUMBER = "microsoft.graph.teamsAdministration.numberAssignment"
GOOD = {
    "id": "x",
    "telephoneNumber": "+13215550100",
    "numberType": "operatorConnect",
    "activationState": "activated",
    "capabilities": ["userAssignment"],
    "operatorId": "op",
    "reverseNumberLookupOptions": [],
    "supportedCustomerActions": ["release"],
    "assignmentStatus": "unassigned",
    "@odata.etag": "w/1",
}


@pytest.fixture(scope="module")
def metadata() -> Metadata:
    return Metadata()


def test_good_object_conforms(metadata: Metadata) -> None:
    assert metadata.validate(GOOD, NUMBER) == []


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"colour": "blue"}, "not declared"),
        ({"numberType": "OperatorConnect"}, "not a member"),
        ({"capabilities": ["userAssignment", "fax"]}, "not a member"),
        ({"telephoneNumber": 13215550100}, "is not Edm.String"),
        ({"numberType": None}, "not nullable"),
        ({"capabilities": "userAssignment"}, "expected a collection"),
    ],
)
def test_each_rule_can_fail(metadata: Metadata, change: dict[str, object], fragment: str) -> None:
    problems = metadata.validate({**GOOD, **change}, NUMBER)
    assert problems and fragment in problems[0]


def test_nested_and_inherited(metadata: Metadata) -> None:
    row = {
        "id": "r",
        "duration": 60,
        "startDateTime": "2026-10-01T10:00:00Z",
        "callDurationSource": "operator",
        "charge": 0.0,
    }
    assert metadata.validate(row, "microsoft.graph.callRecords.pstnCallLogRow") == []
    assert metadata.validate(
        {**row, "startDateTime": "2026-10-01 10:00"}, "microsoft.graph.callRecords.pstnCallLogRow"
    )
    assert metadata.validate({**row, "duration": 2**40}, "microsoft.graph.callRecords.pstnCallLogRow")
    config = {"id": "u", "telephoneNumbers": [{"telephoneNumber": "+1", "assignmentCategory": "sideline"}]}
    [problem] = metadata.validate(config, "microsoft.graph.teamsAdministration.teamsUserConfiguration")
    assert "telephoneNumbers[0].assignmentCategory" in problem
