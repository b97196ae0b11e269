"""Typed results that leave graph/: small frozen dataclasses of our own, never SDK models.

Enum-like fields keep Graph's raw string (``"operatorConnect"``, ``"userAssigned"``) so that values the
SDK does not know yet (``skipped``, ``unknownFutureValue``) survive instead of turning into ``None``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SKU_TEAMS_PHONE = "e43b5b99-8dfb-405f-9987-dc307f34bcbd"  # MCOEV
SKU_TEAMS_PHONE_RESOURCE_ACCOUNT = "440eaaa8-b3e0-484b-a8be-62870b9ba70a"  # PHONESYSTEM_VIRTUALUSER


@dataclass(frozen=True, slots=True)
class NumberAssignment:
    id: str
    telephone_number: str
    number_type: str
    assignment_status: str
    capabilities: tuple[str, ...]
    activation_state: str | None = None
    assignment_target_id: str | None = None
    assignment_category: str | None = None
    operator_id: str | None = None
    city: str | None = None
    iso_country_code: str | None = None
    location_id: str | None = None
    civic_address_id: str | None = None
    network_site_id: str | None = None
    number_source: str | None = None
    reverse_number_lookup_options: tuple[str, ...] = ()
    supported_customer_actions: tuple[str, ...] = ()

    @property
    def is_free(self) -> bool:
        return self.assignment_status == "unassigned"


@dataclass(frozen=True, slots=True)
class OperationNumberDetail:
    resource_location: str | None
    status: str | None
    status_detail: str | None


@dataclass(frozen=True, slots=True)
class Operation:
    """A telephoneNumberLongRunningOperation. ``status`` is the raw string, e.g. ``skipped``."""

    id: str
    status: str
    created: str | None = None
    numbers: tuple[OperationNumberDetail, ...] = ()

    @property
    def is_terminal(self) -> bool:
        return self.status in {"succeeded", "failed", "skipped"}


@dataclass(frozen=True, slots=True)
class User:
    id: str
    user_principal_name: str
    display_name: str | None = None
    department: str | None = None
    office_location: str | None = None
    city: str | None = None
    usage_location: str | None = None
    job_title: str | None = None
    account_enabled: bool | None = None
    assigned_sku_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Sku:
    sku_id: str
    sku_part_number: str
    enabled_units: int
    consumed_units: int

    @property
    def available_units(self) -> int:
        return max(0, self.enabled_units - self.consumed_units)


@dataclass(frozen=True, slots=True)
class AssignedNumber:
    telephone_number: str
    assignment_category: str | None


@dataclass(frozen=True, slots=True)
class UserConfiguration:
    id: str
    user_principal_name: str | None
    account_type: str | None
    is_enterprise_voice_enabled: bool | None
    feature_types: tuple[str, ...] = ()
    telephone_numbers: tuple[AssignedNumber, ...] = ()
    effective_policies: tuple[tuple[str, str], ...] = field(default=())  # (policyType, displayName)


@dataclass(frozen=True, slots=True)
class DirectRoutingCall:
    id: str
    correlation_id: str | None
    user_id: str | None
    user_principal_name: str | None
    user_display_name: str | None
    start: dt.datetime
    end: dt.datetime | None
    invite: dt.datetime | None
    failure: dt.datetime | None
    duration_seconds: int
    call_type: str
    successful_call: bool | None
    caller_number: str | None
    callee_number: str | None
    final_sip_code: int | None
    final_sip_code_phrase: str | None
    call_end_sub_reason: int | None
    trunk_fqdn: str | None
    media_bypass_enabled: bool | None
    media_path_location: str | None = None
    signaling_location: str | None = None


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One row of getTeamsUserActivityUserDetail, parsed by header name."""

    report_refresh_date: dt.date
    user_id: str | None
    user_principal_name: str
    last_activity_date: dt.date | None
    is_deleted: bool
    assigned_products: tuple[str, ...]
    call_count: int
    meeting_count: int
    team_chat_message_count: int
    private_chat_message_count: int
    audio_seconds: int
    video_seconds: int
    screen_share_seconds: int
    is_licensed: bool | None
    report_period: str
