"""Per-invocation plumbing: settings with command-line overrides, and errors turned into exit codes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from pydantic import ValidationError

from cli.output import EXIT_BAD_INPUT, EXIT_FAILED, err_console, fail
from cli.settings import Settings
from graph import GraphError, NotFound
from provisioning import InvalidInput, InvalidRows, ProvisioningError, ServiceFailed

log = logging.getLogger("switchboard")


def load_settings(**overrides: Any) -> Settings:
    """Settings from env/.env with non-None overrides; a bad value exits 2 naming the setting."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}" for err in exc.errors()
        )
        fail(f"invalid setting — {problems}", code=EXIT_BAD_INPUT, hint="See .env.example for every setting.")


def settings_from(ctx: typer.Context) -> Settings:
    """The Settings the root callback stored on the context (built lazily so --help never reads .env)."""
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    cached = obj.get("settings")
    if isinstance(cached, Settings):
        return cached
    settings = load_settings(**obj.get("overrides", {}))
    obj["settings"] = settings
    root.obj = obj
    return settings


@contextmanager
def graph_errors() -> Iterator[None]:
    """Graph failures become one line with Microsoft's request-id (support asks for it) and exit 1."""
    try:
        yield
    except NotFound as exc:
        fail(str(exc), code=EXIT_FAILED)
    except GraphError as exc:
        fail(str(exc), code=EXIT_FAILED, hint="Give the request-id to Microsoft support if this persists.")


@contextmanager
def use_case_errors() -> Iterator[None]:
    """A use case's error as one short line with its correlation id; the cause is logged under that id
    (`-v` shows it), so support can match a person's screenshot to the log."""
    try:
        with graph_errors():
            yield
    except ProvisioningError as exc:
        log.info("[%s] %s", exc.correlation_id, exc.message, exc_info=exc.__cause__ is not None)
        if isinstance(exc, InvalidRows):
            for line in exc.errors:
                err_console.print(line, style="red", markup=False, highlight=False)
        hint = (
            "Give the request-id to Microsoft support if this persists."
            if isinstance(exc, ServiceFailed)
            else None
        )
        code = EXIT_BAD_INPUT if isinstance(exc, InvalidInput) else EXIT_FAILED
        fail(f"{exc.message} (ref {exc.correlation_id})", code=code, hint=hint)
