"""A bot on loopback wired to a county sandbox playing the Bot Framework (keys, token, connector)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot import BotConfig, MinutesInfo, NumberInfo, PhoneInfo, create_app
from provisioning import AgentSeat, CallHandling
from sandbox.botframework import ISSUER, RECORDS, Issuer, service_url
from sandbox.server import RunningSandbox
from tests.conftest import SandboxFactory

APP_ID = "6a1c2f0e-3b5d-4c3e-9f7a-0b1d2c3e4f50"
OTHER_TENANT = "00000000-0000-0000-0000-0000000000ff"


@dataclass
class FixedServices:
    """Known answers, so the tests can assert on exact card contents; `calls` proves who was asked."""

    phone_info: PhoneInfo | None = None
    minutes_info: MinutesInfo | None = None
    calls: list[tuple[str, str]] = field(default_factory=list)

    async def phone(self, aad_object_id: str) -> PhoneInfo | None:
        self.calls.append(("phone", aad_object_id))
        return self.phone_info

    async def minutes(self, aad_object_id: str) -> MinutesInfo | None:
        self.calls.append(("minutes", aad_object_id))
        return self.minutes_info

    async def ready(self) -> bool:
        return True

    seats: list[AgentSeat] | None = None
    handling: CallHandling | None = None

    async def queues(self, aad_object_id: str) -> list[AgentSeat] | None:
        self.calls.append(("queues", aad_object_id))
        return self.seats

    async def opt_out(self, aad_object_id: str, queue_id: str, until: dt.datetime) -> AgentSeat:
        self.calls.append(("opt_out", f"{aad_object_id} {queue_id} {until.isoformat()}"))
        assert self.seats is not None
        seat = next(s for s in self.seats if s.queue_id == queue_id)
        return AgentSeat(seat.queue_id, seat.queue_name, False, True, False, seat.allow_opt_out, until)

    async def opt_in(self, aad_object_id: str, queue_id: str) -> AgentSeat:
        self.calls.append(("opt_in", f"{aad_object_id} {queue_id}"))
        assert self.seats is not None
        return next(s for s in self.seats if s.queue_id == queue_id)

    async def calling(self, aad_object_id: str) -> CallHandling | None:
        self.calls.append(("calling", aad_object_id))
        return self.handling

    async def ring_also(self, aad_object_id: str, number: str) -> CallHandling:
        self.calls.append(("ring_also", f"{aad_object_id} {number}"))
        return CallHandling("on", f"off (your calls also ring {number})", number)

    async def stop_ring(self, aad_object_id: str) -> CallHandling:
        self.calls.append(("stop_ring", aad_object_id))
        return CallHandling("on", "off", None)


@dataclass
class BotRig:
    sandbox: RunningSandbox
    url: str
    services: FixedServices
    session: aiohttp.ClientSession

    @property
    def issuer(self) -> Issuer:
        return self.sandbox.app[ISSUER]

    @property
    def service_url(self) -> str:
        return service_url(self.sandbox.root_url)

    @property
    def tenant_id(self) -> str:
        return self.sandbox.state.tenantId

    def sent(self) -> list[Any]:
        return self.sandbox.app[RECORDS].sent

    def activity(self, text: str = "what's my number", **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": "message",
            "id": f"1:{uuid.uuid4()}",
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": {"id": "29:ann", "aadObjectId": "aad-ann", "name": "Ann Lee"},
            "recipient": {"id": f"28:{APP_ID}", "name": "Switchboard"},
            "conversation": {
                "id": "a:personal-ann",
                "conversationType": "personal",
                "tenantId": self.tenant_id,
            },
            "channelData": {"tenant": {"id": self.tenant_id}},
            "text": text,
        }
        body.update(changes)
        return body

    def token(self, **kwargs: Any) -> str:
        kwargs.setdefault("app_id", APP_ID)
        kwargs.setdefault("service_url", self.service_url)
        return self.issuer.sign(**kwargs)

    async def post(
        self, body: dict[str, Any], authorization: str | None = "signed"
    ) -> aiohttp.ClientResponse:
        headers = {}
        if authorization == "signed":
            headers["Authorization"] = f"Bearer {self.token()}"
        elif authorization is not None:
            headers["Authorization"] = authorization
        async with self.session.post(f"{self.url}/api/messages", json=body, headers=headers) as response:
            await response.read()
            return response


def config_for(sandbox: RunningSandbox, **changes: Any) -> BotConfig:
    values: dict[str, Any] = {
        "app_id": APP_ID,
        "app_password": "sandbox-secret",
        "tenants": frozenset({sandbox.state.tenantId}),
        "openid_metadata_url": f"{sandbox.root_url}/botframework/v1/.well-known/openidconfiguration",
        "token_url": f"{sandbox.root_url}/botframework/oauth2/v2.0/token",
        "max_retry_after_s": 2.0,  # the sandbox asks for 1 s on 429
    }
    values.update(changes)
    return BotConfig(**values)


async def start_bot(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def rig(sandbox_factory: SandboxFactory) -> AsyncIterator[BotRig]:
    sandbox = await sandbox_factory("county")
    services = FixedServices(
        phone_info=PhoneInfo(
            display_name="Ann Lee",
            upn="ann.lee@county.example",
            department="Clerk of Courts",
            numbers=(NumberInfo("+15615551234", "directRouting", "activated", "loc-courthouse"),),
            enterprise_voice=True,
        ),
        minutes_info=MinutesInfo("Nov 2026", 12.0, "Oct 2026", 340.0, "Clerk of Courts", 215.5, 41),
    )
    runner, url = await start_bot(create_app(config_for(sandbox), services))
    async with aiohttp.ClientSession() as session:
        yield BotRig(sandbox, url, services, session)
    await runner.cleanup()


from tests.bot.delivery_rig import delivery_rig  # noqa: E402, F401  (fixture; imports this module's helpers)
