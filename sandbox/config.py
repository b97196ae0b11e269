"""How the sandbox behaves beyond its data: latency, operation timing, throttles and injected faults.

`--faults` syntax: comma-separated `GROUP:KIND@PROBABILITY`, e.g.
`numbers:429@0.2,callrecords:503@0.1,*:drop@0.01,operations:slow@0.3`. Groups: numbers, operations,
users, groups, skus, userconfigs, callrecords, reports, teams (the PowerShell stand-in), connector (the Bot Connector), * (all). Kinds:
429, 503, 504, drop (close the connection without answering), slow (operations settle late), fail
(operations fail); for `teams` also 500, die (the worker exits before running the request), lost (it
runs the request, then exits without answering) and hang (it never answers). A `teams` rule may name
one cmdlet after a slash, `teams:lost@1.0/New-CsCallQueue`: only requests that run it are hit (a drill on
one write, while the reads around it answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

GROUPS = frozenset(
    {
        "numbers",
        "operations",
        "users",
        "groups",
        "skus",
        "userconfigs",
        "callrecords",
        "reports",
        "teams",
        "connector",
        "*",
    }
)
TEAMS_ONLY_KINDS = frozenset({"500", "die", "lost", "hang"})
KINDS = frozenset({"429", "503", "504", "drop", "slow", "fail"}) | TEAMS_ONLY_KINDS
OPERATION_ONLY_KINDS = frozenset({"slow", "fail"})
TEAMS_LATENCY_PROFILES = ("none", "realistic")


@dataclass(frozen=True)
class FaultRule:
    group: str
    kind: str
    probability: float
    cmdlet: str | None = None  # teams only: hit only requests that run this cmdlet

    def applies_to(self, group: str) -> bool:
        return self.group in ("*", group)

    def hits(self, cmdlets: list[str]) -> bool:
        return self.cmdlet is None or any(c.casefold() == self.cmdlet.casefold() for c in cmdlets)


@dataclass(frozen=True)
class FaultPlan:
    rules: tuple[FaultRule, ...] = ()

    def for_group(self, group: str) -> list[FaultRule]:
        return [rule for rule in self.rules if rule.applies_to(group)]

    def describe(self) -> str:
        return (
            ",".join(
                f"{r.group}:{r.kind}@{r.probability:g}" + (f"/{r.cmdlet}" if r.cmdlet else "")
                for r in self.rules
            )
            or "none"
        )


def parse_faults(spec: str | None) -> FaultPlan:
    """Parse a fault spec; ValueError names the offending token."""
    if not spec or not spec.strip():
        return FaultPlan()
    rules = []
    for raw in spec.split(","):
        token = raw.strip()
        if not token:
            continue
        group, sep, rest = token.partition(":")
        kind, at, probability_text = rest.partition("@")
        probability_text, slash, cmdlet = probability_text.partition("/")
        if slash and (group != "teams" or not cmdlet):
            raise ValueError(
                f"fault {token!r}: only a teams rule names a cmdlet (teams:lost@1.0/New-CsCallQueue)"
            )
        if not sep or not at:
            raise ValueError(f"fault {token!r}: expected GROUP:KIND@PROBABILITY, e.g. numbers:429@0.2")
        if group not in GROUPS:
            raise ValueError(f"fault {token!r}: unknown group {group!r} (one of {', '.join(sorted(GROUPS))})")
        if kind not in KINDS:
            raise ValueError(f"fault {token!r}: unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        if kind in TEAMS_ONLY_KINDS and group != "teams":
            raise ValueError(f"fault {token!r}: kind {kind!r} applies only to the teams group")
        try:
            probability = float(probability_text)
        except ValueError:
            raise ValueError(f"fault {token!r}: probability {probability_text!r} is not a number") from None
        if not 0.0 <= probability <= 1.0:
            raise ValueError(f"fault {token!r}: probability must be between 0 and 1")
        rules.append(FaultRule(group, kind, probability, cmdlet or None))
    return FaultPlan(tuple(rules))


@dataclass(frozen=True)
class TeamsLatency:
    """How slow the Teams side answers (sandbox/teams/latency.py): a profile and a scale
    (`realistic*0.1` keeps a bench's proportions at a tenth of the wall time)."""

    profile: str = "none"
    scale: float = 1.0

    @property
    def enabled(self) -> bool:
        return self.profile != "none" and self.scale > 0

    def describe(self) -> str:
        return self.profile if self.scale == 1.0 else f"{self.profile}*{self.scale:g}"


def parse_teams_latency(spec: str | None) -> TeamsLatency:
    """`none`, `realistic` or `realistic*FACTOR`; ValueError names what is wrong."""
    text = (spec or "none").strip().lower()
    name, star, factor = text.partition("*")
    if name not in TEAMS_LATENCY_PROFILES:
        choices = ", ".join(TEAMS_LATENCY_PROFILES)
        raise ValueError(f"--teams-latency {spec!r}: unknown profile {name!r} (one of {choices})")
    if not star:
        return TeamsLatency(name)
    try:
        scale = float(factor)
    except ValueError:
        raise ValueError(f"--teams-latency {spec!r}: scale {factor!r} is not a number") from None
    if scale < 0:
        raise ValueError(f"--teams-latency {spec!r}: scale must not be negative")
    return TeamsLatency(name, scale)


@dataclass(frozen=True)
class SandboxConfig:
    latency_ms: float = 0.0
    # Seconds before an assign/unassign order settles; the graph client polls until then.
    operation_delay_s: float = 1.5
    # Per-app token buckets (requests per second); None disables the bucket.
    read_rate: float | None = None
    read_burst: int = 50
    write_rate: float | None = None
    write_burst: int = 10
    # quirk: call-log functions allow 200 requests per 60 s per app per tenant (graph.md §3.1).
    calllog_limit: int = 200
    calllog_window_s: float = 60.0
    # Seconds a pre-authenticated report download URL stays valid.
    download_ttl_s: float = 300.0
    faults: FaultPlan = field(default_factory=FaultPlan)
    random_seed: int = 7
    # Seconds before Teams sees a new resource account (Get-CsOnlineUser, numbers, associations);
    # the service takes minutes, drills say so with `--teams-delay`.
    teams_delay_s: float = 1.0
    # How long each cmdlet takes to answer (`--teams-latency realistic`); none by default.
    teams_latency: TeamsLatency = field(default_factory=TeamsLatency)
    # Application permissions the sandbox app registration lacks (sandbox/permissions.py).
    denied_permissions: frozenset[str] = frozenset()
