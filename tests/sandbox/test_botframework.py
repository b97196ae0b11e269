"""The sandbox's Bot Framework side on its own: metadata → keys, the token endpoint's refusals, and a
connector that only takes tokens the sandbox issued."""

from __future__ import annotations

import aiohttp
import jwt

from sandbox.botframework import CONNECTOR_SCOPE, RECORDS, service_url
from sandbox.server import RunningSandbox
from tests.conftest import SandboxFactory


async def test_metadata_keys_token_and_connector(sandbox_factory: SandboxFactory) -> None:
    sandbox: RunningSandbox = await sandbox_factory("empty")
    root = sandbox.root_url
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{root}/botframework/v1/.well-known/openidconfiguration") as r:
            metadata = await r.json()
        async with http.get(metadata["jwks_uri"]) as r:
            keys = {k["kid"]: k for k in (await r.json())["keys"]}
        assert keys["sandbox-msteams"]["endorsements"] == ["msteams"]

        async with http.post(
            f"{root}/_sandbox/botframework/sign", json={"appId": "a", "serviceUrl": "s/"}
        ) as r:
            token = (await r.json())["token"]
        key = jwt.PyJWK(keys["sandbox-msteams"]).key
        claims = jwt.decode(token, key, algorithms=["RS256"], audience="a", issuer=metadata["issuer"])
        assert claims["serviceurl"] == "s/"

        form = {
            "grant_type": "client_credentials",
            "client_id": "a",
            "client_secret": "",
            "scope": CONNECTOR_SCOPE,
        }
        async with http.post(f"{root}/botframework/oauth2/v2.0/token", data=form) as r:
            assert r.status == 401
            assert (await r.json())["error"] == "invalid_client"
        async with http.post(
            f"{root}/botframework/oauth2/v2.0/token",
            data={**form, "client_secret": "s", "scope": "https://graph"},
        ) as r:
            assert (await r.json())["error"] == "invalid_scope"
        async with http.post(
            f"{root}/botframework/oauth2/v2.0/token", data={**form, "client_secret": "s"}
        ) as r:
            access = (await r.json())["access_token"]

        url = f"{service_url(root)}v3/conversations/a%3A1/activities/m1"
        body = {"type": "message", "text": "hi"}
        async with http.post(url, json=body, headers={"Authorization": "Bearer made-up"}) as r:
            assert r.status == 401
        async with http.post(url, json=body, headers={"Authorization": f"Bearer {access}"}) as r:
            assert r.status == 201
    (record,) = sandbox.app[RECORDS].sent
    assert (record.operation, record.conversation_id, record.reply_to_id, record.app_id) == (
        "reply",
        "a:1",
        "m1",
        "a",
    )
