"""The vocabulary as linked data (private helper of the server): ``/ontology`` and ``/ontology/TERM``.

The ontology's terms are hash IRIs (``https://w3id.org/ruhrgraph/ontology#Company``): a client
dereferencing one asks for ``/ontology``, which answers with the whole ontology in the syntax
``Accept`` prefers (``Vary: Accept``) — an HTML reference with one section per term (anchor
``#Company``: label, definition, kind, superclasses, domain and range), or Turtle, JSON-LD,
N-Triples, RDF/XML. ``/ontology/Company`` is one term on its own, negotiated the same way, and
``/ontology.ttl`` (``.jsonld``, ``.nt``, ``.rdf``, ``.html``) fixes the syntax.

The SKOS sector scheme (``…/id/sector`` and its concepts) is served under ``/id/`` like the data;
what the store does not hold of it (the scheme itself) is answered from the shipped
``ontology/sectors.ttl`` by :func:`shipped_description`.

Everything here reads the shipped Turtle files once (:func:`vocabulary_triples`), never the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox

from ruhrgraph.namespace import RG
from ruhrgraph.publish.serve._pages import compact
from ruhrgraph.publish.serve.tasks import LABEL_PROPERTIES, term

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
#: The ontology's own IRI and its terms' namespace.
ONTOLOGY = str(RG).rstrip("#")
NAMESPACE = str(RG)
_KINDS = {f"{OWL}Class": "class", f"{RDFS}Class": "class", f"{OWL}ObjectProperty": "object property",
          f"{OWL}DatatypeProperty": "datatype property", f"{OWL}AnnotationProperty": "annotation property",
          f"{RDF}Property": "property", f"{OWL}NamedIndividual": "individual"}


@dataclass(frozen=True)
class Vocab:
    """The shipped vocabulary files: the ontology's triples and the sector scheme's."""

    ontology: tuple[ox.Triple, ...]
    sectors: tuple[ox.Triple, ...]

    @property
    def everything(self) -> tuple[ox.Triple, ...]:
        return self.ontology + self.sectors


@cache
def vocabulary_triples() -> Vocab:
    """The triples of ``ontology/ruhrgraph.ttl`` and ``ontology/sectors.ttl`` (read once)."""
    from ruhrgraph._resources import resource_dir

    folder = resource_dir("ontology")

    def read(name: str) -> tuple[ox.Triple, ...]:
        return tuple(ox.parse(path=str(folder / name), format=ox.RdfFormat.TURTLE))

    return Vocab(read("ruhrgraph.ttl"), read("sectors.ttl"))


def _closure(triples: tuple[ox.Triple, ...], subjects: set[str]) -> list[ox.Triple]:
    """The triples about ``subjects`` and the blank nodes they reach (``owl:unionOf`` lists)."""
    by_subject: dict[str, list[ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(str(t.subject), []).append(t)
    out: list[ox.Triple] = []
    todo = [f"<{s}>" for s in sorted(subjects)]
    seen: set[str] = set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        for t in by_subject.get(key, []):
            out.append(t)
            if isinstance(t.object, ox.BlankNode):
                todo.append(str(t.object))
    return out


def term_triples(name: str) -> list[ox.Triple]:
    """The triples describing ``rg:name`` (empty when the ontology has no such term)."""
    return _closure(vocabulary_triples().ontology, {NAMESPACE + name})


def shipped_description(iri: str) -> list[ox.Triple]:
    """What the shipped files say about ``iri`` (the sector scheme, say); empty if nothing."""
    return _closure(vocabulary_triples().everything, {iri})


# -- the HTML reference ----------------------------------------------------------------------------
@dataclass
class TermView:
    """One term as the reference page shows it."""

    name: str
    iri: str
    kind: str
    labels: dict[str, str]
    definitions: dict[str, str]
    relations: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)


def _literals(triples: list[ox.Triple], predicate: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for t in triples:
        if t.predicate.value == predicate and isinstance(t.object, ox.Literal):
            found.setdefault(t.object.language or "", t.object.value)
    return dict(sorted(found.items()))


def _members(node: Any, triples: tuple[ox.Triple, ...]) -> list[str]:
    """Named classes behind ``node``: itself, or the members of its ``owl:unionOf`` list."""
    if isinstance(node, ox.NamedNode):
        return [node.value]
    objects = {(str(t.subject), t.predicate.value): t.object for t in triples}
    head = objects.get((str(node), f"{OWL}unionOf"))
    out: list[str] = []
    while isinstance(head, ox.BlankNode) and len(out) < 100:
        first = objects.get((str(head), f"{RDF}first"))
        if isinstance(first, ox.NamedNode):
            out.append(first.value)
        head = objects.get((str(head), f"{RDF}rest"))
    return out


def _label(iri: str) -> str:
    return "rg:" + iri[len(NAMESPACE):] if iri.startswith(NAMESPACE) else compact(iri)


def term_view(name: str, href: Any) -> TermView | None:
    """The reference of ``rg:name`` (``None`` when there is no such term); ``href(iri)`` gives links."""
    iri = NAMESPACE + name
    everything = vocabulary_triples().ontology
    own = [t for t in everything if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri]
    if not own:
        return None
    kinds = sorted({_KINDS.get(t.object.value, "") for t in own
                    if t.predicate.value == f"{RDF}type" and isinstance(t.object, ox.NamedNode)} - {""})
    view = TermView(name=name, iri=iri, kind=", ".join(kinds) or "term", labels=_literals(own, f"{RDFS}label"),
                    definitions=_literals(own, f"{SKOS}definition") or _literals(own, f"{RDFS}comment"))

    def refs(iris: list[str]) -> list[dict[str, Any]]:
        return [{"iri": i, "label": _label(i), "href": href(i)} for i in sorted(set(iris))]

    def objects(predicate: str) -> list[str]:
        return [m for t in own if t.predicate.value == predicate for m in _members(t.object, everything)]

    def subjects(predicate: str) -> list[str]:
        return [t.subject.value for t in everything if t.predicate.value == predicate
                and isinstance(t.object, ox.NamedNode) and t.object.value == iri
                and isinstance(t.subject, ox.NamedNode)]

    for title, found in (("superclasses", objects(f"{RDFS}subClassOf")), ("subclasses", subjects(f"{RDFS}subClassOf")),
                         ("equivalent to", objects(f"{OWL}equivalentClass") + objects(f"{OWL}equivalentProperty")),
                         ("super-properties", objects(f"{RDFS}subPropertyOf")),
                         ("sub-properties", subjects(f"{RDFS}subPropertyOf")),
                         ("domain", objects(f"{RDFS}domain")), ("range", objects(f"{RDFS}range")),
                         ("inverse of", objects(f"{OWL}inverseOf")),
                         ("properties with this domain", subjects(f"{RDFS}domain")),
                         ("properties with this range", subjects(f"{RDFS}range"))):
        if found:
            view.relations.append((title, refs(found)))
    return view


def ontology_view(href: Any) -> dict[str, Any]:
    """The whole reference: the ontology's title and description, then every term by kind."""
    everything = vocabulary_triples().ontology
    head = [t for t in everything if isinstance(t.subject, ox.NamedNode) and t.subject.value == ONTOLOGY]
    names = sorted({t.subject.value[len(NAMESPACE):] for t in everything
                    if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(NAMESPACE)
                    and t.subject.value != NAMESPACE})
    terms = [v for v in (term_view(n, href) for n in names) if v is not None]
    order = {"class": 0, "object property": 1, "datatype property": 2}
    terms.sort(key=lambda v: (order.get(v.kind, 3), v.name.lower()))
    return {"iri": ONTOLOGY, "titles": _literals(head, f"{DCTERMS}title"),
            "descriptions": _literals(head, f"{DCTERMS}description"),
            "version": _literals(head, f"{OWL}versionInfo").get("", ""),
            "licence": next((t.object.value for t in head if t.predicate.value == f"{DCTERMS}license"
                             and isinstance(t.object, ox.NamedNode)), ""),
            "terms": terms}


def shipped_describe(iri: str) -> dict[str, Any] | None:
    """What the ``describe`` task would give for ``iri``, from the shipped files (for the sector
    scheme, which the store does not hold); ``None`` when they say nothing about it."""
    everything = vocabulary_triples().everything
    node = ox.NamedNode(iri)
    own = shipped_description(iri)
    if not own:
        return None
    out = [(term(t.predicate), term(t.object)) for t in own if t.subject == node]
    incoming = [(term(t.subject), term(t.predicate)) for t in everything
                if t.object == node and isinstance(t.subject, ox.NamedNode)]
    iris = {iri} | {o[1] for _, o in out if o and o[0] == "uri"} | {s[1] for s, _ in incoming if s}
    iris |= {p[1] for p, _ in out if p}
    labels: dict[str, list[Any]] = {}
    types: dict[str, list[str]] = {}
    for t in everything:
        if isinstance(t.subject, ox.NamedNode) and t.subject.value in iris:
            if t.predicate.value in LABEL_PROPERTIES[:2] and isinstance(t.object, ox.Literal):
                labels.setdefault(t.subject.value, []).append(term(t.object))
            elif t.predicate.value == f"{RDF}type" and isinstance(t.object, ox.NamedNode):
                types.setdefault(t.subject.value, []).append(t.object.value)
    return {"iri": iri, "out": out, "in": incoming, "bnodes": {}, "two_hop": [], "memberships": [],
            "evidence": [], "labels": {k: sorted(set(v)) for k, v in labels.items()},
            "types": {k: sorted(set(v)) for k, v in types.items()}, "truncated": False}


def merge(stored: dict[str, Any] | None, shipped: dict[str, Any] | None) -> dict[str, Any]:
    """What the store found about an entity (``describe``) with what the shipped files add (its
    labels and definition, for a sector the data only points at); either may be missing."""
    if stored is None or shipped is None:
        return stored or shipped or {}
    merged = dict(stored)
    merged["out"] = stored["out"] + [po for po in shipped["out"] if po not in stored["out"]]
    merged["in"] = stored["in"] + [sp for sp in shipped["in"] if sp not in stored["in"]]
    merged["labels"] = {**shipped["labels"], **stored["labels"]}
    merged["types"] = {**shipped["types"], **stored["types"]}
    return merged
