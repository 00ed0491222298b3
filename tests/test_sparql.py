"""Stewards' own SPARQL: the read-only check (cases in ``tests/data/queries/cases/read_only.yaml``),
results in the SPARQL 1.1 JSON and CSV formats, the timeout, the command, and a real endpoint."""

from __future__ import annotations

import csv
import doctest
import io
import json
from pathlib import Path

import pytest
import yaml
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from typer.testing import CliRunner

import ruhrgraph.sparql.resolve
import ruhrgraph.sparql.run
import ruhrgraph.sparql.saved
from ruhrgraph.cli import app
from ruhrgraph.errors import QueryError
from ruhrgraph.sparql.guard import inspect, strip_comments, tokenize
from ruhrgraph.sparql.results import format_result, to_csv, to_json
from ruhrgraph.sparql.run import check_read_only, run_sparql
from ruhrgraph.store.local import Store

ROOT = Path(__file__).resolve().parents[1]
CHECKS = yaml.safe_load((ROOT / "tests" / "data" / "queries" / "cases" / "read_only.yaml").read_text(
    encoding="utf-8"))
G = URIRef("https://w3id.org/ruhrgraph/graph/article/test")
EX = "https://w3id.org/ruhrgraph/id/"


@pytest.mark.parametrize("case", CHECKS, ids=[repr(c["query"][:60]) for c in CHECKS])
def test_read_only_check(case: dict) -> None:
    allow = bool(case.get("allow_remote"))
    if "error" in case:
        with pytest.raises(QueryError, match=case["error"]):
            check_read_only(case["query"], allow_remote=allow)
    else:
        assert check_read_only(case["query"], allow_remote=allow).form == case["form"]


@pytest.mark.parametrize(("text", "expected"), [
    ('SELECT ?s { ?s rdfs:label "a # b" } # c',
     ["SELECT", "?s", "{", "?s", "rdfs:label", '"a # b"', "}", "# c"]),
    ("?s ex:p ex:o.", ["?s", "ex:p", "ex:o", "."]),
    ('"x"@de-DE ^^', ['"x"', "@de-DE", "^", "^"]),
    ("<http://a/b#c> $v", ["<http://a/b#c>", "$v"]),
    ("FILTER(?a<?b)", ["FILTER", "(", "?a", "<", "?b", ")"]),
])
def test_tokenize(text: str, expected: list[str]) -> None:
    assert [t.text for t in tokenize(text) if t.kind != "ws"] == expected


def test_token_offsets_and_depth() -> None:
    text = "SELECT * { ?s ?p [ ?q ?o ] }"
    tokens = [t for t in tokenize(text) if t.kind != "ws"]
    assert all(text[t.start:t.start + len(t.text)] == t.text for t in tokens)
    assert {t.text: t.depth for t in tokens}["?q"] == 2


def test_inspect_query_reads_prologue_and_dataset() -> None:
    info = inspect("BASE <http://b/> PREFIX e: <http://e/> SELECT ?_x FROM <g1> FROM NAMED e:g2 "
                         "WHERE { ?_x e:p ?__y }")
    assert info.form == "SELECT" and info.prefixes == {"e": "http://e/"} and info.base == "http://b/"
    assert info.from_graphs == ("http://b/g1",) and info.from_named == ("http://e/g2",)
    assert info.variables == ("_x", "__y")


def test_strip_comments_keeps_strings_and_iris() -> None:
    text = '#+ summary: Add a seat\nSELECT * { ?s <http://x/#frag> "# not a comment" } # trailing\n'
    assert strip_comments(text) == '\nSELECT * { ?s <http://x/#frag> "# not a comment" } \n'


# -- results ---------------------------------------------------------------------------------------
@pytest.fixture
def store():
    with Store.open(None) as opened:
        opened.replace_graph(G, [
            (URIRef(EX + "city/dortmund"), RDFS.label, Literal("Dortmund", lang="de")),
            (URIRef(EX + "city/dortmund"), URIRef("https://schema.org/population"), Literal(588250)),
            (URIRef(EX + "city/dortmund"), RDFS.comment, Literal('Stadt, "Herz" des\nRuhrgebiets')),
            (BNode("b1"), RDFS.label, Literal("anonym")),
        ])
        yield opened


def test_select_in_sparql_json(store: Store) -> None:
    result = run_sparql("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?label ?n ?missing "
                        "WHERE { ?s rdfs:label ?label OPTIONAL { ?s <https://schema.org/population> ?n } }",
                        store=store)
    data = to_json(result)
    assert data["head"] == {"vars": ["s", "label", "n", "missing"]}
    rows = data["results"]["bindings"]
    anonymous = next(r for r in rows if r["s"]["type"] == "bnode")
    dortmund = next(r for r in rows if r["s"]["type"] == "uri")
    assert anonymous["s"]["type"] == "bnode" and anonymous["label"] == {"type": "literal", "value": "anonym"}
    assert dortmund == {"s": {"type": "uri", "value": EX + "city/dortmund"},
                        "label": {"type": "literal", "value": "Dortmund", "xml:lang": "de"},
                        "n": {"type": "literal", "value": "588250", "datatype": str(XSD.integer)}}
    assert json.loads(format_result(result, "json")) == data


def test_csv_follows_sparql_csv(store: Store) -> None:
    result = run_sparql("SELECT ?s ?c ?none WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#comment> ?c }",
                        store=store)
    text = to_csv(result)
    assert text.startswith("s,c,none\r\n")
    assert list(csv.reader(io.StringIO(text))) == [
        ["s", "c", "none"], [EX + "city/dortmund", 'Stadt, "Herz" des\nRuhrgebiets', ""]]


def test_ask_and_construct(store: Store) -> None:
    ask = run_sparql("ASK { ?s ?p ?o }", store=store)
    assert ask.boolean is True and to_json(ask) == {"head": {}, "boolean": True}
    assert format_result(ask, "csv").splitlines() == ["boolean", "true"]
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    graph = run_sparql(f"CONSTRUCT {{ ?s {label} ?l }} WHERE {{ ?s {label} ?l FILTER(isIRI(?s)) }}",
                       store=store)
    assert format_result(graph, "nt") == (f'<{EX}city/dortmund> <http://www.w3.org/2000/01/rdf-schema#label> '
                                          '"Dortmund"@de .\n')
    with pytest.raises(QueryError, match="has no triples"):
        format_result(ask, "ttl")


def test_markdown_and_text_table(store: Store) -> None:
    result = run_sparql("SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
                        "FILTER(isIRI(?s)) }", store=store)
    assert format_result(result, "md") == "| s | l |\n|---|---|\n| id:city/dortmund | Dortmund |\n"
    assert format_result(result, "table").splitlines()[-1] == "(1 row)"


def test_from_the_stores_own_graph_is_allowed(store: Store) -> None:
    result = run_sparql(f"SELECT (COUNT(*) AS ?n) FROM <{G}> WHERE {{ ?s ?p ?o }}", store=store)
    assert int(result.rows[0]["n"]) == 4  # type: ignore[call-overload]
    with pytest.raises(QueryError, match="not in the dataset"):
        run_sparql("SELECT * FROM <https://w3id.org/ruhrgraph/graph/article/other> WHERE { ?s ?p ?o }",
                   store=store)


def test_syntax_error_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError, match="syntax error"):
        run_sparql("SELECT * WHERE { ?s ?p }", store=store)


def test_timeout_abandons_a_long_query() -> None:
    with Store.open(None) as opened:
        opened.replace_graph(G, [(URIRef(f"{EX}x/{i}"), RDFS.label, Literal(str(i))) for i in range(1500)])
        with pytest.raises(QueryError, match=r"did not finish within 0\.05 s"):
            run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d }", store=opened, timeout=0.05)
        done = run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?b }",
                          store=opened, timeout=10)
        assert int(done.rows[0]["n"]) == 1500  # type: ignore[call-overload]


def test_an_update_never_reaches_the_store(store: Store) -> None:
    before = store.dump_nquads()
    for text in ("DROP ALL", "DELETE WHERE { ?s ?p ?o }", "CLEAR DEFAULT"):
        with pytest.raises(QueryError, match="update operation"):
            run_sparql(text, store=store, allow_remote=True)
    assert store.dump_nquads() == before


# -- the command -------------------------------------------------------------------------------------
@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    with Store.open(tmp_path / "store") as opened:
        opened.replace_graph(G, [(URIRef(EX + "city/essen"), RDFS.label, Literal("Essen", lang="de"))])
    return tmp_path / "store"


def test_sparql_command(store_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    query = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    inline = runner.invoke(app, ["sparql", query, "--store", str(store_dir), "--format", "csv"])
    assert inline.exit_code == 0 and inline.stdout.splitlines() == ["l", "Essen"]
    (tmp_path / "q.rq").write_text(query, encoding="utf-8")
    from_file = runner.invoke(app, ["sparql", "--file", str(tmp_path / "q.rq"), "--store", str(store_dir),
                                    "--format", "json"])
    assert json.loads(from_file.stdout)["results"]["bindings"][0]["l"]["value"] == "Essen"
    piped = runner.invoke(app, ["sparql", "-", "--store", str(store_dir), "-f", "md"], input=query)
    assert piped.stdout == "| l |\n|---|\n| Essen |\n"


def test_sparql_command_reads_each_triple_once_or_the_union(store_dir: Path) -> None:
    with Store.open(store_dir) as opened:  # a second graph states the same label
        opened.replace_graph(G + "-2", [(URIRef(EX + "city/essen"), RDFS.label, Literal("Essen", lang="de"))])
    query = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    plain = CliRunner().invoke(app, ["sparql", query, "--store", str(store_dir), "--format", "csv"])
    assert plain.exit_code == 0 and plain.stdout.splitlines() == ["l", "Essen"]
    union = CliRunner().invoke(app, ["sparql", query, "--union", "--store", str(store_dir), "-f", "csv"])
    assert union.exit_code == 0 and union.stdout.splitlines() == ["l", "Essen", "Essen"]
    graphs = CliRunner().invoke(app, ["sparql", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                                      "--store", str(store_dir), "-f", "csv"])
    assert graphs.stdout.splitlines() == ["g", str(G), f"{G}-2"]


@pytest.mark.parametrize(("args", "code", "message"), [
    (["DROP ALL"], 2, "DROP is an update operation"),
    (["SELECT * WHERE { SERVICE <http://example.org/q> { ?s ?p ?o } }"], 2, "--allow-remote"),
    ([], 2, "give the query text or --file"),
    (["SELECT * {}", "--format", "xml"], 2, "use one of table, json"),
    (["--file", "/nonexistent/q.rq"], 2, "/nonexistent/q.rq"),
])
def test_sparql_command_errors(store_dir: Path, args: list[str], code: int, message: str) -> None:
    before = _dump(store_dir)
    result = CliRunner().invoke(app, ["sparql", *args, "--store", str(store_dir)])
    assert result.exit_code == code
    assert message in result.output
    assert _dump(store_dir) == before


def _dump(folder: Path) -> bytes:
    with Store.open(folder, read_only=True) as opened:
        return opened.dump_nquads()


# -- a real endpoint ---------------------------------------------------------------------------------
@pytest.mark.server
def test_endpoint_runs_reads_and_never_receives_updates(oxigraph_server) -> None:
    from ruhrgraph.store import remote

    graph = "https://w3id.org/ruhrgraph/graph/article/sparql-test"
    data = f'<{EX}city/bochum> <{RDFS.label}> "Bochum"@de .\n'.encode()
    remote.put_graph(oxigraph_server.gsp_url, graph, data)
    try:
        url = oxigraph_server.query_url
        result = run_sparql(f"# Add a comment that names an update\nSELECT ?l WHERE "
                            f"{{ GRAPH <{graph}> {{ ?s <{RDFS.label}> ?l }} }}", endpoint=url)
        assert [r["l"] for r in result.rows] == [Literal("Bochum", lang="de")]
        assert run_sparql("ASK { ?s ?p ?o }", endpoint=url).boolean is True
        with pytest.raises(QueryError, match="update operation"):
            run_sparql(f"DROP GRAPH <{graph}>", endpoint=url, allow_remote=True)
        with pytest.raises(QueryError, match="embedded store only"):
            run_sparql("CONSTRUCT WHERE { ?s ?p ?o }", endpoint=url)
        assert remote.graph_counts(url, [graph]) == {graph: 1}
    finally:
        remote.delete_graph(oxigraph_server.gsp_url, graph)


# -- docstring examples -------------------------------------------------------------------------------
@pytest.mark.parametrize("module", [ruhrgraph.sparql.run, ruhrgraph.sparql.resolve, ruhrgraph.sparql.saved],
                         ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried and not failures
