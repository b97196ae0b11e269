"""A pop-up line as the CLI and the bot show it, the results of the use cases, and the store rows'
JSON (the request as given and the objects the line wants) in both directions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from provisioning.errors import ProvisioningError
from provisioning.notices import OwnerWarning
from provisioning.plan import Plan
from provisioning.popup.build import AddedOption, LineObjects
from provisioning.popup.request import PopupRequest
from provisioning.resources import ObjectKey
from provisioning.states import from_jsonable, to_jsonable
from provisioning.voiceapps import Trace, VoiceApps
from store import PopupRecord, PopupState


class PopupIncomplete(ProvisioningError):
    """Some steps failed or were cut short: the line is half-open (or half-closed); re-running the same
    command finishes it, `popup close` rolls an opening back."""


@dataclass(frozen=True)
class PopupLine:
    name: str
    state: PopupState
    number: str | None
    request: PopupRequest
    objects: LineObjects | None  # None until the first open got as far as planning
    until: dt.date | None
    owner: str | None
    opened_by: str
    created_at: dt.datetime
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None

    @property
    def agents(self) -> tuple[str, ...]:
        """The people the queue rings (specs expanded when the line was opened or last changed)."""
        if self.objects is None:
            return ()
        queue = self.objects.own.call_queue(self.objects.queue)
        return queue.users if queue else ()


@dataclass(frozen=True)
class PopupOpened:
    line: PopupLine
    number: str | None
    seconds: float
    plan: Plan
    trace: Trace | None  # a call to the line right after opening, over the voice apps read back


@dataclass(frozen=True)
class PopupClosed:
    line: PopupLine
    seconds: float
    plan: Plan


@dataclass(frozen=True)
class Expiry:
    closed: list[PopupClosed] = field(default_factory=list)
    warnings: list[OwnerWarning] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (line, why) for lines that did not close


@dataclass(frozen=True)
class PopupSources:
    """What open lines add to the YAML plan: their own objects (merged into Wanted.voice), the keys prune
    must leave alone, and the options they put on the file's attendants."""

    voice_additions: VoiceApps
    protected: frozenset[ObjectKey]
    options: tuple[AddedOption, ...] = ()


def request_json(request: PopupRequest) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(request)
    return data


def request_from(data: dict[str, Any]) -> PopupRequest:
    request: PopupRequest = from_jsonable(PopupRequest, data)
    return request


def objects_json(objects: LineObjects) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(objects)
    return data


def objects_from(data: dict[str, Any] | None) -> LineObjects | None:
    if data is None:
        return None
    objects: LineObjects = from_jsonable(LineObjects, data)
    return objects


def line_from(record: PopupRecord) -> PopupLine:
    return PopupLine(
        name=record.name,
        state=record.state,
        number=record.number,
        request=request_from(record.request),
        objects=objects_from(record.desired),
        until=record.until,
        owner=record.owner,
        opened_by=record.opened_by,
        created_at=record.created_at,
        opened_at=record.opened_at,
        closed_at=record.closed_at,
    )
