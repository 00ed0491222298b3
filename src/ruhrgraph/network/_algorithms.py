"""The numerical algorithms behind the network measures (private helper of :mod:`.measures`).

The view stays a networkx graph (the public model); :class:`Coded` turns it once into integer
codes — the sorted node list, NumPy arrays of edge ends and weights, an igraph graph — and the
heavy measures run in igraph's C core (python-igraph): betweenness, closeness, eigenvector,
PageRank, Leiden communities, articulation points, bridges, local transitivity and Burt's
constraint. Each function returns its values with a description of the
algorithm used; notes on sampling or estimates go into ``notes``. The tests check every one
against networkx's own implementation on small graphs.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

import igraph as ig
import networkx as nx
import numpy as np


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
    resolution: float = 1.0
    leiden_iterations: int = 2
    work_budget: int = 120_000_000
    min_pivots: int = 32
    closeness_pivots: int = 128
    write_limit: int = 2000

    def as_dict(self) -> dict[str, float | int]:
        return dict(sorted(self.__dict__.items()))


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph draws random numbers (Leiden; ARPACK's restarts) from a generator seeded with
    ``seed`` inside the block; its default generator (the ``random`` module) is restored after."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


class Coded:
    """A networkx view in integer codes: node ``i`` is ``nodes[i]`` (sorted IRIs), edge ``e``
    joins ``source[e]`` and ``target[e]`` with ``weight[e]``; ``graph`` is the igraph twin."""

    def __init__(self, graph: nx.Graph, nodes: list[str]) -> None:
        index = {iri: i for i, iri in enumerate(nodes)}
        m = graph.number_of_edges()
        edges = list(graph.edges(data="weight", default=1.0))
        ends = np.fromiter((index[x] for a, b, _ in edges for x in (a, b)), dtype=np.int64, count=2 * m)
        self._set(nodes, ends[0::2], ends[1::2], np.fromiter((w for _, _, w in edges), dtype=float, count=m))

    @classmethod
    def from_arrays(cls, nodes: list[str], source: np.ndarray, target: np.ndarray, weight: np.ndarray) -> Coded:
        """The coded view of edges already in codes (``source[e]``, ``target[e]`` index ``nodes``),
        in the order ``graph.edges()`` would give them."""
        coded = cls.__new__(cls)
        coded._set(nodes, np.asarray(source, dtype=np.int64), np.asarray(target, dtype=np.int64),
                   np.asarray(weight, dtype=float))
        return coded

    def _set(self, nodes: list[str], source: np.ndarray, target: np.ndarray, weight: np.ndarray) -> None:
        self.nodes = nodes
        self.source, self.target, self.weight = source, target, weight
        self.n, self.m = len(nodes), len(source)
        self.graph = ig.Graph(n=self.n, edges=np.stack([source, target], axis=1).tolist(), directed=False)
        self.weights = weight.tolist()  # igraph takes lists: converted once

    def values(self, array: np.ndarray | list[float]) -> dict[str, float]:
        return dict(zip(self.nodes, np.asarray(array, dtype=float).tolist(), strict=True))


def degrees(coded: Coded) -> tuple[dict[str, float], dict[str, float]]:
    """Degree and weighted degree (strength)."""
    g = coded.graph
    return coded.values(g.degree()), coded.values(g.strength(weights=coded.weights))


def betweenness(coded: Coded, s: Settings, notes: list[str]) -> tuple[dict[str, float], str]:
    """Betweenness, normalised like networkx (``2 / ((n-1)(n-2))`` for undirected views)."""
    n, m, g = coded.n, coded.m, coded.graph
    if n < 3:
        return coded.values(np.zeros(n)), "none (fewer than 3 nodes)"
    scale = 2.0 / ((n - 1) * (n - 2))
    if n * (n + m) <= s.work_budget:
        raw = np.asarray(g.betweenness(directed=False)) * scale
        algorithm = "igraph betweenness (Brandes, exact, unweighted; normalised like networkx)"
    else:
        k = min(n, max(s.min_pivots, s.work_budget // (n + m)))
        notes.append(f"betweenness sampled: {k} of {n} source nodes (seed {s.seed}), because "
                     f"n·(n+m) = {n * (n + m):,} exceeds the work budget {s.work_budget:,}")
        sources = sorted(random.Random(s.seed).sample(range(n), k))
        # igraph's subset betweenness from the sampled sources to every node; undirected pairs
        # count once there, so ×2 gives Brandes' dependency sums, ×n/k extrapolates them
        raw = np.asarray(g.betweenness(directed=False, sources=sources, targets=None)) * (2.0 * n / k) \
            * (scale / 2.0)
        algorithm = f"igraph subset betweenness, sampled (k={k}, seed={s.seed}), unweighted"
    return coded.values(raw), algorithm


def closeness(coded: Coded, s: Settings, notes: list[str]) -> tuple[dict[str, float], str]:
    """Wasserman–Faust closeness (networkx's default): ``(r-1)/(n-1) · (r-1)/Σd`` with ``r`` the
    nodes a node reaches; exact within the work budget, estimated from pivots past it."""
    n, m, g = coded.n, coded.m, coded.graph
    components = g.connected_components()
    membership = np.asarray(components.membership)
    reach = np.asarray(components.sizes())[membership] - 1
    wf = reach / max(n - 1, 1)
    if n * (n + m) <= s.work_budget:
        values = np.nan_to_num(np.asarray(g.closeness(mode="all", normalized=True), dtype=float)) * wf
        return coded.values(values), "igraph closeness (exact, Wasserman-Faust like networkx)"
    k = min(n, s.closeness_pivots)
    notes.append(f"closeness estimated from breadth-first searches of {k} pivot nodes (seed {s.seed})")
    pivots = sorted(random.Random(s.seed).sample(range(n), k))
    rows = g.distances(source=pivots, mode="all")
    dist = np.fromiter(chain.from_iterable(rows), dtype=float, count=k * n).reshape(k, n)
    finite = np.isfinite(dist) & (dist > 0)
    counted = finite.sum(axis=0)
    totals = np.where(finite, dist, 0.0).sum(axis=0)
    has = counted > 0
    avg = np.divide(totals, counted, out=np.zeros(n), where=has)
    values = np.divide(wf, avg, out=np.zeros(n), where=has)
    # components without a pivot are small: compute them exactly
    without = np.flatnonzero(~has & (reach > 0))
    if len(without):
        exact = np.nan_to_num(np.asarray(g.closeness(vertices=without.tolist(), mode="all", normalized=True),
                                         dtype=float))
        values[without] = exact * wf[without]
    return coded.values(values), f"pivot closeness estimate (igraph BFS, k={k}, seed={s.seed})"


def eigenvector(coded: Coded, s: Settings, notes: list[str]) -> tuple[dict[str, float], str]:
    """Leading eigenvector of the weighted adjacency matrix, L2-normalised, non-negative.

    igraph's ARPACK solver runs per connected component, largest possible eigenvalue first
    (the largest weighted degree bounds it), stopping once no other component can reach the
    largest eigenvalue found. On a disconnected view the result is what networkx's power
    iteration from the all-ones vector converges to: the scores concentrate on the components
    with the largest leading eigenvalue, each weighted by its eigenvector's sum.
    """
    n = coded.n
    if coded.m == 0:
        notes.append("eigenvector centrality is 0 everywhere: the view has no ties")
        return coded.values(np.zeros(n)), "none (no ties)"
    g = coded.graph
    strength = np.asarray(g.strength(weights=coded.weights))
    membership = np.asarray(g.connected_components().membership)
    tied = np.unique(membership[coded.source])  # the components with ties
    with seeded(s.seed):  # ARPACK's result differs in the last digits from run to run otherwise
        if len(tied) == 1:  # one component with ties (and isolates, which stay 0): all at once
            with warnings.catch_warnings():  # igraph warns of the isolates' zeros
                warnings.simplefilter("ignore", RuntimeWarning)
                vector, value = g.eigenvector_centrality(weights=coded.weights, return_eigenvalue=True)
            members = np.flatnonzero(membership == tied[0])
            found = [(float(value), members, np.asarray(vector, dtype=float)[members])]
            best = float(value)
        else:
            found, best = _eigen_per_component(coded, membership, strength)
    result = np.zeros(n)
    for value, members, vector in found:
        if value >= best * (1 - 1e-9):
            unit = np.abs(vector) / np.linalg.norm(vector)
            result[members] = unit * unit.sum()  # projection of all-ones onto the eigenvector
    result /= np.linalg.norm(result)
    if membership.max() > 0:
        notes.append("eigenvector centrality on a disconnected view: non-zero only in the component "
                     "with the largest leading eigenvalue")
    return coded.values(result), "igraph eigenvector centrality (ARPACK, weighted, per component)"


def _eigen_per_component(coded: Coded, membership: np.ndarray, strength: np.ndarray,
                         ) -> tuple[list[tuple[float, np.ndarray, np.ndarray]], float]:
    """``(eigenvalue, members, eigenvector)`` of the components that may hold the largest
    leading eigenvalue (the largest weighted degree of a component bounds its eigenvalue)."""
    edge_component = membership[coded.source]
    edge_order = np.argsort(edge_component, kind="stable")
    edge_bounds = np.searchsorted(edge_component[edge_order], np.arange(membership.max() + 2))
    node_order = np.argsort(membership, kind="stable")
    node_bounds = np.searchsorted(membership[node_order], np.arange(membership.max() + 2))
    bound = np.zeros(membership.max() + 1)
    np.maximum.at(bound, membership, strength)
    local = np.zeros(coded.n, dtype=np.int64)
    found: list[tuple[float, np.ndarray, np.ndarray]] = []
    best = 0.0
    for c in np.argsort(-bound, kind="stable").tolist():
        if bound[c] == 0 or bound[c] < best * (1 - 1e-9):
            break
        members = node_order[node_bounds[c]:node_bounds[c + 1]]
        edges = edge_order[edge_bounds[c]:edge_bounds[c + 1]]
        local[members] = np.arange(len(members))
        pairs = np.stack([local[coded.source[edges]], local[coded.target[edges]]], axis=1)
        sub = ig.Graph(n=len(members), edges=pairs.tolist(), directed=False)
        vector, value = sub.eigenvector_centrality(weights=coded.weight[edges].tolist(), return_eigenvalue=True)
        found.append((float(value), members, np.asarray(vector, dtype=float)))
        best = max(best, float(value))
    return found, best


def pagerank(coded: Coded, s: Settings) -> tuple[dict[str, float], str]:
    values = coded.graph.pagerank(directed=False, damping=s.pagerank_alpha, weights=coded.weights,
                                  implementation="prpack")
    return coded.values(values), f"igraph pagerank (PRPACK, damping={s.pagerank_alpha}, weight=articles)"


def communities(coded: Coded, s: Settings) -> tuple[list[list[str]], str]:
    """Leiden communities optimising modularity, weighted, ``s.leiden_iterations`` iterations;
    igraph draws its random numbers from a generator seeded with ``s.seed``."""
    with seeded(s.seed):
        found = coded.graph.community_leiden(objective_function="modularity", weights=coded.weights,
                                             resolution=s.resolution, n_iterations=s.leiden_iterations)
    groups: dict[int, list[str]] = {}
    for iri, label in zip(coded.nodes, found.membership, strict=True):
        groups.setdefault(label, []).append(iri)
    ordered = sorted((sorted(c) for c in groups.values()), key=lambda c: (-len(c), c[0]))
    algorithm = (f"igraph Leiden, modularity (resolution={s.resolution}, {s.leiden_iterations} iterations, "
                 f"seed={s.seed}, weighted)")
    return ordered, algorithm


def articulation(coded: Coded) -> tuple[set[str], list[tuple[str, str]]]:
    """Cut vertices and bridge ties (each tie as a sorted pair of IRIs, sorted)."""
    g, nodes = coded.graph, coded.nodes
    cut = {nodes[i] for i in g.articulation_points()}
    ends = g.get_edgelist()
    bridges = sorted(tuple(sorted((nodes[ends[e][0]], nodes[ends[e][1]]))) for e in g.bridges())
    return cut, [(a, b) for a, b in bridges]


def brokerage(coded: Coded) -> tuple[dict[str, float], dict[str, float]]:
    """Burt's effective size and constraint for an undirected, unweighted view (isolates left out).

    Effective size: ``deg - 2 t / deg`` with ``t`` the ties among the neighbours (igraph's local
    transitivity times ``deg (deg - 1) / 2``). Constraint: igraph's Burt constraint without
    weights, ``sum_j (p_ij + sum_q p_iq p_qj)^2`` over neighbours ``j``, ``p_ij = 1 / deg_i``.
    """
    g = coded.graph
    deg = np.asarray(g.degree(), dtype=float)
    triangles = np.rint(np.asarray(g.transitivity_local_undirected(mode="zero")) * deg * (deg - 1) / 2)
    constraint = np.asarray(g.constraint(), dtype=float)
    effective: dict[str, float] = {}
    constrained: dict[str, float] = {}
    for i in np.flatnonzero(deg > 0).tolist():
        effective[coded.nodes[i]] = float(deg[i] - 2 * triangles[i] / deg[i])
        constrained[coded.nodes[i]] = float(constraint[i])
    return effective, constrained
