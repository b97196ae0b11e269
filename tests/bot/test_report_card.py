"""The report card without links (no public URL): no image, no buttons, and the card says where the
files are; with links, one button per file and the chart as an image; both name the busiest line."""

from __future__ import annotations

import datetime as dt
import json

from bot.report_card import ReportLinks, report_card
from reports import Bucket, Directory, Period, Report, Usage
from reports.aggregate import summarise

WEEK = Period(dt.date(2026, 10, 19), dt.date(2026, 10, 25), "America/New_York")


def report() -> Report:
    usage = Usage(WEEK)
    usage.total = Bucket(calls=300, seconds=720_000)  # 12,000 minutes
    usage.by_line["Building Permits queue"] = Bucket(calls=120, seconds=744_000)
    usage.by_line["Libraries queue"] = Bucket(calls=10, seconds=6_000)
    directory = Directory({}, {})
    return Report(WEEK, usage, Usage(WEEK.previous()), summarise(usage, directory), directory)


def facts(card: dict[str, object]) -> dict[str, str]:
    body = card["body"]
    assert isinstance(body, list)
    found = next(item for item in body if item["type"] == "FactSet")
    return {f["title"]: f["value"] for f in found["facts"]}


def test_without_links_the_card_names_the_folder() -> None:
    note = "The files are in out/2026-10-19 on the Switchboard server."
    card = report_card(report(), ReportLinks(note=note))
    assert card["actions"] == []
    assert not [item for item in card["body"] if item["type"] == "Image"]
    assert any(item.get("text") == note for item in card["body"])
    assert note in card["fallbackText"]
    assert facts(card)["PSTN"] == "12 k min in 300 calls"
    assert facts(card)["Busiest public line"] == "Building Permits queue: 12 k min"


def test_with_links_a_button_per_file_and_the_chart() -> None:
    links = ReportLinks(
        "https://bot.example/files/2026-10-19/minutes_per_day.png?exp=1&sig=a",
        (("Open the report", "https://bot.example/files/2026-10-19/usage.html?exp=1&sig=b"),),
    )
    card = report_card(report(), links)
    assert card["version"] == "1.5"
    assert [a["type"] for a in card["actions"]] == ["Action.OpenUrl"]
    (image,) = [item for item in card["body"] if item["type"] == "Image"]
    assert image["url"] == links.chart_url and image["altText"] == "Minutes per day"
    assert len(json.dumps(card).encode()) < 28_000
