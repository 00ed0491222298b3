"""``ruhrgraph queries [NAME]``: list the saved queries, or show one with its SPARQL."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ruhrgraph.cli._common import console, handle_errors


@handle_errors
def queries_cli(
    name: Annotated[str | None, typer.Argument(help="Show this query in full (parameters, "
                                               "example, SPARQL).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json.")] = "table",
) -> None:
    """List the saved queries with their summary and parameters."""
    from ruhrgraph.sparql.saved import get_query, list_queries

    if fmt not in ("table", "json"):
        raise typer.BadParameter(f"{fmt!r}; use table or json", param_hint="--format")
    queries = [get_query(name)] if name else list_queries()
    if fmt == "json":
        data = [{"name": q.name, "summary": q.summary, "description": q.description, "tags": list(q.tags),
                 "parameters": [{"name": p.name, "required": p.required, "type": p.type,
                                 "description": p.description, "default": p.default} for p in q.parameters],
                 "example": dict(q.example), "file": str(q.path)} for q in queries]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if name:
        query = queries[0]
        console.print(f"[bold]{escape(query.name)}[/] — {escape(query.summary)}", soft_wrap=True)
        console.print(query.description, soft_wrap=True, highlight=False, markup=False)
        for p in query.parameters:
            state = "required" if p.required else f"optional{', default ' + p.default if p.default else ''}"
            console.print(f"  --param {p.usage().strip('[]')}  ({state}) {p.description}", soft_wrap=True,
                          highlight=False, markup=False)
        example = " ".join(f"--param {k}={v!r}" if " " in v else f"--param {k}={v}"
                           for k, v in query.example.items())
        console.print(f"example: ruhrgraph query {query.name} {example}".rstrip(), highlight=False,
                      markup=False, soft_wrap=True)
        console.print(f"file: {query.path}\n", highlight=False, markup=False)
        sys.stdout.write(query.sparql)
        return
    table = Table("query", "summary", "parameters", header_style="bold")
    for query in queries:
        usage = " ".join(p.usage() for p in query.parameters)
        table.add_row(escape(query.name), escape(query.summary), escape(usage))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("queries")(queries_cli)
