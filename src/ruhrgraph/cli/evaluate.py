"""``ruhrgraph evaluate`` — score extraction against gold annotations."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from ruhrgraph.cli._common import handle_errors


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    @handle_errors
    def evaluate_cmd(
        gold: Path = typer.Option(..., "--gold",
                                  help="Gold annotations (YAML, the format of tests/data/seed_gold.yaml)."),
        articles: Path = typer.Option(..., "--articles", help="Folder with the article files the gold file names."),
        as_json: bool = typer.Option(False, "--json", help="Print the full per-article report as JSON."),
        details: bool = typer.Option(True, "--details/--summary", help="List misses and false positives."),
    ) -> None:
        """Precision/recall/F1 per entity type and recall per relation, with the misses listed."""
        from ruhrgraph.evaluate.score import evaluate, render

        ev = evaluate(gold, articles)
        if as_json:
            typer.echo(json.dumps({n: asdict(a) for n, a in ev.articles.items()}, ensure_ascii=False, indent=2))
        else:
            typer.echo(render(ev, details=details), nl=False)
        if ev.failed:
            raise typer.Exit(1)
