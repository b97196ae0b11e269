"""How long the MicrosoftTeams module takes to answer, per cmdlet (`--teams-latency realistic`).

Our estimate of the real module against a tenant, from timing admin sessions, not a Microsoft figure:
reads (Get-*/Find-*) 0.3–0.8 s, New-CsCallQueue/New-CsAutoAttendant 1–3 s, other writes (Set-*,
Remove-*, associations, number assignment) 1–2 s, New-CsOnlineApplicationInstance 2–4 s (it creates
a directory user too). The object builders (New-CsAutoAttendantPrompt, -MenuOption, …) run inside the
PowerShell session and cost nothing. A worker request pays the sum of the cmdlets it ran; concurrent
workers wait concurrently, as sessions against the service do.

Deterministic from a seed: the n-th call of a cmdlet always waits the same time, whatever order
concurrent workers reach the service in, so two bench runs see the same latencies.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from sandbox.config import TeamsLatency

# (low, high) seconds; the first matching rule wins, exact names before verb prefixes.
_EXACT: dict[str, tuple[float, float]] = {
    "New-CsOnlineApplicationInstance": (2.0, 4.0),
    "New-CsCallQueue": (1.0, 3.0),
    "New-CsAutoAttendant": (1.0, 3.0),
    "New-CsOnlineApplicationInstanceAssociation": (1.0, 2.0),
    "New-CsOnlineSchedule": (0.5, 1.5),
    "Import-CsOnlineAudioFile": (1.0, 2.0),
    "Connect-MicrosoftTeams": (2.0, 5.0),
}
_BY_VERB: dict[str, tuple[float, float]] = {
    "Get": (0.3, 0.8),
    "Find": (0.3, 0.8),
    "Set": (1.0, 2.0),
    "Remove": (1.0, 2.0),
}


def cmdlet_range(cmdlet: str) -> tuple[float, float]:
    """The (low, high) seconds of one cmdlet under the realistic profile; (0, 0) for local builders."""
    exact = next((span for name, span in _EXACT.items() if name.lower() == cmdlet.lower()), None)
    if exact is not None:
        return exact
    verb = cmdlet.split("-", 1)[0].capitalize()
    return _BY_VERB.get(verb, (0.0, 0.0))


class LatencyClock:
    """Counts calls per cmdlet and turns (seed, cmdlet, n-th call) into a delay."""

    def __init__(self, latency: TeamsLatency, seed: int) -> None:
        self.latency, self.seed = latency, seed
        self.calls: Counter[str] = Counter()

    def delay_for(self, cmdlet: str) -> float:
        low, high = cmdlet_range(cmdlet)
        if not self.latency.enabled or high <= 0:
            return 0.0
        key = cmdlet.lower()
        self.calls[key] += 1
        digest = hashlib.blake2b(f"{self.seed}:{key}:{self.calls[key]}".encode(), digest_size=8).digest()
        fraction = int.from_bytes(digest, "big") / 2**64
        return (low + (high - low) * fraction) * self.latency.scale

    def request_delay(self, cmdlets: Iterable[str]) -> float:
        """Seconds one worker request waits: the sum over the cmdlets it ran."""
        return sum(self.delay_for(cmdlet) for cmdlet in cmdlets)
