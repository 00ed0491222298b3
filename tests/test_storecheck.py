"""The incremental whole-store check (``ruhrgraph.ingest.storecheck``): the same verdicts and
findings as a full check, after any sequence of changes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from ruhrgraph._resources import resource_dir
from ruhrgraph.ingest import storecheck
from ruhrgraph.ingest.storecheck import STATE_FILE, CheckOutcome, VerifiedState, check, dependencies
from ruhrgraph.ingest.validate import Validator, default_validator
from ruhrgraph.namespace import RG, SDO, SH
from ruhrgraph.store.local import Store

DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
DOUBLE = URIRef("http://www.w3.org/2001/XMLSchema#double")

ID = "https://w3id.org/ruhrgraph/id/"
PEOPLE = [URIRef(f"{ID}person/test-{n}") for n in ("a", "b")]
ORGS = [URIRef(f"{ID}organisation/test-{n}") for n in ("x", "y")]
CITY = URIRef(f"{ID}city/test-c")
VISIT = URIRef(f"{ID}event/test-visit")
DELEGATION = URIRef(f"{ID}delegation/test-d")
SCORE = URIRef(f"{ID}score/test-s")
ACTIVITY = URIRef(f"{ID}activity/test-analysis")
ADDRESS = BNode("address")
GRAPHS = [URIRef(f"https://w3id.org/ruhrgraph/graph/article/test-{n}") for n in range(4)]


def _candidates() -> list[tuple]:
    """Triples a graph may hold: conforming ones and ones that break a shape (marked ✗), about
    nodes that several graphs share, so that one graph's change can change another's findings."""
    out: list[tuple] = []
    for p in PEOPLE:
        out += [(p, RDF.type, RG.Person), (p, RDFS.label, Literal("Test Person", lang="de")),
                (p, RDFS.label, Literal("untagged")),  # ✗ a label without a language tag
                (p, SDO.affiliation, ORGS[0]), (p, RG.hasScore, SCORE)]
    for o in ORGS:
        out += [(o, RDF.type, RG.Organisation), (o, RDF.type, RG.Company),
                (o, RDFS.label, Literal("Test Organisation", lang="de")), (o, RG.basedIn, CITY),
                (o, RG.basedIn, PEOPLE[1]),  # ✗ unless b is also a place
                (o, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1")),
                (o, OWL.sameAs, Literal("Q1"))]  # ✗ not an IRI
    out += [(ORGS[0], SDO.address, ADDRESS), (ADDRESS, RDF.type, SDO.PostalAddress),  # ✗ no street
            (ADDRESS, SDO.streetAddress, Literal("Teststraße 1")),
            (CITY, RDF.type, RG.City), (CITY, RDFS.label, Literal("Teststadt", lang="de")),
            (PEOPLE[1], RDF.type, RG.City),  # makes b a place (and a person without a label …)
            (VISIT, RDF.type, RG.Visit), (VISIT, RG.participant, PEOPLE[0]),
            (VISIT, RG.participant, CITY),  # ✗ a city does not take part
            (VISIT, RG.participant, DELEGATION), (VISIT, RG.hostedBy, ORGS[1]),
            (VISIT, RG.confidence, Literal("0.5", datatype=DECIMAL)),
            (DELEGATION, RDF.type, RG.Delegation), (DELEGATION, RDFS.label, Literal("Gruppe", lang="de")),
            (DELEGATION, RDF.type, RG.Organisation),  # ✗ a delegation is no organisation
            (SCORE, RDF.type, RG.Score), (ORGS[1], RG.hasScore, SCORE), (SCORE, RG.measure, RG.degree),
            (SCORE, RG.value, Literal("1.0", datatype=DOUBLE)),
            (SCORE, PROV.wasGeneratedBy, ACTIVITY), (ACTIVITY, RDF.type, RG.AnalysisActivity)]
    return out


CANDIDATES = _candidates()


def _key(outcome: CheckOutcome) -> tuple:
    result = outcome.result
    return (result.conforms, sorted(str(f.focus) for f in result.violations),
            sorted((str(f.focus), f.path or "", f.severity, f.shape, str(f.value), f.focus_label or "")
                   for f in result.results))


def _compare(store: Store, folder: Path) -> CheckOutcome:
    incremental = check(store, state_path=folder / STATE_FILE)
    full = check(store, full=True, state_path=folder / "full.json")
    assert full.mode == "full"
    assert _key(incremental) == _key(full), (incremental.describe(), _key(incremental), _key(full))
    return incremental


operations = st.lists(st.tuples(st.sampled_from(range(len(GRAPHS))), st.booleans(),
                                st.sets(st.sampled_from(range(len(CANDIDATES))), max_size=14)),
                      min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=st.lists(st.sets(st.sampled_from(range(len(CANDIDATES))), max_size=14),
                        min_size=1, max_size=len(GRAPHS)), steps=operations,
       big=st.sampled_from([storecheck.BIG, 3]))
def test_incremental_verdict_equals_the_full_check_after_every_change(initial, steps, big) -> None:
    """``big``: graphs of more seeds than that get a digest per seed in the record (as
    ``graph/analytics`` does) — 3 makes most graphs here take that path."""
    default = storecheck.BIG
    storecheck.BIG = big
    try:
        _run_steps(initial, steps)
    finally:
        storecheck.BIG = default


def _run_steps(initial: list[set[int]], steps: list[tuple[int, bool, set[int]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store(None)
        for graph, chosen in zip(GRAPHS, initial, strict=False):
            store.replace_graph(graph, [CANDIDATES[i] for i in sorted(chosen)])
        first = _compare(store, folder)
        assert first.mode == "full" and first.reason == "no record of an earlier check"
        for index, remove, chosen in steps:
            if remove:
                store.remove_graph(GRAPHS[index])
            else:
                store.replace_graph(GRAPHS[index], [CANDIDATES[i] for i in sorted(chosen)])
            assert _compare(store, folder).mode == "incremental"


def _write(store: Store, graph: URIRef, triples: list[tuple]) -> None:
    store.replace_graph(graph, triples)


def test_a_type_changed_in_one_graph_is_seen_by_a_node_of_another(tmp_path: Path) -> None:
    """The Visit's graph does not change, but its participant stops being a person elsewhere."""
    store = Store(None)
    _write(store, GRAPHS[0], [(VISIT, RDF.type, RG.Visit), (VISIT, RG.participant, PEOPLE[0])])
    _write(store, GRAPHS[1], [(PEOPLE[0], RDF.type, RG.Person),
                              (PEOPLE[0], RDFS.label, Literal("Test Person", lang="de"))])
    before = _compare(store, tmp_path)
    assert VISIT not in {f.focus for f in before.result.violations if f.path == "rg:participant"}
    _write(store, GRAPHS[1], [(PEOPLE[0], RDF.type, RG.Article)])
    after = _compare(store, tmp_path)
    assert after.mode == "incremental" and after.changed == 1
    assert VISIT in {f.focus for f in after.result.violations if f.path == "rg:participant"}


def test_violations_of_unchanged_graphs_are_kept(tmp_path: Path) -> None:
    store = Store(None)
    _write(store, GRAPHS[0], [(PEOPLE[0], RDF.type, RG.Person), (PEOPLE[0], RDFS.label, Literal("x"))])
    _write(store, GRAPHS[1], [(CITY, RDF.type, RG.City), (CITY, RDFS.label, Literal("Stadt", lang="de"))])
    assert not _compare(store, tmp_path).result.conforms
    nothing = check(store, state_path=tmp_path / STATE_FILE)  # nothing changed
    assert nothing.mode == "incremental" and nothing.changed == 0 and nothing.nodes == 0
    assert not nothing.result.conforms and nothing.kept == len(nothing.result.results)
    _write(store, GRAPHS[1], [(CITY, RDF.type, RG.City), (CITY, RDFS.label, Literal("Ort", lang="de"))])
    other = _compare(store, tmp_path)
    assert other.mode == "incremental" and not other.result.conforms
    assert [str(f.focus) for f in other.result.violations] == [str(PEOPLE[0])]
    store.remove_graph(GRAPHS[0])  # the broken graph goes: its findings go with it
    assert _compare(store, tmp_path).result.conforms


def test_changed_shapes_an_unreadable_record_and_full_give_a_full_check(tmp_path: Path) -> None:
    store = Store(None)
    _write(store, GRAPHS[0], [(CITY, RDF.type, RG.City), (CITY, RDFS.label, Literal("x"))])
    state = tmp_path / STATE_FILE
    assert check(store, state_path=state).reason == "no record of an earlier check"
    assert check(store, state_path=state).mode == "incremental"
    assert check(store, state_path=state, full=True).mode == "full"
    folder = resource_dir("ontology")
    shapes = Graph().parse(folder / "shapes.ttl", format="turtle")
    shapes.remove((None, SH.minCount, Literal(1)))  # another shapes file
    other = Validator(shapes, Graph().parse(folder / "ruhrgraph.ttl", format="turtle"))
    changed = check(store, state_path=state, validator=other)
    assert changed.mode == "full" and "shapes" in changed.reason
    state.write_text("{not json", encoding="utf-8")
    assert check(store, state_path=state).reason == "no record of an earlier check"
    record = json.loads(state.read_text(encoding="utf-8"))  # rewritten whole
    assert VerifiedState.load(state) is not None and set(record["digests"]) == {str(GRAPHS[0])}


def test_data_with_its_own_class_axioms_is_checked_in_full(tmp_path: Path) -> None:
    store = Store(None)
    _write(store, GRAPHS[0], [(CITY, RDF.type, RG.City), (CITY, RDFS.label, Literal("Ort", lang="de"))])
    check(store, state_path=tmp_path / STATE_FILE)
    _write(store, GRAPHS[1], [(RG.City, RDFS.subClassOf, RG.Person)])
    outcome = _compare(store, tmp_path)
    assert outcome.mode == "full" and "rdfs:subClassOf" in outcome.reason


def test_the_project_shapes_allow_an_incremental_check() -> None:
    deps = dependencies(default_validator().shapes)
    assert deps.unsupported == ""
    assert deps.inverse == {RG.hasScore}
    assert deps.forward is not None and {RG.participant, RDF.type, OWL.sameAs, RG.endIndex} <= deps.forward
    assert RG.hasScore not in deps.forward  # a score rewritten does not re-check its actor


def test_shapes_that_look_further_are_refused() -> None:
    deeper = Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:S> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:node <urn:T> ] .
        <urn:U> sh:targetClass <urn:C> ; sh:property [ sh:path ( <urn:p> <urn:q> ) ; sh:minCount 1 ] .
    """)
    reason = dependencies(deeper).unsupported
    assert "sh:node" in reason and "longer than one predicate" in reason


def test_a_big_graph_rechecks_only_the_seeds_whose_triples_changed(tmp_path: Path, monkeypatch) -> None:
    """Like ``graph/analytics`` rewritten with one score changed: one score is re-checked, and a
    score made invalid is found."""
    monkeypatch.setattr(storecheck, "BIG", 5)
    analytics = URIRef("https://w3id.org/ruhrgraph/graph/analytics")
    scores = [URIRef(f"{ID}score/test-{n}") for n in range(8)]

    def graph(value_of_last: Literal) -> list[tuple]:
        out = [(ACTIVITY, RDF.type, RG.AnalysisActivity)]
        for n, score in enumerate(scores):
            value = value_of_last if n == len(scores) - 1 else Literal(f"{n}.0", datatype=DOUBLE)
            out += [(ORGS[0], RG.hasScore, score), (score, RDF.type, RG.Score),
                    (score, RG.measure, RG.degree), (score, RG.value, value),
                    (score, PROV.wasGeneratedBy, ACTIVITY)]
        return out

    store = Store(None)
    _write(store, analytics, graph(Literal("1.5", datatype=DOUBLE)))
    _write(store, GRAPHS[0], [(ORGS[0], RDF.type, RG.Organisation),
                              (ORGS[0], RDFS.label, Literal("Test Organisation", lang="de"))])
    assert _compare(store, tmp_path).mode == "full"
    _write(store, analytics, graph(Literal("2.5", datatype=DOUBLE)))
    changed = _compare(store, tmp_path)
    # the score, and the two nodes of its triples that have findings (the organisation, the
    # activity without its software): not the seven other scores
    assert changed.mode == "incremental" and changed.nodes == 3
    assert not {f.focus for f in changed.result.violations} & set(scores)
    _write(store, analytics, graph(Literal("high")))  # not an xsd:double
    broken = _compare(store, tmp_path)
    assert broken.nodes == 3 and {f.focus for f in broken.result.violations} & set(scores) == {scores[-1]}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs=st.lists(st.sets(st.sampled_from(range(len(CANDIDATES))), max_size=14),
                       min_size=1, max_size=len(GRAPHS)))
def test_the_chunked_full_check_equals_one_validation_of_the_union(graphs) -> None:
    """A full check validates the seeds in chunks with their neighbourhoods (bounded memory); with
    chunks of two seeds it must find exactly what one validation of the union of all graphs finds."""
    default = storecheck.CHUNK
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(None)
            for graph, chosen in zip(GRAPHS, graphs, strict=False):
                store.replace_graph(graph, [CANDIDATES[i] for i in sorted(chosen)])
            storecheck.CHUNK = None
            whole = check(store, full=True, state_path=Path(tmp) / "whole.json")
            storecheck.CHUNK = 2
            chunked = check(store, full=True, state_path=Path(tmp) / "chunked.json")
    finally:
        storecheck.CHUNK = default
    assert _key(chunked) == _key(whole)
