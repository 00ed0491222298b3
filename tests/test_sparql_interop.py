"""Interoperability of the SPARQL endpoint with the clients linked-data consumers use: SPARQLWrapper
(the real library, against ``ruhrgraph serve`` on 127.0.0.1) for every query form in every return
format it offers, and the parameters and ``Accept`` headers of YASGUI, Fuseki and Virtuoso clients."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from _linked_data import BASE, WFD, LiveServer, live_server
from ruhrgraph.publish.dump import dump
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.store.local import Store

JAEGER = f"{BASE}id/person/julia-jaeger"
SELECT = f"SELECT ?p WHERE {{ ?p <https://schema.org/affiliation> <{WFD}> }} ORDER BY ?p"
ASK = f"ASK {{ <{JAEGER}> <https://schema.org/affiliation> <{WFD}> }}"
AFFILIATED = f"?p <https://schema.org/affiliation> <{WFD}>"
CONSTRUCT = f"CONSTRUCT {{ {AFFILIATED} }} WHERE {{ {AFFILIATED} }}"
DESCRIBE = f"DESCRIBE <{WFD}>"


@pytest.fixture(scope="module")
def server(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("interop")
    with Store.open(seed_store, read_only=True) as store:
        dump(store, folder / "dumps", settings=PublishSettings(base=BASE))
    with live_server(seed_store, folder / "dumps", folder / "serve.log") as live:
        yield live


def _wrapper(server: LiveServer, query: str, fmt: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


def _convert(client: SPARQLWrapper) -> tuple[object, str]:
    """The converted result and the response's content type; SPARQLWrapper's warning about a
    content type that does not match the format asked for fails the test."""
    with warnings.catch_warnings():  # for RDF and JSON with CONSTRUCT it warns that it sends */*
        warnings.simplefilter("ignore", RuntimeWarning)
        response = client.query()
    kind = response.info()["content-type"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # "unexpected format … in response"
        return response.convert(), kind


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_and_ask_in_every_format(server: LiveServer, fmt: str, method: str) -> None:
    rows, kind = _convert(_wrapper(server, SELECT, fmt, method))
    answer, _ = _convert(_wrapper(server, ASK, fmt, method))
    if fmt == JSON:
        assert kind.startswith("application/sparql-results+json")
        assert JAEGER in [b["p"]["value"] for b in rows["results"]["bindings"]]  # type: ignore[index]
        assert answer["boolean"] is True  # type: ignore[index]
    elif fmt == XML:
        assert kind.startswith("application/sparql-results+xml")
        uris = [n.firstChild.data for n in rows.getElementsByTagName("uri")]  # type: ignore[attr-defined]
        assert JAEGER in uris
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[attr-defined]
    else:
        delimiter = "," if fmt == CSV else "\t"
        table = list(csv.reader(io.StringIO(rows.decode()), delimiter=delimiter))  # type: ignore[attr-defined]
        assert table[0] == (["p"] if fmt == CSV else ["?p"])
        assert JAEGER in [r[0].strip("<>") for r in table[1:]]
        assert "true" in answer.decode()  # type: ignore[attr-defined]


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize("fmt", [XML, RDFXML, RDF, TURTLE, N3, JSONLD, JSON])
def test_construct_and_describe_in_every_format(server: LiveServer, query: str, fmt: str, method: str) -> None:
    result, kind = _convert(_wrapper(server, query, fmt, method))
    if isinstance(result, rdflib.Graph):  # RDF/XML and JSON-LD: SPARQLWrapper parsed it
        graph = result
    else:  # Turtle and N3 come back as bytes
        assert kind.startswith("text/turtle")
        graph = rdflib.Graph().parse(data=result, format="turtle")  # type: ignore[arg-type]
    expected = {XML: "application/rdf+xml", RDFXML: "application/rdf+xml", RDF: "application/rdf+xml",
                JSONLD: "application/ld+json", JSON: "application/ld+json"}.get(fmt, "text/turtle")
    assert kind.startswith(expected)
    if query == CONSTRUCT:
        affiliation = rdflib.URIRef("https://schema.org/affiliation")
        assert (rdflib.URIRef(JAEGER), affiliation, rdflib.URIRef(WFD)) in graph
        assert {(p, o) for _, p, o in graph} == {(affiliation, rdflib.URIRef(WFD))}
    else:  # DESCRIBE: what the dataset says about the organisation
        assert (rdflib.URIRef(WFD), rdflib.RDFS.label, rdflib.Literal("Wirtschaftsförderung Dortmund", lang="de")) \
            in graph


def _get(server: LiveServer, params: dict[str, str], accept: str) -> tuple[str, bytes]:
    url = f"{server.url}/sparql?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers["content-type"], response.read()


@pytest.mark.parametrize(("query", "params", "accept", "expected"), [
    # YASGUI: Accept only
    (SELECT, {}, "application/sparql-results+json,*/*;q=0.9", "application/sparql-results+json"),
    (CONSTRUCT, {}, "text/turtle,*/*;q=0.9", "text/turtle"),
    # Fuseki clients (s-query, Jena's HTTP client): output=
    (SELECT, {"output": "json"}, "*/*", "application/sparql-results+json"),
    (SELECT, {"output": "tsv"}, "*/*", "text/tab-separated-values"),
    (CONSTRUCT, {"output": "json-ld"}, "*/*", "application/ld+json"),
    # Virtuoso clients: format= with a media type
    (SELECT, {"format": "application/sparql-results+xml"}, "*/*", "application/sparql-results+xml"),
    (DESCRIBE, {"format": "text/rdf+n3"}, "*/*", "text/turtle"),
    (DESCRIBE, {"format": "application/x-json+ld"}, "*/*", "application/ld+json"),
    (CONSTRUCT, {"format": "application/rdf+xml"}, "*/*", "application/rdf+xml"),
    # Accept headers alone
    (CONSTRUCT, {}, "application/ld+json,application/x-json+ld", "application/ld+json"),
    (CONSTRUCT, {}, "text/n3", "text/turtle"),
    (DESCRIBE, {}, "application/xml", "application/rdf+xml"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 60 else None)
def test_client_parameters_and_accept_headers(server: LiveServer, query: str, params: dict[str, str],
                                              accept: str, expected: str) -> None:
    kind, body = _get(server, {"query": query, **params}, accept)
    assert kind.startswith(expected)
    if expected.startswith("application/sparql-results+json"):
        assert json.loads(body)["results"]["bindings"]
    elif expected in ("text/turtle", "application/ld+json", "application/rdf+xml"):
        fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}[expected]
        assert len(rdflib.Graph().parse(data=body, format=fmt)) > 0


def test_a_format_no_form_offers_is_refused_with_the_choices(server: LiveServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        _get(server, {"query": SELECT, "format": "pdf"}, "*/*")
    assert caught.value.code == 400
    message = caught.value.read().decode()
    assert "'pdf'" in message and "json" in message and "csv" in message
