"""``ruhrgraph ingest PATHS…``: extract, validate and commit articles, one transaction each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ruhrgraph.cli._common import STORE_HELP, console, err_console, handle_errors, store_path

CURATION_HELP = "Folder of steward curation files (default data/curation/ when it exists)."
JOBS_HELP = "Worker processes that extract and validate in parallel (one writer commits)."


@contextmanager
def progress_reporter(verbose: bool) -> Iterator[Callable[..., None]]:
    """A rich progress bar on a terminal; one line per article with ``verbose`` (or off a terminal,
    one line per rejected article)."""
    interactive = err_console.is_terminal and not verbose
    bar = Progress(TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("{task.description}"), console=err_console,
                   transient=True, disable=not interactive)
    task = bar.add_task("", total=None)

    def report(outcome, done: int, total: int) -> None:  # type: ignore[no-untyped-def]
        bar.update(task, completed=done, total=total, description=escape(Path(outcome.source).name))
        if verbose or outcome.status in ("rejected", "failed"):
            style = {"committed": "green", "unchanged": "dim", "rejected": "red", "failed": "red"}
            line = f"[{style[outcome.status]}]{outcome.status:<9}[/] {escape(outcome.source)}"
            if outcome.status in ("committed", "unchanged"):
                line += f" ({outcome.triples} triples)"
            else:
                line += f": {escape(outcome.message)}"
            for note in outcome.notes if verbose else ():
                line += f"\n          note: {escape(note)}"
            (bar.console if interactive else err_console).print(line, markup=True, soft_wrap=True,
                                                                highlight=False)

    with bar:
        yield report


def default_curation(curation: Path | None) -> Path | None:
    """``--curation`` or ``data/curation`` under the working directory when it exists."""
    if curation is not None:
        return curation
    default = Path("data") / "curation"
    return default if default.is_dir() else None


@handle_errors
def ingest_cli(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Article files or folders (.txt, .md, "
                                                ".html, .jsonl).")],
    store: Annotated[Path | None, typer.Option("--store", help=STORE_HELP)] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help=JOBS_HELP)] = 1,
    curation: Annotated[Path | None, typer.Option("--curation", help=CURATION_HELP)] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-extract files recorded as unchanged.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per article.")] = False,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="Read symbolic links in the folders "
                                               "that point outside them (skipped by default).")] = False,
) -> None:
    """Extract, validate and commit articles; rejected ones go to the quarantine (exit code 1)."""
    from ruhrgraph.ingest import curation as curation_module
    from ruhrgraph.ingest.commit import ingest_paths
    from ruhrgraph.store.local import Store

    rules = curation_module.load(default_curation(curation))
    with Store.open(store_path(store)) as opened, progress_reporter(verbose) as progress:
        report = ingest_paths(opened, paths, jobs=jobs, curation=rules, force=force,
                              progress=progress, follow_links=follow_links)
    console.print(report.summary(), highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(report.exit_code)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_cli)
