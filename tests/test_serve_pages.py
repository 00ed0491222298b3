"""What the server's pages and documents show (issue #14 item 5): scores as values, terms by label,
documents that name their topic and licence, result tables with names that do not overflow."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, FOAF
from starlette.testclient import TestClient

from _linked_data import BASE, WFD
from ruhrgraph.network.measures import analyze
from ruhrgraph.publish.serve.app import ServeSettings, create_app
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.store.local import Store

LICENCE = "https://example.org/licence/odbl"
JAEGER = "/id/person/julia-jaeger"
STATIC = Path(__file__).resolve().parents[1] / "src" / "ruhrgraph" / "publish" / "serve" / "static"


@pytest.fixture(scope="module")
def analysed(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed store after ``ruhrgraph analyze`` (scores written back)."""
    folder = tmp_path_factory.mktemp("analysed") / "store"
    shutil.copytree(seed_store, folder, ignore=shutil.ignore_patterns("lock"))
    with Store.open(folder) as store:
        analyze(store, "actors")
    return folder


@pytest.fixture(scope="module")
def client(analysed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = ServeSettings(store=analysed, dumps=tmp_path_factory.mktemp("no-dumps"),
                             publish=PublishSettings(base=BASE, licence=LICENCE), workers=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def _html(client: TestClient, path: str) -> str:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text
    return response.text


def test_scores_are_a_table_of_measure_value_rank(client: TestClient, analysed: Path) -> None:
    page = _html(client, WFD.replace(BASE, "/"))
    assert ">Score " not in page  # no opaque links to score nodes
    table = page.split('<section id="scores">', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)"[^>]*>([^<]+)</a></th><td class="num">([^<]+)</td>'
                      r'<td class="num">([^<]*)</td><td>([^<]*)</td></tr>', table)
    with Store.open(analysed, read_only=True) as store:
        expected = store.select(f"""PREFIX rg: <https://w3id.org/ruhrgraph/ontology#>
            SELECT ?m ?v ?r WHERE {{ <{WFD}> rg:hasScore ?s . ?s rg:measure ?m ; rg:value ?v
            OPTIONAL {{ ?s rg:rank ?r }} }}""")
    assert len(rows) == len(expected) >= 5
    shown = {(href.rsplit("#", 1)[-1], float(value), rank) for href, _, value, rank, _ in rows}
    for row in expected:
        measure = str(row["m"]).rsplit("#", 1)[-1]
        assert any(m == measure and v == pytest.approx(float(row["v"]), rel=1e-3)
                   and r == (str(row["r"]) if "r" in row else "") for m, v, r in shown), measure
    assert {label for _, label, *_ in rows} >= {"PageRank", "degree"}  # the ontology's labels


def test_properties_of_other_vocabularies_are_shown_by_label(client: TestClient) -> None:
    page = _html(client, JAEGER)
    facts = page.split('<section id="facts">', 1)[1].split("</section>", 1)[0]
    labels = re.findall(r'<th scope="row"><span title="([^"]+)">([^<]+)</span></th>', facts)
    assert ("https://schema.org/familyName", "family name") in labels
    assert ("https://schema.org/givenName", "given name") in labels
    assert not [label for _, label in labels if re.fullmatch(r"\w+:\w+", label)]


@pytest.mark.parametrize(("ext", "fmt"), [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml")])
def test_rdf_documents_name_their_topic_and_licence(client: TestClient, ext: str, fmt: str) -> None:
    path = "doc/" + WFD.removeprefix(f"{BASE}id/")
    graph = rdflib.Graph().parse(data=client.get(f"/{path}.{ext}").content, format=fmt)
    document = rdflib.URIRef(f"{BASE}{path}.{ext}")
    assert (document, FOAF.primaryTopic, rdflib.URIRef(WFD)) in graph
    assert (document, DCTERMS.license, rdflib.URIRef(LICENCE)) in graph


def test_saved_query_results_show_names_and_do_not_overflow(client: TestClient) -> None:
    page = _html(client, "/queries/people?organisation=Wirtschaftsf%C3%B6rderung%20Dortmund")
    links = dict(re.findall(r'<td><a href="(/id/[^"]+)" title="[^"]+">([^<]+)</a>', page))
    assert links.get(JAEGER) == "Julia Jäger"
    assert not [text for text in links.values() if text.startswith(("http", "id:"))]
    assert re.search(r'<div class="table-scroll">\s*<table class="results">', page)
    css = (STATIC / "ruhrgraph.css").read_text(encoding="utf-8")
    assert re.search(r"\.table-scroll\s*\{[^}]*overflow-x:\s*auto", css)
    assert re.search(r"table\.results td\s*\{[^}]*overflow-wrap:\s*anywhere", css)


def test_sparql_results_page_shows_names(client: TestClient) -> None:
    query = f"SELECT ?p WHERE {{ ?p <https://schema.org/affiliation> <{WFD}> }}"
    page = client.get("/sparql", params={"query": query, "format": "html"}).text
    assert re.search(rf'<a href="{JAEGER}" title="{BASE}id/person/julia-jaeger">Julia Jäger</a>', page)
