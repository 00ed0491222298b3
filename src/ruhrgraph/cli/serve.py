"""``ruhrgraph serve``: the read-only linked-data server (SPARQL, dereferenceable IRIs, dumps)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, handle_errors, store_path
from ruhrgraph.cli.dump import BASE_HELP, LICENCE_HELP, PUBLISHER_HELP


@handle_errors
def serve_cli(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    dumps: Annotated[Path | None, typer.Option("--dumps", help="Folder of the dump files served under "
                                               "/dumps/ (default: <store>/out, where build writes them).")] = None,
    base: Annotated[str | None, typer.Option("--base", help=BASE_HELP)] = None,
    licence: Annotated[str | None, typer.Option("--licence", help=LICENCE_HELP)] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help=PUBLISHER_HELP)] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="Public URL of the SPARQL endpoint "
                                                 "(default: <base>sparql).")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds a query may run.")] = 15.0,
    saved_query_timeout: Annotated[float, typer.Option("--saved-query-timeout", min=0.1,
                                                       help="Seconds a saved query (/queries/…) may run.")]
    = 60.0,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most rows (or triples) a query returns.")]
    = 10_000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Query worker processes.")] = 2,
    max_query_bytes: Annotated[int, typer.Option("--max-query-bytes", min=100,
                                                 help="Longest SPARQL text accepted.")] = 100_000,
    max_depth: Annotated[int, typer.Option("--max-depth", min=4,
                                           help="Deepest bracket nesting accepted in a query.")] = 64,
    memory_mb: Annotated[int, typer.Option("--memory-mb", min=0, help="Address-space cap per query "
                                           "worker in MiB (0: none).")] = 2048,
    redirect: Annotated[bool, typer.Option("--redirect/--no-redirect", help="Answer /id/… with 303 See "
                                           "Other to the document (default) or serve it directly.")] = True,
    per_client: Annotated[int, typer.Option("--per-client", min=1, help="Most SPARQL queries one client "
                                            "address may have running or waiting (more: 429).")] = 2,
    queue_limit: Annotated[int, typer.Option("--queue-limit", min=1, help="Most requests waiting for a "
                                             "query worker (more: 429).")] = 32,
    trusted_proxy: Annotated[list[str] | None, typer.Option("--trusted-proxy", help="Address of a reverse "
                                                            "proxy whose X-Forwarded-For names the client "
                                                            "(repeatable).")] = None,
) -> None:
    """Serve the store read-only: /sparql, /id/… with content negotiation, /dumps/, /void, /queries/."""
    from ruhrgraph.publish.serve.app import ServeSettings, serve
    from ruhrgraph.publish.void import PublishSettings

    settings = ServeSettings(
        store=store_path(store), dumps=dumps,
        publish=PublishSettings.from_env(base=base, licence=licence, publisher=publisher, endpoint=endpoint),
        timeout=timeout, saved_query_timeout=saved_query_timeout, result_limit=limit, workers=workers,
        max_query_bytes=max_query_bytes,
        max_depth=max_depth, memory_mb=memory_mb, redirect=redirect, sparql_per_client=per_client,
        queue_limit=queue_limit, trusted_proxies=tuple(trusted_proxy or ()))
    serve(settings, host=host, port=port)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cli)
