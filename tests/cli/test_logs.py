"""Secrets never reach the log output, whatever logger formats them."""

from __future__ import annotations

import logging

import pytest

from cli.logs import RedactSecrets, configure


@pytest.mark.parametrize(
    ("message", "leak"),
    [
        ("Authorization: Bearer eyJ0eXAiOiJKV1Qi.abc.def", "eyJ0eXAiOiJKV1Qi"),
        ("POST /token client_secret=hunter2-XYZ&grant_type=client_credentials", "hunter2-XYZ"),
        ("connecting to postgresql+asyncpg://admin:pa55word@db:5432/sb", "pa55word"),
        ("download https://host/x.csv?sig=AbCdEf123&se=2026", "AbCdEf123"),
    ],
)
def test_patterns_are_masked(message: str, leak: str) -> None:
    assert leak not in RedactSecrets().redact(message)


def test_known_secret_values_are_masked_anywhere() -> None:
    assert "topsecretvalue" not in RedactSecrets(["topsecretvalue"]).redact("weird place topsecretvalue!")


def test_configured_logging_redacts(capsys: pytest.CaptureFixture[str]) -> None:
    configure(1, secrets=["my-client-secret"])
    logging.getLogger("switchboard.test").warning("using %s", "my-client-secret")
    captured = capsys.readouterr()
    assert "my-client-secret" not in captured.out + captured.err
    assert "***" in captured.out + captured.err


@pytest.mark.parametrize(
    ("message", "leak", "kept"),
    [
        ("GET /v1.0/users/ann.lee@lakeside-city.example", "ann.lee", "@lakeside-city.example"),
        ("$filter=userPrincipalName eq 'bo.kim%40lakeside-city.example'", "bo.kim", "lakeside-city.example"),
        ("assigning +15615552000 to someone", "+15615552000", "2000"),
        ("number %2B15615552000 released", "15615552000", "2000"),
        ("$filter=telephoneNumber eq %27%2B15615552000%27", "15615552000", "2000"),
    ],
)
def test_personal_data_is_masked(message: str, leak: str, kept: str) -> None:
    redacted = RedactSecrets().redact(message)
    assert leak not in redacted and kept in redacted


def test_logs_never_go_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    configure(2)
    logging.getLogger("switchboard.test").info("progress line")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "progress line" in captured.err


def test_sql_rows_are_never_logged(capsys: pytest.CaptureFixture[str]) -> None:
    configure(3)
    for name in ("sqlalchemy.engine.Engine", "aiosqlite", "alembic.runtime.migration"):
        logging.getLogger(name).info("INSERT INTO pstn_calls VALUES ('ann.lee@x.example')")
        logging.getLogger(name).debug("Row ('ann.lee@x.example', '+15615552000')")
    captured = capsys.readouterr()
    assert "INSERT" not in captured.err + captured.out and "Row" not in captured.err + captured.out
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)


def test_tracebacks_in_log_records_only_at_vv(capsys: pytest.CaptureFixture[str]) -> None:
    for verbosity, shown in ((1, False), (2, True)):
        configure(verbosity)
        try:
            raise RuntimeError("boom for ann.lee@x.example")
        except RuntimeError:
            logging.getLogger("asyncio").error("Task exception was never retrieved", exc_info=True)
        err = capsys.readouterr().err
        assert ("Traceback" in err) is shown
        assert "Task exception was never retrieved" in err
