"""Signed report links: accepted while unexpired and untouched, refused (403) otherwise, only for files of
the report layout, by every replica holding the same secret and by no other deployment; served over HTTP
with the right type and, for the HTML, a policy that lets it load nothing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from aiohttp import web

from bot.links import FILE_LINKS, FileLinks, link_key, serve_file
from tests.bot.conftest import start_bot

DAY = "2026-10-19"


def parts(url: str) -> tuple[str, str, str]:
    split = urlsplit(url)
    query = parse_qs(split.query)
    return split.path.removeprefix("/files/"), query["exp"][0], query["sig"][0]


def test_a_link_is_valid_until_it_expires_and_only_as_signed(tmp_path: Path) -> None:
    now = [1_800_000_000.0]
    links = FileLinks(link_key("secret"), tmp_path, "https://bot.example", ttl_s=3600, clock=lambda: now[0])
    relative, expires, signature = parts(links.url(f"{DAY}/usage.html"))
    assert relative == f"{DAY}/usage.html" and int(expires) == 1_800_003_600
    assert links.valid(relative, expires, signature)
    assert not links.valid(f"{DAY}/usage.xlsx", expires, signature)  # another file, same signature
    assert not links.valid(relative, str(int(expires) + 86_400), signature)  # a longer life, forged
    now[0] += 3601
    assert not links.valid(relative, expires, signature)


def test_replicas_share_links_and_other_deployments_do_not(tmp_path: Path) -> None:
    one = FileLinks(link_key("secret"), tmp_path, "https://bot.example")
    other_replica = FileLinks(link_key("secret"), tmp_path, "https://bot.example")
    elsewhere = FileLinks(link_key("another secret"), tmp_path, "https://bot.example")
    signed = parts(one.url(f"{DAY}/summary.csv"))
    assert other_replica.valid(*signed) and not elsewhere.valid(*signed)
    assert link_key(None) != link_key(None)  # no secret: a key for this process only


@pytest.mark.parametrize(
    "relative", ["../secrets.txt", f"{DAY}/../../etc/passwd", f"{DAY}/usage.exe", "x/usage.csv"]
)
def test_only_report_files_can_be_linked(tmp_path: Path, relative: str) -> None:
    with pytest.raises(ValueError, match="not a report file"):
        FileLinks(link_key("s"), tmp_path, "https://bot.example").url(relative)


async def test_served_with_type_policy_and_refusals(tmp_path: Path) -> None:
    (tmp_path / DAY).mkdir()
    (tmp_path / DAY / "usage.html").write_text("<!doctype html><p>report</p>")
    links = FileLinks(link_key("secret"), tmp_path, "https://bot.example")
    app = web.Application()
    app[FILE_LINKS] = links
    app.router.add_get("/files/{day}/{name}", serve_file)
    runner, url = await start_bot(app)

    def local(relative: str) -> str:  # the same link, asked of this bot
        return links.url(relative).replace("https://bot.example", url)

    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(local(f"{DAY}/usage.html")) as response:
                assert response.status == 200 and response.content_type == "text/html"
                assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
                assert response.headers["X-Content-Type-Options"] == "nosniff"
            async with session.get(local(f"{DAY}/usage.html").replace("sig=", "sig=f")) as response:
                assert response.status == 403
            async with session.get(local(f"{DAY}/usage.xlsx")) as response:  # signed, but not written
                assert response.status == 404
            async with session.get(f"{url}/files/{DAY}/usage.html") as response:  # no signature at all
                assert response.status == 403
    finally:
        await runner.cleanup()
