"""``ruhrgraph sparql QUERY|--file F``: a steward's own read-only SPARQL query."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, handle_errors, store_path
from ruhrgraph.cli.query import ENDPOINT_HELP, TIMEOUT_HELP, check_format, print_result


@handle_errors
def sparql_cli(
    query: Annotated[str | None, typer.Argument(help="The query text ('-' reads it from stdin).")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the query from this file.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | csv | md; nt | ttl for "
                                     "CONSTRUCT and DESCRIBE.")] = "table",
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help=ENDPOINT_HELP)] = None,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Allow SERVICE, DEFINE and FROM "
                                               "of graphs outside the dataset.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help=TIMEOUT_HELP)] = 30.0,
    union: Annotated[bool, typer.Option("--union", help="Read the union of the named graphs, a triple "
                                        "once per graph that states it (the default graph holds each "
                                        "triple once; GRAPH ?g gives provenance either way).")] = False,
) -> None:
    """Run your own read-only SPARQL query (updates are refused; remote access only with --allow-remote)."""
    from ruhrgraph.sparql.results import cli_formats
    from ruhrgraph.sparql.run import read_query_file, run_sparql
    from ruhrgraph.store.local import Store

    check_format(fmt, cli_formats())
    if (query is None) == (file is None):
        raise typer.BadParameter("give the query text or --file, not both and not neither",
                                 param_hint="QUERY")
    text = read_query_file(file) if file is not None else (sys.stdin.read() if query == "-" else query)
    assert text is not None
    if endpoint:
        result = run_sparql(text, endpoint=endpoint, allow_remote=allow_remote, timeout=timeout)
    else:
        with Store.open(store_path(store), read_only=True) as opened:
            result = run_sparql(text, store=opened, allow_remote=allow_remote, timeout=timeout,
                                union=union)
    print_result(result, fmt)


def register(app: typer.Typer) -> None:
    app.command("sparql")(sparql_cli)
