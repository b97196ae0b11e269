"""SVG/PNG call-flow diagrams drawn with matplotlib (already a dependency): a layered left-to-right layout,
so a clean machine needs no Graphviz `dot` binary.
"""

from __future__ import annotations

import io
import textwrap
from collections import defaultdict
from typing import Literal

from provisioning.voiceapps.flows import FlowGraph

COLOURS = {
    "auto_attendant": "#cfe2ff",
    "call_queue": "#d1e7dd",
    "period": "#fff3cd",
    "disconnect": "#f8d7da",
    "unknown": "#f8d7da",
    "resource_account": "#f8d7da",
}


def layers(graph: FlowGraph) -> dict[str, tuple[int, int]]:
    """Node id → (column, row): column = shortest distance from a root (the first node, or any node nothing
    points at), rows near the first parent, in order of appearance."""
    targets = {edge.target for edge in graph.edges}
    starts = [graph.root] + [n.id for n in graph.nodes if n.id not in targets and n.id != graph.root]
    depth = dict.fromkeys(starts, 0)
    frontier = list(starts)
    while frontier:
        following = []
        for source in frontier:
            for edge in graph.edges:
                if edge.source == source and edge.target not in depth:
                    depth[edge.target] = depth[source] + 1
                    following.append(edge.target)
        frontier = following
    last = max(depth.values(), default=0) + 1
    columns: dict[int, list[str]] = defaultdict(list)
    for node in graph.nodes:
        columns[depth.get(node.id, last)].append(node.id)
    placed: dict[str, tuple[int, int]] = {}
    for column in sorted(columns):
        # each node sits near its first parent, in order of appearance: few crossings, stable output
        def parent_row(node_id: str) -> int:
            rows = [placed[e.source][1] for e in graph.edges if e.target == node_id and e.source in placed]
            return min(rows, default=0)

        for row, node_id in enumerate(sorted(columns[column], key=parent_row)):
            placed[node_id] = (column, row)
    return placed


def render_image(graph: FlowGraph, fmt: Literal["svg", "png"], title: str = "") -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    # text stays text in SVG (searchable, small); a fixed salt keeps ids stable: same flow, same file
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "switchboard"}):
        return _draw(graph, fmt, title)


def _draw(graph: FlowGraph, fmt: Literal["svg", "png"], title: str) -> bytes:
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    placed = layers(graph)
    columns = max(c for c, _ in placed.values()) + 1
    tallest = max(sum(1 for c, _ in placed.values() if c == column) for column in range(columns))
    fig, ax = plt.subplots(figsize=(3.2 * columns + 1, 0.9 * tallest + 1.2))
    ax.set_xlim(-0.6, columns - 0.4)
    ax.set_ylim(-tallest + 0.4, 0.9)
    ax.axis("off")
    if title:
        ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    centre = {}
    for node in graph.nodes:
        column, row = placed[node.id]
        rows_here = sum(1 for c, _ in placed.values() if c == column)
        y = -row - (tallest - rows_here) / 2
        centre[node.id] = (float(column), y)
        ax.add_patch(
            FancyBboxPatch(
                (column - 0.42, y - 0.3),
                0.84,
                0.6,
                boxstyle="round,pad=0.02",
                facecolor=COLOURS.get(node.kind, "#e9ecef"),
                edgecolor="#495057",
                linewidth=0.8,
            )
        )
        ax.text(column, y, "\n".join(textwrap.wrap(node.label, 26)[:3]), ha="center", va="center", fontsize=7)
    for edge in graph.edges:
        (x1, y1), (x2, y2) = centre[edge.source], centre[edge.target]
        backwards = x2 <= x1
        ax.annotate(
            "",
            xy=(x2 - 0.42, y2),
            xytext=(x1 + 0.42, y1),
            arrowprops={
                "arrowstyle": "->",
                "color": "#6c757d",
                "lw": 0.7,
                "connectionstyle": "arc3,rad=0.35" if backwards else "arc3,rad=0",
            },
        )
        ax.text(
            (x1 + x2) / 2 + 0.05, (y1 + y2) / 2 + 0.08, edge.label, fontsize=6, color="#343a40", ha="center"
        )
    buffer = io.BytesIO()
    fig.savefig(
        buffer, format=fmt, bbox_inches="tight", dpi=120, metadata={"Date": None} if fmt == "svg" else None
    )
    plt.close(fig)
    return buffer.getvalue()
