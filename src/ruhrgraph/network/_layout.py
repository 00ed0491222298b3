"""Layout and label placement for the exports (private helper of :mod:`.export`).

:func:`layout` gives the seeded node positions of GEXF files and pictures.
Labels go to the most central nodes first. Each label tries eight places around its node
(above, below, right, left, then the corners); it takes the first place where its box (measured
by the renderer, in pixels) overlaps no label placed before, no node disc and stays inside the
axes; a label that fits nowhere is left out. So the picture shows fewer labels rather than
labels on top of each other.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import MutableMapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Text


def _ordered_subgraph(graph: nx.Graph, members: list[str]) -> nx.Graph:
    """The subgraph on ``members`` with nodes and edges in sorted order: layouts iterate nodes in
    insertion order, which must not depend on the order the store returned them in."""
    sub = nx.Graph()
    sub.add_nodes_from(members)
    keep = set(members)
    edges = sorted((min(u, v), max(u, v)) for u, v in graph.edges(members) if u in keep and v in keep)
    sub.add_edges_from((u, v, graph.edges[u, v]) for u, v in edges)
    return sub


def layout(graph: nx.Graph, seed: int = 42, *,
           cache: MutableMapping[str, Any] | None = None) -> dict[str, tuple[float, float]]:
    """A deterministic layout: each connected component laid out on its own (Kamada–Kawai up to
    300 nodes, a seeded spring layout beyond), scaled by its size and packed in rows, the
    largest first — so isolates do not squash the network into a corner.

    With a ``cache`` (a mapping kept between exports), a layout is looked up by the digest of
    everything it depends on (:func:`layout_key`) and computed only when missing.
    """
    if cache is None:
        return _layout(graph, seed)
    key = layout_key(graph, seed)
    found = cache.get(key)
    if isinstance(found, dict) and found.keys() == set(graph) and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(c, float) for c in p) for p in found.values()):
        return {n: (x, y) for n, (x, y) in found.items()}
    positions = _layout(graph, seed)
    cache[key] = {n: [x, y] for n, (x, y) in positions.items()}
    return positions


def layout_key(graph: nx.Graph, seed: int) -> str:
    """What a layout depends on, as a digest: this code, the libraries that compute it, the seed,
    the nodes and the ties with their weights."""
    digest = hashlib.sha256(repr((seed, nx.__version__, np.__version__, _scipy_version())).encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(repr(sorted(graph)).encode())
    ties = sorted((min(a, b), max(a, b), float(w)) for a, b, w in graph.edges(data="weight", default=1.0))
    digest.update(repr(ties).encode())
    return digest.hexdigest()


def _scipy_version() -> str:
    import scipy

    return str(scipy.__version__)


def _layout(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    if graph.number_of_nodes() == 0:
        return {}
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    largest = len(components[0])
    placed: list[tuple[list[str], dict[str, tuple[float, float]], float]] = []
    for members in components:
        sub = _ordered_subgraph(graph, members)
        if len(members) == 1:
            local = {members[0]: (0.0, 0.0)}
        elif len(members) <= 300:
            local = nx.kamada_kawai_layout(sub, weight=None)
        else:
            local = nx.spring_layout(sub, seed=seed, weight="weight",
                                     iterations=50 if len(members) > 2000 else 100)
        xs = [float(p[0]) for p in local.values()]
        ys = [float(p[1]) for p in local.values()]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        size = max(math.sqrt(len(members) / largest), 0.08)
        placed.append((members, {n: ((float(x) - cx) / span * size, (float(y) - cy) / span * size)
                                 for n, (x, y) in local.items()}, size))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    width = max(1.6, placed[0][2] * 1.6)
    for _, local, size in placed:
        cell = size + 0.12
        if x > 0 and x + cell > width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for n, (px, py) in local.items():
            positions[n] = (round(x + cell / 2 + px, 6), round(y - cell / 2 + py, 6))
        x += cell
        row_height = max(row_height, cell)
    return positions


_PLACES = ((0, 1, "center", "bottom"), (0, -1, "center", "top"), (1, 0, "left", "center"),
           (-1, 0, "right", "center"), (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"),
           (1, -1, "left", "top"), (-1, -1, "right", "top"))
_GAP = 2.0  # pixels between a node's disc and its label


def place_labels(ax: Axes, renderer: RendererBase, nodes: Sequence[tuple[float, float, float, str]],
                 labelled: int, *, fontsize: float = 8.0) -> list[Text]:
    """Place labels for the first ``labelled`` of ``nodes`` — ``(x, y, radius in pixels, label)``
    in data coordinates, the most central first — where they overlap no other label and no disc
    of the ``labelled`` most central nodes; returns the labels drawn. The axes' limits must be
    final (set them before)."""
    if not nodes or labelled <= 0:
        return []
    nodes = nodes[:labelled]
    centres = ax.transData.transform(np.array([(x, y) for x, y, _, _ in nodes], dtype=float))
    radii = np.array([r for _, _, r, _ in nodes], dtype=float)
    discs = np.column_stack([centres - radii[:, None], centres + radii[:, None]])  # x0, y0, x1, y1
    frame = ax.get_window_extent(renderer)
    taken: list[tuple[float, float, float, float]] = []
    drawn: list[Text] = []
    to_data = ax.transData.inverted()
    for i, (_, _, radius, text) in enumerate(nodes):
        cx, cy = centres[i]
        for dx, dy, ha, va in _PLACES:
            off = radius + _GAP
            scale = 1 / math.sqrt(2) if dx and dy else 1.0
            px, py = cx + dx * off * scale, cy + dy * off * scale
            x, y = to_data.transform((px, py))
            label = ax.text(x, y, text, fontsize=fontsize, ha=ha, va=va, parse_math=False, zorder=5,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
            box = label.get_window_extent(renderer).padded(2.0)
            rect = (box.x0, box.y0, box.x1, box.y1)
            inside = (rect[0] >= frame.x0 and rect[2] <= frame.x1 and rect[1] >= frame.y0
                      and rect[3] <= frame.y1)
            if inside and not _hits(rect, taken) and not _hits_discs(rect, discs, i):
                taken.append(rect)
                drawn.append(label)
                break
            label.remove()
    return drawn


def _hits(rect: tuple[float, float, float, float], others: list[tuple[float, float, float, float]]) -> bool:
    x0, y0, x1, y1 = rect
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in others)


def _hits_discs(rect: tuple[float, float, float, float], discs: np.ndarray, own: int) -> bool:
    x0, y0, x1, y1 = rect
    hit = (x0 < discs[:, 2]) & (discs[:, 0] < x1) & (y0 < discs[:, 3]) & (discs[:, 1] < y1)
    hit[own] = False
    return bool(hit.any())


def overlapping(boxes: Sequence[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    """Pairs of indices of boxes ``(x0, y0, x1, y1)`` that overlap (for checks and tests).

    >>> overlapping([(0, 0, 2, 1), (1, 0, 3, 1), (5, 5, 6, 6)])
    [(0, 1)]
    """
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if _hits(boxes[i], [boxes[j]])]
