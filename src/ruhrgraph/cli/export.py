"""``ruhrgraph export``: the network as GEXF, GraphML, CSV tables, PNG, SVG, PDF or interactive HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path

FORMAT_HELP = ("gexf, graphml, csv (a folder with nodes.csv and edges.csv), png, svg, pdf or html (interactive); "
               "by default told by the suffix of --out (a name without one: csv).")
SIZE_HELP = "Measure that sizes the nodes (pagerank, betweenness, degree, weighted_degree, article_count …)."

LABELS_HELP = "Pictures: label up to this many most central nodes (those whose labels fit without overlapping)."


@handle_errors
def export_cli(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (a folder for csv).")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    view: Annotated[str, typer.Option("--view", help="actors, organisations or bipartite.")] = "actors",
    size_by: Annotated[str, typer.Option("--size-by", help=SIZE_HELP)] = "pagerank",
    labels: Annotated[int, typer.Option("--labels", min=0, help=LABELS_HELP)] = 15,
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
) -> None:
    """Export a view of the network for Gephi (GEXF, GraphML, CSV), as a picture (PNG, SVG, PDF) or as
an interactive page (HTML: sigma.js, opens offline in a browser)."""
    from ruhrgraph.network.export import ExportOptions, export, infer_format
    from ruhrgraph.store.local import Store

    options = ExportOptions(size_by=size_by, labels=labels)
    with Store.open(store_path(store), read_only=True) as opened:
        written = export(opened, view, infer_format(out, fmt), out, options=options)
    console.print(f"wrote {written}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("export")(export_cli)
