"""A migrated Store on each engine."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from store import Store


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    opened = await Store.open(database_url)
    try:
        yield opened
    finally:
        await opened.close()
