"""``ruhrgraph.namespace`` is generated from the ontology and must not drift from it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, URIRef

from ruhrgraph._resources import resource_dir
from ruhrgraph.namespace import GN, NIF, RG, SDO, SECTOR, WD

ROOT = Path(__file__).parents[1]


def _generator() -> ModuleType:
    path = ROOT / "scripts" / "generate_namespace.py"
    spec = importlib.util.spec_from_file_location("generate_namespace", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resource_dir("ontology") / "ruhrgraph.ttl", format="turtle")


def test_module_terms_equal_ontology_terms(ontology: Graph) -> None:
    in_ontology = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(RG))}
    assert set(dir(RG)) == in_ontology


def test_module_is_up_to_date(ontology: Graph) -> None:
    generated = _generator().render(ontology)
    current = (ROOT / "src" / "ruhrgraph" / "namespace.py").read_text(encoding="utf-8")
    assert current == generated, "namespace.py is out of date: run  python scripts/generate_namespace.py"


def test_check_mode_reports_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert _generator().main(["--check"]) == 0


@pytest.mark.parametrize("name", ["Organisation", "basedIn", "confidence", "betweenness", "Measure"])
def test_known_terms(name: str) -> None:
    assert getattr(RG, name) == URIRef("https://w3id.org/ruhrgraph/ontology#" + name)


@pytest.mark.parametrize("name", ["Organization", "basedin", "locatedIn", "Company_"])
def test_misspelt_terms_raise(name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(RG, name)


def test_other_namespaces() -> None:
    assert SDO.Organization == URIRef("https://schema.org/Organization")
    assert WD.Q2066 == URIRef("http://www.wikidata.org/entity/Q2066")
    assert GN["2928810/"] == URIRef("https://sws.geonames.org/2928810/")
    assert SECTOR["smart-city"] == URIRef("https://w3id.org/ruhrgraph/id/sector/smart-city")
    assert NIF.beginIndex == URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")


def test_jsonld_context_of_rg() -> None:
    context = RG.as_jsonld_context("rg")["@context"]
    assert context["basedIn"] == "rg:basedIn"
