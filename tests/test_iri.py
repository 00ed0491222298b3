"""IRI minting: deterministic, valid, NFC/NFD-stable (Hypothesis)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef
from rdflib.term import _is_valid_uri

from ruhrgraph.iri import base_iri, graph_iri, mint, mint_hashed, slugify


@pytest.mark.parametrize(("kind", "name", "expected"), [
    ("organisation", "Wirtschaftsförderung Dortmund", "https://w3id.org/ruhrgraph/id/organisation/wirtschaftsfoerderung-dortmund"),
    ("person", "Julia Jäger", "https://w3id.org/ruhrgraph/id/person/julia-jaeger"),
    ("city", "Mülheim an der Ruhr", "https://w3id.org/ruhrgraph/id/city/muelheim-an-der-ruhr"),
    ("organisation", "Grothe & Yilmaz KG", "https://w3id.org/ruhrgraph/id/organisation/grothe-und-yilmaz-kg"),
    ("city", "Straßburg", "https://w3id.org/ruhrgraph/id/city/strassburg"),
])
def test_examples(kind: str, name: str, expected: str) -> None:
    assert str(mint(kind, name)) == expected


@given(st.text(min_size=1, max_size=60))
def test_any_name_gives_a_valid_stable_iri(name: str) -> None:
    iri = mint("organisation", name)
    assert isinstance(iri, URIRef)
    assert _is_valid_uri(str(iri))
    assert str(iri).startswith(base_iri() + "id/organisation/")
    assert mint("organisation", name) == iri
    assert slugify(name) and slugify(name) == slugify(name).lower()


@given(st.text(alphabet=st.characters(categories=["L", "M", "Zs"]), min_size=1, max_size=40))
def test_nfc_and_nfd_give_the_same_iri(name: str) -> None:
    assert mint("person", unicodedata.normalize("NFC", name)) == mint("person", unicodedata.normalize("NFD", name))


def test_non_latin_names_stay_distinct() -> None:
    assert mint("person", "김민수") != mint("person", "이민수")
    assert "x-" in str(mint("person", "김민수"))


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown IRI kind"):
        mint("widget", "x")


def test_configurable_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUHRGRAPH_BASE", "https://data.example.org/rg")
    assert str(mint("city", "Essen")) == "https://data.example.org/rg/id/city/essen"
    assert str(graph_iri("article/000_x")) == "https://data.example.org/rg/graph/article/000-x"


def test_hashed_iris_are_deterministic() -> None:
    a = mint_hashed("visit", "000_seed", "visit", "2|korea")
    assert a == mint_hashed("visit", "000_seed", "visit", "2|korea")
    assert a != mint_hashed("visit", "000_seed", "visit", "2|kanada")
