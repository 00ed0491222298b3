"""Resolving what a steward types into the entity it names: cases in
``tests/data/queries/cases/resolve.yaml`` on the seed's reference graph plus the gazetteer, the
matching tiers on hand-made candidates, IRI validation, and properties of name folding."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, URIRef

from ruhrgraph.errors import ParameterError
from ruhrgraph.extract.gazetteer import full_reference_graph
from ruhrgraph.iri import graph_iri
from ruhrgraph.sparql import names as name_index
from ruhrgraph.sparql.resolve import (
    Candidate,
    Resolver,
    Spec,
    acronym,
    class_noun,
    closest,
    fetch_rows,
    fold,
    keys,
    looks_like_iri,
    match,
    subclasses,
    validate_iri,
)
from ruhrgraph.sparql.run import execute
from ruhrgraph.store.local import Store

ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((ROOT / "tests" / "data" / "queries" / "cases" / "resolve.yaml").read_text(
    encoding="utf-8"))
RG = "https://w3id.org/ruhrgraph/ontology#"
ID = "https://w3id.org/ruhrgraph/id/"
PREFIXES = {"rg": RG}


def _iri(short: str) -> str:
    prefix, _, local = short.partition(":")
    return {"rg": RG, "id": ID}[prefix] + local


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    """The hand-written seed graph and the gazetteer reference data, as ingest stores them."""
    dataset = Dataset()
    dataset.parse(ROOT / "tests" / "data" / "seed_reference.trig", format="trig")
    with Store.open(tmp_path_factory.mktemp("resolve-store")) as opened:
        for graph in dataset.graphs():
            name = graph.identifier
            if isinstance(name, URIRef) and len(graph) and not str(name).startswith("urn:x-rdflib"):
                opened.replace_graph(name, graph)
        opened.replace_graph(graph_iri("gazetteer"), full_reference_graph())
        yield opened


@pytest.fixture(scope="module", params=["labels", "name index"])
def resolver(store: Store, request: pytest.FixtureRequest) -> Resolver:
    """Every case twice: matching every candidate's labels, and through the name index of a
    published snapshot (:mod:`ruhrgraph.sparql.names`), which must decide exactly the same."""
    index = name_index.NameIndex(name_index.build(store.oxigraph, None)) if request.param == "name index" else None
    return Resolver(fetch_rows(lambda sparql: execute(sparql, store=store, form="SELECT"), page=None),
                    names=index)


def test_a_published_snapshot_has_its_name_index(tmp_path: Path) -> None:
    from ruhrgraph.sparql.saved import run_query

    with Store.open(tmp_path) as store:
        store.replace_graph_lines(graph_iri("article/a"), [
            f'<{ID}organisation/bmr> <http://www.w3.org/2000/01/rdf-schema#label> "Business Metropole Ruhr"@de .',
            f"<{ID}organisation/bmr> a <{RG}EconomicDevelopmentAgency> ."])
    with Store.open(tmp_path, read_only=True) as reader:
        path = name_index.index_path(tmp_path, reader.generation or "")
        assert path.is_file()  # written by the writer when it published
        path.unlink()
        result = run_query("people", {"organisation": "BMR"}, store=reader)
        assert result.parameters["organisation"] == URIRef(f"{ID}organisation/bmr")
        assert path.is_file()  # a reader that found none built it
        index = name_index.open_index(tmp_path, reader.generation or "", reader.oxigraph)
        only_index = Resolver(None, names=index)  # no store to read labels from: the index decides
        spec = Spec(classes=(RG + "Organisation",), noun="organisation")
        assert only_index.resolve("organisation", "BMR", spec) == URIRef(f"{ID}organisation/bmr")
        assert only_index.resolve("entity", "business metropole", Spec()) == URIRef(f"{ID}organisation/bmr")
        with pytest.raises(ParameterError, match="no country is called"):
            only_index.resolve("country", "BMR", Spec(classes=(RG + "Country",), noun="country"))
        index.close()


def _spec(case: dict) -> Spec:
    classes = tuple(_iri(c) for c in case.get("classes", ()))
    subclass_of = tuple(_iri(c) for c in case.get("subclass_of", ()))
    noun = class_noun(classes, "entity") if classes else ("type" if subclass_of else "entity")
    return Spec(classes=classes, subclass_of=subclass_of, vocabulary=bool(case.get("vocabulary")), noun=noun)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['value']!r}" for c in CASES])
def test_resolve_case(resolver: Resolver, case: dict) -> None:
    spec = _spec(case)
    if "error" in case:
        with pytest.raises(ParameterError, match=case["error"]):
            resolver.resolve("param", case["value"], spec, PREFIXES)
        return
    assert resolver.resolve("param", case["value"], spec, PREFIXES) == URIRef(_iri(case["expect"]))


def test_candidates_are_fetched_once_per_spec(store: Store) -> None:
    calls = []

    def run(sparql: str):
        calls.append(sparql)
        return execute(sparql, store=store, form="SELECT")

    resolver = Resolver(fetch_rows(run))
    spec = Spec(classes=(RG + "Country",), noun="country")
    for value in ("Korea", "Kanada", "Singapur"):
        resolver.resolve("country", value, spec)
    assert len(calls) == 1
    assert "Korea" not in calls[0], "the value never enters the query text"


def test_fetch_reads_page_by_page() -> None:
    class Page:
        def __init__(self, rows):
            self.rows = rows

    seen: list[str] = []

    def run(sparql: str) -> Page:
        seen.append(sparql.rsplit("OFFSET", 1)[1].strip())
        offset = int(seen[-1])
        return Page([{"n": i} for i in range(offset, min(offset + 1000, 2500))])

    assert len(fetch_rows(run)("SELECT ...")) == 2500
    assert seen == ["0", "1000", "2000"]


# -- matching tiers on hand-made candidates ---------------------------------------------------------
def cand(slug: str, *labels: str) -> Candidate:
    return Candidate(URIRef(ID + slug), labels)


CANDIDATES = [
    cand("organisation/bmr", "Business Metropole Ruhr", "BMR"),
    cand("organisation/bmz", "BioMedizinZentrumDortmund"),
    cand("organisation/wfd", "Wirtschaftsförderung Dortmund"),
    cand("organisation/ruhr-uni", "Ruhr-Universität Bochum", "RUB"),
    cand("organisation/ccga", "Chicago Council on Global Affairs"),
    cand("organisation/bm-rail", "Bahnhof Mitte Recklinghausen"),
]


@pytest.mark.parametrize(("value", "tier", "found"), [
    ("business metropole ruhr", "name", ["organisation/bmr"]),
    ("Wirtschaftsfoerderung-Dortmund", "name", ["organisation/wfd"]),
    ("ccga", "acronym", ["organisation/ccga"]),
    ("RUB", "name", ["organisation/ruhr-uni"]),
    ("bmr", "name", ["organisation/bmr"]),
    ("bmr!", "", []),
    ("Chicago Council", "words", ["organisation/ccga"]),
    ("Ruhr", "words", ["organisation/bmr", "organisation/ruhr-uni"]),
    ("Dortmund", "words", ["organisation/wfd"]),
    ("Essen", "", []),
    ('Korea" }', "", []),
])
def test_match_tiers(value: str, tier: str, found: list[str]) -> None:
    got_tier, got = match(value, CANDIDATES)
    assert (got_tier, [str(c.iri)[len(ID):] for c in got]) == (tier, found)


def test_an_exact_name_wins_over_an_acronym() -> None:
    """"BMR" is an alias of one entity and the acronym of another: the alias decides."""
    assert [str(c.iri)[len(ID):] for c in match("BMR", CANDIDATES)[1]] == ["organisation/bmr"]


def test_closest_names_the_similar_label() -> None:
    close = closest("Wirtschaftsförderung Dortmnd", CANDIDATES)
    assert [(name, str(c.iri)[len(ID):]) for name, c in close] == [
        ("Wirtschaftsförderung Dortmund", "organisation/wfd")]


def test_ambiguity_lists_every_candidate() -> None:
    resolver = Resolver(lambda _sparql: [])
    resolver._cache[Spec(noun="organisation")] = CANDIDATES
    with pytest.raises(ParameterError) as info:
        resolver.resolve("organisation", "Ruhr", Spec(noun="organisation"))
    message = str(info.value)
    assert "is ambiguous" in message
    assert ID + "organisation/bmr" in message and ID + "organisation/ruhr-uni" in message


# -- names, acronyms, IRIs -------------------------------------------------------------------------
@pytest.mark.parametrize(("label", "expected"), [
    ("Business Metropole Ruhr", "bmr"), ("Chicago Council on Global Affairs", "ccga"),
    ("Institut für Auslandsbeziehungen", "ia"), ("Essen", ""), ("Ruhr-Universität Bochum", "rub"),
])
def test_acronym(label: str, expected: str) -> None:
    assert acronym(label) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("<https://w3id.org/ruhrgraph/id/city/dortmund>", True), ("https://w3id.org/x", True),
    ("urn:isbn:123", True), ("rg:Company", True), ("Korea", False), ("Korea: Süd", False),
    ("unknown:thing", False),
])
def test_looks_like_iri(value: str, expected: bool) -> None:
    assert looks_like_iri(value, PREFIXES) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("<https://w3id.org/ruhrgraph/id/city/dortmund>", "https://w3id.org/ruhrgraph/id/city/dortmund"),
    ("rg:Company", RG + "Company"),
    ("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66"),
])
def test_valid_iris(value: str, expected: str) -> None:
    assert validate_iri("p", value, PREFIXES) == URIRef(expected)


@pytest.mark.parametrize("value", ["<x> . ?s ?p ?o", "<https://a/b c>", "<https://a/\"b>", "<https://a/>b>",
                                   "<relative/path>", "<https://a/{b}>", "<https://a/\nb>", "<>"])
def test_invalid_iris(value: str) -> None:
    with pytest.raises(ParameterError, match="parameter p: "):
        validate_iri("p", value, PREFIXES)


def test_subclasses_follow_the_ontology() -> None:
    organisations = subclasses([RG + "Organisation"])
    assert {RG + "Company", RG + "University", RG + "Foundation"} <= organisations
    assert RG + "Person" not in organisations


# -- properties -------------------------------------------------------------------------------------
names = st.text(alphabet=st.characters(categories=("L", "N", "Zs", "Pd", "Po")), min_size=1, max_size=40)


@given(names)
def test_fold_is_idempotent(name: str) -> None:
    assert fold(fold(name)) == fold(name)


@given(names)
def test_nfc_and_nfd_spellings_have_the_same_keys(name: str) -> None:
    assert keys(unicodedata.normalize("NFC", name)) == keys(unicodedata.normalize("NFD", name))


@given(names)
def test_case_never_matters(name: str) -> None:
    assert keys(name.upper()) == keys(name.lower()) or keys(name.upper()) & keys(name.lower())


@given(st.lists(names, min_size=1, max_size=6, unique_by=lambda n: frozenset(keys(n))))
def test_every_label_finds_its_own_entity(labels: list[str]) -> None:
    pool = [cand(f"organisation/e{i}", label) for i, label in enumerate(labels)]
    for i, label in enumerate(labels):
        if not keys(label):
            continue
        tier, found = match(label, pool)
        assert tier == "name" and str(pool[i].iri) in {str(c.iri) for c in found}


def test_paged_candidates_use_no_offset_and_miss_nothing() -> None:
    """Endpoints cap how many rows they sort (Virtuoso: LIMIT + OFFSET ≤ 10,000), so candidates are
    read page by page keyed on the entity IRI, never with OFFSET; an entity with more labels than a
    page still comes back whole."""
    import re as _re
    from types import SimpleNamespace

    from rdflib import Literal as _Literal

    from ruhrgraph.sparql.resolve import Resolver, Spec, fetch_rows

    labels = [(f"https://w3id.org/ruhrgraph/id/organisation/o{n:04d}", f"Name {n}") for n in range(2500)]
    labels += [("https://w3id.org/ruhrgraph/id/organisation/o1000", f"Alias {k}") for k in range(1500)]
    asked: list[str] = []

    def run(sparql: str) -> SimpleNamespace:
        asked.append(sparql)
        assert "OFFSET" not in sparql
        after = _re.search(r'STR\(\?entity\) >= "([^"]*)"', sparql)
        limit = int(_re.search(r"LIMIT (\d+)", sparql).group(1))
        rows = sorted((e, lbl) for e, lbl in labels if not after or e >= after.group(1))[:limit]
        return SimpleNamespace(rows=[{"entity": URIRef(e), "label": _Literal(lbl), "order": _Literal(0)}
                                     for e, lbl in rows])

    found = Resolver(fetch_rows(run, page=1000), paged=True).candidates(Spec())
    assert sum(len(c.labels) for c in found) == len(set(labels))
    assert len(asked) > 3
