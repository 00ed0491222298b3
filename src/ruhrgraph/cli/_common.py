"""Shared pieces of the command modules: console, store option, error handling."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from ruhrgraph.errors import RuhrgraphError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = "Store folder (default .ruhrgraph/ in the working directory; env RUHRGRAPH_STORE)."


def store_path(store: Path | None) -> Path:
    """The store folder from ``--store``, ``RUHRGRAPH_STORE`` or the default ``.ruhrgraph``."""
    if store is not None:
        return store
    return Path(os.environ.get("RUHRGRAPH_STORE") or ".ruhrgraph")


def handle_errors(func: F) -> F:
    """Turn :class:`RuhrgraphError` into a one-line message on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RuhrgraphError as exc:
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
