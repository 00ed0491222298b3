"""``ruhrgraph build [PATHS…]``: the main job that ``make run`` runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.status import Status
from rich.text import Text

from ruhrgraph.cli._common import STORE_HELP, console, err_console, handle_errors, store_path
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
    full: Annotated[bool, typer.Option("--full", help="Validate the whole store, not only what "
                                       "changed since the last build's check.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per article.")] = False,
) -> None:
    """Ingest every article, apply curation, validate, analyse, export, dump and summarise."""
    from ruhrgraph.build import build

    with progress_reporter(verbose) as progress, stage_reporter() as on_stage:
        summary = build(list(paths or []), store_path(store), out, jobs=jobs, curation_dir=curation,
                        force=force, full=full, progress=progress, on_stage=on_stage)
    console.print(styled(summary.render()), highlight=False, soft_wrap=True)
    raise typer.Exit(summary.exit_code)


#: Words of the summary that get a colour on a terminal that has them (rich drops the colour
#: elsewhere, and for NO_COLOR).
STYLES = {r"\b(done|conforms|committed|all applied)\b": "green",
          r"\b(failed|rejected|violations?|MATCH(ES)? NOTHING|THE PICTURE FAILED)\b": "bold red",
          r"\b(warnings?|unchanged)\b": "yellow"}


def styled(text: str) -> Text:
    """The build summary with its status words coloured.

    >>> [str(span.style) for span in styled("  dumps       done (0.1 s)").spans]
    ['green']
    """
    out = Text(text)
    for pattern, style in STYLES.items():
        out.highlight_regex(pattern, style)
    return out


@contextmanager
def stage_reporter() -> Iterator[Callable[[str, str | None, float], None]]:
    """Each stage after the ingest on its own line with its time: a spinner while it runs on a
    terminal, one line when it ends elsewhere."""
    status: list[Status] = []

    def report(name: str, outcome: str | None, seconds: float) -> None:
        if outcome is None:
            if err_console.is_terminal:
                status.append(err_console.status(f"[bold]{name}[/] …"))
                status[-1].start()
            return
        while status:
            status.pop().stop()
        colour = "green" if outcome in ("done", "conforms") else "red"
        err_console.print(f"[bold]{name:<11}[/] [{colour}]{outcome}[/] ({seconds:.1f} s)", markup=True,
                          highlight=False)

    try:
        yield report
    finally:
        while status:
            status.pop().stop()


def register(app: typer.Typer) -> None:
    app.command("build")(build_cli)
