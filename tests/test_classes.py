"""The one class categoriser (ruhrgraph.classes): its roots, its closure and its schemes."""

from __future__ import annotations

import doctest
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

import ruhrgraph.classes
from ruhrgraph._resources import resource_dir
from ruhrgraph.classes import GOLD, NETWORK, PAGE, Scheme, category, subclasses, superclasses
from ruhrgraph.namespace import FOAF, ORG, PROV, RG, SDO, SKOS

CASES = Path(__file__).parent / "data" / "classes" / "cases.yaml"
SCHEMES = {"NETWORK": NETWORK, "PAGE": PAGE, "GOLD": GOLD}
PREFIXES = {"rg": str(RG._NS), "schema": str(SDO), "schema-http": "http://schema.org/", "foaf": str(FOAF),
            "org": str(ORG), "prov": str(PROV), "skos": str(SKOS), "ex": "https://example.org/"}


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resource_dir("ontology") / "ruhrgraph.ttl", format="turtle")


def _cases() -> list[Any]:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return [pytest.param(c["scheme"], c["types"], c["expect"], id=f"{c['scheme']}-{'+'.join(c['types'])}")
            for c in cases]


@pytest.mark.parametrize(("scheme", "types", "expected"), _cases())
def test_category(scheme: str, types: list[str], expected: str) -> None:
    assert SCHEMES[scheme].category([expand(t) for t in types]) == expected


@pytest.mark.parametrize("name", ["NETWORK", "PAGE"])
def test_rg_roots_are_declared_in_the_ontology(ontology: Graph, name: str) -> None:
    declared = {str(s) for s in ontology.subjects() if isinstance(s, URIRef)}
    roots = {r for c in SCHEMES[name].categories for r in c.roots if r.startswith(str(RG._NS))}
    assert roots and roots <= declared, sorted(roots - declared)


@pytest.mark.parametrize("name", SCHEMES)
def test_schema_org_roots_are_schema_org_terms(name: str) -> None:
    from rdflib.namespace import SDO as SCHEMA_ORG  # rdflib's list of schema.org terms

    known = {str(term) for term in dir(SCHEMA_ORG)}
    roots = {r.replace("http://schema.org/", str(SDO)) for c in SCHEMES[name].categories for r in c.roots}
    schema_org = {r for r in roots if r.startswith(str(SDO))}
    assert schema_org and schema_org <= known, sorted(schema_org - known)


def test_every_organisation_class_of_the_ontology_is_an_organisation_everywhere(ontology: Graph) -> None:
    below = {str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, RG.Organisation)}
    assert str(RG.University) in below and str(RG.ChamberOfCommerce) in below
    for cls in below:
        assert NETWORK.category([cls]) == "organisation", cls
        assert PAGE.category([cls]) == "organisation", cls
        assert cls in GOLD.members("Organization"), cls


def test_superclasses_and_subclasses_mirror_each_other() -> None:
    assert str(RG.Organisation) in superclasses(RG.EconomicDevelopmentAgency)
    assert str(SDO.Event) in superclasses(RG.Reception)
    for cls in (RG.Organisation, SDO.Event, PROV.Activity, SDO.Place):
        below = subclasses(cls)
        assert below, cls
        for sub in below:
            assert str(cls) in superclasses(sub)


def test_extra_axioms_compose_with_the_ontology() -> None:
    clinic, cure = "https://example.org/Clinic", "https://example.org/Cure"
    pairs = [(clinic, str(RG.Company)), (cure, clinic), (clinic, cure)]  # a cycle, as equivalentClass gives
    assert superclasses(clinic, pairs) >= {str(RG.Company), str(RG.Organisation), str(SDO.Organization), cure}
    assert NETWORK.category([cure], NETWORK.table(pairs)) == "organisation"
    assert NETWORK.category([cure]) == ""  # without the axioms
    assert {clinic, cure} <= GOLD.members("Organization", pairs)


def test_precedence_is_the_order_of_the_categories() -> None:
    a, b = "https://example.org/A", "https://example.org/B"
    first = Scheme([ruhrgraph.classes.Category("a", frozenset({a})), ruhrgraph.classes.Category("b", frozenset({b}))])
    second = Scheme(reversed(first.categories), other="none")
    assert (first.category([a, b]), second.category([a, b]), second.category([])) == ("a", "b", "none")


def test_rdflib_terms_are_compared_as_iris() -> None:
    assert category([RG.Company]) == category([str(RG.Company)]) == "organisation"
    assert GOLD.members("Event") >= {str(RG.Visit), str(RG.TradeFair)}


def test_unknown_category_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="known: person, organisation"):
        PAGE.roots("people")


def test_doctests() -> None:
    assert doctest.testmod(ruhrgraph.classes).failed == 0
