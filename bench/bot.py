"""Bot turn latency: 100 concurrent personal conversations posting signed activities on loopback.

Three processes, as in production the bot has its own: the sandbox (Bot Framework keys, token endpoint,
Bot Connector), the bot, and this load generator (`--bot-in-process` puts the bot beside the generator,
as the first version of this bench did). Turns are "help" / "menu" text turns: no Graph or store call,
one connector reply each (included in the turn, as the bot answers after sending). Prints p50/p99 turn
latency and turns per second (targets: p99 ≤ 50 ms, ≥ 300 turns/s).
Usage: python bench/bot.py [--conversations 100] [--turns 10] [--bot-in-process]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# Run as `python bench/bot.py`, this file's folder comes first on sys.path and would shadow the `bot`
# package with this very script; drop it before importing the product.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from bot import BotConfig, MinutesInfo, PhoneInfo, create_app  # noqa: E402

APP_ID = "bench-bot"
SERVER = """
import asyncio, datetime as dt, sys
from sandbox.seeds import build_seed
from sandbox.server import running_sandbox
state = build_seed("empty", dt.date(2026, 11, 2))
async def main():
    async with running_sandbox(state, port=int(sys.argv[1])):
        print("ready", flush=True)
        await asyncio.Event().wait()
asyncio.run(main())
"""


class NoBackEnds:
    async def phone(self, aad_object_id: str) -> PhoneInfo | None:
        return None

    async def minutes(self, aad_object_id: str) -> MinutesInfo | None:
        return None

    async def ready(self) -> bool:
        return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def conversation(
    session: aiohttp.ClientSession,
    url: str,
    n: int,
    turns: int,
    token: str,
    su: str,
    tenant: str,
    think_s: float = 0.0,
) -> list[float]:
    """One person's chat: `turns` messages, each sent when the previous answer came (plus think time)."""
    latencies = []
    await asyncio.sleep(think_s * (n % 10) / 10)  # people do not all start typing in the same millisecond
    for t in range(turns):
        body: dict[str, Any] = {
            "type": "message",
            "id": f"1:{n}-{t}",
            "channelId": "msteams",
            "serviceUrl": su,
            "from": {"id": f"29:user{n}", "aadObjectId": f"aad-{n}"},
            "recipient": {"id": f"28:{APP_ID}"},
            "conversation": {"id": f"a:conv-{n}"},
            "channelData": {"tenant": {"id": tenant}},
            "text": "help" if t % 2 else "what can you do",
        }
        start = time.perf_counter()
        async with session.post(url, json=body, headers={"Authorization": f"Bearer {token}"}) as response:
            await response.read()
            assert response.status == 201, response.status
        latencies.append(time.perf_counter() - start)
        await asyncio.sleep(think_s)
    return latencies


def bot_config(root: str, tenant: str) -> BotConfig:
    return BotConfig(
        app_id=APP_ID,
        app_password="bench",
        tenants=frozenset({tenant}),
        openid_metadata_url=f"{root}/botframework/v1/.well-known/openidconfiguration",
        token_url=f"{root}/botframework/oauth2/v2.0/token",
    )


async def serve_bot(root: str, tenant: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(create_app(bot_config(root, tenant), NoBackEnds()), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def bot_process(root: str, tenant: str, port: int) -> None:
    """The child process's life: serve until killed."""
    await serve_bot(root, tenant, port)
    print("ready", flush=True)
    await asyncio.Event().wait()


async def run(root: str, conversations: int, turns: int, paced_think_s: float, in_process: bool) -> None:
    su = f"{root}/botframework/connector/amer/"
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        async with session.get(f"{root}/_sandbox/health") as r:
            tenant = (await r.json())["tenantId"]
        async with session.post(
            f"{root}/_sandbox/botframework/sign", json={"appId": APP_ID, "serviceUrl": su}
        ) as r:
            token = (await r.json())["token"]
        bot_port = free_port()
        runner, child = None, None
        if in_process:
            runner = await serve_bot(root, tenant, bot_port)
        else:
            child = start([__file__, "--serve-bot", root, tenant, str(bot_port)])
        url = f"http://127.0.0.1:{bot_port}/api/messages"
        try:
            await conversation(session, url, -1, 2, token, su, tenant)  # warm: keys and outbound token
            for think_s in (0.0, paced_think_s):
                begin, cpu = time.perf_counter(), cpu_seconds(child.pid if child else os.getpid())
                results = await asyncio.gather(
                    *(
                        conversation(session, url, n, turns, token, su, tenant, think_s)
                        for n in range(conversations)
                    )
                )
                report(conversations, turns, think_s, results, time.perf_counter() - begin, in_process)
                after = cpu_seconds(child.pid if child else os.getpid())
                if cpu is not None and after is not None and not in_process:
                    per_turn = (after - cpu) / (conversations * turns) * 1000
                    print(
                        f"  bot CPU {per_turn:.2f} ms a turn (≈ {1000 / max(per_turn, 1e-3):.0f} turns/s "
                        "on one free core)"
                    )
        finally:
            if runner is not None:
                await runner.cleanup()
            if child is not None:
                stop(child)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU a process has used (Linux /proc), so the bot's cost per turn is measured apart
    from how busy the shared machine is."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(args: list[str]) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=10)


def report(
    conversations: int,
    turns: int,
    think_s: float,
    results: list[list[float]],
    elapsed: float,
    in_process: bool,
) -> None:
    latencies = sorted(x for r in results for x in r)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    mode = "back to back (saturation)" if not think_s else f"{think_s * 1000:.0f} ms think time between turns"
    print(f"bot bench: {conversations} conversations x {turns} turns, {mode}")
    print(f"  turn latency p50 {p50:.1f} ms, p99 {p99:.1f} ms (target p99 <= 50 ms)")
    print(f"  throughput {len(latencies) / elapsed:.0f} turns/s (target >= 300)")
    load = os.getloadavg()[0]
    where = "bot and load generator share a process" if in_process else "bot in its own process"
    print(f"  machine load average {load:.1f} on {os.cpu_count()} cores ({where})")


def main() -> None:
    if sys.argv[1:2] == ["--serve-bot"]:  # the bot's own process (started by `run`)
        root, tenant, port = sys.argv[2:5]
        asyncio.run(bot_process(root, tenant, int(port)))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--think-ms", type=float, default=250.0, help="pause between a person's turns")
    parser.add_argument("--bot-in-process", action="store_true", help="run the bot beside the generator")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        root = f"http://127.0.0.1:{port}"
        asyncio.run(run(root, args.conversations, args.turns, args.think_ms / 1000, args.bot_in_process))
    finally:
        stop(server)


if __name__ == "__main__":
    main()
