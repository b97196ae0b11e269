"""Alembic environment: migrations run on the connection Store.open hands over (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

from store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("store migrations run through store.Store.open (or store.migrate.upgrade)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
