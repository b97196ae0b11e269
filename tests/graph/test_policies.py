"""Pure parts of graph/: retry maths, Retry-After parsing, windows, URLs, limiter, config, CSV parsing."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils

import pytest

from graph.activity import parse_activity_csv
from graph.callrecords import concurrent_windows, function_url, split_windows
from graph.config import GraphConfig
from graph.credentials import SandboxCredential, build_credential
from graph.errors import AuthenticationError, ServiceUnavailable, Throttled
from graph.limiter import AdaptiveLimiter
from graph.numbers import operation_id_from
from graph.retry import backoff_seconds, with_retries
from graph.translate import retry_after_seconds
from tests.windows import tile

UTC = dt.UTC


def test_backoff_prefers_retry_after_then_grows_and_caps() -> None:
    assert backoff_seconds(1, 7, jitter=0.1) == 7
    assert [backoff_seconds(n, None, jitter=0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff_seconds(20, None, jitter=0) == 30.0


def test_retry_after_seconds_or_http_date() -> None:
    assert retry_after_seconds({"Retry-After": "12"}) == 12
    now = dt.datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
    later = email.utils.format_datetime(now + dt.timedelta(seconds=30), usegmt=True)
    assert retry_after_seconds({"retry-after": later}, clock=now.timestamp) == 30
    assert retry_after_seconds({"retry-after": later}, clock=lambda: now.timestamp() + 60) == 0  # past
    assert retry_after_seconds({"retry-after": "soon"}) is None
    assert retry_after_seconds({}) is None


async def test_reads_retry_5xx_but_writes_only_429() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    calls = {"read": 0, "write": 0}

    async def flaky_read() -> str:
        calls["read"] += 1
        if calls["read"] < 3:
            raise ServiceUnavailable("busy", status=503, retry_after=2)
        return "ok"

    async def failing_write() -> str:
        calls["write"] += 1
        raise ServiceUnavailable("gateway", status=504)

    assert await with_retries(flaky_read, write=False, sleep=sleep) == "ok"
    assert waits == [2, 2]
    with pytest.raises(ServiceUnavailable):
        await with_retries(failing_write, write=True, sleep=sleep)
    assert calls["write"] == 1  # never re-sent: the outcome is unknown

    throttled = {"n": 0}

    async def throttled_write() -> str:
        throttled["n"] += 1
        if throttled["n"] == 1:
            raise Throttled("slow down", status=429, retry_after=1)
        return "done"

    assert await with_retries(throttled_write, write=True, sleep=sleep) == "done"
    assert throttled["n"] == 2


def test_windows_are_half_open_and_at_most_90_days() -> None:
    start, end = dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 7, 1, tzinfo=UTC)
    windows = list(split_windows(start, end))
    assert windows[0][0] == start and windows[-1][1] == end
    assert all(b - a <= dt.timedelta(days=90) for a, b in windows)
    assert all(windows[i][1] == windows[i + 1][0] for i in range(len(windows) - 1))
    assert list(split_windows(end, start)) == []
    with pytest.raises(ValueError):
        list(split_windows(dt.datetime(2026, 1, 1), end))


@pytest.mark.parametrize(
    ("days", "concurrency", "count"),
    [(120, 3, 6), (200, 1, 3), (200, 3, 6), (400, 2, 5), (2, 3, 6), (1 / 48, 3, 1)],
)
def test_concurrent_windows_tile_the_range(days: float, concurrency: int, count: int) -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=UTC)
    end = start + dt.timedelta(days=days)
    windows = concurrent_windows(start, end, concurrency)
    assert tile(windows, start, end) and len(windows) == count


def test_function_url_keeps_the_comma() -> None:
    url = function_url(
        "http://h/v1.0",
        "getPstnCalls",
        dt.datetime(2026, 1, 1, tzinfo=UTC),
        dt.datetime(2026, 1, 2, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    )
    assert (
        url
        == "http://h/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-01-01T00:00:00Z,toDateTime=2026-01-02T10:00:00Z)"
    )


@pytest.mark.parametrize(
    "location",
    [
        "https://graph.microsoft.com/v1.0/admin/teams/telephoneNumberManagement/operations('abc-1')",
        "http://127.0.0.1:1/v1.0/admin/teams/telephoneNumberManagement/operations/abc-1",
    ],
)
def test_operation_id_from_both_forms(location: str) -> None:
    assert operation_id_from(location) == "abc-1"


async def test_limiter_halves_on_429_and_grows_while_healthy() -> None:
    limiter = AdaptiveLimiter(16, initial=8)
    limiter.on_throttled()
    assert limiter.limit == 4
    for _ in range(4):
        limiter.on_success()
    assert limiter.limit == 5
    limiter.limit = 1
    order: list[str] = []

    async def worker(name: str) -> None:
        async with limiter.slot():
            order.append(f"in {name}")
            await asyncio.sleep(0.01)
            order.append(f"out {name}")

    await asyncio.gather(worker("a"), worker("b"))
    assert order in (["in a", "out a", "in b", "out b"], ["in b", "out b", "in a", "out a"])


def test_auth_resolution_and_fail_closed() -> None:
    assert GraphConfig(base_url="http://127.0.0.1:9/v1.0").resolved_auth() == "sandbox"
    assert GraphConfig(client_secret="x").resolved_auth() == "secret"
    assert GraphConfig(certificate_path="/c.pem", client_secret="x").resolved_auth() == "certificate"
    assert isinstance(build_credential(GraphConfig(base_url="http://localhost:9/v1.0")), SandboxCredential)
    with pytest.raises(AuthenticationError):
        build_credential(GraphConfig(auth="sandbox"))  # a fake token never goes to Microsoft
    with pytest.raises(AuthenticationError, match="TENANT_ID"):
        build_credential(GraphConfig(auth="secret", client_secret="x"))
    assert "hunter2" not in repr(GraphConfig(client_secret="hunter2"))


def test_activity_csv_by_header_name() -> None:
    data = (
        "\ufeffUser Principal Name,Report Refresh Date,Call Count,Audio Duration In Seconds,Is Licensed,New Column\n"
        "a@x,2026-11-01,3,120,Yes,whatever\n"
    ).encode()
    [row] = parse_activity_csv(data)
    assert (row.user_principal_name, row.call_count, row.audio_seconds, row.is_licensed) == (
        "a@x",
        3,
        120,
        True,
    )
