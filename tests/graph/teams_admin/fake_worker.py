"""A fake Teams admin worker speaking docs/teams-admin-protocol.md, with faults injected on demand.

State (the "tenant") lives in a JSON file shared by every worker process, so a replaced worker sees what
a killed one did. Faults are a JSON list in FAKE_FAULTS; each is consumed once by the first request whose
cmdlets include `cmdlet` (or any request when absent); error faults fail step `step` (default 1):
  exit_before (exit without doing the work), lost_answer (do the work, then exit), hang, garbage,
  throttle / transient / not_found (answer with that error instead of doing the work).
FAKE_START_DELAY delays the ready line; FAKE_SIGNIN_FAIL answers ready:false.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

STATE = os.environ["FAKE_STATE"]
FAULTS = os.environ.get("FAKE_FAULTS", "")
ERRORS = {
    "throttle": {"fqid": "TooManyRequests,Fake", "category": "LimitsExceeded", "status": 429},
    "transient": {"fqid": "InternalServerError,Fake", "category": "NotSpecified", "status": 503},
    "not_found": {"fqid": "NotFound,Fake", "category": "ObjectNotFound", "status": 404},
    "conflict": {"fqid": "Conflict,Fake", "category": "ResourceExists", "status": 409},
}
AA_APP = "ce933385-9390-45d1-9512-c8d228074e07"
# Get-CsOnlineUser misses a new resource account this many times (Teams' eventual consistency).
INVISIBLE_FOR = int(os.environ.get("FAKE_INVISIBLE_FOR", "0"))


class FakeError(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@contextmanager
def tenant() -> Iterator[dict[str, Any]]:
    with open(STATE + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(STATE) as f:
                state = json.load(f)
        except FileNotFoundError:
            state = {}
        state.setdefault("calls", {})
        state.setdefault("objects", {})
        state.setdefault("pids", [])
        yield state
        with open(STATE, "w") as f:
            json.dump(state, f)


def take_fault(cmdlets: list[str]) -> dict[str, Any]:
    if not FAULTS:
        return {}
    with open(FAULTS + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with open(FAULTS) as f:
            faults = json.load(f)
        for index, fault in enumerate(faults):
            if fault.get("cmdlet") in (None, *cmdlets):
                del faults[index]
                with open(FAULTS, "w") as f:
                    json.dump(faults, f)
                return dict(fault)
    return {}


def resolve(value: Any, results: dict[str, Any]) -> Any:
    if isinstance(value, dict) and "$ref" in value:
        target = results[value["$ref"]]
        return target.get(value["property"]) if value.get("property") else target
    if isinstance(value, list):
        return [resolve(item, results) for item in value]
    return value


def run(cmdlet: str, params: dict[str, Any], state: dict[str, Any]) -> Any:
    objects: dict[str, Any] = state["objects"]
    if cmdlet == "New-CsCallQueue":
        queue = {
            "Identity": str(uuid.uuid4()),
            "Name": params["Name"],
            "RoutingMethod": "Attendant",
            **params,
        }
        objects[queue["Identity"]] = {"kind": "CallQueue", **queue}
        return queue
    if cmdlet == "Get-CsCallQueue":
        queues = [o for o in objects.values() if o["kind"] == "CallQueue"]
        found = [q for q in queues if params.get("NameFilter", "") in q["Name"]]
        return [{k: v for k, v in q.items() if k != "kind"} for q in found] or None
    if cmdlet == "New-CsOnlineApplicationInstance":
        account = {
            "ObjectId": str(uuid.uuid4()),
            "UserPrincipalName": params["UserPrincipalName"],
            "DisplayName": params.get("DisplayName"),
            "ApplicationId": params.get("ApplicationId", AA_APP),
            "PhoneNumber": None,
        }
        objects[account["ObjectId"]] = {"kind": "ApplicationInstance", "invisible": INVISIBLE_FOR, **account}
        return account
    if cmdlet == "Get-CsOnlineUser":
        found = [
            o
            for o in objects.values()
            if params["Identity"] in (o.get("ObjectId"), o.get("UserPrincipalName"))
        ]
        if not found or found[0].get("invisible", 0) > 0:
            if found:
                found[0]["invisible"] -= 1
            raise FakeError("not_found")
        return {"Identity": found[0]["ObjectId"], "AccountType": "ResourceAccount"}
    if cmdlet == "Get-CsOnlineApplicationInstance":
        wanted = params.get("Identity")
        found = [
            {k: v for k, v in o.items() if k not in ("kind", "invisible")}
            for o in objects.values()
            if o["kind"] == "ApplicationInstance" and wanted in (None, o["ObjectId"], o["UserPrincipalName"])
        ]
        return found[0] if wanted and found else (found or None)
    if cmdlet == "New-CsAutoAttendantPrompt":
        return {"ActiveType": "TextToSpeech", "TextToSpeechPrompt": params.get("TextToSpeechPrompt")}
    if cmdlet == "Get-CsAutoAttendantSupportedLanguage":
        return [{"Id": "en-US", "DisplayName": "English (United States)", "Voices": [{"Id": "Female"}]}]
    return {"cmdlet": cmdlet, "params": params}


def answer(request: dict[str, Any]) -> dict[str, Any]:
    steps = request["steps"]
    fault = take_fault([step["cmdlet"] for step in steps])
    kind = fault.get("fault")
    if kind == "exit_before":
        os._exit(3)
    if kind == "hang":
        time.sleep(3600)
    if kind == "garbage":
        return {"garbage": True}
    results: list[Any] = []
    named: dict[str, Any] = {}
    with tenant() as state:
        for number, step in enumerate(steps, start=1):
            if kind in ERRORS and number == fault.get("step", 1):
                error = {"message": f"fake {kind}", "exception": "System.Exception", **ERRORS[kind]}
                return {"id": request["id"], "ok": False, "step": number, "results": results, "error": error}
            state["calls"][step["cmdlet"]] = state["calls"].get(step["cmdlet"], 0) + 1
            params = {k: resolve(v, named) for k, v in step["params"].items()}
            try:
                output = run(step["cmdlet"], params, state)
            except FakeError as failure:
                output = failure
            if isinstance(output, FakeError):
                error = {
                    "message": f"fake {output.kind}",
                    "exception": "System.Exception",
                    **ERRORS[output.kind],
                }
                return {"id": request["id"], "ok": False, "step": number, "results": results, "error": error}
            if step.get("as"):
                named[step["as"]] = output
            results.append(output)
    if kind == "lost_answer":
        os._exit(4)
    return {"id": request["id"], "ok": True, "results": results}


def main() -> None:
    time.sleep(float(os.environ.get("FAKE_START_DELAY", "0")))
    print("fake worker starting (a banner the client must skip)", flush=True)
    with tenant() as state:
        state["pids"].append(os.getpid())
    if os.environ.get("FAKE_SIGNIN_FAIL"):
        error = {
            "fqid": "AuthenticationFailed,Fake",
            "category": "AuthenticationError",
            "message": "bad cert",
        }
        print(json.dumps({"ready": False, "error": error}), flush=True)
        sys.exit(1)
    print(
        json.dumps({"ready": True, "module": "MicrosoftTeams", "version": "7.0.0", "tenant": "fake"}),
        flush=True,
    )
    for line in sys.stdin:
        reply = answer(json.loads(line))
        print("this is not json" if reply.get("garbage") else json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
