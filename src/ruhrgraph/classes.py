"""The one class categoriser: what kind of thing a resource is, read from its types (``rdf:type``).

A :class:`Scheme` is an ordered list of categories, each marked by a few *root classes* — terms
of the closed namespaces (``RG.Organisation``, ``ORG.Organization``, ``FOAF.Person`` …), so a
misspelt root fails at import. A class belongs to a category when it is one of its roots or a
subclass of one; subclasses come from the ``rdfs:subClassOf`` axioms of the shipped ontology
(``ontology/*.ttl``, read once), and a caller may add axioms of its own (a store's, a data
graph's). A resource with several types takes the first category of the scheme that fits.

One scheme per user, side by side so that they can be compared:

:data:`NETWORK`
    the node categories of the network views (:mod:`ruhrgraph.network`): bookkeeping
    (articles, evidence, statements, activities, concepts) is ``excluded`` before anything else.
:data:`PAGE`
    the sections of an entity page of the server, in display order; ``other`` when none fits.
:data:`GOLD`
    the entity types the evaluation scores (:mod:`ruhrgraph.evaluate.score`), and the events
    and documents it walks past; there a class may count for several (:meth:`Scheme.members`).

Everything is compared as plain strings (IRIs); rdflib terms given as input are turned into
strings first.

    >>> category([str(RG.EconomicDevelopmentAgency)])
    'organisation'
    >>> category([str(RG.Organisation), str(RG.Article)])  # bookkeeping is never an actor
    'excluded'
    >>> category(["https://example.org/Unknown"])
    ''
    >>> PAGE.category([RG.Delegation]), PAGE.category([]), PAGE.names[:3]
    ('group', 'other', ('person', 'organisation', 'event'))
    >>> str(SDO.Organization) in superclasses(RG.University)
    True
    >>> str(RG.Visit) in subclasses(SDO.Event)
    True
    >>> NETWORK.category(["https://example.org/Clinic"],
    ...                  NETWORK.table([("https://example.org/Clinic", str(RG.Company))]))
    'organisation'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import URIRef

from ruhrgraph.namespace import FOAF, ORG, PROV, RDF, RDFS, RG, SDO, SKOS

__all__ = ["GOLD", "NETWORK", "PAGE", "Category", "Scheme", "category", "subclasses", "superclasses"]

Pairs = Iterable[tuple[str, str]]
"""``(subclass, superclass)`` axioms, as IRIs."""

_HTTP_SCHEMA = "http://schema.org/"


def _with_http(*terms: URIRef) -> set[str]:
    """``terms`` and, for schema.org terms, their ``http://schema.org/`` twins (older data uses them)."""
    found = {str(t) for t in terms}
    return found | {_HTTP_SCHEMA + t.removeprefix(str(SDO)) for t in found if t.startswith(str(SDO))}


# -- the subclass closure --------------------------------------------------------------------
@cache
def _ontology_pairs() -> tuple[tuple[str, str], ...]:
    """The direct ``rdfs:subClassOf`` axioms of the shipped ontology (none while it is missing)."""
    try:
        from ruhrgraph._resources import resource_dir

        folder = resource_dir("ontology")
    except (FileNotFoundError, KeyError):
        return ()
    sub_class_of = str(RDFS.subClassOf)
    pairs: set[tuple[str, str]] = set()
    for path in sorted(folder.glob("*.ttl")):
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError, ValueError):
            continue  # a broken ontology file is the validator's business, not ours
        for t in triples:
            if (t.predicate.value == sub_class_of and isinstance(t.subject, ox.NamedNode)
                    and isinstance(t.object, ox.NamedNode)):
                pairs.add((t.subject.value, t.object.value))
    return tuple(sorted(pairs))


def _close(pairs: Pairs) -> dict[str, frozenset[str]]:
    """Every class of ``pairs`` → all its superclasses (transitively; cycles are fine)."""
    parents: dict[str, set[str]] = {}
    for sub, sup in pairs:
        parents.setdefault(str(sub), set()).add(str(sup))
    closure: dict[str, frozenset[str]] = {}
    for cls in parents:
        seen: set[str] = set()
        stack = [cls]
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        closure[cls] = frozenset(seen)
    return closure


@cache
def _ontology_closure() -> dict[str, frozenset[str]]:
    return _close(_ontology_pairs())


def _closure(pairs: Pairs = ()) -> dict[str, frozenset[str]]:
    extra = tuple(pairs)
    return _close((*_ontology_pairs(), *extra)) if extra else _ontology_closure()


def superclasses(iri: str, pairs: Pairs = ()) -> frozenset[str]:
    """Every superclass of ``iri`` (transitively) in the ontology, plus the axioms ``pairs``."""
    return _closure(pairs).get(str(iri), frozenset())


def subclasses(iri: str, pairs: Pairs = ()) -> frozenset[str]:
    """Every subclass of ``iri`` (transitively) in the ontology, plus the axioms ``pairs``."""
    iri = str(iri)
    return frozenset(cls for cls, sups in _closure(pairs).items() if iri in sups)


# -- schemes ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Category:
    """A category of a :class:`Scheme`: its name, its root classes and a title to show."""

    name: str
    roots: frozenset[str]
    title: str = ""


def _category(name: str, roots: Iterable[str], title: str = "") -> Category:
    return Category(name, frozenset(str(r) for r in roots), title or name)


class Scheme:
    """Categories in order of precedence (the first the strongest); ``other`` names the category
    of a resource that fits none of them."""

    def __init__(self, categories: Iterable[Category], other: str = "") -> None:
        self.categories = tuple(categories)
        self.other = other
        self._table: dict[str, str] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The category names, in order of precedence."""
        return tuple(c.name for c in self.categories)

    def roots(self, name: str) -> frozenset[str]:
        """The root classes of category ``name`` (``KeyError`` if the scheme has none such)."""
        for c in self.categories:
            if c.name == name:
                return c.roots
        raise KeyError(f"no category {name!r}; known: {', '.join(self.names)}")

    def table(self, pairs: Pairs = ()) -> dict[str, str]:
        """Every known class → its category: the roots and their subclasses in the ontology and
        in the extra axioms ``pairs``; a class under the roots of two categories takes the first."""
        closure = _closure(pairs)
        result: dict[str, str] = {}
        for c in reversed(self.categories):  # earlier categories overwrite later ones
            for cls in c.roots:
                result[cls] = c.name
            for sub, sups in closure.items():
                if sups & c.roots:
                    result[sub] = c.name
        return result

    def category(self, types: Iterable[str], table: Mapping[str, str] | None = None) -> str:
        """The category of a resource whose ``rdf:type`` values are ``types``.

        Args:
            types: class IRIs (strings or rdflib terms).
            table: a :meth:`table` with extra axioms; the ontology's alone by default.
        """
        if table is None:
            if self._table is None:
                self._table = self.table()
            table = self._table
        found = {table.get(str(t)) for t in types}
        for name in self.names:
            if name in found:
                return name
        return self.other

    def members(self, name: str, pairs: Pairs = ()) -> frozenset[str]:
        """Every class of category ``name`` — its roots and all their subclasses — whatever the
        other categories say (membership, not precedence)."""
        roots = self.roots(name)
        return roots | {cls for cls, sups in _closure(pairs).items() if sups & roots}


NETWORK = Scheme([
    _category("excluded", {
        RG.Article, RG.Evidence, RG.Assertion, RG.Score, RG.Membership, RG.ExtractionActivity,
        RG.AnalysisActivity, RDF.Statement, PROV.Activity, PROV.SoftwareAgent, ORG.Membership, ORG.Role,
        SKOS.Concept, SKOS.ConceptScheme,
        *_with_http(SDO.NewsArticle, SDO.CreativeWork, SDO.Article, SDO.Role, SDO.PostalAddress)}),
    _category("event", {
        RG.Event, RG.Visit, RG.TradeFair, RG.Reception, RG.Presentation, RG.Meeting, RG.LectureSeries, RG.Trip,
        *_with_http(SDO.Event, SDO.ExhibitionEvent, SDO.BusinessEvent)}),
    _category("delegation", {RG.Delegation}),
    _category("person", {RG.Person, FOAF.Person, *_with_http(SDO.Person)}),
    # the ontology's own organisation classes are roots too, so that a store is sorted the same
    # where the ontology files are missing
    _category("organisation", {
        RG.Organisation, ORG.Organization, FOAF.Organization,
        RG.Company, RG.University, RG.ResearchInstitute, RG.EconomicDevelopmentAgency, RG.Association,
        RG.Foundation, RG.Network, RG.PublicAuthority, RG.TradeFairOrganiser,
        *_with_http(SDO.Organization, SDO.Corporation, SDO.CollegeOrUniversity, SDO.ResearchOrganization,
                    SDO.GovernmentOrganization)}),
    _category("city", {RG.City, *_with_http(SDO.City)}),
    _category("country", {RG.Country, *_with_http(SDO.Country)}),
    _category("region", {RG.Region, RG.Continent, *_with_http(SDO.AdministrativeArea, SDO.Continent)}),
])
"""Node categories of the network views; ``""`` for a resource that fits none (it is left out)."""

PAGE = Scheme([
    _category("person", {SDO.Person, FOAF.Person, RG.Person}, "People"),
    _category("organisation", {SDO.Organization, ORG.Organization, FOAF.Organization, RG.Organisation},
              "Organisations"),
    _category("event", {SDO.Event, RG.Event}, "Events"),
    _category("group", {FOAF.Group, RG.Delegation}, "Delegations and groups"),
    _category("place", {SDO.Place, RG.Place}, "Places"),
    _category("article", {SDO.CreativeWork, SDO.NewsArticle, RG.Article}, "Articles"),
    _category("statement", {RDF.Statement, ORG.Membership, RG.Membership, RG.Assertion, RG.Evidence,
                            PROV.Activity}, "Statements"),
], other="other")
"""Sections of an entity page, in display order, with their titles; ``other`` for the rest."""

GOLD = Scheme([
    _category("Organization", {ORG.Organization, FOAF.Organization, *_with_http(SDO.Organization)}),
    _category("Person", {FOAF.Person, *_with_http(SDO.Person)}),
    _category("City", _with_http(SDO.City)),
    _category("Country", _with_http(SDO.Country)),
    _category("Event", _with_http(SDO.Event)),
    _category("Document", {PROV.Entity, PROV.Activity, *_with_http(SDO.CreativeWork)}),
])
"""What the evaluation counts: the gold entity types (named as in the gold files), events, and
documents (articles, evidence, activities: never a hop between two entities). A class counts
for every category it falls under (:meth:`Scheme.members`)."""


def category(types: Iterable[str], table: Mapping[str, str] | None = None) -> str:
    """The :data:`NETWORK` category of a resource whose ``rdf:type`` values are ``types``
    (``""`` when none fits); see :meth:`Scheme.category`."""
    return NETWORK.category(types, table)
