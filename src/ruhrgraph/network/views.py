"""Projection of the RDF store onto networkx graphs, the input of analytics, paths and exports.

:func:`~ruhrgraph.network.facts.load_facts` reads the facts of the store once — typed nodes and
their links, each link with the article graph that states it and the statement node that carries
its evidence (:mod:`ruhrgraph.network.facts`) — and :func:`project` folds them into one of three
*views*:

``actors``
    organisations, people, cities and countries. Ties: affiliations, locations
    (``rg:basedIn``, ``schema:containedInPlace``), visits between visitors (the country of
    origin, delegation members) and hosts, and joint participation in the same occasion
    (an event with its sub-events and its delegation).
``organisations``
    organisation–organisation ties through shared occasions; an organisation takes part in
    an occasion directly or through an affiliated person (Julia Jäger *von der*
    Wirtschaftsförderung Dortmund presents → the Wirtschaftsförderung takes part).
``bipartite``
    actors and events (``bipartite`` = 0 / 1), edges labelled with the roles.

Edge ``weight`` is the number of distinct articles that support the tie. Node attributes:
``category``, ``rdf_class``, ``label``, ``city``, ``sectors``, ``first_seen``, ``last_seen``,
``article_count``, ``wikidata``, ``iri``. Article, evidence, assertion, activity, score,
membership and concept nodes are left out *by type*; so are facts found only outside article
graphs (the gazetteer gives node attributes, never ties): every tie has an article behind it.

Example::

    >>> from ruhrgraph.store.local import Store
    >>> with Store.open(None) as store:
    ...     graph = project(store, "actors")
    >>> graph.number_of_nodes()
    0
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from ruhrgraph.errors import ParameterError
from ruhrgraph.namespace import RG
from ruhrgraph.network import _columnar
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
    Link,
    Node,
    Support,
    describe_event,
    is_trade_fair,
    load_facts,
)
from ruhrgraph.store.local import Store

__all__ = ["ACTOR_CATEGORIES", "VIEWS", "Facts", "Node", "Occasion", "Support", "describe_event", "load_facts",
           "merge_intervals", "project"]

VIEWS = ("actors", "organisations", "bipartite")
"""The named views :func:`project` knows."""

ACTOR_CATEGORIES = ("organisation", "person", "city", "country")
"""Categories (:data:`ruhrgraph.classes.NETWORK`) that make up the ``actors`` view."""

_VISIT = str(RG.Visit)


# -- occasions -------------------------------------------------------------------------------
@dataclass
class Occasion:
    """An event together with its sub-events and delegations: one meeting of actors.

    ``roles`` maps actor → event → role → articles; a role held through a delegation
    (its ``rg:origin``) counts for every event of the occasion that names the delegation.
    """

    events: tuple[str, ...]
    roles: dict[str, dict[str, dict[str, set[str]]]]
    is_visit: bool
    parents: dict[str, set[str]] = field(default_factory=dict)  # event -> its super-events here
    _roles_cache: dict[str, dict[str, set[str]]] = field(default_factory=dict, repr=False, compare=False)
    _present_cache: dict[str, dict[str, dict[str, set[str]]]] = field(
        default_factory=dict, repr=False, compare=False)

    def actor_roles(self, actor: str) -> dict[str, set[str]]:
        """Role → articles of ``actor`` over all events of the occasion."""
        if actor not in self._roles_cache:
            self._roles_cache[actor] = self._actor_roles(actor)
        return self._roles_cache[actor]

    def _actor_roles(self, actor: str) -> dict[str, set[str]]:
        merged: dict[str, set[str]] = defaultdict(set)
        for by_role in self.roles[actor].values():
            for role, articles in by_role.items():
                merged[role] |= articles
        return dict(merged)

    def present(self, actor: str, people: dict[str, set[str]]) -> dict[str, dict[str, set[str]]]:
        """Event → role → articles of ``actor``, counting the roles of its ``people`` (the persons
        affiliated with an organisation) as ``"<role> (through <person>)"``."""
        if actor not in self._present_cache:
            self._present_cache[actor] = self._present(actor, people)
        return self._present_cache[actor]

    def _present(self, actor: str, people: dict[str, set[str]]) -> dict[str, dict[str, set[str]]]:
        found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for event, by_role in self.roles.get(actor, {}).items():
            for role, articles in by_role.items():
                found[event][role] |= articles
        for person in sorted(people.get(actor, ())):
            for event, by_role in self.roles.get(person, {}).items():
                for role, articles in by_role.items():
                    found[event][f"{role} (through {person})"] |= articles
        return found

    def shared_events(self, a: str, b: str, people: dict[str, set[str]] | None = None) -> tuple[str, ...]:
        """The events where both actors are present (an organisation also through its people),
        or else the events of either."""
        ea, eb = self.present(a, people or {}), self.present(b, people or {})
        common = [e for e in self.events if e in ea and e in eb]
        if not common:
            return tuple(e for e in self.events if e in ea or e in eb)
        # … with their sub-events where one of the two is present (the reception of a visit)
        inside = set(common)
        for _ in range(len(self.events)):
            grown = {e for e in self.events if self.parents.get(e, set()) & inside} | inside
            if grown == inside:
                break
            inside = grown
        return tuple(e for e in self.events if e in common or (e in inside and (e in ea or e in eb)))


def _occasions(facts: Facts) -> list[Occasion]:
    nodes = facts.nodes
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    grouped = ("event", "delegation")
    for iri, node in nodes.items():
        if node.category in grouped:
            find(iri)
    events_of_delegation: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    for link in facts.links:
        a, b = nodes[link.source], nodes[link.target]
        if a.category not in grouped or b.category not in grouped:
            continue
        if link.predicate in DELEGATION:
            union(a.iri, b.iri)
            events_of_delegation[b.iri].add(a.iri)
        elif link.predicate in SUB_EVENT | SUPER_EVENT and not is_trade_fair(a) and not is_trade_fair(b):
            union(a.iri, b.iri)  # a trade fair is context, not one meeting of all its visitors
            child, upper = (a.iri, b.iri) if link.predicate in SUPER_EVENT else (b.iri, a.iri)
            parents[child].add(upper)

    members: dict[str, list[str]] = defaultdict(list)
    for iri in sorted(parent):
        members[find(iri)].append(iri)
    roles: dict[str, dict[str, dict[str, dict[str, set[str]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(set))))
    for link in facts.links:
        holder, actor = nodes[link.source], nodes[link.target]
        if holder.category not in grouped or actor.category not in ACTOR_CATEGORIES:
            continue
        role = EVENT_ROLES.get(link.predicate)
        if role is None:
            continue
        if holder.category == "event":
            events = [holder.iri]
        else:
            events = sorted(events_of_delegation.get(holder.iri, ()))
        for event in events or [holder.iri]:
            roles[find(holder.iri)][actor.iri][event][role].add(link.article)
    occasions = []
    for root, events in sorted(members.items()):
        kept = tuple(sorted((e for e in events if nodes[e].category == "event"),
                            key=lambda e: (_VISIT not in nodes[e].types, nodes[e].start, e))) \
            or tuple(events)
        is_visit = any(_VISIT in nodes[e].types for e in events)
        occasions.append(Occasion(
            events=kept, is_visit=is_visit, parents={e: parents[e] for e in kept if e in parents},
            roles={a: {e: dict(r) for e, r in by_event.items()} for a, by_event in roles[root].items()}))
    return occasions


_VISITOR_SIDE = frozenset(VISITOR_ROLES.values())
_HOST_SIDE = frozenset(HOST_ROLES.values())
_PARTICIPANT_SIDE = frozenset(PARTICIPANT_ROLES.values())


def _side(roles: dict[str, set[str]]) -> str:
    """Which side of an occasion an actor is on, from its roles."""
    if not _VISITOR_SIDE.isdisjoint(roles):
        return "visitor"
    if not _HOST_SIDE.isdisjoint(roles):
        return "host"
    if not _PARTICIPANT_SIDE.isdisjoint(roles):
        return "participant"
    return "place"


# -- views -----------------------------------------------------------------------------------
class _EdgeBuilder:
    """Collects the supports of each tie, keyed by the sorted pair of IRIs."""

    def __init__(self) -> None:
        self.supports: dict[tuple[str, str], list[Support]] = defaultdict(list)

    def add(self, a: str, b: str, support: Support) -> None:
        if a == b:
            return
        self.supports[(a, b) if a < b else (b, a)].append(support)


def _statements_for(facts: Facts, link: Link) -> tuple[str, ...]:
    found = list(facts.assertions.get((link.source, link.predicate, link.target), []))
    if link.predicate in AFFILIATION:
        found += facts.memberships.get((link.source, link.target), [])
    return tuple(sorted(set(found)))


def _direct_ties(facts: Facts, edges: _EdgeBuilder, categories: tuple[str, ...]) -> None:
    grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for link in facts.links:
        src, dst = facts.nodes[link.source], facts.nodes[link.target]
        if src.category not in categories or dst.category not in categories:
            continue
        if link.predicate in AFFILIATION:
            relation = "affiliation"
        elif link.predicate in LOCATION:
            relation = "location"
        else:
            continue
        grouped[(link.source, link.target, relation)].add(link.article)
    statements: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for link in facts.links:
        relation = "affiliation" if link.predicate in AFFILIATION else "location"
        key = (link.source, link.target, relation)
        if key in grouped:
            statements[key].update(_statements_for(facts, link))
    for (s, t, relation), articles in sorted(grouped.items()):
        edges.add(s, t, Support(relation, frozenset(articles), tuple(sorted(statements[(s, t, relation)]))))


def _pair_articles(a: dict[str, set[str]], b: dict[str, set[str]]) -> frozenset[str]:
    """The articles that state both actors' roles (or, failing that, either's)."""
    if len(a) == 1 and len(b) == 1:
        (left,), (right,) = a.values(), b.values()
        return frozenset(left & right or left | right)
    left = set().union(*a.values())
    right = set().union(*b.values())
    return frozenset(left & right or left | right)


def _event_statements(facts: Facts, events: Iterable[str]) -> tuple[str, ...]:
    """The event nodes that carry evidence, then the reified assertions about them."""
    events = tuple(events)
    if events not in facts._event_statements:
        facts._event_statements[events] = _collect_event_statements(facts, events)
    return facts._event_statements[events]


def _collect_event_statements(facts: Facts, events: tuple[str, ...]) -> tuple[str, ...]:
    index = facts.statements_by_source
    if index is None:
        index = defaultdict(list)
        for link in facts.links:
            statements = _statements_for(facts, link)
            if statements:
                index[link.source].extend(statements)
        facts.statements_by_source = index
    found = [e for e in events if e in facts.evidence]
    for event in events:
        found += index.get(event, [])
    return tuple(dict.fromkeys(found))


def _people(facts: Facts) -> dict[str, set[str]]:
    """Organisation → the persons affiliated with it."""
    people: dict[str, set[str]] = defaultdict(set)
    for link in facts.links:
        if link.predicate in AFFILIATION and facts.nodes[link.target].category == "organisation":
            people[link.target].add(link.source)
    return people


def _person_label(facts: Facts, role: str) -> str:
    head, sep, person = role.partition(" (through ")
    if not sep:
        return role
    iri = person[:-1]
    return f"{head} (through {facts.nodes[iri].label if iri in facts.nodes else iri})"


def _actors_view(facts: Facts, detail: bool = False) -> _EdgeBuilder:
    edges = _EdgeBuilder()
    _direct_ties(facts, edges, ACTOR_CATEGORIES)
    people = _people(facts)
    supports = edges.supports
    for occasion in _occasions(facts):
        # per actor once: its side and the articles that state its roles (places take no part)
        info: dict[str, tuple[str, frozenset[str]]] = {}
        for actor in sorted(occasion.roles):
            roles = occasion.actor_roles(actor)
            side = _side(roles)
            if side != "place":
                info[actor] = (side, frozenset().union(*roles.values()))
        single = len(occasion.events) <= 1
        statements = _event_statements(facts, occasion.events) if single else ()
        for a, b in itertools.combinations(info, 2):  # sorted, so a < b
            (side_a, arts_a), (side_b, arts_b) = info[a], info[b]
            visit = occasion.is_visit and side_a != side_b and {side_a, side_b} == {"visitor", "host"}
            events = occasion.events if single else occasion.shared_events(a, b, people)
            shown = tuple(sorted({f"{facts.nodes[x].label}: {_person_label(facts, r)}" for x in (a, b)
                                  for e in events for r in occasion.present(x, people).get(e, {})})) \
                if detail else ()
            supports[(a, b)].append(Support(
                "visit" if visit else "co-participation", arts_a & arts_b or arts_a | arts_b,
                statements if single else _event_statements(facts, events), events, shown))
    return edges


def _organisations_view(facts: Facts, detail: bool = False) -> _EdgeBuilder:
    edges = _EdgeBuilder()
    nodes = facts.nodes
    employers: dict[str, set[str]] = defaultdict(set)
    for link in facts.links:
        if link.predicate in AFFILIATION and nodes[link.target].category == "organisation":
            employers[link.source].add(link.target)
    for occasion in _occasions(facts):
        # organisation -> event -> role -> articles, directly or through an affiliated person
        taking_part: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(set)))
        for actor, by_event in occasion.roles.items():
            if _side(occasion.actor_roles(actor)) == "place":
                continue
            for event, roles in by_event.items():
                for role, arts in roles.items():
                    if nodes[actor].category == "organisation":
                        taking_part[actor][event][role] |= arts
                    for org in employers.get(actor, ()):
                        taking_part[org][event][f"{role} (through {nodes[actor].label})"] |= arts
        relation = "shared visit" if occasion.is_visit else "shared event"
        for a, b in itertools.combinations(sorted(taking_part), 2):
            ta, tb = taking_part[a], taking_part[b]
            common = [e for e in occasion.events if e in ta and e in tb]
            events = tuple(common or [e for e in occasion.events if e in ta or e in tb])
            shown: tuple[str, ...] = tuple(sorted({
                f"{nodes[x].label}: {r}" for x, t in ((a, ta), (b, tb)) for e in events
                for r in t.get(e, {})})) if detail else ()
            arts_a = {r: x for by_role in ta.values() for r, x in by_role.items()}
            arts_b = {r: x for by_role in tb.values() for r, x in by_role.items()}
            edges.add(a, b, Support(relation, _pair_articles(arts_a, arts_b),
                                    _event_statements(facts, events), events, shown))
    return edges


def _bipartite_view(facts: Facts, detail: bool = False) -> _EdgeBuilder:
    edges = _EdgeBuilder()
    nodes = facts.nodes
    visit_of: dict[str, str] = {}
    for link in facts.links:
        if link.predicate in DELEGATION and nodes[link.source].category == "event":
            visit_of.setdefault(link.target, link.source)
    grouped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    stmts: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for link in facts.links:
        holder, actor = nodes[link.source], nodes[link.target]
        role = EVENT_ROLES.get(link.predicate)
        if role is None or actor.category not in ACTOR_CATEGORIES:
            continue
        event = holder.iri if holder.category == "event" else visit_of.get(holder.iri)
        if event is None:
            continue
        grouped[(actor.iri, event, role)].add(link.article)
        stmts[(actor.iri, event, role)].update(_statements_for(facts, link))
        if event in facts.evidence:
            stmts[(actor.iri, event, role)].add(event)
    for (who, event, role), articles in sorted(grouped.items()):
        edges.add(who, event, Support(role, frozenset(articles), tuple(sorted(stmts[(who, event, role)])),
                                      (event,), (role,)))
    return edges


def project(store: Store, view: str = "actors", *, facts: Facts | None = None,
            detail: bool = False, lean: bool = False) -> nx.Graph:
    """Project ``store`` onto an undirected weighted networkx graph for ``view``.

    Args:
        store: an open store.
        view: one of :data:`VIEWS`.
        facts: facts already read with :func:`load_facts` (to project several views at once).
        detail: also record the actors' roles in each :class:`Support` (for explanations; costs
            time and memory on large stores).
        lean: only what the measures need — node ``label``/``category``, edge ``weight``,
            ``article_count`` and ``relations`` — for analysing large stores quickly.

    Returns:
        A :class:`networkx.Graph`; node keys are IRIs, ``G.graph["view"]`` names the view.
        Edge attributes: ``weight`` (supporting articles), ``article_count``, ``relations``
        (sorted tuple), ``events`` (descriptions of the events behind the tie), ``supports``
        (tuple of :class:`Support`), ``first_seen``/``last_seen``
        and ``spells`` (merged date intervals of the events and articles behind the tie).

    Raises:
        ParameterError: ``view`` is unknown (the message lists the known views).
    """
    if view not in VIEWS:
        raise ParameterError(f"unknown view {view!r}; known views: {', '.join(VIEWS)}")
    if lean and view == "actors":
        return _lean_actors(facts) if facts is not None else lean_actors_graph(lean_actors(store))
    facts = facts if facts is not None else load_facts(store, lean=lean)
    builder = {"actors": _actors_view, "organisations": _organisations_view,
               "bipartite": _bipartite_view}[view](facts, detail)
    keep = {"actors": set(ACTOR_CATEGORIES), "organisations": {"organisation"},
            "bipartite": set(ACTOR_CATEGORIES) | {"event"}}[view]
    tied = {end for pair in builder.supports for end in pair}
    interval_cache: dict[object, tuple[tuple[str, str], ...]] = {}
    graph = nx.Graph(view=view)
    for iri in sorted(facts.nodes):
        node = facts.nodes[iri]
        if node.category not in keep:
            continue
        if not node.articles:
            continue  # reference data only (gazetteer): never mentioned in an article
        if view == "bipartite" and iri not in tied:
            continue  # an actor at no event, or an event without actors
        if lean:
            graph.add_node(iri, label=node.label, category=node.category)
            continue
        attrs = _node_attributes(node, facts)
        if view == "bipartite":
            attrs["bipartite"] = 1 if node.category == "event" else 0
        graph.add_node(iri, **attrs)
    descriptions: dict[str, str] = {}
    for (a, b), supports in sorted(builder.supports.items()):
        if a not in graph or b not in graph:
            continue
        articles = supports[0].articles if len(supports) == 1 else frozenset().union(
            *(s.articles for s in supports))
        relations = (supports[0].relation,) if len(supports) == 1 else tuple(
            sorted({s.relation for s in supports}))
        if lean:
            graph.add_edge(a, b, weight=float(len(articles)), article_count=len(articles), relations=relations)
            continue
        intervals = _support_intervals(facts, tuple(supports), interval_cache)
        events = dict.fromkeys(e for s in supports for e in s.events if e in facts.nodes)
        for e in events:
            if e not in descriptions:
                descriptions[e] = describe_event(facts.nodes[e])
        graph.add_edge(a, b, weight=float(len(articles)), article_count=len(articles), relations=relations,
                       events=tuple(descriptions[e] for e in events),
                       supports=tuple(supports), spells=intervals,
                       first_seen=intervals[0][0] if intervals else "",
                       last_seen=intervals[-1][1] if intervals else "")
    for iri, attrs in ([] if lean else graph.nodes(data=True)):
        # a node is present whenever one of its ties is, so Gephi's timeline never shows a
        # tie without its ends
        spans = list(attrs["spells"])
        for _, _, edge_spells in graph.edges(iri, data="spells"):
            spans += edge_spells
        attrs["spells"] = merge_intervals(spans)
        if attrs["spells"]:
            attrs["first_seen"] = attrs["spells"][0][0]
            attrs["last_seen"] = max(end for _, end in attrs["spells"])
    return graph


def lean_actors(store: Store, *, facts: Facts | None = None) -> _columnar.LeanActors:
    """The lean ``actors`` view in columns, read straight from ``store`` (what ``analyze`` measures;
    :func:`lean_actors_graph` makes the networkx graph of ``project(store, "actors", lean=True)``),
    or folded from ``facts`` already read from it (the same view)."""
    if facts is not None:
        return _columnar.from_facts(facts, ACTOR_CATEGORIES)
    return _columnar.read_actors(store, ACTOR_CATEGORIES)


def lean_actors_graph(view: _columnar.LeanActors) -> nx.Graph:
    """The networkx graph of a lean ``actors`` view in columns."""
    graph = nx.Graph(view="actors")
    graph.add_nodes_from((iri, {"label": label, "category": category})
                         for iri, label, category in zip(view.actors, view.labels, view.categories, strict=True))
    actors = view.actors
    graph.add_edges_from((actors[x], actors[y], {"weight": float(w), "article_count": w, "relations": r})
                         for x, y, w, r in zip(view.a.tolist(), view.b.tolist(), view.weight.tolist(),
                                               view.relations, strict=True))
    return graph


def _lean_actors(facts: Facts) -> nx.Graph:
    """The lean ``actors`` view, folded in columnar form (:mod:`._columnar`)."""
    return lean_actors_graph(_columnar.from_facts(facts, ACTOR_CATEGORIES))


def _node_attributes(node: Node, facts: Facts) -> dict[str, object]:
    dates = sorted(node.dates)
    intervals = []
    if node.category == "event" and node.start:
        intervals.append((node.start, node.end))
    return {
        "label": node.label, "category": node.category, "rdf_class": node.rdf_class,
        "iri": node.iri, "city": node.city, "sectors": node.sectors,
        "first_seen": dates[0] if dates else "", "last_seen": dates[-1] if dates else "",
        "article_count": len(node.articles), "wikidata": node.wikidata,
        "spells": merge_intervals([(d, d) for d in dates] + intervals),
    }


def _support_intervals(facts: Facts, supports: tuple[Support, ...],
                       cache: dict[object, tuple[tuple[str, str], ...]]) -> tuple[tuple[str, str], ...]:
    key = (supports[0].events, supports[0].articles) if len(supports) == 1 else tuple(
        (s.events, s.articles) for s in supports)
    if key not in cache:
        cache[key] = _compute_intervals(facts, supports)
    return cache[key]


def _compute_intervals(facts: Facts, supports: Iterable[Support]) -> tuple[tuple[str, str], ...]:
    spans: list[tuple[str, str]] = []
    for support in supports:
        dated_event = False
        for event in support.events:
            node = facts.nodes.get(event)
            if node is not None and node.start:
                spans.append((node.start, node.end))
                dated_event = True
        if not dated_event:
            spans += [(facts.article_dates[a], facts.article_dates[a]) for a in support.articles
                      if a in facts.article_dates]
    return merge_intervals(spans)


def merge_intervals(spans: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Merge overlapping ``(start, end)`` ISO-date intervals.

    >>> merge_intervals([("2023-11-16", "2023-11-16"), ("2023-11-14", "2023-11-17"),
    ...                  ("2024-01-02", "2024-01-02")])
    (('2023-11-14', '2023-11-17'), ('2024-01-02', '2024-01-02'))
    """
    merged: list[list[str]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)
