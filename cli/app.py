"""The `switchboard` command: global options, then one sub-command group per capability."""

from __future__ import annotations

import os

import typer

from cli import demo, doctor, numbers, package, sandbox, users
from cli.logs import configure as configure_logging
from cli.runtime import GuardedGroup

app = typer.Typer(
    name="switchboard",
    help="Teams Phone operations for local government: numbers, onboarding, usage reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=GuardedGroup,  # the one error boundary around every command (cli/runtime.py)
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    graph_url: str | None = typer.Option(
        None,
        "--graph-url",
        help="Graph base URL; a 127.0.0.1 sandbox URL selects the sandbox credential.",
        envvar=None,
    ),
    database_url: str | None = typer.Option(
        None, "--database-url", help="sqlite:///file.db or postgresql://user@host/db"
    ),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="-v progress, -vv HTTP detail."),
) -> None:
    """Settings come from the environment and .env; these options override them for one run."""
    configure_logging(verbose, secrets=secret_values())
    ctx.obj = {"overrides": {"graph_url": graph_url, "database_url": database_url}, "verbosity": verbose}


def secret_values() -> list[str]:
    """Secret values from the environment, so the log filter can mask them even inside SDK messages."""
    names = (
        "SWITCHBOARD_CLIENT_SECRET",
        "AZURE_CLIENT_SECRET",
        "SWITCHBOARD_CERTIFICATE_PASSWORD",
        "AZURE_CLIENT_CERTIFICATE_PASSWORD",
        "SWITCHBOARD_BOT_APP_PASSWORD",
    )
    return [value for name in names if (value := os.environ.get(name))]


app.add_typer(sandbox.app, name="sandbox")
app.add_typer(numbers.app, name="numbers")
app.add_typer(users.app, name="users")
app.command("demo")(demo.demo)
app.command("package")(package.package)
app.command("doctor")(doctor.doctor)


def _register_features() -> None:
    """Feature packages add their own commands (plan/apply/onboard…, report …)."""
    from cli import bot, drill, emergency, popup, provisioning, report, voiceapps

    provisioning.register(app)
    report.register(app)
    voiceapps.register(app)
    bot.register(app)
    popup.register(app)
    emergency.register(app)
    drill.register(app)


_register_features()


def main() -> None:
    app()
