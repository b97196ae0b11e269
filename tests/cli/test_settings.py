"""Settings: loopback detection picks the sandbox, secrets stay hidden, bad values name the setting."""

from __future__ import annotations

import pytest
import typer

from cli.runtime import load_settings
from cli.settings import Settings, is_loopback_url


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in (
        "SWITCHBOARD_GRAPH_URL",
        "SWITCHBOARD_AUTH",
        "DATABASE_URL",
        "SWITCHBOARD_CLIENT_SECRET",
        "AZURE_CLIENT_SECRET",
        "SWITCHBOARD_TIMEZONE",
        "AZURE_TENANT_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(str(tmp_path))  # no stray .env


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8765/v1.0", True),
        ("http://localhost:1/v1.0", True),
        ("http://[::1]:8765/v1.0", True),
        ("https://graph.microsoft.com/v1.0", False),
        ("https://127.0.0.1.example/v1.0", False),
    ],
)
def test_loopback_detection(url: str, expected: bool) -> None:
    assert is_loopback_url(url) is expected


def test_loopback_url_selects_sandbox_by_itself() -> None:
    assert Settings(graph_url="http://127.0.0.1:9/v1.0").targets_sandbox
    assert not Settings().targets_sandbox
    assert not Settings(graph_url="http://127.0.0.1:9/v1.0", auth="secret").targets_sandbox


def test_secret_never_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_CLIENT_SECRET", "s3cr3t-value")
    settings = Settings()
    assert settings.client_secret is not None
    assert settings.client_secret.get_secret_value() == "s3cr3t-value"
    assert "s3cr3t-value" not in repr(settings)
    assert "s3cr3t-value" not in str(settings.model_dump())


def test_env_file_is_read(tmp_path: object) -> None:
    from pathlib import Path

    Path(".env").write_text("SWITCHBOARD_TIMEZONE=America/Chicago\nDATABASE_URL=sqlite:///x.db\n")
    settings = Settings()
    assert settings.timezone == "America/Chicago"
    assert settings.database_url == "sqlite:///x.db"


def test_plain_http_to_a_remote_host_is_refused() -> None:
    with pytest.raises(ValueError, match="plain http is only allowed"):
        Settings(graph_url="http://graph.example.org/v1.0")


def test_bad_setting_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as exc:
        load_settings(timezone="Mars/Olympus")
    assert exc.value.exit_code == 2
    assert "SWITCHBOARD_TIMEZONE" in capsys.readouterr().err


def test_graph_settings_reach_the_code_they_name(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from cli.context import graph_config
    from graph import open_graph

    for name, value in {
        "POLL_INTERVAL_S": "0.5",
        "OPERATION_TIMEOUT_S": "42",
        "CALLLOG_REQUESTS_PER_MINUTE": "120",
        "CALLLOG_CONCURRENCY": "5",
        "TIMEOUT_S": "7",
        "MAX_CONCURRENCY": "9",
    }.items():
        monkeypatch.setenv(f"SWITCHBOARD_{name}", value)
    config = graph_config(Settings(graph_url="http://127.0.0.1:9/v1.0"))

    async def opened() -> tuple[float, float, int, int, int]:
        async with open_graph(config) as graph:
            return (
                graph.numbers.poll_interval_s,
                graph.numbers.operation_timeout_s,
                graph.call_records._pacer.per_window,
                graph.call_records._concurrency,
                graph.limiter.ceiling,
            )

    assert asyncio.run(opened()) == (0.5, 42.0, 120, 5, 9)
    assert config.timeout_s == 7.0


def test_env_example_lists_exactly_the_settings() -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / ".env.example"
    listed = {
        line.split("=", 1)[0]
        for line in example.read_text().splitlines()
        if line and not line.startswith("#")
    }
    expected = set()
    for name, field in Settings.model_fields.items():
        aliases = getattr(field.validation_alias, "choices", None)
        expected.add(aliases[0] if aliases else f"SWITCHBOARD_{name.upper()}")
    assert listed == expected


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"report_team_id": "team-1"}, "REPORT_CHANNEL_ID"),
        ({"report_period": "fortnight"}, "SWITCHBOARD_REPORT_PERIOD"),
        ({"calllog_requests_per_minute": 500}, "SWITCHBOARD_CALLLOG_REQUESTS_PER_MINUTE"),
        ({"bot_agency_admins": "Sheriff IT Admins"}, "SWITCHBOARD_BOT_AGENCY_ADMINS"),
        ({"bot_approval_ttl_minutes": 0}, "SWITCHBOARD_BOT_APPROVAL_TTL_MINUTES"),
    ],
)
def test_report_and_pacing_settings_are_checked_at_start(
    capsys: pytest.CaptureFixture[str], overrides: dict[str, object], named: str
) -> None:
    with pytest.raises(typer.Exit) as exc:
        load_settings(**overrides)
    assert exc.value.exit_code == 2
    assert named in capsys.readouterr().err


def test_the_desired_state_schema_publishes_no_tenant_time_zone() -> None:
    """Reports use SWITCHBOARD_TIMEZONE; the tenant section never set it. Auto attendants do have a time
    zone of their own (the module's -TimeZoneId), so the check is on the tenant and the top level."""
    import json

    from typer.testing import CliRunner

    from cli.app import app

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    tenant = schema["$defs"]["Tenant"]["properties"]
    assert "usage_location" in tenant and "time_zone" not in tenant
    assert "time_zone" not in schema["properties"]
    assert "time_zone" in schema["$defs"]["AutoAttendantSpec"]["properties"]


def test_setting_names_are_the_ones_an_admin_sets() -> None:
    from cli.runtime import setting_name

    assert setting_name("max_concurrency") == "SWITCHBOARD_MAX_CONCURRENCY"
    assert setting_name("AZURE_TENANT_ID") == "AZURE_TENANT_ID"
    assert setting_name("DATABASE_URL") == "DATABASE_URL (--database-url)"
    assert setting_name("graph_url") == "SWITCHBOARD_GRAPH_URL (--graph-url)"
