"""What the bot sent to the Bot Connector, in order: what tests and the demo read back."""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class SentActivity:
    seq: int
    method: str
    path: str
    operation: str  # send | reply | update | delete | create
    conversation_id: str
    activity_id: str | None  # the id we answered with (or the one updated/deleted)
    reply_to_id: str | None
    app_id: str
    body: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class ConnectorRecords:
    def __init__(self) -> None:
        self.sent: list[SentActivity] = []
        self._ids = itertools.count(1)

    def next_id(self) -> str:
        return f"1:sandbox-{next(self._ids)}"

    def add(self, record: SentActivity) -> None:
        self.sent.append(record)

    def clear(self) -> None:
        self.sent.clear()
