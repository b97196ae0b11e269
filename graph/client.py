"""The GraphServiceClient and the one path every call takes: limiter → retry policy → SDK → translation.

Policy order, and why: the limiter is outside the retry loop's sleep so a throttled caller does not hold
a slot while it waits; translation happens inside so retries branch on our error classes.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

import httpx
import orjson
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.native_response_handler import NativeResponseHandler
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from kiota_http.middleware.options import ResponseHandlerOption, RetryHandlerOption, UrlReplaceHandlerOption
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient
from msgraph_core import APIVersion, GraphClientFactory
from msgraph_core.middleware.options import GraphTelemetryHandlerOption

from graph.config import GRAPH_SCOPE, GraphConfig
from graph.credentials import Credential
from graph.errors import Throttled
from graph.limiter import AdaptiveLimiter
from graph.retry import with_retries
from graph.translate import from_exception, from_response

T = TypeVar("T")


def build_client(config: GraphConfig, credential: Credential) -> tuple[GraphServiceClient, httpx.AsyncClient]:
    """SDK client on our base URL with the SDK's RetryHandler off (graph.md §0.4: it re-sends POSTs)."""
    options = {
        UrlReplaceHandlerOption.get_key(): UrlReplaceHandlerOption(
            enabled=True, replacement_pairs={"/users/me-token-to-replace": "/me"}
        ),
        GraphTelemetryHandlerOption.get_key(): GraphTelemetryHandlerOption(api_version=APIVersion.v1),
        RetryHandlerOption.get_key(): RetryHandlerOption(max_retries=0, should_retry=False),
    }
    http = GraphClientFactory.create_with_default_middleware(options=options)
    http.timeout = httpx.Timeout(config.timeout_s, connect=min(30.0, config.timeout_s))
    auth = AzureIdentityAuthenticationProvider(credential, scopes=[GRAPH_SCOPE])
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = config.base_url.rstrip("/")
    return GraphServiceClient(request_adapter=adapter), http


def config_with(
    *options: Any, headers: dict[str, str] | None = None, query: Any = None
) -> RequestConfiguration[Any]:
    """Request configuration with our client-request-id (the SDK adds one only on Graph hosts)."""
    configuration: RequestConfiguration[Any] = RequestConfiguration(
        query_parameters=query, options=list(options)
    )
    configuration.headers.add("client-request-id", str(uuid.uuid4()))
    for name, value in (headers or {}).items():
        configuration.headers.add(name, value)
    return configuration


class Transport:
    """Runs SDK calls under the limiter and the read/write retry policies."""

    def __init__(
        self,
        client: GraphServiceClient,
        limiter: AdaptiveLimiter,
        base_url: str,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.limiter = limiter
        self.base_url = base_url.rstrip("/")
        self.sleep = sleep

    async def _once(self, call: Callable[[], Awaitable[T]]) -> T:
        async with self.limiter.slot():
            try:
                result = await call()
            except Exception as exc:
                error = from_exception(exc)
                if isinstance(error, Throttled):
                    self.limiter.on_throttled()
                raise error from exc
        self.limiter.on_success()
        return result

    async def read(self, call: Callable[[], Awaitable[T]]) -> T:
        return await with_retries(lambda: self._once(call), write=False, sleep=self.sleep)

    async def write(self, call: Callable[[], Awaitable[T]]) -> T:
        return await with_retries(lambda: self._once(call), write=True, sleep=self.sleep)

    async def get_json(
        self,
        builder: Any,
        *,
        query: Any = None,
        headers: dict[str, str] | None = None,
        pace: Callable[[], AbstractAsyncContextManager[None]] | None = None,
    ) -> Any:
        """GET through the SDK pipeline, keeping the raw JSON (unknown enum values survive; graph.md §0.3).

        `pace`, when given, is entered around each attempt (retries included): the call-log pacer.
        """

        async def call() -> Any:
            async with pace() if pace else contextlib.nullcontext():
                response = await builder.get(
                    request_configuration=config_with(
                        ResponseHandlerOption(NativeResponseHandler()), headers=headers, query=query
                    )
                )
            assert isinstance(response, httpx.Response)
            if response.status_code >= 400:
                raise from_response(response)
            # orjson: parsing is the client's largest cost in a million-row call-log sync (≈3× json's speed).
            return orjson.loads(response.content)

        return await self.read(call)

    async def pages(
        self, builder: Any, *, query: Any = None, headers: dict[str, str] | None = None
    ) -> AsyncIterator[list[dict[str, Any]]]:
        """Yield each page's `value`, following absolute @odata.nextLink URLs with the same builder."""
        page = await self.get_json(builder, query=query, headers=headers)
        while True:
            yield page.get("value", [])
            next_link = page.get("@odata.nextLink")
            if not next_link:
                return
            page = await self.get_json(builder.with_url(next_link), headers=headers)
