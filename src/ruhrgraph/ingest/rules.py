"""A steward's correction as a value: :class:`Rule`, what it is about, and how to say it in one line.

:mod:`ruhrgraph.ingest.curation` reads rules from the curation files;
:mod:`ruhrgraph.ingest.apply` applies them to graphs and checks them against a store.

Example::

    >>> from datetime import UTC, datetime
    >>> from ruhrgraph.iri import mint
    >>> rule = Rule(id="essen", action="rename", source="fix.yaml", curator="Anna",
    ...             when=datetime(2024, 5, 2, tzinfo=UTC), why="typo",
    ...             entity=mint("city", "Essen"), label="Essen")
    >>> rule.describe(), rule.rewrites
    ("rename id:city/essen to 'Essen'@de", True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ruhrgraph import vocab
from ruhrgraph.iri import base_iri, mint

__all__ = ["ACTIONS", "PREFIXES", "REWRITING", "Rule"]

PREFIXES = vocab.select("rg", "schema", "org", "foaf", "prov", "skos", "owl", "rdf", "rdfs", "xsd", "dcterms",
                        "wd", "gn")
"""Prefixes a curation file may use (plus ``id:`` for ``<base>id/``)."""

ACTIONS = ("merge", "rename", "retype", "delete", "add", "link_wikidata", "accept")
"""The actions a rule may take."""
REWRITING = frozenset({"merge", "rename", "retype", "delete"})
"""The actions that rewrite graphs (the others add to ``graph/curation``)."""


@dataclass(frozen=True)
class Rule:
    """One steward correction."""

    id: str
    action: str
    source: str
    curator: str
    when: datetime
    why: str
    entity: URIRef | None = None
    sources: tuple[URIRef, ...] = ()  # merge: the entities merged away
    label: str = ""
    lang: str = "de"
    rdf_type: URIRef | None = None
    from_type: URIRef | None = None
    subject: URIRef | None = None
    predicate: URIRef | None = None
    object: Node | None = None
    statement: URIRef | None = None

    @property
    def iri(self) -> URIRef:
        """The IRI of the rule's ``rg:CurationActivity``."""
        return mint("curation", self.id)

    @property
    def targets(self) -> tuple[URIRef, ...]:
        """The entities or statement the rule is about (for ``ruhrgraph explain``)."""
        found = [self.entity, *self.sources, self.subject, self.statement]
        return tuple(t for t in found if t is not None)

    @property
    def rewrites(self) -> bool:
        """``True`` for rules that rewrite graphs (merge, rename, retype, delete)."""
        return self.action in REWRITING

    def describe(self) -> str:
        """One line saying what the rule does."""
        def short(term: Node | None) -> str:
            if term is None:
                return "*"
            if isinstance(term, URIRef):
                text = str(term)
                for prefix, ns in PREFIXES.items():
                    if text.startswith(ns):
                        return f"{prefix}:{text[len(ns):]}"
                if text.startswith(base_iri() + "id/"):
                    return "id:" + text[len(base_iri()) + 3:]
                return f"<{text}>"
            return term.n3()

        if self.action == "merge":
            return f"merge {', '.join(short(s) for s in self.sources)} into {short(self.entity)}"
        if self.action == "rename":
            return f"rename {short(self.entity)} to {self.label!r}@{self.lang}"
        if self.action == "retype":
            return f"retype {short(self.entity)} as {short(self.rdf_type)}"
        if self.action == "delete":
            if self.statement is not None:
                return f"delete statement {short(self.statement)}"
            return f"delete {short(self.subject)} {short(self.predicate)} {short(self.object)}"
        if self.action == "add":
            return f"add {short(self.subject)} {short(self.predicate)} {short(self.object)}"
        if self.action == "accept":
            return f"accept {short(self.statement or self.entity)}"
        return f"link {short(self.entity)} to {short(self.object)}"

    def as_json(self) -> dict[str, Any]:
        """A canonical dict (for the digest)."""
        return {k: (str(v) if not isinstance(v, Literal) else v.n3()) if v is not None else None
                for k, v in sorted(self.__dict__.items()) if k != "source"} | {
            "when": self.when.isoformat(), "sources": [str(s) for s in self.sources]}
