"""The Teams bot: our own /api/messages handler on aiohttp, botbuilder kept inside bot/adapter.py."""

from bot.app import create_app
from bot.auth import Authenticator, AuthError, InboundRequest
from bot.config import BotConfig, BotConfigError, check_bind
from bot.model import Caller, MinutesInfo, NumberInfo, PhoneInfo, Reply, Services
from bot.services import TenantServices

__all__ = [
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
]
