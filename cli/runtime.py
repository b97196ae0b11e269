"""Per-invocation plumbing: settings with command-line overrides, and errors turned into exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from pydantic import ValidationError

from cli.output import EXIT_BAD_INPUT, EXIT_FAILED, fail
from cli.settings import Settings
from graph.errors import GraphError, NotFound


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
