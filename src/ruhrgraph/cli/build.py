"""``ruhrgraph build [PATHS…]``: the main job that ``make run`` runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ruhrgraph.cli._common import STORE_HELP, console, handle_errors, store_path
from ruhrgraph.cli.ingest import CURATION_HELP, JOBS_HELP, progress_reporter


@handle_errors
def build_cli(
    paths: Annotated[list[Path] | None, typer.Argument(exists=True, help="Article files or folders "
                                                       "(default data/articles/).")] = None,
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Where dumps and Gephi files go (default "
                                             "<store>/out).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help=JOBS_HELP)] = 1,
    curation: Annotated[Path | None, typer.Option("--curation", help=CURATION_HELP)] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract articles recorded as "
                                        "unchanged.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per article.")] = False,
) -> None:
    """Ingest every article, apply curation, validate, analyse, export, dump and summarise."""
    from ruhrgraph.build import build

    with progress_reporter(verbose) as progress:
        summary = build(list(paths or []), store_path(store), out, jobs=jobs, curation_dir=curation,
                        force=force, progress=progress)
    console.print(summary.render(), highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(summary.exit_code)


def register(app: typer.Typer) -> None:
    app.command("build")(build_cli)
