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
