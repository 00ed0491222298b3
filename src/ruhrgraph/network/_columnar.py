"""The lean ``actors`` view in columnar form (private helper of :mod:`.views`).

:func:`actor_ties` folds the facts into the same ties as :func:`ruhrgraph.network.views.project`
does for the ``actors`` view — the same pairs, the same weight (distinct supporting articles),
the same relations — but with integer-coded terms and NumPy instead of nested dictionaries:
one pass turns the links into arrays of codes (source, target, kind, article), then occasions
are connected components (SciPy), and the pairs of each occasion, the articles behind each
pair and the weights are array operations. It carries no supports, events or dates: it is what
the measures need on large stores (``project(..., lean=True)``); the tests check it against
the full projection.

:func:`read_actors` builds the same view straight from the store (what ``analyze`` measures):
the links come back as serialised SPARQL results (TSV), become integer codes through one
dictionary per kind of term, and go through the same fold, with no Python object per node or
link on the way.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pyoxigraph as ox
import scipy.sparse as sp
from scipy.sparse import csgraph

from ruhrgraph import classes, vocab
from ruhrgraph.namespace import RG
from ruhrgraph.network.facts import (
    _LINK_PREDICATES,
    AFFILIATION,
    DELEGATION,
    EVENT_ROLES,
    HOST_ROLES,
    LABEL_PREDICATES,
    LOCATION,
    PARTICIPANT_ROLES,
    SUB_EVENT,
    SUPER_EVENT,
    VISITOR_ROLES,
    Facts,
    _fallback_label,
    _literal_of,
    _pick_label,
    _store_subclasses,
    is_trade_fair,
)
from ruhrgraph.store.local import Store

RELATIONS = ("affiliation", "co-participation", "location", "visit")  # bit i = RELATIONS[i]
_AFFILIATION, _CO, _LOCATION, _VISIT_BIT = 1, 2, 4, 8
_SIDE = {**{p: 3 for p in EVENT_ROLES}, **{p: 2 for p in PARTICIPANT_ROLES}, **{p: 1 for p in HOST_ROLES},
         **{p: 0 for p in VISITOR_ROLES}}  # 0 visitor, 1 host, 2 participant, 3 place
_VISIT = str(RG.Visit)
_TRADE_FAIR = str(RG.TradeFair)


def _unique_rows(*columns: np.ndarray) -> np.ndarray:
    """The distinct rows of the ``columns`` side by side, sorted (``np.unique(..., axis=0)``,
    without its sort of whole rows)."""
    table = np.stack(columns, axis=1).reshape(-1, len(columns))
    if not len(table):
        return table
    table = table[np.lexsort(columns[::-1])]
    new = np.r_[True, (table[1:] != table[:-1]).any(axis=1)]
    return table[new]


def _pairs_within(groups: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair ``(i, j)``, ``i < j`` in position, of ``members`` sharing a value of ``groups``
    (both sorted by group, then member): ``(group, member i, member j)``."""
    if len(groups) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    out_g, out_a, out_b = [], [], []
    for k in np.unique(sizes[sizes > 1]).tolist():
        first = starts[sizes == k]
        left, right = np.triu_indices(k, 1)
        ia = (first[:, None] + left[None, :]).ravel()
        ib = (first[:, None] + right[None, :]).ravel()
        out_g.append(groups[ia])
        out_a.append(members[ia])
        out_b.append(members[ib])
    if not out_g:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(out_g), np.concatenate(out_a), np.concatenate(out_b)


_KIND_NONE, _KIND_AFFILIATION, _KIND_LOCATION, _KIND_ROLE, _KIND_DELEGATION, _KIND_SUB = range(6)


def _kind(predicate: str) -> tuple[int, int]:
    """``(kind, side)`` of a link predicate for the fold (side only for event roles)."""
    if predicate in AFFILIATION:
        return _KIND_AFFILIATION, 0
    if predicate in LOCATION:
        return _KIND_LOCATION, 0
    if predicate in _SIDE:
        return _KIND_ROLE, _SIDE[predicate]
    if predicate in DELEGATION:
        return _KIND_DELEGATION, 0
    if predicate in SUB_EVENT | SUPER_EVENT:
        return _KIND_SUB, 0
    return _KIND_NONE, 0


def actor_ties(facts: Facts, actors: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, ...]]]:
    """The ties of the ``actors`` view among ``actors`` (sorted IRIs, coded by position):
    ``(a, b, weight, relations)`` with ``a < b`` codes, sorted by ``(a, b)``."""
    nodes = facts.nodes
    actor_code = {iri: i for i, iri in enumerate(actors)}
    grouped = sorted(iri for iri, node in nodes.items() if node.category in ("event", "delegation"))
    group_code = {iri: i for i, iri in enumerate(grouped)}
    article_code: dict[str, int] = {}
    kinds = {p: _kind(p) for p in {link.predicate for link in facts.links}}
    rows = np.array([(actor_code.get(link.source, -1), actor_code.get(link.target, -1),
                      group_code.get(link.source, -1), group_code.get(link.target, -1),
                      *kinds[link.predicate], article_code.setdefault(link.article, len(article_code)))
                     for link in facts.links], dtype=np.int64).reshape(-1, 7)
    is_visit = np.fromiter((_VISIT in nodes[iri].types for iri in grouped), dtype=bool, count=len(grouped))
    is_fair = np.fromiter((is_trade_fair(nodes[iri]) for iri in grouped), dtype=bool, count=len(grouped))
    return fold(len(actors), is_visit, is_fair, *rows.T)


def fold(n_actors: int, is_visit: np.ndarray, is_fair: np.ndarray, s_actor: np.ndarray, t_actor: np.ndarray,
         s_group: np.ndarray, t_group: np.ndarray, kind: np.ndarray, side: np.ndarray, article: np.ndarray,
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, ...]]]:
    """Fold coded links into ties (see :func:`actor_ties`). One entry per link: its source and
    target as actor codes and as event/delegation codes (-1 where it is none), its kind and
    side (:func:`_kind`) and an article code; ``is_visit`` and ``is_fair`` per event/delegation."""
    both = (s_actor >= 0) & (t_actor >= 0)
    chosen = both & ((kind == _KIND_AFFILIATION) | (kind == _KIND_LOCATION))
    direct = np.stack([s_actor[chosen], t_actor[chosen],
                       np.where(kind[chosen] == _KIND_AFFILIATION, _AFFILIATION, _LOCATION), article[chosen]],
                      axis=1)
    chosen = ~both & (s_group >= 0) & (t_actor >= 0) & (kind == _KIND_ROLE)
    roles = np.stack([s_group[chosen], t_actor[chosen], side[chosen], article[chosen]], axis=1)
    grouped_ends = ~both & (s_group >= 0) & (t_group >= 0)
    sub = kind == _KIND_SUB
    fair = np.zeros(len(kind), dtype=bool)
    fair[grouped_ends] = is_fair[s_group[grouped_ends]] | is_fair[t_group[grouped_ends]]
    chosen = grouped_ends & ((kind == _KIND_DELEGATION) | (sub & ~fair))
    joins = np.stack([s_group[chosen], t_group[chosen]], axis=1)
    n_groups = len(is_visit)
    # occasions: connected components of events and delegations
    j = np.array(joins, dtype=np.int64).reshape(-1, 2)
    links = sp.coo_array((np.ones(len(j)), (j[:, 0], j[:, 1])), shape=(n_groups, n_groups))
    _, labels = csgraph.connected_components(links, directed=False)
    occasion = labels.astype(np.int64)  # int32 from SciPy: the keys below would overflow
    visit = np.zeros(int(occasion.max()) + 1 if n_groups else 0, dtype=bool)
    np.logical_or.at(visit, occasion, is_visit)

    rows = np.array(roles, dtype=np.int64).reshape(-1, 4)
    occ, who, side, art = occasion[rows[:, 0]], rows[:, 1], rows[:, 2], rows[:, 3]
    # per (occasion, actor): its side (the strongest role) and its articles; places take no part
    n = max(n_actors, 1)
    key = occ * n + who
    keys, inverse = np.unique(key, return_inverse=True)
    best = np.full(len(keys), 3)
    np.minimum.at(best, inverse, side)
    taking = best[inverse] < 3
    occ, who, art, key = occ[taking], who[taking], art[taking], key[taking]
    unique_rows = _unique_rows(occ, who, art)
    r_occ, r_who, r_art = unique_rows[:, 0], unique_rows[:, 1], unique_rows[:, 2]

    # pairs of each occasion, in the order of their actors
    members = np.unique(r_occ * n + r_who)
    p_occ, p_a, p_b = _pairs_within(members // n, members % n)
    # pairs that share an article of the occasion: those articles; the others: all of either's
    order = np.lexsort((r_who, r_occ * (int(r_art.max()) + 1 if len(r_art) else 1) + r_art))
    art_groups = (r_occ * (int(r_art.max()) + 1 if len(r_art) else 1) + r_art)[order]
    s_both, s_a, s_b = _pairs_within(art_groups, r_who[order])
    width = int(r_art.max()) + 1 if len(r_art) else 1
    s_occ, s_art = s_both // width, s_both % width
    shared_pair = s_occ * n * n + s_a * n + s_b
    pair_key = p_occ * n * n + p_a * n + p_b
    lonely = ~np.isin(pair_key, shared_pair)
    # articles of each (occasion, actor), as a CSR-like index over the unique rows
    row_key = r_occ * n + r_who
    start = np.searchsorted(row_key, members)
    count = np.diff(np.r_[start, len(row_key)])

    def expand(occ_: np.ndarray, actor: np.ndarray, a_: np.ndarray, b_: np.ndarray) -> tuple[np.ndarray, ...]:
        at = np.searchsorted(members, occ_ * n + actor)
        repeat = count[at]
        offsets = np.repeat(start[at] - np.cumsum(np.r_[0, repeat[:-1]]), repeat) + np.arange(repeat.sum())
        return np.repeat(a_, repeat), np.repeat(b_, repeat), r_art[offsets]

    la, lb, lo = p_a[lonely], p_b[lonely], p_occ[lonely]
    u1 = expand(lo, la, la, lb)
    u2 = expand(lo, lb, la, lb)
    sides = best[np.searchsorted(keys, p_occ * n + p_a)]
    sides_b = best[np.searchsorted(keys, p_occ * n + p_b)]
    bits = np.where(visit[p_occ] & (np.minimum(sides, sides_b) == 0) & (np.maximum(sides, sides_b) == 1),
                    _VISIT_BIT, _CO)

    d = np.array(direct, dtype=np.int64).reshape(-1, 4)
    d_a, d_b = np.minimum(d[:, 0], d[:, 1]), np.maximum(d[:, 0], d[:, 1])
    keep = d_a != d_b
    all_a = np.concatenate([d_a[keep], s_a, u1[0], u2[0]])
    all_b = np.concatenate([d_b[keep], s_b, u1[1], u2[1]])
    all_art = np.concatenate([d[keep, 3], s_art, u1[2], u2[2]])
    supported = _unique_rows(all_a * n + all_b, all_art)
    pairs, weight = np.unique(supported[:, 0], return_counts=True)
    # relations: OR of the bits of every support of a pair
    rel_key = np.concatenate([d_a[keep] * n + d_b[keep], p_a * n + p_b])
    rel_bits = np.concatenate([d[keep, 2], bits])
    rel_order = np.argsort(rel_key, kind="stable")
    rel_key, rel_bits = rel_key[rel_order], rel_bits[rel_order]
    rel_starts = np.flatnonzero(np.r_[True, rel_key[1:] != rel_key[:-1]]) if len(rel_key) else rel_key
    or_bits = np.bitwise_or.reduceat(rel_bits, rel_starts) if len(rel_key) else rel_bits
    names = [tuple(RELATIONS[i] for i in range(4) if b >> i & 1) for b in range(16)]
    relation_bits = or_bits[np.searchsorted(rel_key[rel_starts], pairs)] if len(pairs) else or_bits
    relations = [names[b] for b in relation_bits.tolist()]
    return pairs // n, pairs % n, weight, relations


# -- straight from the store -----------------------------------------------------------------
def _columns(store: Store, sparql: str, width: int) -> list[list[str]]:
    """The ``width`` columns of a SELECT query's result, as terms in SPARQL TSV syntax
    (``<iri>``, ``"text"@de`` …), from one serialisation of the whole result (no variable may
    be unbound)."""
    data = store.query(sparql).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    body = data[data.index("\n") + 1:] if "\n" in data else ""
    if not body:
        return [[] for _ in range(width)]
    flat = body.rstrip("\n").replace("\n", "\t").split("\t")
    if len(flat) % width:
        raise ValueError(f"a SPARQL TSV result of {len(flat)} values is not {width} columns wide")
    return [flat[i::width] for i in range(width)]


def _all_columns(store: Store, queries: dict[str, tuple[str, int]]) -> dict[str, list[list[str]]]:
    """:func:`_columns` of each query (by key: the SPARQL text and the width), up to one per core
    (at most four) at a time: Oxigraph evaluates and serialises without holding Python's lock, so on several cores
    the queries run side by side (the reading of a 100k-actor view: ≈4.3 → 2.3 s wall for the
    four largest, the same CPU time). The first query runs alone: it is the one that may rebuild
    the query graph of a store written around it (:meth:`Store.query`)."""
    keys = list(queries)
    results = {keys[0]: _columns(store, *queries[keys[0]])} if keys else {}
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        futures = {key: pool.submit(_columns, store, *queries[key]) for key in keys[1:]}
        results.update((key, future.result()) for key, future in futures.items())
    return results


def _codes(index: dict[str, int], terms: list[str]) -> np.ndarray:
    return np.fromiter(map(index.get, terms, repeat(-1)), dtype=np.int64, count=len(terms))


@dataclass
class LeanActors:
    """The lean ``actors`` view in columns: ``actors`` (sorted IRIs) with their ``labels`` and
    ``categories``; ties ``a[i] < b[i]`` (codes into ``actors``, sorted) with ``weight`` and
    ``relations``."""

    actors: list[str]
    labels: list[str]
    categories: list[str]
    a: np.ndarray
    b: np.ndarray
    weight: np.ndarray
    relations: list[tuple[str, ...]]


def from_facts(facts: Facts, keep: tuple[str, ...]) -> LeanActors:
    """The lean ``actors`` view (actors of the categories ``keep`` that an article names) folded
    from facts already read (:func:`~ruhrgraph.network.facts.load_facts`): the same view as
    :func:`read_actors` of the store they were read from."""
    nodes = facts.nodes
    actors = sorted(iri for iri, node in nodes.items() if node.category in keep and node.articles)
    a, b, weight, relations = actor_ties(facts, actors)
    return LeanActors(actors=actors, labels=[nodes[iri].label for iri in actors],
                      categories=[nodes[iri].category for iri in actors], a=a, b=b, weight=weight,
                      relations=relations)


def read_actors(store: Store, keep: tuple[str, ...]) -> LeanActors:
    """The lean ``actors`` view (actors of the categories ``keep``) straight from the store: the
    same as folding :func:`ruhrgraph.network.facts.load_facts` ``(lean=True)`` with
    :func:`actor_ties`, without a Python object per node or link.

    A few SELECT queries, each serialised by Oxigraph in one call (SPARQL TSV), side by side on
    several cores (:func:`_all_columns`): types, labels and mentions from the query graph, links
    from the article graphs. Terms stay TSV strings
    (``<iri>``) and become integer codes through one dictionary; the rest is NumPy.
    """
    categories = classes.NETWORK.table(_store_subclasses(store))
    prologue = vocab.sparql_prologue("rg")
    results = _all_columns(store, {
        "articles": (prologue + "SELECT ?g ?a WHERE { GRAPH ?g { ?a a rg:Article } }", 2),
        "types": ("SELECT ?s ?t WHERE { ?s a ?t }", 2),
        **{f"link {p}": (f"SELECT ?g ?s ?o WHERE {{ GRAPH ?g {{ ?s <{p}> ?o }} }}", 3) for p in _LINK_PREDICATES},
        "mentions": (prologue + "SELECT ?s ?a WHERE { ?s rg:mentionedIn ?a }", 2),
        **{f"label {p}": (f"SELECT ?s ?o WHERE {{ ?s <{p}> ?o }}", 2) for p in LABEL_PREDICATES}})
    graphs, articles = results.pop("articles")
    article_of: dict[str, str] = {}
    for graph, art in zip(graphs, articles, strict=True):
        if graph.startswith("<") and art.startswith("<") and (
                graph not in article_of or art[1:-1] < article_of[graph][1:-1]):
            article_of[graph] = art
    article_index = {art: i for i, art in enumerate(sorted(set(article_of.values())))}
    graph_article = {g: article_index[a] for g, a in article_of.items()}

    subjects, objects = results.pop("types")
    types: dict[str, set[str]] = {}
    for subject, cls in zip(subjects, objects, strict=True):
        if subject.startswith("<") and cls.startswith("<"):
            types.setdefault(subject, set()).add(cls[1:-1])
    del subjects, objects
    kinds: dict[frozenset[str], str] = {}
    terms: list[str] = []  # the nodes, as <iri>
    node_category: list[str] = []
    visit: list[bool] = []
    fair: list[bool] = []
    for term, ts in types.items():
        type_set = frozenset(ts)
        if type_set not in kinds:
            kinds[type_set] = classes.NETWORK.category(type_set, categories)
        category = kinds[type_set]
        if category and category != "excluded":
            terms.append(term)
            node_category.append(category)
            grouped = category in ("event", "delegation")
            visit.append(grouped and _VISIT in type_set)
            fair.append(grouped and (_TRADE_FAIR in type_set or any(t.endswith("ExhibitionEvent") for t in type_set)))
    del types
    node_index = {term: i for i, term in enumerate(terms)}

    columns: list[np.ndarray] = []
    for predicate in sorted(_LINK_PREDICATES):
        kind, side = _kind(predicate)
        g_col, s_col, o_col = results.pop(f"link {predicate}")
        if not g_col:
            continue
        rows = np.stack([_codes(graph_article, g_col), _codes(node_index, s_col), _codes(node_index, o_col)])
        rows = rows[:, (rows >= 0).all(axis=0)]
        columns.append(np.concatenate([rows, np.tile([[kind], [side]], rows.shape[1])]))
    links = np.concatenate(columns, axis=1) if columns else np.zeros((5, 0), dtype=np.int64)
    article, source, target, kind_of, side_of = links

    has_article = np.zeros(len(terms), dtype=bool)
    has_article[source] = True
    has_article[target] = True
    mentioned, places = results.pop("mentions")
    code = _codes(node_index, mentioned)
    has_article[code[(code >= 0) & np.array([a.startswith("<") for a in places], dtype=bool)]] = True

    keep_set = set(keep)
    chosen = sorted((terms[i][1:-1], i) for i in range(len(terms)) if node_category[i] in keep_set
                    and has_article[i])
    actor_of = np.full(len(terms), -1, dtype=np.int64)
    actor_of[[i for _, i in chosen]] = np.arange(len(chosen))
    groups = sorted((terms[i][1:-1], i) for i in range(len(terms)) if node_category[i] in ("event", "delegation"))
    group_of = np.full(len(terms), -1, dtype=np.int64)
    group_of[[i for _, i in groups]] = np.arange(len(groups))
    visit_of = np.array([visit[i] for _, i in groups], dtype=bool)
    fair_of = np.array([fair[i] for _, i in groups], dtype=bool)
    a, b, weight, relations = fold(len(chosen), visit_of, fair_of, actor_of[source], actor_of[target],
                                   group_of[source], group_of[target], kind_of, side_of, article)

    actor_terms = {terms[i]: pos for pos, (_, i) in enumerate(chosen)}
    found: list[set[tuple[str, str, str]]] = [set() for _ in chosen]
    for predicate in LABEL_PREDICATES:
        label_s, label_o = results.pop(f"label {predicate}")
        for subject, term in zip(label_s, label_o, strict=True):
            pos = actor_terms.get(subject)
            if pos is not None:
                literal = _literal_of(term)
                if literal is not None:
                    found[pos].add((predicate, *literal))
    labels = [_pick_label(list(rows_)) if rows_ else _fallback_label(iri) for (iri, _), rows_ in zip(
        chosen, found, strict=True)]
    return LeanActors(actors=[iri for iri, _ in chosen], labels=labels,
                      categories=[node_category[i] for _, i in chosen], a=a, b=b, weight=weight,
                      relations=relations)
