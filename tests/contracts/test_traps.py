"""The traps of shared/reference/graph.md §0 and §10, reproduced with the real msgraph-sdk against the
sandbox — each is why graph/ does something the SDK alone would not."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib

import aiohttp
import pytest
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_http.middleware.options import HeadersInspectionHandlerOption, RetryHandlerOption
from msgraph.generated.admin.teams.telephone_number_management.number_assignments.microsoft_graph_teams_administration_unassign_number.unassign_number_post_request_body import (
    UnassignNumberPostRequestBody,
)
from msgraph.generated.admin.teams.telephone_number_management.number_assignments.number_assignments_request_builder import (
    NumberAssignmentsRequestBuilder,
)
from msgraph.generated.models.teams_administration.number_type import NumberType
from msgraph_core import PageIterator

from sandbox.server import RunningSandbox
from tests.conftest import auth
from tests.sandbox.sdk import sdk_client

ROOT = "/admin/teams/telephoneNumberManagement"


async def test_trap_1_sdk_drops_the_comma_in_getPstnCalls(sandbox: RunningSandbox) -> None:
    client = sdk_client(sandbox.base_url)
    builder = client.communications.call_records.microsoft_graph_call_records_get_pstn_calls_with_from_date_time_with_to_date_time(
        from_date_time=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
        to_date_time=dt.datetime(2026, 10, 2, tzinfo=dt.UTC),
    )
    with pytest.raises(APIError) as exc:
        await builder.get()
    assert exc.value.response_status_code == 400
    sent = next(e.path for e in sandbox.requests.entries if "getPstnCalls" in e.path)
    assert "+00:00toDateTime=" in sent and "," not in sent  # the comma never left the SDK
    fixed = await builder.with_url(
        f"{sandbox.base_url}/communications/callRecords/getPstnCalls("
        "fromDateTime=2026-10-01T00:00:00Z,toDateTime=2026-10-02T00:00:00Z)"
    ).get()
    assert fixed is not None and fixed.value


async def test_trap_2_assign_returns_none_and_location_needs_inspection(sandbox: RunningSandbox) -> None:
    client = sdk_client(sandbox.base_url)
    assigned = next(n for n in sandbox.state.numbers.values() if n.assignmentStatus == "userAssigned")
    builder = client.admin.teams.telephone_number_management.number_assignments.microsoft_graph_teams_administration_unassign_number
    body = UnassignNumberPostRequestBody(
        telephone_number=assigned.telephoneNumber, number_type=NumberType.OperatorConnect
    )
    assert await builder.post(body) is None
    inspect = HeadersInspectionHandlerOption(inspect_response_headers=True)
    await builder.post(body, request_configuration=RequestConfiguration(options=[inspect]))
    assert "/operations('" in next(iter(inspect.response_headers.get("location")))


async def test_trap_3_unknown_enum_values_become_none(sandbox: RunningSandbox) -> None:
    free = next(n for n in sandbox.state.numbers.values() if n.assignmentStatus == "unassigned")
    async with aiohttp.ClientSession(headers=auth()) as session:
        async with session.post(
            f"{sandbox.base_url}{ROOT}/numberAssignments/unassignNumber",
            json={"telephoneNumber": free.telephoneNumber, "numberType": free.numberType},
        ) as response:
            location = response.headers["Location"]
        for _ in range(50):
            async with session.get(location) as response:
                raw = await response.json()
            if raw["status"] not in {"notStarted", "running"}:
                break
            await asyncio.sleep(0.02)
    assert raw["status"] == "skipped"
    client = sdk_client(sandbox.base_url)
    typed = (
        await client.admin.teams.telephone_number_management.operations.by_telephone_number_long_running_operation_id(
            "x"
        )
        .with_url(location)
        .get()
    )
    assert typed is not None and typed.status is None  # the SDK's enum lacks `skipped`


async def test_trap_4_default_retry_handler_resends_posts(sandbox: RunningSandbox) -> None:
    async with aiohttp.ClientSession() as session:
        await session.post(f"{sandbox.root_url}/_sandbox/faults", json={"faults": "numbers:503@1"})
    client = sdk_client(sandbox.base_url)
    builder = client.admin.teams.telephone_number_management.number_assignments.microsoft_graph_teams_administration_unassign_number
    body = UnassignNumberPostRequestBody(
        telephone_number="+13215551000", number_type=NumberType.OperatorConnect
    )
    with pytest.raises(APIError):
        await builder.post(
            body,
            request_configuration=RequestConfiguration(options=[RetryHandlerOption(delay=0, max_retries=2)]),
        )
    assert sandbox.requests.count("POST", "unassignNumber") == 3  # one order, sent three times
    with pytest.raises(APIError):
        await builder.post(
            body, request_configuration=RequestConfiguration(options=[RetryHandlerOption(should_retry=False)])
        )
    assert sandbox.requests.count("POST", "unassignNumber") == 4


def test_trap_5_msgraph_core_batching_needs_an_undeclared_package() -> None:
    try:
        importlib.import_module("deprecated")
    except ModuleNotFoundError:
        with pytest.raises(ModuleNotFoundError, match="deprecated"):
            importlib.import_module("msgraph_core.requests.batch_request_content")
    else:
        pytest.skip("the Deprecated package is installed here, so the import defect cannot show")


async def test_trap_7_page_iterator_follows_absolute_next_links(sandbox: RunningSandbox) -> None:
    client = sdk_client(sandbox.base_url)
    query = NumberAssignmentsRequestBuilder.NumberAssignmentsRequestBuilderGetQueryParameters(top=300)
    page = await client.admin.teams.telephone_number_management.number_assignments.get(
        request_configuration=RequestConfiguration(query_parameters=query)
    )
    assert page is not None and page.odata_next_link and page.odata_next_link.startswith("http://127.0.0.1")
    seen: list[str] = []
    await PageIterator(page, client.request_adapter).iterate(
        lambda n: seen.append(n.telephone_number) or True
    )
    assert len(seen) == len(set(seen)) == len(sandbox.state.numbers)
