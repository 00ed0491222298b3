"""Extraction: one article in, its named graph out — the pipeline of plain stages.

::

    read ─▶ segment ─▶ mentions ─▶ link ─▶ relations ─▶ graph

Extractors are looked up by versioned name in :data:`EXTRACTORS`, a
:class:`~ruhrgraph.registry.Registry`; the built-in rule-based extractor ``ruhrgraph.rules.v1``
registers itself there and is also declared in the ``ruhrgraph.extractors`` entry point group,
through which third parties add theirs. Each stage declares what it needs and what it produces,
and :func:`check_pipeline` verifies the chain before anything runs.

The rules extractor builds its :class:`~ruhrgraph.extract.resources.Resources` (gazetteer,
compiled matchers, the statistical NER model if one is installed) once, in its constructor, and
hands them to every stage. With a statistical model its name carries the model's name and
version (``ruhrgraph.rules.v1+de_core_news_sm-3.8.0``), and so does the provenance it writes.

    >>> from ruhrgraph.model import Article
    >>> ex = extract_article(Article(id="demo", source="demo.txt",
    ...     text="Besuch\\nJulia Jäger von der Wirtschaftsförderung Dortmund begrüßte die Gäste."))
    >>> sorted(e.label for e in ex.entities if e.kind == "person")
    ['Julia Jäger']
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import Dataset, Graph

from ruhrgraph import vocab
from ruhrgraph.extract import gazetteer
from ruhrgraph.extract.graph import article_graph_iri, article_iri, build_graph
from ruhrgraph.extract.link import link
from ruhrgraph.extract.mentions import find_mentions
from ruhrgraph.extract.read import read_file
from ruhrgraph.extract.relations import derive
from ruhrgraph.extract.resources import Resources
from ruhrgraph.extract.segment import segment
from ruhrgraph.model import Article, Extraction
from ruhrgraph.registry import Registry

RULES_VERSION = "ruhrgraph.rules.v1"


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
    """The rule- and lexicon-based extractor for German economic news.

    Args:
        resources: what the stages read; by default built here, once: the packaged gazetteer and
            the statistical NER model if one is installed.
    """

    name: str = RULES_VERSION
    stages = STAGES

    def __init__(self, resources: Resources | None = None) -> None:
        check_pipeline(self.stages)
        self.resources = resources if resources is not None else Resources.build()
        self.name = self.resources.extractor_name(RULES_VERSION)

    def __call__(self, article: Article) -> Extraction:
        res = self.resources
        sentences = segment(article)
        mentions = find_mentions(article.text, sentences, res)
        entities, _ = link(mentions, res)
        entities, statements = derive(article, article.id, sentences, entities, mentions, res)
        graph = build_graph(article, entities, statements, self.name, res)
        return Extraction(article, article_iri(article), article_graph_iri(article), graph,
                          tuple(entities), tuple(statements), article.warnings)


EXTRACTORS: Registry[Callable[[], Extractor]] = Registry("extractor", "ruhrgraph.extractors")
EXTRACTORS.register(RULES_VERSION, RulesExtractor)


def registry() -> Registry[Callable[[], Extractor]]:
    """Extractor factories by versioned name: the built-in one and the ``ruhrgraph.extractors`` entry points."""
    return EXTRACTORS


_INSTANCES: dict[str, Extractor] = {}  # one extractor (and its resources) per name and process


def get_extractor(name: str = RULES_VERSION) -> Extractor:
    """The extractor registered as ``name``, built on first use.

    Raises:
        ParameterError: no extractor has that name (the message lists the known ones).
    """
    if name not in _INSTANCES:
        _INSTANCES[name] = EXTRACTORS.get(name)()
    return _INSTANCES[name]


def extractor_name(name: str = RULES_VERSION) -> str:
    """The full versioned name the extractor ``name`` writes into provenance (with its NER model, if any)."""
    return get_extractor(name).name


def warm_up() -> None:
    """Build the default extractor and compile its matchers now (before worker processes fork).

    What is loaded then lives as long as the process: it is moved out of the cyclic garbage
    collector's reach (``gc.freeze``), which otherwise walks the gazetteer's millions of objects
    on every full collection — about 7 % of the extraction time — and, after a fork, touches
    (and so copies) every page the workers share.
    """
    resources = getattr(get_extractor(), "resources", None)
    if isinstance(resources, Resources):
        resources.warm()
    gc.collect()
    gc.freeze()


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
    ds.bind("rg", vocab.PREFIXES["rg"])
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
