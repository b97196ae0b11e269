"""Credentials from config (azure-identity), and the sandbox's stand-in that only loopback accepts."""

from __future__ import annotations

import time
from typing import Any

from azure.core.credentials import AccessToken
from azure.identity.aio import (
    CertificateCredential,
    ClientSecretCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
)

from graph.config import GraphConfig, is_loopback
from graph.errors import AuthenticationError


class SandboxCredential:
    """Issues `sandbox.<app id>` tokens; the sandbox keys its per-app throttles on the app id."""

    def __init__(self, app_id: str) -> None:
        self._token = f"sandbox.{app_id}"

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + 3600)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> SandboxCredential:
        return self

    async def __aexit__(self, *args: object) -> None:
        return None


Credential = (
    SandboxCredential
    | CertificateCredential
    | ClientSecretCredential
    | ManagedIdentityCredential
    | WorkloadIdentityCredential
)


def build_credential(config: GraphConfig) -> Credential:
    mode = config.resolved_auth()
    if mode == "sandbox":
        if not is_loopback(config.base_url):
            # Fail closed: a fake token must never be offered to a real endpoint.
            raise AuthenticationError("the sandbox credential is only allowed for a loopback Graph URL")
        return SandboxCredential(config.sandbox_app_id)
    if mode in {"certificate", "secret", "workload_identity"} and not (config.tenant_id and config.client_id):
        raise AuthenticationError(f"auth '{mode}' needs SWITCHBOARD_TENANT_ID and SWITCHBOARD_CLIENT_ID")
    assert (config.tenant_id is not None and config.client_id is not None) or mode == "managed_identity"
    if mode == "certificate":
        if not config.certificate_path:
            raise AuthenticationError("auth 'certificate' needs SWITCHBOARD_CERTIFICATE_PATH")
        return CertificateCredential(
            config.tenant_id or "",
            config.client_id or "",
            certificate_path=config.certificate_path,
            password=config.certificate_password,
        )
    if mode == "secret":
        if not config.client_secret:
            raise AuthenticationError("auth 'secret' needs SWITCHBOARD_CLIENT_SECRET")
        return ClientSecretCredential(config.tenant_id or "", config.client_id or "", config.client_secret)
    if mode == "workload_identity":
        return WorkloadIdentityCredential(tenant_id=config.tenant_id, client_id=config.client_id)
    return ManagedIdentityCredential(client_id=config.client_id)
