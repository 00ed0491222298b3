"""How are two actors linked? Shortest paths in a projected view, each hop explained.

Every tie of a view (:mod:`ruhrgraph.network.views`) remembers why it exists: the relation
(affiliation, location, visit, co-participation), the events behind it and the statement
nodes that carry the evidence. :func:`connect` finds the shortest paths between two actors
and turns each hop back into that story, down to the quoted sentence::

    Korea → Wirtschaftsförderung Dortmund → Dortmund
      Korea → Wirtschaftsförderung Dortmund: visit
        event: Visit 2023-11-14 – 2023-11-17; Reception
        roles: Korea: origin; Wirtschaftsförderung Dortmund: host
        „Beim Empfang bei der BMR gab Julia Jäger …“ (sentence 7)

Actors are named by IRI, label, alias or acronym (``BMR``), matched like the parameters of
saved queries (:mod:`ruhrgraph.sparql.resolve`); :func:`resolve_actor` says clearly when a name is
unknown or ambiguous.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import networkx as nx

from ruhrgraph.errors import ParameterError
from ruhrgraph.network.facts import Facts, Node, Support, describe_event, load_facts
from ruhrgraph.network.views import project
from ruhrgraph.store.local import Store


@dataclass(frozen=True)
class Quote:
    """An evidence sentence of a statement."""

    statement: str
    sentence: int
    text: str


@dataclass(frozen=True)
class Hop:
    """One tie of a path with what supports it."""

    source: str
    target: str
    source_label: str
    target_label: str
    relations: tuple[str, ...]
    events: tuple[tuple[str, str], ...]  # (IRI, description)
    roles: tuple[str, ...]
    statements: tuple[str, ...]
    quotes: tuple[Quote, ...]
    articles: tuple[str, ...]


@dataclass(frozen=True)
class ConnectResult:
    """The shortest paths between two actors (empty when they are not linked)."""

    source: str
    target: str
    source_label: str
    target_label: str
    view: str
    paths: tuple[tuple[Hop, ...], ...] = ()
    truncated: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def distance(self) -> int | None:
        """Number of hops of the shortest paths (``None`` when there is no path)."""
        return len(self.paths[0]) if self.paths else None

    def render(self) -> str:
        """A readable text version (what ``ruhrgraph connect`` prints)."""
        if not self.paths:
            return (f"{self.source_label} and {self.target_label} are not connected in the "
                    f"{self.view} view.")
        lines = [f"{len(self.paths)} shortest path(s) of {self.distance} hop(s) between "
                 f"{self.source_label} and {self.target_label} ({self.view} view)"
                 + (", more not shown" if self.truncated else "") + ":"]
        for number, path in enumerate(self.paths, start=1):
            names = [path[0].source_label, *(hop.target_label for hop in path)]
            lines.append("")
            lines.append(f"{number}. " + " → ".join(names))
            for hop in path:
                lines.append(f"   {hop.source_label} → {hop.target_label}: {', '.join(hop.relations)}")
                if hop.events:
                    lines.append("     event: " + "; ".join(desc for _, desc in hop.events))
                if hop.roles:
                    lines.append("     roles: " + "; ".join(hop.roles))
                for quote in hop.quotes:
                    where = f"sentence {quote.sentence}" if quote.sentence >= 0 else "sentence ?"
                    lines.append(f"     „{quote.text}“ ({where}; {quote.statement})")
                if not hop.quotes:
                    lines.append("     articles: " + ", ".join(hop.articles))
        return "\n".join(lines)


def resolve_actor(graph: nx.Graph, facts: Facts, name: str) -> str:
    """The IRI of the node of ``graph`` that ``name`` designates.

    ``name`` may be the IRI itself (with or without ``<…>``), a label, an alias or an acronym;
    matching is :func:`ruhrgraph.sparql.resolve.match` — the same names a saved query accepts — over
    the nodes of the view. Exactly one node must match.

    Raises:
        ParameterError: no node or several nodes match (the message lists them, or the closest
            names).
    """
    from rdflib import URIRef

    from ruhrgraph.sparql.resolve import Candidate, closest, match

    bare = name.strip().removeprefix("<").removesuffix(">")
    if bare in graph:
        return bare
    if not bare:
        raise ParameterError("an actor name must not be empty")
    candidates = []
    for iri in graph:
        node: Node | None = facts.nodes.get(iri)
        label = str(graph.nodes[iri].get("label", iri))
        names = (label, *(n for n in (node.names if node else ()) if n != label))
        types = tuple(sorted(node.types)) if node else ()
        candidates.append(Candidate(URIRef(iri), names, types))
    _, hits = match(name, candidates)
    if len(hits) == 1:
        return str(hits[0].iri)
    view = graph.graph.get("view")
    if hits:
        shown = "; ".join(f"{c.label} <{c.iri}>" for c in hits[:10])
        more = f" and {len(hits) - 10} more" if len(hits) > 10 else ""
        raise ParameterError(f"{name!r} is ambiguous in the {view} view: {shown}{more}; "
                             "give the full label or the IRI")
    near = closest(name, candidates)
    hint = f"; did you mean {', '.join(repr(c.label) for _, c in near)}?" if near else ""
    raise ParameterError(f"no actor named {name!r} in the {view} view{hint} "
                         "(names are labels, aliases, acronyms or IRIs)")


def _hop(graph: nx.Graph, facts: Facts, a: str, b: str) -> Hop:
    data = graph.edges[a, b]
    supports: tuple[Support, ...] = data["supports"]
    events: dict[str, str] = {}
    roles: list[str] = []
    statements: list[str] = []
    articles: set[str] = set()
    for support in supports:
        for event in support.events:
            if event in facts.nodes:
                events.setdefault(event, describe_event(facts.nodes[event]))
        roles += [r for r in support.roles if r not in roles]
        statements += [s for s in support.statements if s not in statements]
        articles |= support.articles
    quotes: list[Quote] = []
    seen: set[str] = set()
    for statement in statements:
        for index, text in facts.evidence.get(statement, []):
            if text not in seen:
                seen.add(text)
                quotes.append(Quote(statement, index, text))
    return Hop(source=a, target=b, source_label=graph.nodes[a]["label"], target_label=graph.nodes[b]["label"],
               relations=tuple(data["relations"]), events=tuple(events.items()), roles=tuple(roles),
               statements=tuple(statements), quotes=tuple(quotes), articles=tuple(sorted(articles)))


def connect(store: Store, source: str, target: str, *, view: str = "actors",
            max_paths: int = 5) -> ConnectResult:
    """Explain how ``source`` and ``target`` are linked in ``view`` of ``store``.

    Args:
        store: an open store (read-only is enough).
        source: IRI, label or alias of the first actor.
        target: IRI, label or alias of the second actor.
        view: the projected view to search (``actors`` by default).
        max_paths: at most this many shortest paths are returned (``truncated`` says when
            there were more).

    Raises:
        ParameterError: an actor name is unknown or ambiguous, or ``max_paths`` < 1.
    """
    if max_paths < 1:
        raise ParameterError(f"max_paths must be at least 1, got {max_paths}")
    facts = load_facts(store)
    graph = project(store, view, facts=facts, detail=True)
    a = resolve_actor(graph, facts, source)
    b = resolve_actor(graph, facts, target)
    la, lb = graph.nodes[a]["label"], graph.nodes[b]["label"]
    if a == b:
        return ConnectResult(a, b, la, lb, view, notes=("both names designate the same actor",))
    try:
        found = list(itertools.islice(nx.all_shortest_paths(graph, a, b), 1000))
    except nx.NetworkXNoPath:
        return ConnectResult(a, b, la, lb, view)
    found.sort(key=lambda p: ([graph.nodes[n]["label"] for n in p], p))
    paths = tuple(tuple(_hop(graph, facts, u, v) for u, v in itertools.pairwise(p))
                  for p in found[:max_paths])
    return ConnectResult(a, b, la, lb, view, paths=paths, truncated=len(found) > max_paths)
