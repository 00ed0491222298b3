"""Shared pieces of the command modules: console, store option, error handling."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

from ruhrgraph.errors import RuhrgraphError


class _Console:
    """A rich ``Console`` made on first use: ``ruhrgraph query … --format csv`` prints no rich text
    and need not import rich (part of its start-up time)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return getattr(self._console, name)


console: Any = _Console(highlight=False)
err_console: Any = _Console(stderr=True, highlight=False)

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
            from rich.markup import escape

            err_console.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
