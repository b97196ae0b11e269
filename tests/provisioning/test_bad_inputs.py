"""The bad-input corpus through the real `switchboard` command against a city sandbox over HTTP.

Each case in cases/bad_inputs/expectations.yaml runs one command line and asserts the exit code, the
`file:line: field` of the message, that no traceback reached the admin, and that nothing was written:
no request other than GET reached the sandbox and the store holds no rows.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from cli.app import app
from sandbox.server import SandboxThread
from tests.conftest import FAST, seeded

CASES = Path(__file__).parent / "cases" / "bad_inputs"
TABLE: list[dict[str, Any]] = yaml.safe_load((CASES / "expectations.yaml").read_text(encoding="utf-8"))
CLEAN_ENV = {k: None for k in os.environ if k.startswith(("SWITCHBOARD_", "AZURE_", "DATABASE_URL"))}


def oversize_cell(folder: Path) -> Path:
    """A row whose quote is never closed: the rest of the file (200 KB) becomes one cell."""
    path = folder / "oversize_cell.csv"
    rows = "".join(f"person{i}@lakeside-city.example,Parks,Lakeside,\n" for i in range(5000))
    path.write_text(
        'upn,department,city,number\nabigail.scott@lakeside-city.example,"Parks,Lakeside,\n' + rows
    )
    return path


GENERATED = {"oversize_cell": oversize_cell}


@pytest.fixture(scope="module")
def city() -> Iterator[SandboxThread]:
    thread = SandboxThread(seeded("city"), FAST).start()
    yield thread
    thread.stop()


def stored_rows(database: Path) -> dict[str, int]:
    """Rows per table, migration bookkeeping aside (an empty dict when the command never opened it)."""
    if not database.exists():
        return {}
    with sqlite3.connect(database) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
        counts = {t: db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    return {t: n for t, n in counts.items() if n and t != "alembic_version"}


def command_line(case: dict[str, Any], tmp_path: Path) -> tuple[list[str], str]:
    generated = case.get("generate")
    file = str(GENERATED[generated](tmp_path)) if generated else str(CASES / case.get("file", ""))
    words = [w.replace("{file}", file).replace("{cases}", str(CASES)) for w in case["run"].split()]
    return words, file


def writes_since(city: SandboxThread, start: int) -> list[str]:
    assert city.sandbox is not None
    return [f"{e.method} {e.path}" for e in city.sandbox.requests.entries[start:] if e.method != "GET"]


@pytest.mark.parametrize("case", TABLE, ids=[c["name"] for c in TABLE])
def test_bad_input_gives_one_clear_message_and_writes_nothing(
    case: dict[str, Any], city: SandboxThread, tmp_path: Path
) -> None:
    assert city.sandbox is not None
    args, file = command_line(case, tmp_path)
    database = tmp_path / "store.db"
    start = len(city.sandbox.requests.entries)
    result = CliRunner().invoke(
        app,
        ["--graph-url", city.sandbox.base_url, "--database-url", f"sqlite:///{database}", *args],
        env=CLEAN_ENV,
        catch_exceptions=True,
    )
    shown = result.stderr + result.stdout
    assert result.exit_code == case["exit"], shown
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in shown
    for expected in case["expect"] if isinstance(case["expect"], list) else [case["expect"]]:
        assert expected.replace("{file}", file).replace("{cases}", str(CASES)) in shown, shown
    assert writes_since(city, start) == []
    assert stored_rows(database) == {}


def test_the_real_process_prints_the_message_not_a_traceback(city: SandboxThread, tmp_path: Path) -> None:
    """One case through `python -m cli` as an admin runs it, to show the in-process runner hides nothing."""
    assert city.sandbox is not None
    bomb = CASES / "yaml" / "alias_bomb.yaml"
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "--graph-url", city.sandbox.base_url, "plan", "-f", str(bomb)],
        capture_output=True,
        text=True,
        env=env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert f"{bomb}:6: aliases expand to more than 10000 values" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_every_case_file_is_in_the_table() -> None:
    named = {c.get("file") for c in TABLE}
    on_disk = {str(p.relative_to(CASES)) for p in CASES.rglob("*.*") if p.name != "expectations.yaml"}
    helpers = {"yaml/good.yaml", "csv/ok.csv"}
    assert on_disk - helpers <= named, sorted(on_disk - helpers - named)
