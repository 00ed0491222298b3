"""Network measures of a projected view, written back into the store as RDF.

:func:`compute` is pure: it takes a networkx graph from :func:`ruhrgraph.network.views.project`
and returns an :class:`AnalysisReport`. :func:`analyze` projects a view of the store, computes,
and replaces that view's scores in the ``…/graph/analytics`` named graph (one transaction; the
labels of the activity and the software, when first written or changed, in a second)::

    ?entity rg:hasScore ?score .
    ?score a rg:Score ; rg:measure rg:pagerank ; rg:value "0.21"^^xsd:double ; rg:rank 1 ;
           rg:view "actors" ; prov:wasGeneratedBy ?activity .
    ?activity a rg:AnalysisActivity, prov:Activity ; rdfs:label "network analysis of the actors view"@en ;
              rdfs:comment "graph size: 31 nodes, 54 ties"@en, "parameters: {…}"@en,
                           "algorithm of pagerank: igraph pagerank (PRPACK, damping=0.85 …)"@en, … ;
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
betweenness        Brandes (igraph), normalised; sampled with ``k`` seeded sources      no
                   past a size threshold (the report says so)
closeness          Wasserman–Faust (igraph); estimated from seeded pivot BFS past the   no
                   threshold
eigenvector        igraph (ARPACK), per component, L2-normalised                        yes
pagerank           igraph PRPACK, damping 0.85                                          yes
community          Leiden (igraph), modularity, seeded                                  yes
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

import gc
import json
import math
import operator
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from operator import itemgetter
from typing import TypeVar

import networkx as nx
import numpy as np
import pyoxigraph as ox

from ruhrgraph import __version__
from ruhrgraph.errors import ParameterError, StoreError
from ruhrgraph.iri import graph_iri, mint, mint_hashed
from ruhrgraph.namespace import PROV, RDF, RDFS, RG, SDO, XSD
from ruhrgraph.network import _algorithms as algo
from ruhrgraph.network._algorithms import Settings
from ruhrgraph.network.facts import Facts
from ruhrgraph.network.views import VIEWS, lean_actors, project
from ruhrgraph.store.local import Store

T = TypeVar("T")

SOFTWARE = "ruhrgraph.analytics.v1"
"""Versioned name of this analysis, recorded in the provenance of every score."""

RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)
RDFS_COMMENT = str(RDFS.comment)
SCHEMA_VERSION = str(SDO.softwareVersion)

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

_MEASURE_IRIS = {measure: str(RG[term]) for measure, (term, _, _) in MEASURES.items() if term}
# a measure the ontology does not declare fails here, at import




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


def rank(values: dict[str, float]) -> dict[str, int]:
    """Competition ranks, highest value first (``1, 2, 2, 4``); values equal to 12 digits tie.

    >>> rank({"a": 0.5, "b": 0.9, "c": 0.5})
    {'b': 1, 'a': 2, 'c': 2}
    """
    keys = list(values)
    if not keys:
        return {}
    if all(map(operator.le, keys, islice(keys, 1, None))):  # already in key order (compute's are)
        array = np.fromiter(values.values(), dtype=float, count=len(keys))
    else:
        keys.sort()
        array = np.fromiter((values[k] for k in keys), dtype=float, count=len(keys))
    rounded = np.round(array, 12)
    order = np.lexsort((np.arange(len(keys)), -rounded))  # highest first, then by key
    ordered = rounded[order]
    new = np.r_[True, ordered[1:] != ordered[:-1]]
    positions = np.arange(1, len(keys) + 1)
    ranks = np.maximum.accumulate(np.where(new, positions, 0))
    return dict(zip(map(keys.__getitem__, order.tolist()), ranks.tolist(), strict=True))


def _in_key_order(values: dict[str, float]) -> dict[str, float]:
    """``values`` as floats, in the order of their keys."""
    keys = list(values)
    if all(map(operator.le, keys, islice(keys, 1, None))) and set(map(type, values.values())) <= {float}:
        return values
    return {iri: float(v) for iri, v in sorted(values.items())}


def _timed(timings: dict[str, float], name: str, func: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = func()
    timings[name] = round(time.perf_counter() - start, 4)
    return result


def compute(graph: nx.Graph, settings: Settings | None = None) -> AnalysisReport:
    """Compute every measure of :data:`MEASURES` on a projected view.

    Args:
        graph: an undirected graph from :func:`ruhrgraph.network.views.project` (``weight`` on edges,
            ``label`` on nodes; ``graph.graph["view"]`` names the view).
        settings: algorithm parameters (defaults: seed 42, damping 0.85 …).

    Returns:
        The report; the same graph and settings always give the same report.
    """
    timings: dict[str, float] = {}
    nodes = sorted(graph)
    labels = {iri: str(graph.nodes[iri].get("label", iri)) for iri in nodes}
    view = str(graph.graph.get("view", "actors"))
    coded = _timed(timings, "coding", lambda: algo.Coded(graph, nodes))
    return _compute(coded, labels, view, settings, timings)


def _compute(coded: algo.Coded, labels: dict[str, str], view: str, settings: Settings | None,
             timings: dict[str, float]) -> AnalysisReport:
    """:func:`compute` on a view already coded (nodes sorted, edges in ``graph.edges()`` order)."""
    s = settings or Settings()
    notes: list[str] = []
    nodes = coded.nodes
    scores: dict[str, dict[str, float]] = {}
    algorithms: dict[str, str] = {}
    if not nodes:
        return AnalysisReport(view, 0, 0, labels, {m: {} for m in MEASURES}, {}, [], [], {}, s,
                              ["the view is empty: nothing to measure"])
    scores["degree"], scores["weighted_degree"] = algo.degrees(coded)
    algorithms["degree"] = "igraph degree"
    algorithms["weighted_degree"] = "igraph strength (weight = supporting articles)"
    scores["betweenness"], algorithms["betweenness"] = _timed(
        timings, "betweenness", lambda: algo.betweenness(coded, s, notes))
    scores["closeness"], algorithms["closeness"] = _timed(
        timings, "closeness", lambda: algo.closeness(coded, s, notes))
    scores["eigenvector"], algorithms["eigenvector"] = _timed(
        timings, "eigenvector", lambda: algo.eigenvector(coded, s, notes))
    scores["pagerank"], algorithms["pagerank"] = _timed(timings, "pagerank", lambda: algo.pagerank(coded, s))
    communities, algorithms["community"] = _timed(timings, "community", lambda: algo.communities(coded, s))
    scores["community"] = {iri: float(i) for i, members in enumerate(communities, start=1)
                           for iri in members}
    effective, constraint = _timed(timings, "brokerage", lambda: algo.brokerage(coded))
    scores["effective_size"], scores["constraint"] = effective, constraint
    scores["brokerage"] = {iri: 1.0 - c for iri, c in constraint.items()}
    algorithms["brokerage"] = "1 - Burt's constraint (igraph, unweighted)"
    algorithms["effective_size"] = "Burt's effective size (igraph local transitivity, unweighted)"
    algorithms["constraint"] = "Burt's constraint (igraph, unweighted)"
    cut, bridges = _timed(timings, "articulation", lambda: algo.articulation(coded))
    scores["articulation"] = {iri: 1.0 if iri in cut else 0.0 for iri in nodes}
    algorithms["articulation"] = "igraph articulation points and bridges"

    scores = {m: _in_key_order(scores[m]) for m in MEASURES}
    ranks = {m: rank(scores[m]) for m, (_, _, ranked) in MEASURES.items() if ranked}
    if len(nodes) > s.write_limit:
        notes.append(f"the store keeps the scores of the {s.write_limit:,} best-ranked of {len(nodes):,} "
                     "nodes per measure; exports carry all of them")
    return AnalysisReport(view=view, node_count=len(nodes), edge_count=coded.m,
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
    return f'"{text}"^^<{XSD.double}>'


def _written_nodes(report: AnalysisReport) -> dict[str, list[str]]:
    """Per measure, the nodes whose scores go into the store (see ``Settings.write_limit``)."""
    limit = report.settings.write_limit
    chosen: dict[str, list[str]] = {}
    for measure in MEASURES:
        if measure in report.ranks:
            order = sorted(report.ranks[measure].items(), key=itemgetter(1, 0))
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
        f"<{act}> <{RDF_TYPE}> <{RG.AnalysisActivity}> .",
        f"<{act}> <{RDF_TYPE}> <{PROV.Activity}> .",
        f"<{act}> <{RDFS_LABEL}> {json.dumps(f'network analysis of the {report.view} view')}@en .",
        *(f"<{act}> <{RDFS_COMMENT}> {json.dumps(c)}@en ." for c in comments),
        f"<{act}> <{PROV.startedAtTime}> \"{started.isoformat()}\"^^<{XSD.dateTime}> .",
        f"<{act}> <{PROV.endedAtTime}> \"{ended.isoformat()}\"^^<{XSD.dateTime}> .",
        f"<{act}> <{PROV.wasAssociatedWith}> <{software}> .",
        f"<{software}> <{RDF_TYPE}> <{PROV.SoftwareAgent}> .",
        f"<{software}> <{RDFS_LABEL}> {json.dumps(SOFTWARE)} .",
        f"<{software}> <{SCHEMA_VERSION}> {json.dumps(__version__)} .",
    ]
    chosen = _written_nodes(report)
    has_score, score_class, measure_p, value_p = str(RG.hasScore), str(RG.Score), str(RG.measure), str(RG.value)
    view_p, generated, rank_p, integer = str(RG.view), str(PROV.wasGeneratedBy), str(RG.rank), str(XSD.integer)
    for measure, term in _MEASURE_IRIS.items():
        values = report.scores[measure]
        ranks = report.ranks.get(measure)
        for iri in chosen[measure]:
            score = str(mint_hashed("score", report.view, iri, measure))
            lines += [
                f"<{iri}> <{has_score}> <{score}> .",
                f"<{score}> <{RDF_TYPE}> <{score_class}> .",
                f"<{score}> <{measure_p}> <{term}> .",
                f"<{score}> <{value_p}> {_double(values[iri])} .",
                f"<{score}> <{view_p}> {view_lit} .",
                f"<{score}> <{generated}> <{act}> .",
            ]
            if ranks is not None:
                lines.append(f"<{score}> <{rank_p}> \"{ranks[iri]}\"^^<{integer}> .")
    return lines


_TIME_PREDICATES = frozenset(ox.NamedNode(p) for p in (str(PROV.startedAtTime), str(PROV.endedAtTime)))


def _view_change(store: Store, view: str, lines: list[str]) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """``(removed, added)``: what writing ``lines`` as the analytics of ``view`` takes out of the
    analytics graph (the view's scores — every triple of a score whose ``rg:view`` is ``view`` and
    the ``rg:hasScore`` links to it — and its activity, where ``lines`` lacks them) and puts into
    it. ``lines`` pass through Oxigraph's encoding first (an in-memory store), so values compare
    as the store normalises them (``"0.50"^^xsd:double`` is ``0.5``)."""
    fresh = ox.Store()
    fresh.load(("\n".join(lines) + "\n").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    new = {q.triple for q in fresh}
    target = graph_iri("analytics")
    if not store.has_graph(target):
        return set(), new
    stored = {q.triple for q in store.reader.quads_for_pattern(None, None, None, ox.NamedNode(target))}
    view_p, has_score, name = ox.NamedNode(str(RG.view)), ox.NamedNode(str(RG.hasScore)), ox.Literal(view)
    scores = {t.subject for t in stored if t.predicate == view_p and t.object == name}
    activity = ox.NamedNode(activity_iri(view))
    old = {t for t in stored if t.subject in scores or t.subject == activity
           or (t.predicate == has_score and t.object in scores)}
    return old - new, new - stored


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused inside the block (restored after, as it was): the
    analysis allocates millions of acyclic objects (term strings, dictionaries of codes, result
    lists), and each of the collector's full passes over that heap cost 3–4 s of a 100k-actor
    analysis; reference counting frees them as before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyze(store: Store, view: str = "actors", settings: Settings | None = None, *,
            facts: Facts | None = None) -> AnalysisReport:
    """Project ``view`` from ``store``, compute the measures, write them to ``graph/analytics``.

    The scores and the activity of ``view`` are replaced in one transaction (the labels of the
    activity and the software, when they are new, right after it in a second one: the triples
    that display labels are made of, :meth:`~ruhrgraph.store.local.Store.change_graph`); other
    views' scores stay. The store must be open for writing. ``facts`` read from the store as it is
    (:func:`~ruhrgraph.network.facts.load_facts`) spare reading them again (``build`` reads
    them once for the analytics and the export).

    Raises:
        ParameterError: unknown view.
        StoreError: the store is read-only or the update failed (what the failed transaction
            wrote is not changed).
    """
    if view not in VIEWS:
        raise ParameterError(f"unknown view {view!r}; known views: {', '.join(VIEWS)}")
    if store.read_only:
        raise StoreError(f"store {store.path} is open read-only; analyze needs to write")
    with _without_cycle_collection():
        return _analyze(store, view, settings, facts)


def _analyze(store: Store, view: str, settings: Settings | None, facts: Facts | None) -> AnalysisReport:
    started = _now()
    timings: dict[str, float] = {}
    if view == "actors":  # in columns straight from the store: no networkx graph in between
        lean = _timed(timings, "projection", lambda: lean_actors(store, facts=facts))
        coded = _timed(timings, "coding", lambda: algo.Coded.from_arrays(lean.actors, lean.a, lean.b, lean.weight))
        report = _compute(coded, dict(zip(lean.actors, lean.labels, strict=True)), view, settings, timings)
    else:
        graph = _timed(timings, "projection", lambda: project(store, view, lean=True, facts=facts))
        report = compute(graph, settings)
        report.timings = {**timings, **report.timings}
    ended = _now() if not os.environ.get("SOURCE_DATE_EPOCH") else started
    lines = score_triples(report, started, ended)
    report.activity = activity_iri(view)
    report.triples_written = 0
    start = time.perf_counter()
    removed, added = _view_change(store, view, lines)
    if all(t.predicate in _TIME_PREDICATES for t in (*removed, *added)):
        # the same scores as stored: keep the earlier activity (and its times), so that building
        # again on unchanged input changes nothing
        return report
    try:
        store.change_graph(graph_iri("analytics"), removed, added)
    except StoreError as exc:
        raise StoreError(f"could not write the analytics of view {view!r}: {exc}") from exc
    report.timings["write"] = round(time.perf_counter() - start, 4)
    report.activity = activity_iri(view)
    report.triples_written = len(lines)
    return report


__all__ = ["MEASURES", "SOFTWARE", "AnalysisReport", "Settings", "activity_iri", "analyze", "compute",
           "rank", "score_triples"]
