"""Call-flow views: text and Mermaid against golden files (reviewed by hand against the fixture), images."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from provisioning.voiceapps.flow_image import layers, render_image
from provisioning.voiceapps.flows import (
    FlowError,
    find_app,
    flow_graph,
    reachable,
    render_mermaid,
    render_text,
)
from tests.provisioning.voiceapps.lakeview import lakeview

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(("golden", "key"), [("main-line", "+15615550100"), ("permits", "Permits")])
def test_text_and_mermaid_match_the_reviewed_golden_files(golden: str, key: str) -> None:
    apps = lakeview()
    root = find_app(apps, key)
    assert render_text(apps, root) == (GOLDEN / f"{golden}.txt").read_text(encoding="utf-8")
    assert render_mermaid(flow_graph(apps, root)) == (GOLDEN / f"{golden}.mmd").read_text(encoding="utf-8")


def test_apps_are_found_by_name_number_or_resource_account() -> None:
    apps = lakeview()
    assert find_app(apps, "tax collector").name == "Tax Collector"
    assert find_app(apps, "+1 561 555 0101").name == "Servicios en Español"
    assert find_app(apps, "west@lakeview.gov").name == "West Field Office"
    with pytest.raises(FlowError, match="old-hotline"):
        find_app(apps, "old-hotline@lakeview.gov")  # an RA associated with nothing has no flow


def test_reachable_follows_menus_operators_and_queue_actions_once_each() -> None:
    apps = lakeview()
    names = [app.name for app in reachable(apps, find_app(apps, "Night Line"))]
    assert names == ["Night Line", "Night Desk"]  # the loop back to Night Line is not walked twice


def test_every_edge_joins_two_drawn_nodes_and_each_app_is_drawn_once() -> None:
    apps = lakeview()
    graph = flow_graph(apps, find_app(apps, "+15615550100"))
    ids = [n.id for n in graph.nodes]
    assert len(ids) == len(set(ids))
    assert all(e.source in ids and e.target in ids for e in graph.edges)
    assert [n.label for n in graph.nodes if n.kind == "call_queue"].count("Permits") == 1
    placed = layers(graph)
    assert placed[graph.root] == (0, 0)
    assert len(set(placed.values())) == len(placed)  # no two boxes in the same slot


def test_svg_and_png_are_real_images_with_the_labels() -> None:
    apps = lakeview()
    graph = flow_graph(apps, find_app(apps, "Permits"))
    svg = render_image(graph, "svg", "Permits")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert b">+15615550150<" in svg  # text stays text (svg.fonttype none), long labels wrapped
    assert b">shared voicemail Permits<" in svg
    assert render_image(graph, "svg", "Permits") == svg  # deterministic: no date, fixed hash salt
    assert render_image(graph, "png").startswith(b"\x89PNG\r\n\x1a\n")


def test_holidays_sharing_a_call_flow_are_one_period() -> None:
    apps = lakeview()
    main = apps.auto_attendant("Main Line")
    assert main is not None
    shared = tuple(replace(h, flow="Holidays") if h.schedule == "Winter break" else h for h in main.handling)
    main = replace(main, handling=shared)
    text = render_text(replace(apps, auto_attendants=(main,)), main)
    assert (
        "  Holiday (schedules County holidays 2026, Winter break, priorities 2–3): call flow 'Holidays'\n"
        in text
    )
    assert "call flow 'Winter break'" not in text
    edges = [e.label for e in flow_graph(replace(apps, auto_attendants=(main,)), main).edges]
    assert "holiday (2 schedules)" in edges
