"""Remote SPARQL endpoints: binding parameters, queries, the Graph Store Protocol, errors.

The servers are real (``oxigraph serve`` and Virtuoso 7 on loopback, see ``conftest.py``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDFS

from ruhrgraph.errors import EndpointError, ParameterError
from ruhrgraph.store import remote
from ruhrgraph.store.local import Store

TERMS = Path(__file__).parent / "data" / "remote" / "terms.trig"
TEST_GRAPHS = "https://w3id.org/ruhrgraph/graph/test/"
RG = "https://w3id.org/ruhrgraph/ontology#"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

BIND_CASES = [
    pytest.param("SELECT ?s WHERE { ?s ?p ?o }", {"o": Literal("x")},
                 'SELECT ?s WHERE { VALUES (?o) { ("x") } ?s ?p ?o }', id="plain"),
    pytest.param("PREFIX ex: <http://ex.org/x#>\nSELECT * {\n?s ex:p ?o }", {"s": URIRef("http://a/b")},
                 "PREFIX ex: <http://ex.org/x#>\nSELECT * { VALUES (?s) { (<http://a/b>) } ?s ex:p ?o }",
                 id="hash-inside-iri-and-no-where"),
    pytest.param('# a comment with { brace\nSELECT ?s WHERE { ?s ?p "{" }', {"p": URIRef("http://p")},
                 '# a comment with { brace\nSELECT ?s WHERE { VALUES (?p) { (<http://p>) } ?s ?p "{" }',
                 id="brace-in-comment"),
    pytest.param("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s",
                 {"b": Literal(3), "a": Literal("Jäger", lang="de")},
                 'SELECT (COUNT(*) AS ?n) WHERE { VALUES (?a ?b) { ("Jäger"@de '
                 '"3"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?s ?p ?o } GROUP BY ?s',
                 id="sorted-typed"),
    pytest.param('SELECT ?s WHERE { ?s ?p ?o }', {"o": Literal('} ?x ?y ?z . { "')},
                 'SELECT ?s WHERE { VALUES (?o) { ("} ?x ?y ?z . { \\"") } ?s ?p ?o }',
                 id="injection-attempt-stays-a-literal"),
    pytest.param("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef("http://s")},
                 "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://s>) } ?s ?p ?o }",
                 id="construct-skips-template"),
]


@pytest.mark.parametrize(("sparql", "bindings", "expected"), BIND_CASES)
def test_bind_values(sparql: str, bindings: dict, expected: str) -> None:
    assert remote.bind_values(sparql, bindings) == expected


TERM_CASES = [
    pytest.param("SELECT ?v WHERE { ?v <http://p> ?c }", {"c": URIRef("http://c")},
                 "SELECT ?v WHERE { ?v <http://p> <http://c> }", id="inlined"),
    pytest.param("SELECT ?v WHERE { ?v ?p ?city . ?v ?q $c }", {"c": Literal("Jäger", lang="de")},
                 'SELECT ?v WHERE { ?v ?p ?city . ?v ?q "Jäger"@de }', id="dollar-and-longer-names"),
    pytest.param('SELECT ?v WHERE { ?v ?p "?c" . ?v <http://x/?c> ?o # ?c\n FILTER(?o = ?c) }',
                 {"c": Literal(3)},
                 'SELECT ?v WHERE { ?v ?p "?c" . ?v <http://x/?c> ?o # ?c\n FILTER(?o = '
                 '"3"^^<http://www.w3.org/2001/XMLSchema#integer>) }',
                 id="strings-iris-comments-untouched"),
    pytest.param("SELECT ?c ?v WHERE { ?v <http://p> ?c }", {"c": URIRef("http://c")},
                 "SELECT ?c ?v WHERE { VALUES (?c) { (<http://c>) } ?v <http://p> ?c }", id="projected"),
    pytest.param("SELECT (COUNT(*) AS ?n) WHERE { ?v <http://p> ?n }", {"n": Literal(1)},
                 'SELECT (COUNT(*) AS ?n) WHERE { VALUES (?n) { ("1"^^<http://www.w3.org/2001/'
                 'XMLSchema#integer>) } ?v <http://p> ?n }', id="assigned"),
    pytest.param("SELECT ?v WHERE { ?v <http://p> ?o FILTER(!BOUND(?c) || ?o = ?c) }", {"c": Literal("x")},
                 'SELECT ?v WHERE { VALUES (?c) { ("x") } ?v <http://p> ?o FILTER(!BOUND(?c) || ?o = ?c) }',
                 id="tested-with-bound"),
    pytest.param('SELECT ?v WHERE { ?v <http://p> ?c }', {"c": Literal('"} ?x {')},
                 'SELECT ?v WHERE { ?v <http://p> "\\"} ?x {" }', id="injection-stays-a-literal"),
]


@pytest.mark.parametrize(("sparql", "bindings", "expected"), TERM_CASES)
def test_bind_terms(sparql: str, bindings: dict, expected: str) -> None:
    assert remote.bind_terms(sparql, bindings) == expected


@pytest.mark.parametrize("name", ["1x", "a-b", "", "a b"])
def test_bind_values_rejects_bad_names(name: str) -> None:
    with pytest.raises(ParameterError, match="variable name"):
        remote.bind_values("SELECT * WHERE { ?s ?p ?o }", {name: Literal("x")})


def _terms_store(tmp_path: Path) -> Store:
    dataset = Dataset()
    dataset.parse(TERMS, format="trig")
    store = Store(tmp_path / "terms")
    for graph in dataset.graphs():
        if str(graph.identifier).startswith(TEST_GRAPHS):
            store.replace_graph(graph.identifier, graph)
    return store


@pytest.fixture
def loaded(sparql_server, tmp_path: Path):
    """The awkward-terms graphs uploaded to the server; removed afterwards."""
    store = _terms_store(tmp_path)
    graphs = store.graphs()
    for graph in graphs:
        data = store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        remote.put_graph(sparql_server.gsp_url, graph, data)
    yield sparql_server, store
    for graph in graphs:
        remote.delete_graph(sparql_server.gsp_url, graph)
    store.close()


@pytest.mark.server
def test_terms_round_trip_exactly(loaded) -> None:
    server, store = loaded
    query = f"""SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
                FILTER(STRSTARTS(STR(?g), "{TEST_GRAPHS}")) }}"""
    local = {tuple(sorted(row.items())) for row in store.select(query)}
    rows = remote.select(server.query_url, query)
    assert rows.complete and rows.variables == ["g", "s", "p", "o"]
    assert {tuple(sorted(row.items())) for row in rows} == local


@pytest.mark.server
def test_select_binds_terms(loaded) -> None:
    server, store = loaded
    # only the graphs this fixture uploaded: the session's server also holds other tests' graphs
    graphs = " ".join(f"<{g}>" for g in store.graphs())
    rows = remote.select(server.query_url, f"SELECT DISTINCT ?org WHERE {{ VALUES ?g {{ {graphs} }} "
                                           f"GRAPH ?g {{ ?org <{RG}basedIn> ?city }} }}",
                         {"city": URIRef("https://w3id.org/ruhrgraph/id/city/dortmund")})
    assert [str(r["org"]) for r in rows] == [
        "https://w3id.org/ruhrgraph/id/organisation/wirtschaftsfoerderung-dortmund"]
    label = Literal("Wirtschaftsförderung Dortmund", lang="de")
    assert remote.ask(server.query_url, f"ASK {{ ?x <{RDFS.label}> ?l }}", {"l": label})
    assert not remote.ask(server.query_url, f"ASK {{ ?x <{RDFS.label}> ?l }}",
                          {"l": Literal("Wirtschaftsförderung Dortmund", lang="en")})


@pytest.mark.server
def test_typed_literals_keep_their_datatype(loaded) -> None:
    server, _ = loaded
    rows = remote.select(server.query_url, "SELECT ?d WHERE { ?e <http://schema.org/datePublished> ?d }")
    assert [r["d"] for r in rows] == [Literal("2023-11-14", datatype=XSD_DATE)]


@pytest.mark.server
def test_put_replaces_and_delete_removes(sparql_server) -> None:
    graph = TEST_GRAPHS + "replace"
    gsp, query = sparql_server.gsp_url, sparql_server.query_url
    remote.put_graph(gsp, graph, b"<http://a> <http://b> <http://c> .\n<http://a> <http://b> <http://d> .\n")
    remote.put_graph(gsp, graph, b'<http://a> <http://b> "only"@de .\n')
    assert remote.graph_counts(query, [graph]) == {graph: 1}
    assert remote.delete_graph(gsp, graph)
    assert remote.graph_counts(query, [graph]) == {}


@pytest.mark.server
def test_virtuoso_row_cap_is_reported_not_used(virtuoso_server) -> None:
    from conftest import VIRTUOSO_ROW_CAP

    sparql = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # Virtuoso's own system graphs exceed the cap
    with pytest.raises(EndpointError, match=f"capped the result at {VIRTUOSO_ROW_CAP} rows"):
        remote.select(virtuoso_server.query_url, sparql)
    rows = remote.select(virtuoso_server.query_url, sparql, allow_partial=True)
    assert len(rows) == VIRTUOSO_ROW_CAP and not rows.complete
    assert "ResultSetMaxRows" in rows.notice
    # below the cap the same query is complete
    assert remote.select(virtuoso_server.query_url, sparql + " LIMIT 10").complete


def test_unreachable_endpoint_names_the_url() -> None:
    from conftest import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointError, match=url.replace(".", r"\.") + ".*unreachable"):
        remote.select(url, "SELECT * WHERE { ?s ?p ?o }", timeout=2)
    with pytest.raises(EndpointError, match=r"PUT failed.*tried 2 times"):
        remote.put_graph(url + "-graph-crud", TEST_GRAPHS + "x", b"", retries=1, timeout=2)


@pytest.mark.server
def test_bad_query_and_wrong_url_are_endpoint_errors(oxigraph_server) -> None:
    with pytest.raises(EndpointError, match="rejected the query"):
        remote.select(oxigraph_server.query_url, "SELECT WHERE {")
    with pytest.raises(EndpointError, match=oxigraph_server.base_url):
        remote.select(oxigraph_server.base_url + "/nothing-here", "SELECT * WHERE { ?s ?p ?o }")


def test_default_gsp_url_needs_a_known_shape() -> None:
    with pytest.raises(EndpointError, match="--gsp"):
        remote.default_gsp_url("http://example.org/endpoint")


# -- issue 17: a deadline for the whole request, a size cap, strict parsing ----------------------------
class _Evil:
    """A loopback HTTP server that answers every request with ``handler(write)``."""

    def __init__(self, answer) -> None:  # type: ignore[no-untyped-def]
        import http.server
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                try:
                    answer(self)
                except OSError:
                    pass

            do_PUT = do_POST
            do_GET = do_POST

            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def __enter__(self) -> _Evil:
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _json(body: bytes):  # type: ignore[no-untyped-def]
    def answer(handler) -> None:  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return answer


def _drip(handler) -> None:  # type: ignore[no-untyped-def]
    import time as _time

    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.end_headers()
    for ch in b'{"head": {}, "boolean": true}' * 100:
        handler.wfile.write(bytes([ch]))
        handler.wfile.flush()
        _time.sleep(0.5)


def test_a_dripping_server_is_cut_off_at_the_deadline() -> None:
    import time as _time

    with _Evil(_drip) as evil:
        started = _time.monotonic()
        with pytest.raises(EndpointError, match=r"no complete answer within 2 s"):
            remote.ask(evil.url, "ASK {}", timeout=2)
        assert _time.monotonic() - started < 5
        started = _time.monotonic()
        with pytest.raises(EndpointError, match=r"PUT failed \(no complete answer within 2 s\)"):
            remote.put_graph(evil.url, TEST_GRAPHS + "x", b"", timeout=2, retries=0)
        assert _time.monotonic() - started < 5


def test_an_oversized_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def huge(handler) -> None:  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()  # no Content-Length: streamed until the client stops reading
        handler.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
        for _ in range(400):
            handler.wfile.write(b'{"x": {"type": "literal", "value": "' + b"a" * 8000 + b'"}},')

    monkeypatch.setattr(remote, "MAX_RESPONSE_BYTES", 1 << 20)
    with _Evil(huge) as evil, pytest.raises(EndpointError, match="larger than the 1 MiB"):
        remote.select(evil.url, "SELECT * WHERE { ?s ?p ?o }", timeout=10)
    declared = _json(b" " * (2 << 20))
    with _Evil(declared) as evil, pytest.raises(EndpointError, match="is 2 MiB, more than the 1 MiB"):
        remote.select(evil.url, "SELECT * WHERE { ?s ?p ?o }", timeout=10)


MALFORMED = [
    ("ask", b'{"head": {}, "boolean": "false"}', "malformed ASK answer"),
    ("ask", b'{"boolean": 0}', "malformed ASK answer"),
    ("ask", b"[]", "not an object"),
    ("select", b"null", "not an object"),
    ("select", b'{"head": {"vars": "x"}, "results": {"bindings": []}}', "head.vars"),
    ("select", b'{"head": {"vars": ["x"]}, "results": []}', "results.bindings"),
    ("select", b'{"head": {"vars": ["x"]}, "results": {"bindings": null}}', "results.bindings"),
    ("select", b'{"head": {"vars": ["x"]}, "results": {"bindings": ["x"]}}', "results.bindings"),
    ("select", b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": "text"}]}}', "value of \\?x"),
    ("select", b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri"}}]}}', "value of \\?x"),
    ("select", b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": 1}}]}}',
     "value of \\?x"),
    ("select", b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "a", '
               b'"xml:lang": 5}}]}}', "language or datatype"),
    ("select", b'\xff\xfe', "not SPARQL JSON"),
]


@pytest.mark.parametrize(("form", "body", "message"), MALFORMED,
                         ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(MALFORMED)])
def test_malformed_answers_are_endpoint_errors(form: str, body: bytes, message: str) -> None:
    with _Evil(_json(body)) as evil, pytest.raises(EndpointError, match=message):
        if form == "ask":
            remote.ask(evil.url, "ASK {}", timeout=5)
        else:
            remote.select(evil.url, "SELECT * WHERE { ?s ?p ?o }", timeout=5)
