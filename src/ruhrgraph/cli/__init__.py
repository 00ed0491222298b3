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
from importlib.metadata import entry_points

import typer

from ruhrgraph import __version__

app = typer.Typer(
    name="ruhrgraph",
    help="Turn German regional economic news into a linked-data knowledge graph of the Metropole Ruhr.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ruhrgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Turn German regional economic news into a linked-data knowledge graph of the Metropole Ruhr."""


def _load_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(app)
    for ep in entry_points(group="ruhrgraph.commands"):
        ep.load()(app)


_load_commands()


def main() -> None:
    """Console-script entry point."""
    app()
