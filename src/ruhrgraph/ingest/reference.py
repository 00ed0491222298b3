"""The store's reference graphs: the ontology, the sector scheme and the gazetteer entries in use.

Next to one named graph per article, a store holds:

- ``graph/ontology``: ``ontology/ruhrgraph.ttl`` — classes and properties with their labels, so that
  a query can print ``rdfs:label`` of ``rg:Company`` and a dump describes its own terms;
- ``graph/sectors``: the SKOS sector scheme ``ontology/sectors.ttl`` (concepts, labels, NACE
  matches), its IRIs under the configured base — the labels of ``rg:sector`` values;
- ``graph/gazetteer``: the curated reference data (type, labels, ``owl:sameAs``, seat and the
  seat's country) of the gazetteer entries **that are used**: named in an article, curation or
  analytics graph, or in a curation rule — not the ~7,800 entries of the whole gazetteer, most of
  them towns no article mentions. :func:`full_gazetteer` gives the whole gazetteer for the
  optional separate dump (``ruhrgraph dump --gazetteer``).

:func:`write_reference_graphs` writes the first two when the shipped files changed and the third
when the entries in use changed; ingest calls it before the articles (to gate changed curation
rules) and after them (the new articles' entities), ``remove`` after deleting an article.

Example::

    >>> from ruhrgraph.store.local import Store
    >>> from ruhrgraph.ingest.curation import Curation
    >>> with Store.open(None) as store:
    ...     notes = write_reference_graphs(store, Curation())
    ...     sorted(g.rsplit("/", 1)[-1] for g in store.graphs())
    ['ontology', 'sectors']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from ruhrgraph.iri import base_iri, graph_iri

if TYPE_CHECKING:
    from ruhrgraph.ingest.curation import Curation
    from ruhrgraph.ingest.validate import Validator
    from ruhrgraph.store.local import Store

__all__ = ["REFERENCE_GRAPHS", "full_gazetteer", "ontology_graph", "prune_gazetteer", "sector_graph", "used_entries",
           "write_reference_graphs"]

#: The reference graphs' names (``graph/<name>``); every other named graph holds data.
REFERENCE_GRAPHS = ("gazetteer", "ontology", "sectors")
#: The base the shipped sector scheme is written under (rebased to the configured base).
SHIPPED_BASE = "https://w3id.org/ruhrgraph/"


def _shipped(name: str) -> Graph:
    from ruhrgraph._resources import resource_dir

    return Graph().parse(resource_dir("ontology") / name, format="turtle")


def ontology_graph() -> Graph:
    """``ontology/ruhrgraph.ttl`` as a graph (its terms are fixed: ``rg:`` does not follow the base)."""
    return _shipped("ruhrgraph.ttl")


def sector_graph(base: str | None = None) -> Graph:
    """The SKOS sector scheme with its concept IRIs under ``base`` (default: the configured base),
    as :func:`ruhrgraph.extract.gazetteer.sector_iri` mints them.

    >>> g = sector_graph("https://example.org/")
    >>> from rdflib import URIRef
    >>> from rdflib.namespace import SKOS
    >>> sorted(str(label) for label in g.objects(URIRef("https://example.org/id/sector/energy"), SKOS.prefLabel))
    ['Energie', 'energy']
    """
    base = base or base_iri()
    shipped = _shipped("sectors.ttl")
    if base == SHIPPED_BASE:
        return shipped
    ids = SHIPPED_BASE + "id/"

    def move(term: Any) -> Any:
        if isinstance(term, URIRef) and str(term).startswith(ids):
            return URIRef(base + "id/" + str(term)[len(ids):])
        return term

    out = Graph()
    for s, p, o in shipped:
        out.add((move(s), p, move(o)))
    return out


def full_gazetteer() -> Graph:
    """The reference data of every gazetteer entry (the optional ``gazetteer`` dump)."""
    from ruhrgraph.extract.gazetteer import full_reference_graph

    return full_reference_graph()


def used_entries(store: Store, curation: Curation | None = None) -> set[str]:
    """IRIs of the gazetteer entries some data graph or curation rule names.

    A data graph is any named graph but the reference graphs. One index look-up per gazetteer entry
    (as subject, then as object) and, for an entry the store holds, one ``ASK`` over the named
    graphs, so the cost follows the gazetteer's size, not the store's.
    """
    from ruhrgraph.extract.gazetteer import load

    reference = ", ".join(f"<{graph_iri(name)}>" for name in REFERENCE_GRAPHS)

    def in_data(pattern: str) -> bool:
        # GRAPH ?g reads the named graphs' index: a hub's thousands of query-graph triples, which
        # a look-up over every graph meets first, are never decoded
        return bool(store.reader.query(f"ASK {{ GRAPH ?g {{ {pattern} }} FILTER(?g NOT IN ({reference})) }}"))

    used = set()
    for iri in load().by_iri:
        node = ox.NamedNode(iri)
        as_subject = next(iter(store.quads_for_pattern(node, None, None, None)), None) is not None
        as_object = next(iter(store.quads_for_pattern(None, None, node, None)), None) is not None
        if (as_subject and in_data(f"{node} ?p ?o")) or (as_object and in_data(f"?s ?p {node}")):
            used.add(iri)
    if curation is not None:
        from ruhrgraph.ingest.rulecheck import touched

        known = load().by_iri
        used |= {str(t) for rule in curation.rules for t in touched(rule) if str(t) in known}
    return used


def prune_gazetteer(store: Store) -> int:
    """Drop from ``graph/gazetteer`` the entries no data graph uses any more (after ``remove``); keep
    the used ones and what they reach (their seats, the seats' countries), as curated. Returns the
    number of triples removed.
    """
    iri = graph_iri("gazetteer")
    if not store.has_graph(iri):
        return 0
    graph = store.graph(iri)
    used = used_entries(store)
    keep: set[Any] = {URIRef(u) for u in used} & set(graph.subjects())
    todo: list[Any] = list(keep)
    while todo:
        for o in graph.objects(todo.pop()):
            if isinstance(o, (URIRef, BNode)) and o not in keep and (o, None, None) in graph:
                keep.add(o)
                todo.append(o)
    kept = Graph()
    for t in graph:
        if t[0] in keep:
            kept.add(t)
    if len(kept) != len(graph):
        _put(store, iri, kept)
    return len(graph) - len(kept)


def _digest(items: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()


def _differs(store: Store, iri: URIRef, graph: Graph) -> bool:
    if store.quad_count(iri) != len(graph):
        return True
    stored = store.graph(iri)
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        from rdflib.compare import isomorphic

        return not isomorphic(stored, graph)
    return set(stored) != set(graph)


def _put(store: Store, iri: URIRef, graph: Graph) -> bool:
    """Replace the graph when it differs; remove it when ``graph`` is empty. ``True`` if written."""
    if len(graph) == 0:
        return store.remove_graph(iri)
    if not _differs(store, iri, graph):
        return False
    store.replace_graph(iri, graph)
    return True


def write_reference_graphs(store: Store, curation: Curation, state: Any = None,
                           validator: Validator | None = None, *, gate: bool = True,
                           gazetteer: bool = True) -> list[str]:
    """Bring ``graph/ontology``, ``graph/sectors``, ``graph/gazetteer`` and ``graph/curation`` up to
    date; return notes for the report.

    Args:
        store: the store, open for writing.
        curation: the steward's rules; rules that changed since the last run first pass the
            curation gate (:func:`ruhrgraph.ingest.rulecheck.gate_rules`), which raises
            :class:`~ruhrgraph.errors.CurationError` before anything is written.
        state: the ingest record (``fingerprint``, ``reference``, ``used`` and ``dirty``
            attributes); with it, work whose inputs did not change is skipped.
        validator: the SHACL validator for the curation gate.
        gate: ``False`` skips the curation gate (after the articles: it already ran before them).
        gazetteer: ``False`` leaves ``graph/gazetteer`` for later (before the articles, whose
            entities decide what it holds).
    """
    from ruhrgraph.ingest.rulecheck import gate_rules

    notes = []
    gazetteer_iri = graph_iri("gazetteer")
    fingerprint = getattr(state, "fingerprint", None)
    fresh = state is not None and state.reference == fingerprint and store.has_graph(graph_iri("ontology"))
    if not fresh:
        if gate and curation.rules:
            gate_rules(curation, full_gazetteer(), store, validator, curation.files)
        for name, graph in (("ontology", ontology_graph()), ("sectors", sector_graph())):
            if _put(store, graph_iri(name), graph):
                notes.append(f"{name}: {len(graph)} triples written to <{graph_iri(name)}>")
    curation_graph = curation.graph()
    if len(curation_graph) == 0:
        if store.remove_graph(URIRef(curation_graph.identifier)):
            notes.append("curation: no rules any more; graph/curation removed")
    else:
        _put(store, URIRef(curation_graph.identifier), curation_graph)
    if not gazetteer:
        if state is not None and not fresh:
            state.reference = fingerprint
            state.dirty += 1
        return notes
    used = used_entries(store, curation)
    key = _digest([fingerprint or "", *used])
    if not (fresh and getattr(state, "used", "") == key and (store.has_graph(gazetteer_iri) or not used)):
        from ruhrgraph.extract.gazetteer import reference_graph

        curated, _ = curation.rewrite(reference_graph(used), record=gazetteer_iri)
        if _put(store, gazetteer_iri, curated):
            notes.append(f"gazetteer: {len(curated)} reference triples of the {len(used)} entries "
                         f"in use written to <{gazetteer_iri}>")
        if state is not None:
            state.used = key
            state.dirty += 1
    if state is not None and not fresh:
        state.reference = fingerprint
        state.dirty += 1
    return notes
