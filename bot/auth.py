"""Inbound authentication of Bot Connector requests (Bot Framework channel tokens), failing closed.

Checks, in order: `Authorization: Bearer <JWT>`; an RSA algorithm (never `none`/HMAC); a `kid` the channel
publishes; the key's endorsement for the activity's channel; signature, issuer, audience (our app id) and
expiry (5 minutes of skew, as the Bot Framework allows); the `serviceurl` claim equal to the activity's
serviceUrl; then the tenant allow-list. Every failure is an `AuthError` the handler turns into a 401.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import jwt

from bot.config import CHANNEL_ISSUER, BotConfig
from bot.keys import ChannelKeys

ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512")
CLOCK_SKEW_S = 300
# The connector sends the same token with every activity for its hour of life: a signature checked once
# need not be checked again. Only fully validated tokens are kept, until they expire.
VALIDATED_CACHE_SIZE = 4096


@dataclass(frozen=True)
class _Validated:
    claims: dict[str, Any]
    kid: str
    endorsements: tuple[str, ...] | None
    expires: float  # exp + the skew jwt.decode allows


class AuthError(Exception):
    """The request is not from the Bot Connector for this bot (→ 401). The reason is for our log only."""


@dataclass(frozen=True)
class InboundRequest:
    """The parts of an activity that authentication looks at."""

    authorization: str
    channel_id: str
    service_url: str
    tenant_id: str | None


@dataclass(frozen=True)
class Identity:
    app_id: str | None  # None in local mode
    authenticated: bool
    tenant_id: str | None


def bearer_token(header: str) -> str:
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("no bearer token")
    return token.strip()


class Authenticator:
    def __init__(self, config: BotConfig, keys: ChannelKeys | None) -> None:
        if not config.local_mode and keys is None:
            raise ValueError("an app id needs the channel's signing keys")
        self._config = config
        self._keys = keys
        self._validated: OrderedDict[str, _Validated] = OrderedDict()
        self._clock = time.time

    async def authenticate(self, request: InboundRequest) -> Identity:
        if self._config.local_mode:
            # quirk: the Agents Playground (and the Emulator without an app id) send no token at all;
            # a token we cannot check (no app id to match its audience) is refused rather than ignored.
            if request.authorization:
                raise AuthError("a token was sent but no app id is configured to validate it")
            return Identity(app_id=None, authenticated=False, tenant_id=request.tenant_id)
        claims = await self._validated_claims(request)
        if claims.get("serviceurl") != request.service_url:
            # quirk: exact string match, trailing slash included, as the Bot Framework SDKs compare it.
            raise AuthError("serviceurl claim does not match the activity's serviceUrl")
        if request.tenant_id not in self._config.tenants:
            raise AuthError("tenant not on the allow-list")
        return Identity(app_id=self._config.app_id, authenticated=True, tenant_id=request.tenant_id)

    async def _validated_claims(self, request: InboundRequest) -> dict[str, Any]:
        assert self._keys is not None
        token = bearer_token(request.authorization)
        hit = self._validated.get(token)
        if hit is not None:
            # Still checked per request: expiry, that the channel still publishes the key (a rolled-out
            # key ends its tokens), and the key's endorsement for this activity's channel.
            if self._clock() <= hit.expires and await self._keys.get(hit.kid) is not None:
                if hit.endorsements is not None and request.channel_id not in hit.endorsements:
                    raise AuthError(f"key not endorsed for channel {request.channel_id!r}")
                self._validated.move_to_end(token)
                return hit.claims
            del self._validated[token]
        claims, kid, endorsements = await self._check(token, request)
        self._validated[token] = _Validated(claims, kid, endorsements, float(claims["exp"]) + CLOCK_SKEW_S)
        if len(self._validated) > VALIDATED_CACHE_SIZE:
            self._validated.popitem(last=False)
        return claims

    async def _check(
        self, token: str, request: InboundRequest
    ) -> tuple[dict[str, Any], str, tuple[str, ...] | None]:
        """Full validation of a token not seen before: header, key, endorsement, signature and claims."""
        assert self._keys is not None
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError(f"malformed token: {type(exc).__name__}") from exc
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in ALLOWED_ALGORITHMS:
            raise AuthError(f"algorithm {algorithm!r} not allowed")
        if not isinstance(kid, str):
            raise AuthError("token has no key id")
        jwk = await self._keys.get(kid)
        if jwk is None:
            raise AuthError("unknown signing key")
        endorsements = jwk.get("endorsements")
        if endorsements is not None and request.channel_id not in endorsements:
            raise AuthError(f"key not endorsed for channel {request.channel_id!r}")
        try:
            key = jwt.PyJWK(jwk, algorithm=algorithm)
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self._config.app_id,
                issuer=CHANNEL_ISSUER,
                leeway=CLOCK_SKEW_S,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise AuthError(f"token rejected: {type(exc).__name__}") from exc
        if not isinstance(claims.get("exp"), int | float):
            raise AuthError("token has no numeric expiry")
        return claims, kid, tuple(endorsements) if endorsements is not None else None
