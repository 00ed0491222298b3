"""Extraction: one article in, its named graph out — the pipeline of plain stages.

::

    read ─▶ segment ─▶ mentions ─▶ link ─▶ relations ─▶ graph

Extractors are looked up by versioned name in a small registry; the built-in rule-based
extractor ``ruhrgraph.rules.v1`` is registered through the ``ruhrgraph.extractors`` entry point
group like any third-party one. Each stage declares what it needs and what it produces, and
:func:`check_pipeline` verifies the chain before anything runs.

    >>> from ruhrgraph.model import Article
    >>> ex = extract_article(Article(id="demo", source="demo.txt",
    ...     text="Besuch\\nJulia Jäger von der Wirtschaftsförderung Dortmund begrüßte die Gäste."))
    >>> sorted(e.label for e in ex.entities if e.kind == "person")
    ['Julia Jäger']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from rdflib import Dataset, Graph

from ruhrgraph.extract import gazetteer
from ruhrgraph.extract.graph import article_graph_iri, article_iri, build_graph
from ruhrgraph.extract.link import link
from ruhrgraph.extract.mentions import RULES_VERSION, find_mentions
from ruhrgraph.extract.read import read_file
from ruhrgraph.extract.relations import derive
from ruhrgraph.extract.segment import segment
from ruhrgraph.model import Article, Extraction


@dataclass(frozen=True)
class Stage:
    """A pipeline stage: its name, what it needs and what it produces."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STAGES = (
    Stage("read", (), ("article",)),
    Stage("segment", ("article",), ("sentences",)),
    Stage("mentions", ("article", "sentences"), ("mentions",)),
    Stage("link", ("mentions",), ("entities",)),
    Stage("relations", ("article", "sentences", "entities", "mentions"), ("statements",)),
    Stage("graph", ("article", "entities", "statements"), ("graph",)),
)


def check_pipeline(stages: Iterable[Stage]) -> None:
    """Raise ``ValueError`` when a stage needs something no earlier stage produces.

    >>> check_pipeline([Stage("link", ("mentions",), ("entities",))])
    Traceback (most recent call last):
    ...
    ValueError: stage 'link' needs mentions, which no earlier stage assigns
    """
    have: set[str] = set()
    for stage in stages:
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise ValueError(f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage assigns")
        have.update(stage.assigns)


class Extractor(Protocol):
    """Anything that turns an :class:`Article` into an :class:`Extraction`."""

    name: str

    def __call__(self, article: Article) -> Extraction: ...


class RulesExtractor:
    """The rule- and lexicon-based extractor for German economic news."""

    name = RULES_VERSION
    stages = STAGES

    def __init__(self) -> None:
        check_pipeline(self.stages)

    def __call__(self, article: Article) -> Extraction:
        sentences = segment(article)
        mentions = find_mentions(article.text, sentences)
        entities, _ = link(mentions)
        entities, statements = derive(article, article.id, sentences, entities, mentions)
        graph = build_graph(article, entities, statements, self.name)
        return Extraction(article, article_iri(article), article_graph_iri(article), graph,
                          tuple(entities), tuple(statements), article.warnings)


def registry() -> dict[str, Callable[[], Extractor]]:
    """Extractor factories by versioned name, from the ``ruhrgraph.extractors`` entry points."""
    found: dict[str, Callable[[], Extractor]] = {}
    for ep in entry_points(group="ruhrgraph.extractors"):
        found[ep.name] = ep.load()
    found.setdefault(RulesExtractor.name, RulesExtractor)
    return found


_INSTANCES: dict[str, Extractor] = {}


def get_extractor(name: str = RULES_VERSION) -> Extractor:
    if name not in _INSTANCES:
        factories = registry()
        if name not in factories:
            raise KeyError(f"unknown extractor {name!r}; available: {', '.join(sorted(factories))}")
        _INSTANCES[name] = factories[name]()
    return _INSTANCES[name]


def extract_article(article: Article, extractor: str = RULES_VERSION) -> Extraction:
    """Extract one article."""
    return get_extractor(extractor)(article)


def extract_file(path: str | Path, extractor: str = RULES_VERSION) -> list[Extraction]:
    """Read and extract one file (a ``.jsonl`` file gives one extraction per article).

    Raises :class:`~ruhrgraph.errors.ReadError` (naming the file) for unreadable input.
    """
    return [extract_article(article, extractor) for article in read_file(path)]


def to_dataset(extractions: Iterable[Extraction], *, reference: bool = True) -> Dataset:
    """A dataset with one named graph per article and, optionally, the gazetteer reference data
    of the entities they mention (graph ``…/graph/gazetteer``)."""
    from ruhrgraph.iri import graph_iri

    ds = Dataset()
    ds.bind("rg", "https://w3id.org/ruhrgraph/ontology#")
    ds.bind("schema", "https://schema.org/")
    ds.bind("org", "http://www.w3.org/ns/org#")
    ds.bind("prov", "http://www.w3.org/ns/prov#")
    ds.bind("skos", "http://www.w3.org/2004/02/skos/core#")
    iris = set()
    for ex in extractions:
        g = ds.graph(ex.graph_iri)
        for t in ex.graph:
            g.add(t)
        iris |= {str(o) for o in ex.graph.objects()} | {str(s) for s in ex.graph.subjects()}
    if reference:
        ref = gazetteer.reference_graph(iris)
        if len(ref):
            g = ds.graph(graph_iri("gazetteer"))
            for t in ref:
                g.add(t)
    return ds


def union_graph(ds: Dataset) -> Graph:
    out = Graph()
    for ctx in ds.graphs():
        for t in ctx:
            out.add(t)
    return out
