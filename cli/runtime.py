"""Per-invocation plumbing: settings with command-line overrides, and the one error boundary.

`GuardedGroup` is the root command's class: every sub-command runs inside its `invoke`, so every
exception reaches `report_failure` (cli/errors.py's mapping) and leaves as one line and an exit code.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from pydantic import ValidationError
from typer._click.core import Context
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from cli.errors import Failure, describe
from cli.output import EXIT_BAD_INPUT, err_console, fail, print_failure
from cli.settings import Settings
from graph import GraphError
from provisioning import InvalidRows, ProvisioningError
from reports import ReportError
from store import StoreError, normalise_database_url, translate

log = logging.getLogger("switchboard")
T = TypeVar("T")

# Settings whose environment name is not SWITCHBOARD_<FIELD>, for messages.
SETTING_NAMES = {
    "database_url": "DATABASE_URL (--database-url)",
    "graph_url": "SWITCHBOARD_GRAPH_URL (--graph-url)",
}


def setting_name(field: str) -> str:
    """A field or alias name as the admin sets it: `max_concurrency` → SWITCHBOARD_MAX_CONCURRENCY."""
    key = field.lower()
    if key.startswith("azure_"):
        return key.upper()
    if key.startswith("switchboard_"):
        key = key[len("switchboard_") :]
    return SETTING_NAMES.get(key, f"SWITCHBOARD_{key.upper()}")


def load_settings(**overrides: Any) -> Settings:
    """Settings from env/.env with non-None overrides; a bad value exits 2 naming the setting."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{setting_name(str(err['loc'][0])) if err['loc'] else 'settings'}: "
            f"{err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors(include_url=False)
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
    """Graph failures become one line (with Graph's request-id when it sent one) and exit 1.

    The root's GuardedGroup does the same for every error; this also covers sub-apps run on their own.
    """
    try:
        yield
    except GraphError as exc:
        failure = describe(exc)
        print_failure(failure)
        raise typer.Exit(failure.code) from None


@contextmanager
def use_case_errors() -> Iterator[None]:
    """A use case's error: its cause goes to the log under its correlation id (`-v` shows it), a spreadsheet's
    bad rows are listed, and the one line comes from the root's boundary (`describe`), as for every error."""
    try:
        yield
    except ProvisioningError as exc:
        log.info("[%s] %s", exc.correlation_id, exc.message, exc_info=exc.__cause__ is not None)
        if isinstance(exc, InvalidRows):
            for line in exc.errors:
                err_console.print(line, style="red", markup=False, highlight=False)
        raise


class Interrupt:
    """Ctrl-C as a command sees it: `stop` is set by the first one once `applying` (see run_interruptible)."""

    def __init__(self) -> None:
        self.stop = asyncio.Event()
        self.applying = False
        self.count = 0


def run_interruptible(main: Callable[[Interrupt], Coroutine[Any, Any, T]]) -> T:
    """`asyncio.run` with a Ctrl-C that stops cleanly. While applying, the first one sets `stop`: no new step
    starts and in-flight ones are journalled (cancelling them mid-write would hold SQLite's lock for a
    minute). Before that, or on a second one, the command is cancelled. Either way KeyboardInterrupt
    leaves, which the root boundary prints as "interrupted; re-run …" with exit 130."""
    interrupt = Interrupt()

    async def guarded() -> T:
        loop, task = asyncio.get_running_loop(), asyncio.current_task()

        def on_sigint() -> None:
            interrupt.count += 1
            if interrupt.applying and interrupt.count == 1:
                interrupt.stop.set()
            elif task is not None:
                task.cancel()

        try:
            loop.add_signal_handler(signal.SIGINT, on_sigint)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            return await main(interrupt)
        try:
            return await main(interrupt)
        finally:
            loop.remove_signal_handler(signal.SIGINT)

    try:
        result = asyncio.run(guarded())
    except asyncio.CancelledError:
        if interrupt.count:
            raise KeyboardInterrupt from None
        raise
    if interrupt.count:
        raise KeyboardInterrupt
    return result


def _leaf(exc: BaseException) -> BaseException:
    """The first of ours inside an ExceptionGroup (asyncio.TaskGroup raises those), else the first leaf."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = next((e for e in exc.exceptions if not isinstance(e, BaseExceptionGroup)), exc.exceptions[0])
    return exc


def _translated(exc: BaseException, obj: dict[str, Any]) -> BaseException:
    """Database failures raised mid-command (a read-only file, a server gone) → store's error tree."""
    settings = obj.get("settings")
    # A use case's error wrapping a driver failure is described by what the database said.
    wrapped = isinstance(exc, ProvisioningError | ReportError) and exc.__cause__ is not None
    target = exc.__cause__ if wrapped and exc.__cause__ is not None else exc
    if isinstance(target, StoreError | GraphError) or not isinstance(settings, Settings):
        return exc
    try:
        return translate(target, normalise_database_url(settings.database_url)) or exc
    except StoreError:
        return exc


def report_failure(exc: BaseException, ctx: Context) -> int:
    """Print the one line (and with -vv the traceback) for `exc`; the exit code to leave with."""
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    leaf = _translated(_leaf(exc), obj)
    failure: Failure = describe(leaf)
    if int(obj.get("verbosity", 0)) >= 2 and not isinstance(leaf, KeyboardInterrupt):
        err_console.print_exception(show_locals=False)
    print_failure(failure)
    return failure.code


class GuardedGroup(TyperGroup):
    """The root group: click's own exits pass through; anything else becomes `report_failure`'s line."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, ClickException, SystemExit):
            raise
        except BaseException as exc:  # the boundary: nothing foreign reaches the user untranslated
            raise typer.Exit(report_failure(exc, ctx)) from None
