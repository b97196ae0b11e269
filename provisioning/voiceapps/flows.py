"""Call-flow views of an auto attendant, call queue or voice-app number: every app the call can reach,
per call handling period, as indented text or as a graph (Mermaid here, SVG/PNG in flow_image).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from provisioning.voiceapps.model import (
    AutoAttendant,
    CallFlow,
    CallQueue,
    MenuOption,
    QueueException,
    Target,
    VoiceApps,
)

App = AutoAttendant | CallQueue


class FlowError(ValueError):
    """The name or number is not a voice app's."""


def entry_points(apps: VoiceApps) -> list[App]:
    """Apps callers can dial (a resource account with a number), then every other app, by name."""
    numbered = {ra.app for ra in apps.resource_accounts if ra.app and ra.number}
    everything: list[App] = sorted(
        [*apps.auto_attendants, *apps.call_queues], key=lambda a: a.name.casefold()
    )
    return [a for a in everything if a.name in numbered] + [a for a in everything if a.name not in numbered]


def find_app(apps: VoiceApps, name_or_number: str) -> App:
    """An app by name, by the UPN of its resource account, or by its resource account's number."""
    found: App | None = apps.auto_attendant(name_or_number) or apps.call_queue(name_or_number)
    if found is None:
        digits = "".join(ch for ch in name_or_number if ch.isdigit())
        account = apps.resource_account(f"+{digits}" if name_or_number.startswith("+") else name_or_number)
        if account is not None and account.app:
            found = apps.auto_attendant(account.app) or apps.call_queue(account.app)
    if found is None:
        raise FlowError(f"{name_or_number!r} is not an auto attendant, call queue or voice-app number")
    return found


def reachable(apps: VoiceApps, root: App | Sequence[App]) -> list[App]:
    """The root(s) and every app a call can reach from them, in the order a caller meets them."""
    order: list[App] = [root] if isinstance(root, AutoAttendant | CallQueue) else list(root)
    index = 0
    while index < len(order):
        for target in _targets(order[index]):
            app = _app_of(apps, target)
            if app is not None and all(app is not seen for seen in order):
                order.append(app)
        index += 1
    return order


def _targets(app: App) -> list[Target]:
    if isinstance(app, CallQueue):
        return [rule.target for rule in (app.overflow, app.timeout, app.no_agent) if rule.target]
    found = [app.operator] if app.operator else []
    for period in periods(app):
        found += [o.target for o in period.flow.menu.options if o.target]
    return found


def _app_of(apps: VoiceApps, target: Target | None) -> App | None:
    if target is None:
        return None
    if target.kind == "auto_attendant":
        return apps.auto_attendant(target.ref)
    if target.kind == "call_queue":
        return apps.call_queue(target.ref)
    return None


@dataclass(frozen=True)
class Period:
    """A call handling period of an AA and its call flow; holidays sharing one flow are one period."""

    label: str  # Business hours | After hours | Holiday
    flow: CallFlow
    schedules: tuple[str, ...] = ()
    priorities: tuple[int, ...] = ()
    disabled: bool = False

    def note(self) -> str:
        if not self.schedules:
            return ""
        text = ("schedule " if len(self.schedules) == 1 else "schedules ") + ", ".join(self.schedules)
        if self.label == "Holiday":
            low, high = min(self.priorities), max(self.priorities)
            text += f", priority {low}" if low == high else f", priorities {low}–{high}"
        return text + (", disabled" if self.disabled else "")

    def short(self) -> str:
        """For diagram edges: the schedule's name, or how many schedules share the flow."""
        if len(self.schedules) > 1:
            return f"{self.label.casefold()} ({len(self.schedules)} schedules)"
        return self.label.casefold() + (f" ({self.schedules[0]})" if self.schedules else "")


def periods(aa: AutoAttendant) -> list[Period]:
    """Business hours first, then after hours, then holidays by priority: the order of precedence
    reversed (§2.4: holiday beats after hours beats the default call flow)."""
    rows = [Period("Business hours", aa.default_flow)]
    for kind in ("after_hours", "holiday"):
        grouped: dict[tuple[str, bool], list[tuple[str, int]]] = {}
        for handling in sorted((h for h in aa.handling if h.kind == kind), key=lambda h: h.priority):
            if aa.flow(handling.flow) is not None:
                grouped.setdefault((handling.flow, handling.enabled), []).append(
                    (handling.schedule, handling.priority)
                )
        for (flow_name, enabled), members in grouped.items():
            flow = aa.flow(flow_name)
            assert flow is not None
            rows.append(
                Period(
                    "After hours" if kind == "after_hours" else "Holiday",
                    flow,
                    tuple(name for name, _ in members),
                    tuple(priority for _, priority in members),
                    disabled=not enabled,
                )
            )
    return rows


def option_label(option: MenuOption) -> str:
    key = "automatically" if option.key == "automatic" else f"press {option.key}"
    return key + (f' or say "{option.voice}"' if option.voice else "")


def option_outcome(option: MenuOption, aa: AutoAttendant) -> str:
    if option.action == "announcement":
        return f'announcement "{option.prompt.text}", then the menu again'
    if option.action == "disconnect":
        return "disconnect"
    if option.action == "operator":
        return "operator: " + (aa.operator.label() if aa.operator else "none set")
    return option.target.label() if option.target else "nothing"


def exception_text(rule: QueueException) -> str:
    if rule.action == "queue":
        return "keep queuing (then the timeout action)"
    if rule.action == "disconnect":
        return "disconnect"
    return rule.target.label() if rule.target else f"{rule.action} to nothing"


def header(apps: VoiceApps, app: App) -> str:
    numbers = [
        f"{ra.number or 'no number'} via {ra.upn}" for ra in apps.resource_accounts if ra.app == app.name
    ]
    reach = "; ".join(numbers) if numbers else "no resource account: reached only from other apps"
    if isinstance(app, AutoAttendant):
        return f"{app.name}  (auto attendant · {app.language} · {app.time_zone} · {reach})"
    opted = len(app.answering_agents())
    return (
        f"{app.name}  (call queue · {app.routing} · {opted} of {len(app.agents)} agents opted in · {reach})"
    )


def render_text(apps: VoiceApps, root: App | Sequence[App]) -> str:
    lines: list[str] = []
    for app in reachable(apps, root):
        lines.append(header(apps, app))
        lines += _aa_lines(app) if isinstance(app, AutoAttendant) else _cq_lines(app)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _aa_lines(aa: AutoAttendant) -> list[str]:
    lines = []
    for period in periods(aa):
        flow, note = period.flow, period.note()
        lines.append(f"  {period.label}{f' ({note})' if note else ''}: call flow {flow.name!r}")
        if flow.greeting.kind != "none":
            lines.append(f'    greeting: "{flow.greeting.text}"')
        if flow.menu.prompt.kind != "none":
            lines.append(f'    menu: "{flow.menu.prompt.text}"')
        for option in flow.menu.options:
            lines.append(f"    {option_label(option)} → {option_outcome(option, aa)}")
        if flow.menu.dial_by_name or flow.menu.directory_search == "by_name":
            scope = aa.dial_scope
            within = f" within {', '.join(scope.include_groups)}" if scope.include_groups else ""
            without = f" except {', '.join(scope.exclude_groups)}" if scope.exclude_groups else ""
            lines.append(f"    say or type a name → dial by name{within}{without}")
        if not flow.menu.options and not flow.menu.dial_by_name:
            lines.append("    no options → the call ends")
    return lines


def _cq_lines(cq: CallQueue) -> list[str]:
    agents = ", ".join(a.upn + ("" if a.opt_in else " (opted out)") for a in cq.agents) or "none"
    lines = [f"  agents: {agents}"]
    if cq.groups:
        lines.append(f"  groups: {', '.join(cq.groups)}")
    lines.append(f"  overflow ({_overflow_when(cq)}) → {exception_text(cq.overflow)}")
    lines.append(f"  timeout ({_timeout_when(cq)}) → {exception_text(cq.timeout)}")
    lines.append(f"  no agents → {exception_text(cq.no_agent)}")
    return lines


def _overflow_when(cq: CallQueue) -> str:
    """Threshold 0 sends every call to the overflow action at once (§1.2)."""
    threshold = cq.overflow.threshold
    return "every call, at once" if threshold == 0 else f"more than {threshold} waiting"


def _timeout_when(cq: CallQueue) -> str:
    threshold = cq.timeout.threshold
    return "at once, after the welcome music" if threshold == 0 else f"after {threshold} s"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # auto_attendant, call_queue, period, or a Target kind for endpoints


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


@dataclass(frozen=True)
class FlowGraph:
    root: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def flow_graph(apps: VoiceApps, root: App | Sequence[App]) -> FlowGraph:
    """AA → period → option → app/person/number; each app and each endpoint appears once."""
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []

    def node(key: str, label: str, kind: str) -> str:
        ident = re.sub(r"[^a-z0-9]+", "_", key.casefold()).strip("_") or "n"
        while ident in nodes and nodes[ident].label != label:
            ident += "_"
        nodes.setdefault(ident, Node(ident, label, kind))
        return ident

    def endpoint(source: str, target: Target | None) -> str:
        """Apps are shared nodes; people, numbers and mailboxes are drawn once per source, so the picture
        stays a tree wherever the flow is one."""
        if target is None:
            return node(f"{source} nothing", "nothing", "unknown")
        if target.kind in ("auto_attendant", "call_queue"):
            return node(f"app {target.ref}", target.ref, target.kind)
        return node(f"{source} {target.kind} {target.ref}", target.label(), target.kind)

    ordered = reachable(apps, root)
    for app in ordered:
        app_id = node(
            f"app {app.name}", app.name, "auto_attendant" if isinstance(app, AutoAttendant) else "call_queue"
        )
        if isinstance(app, CallQueue):
            for label, rule in (
                (f"overflow: {_overflow_when(app)}", app.overflow),
                (f"timeout: {_timeout_when(app)}", app.timeout),
                ("no agents", app.no_agent),
            ):
                if rule.action != "queue":
                    target = rule.target if rule.action != "disconnect" else Target("disconnect")
                    edges.append(Edge(app_id, endpoint(app_id, target), label))
            continue
        for period in periods(app):
            flow = period.flow
            period_id = node(
                f"{app.name} {flow.name} {period.label}", f"{period.label}: {flow.name}", "period"
            )
            edges.append(Edge(app_id, period_id, period.short()))
            for option in flow.menu.options:
                if option.action == "announcement":
                    continue
                key = "auto" if option.key == "automatic" else option.key
                if option.action == "operator":
                    edges.append(Edge(period_id, endpoint(period_id, app.operator), f"{key} operator"))
                elif option.action == "disconnect":
                    edges.append(Edge(period_id, endpoint(period_id, Target("disconnect")), key))
                else:
                    edges.append(Edge(period_id, endpoint(period_id, option.target), key))
    return FlowGraph(nodes[next(iter(nodes))].id, tuple(nodes.values()), tuple(edges))


SHAPES = {
    "auto_attendant": ('["', '"]'),
    "call_queue": ('[("', '")]'),
    "period": ('("', '")'),
    "disconnect": ('(("', '"))'),
    "unknown": ('{{"', '"}}'),
    "resource_account": ('{{"', '"}}'),
}


def render_mermaid(graph: FlowGraph) -> str:
    """A Mermaid flowchart (renders in GitHub, Azure DevOps and the Teams wiki)."""
    lines = ["flowchart LR"]
    for n in graph.nodes:
        left, right = SHAPES.get(n.kind, ('["', '"]'))
        lines.append(f"  {n.id}{left}{_escape(n.label)}{right}")
    for e in graph.edges:
        lines.append(f'  {e.source} -->|"{_escape(e.label)}"| {e.target}')
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace('"', "#quot;")
