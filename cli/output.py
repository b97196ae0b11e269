"""Console output shared by commands: tables for people, JSON for scripts, errors on stderr.

Exit codes: 0 success, 1 the operation failed (Graph, store or apply errors), 2 bad arguments or input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from cli.errors import Failure

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

console = Console(soft_wrap=True)  # messages stay on one line for grep and logs
err_console = Console(stderr=True, soft_wrap=True)


def print_error(message: str, hint: str | None = None, correlation: str | None = None) -> None:
    """`error: what, where` (+ the request-id), then the fix. Text is escaped: it may quote hostile input."""
    tail = f" · request-id {correlation}" if correlation else ""
    err_console.print(f"[bold red]error:[/] {escape(message)}{escape(tail)}", highlight=False)
    if hint:
        err_console.print(f"[dim]{escape(hint)}[/]", highlight=False)


def print_failure(failure: Failure) -> None:
    print_error(failure.message, failure.hint, failure.correlation)


def fail(message: str, *, code: int = EXIT_FAILED, hint: str | None = None) -> NoReturn:
    """Print a short error (never a traceback) and exit with the given code."""
    print_error(message, hint)
    raise typer.Exit(code)


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, frozenset | set | tuple):
        return sorted(value) if isinstance(value, frozenset | set) else list(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any) -> None:
    """JSON on stdout, nothing else, so scripts can pipe it."""
    sys.stdout.write(json.dumps(data, default=_default, indent=2, sort_keys=False) + "\n")


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    out = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        out.add_column(
            column, justify="right" if column.startswith(("#", "Free", "Assigned", "Total")) else "left"
        )
    for row in rows:
        out.add_row(*("" if cell is None else str(cell) for cell in row))
    return out


def key_values(title: str, pairs: Mapping[str, Any]) -> Table:
    out = Table(title=title, title_justify="left", show_header=False, box=None, pad_edge=False)
    out.add_column(style="bold")
    out.add_column()
    for key, value in pairs.items():
        out.add_row(key, "—" if value in (None, "", (), []) else str(value))
    return out
