"""The numerical algorithms behind the network measures (private helper of :mod:`.measures`).

Each takes a view (a networkx graph, its sorted node list, its adjacency as a SciPy sparse matrix)
and the :class:`Settings`, and returns the values per node with a
description of the algorithm used; notes on sampling or estimates go into ``notes``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import eigsh


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


def adjacency(graph: nx.Graph, nodes: list[str], weight: str | None) -> sp.csr_array:
    return nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, format="csr", dtype=float)


def brandes(adjacency: sp.csr_array, sources: list[int], batch: int = 32) -> np.ndarray:
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


def betweenness(nodes: list[str], adjacency: sp.csr_array, m: int, s: Settings,
                 notes: list[str]) -> tuple[dict[str, float], str]:
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0), "none (fewer than 3 nodes)"
    scale = 1.0 / ((n - 1) * (n - 2))  # networkx's normalisation for undirected graphs
    if n * (n + m) <= s.work_budget:
        raw = brandes(adjacency, list(range(n)))
        algorithm = "Brandes, exact, unweighted (SciPy batched BFS; normalised like networkx)"
    else:
        k = min(n, max(s.min_pivots, s.work_budget // (n + m)))
        notes.append(f"betweenness sampled: {k} of {n} source nodes (seed {s.seed}), because "
                     f"n·(n+m) = {n * (n + m):,} exceeds the work budget {s.work_budget:,}")
        sources = sorted(random.Random(s.seed).sample(range(n), k))
        raw = brandes(adjacency, sources) * (n / k)
        algorithm = f"Brandes, sampled (k={k}, seed={s.seed}), unweighted (SciPy batched BFS)"
    return dict(zip(nodes, (raw * scale).tolist(), strict=True)), algorithm


def closeness(graph: nx.Graph, nodes: list[str], adjacency: sp.csr_array, s: Settings,
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


def eigenvector(graph: nx.Graph, nodes: list[str], matrix: sp.csr_array,
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


def label_propagation(weights: sp.csr_array, seed: int, max_rounds: int = 200) -> np.ndarray:
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


def communities(graph: nx.Graph, nodes: list[str], weights: sp.csr_array, s: Settings,
                 notes: list[str]) -> tuple[list[list[str]], str]:
    if graph.number_of_edges() <= s.louvain_edge_limit:
        found = nx.community.louvain_communities(graph, weight="weight", resolution=s.louvain_resolution,
                                                 seed=s.seed)
        algorithm = f"networkx.louvain_communities (resolution={s.louvain_resolution}, seed={s.seed})"
    else:
        notes.append(f"communities by label propagation instead of Louvain: {graph.number_of_edges():,} "
                     f"ties exceed the Louvain limit of {s.louvain_edge_limit:,}")
        labels = label_propagation(weights, s.seed)
        groups: dict[int, list[str]] = {}
        for iri, label in zip(nodes, labels.tolist(), strict=True):
            groups.setdefault(label, []).append(iri)
        found = list(groups.values())
        algorithm = f"label propagation, semi-synchronous, weighted (NumPy, seed={s.seed})"
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return ordered, algorithm


def brokerage(adjacency: sp.csr_array, nodes: list[str]) -> tuple[dict[str, float], dict[str, float]]:
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
