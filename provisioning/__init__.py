"""provisioning/: the phone system as desired state — the resource-kind registry, the engine (plan in
dependency order, apply walking the action graph with a journal), export, onboarding, views, and the
use cases (`PhoneService`) the CLI and the bot both call."""

from __future__ import annotations

from provisioning.agents import (
    AgentSeat,
    DueRun,
    OptChange,
    agent_seats,
    opt_back_in,
    opt_out_until,
    run_due_opt_ins,
)
from provisioning.apply import Applier, ApplyResult
from provisioning.boundary import read_current
from provisioning.calling import CallHandling, call_handling, parse_phone_number, ring_also, stop_ring_also
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
    Unsupported,
)
from provisioning.export import to_yaml
from provisioning.loader import DesiredStateError, load_phone_system, parse_phone_system
from provisioning.model import PhoneSystem
from provisioning.notices import OwnerWarning
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
    "AgentSeat",
    "Applied",
    "Applier",
    "ApplyResult",
    "CallHandling",
    "Change",
    "CurrentState",
    "Declined",
    "DesiredStateError",
    "DueRun",
    "Finding",
    "InvalidInput",
    "InvalidRows",
    "Licence",
    "Missing",
    "NoOp",
    "Number",
    "Onboarding",
    "OptChange",
    "OwnerWarning",
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
    "Unsupported",
    "agent_seats",
    "call_handling",
    "describe",
    "diagnose",
    "exit_code",
    "list_numbers",
    "load_phone_system",
    "load_plan",
    "number_summary",
    "opt_back_in",
    "opt_out_until",
    "parse_number_type",
    "parse_phone_number",
    "parse_phone_system",
    "phone_view",
    "powershell_preview",
    "read_current",
    "read_staff_csv",
    "render_plan",
    "ring_also",
    "run_due_opt_ins",
    "stop_ring_also",
    "to_yaml",
]
