"""Route modules; each exposes `register(app)`. Order matters only for overlapping patterns."""

from __future__ import annotations

from sandbox.routes import callrecords, control, directory, numbers, reports

ROUTE_MODULES = (control, numbers, directory, callrecords, reports)
