"""The Teams bot: our own /api/messages handler on aiohttp, botbuilder kept inside bot/adapter.py."""

from bot.admin import AdminContext, AdminConversation
from bot.admin_ops import EmergencyModes, TenantAdminOps
from bot.admin_setup import admin_policy, build_admin
from bot.admins import AdminDirectory, AdminPolicy, AdminPolicyError, Agency, parse_agencies
from bot.app import SCHEDULER, Delivery, create_app
from bot.auth import Authenticator, AuthError, InboundRequest
from bot.config import TOKEN_URL_TEMPLATE, BotConfig, BotConfigError, check_bind
from bot.delivery import open_channel_poster
from bot.emergency_modes import TenantEmergencyModes
from bot.jobs import periodic
from bot.model import Caller, MinutesInfo, NumberInfo, PhoneInfo, Reply, Services
from bot.services import TenantServices

__all__ = [
    "SCHEDULER",
    "TOKEN_URL_TEMPLATE",
    "AdminContext",
    "AdminConversation",
    "AdminDirectory",
    "AdminPolicy",
    "AdminPolicyError",
    "Agency",
    "AuthError",
    "Authenticator",
    "BotConfig",
    "BotConfigError",
    "Caller",
    "Delivery",
    "EmergencyModes",
    "InboundRequest",
    "MinutesInfo",
    "NumberInfo",
    "PhoneInfo",
    "Reply",
    "Services",
    "TenantAdminOps",
    "TenantEmergencyModes",
    "TenantServices",
    "admin_policy",
    "build_admin",
    "check_bind",
    "create_app",
    "open_channel_poster",
    "parse_agencies",
    "periodic",
]
