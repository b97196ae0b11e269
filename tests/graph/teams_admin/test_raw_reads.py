"""What the voice-app views need from the typed modules, against the sandbox's stand-in: every object keeps
the module's printed output (`.raw`), and `associations.of` reads each RA's association, skipping RAs
that serve nothing (the cmdlet answers NotFound for them)."""

from __future__ import annotations

from graph.config import GraphConfig
from graph.teams_admin import open_teams_admin, teams_admin_config
from sandbox.server import RunningSandbox


async def test_raw_output_is_kept_and_associations_are_read_per_account(sandbox: RunningSandbox) -> None:
    teams = sandbox.state.teams
    config = teams_admin_config(GraphConfig(base_url=sandbox.base_url), pool_size=2, request_timeout_s=20)
    async with open_teams_admin(config) as admin:
        schedules = await admin.schedules.list()
        accounts = await admin.resource_accounts.list()
        associations = await admin.associations.of([ra.object_id for ra in accounts])
    assert {s.raw["Id"] for s in schedules} == set(teams.schedules)
    assert all(s.raw["Name"] == s.name for s in schedules)
    assert {ra.raw["ObjectId"] for ra in accounts} == set(teams.applicationInstances)
    assert all(ra.raw["UserPrincipalName"] == ra.user_principal_name for ra in accounts)
    expected = {ra_id: a.configurationId for ra_id, a in teams.associations.items()}
    assert {a.raw["Id"]: a.raw["ConfigurationId"] for a in associations} == expected
    assert len(associations) < len(accounts)  # the county keeps an RA associated with nothing
