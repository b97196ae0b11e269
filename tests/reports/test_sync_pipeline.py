"""The fetch/write pipeline of a sync surfaces a failed write (a read-only or full database) at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from reports.sync import _pipeline


async def pages(n: int) -> AsyncIterator[list[Any]]:
    for index in range(n):
        yield [index]


async def test_a_failing_writer_stops_the_fetch_instead_of_hanging() -> None:
    written: list[Any] = []

    async def write(batch: list[Any]) -> None:
        written.append(batch)
        raise PermissionError("attempt to write a readonly database")

    with pytest.raises(PermissionError):
        await asyncio.wait_for(_pipeline(pages(50), write), timeout=5)
    assert written == [[0]]  # the first write failed, and nothing was written after it


async def test_every_page_is_written_when_nothing_fails() -> None:
    written: list[Any] = []

    async def write(batch: list[Any]) -> None:
        await asyncio.sleep(0)
        written.append(batch)

    assert await _pipeline(pages(20), write) == 20
    assert written == [[i] for i in range(20)]


async def test_a_failing_fetch_cancels_the_writer() -> None:
    started = asyncio.Event()
    writer_finished: list[str] = []

    async def failing_pages() -> AsyncIterator[list[Any]]:
        yield [0]
        await started.wait()
        raise ConnectionError("sandbox killed")

    async def write(batch: list[Any]) -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            writer_finished.append("cancelled")
            raise

    with pytest.raises(ConnectionError):
        await asyncio.wait_for(_pipeline(failing_pages(), write), timeout=5)
    assert writer_finished == ["cancelled"]  # no writer task left running into a closed connection
