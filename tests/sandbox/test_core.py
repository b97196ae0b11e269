"""The sandbox's shared behaviour over raw HTTP: auth, ids, errors, paging, filters, throttles, faults."""

from __future__ import annotations

import aiohttp
import pytest

from sandbox.config import FaultPlan, SandboxConfig, parse_faults
from sandbox.errors import GraphHTTPError
from sandbox.odata import parse_filter
from sandbox.server import RunningSandbox
from tests.conftest import FAST, auth

NUMBERS = "/admin/teams/telephoneNumberManagement/numberAssignments"


async def get(sb: RunningSandbox, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, dict]:
    async with aiohttp.ClientSession() as session:
        async with session.get(
            sb.base_url + path, headers=headers if headers is not None else auth(), allow_redirects=False
        ) as response:
            body = await response.json(content_type=None) if response.status != 302 else {}
            return response.status, body, dict(response.headers)


async def test_bearer_token_required(sandbox: RunningSandbox) -> None:
    status, body, headers = await get(sandbox, NUMBERS, headers={})
    assert status == 401
    assert body["error"]["code"] == "InvalidAuthenticationToken"
    assert body["error"]["innerError"]["request-id"] == headers["request-id"]


async def test_client_request_id_is_echoed(sandbox: RunningSandbox) -> None:
    status, body, headers = await get(
        sandbox, "/nothing-here", headers={**auth(), "client-request-id": "abc-123"}
    )
    assert status == 400
    assert headers["client-request-id"] == "abc-123"
    assert body["error"]["innerError"]["client-request-id"] == "abc-123"
    assert body["error"]["message"] == "Resource not found for the segment 'nothing-here'."


async def test_paging_walks_every_number_with_absolute_links(sandbox: RunningSandbox) -> None:
    seen, path = [], f"{NUMBERS}?$top=400"
    while path:
        status, body, _ = await get(sandbox, path)
        assert status == 200
        seen.extend(n["telephoneNumber"] for n in body["value"])
        link = body.get("@odata.nextLink")
        assert link is None or link.startswith(sandbox.base_url)
        path = link[len(sandbox.base_url) :] if link else None
    assert len(seen) == len(set(seen)) == len(sandbox.state.numbers)


async def test_default_page_is_500_and_top_is_capped(sandbox: RunningSandbox) -> None:
    status, body, _ = await get(sandbox, NUMBERS)
    assert status == 200 and len(body["value"]) == 500
    status, body, _ = await get(sandbox, f"{NUMBERS}?$top=1001")
    assert status == 400 and body["error"]["code"] == "BadRequest"


async def test_city_is_not_filterable(sandbox: RunningSandbox) -> None:
    status, body, _ = await get(sandbox, f"{NUMBERS}?$filter=city eq 'Cedar Bay'")
    assert status == 400
    assert "city" in body["error"]["message"]


async def test_filter_with_lambda_and_boolean_logic(sandbox: RunningSandbox) -> None:
    expr = "assignmentStatus eq 'unassigned' and capabilities/any(c:c eq 'voiceApplicationAssignment')"
    status, body, _ = await get(sandbox, f"{NUMBERS}?$top=1000&$filter={expr}")
    expected = [
        n
        for n in sandbox.state.numbers.values()
        if n.assignmentStatus == "unassigned" and "voiceApplicationAssignment" in n.capabilities
    ]
    assert status == 200 and len(body["value"]) == len(expected) > 0


@pytest.mark.parametrize(
    "expr", ["telephoneNumber eq", "(numberType eq 'x'", "numberType zz 'x'", "foo eq 1"]
)
def test_filter_parser_rejects_bad_input(expr: str) -> None:
    with pytest.raises(GraphHTTPError) as exc:
        parse_filter(expr, {"telephoneNumber", "numberType"})
    assert exc.value.status == 400


def test_filter_parser_semantics() -> None:
    match = parse_filter("not (a eq 'X' or startswith(b,'pre')) and c ne null", {"a", "b", "c"})
    assert match({"a": "y", "b": "zz", "c": 1})
    assert not match({"a": "x", "b": "zz", "c": 1})  # case-insensitive equality
    assert not match({"a": "y", "b": "prefix", "c": 1})
    assert not match({"a": "y", "b": "zz", "c": None})
    assert parse_filter("name eq 'O''Brien'", {"name"})({"name": "o'brien"})


def test_fault_spec_errors_name_the_token() -> None:
    assert parse_faults("numbers:429@0.2, *:drop@0.01").rules[1].kind == "drop"
    assert parse_faults("teams:transient@0.05").describe() == "teams:503@0.05"
    for bad, fragment in [
        ("numbers:418@0.1", "418"),
        ("phones:429@0.1", "phones"),
        ("numbers:429", "numbers:429"),
        ("numbers:429@2", "between 0 and 1"),
        ("numbers:429@x", "'x'"),
        ("numbers:transient@0.1", "transient"),  # the alias is the teams group's only
    ]:
        with pytest.raises(ValueError, match=fragment):
            parse_faults(bad)


async def test_write_throttle_answers_429_with_retry_after(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb = await sandbox_factory(config=SandboxConfig(operation_delay_s=0.05, write_rate=1, write_burst=2))
    statuses, retry_after = [], None
    async with aiohttp.ClientSession(headers=auth("busy")) as session:
        for _ in range(4):
            async with session.post(
                f"{sb.base_url}{NUMBERS}/updateNumber", json={"telephoneNumber": next(iter(sb.state.numbers))}
            ) as response:
                statuses.append(response.status)
                if response.status == 429:
                    retry_after = response.headers["Retry-After"]
                    body = await response.json()
                    assert body["error"]["code"] == "TooManyRequests"
        # another app has its own bucket
        async with session.post(
            f"{sb.base_url}{NUMBERS}/updateNumber",
            headers=auth("other"),
            json={"telephoneNumber": next(iter(sb.state.numbers))},
        ) as response:
            assert response.status == 200
    assert statuses[:2] == [200, 200] and 429 in statuses[2:]
    assert retry_after is not None and int(retry_after) >= 1


async def test_faults_can_be_switched_at_run_time(sandbox: RunningSandbox) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{sandbox.root_url}/_sandbox/faults", json={"faults": "numbers:503@1"}
        ) as response:
            assert (await response.json())["faults"] == "numbers:503@1"
        status, body, headers = await get(sandbox, NUMBERS)
        assert (
            status == 503 and body["error"]["code"] == "serviceNotAvailable" and headers["Retry-After"] == "1"
        )
        async with session.post(
            f"{sandbox.root_url}/_sandbox/faults", json={"faults": "numbers:bogus@1"}
        ) as response:
            assert response.status == 400
        async with session.post(f"{sandbox.root_url}/_sandbox/faults", json={"faults": ""}) as response:
            assert (await response.json())["faults"] == "none"
        async with session.get(f"{sandbox.root_url}/_sandbox/requests") as response:
            log = await response.json()
    assert any(entry["status"] == 503 for entry in log)


async def test_dropped_connections(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb = await sandbox_factory(
        config=SandboxConfig(operation_delay_s=0.05, faults=parse_faults("users:drop@1"))
    )
    async with aiohttp.ClientSession(headers=auth()) as session:
        with pytest.raises(aiohttp.ClientError):
            async with session.get(f"{sb.base_url}/users") as response:
                await response.read()


def test_default_config_has_no_faults() -> None:
    assert FAST.faults == FaultPlan()
