"""The one error boundary: every exception → one line, a hint, an exit code; tracebacks only with -vv."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli.errors import EXIT_INTERRUPTED, describe
from cli.runtime import GuardedGroup, graph_errors
from graph.errors import AuthenticationError, BadRequest, NotFound, ServiceUnavailable
from sandbox.config import SandboxConfig
from sandbox.server import SandboxThread
from store import DatabaseReadOnly, NotADatabase, UnsupportedDatabaseUrl
from tests.conftest import seeded


def test_graph_error_without_request_id_never_sends_people_to_microsoft() -> None:
    failure = describe(BadRequest("the number is not valid", status=400, code="badRequest"))
    assert failure.code == 1 and failure.correlation is None
    assert "Microsoft support" not in (failure.hint or "")
    assert failure.message == "the number is not valid · HTTP 400 · code badRequest"


def test_graph_error_with_request_id_carries_it_as_the_correlation_id() -> None:
    failure = describe(NotFound("no such user", status=404, request_id="9d1c-42"))
    assert failure.correlation == "9d1c-42" and "request-id" not in failure.message
    assert "Microsoft support" in (failure.hint or "")


def test_unreachable_host_names_the_setting_to_check() -> None:
    failure = describe(ServiceUnavailable("could not reach 127.0.0.1:9 (ConnectError)", code="transport"))
    assert failure.code == 1 and "127.0.0.1:9" in failure.message
    assert "SWITCHBOARD_GRAPH_URL" in (failure.hint or "")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (AuthenticationError("auth 'secret' needs SWITCHBOARD_CLIENT_SECRET", code="configuration"), 2),
        (AuthenticationError("not authenticated", status=401), 1),
        (UnsupportedDatabaseUrl("DATABASE_URL scheme 'mysql' is not supported"), 2),
        (NotADatabase("DATABASE_URL: x.db is not a SQLite database"), 2),
        (DatabaseReadOnly("DATABASE_URL: the database x.db is read-only"), 1),
        (OSError(errno.ENOSPC, "No space left on device", "out/2026-10-05"), 1),
        (FileNotFoundError(errno.ENOENT, "No such file or directory", "staff.csv"), 2),
    ],
)
def test_exit_codes(error: BaseException, code: int) -> None:
    assert describe(error).code == code


def test_a_port_in_use_is_said_plainly() -> None:
    error = OSError(errno.EADDRINUSE, "error while attempting to bind on address ('127.0.0.1', 8765)")
    failure = describe(error)
    assert failure.message == "error while attempting to bind on address ('127.0.0.1', 8765)"
    assert "--port" in (failure.hint or "")


def test_a_disk_full_without_a_file_name_says_so() -> None:
    assert describe(OSError(errno.ENOSPC, "No space left on device")).message == "No space left on device"


def test_foreign_exceptions_are_an_internal_error_not_their_text() -> None:
    failure = describe(KeyError("userPrincipalName"))
    assert failure.message == "internal error (KeyError)" and failure.code == 1
    assert "-vv" in (failure.hint or "")


def test_ctrl_c_is_exit_130() -> None:
    failure = describe(KeyboardInterrupt())
    assert failure.code == EXIT_INTERRUPTED and "re-run" in failure.message


def test_graph_errors_context_no_longer_invents_a_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as exited, graph_errors():
        raise ServiceUnavailable("could not reach 127.0.0.1:9 (ConnectError)", code="transport")
    assert exited.value.exit_code == 1
    err = capsys.readouterr().err
    assert "127.0.0.1:9" in err and "request-id" not in err


def guarded_app(error: BaseException) -> typer.Typer:
    app = typer.Typer(cls=GuardedGroup, pretty_exceptions_enable=False)

    @app.callback()
    def root(ctx: typer.Context, verbose: int = typer.Option(0, "-v", count=True)) -> None:
        ctx.obj = {"verbosity": verbose}

    @app.command()
    def boom() -> None:
        raise error

    @app.command()
    def fine() -> None:
        typer.echo("ok")

    return app


def test_every_command_runs_inside_the_boundary() -> None:
    runner = CliRunner()
    result = runner.invoke(guarded_app(ZeroDivisionError("division by zero")), ["boom"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: internal error (ZeroDivisionError)"
    assert "Traceback" not in result.stderr and "division by zero" not in result.stderr
    assert runner.invoke(guarded_app(ZeroDivisionError()), ["fine"]).stdout == "ok\n"


def test_the_traceback_only_with_vv() -> None:
    result = CliRunner().invoke(guarded_app(ZeroDivisionError("division by zero")), ["-v", "-v", "boom"])
    assert result.exit_code == 1 and "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_an_exception_group_shows_our_error_inside_it() -> None:
    group = ExceptionGroup("tasks", [NotFound("no such user", status=404, request_id="r-1")])
    result = CliRunner().invoke(guarded_app(group), ["boom"])
    assert result.exit_code == 1 and "no such user" in result.stderr and "r-1" in result.stderr


def test_hostile_text_in_a_message_is_printed_not_interpreted_as_markup() -> None:
    result = CliRunner().invoke(
        guarded_app(UnsupportedDatabaseUrl("DATABASE_URL '[/bold]x[red' bad")), ["boom"]
    )
    assert result.exit_code == 2 and "[/bold]x[red" in result.stderr


def test_ctrl_c_during_sync_stops_cleanly(tmp_path: Path) -> None:
    """One SIGINT while call logs stream in: exit 130, "interrupted, re-run", no traceback."""
    thread = SandboxThread(seeded("county"), SandboxConfig(latency_ms=150, calllog_limit=100_000)).start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'sb.db'}", "SWITCHBOARD_GRAPH_URL": thread.base_url}
        child = subprocess.Popen(
            [sys.executable, "-m", "cli", "report", "sync", "--since", "2026-08-01"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        assert thread.sandbox is not None
        while not thread.sandbox.requests.count("GET", "getPstnCalls"):  # mid-sync
            assert time.monotonic() < deadline and child.poll() is None, "sync did not start"
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        thread.stop()
    assert child.returncode == EXIT_INTERRUPTED, err
    assert "interrupted" in err and "re-run" in err
    assert "Traceback" not in err and "Exception" not in err
    assert out == ""
