"""The read-only server: content negotiation, SPARQL protocol and result formats, refusals that
leave the server answering, dumps and VoID, saved queries as a web API — in process with
Starlette's TestClient, and as a real uvicorn process on a loopback port."""

from __future__ import annotations

import csv
import io
import json
import socket
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from starlette.testclient import TestClient

from _linked_data import BASE, DATA, WFD, children_of, live_server, load_store
from ruhrgraph.publish.dump import dump
from ruhrgraph.publish.serve.app import ServeSettings, create_app
from ruhrgraph.publish.serve.negotiate import negotiate
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.store.local import Store

CONNEG = yaml.safe_load((DATA / "conneg.yaml").read_text(encoding="utf-8"))
REFUSED = yaml.safe_load((DATA / "refused.yaml").read_text(encoding="utf-8"))
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
WFD_PATH = "/id/organisation/wirtschaftsfoerderung-dortmund"
RG = "https://w3id.org/ruhrgraph/ontology#"
TIMEOUT = 2.0
LIMIT = 40


@pytest.fixture(scope="module")
def store_dir(seed_store: Path) -> Path:
    """The seed article as the real pipeline ingests it (no fallback: see tests/_linked_data.py)."""
    return seed_store


@pytest.fixture(scope="module")
def dumps_dir(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("served-dumps")
    with Store.open(store_dir, read_only=True) as store:
        dump(store, out, settings=PublishSettings(base=BASE))
    return out


def _settings(store: Path, dumps: Path, **changes: Any) -> ServeSettings:
    values: dict[str, Any] = {"store": store, "dumps": dumps, "publish": PublishSettings(base=BASE),
                              "timeout": TIMEOUT, "result_limit": LIMIT, "workers": 2}
    values.update(changes)
    return ServeSettings(**values)


@pytest.fixture(scope="module")
def client(store_dir: Path, dumps_dir: Path) -> Iterator[TestClient]:
    app = create_app(_settings(store_dir, dumps_dir))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _ask_works(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                          headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert response.json() == {"head": {}, "boolean": True}


def _no_trace(response: Any) -> None:
    assert "Traceback" not in response.text and 'File "' not in response.text


# -- dereferencing --------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CONNEG, ids=[str(c["accept"]) for c in CONNEG])
def test_content_negotiation_on_entity_iris(case: dict[str, Any], client: TestClient) -> None:
    headers = {"accept": case["accept"] or ""}  # an empty header counts as none
    response = client.get(WFD_PATH, headers=headers, follow_redirects=False)
    if "status" in case:
        assert response.status_code == case["status"]
        _no_trace(response)
        return
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/organisation/wirtschaftsfoerderung-dortmund.{case['doc']}"
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                             ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_rdf_about_the_entity_parses(accept: str, fmt: str, client: TestClient,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    response = client.get(WFD_PATH, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    calls: list[object] = []

    def refuse(*args: object) -> None:
        calls.append(args)
        raise OSError("no network while parsing")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    monkeypatch.undo()
    assert calls == []
    wfd = rdflib.URIRef(WFD)
    assert (wfd, rdflib.RDFS.label, rdflib.Literal("Wirtschaftsförderung Dortmund", lang="de")) in graph
    assert (wfd, rdflib.RDF.type, rdflib.URIRef(f"{RG}EconomicDevelopmentAgency")) in graph
    affiliated = set(graph.subjects(rdflib.URIRef("https://schema.org/affiliation"), wfd))
    assert rdflib.URIRef(f"{BASE}id/person/julia-jaeger") in affiliated
    hosted = set(graph.subjects(rdflib.URIRef(f"{RG}hostedBy"), wfd))
    assert any((v, rdflib.RDFS.label, None) in graph for v in hosted)


def test_html_page_shows_people_visit_and_evidence(client: TestClient) -> None:
    response = client.get(WFD_PATH, headers={"accept": "text/html"})
    assert response.status_code == 200
    page = response.text
    assert "<h1>Wirtschaftsförderung Dortmund</h1>" in page
    assert 'href="/id/person/julia-jaeger"' in page and "Julia Jäger" in page
    assert "Korea" in page and 'href="/id/visit/' in page
    assert "Beim Empfang bei der BMR gab Julia Jäger" in page  # a supporting sentence
    assert 'href="/id/article/000-cbab0d245a9d8950"' in page  # … linked to its article
    assert 'rel="alternate" type="text/turtle"' in page


def test_document_without_extension_is_negotiated_directly(client: TestClient) -> None:
    response = client.get("/doc/organisation/wirtschaftsfoerderung-dortmund",
                          headers={"accept": "text/turtle"}, follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.headers["vary"] == "Accept"


def test_no_redirect_mode_serves_from_the_iri(store_dir: Path, dumps_dir: Path) -> None:
    app = create_app(_settings(store_dir, dumps_dir, redirect=False, workers=1))
    with TestClient(app) as direct:
        response = direct.get(WFD_PATH, headers={"accept": "application/ld+json"}, follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-location"] == "/doc/organisation/wirtschaftsfoerderung-dortmund.jsonld"
    assert json.loads(response.text)["@context"]["rg"] == RG


@pytest.mark.parametrize("path", ["/id/organisation/no-such-organisation", "/id/../../etc/passwd",
                                  "/id/%2e%2e/%2e%2e/etc/passwd", "/doc/organisation/nope.ttl",
                                  "/id/organisation/x%3Cy%3E", "/id/", "/graph/no-such-graph",
                                  "/doc/..%2F..%2Fetc%2Fpasswd.html"])
def test_unknown_or_malformed_resources_are_404(path: str, client: TestClient) -> None:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 404
    _no_trace(response)


def test_named_graph_dereferences(client: TestClient, store_dir: Path) -> None:
    with Store.open(store_dir, read_only=True) as store:
        name = store.graphs()[0]
        size = store.quad_count(name)
    response = client.get("/" + name[len(BASE):], headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert len(rdflib.Graph().parse(data=response.text, format="turtle")) == min(size, LIMIT)


def test_custom_base_dereferences(store_dir: Path, tmp_path: Path) -> None:
    """Data minted under another base answers under that base (and not under the default one)."""
    other = "https://data.example.org/ruhr/"
    source = tmp_path / "other.nq"
    with Store.open(store_dir, read_only=True) as store:
        source.write_bytes(store.dump_nquads().replace(BASE.encode(), other.encode()))
    folder = load_store(tmp_path / "store", source, fmt=ox.RdfFormat.N_QUADS)
    settings = ServeSettings(store=folder, dumps=tmp_path / "none", publish=PublishSettings(base=other),
                             workers=1)
    with TestClient(create_app(settings)) as c:
        response = c.get(WFD_PATH, headers={"accept": "text/turtle"})
        assert response.status_code == 200
        graph = rdflib.Graph().parse(data=response.text, format="turtle")
        assert (rdflib.URIRef(f"{other}id/organisation/wirtschaftsfoerderung-dortmund"), None, None) in graph
        page = c.get(WFD_PATH, headers={"accept": "text/html"}).text
        assert 'href="/id/person/julia-jaeger"' in page
        void = c.get("/.well-known/void").text
        assert f'"{other}id/"' in void


# -- SPARQL ---------------------------------------------------------------------------------------
VISITS = f"SELECT ?v WHERE {{ ?v a <{RG}Visit> }} ORDER BY ?v"


@pytest.fixture(scope="module")
def visit_count(store_dir: Path) -> int:
    with Store.open(store_dir, read_only=True) as store:
        return len(store.select(VISITS))


@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_protocol_get_and_post(how: str, client: TestClient, visit_count: int) -> None:
    headers = {"accept": "application/sparql-results+json"}
    if how == "get":
        response = client.get("/sparql", params={"query": VISITS}, headers=headers)
    elif how == "post-form":
        response = client.post("/sparql", data={"query": VISITS}, headers=headers)
    else:
        response = client.post("/sparql", content=VISITS.encode(),
                               headers={**headers, "content-type": "application/sparql-query"})
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == visit_count > 0


def _rows(media: str, body: str) -> list[str]:
    if media.endswith("json"):
        return [b["v"]["value"] for b in json.loads(body)["results"]["bindings"]]
    if media.endswith("xml"):
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        return [u.text or "" for u in ET.fromstring(body).findall(".//s:binding/s:uri", ns)]
    if media == "text/csv":
        return [row["v"] for row in csv.DictReader(io.StringIO(body))]
    lines = body.splitlines()
    assert lines[0] == "?v"
    return [line[1:-1] for line in lines[1:]]


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/json",
                                   "application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_select_results_in_every_format(media: str, client: TestClient, store_dir: Path) -> None:
    response = client.get("/sparql", params={"query": VISITS}, headers={"accept": media})
    assert response.status_code == 200
    with Store.open(store_dir, read_only=True) as store:
        expected = [str(r["v"]) for r in store.select(VISITS)]
    assert _rows(media, response.text) == expected


def test_ask_construct_describe(client: TestClient) -> None:
    ask = client.get("/sparql", params={"query": f"ASK {{ <{WFD}> ?p ?o }}"},
                     headers={"accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in ask.text
    query = f"CONSTRUCT {{ <{WFD}> ?p ?o }} WHERE {{ <{WFD}> ?p ?o }}"
    construct = client.get("/sparql", params={"query": query}, headers={"accept": "text/turtle"})
    assert construct.status_code == 200
    graph = rdflib.Graph().parse(data=construct.text, format="turtle")
    assert (rdflib.URIRef(WFD), rdflib.RDFS.label, None) in graph
    describe = client.get("/sparql", params={"query": f"DESCRIBE <{WFD}>"},
                          headers={"accept": "application/ld+json"})
    assert describe.status_code == 200
    assert len(rdflib.Graph().parse(data=describe.text, format="json-ld")) > 0


def test_from_local_graph(client: TestClient, store_dir: Path) -> None:
    with Store.open(store_dir, read_only=True) as store:
        name = store.graphs()[0]
        size = store.quad_count(name)

    def count(graph: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    assert count(name) == size
    assert count(f"{BASE}graph/article/no-such-article") == 0


def test_result_limit_cuts_and_says_so(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == LIMIT
    assert response.headers["x-result-truncated"] == "true"


def _refused_request(client: TestClient, case: dict[str, Any]) -> Any:
    query = case.get("query")
    if "nest" in case:
        opening, closing, depth = case["nest"]
        inner = "?s ?p ?o" if opening == "{" else "1"
        query = ("SELECT * WHERE " + opening * depth + inner + closing * depth if opening == "{"
                 else "SELECT * WHERE { FILTER " + opening * depth + inner + closing * depth + " }")
    if "pad" in case:
        query = "# " + "x" * case["pad"] + "\nASK {}"
    params = dict(case.get("params", {}))
    if case.get("form") or case.get("form_query"):
        form = case.get("form") or {"query": query}
        return client.post("/sparql", data=form)
    if "content_type" in case:
        body = bytes.fromhex(case["body_hex"]) if "body_hex" in case else (case.get("body") or query).encode()
        return client.post("/sparql", content=body, headers={"content-type": case["content_type"]})
    if query is not None:
        params["query"] = query
    return client.get("/sparql?" + urllib.parse.urlencode(params, doseq=True))


@pytest.mark.parametrize("case", REFUSED, ids=[c["id"] for c in REFUSED])
def test_refused_requests_leave_the_server_answering(case: dict[str, Any], client: TestClient) -> None:
    response = _refused_request(client, case)
    assert response.status_code == case["status"], response.text
    _no_trace(response)
    assert len(response.text) < 2000  # a short message, not an echo of the query
    _ask_works(client)


def test_timeout_kills_the_query_not_the_server(client: TestClient) -> None:
    pool = client.app.state.ruhrgraph.pool  # type: ignore[attr-defined]
    restarts = pool.restarts
    started = time.monotonic()
    response = client.get("/sparql", params={"query": CARTESIAN})
    elapsed = time.monotonic() - started
    assert response.status_code == 503, response.text
    assert "limit" in response.text
    assert elapsed < TIMEOUT + 10
    assert pool.restarts == restarts + 1
    _ask_works(client)
    _ask_works(client)  # both workers answer


def test_memory_cap_stops_a_greedy_query(store_dir: Path, dumps_dir: Path) -> None:
    """A query that materialises a product runs out of its worker's memory, not the machine's."""
    greedy = "SELECT ?a ?b ?c ?d ?e ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c"
    with TestClient(create_app(_settings(store_dir, dumps_dir, timeout=120, memory_mb=1200,
                                         workers=1))) as capped:
        response = capped.get("/sparql", params={"query": greedy})
        assert response.status_code == 503, response.text
        assert "memory" in response.text, response.text
        _ask_works(capped)


def test_html_form_and_results(client: TestClient) -> None:
    form = client.get("/sparql", headers={"accept": "text/html"})
    assert form.status_code == 200 and "<textarea" in form.text
    page = client.get("/sparql", params={"query": VISITS, "format": "html"})
    assert page.status_code == 200
    assert 'href="/id/visit/' in page.text


def test_service_description(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (rdflib.URIRef(f"{BASE}sparql"), rdflib.RDF.type, sd.Service) in graph


# -- dumps, VoID, context ---------------------------------------------------------------------------
def test_dump_files_are_served_byte_for_byte(client: TestClient, dumps_dir: Path) -> None:
    for name in ("ruhrgraph.ttl", "ruhrgraph.nq.gz", "void.ttl.sha256"):
        response = client.get(f"/dumps/{name}")
        assert response.status_code == 200
        assert response.content == (dumps_dir / name).read_bytes()
    index = client.get("/dumps/", headers={"accept": "application/json"}).json()
    assert {f["name"] for f in index} == {p.name for p in dumps_dir.iterdir()}


@pytest.mark.parametrize("path", ["/dumps/../../etc/passwd", "/dumps/..%2F..%2Fetc%2Fpasswd",
                                  "/dumps/%2e%2e/%2e%2e/etc/passwd", "/dumps/.hidden", "/dumps/sub/file",
                                  "/dumps//etc/passwd", "/dumps/%2Fetc%2Fpasswd", "/dumps/no-such-file.ttl"])
def test_dump_path_traversal_is_refused(path: str, client: TestClient) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert "root:" not in response.text
    _ask_works(client)


def test_void_is_served_and_well_known(client: TestClient, dumps_dir: Path) -> None:
    for path in ("/void", "/.well-known/void"):
        response = client.get(path, headers={"accept": "text/turtle"})
        assert response.status_code == 200
        assert response.content == (dumps_dir / "void.ttl").read_bytes()
    as_jsonld = client.get("/.well-known/void", headers={"accept": "application/ld+json"})
    assert len(rdflib.Graph().parse(data=as_jsonld.text, format="json-ld")) > 50


def test_void_is_computed_when_there_is_no_dump(store_dir: Path, tmp_path: Path) -> None:
    settings = _settings(store_dir, tmp_path / "empty", workers=1)
    with TestClient(create_app(settings)) as c:
        response = c.get("/.well-known/void")
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (None, rdflib.URIRef("http://rdfs.org/ns/void#triples"), None) in graph


def test_context_is_served(client: TestClient) -> None:
    response = client.get("/context.jsonld")
    assert response.json()["@context"]["schema"] == "https://schema.org/"


# -- saved queries ------------------------------------------------------------------------------------
def test_saved_queries_catalogue_and_openapi(client: TestClient) -> None:
    from ruhrgraph.sparql.saved import list_queries

    names = {q.name for q in list_queries()}
    catalogue = client.get("/queries", headers={"accept": "application/json"}).json()
    assert {q["name"] for q in catalogue} == names
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {f"/queries/{n}" for n in names}
    for q in list_queries():
        documented = {p["name"] for p in spec["paths"][f"/queries/{q.name}"]["get"]["parameters"]}
        assert documented == {p.name for p in q.parameters} | {"format"}
    assert client.get("/queries", headers={"accept": "text/html"}).status_code == 200


def test_saved_query_as_web_api(client: TestClient) -> None:
    response = client.get("/queries/institutes-linking", params={"country": "Korea", "city": "Dortmund"})
    assert response.status_code == 200, response.text
    found = {b["organisation"]["value"] for b in response.json()["results"]["bindings"]}
    assert WFD in found
    page = client.get("/queries/institutes-linking", params={"country": "Korea", "city": "Dortmund"},
                      headers={"accept": "text/html"})
    assert 'href="/id/organisation/wirtschaftsfoerderung-dortmund"' in page.text


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/queries/no-such-query", {}, 404),
    ("/queries/institutes-linking", {"country": "Narnia", "city": "Dortmund"}, 400),
    ("/queries/institutes-linking", {"city": "Dortmund"}, 400),
    ("/queries/institutes-linking", {"country": "Korea", "city": "Dortmund", "colour": "red"}, 400),
    ("/queries/institutes-linking", {"country": "Korea", "city": "Dortmund", "format": "pdf"}, 400),
    ("/queries/..%2F..%2Fetc%2Fpasswd", {}, 404),
])
def test_saved_query_bad_requests(path: str, params: dict[str, str], status: int, client: TestClient) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    _no_trace(response)


# -- everything else ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/no/such/route", 404), ("GET", "/admin", 404), ("DELETE", "/sparql", 405),
    ("PUT", "/dumps/ruhrgraph.ttl", 405), ("GET", "/static/../serve.py", 404),
    ("GET", "/search?q=" + "x" * 300, 400),
])
def test_unknown_routes_and_bad_parameters_are_4xx(method: str, path: str, status: int,
                                                   client: TestClient) -> None:
    response = client.request(method, path, headers={"accept": "text/html"})
    assert response.status_code == status
    _no_trace(response)


def test_home_search_and_security_headers(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert home.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in home.headers["content-security-policy"]
    hits = client.get("/search", params={"q": "dortmund"}, headers={"accept": "application/json"}).json()
    assert WFD in {h["iri"] for h in hits["results"]}


def test_negotiate_prefers_quality_then_server_order() -> None:
    assert negotiate("text/turtle;q=0.5, application/ld+json;q=0.5", ["application/ld+json", "text/turtle"]) \
        == "application/ld+json"
    assert negotiate("text/*;q=0.3, text/turtle", ["text/html", "text/turtle"]) == "text/turtle"
    assert negotiate("text/turtle;q=abc", ["text/turtle"]) is None


# -- a real server --------------------------------------------------------------------------------------
def _raw_get(port: int, target: str) -> tuple[int, bytes]:
    """Send a request line exactly as given (no client-side normalisation of ``..``)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def test_real_uvicorn_server_survives_hostile_requests(store_dir: Path, dumps_dir: Path,
                                                       tmp_path: Path) -> None:
    import httpx

    with live_server(store_dir, dumps_dir, tmp_path / "serve.log", "--timeout", str(TIMEOUT),
                     "--workers", "2") as server:
        workers = children_of(server.process.pid)
        assert len(workers) == 2
        with httpx.Client(base_url=server.url, timeout=30) as http:
            def ok() -> None:
                r = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
                assert r.status_code == 200 and r.json()["boolean"] is True

            assert http.post("/sparql", data={"update": "DROP ALL"}).status_code == 403
            ok()
            service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
            assert http.get("/sparql", params={"query": service}).status_code == 403
            ok()
            nested = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
            assert http.post("/sparql", content=nested,
                             headers={"content-type": "application/sparql-query"}).status_code == 400
            ok()
            huge = "# " + "x" * 3_000_000 + "\nASK {}"
            assert http.post("/sparql", content=huge,
                             headers={"content-type": "application/sparql-query"}).status_code == 400
            ok()
            assert http.get("/sparql", params={"query": CARTESIAN}).status_code == 503
            ok()
            for target in ("/dumps/../../etc/passwd", "/dumps/..%2F..%2Fetc%2Fpasswd",
                           "/dumps/%2e%2e/%2e%2e/etc/passwd", "/../../etc/passwd"):
                status, body = _raw_get(server.port, target)
                assert 400 <= status < 500, (target, status)
                assert b"root:" not in body
                ok()
            page = http.get(WFD_PATH, headers={"accept": "text/html"}, follow_redirects=True)
            assert page.status_code == 200 and "Julia Jäger" in page.text
        # one worker was killed and replaced after the timeout; the old one is gone
        assert len(children_of(server.process.pid)) == 2
    assert server.process.returncode is not None
    time.sleep(0.5)
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_serve_command_refuses_a_missing_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ruhrgraph.cli import app

    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "nowhere"), "--port", "1"])
    assert result.exit_code == 1
    assert "no store at" in result.output


def test_missing_parameter_is_explained_the_http_way(client: TestClient) -> None:
    for accept in ("application/json", "text/html", "text/plain"):
        response = client.get("/queries/institutes-linking", params={"country": "Korea"}, headers={"accept": accept})
        assert response.status_code == 400
        assert "--param" not in response.text
        # the URL to try, with what was given kept (issue #14)
        text = response.json()["error"] if accept == "application/json" else response.text.replace("&amp;", "&")
        assert "/queries/institutes-linking?country=Korea&city=…" in text
