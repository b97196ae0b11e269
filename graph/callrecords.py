"""PSTN and Direct Routing call logs: `getPstnCalls(fromDateTime=…,toDateTime=…)` and
`getDirectRoutingCalls(…)` (graph.md §3.1).

quirk: msgraph-sdk's URL template drops the comma between the two parameters (std-uritemplate), which the
service rejects, so we build the function URL by hand and hand it to the same request builder.
Windows longer than the service's 90 days are split into half-open windows laid end to end.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from graph.client import Transport
from graph.types import DirectRoutingCall

MAX_WINDOW = dt.timedelta(days=90)


def split_windows(
    start: dt.datetime, end: dt.datetime, span: dt.timedelta = MAX_WINDOW
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Half-open [a, b) windows of at most `span` covering [start, end); empty when end <= start."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("call-log windows need timezone-aware datetimes")
    cursor = start
    while cursor < end:
        upper = min(end, cursor + span)
        yield cursor, upper
        cursor = upper


def concurrent_windows(
    start: dt.datetime, end: dt.datetime, concurrency: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Windows tiling [start, end) for `concurrency` fetchers: at most 90 days each, and at least two per
    fetcher (so one finishing early picks up another) unless a window would fall under an hour."""
    windows = list(split_windows(start, end))
    wanted = 2 * concurrency if concurrency > 1 else 1
    if len(windows) >= wanted:
        return windows
    pieces = max(1, min(wanted, int((end - start) / dt.timedelta(hours=1))))
    step = dt.timedelta(seconds=-(-(end - start).total_seconds() // pieces))
    return list(split_windows(start, end, step))


def function_url(base_url: str, function: str, start: dt.datetime, end: dt.datetime) -> str:
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    a, b = start.astimezone(dt.UTC).strftime(fmt), end.astimezone(dt.UTC).strftime(fmt)
    return f"{base_url}/communications/callRecords/{function}(fromDateTime={a},toDateTime={b})"


class CallLogPacer:
    """Client-side sliding window so we never spend the service's 200 requests/min per app on 429s.

    Shared by every concurrent window fetch, and taken once per attempt. The service counts a request
    when it arrives, which is somewhere between our send and its response, and arrivals jitter (a token
    fetch or a busy loop can hold a burst back, then let it land next to the following one). So a request
    holds its place while in flight and is stamped when its response is back: then, whatever the
    latencies, no window of `window_s` can see more than `per_window` arrivals.
    """

    def __init__(
        self, per_window: int, clock: Callable[[], float] = time.monotonic, *, window_s: float = 60.0
    ) -> None:
        self.per_window = max(1, per_window)
        self.window_s = window_s
        self.clock = clock
        self.done: deque[float] = deque()  # response times, oldest first
        self.in_flight = 0
        self._lock = asyncio.Lock()
        self._finished = asyncio.Event()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._lock:
            while True:
                now = self.clock()
                while self.done and now - self.done[0] >= self.window_s:
                    self.done.popleft()
                if len(self.done) + self.in_flight < self.per_window:
                    self.in_flight += 1
                    break
                # Wait for the oldest stamp to leave the window, or for a request in flight to finish.
                timeout = self.window_s - (now - self.done[0]) if self.done else None
                self._finished.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._finished.wait(), timeout)
        try:
            yield
        finally:
            self.in_flight -= 1
            self.done.append(self.clock())
            self._finished.set()


# quirk: Graph writes "no end" (a failed or unanswered call) as the sentinel 0001-01-01T00:00:00Z.
NO_END = "0001-01-01"


def _time(value: str | None) -> dt.datetime | None:
    if not value or value.startswith(NO_END):
        return None
    return dt.datetime.fromisoformat(value)


# The one PSTN row mapping: our field name ← pstnCallLogRow property (graph.md §3.1).
PSTN_FIELDS: dict[str, str] = {
    "id": "id",
    "call_id": "callId",
    "user_id": "userId",
    "user_principal_name": "userPrincipalName",
    "user_display_name": "userDisplayName",
    "start_at": "startDateTime",
    "end_at": "endDateTime",
    "duration_seconds": "duration",
    "charge": "charge",
    "connection_charge": "connectionCharge",
    "currency": "currency",
    "call_type": "callType",
    "callee_number": "calleeNumber",
    "caller_number": "callerNumber",
    "destination_context": "destinationContext",
    "destination_name": "destinationName",
    "license_capability": "licenseCapability",
    "inventory_type": "inventoryType",
    "operator": "operator",
    "usage_country_code": "usageCountryCode",
    "tenant_country_code": "tenantCountryCode",
    "call_duration_source": "callDurationSource",
    "conference_id": "conferenceId",
}
_BLANK_IS_NONE = frozenset({"user_id", "user_principal_name", "user_display_name"})


def pstn_row_reader(fields: Sequence[str]) -> Callable[[dict[str, Any]], list[Any]]:
    """wire JSON → a list of values in `fields` order (any PSTN_FIELDS names, e.g. a table's columns).

    The hot path of a million-row sync, so no dict and no datetime per row: times stay wire text
    (ISO 8601 UTC) with the no-end sentinel as None, blank user fields become None, duration an int.
    """
    unknown = [f for f in fields if f not in PSTN_FIELDS]
    if unknown:
        raise ValueError(f"not pstnCallLogRow fields: {', '.join(unknown)}")
    keys = tuple(PSTN_FIELDS[f] for f in fields)
    blank = tuple(i for i, f in enumerate(fields) if f in _BLANK_IS_NONE)
    end = fields.index("end_at") if "end_at" in fields else None
    duration = fields.index("duration_seconds") if "duration_seconds" in fields else None
    call_type = fields.index("call_type") if "call_type" in fields else None

    def read(raw: dict[str, Any]) -> list[Any]:
        row: list[Any] = list(map(raw.get, keys))
        for index in blank:
            if not row[index]:
                row[index] = None
        if end is not None and row[end] and row[end].startswith(NO_END):
            row[end] = None
        if duration is not None:
            row[duration] = int(row[duration] or 0)
        if call_type is not None:
            row[call_type] = row[call_type] or ""
        return row

    return read


def parse_direct_routing(raw: dict[str, Any]) -> DirectRoutingCall:
    start = _time(raw.get("startDateTime"))
    assert start is not None, "directRoutingLogRow without startDateTime"
    return DirectRoutingCall(
        id=raw["id"],
        correlation_id=raw.get("correlationId"),
        user_id=raw.get("userId") or None,
        user_principal_name=raw.get("userPrincipalName") or None,
        user_display_name=raw.get("userDisplayName") or None,
        start=start,
        end=_time(raw.get("endDateTime")),
        invite=_time(raw.get("inviteDateTime")),
        failure=_time(raw.get("failureDateTime")),
        duration_seconds=int(raw.get("duration") or 0),
        call_type=raw.get("callType") or "",
        successful_call=raw.get("successfulCall"),
        caller_number=raw.get("callerNumber"),
        callee_number=raw.get("calleeNumber"),
        final_sip_code=raw.get("finalSipCode"),
        final_sip_code_phrase=raw.get("finalSipCodePhrase"),
        call_end_sub_reason=raw.get("callEndSubReason"),
        trunk_fqdn=raw.get("trunkFullyQualifiedDomainName"),
        media_bypass_enabled=raw.get("mediaBypassEnabled"),
        media_path_location=raw.get("mediaPathLocation"),
        signaling_location=raw.get("signalingLocation"),
    )


class CallRecordsApi:
    def __init__(self, transport: Transport, pacer: CallLogPacer, concurrency: int = 1) -> None:
        self._t = transport
        self._pacer = pacer
        self._concurrency = max(1, concurrency)
        self._records = transport.client.communications.call_records

    async def _window_pages(
        self, builder: Any, function: str, start: dt.datetime, end: dt.datetime
    ) -> AsyncIterator[list[dict[str, Any]]]:
        url: str | None = function_url(self._t.base_url, function, start, end)
        while url:
            page = await self._t.get_json(builder.with_url(url), pace=self._pacer.slot)
            yield page.get("value", [])
            url = page.get("@odata.nextLink")

    async def _raw_pages(
        self, function: str, start: dt.datetime, end: dt.datetime
    ) -> AsyncIterator[list[dict[str, Any]]]:
        """Pages of [start, end), several windows at once, in arrival order (not time order).

        Why concurrent: each window is a chain of nextLinks that can only be followed one by one, so a
        single chain leaves the service idle while we store a page and us idle while it builds the next.
        The pacer still caps the total at the service's per-minute limit.
        """
        # Any builder of the family works: with_url replaces its whole URL (graph.md §3.1 call chain).
        builder = (
            self._records.microsoft_graph_call_records_get_pstn_calls_with_from_date_time_with_to_date_time(
                from_date_time=start, to_date_time=end
            )
        )
        windows = deque(concurrent_windows(start, end, self._concurrency))
        queue: asyncio.Queue[list[dict[str, Any]] | BaseException | None] = asyncio.Queue(
            maxsize=self._concurrency
        )

        async def worker() -> None:
            try:
                while windows:
                    a, b = windows.popleft()
                    async for page in self._window_pages(builder, function, a, b):
                        await queue.put(page)
            except Exception as exc:  # handed to the consumer, which raises it
                await queue.put(exc)
            else:
                await queue.put(None)

        workers = [asyncio.create_task(worker()) for _ in range(min(self._concurrency, len(windows)))]
        running = len(workers)
        try:
            while running:
                item = await queue.get()
                if item is None:
                    running -= 1
                elif isinstance(item, BaseException):
                    raise item
                else:
                    yield item
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def pstn_rows(
        self, start: dt.datetime, end: dt.datetime, fields: Sequence[str]
    ) -> AsyncIterator[list[list[Any]]]:
        """Pages of PSTN rows as lists in `fields` order (see `pstn_row_reader`), in arrival order."""
        read = pstn_row_reader(fields)
        async for page in self._raw_pages("getPstnCalls", start, end):
            yield [read(raw) for raw in page]

    async def direct_routing_pages(
        self, start: dt.datetime, end: dt.datetime
    ) -> AsyncIterator[list[DirectRoutingCall]]:
        async for page in self._raw_pages("getDirectRoutingCalls", start, end):
            yield [parse_direct_routing(raw) for raw in page]
