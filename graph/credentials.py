"""Credentials from config (azure-identity), and the sandbox's stand-in that only loopback accepts."""

from __future__ import annotations

import os
import time
from pathlib import Path
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


# Settings an app sign-in can use, by the name an admin sets (the AZURE_* aliases are accepted too).
SIGN_IN_SETTINGS = (
    "SWITCHBOARD_TENANT_ID",
    "SWITCHBOARD_CLIENT_ID",
    "SWITCHBOARD_CLIENT_SECRET or SWITCHBOARD_CERTIFICATE_PATH",
)


def _config_error(message: str) -> AuthenticationError:
    """A sign-in setting is missing or wrong: the admin fixes a setting, nothing was sent anywhere."""
    return AuthenticationError(message, code="configuration")


def _in_azure() -> bool:
    """Whether a managed identity endpoint exists here (App Service, Container Apps, Functions, AKS pod)."""
    return any(os.environ.get(name) for name in ("IDENTITY_ENDPOINT", "MSI_ENDPOINT", "IMDS_ENDPOINT"))


def _unset(config: GraphConfig) -> list[str]:
    values = (config.tenant_id, config.client_id, config.client_secret or config.certificate_path)
    return [name for name, value in zip(SIGN_IN_SETTINGS, values, strict=True) if not value]


def _certificate(config: GraphConfig) -> CertificateCredential:
    """CertificateCredential reads the file at once; its errors name neither the setting nor the file."""
    path = config.certificate_path or ""
    try:
        data = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise _config_error(
            f"SWITCHBOARD_CERTIFICATE_PATH: cannot read the certificate {path} ({exc.strerror or exc})"
        ) from None
    try:
        return CertificateCredential(
            config.tenant_id or "",
            config.client_id or "",
            certificate_data=data,
            password=config.certificate_password,
        )
    except (ValueError, TypeError) as exc:
        # The cryptography library's message can quote the password handling; name the cause only.
        wrong = "wrong SWITCHBOARD_CERTIFICATE_PASSWORD or " if config.certificate_password else ""
        raise _config_error(
            f"SWITCHBOARD_CERTIFICATE_PATH: {path} is not a PEM or PKCS#12 certificate with its private key "
            f"({wrong}{type(exc).__name__})"
        ) from None


def build_credential(config: GraphConfig) -> Credential:
    mode = config.resolved_auth()
    if mode == "sandbox":
        if not is_loopback(config.base_url):
            # Fail closed: a fake token must never be offered to a real endpoint.
            raise _config_error("the sandbox credential is only allowed for a loopback Graph URL")
        return SandboxCredential(config.sandbox_app_id)
    if config.auth == "auto" and mode == "managed_identity" and not _in_azure() and _unset(config):
        # quirk: azure-identity would try IMDS and log its credential-chain warnings; say what to set.
        raise _config_error(
            f"no sign-in configured for {config.base_url}: {', '.join(_unset(config))} unset, "
            "and this machine has no managed identity"
        )
    if mode in {"certificate", "secret", "workload_identity"} and not (config.tenant_id and config.client_id):
        unset = [name for name in SIGN_IN_SETTINGS[:2] if name in _unset(config)]
        raise _config_error(f"auth '{mode}' needs {' and '.join(unset)} (unset)")
    assert (config.tenant_id is not None and config.client_id is not None) or mode == "managed_identity"
    if mode == "certificate":
        if not config.certificate_path:
            raise _config_error("auth 'certificate' needs SWITCHBOARD_CERTIFICATE_PATH (unset)")
        return _certificate(config)
    if mode == "secret":
        if not config.client_secret:
            raise _config_error("auth 'secret' needs SWITCHBOARD_CLIENT_SECRET (unset)")
        return ClientSecretCredential(config.tenant_id or "", config.client_id or "", config.client_secret)
    if mode == "workload_identity":
        return WorkloadIdentityCredential(tenant_id=config.tenant_id, client_id=config.client_id)
    return ManagedIdentityCredential(client_id=config.client_id)
