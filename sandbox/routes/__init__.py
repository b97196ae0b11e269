"""Route modules; each exposes `register(app)`. Order matters only for overlapping patterns."""

from __future__ import annotations

from sandbox import botframework
from sandbox.routes import callrecords, control, directory, groups, numbers, reports, teams, userconfigs

ROUTE_MODULES = (control, numbers, directory, groups, userconfigs, callrecords, reports, teams, botframework)
