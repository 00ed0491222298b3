"""``ruhrgraph dump``: write the deterministic dumps and ``void.ttl``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path

BASE_HELP = "IRI base the data was minted under (default: RUHRGRAPH_BASE or https://w3id.org/ruhrgraph/)."
LICENCE_HELP = "Licence IRI of the data (default: RUHRGRAPH_LICENCE or CC BY 4.0)."
PUBLISHER_HELP = "Publisher named in void.ttl (default: RUHRGRAPH_PUBLISHER or 'ruhrgraph developers')."


@handle_errors
def dump_cli(
    out: Annotated[Path | None, typer.Option("--out", help="Folder to write to (default: "
                                             "<store>/out, where build writes them and serve finds them).")] = None,
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    base: Annotated[str | None, typer.Option("--base", help=BASE_HELP)] = None,
    licence: Annotated[str | None, typer.Option("--licence", help=LICENCE_HELP)] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help=PUBLISHER_HELP)] = None,
    publisher_url: Annotated[str | None, typer.Option("--publisher-url",
                                                      help="Publisher's homepage.")] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="Public SPARQL endpoint named in "
                                                 "void.ttl (default: <base>sparql).")] = None,
    gazetteer: Annotated[bool, typer.Option("--gazetteer", help="Also write gazetteer.ttl: the whole "
                                            "gazetteer (the dumps carry only the entries the data "
                                            "uses).")] = False,
) -> None:
    """Write Turtle, TriG, N-Quads and JSON-LD dumps (+ .gz, .sha256) and void.ttl."""
    from ruhrgraph.publish.dump import default_folder, dump
    from ruhrgraph.publish.void import PublishSettings
    from ruhrgraph.store.local import Store

    folder = store_path(store)
    settings = PublishSettings.from_env(base=base, licence=licence, publisher=publisher,
                                        publisher_url=publisher_url, endpoint=endpoint)
    target = out if out is not None else default_folder(folder)
    with Store.open(folder, read_only=True) as opened:
        files = dump(opened, target, settings=settings, gazetteer=gazetteer)
    for path in files:
        console.print(f"{path}  {path.stat().st_size} bytes", markup=False, highlight=False)
    console.print(f"{len(files)} files written to {target}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("dump")(dump_cli)
