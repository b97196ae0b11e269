"""Report speed against a sandbox serving 1,000,000 PSTN call-log rows (served from another process).

Prints, measured in this run:
  * time of sync + report ÷ the floor: fetching and JSON-parsing the same pages with a bare HTTP client
    (target ≤ 1.5),
  * peak RSS of the process doing sync + report (target ≤ 300 MB),
  * a one-day incremental sync (target ≤ 2 s).
Usage: python bench/report.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

from graph.callrecords import concurrent_windows, split_windows
from graph.config import GraphConfig

TODAY = dt.date(2026, 11, 2)
SERVER = """
import asyncio, datetime as dt, sys
from sandbox.config import SandboxConfig
from sandbox.seeds import build_seed
from sandbox.server import running_sandbox
state = build_seed("county", dt.date(2026, 11, 2), call_rows=int(sys.argv[2]))
async def main():
    async with running_sandbox(state, SandboxConfig(calllog_limit=1_000_000), port=int(sys.argv[1])):
        print("ready", flush=True)
        await asyncio.Event().wait()
asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_sandbox(rows: int) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(rows)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise RuntimeError("sandbox did not start")
    return process, f"http://127.0.0.1:{port}/v1.0"


async def _fetch_window(
    session: aiohttp.ClientSession, base_url: str, lower: dt.datetime, upper: dt.datetime
) -> int:
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    rows = 0
    url: str | None = (
        f"{base_url}/communications/callRecords/getPstnCalls("
        f"fromDateTime={lower:{fmt}},toDateTime={upper:{fmt}})"
    )
    while url:
        async with session.get(url) as response:
            page = json.loads(await response.read())
        rows += len(page["value"])
        url = page.get("@odata.nextLink")
    return rows


async def floor(
    base_url: str, start: dt.datetime, end: dt.datetime, concurrency: int = 1
) -> tuple[float, int]:
    """The same pages, fetched and parsed with a bare aiohttp client (no SDK, no store): one 90-day
    window after another, or with `concurrency`, the windows our sync uses, that many at a time."""
    windows = (
        list(split_windows(start, end)) if concurrency == 1 else concurrent_windows(start, end, concurrency)
    )
    gate = asyncio.Semaphore(concurrency)
    started = time.perf_counter()
    async with aiohttp.ClientSession(headers={"Authorization": "Bearer sandbox.floor"}) as session:

        async def one(lower: dt.datetime, upper: dt.datetime) -> int:
            async with gate:
                return await _fetch_window(session, base_url, lower, upper)

        rows = sum(await asyncio.gather(*(one(a, b) for a, b in windows)))
    return time.perf_counter() - started, rows


def ours(base_url: str, database: Path, since: dt.date, as_of: dt.date, out: Path) -> tuple[float, float]:
    """sync + report as an admin's timer runs them: the real CLI in its own process (for its peak RSS)."""
    code = f"""
import asyncio, datetime as dt, resource, sys, time
from graph import GraphConfig, open_graph
from reports.build import build_report
from reports.periods import named_period
from reports.render import write_report
from reports.sync import sync_all
from store import Store
from pathlib import Path
async def main():
    started = time.perf_counter()
    store = await Store.open("sqlite:///{database}")
    async with open_graph(GraphConfig(base_url="{base_url}", calllog_requests_per_minute=1_000_000)) as graph:
        await sync_all(graph, store, since=dt.date.fromisoformat("{since}"),
                       now=dt.datetime.combine(dt.date.fromisoformat("{as_of}"), dt.time(), tzinfo=dt.UTC))
    report = await build_report(store, named_period("last-45-days", dt.date.fromisoformat("{as_of}"), "America/New_York"))
    write_report(report, Path("{out}"), ("csv", "xlsx", "html", "png"))
    await store.close()
    print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, rss = result.stdout.split()
    return float(seconds), float(rss)


def incremental(base_url: str, database: Path, as_of: dt.date) -> float:
    code = f"""
import asyncio, datetime as dt, time
from graph import GraphConfig, open_graph
from reports.sync import sync_all
from store import Store
async def main():
    store = await Store.open("sqlite:///{database}")
    started = time.perf_counter()
    async with open_graph(GraphConfig(base_url="{base_url}", calllog_requests_per_minute=1_000_000)) as graph:
        await sync_all(graph, store, since=dt.date.fromisoformat("{as_of - dt.timedelta(days=2)}"),
                       now=dt.datetime.combine(dt.date.fromisoformat("{as_of - dt.timedelta(days=1)}"), dt.time(), tzinfo=dt.UTC),
                       activity=False, directory=False)
    print(time.perf_counter() - started)
    await store.close()
asyncio.run(main())
"""
    return float(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"building a county sandbox with {args.rows:,} PSTN rows (another process)…", flush=True)
    process, base_url = start_sandbox(args.rows)
    try:
        health = json.load(urllib.request.urlopen(base_url.removesuffix("/v1.0") + "/_sandbox/health"))
        since = TODAY - dt.timedelta(days=120)
        start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        end = dt.datetime.combine(TODAY, dt.time(), tzinfo=dt.UTC)
        floor_s, floor_rows = asyncio.run(floor(base_url, start, end))
        concurrent_s, _ = asyncio.run(floor(base_url, start, end, GraphConfig().calllog_concurrency))
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.db"
            ours_s, rss_mb = ours(base_url, database, since, TODAY, Path(folder) / "out")
            one_day = incremental(base_url, database, TODAY)
        print(f"rows served: {health['pstnCalls']:,}; floor fetched {floor_rows:,} rows in {floor_s:.1f} s")
        print(
            f"sync + report: {ours_s:.1f} s ÷ floor {floor_s:.1f} s = {ours_s / floor_s:.2f} (target ≤ 1.5)"
        )
        print(
            f"  (for reference: the bare client fetching the same windows {GraphConfig().calllog_concurrency} "
            f"at a time, as our sync does, takes {concurrent_s:.1f} s; sync + report ÷ that = "
            f"{ours_s / concurrent_s:.2f})"
        )
        print(f"peak RSS of sync + report: {rss_mb:.0f} MB (target ≤ 300 MB)")
        print(f"one-day incremental sync: {one_day:.2f} s (target ≤ 2 s)")
        print(f"(bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
