"""``ruhrgraph validate``: check RDF files against the project's SHACL shapes."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ruhrgraph.cli._common import console, err_console, handle_errors


class ReportFormat(StrEnum):
    text = "text"
    ttl = "ttl"


@handle_errors
def validate_cli(
    files: Annotated[list[Path], typer.Argument(
        help="RDF files: .ttl, .trig, .nt, .nq, .jsonld/.json or .rdf/.owl (format from the extension).",
        show_default=False)],
    report_format: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="text: a readable report; ttl: the raw sh:ValidationReport as Turtle.",
        case_sensitive=False)] = ReportFormat.text,
) -> None:
    """Validate RDF files against the ruhrgraph SHACL shapes and print a report.

    First the counts per severity and shape, then the findings by focus node: label, path, message (de/en).

    Only violations fail a file; warnings and infos are advice for data stewards.

    Exit codes: 0 every file conforms, 1 a file has violations, 2 a file cannot be read or parsed.
    """
    from ruhrgraph.errors import InputError
    from ruhrgraph.ingest.report import render_report
    from ruhrgraph.ingest.validate import validate_file

    exit_code = 0
    for number, path in enumerate(files):
        try:
            result = validate_file(path)
        except InputError as exc:
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
            exit_code = 2
            continue
        if not result.conforms:
            exit_code = max(exit_code, 1)
        if report_format is ReportFormat.ttl:
            if len(files) > 1:
                typer.echo(f"# {path}")
            typer.echo(result.report_graph.serialize(format="turtle"))
            continue
        if number:
            typer.echo("")
        if console.is_terminal:
            console.print(f"[bold]{escape(str(path))}[/]")
            console.print(render_report(result, markup=True), end="", soft_wrap=True)
        else:
            typer.echo(str(path))
            typer.echo(render_report(result), nl=False)
    raise typer.Exit(exit_code)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_cli)
