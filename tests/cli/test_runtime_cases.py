"""The runtime half of the bad-input corpus: settings and runtime faults from tests/cli/cases/*.yaml.

Each case runs the real command (in process, through the root app and its error boundary) in a fresh
folder with a fresh database, and asserts the exit code, the words of the one-line message (the setting,
file or host it names), what must never show (tracebacks, secrets), and that no file changed.

Case keys: name, args, env ({tmp}, {live}, {dead} are replaced), db (fresh | none | synced | behind),
files (path → text), dirs, exit, stderr (substrings), absent (substrings), stdout_json, needs (postgresql).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from sandbox.server import SandboxThread
from store import Store
from tests.conftest import FAST, seeded
from tests.databases import _PG_PROBLEM

CASES_DIR = Path(__file__).parent / "cases"
CASES = [
    case
    for path in sorted(CASES_DIR.glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]
NEVER = ("Traceback", 'File "', "Exception:", "hunter2")  # every case: no traceback, no secret
SYNCED = dt.datetime(2026, 11, 2, 6, tzinfo=dt.UTC)
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case["name"] for case in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database, copied for each case (migrating 50 times would dominate the run)."""
    path = tmp_path_factory.mktemp("template") / "sb.db"

    async def make() -> None:
        store = await Store.open(f"sqlite:///{path}")
        await store.close()

    asyncio.run(make())
    return path


@pytest.fixture(scope="module")
def dead_url() -> str:
    """The URL of a sandbox that was running and has been stopped: a killed sandbox."""
    thread = SandboxThread(seeded("empty"), FAST).start()
    url = thread.base_url
    thread.stop()
    return url


def prepare(case: dict[str, Any], tmp: Path, template: Path) -> None:
    kind = case.get("db", "fresh")
    if kind != "none":
        shutil.copy(template, tmp / "sb.db")
    if kind in {"synced", "behind"}:

        async def mark() -> None:
            store = await Store.open(f"sqlite:///{tmp / 'sb.db'}")
            try:
                await store.sync_state.set("pstn", SYNCED)
                behind = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
                await store.sync_state.set("direct_routing", behind if kind == "behind" else SYNCED)
            finally:
                await store.close()

        asyncio.run(mark())
    for folder in case.get("dirs", []):
        (tmp / folder).mkdir(parents=True)
    for name, text in case.get("files", {}).items():
        (tmp / name).write_text(text, encoding="utf-8")


def content(path: Path) -> str:
    """A database's rows (a lock taken and released leaves other bytes, not other data); else its bytes."""
    if path.suffix == ".db":
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
                return "\n".join(connection.iterdump())
        except sqlite3.DatabaseError:
            pass  # not a database: compare the bytes
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under `root` with its content (SQLite's side files left out)."""
    seen: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.name.endswith(SQLITE_SIDE_FILES):
            continue
        seen[str(path.relative_to(root))] = "dir" if path.is_dir() else content(path)
    return seen


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    for name in list(os.environ):
        if name.startswith(("SWITCHBOARD_", "AZURE_", "IDENTITY_", "MSI_")) or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env; relative paths land here
    monkeypatch.setattr("graph.retry._wait", lambda state: 0.0)  # a dead host fails in seconds, not 15
    yield tmp_path


def expand(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(
    case: dict[str, Any], clean_env: Path, template_db: Path, dead_url: str, request: pytest.FixtureRequest
) -> None:
    if case.get("needs") == "postgresql" and _PG_PROBLEM:
        pytest.skip(_PG_PROBLEM)
    tmp = clean_env
    values = {"tmp": str(tmp), "dead": dead_url, "dead_host": dead_url.split("/")[2]}
    if any("{live}" in str(v) for v in (*case.get("args", []), *case.get("env", {}).values())):
        values["live"] = request.getfixturevalue("sandbox_thread").base_url
    prepare(case, tmp, template_db)
    before = snapshot(tmp)
    env = {"DATABASE_URL": f"sqlite:///{tmp / 'sb.db'}", "SWITCHBOARD_GRAPH_URL": dead_url}
    env |= {key: expand(str(value), values) for key, value in case.get("env", {}).items()}
    args = [expand(str(arg), values) for arg in case["args"]]

    from cli.app import app

    result = CliRunner().invoke(app, args, env=env)
    stderr, stdout = result.stderr, result.stdout
    print(f"\n{case['name']} → exit {result.exit_code}: {(stderr or stdout).splitlines()[0][:200]}")  # -s
    assert result.exit_code == case["exit"], f"{args}\nstdout: {stdout}\nstderr: {stderr}"
    for words in case.get("stderr", []):
        assert expand(words, values) in stderr, stderr
    for words in (*NEVER, *case.get("absent", [])):
        assert words not in stderr + stdout, stderr + stdout
    if case["exit"]:
        errors = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and len(stderr.splitlines()) <= 3, stderr  # one line, then a hint
        assert stdout == "", stdout  # nothing on stdout that a script could mistake for a result
    if case.get("stdout_json"):
        json.loads(stdout)  # logs never mix into --json output
    assert snapshot(tmp) == before  # nothing was written
