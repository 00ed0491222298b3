"""The small frozen dataclasses that flow between the pipeline stages.

``read`` yields :class:`Article`; ``segment`` gives :class:`Sentence`; ``mentions`` gives
:class:`Mention`; ``link`` groups mentions into :class:`Entity`; ``relations`` derives
:class:`Statement`; ``graph`` turns them into RDF; ``extract`` returns an :class:`Extraction`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph, URIRef


@dataclass(frozen=True)
class Section:
    """A span of the article text: the title, a section under a heading, or a teaser item."""

    start: int
    end: int
    heading: str = ""
    kind: str = "body"  # "title" | "body" | "teaser"


@dataclass(frozen=True)
class Article:
    """One article, its text NFC-normalised; every offset in the pipeline refers to ``text``."""

    id: str
    text: str
    source: str
    title: str = ""
    date: date | None = None
    url: str | None = None
    publisher: str | None = None
    language: str = "de"
    sections: tuple[Section, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def content_hash(self) -> str:
        """SHA-256 of the NFC text, hex."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    section: int = 0


@dataclass(frozen=True)
class Mention:
    """A span of text that names (or refers to) an actor, place, sector or event."""

    start: int
    end: int
    text: str
    kind: str  # organisation | person | city | country | region | continent | sector | event | role
    sentence: int
    rule: str  # the pattern family or lexicon that found it
    key: str = ""  # gazetteer key or normalised name, used for linking
    rdf_class: str = ""  # rg: local name, e.g. "University"
    confidence: float = 0.8
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str = "") -> str:
        return dict(self.attrs).get(name, default)


@dataclass(frozen=True)
class Entity:
    """One actor (or place, sector, event) of an article, with all its mentions."""

    iri: URIRef
    kind: str
    rdf_class: str
    label: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    same_as: tuple[str, ...] = ()
    merge_rule: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str = "") -> str:
        return dict(self.attrs).get(name, default)


@dataclass(frozen=True)
class Evidence:
    sentence: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Statement:
    """A fact with its evidence: a membership, a location, a visit, an event, a participation.

    ``roles`` maps role names (``member``, ``organisation``, ``host``, ``origin``, ``presenter`` …)
    to entity IRIs.
    """

    kind: str
    iri: URIRef
    roles: tuple[tuple[str, URIRef], ...]
    evidence: tuple[Evidence, ...]
    confidence: float
    rule: str
    attrs: tuple[tuple[str, str], ...] = ()

    def get(self, role: str) -> list[URIRef]:
        return [iri for name, iri in self.roles if name == role]

    def attr(self, name: str, default: str = "") -> str:
        return dict(self.attrs).get(name, default)


@dataclass(frozen=True)
class Extraction:
    """What extraction produced for one article: its named graph and the objects behind it."""

    article: Article
    article_iri: URIRef
    graph_iri: URIRef
    graph: Graph
    entities: tuple[Entity, ...] = ()
    statements: tuple[Statement, ...] = ()
    warnings: tuple[str, ...] = field(default=())
