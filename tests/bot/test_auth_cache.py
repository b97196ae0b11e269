"""A token validated once is not re-verified on every activity, yet each request is still checked for what
can change: expiry, the channel still publishing the key, and the key's endorsement for this channel."""

from __future__ import annotations

import asyncio
from typing import Any

import jwt
import pytest

from bot import Authenticator, AuthError, BotConfig, InboundRequest
from sandbox.botframework import TEAMS_KEY_ID, Issuer
from sandbox.botframework.issuer import public_jwk

APP = "app-1"
SU = "http://127.0.0.1:1/botframework/connector/amer/"
TENANT = "t-1"


class Keys:
    """The channel's published keys; tests drop one to play Microsoft rolling a key."""

    def __init__(self, issuer: Issuer) -> None:
        self.keys = {kid: public_jwk(k, kid, issuer.endorsements[kid]) for kid, k in issuer.keys.items()}

    async def get(self, kid: str) -> dict[str, Any] | None:
        return self.keys.get(kid)


@pytest.fixture
def issuer() -> Issuer:
    return Issuer()


def authenticator(keys: Keys) -> Authenticator:
    config = BotConfig(app_id=APP, app_password="pw", tenants=frozenset({TENANT}))
    return Authenticator(config, keys)  # type: ignore[arg-type]


def request(token: str, channel: str = "msteams") -> InboundRequest:
    return InboundRequest(f"Bearer {token}", channel, SU, TENANT)


async def test_signature_is_verified_once_per_token(issuer: Issuer, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = jwt.decode
    monkeypatch.setattr(jwt, "decode", lambda *a, **k: calls.append(1) or real(*a, **k))
    auth, token = authenticator(Keys(issuer)), issuer.sign(app_id=APP, service_url=SU)
    for _ in range(5):
        assert (await auth.authenticate(request(token))).authenticated
    assert len(calls) == 1
    await auth.authenticate(request(issuer.sign(app_id=APP, service_url=SU, extra={"n": 2})))
    assert len(calls) == 2  # another token is verified in full


async def test_a_cached_token_ends_with_its_key(issuer: Issuer) -> None:
    keys = Keys(issuer)
    auth, token = authenticator(keys), issuer.sign(app_id=APP, service_url=SU)
    await auth.authenticate(request(token))
    del keys.keys[TEAMS_KEY_ID]
    with pytest.raises(AuthError, match="unknown signing key"):
        await auth.authenticate(request(token))


async def test_a_cached_token_expires(issuer: Issuer) -> None:
    # exp 299 s ago: inside the 5 minutes of skew for one more second, then refused even from the cache
    auth, token = authenticator(Keys(issuer)), issuer.sign(app_id=APP, service_url=SU, lifetime_s=-299)
    await auth.authenticate(request(token))
    await asyncio.sleep(2.1)
    with pytest.raises(AuthError, match="token rejected"):
        await auth.authenticate(request(token))


async def test_endorsement_is_checked_on_every_request(issuer: Issuer) -> None:
    auth, token = authenticator(Keys(issuer)), issuer.sign(app_id=APP, service_url=SU)
    await auth.authenticate(request(token))
    with pytest.raises(AuthError, match="not endorsed"):
        await auth.authenticate(request(token, channel="webchat"))


async def test_claims_per_request_still_apply_to_a_cached_token(issuer: Issuer) -> None:
    auth, token = authenticator(Keys(issuer)), issuer.sign(app_id=APP, service_url=SU)
    await auth.authenticate(request(token))
    other = InboundRequest(f"Bearer {token}", "msteams", "http://127.0.0.1:2/elsewhere/", TENANT)
    with pytest.raises(AuthError, match="serviceurl"):
        await auth.authenticate(other)
