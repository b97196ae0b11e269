"""Emergency modes: send a set of public lines somewhere else at once, restore them exactly, rehearse it.

The use cases (`EmergencyService`) are what the CLI and the bot call; `active_objects` is what the YAML
planner asks so that `plan`/`apply` never silently undo an active mode.
"""

from provisioning.emergency.drill import DrillReport, DrillRow, drill_rows, drill_tenant
from provisioning.emergency.drill_run import DrillService, SandboxControl
from provisioning.emergency.guard import active_objects, guard_plan, held_problem, holders
from provisioning.emergency.lines import Line, resolve_lines
from provisioning.emergency.results import Activation, EmergencyPlan, ModeStatus, Restoration, Touch
from provisioning.emergency.routes import reaches, route
from provisioning.emergency.service import EmergencyService

__all__ = [
    "Activation",
    "DrillReport",
    "DrillRow",
    "DrillService",
    "EmergencyPlan",
    "EmergencyService",
    "Line",
    "ModeStatus",
    "Restoration",
    "SandboxControl",
    "Touch",
    "active_objects",
    "drill_rows",
    "drill_tenant",
    "guard_plan",
    "held_problem",
    "holders",
    "reaches",
    "resolve_lines",
    "route",
]
