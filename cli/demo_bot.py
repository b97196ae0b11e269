"""The demo's Teams bot step: `switchboard bot serve` on the county sandbox, which plays the Bot Framework
(signing keys, token endpoint, Bot Connector), and a scripted conversation: an employee asks for their
number and minutes; an admin opens the Fire Services Fee line from its card (Action.Execute).

What is printed is what the sandbox's Bot Connector recorded (and, for the card button, the invoke answer
Teams would show in place of the card), as plain text: each card's fallback text.

The bot runs with a demo app id against the sandbox's Bot Framework, so every activity is signed and
validated exactly as in production; local mode (no app id) is for the Agents Playground, whose own
connector takes no token, while the sandbox's connector (like Microsoft's) refuses unauthenticated sends.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

DEMO_APP_ID = "0d5b7a52-5c1f-4c49-8c3e-5d0e6f1a2b3c"
ADMIN_GROUP = "Teams Phone Admins"
FIRE_FEE = {
    "name": "Fire Services Fee",
    "agents": "group:Fire Fee Line Agents",
    "number": "auto",
    "until": "2026-12-31",
    "owner": "",
}


def _call(url: str, body: dict[str, Any] | None = None, token: str = "sandbox.demo") -> Any:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    with urllib.request.urlopen(request, timeout=120) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


@contextmanager
def bot_process(env: dict[str, str], port: int, as_of: str) -> Iterator[str]:
    """`switchboard bot serve` with the demo app id and the county's admin group; stopped afterwards."""
    bot_env = {
        **env,
        "SWITCHBOARD_BOT_APP_ID": DEMO_APP_ID,
        "SWITCHBOARD_BOT_APP_PASSWORD": "sandbox-demo-secret",  # the sandbox's token endpoint takes any
        "SWITCHBOARD_BOT_ADMIN_GROUP": ADMIN_GROUP,
    }
    command = [sys.executable, "-m", "cli", "bot", "serve", "--port", str(port), "--as-of", as_of]
    process = subprocess.Popen(command, env=bot_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    from cli.demo import wait_healthy  # cli/demo.py imports this module: import it once both exist

    try:
        wait_healthy(url, process, path="/readyz", what="the bot")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class Chat:
    """A personal chat with the bot, as Teams would carry it (signed by the sandbox's channel keys)."""

    def __init__(self, root: str, bot_url: str, tenant: str) -> None:
        self._root, self._bot, self._tenant = root, bot_url, tenant
        self.service_url = f"{root}/botframework/connector/amer/"

    def _post(self, activity: dict[str, Any]) -> Any:
        token = _call(
            f"{self._root}/_sandbox/botframework/sign", {"appId": DEMO_APP_ID, "serviceUrl": self.service_url}
        )["token"]
        return _call(f"{self._bot}/api/messages", activity, token=token)

    def _activity(self, user: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return {
            "id": f"1:{uuid.uuid4()}",
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": {"id": f"29:{user['id']}", "aadObjectId": user["id"], "name": user["displayName"]},
            "recipient": {"id": f"28:{DEMO_APP_ID}", "name": "Switchboard"},
            "conversation": {"id": f"a:personal-{user['id']}", "conversationType": "personal"},
            "channelData": {"tenant": {"id": self._tenant}},
            **fields,
        }

    def say(self, user: dict[str, Any], text: str) -> list[str]:
        """The bot's replies to `text`, read back from what the Bot Connector recorded."""
        before = len(_call(f"{self._root}/_sandbox/botframework/sent"))
        self._post(self._activity(user, type="message", text=text))
        sent = _call(f"{self._root}/_sandbox/botframework/sent")[before:]
        return [_plain(record.get("body") or {}) for record in sent]

    def press(self, user: dict[str, Any], verb: str, data: dict[str, Any]) -> list[str]:
        """An Action.Execute on the card: the card the bot answers with (Teams shows it in place) and,
        when the action outlasted the invoke's budget, the result the bot posts to the chat afterwards."""
        before = len(_call(f"{self._root}/_sandbox/botframework/sent"))
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": {"verb": verb, **data}}}
        answer = self._post(self._activity(user, type="invoke", name="adaptiveCard/action", value=value))
        card = answer.get("value") if isinstance(answer, dict) else None
        shown = [str(card.get("fallbackText")) if isinstance(card, dict) else json.dumps(answer)]
        if shown[0].startswith("Working on it"):
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                sent = _call(f"{self._root}/_sandbox/botframework/sent")[before:]
                if sent:
                    return shown + [_plain(record.get("body") or {}) for record in sent]
                time.sleep(0.5)
        return shown


def _plain(activity: dict[str, Any]) -> str:
    for attachment in activity.get("attachments") or []:
        content = attachment.get("content") or {}
        if content.get("fallbackText"):
            return str(content["fallbackText"])
    return str(activity.get("text") or activity.get("summary") or "")


def _people(graph_url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """An employee with a number (not an admin) and a member of the admin group, found through Graph."""
    quoted = urllib.parse.quote(f"displayName eq '{ADMIN_GROUP}'")
    (group,) = _call(f"{graph_url}/groups?$filter={quoted}")["value"]
    admins = _call(f"{graph_url}/groups/{group['id']}/members")["value"]
    admin_ids = {a["id"] for a in admins}
    quoted = urllib.parse.quote("assignmentStatus eq 'userAssigned'")
    numbers = _call(f"{graph_url}/admin/teams/telephoneNumberManagement/numberAssignments?$filter={quoted}")
    holder = next(
        n["assignmentTargetId"] for n in numbers["value"] if n["assignmentTargetId"] not in admin_ids
    )
    return _call(f"{graph_url}/users/{holder}"), admins[0]


def tour(
    graph_url: str, env: dict[str, str], port: int, as_of: str, echo: Callable[[str], None] = print
) -> list[str]:
    """Serve the bot on the sandbox at `graph_url` and run the scripted conversation; the transcript
    lines are echoed and returned. `env` is the demo's (DATABASE_URL with the synced call logs); `as_of`
    is the sandbox's today, so "my minutes" covers the months the sandbox has calls for."""
    root = graph_url.removesuffix("/v1.0")
    tenant = str(_call(f"{root}/_sandbox/health")["tenantId"])
    employee, admin = _people(graph_url)
    lines: list[str] = []

    def show(who: str, text: str) -> None:
        for number, line in enumerate(text.splitlines() or [""]):
            lines.append(f"{who if number == 0 else ' ' * len(who)} {line}")
            echo(lines[-1])

    with bot_process({**env, "SWITCHBOARD_GRAPH_URL": graph_url}, port, as_of) as bot_url:
        chat = Chat(root, bot_url, tenant)
        first = employee["displayName"].split(" ")[0]
        for question in ("what's my number?", "how many minutes did I use?"):
            show(f"{first}:", question)
            for answer in chat.say(employee, question):
                show("Switchboard:", answer)
        name = admin["displayName"].split(" ")[0]
        show(f"{name} (admin):", "open a pop-up line")
        for answer in chat.say(admin, "open a pop-up line"):
            show("Switchboard:", answer)
        filled = ", ".join(f"{k}={v}" for k, v in FIRE_FEE.items() if v)
        show(f"{name} (admin):", f"[fills the card: {filled}] → Open the line")
        for answer in chat.press(admin, "popup_open", FIRE_FEE):
            show("Switchboard:", answer)
    return lines
