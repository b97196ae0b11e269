"""`switchboard sandbox serve`: run the local Microsoft 365 emulator for drills, demos and scripts.

The only place the product touches sandbox/, imported lazily so a production install never loads it.
"""

from __future__ import annotations

import typer

from cli.arguments import iso_date
from cli.output import EXIT_BAD_INPUT, fail

app = typer.Typer(help="The local Microsoft 365 sandbox (Graph emulator).", no_args_is_help=True)

SEEDS = ("county", "city", "empty")


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind; keep it on loopback."),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="TCP port (0 picks a free one)."),
    seed: str = typer.Option(
        "county", "--seed", help="county (≈800 staff), city (≈300 staff, no numbers) or empty."
    ),
    today: str | None = typer.Option(
        None, "--today", help="YYYY-MM-DD: history ends the day before (reproducible runs)."
    ),
    latency_ms: float = typer.Option(0.0, "--latency-ms", min=0, help="Mean added latency per request."),
    faults: str | None = typer.Option(
        None, "--faults", help="e.g. numbers:429@0.2,callrecords:503@0.1,*:drop@0.01 (see README)."
    ),
    operation_delay_s: float | None = typer.Option(
        None, "--operation-delay", min=0, help="Seconds before a number order settles."
    ),
    write_rate: float | None = typer.Option(
        None, "--write-rate", min=0, help="Per-app write throttle in requests per second (0 = off)."
    ),
    teams_delay_s: float | None = typer.Option(
        None, "--teams-delay", min=0, help="Seconds before Teams sees a new resource account (default 1)."
    ),
    teams_latency: str | None = typer.Option(
        None,
        "--teams-latency",
        help="none (default), realistic (per-cmdlet delays of the real module) or realistic*0.1 (scaled).",
    ),
    deny_permission: list[str] = typer.Option(
        [], "--deny-permission", help="Refuse calls needing this Graph permission with 403 (repeatable)."
    ),
) -> None:
    """Serve the sandbox until interrupted; prints the URL to put in SWITCHBOARD_GRAPH_URL."""
    if seed not in SEEDS:
        fail(f"--seed: unknown seed {seed!r}; choose one of {', '.join(SEEDS)}", code=EXIT_BAD_INPUT)
    day = iso_date("--today", today)
    from sandbox.server import serve as serve_sandbox  # lazy: composition root only

    try:
        serve_sandbox(
            seed=seed,
            host=host,
            port=port,
            today=day,
            latency_ms=latency_ms,
            faults=faults,
            operation_delay_s=operation_delay_s,
            write_rate=write_rate,
            teams_delay_s=teams_delay_s,
            teams_latency=teams_latency,
            denied_permissions=frozenset(deny_permission),
        )
    except ValueError as exc:  # bad fault spec and similar: the message names the bad token
        fail(str(exc), code=EXIT_BAD_INPUT)
