"""The emulated tenant's state: plain records the routes read and mutate, and the seeds build.

Records hold Graph's wire values (camelCase enum literals, E.164 strings, UTC datetimes) so that routes
serialise them without translation. Call-log rows use ``__slots__`` because the report benchmark loads a
million of them into one process.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

# Real, documented SKU ids (graph.md §5.1).
SKU_TEAMS_PHONE = "e43b5b99-8dfb-405f-9987-dc307f34bcbd"  # MCOEV
SKU_TEAMS_PHONE_RESOURCE_ACCOUNT = "440eaaa8-b3e0-484b-a8be-62870b9ba70a"  # PHONESYSTEM_VIRTUALUSER


@dataclass
class User:
    id: str
    userPrincipalName: str
    displayName: str
    givenName: str | None = None
    surname: str | None = None
    mail: str | None = None
    jobTitle: str | None = None
    department: str | None = None
    officeLocation: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    usageLocation: str | None = None
    accountEnabled: bool = True
    userType: str = "Member"
    assignedSkuIds: list[str] = field(default_factory=list)
    # teamsUserConfiguration.accountType: "user" or "resourceAccount".
    accountType: str = "user"
    createdDateTime: dt.datetime | None = None


@dataclass
class Group:
    id: str
    displayName: str
    mailNickname: str
    description: str | None = None
    securityEnabled: bool = True
    mailEnabled: bool = False
    groupTypes: list[str] = field(default_factory=list)
    memberIds: list[str] = field(default_factory=list)


@dataclass
class ServicePlan:
    servicePlanId: str
    servicePlanName: str
    appliesTo: str = "User"
    provisioningStatus: str = "Success"


@dataclass
class SubscribedSku:
    skuId: str
    skuPartNumber: str
    enabledUnits: int
    servicePlans: list[ServicePlan] = field(default_factory=list)
    capabilityStatus: str = "Enabled"
    appliesTo: str = "User"


@dataclass
class NumberAssignment:
    """One row of ``admin/teams/telephoneNumberManagement/numberAssignments``."""

    id: str
    telephoneNumber: str
    numberType: str  # directRouting | callingPlan | operatorConnect
    capabilities: list[str]  # userAssignment | voiceApplicationAssignment | conferenceAssignment | ...
    operatorId: str | None = None
    assignmentStatus: str = "unassigned"
    activationState: str | None = "activated"
    assignmentTargetId: str | None = None
    assignmentCategory: str | None = None
    numberSource: str = "online"
    portInStatus: str | None = None
    supportedCustomerActions: list[str] = field(default_factory=lambda: ["locationUpdate", "release"])
    reverseNumberLookupOptions: list[str] = field(default_factory=list)
    locationId: str | None = None
    civicAddressId: str | None = None
    networkSiteId: str | None = None
    isoCountryCode: str = "US"
    city: str | None = None


@dataclass
class Operation:
    """A ``telephoneNumberLongRunningOperation`` and what it will do when it completes."""

    id: str
    createdDateTime: str
    status: str  # notStarted | running | succeeded | failed | skipped
    kind: str  # assign | unassign
    request: dict[str, Any]
    due_at: float  # loop time at which the order settles
    numbers: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class PstnCall:
    """One ``microsoft.graph.callRecords.pstnCallLogRow``; ``duration`` is seconds connected."""

    id: str
    callId: str
    userId: str | None
    userPrincipalName: str | None
    userDisplayName: str | None
    startDateTime: dt.datetime
    endDateTime: dt.datetime
    duration: int
    charge: float
    connectionCharge: float
    currency: str
    callType: str
    calleeNumber: str
    callerNumber: str
    destinationContext: str | None
    destinationName: str | None
    conferenceId: str | None
    licenseCapability: str
    inventoryType: str
    operator: str
    usageCountryCode: str
    tenantCountryCode: str
    callDurationSource: str  # microsoft | operator


@dataclass(slots=True)
class DirectRoutingCall:
    """One ``microsoft.graph.callRecords.directRoutingLogRow``."""

    id: str
    correlationId: str
    userId: str | None
    userPrincipalName: str | None
    userDisplayName: str | None
    startDateTime: dt.datetime
    inviteDateTime: dt.datetime
    failureDateTime: dt.datetime | None
    endDateTime: dt.datetime | None
    duration: int
    callType: str
    successfulCall: bool
    callerNumber: str
    calleeNumber: str
    mediaPathLocation: str
    signalingLocation: str
    finalSipCode: int
    callEndSubReason: int
    finalSipCodePhrase: str
    trunkFullyQualifiedDomainName: str
    mediaBypassEnabled: bool


@dataclass(slots=True)
class UserActivityDay:
    """One user's Teams activity on one day: the source of ``getTeamsUserActivityUserDetail``."""

    userId: str
    day: dt.date
    callCount: int
    meetingCount: int
    teamChatMessages: int
    privateChatMessages: int
    audioSeconds: int
    videoSeconds: int
    screenShareSeconds: int


@dataclass
class EmergencyLocation:
    """A LIS location (not a Graph resource; numbers carry its id in ``locationId``)."""

    locationId: str
    civicAddressId: str
    description: str
    city: str


@dataclass
class ApplicationInstance:
    """The Teams side of a resource account (the Entra side is its disabled `User`)."""

    objectId: str
    applicationId: str
    # Wall-clock time from which Teams sees it (Get-CsOnlineUser, numbers, associations).
    visibleAt: float = 0.0
    phoneNumber: str | None = None  # tel:+E164 once a number is assigned


@dataclass
class VoiceAppAssociation:
    """One RA → one AA or CQ (New-CsOnlineApplicationInstanceAssociation)."""

    objectId: str
    configurationId: str
    configurationType: str  # AutoAttendant | CallQueue
    callPriority: int = 3


@dataclass
class TeamsState:
    """Voice apps as the MicrosoftTeams module prints them (PascalCase dicts), keyed by their ids.

    Properties derived from other records (ApplicationInstances, AssociatedConfigurationIds) are not
    stored: they are computed when an object is printed, so they can never disagree.
    """

    autoAttendants: dict[str, dict[str, Any]] = field(default_factory=dict)
    callQueues: dict[str, dict[str, Any]] = field(default_factory=dict)
    schedules: dict[str, dict[str, Any]] = field(default_factory=dict)
    applicationInstances: dict[str, ApplicationInstance] = field(default_factory=dict)
    associations: dict[str, VoiceAppAssociation] = field(default_factory=dict)  # by RA objectId
    audioFiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    callingSettings: dict[str, dict[str, Any]] = field(default_factory=dict)  # by user id
    enterpriseVoice: dict[str, bool] = field(default_factory=dict)  # by user id


@dataclass(repr=False)
class TenantState:
    tenantId: str
    displayName: str
    defaultDomain: str
    users: dict[str, User] = field(default_factory=dict)  # by id
    groups: dict[str, Group] = field(default_factory=dict)
    skus: dict[str, SubscribedSku] = field(default_factory=dict)
    numbers: dict[str, NumberAssignment] = field(default_factory=dict)  # by telephoneNumber
    operations: dict[str, Operation] = field(default_factory=dict)
    pstnCalls: list[PstnCall] = field(default_factory=list)  # sorted by startDateTime
    directRoutingCalls: list[DirectRoutingCall] = field(default_factory=list)  # sorted by startDateTime
    activity: list[UserActivityDay] = field(default_factory=list)
    emergencyLocations: list[EmergencyLocation] = field(default_factory=list)
    operators: dict[str, str] = field(default_factory=dict)  # operatorId -> operator display name
    # Last day of generated history (the day before "today"); reports are "refreshed" on this day.
    historyEnd: dt.date | None = None
    # Report setting displayConcealedNames (admin/reportSettings).
    concealNames: bool = False
    teams: TeamsState = field(default_factory=TeamsState)

    def __repr__(self) -> str:
        # Cheap on purpose: test runners and loggers repr fixture values, and a full tenant is megabytes.
        return (
            f"TenantState({self.displayName!r}, users={len(self.users)}, numbers={len(self.numbers)}, "
            f"pstnCalls={len(self.pstnCalls)})"
        )

    def clone(self, *, share_history: bool = False) -> TenantState:
        """An independent copy, ~10x faster than ``copy.deepcopy`` (tests take one per sandbox).

        With ``share_history`` the call-log and activity lists are shared, not copied: no route mutates
        them, and they are most of a seeded tenant. Seeds hold no aliased mutable objects (a test checks
        it), so copying without deepcopy's memo gives the same result.
        """
        history = ("pstnCalls", "directRoutingCalls", "activity")
        copied: TenantState = _clone(replace(self, pstnCalls=[], directRoutingCalls=[], activity=[]))
        for name in history:
            rows = getattr(self, name)
            setattr(copied, name, rows if share_history else copy.deepcopy(rows))
        return copied

    def user_by_upn(self, upn: str) -> User | None:
        lowered = upn.lower()
        for user in self.users.values():
            if user.userPrincipalName.lower() == lowered:
                return user
        return None


_ATOMS = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, dt.time, dt.timedelta})


def _clone(value: Any) -> Any:
    """Deep copy of the JSON-like values and plain dataclasses a tenant is made of."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is dict:
        return {k: v if type(v) in _ATOMS else _clone(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _ATOMS else _clone(v) for v in value]
    if hasattr(kind, "__dataclass_fields__") and hasattr(value, "__dict__"):
        cloned = object.__new__(kind)
        cloned.__dict__.update((k, v if type(v) in _ATOMS else _clone(v)) for k, v in value.__dict__.items())
        return cloned
    return copy.deepcopy(value)  # anything unusual: the slow, general way
