"""INSERT … ON CONFLICT for both engines: the idempotency behind every sync and reservation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(dialect: str, table: Table, keys: Sequence[str], *, update: bool) -> Any:
    """Statement for executemany: insert new rows; on a key conflict update them or leave them alone."""
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    if not update:
        return insert.on_conflict_do_nothing(index_elements=list(keys))
    columns = {c.name: insert.excluded[c.name] for c in table.columns if c.name not in keys}
    return insert.on_conflict_do_update(index_elements=list(keys), set_=columns)
