"""The Bot Framework side of the sandbox: token issuer, signing keys and a recording Bot Connector."""

from sandbox.botframework.issuer import CHANNEL_ISSUER, CONNECTOR_SCOPE, TEAMS_KEY_ID, WEBCHAT_KEY_ID, Issuer
from sandbox.botframework.records import ConnectorRecords, SentActivity
from sandbox.botframework.routes import ISSUER, RECORDS, register, service_url

__all__ = [
    "CHANNEL_ISSUER",
    "CONNECTOR_SCOPE",
    "ISSUER",
    "RECORDS",
    "TEAMS_KEY_ID",
    "WEBCHAT_KEY_ID",
    "ConnectorRecords",
    "Issuer",
    "SentActivity",
    "register",
    "service_url",
]
