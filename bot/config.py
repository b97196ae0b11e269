"""The bot's frozen configuration, built once by a composition root (cli/bot.py) from settings.

There is no switch that turns validation off: an app id means full token validation; no app id means the
explicit local mode, which only binds to loopback and only answers loopback service URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

CHANNEL_ISSUER = "https://api.botframework.com"
OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
CONNECTOR_SCOPE = "https://api.botframework.com/.default"
# MultiTenant bots get their outbound token from the botframework.com tenant; SingleTenant from their own.
TOKEN_URL_TEMPLATE = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class BotConfigError(ValueError):
    """A configuration the bot refuses to run with (the message names the setting)."""


def is_loopback_host(host: str | None) -> bool:
    return host is not None and (host in LOOPBACK_HOSTS or host.startswith("127."))


def is_loopback_url(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname)


@dataclass(frozen=True)
class BotConfig:
    app_id: str | None
    app_password: str | None = None
    tenants: frozenset[str] = frozenset()
    openid_metadata_url: str = OPENID_METADATA_URL
    token_url: str = TOKEN_URL_TEMPLATE.format(tenant="botframework.com")
    timezone: str = "America/New_York"
    # Attempts per outbound call on 429/5xx, and the longest Retry-After we are willing to wait.
    send_attempts: int = 4
    max_retry_after_s: float = 20.0
    request_timeout_s: float = 15.0
    # How long a turn waits for its reply to be accepted before answering the channel anyway (the reply
    # keeps retrying in the background): Teams gives up on a bot after 15 s and re-sends the activity.
    reply_wait_s: float = 10.0

    @property
    def local_mode(self) -> bool:
        """No app id: unsigned requests accepted (Agents Playground), loopback only, nothing sent to Microsoft."""
        return not self.app_id

    def check(self) -> BotConfig:
        """Refuse the combinations that would run a production bot open or half-configured."""
        if self.local_mode:
            if self.app_password:
                raise BotConfigError(
                    "SWITCHBOARD_BOT_APP_PASSWORD is set but SWITCHBOARD_BOT_APP_ID is empty"
                )
            return self
        if not self.app_password:
            raise BotConfigError(
                "SWITCHBOARD_BOT_APP_PASSWORD is required when SWITCHBOARD_BOT_APP_ID is set"
            )
        if not self.tenants:
            raise BotConfigError(
                "SWITCHBOARD_BOT_TENANTS is empty: list the tenant ids whose users may talk to the bot"
            )
        for name, url in (("metadata", self.openid_metadata_url), ("token", self.token_url)):
            parts = urlsplit(url)
            if parts.scheme != "https" and not is_loopback_host(parts.hostname):
                raise BotConfigError(f"the bot's {name} URL {url!r} must be https (or a loopback sandbox)")
        return self


def check_bind(config: BotConfig, host: str) -> None:
    """Local mode accepts unsigned requests, so it must never listen beyond this machine."""
    if config.local_mode and not is_loopback_host(host):
        raise BotConfigError(
            f"--host {host}: without SWITCHBOARD_BOT_APP_ID the bot runs unauthenticated and binds to "
            "127.0.0.1 only; set the app id (and password) to serve beyond this machine"
        )
