"""The Teams admin side of the sandbox: the MicrosoftTeams PowerShell module's cmdlets, rules and faults,
served to the worker stand-in (`python -m sandbox.pwsh`) through `POST /_sandbox/teams/invoke`."""

from sandbox.teams.binding import bind, contract
from sandbox.teams.engine import SUPPORTED, Outcome, run
from sandbox.teams.errors import CmdletError
from sandbox.teams.ids import seeded_ids
from sandbox.teams.view import teams_view

__all__ = ["SUPPORTED", "CmdletError", "Outcome", "bind", "contract", "run", "seeded_ids", "teams_view"]
