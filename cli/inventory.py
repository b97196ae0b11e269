"""Pure views of the number inventory: filters and the free/assigned summary per city and type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.types import NumberAssignment

# Friendly spellings admins type, mapped to Graph's numberType enum members.
NUMBER_TYPES = {
    "operatorconnect": "operatorConnect",
    "oc": "operatorConnect",
    "directrouting": "directRouting",
    "dr": "directRouting",
    "callingplan": "callingPlan",
    "cp": "callingPlan",
}


def parse_number_type(text: str) -> str:
    """`oc`, `operatorConnect`, `operator-connect` → `operatorConnect`; ValueError lists the choices."""
    key = text.replace("-", "").replace("_", "").lower()
    if key not in NUMBER_TYPES:
        raise ValueError(
            f"unknown number type {text!r}; use operatorConnect (oc), directRouting (dr) or callingPlan (cp)"
        )
    return NUMBER_TYPES[key]


def server_filter(*, free: bool, number_type: str | None) -> str | None:
    """The $filter Graph can evaluate.

    quirk: `city` is not filterable on numberAssignments (graph.md §1.2), so it is applied client-side.
    """
    clauses = []
    if free:
        clauses.append("assignmentStatus eq 'unassigned'")
    if number_type:
        clauses.append(f"numberType eq '{number_type}'")
    return " and ".join(clauses) or None


def filter_city(numbers: Iterable[NumberAssignment], city: str | None) -> list[NumberAssignment]:
    if not city:
        return list(numbers)
    wanted = city.casefold()
    return [n for n in numbers if (n.city or "").casefold() == wanted]


@dataclass(frozen=True)
class SummaryRow:
    city: str
    number_type: str
    capability: str
    free: int
    assigned: int

    @property
    def total(self) -> int:
        return self.free + self.assigned


def capability_label(number: NumberAssignment) -> str:
    """Which kind of target a number can serve; users and voice apps are what admins plan around."""
    caps = set(number.capabilities)
    if "userAssignment" in caps and "voiceApplicationAssignment" in caps:
        return "user+voice app"
    if "voiceApplicationAssignment" in caps:
        return "voice app"
    if "userAssignment" in caps:
        return "user"
    if "conferenceAssignment" in caps:
        return "conference"
    return "other"


def summarise(numbers: Sequence[NumberAssignment]) -> list[SummaryRow]:
    """Free and assigned counts per (city, type, capability), sorted for stable output."""
    free: Counter[tuple[str, str, str]] = Counter()
    assigned: Counter[tuple[str, str, str]] = Counter()
    for number in numbers:
        key = (number.city or "(no city)", number.number_type, capability_label(number))
        (free if number.is_free else assigned)[key] += 1
    keys = sorted(set(free) | set(assigned))
    return [
        SummaryRow(city, kind, cap, free[(city, kind, cap)], assigned[(city, kind, cap)])
        for city, kind, cap in keys
    ]
