"""An unreachable PostgreSQL fails the store tests in CI (CI=true) and is a visible skip elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import in_ci

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
def test_uses_both_engines(database_url: str) -> None:
    assert database_url
"""


def run_pytest(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    test_file = tmp_path / "test_probe.py"
    test_file.write_text(PROBE)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["SWITCHBOARD_TEST_PG_ADMIN"] = "postgresql://postgres@127.0.0.1:1/postgres"  # nobody listens
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        # The probe lives outside tests/, so the shared conftest is loaded as a plugin.
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "tests.conftest"]
        + ["-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path), str(test_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_unreachable_postgres_fails_in_ci(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "1 passed, 1 error" in result.stdout and "CI=true needs PostgreSQL" in result.stdout


def test_unreachable_postgres_is_a_visible_skip_elsewhere(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert "PostgreSQL halves of the store tests were skipped" in result.stdout


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("TRUE", True), ("1", True), ("", False), ("false", False)]
)
def test_ci_detection(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("CI", value)
    assert in_ci() is expected
