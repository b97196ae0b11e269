"""Route groups, the request log, and the dice for injected faults.

The request log is what tests read to prove a client never sent a write twice.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import asdict, dataclass
from typing import Any

from sandbox.config import FaultPlan, FaultRule

_GROUP_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^/v1\.0/admin/teams/telephoneNumberManagement/operations"), "operations"),
    (re.compile(r"^/v1\.0/admin/teams/telephoneNumberManagement/"), "numbers"),
    (re.compile(r"^/v1\.0/admin/teams/userConfigurations"), "userconfigs"),
    (re.compile(r"^/v1\.0/communications/callRecords"), "callrecords"),
    (re.compile(r"^/v1\.0/reports/"), "reports"),
    (re.compile(r"^/v1\.0/users"), "users"),
    (re.compile(r"^/v1\.0/groups"), "groups"),
    (re.compile(r"^/v1\.0/subscribedSkus"), "skus"),
    (re.compile(r"^/botframework/connector/"), "connector"),
)


def route_group(path: str) -> str | None:
    """The fault/throttle group of a Graph path; None for the control plane and downloads."""
    for pattern, group in _GROUP_PATTERNS:
        if pattern.match(path):
            return group
    return "other" if path.startswith("/v1.0/") else None


@dataclass(frozen=True)
class LoggedRequest:
    at: float
    method: str
    path: str
    query: str
    group: str | None
    app: str | None
    status: int
    client_request_id: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class RequestLog:
    def __init__(self, limit: int = 200_000) -> None:
        self.entries: list[LoggedRequest] = []
        self.limit = limit

    def add(self, entry: LoggedRequest) -> None:
        if len(self.entries) >= self.limit:
            del self.entries[: self.limit // 10]
        self.entries.append(entry)

    def clear(self) -> None:
        self.entries.clear()

    def count(self, method: str, path_contains: str) -> int:
        return sum(1 for e in self.entries if e.method == method and path_contains in e.path)


class FaultDice:
    """Seeded so a fault run can be replayed; the plan can be swapped at run time (drills)."""

    def __init__(self, plan: FaultPlan, seed: int) -> None:
        self.plan = plan
        self.rng = random.Random(seed)

    def http_fault(self, group: str) -> str | None:
        for rule in self.plan.for_group(group):
            if rule.kind in {"429", "503", "504", "drop"} and self.rng.random() < rule.probability:
                return rule.kind
        return None

    def operation_fault(self) -> FaultRule | None:
        for rule in self.plan.for_group("operations"):
            if rule.kind in {"slow", "fail"} and self.rng.random() < rule.probability:
                return rule
        return None

    def teams_fault(self, cmdlets: list[str] | None = None) -> str | None:
        """The fault for one PowerShell request running `cmdlets`: an error status, `die`, `lost` or
        `hang`."""
        for rule in self.plan.for_group("teams"):
            if rule.kind in {"slow", "fail"} or not rule.hits(cmdlets or []):
                continue
            if self.rng.random() < rule.probability:
                return "die" if rule.kind == "drop" else rule.kind
        return None

    def latency_s(self, mean_ms: float) -> float:
        if mean_ms <= 0:
            return 0.0
        return self.rng.uniform(0.5, 1.5) * mean_ms / 1000.0


def now() -> float:
    return time.time()
