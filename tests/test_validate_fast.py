"""The validator's engines judge exactly like plain pySHACL.

:class:`ruhrgraph.ingest.validate.Validator` validates an article graph with the shapes compiled
once, with only the subclass axioms above the graph's nodes (``ingest`` runs it for every
article): by default with pyshacl-turbo (a Rust SHACL engine), or with pySHACL's compiled fast
path, which runs only the shapes whose targets occur in the graph. The reference is pySHACL's
public ``pyshacl.validate`` over every shape and the whole class hierarchy
(``Validator(fast=False, engine="pyshacl")``); both engines are compared with it.
Both must give the same findings — severity, shape, path, focus node, constraint, value and
messages — on every shape test case (with and without the background context), on the seed
reference, on the articles of the test corpora as the gate sees them (with their gazetteer
reference data), and on damaged copies of those articles (random triples removed), which
trigger violations the intact articles do not. pyshacl-turbo reads a graph without blank nodes
as N-Triples text (the gate's path); the shape cases with blank nodes take the rdflib path.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef

from ruhrgraph.ingest.rdffile import read_rdf_file
from ruhrgraph.ingest.validate import ValidationResult, Validator, default_validator
from ruhrgraph.namespace import RDF, RDFS, RG
from ruhrgraph.store.local import ntriples_lines

DATA = Path(__file__).parent / "data"
CASES = sorted(p for p in (DATA / "shapes").glob("*.ttl") if not p.name.startswith("_"))
CORPORA = sorted(p for d in ("corpus", "corpus_b", "heldout") for p in (DATA / d).glob("*.txt"))


def _judgement(result: ValidationResult) -> tuple[bool, Counter[tuple[str, ...]]]:
    return result.conforms, Counter(
        (f.severity, f.shape, f.path or "(node)", str(f.focus), f.constraint, str(f.value),
         repr(sorted(f.messages.items())), str(f.focus_label)) for f in result.results)


@pytest.fixture(scope="module")
def reference() -> Validator:
    validator = Validator.load(fast=False, engine="pyshacl")
    assert not validator.fast and validator.engine == "pyshacl"
    return validator


@pytest.fixture(scope="module", params=["turbo", "pyshacl"])
def engine(request: pytest.FixtureRequest) -> Validator:
    """The validators under test: the default engine (pyshacl-turbo) and pySHACL's fast path."""
    validator = Validator.load(engine=request.param)
    assert validator.engine == request.param
    return validator


@pytest.fixture(scope="module")
def context() -> Graph:
    return Graph().parse(DATA / "shapes" / "_context.ttl", format="turtle")


@pytest.fixture(scope="module")
def articles() -> list[tuple[str, Graph, Graph]]:
    """(name, article graph, its gazetteer reference data) of every corpus article, as the gate has them."""
    from ruhrgraph.extract.gazetteer import reference_graph
    from ruhrgraph.extract.pipeline import extract_file
    from ruhrgraph.ingest.gate import entity_iris

    out = []
    for path in CORPORA:
        for n, extraction in enumerate(extract_file(path)):
            out.append((f"{path.parent.name}/{path.name}#{n}", extraction.graph,
                        reference_graph(entity_iris(extraction.graph))))
    return out


def test_the_fast_engine_is_taken() -> None:
    assert default_validator().engine == "turbo", "pyshacl-turbo is not installed: validation is slower"
    assert default_validator()._text is not None, "pyshacl-turbo takes no N-Triples text: validation is slower"
    assert Validator.load(engine="pyshacl").fast, "pySHACL internals changed: its fast path is gone"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_every_shape_case_judged_alike(case: Path, context: Graph, reference: Validator, engine: Validator) -> None:
    data = read_rdf_file(case)
    fast = engine
    assert _judgement(fast.validate(data, extra=context)) == _judgement(reference.validate(data, extra=context))
    assert _judgement(fast.validate(data)) == _judgement(reference.validate(data))


def test_seed_reference_judged_alike(reference: Validator, engine: Validator) -> None:
    data = read_rdf_file(DATA / "seed_reference.trig")
    judgement = _judgement(engine.validate(data))
    assert judgement == _judgement(reference.validate(data))
    assert judgement[1], "the seed reference has warnings: the comparison must see findings"


def test_corpus_articles_judged_alike(articles: list[tuple[str, Graph, Graph]], reference: Validator,
                                      engine: Validator) -> None:
    assert len(articles) >= 37
    findings = 0
    for name, graph, extra in articles:
        fast = _judgement(engine.validate(graph, extra=extra))
        assert fast == _judgement(reference.validate(graph, extra=extra)), name
        # as the gate calls it, with the article already written as N-Triples lines
        assert _judgement(engine.validate(graph, extra=extra, lines=ntriples_lines(graph))) == fast, name
        findings += sum(fast[1].values())
    assert findings > 0


def test_damaged_articles_judged_alike(articles: list[tuple[str, Graph, Graph]], reference: Validator,
                                      engine: Validator) -> None:
    rng = random.Random(15)
    verdicts = Counter()
    for name, graph, extra in articles:
        triples = sorted(graph, key=str)
        for _ in range(3):
            damaged = Graph()
            for triple in rng.sample(triples, k=max(1, len(triples) - rng.randint(1, 6))):
                damaged.add(triple)
            fast = _judgement(engine.validate(damaged, extra=extra))
            assert fast == _judgement(reference.validate(damaged, extra=extra)), name
            verdicts[fast[0]] += 1
    assert verdicts[True] and verdicts[False], verdicts  # both verdicts occur


def test_a_graph_with_its_own_subclass_axioms_is_judged_alike(context: Graph, reference: Validator,
                                                              engine: Validator) -> None:
    # The graph declares a class of its own below rg:Organisation: the shapes for organisations
    # reach its instance, whose missing label is a violation under both paths.
    data = Graph()
    thing = URIRef("https://w3id.org/ruhrgraph/id/organisation/x")
    data.add((URIRef("urn:example:Kind"), RDFS.subClassOf, RG.Company))
    data.add((thing, RDF.type, URIRef("urn:example:Kind")))
    fast = engine.validate(data, extra=context)
    assert _judgement(fast) == _judgement(reference.validate(data, extra=context))
    assert not fast.conforms


def test_a_graph_with_a_blank_node_is_judged_alike(context: Graph, reference: Validator, engine: Validator) -> None:
    # A blank node cannot keep its identity through N-Triples text: pyshacl-turbo reads the rdflib
    # graph then. An organisation as a blank node breaks the IRI shapes and misses its label.
    data = Graph()
    thing = BNode("someOrganisation")
    data.add((thing, RDF.type, RG.Company))
    data.add((URIRef("https://w3id.org/ruhrgraph/id/person/p"), RDF.type, RG.Person))
    fast = engine.validate(data, extra=context)
    assert _judgement(fast) == _judgement(reference.validate(data, extra=context))
    assert not fast.conforms and any(f.focus == thing for f in fast.violations)
