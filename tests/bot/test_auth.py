"""Every request that is not from the Bot Connector for our app id and tenants is a 401 — never a 500,
and nothing is sent back or asked of the back ends."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot import BotConfig, BotConfigError, check_bind
from sandbox.botframework import TEAMS_KEY_ID, WEBCHAT_KEY_ID
from tests.bot.conftest import APP_ID, OTHER_TENANT, BotRig


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def forged(rig: BotRig) -> str:
    """Right claims and kid, signed with a key that is not the channel's."""
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = jwt.decode(rig.token(), options={"verify_signature": False})
    return jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": TEAMS_KEY_ID})


def alg_none(rig: BotRig) -> str:
    claims = jwt.decode(rig.token(), options={"verify_signature": False})
    return f"{_b64({'alg': 'none', 'kid': TEAMS_KEY_ID, 'typ': 'JWT'})}.{_b64(claims)}."


def hs256_with_public_key(rig: BotRig) -> str:
    """The classic key-confusion attack: HMAC keyed with the published modulus."""
    claims = jwt.decode(rig.token(), options={"verify_signature": False})
    header = {"alg": "HS256", "kid": TEAMS_KEY_ID, "typ": "JWT"}
    return f"{_b64(header)}.{_b64(claims)}.c2lnbmF0dXJl"


def tampered(rig: BotRig) -> str:
    head, _, sig = rig.token().split(".")
    claims = jwt.decode(rig.token(), options={"verify_signature": False})
    claims["aud"] = APP_ID  # unchanged, but re-encoded body with an extra claim
    claims["admin"] = True
    return f"{head}.{_b64(claims)}.{sig}"


CORPUS: dict[str, Callable[[BotRig], str | None]] = {
    "missing header": lambda rig: None,
    "empty header": lambda rig: "",
    "not bearer": lambda rig: f"Basic {rig.token()}",
    "bearer without token": lambda rig: "Bearer ",
    "malformed token": lambda rig: "Bearer not.a.jwt",
    "garbage": lambda rig: "Bearer " + "x" * 40,
    "forged signature": lambda rig: f"Bearer {forged(rig)}",
    "tampered body": lambda rig: f"Bearer {tampered(rig)}",
    "alg none": lambda rig: f"Bearer {alg_none(rig)}",
    "hs256 key confusion": lambda rig: f"Bearer {hs256_with_public_key(rig)}",
    "expired": lambda rig: f"Bearer {rig.token(lifetime_s=-600)}",
    "wrong audience": lambda rig: f"Bearer {rig.token(app_id='someone-elses-bot')}",
    "wrong issuer": lambda rig: f"Bearer {rig.token(extra={'iss': 'https://sts.windows.net/evil/'})}",
    "unknown key": lambda rig: (
        "Bearer "
        + jwt.encode(
            jwt.decode(rig.token(), options={"verify_signature": False}),
            rig.issuer.keys[TEAMS_KEY_ID],
            algorithm="RS256",
            headers={"kid": "never-published"},
        )
    ),
    "key not endorsed for msteams": lambda rig: f"Bearer {rig.token(kid=WEBCHAT_KEY_ID)}",
    "wrong serviceUrl claim": lambda rig: f"Bearer {rig.token(service_url='https://evil.example/amer/')}",
    "serviceUrl without trailing slash": lambda rig: f"Bearer {rig.token(service_url=rig.service_url[:-1])}",
    "no expiry": lambda rig: f"Bearer {rig.token(extra={'exp': None})}",
}


@pytest.mark.parametrize("case", sorted(CORPUS))
async def test_bad_tokens_are_401(rig: BotRig, case: str) -> None:
    header = CORPUS[case](rig)
    response = await rig.post(rig.activity(), authorization=header)
    assert response.status == 401, case
    assert rig.sent() == []
    assert rig.services.calls == []


async def test_other_tenant_is_401_even_with_a_valid_token(rig: BotRig) -> None:
    body = rig.activity(channelData={"tenant": {"id": OTHER_TENANT}})
    response = await rig.post(body)
    assert response.status == 401
    assert rig.sent() == []


async def test_missing_tenant_is_401(rig: BotRig) -> None:
    response = await rig.post(rig.activity(channelData={}))
    assert response.status == 401


async def test_the_same_request_signed_properly_is_accepted(rig: BotRig) -> None:
    """The corpus's control: only the token differs."""
    response = await rig.post(rig.activity())
    assert response.status == 201
    assert len(rig.sent()) == 1


async def test_invoke_with_bad_token_is_401_not_500(rig: BotRig) -> None:
    body = rig.activity(
        type="invoke",
        name="adaptiveCard/action",
        text=None,
        value={"action": {"type": "Action.Execute", "verb": "my_number"}},
    )
    response = await rig.post(body, authorization=f"Bearer {rig.token(lifetime_s=-600)}")
    assert response.status == 401


def test_an_app_id_without_password_or_tenants_is_refused() -> None:
    with pytest.raises(BotConfigError, match="PASSWORD"):
        BotConfig(app_id=APP_ID, tenants=frozenset({"t"})).check()
    with pytest.raises(BotConfigError, match="TENANTS"):
        BotConfig(app_id=APP_ID, app_password="x").check()
    with pytest.raises(BotConfigError, match="https"):
        BotConfig(
            app_id=APP_ID,
            app_password="x",
            tenants=frozenset({"t"}),
            openid_metadata_url="http://login.example/meta",
        ).check()


def test_local_mode_binds_to_loopback_only() -> None:
    local = BotConfig(app_id=None)
    assert local.local_mode
    check_bind(local, "127.0.0.1")
    with pytest.raises(BotConfigError, match="binds to"):
        check_bind(local, "0.0.0.0")
    check_bind(BotConfig(app_id=APP_ID, app_password="x", tenants=frozenset({"t"})), "0.0.0.0")
