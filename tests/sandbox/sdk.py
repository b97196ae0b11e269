"""A real msgraph-sdk client pointed at a sandbox, as graph.md §8.1 describes (no graph/ policies)."""

from __future__ import annotations

import time
from typing import Any

from azure.core.credentials import AccessToken
from msgraph.graph_service_client import GraphServiceClient


class FakeCredential:
    def __init__(self, app: str = "sdk-tests") -> None:
        self.token = f"sandbox.{app}"

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.token, int(time.time()) + 3600)


def sdk_client(base_url: str, app: str = "sdk-tests") -> GraphServiceClient:
    client = GraphServiceClient(
        credentials=FakeCredential(app), scopes=["https://graph.microsoft.com/.default"]
    )
    client.request_adapter.base_url = base_url
    return client
