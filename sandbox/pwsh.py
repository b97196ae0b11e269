"""`python -m sandbox.pwsh --url http://127.0.0.1:PORT`: a stand-in for `pwsh` running worker.ps1.

Launched the way the product launches the real worker (credentials in SWITCHBOARD_* environment
variables, never on the command line), it "signs in", prints the ready line, then forwards each JSON
request line on stdin to the running sandbox (`POST /_sandbox/teams/invoke`) and writes the response line.
When the sandbox says so it dies mid-request (no answer) or hangs, as a real worker can.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from typing import Any

MODULE_VERSION = "7.0.0"
TIMEOUT_S = 600.0


def _post(url: str, body: bytes) -> dict[str, Any]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
        return json.loads(resp.read())  # type: ignore[no-any-return]


def _get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return json.loads(resp.read())  # type: ignore[no-any-return]


def _write(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def _error(fqid: str, category: str, message: str, exception: str) -> dict[str, Any]:
    return {"fqid": fqid, "category": category, "message": message, "exception": exception, "status": None}


def sign_in(root: str) -> dict[str, Any]:
    """Connect-MicrosoftTeams as the worker does it: the ready line, or `ready: false` with the error."""
    tenant = os.environ.get("SWITCHBOARD_TENANT_ID")
    certificate = os.environ.get("SWITCHBOARD_CERTIFICATE_PATH")
    fqid = "Connect-MicrosoftTeams,Microsoft.TeamsCmdlets.Powershell.Connect.ConnectMicrosoftTeams"
    if certificate and not os.path.isfile(certificate):
        message = f"Could not find the certificate file '{certificate}'."
        return {
            "ready": False,
            "error": _error(fqid, "AuthenticationError", message, "System.IO.FileNotFoundException"),
        }
    try:
        health = _get(f"{root}/_sandbox/health")
    except (OSError, ValueError) as exc:
        message = f"Connecting to the Teams service failed: {exc}"
        return {
            "ready": False,
            "error": _error(fqid, "ConnectionError", message, "System.Net.Http.HttpRequestException"),
        }
    if tenant and tenant.lower() != str(health.get("tenantId", "")).lower():
        message = f"AADSTS90002: Tenant '{tenant}' not found."
        return {"ready": False, "error": _error(fqid, "AuthenticationError", message, "System.Exception")}
    return {
        "ready": True,
        "module": "MicrosoftTeams",
        "version": MODULE_VERSION,
        "tenant": health.get("tenantId"),
    }


def serve(root: str) -> int:
    ready = sign_in(root)
    _write(ready)
    if not ready["ready"]:
        return 1
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request_id = json.loads(line).get("id")
        except (ValueError, AttributeError):
            request_id = None
        try:
            answer = _post(f"{root}/_sandbox/teams/invoke", line.encode())
        except (OSError, ValueError) as exc:
            error = _error(
                "HttpRequestException", "ConnectionError", str(exc), "System.Net.Http.HttpRequestException"
            )
            _write({"id": request_id, "ok": False, "step": 1, "results": [], "error": error})
            continue
        if answer.get("action") == "die":
            os._exit(1)  # quirk-free crash: no answer, no flush of anything else
        if answer.get("action") == "hang":
            while True:
                time.sleep(3600)
        _write(answer["response"])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.pwsh", description=__doc__)
    parser.add_argument("--url", required=True, help="Sandbox root URL, e.g. http://127.0.0.1:8765")
    args, _ = parser.parse_known_args(argv)  # tolerate pwsh-style flags (-NoLogo -File worker.ps1)
    root = args.url.rstrip("/").removesuffix("/v1.0")
    return serve(root)


if __name__ == "__main__":
    sys.exit(main())
