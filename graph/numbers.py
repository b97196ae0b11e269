"""Telephone numbers: `admin/teams/telephoneNumberManagement` numberAssignments and operations (graph.md §1).

assign/unassign are asynchronous orders: the SDK returns None and drops the 202's Location header, so we
capture it with HeadersInspectionHandlerOption (graph.md §0.2) and poll the operation as raw JSON so a
`skipped` status is not lost to the SDK's enum (§0.3).
"""

from __future__ import annotations

import asyncio
import builtins
import re
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

from kiota_http.middleware.options import HeadersInspectionHandlerOption
from msgraph.generated.admin.teams.telephone_number_management.number_assignments.microsoft_graph_teams_administration_assign_number.assign_number_post_request_body import (
    AssignNumberPostRequestBody,
)
from msgraph.generated.admin.teams.telephone_number_management.number_assignments.microsoft_graph_teams_administration_unassign_number.unassign_number_post_request_body import (
    UnassignNumberPostRequestBody,
)
from msgraph.generated.admin.teams.telephone_number_management.number_assignments.microsoft_graph_teams_administration_update_number.update_number_post_request_body import (
    UpdateNumberPostRequestBody,
)
from msgraph.generated.admin.teams.telephone_number_management.number_assignments.number_assignments_request_builder import (
    NumberAssignmentsRequestBuilder,
)
from msgraph.generated.models.teams_administration.assignment_category import AssignmentCategory
from msgraph.generated.models.teams_administration.number_type import NumberType
from msgraph.generated.models.teams_administration.reverse_number_lookup_option import (
    ReverseNumberLookupOption,
)

from graph.client import Transport, config_with
from graph.errors import BadRequest, GraphError, OperationFailed, OperationTimeout
from graph.types import NumberAssignment, Operation, OperationNumberDetail

_OPERATION_ID = re.compile(r"operations(?:\('([^']+)'\)|/([^/?']+))")


def parse_number(raw: dict[str, Any]) -> NumberAssignment:
    return NumberAssignment(
        id=raw["id"],
        telephone_number=raw["telephoneNumber"],
        number_type=raw.get("numberType") or "unknownFutureValue",
        assignment_status=raw.get("assignmentStatus") or "unknownFutureValue",
        capabilities=tuple(raw.get("capabilities") or ()),
        activation_state=raw.get("activationState"),
        assignment_target_id=raw.get("assignmentTargetId"),
        assignment_category=raw.get("assignmentCategory"),
        operator_id=raw.get("operatorId"),
        city=raw.get("city"),
        iso_country_code=raw.get("isoCountryCode"),
        location_id=raw.get("locationId"),
        civic_address_id=raw.get("civicAddressId"),
        network_site_id=raw.get("networkSiteId"),
        number_source=raw.get("numberSource"),
        reverse_number_lookup_options=tuple(raw.get("reverseNumberLookupOptions") or ()),
        supported_customer_actions=tuple(raw.get("supportedCustomerActions") or ()),
    )


def parse_operation(raw: dict[str, Any]) -> Operation:
    # quirk: the doc example wraps the entity in {"value": {...}}; accept both shapes.
    if isinstance(raw.get("value"), dict):
        raw = raw["value"]
    return Operation(
        id=raw.get("id", ""),
        status=raw.get("status") or "unknownFutureValue",
        created=raw.get("createdDateTime"),
        numbers=tuple(
            OperationNumberDetail(n.get("resourceLocation"), n.get("status"), n.get("statusDetail"))
            for n in raw.get("numbers") or ()
        ),
    )


def operation_id_from(location: str) -> str:
    match = _OPERATION_ID.search(location)
    if not match:
        raise GraphError(f"unexpected Location header for a number order: {location!r}")
    return match.group(1) or match.group(2)


def _enum(enum_type: Any, value: str) -> Any:
    for member in enum_type:
        if member.value == value:
            return member
    raise BadRequest(f"unknown {enum_type.__name__} value {value!r}")


class NumbersApi:
    def __init__(
        self, transport: Transport, *, poll_interval_s: float = 2.0, operation_timeout_s: float = 300.0
    ):
        self._t = transport
        self._builder = transport.client.admin.teams.telephone_number_management.number_assignments
        self._operations = transport.client.admin.teams.telephone_number_management.operations
        self.poll_interval_s = poll_interval_s
        self.operation_timeout_s = operation_timeout_s

    def pages(self, *, filter: str | None = None) -> AsyncIterator[builtins.list[NumberAssignment]]:
        # quirk: default page 500, maximum 1,000; fewer round trips at the maximum (graph.md §1.2).
        query = NumberAssignmentsRequestBuilder.NumberAssignmentsRequestBuilderGetQueryParameters(
            filter=filter, top=1000
        )

        async def generate() -> AsyncIterator[builtins.list[NumberAssignment]]:
            async for page in self._t.pages(self._builder, query=query):
                yield [parse_number(raw) for raw in page]

        return generate()

    async def list(self, *, filter: str | None = None) -> builtins.list[NumberAssignment]:
        out: builtins.list[NumberAssignment] = []
        async for page in self.pages(filter=filter):
            out.extend(page)
        return out

    async def find(self, telephone_number: str) -> NumberAssignment | None:
        number = telephone_number if telephone_number.startswith("+") else f"+{telephone_number}"
        found = await self.list(filter=f"telephoneNumber eq '{number}'")
        return found[0] if found else None

    async def _order(self, builder: Any, body: Any) -> str:
        inspect = HeadersInspectionHandlerOption(inspect_response_headers=True)

        async def call() -> None:
            await builder.post(body, request_configuration=config_with(inspect))

        await self._t.write(call)
        locations = inspect.response_headers.get("location") or set()
        if not locations:
            raise GraphError("number order accepted without a Location header")
        return operation_id_from(next(iter(locations)))

    async def assign(
        self,
        *,
        telephone_number: str,
        target_id: str,
        number_type: str,
        category: str = "primary",
        location_id: str | None = None,
    ) -> str:
        body = AssignNumberPostRequestBody(
            telephone_number=telephone_number,
            assignment_target_id=target_id,
            number_type=_enum(NumberType, number_type),
            assignment_category=_enum(AssignmentCategory, category),
            location_id=location_id,
        )
        return await self._order(self._builder.microsoft_graph_teams_administration_assign_number, body)

    async def unassign(self, *, telephone_number: str, number_type: str) -> str:
        body = UnassignNumberPostRequestBody(
            telephone_number=telephone_number, number_type=_enum(NumberType, number_type)
        )
        return await self._order(self._builder.microsoft_graph_teams_administration_unassign_number, body)

    async def update(
        self,
        *,
        telephone_number: str,
        location_id: str | None = None,
        reverse_lookup: Sequence[str] | None = None,
    ) -> None:
        body = UpdateNumberPostRequestBody(
            telephone_number=telephone_number,
            location_id=location_id,  # "" clears; None keeps (graph.md §1.4)
            reverse_number_lookup_options=(
                [_enum(ReverseNumberLookupOption, o) for o in reverse_lookup]
                if reverse_lookup is not None
                else None
            ),
        )
        builder = self._builder.microsoft_graph_teams_administration_update_number

        async def call() -> None:
            await builder.post(body, request_configuration=config_with())

        await self._t.write(call)

    async def get_operation(self, operation_id: str) -> Operation:
        builder = self._operations.by_telephone_number_long_running_operation_id(operation_id)
        return parse_operation(await self._t.get_json(builder))

    async def wait(
        self, operation_id: str, *, timeout_s: float | None = None, poll_s: float | None = None
    ) -> Operation:
        """Poll to a terminal status; OperationFailed carries the service's reason as `code`."""
        deadline = time.monotonic() + (timeout_s or self.operation_timeout_s)
        ceiling = self.poll_interval_s if poll_s is None else poll_s
        interval = min(0.2, ceiling)  # most orders settle in seconds: poll soon, then back off
        while True:
            operation = await self.get_operation(operation_id)
            if operation.status == "failed":
                detail = (
                    next((n.status_detail for n in operation.numbers if n.status_detail), None) or "failed"
                )
                code = detail.split(":", 1)[0] if ":" in detail else "OperationFailed"
                raise OperationFailed(detail, code=code)
            if operation.is_terminal:
                return operation
            if time.monotonic() >= deadline:
                raise OperationTimeout(
                    f"number order {operation_id} still {operation.status}", code="timeout"
                )
            await asyncio.sleep(interval)
            interval = min(ceiling, interval * 1.5)
