"""What the server asks of the store, run inside a query worker (private helper of the server).

Every task takes a :class:`TaskContext` (the read-only store and the server's options) and
returns plain picklable data: RDF terms as tuples (:func:`term`), or serialised bytes. The
worker pool (:mod:`ruhrgraph.publish.serve.pool`) looks tasks up by name in :data:`TASKS`.

Terms travel as ``("uri", iri)``, ``("bnode", id)`` or ``("literal", text, lang, datatype)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Any

import pyoxigraph as ox

from ruhrgraph import classes
from ruhrgraph.namespace import RG
from ruhrgraph.publish import rdfwrite as _rdfwrite

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Term = tuple[str, ...]

#: Properties that name a resource, in order of preference.
LABEL_PROPERTIES = (f"{RDFS}label", f"{SKOS}prefLabel", f"{SCHEMA}name", f"{SCHEMA}headline")

#: RDF media types a graph can be written in, by media type.
RDF_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": None,  # written by ruhrgraph._rdfwrite.jsonld with the shipped context
}


class TaskError(Exception):
    """A task cannot answer: ``kind`` and the HTTP ``status`` to give."""

    def __init__(self, message: str, status: int = 400, kind: str = "bad-request") -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind


@dataclass
class TaskContext:
    """What every task gets: the store and the server's options."""

    store: Any
    base: str = "https://w3id.org/ruhrgraph/"
    result_limit: int = 10_000
    page_limit: int = 500
    settings: dict[str, Any] = field(default_factory=dict)


# -- terms ----------------------------------------------------------------------------------------
def term(value: Any) -> Term | None:
    """A pyoxigraph term as a plain tuple (``None`` for an unbound value)."""
    if value is None:
        return None
    if isinstance(value, ox.NamedNode):
        return ("uri", value.value)
    if isinstance(value, ox.BlankNode):
        return ("bnode", value.value)
    if isinstance(value, ox.Literal):
        return ("literal", value.value, value.language or "", value.datatype.value)
    if isinstance(value, ox.Triple):
        return ("triple", str(value))
    raise TypeError(f"unexpected term {value!r}")


def to_ox(t: Term) -> Any:
    """The pyoxigraph term of a plain tuple (inverse of :func:`term`)."""
    if t[0] == "uri":
        return ox.NamedNode(t[1])
    if t[0] == "bnode":
        return ox.BlankNode(t[1])
    if t[0] == "literal":
        if t[2]:
            return ox.Literal(t[1], language=t[2])
        return ox.Literal(t[1], datatype=ox.NamedNode(t[3]))
    raise TypeError(f"cannot rebuild term {t!r}")


# -- serialising graphs ---------------------------------------------------------------------------
def serialize_triples(triples: Iterable[ox.Triple], media: str) -> bytes:
    """``triples`` (sorted, deduplicated) in the RDF syntax of media type ``media``."""
    ordered = _rdfwrite.sorted_triples(triples)
    if media == "application/ld+json":
        return _rdfwrite.jsonld([ox.Quad(t.subject, t.predicate, t.object) for t in ordered])
    fmt = RDF_MEDIA.get(media)
    if fmt is None:
        raise TaskError(f"cannot write RDF as {media}", 406, "not-acceptable")
    pfx = _rdfwrite.prefixes() if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    if fmt == ox.RdfFormat.RDF_XML:
        return ox.serialize(ordered, None, fmt, prefixes=pfx) or b""
    return _rdfwrite.turtle(ordered, prefixes=pfx) if fmt == ox.RdfFormat.TURTLE else (
        ox.serialize(ordered, None, fmt) or b"")


# -- SPARQL ---------------------------------------------------------------------------------------
def sparql(ctx: TaskContext, query: str, default_graphs: list[str], named_graphs: list[str],
           use_union: bool, rdf_media: str) -> dict[str, Any]:
    """Evaluate a (pre-checked) query; at most ``ctx.result_limit`` rows or triples."""
    kwargs: dict[str, Any] = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    elif use_union:
        pass  # the default graph is the query graph: the union of the named graphs, each triple once
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = ctx.store.oxigraph.query(query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            return {"kind": "boolean", "value": bool(result)}
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows: list[tuple[Term | None, ...]] = []
            truncated = False
            for solution in result:
                if len(rows) >= ctx.result_limit:
                    truncated = True
                    break
                rows.append(tuple(term(solution[n]) for n in names))
            return {"kind": "bindings", "vars": names, "rows": rows, "truncated": truncated}
        triples = list(islice(result, ctx.result_limit + 1))
    except SyntaxError as exc:
        raise TaskError(f"SPARQL syntax error: {exc}") from None
    except (ValueError, RuntimeError) as exc:
        raise TaskError(f"the query cannot be evaluated: {exc}") from None
    truncated = len(triples) > ctx.result_limit
    return {"kind": "graph", "body": serialize_triples(triples[:ctx.result_limit], rdf_media),
            "truncated": truncated}


# -- resources ------------------------------------------------------------------------------------
def _quads(ctx: TaskContext, s: Any = None, p: Any = None, o: Any = None, limit: int | None = None
           ) -> list[ox.Triple]:
    """Distinct triples of the union matching a pattern (at most ``limit``)."""
    seen: dict[str, ox.Triple] = {}
    cap = limit or ctx.result_limit
    for q in ctx.store.oxigraph.quads_for_pattern(s, p, o, None):
        t = q.triple
        seen.setdefault(str(t), t)
        if len(seen) >= cap:
            break
    return list(seen.values())


def _description(ctx: TaskContext, iri: str) -> list[ox.Triple]:
    """The entity's outgoing triples (blank nodes followed), incoming triples and neighbour labels."""
    node = ox.NamedNode(iri)
    out = _quads(ctx, s=node)
    frontier = [t.object for t in out if isinstance(t.object, ox.BlankNode)]
    seen_bnodes: set[str] = set()
    while frontier:
        bnode = frontier.pop()
        if bnode.value in seen_bnodes or len(seen_bnodes) > 1000:
            continue
        seen_bnodes.add(bnode.value)
        more = _quads(ctx, s=bnode)
        out.extend(more)
        frontier.extend(t.object for t in more if isinstance(t.object, ox.BlankNode))
    incoming = _quads(ctx, o=node)
    if not out and not incoming:
        raise TaskError(f"nothing is known about <{iri}>", 404, "not-found")
    label = ox.NamedNode(f"{RDFS}label")
    neighbours = {t.object for t in out if isinstance(t.object, ox.NamedNode)} | {
        t.subject for t in incoming if isinstance(t.subject, ox.NamedNode)}
    labels: list[ox.Triple] = []
    for n in sorted(neighbours, key=str)[: ctx.page_limit]:
        labels.extend(_quads(ctx, s=n, p=label, limit=10))
    return out + incoming + labels


def document_triples(document: str, topic: str, licence: str | None) -> list[ox.Triple]:
    """What a document says about itself: ``foaf:primaryTopic`` the thing it is about, and the
    licence of the data (``dcterms:license``)."""
    doc = ox.NamedNode(document)
    found = [ox.Triple(doc, ox.NamedNode(f"{FOAF}primaryTopic"), ox.NamedNode(topic))]
    if licence:
        found.append(ox.Triple(doc, ox.NamedNode(f"{DCTERMS}license"), ox.NamedNode(licence)))
    return found


def resource_rdf(ctx: TaskContext, iri: str, media: str, document: str = "") -> bytes:
    """RDF about one entity (see :func:`_description`) in the syntax of ``media``; with the
    ``document`` IRI, what the document says about itself too (:func:`document_triples`)."""
    extra = document_triples(document, iri, ctx.settings.get("licence")) if document else []
    return serialize_triples(_description(ctx, iri) + extra, media)


def graph_rdf(ctx: TaskContext, graph: str, media: str) -> dict[str, Any]:
    """The content of one named graph, at most ``ctx.result_limit`` triples: ``{"body": bytes,
    "truncated": bool, "limit": int}``."""
    g = ox.NamedNode(graph)
    if not ctx.store.oxigraph.contains_named_graph(g):
        raise TaskError(f"there is no graph <{graph}>", 404, "not-found")
    triples = [q.triple for q in islice(ctx.store.oxigraph.quads_for_pattern(None, None, None, g),
                                        ctx.result_limit + 1)]
    return {"body": serialize_triples(triples[:ctx.result_limit], media),
            "truncated": len(triples) > ctx.result_limit, "limit": ctx.result_limit}


def _select(ctx: TaskContext, query: str) -> list[dict[str, Term]]:
    result = ctx.store.oxigraph.query(query)  # the query graph
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = {n: term(solution[n]) for n in names}
        rows.append({k: v for k, v in row.items() if v is not None})
    return rows


def describe(ctx: TaskContext, iri: str) -> dict[str, Any]:
    """Everything the HTML page of an entity shows, as plain data."""
    node = ox.NamedNode(iri)
    limit = ctx.page_limit
    out = [(term(t.predicate), term(t.object)) for t in _quads(ctx, s=node, limit=limit)]
    incoming = [(term(t.subject), term(t.predicate)) for t in _quads(ctx, o=node, limit=limit)]
    if not out and not incoming:
        raise TaskError(f"nothing is known about <{iri}>", 404, "not-found")
    bnode_facts: dict[str, list[tuple[Term | None, Term | None]]] = {}
    for _, o in out:
        if o is not None and o[0] == "bnode":
            bnode_facts[o[1]] = [(term(t.predicate), term(t.object))
                                 for t in _quads(ctx, s=ox.BlankNode(o[1]), limit=50)]
    scores = _scores(ctx, [o[1] for p, o in out if p and p[1] == str(RG.hasScore) and o and o[0] == "uri"])
    two_hop = _two_hop_events(ctx, node, limit)
    memberships = _memberships(ctx, node, limit)
    evidence = _evidence(ctx, node, [s for s, _ in incoming if s is not None], limit)
    iris: set[str] = {iri}
    for p, o in out:
        iris.add(p[1])  # type: ignore[index]
        if o and o[0] == "uri":
            iris.add(o[1])
    for facts in bnode_facts.values():
        for _, o in facts:
            if o and o[0] == "uri":
                iris.add(o[1])
    for s, _ in incoming:
        if s and s[0] == "uri":
            iris.add(s[1])
    for row in two_hop + memberships + evidence + scores:
        for key in ("event", "via", "member", "org", "role", "stmt", "article", "measure"):
            if key in row and row[key][0] == "uri":
                iris.add(row[key][1])
    labels, types = _labels_and_types(ctx, sorted(iris))
    return {"iri": iri, "out": out, "in": incoming, "bnodes": bnode_facts, "two_hop": two_hop,
            "memberships": memberships, "evidence": evidence, "scores": scores, "labels": labels, "types": types,
            "truncated": len(out) >= limit or len(incoming) >= limit}


# The entity page is built from index lookups, not SPARQL: every step is bounded by ``limit`` and
# costs the same on a hub with thousands of links as on a leaf (Oxigraph's planner picked join
# orders for the equivalent SPARQL that took minutes on a hub).
def _objects(ctx: TaskContext, s: Any, p: str, limit: int = 50) -> list[Any]:
    seen: dict[str, Any] = {}
    for q in ctx.store.oxigraph.quads_for_pattern(s, ox.NamedNode(p), None, None):
        seen.setdefault(str(q.object), q.object)
        if len(seen) >= limit:
            break
    return [seen[k] for k in sorted(seen)]


def _subjects(ctx: TaskContext, p: str | None, o: Any, limit: int = 50) -> list[Any]:
    seen: dict[str, Any] = {}
    pred = ox.NamedNode(p) if p is not None else None
    for q in ctx.store.oxigraph.quads_for_pattern(None, pred, o, None):
        seen.setdefault(str(q.subject), q.subject)
        if len(seen) >= limit:
            break
    return [seen[k] for k in sorted(seen)]


def _first(ctx: TaskContext, s: Any, p: str) -> Term | None:
    found = _objects(ctx, s, p, limit=1)
    return term(found[0]) if found else None


def _two_hop_events(ctx: TaskContext, node: ox.NamedNode, limit: int) -> list[dict[str, Term]]:
    """Events in which people affiliated with ``node`` take part (event —p1→ person —p2→ node)."""
    events = classes.PAGE.members("event")
    rows: list[dict[str, Term]] = []
    type_p = ox.NamedNode(f"{RDF}type")
    for p2 in (f"{SCHEMA}affiliation", f"{ORG}memberOf"):
        for via in _subjects(ctx, p2, node, limit):
            for q in islice(ctx.store.oxigraph.quads_for_pattern(None, None, via, None), limit):
                event = q.subject
                if event == node or not isinstance(event, ox.NamedNode):
                    continue
                kinds = {t.object.value for t in islice(
                    ctx.store.oxigraph.quads_for_pattern(event, type_p, None, None), 20)
                    if isinstance(t.object, ox.NamedNode)}
                if kinds & events:
                    row = {"event": term(event), "p1": term(q.predicate), "via": term(via),
                           "p2": ("uri", p2)}
                    if row not in rows:
                        rows.append(row)  # type: ignore[arg-type]
                if len(rows) >= limit:
                    break
    return sorted(rows, key=lambda r: (r["event"][1], r["p1"][1], r["via"][1]))


def _scores(ctx: TaskContext, scores: list[str]) -> list[dict[str, Term]]:
    """The network measures of an entity: each ``rg:Score``'s measure, value, rank and view."""
    rows = []
    for iri in sorted(scores)[: ctx.page_limit]:
        node = ox.NamedNode(iri)
        found = {"score": ("uri", iri), "measure": _first(ctx, node, str(RG.measure)),
                 "value": _first(ctx, node, str(RG.value)), "rank": _first(ctx, node, str(RG.rank)),
                 "view": _first(ctx, node, str(RG.view))}
        if found["measure"] is not None and found["value"] is not None:
            rows.append({k: v for k, v in found.items() if v is not None})
    return rows  # type: ignore[return-value]


def _memberships(ctx: TaskContext, node: ox.NamedNode, limit: int) -> list[dict[str, Term]]:
    """``org:Membership`` nodes naming ``node`` as member or organisation."""
    rows = []
    nodes = {str(m): m for p in (f"{ORG}organization", f"{ORG}member")
             for m in _subjects(ctx, p, node, limit)}
    for key in sorted(nodes)[:limit]:
        m = nodes[key]
        member, org = _first(ctx, m, f"{ORG}member"), _first(ctx, m, f"{ORG}organization")
        if member is None or org is None:
            continue
        row = {"m": term(m), "member": member, "org": org}
        role = _first(ctx, m, f"{ORG}role")
        if role is not None:
            row["role"] = role
        rows.append(row)
    return rows  # type: ignore[return-value]


def _evidence(ctx: TaskContext, node: ox.NamedNode, incoming: list[Term], limit: int
              ) -> list[dict[str, Term]]:
    """The sentences behind the statements about ``node`` (or quoted from it, for an article)."""
    statements: dict[str, Any] = {}
    if _objects(ctx, node, str(RG.evidence), 1):
        statements[str(node)] = node
    for s in incoming:
        if s[0] == "uri":
            candidate = ox.NamedNode(s[1])
            if _objects(ctx, candidate, str(RG.evidence), 1):
                statements.setdefault(str(candidate), candidate)
    for ev in _subjects(ctx, f"{PROV}wasQuotedFrom", node, limit):
        for stmt in _subjects(ctx, str(RG.evidence), ev, 10):
            statements.setdefault(str(stmt), stmt)
    articles: dict[str, dict[str, Term]] = {}
    rows: list[dict[str, Term]] = []
    for key in sorted(statements)[:limit]:
        stmt = statements[key]
        for ev in _objects(ctx, stmt, str(RG.evidence), 20):
            quote = _first(ctx, ev, str(RG.quote))
            if quote is None:
                continue
            row: dict[str, Term] = {"stmt": term(stmt), "quote": quote}  # type: ignore[dict-item]
            sentence = _first(ctx, ev, str(RG.sentenceIndex))
            if sentence is not None:
                row["sentence"] = sentence
            article = _first(ctx, ev, f"{PROV}wasQuotedFrom")
            if article is not None:
                row["article"] = article
                if article[1] not in articles:
                    anode = to_ox(article)
                    found = {"headline": _first(ctx, anode, f"{SCHEMA}headline"),
                             "url": _first(ctx, anode, f"{SCHEMA}url"),
                             "date": _first(ctx, anode, f"{SCHEMA}datePublished")}
                    articles[article[1]] = {k: v for k, v in found.items() if v is not None}
                row.update(articles[article[1]])
            rows.append(row)

    def order(row: dict[str, Term]) -> tuple[str, int, str, str]:
        sentence = row.get("sentence")
        index = int(sentence[1]) if sentence and sentence[1].lstrip("-").isdigit() else -1
        return (row.get("article", ("", ""))[1], index, row["quote"][1], row["stmt"][1])

    return sorted(rows, key=order)[:limit]


def _labels_and_types(ctx: TaskContext, iris: list[str]
                      ) -> tuple[dict[str, list[Term]], dict[str, list[str]]]:
    labels: dict[str, list[Term]] = {}
    types: dict[str, list[str]] = {}
    type_p = ox.NamedNode(f"{RDF}type")
    quads = ctx.store.oxigraph.quads_for_pattern
    for iri in iris[: 4 * ctx.page_limit]:
        node = ox.NamedNode(iri)
        for label_p in LABEL_PROPERTIES:  # the first property that gives a name wins
            found = {term(q.object) for q in islice(quads(node, ox.NamedNode(label_p), None, None), 20)
                     if isinstance(q.object, ox.Literal)}
            if found:
                labels[iri] = sorted(found)  # type: ignore[arg-type]
                break
        kinds = sorted({q.object.value for q in islice(
            quads(node, type_p, None, None), 20)
            if isinstance(q.object, ox.NamedNode)})
        if kinds:
            types[iri] = kinds
    return labels, types


def labels(ctx: TaskContext, iris: list[str]) -> dict[str, Any]:
    """Labels and types of ``iris`` (for result tables that show names, not IRIs)."""
    found, kinds = _labels_and_types(ctx, sorted(set(iris))[: ctx.result_limit])
    return {"labels": found, "types": kinds}


def search(ctx: TaskContext, text: str, limit: int) -> list[dict[str, Term]]:
    """Entities under the base whose label contains ``text`` (case-insensitive)."""
    needle = ox.Literal(text.lower())
    space = ox.Literal(f"{ctx.base}id/")
    query = f"""
        SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) WHERE {{
          ?s <{RDFS}label>|<{SKOS}altLabel> ?l .
          FILTER(CONTAINS(LCASE(STR(?l)), {needle}) && STRSTARTS(STR(?s), {space}))
          OPTIONAL {{ ?s a ?t }}
        }} GROUP BY ?s ORDER BY STRLEN(STR(SAMPLE(?l))) ?s LIMIT {int(limit)}"""
    return _select(ctx, query)


def saved(ctx: TaskContext, name: str, params: dict[str, str]) -> dict[str, Any]:
    """Run a saved query (``ruhrgraph.query.run_query``) against the store."""
    from ruhrgraph.errors import ParameterError, QueryError
    from ruhrgraph.sparql import results
    from ruhrgraph.sparql import saved as saved_queries

    try:  # no timeout of its own: the pool kills the worker when the server's timeout is up
        result = saved_queries.run_query(name, params, store=ctx.store, timeout=None)
    except ParameterError as exc:
        from ruhrgraph.publish.serve._catalogue import web_wording

        raise TaskError(web_wording(str(exc)), 400) from None
    except QueryError as exc:
        known = {q.name for q in saved_queries.list_queries()}
        if name not in known:
            raise TaskError(f"there is no saved query {name!r}", 404, "not-found") from None
        raise TaskError(str(exc), 400) from None
    variables = list(result.variables)
    rows = list(results.solutions(result).rows)
    truncated = len(rows) > ctx.result_limit
    return {"form": result.form, "vars": variables, "rows": rows[: ctx.result_limit],
            "boolean": result.boolean, "notice": getattr(result, "notice", ""), "truncated": truncated}


def void(ctx: TaskContext) -> bytes:
    """``void.ttl`` computed from the store (used when no dump has been written yet)."""
    from ruhrgraph.publish.void import PublishSettings, describe_store

    settings = PublishSettings(**{k: v for k, v in ctx.settings.items() if v is not None})
    return describe_store(ctx.store, settings)


def exists(ctx: TaskContext, iri: str) -> bool:
    """Whether ``iri`` occurs as a subject or object anywhere in the store."""
    node = ox.NamedNode(iri)
    quads = ctx.store.oxigraph.quads_for_pattern
    return next(iter(quads(node, None, None, None)), None) is not None or \
        next(iter(quads(None, None, node, None)), None) is not None


def ping(ctx: TaskContext) -> int:
    """Number of quads in the store (a health check)."""
    return len(ctx.store.oxigraph)


def network(ctx: TaskContext, view: str, limit: int) -> dict[str, Any]:
    """A view of the network with its measures and a layout, as the /network page draws it."""
    from ruhrgraph.network.export import COLOURS, OTHER_COLOUR, annotate
    from ruhrgraph.network.interactive import network_data
    from ruhrgraph.network.measures import compute
    from ruhrgraph.network.views import project

    graph = project(ctx.store, view)
    annotate(graph, compute(graph))
    colours = {name: "#{:02x}{:02x}{:02x}".format(*rgb) for name, rgb in {**COLOURS, "": OTHER_COLOUR}.items()}
    return network_data(graph, colours, limit=limit)


TASKS: dict[str, Callable[..., Any]] = {
    "sparql": sparql, "describe": describe, "resource_rdf": resource_rdf, "graph_rdf": graph_rdf,
    "search": search, "saved": saved, "void": void, "ping": ping, "exists": exists, "labels": labels,
    "network": network,
}


# -- the ontology, for labels and categories -------------------------------------------------------
@dataclass(frozen=True)
class Vocabulary:
    """Labels of ontology terms, by language."""

    labels: dict[str, dict[str, str]]


#: Labels for the terms of other vocabularies that entity pages show.
_COMMON_LABELS = {
    f"{RDFS}label": "name", f"{SKOS}altLabel": "also known as", f"{SKOS}prefLabel": "name",
    "http://www.w3.org/2002/07/owl#sameAs": "same as", f"{RDF}type": "type",
    f"{SCHEMA}affiliation": "affiliation", f"{SCHEMA}address": "address",
    f"{SCHEMA}streetAddress": "street", f"{SCHEMA}addressLocality": "locality",
    f"{SCHEMA}postalCode": "postal code", f"{SCHEMA}headline": "headline",
    f"{SCHEMA}datePublished": "published", f"{SCHEMA}url": "original URL", f"{SCHEMA}publisher": "publisher",
    f"{SCHEMA}inLanguage": "language", f"{SCHEMA}startDate": "start", f"{SCHEMA}endDate": "end",
    f"{SCHEMA}superEvent": "part of", f"{SCHEMA}subEvent": "includes", f"{SCHEMA}honorificPrefix": "title",
    f"{SCHEMA}containedInPlace": "in", f"{SCHEMA}softwareVersion": "version", f"{SCHEMA}name": "name",
    f"{ORG}member": "member", f"{ORG}organization": "organisation", f"{ORG}role": "role",
    f"{PROV}wasDerivedFrom": "derived from", f"{PROV}wasGeneratedBy": "generated by",
    f"{PROV}wasQuotedFrom": "quoted from", f"{PROV}used": "used",
    f"{PROV}wasAssociatedWith": "run by", f"{RDF}subject": "subject", f"{RDF}predicate": "predicate",
    f"{RDF}object": "object",
}


@cache
def vocabulary() -> Vocabulary:
    """The labels of the shipped ontology, read once (only the common ones when it cannot be found).

    Which category a class belongs to is :mod:`ruhrgraph.classes`' business (:func:`category`).
    """
    try:
        from ruhrgraph._resources import resource_dir

        folder = resource_dir("ontology")
    except (FileNotFoundError, KeyError):
        return Vocabulary({iri: {"en": label} for iri, label in _COMMON_LABELS.items()})
    labels: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.ttl")):
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError, ValueError):
            continue
        for t in triples:
            if (isinstance(t.subject, ox.NamedNode) and t.predicate.value == f"{RDFS}label"
                    and isinstance(t.object, ox.Literal)):
                labels.setdefault(t.subject.value, {})[t.object.language or ""] = t.object.value
    for iri, label in _COMMON_LABELS.items():
        labels.setdefault(iri, {"en": label})
    return Vocabulary(labels)


#: Categories of resources on the entity page, in display order, with the classes that mark them
#: (:data:`ruhrgraph.classes.PAGE`): ``(key, title, root classes)``.
CATEGORIES: tuple[tuple[str, str, frozenset[str]], ...] = tuple(
    (c.name, c.title, c.roots) for c in classes.PAGE.categories)


def category(types: Iterable[str]) -> str:
    """The display category of a resource with rdf:types ``types`` (``"other"`` if none fits)."""
    return classes.PAGE.category(types)
