"""How are two actors linked? Shortest paths in a projected view, each hop explained.

Every tie of a view (:mod:`ruhrgraph.network.views`) remembers why it exists: the relation
(affiliation, location, visit, co-participation), the events behind it and the statement
nodes that carry the evidence. :func:`connect` finds the shortest paths between two actors
and turns each hop back into that story, down to the quoted sentence::

    Korea → Wirtschaftsförderung Dortmund → Dortmund
      Korea → Wirtschaftsförderung Dortmund: visit
        event: Visit 2023-11-14 – 2023-11-17; Reception
        roles: Korea: origin; Wirtschaftsförderung Dortmund: host
        „Beim Empfang bei der BMR gab Julia Jäger …“ (sentence 7 of “Im internationalen Dialog …”,
        https://…)

A hop cites the articles its evidence was quoted from (headline and address), not the statement
nodes, and quotes only sentences that support it (:func:`supporting`): those that name both actors,
or else one sentence for each actor when together they do (the visit of one, the host the other).

Actors are named by IRI, label, alias or acronym (``BMR``), matched like the parameters of
saved queries (:mod:`ruhrgraph.sparql.resolve`); :func:`resolve_actor` says clearly when a name is
unknown or ambiguous.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import networkx as nx

from ruhrgraph.errors import ParameterError
from ruhrgraph.network.facts import Facts, Node, Support, describe_event, load_facts
from ruhrgraph.network.views import project
from ruhrgraph.store.local import Store


@dataclass(frozen=True)
class Quote:
    """An evidence sentence of a statement, with the article it was quoted from."""

    statement: str
    sentence: int
    text: str
    article: str = ""
    headline: str = ""
    url: str = ""

    def citation(self) -> str:
        """Where the sentence is from: its index, the article's headline and address."""
        where = f"sentence {self.sentence}" if self.sentence >= 0 else "sentence ?"
        head = f" of “{self.headline}”" if self.headline else ""
        address = self.url or self.article
        return f"{where}{head}" + (f", {address}" if address else "")


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
                    lines.append(f"     „{quote.text}“ ({quote.citation()})")
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


_SOURCES = """PREFIX rg: <https://w3id.org/ruhrgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
SELECT ?st ?i ?q ?a ?h ?u WHERE {
  VALUES ?st { %s }
  GRAPH ?g { ?st rg:evidence ?e . ?e rg:quote ?q
             OPTIONAL { ?e rg:sentenceIndex ?i } OPTIONAL { ?e prov:wasQuotedFrom ?qa }
             OPTIONAL { ?ga a rg:Article } }
  BIND(COALESCE(?qa, ?ga) AS ?a)
  OPTIONAL { ?a schema:headline ?h } OPTIONAL { ?a schema:url ?u }
}"""


def _sources(store: Store, statements: set[str]) -> dict[str, list[Quote]]:
    """Statement IRI → its evidence sentences with the articles they were quoted from."""
    found: dict[tuple[str, str], Quote] = {}
    ordered = sorted(statements)
    for start in range(0, len(ordered), 200):
        values = " ".join(f"<{s}>" for s in ordered[start:start + 200] if ">" not in s)
        if not values:
            continue
        for row in store.select(_SOURCES % values):
            index = str(row.get("i", "-1"))
            quote = Quote(str(row["st"]), int(index) if index.lstrip("-").isdigit() else -1, str(row["q"]),
                          str(row.get("a", "")), str(row.get("h", "")), str(row.get("u", "")))
            key = (quote.statement, quote.text)
            if key not in found or (quote.headline, quote.url) > (found[key].headline, found[key].url):
                found[key] = quote
    out: dict[str, list[Quote]] = {}
    for quote in sorted(found.values(), key=lambda q: (q.article, q.sentence, q.text)):
        out.setdefault(quote.statement, []).append(quote)
    return out


def _mentions(text: str, node: Node | None, label: str) -> bool:
    """Whether a sentence names an actor: one of its names, a person's surname, or (for a one-word
    name such as a country) a word that starts like it ("koreanische" for Korea)."""
    folded = text.casefold()
    names = {label, *(node.names if node else ())}
    words = re.findall(r"\w+", folded)
    for name in names:
        name = name.casefold().strip()
        if len(name) < 2:
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            return True
        parts = re.findall(r"\w+", name)
        if node is not None and node.category == "person" and len(parts) > 1 and len(parts[-1]) >= 3 \
                and parts[-1] in words:
            return True
        if len(parts) == 1 and len(name) >= 5 and any(w.startswith(name[:5]) for w in words):
            return True
    return False


def supporting(quotes: list[Quote], a: tuple[Node | None, str], b: tuple[Node | None, str]) -> list[Quote]:
    """The quotes that support a hop between actors ``a`` and ``b`` (each ``(node, label)``): those
    naming both; else the first naming ``a`` and the first naming ``b`` when there are both; else
    none (the hop then cites its articles only)."""
    both = [q for q in quotes if _mentions(q.text, *a) and _mentions(q.text, *b)]
    if both:
        return both
    first_a = next((q for q in quotes if _mentions(q.text, *a)), None)
    first_b = next((q for q in quotes if _mentions(q.text, *b)), None)
    if first_a is not None and first_b is not None:
        return sorted({first_a, first_b}, key=lambda q: (q.article, q.sentence, q.text))
    return []


def _hop(graph: nx.Graph, facts: Facts, sources: dict[str, list[Quote]], a: str, b: str) -> Hop:
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
    candidates: list[Quote] = []
    seen: set[str] = set()
    for statement in statements:
        for quote in sources.get(statement, []):
            if quote.text not in seen:
                seen.add(quote.text)
                candidates.append(quote)
    la, lb = graph.nodes[a]["label"], graph.nodes[b]["label"]
    quotes = supporting(candidates, (facts.nodes.get(a), la), (facts.nodes.get(b), lb))
    return Hop(source=a, target=b, source_label=la, target_label=lb,
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
    chosen = found[:max_paths]
    statements = {s for p in chosen for u, v in itertools.pairwise(p)
                  for support in graph.edges[u, v]["supports"] for s in support.statements}
    sources = _sources(store, statements)
    paths = tuple(tuple(_hop(graph, facts, sources, u, v) for u, v in itertools.pairwise(p)) for p in chosen)
    return ConnectResult(a, b, la, lb, view, paths=paths, truncated=len(found) > max_paths)
