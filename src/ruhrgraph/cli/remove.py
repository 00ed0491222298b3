"""``ruhrgraph remove ARTICLE…``: delete articles' graphs from the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path


@handle_errors
def remove_cli(
    articles: Annotated[list[str], typer.Argument(help="Article file, file name, slug, article IRI "
                                                  "or graph IRI.")],
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
) -> None:
    """Delete articles from the store (one transaction each); the dumps follow on the next build."""
    from ruhrgraph.ingest.commit import remove_article
    from ruhrgraph.store.local import Store

    with Store.open(store_path(store)) as opened:
        for article in articles:
            console.print(f"removed <{remove_article(opened, article)}>", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.command("remove")(remove_cli)
