"""Network measures on a hand-checkable fixture, on the seed, and written back as RDF."""

from __future__ import annotations

import doctest
import math
import re
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph

import ruhrgraph.network.measures
from ruhrgraph.errors import ParameterError, StoreError
from ruhrgraph.iri import graph_iri
from ruhrgraph.network.measures import MEASURES, ONTOLOGY_TERMS, Settings, analyze, compute, rank, score_triples
from ruhrgraph.network.views import load_facts, project
from ruhrgraph.store.local import Store

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "analytics"
RG = "https://w3id.org/ruhrgraph/ontology#"
ANALYTICS = str(graph_iri("analytics"))

# The five-actor fixture (tests/data/analytics/five_actors.trig), projected onto the actors view:
#
#     Petra ──2── Alpha ──2── Essen        Alpha = O, Korea = K, Beta = B, Petra = P, Essen = E
#                 /   \
#                1     1                   weights = supporting articles; W = 7, 2W = 14
#               /       \
#          Korea ──1── Beta
#
# By symmetry P ≡ E and K ≡ B, so each measure has three distinct values (O, K/B, P/E).
#
# degree: O 4, K 2, B 2, P 1, E 1.   weighted degree: O 2+2+1+1 = 6, K 2, B 2, P 2, E 2.
# betweenness (normalised by (n-1)(n-2)/2 = 6): O lies on every shortest path between
#   {P, E} and {P, E, K, B} except K–B: P–E, P–K, P–B, E–K, E–B = 5 pairs → 5/6; all others 0.
# closeness ((n-1) / sum of distances): O 4/4 = 1; K: 1+1+2+2 = 6 → 4/6; P: 1+2+2+2 = 7 → 4/7.
# PageRank (d = 0.85, teleport 0.15/5 = 0.03, transitions ∝ weight), with o, k, p the values of
#   O, K(=B), P(=E):
#     p = 0.03 + d·o·2/6
#     k = 0.03 + d·(o·1/6 + k·1/2)
#     o = 0.03 + d·(k·1/2·2 + p·2/2·2) = 0.03 + d·(k + 2p)
#   Solved with fractions: o = 2883/7105, k = 1081/7105, p = 206/1421 (o + 2k + 2p = 1).
# eigenvector (weighted adjacency, L2 norm 1): λo = k + k + 2p + 2p, λk = o + k, λp = 2o
#   → k = o/(λ-1), p = 2o/λ, and λ = 2/(λ-1) + 8/λ, i.e. λ³ - λ² - 10λ + 8 = 0, largest root
#   λ = 3.2970705443632; then (o, k, p) ∝ (1, 0.4353401, 0.6066016), normalised:
#   o = 0.6876204, k = 0.2993467, p = 0.4171099.
# effective size (unweighted): n - 2t/n with t ties among the neighbours:
#   O: 4 - 2·1/4 = 3.5 (K–B is the one tie); K: 2 - 2·1/2 = 1; P: 1 - 0 = 1.
# constraint (unweighted, p_ij = 1/deg i): c_i = Σ_j (p_ij + Σ_q p_iq p_qj)²
#   O: K and B (1/4 + 1/4·1/2)² = 9/64 each, P and E (1/4)² = 1/16 each → 26/64 = 0.40625
#   K: via B to O (1/2 + 1/2·1/2)² = 9/16, via O to B (1/2 + 1/2·1/4)² = 25/64 → 61/64
#   P: (1)² = 1.   brokerage = 1 - constraint.
# Louvain: {O, P, E} and {K, B}; modularity Q = Σ_c [L_c/W - (S_c/2W)²]
#   = 4/7 - (10/14)² + 1/7 - (4/14)² = 6/49 (better than all-in-one, Q = 0, or {O, K, B}, Q < 0).
# articulation points: O only (removing it cuts off P and E).
LAMBDA = 3.2970705443632
O_EIG = 1 / math.sqrt(1 + 2 * (1 / (LAMBDA - 1)) ** 2 + 2 * (2 / LAMBDA) ** 2)
EXPECTED = {
    "degree": {"O": 4, "K": 2, "B": 2, "P": 1, "E": 1},
    "weighted_degree": {"O": 6, "K": 2, "B": 2, "P": 2, "E": 2},
    "betweenness": {"O": 5 / 6, "K": 0, "B": 0, "P": 0, "E": 0},
    "closeness": {"O": 1, "K": 4 / 6, "B": 4 / 6, "P": 4 / 7, "E": 4 / 7},
    "pagerank": {"O": float(Fraction(2883, 7105)), "K": float(Fraction(1081, 7105)),
                 "B": float(Fraction(1081, 7105)), "P": float(Fraction(206, 1421)),
                 "E": float(Fraction(206, 1421))},
    "eigenvector": {"O": O_EIG, "K": O_EIG / (LAMBDA - 1), "B": O_EIG / (LAMBDA - 1),
                    "P": 2 * O_EIG / LAMBDA, "E": 2 * O_EIG / LAMBDA},
    "effective_size": {"O": 3.5, "K": 1, "B": 1, "P": 1, "E": 1},
    "constraint": {"O": 26 / 64, "K": 61 / 64, "B": 61 / 64, "P": 1, "E": 1},
    "brokerage": {"O": 1 - 26 / 64, "K": 1 - 61 / 64, "B": 1 - 61 / 64, "P": 0, "E": 0},
    "articulation": {"O": 1, "K": 0, "B": 0, "P": 0, "E": 0},
}
NAMES = {"O": "Alpha Technik GmbH", "K": "Korea", "B": "Beta Institut", "P": "Petra Beispiel", "E": "Essen"}


def load_five(store: Store) -> Store:
    store.oxigraph.load(path=str(DATA / "five_actors.trig"), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture()
def five() -> Store:
    with Store.open(None) as store:
        yield load_five(store)


@pytest.fixture(scope="module")
def five_report():  # type: ignore[no-untyped-def]
    with Store.open(None) as store:
        graph = project(load_five(store), "actors")
    return compute(graph)


def copy_of(folder: Path, target: Path) -> Store:
    """A writable copy of a (read-only) fixture store."""
    with Store.open(folder, read_only=True) as source:
        quads = source.dump_nquads()
    store = Store(target)
    store.oxigraph.load(quads, format=ox.RdfFormat.N_QUADS)
    return store


def by_label(report, measure: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {report.labels[iri]: value for iri, value in report.scores[measure].items()}


@pytest.mark.parametrize(("measure", "actor", "expected"), [
    (measure, actor, value) for measure, values in EXPECTED.items() for actor, value in values.items()
])
def test_five_actor_measures_match_hand_computed_values(five_report, measure: str, actor: str,  # type: ignore[no-untyped-def]
                                                       expected: float) -> None:
    assert by_label(five_report, measure)[NAMES[actor]] == pytest.approx(expected, rel=1e-7, abs=1e-9)


def test_five_actor_communities_and_modularity(five_report) -> None:  # type: ignore[no-untyped-def]
    communities = [sorted(five_report.labels[i] for i in c) for c in five_report.communities]
    assert communities == [["Alpha Technik GmbH", "Essen", "Petra Beispiel"], ["Beta Institut", "Korea"]]
    with Store.open(None) as store:
        graph = project(load_five(store), "actors")
    assert nx.community.modularity(graph, five_report.communities, weight="weight") == pytest.approx(6 / 49)


def test_five_actor_ranks_and_bridges(five_report) -> None:  # type: ignore[no-untyped-def]
    pagerank = {five_report.labels[i]: r for i, r in five_report.ranks["pagerank"].items()}
    assert pagerank == {"Alpha Technik GmbH": 1, "Korea": 2, "Beta Institut": 2, "Essen": 4,
                        "Petra Beispiel": 4}
    assert [five_report.labels[i] for i in five_report.bridging_actors] == ["Alpha Technik GmbH"]
    assert sorted(sorted(five_report.labels[i] for i in bridge) for bridge in five_report.bridges) == [
        ["Alpha Technik GmbH", "Essen"], ["Alpha Technik GmbH", "Petra Beispiel"]]
    assert five_report.top("pagerank", 1)[0][1] == "Alpha Technik GmbH"
    assert five_report.notes == []  # small: everything exact


def test_rank_ties_share_a_rank() -> None:
    assert rank({"a": 3.0, "b": 1.0, "c": 3.0, "d": 2.0}) == {"a": 1, "c": 1, "d": 3, "b": 4}


@pytest.mark.parametrize("graph", [nx.karate_club_graph(), nx.davis_southern_women_graph(),
                                   nx.les_miserables_graph()], ids=["karate", "davis", "lesmis"])
def test_brokerage_matches_networkx(graph: nx.Graph) -> None:
    graph = nx.Graph(graph)
    nx.set_edge_attributes(graph, 1.0, "weight")
    report = compute(graph)
    assert report.scores["effective_size"] == pytest.approx(nx.effective_size(graph))
    assert report.scores["constraint"] == pytest.approx(nx.constraint(graph))


@pytest.mark.parametrize("size", [50, 2100], ids=["dense-solver", "arpack"])
def test_eigenvector_matches_networkx_on_connected_graphs(size: int) -> None:
    graph = nx.connected_watts_strogatz_graph(size, 6, 0.2, seed=7)
    for a, b in graph.edges:
        graph.edges[a, b]["weight"] = 1.0 + (a * b) % 3
    graph = nx.relabel_nodes(graph, {n: f"n{n:05d}" for n in graph})
    mine = compute(graph, Settings(work_budget=1)).scores["eigenvector"]
    assert mine == pytest.approx(nx.eigenvector_centrality_numpy(graph, weight="weight"), abs=1e-8)


def test_large_views_sample_betweenness_and_say_so() -> None:
    graph = nx.relabel_nodes(nx.gnm_random_graph(300, 900, seed=3), str)
    nx.set_edge_attributes(graph, 1.0, "weight")
    settings = Settings(work_budget=3000, min_pivots=100)
    report = compute(graph, settings)
    assert any("betweenness sampled: 100 of 300" in note for note in report.notes)
    assert "k=100" in report.algorithms["betweenness"]
    again = compute(graph, settings)
    assert report.scores["betweenness"] == again.scores["betweenness"]  # seeded
    exact = nx.betweenness_centrality(graph)
    top_exact = sorted(exact, key=exact.get, reverse=True)[:10]  # type: ignore[arg-type]
    sampled = report.scores["betweenness"]
    top_sampled = sorted(sampled, key=sampled.get, reverse=True)[:10]  # type: ignore[arg-type]
    assert len(set(top_exact) & set(top_sampled)) >= 6


def test_pivot_closeness_with_every_pivot_is_exact() -> None:
    graph = nx.relabel_nodes(nx.disjoint_union(nx.gnm_random_graph(60, 150, seed=1), nx.path_graph(4)), str)
    graph.add_node("isolated")
    nx.set_edge_attributes(graph, 1.0, "weight")
    report = compute(graph, Settings(work_budget=1, closeness_pivots=10_000))
    assert any("closeness estimated" in note for note in report.notes)
    assert report.scores["closeness"] == pytest.approx(nx.closeness_centrality(graph))


def weighted(graph: nx.Graph, salt: int = 0) -> nx.Graph:
    """``graph`` with string node keys and integer weights 1–3 (like articles per tie)."""
    graph = nx.relabel_nodes(nx.Graph(graph), {n: f"n{i:04d}" for i, n in enumerate(sorted(graph, key=str))})
    for i, (a, b) in enumerate(sorted(graph.edges)):
        graph.edges[a, b]["weight"] = 1.0 + (i * 7 + salt) % 3
    return graph


SMALL_GRAPHS = {
    "karate": weighted(nx.karate_club_graph()),
    "lesmis": weighted(nx.les_miserables_graph(), 1),
    "davis": weighted(nx.davis_southern_women_graph(), 2),
    "disconnected": weighted(nx.disjoint_union_all([nx.gnm_random_graph(40, 90, seed=5), nx.path_graph(4),
                                                    nx.empty_graph(2)])),
    "isolates": weighted(nx.disjoint_union(nx.florentine_families_graph(), nx.empty_graph(3)), 1),
}


@pytest.mark.parametrize("name", SMALL_GRAPHS)
def test_igraph_measures_equal_networkx(name: str) -> None:
    """Betweenness, closeness, PageRank and eigenvector computed by igraph equal networkx's own."""
    graph = SMALL_GRAPHS[name]
    report = compute(graph)
    assert report.notes == [] or name in ("disconnected", "isolates")
    assert report.scores["betweenness"] == pytest.approx(nx.betweenness_centrality(graph), abs=1e-12)
    assert report.scores["closeness"] == pytest.approx(nx.closeness_centrality(graph), abs=1e-12)
    assert report.scores["pagerank"] == pytest.approx(
        nx.pagerank(graph, weight="weight", tol=1e-14, max_iter=100_000), abs=1e-9)
    assert report.scores["eigenvector"] == pytest.approx(
        nx.eigenvector_centrality(graph, weight="weight", tol=1e-14, max_iter=100_000), abs=1e-8)
    assert report.scores["degree"] == {n: float(d) for n, d in graph.degree()}
    assert report.scores["weighted_degree"] == {n: float(d) for n, d in graph.degree(weight="weight")}
    assert {n for n, v in report.scores["articulation"].items() if v} == set(nx.articulation_points(graph))
    assert report.bridges == sorted(tuple(sorted(e)) for e in nx.bridges(graph))


def test_eigenvector_of_two_equal_components_splits_like_power_iteration() -> None:
    """Two components with the same leading eigenvalue: networkx's power iteration converges to
    both, each weighted by its eigenvector's sum; a third, weaker component gets 0."""
    graph = weighted(nx.disjoint_union_all([nx.cycle_graph(5), nx.cycle_graph(4), nx.path_graph(3)]))
    for a, b in graph.edges:
        graph.edges[a, b]["weight"] = 1.0
    report = compute(graph)
    expected = nx.eigenvector_centrality(graph, weight="weight", tol=1e-14, max_iter=100_000)
    assert report.scores["eigenvector"] == pytest.approx(expected, abs=1e-7)
    assert sum(1 for v in report.scores["eigenvector"].values() if v > 0) == 5 + 4


@pytest.mark.parametrize("name", SMALL_GRAPHS)
def test_leiden_communities_are_a_partition_at_least_as_modular_as_louvain(name: str) -> None:
    graph = SMALL_GRAPHS[name]
    report = compute(graph)
    members = [iri for community in report.communities for iri in community]
    assert sorted(members) == sorted(graph)  # every node in exactly one community
    assert all(nx.is_connected(graph.subgraph(c)) for c in report.communities)  # Leiden's guarantee
    ours = nx.community.modularity(graph, report.communities, weight="weight")
    louvain = nx.community.modularity(
        graph, nx.community.louvain_communities(graph, weight="weight", seed=42), weight="weight")
    assert ours >= louvain - 0.01
    assert compute(graph).communities == report.communities  # seeded: the same again
    assert report.scores["community"] == {iri: float(i) for i, c in enumerate(report.communities, start=1)
                                          for iri in c}


def test_communities_find_the_cliques_of_a_caveman_graph() -> None:
    graph = weighted(nx.connected_caveman_graph(6, 5))
    nx.set_edge_attributes(graph, 1.0, "weight")
    report = compute(graph)
    assert "Leiden" in report.algorithms["community"]
    assert len(report.communities) == 6 and {len(c) for c in report.communities} == {5}


def random_event_quads(seed: int) -> bytes:
    """A store of random article graphs with every kind of tie the actors view folds: affiliations,
    seats, visits with delegations (origin, members), hosts, presenters, participants, places,
    sub-events, trade fairs, and facts repeated across articles."""
    import random

    rng = random.Random(seed)
    base, rg, sdo = "https://w3id.org/ruhrgraph/", RG, "https://schema.org/"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    kinds = [("organisation", "Company"), ("person", "Person"), ("city", "City"), ("country", "Country")]
    actors = [(f"{base}id/{k}/{k}-{i}", c) for k, c in kinds for i in range(12)]
    roles = [f"{rg}origin", f"{rg}hostedBy", f"{rg}presenter", f"{rg}participant", f"{rg}heldIn",
             f"{sdo}attendee", f"{rg}organiser"]
    quads = []
    for art in range(60):
        g, a = f"<{base}graph/article/r{art}>", f"<{base}id/article/r{art}>"
        lines = [f"{a} <{rdf_type}> <{rg}Article>"]
        for iri, cls in rng.sample(actors, 6):
            lines.append(f"<{iri}> <{rdf_type}> <{rg}{cls}>")
        for _ in range(2):
            (x, _), (y, _) = rng.sample(actors, 2)
            lines.append(f"<{x}> <{rng.choice([sdo + 'affiliation', rg + 'basedIn'])}> <{y}>")
        event = f"<{base}id/event/e{rng.randrange(25)}>"
        lines.append(f"{event} <{rdf_type}> <{rg}{rng.choice(['Visit', 'Meeting', 'TradeFair'])}>")
        if rng.random() < 0.3:
            other = f"<{base}id/event/e{rng.randrange(25)}>"
            lines.append(f"{other} <{rdf_type}> <{rg}Meeting>")
            lines.append(f"{event} <{sdo}subEvent> {other}")
        if rng.random() < 0.4:
            delegation = f"<{base}id/delegation/d{rng.randrange(8)}>"
            lines += [f"{delegation} <{rdf_type}> <{rg}Delegation>", f"{event} <{rg}delegation> {delegation}"]
            for iri, _ in rng.sample(actors, 2):
                role = rng.choice([rg + "origin", "http://xmlns.com/foaf/0.1/member"])
                lines.append(f"{delegation} <{role}> <{iri}>")
        for iri, _ in rng.sample(actors, rng.randrange(1, 5)):
            lines.append(f"{event} <{rng.choice(roles)}> <{iri}>")
        quads += [f"{line} {g} ." for line in lines]
    return "\n".join(quads).encode()


def assert_same_ties(full: nx.Graph, lean: nx.Graph) -> None:
    assert sorted(lean.nodes) == sorted(full.nodes)
    assert {n: (d["label"], d["category"]) for n, d in lean.nodes(data=True)} == {
        n: (d["label"], d["category"]) for n, d in full.nodes(data=True)}
    fields = ("weight", "article_count", "relations")
    assert {tuple(sorted(e[:2])): tuple(e[2][f] for f in fields) for e in lean.edges(data=True)} == {
        tuple(sorted(e[:2])): tuple(e[2][f] for f in fields) for e in full.edges(data=True)}


@pytest.mark.parametrize("seed", range(6))
def test_columnar_lean_projection_equals_the_full_one_on_random_stores(seed: int) -> None:
    with Store.open(None) as store:
        store.oxigraph.load(random_event_quads(seed), format=ox.RdfFormat.N_QUADS)
        full, lean = project(store, "actors"), project(store, "actors", lean=True)
    assert lean.number_of_edges() > 20
    assert {r for _, _, r in full.edges(data="relations")} >= {("visit",), ("co-participation",)}
    assert_same_ties(full, lean)


def test_columnar_lean_projection_equals_the_full_one_on_the_seed(seed_store: Path, five: Store) -> None:
    with Store.open(seed_store, read_only=True) as store:
        assert_same_ties(project(store, "actors"), project(store, "actors", lean=True))
    assert_same_ties(project(five, "actors"), project(five, "actors", lean=True))


def assert_same_lean_view(store: Store) -> None:
    """The lean actors view folded from facts already read (what ``build`` does: one read for the
    analytics and the export) is the view read straight from the store, column for column."""
    from ruhrgraph.network.views import lean_actors

    direct = lean_actors(store)
    for facts in (load_facts(store, statements=False), load_facts(store, lean=True), load_facts(store)):
        folded = lean_actors(store, facts=facts)
        assert (folded.actors, folded.labels, folded.categories, folded.relations) == (
            direct.actors, direct.labels, direct.categories, direct.relations)
        for column in ("a", "b", "weight"):
            assert getattr(folded, column).tolist() == getattr(direct, column).tolist(), column


@pytest.mark.parametrize("seed", range(4))
def test_lean_view_from_facts_equals_the_one_read_from_random_stores(seed: int) -> None:
    with Store.open(None) as store:
        store.oxigraph.load(random_event_quads(seed), format=ox.RdfFormat.N_QUADS)
        assert_same_lean_view(store)


def test_lean_view_from_facts_equals_the_one_read_from_the_seed(seed_store: Path, five: Store, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same activity times in both analyses
    with Store.open(seed_store, read_only=True) as store:
        assert_same_lean_view(store)
        analysed = analyze_copy(store)
    assert_same_lean_view(five)
    assert analysed


def analyze_copy(store: Store) -> bool:
    """``analyze`` with facts given writes the same scores as ``analyze`` reading the store."""
    with Store.open(None) as first, Store.open(None) as second:
        for copy in (first, second):
            copy.oxigraph.load(store.dump_nquads(), format=ox.RdfFormat.N_QUADS)
        analyze(first, "actors")
        analyze(second, "actors", facts=load_facts(second, statements=False))
        return first.dump_nquads() == second.dump_nquads() and first.quad_count() > store.quad_count()


def test_facts_without_statements_are_the_facts_but_the_statement_nodes(seed_store: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        full, bare = load_facts(store), load_facts(store, statements=False)
        assert full.evidence and full.assertions and full.memberships
        assert (bare.evidence, bare.assertions, bare.memberships) == ({}, {}, {})
        assert (bare.nodes, bare.links, bare.article_dates, bare.seats) == (
            full.nodes, full.links, full.article_dates, full.seats)
        with_, without = project(store, "actors", facts=full), project(store, "actors", facts=bare)
    assert list(with_.nodes(data=True)) == list(without.nodes(data=True))
    strip = ("supports",)
    assert [(a, b, {k: v for k, v in d.items() if k not in strip}) for a, b, d in with_.edges(data=True)] == [
        (a, b, {k: v for k, v in d.items() if k not in strip}) for a, b, d in without.edges(data=True)]
    assert any(s.statements for _, _, d in with_.edges(data=True) for s in d["supports"])
    assert not any(s.statements for _, _, d in without.edges(data=True) for s in d["supports"])


def assert_same_lean_facts(store: Store) -> None:
    """The serialised reader (SPARQL TSV results; both readers of load_facts use it) reads what
    the reference reader (quad by quad from the indexes) does."""
    from ruhrgraph.network.facts import reference_parts

    nodes, links, article_of_graph = reference_parts(store)
    lean, full = load_facts(store, lean=True), load_facts(store)
    fields = ("category", "rdf_class", "label", "names", "types", "articles")
    for facts in (lean, full):
        assert {iri: tuple(getattr(n, f) for f in fields) for iri, n in facts.nodes.items()} == {
            iri: tuple(getattr(n, f) for f in fields) for iri, n in nodes.items()}
        assert facts.links == links
    assert set(full.article_dates) <= set(article_of_graph.values())


@pytest.mark.parametrize("seed", range(4))
def test_lean_facts_equal_the_full_ones_on_random_stores(seed: int) -> None:
    """Labels with escapes, languages and datatypes, duplicate labels across graphs, literal and
    blank-node ends of link predicates, facts outside article graphs, mentions."""
    extra = "\n".join([
        '<https://w3id.org/ruhrgraph/id/person/person-1> <http://www.w3.org/2000/01/rdf-schema#label> '
        '"Tab\\there \\"quoted\\" \\u00e9\\\\ end"@de-DE <https://w3id.org/ruhrgraph/graph/article/r1> .',
        '<https://w3id.org/ruhrgraph/id/person/person-1> <http://www.w3.org/2000/01/rdf-schema#label> '
        '"Tab\\there \\"quoted\\" \\u00e9\\\\ end"@de-DE <https://w3id.org/ruhrgraph/graph/article/r2> .',
        '<https://w3id.org/ruhrgraph/id/person/person-2> <http://www.w3.org/2000/01/rdf-schema#label> '
        '"7"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/ruhrgraph/graph/article/r1> .',
        '<https://w3id.org/ruhrgraph/id/person/person-2> <https://schema.org/name> "Zweite Zeile\\nda" '
        '<https://w3id.org/ruhrgraph/graph/gazetteer> .',
        '<https://w3id.org/ruhrgraph/id/person/person-3> <http://www.w3.org/2000/01/rdf-schema#label> "Drei"@en '
        '<https://w3id.org/ruhrgraph/graph/article/r4> .',
        '<https://w3id.org/ruhrgraph/id/person/person-3> <http://www.w3.org/2000/01/rdf-schema#label> "Drei"@de '
        '<https://w3id.org/ruhrgraph/graph/article/r5> .',
        '<https://w3id.org/ruhrgraph/id/person/person-4> <https://schema.org/affiliation> '
        '"https://w3id.org/ruhrgraph/id/organisation/organisation-1" <https://w3id.org/ruhrgraph/graph/article/r1> .',
        '_:b <https://schema.org/affiliation> <https://w3id.org/ruhrgraph/id/organisation/organisation-1> '
        '<https://w3id.org/ruhrgraph/graph/article/r1> .',
        '<https://w3id.org/ruhrgraph/id/person/person-5> <https://schema.org/affiliation> '
        '<https://w3id.org/ruhrgraph/id/organisation/organisation-2> <https://w3id.org/ruhrgraph/graph/gazetteer> .',
        '<https://w3id.org/ruhrgraph/id/person/person-6> <https://w3id.org/ruhrgraph/ontology#mentionedIn> '
        '<https://w3id.org/ruhrgraph/id/article/r3> <https://w3id.org/ruhrgraph/graph/article/r3> .',
    ])
    with Store.open(None) as store:
        store.oxigraph.load(random_event_quads(seed) + b"\n" + extra.encode(), format=ox.RdfFormat.N_QUADS)
        assert_same_lean_facts(store)
        assert load_facts(store, lean=True).nodes["https://w3id.org/ruhrgraph/id/person/person-1"].names == (
            'Tab\there "quoted" \u00e9\\ end',)


def test_lean_facts_equal_the_full_ones_on_the_seed(seed_store: Path, five: Store) -> None:
    with Store.open(seed_store, read_only=True) as store:
        assert_same_lean_facts(store)
    assert_same_lean_facts(five)


def test_columnar_codes_do_not_overflow_on_large_views() -> None:
    """70,000 actors in 40,000 occasions: occasion × actor codes pass 2**31 (SciPy's component
    labels are int32); every pair still gets the articles of its meetings."""
    import random
    from collections import Counter

    from ruhrgraph.network import _columnar
    from ruhrgraph.network.facts import Facts, Link, Node

    rng = random.Random(1)
    actors = [f"urn:p:{i:05d}" for i in range(70_000)]
    nodes = {iri: Node(iri, "person", "Person", iri, articles={"a"}) for iri in actors}
    links, expected = [], Counter()
    for e in range(40_000):
        event = f"urn:e:{e:05d}"
        nodes[event] = Node(event, "event", "Meeting", event)
        a, b = sorted(rng.sample(actors, 2))
        links += [Link(event, f"{RG}participant", a, f"urn:art:{e}", f"urn:g:{e}"),
                  Link(event, f"{RG}participant", b, f"urn:art:{e}", f"urn:g:{e}")]
        expected[(a, b)] += 1
    facts = Facts(nodes=nodes, links=links, article_dates={}, evidence={}, assertions={}, memberships={})
    x, y, weight, relations = _columnar.actor_ties(facts, actors)
    found = {(actors[i], actors[j]): w for i, j, w in zip(x.tolist(), y.tolist(), weight.tolist(), strict=True)}
    assert found == dict(expected)
    assert set(relations) == {("co-participation",)}


@pytest.mark.parametrize("seed", range(3))
def test_analyze_measures_what_compute_measures_on_the_full_projection(seed: int) -> None:
    """``analyze`` codes the view straight from the store (no networkx graph): the same scores,
    ranks, communities and bridges as ``compute`` on the full projection; the written scores too."""
    with Store.open(None) as store:
        store.oxigraph.load(random_event_quads(seed), format=ox.RdfFormat.N_QUADS)
        expected = compute(project(store, "actors"), Settings(write_limit=10))
        report = analyze(store, "actors", Settings(write_limit=10))
        stored = sorted(store.triples(ANALYTICS))
    assert report.node_count == expected.node_count and report.edge_count == expected.edge_count
    assert report.labels == expected.labels
    assert report.scores == expected.scores and report.ranks == expected.ranks
    assert report.communities == expected.communities and report.bridges == expected.bridges
    assert report.algorithms == expected.algorithms and report.notes == expected.notes
    when = datetime(2023, 11, 14, tzinfo=UTC)
    lines = score_triples(expected, when, when)
    written = {line for line in lines if "startedAtTime" not in line and "endedAtTime" not in line}
    assert len(stored) == len(lines) and len(written) == len(lines) - 2


def test_empty_view() -> None:
    report = compute(nx.Graph(view="actors"))
    assert report.node_count == 0 and report.notes


def write_and_read(store: Store, view: str = "actors") -> Graph:
    analyze(store, view)
    return store.graph(ANALYTICS)


def test_scores_are_written_as_rdf(five: Store) -> None:
    analyze(five, "actors")
    rows = five.select(f"""
        SELECT DISTINCT ?label ?value ?rank ?activity WHERE {{
          ?e <{RG}hasScore> ?s ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
          ?s a <{RG}Score> ; <{RG}measure> <{RG}pagerank> ; <{RG}value> ?value ; <{RG}rank> ?rank ;
             <{RG}view> "actors" ; <http://www.w3.org/ns/prov#wasGeneratedBy> ?activity .
          ?activity a <{RG}AnalysisActivity> }} ORDER BY ?rank ?label""")
    ranked = [(str(r["label"]), int(r["rank"])) for r in rows]
    assert ranked[0] == ("Alpha Technik GmbH", 1) and len(ranked) == 5
    assert float(rows[0]["value"]) == pytest.approx(2883 / 7105)
    assert str(rows[0]["value"].datatype) == "http://www.w3.org/2001/XMLSchema#double"


def test_activity_records_algorithm_parameters_time_and_size(five: Store) -> None:
    report = analyze(five, "actors")
    comments = [str(r["c"]) for r in five.select(
        f"SELECT ?c WHERE {{ <{report.activity}> <http://www.w3.org/2000/01/rdf-schema#comment> ?c }}")]
    assert "graph size: 5 nodes, 5 ties" in comments
    assert any(c.startswith("parameters: {") and '"seed": 42' in c for c in comments)
    assert any(c.startswith("algorithm of pagerank: igraph pagerank (PRPACK, damping=0.85") for c in comments)
    started = "http://www.w3.org/ns/prov#startedAtTime"
    times = five.select(f"SELECT ?t WHERE {{ <{report.activity}> <{started}> ?t }}")
    assert len(times) == 1


def test_rerun_replaces_only_its_own_view(five: Store) -> None:
    first = len(write_and_read(five, "actors"))
    with_orgs = len(write_and_read(five, "organisations"))
    again = len(write_and_read(five, "actors"))
    assert with_orgs > first and again == with_orgs
    # the stale score of the fixture (no rg:view) is no concern of ours and stays
    assert (None, None, None) in five.graph(ANALYTICS)


def test_written_analytics_are_deterministic(five: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    analyze(five, "actors")
    first = sorted(five.triples(ANALYTICS))
    analyze(five, "actors")
    assert sorted(five.triples(ANALYTICS)) == first
    assert any("2023-11-14T22:13:20" in str(o) for _, _, o in first)


def test_unchanged_scores_are_not_written_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Analysing an unchanged store again keeps the stored scores and the earlier activity (and
    its times); a changed store replaces them, and the query graph stays the union."""
    with Store.open(None) as store:
        store.oxigraph.load(random_event_quads(1), format=ox.RdfFormat.N_QUADS)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        first = analyze(store, "actors")
        stored = sorted(store.triples(ANALYTICS))
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
        again = analyze(store, "actors")
        assert first.triples_written > 0 and again.triples_written == 0
        assert sorted(store.triples(ANALYTICS)) == stored  # the 2023 activity times stay
        store.oxigraph.load(random_event_quads(2), format=ox.RdfFormat.N_QUADS)
        store.repair_query_graph()
        changed = analyze(store, "actors")
        assert changed.triples_written > 0 and sorted(store.triples(ANALYTICS)) != stored
        assert store.check_query_graph() == (0, 0)


def test_only_declared_ontology_terms_are_written(five: Store) -> None:
    ontology = (ROOT / "ontology" / "ruhrgraph.ttl").read_text(encoding="utf-8")
    declared = set(re.findall(r"^rg:(\w+)\s*$", ontology, flags=re.MULTILINE))
    assert set(ONTOLOGY_TERMS) <= declared
    analyze(five, "actors")
    used = {str(t).removeprefix(RG) for triple in five.triples(ANALYTICS) for t in triple
            if str(t).startswith(RG)}
    assert used - {"value"} <= declared | {"value"}


def test_analytics_graph_conforms_to_the_shapes(five: Store) -> None:
    """The triples as generated (Oxigraph stores xsd:positiveInteger ranks as xsd:integer)."""
    pyshacl = pytest.importorskip("pyshacl")
    with Store.open(None) as store:
        report = compute(project(load_five(store), "actors"))
    when = datetime(2023, 11, 14, tzinfo=UTC)
    data = Graph().parse(data="\n".join(score_triples(report, when, when)), format="nt")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, text


def test_write_limit_keeps_the_best_ranked(five: Store) -> None:
    report = analyze(five, "actors", Settings(write_limit=2))
    assert any("keeps the scores of the 2 best-ranked of 5 nodes" in note for note in report.notes)
    rows = five.select(f"""SELECT DISTINCT ?e ?rank WHERE {{ ?e <{RG}hasScore> ?s .
        ?s <{RG}measure> <{RG}pagerank> ; <{RG}rank> ?rank ; <{RG}view> "actors" }} ORDER BY ?rank ?e""")
    assert [int(r["rank"]) for r in rows] == [1, 2]  # Alpha, then the first of the two tied at 2
    comments = " ".join(str(r["c"]) for r in five.select(
        f"SELECT ?c WHERE {{ <{report.activity}> <http://www.w3.org/2000/01/rdf-schema#comment> ?c }}"))
    assert "best-ranked" in comments


def test_unknown_view_and_read_only_store(five: Store, tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="unknown view"):
        analyze(five, "everything")
    with Store.open(tmp_path / "s") as store:
        load_five(store)
    with Store.open(tmp_path / "s", read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        analyze(store, "actors")


def test_seed_central_actor_is_bmr(seed: Path, tmp_path: Path) -> None:
    store = copy_of(seed, tmp_path / "copy")
    try:
        analyze(store, "actors")
        rows = store.select(f"""SELECT DISTINCT ?e WHERE {{
                                 ?e <{RG}hasScore> ?s . ?s <{RG}measure> <{RG}pagerank> ;
                                 <{RG}rank> ?rank ; <{RG}view> "actors" FILTER(?rank = 1) }}""")
    finally:
        store.close()
    assert [str(r["e"]) for r in rows] == ["https://w3id.org/ruhrgraph/id/organisation/business-metropole-ruhr"]


def test_every_written_measure_is_a_declared_measure() -> None:
    assert {term for term, _, _ in MEASURES.values() if term} == {
        "degree", "weightedDegree", "betweenness", "closeness", "eigenvector", "pagerank", "community",
        "brokerage"}


def test_cli_prints_the_top_actors(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ruhrgraph.cli import app

    with Store.open(tmp_path / "store") as store:
        load_five(store)
    result = CliRunner().invoke(app, ["analyze", "--store", str(tmp_path / "store"), "--top", "2"])
    assert result.exit_code == 0, result.output
    assert "Alpha Technik GmbH" in result.output and "pagerank" in result.output
    bad = CliRunner().invoke(app, ["analyze", "--store", str(tmp_path / "store"), "--view", "nope"])
    assert bad.exit_code == 2 and "unknown view" in bad.output


def test_doctests() -> None:
    assert doctest.testmod(ruhrgraph.network.measures).failed == 0
