"""``ruhrgraph connect A B``: how two actors are linked, hop by hop, with the evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path


@handle_errors
def connect_cli(
    source: Annotated[str, typer.Argument(help="First actor: label, alias or IRI (e.g. Korea).")],
    target: Annotated[str, typer.Argument(help="Second actor: label, alias or IRI (e.g. Dortmund).")],
    view: Annotated[str, typer.Option("--view", help="actors or organisations.")] = "actors",
    max_paths: Annotated[int, typer.Option("--max-paths", min=1,
                                           help="Show at most this many shortest paths.")] = 5,
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
) -> None:
    """Show the shortest paths between two actors, each hop with its statement and evidence
    sentence. Exits with 1 when the actors are not connected."""
    from ruhrgraph.network.connect import connect
    from ruhrgraph.store.local import Store

    with Store.open(store_path(store), read_only=True) as opened:
        result = connect(opened, source, target, view=view, max_paths=max_paths)
    console.print(result.render(), markup=False, soft_wrap=True)
    if not result.paths and result.source != result.target:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("connect")(connect_cli)
