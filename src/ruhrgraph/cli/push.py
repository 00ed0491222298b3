"""``ruhrgraph push``: upload every named graph to a remote SPARQL 1.1 server."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path


@handle_errors
def push_cli(
    endpoint: Annotated[str, typer.Option("--endpoint", help="SPARQL query URL of the server (used to "
                                          "verify the counts), e.g. http://127.0.0.1:7878/query.")],
    gsp: Annotated[str | None, typer.Option("--gsp", help="Graph Store Protocol URL (default: guessed "
                                            "from --endpoint: /query → /store, /sparql → "
                                            "/sparql-graph-crud).")] = None,
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Delete remote ruhrgraph graphs that the "
                                        "store no longer has (removed articles); refused when it "
                                        "would delete most of them from a smaller or empty store.")] = False,
    force_prune: Annotated[bool, typer.Option("--force-prune", help="With --prune: delete even when "
                                              "that removes most remote graphs.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds one HTTP request may take in all "
                                            "(connecting, sending, the whole answer).")] = 60.0,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Retries per upload on network "
                                         "errors and 5xx answers.")] = 3,
    user: Annotated[str | None, typer.Option("--user", help="User for HTTP basic/digest auth; the "
                                             "password is read from RUHRGRAPH_ENDPOINT_PASSWORD.")] = None,
) -> None:
    """Upload every named graph to a remote server (Graph Store Protocol) and verify the counts."""
    from ruhrgraph.store.local import Store
    from ruhrgraph.store.push import push

    with Store.open(store_path(store), read_only=True) as opened:
        report = push(opened, endpoint, gsp_url=gsp, prune=prune, force_prune=force_prune,
                      timeout=timeout, retries=retries, user=user,
                      password=os.environ.get("RUHRGRAPH_ENDPOINT_PASSWORD"))
    console.print(report.summary(), markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("push")(push_cli)
