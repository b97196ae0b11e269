"""provisioning/: the phone system as desired state — the resource-kind registry, the engine (plan in
dependency order, apply walking the action graph with a journal), export, onboarding, views, and the
use cases (`PhoneService`) the CLI and the bot both call."""

from __future__ import annotations

from provisioning.apply import Applier, ApplyResult
from provisioning.boundary import read_current
from provisioning.current import CurrentState, Licence, Number, Person
from provisioning.doctor import Finding, exit_code
from provisioning.doctor_reader import diagnose
from provisioning.errors import (
    Declined,
    InvalidInput,
    InvalidRows,
    Missing,
    PlanBlocked,
    PoolContended,
    ProvisioningError,
    ServiceFailed,
    StalePlan,
)
from provisioning.export import to_yaml
from provisioning.loader import DesiredStateError, load_phone_system, parse_phone_system
from provisioning.model import PhoneSystem
from provisioning.onboarding import read_staff_csv
from provisioning.plan import Action, Change, NoOp, Plan, Problem, Step
from provisioning.preview import powershell_preview
from provisioning.render import render_plan
from provisioning.resources import KINDS, STATES, describe
from provisioning.service import Applied, Onboarding, PhoneService, Planned
from provisioning.settle import Settler
from provisioning.views import PhoneView, list_numbers, number_summary, parse_number_type, phone_view


def load_plan(data: dict[str, object]) -> Plan:
    """A saved plan (JSON) with each action's before/after rebuilt as its kind's state."""
    return Plan.from_json(data, STATES)


__all__ = [
    "KINDS",
    "Action",
    "Applied",
    "Applier",
    "ApplyResult",
    "Change",
    "CurrentState",
    "Declined",
    "DesiredStateError",
    "Finding",
    "InvalidInput",
    "InvalidRows",
    "Licence",
    "Missing",
    "NoOp",
    "Number",
    "Onboarding",
    "Person",
    "PhoneService",
    "PhoneSystem",
    "PhoneView",
    "Plan",
    "PlanBlocked",
    "Planned",
    "PoolContended",
    "Problem",
    "ProvisioningError",
    "ServiceFailed",
    "Settler",
    "StalePlan",
    "Step",
    "describe",
    "diagnose",
    "exit_code",
    "list_numbers",
    "load_phone_system",
    "load_plan",
    "number_summary",
    "parse_number_type",
    "parse_phone_system",
    "phone_view",
    "powershell_preview",
    "read_current",
    "read_staff_csv",
    "render_plan",
    "to_yaml",
]
