"""Open lines as the YAML plan's extra source: their objects wanted and protected, a closing line left
out (its close is removing them), and an option a line put on one of the file's attendants kept on it
unless the file now uses that key itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from provisioning.popup import PopupRequest, build_line, merge_sources, sources, voice_extra
from provisioning.popup.build import with_option
from provisioning.popup.lines import objects_json, request_json
from provisioning.voiceapps.model import AutoAttendant, CallFlow, Menu, MenuOption, Target, VoiceApps
from store import PopupRecord, Store, line_key

MAIN = AutoAttendant(
    name="Main Line",
    language="en-US",
    time_zone="Eastern Standard Time",
    default_flow=CallFlow(
        "Main open", menu=Menu(options=(MenuOption("1", "transfer", Target("call_queue", "Permits")),))
    ),
)


async def put(store: Store, name: str, state: str, *, from_aa: bool = False) -> None:
    aa, key = ("Main Line", "7") if from_aa else (None, None)
    request = PopupRequest(name, ("ana@county.gov",), from_aa=aa, key=key)
    objects = build_line(request, ("ana@county.gov",), None if from_aa else "+13215550199", "county.gov")
    if from_aa:
        objects, _ = with_option(objects, request, VoiceApps(auto_attendants=(MAIN,)))
    record = PopupRecord(
        key=line_key(name),
        name=name,
        state=state,  # type: ignore[arg-type]
        request=request_json(request),
        desired=objects_json(objects),
        number=objects.number,
        owner=None,
        until=None,
        opened_by="admin@county.gov",
        created_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )
    await store.popups.claim(record)


async def test_open_lines_are_wanted_and_protected_closing_ones_are_not(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        await put(store, "Fire Services Fee", "open")
        await put(store, "Storm Debris", "closing")
        await put(store, "Flu Clinic", "opening", from_aa=True)
        found = await sources(store)
        assert {cq.name for cq in found.voice_additions.call_queues} == {"Fire Services Fee", "Flu Clinic"}
        assert found.protected == {
            ("call_queue", "Fire Services Fee"),
            ("resource_account", "popup-fire-services-fee@county.gov"),
            ("association", "popup-fire-services-fee@county.gov"),
            ("call_queue", "Flu Clinic"),
        }
        (added,) = found.options
        assert (added.auto_attendant, added.option.key) == ("Main Line", "7")
        extra = await voice_extra(store)
        assert extra.protected == found.protected
        # The hook merges like merge_sources: the line's option stays on the file's attendant…
        assert extra.merge is not None
        wanted = extra.merge(VoiceApps(auto_attendants=(MAIN,)))
        assert wanted is not None and wanted.auto_attendants[0].default_flow.menu.option("7") is not None
        assert {cq.name for cq in wanted.call_queues} == {"Fire Services Fee", "Flu Clinic"}
        # …and a file without voice-app sections (onboarding) still wants no voice apps at all.
        assert extra.merge(None) is None
    finally:
        await store.close()


async def test_a_files_attendant_keeps_the_lines_option_unless_the_file_took_the_key(
    database_url: str,
) -> None:
    store = await Store.open(database_url)
    try:
        await put(store, "Flu Clinic", "open", from_aa=True)
        found = await sources(store)
    finally:
        await store.close()
    merged = merge_sources(VoiceApps(auto_attendants=(MAIN,)), found)
    assert merged is not None
    main = merged.auto_attendant("Main Line")
    assert main is not None
    assert [o.key for o in main.default_flow.menu.options] == ["1", "7"]
    assert merged.call_queue("Flu Clinic") is not None
    taken = MenuOption("7", "transfer", Target("call_queue", "Permits"))
    files = replace(MAIN, default_flow=replace(MAIN.default_flow, menu=Menu(options=(taken,))))
    kept = merge_sources(VoiceApps(auto_attendants=(files,)), found)
    assert kept is not None
    main = kept.auto_attendant("Main Line")
    assert main is not None
    assert main.default_flow.menu.options == (taken,)  # the file's own use of the key wins
    assert merge_sources(None, found) is None
