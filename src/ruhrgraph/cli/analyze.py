"""``ruhrgraph analyze``: network measures of a view, written into the analytics graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path

VIEW_HELP = "View of the network: actors, organisations or bipartite (actors and events)."


@handle_errors
def analyze_cli(
    view: Annotated[str, typer.Option("--view", help=VIEW_HELP)] = "actors",
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many actors to show per measure.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of Leiden and of the sampled measures.")] = 42,
) -> None:
    """Compute degree, betweenness, closeness, eigenvector, PageRank, communities and brokerage;
    write the scores into the analytics graph and print the top actors per measure."""
    from ruhrgraph.network.measures import MEASURES, Settings, analyze
    from ruhrgraph.store.local import Store

    with Store.open(store_path(store)) as opened:
        report = analyze(opened, view, Settings(seed=seed))
    console.print(f"[bold]{escape(report.view)}[/] view: {report.node_count} nodes, {report.edge_count} ties; "
                  f"{report.triples_written} triples written to the analytics graph")
    for note in report.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
    table = Table(title=f"top {top} per measure")
    table.add_column("measure")
    table.add_column("rank", justify="right")
    table.add_column("actor")
    table.add_column("value", justify="right")
    for measure in report.ranks:
        if measure == "constraint":
            continue  # low is interesting here; brokerage shows it the other way round
        for i, (_, label, value, rank) in enumerate(report.top(measure, top)):
            shown = f"{value:.4g}" if MEASURES[measure][1] == "double" else f"{value:.0f}"
            table.add_row(measure if i == 0 else "", str(rank), escape(label), shown)
        table.add_section()
    console.print(table)
    sizes = ", ".join(str(len(c)) for c in report.communities[:10])
    more = " …" if len(report.communities) > 10 else ""
    console.print(f"communities: {len(report.communities)} (sizes {sizes}{more})")
    bridging = [report.labels[i] for i in report.bridging_actors[:top]]
    if bridging:
        console.print("bridging actors (cut vertices): " + ", ".join(bridging), markup=False,
                      highlight=False)


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_cli)
