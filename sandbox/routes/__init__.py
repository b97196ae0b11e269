"""Route modules; each exposes `register(app)`. Order matters only for overlapping patterns."""

from __future__ import annotations

from sandbox import botframework
from sandbox.routes import (
    callrecords,
    control,
    directory,
    groups,
    numbers,
    reports,
    teams,
    tenant_load,
    userconfigs,
)

ROUTE_MODULES = (
    control,
    tenant_load,
    numbers,
    directory,
    groups,
    userconfigs,
    callrecords,
    reports,
    teams,
    botframework,
)
