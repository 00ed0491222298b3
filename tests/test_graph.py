"""The graph stage on its own: entities and statements built by hand, the triples checked with SPARQL.

Cases are in ``tests/data/extract_units/graph.yaml`` (the format is described at its top).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import BNode, Graph, URIRef

from ruhrgraph.extract.graph import article_iri, build_graph
from ruhrgraph.extract.resources import Resources
from ruhrgraph.iri import mint, mint_hashed
from ruhrgraph.model import Article, Entity, Evidence, Mention, Sentence, Statement
from ruhrgraph.vocab import sparql_prologue

DATA = Path(__file__).parent / "data" / "extract_units"
CASES = yaml.safe_load((DATA / "graph.yaml").read_text(encoding="utf-8"))
EXTRACTOR = "ruhrgraph.rules.v1"
_CLASS = {"person": "Person", "organisation": "Organisation", "city": "City", "country": "Country"}


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.build(ner=None)


def build(case: dict[str, Any], resources: Resources) -> tuple[Article, list[Entity], list[Statement]]:
    """The article, entities and statements a case describes."""
    text = case["text"]
    article = Article(id=case["id"], text=text, source=f"data/{case['id']}.txt", title=text.split("\n")[0],
                      date=date.fromisoformat(str(case["date"])) if case.get("date") else None)
    sentences, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        sentences.append(Sentence(i, pos, pos + len(line), line))
        pos += len(line) + 1
    gz = resources.gazetteer
    entities: dict[str, Entity] = {}
    for name, spec in (case.get("entities") or {}).items():
        attrs = tuple(sorted((spec.get("attrs") or {}).items()))
        aliases = tuple(spec.get("aliases") or ())
        mention = Mention(0, 1, name, spec.get("kind", ""), 0, "given")
        if "key" in spec:
            e = gz.entries[spec["key"]]
            kind = "event" if e.kind == "event" else e.kind
            entities[name] = Entity(e.iri, kind, e.rdf_class, e.name, aliases, (mention,), e.same_as, "gazetteer",
                                    attrs)
        else:
            kind = spec["kind"]
            entities[name] = Entity(mint(kind, spec["label"]), kind, spec.get("class", _CLASS[kind]), spec["label"],
                                    aliases, (mention,), (), spec.get("rule", ""), attrs)
    statements = []
    for n, spec in enumerate(case.get("statements") or []):
        roles = tuple((role, URIRef(v) if v.startswith("http") else entities[v].iri)
                      for role, values in spec["roles"].items() for v in values)
        evidence = tuple(Evidence(s.index, s.start, s.end, s.text) for s in (sentences[i] for i in spec["sentences"]))
        statements.append(Statement(spec["kind"], mint_hashed("statement", case["id"], str(n)), roles, evidence,
                                    spec["confidence"], spec["rule"],
                                    tuple((k, str(v)) for k, v in (spec.get("attrs") or {}).items())))
    return article, list(entities.values()), statements


def _query(case: dict[str, Any], pattern: str, article: Article, entities: dict[str, Entity]) -> str:
    def iri(m: re.Match[str]) -> str:
        name = m.group(1)
        return f"<{article_iri(article) if name == 'article' else entities[name].iri}>"

    return sparql_prologue() + "ASK { " + re.sub(r"<@(\w+)>", iri, pattern) + " }"


def _graph(case: dict[str, Any], resources: Resources) -> tuple[Graph, Article, dict[str, Entity]]:
    article, entities, statements = build(case, resources)
    graph = build_graph(article, entities, statements, EXTRACTOR, resources)
    names = dict(zip(case.get("entities") or {}, entities, strict=True))
    return graph, article, names


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_graph(case: dict[str, Any], resources: Resources) -> None:
    graph, article, entities = _graph(case, resources)
    for pattern in case.get("ask") or []:
        assert graph.query(_query(case, pattern, article, entities)).askAnswer, \
            f"not in the graph: {pattern}\n{graph.serialize(format='turtle')}"
    for pattern in case.get("ask_not") or []:
        assert not graph.query(_query(case, pattern, article, entities)).askAnswer, f"in the graph: {pattern}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_graph_is_deterministic_without_blank_nodes(case: dict[str, Any], resources: Resources) -> None:
    first, _, _ = _graph(case, resources)
    second, _, _ = _graph(case, resources)
    assert sorted(first) == sorted(second)
    assert not any(isinstance(term, BNode) for triple in first for term in triple)


def test_the_graph_is_the_articles_named_graph(resources: Resources) -> None:
    graph, article, _ = _graph(CASES[0], resources)
    assert str(graph.identifier) == f"https://w3id.org/ruhrgraph/graph/article/{article.id}"


def test_the_extractor_name_is_the_provenance(resources: Resources) -> None:
    article, entities, statements = build(CASES[0], resources)
    graph = build_graph(article, entities, statements, "ruhrgraph.rules.v1+de_core_news_sm-3.8.0", resources)
    software = mint("software", "ruhrgraph.rules.v1+de_core_news_sm-3.8.0")
    assert (None, URIRef("http://www.w3.org/ns/prov#wasAssociatedWith"), software) in graph
    assert mint("software", EXTRACTOR) not in set(graph.objects())
