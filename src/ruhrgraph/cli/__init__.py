"""The ``ruhrgraph`` command line.

Each command lives in its own module in this package and is thin: it parses options, calls
one function of the matching stage module (``cli/extract.py`` → ``ruhrgraph.extract.pipeline``) and
prints. Command modules register themselves through :func:`register`; the built-ins are found
by scanning this package, third-party commands through the ``ruhrgraph.commands`` entry point
group — the same registry for both.

Exit codes: 0 success, 1 the job ran but found problems (violations, rejected articles),
2 bad input or usage, 3 a remote endpoint failed, 130 interrupted.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any

import typer

from ruhrgraph import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ruhrgraph {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Turn German regional economic news into a linked-data knowledge graph of the Metropole Ruhr."""


def _builtin_commands() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def build_app(only: str | None = None) -> typer.Typer:
    """The command line with every command, or — for ``only``, a built-in command — with that one
    alone, so that ``ruhrgraph query …`` does not import what ``serve``, ``build`` or ``review``
    need (nor scan the installed packages' entry points): a third of a second of start-up."""
    cli = typer.Typer(
        name="ruhrgraph",
        help="Turn German regional economic news into a linked-data knowledge graph of the Metropole Ruhr.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
    )
    cli.callback()(_root)
    builtins = _builtin_commands()
    for name in [only] if only in builtins else builtins:
        importlib.import_module(f"{__name__}.{name}").register(cli)
    if only not in builtins:
        from importlib.metadata import entry_points

        for ep in entry_points(group="ruhrgraph.commands"):
            ep.load()(cli)
    return cli


_APP: typer.Typer | None = None


def __getattr__(name: str) -> Any:
    """``ruhrgraph.cli.app``: the whole command line, built on first use."""
    global _APP
    if name == "app":
        if _APP is None:
            _APP = build_app()
        return _APP
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    command = sys.argv[1] if len(sys.argv) > 1 else None
    if command is not None:
        from ruhrgraph.cli import _fast  # ``query`` without building typer's parameter adapters

        code = _fast.run(command, sys.argv[2:])
        if code is not None:
            sys.exit(code)
    build_app(command)()
