"""``ruhrgraph evaluate`` — score extraction against gold annotations, or against review decisions."""

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
        gold: Path | None = typer.Option(None, "--gold",
                                         help="Gold annotations (YAML, the format of tests/data/seed_gold.yaml)."),
        articles: Path | None = typer.Option(None, "--articles",
                                             help="Folder with the article files the gold file names."),
        as_json: bool = typer.Option(False, "--json", help="Print the full per-article report as JSON."),
        details: bool = typer.Option(True, "--details/--summary", help="List misses and false positives."),
        reviewed: bool = typer.Option(False, "--reviewed", help="Precision per rule, relation and month "
                                      "from the stewards' review decisions (ruhrgraph review) instead."),
        curation: Path = typer.Option(Path("data/curation"), "--curation",
                                      help="Curation folder with the review decisions (for --reviewed)."),
    ) -> None:
        """Precision/recall/F1 per entity type and recall per relation, with the misses listed."""
        if reviewed:
            from ruhrgraph.evaluate.reviewed import report

            typer.echo(report(curation), nl=False)
            return
        if gold is None or articles is None:
            raise typer.BadParameter("evaluate needs --gold and --articles (or --reviewed)")
        from ruhrgraph.evaluate.score import evaluate, render

        ev = evaluate(gold, articles)
        if as_json:
            typer.echo(json.dumps({n: asdict(a) for n, a in ev.articles.items()}, ensure_ascii=False, indent=2))
        else:
            typer.echo(render(ev, details=details), nl=False)
        if ev.failed:
            raise typer.Exit(1)
