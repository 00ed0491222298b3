"""Network measures of a projected view, written back into the store as RDF.

:func:`compute` is pure: it takes a networkx graph from :func:`ruhrgraph.project.project`
and returns an :class:`AnalysisReport`. :func:`analyze` projects a view of the store, computes,
and replaces that view's scores in the ``…/graph/analytics`` named graph (one transaction)::

    ?entity rg:hasScore ?score .
    ?score a rg:Score ; rg:measure rg:pagerank ; rg:value "0.21"^^xsd:double ; rg:rank 1 ;
           rg:view "actors" ; prov:wasGeneratedBy ?activity .
    ?activity a rg:AnalysisActivity, prov:Activity ; rdfs:label "network analysis of the actors view"@en ;
              rdfs:comment "graph size: 31 nodes, 54 ties"@en, "parameters: {…}"@en,
                           "algorithm of pagerank: networkx.pagerank (alpha=0.85 …)"@en, … ;
              prov:startedAtTime … ; prov:endedAtTime … ; prov:wasAssociatedWith <…ruhrgraph-analytics-v1> .

Every value is an ``xsd:double`` (community numbers too), ranks are ``xsd:integer``; only the
measures the ontology declares (``rg:degree`` … ``rg:brokerage``) are written, the others stay
in the report and the exports.

Measures (``weight`` = supporting articles):

=================  ==================================================================  ========
measure            algorithm                                                            weighted
=================  ==================================================================  ========
degree             number of neighbours                                                 no
weighted_degree    sum of the edge weights                                              yes
betweenness        Brandes, normalised; sampled with ``k`` seeded sources past a size    no
                   threshold (the report says so); batched BFS on SciPy sparse matrices
closeness          Wasserman–Faust; estimated from seeded pivot BFS past the threshold  no
eigenvector        ARPACK (scipy), L2-normalised                                        yes
pagerank           damping 0.85                                                          yes
community          Louvain (seeded); label propagation past a size threshold            yes
brokerage          1 − Burt's constraint (high = links groups otherwise unlinked)        no
effective_size     Burt's effective size (non-redundant contacts; exports only)          no
constraint         Burt's constraint (exports only)                                      no
articulation       cut vertex: removing it disconnects the network (a bridging actor)    no
=================  ==================================================================  ========

Scores of every numeric measure are ranked (1 = highest; ties share a rank, the next rank
skips). IRIs of scores and activities are deterministic (:func:`ruhrgraph.iri.mint_hashed`);
the activity's time is ``SOURCE_DATE_EPOCH`` when that is set, so rebuilt dumps are identical.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import eigsh

from ruhrgraph import __version__
from ruhrgraph.errors import ParameterError, StoreError
from ruhrgraph.iri import graph_iri, mint, mint_hashed
from ruhrgraph.network.views import VIEWS, project
from ruhrgraph.store.local import Store

T = TypeVar("T")

SOFTWARE = "ruhrgraph.analytics.v1"
"""Versioned name of this analysis, recorded in the provenance of every score."""

RG = "https://w3id.org/ruhrgraph/ontology#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
SCHEMA_VERSION = "https://schema.org/softwareVersion"

# measure name -> (rg: term written to the store or "" for report and exports only, datatype, ranked)
MEASURES: dict[str, tuple[str, str, bool]] = {
    "degree": ("degree", "integer", True),
    "weighted_degree": ("weightedDegree", "double", True),
    "betweenness": ("betweenness", "double", True),
    "closeness": ("closeness", "double", True),
    "eigenvector": ("eigenvector", "double", True),
    "pagerank": ("pagerank", "double", True),
    "community": ("community", "integer", False),
    "brokerage": ("brokerage", "double", True),
    "effective_size": ("", "double", True),
    "constraint": ("", "double", True),
    "articulation": ("", "boolean", False),
}
"""Every measure :func:`compute` produces: the ``rg:`` measure it is written as (the ontology's
``rg:Measure`` individuals; empty for measures kept in reports and exports only), the type of
its value in exports, and whether it is ranked. In the store every value is an ``xsd:double``."""

ONTOLOGY_TERMS = ("Score", "AnalysisActivity", "hasScore", "measure", "value", "rank", "view",
                  *(term for term, _, _ in MEASURES.values() if term))
"""The ``rg:`` terms this module writes (checked against the ontology by the tests)."""


@dataclass(frozen=True)
class Settings:
    """Parameters of the analysis; all of them are recorded in the activity.

    ``work_budget`` bounds the path-based measures, counted in node and edge visits of
    breadth-first searches: betweenness and closeness are exact while ``n * (n + m)`` stays
    within it; past it betweenness samples ``k = max(min_pivots, work_budget // (n + m))``
    sources and closeness ``closeness_pivots`` pivots — an adaptive, deterministic choice
    (no timing involved), said in the report and in the activity.

    ``write_limit`` bounds what goes into the store: per measure the scores of the
    ``write_limit`` best-ranked nodes (all of them up to that size); exports carry every score.
    """

    seed: int = 42
    pagerank_alpha: float = 0.85
    pagerank_tol: float = 1e-10
    louvain_resolution: float = 1.0
    louvain_edge_limit: int = 100_000
    work_budget: int = 120_000_000
    min_pivots: int = 32
    closeness_pivots: int = 128
    write_limit: int = 2000

    def as_dict(self) -> dict[str, float | int]:
        return dict(sorted(self.__dict__.items()))


@dataclass
class AnalysisReport:
    """What :func:`compute` found (and :func:`analyze` wrote)."""

    view: str
    node_count: int
    edge_count: int
    labels: dict[str, str]
    scores: dict[str, dict[str, float]]
    ranks: dict[str, dict[str, int]]
    communities: list[list[str]]
    bridges: list[tuple[str, str]]
    algorithms: dict[str, str]
    settings: Settings
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    activity: str = ""
    triples_written: int = 0

    def top(self, measure: str, n: int = 5) -> list[tuple[str, str, float, int]]:
        """The ``n`` best-ranked nodes for ``measure`` as ``(iri, label, value, rank)``."""
        if measure not in self.ranks:
            raise KeyError(f"{measure!r} is not ranked; ranked measures: {', '.join(self.ranks)}")
        order = sorted(self.ranks[measure].items(), key=lambda kv: (kv[1], self.labels.get(kv[0], ""), kv[0]))
        return [(iri, self.labels.get(iri, iri), self.scores[measure][iri], rank)
                for iri, rank in order[:n]]

    @property
    def bridging_actors(self) -> list[str]:
        """Cut vertices, the strongest brokers first (by betweenness)."""
        cut = [iri for iri, v in self.scores.get("articulation", {}).items() if v]
        between = self.scores.get("betweenness", {})
        return sorted(cut, key=lambda iri: (-between.get(iri, 0.0), self.labels.get(iri, ""), iri))


# -- measures --------------------------------------------------------------------------------
def _adjacency(graph: nx.Graph, nodes: list[str], weight: str | None) -> sp.csr_array:
    return nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, format="csr", dtype=float)


def _brandes(adjacency: sp.csr_array, sources: list[int], batch: int = 32) -> np.ndarray:
    """Brandes' dependency sums from ``sources`` on an unweighted, undirected graph.

    Breadth-first search and back-propagation run for ``batch`` sources at once as sparse
    matrix products (SciPy), level by level — the same numbers as
    :func:`networkx.betweenness_centrality`, an order of magnitude faster.
    """
    n = adjacency.shape[0]
    total = np.zeros(n)
    for start in range(0, len(sources), batch):
        src = np.asarray(sources[start:start + batch])
        cols = np.arange(len(src))
        dist = np.full((n, len(src)), -1, dtype=np.int32)
        dist[src, cols] = 0
        frontier = np.zeros((n, len(src)))
        frontier[src, cols] = 1.0
        sigma = frontier.copy()  # number of shortest paths from the source
        level = 0
        while True:
            reached = adjacency @ frontier
            new = (reached > 0) & (dist < 0)
            if not new.any():
                break
            level += 1
            dist[new] = level
            frontier = np.where(new, reached, 0.0)
            sigma += frontier
        delta = np.zeros((n, len(src)))
        safe = np.where(sigma > 0, sigma, 1.0)
        for depth in range(level, 0, -1):
            coefficient = np.where(dist == depth, (1.0 + delta) / safe, 0.0)
            delta += np.where(dist == depth - 1, sigma * (adjacency @ coefficient), 0.0)
        delta[src, cols] = 0.0
        total += delta.sum(axis=1)
    return total


def _betweenness(nodes: list[str], adjacency: sp.csr_array, m: int, s: Settings,
                 notes: list[str]) -> tuple[dict[str, float], str]:
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0), "none (fewer than 3 nodes)"
    scale = 1.0 / ((n - 1) * (n - 2))  # networkx's normalisation for undirected graphs
    if n * (n + m) <= s.work_budget:
        raw = _brandes(adjacency, list(range(n)))
        algorithm = "Brandes, exact, unweighted (SciPy batched BFS; normalised like networkx)"
    else:
        k = min(n, max(s.min_pivots, s.work_budget // (n + m)))
        notes.append(f"betweenness sampled: {k} of {n} source nodes (seed {s.seed}), because "
                     f"n·(n+m) = {n * (n + m):,} exceeds the work budget {s.work_budget:,}")
        sources = sorted(random.Random(s.seed).sample(range(n), k))
        raw = _brandes(adjacency, sources) * (n / k)
        algorithm = f"Brandes, sampled (k={k}, seed={s.seed}), unweighted (SciPy batched BFS)"
    return dict(zip(nodes, (raw * scale).tolist(), strict=True)), algorithm


def _closeness(graph: nx.Graph, nodes: list[str], adjacency: sp.csr_array, s: Settings,
               notes: list[str]) -> tuple[dict[str, float], str]:
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    if n * (n + m) <= s.work_budget:
        return nx.closeness_centrality(graph), "networkx.closeness_centrality (exact, Wasserman-Faust)"
    k = min(n, s.closeness_pivots)
    notes.append(f"closeness estimated from breadth-first searches of {k} pivot nodes (seed {s.seed})")
    _, labels = csgraph.connected_components(adjacency, directed=False)
    sizes = np.bincount(labels)
    pivots = np.array(sorted(random.Random(s.seed).sample(range(n), k)))
    dist = csgraph.shortest_path(adjacency, directed=False, unweighted=True, indices=pivots)
    finite = np.isfinite(dist) & (dist > 0)
    counted = finite.sum(axis=0)
    totals = np.where(finite, dist, 0.0).sum(axis=0)
    values = np.zeros(n)
    has = counted > 0
    reach = sizes[labels] - 1
    avg = np.divide(totals, counted, out=np.zeros(n), where=has)
    values[has] = (reach[has] / max(n - 1, 1)) / avg[has]
    # components without a pivot are small: compute them exactly
    without = sorted({int(c) for c in labels[~has & (reach > 0)]})
    if without:
        by_comp: dict[int, list[str]] = {}
        for i, c in enumerate(labels):
            if int(c) in without:
                by_comp.setdefault(int(c), []).append(nodes[i])
        index = {iri: i for i, iri in enumerate(nodes)}
        for members in by_comp.values():
            sub = graph.subgraph(members)
            for iri, v in nx.closeness_centrality(sub).items():
                values[index[iri]] = v * (len(members) - 1) / max(n - 1, 1)
    return dict(zip(nodes, values.tolist(), strict=True)), f"pivot closeness estimate (k={k}, seed={s.seed})"


def _eigenvector(graph: nx.Graph, nodes: list[str], matrix: sp.csr_array,
                 notes: list[str]) -> tuple[dict[str, float], str]:
    """Leading eigenvector of the weighted adjacency matrix, L2-normalised, non-negative.

    On a disconnected view this is what power iteration from the all-ones vector converges to
    (the scores concentrate on the component with the largest leading eigenvalue), computed
    with a dense symmetric solver for small views and ARPACK (started from all-ones, so
    deterministic) for large ones.
    """
    if graph.number_of_edges() == 0:
        notes.append("eigenvector centrality is 0 everywhere: the view has no ties")
        return dict.fromkeys(nodes, 0.0), "none (no ties)"
    n = len(nodes)
    ones = np.ones(n) / math.sqrt(n)
    if n <= 2000:
        values, vectors = np.linalg.eigh(matrix.toarray())
        top = values[-1]
        basis = vectors[:, np.isclose(values, top, rtol=1e-9, atol=1e-12)]
        vector = basis @ (basis.T @ ones)  # the projection power iteration converges to
        algorithm = "leading eigenvector (numpy.linalg.eigh, weighted)"
    else:
        _, found = eigsh(matrix, k=1, which="LA", v0=ones, tol=1e-10, maxiter=10_000)
        vector = found[:, 0]
        algorithm = "leading eigenvector (scipy ARPACK eigsh, weighted)"
    vector = np.abs(vector)
    vector[vector < 1e-13] = 0.0
    norm = np.linalg.norm(vector)
    if norm == 0:
        notes.append("eigenvector centrality is 0 everywhere")
        return dict.fromkeys(nodes, 0.0), algorithm
    if nx.number_connected_components(graph) > 1:
        notes.append("eigenvector centrality on a disconnected view: non-zero only in the component "
                     "with the largest leading eigenvalue")
    return dict(zip(nodes, (vector / norm).tolist(), strict=True)), algorithm


def _label_propagation(weights: sp.csr_array, seed: int, max_rounds: int = 200) -> np.ndarray:
    """Seeded semi-synchronous label propagation on a weighted, undirected graph (NumPy).

    In each round a random half of the nodes (seeded) takes the label with the largest total
    tie weight among its neighbours; a node keeps its label when that label is among the
    best, other ties are broken by seeded noise. Stops when no node wants to change.
    """
    n = weights.shape[0]
    coo = weights.tocoo()
    rows, cols, w = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(float)
    labels = np.arange(n, dtype=np.int64)
    rng = np.random.default_rng(seed)
    for _ in range(max_rounds):
        keys = rows * n + labels[cols]
        unique, inverse = np.unique(keys, return_inverse=True)
        sums = np.bincount(inverse, weights=w)
        node, label = unique // n, unique % n
        sums = sums + rng.random(len(sums)) * 1e-7 + (label == labels[node]) * 2e-7
        order = np.lexsort((-sums, node))
        first = order[np.r_[True, node[order][1:] != node[order][:-1]]]
        best = labels.copy()
        best[node[first]] = label[first]
        wanting = best != labels
        if not wanting.any():
            break
        move = wanting & (rng.random(n) < 0.5)
        labels = np.where(move, best, labels)
    return labels


def _communities(graph: nx.Graph, nodes: list[str], weights: sp.csr_array, s: Settings,
                 notes: list[str]) -> tuple[list[list[str]], str]:
    if graph.number_of_edges() <= s.louvain_edge_limit:
        found = nx.community.louvain_communities(graph, weight="weight", resolution=s.louvain_resolution,
                                                 seed=s.seed)
        algorithm = f"networkx.louvain_communities (resolution={s.louvain_resolution}, seed={s.seed})"
    else:
        notes.append(f"communities by label propagation instead of Louvain: {graph.number_of_edges():,} "
                     f"ties exceed the Louvain limit of {s.louvain_edge_limit:,}")
        labels = _label_propagation(weights, s.seed)
        groups: dict[int, list[str]] = {}
        for iri, label in zip(nodes, labels.tolist(), strict=True):
            groups.setdefault(label, []).append(iri)
        found = list(groups.values())
        algorithm = f"label propagation, semi-synchronous, weighted (NumPy, seed={s.seed})"
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return ordered, algorithm


def _brokerage(adjacency: sp.csr_array, nodes: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Burt's effective size and constraint for an undirected, unweighted view (isolates left out).

    Effective size: ``deg - 2 t / deg`` with ``t`` the ties among the neighbours.
    Constraint: ``sum_j (p_ij + sum_q p_iq p_qj)^2`` over neighbours ``j``, ``p_ij = 1 / deg_i``.
    """
    a = (adjacency != 0).astype(float)
    a.setdiag(0)
    a.eliminate_zeros()
    a = sp.csr_array(a)
    deg = np.asarray(a.sum(axis=1)).ravel()
    triangles = np.asarray((a @ a).multiply(a).sum(axis=1)).ravel() / 2
    inv = np.divide(1.0, deg, out=np.zeros_like(deg), where=deg > 0)
    p = sp.csr_array(sp.diags_array(inv) @ a)
    indirect = sp.csr_array((p @ p).multiply(a))
    constraint = np.asarray((p + indirect).power(2).sum(axis=1)).ravel()
    effective: dict[str, float] = {}
    constrained: dict[str, float] = {}
    for i, iri in enumerate(nodes):
        if deg[i] > 0:
            effective[iri] = float(deg[i] - 2 * triangles[i] / deg[i])
            constrained[iri] = float(constraint[i])
    return effective, constrained


def rank(values: dict[str, float]) -> dict[str, int]:
    """Competition ranks, highest value first (``1, 2, 2, 4``); values equal to 12 digits tie.

    >>> rank({"a": 0.5, "b": 0.9, "c": 0.5})
    {'b': 1, 'a': 2, 'c': 2}
    """
    keyed = sorted(values, key=lambda k: (-round(values[k], 12), k))
    ranks: dict[str, int] = {}
    previous: float | None = None
    current = 0
    for position, key in enumerate(keyed, start=1):
        value = round(values[key], 12)
        if value != previous:
            current, previous = position, value
        ranks[key] = current
    return ranks


def _timed(timings: dict[str, float], name: str, func: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = func()
    timings[name] = round(time.perf_counter() - start, 4)
    return result


def compute(graph: nx.Graph, settings: Settings | None = None) -> AnalysisReport:
    """Compute every measure of :data:`MEASURES` on a projected view.

    Args:
        graph: an undirected graph from :func:`ruhrgraph.project.project` (``weight`` on edges,
            ``label`` on nodes; ``graph.graph["view"]`` names the view).
        settings: algorithm parameters (defaults: seed 42, damping 0.85 …).

    Returns:
        The report; the same graph and settings always give the same report.
    """
    s = settings or Settings()
    notes: list[str] = []
    timings: dict[str, float] = {}
    nodes = sorted(graph)
    labels = {iri: str(graph.nodes[iri].get("label", iri)) for iri in nodes}
    view = str(graph.graph.get("view", "actors"))
    scores: dict[str, dict[str, float]] = {}
    algorithms: dict[str, str] = {}
    if not nodes:
        return AnalysisReport(view, 0, 0, labels, {m: {} for m in MEASURES}, {}, [], [], {}, s,
                              ["the view is empty: nothing to measure"])
    weighted = _timed(timings, "adjacency", lambda: _adjacency(graph, nodes, weight="weight"))
    adjacency = weighted.copy()
    adjacency.data = np.ones_like(adjacency.data)

    scores["degree"] = {iri: float(d) for iri, d in graph.degree()}
    algorithms["degree"] = "networkx degree"
    scores["weighted_degree"] = {iri: float(d) for iri, d in graph.degree(weight="weight")}
    algorithms["weighted_degree"] = "networkx degree (weight = supporting articles)"
    scores["betweenness"], algorithms["betweenness"] = _timed(
        timings, "betweenness", lambda: _betweenness(nodes, adjacency, graph.number_of_edges(), s, notes))
    scores["closeness"], algorithms["closeness"] = _timed(
        timings, "closeness", lambda: _closeness(graph, nodes, adjacency, s, notes))
    scores["eigenvector"], algorithms["eigenvector"] = _timed(
        timings, "eigenvector", lambda: _eigenvector(graph, nodes, weighted, notes))
    scores["pagerank"] = _timed(timings, "pagerank", lambda: nx.pagerank(
        graph, alpha=s.pagerank_alpha, weight="weight", tol=s.pagerank_tol, max_iter=10_000))
    algorithms["pagerank"] = f"networkx.pagerank (alpha={s.pagerank_alpha}, weight=articles)"
    communities, algorithms["community"] = _timed(
        timings, "community", lambda: _communities(graph, nodes, weighted, s, notes))
    scores["community"] = {iri: float(i) for i, members in enumerate(communities, start=1)
                           for iri in members}
    effective, constraint = _timed(timings, "brokerage", lambda: _brokerage(adjacency, nodes))
    scores["effective_size"], scores["constraint"] = effective, constraint
    scores["brokerage"] = {iri: 1.0 - c for iri, c in constraint.items()}
    algorithms["brokerage"] = "1 - Burt's constraint (unweighted)"
    algorithms["effective_size"] = "Burt's effective size (unweighted)"
    algorithms["constraint"] = "Burt's constraint (unweighted)"
    cut = _timed(timings, "articulation", lambda: set(nx.articulation_points(graph)))
    scores["articulation"] = {iri: 1.0 if iri in cut else 0.0 for iri in nodes}
    algorithms["articulation"] = "networkx.articulation_points"
    if graph.number_of_edges() <= s.louvain_edge_limit:
        bridges = _timed(timings, "bridges", lambda: sorted(tuple(sorted(e)) for e in nx.bridges(graph)))
    else:
        bridges = []
        notes.append(f"bridge ties not listed: {graph.number_of_edges():,} ties exceed "
                     f"{s.louvain_edge_limit:,}")

    scores = {m: {iri: float(v) for iri, v in sorted(scores[m].items())} for m in MEASURES}
    ranks = {m: rank(scores[m]) for m, (_, _, ranked) in MEASURES.items() if ranked}
    if len(nodes) > s.write_limit:
        notes.append(f"the store keeps the scores of the {s.write_limit:,} best-ranked of {len(nodes):,} "
                     "nodes per measure; exports carry all of them")
    return AnalysisReport(view=view, node_count=len(nodes), edge_count=graph.number_of_edges(),
                          labels=labels, scores=scores, ranks=ranks, communities=communities,
                          bridges=bridges, algorithms=algorithms, settings=s, notes=notes,
                          timings=timings)


# -- writing ---------------------------------------------------------------------------------
def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def _double(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        text = "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    else:
        text = repr(float(value))
    return f'"{text}"^^<{XSD}double>'


def _written_nodes(report: AnalysisReport) -> dict[str, list[str]]:
    """Per measure, the nodes whose scores go into the store (see ``Settings.write_limit``)."""
    limit = report.settings.write_limit
    chosen: dict[str, list[str]] = {}
    for measure in MEASURES:
        if measure in report.ranks:
            order = sorted(report.ranks[measure].items(), key=lambda kv: (kv[1], kv[0]))
            chosen[measure] = sorted(iri for iri, _ in order[:limit])
    union = sorted(set().union(*chosen.values())) if chosen else sorted(report.labels)
    for measure in MEASURES:
        chosen.setdefault(measure, [iri for iri in union if iri in report.scores[measure]])
    return chosen


def activity_iri(view: str) -> str:
    """The IRI of the analysis activity of ``view`` (one per view, replaced on every run)."""
    return str(mint_hashed("activity", f"analysis-{view}", view))


def score_triples(report: AnalysisReport, started: datetime, ended: datetime) -> list[str]:
    """The analytics-graph triples of ``report`` as N-Triples lines (generate, then write)."""
    view_lit = json.dumps(report.view)
    act = activity_iri(report.view)
    software = str(mint("software", SOFTWARE))
    comments = [f"graph size: {report.node_count} nodes, {report.edge_count} ties",
                f"parameters: {json.dumps(report.settings.as_dict(), sort_keys=True)}",
                *(f"algorithm of {m}: {a}" for m, a in sorted(report.algorithms.items())),
                *report.notes]
    lines = [
        f"<{act}> <{RDF_TYPE}> <{RG}AnalysisActivity> .",
        f"<{act}> <{RDF_TYPE}> <{PROV}Activity> .",
        f"<{act}> <{RDFS_LABEL}> {json.dumps(f'network analysis of the {report.view} view')}@en .",
        *(f"<{act}> <{RDFS_COMMENT}> {json.dumps(c)}@en ." for c in comments),
        f"<{act}> <{PROV}startedAtTime> \"{started.isoformat()}\"^^<{XSD}dateTime> .",
        f"<{act}> <{PROV}endedAtTime> \"{ended.isoformat()}\"^^<{XSD}dateTime> .",
        f"<{act}> <{PROV}wasAssociatedWith> <{software}> .",
        f"<{software}> <{RDF_TYPE}> <{PROV}SoftwareAgent> .",
        f"<{software}> <{RDFS_LABEL}> {json.dumps(SOFTWARE)} .",
        f"<{software}> <{SCHEMA_VERSION}> {json.dumps(__version__)} .",
    ]
    chosen = _written_nodes(report)
    for measure, (term, _, _) in MEASURES.items():
        if not term:
            continue
        for iri in chosen[measure]:
            value = report.scores[measure][iri]
            ranked = measure in report.ranks
            score = str(mint_hashed("score", report.view, iri, measure))
            lines += [
                f"<{iri}> <{RG}hasScore> <{score}> .",
                f"<{score}> <{RDF_TYPE}> <{RG}Score> .",
                f"<{score}> <{RG}measure> <{RG}{term}> .",
                f"<{score}> <{RG}value> {_double(value)} .",
                f"<{score}> <{RG}view> {view_lit} .",
                f"<{score}> <{PROV}wasGeneratedBy> <{act}> .",
            ]
            if ranked:
                position = report.ranks[measure][iri]
                lines.append(f"<{score}> <{RG}rank> \"{position}\"^^<{XSD}integer> .")
    return lines


def _replace_view_update(view: str, lines: list[str]) -> str:
    g = f"<{graph_iri('analytics')}>"
    act = f"<{activity_iri(view)}>"
    view_lit = json.dumps(view)
    return (
        f"DELETE {{ GRAPH {g} {{ ?e <{RG}hasScore> ?s . ?s ?p ?o }} }}\n"
        f"WHERE {{ GRAPH {g} {{ ?s <{RG}view> {view_lit} ; ?p ?o .\n"
        f"  OPTIONAL {{ ?e <{RG}hasScore> ?s }} }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {g} {{ {act} ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH {g} {{\n" + "\n".join(lines) + "\n} }"
    )


_TIME_PREDICATES = ("http://www.w3.org/ns/prov#startedAtTime", "http://www.w3.org/ns/prov#endedAtTime")


def _unchanged(store: Store, activity: str, lines: list[str]) -> bool:
    """Do the stored analytics of this view equal ``lines`` (activity times aside, values compared
    as values, since the store normalises literal datatypes)?"""
    from rdflib import Graph, Literal

    target = graph_iri("analytics")
    if not store.has_graph(target):
        return False

    def key(t: tuple) -> tuple:
        s_, p_, o_ = t
        return (s_, p_, o_.toPython() if isinstance(o_, Literal) else o_)

    fresh = Graph()
    fresh.parse(data="\n".join(lines), format="nt")
    subjects = set(fresh.subjects())
    new = {key(t) for t in fresh if str(t[1]) not in _TIME_PREDICATES}
    old = {key(t) for t in store.triples(target) if t[0] in subjects and str(t[1]) not in _TIME_PREDICATES}
    return old == new


def analyze(store: Store, view: str = "actors", settings: Settings | None = None) -> AnalysisReport:
    """Project ``view`` from ``store``, compute the measures, write them to ``graph/analytics``.

    The scores and the activity of ``view`` are replaced in one transaction; other views'
    scores stay. The store must be open for writing.

    Raises:
        ParameterError: unknown view.
        StoreError: the store is read-only or the update failed (nothing is changed then).
    """
    if view not in VIEWS:
        raise ParameterError(f"unknown view {view!r}; known views: {', '.join(VIEWS)}")
    if store.read_only:
        raise StoreError(f"store {store.path} is open read-only; analyze needs to write")
    started = _now()
    timings: dict[str, float] = {}
    graph = _timed(timings, "projection", lambda: project(store, view, lean=True))
    report = compute(graph, settings)
    report.timings = {**timings, **report.timings}
    ended = _now() if not os.environ.get("SOURCE_DATE_EPOCH") else started
    lines = score_triples(report, started, ended)
    report.activity = activity_iri(view)
    report.triples_written = 0
    if _unchanged(store, report.activity, lines):
        # the same scores as stored: keep the earlier activity (and its times), so that building
        # again on unchanged input changes nothing
        return report
    update = _replace_view_update(view, lines)
    start = time.perf_counter()
    try:
        store.update(update)
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"could not write the analytics of view {view!r}: {exc}") from exc
    report.timings["write"] = round(time.perf_counter() - start, 4)
    report.activity = activity_iri(view)
    report.triples_written = len(lines)
    return report


__all__ = ["MEASURES", "SOFTWARE", "AnalysisReport", "Settings", "activity_iri", "analyze", "compute",
           "rank", "score_triples"]
