"""The Teams bot: our own /api/messages handler on aiohttp, botbuilder kept inside bot/adapter.py."""

from bot.app import create_app
from bot.auth import Authenticator, AuthError, InboundRequest
from bot.config import TOKEN_URL_TEMPLATE, BotConfig, BotConfigError, check_bind
from bot.jobs import periodic
from bot.model import Caller, MinutesInfo, NumberInfo, PhoneInfo, Reply, Services
from bot.services import TenantServices

__all__ = [
    "TOKEN_URL_TEMPLATE",
    "AuthError",
    "Authenticator",
    "BotConfig",
    "BotConfigError",
    "Caller",
    "InboundRequest",
    "MinutesInfo",
    "NumberInfo",
    "PhoneInfo",
    "Reply",
    "Services",
    "TenantServices",
    "check_bind",
    "create_app",
    "periodic",
]
