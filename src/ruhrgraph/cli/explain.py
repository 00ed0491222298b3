"""``ruhrgraph explain ENTITY``: the names, articles and merge rules behind one entity's IRI."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path


@handle_errors
def explain_cli(
    entity: Annotated[str, typer.Argument(help="IRI, id:kind/slug, or a name or alias of the entity.")],
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
) -> None:
    """Show why the store has one IRI for an actor: its names, articles and merge rules."""
    from ruhrgraph.errors import ParameterError
    from ruhrgraph.network.explain import explain, render
    from ruhrgraph.store.local import Store

    if fmt not in ("text", "json"):
        raise ParameterError(f"--format: unknown format {fmt!r}; use text or json")
    with Store.open(store_path(store), read_only=True) as opened:
        result = explain(opened, entity)
    if fmt == "json":
        data = dataclasses.asdict(result) | {"merge_rules": result.merge_rules}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        console.print(render(result), highlight=False, markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("explain")(explain_cli)
