"""The review queue: the extractor's statements and new entities, most likely wrong first.

An :class:`Item` is one thing a steward decides on: a statement node of an article graph
(``rg:Membership``, a seat ``rg:Assertion``, a visit, reception, event or fair — each with
``rg:confidence``, ``rg:rule`` and ``rg:evidence`` → the sentence) or an entity that the
gazetteer does not know and only one article mentions.

Items are ordered by a score, lowest first (:func:`score`): the confidence, times the measured
precision of the rule from earlier review decisions (``(accepted + 1) / (reviewed + 1)``), times
0.9 when the statement names an entity seen once. Items already decided leave the queue
(:func:`pending`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef

from ruhrgraph.iri import base_iri
from ruhrgraph.namespace import ORG, RDF, RG

__all__ = ["Item", "Slot", "entity_names", "highlights", "key", "load_items", "pending", "preferred_labels",
           "score"]

#: Statement classes → the kind a steward filters by.
KINDS = {RG.Membership: "membership", RG.Assertion: "seat", RG.Visit: "visit", RG.Reception: "reception",
         RG.TradeFair: "fair"}
#: The predicates through which a statement node names its entities, with a short name.
ROLES = {ORG.member: "person", ORG.organization: "organisation", ORG.role: "role", RDF.subject: "subject",
         RDF.object: "city", RG.hostedBy: "host", RG.origin: "origin", RG.participant: "participant",
         RG.presenter: "presenter", RG.heldIn: "city", RG.invitedBy: "invited by", RG.venue: "venue"}


@dataclass(frozen=True)
class Slot:
    """One entity a statement names: through which predicate, the entity and its label."""

    predicate: URIRef
    entity: URIRef
    label: str

    @property
    def role(self) -> str:
        return ROLES.get(self.predicate, str(self.predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1])


@dataclass(frozen=True)
class Item:
    """A statement (or a new entity) to review."""

    iri: URIRef
    kind: str  # membership, seat, visit, reception, event, fair, entity
    label: str
    rule: str
    confidence: float
    article: str  # the article IRI
    sentence: int
    quote: str
    slots: tuple[Slot, ...] = ()
    seen_once: tuple[URIRef, ...] = ()  # entities of this item that only one article mentions
    score: float = 1.0
    names: tuple[str, ...] = field(default=(), compare=False)  # surface names to highlight

    @property
    def entities(self) -> tuple[URIRef, ...]:
        return tuple(sorted({s.entity for s in self.slots}))

    @property
    def article_id(self) -> str:
        return self.article.rsplit("/", 1)[-1]

    def organisations(self) -> set[URIRef]:
        return {s.entity for s in self.slots if "/id/organisation/" in str(s.entity)}

    def describe(self) -> str:
        """One line: kind, what it says."""
        if self.kind == "entity":
            return f"new entity: {self.label}"
        parts = [f"{s.role}={s.label}" for s in self.slots]
        return f"{self.kind}: " + ", ".join(parts) if parts else f"{self.kind}: {self.label}"

    def as_json(self) -> dict[str, Any]:
        return {"iri": str(self.iri), "kind": self.kind, "label": self.label, "rule": self.rule,
                "confidence": self.confidence, "article": self.article, "sentence": self.sentence,
                "quote": self.quote, "score": round(self.score, 3), "describe": self.describe(),
                "slots": [{"role": s.role, "predicate": str(s.predicate), "entity": str(s.entity),
                           "label": s.label} for s in self.slots],
                "highlights": highlights(self.quote, self.names)}


_STATEMENTS = """
PREFIX rg: <https://w3id.org/ruhrgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?s ?type ?conf ?rule ?article ?sentence ?quote ?p ?o WHERE {
  GRAPH ?g {
    ?s rg:confidence ?conf ; rg:rule ?rule ; a ?type ; prov:wasDerivedFrom ?article .
    OPTIONAL { ?s rg:evidence ?e . ?e rg:sentenceIndex ?sentence ; rg:quote ?quote }
    OPTIONAL { ?s ?p ?o FILTER(isIRI(?o)) }
  }
}"""

_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?label ?alt WHERE { { ?e rdfs:label ?label } UNION { ?e skos:altLabel ?alt } }"""

_MENTIONS = """
PREFIX rg: <https://w3id.org/ruhrgraph/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?e (COUNT(DISTINCT ?a) AS ?n) (SAMPLE(?t) AS ?type) WHERE {
  GRAPH ?g { ?e rg:mentionedIn ?a ; a ?t }
  FILTER NOT EXISTS { GRAPH ?gazetteer { ?e ?anyp ?anyo } }
} GROUP BY ?e"""


def _labels(store: Any) -> tuple[dict[URIRef, str], dict[URIRef, set[str]]]:
    labels: dict[URIRef, str] = {}
    names: dict[URIRef, set[str]] = {}
    for row in store.select(_LABELS):
        e = row["e"]
        if not isinstance(e, URIRef):
            continue
        for key in ("label", "alt"):
            value = row.get(key)
            if isinstance(value, Literal):
                names.setdefault(e, set()).add(str(value))
                if key == "label" and (e not in labels or value.language == "de"):
                    labels[e] = str(value)
    return labels, names


def preferred_labels(store: Any) -> dict[URIRef, str]:
    """Every labelled node's preferred label (German when it has one)."""
    return _labels(store)[0]


def entity_names(store: Any) -> dict[str, URIRef]:
    """Every stored entity's preferred label and aliases → its IRI (for completion)."""
    labels, names = _labels(store)
    out: dict[str, URIRef] = {}
    prefix = base_iri() + "id/"
    for iri, label in sorted(labels.items()):
        if str(iri).startswith(prefix) and not any(f"/id/{k}/" in str(iri) for k in (
                "membership", "statement", "evidence", "visit", "delegation", "article", "activity")):
            out.setdefault(label, iri)
            for alt in sorted(names.get(iri, ())):
                out.setdefault(alt, iri)
    return out


def load_items(store: Any, precision: Mapping[str, tuple[int, int]] | None = None) -> list[Item]:
    """Every statement and new entity of ``store``, scored and sorted (most likely wrong first).

    Args:
        store: a :class:`~ruhrgraph.store.local.Store`.
        precision: per extraction rule, (accepted, reviewed) from earlier decisions.
    """
    from ruhrgraph.iri import graph_iri

    labels, names = _labels(store)
    rows: dict[URIRef, dict[str, Any]] = {}
    for row in store.select(_STATEMENTS):
        s = row["s"]
        assert isinstance(s, URIRef)
        rec = rows.setdefault(s, {"types": set(), "slots": set(), "quotes": {}})
        rec["types"].add(row["type"])
        rec.update(conf=float(row["conf"]), rule=str(row["rule"]), article=str(row["article"]))  # type: ignore[arg-type]
        if "sentence" in row:
            rec["quotes"][int(row["sentence"])] = str(row["quote"])  # type: ignore[call-overload]
        p, o = row.get("p"), row.get("o")
        if p in ROLES and isinstance(o, URIRef):
            rec["slots"].add((p, o))
    once: set[URIRef] = set()
    new_entities: dict[URIRef, URIRef] = {}
    for row in store.select(_MENTIONS, bindings={"gazetteer": graph_iri("gazetteer")}):
        e = row["e"]
        if isinstance(e, URIRef) and int(row["n"]) == 1:  # type: ignore[call-overload]
            once.add(e)
            if "/id/organisation/" in str(e) or "/id/person/" in str(e):
                new_entities[e] = row["type"]  # type: ignore[assignment]
    items = []
    for s, rec in rows.items():
        kind = next((KINDS[t] for t in rec["types"] if t in KINDS), "event")
        slots = tuple(sorted((Slot(p, o, labels.get(o, str(o).rsplit("/", 1)[-1])) for p, o in rec["slots"]),
                             key=lambda x: (x.role, x.label)))
        sentence, quote = min(rec["quotes"].items()) if rec["quotes"] else (-1, "")
        seen = tuple(sorted(s2.entity for s2 in slots if s2.entity in once))
        shown = tuple(n for sl in slots for n in sorted(names.get(sl.entity, {sl.label}), key=len, reverse=True))
        items.append(Item(s, kind, labels.get(s, kind), rec["rule"], rec["conf"], rec["article"], sentence,
                          quote, slots, seen, names=shown))
    items.extend(_entity_items(store, new_entities, labels, names))
    prec = dict(precision or {})
    return sorted((_scored(i, prec) for i in items), key=lambda i: (i.score, i.article, i.sentence, str(i.iri)))


def _entity_items(store: Any, entities: Mapping[URIRef, URIRef], labels: Mapping[URIRef, str],
                  names: Mapping[URIRef, set[str]]) -> list[Item]:
    out = []
    for e in sorted(entities):
        rows = store.select(
            "PREFIX rg: <https://w3id.org/ruhrgraph/ontology#> SELECT ?a ?sentence ?quote WHERE { "
            "GRAPH ?g { ?e rg:mentionedIn ?a . OPTIONAL { ?st ?p ?e ; rg:evidence ?ev . "
            "?ev rg:sentenceIndex ?sentence ; rg:quote ?quote } } } ORDER BY ?sentence LIMIT 1",
            bindings={"e": e})
        if not rows:
            continue
        row = rows[0]
        label = labels.get(e, str(e).rsplit("/", 1)[-1])
        cls = str(entities[e]).rsplit("#", 1)[-1]
        out.append(Item(e, "entity", label, f"class {cls}", 0.9, str(row["a"]),
                        int(row.get("sentence", -1)), str(row.get("quote", "")),  # type: ignore[call-overload]
                        (Slot(RDF.type, e, label),), (e,), names=tuple(sorted(names.get(e, {label}), key=len,
                                                                                 reverse=True))))
    return out


def score(item: Item, precision: Mapping[str, tuple[int, int]]) -> float:
    """How likely ``item`` is right (lower is reviewed first).

    >>> from rdflib import URIRef
    >>> it = Item(URIRef("urn:x"), "membership", "m", "role-sole-org", 0.6, "urn:a", 0, "")
    >>> score(it, {}), score(it, {"role-sole-org": (0, 1)})
    (0.6, 0.3)
    """
    accepted, reviewed = precision.get(item.rule, (0, 0))
    value = item.confidence * (accepted + 1) / (reviewed + 1)
    if item.seen_once:
        value *= 0.9
    return round(value, 4)


def _scored(item: Item, precision: Mapping[str, tuple[int, int]]) -> Item:
    from dataclasses import replace

    return replace(item, score=score(item, precision))


def pending(items: Iterable[Item], decided: set[str], *, article: str | None = None, rule: str | None = None,
            kind: str | None = None, organisation: URIRef | None = None) -> list[Item]:
    """The items not yet decided (``decided``: keys from :func:`ruhrgraph.review.decisions.key`
    and statement IRIs), filtered by article (IRI or id), rule, kind and organisation."""
    out = []
    for item in items:
        if str(item.iri) in decided or key(item) in decided:
            continue
        if article and article not in (item.article, item.article_id):
            continue
        if rule and item.rule != rule:
            continue
        if kind and item.kind != kind:
            continue
        if organisation is not None and organisation not in item.organisations() and item.iri != organisation:
            continue
        out.append(item)
    return out


def key(item: Item) -> str:
    """The statement's identity across re-extraction: article, sentence and entities.

    >>> from rdflib import URIRef
    >>> a = Item(URIRef("urn:s1"), "seat", "x", "r", 0.5, "urn:a", 3, "Die X GmbH aus Essen")
    >>> key(a) == key(Item(URIRef("urn:s2"), "seat", "y", "q", 0.9, "urn:a", 3, "Die X GmbH aus  Essen"))
    True
    """
    parts = [item.kind, item.article, " ".join(item.quote.split()), *sorted(str(e) for e in item.entities)]
    return "key:" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def highlights(quote: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of ``names`` in ``quote``, longest names first, not overlapping.

    >>> highlights("Anna Beispiel von der Wirtschaftsförderung Dortmund", ["Anna Beispiel", "Dortmund"])
    [(0, 13), (43, 51)]
    """
    spans: list[tuple[int, int]] = []
    for name in sorted({n for n in names if len(n) > 1}, key=len, reverse=True):
        start = quote.find(name)
        while start >= 0:
            end = start + len(name)
            if all(end <= a or start >= b for a, b in spans):
                spans.append((start, end))
            start = quote.find(name, end)
    return sorted(spans)

