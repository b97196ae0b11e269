"""Settings read once from the environment and `.env` (pydantic-settings; python-dotenv reads the file).

Every setting is listed in `.env.example`. Secrets are `SecretStr` so that printing the settings, a
traceback or a log line never shows them.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.config import is_loopback

AuthMode = Literal["auto", "secret", "certificate", "managed_identity", "workload_identity", "sandbox"]
GRAPH_CLOUD_URL = "https://graph.microsoft.com/v1.0"


def is_loopback_url(url: str) -> bool:
    """True when the URL points at this machine: the sandbox's home, never Microsoft's cloud."""
    return is_loopback(url)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SWITCHBOARD_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    graph_url: str = Field(default=GRAPH_CLOUD_URL, description="Graph base URL, or a sandbox's /v1.0 URL.")
    auth: AuthMode = Field(default="auto", description="How to sign in; auto picks the sandbox for loopback.")
    tenant_id: str | None = Field(
        default=None, validation_alias=AliasChoices("SWITCHBOARD_TENANT_ID", "AZURE_TENANT_ID")
    )
    client_id: str | None = Field(
        default=None, validation_alias=AliasChoices("SWITCHBOARD_CLIENT_ID", "AZURE_CLIENT_ID")
    )
    client_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SWITCHBOARD_CLIENT_SECRET", "AZURE_CLIENT_SECRET")
    )
    certificate_path: str | None = Field(
        default=None,
        validation_alias=AliasChoices("SWITCHBOARD_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PATH"),
    )
    certificate_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "SWITCHBOARD_CERTIFICATE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD"
        ),
    )
    sandbox_app_id: str = "switchboard"
    max_concurrency: int = Field(default=32, ge=1, le=256)
    timeout_s: float = Field(default=60.0, gt=0)
    poll_interval_s: float = Field(default=2.0, gt=0, description="Ceiling between polls of a number order.")
    operation_timeout_s: float = Field(
        default=300.0, gt=0, description="How long to wait for a number order."
    )
    # quirk: call-log functions allow 200 requests per 60 s per app (graph.md §3.1).
    calllog_requests_per_minute: int = Field(default=190, ge=1, le=200)
    calllog_concurrency: int = Field(default=3, ge=1, le=16)
    pwsh: str = Field(
        default="pwsh", description="PowerShell 7 for the Teams admin workers (not for a sandbox)."
    )
    teams_pool_size: int = Field(
        default=2, ge=1, le=16, description="Teams admin workers; each signs in once."
    )
    database_url: str = Field(
        default="sqlite:///switchboard.db",
        validation_alias=AliasChoices("DATABASE_URL", "SWITCHBOARD_DATABASE_URL"),
    )
    timezone: str = Field(default="America/New_York", description="Tenant time zone for reports.")
    actor: str | None = Field(default=None, description="Name written to the audit log; defaults to $USER.")
    report_period: str = Field(default="last-week", description="Period the weekly job reports on.")
    report_team_id: str | None = Field(default=None, description="Team of the channel the bot posts to.")
    report_channel_id: str | None = Field(default=None, description="Channel the bot posts the report to.")
    report_out_dir: str = Field(default="out", description="Folder the weekly job writes into.")
    # The Teams bot (switchboard bot serve); see .env.example.
    bot_app_id: str | None = None
    bot_app_password: SecretStr | None = None
    bot_tenants: str = Field(default="", description="Comma-separated tenant ids allowed to talk to the bot.")
    bot_token_tenant: str = Field(default="botframework.com", description="Tenant of the bot's token.")
    bot_openid_metadata_url: str | None = None
    bot_token_url: str | None = None
    bot_public_url: str | None = Field(
        default=None, description="https address of the bot; the report card's chart and file links use it."
    )
    bot_jobs_hour: int = Field(
        default=7, ge=0, le=23, description="Local hour from which the bot's scheduled jobs run each day."
    )
    bot_admin_group: str | None = Field(
        default=None, description="Entra group whose members are county-wide admins in the bot."
    )
    bot_agency_admins: str = Field(
        default="", description="Agency admin groups and their departments: 'Group=Dept|Dept; Group2=Dept'."
    )
    bot_admin_cache_s: float = Field(
        default=120.0, ge=0, le=3600, description="How long the bot trusts admin group membership it read."
    )
    bot_emergency_approval: bool = Field(
        default=False, description="An emergency activation from Teams waits for a second admin."
    )
    bot_invoke_budget_s: float = Field(
        default=4.0, ge=0, le=10, description="Seconds a card button waits for a slow admin action."
    )
    bot_phone_system: str | None = Field(
        default=None, description="The phone-system YAML whose emergency_modes the bot offers admins."
    )
    bot_approval_ttl_minutes: int = Field(
        default=30, ge=1, le=1440, description="Minutes before an unapproved activation request expires."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as America/New_York)"
            ) from exc
        return value

    @field_validator("report_period")
    @classmethod
    def _known_period(cls, value: str) -> str:
        from reports import check_period_name

        return check_period_name(value)

    @model_validator(mode="after")
    def _channel_pair(self) -> Settings:
        if bool(self.report_team_id) != bool(self.report_channel_id):
            raise ValueError("set SWITCHBOARD_REPORT_TEAM_ID and SWITCHBOARD_REPORT_CHANNEL_ID together")
        return self

    @field_validator("bot_agency_admins")
    @classmethod
    def _agencies(cls, value: str) -> str:
        from bot import parse_agencies  # raises AdminPolicyError (a ValueError) naming the entry

        parse_agencies(value)
        return value

    @field_validator("bot_public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback_url(value)):
            raise ValueError(f"{value!r} must be an https URL (Teams fetches the chart from it)")
        return value.rstrip("/")

    @field_validator("graph_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL")
        if parts.scheme == "http" and not is_loopback_url(value):
            raise ValueError("plain http is only allowed for a sandbox on this machine (127.0.0.1/localhost)")
        return value.rstrip("/")

    @property
    def targets_sandbox(self) -> bool:
        return self.auth == "sandbox" or (self.auth == "auto" and is_loopback_url(self.graph_url))
