"""The lean ``actors`` view in columnar form (private helper of :mod:`.views`).

:func:`actor_ties` folds the facts into the same ties as :func:`ruhrgraph.network.views.project`
does for the ``actors`` view — the same pairs, the same weight (distinct supporting articles),
the same relations — but with integer-coded terms and NumPy instead of nested dictionaries:
one pass turns the links into arrays of codes (source, target, kind, article), then occasions
are connected components (SciPy), and the pairs of each occasion, the articles behind each
pair and the weights are array operations. It carries no supports, events or dates: it is what
the measures need on large stores (``project(..., lean=True)``); the tests check it against
the full projection.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from ruhrgraph.namespace import RG
from ruhrgraph.network.facts import (
    AFFILIATION,
    DELEGATION,
    EVENT_ROLES,
    HOST_ROLES,
    LOCATION,
    PARTICIPANT_ROLES,
    SUB_EVENT,
    SUPER_EVENT,
    VISITOR_ROLES,
    Facts,
    is_trade_fair,
)

RELATIONS = ("affiliation", "co-participation", "location", "visit")  # bit i = RELATIONS[i]
_AFFILIATION, _CO, _LOCATION, _VISIT_BIT = 1, 2, 4, 8
_SIDE = {**{p: 3 for p in EVENT_ROLES}, **{p: 2 for p in PARTICIPANT_ROLES}, **{p: 1 for p in HOST_ROLES},
         **{p: 0 for p in VISITOR_ROLES}}  # 0 visitor, 1 host, 2 participant, 3 place
_VISIT = str(RG.Visit)


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


def actor_ties(facts: Facts, actors: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[str, ...]]]:
    """The ties of the ``actors`` view among ``actors`` (sorted IRIs, coded by position):
    ``(a, b, weight, relations)`` with ``a < b`` codes, sorted by ``(a, b)``."""
    nodes = facts.nodes
    actor_code = {iri: i for i, iri in enumerate(actors)}
    grouped = sorted(iri for iri, node in nodes.items() if node.category in ("event", "delegation"))
    group_code = {iri: i for i, iri in enumerate(grouped)}
    article_code: dict[str, int] = {}
    direct: list[tuple[int, int, int, int]] = []  # (actor, actor, relation bit, article)
    roles: list[tuple[int, int, int, int]] = []  # (holder, actor, side, article)
    joins: list[tuple[int, int]] = []  # holders of one occasion
    for link in facts.links:
        article = article_code.setdefault(link.article, len(article_code))
        s, p, t = link.source, link.predicate, link.target
        if s in actor_code and t in actor_code:
            if p in AFFILIATION:
                direct.append((actor_code[s], actor_code[t], _AFFILIATION, article))
            elif p in LOCATION:
                direct.append((actor_code[s], actor_code[t], _LOCATION, article))
        elif s in group_code:
            if t in actor_code and p in _SIDE:
                roles.append((group_code[s], actor_code[t], _SIDE[p], article))
            elif t in group_code and (p in DELEGATION or (
                    p in SUB_EVENT | SUPER_EVENT and not is_trade_fair(nodes[s]) and not is_trade_fair(nodes[t]))):
                joins.append((group_code[s], group_code[t]))
    # occasions: connected components of events and delegations
    j = np.array(joins, dtype=np.int64).reshape(-1, 2)
    links = sp.coo_array((np.ones(len(j)), (j[:, 0], j[:, 1])), shape=(len(grouped), len(grouped)))
    _, labels = csgraph.connected_components(links, directed=False)
    occasion = labels.astype(np.int64)  # int32 from SciPy: the keys below would overflow
    visit = np.zeros(int(occasion.max()) + 1 if len(grouped) else 0, dtype=bool)
    is_visit = np.fromiter((_VISIT in nodes[iri].types for iri in grouped), dtype=bool, count=len(grouped))
    np.logical_or.at(visit, occasion, is_visit)

    rows = np.array(roles, dtype=np.int64).reshape(-1, 4)
    occ, who, side, art = occasion[rows[:, 0]], rows[:, 1], rows[:, 2], rows[:, 3]
    # per (occasion, actor): its side (the strongest role) and its articles; places take no part
    n = max(len(actors), 1)
    key = occ * n + who
    keys, inverse = np.unique(key, return_inverse=True)
    best = np.full(len(keys), 3)
    np.minimum.at(best, inverse, side)
    taking = best[inverse] < 3
    occ, who, art, key = occ[taking], who[taking], art[taking], key[taking]
    unique_rows = np.unique(np.stack([occ, who, art], axis=1), axis=0).reshape(-1, 3)
    r_occ, r_who, r_art = unique_rows[:, 0], unique_rows[:, 1], unique_rows[:, 2]

    # pairs of each occasion, in the order of their actors
    members = np.unique(r_occ * n + r_who)
    p_occ, p_a, p_b = _pairs_within(members // n, members % n)
    # pairs that share an article of the occasion: those articles; the others: all of either's
    order = np.lexsort((r_who, r_occ * (int(r_art.max()) + 1 if len(r_art) else 1) + r_art))
    art_groups = (r_occ * (int(r_art.max()) + 1 if len(r_art) else 1) + r_art)[order]
    s_group, s_a, s_b = _pairs_within(art_groups, r_who[order])
    width = int(r_art.max()) + 1 if len(r_art) else 1
    s_occ, s_art = s_group // width, s_group % width
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
    supported = np.unique(np.stack([all_a * n + all_b, all_art], axis=1), axis=0).reshape(-1, 2)
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
