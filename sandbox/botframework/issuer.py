"""The Bot Framework's token side: OpenID metadata, signing keys with channel endorsements, and tokens.

Inbound activities are signed the way the Bot Connector signs them (iss `https://api.botframework.com`,
aud = the bot's app id, a `serviceurl` claim); outbound, the bot gets a client-credentials token here.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CHANNEL_ISSUER = "https://api.botframework.com"
CONNECTOR_SCOPE = "https://api.botframework.com/.default"
TEAMS_KEY_ID = "sandbox-msteams"
WEBCHAT_KEY_ID = "sandbox-webchat"


def _private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str, endorsements: list[str]) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=kid, use="sig", alg="RS256", endorsements=endorsements)
    return jwk


@dataclass
class Issuer:
    """Two signing keys: one endorsed for Teams, one only for Web Chat (a Teams activity signed with it
    must be refused). Issued outbound tokens are remembered so the connector can check them."""

    keys: dict[str, rsa.RSAPrivateKey] = field(
        default_factory=lambda: {TEAMS_KEY_ID: _private_key(), WEBCHAT_KEY_ID: _private_key()}
    )
    endorsements: dict[str, list[str]] = field(
        default_factory=lambda: {TEAMS_KEY_ID: ["msteams"], WEBCHAT_KEY_ID: ["webchat"]}
    )
    issued: dict[str, str] = field(default_factory=dict)  # outbound access token → app id

    def jwks(self) -> dict[str, Any]:
        return {"keys": [public_jwk(key, kid, self.endorsements[kid]) for kid, key in self.keys.items()]}

    def sign(
        self,
        *,
        app_id: str,
        service_url: str,
        kid: str = TEAMS_KEY_ID,
        lifetime_s: int = 3600,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """A channel token as the Bot Connector sends it with each activity."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": CHANNEL_ISSUER,
            "aud": app_id,
            "serviceurl": service_url,
            "nbf": now - 5,
            "iat": now - 5,
            "exp": now + lifetime_s,
        }
        claims.update(extra or {})
        return jwt.encode(claims, self.keys[kid], algorithm="RS256", headers={"kid": kid})

    def issue_access_token(self, app_id: str) -> str:
        """An outbound token for the bot; opaque to the bot, checked by the connector routes."""
        token = f"bfsandbox.{app_id}.{secrets.token_urlsafe(24)}"
        self.issued[token] = app_id
        return token

    def app_for(self, authorization: str) -> str | None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.issued.get(token.strip())
