"""Projection of the RDF store onto networkx graphs, the input of analytics, paths and exports.

The store holds one named graph per article; every fact there is a triple or a statement node
(:doc:`decisions/0003-graph-model`). :func:`load_facts` reads those facts once — typed nodes
and their links, each link with the article graph that states it and the statement node that
carries its evidence — and :func:`project` folds them into one of three *views*:

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
from functools import lru_cache
from typing import NamedTuple

import networkx as nx
import pyoxigraph as ox

from ruhrgraph.errors import ParameterError
from ruhrgraph.store.local import Store

VIEWS = ("actors", "organisations", "bipartite")
"""The named views :func:`project` knows."""

RG = "https://w3id.org/ruhrgraph/ontology#"
SCHEMA = ("https://schema.org/", "http://schema.org/")
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WIKIDATA = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/",
            "https://www.wikidata.org/wiki/")

ACTOR_CATEGORIES = ("organisation", "person", "city", "country")
"""Categories that make up the ``actors`` view."""


def _schema(*names: str) -> set[str]:
    return {ns + n for ns in SCHEMA for n in names}


# -- classes ---------------------------------------------------------------------------------
# Root classes of each category; subclasses are found through rdfs:subClassOf in the ontology
# (and in the store), with the graph model's named classes as a fallback.
_ROOTS: dict[str, set[str]] = {
    "excluded": {
        RG + "Article", RG + "Evidence", RG + "Assertion", RG + "Score", RG + "Membership",
        RG + "ExtractionActivity", RG + "AnalysisActivity", RG + "Activity", RG + "Curation",
        RDF + "Statement", PROV + "Activity", PROV + "SoftwareAgent", ORG + "Membership",
        ORG + "Role", SKOS + "Concept", SKOS + "ConceptScheme",
        *_schema("NewsArticle", "CreativeWork", "Article", "Role", "PostalAddress"),
    },
    "event": {RG + "Event", RG + "Visit", RG + "TradeFair", RG + "Reception", RG + "Presentation",
              RG + "Meeting", RG + "LectureSeries", RG + "Trip",
              *_schema("Event", "ExhibitionEvent", "BusinessEvent")},
    "delegation": {RG + "Delegation"},
    "person": {RG + "Person", FOAF + "Person", *_schema("Person")},
    "organisation": {RG + "Organisation", RG + "Organization", ORG + "Organization",
                     # the graph model's organisation classes, for stores without the ontology
                     *(RG + n for n in ("Company", "University", "ResearchInstitute", "Institute",
                                        "PublicAgency", "EconomicDevelopmentAgency", "Agency",
                                        "Association", "Chamber", "Foundation", "Cluster",
                                        "Network", "Hospital", "Authority", "Municipality",
                                        "PublicAuthority", "NonProfitOrganisation", "Ministry",
                                        "Startup", "TradeFairOrganiser", "Think Tank".replace(" ", ""))),
                     FOAF + "Organization", *_schema("Organization", "Corporation",
                                                     "CollegeOrUniversity",
                                                     "ResearchOrganization",
                                                     "GovernmentOrganization")},
    "city": {RG + "City", *_schema("City")},
    "country": {RG + "Country", *_schema("Country")},
    "region": {RG + "Region", RG + "Continent", *_schema("AdministrativeArea", "Continent")},
}
# The order in which a node with several types is classified (first match wins).
_PRECEDENCE = ("excluded", "event", "delegation", "person", "organisation", "city", "country",
               "region")
_GENERIC_CLASSES = {RG + "Organisation", RG + "Organization", RG + "Event", RG + "Agent",
                    RG + "Place", RG + "Actor"}

# -- predicates ------------------------------------------------------------------------------
AFFILIATION = _schema("affiliation") | {RG + "affiliation", RG + "memberOf", ORG + "memberOf"}
LOCATION = {RG + "basedIn", *_schema("location", "containedInPlace"), RG + "inRegion"}
VISITOR_ROLES = {RG + "origin": "origin", FOAF + "member": "member", RG + "member": "member",
                 RG + "delegationMember": "member"}
HOST_ROLES = {RG + "hostedBy": "host", RG + "presenter": "presenter", RG + "organiser": "organiser",
              RG + "venue": "venue", RG + "invitedBy": "invited by",
              **{p: "host" for p in _schema("organizer")},
              **{p: "presenter" for p in _schema("performer")}}
PARTICIPANT_ROLES = {RG + "participant": "participant",
                     **{p: "participant" for p in _schema("attendee")}}
PLACE_ROLES = {RG + "heldIn": "held in"}
EVENT_ROLES = {**VISITOR_ROLES, **HOST_ROLES, **PARTICIPANT_ROLES, **PLACE_ROLES}
SUB_EVENT = _schema("subEvent")
SUPER_EVENT = _schema("superEvent")
DELEGATION = {RG + "delegation"}
_LINK_PREDICATES = AFFILIATION | LOCATION | set(EVENT_ROLES) | SUB_EVENT | SUPER_EVENT | DELEGATION
LABEL_PREDICATES = (RDFS + "label", SKOS + "prefLabel", *_schema("name"), FOAF + "name",
                    SKOS + "altLabel", *_schema("alternateName"))


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
def _value(term: object) -> str:
    return getattr(term, "value", "") if term is not None else ""


def _rows(store: Store, sparql: str) -> Iterable[tuple[str, ...]]:
    result = store.query(sparql)
    names = [v.value for v in result.variables]
    for solution in result:
        yield tuple(_value(solution[n]) for n in names)


def _quads(store: Store, predicates: Iterable[str]) -> Iterable[tuple[str, str, str, object]]:
    """``(graph, subject, predicate, object term)`` of every quad with one of ``predicates``,
    read straight from Oxigraph's indexes (much faster than a SPARQL result for big scans)."""
    oxi = store.oxigraph
    for predicate in sorted(set(predicates)):
        for quad in oxi.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode):
                continue
            graph = quad.graph_name
            name = graph.value if isinstance(graph, ox.NamedNode) else ""
            yield name, subject.value, predicate, quad.object


@lru_cache(maxsize=1)
def _ontology_subclasses() -> tuple[tuple[str, str], ...]:
    """``(sub, super)`` pairs from the shipped ontology (empty while it is not there)."""
    try:
        from ruhrgraph._resources import resource_dir

        folder = resource_dir("ontology")
    except (FileNotFoundError, KeyError):
        return ()
    store = ox.Store()
    for path in sorted(folder.glob("*.ttl")):
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, OSError, ValueError):
            continue  # a broken ontology file is the validator's business, not ours
    pairs = store.query(f"SELECT ?s ?o WHERE {{ ?s <{RDFS}subClassOf>+ ?o }}")
    assert isinstance(pairs, ox.QuerySolutions)
    return tuple(sorted((_value(r["s"]), _value(r["o"])) for r in pairs))


def _class_categories(store: Store) -> dict[str, str]:
    """Every known class IRI → its category, subclasses included."""
    supers: dict[str, set[str]] = defaultdict(set)
    for sub, sup in _ontology_subclasses():
        supers[sub].add(sup)
    for sub, sup in _rows(store, f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{RDFS}subClassOf>+ ?o }}"):
        supers[sub].add(sup)
    result: dict[str, str] = {}
    for category in reversed(_PRECEDENCE):  # earlier categories overwrite later ones
        roots = _ROOTS[category]
        for cls in roots:
            result[cls] = category
        for sub, sups in supers.items():
            if sups & roots:
                result[sub] = category
    return result


def _classify(types: Iterable[str], categories: dict[str, str]) -> str:
    found = {categories[t] for t in types if t in categories}
    for category in _PRECEDENCE:
        if category in found:
            return category
    return ""


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _specific_class(types: Iterable[str], categories: dict[str, str], category: str) -> str:
    own = sorted(t for t in types if t.startswith(RG) and categories.get(t) == category)
    specific = [t for t in own if t not in _GENERIC_CLASSES] or own
    if specific:
        return _local_name(specific[0])
    return category.capitalize()


def _pick_label(labels: list[tuple[str, str, str]]) -> str:
    """The preferred label among ``(predicate, text, language)`` rows: German, then English."""
    def rank(row: tuple[str, str, str]) -> tuple[int, int, str]:
        pred, text, lang = row
        lang_rank = {"de": 0, "en": 1, "": 2}.get(lang.split("-")[0].lower(), 3)
        return (LABEL_PREDICATES.index(pred), lang_rank, text)
    return min(labels, key=rank)[1] if labels else ""


def _fallback_label(iri: str) -> str:
    return _local_name(iri).replace("-", " ")


def load_facts(store: Store, *, lean: bool = False) -> Facts:
    """Read the typed nodes, their links, evidence and attributes from ``store``.

    Only links stated inside an article graph (a named graph holding an ``rg:Article``) are
    kept; each remembers its article. The big scans read Oxigraph's quad indexes directly, the
    small joins (evidence, assertions, memberships) are SPARQL queries; everything is handled as
    plain strings. ``lean`` reads only what the measures need (types, labels, links,
    mentions) and skips dates, seats, sectors, identifiers and evidence.
    """
    categories = _class_categories(store)

    # article graphs and their dates
    article_of_graph: dict[str, str] = {}
    article_dates: dict[str, str] = {}
    types: dict[str, set[str]] = defaultdict(set)
    for g, s, _, t in _quads(store, [RDF + "type"]):
        if isinstance(t, ox.NamedNode):
            types[s].add(t.value)
            if t.value == RG + "Article" and g and (g not in article_of_graph or s < article_of_graph[g]):
                article_of_graph[g] = s
    articles = set(article_of_graph.values())
    for _, s, _, d in _quads(store, _schema("datePublished")):
        if s in articles and isinstance(d, ox.Literal):
            article_dates[s] = min(d.value[:10], article_dates.get(s, d.value[:10]))
    nodes: dict[str, Node] = {}
    for iri, ts in types.items():
        category = _classify(ts, categories)
        if not category or category == "excluded":
            continue
        nodes[iri] = Node(iri=iri, category=category, label="", types=frozenset(ts),
                          rdf_class=_specific_class(ts, categories, category))

    # labels (of nodes and of sector concepts)
    labels: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    seen_labels: set[tuple[str, str, str, str]] = set()
    for _, s, p, lit in _quads(store, LABEL_PREDICATES):
        if isinstance(lit, ox.Literal) and (s, p, lit.value, lit.language or "") not in seen_labels:
            seen_labels.add((s, p, lit.value, lit.language or ""))
            labels[s].append((p, lit.value, lit.language or ""))
    del seen_labels

    def label_of(iri: str) -> str:
        return _pick_label(labels.get(iri, [])) or _fallback_label(iri)

    for node in nodes.values():
        node.label = label_of(node.iri)
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
    for _, s, _, art in _quads(store, [RG + "mentionedIn"]):
        if s in nodes and isinstance(art, ox.NamedNode):
            nodes[s].articles.add(art.value)
    for link in links:
        nodes[link.source].articles.add(link.article)
        nodes[link.target].articles.add(link.article)
    if lean:
        return Facts(nodes=nodes, links=links, article_dates=article_dates, evidence={}, assertions={},
                     memberships={})

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
        if link.predicate in SUB_EVENT | SUPER_EVENT and _is_trade_fair(nodes[fair]) \
                and nodes[fair].label not in nodes[child].during:
            nodes[child].during = tuple(sorted((*nodes[child].during, nodes[fair].label)))

    # sectors and Wikidata identifiers
    sectors: dict[str, set[str]] = defaultdict(set)
    for s, c in _rows(store, f"SELECT DISTINCT ?s ?c WHERE {{ ?s <{RG}sector> ?c }}"):
        if s in nodes:
            sectors[s].add(label_of(c))
    for iri, names in sectors.items():
        nodes[iri].sectors = tuple(sorted(names))
    for s, o in _rows(store, f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{OWL}sameAs> ?o FILTER(isIRI(?o)) }}"):
        if s in nodes and o.startswith(WIKIDATA):
            qid = _local_name(o)
            if not nodes[s].wikidata or qid < nodes[s].wikidata:
                nodes[s].wikidata = qid

    # evidence of statement nodes, reified assertions, memberships
    evidence: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for stmt, idx, quote in _rows(store, f"""SELECT DISTINCT ?st ?i ?q WHERE {{
            ?st <{RG}evidence> ?e . ?e <{RG}quote> ?q OPTIONAL {{ ?e <{RG}sentenceIndex> ?i }} }}"""):
        evidence[stmt].append((int(idx) if idx.lstrip("-").isdigit() else -1, quote))
    for quotes in evidence.values():
        quotes.sort()
    assertions: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for st, s, p, o in _rows(store, f"""SELECT DISTINCT ?st ?s ?p ?o WHERE {{
            ?st <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o }}"""):
        assertions[(s, p, o)].append(st)
    memberships: dict[tuple[str, str], list[str]] = defaultdict(list)
    for m, person, org in _rows(store, f"""SELECT DISTINCT ?m ?p ?o WHERE {{
            ?m <{ORG}member> ?p ; <{ORG}organization> ?o }}"""):
        memberships[(person, org)].append(m)
    for values in (*assertions.values(), *memberships.values()):
        values.sort()

    facts = Facts(nodes=nodes, links=links, article_dates=article_dates, evidence=dict(evidence),
                  assertions=dict(assertions), memberships=dict(memberships), seats=seats)
    _derive_node_attributes(facts)
    return facts


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


def _is_trade_fair(node: Node) -> bool:
    return RG + "TradeFair" in node.types or any(t.endswith("ExhibitionEvent") for t in node.types)


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
        elif link.predicate in SUB_EVENT | SUPER_EVENT and not _is_trade_fair(a) and not _is_trade_fair(b):
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
                            key=lambda e: (RG + "Visit" not in nodes[e].types, nodes[e].start, e))) \
            or tuple(events)
        is_visit = any(RG + "Visit" in nodes[e].types for e in events)
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


def describe_event(node: Node) -> str:
    """A short description of an event: its label (or class) and its dates."""
    text = node.label if node.names else node.rdf_class
    details = [f"during {', '.join(node.during)}"] if node.during else []
    if node.start:
        details.append(node.start if node.start == node.end else f"{node.start} – {node.end}")
    return f"{text} ({', '.join(details)})" if details else text


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
