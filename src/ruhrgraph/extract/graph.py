"""Turn entities and statements into the RDF of an article's named graph.

The model is described in ``docs/decisions/0003-graph-model.md``: direct triples that consumers
of schema.org/ORG/FOAF can query (``schema:affiliation``, ``rg:basedIn``, ``rg:hostedBy`` …) plus
statement nodes — memberships, visits, events and reified assertions — carrying the evidence
sentence, its character offsets, a confidence and the extraction activity. No blank nodes are
used, so dumps are deterministic.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from rdflib import Graph, URIRef
from rdflib import Literal as _RdfLiteral
from rdflib.term import Node

from ruhrgraph import __version__
from ruhrgraph import namespace as _ns
from ruhrgraph.extract import gazetteer as gaz
from ruhrgraph.extract.resources import Resources
from ruhrgraph.iri import graph_iri, mint, mint_hashed
from ruhrgraph.model import Article, Entity, Evidence, Statement


class _Cached:
    """Attribute access to a (closed, slow) rdflib namespace, memoised: the first use of a term is
    checked by the namespace itself, later uses are plain attribute hits."""

    def __init__(self, ns: object) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):  # introspection (doctest, mock detection) is no ontology term
            raise AttributeError(name)
        value = getattr(self._ns, name)
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)


#: literals, memoised: labels, rule names, role labels and numbers recur across articles, and rdflib's
#: constructor (lexical checks, language-tag validation) costs more than a cache hit
Literal = functools.lru_cache(maxsize=1 << 16, typed=True)(_RdfLiteral)

RG, SDO, ORG, PROV, RDF, RDFS, OWL, SKOS, XSD = (
    _Cached(_ns.RG), _Cached(_ns.SDO), _Cached(_ns.ORG), _Cached(_ns.PROV), _Cached(_ns.RDF), _Cached(_ns.RDFS),
    _Cached(_ns.OWL), _Cached(_ns.SKOS), _Cached(_ns.XSD))

_EVENT_CLASS = {"LectureSeries": RG.LectureSeries, "Meeting": RG.Meeting, "Presentation": RG.Presentation,
                "Trip": RG.Trip, "TradeFair": RG.TradeFair}
_EVENT_LABEL_EN = {"LectureSeries": "lecture series", "Meeting": "meeting", "Presentation": "presentation",
                   "Trip": "trip", "TradeFair": "trade fair"}


def article_iri(article: Article) -> URIRef:
    return mint("article", article.id)


def article_graph_iri(article: Article) -> URIRef:
    return graph_iri(f"article/{article.id}")


def software_iri(extractor: str) -> URIRef:
    return mint("software", extractor)


def build_graph(article: Article, entities: list[Entity], statements: list[Statement], extractor: str,
                resources: Resources) -> Graph:
    """The named graph of one article.

    Args:
        article: the article; entities, statements: what the earlier stages found in it.
        extractor: the versioned extractor name written into the provenance (the extraction activity
            and its software agent), e.g. ``ruhrgraph.rules.v1``.
        resources: the gazetteer (first names, labels and sectors of reference entities).
    """
    gz = resources.gazetteer
    graph = Graph(store="SimpleMemory", identifier=article_graph_iri(article), bind_namespaces="none")
    g = _Triples(graph)  # straight into the store: no per-triple checks of Graph.add, no second copy
    art = article_iri(article)
    _article(g, art, article)
    activity = mint_hashed("activity", article.id, extractor, article.content_hash)
    software = software_iri(extractor)
    g.add((activity, RDF.type, RG.ExtractionActivity))
    g.add((activity, RDFS.label, Literal(f"{extractor} on {article.id}", lang="en")))
    g.add((activity, PROV.used, art))
    g.add((activity, PROV.wasAssociatedWith, software))
    g.add((software, RDF.type, PROV.SoftwareAgent))
    g.add((software, RDFS.label, Literal(extractor)))
    g.add((software, SDO.softwareVersion, Literal(__version__)))

    fair_editions: dict[URIRef, URIRef] = {}
    for st in statements:
        if st.kind == "fair":
            fair_editions[st.get("fair")[0]] = mint("event", st.attr("label"))
    labels = {e.iri: e.label for e in entities}
    for ent in entities:
        if ent.kind == "event":
            continue
        _entity(g, ent, art, gz)
    ctx = _Ctx(g, gz, article, art, activity, labels, fair_editions)
    for st in statements:
        ctx.statement(st)
    return graph


class _Triples:
    """``Graph.add``'s signature over the article graph's in-memory store, which keeps each triple
    once in the order it was first made; every term is an rdflib term built here."""

    def __init__(self, graph: Graph) -> None:
        self._add = graph.store.add
        self._graph = graph

    def add(self, triple: tuple[URIRef, URIRef, Node]) -> None:
        self._add(triple, self._graph)


@functools.lru_cache(maxsize=4096, typed=True)
def _typed(value: object, datatype: URIRef) -> _RdfLiteral:
    """A typed literal (offsets, indexes, confidences recur in every article: built once each)."""
    return _RdfLiteral(value, datatype=datatype)


def _article(g: _Triples, art: URIRef, article: Article) -> None:
    g.add((art, RDF.type, RG.Article))
    title = article.title or article.id
    g.add((art, RDFS.label, Literal(title, lang="de")))
    g.add((art, SDO.headline, Literal(title, lang="de")))
    g.add((art, RG.contentHash, Literal(article.content_hash)))
    g.add((art, RG.sourceFile, Literal(article.source.replace("\\", "/").rsplit("/", 1)[-1])))
    g.add((art, SDO.inLanguage, Literal(article.language)))
    if article.date:
        g.add((art, SDO.datePublished, Literal(article.date, datatype=XSD.date)))
    if article.url and _is_iri(article.url):
        g.add((art, SDO.url, URIRef(article.url)))
    if article.publisher:
        g.add((art, SDO.publisher, Literal(article.publisher)))


def _is_iri(value: str) -> bool:
    from rdflib.term import _is_valid_uri

    return "://" in value and _is_valid_uri(value)


def _entity(g: _Triples, ent: Entity, art: URIRef, gz: gaz.Gazetteer) -> None:
    s = ent.iri
    g.add((s, RDF.type, RG[ent.rdf_class]))
    g.add((s, RDFS.label, Literal(ent.label, lang="de")))
    for alias in ent.aliases:
        if alias and alias != ent.label:
            g.add((s, SKOS.altLabel, Literal(alias, lang="de")))
    for other in ent.same_as:
        g.add((s, OWL.sameAs, URIRef(other)))
    g.add((s, RG.mentionedIn, art))
    if ent.merge_rule:
        g.add((s, RG.mergeRule, Literal(ent.merge_rule)))
    if ent.kind == "person":
        parts = ent.label.split()
        given = [p for p in parts[:-1] if p in gz.first_names]
        if given:
            g.add((s, SDO.givenName, Literal(" ".join(given))))
        if len(parts) > 1:
            g.add((s, SDO.familyName, Literal(parts[-1])))
        if ent.attr("honorificPrefix"):
            g.add((s, SDO.honorificPrefix, Literal(ent.attr("honorificPrefix"))))


class _Ctx:
    """Writes the statements of one article into its graph."""

    def __init__(self, g: _Triples, gz: gaz.Gazetteer, article: Article, art: URIRef, activity: URIRef,
                 labels: dict[URIRef, str], fair_editions: dict[URIRef, URIRef]) -> None:
        self.g, self.gz, self.article, self.art, self.activity = g, gz, article, art, activity
        self.labels = labels
        self.fairs = fair_editions
        self.done: set[URIRef] = set()

    def label(self, iri: URIRef) -> str:
        if iri in self.labels:
            return self.labels[iri]
        key = self.gz.by_iri.get(str(iri))
        return self.gz.entries[key].name if key else str(iri).rsplit("/", 1)[-1]

    def evidence(self, node: URIRef, st: Statement) -> None:
        g = self.g
        for ev in st.evidence:
            e = self.evidence_node(ev)
            g.add((node, RG.evidence, e))
        g.add((node, RG.confidence, _typed(Decimal(str(st.confidence)), XSD.decimal)))
        g.add((node, PROV.wasDerivedFrom, self.art))
        g.add((node, PROV.wasGeneratedBy, self.activity))
        g.add((node, RG.rule, Literal(st.rule)))

    def evidence_node(self, ev: Evidence) -> URIRef:
        e = mint_hashed("evidence", self.article.id, str(ev.start), str(ev.end))
        if e in self.done:
            return e
        self.done.add(e)
        g = self.g
        g.add((e, RDF.type, RG.Evidence))
        g.add((e, PROV.wasQuotedFrom, self.art))
        g.add((e, RG.sentenceIndex, _typed(ev.sentence, XSD.integer)))
        g.add((e, RG.beginIndex, _typed(ev.start, XSD.integer)))
        g.add((e, RG.endIndex, _typed(ev.end, XSD.integer)))
        g.add((e, RG.quote, Literal(ev.quote)))
        return e

    def dates(self, node: URIRef, st: Statement) -> None:
        for attr, prop in (("startDate", SDO.startDate), ("endDate", SDO.endDate)):
            if st.attr(attr):
                self.g.add((node, prop, Literal(st.attr(attr), datatype=XSD.date)))

    def statement(self, st: Statement) -> None:
        handler = getattr(self, f"_{st.kind}", None)
        if handler is not None:
            handler(st)

    def _membership(self, st: Statement) -> None:
        g, node = self.g, st.iri
        person, org = st.get("member")[0], st.get("organisation")[0]
        g.add((node, RDF.type, RG.Membership))
        g.add((node, ORG.member, person))
        g.add((node, ORG.organization, org))
        g.add((node, RDFS.label, Literal(f"{self.label(person)} – {self.label(org)}", lang="de")))
        for role in st.get("role"):
            g.add((node, ORG.role, role))
            g.add((role, RDF.type, RG.Role))
            g.add((role, RDFS.label, Literal(st.attr("role_label"), lang="de")))
            g.add((role, RDFS.label, Literal(st.attr("role_en"), lang="en")))
        if self.article.date:
            g.add((node, RG.reportedOn, Literal(self.article.date, datatype=XSD.date)))
        g.add((person, SDO.affiliation, org))
        self.evidence(node, st)

    def _location(self, st: Statement) -> None:
        g, node = self.g, st.iri
        org, city = st.get("subject")[0], st.get("place")[0]
        g.add((org, RG.basedIn, city))
        g.add((node, RDF.type, RG.Assertion))
        g.add((node, RDF.subject, org))
        g.add((node, RDF.predicate, RG.basedIn))
        g.add((node, RDF.object, city))
        if st.attr("street"):
            addr = mint_hashed("place", self.label(org), st.attr("street"), self.label(city))
            g.add((org, SDO.address, addr))
            g.add((addr, RDF.type, SDO.PostalAddress))
            g.add((addr, SDO.streetAddress, Literal(st.attr("street"))))
            g.add((addr, SDO.addressLocality, Literal(self.label(city))))
        self.evidence(node, st)

    def _visit(self, st: Statement) -> None:
        g, node = self.g, st.iri
        origin_label = st.attr("origin_label")
        g.add((node, RDF.type, RG.Visit))
        hosts = st.get("host")
        host_label = self.label(hosts[0]) if hosts else ""
        g.add((node, RDFS.label, Literal(f"Besuch einer Delegation aus {origin_label}"
                                         + (f" bei {host_label}" if host_label else ""), lang="de")))
        g.add((node, RDFS.label, Literal(f"Visit of a delegation from {origin_label}"
                                         + (f" to {host_label}" if host_label else ""), lang="en")))
        deleg = mint_hashed("delegation", self.article.id, str(node))
        g.add((deleg, RDF.type, RG.Delegation))
        g.add((deleg, RDFS.label, Literal(f"Delegation aus {origin_label}", lang="de")))
        g.add((node, RG.delegation, deleg))
        for origin in st.get("origin"):
            g.add((node, RG.origin, origin))
            g.add((deleg, RG.origin, origin))
        for host in hosts:
            g.add((node, RG.hostedBy, host))
        for p in st.get("presenter"):
            g.add((node, RG.presenter, p))
        for fair in st.get("superEvent"):
            g.add((node, SDO.superEvent, self.fairs.get(fair, fair)))
        for sub in st.get("subEvent"):
            g.add((node, SDO.subEvent, sub))
            g.add((sub, SDO.superEvent, node))
        for sector in st.get("sector"):
            g.add((node, RG.sector, sector))
            g.add((deleg, RG.sector, sector))
        self.dates(node, st)
        self.evidence(node, st)

    def _reception(self, st: Statement) -> None:
        g, node = self.g, st.iri
        hosts = st.get("host")
        g.add((node, RDF.type, RG.Reception))
        g.add((node, RDFS.label, Literal(f"Empfang bei {self.label(hosts[0])}", lang="de")))
        g.add((node, RDFS.label, Literal(f"Reception at {self.label(hosts[0])}", lang="en")))
        for h in hosts:
            g.add((node, RG.hostedBy, h))
        for p in st.get("presenter"):
            g.add((node, RG.presenter, p))
        self.evidence(node, st)

    def _fair(self, st: Statement) -> None:
        g = self.g
        series = st.get("fair")[0]
        node = self.fairs[series]
        g.add((node, RDF.type, RG.TradeFair))
        g.add((node, RDFS.label, Literal(st.attr("label"), lang="de")))
        key = self.gz.by_iri.get(str(series))
        if key:  # the edition of a known fair: its sectors come from the gazetteer, its seat stays there
            g.add((node, SDO.superEvent, series))
            for slug in self.gz.entries[key].sectors:
                g.add((node, RG.sector, gaz.sector_iri(slug)))
        for c in st.get("heldIn"):
            g.add((node, RG.heldIn, c))
        for p in st.get("participant"):
            g.add((node, RG.participant, p))
        self.dates(node, st)
        self.evidence(node, st)

    def _event(self, st: Statement) -> None:
        g, node = self.g, st.iri
        cls = st.attr("class")
        g.add((node, RDF.type, _EVENT_CLASS.get(cls, RG.Event)))
        places = [self.label(c) for c in st.get("heldIn")]
        where = f" in {places[0]}" if places else ""
        g.add((node, RDFS.label, Literal(f"{st.attr('label')}{where}", lang="de")))
        g.add((node, RDFS.label, Literal(f"{_EVENT_LABEL_EN.get(cls, 'event')}{where}", lang="en")))
        for role, prop in (("participant", RG.participant), ("invitedBy", RG.invitedBy), ("heldIn", RG.heldIn),
                           ("venue", RG.venue), ("presenter", RG.presenter)):
            for v in st.get(role):
                g.add((node, prop, v))
        self.dates(node, st)
        self.evidence(node, st)
