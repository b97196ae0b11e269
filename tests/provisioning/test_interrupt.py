"""Ctrl-C during `switchboard onboard --yes` / `apply`: the real CLI process, a slow sandbox, one SIGINT.

It must stop within seconds with one line and exit 130 (no traceback), and a re-run must converge.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from provisioning.onboarding import parse_staff_csv
from sandbox.config import SandboxConfig
from sandbox.server import SandboxThread
from tests.conftest import seeded
from tests.provisioning.test_apply import assert_one_to_one, await_orders, orders_per_number, staff_csv


def test_one_ctrl_c_stops_cleanly_and_rerun_converges(tmp_path: Path) -> None:
    state = seeded("city")
    # Slow orders: a run left alone would take far longer than the 10 s the interrupt may take.
    thread = SandboxThread(state, SandboxConfig(operation_delay_s=1.5, latency_ms=50)).start()
    try:
        rows, _ = parse_staff_csv(staff_csv(state))
        chosen = rows[:120]
        upns = [r.upn for r in chosen]
        csv_path = tmp_path / "staff.csv"
        csv_path.write_text(
            "upn,department,city\n" + "".join(f"{r.upn},{r.department},{r.city}\n" for r in chosen)
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'sb.db'}",
            "SWITCHBOARD_GRAPH_URL": thread.base_url,
            "SWITCHBOARD_MAX_CONCURRENCY": "16",
        }
        command = [sys.executable, "-m", "cli", "onboard", str(csv_path), "--yes"]
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        await_orders(state, 10, process, timeout_s=120)
        assert process.poll() is None, "the apply ended before it could be interrupted"
        sent_at = time.monotonic()
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=30)
        finally:
            process.kill()
        elapsed = time.monotonic() - sent_at
        assert len(state.operations) < len(chosen), "the interrupt did not land mid-apply"
        assert process.returncode == 130, out[-2000:] + err[-2000:]
        assert "interrupted; re-run the same command to resume" in err
        assert "Traceback" not in out + err
        assert elapsed < 10, f"took {elapsed:.1f} s to stop"

        # The re-run settles the steps left in flight and orders nothing twice.
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert final.returncode == 0, final.stdout[-2000:] + final.stderr[-2000:]
        check = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert "already matches" in check.stdout
        assert_one_to_one(state, upns)
        orders = orders_per_number(state)
        assert all(count == 1 for count in orders.values()), {n: c for n, c in orders.items() if c > 1}
    finally:
        thread.stop()
