"""The vocabulary as linked data (issue #14): ``/ontology`` and every ``rg:`` term, the sector
scheme under ``/id/sector``, with the content negotiation of ``/id/…`` and an HTML reference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from starlette.testclient import TestClient

from _linked_data import BASE, WFD
from ruhrgraph._resources import resource_dir
from ruhrgraph.publish.serve.app import ServeSettings, create_app
from ruhrgraph.publish.void import PublishSettings

RG = rdflib.Namespace("https://w3id.org/ruhrgraph/ontology#")
SCHEMA = rdflib.Namespace("https://schema.org/")
FORMATS = [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
           ("application/rdf+xml", "xml")]
SHIPPED = rdflib.Graph().parse(resource_dir("ontology") / "ruhrgraph.ttl", format="turtle")
TERMS = sorted(str(s)[len(str(RG)):] for s in set(SHIPPED.subjects()) if str(s).startswith(str(RG)) and s != RG)


@pytest.fixture(scope="module")
def client(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = ServeSettings(store=seed_store, dumps=tmp_path_factory.mktemp("no-dumps"),
                             publish=PublishSettings(base=BASE), workers=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(("accept", "fmt"), FORMATS)
def test_the_ontology_is_negotiated_like_the_data(client: TestClient, accept: str, fmt: str) -> None:
    response = client.get("/ontology", headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert "Accept" in response.headers["vary"]
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    assert isomorphic(graph, SHIPPED)
    ext = {"turtle": "ttl", "json-ld": "jsonld", "nt": "nt", "xml": "rdf"}[fmt]
    fixed = client.get(f"/ontology.{ext}", headers={"accept": "text/html"})
    assert fixed.headers["content-type"].startswith(accept)
    one = rdflib.Graph().parse(data=client.get("/ontology/hostedBy", headers={"accept": accept}).content, format=fmt)
    assert (RG.hostedBy, RDFS.range, RG.Organisation) in one and (RG.Company, None, None) not in one


def test_every_term_has_a_reference_section_and_page(client: TestClient) -> None:
    assert len(TERMS) > 50
    page = client.get("/ontology", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    sections = set(re.findall(r'<section class="term" id="([^"]+)"', page.text))
    assert sections == set(TERMS)
    for name in TERMS[::7]:
        alone = client.get(f"/ontology/{name}", headers={"accept": "text/html"})
        assert alone.status_code == 200 and f'id="{name}"' in alone.text
        labels = {str(o) for o in SHIPPED.objects(RG[name], RDFS.label)}  # German and English
        assert labels and all(text in alone.text for text in labels)


def test_a_term_page_shows_definition_superclasses_domain_and_range(client: TestClient) -> None:
    company = client.get("/ontology/Company", headers={"accept": "text/html"}).text
    assert "A private business such as a GmbH or AG" in company
    superclasses = company.split("<dt>superclasses</dt>", 1)[1].split("</dd>", 1)[0]
    assert 'href="/ontology#Organisation"' in superclasses
    hosted = client.get("/ontology/hostedBy", headers={"accept": "text/html"}).text
    domain = hosted.split("<dt>domain</dt>", 1)[1].split("</dd>", 1)[0]
    range_ = hosted.split("<dt>range</dt>", 1)[1].split("</dd>", 1)[0]
    assert "rg:Event" in domain and "rg:Organisation" in range_
    assert client.get("/ontology/NoSuchTerm", headers={"accept": "text/html"}).status_code == 404
    assert client.get("/ontology/..%2Fetc", headers={"accept": "text/html"}).status_code == 404


def test_type_links_of_an_entity_page_lead_to_their_term(client: TestClient) -> None:
    page = client.get(WFD.replace(BASE, "/"), headers={"accept": "text/html"}).text
    links = re.findall(r'<a class="type" href="(/ontology#[^"]+)"', page)
    assert "/ontology#EconomicDevelopmentAgency" in links
    reference = client.get("/ontology", headers={"accept": "text/html"}).text
    assert all(f'id="{link.split("#", 1)[1]}"' in reference for link in links)


@pytest.mark.parametrize(("accept", "fmt"), FORMATS)
def test_the_sector_scheme_is_served_under_id(client: TestClient, accept: str, fmt: str) -> None:
    response = client.get("/id/sector", headers={"accept": accept}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/doc/sector.")
    graph = rdflib.Graph().parse(data=client.get(response.headers["location"]).content, format=fmt)
    scheme = rdflib.URIRef(f"{BASE}id/sector")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    assert (scheme, SKOS.hasTopConcept, rdflib.URIRef(f"{BASE}id/sector/energy")) in graph
    html = client.get("/id/sector", headers={"accept": "text/html"})
    assert html.status_code == 200
    assert "Branchen der Metropole Ruhr" in html.text and 'href="/id/sector/energy"' in html.text
    assert (None, RDF.type, OWL.Ontology) not in graph


def test_a_sector_page_has_the_scheme_s_labels_and_the_data_s_links(client: TestClient) -> None:
    energy = rdflib.URIRef(f"{BASE}id/sector/energy")
    shipped = rdflib.Graph().parse(resource_dir("ontology") / "sectors.ttl", format="turtle")
    graph = rdflib.Graph().parse(data=client.get("/doc/sector/energy.ttl").content, format="turtle")
    assert (energy, SKOS.prefLabel, rdflib.Literal("Energie", lang="de")) in graph
    from_data = {s for s in graph.subjects(None, energy) if (s, None, energy) not in shipped}
    assert from_data  # what the store says points at the sector is kept
    page = client.get("/id/sector/energy", headers={"accept": "text/html"}).text
    assert "<h1>Energie</h1>" in page
    definition = str(shipped.value(energy, SKOS.definition, any=True) or "")
    assert definition and definition[:40] in page
