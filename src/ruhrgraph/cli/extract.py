"""``ruhrgraph extract FILE`` — extraction preview for one article; touches no store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from ruhrgraph.cli._common import console, err_console, handle_errors
from ruhrgraph.model import Extraction


def register(app: typer.Typer) -> None:
    @app.command("extract")
    @handle_errors
    def extract_cmd(
        file: Path = typer.Argument(..., help="Article file (.txt, .md, .html, .jsonl)."),
        fmt: str = typer.Option("ttl", "--format", "-f", help="Output: nt | ttl | trig | jsonld."),
        explain: bool = typer.Option(False, "--explain", help="Print a readable table of entities and "
                                                              "statements with their evidence instead of RDF."),
        reference: bool = typer.Option(False, "--reference/--no-reference",
                                       help="Also print the gazetteer reference data (types, labels, seats, "
                                            "Wikidata links) of the mentioned entities, as ingest stores it."),
    ) -> None:
        """Preview what extraction makes of one article (no store is touched)."""
        from ruhrgraph.extract.pipeline import extract_file, to_dataset, union_graph

        if fmt not in {"nt", "ttl", "trig", "jsonld"}:
            err_console.print(f"error: unknown format {fmt!r}; use nt, ttl, trig or jsonld", markup=False)
            raise typer.Exit(2)
        extractions = extract_file(file)
        for ex in extractions:
            for w in ex.warnings:
                err_console.print(f"warning: {w}", markup=False, highlight=False, soft_wrap=True)
        if explain:
            _explain(extractions)
            return
        ds = to_dataset(extractions, reference=reference)
        if fmt == "trig":
            out = ds.serialize(format="trig")
        elif fmt == "nt":
            lines = sorted(set(union_graph(ds).serialize(format="nt").splitlines()))
            out = "\n".join(line for line in lines if line.strip()) + "\n"
        elif fmt == "jsonld":
            out = union_graph(ds).serialize(format="json-ld", auto_compact=True)
        else:
            g = union_graph(ds)
            for prefix, ns in ds.namespaces():
                g.bind(prefix, ns)
            out = g.serialize(format="turtle")
        typer.echo(out, nl=False)


def _explain(extractions: list[Extraction]) -> None:
    for ex in extractions:
        console.print(f"[bold]{escape(ex.article.title)}[/]  ({escape(ex.article.source)})")
        table = Table("entity", "type", "mentions", "rule", title="Entities")
        for e in ex.entities:
            table.add_row(escape(e.label), escape(e.rdf_class), escape(", ".join(sorted({m.text for m in e.mentions}))),
                          escape(e.merge_rule))
        console.print(table)
        labels = {e.iri: e.label for e in ex.entities}
        st_table = Table("statement", "roles", "conf", "evidence", title="Statements")
        for st in ex.statements:
            roles = "; ".join(f"{r}={labels.get(v, str(v).rsplit('/', 1)[-1])}" for r, v in st.roles)
            quote = " | ".join(ev.quote for ev in st.evidence)
            st_table.add_row(escape(f"{st.kind} ({st.rule})"), escape(roles), f"{st.confidence:.2f}", escape(quote))
        console.print(st_table)
