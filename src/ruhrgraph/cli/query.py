"""``ruhrgraph query NAME --param k=v … --format table|json|csv``: run a saved query."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, err_console, handle_errors, store_path

ENDPOINT_HELP = "Run against this remote SPARQL 1.1 endpoint (query URL) instead of the store."
TIMEOUT_HELP = "Seconds before the query is abandoned."


def print_result(result, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """Print a :class:`~ruhrgraph.sparql.QueryResult`: a rich table on a terminal, or the exact
    text of the chosen format on stdout (nothing else goes to stdout; notes go to stderr)."""
    from ruhrgraph.sparql.results import display_term, format_result

    if result.notice:  # (rich only when it prints: a CSV or JSON result needs none)
        from rich.markup import escape

        err_console.print(f"[yellow]warning:[/] {escape(result.notice)}", markup=True)
    if fmt != "table" or not console.is_terminal:
        # off a terminal the table is plain aligned text: never wrapped or cut, easy to grep
        sys.stdout.write(format_result(result, fmt))
        sys.stdout.flush()
        return
    if result.form == "ASK":
        console.print("true" if result.boolean else "false")
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(*(escape(v) for v in result.variables), show_lines=False, header_style="bold")
    for row in result.rows:
        table.add_row(*(escape(display_term(row.get(v))) for v in result.variables))
    console.print(table)
    count = len(result.rows)
    err_console.print(f"{count} row{'s' if count != 1 else ''} from {result.source}", highlight=False,
                      markup=False)


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    """``fmt`` if it is one of the ``allowed`` result formats, else a usage error naming them."""
    if fmt not in allowed:
        raise typer.BadParameter(f"{fmt!r}; use one of {', '.join(allowed)}", param_hint="--format")
    return fmt


@handle_errors
def query_cli(
    name: Annotated[str, typer.Argument(help="The saved query (see `ruhrgraph queries`).")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="A parameter as name=value; "
                                                    "repeat for several. Names of entities are "
                                                    "resolved by their labels.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json (SPARQL 1.1 Query Results "
                                     "JSON) | csv (SPARQL 1.1 CSV) | md (Markdown).")] = "table",
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help=ENDPOINT_HELP)] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help=TIMEOUT_HELP)] = 30.0,
) -> None:
    """Run a saved query with parameters against the store or a remote endpoint."""
    from ruhrgraph.sparql.results import cli_formats
    from ruhrgraph.sparql.saved import parse_params, run_query

    check_format(fmt, cli_formats(graphs=False))
    result = run_query(name, parse_params(param or []), store=None if endpoint else store_path(store),
                       endpoint=endpoint, timeout=timeout)
    for key, term in result.parameters.items():  # plain text: no need for rich here
        sys.stderr.write(f"{key} = {term.n3()}\n")
    print_result(result, fmt)


def register(app: typer.Typer) -> None:
    app.command("query")(query_cli)
