"""The facts the network views are folded from, read once from the RDF store.

The store holds one named graph per article; every fact there is a triple or a statement node
(:doc:`decisions/0003-graph-model`). :func:`load_facts` reads those facts once — typed nodes
(:class:`Node`, each with its category from :mod:`ruhrgraph.classes`) and their links
(:class:`Link`), each link with the article graph that states it and the statement node that
carries its evidence — into :class:`Facts`; :func:`ruhrgraph.network.views.project` folds them
into a networkx view, every tie remembering its :class:`Support`.

Only links stated inside an article graph are kept: facts found only outside article graphs (the
gazetteer) give node attributes, never ties. Article, evidence, assertion, activity, score,
membership and concept nodes are left out *by type* (the ``excluded`` category).

Example::

    >>> from ruhrgraph.store.local import Store
    >>> with Store.open(None) as store:
    ...     facts = load_facts(store)
    >>> facts.nodes, facts.links
    ({}, [])
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import pyoxigraph as ox

from ruhrgraph import classes, vocab
from ruhrgraph.namespace import FOAF, ORG, RDF, RDFS, RG, SDO, SKOS, WD
from ruhrgraph.store.local import Store

WIKIDATA = (str(WD), "https://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/")
"""Prefixes of Wikidata entity IRIs that ``owl:sameAs`` may point to."""


def _schema(*names: str) -> set[str]:
    """schema.org terms ``names``, with the https and the http scheme (older data uses the latter)."""
    return {ns + n for ns in (str(SDO), "http://schema.org/") for n in names}


# -- predicates ------------------------------------------------------------------------------
AFFILIATION = _schema("affiliation") | {str(ORG.memberOf)}
LOCATION = {str(RG.basedIn), *_schema("location", "containedInPlace"), str(RG.inRegion)}
VISITOR_ROLES = {str(RG.origin): "origin", str(FOAF.member): "member"}
HOST_ROLES = {str(RG.hostedBy): "host", str(RG.presenter): "presenter", str(RG.organiser): "organiser",
              str(RG.venue): "venue", str(RG.invitedBy): "invited by",
              **{p: "host" for p in _schema("organizer")},
              **{p: "presenter" for p in _schema("performer")}}
PARTICIPANT_ROLES = {str(RG.participant): "participant",
                     **{p: "participant" for p in _schema("attendee")}}
PLACE_ROLES = {str(RG.heldIn): "held in"}
EVENT_ROLES = {**VISITOR_ROLES, **HOST_ROLES, **PARTICIPANT_ROLES, **PLACE_ROLES}
SUB_EVENT = _schema("subEvent")
SUPER_EVENT = _schema("superEvent")
DELEGATION = {str(RG.delegation)}
_LINK_PREDICATES = AFFILIATION | LOCATION | set(EVENT_ROLES) | SUB_EVENT | SUPER_EVENT | DELEGATION
LABEL_PREDICATES = (str(RDFS.label), str(SKOS.prefLabel), *_schema("name"), str(FOAF.name),
                    str(SKOS.altLabel), *_schema("alternateName"))

# classes too general to name a node's class when a more specific one is there
_GENERIC_CLASSES = {str(RG.Organisation), str(RG.Event), str(RG.Place)}
_RG = str(RG._NS)
_ARTICLE = str(RG.Article)
_TRADE_FAIR = str(RG.TradeFair)
_PREFIXES = vocab.sparql_prologue("rg", "rdf", "rdfs", "owl", "org")


@dataclass
class Node:
    """A typed resource of the store with the attributes the views carry."""

    iri: str
    category: str
    rdf_class: str
    label: str
    types: frozenset[str] = frozenset()
    articles: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    city: str = ""
    sectors: tuple[str, ...] = ()
    wikidata: str = ""
    names: tuple[str, ...] = ()  # every label and alias, for look-ups by name
    during: tuple[str, ...] = ()  # events: labels of the trade fairs it is part of
    start: str = ""  # events: schema:startDate
    end: str = ""  # events: schema:endDate


class Link(NamedTuple):
    """One fact linking two resources, as stated in one article graph."""

    source: str
    predicate: str
    target: str
    article: str
    graph: str


class Support(NamedTuple):
    """Why two actors are tied: the relation, the statement nodes and events behind it."""

    relation: str
    articles: frozenset[str]
    statements: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass
class Facts:
    """Everything the views are folded from (see :func:`load_facts`)."""

    nodes: dict[str, Node]
    links: list[Link]
    article_dates: dict[str, str]
    evidence: dict[str, list[tuple[int, str]]]  # statement IRI -> [(sentence index, quote)]
    assertions: dict[tuple[str, str, str], list[str]]  # (s, p, o) -> reified statement IRIs
    memberships: dict[tuple[str, str], list[str]]  # (person, org) -> membership IRIs
    seats: list[Link] = field(default_factory=list)  # location facts from any graph (gazetteer too)
    statements_by_source: dict[str, list[str]] | None = None  # filled on first use
    _event_statements: dict[tuple[str, ...], tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False)


# -- reading ---------------------------------------------------------------------------------
def _rows(store: Store, sparql: str) -> Iterable[tuple[str, ...]]:
    """The rows of a SELECT query as plain strings: an IRI, a literal's lexical form, a blank
    node's label, ``""`` when unbound (read from one serialisation of the result, :func:`_tsv`)."""
    for row in _tsv(store, sparql):
        yield tuple(_plain(term) for term in row)


def _plain(term: str) -> str:
    if not term or term.startswith("<"):
        return term[1:-1]
    if term.startswith("_:"):
        return term[2:]
    literal = _literal_of(term)
    return literal[0] if literal is not None else term


def _quads(store: Store, predicates: Iterable[str]) -> Iterable[tuple[str, str, str, object]]:
    """``(graph, subject, predicate, object term)`` of every quad with one of ``predicates``,
    read straight from Oxigraph's indexes (much faster than a SPARQL result for big scans)."""
    oxi = store.reader
    for predicate in sorted(set(predicates)):
        for quad in oxi.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode):
                continue
            graph = quad.graph_name
            name = graph.value if isinstance(graph, ox.NamedNode) else ""
            yield name, subject.value, predicate, quad.object


def _store_subclasses(store: Store) -> list[tuple[str, str]]:
    """``(sub, super)`` pairs of the ``rdfs:subClassOf`` axioms a store holds (an ontology loaded
    into it), in addition to the shipped ontology's."""
    return [(s, o) for s, o in _rows(store, _PREFIXES + "SELECT DISTINCT ?s ?o WHERE { ?s rdfs:subClassOf+ ?o }")]


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _specific_class(types: Iterable[str], categories: Mapping[str, str], category: str) -> str:
    """The local name of the node's most specific ``rg:`` class of its category (``Company``)."""
    own = sorted(t for t in types if t.startswith(_RG) and categories.get(t) == category)
    specific = [t for t in own if t not in _GENERIC_CLASSES] or own
    if specific:
        return _local_name(specific[0])
    return category.capitalize()


def _typed_nodes(types: Mapping[str, Iterable[str]], categories: Mapping[str, str]) -> dict[str, Node]:
    """The network's nodes among the typed IRIs, each with its category and most specific class
    (there are few distinct sets of types: each is classified once)."""
    nodes: dict[str, Node] = {}
    kinds: dict[frozenset[str], tuple[str, str]] = {}
    for iri, ts in types.items():
        type_set = frozenset(ts)
        if type_set not in kinds:
            category = classes.NETWORK.category(type_set, categories)
            kinds[type_set] = (category, _specific_class(type_set, categories, category) if category else "")
        category, rdf_class = kinds[type_set]
        if category and category != "excluded":
            nodes[iri] = Node(iri=iri, category=category, label="", types=type_set, rdf_class=rdf_class)
    return nodes


def _pick_label(labels: list[tuple[str, str, str]]) -> str:
    """The preferred label among ``(predicate, text, language)`` rows: German, then English."""
    def rank(row: tuple[str, str, str]) -> tuple[int, int, str]:
        pred, text, lang = row
        lang_rank = {"de": 0, "en": 1, "": 2}.get(lang.split("-")[0].lower(), 3)
        return (LABEL_PREDICATES.index(pred), lang_rank, text)
    return min(labels, key=rank)[1] if labels else ""


def _fallback_label(iri: str) -> str:
    return _local_name(iri).replace("-", " ")


_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")


def _unescape(text: str) -> str:
    """The string of an N-Triples-escaped literal body (``\\t``, ``\\"``, ``\\u00e9`` …)."""
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        char = match.group(3)
        if char not in _ESCAPES:
            raise ValueError(f"unknown escape \\{char} in a SPARQL TSV result")
        return _ESCAPES[char]
    return _ESCAPE.sub(one, text)


def _tsv(store: Store, sparql: str) -> list[list[str]]:
    """The rows of a SELECT query, each a list of terms in SPARQL TSV syntax (``<iri>``,
    ``"text"@de``, ``_:b``, ``12``; an unbound variable is ``""``).

    Oxigraph serialises the whole result in one call: no Python term object per value, which is
    what reading big scans through :class:`pyoxigraph.Quad` objects costs.
    """
    data = store.query(sparql).serialize(format=ox.QueryResultsFormat.TSV)
    lines = data.decode("utf-8").split("\n")
    return [line.split("\t") for line in lines[1:] if line]


def _iri_of(term: str) -> str:
    """The IRI of a TSV term, ``""`` when it is a literal or a blank node."""
    return term[1:-1] if term.startswith("<") else ""


def _literal_of(term: str) -> tuple[str, str] | None:
    """``(lexical form, language)`` of a TSV literal; ``None`` for IRIs and blank nodes."""
    if term.startswith('"'):
        end = term.rindex('"')
        rest = term[end + 1:]
        return _unescape(term[1:end]), (rest[1:] if rest.startswith("@") else "")
    if not term or term.startswith(("<", "_:")):
        return None
    return term, ""  # a number or boolean in its short form


def _load_lean(store: Store) -> Facts:
    """:func:`load_facts` with ``lean=True``: the nodes (label, names, category, types, articles)
    and links of :func:`_lean_parts`."""
    nodes, links, _ = _lean_parts(store)
    return Facts(nodes=nodes, links=links, article_dates={}, evidence={}, assertions={}, memberships={})


def _lean_parts(store: Store) -> tuple[dict[str, Node], list[Link], dict[str, str]]:
    """The nodes (label, names, category, types, articles), the links and each article graph's
    article, read with a few SPARQL queries whose results come back serialised — what
    :func:`reference_parts` reads from the quad indexes (the tests hold both to the same result).

    Types, labels and mentions are read from the query graph (every distinct triple once, the
    union of the named graphs), links from the article graphs; IRIs are plain strings throughout.
    """
    categories = classes.NETWORK.table(_store_subclasses(store))
    prologue = vocab.sparql_prologue("rg", "rdf")
    article_of_graph: dict[str, str] = {}
    for g, a in _tsv(store, prologue + "SELECT ?g ?a WHERE { GRAPH ?g { ?a a rg:Article } }"):
        graph, article = _iri_of(g), _iri_of(a)
        if graph and article and (graph not in article_of_graph or article < article_of_graph[graph]):
            article_of_graph[graph] = article
    types: dict[str, set[str]] = defaultdict(set)
    for s, t in _tsv(store, "SELECT ?s ?t WHERE { ?s a ?t }"):
        if s.startswith("<") and t.startswith("<"):
            types[s[1:-1]].add(t[1:-1])
    nodes = _typed_nodes(types, categories)
    del types

    labels: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for predicate in LABEL_PREDICATES:
        for s, o in _tsv(store, f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"):
            literal = _literal_of(o)
            if s.startswith("<") and literal is not None and s[1:-1] in nodes:
                labels[s[1:-1]].add((predicate, *literal))
    for iri, node in nodes.items():
        rows = labels.get(iri)
        node.label = _pick_label(list(rows)) if rows else _fallback_label(iri)
        node.names = tuple(sorted({text for _, text, _ in rows})) if rows else ()
    del labels

    links: list[Link] = []
    for predicate in sorted(_LINK_PREDICATES):
        for g, s, o in _tsv(store, f"SELECT ?g ?s ?o WHERE {{ GRAPH ?g {{ ?s <{predicate}> ?o }} }}"):
            found = article_of_graph.get(g[1:-1])
            if found is not None and s[1:-1] in nodes and o.startswith("<") and o[1:-1] in nodes:
                links.append(Link(s[1:-1], predicate, o[1:-1], found, g[1:-1]))
    links.sort(key=lambda link: (link.source, link.predicate, link.target, link.graph))
    for s, a in _tsv(store, prologue + "SELECT ?s ?a WHERE { ?s rg:mentionedIn ?a }"):
        mentioned = nodes.get(s[1:-1]) if s.startswith("<") else None
        if mentioned is not None and a.startswith("<"):
            mentioned.articles.add(a[1:-1])
    for link in links:
        nodes[link.source].articles.add(link.article)
        nodes[link.target].articles.add(link.article)
    return nodes, links, article_of_graph


def load_facts(store: Store, *, lean: bool = False, statements: bool = True) -> Facts:
    """Read the typed nodes, their links, evidence and attributes from ``store``.

    Only links stated inside an article graph (a named graph holding an ``rg:Article``) are
    kept; each remembers its article. The big scans read Oxigraph's quad indexes directly, the
    small joins (evidence, assertions, memberships) are SPARQL queries; everything is handled as
    plain strings. ``lean`` reads only what the measures need (types, labels, links,
    mentions) and skips dates, seats, sectors, identifiers and evidence; it reads them with a
    few SELECT queries whose results Oxigraph serialises in one call each (SPARQL TSV), types,
    labels and mentions from the query graph (the union of the named graphs). ``statements=False``
    skips only the statement nodes behind the ties (evidence, reified assertions, memberships:
    :attr:`Support.statements` stays empty), which no file export writes.
    """
    if lean:
        return _load_lean(store)
    nodes, links, article_of_graph = _lean_parts(store)  # serialised results: quick on big stores
    articles = set(article_of_graph.values())
    article_dates: dict[str, str] = {}
    for _, s, _, d in _quads(store, _schema("datePublished")):
        if s in articles and isinstance(d, ox.Literal):
            article_dates[s] = min(d.value[:10], article_dates.get(s, d.value[:10]))
    known_labels: dict[str, str] = {}

    def label_of(iri: str) -> str:  # of a node or of a sector concept
        if iri in nodes:
            return nodes[iri].label
        if iri not in known_labels:
            try:
                subject = ox.NamedNode(iri)
            except ValueError:  # a literal or blank node as a sector: no label of its own
                subject = None
            rows = {(p, q.object.value, q.object.language or "") for p in LABEL_PREDICATES
                    for q in store.reader.quads_for_pattern(subject, ox.NamedNode(p), None, None)
                    if isinstance(q.object, ox.Literal)} if subject is not None else set()
            known_labels[iri] = _pick_label(sorted(rows)) or _fallback_label(iri)
        return known_labels[iri]

    # seats, from any graph: the gazetteer knows where an organisation is based
    seats = sorted({Link(s, p, o.value, "", g) for g, s, p, o in _quads(store, LOCATION)
                    if isinstance(o, ox.NamedNode) and s in nodes and o.value in nodes},
                   key=lambda link: (link.source, link.target, link.graph, link.predicate))

    # event dates
    for _, s, p, term in _quads(store, _schema("startDate", "endDate")):
        if s in nodes and isinstance(term, ox.Literal):
            day = term.value[:10]
            if p.endswith("startDate"):
                nodes[s].start = min(nodes[s].start or day, day)
            else:
                nodes[s].end = max(nodes[s].end or day, day)
    for node in nodes.values():
        if node.start and not node.end:
            node.end = node.start
        if node.end and not node.start:
            node.start = node.end
    _inherit_dates(nodes, links)
    for link in links:
        if link.predicate in SUPER_EVENT:
            child, fair = link.source, link.target
        else:
            child, fair = link.target, link.source
        if link.predicate in SUB_EVENT | SUPER_EVENT and is_trade_fair(nodes[fair]) \
                and nodes[fair].label not in nodes[child].during:
            nodes[child].during = tuple(sorted((*nodes[child].during, nodes[fair].label)))

    # sectors and Wikidata identifiers
    sectors: dict[str, set[str]] = defaultdict(set)
    for s, c in _rows(store, _PREFIXES + "SELECT DISTINCT ?s ?c WHERE { ?s rg:sector ?c }"):
        if s in nodes:
            sectors[s].add(label_of(c))
    for iri, names in sectors.items():
        nodes[iri].sectors = tuple(sorted(names))
    for s, o in _rows(store, _PREFIXES + "SELECT DISTINCT ?s ?o WHERE { ?s owl:sameAs ?o FILTER(isIRI(?o)) }"):
        if s in nodes and o.startswith(WIKIDATA):
            qid = _local_name(o)
            if not nodes[s].wikidata or qid < nodes[s].wikidata:
                nodes[s].wikidata = qid

    evidence, assertions, memberships = _statement_nodes(store) if statements else ({}, {}, {})
    facts = Facts(nodes=nodes, links=links, article_dates=article_dates, evidence=evidence,
                  assertions=assertions, memberships=memberships, seats=seats)
    _derive_node_attributes(facts)
    return facts


def _statement_nodes(store: Store) -> tuple[dict[str, list[tuple[int, str]]], dict[tuple[str, str, str], list[str]],
                                            dict[tuple[str, str], list[str]]]:
    """The evidence of statement nodes, the reified assertions and the memberships (see :class:`Facts`)."""
    evidence: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for stmt, idx, quote in _rows(store, _PREFIXES + """SELECT DISTINCT ?st ?i ?q WHERE {
            ?st rg:evidence ?e . ?e rg:quote ?q OPTIONAL { ?e rg:sentenceIndex ?i } }"""):
        evidence[stmt].append((int(idx) if idx.lstrip("-").isdigit() else -1, quote))
    for quotes in evidence.values():
        quotes.sort()
    assertions: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for st, s, p, o in _rows(store, _PREFIXES + """SELECT DISTINCT ?st ?s ?p ?o WHERE {
            ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"""):
        assertions[(s, p, o)].append(st)
    memberships: dict[tuple[str, str], list[str]] = defaultdict(list)
    for m, person, org in _rows(store, _PREFIXES + """SELECT DISTINCT ?m ?p ?o WHERE {
            ?m org:member ?p ; org:organization ?o }"""):
        memberships[(person, org)].append(m)
    for values in (*assertions.values(), *memberships.values()):
        values.sort()
    return dict(evidence), dict(assertions), dict(memberships)


def reference_parts(store: Store) -> tuple[dict[str, Node], list[Link], dict[str, str]]:
    """:func:`_lean_parts` read from Oxigraph's quad indexes, quad by quad: the reference the tests
    compare the serialised reader with (it was the reader of :func:`load_facts` until the
    serialised one took over, being several times quicker on a store of 10,000 articles)."""
    categories = classes.NETWORK.table(_store_subclasses(store))

    # article graphs
    article_of_graph: dict[str, str] = {}
    types: dict[str, set[str]] = defaultdict(set)
    for g, s, _, t in _quads(store, [str(RDF.type)]):
        if isinstance(t, ox.NamedNode):
            types[s].add(t.value)
            if t.value == _ARTICLE and g and (g not in article_of_graph or s < article_of_graph[g]):
                article_of_graph[g] = s
    nodes = _typed_nodes(types, categories)

    # labels
    labels: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    seen_labels: set[tuple[str, str, str, str]] = set()
    for _, s, p, lit in _quads(store, LABEL_PREDICATES):
        if isinstance(lit, ox.Literal) and (s, p, lit.value, lit.language or "") not in seen_labels:
            seen_labels.add((s, p, lit.value, lit.language or ""))
            labels[s].append((p, lit.value, lit.language or ""))
    del seen_labels

    for node in nodes.values():
        node.label = _pick_label(labels.get(node.iri, [])) or _fallback_label(node.iri)
        node.names = tuple(sorted({text for _, text, _ in labels.get(node.iri, [])}))

    # links in article graphs
    links: list[Link] = []
    seen: set[tuple[str, str, str, str]] = set()
    for g, s, p, term in _quads(store, _LINK_PREDICATES):
        o = term.value if isinstance(term, ox.NamedNode) else ""
        if g not in article_of_graph or s not in nodes or o not in nodes:
            continue
        key = (s, p, o, g)
        if key not in seen:
            seen.add(key)
            links.append(Link(s, p, o, article_of_graph[g], g))
    links.sort(key=lambda link: (link.source, link.predicate, link.target, link.graph))

    # mentions: rg:mentionedIn, and any article graph a node is linked in
    for _, s, _, art in _quads(store, [str(RG.mentionedIn)]):
        if s in nodes and isinstance(art, ox.NamedNode):
            nodes[s].articles.add(art.value)
    for link in links:
        nodes[link.source].articles.add(link.article)
        nodes[link.target].articles.add(link.article)
    return nodes, links, article_of_graph


def _inherit_dates(nodes: dict[str, Node], links: list[Link]) -> None:
    """An undated event takes the dates of its super-event (a visit during MEDICA 14.–17.11.)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if link.predicate in SUPER_EVENT:
            parents[link.source].add(link.target)
        elif link.predicate in SUB_EVENT:
            parents[link.target].add(link.source)
    for _ in range(len(parents)):  # walk up the event hierarchy, one level per round
        changed = False
        for child, ups in sorted(parents.items()):
            node = nodes[child]
            dated = sorted((nodes[u].start, nodes[u].end) for u in ups if nodes[u].start)
            if node.start or not dated or node.category != "event":
                continue
            node.start, node.end = dated[0][0], max(end for _, end in dated)
            changed = True
        if not changed:
            break


def _derive_node_attributes(facts: Facts) -> None:
    """City and first/last seen dates, from the links and the article dates."""
    nodes = facts.nodes
    seat: dict[str, set[str]] = defaultdict(set)
    for link in facts.seats:
        if link.source in nodes and link.target in nodes and nodes[link.target].category == "city":
            seat[link.source].add(nodes[link.target].label)
    for link in facts.links:
        if link.predicate in AFFILIATION and nodes[link.source].category == "person":
            seat[link.source] |= seat.get(link.target, set())
    for iri, cities in seat.items():
        nodes[iri].city = "; ".join(sorted(cities))
    for node in nodes.values():
        if node.category == "city":
            node.city = node.label
    for link in facts.links:
        for end, other in ((link.source, link.target), (link.target, link.source)):
            event = nodes[other]
            if event.category == "event" and event.start:
                nodes[end].dates.update((event.start, event.end))
    for node in nodes.values():
        if node.category == "event" and node.start:
            node.dates.update((node.start, node.end))
        node.dates.update(facts.article_dates[a] for a in node.articles if a in facts.article_dates)


def is_trade_fair(node: Node) -> bool:
    """Is ``node`` a trade fair (``rg:TradeFair`` or ``schema:ExhibitionEvent``)?"""
    return _TRADE_FAIR in node.types or any(t.endswith("ExhibitionEvent") for t in node.types)


def describe_event(node: Node) -> str:
    """A short description of an event: its label (or class) and its dates."""
    text = node.label if node.names else node.rdf_class
    details = [f"during {', '.join(node.during)}"] if node.during else []
    if node.start:
        details.append(node.start if node.start == node.end else f"{node.start} – {node.end}")
    return f"{text} ({', '.join(details)})" if details else text
