"""``ruhrgraph review``: check the extractor's statements sentence by sentence; decisions become curation."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path


def _reviewer(name: str | None) -> str:
    if name:
        return name
    try:
        return os.environ.get("RUHRGRAPH_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "steward"


@handle_errors
def review_cli(
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    curation: Annotated[Path, typer.Option("--curation", help="Curation folder the decisions are written "
                                           "to (review-<reviewer>.yaml).")] = Path("data/curation"),
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="Who decides (default "
                                                 "$RUHRGRAPH_REVIEWER or the login name).")] = None,
    article: Annotated[str | None, typer.Option("--article", help="Only this article (id or IRI).")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="Only statements of this extraction rule.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only membership, seat, visit, reception, "
                                             "event, fair or entity.")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation", help="Only statements naming this "
                                                     "organisation (name or IRI).")] = None,
    listing: Annotated[bool, typer.Option("--list", help="Print the queue and exit.")] = False,
    undo: Annotated[str | None, typer.Option("--undo", help="Remove this decision (its id) and exit.")] = None,
    web: Annotated[bool, typer.Option("--web", help="Review in the browser: a local page on 127.0.0.1 "
                                      "with a per-session token.")] = False,
    port: Annotated[int, typer.Option("--port", help="Port of --web (0: any free port).")] = 0,
) -> None:
    """Review the statements most likely wrong; each decision is a curation rule applied on every build."""
    from ruhrgraph.review.session import Review

    session = Review(store_path(store), curation, _reviewer(reviewer))
    if undo:
        gone = session.undo(undo)
        console.print(f"undone: {gone.verdict} {gone.id}" if gone else f"no decision {undo} in "
                      f"{session.file.path}", markup=False, highlight=False)
        raise typer.Exit(0 if gone else 1)
    filters = {"article": article, "rule": rule, "kind": kind,
               "organisation": session.resolve(organisation) if organisation else None}
    if listing:
        for item in session.queue(**filters):
            console.print(f"{item.score:.3f}  {item.kind:<10} {item.rule:<22} {item.article_id}#{item.sentence}  "
                          f"{item.describe()}", markup=False, highlight=False, soft_wrap=True)
        return
    if web:
        from ruhrgraph.review.web import serve

        serve(session, port=port, filters=filters)
        return
    from ruhrgraph.review.tui import run

    run(session, filters=filters)


def register(app: typer.Typer) -> None:
    app.command("review")(review_cli)
