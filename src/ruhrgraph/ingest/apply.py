"""Apply curation rules: rewrite graphs, describe the rules as ``graph/curation``, check a store.

The rules (:class:`~ruhrgraph.ingest.rules.Rule`) come from :mod:`ruhrgraph.ingest.curation`,
which reads and checks the steward's files; this module does what they say:

- :func:`rewrite` applies the rewriting rules (merge, rename, retype, delete) to one graph and
  records each rule that changed it as ``<rule> prov:used <article>``;
- :func:`curation_graph` builds the ``graph/curation`` named graph: every rule as an
  ``rg:CurationActivity`` (who, when, why) and the facts that ``add`` and ``link_wikidata``
  rules add;
- :func:`check` asks a store, after the graphs were written, which rules took effect.

Example::

    >>> from rdflib import Graph, Literal
    >>> from ruhrgraph.ingest.curation import parse_rules
    >>> rules = parse_rules({"curator": "Anna", "date": "2024-05-02", "rules": [
    ...     {"id": "essen", "action": "rename", "entity": "id:city/essen", "label": "Essen",
    ...      "why": "The label has a typo."}]})
    >>> g = Graph()
    >>> _ = g.add((rules[0].entity, RDFS.label, Literal("Esen", lang="de")))
    >>> rewritten, matched = rewrite(rules, g)
    >>> matched, sorted(str(o) for o in rewritten.objects(rules[0].entity, RDFS.label))
    (['essen'], ['Essen'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ruhrgraph import vocab
from ruhrgraph.ingest.rules import Rule
from ruhrgraph.iri import base_iri, graph_iri, mint_hashed
from ruhrgraph.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, RG, SDO, SKOS, XSD

__all__ = ["CurationReport", "RuleOutcome", "check", "curation_graph", "published_source", "rewrite"]

_RG = vocab.PREFIXES["rg"]


def rewrite(rules: Iterable[Rule], graph: Graph, record: URIRef | None = None) -> tuple[Graph, list[str]]:
    """Apply the rewriting rules among ``rules`` (merge, rename, retype, delete) to ``graph``, in order.

    Args:
        rules: curation rules; those that do not rewrite graphs are skipped.
        graph: an article graph (or the gazetteer graph); not modified.
        record: the node to record a rule's use on (``<rule> prov:used <record>``), usually the
            article IRI; nothing is recorded when ``None``.

    Returns:
        The rewritten graph (same identifier; ``graph`` itself when no rule changed it) and the
        ids of the rules that changed it.
    """
    current = graph
    matched: list[str] = []
    for rule in rules:
        if not rule.rewrites:
            continue
        changed = _APPLY[rule.action](current, rule)
        if changed is not None:
            current = changed
            matched.append(rule.id)
            if record is not None:
                current.add((rule.iri, PROV.used, record))
    return current, matched


def curation_graph(rules: Iterable[Rule]) -> Graph:
    """The ``graph/curation`` named graph: every rule with who, when, why, and the added facts."""
    g = Graph(identifier=graph_iri("curation"))
    for rule in rules:
        a = rule.iri
        g.add((a, RDF.type, RG.CurationActivity))
        g.add((a, RDFS.label, Literal(rule.describe(), lang="en")))
        g.add((a, RG.rule, Literal(rule.id)))
        g.add((a, RG.curator, Literal(rule.curator)))
        g.add((a, RG.reason, Literal(rule.why)))
        g.add((a, PROV.endedAtTime, Literal(rule.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                            datatype=XSD.dateTime)))
        g.add((a, DCTERMS.source, Literal(published_source(rule.source))))
        for target in rule.targets:
            g.add((a, PROV.used, target))
        if rule.action == "merge":
            assert rule.entity is not None
            for src in rule.sources:
                g.add((rule.entity, DCTERMS.replaces, src))
        if rule.action in ("add", "link_wikidata"):
            s, p, o = _fact(rule)
            g.add((s, p, o))
            node = mint_hashed("statement", f"curation-{rule.id}", str(s), str(p), o.n3())
            g.add((node, RDF.type, RDF.Statement))
            g.add((node, RDF.subject, s))
            g.add((node, RDF.predicate, p))
            g.add((node, RDF.object, o))
            g.add((node, PROV.wasGeneratedBy, a))
    return g


def published_source(source: str) -> str:
    """The curation file as published in ``dcterms:source``: relative to the working folder, or
    its bare name — never an absolute path, which would tell the world about the steward's disk.

    >>> published_source("data/curation/0001-seed-links.yaml")
    'data/curation/0001-seed-links.yaml'
    >>> published_source("/home/someone/secret/rules.yaml")
    'rules.yaml'
    """
    path = Path(source)
    if not path.is_absolute() and ".." not in path.parts:
        return path.as_posix()
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.name


def _fact(rule: Rule) -> tuple[URIRef, URIRef, Node]:
    if rule.action == "link_wikidata":
        assert rule.entity is not None and rule.object is not None
        return rule.entity, OWL.sameAs, rule.object
    assert rule.subject is not None and rule.predicate is not None and rule.object is not None
    return rule.subject, rule.predicate, rule.object


# -- the rewriting actions -------------------------------------------------------------------
def _copy(graph: Graph, triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    out = Graph(identifier=graph.identifier)
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=False)
    for t in triples:
        out.add(t)
    return out


def _merge(graph: Graph, rule: Rule) -> Graph | None:
    into = rule.entity
    assert into is not None
    sources = set(rule.sources)
    if not any((s in sources or o in sources) for s, _, o in graph):
        return None
    into_labels = set(graph.objects(into, RDFS.label))
    into_typed = (into, RDF.type, None) in graph
    result: list[tuple[Node, Node, Node]] = []
    for s, p, o in graph:
        from_subject = s in sources
        s2 = into if from_subject else s
        o2 = into if o in sources else o
        if from_subject and p == RDF.type and into_typed:
            continue
        if from_subject and p == RDFS.label and (into_labels or rule.label):
            if o not in into_labels:
                result.append((s2, SKOS.altLabel, o2))
            continue
        result.append((s2, p, o2))
    out = _copy(graph, result)
    if not into_labels and rule.label:
        out.add((into, RDFS.label, Literal(rule.label, lang="de")))
    for label in set(out.objects(into, RDFS.label)):  # a preferred label is not also an alias
        out.remove((into, SKOS.altLabel, label))
    out.add((into, RG.mergeRule, Literal(f"curation:{rule.id}")))
    return out


def _rename(graph: Graph, rule: Rule) -> Graph | None:
    entity = rule.entity
    assert entity is not None
    new = Literal(rule.label, lang=rule.lang)
    old = [o for o in graph.objects(entity, RDFS.label)
           if isinstance(o, Literal) and (o.language or "") == rule.lang]
    if not old or old == [new]:
        return None
    out = _copy(graph, graph)
    for label in old:
        out.remove((entity, RDFS.label, label))
        if label != new:
            out.add((entity, SKOS.altLabel, label))
    out.add((entity, RDFS.label, new))
    out.remove((entity, SKOS.altLabel, new))
    return out


def _retype(graph: Graph, rule: Rule) -> Graph | None:
    entity = rule.entity
    assert entity is not None and rule.rdf_type is not None
    types: set[Node] = set(graph.objects(entity, RDF.type))
    drop: set[Node]
    if rule.from_type is not None:
        drop = {t for t in types if t == rule.from_type}
    else:
        drop = {t for t in types if str(t).startswith(_RG)}
    drop.discard(rule.rdf_type)
    if not drop:
        return None
    out = _copy(graph, graph)
    for t in drop:
        out.remove((entity, RDF.type, t))
    out.add((entity, RDF.type, rule.rdf_type))
    return out


def _statement_nodes(graph: Graph, s: Node, p: Node, o: Node | None) -> set[Node]:
    """Nodes that reify ``s p o``: rdf:Statement-style assertions, and memberships for affiliations."""
    nodes: set[Node] = set()
    for node in graph.subjects(RDF.subject, s):
        if (node, RDF.predicate, p) in graph and (o is None or (node, RDF.object, o) in graph):
            nodes.add(node)
    if p == SDO.affiliation:
        for node in graph.subjects(ORG.member, s):
            if o is None or (node, ORG.organization, o) in graph:
                nodes.add(node)
    return nodes


def _delete(graph: Graph, rule: Rule) -> Graph | None:
    doomed_triples: set[tuple[Node, Node, Node]] = set()
    nodes: set[Node] = set()
    if rule.statement is not None:
        if (rule.statement, None, None) not in graph:
            return None
        nodes.add(rule.statement)
        doomed_triples = _reified(graph, nodes)
    else:
        doomed_triples = set(graph.triples((rule.subject, rule.predicate, rule.object)))
        if not doomed_triples:
            return None
        nodes = _statement_nodes(graph, rule.subject, rule.predicate, rule.object)  # type: ignore[arg-type]
    evidence = {e for n in nodes for e in graph.objects(n, RG.evidence)}
    kept = [t for t in graph if t not in doomed_triples and t[0] not in nodes and t[2] not in nodes]
    out = _copy(graph, kept)
    for e in evidence:  # evidence that no remaining statement cites goes too
        if (None, None, e) not in out and (e, RDF.type, RG.Evidence) in out:
            out.remove((e, None, None))
    return out


def _reified(graph: Graph, nodes: set[Node]) -> set[tuple[Node, Node, Node]]:
    """The direct triples that only the statement ``nodes`` carry (an assertion's ``s p o``, a
    membership's ``member schema:affiliation organization``): deleting the node deletes its fact,
    unless another statement node of the graph still says it."""
    def carried(node: Node) -> set[tuple[Node, Node, Node]]:
        out: set[tuple[Node, Node, Node]] = set()
        for s in graph.objects(node, RDF.subject):
            for p in graph.objects(node, RDF.predicate):
                out.update((s, p, o) for o in graph.objects(node, RDF.object))
        for m in graph.objects(node, ORG.member):
            out.update((m, SDO.affiliation, o) for o in graph.objects(node, ORG.organization))
        return out

    doomed = {t for n in nodes for t in carried(n) if t in graph}
    others = {n for n in set(graph.subjects(RDF.subject, None)) | set(graph.subjects(ORG.member, None))
              if n not in nodes}
    return doomed - {t for n in others for t in carried(n)}


_APPLY: dict[str, Callable[[Graph, Rule], Graph | None]] = {
    "merge": _merge, "rename": _rename, "retype": _retype, "delete": _delete}


# -- checking against the store ---------------------------------------------------------------
@dataclass(frozen=True)
class RuleOutcome:
    """How a rule fared on the store: the graphs it changed (rewriting rules) or whether the
    entity it adds to exists (add, link_wikidata)."""

    rule: Rule
    graphs: int
    suggestions: tuple[str, ...] = ()  # for a rule that matched nothing: the closest entities

    @property
    def matched(self) -> bool:
        return self.graphs > 0


@dataclass
class CurationReport:
    """Per-rule outcome of the curation on a store."""

    outcomes: list[RuleOutcome] = field(default_factory=list)

    @property
    def unmatched(self) -> list[RuleOutcome]:
        return [o for o in self.outcomes if not o.matched]

    def lines(self) -> list[str]:
        """Readable lines, one per rule."""
        out = []
        for o in self.outcomes:
            if o.matched:
                what = (f"changed {o.graphs} graph{'s' if o.graphs != 1 else ''}" if o.rule.rewrites
                        else "added to graph/curation")
                out.append(f"{o.rule.id}: {o.rule.describe()} — {what}")
            else:
                hint = f"; did you mean {' or '.join(o.suggestions)}?" if o.suggestions else ""
                out.append(f"{o.rule.id}: {o.rule.describe()} — MATCHES NOTHING "
                           f"({o.rule.source}){hint} Update or remove the rule")
        return out


def check(store: Any, rules: Iterable[Rule]) -> CurationReport:
    """Which of ``rules`` took effect in ``store`` (call after the graphs were written).

    A rewriting rule matched when some graph records ``<rule> prov:used …``; an ``add`` or
    ``link_wikidata`` rule matched when its subject occurs in a graph other than
    ``graph/curation``.
    """
    report = CurationReport()
    curation_iri = graph_iri("curation")
    rules = list(rules)
    if not rules:
        return report
    used: dict[str, int] = {}
    for row in store.select(
            "SELECT ?rule (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?rule ?used ?x } "
            "FILTER(?g != ?curation) } GROUP BY ?rule",
            bindings={"used": PROV.used, "curation": curation_iri}):
        used[str(row["rule"])] = int(row["n"])  # type: ignore[call-overload]
    for rule in rules:
        if rule.rewrites:
            report.outcomes.append(RuleOutcome(rule, used.get(str(rule.iri), 0)))
        else:
            subject = {"link_wikidata": rule.entity, "accept": rule.statement or rule.entity}.get(
                rule.action, rule.subject)
            exists = store.select(
                "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?curation) } LIMIT 1",
                bindings={"s": subject, "curation": curation_iri})
            report.outcomes.append(RuleOutcome(rule, 1 if exists else 0))
    if report.unmatched:
        report.outcomes = [o if o.matched else RuleOutcome(o.rule, 0, _suggest(store, o.rule))
                           for o in report.outcomes]
    return report


def _suggest(store: Any, rule: Rule, n: int = 3) -> tuple[str, ...]:
    """The stored entities closest to what an unmatched rule names, each with its IRI.

    The rule keeps only IRIs, so the name is read back from the IRI's slug
    (``…/organisation/fraunhofer-umsicht`` → "fraunhofer umsicht") and looked up like a saved
    query's parameter: same name, acronym, all words, then the most similar names.
    """
    from ruhrgraph.sparql.resolve import Resolver, Spec, closest, match

    prefix = base_iri() + "id/"
    wanted = [t for t in (rule.entity, *rule.sources, rule.subject) if t is not None and str(t).startswith(prefix)]
    if not wanted:
        return ()
    resolver = Resolver(store.select)
    candidates = resolver.candidates(Spec())
    out: dict[str, str] = {}
    for iri in wanted:
        kind, _, slug = str(iri)[len(prefix):].partition("/")
        name = slug.replace("-", " ")
        same_kind = [c for c in candidates if str(c.iri).startswith(f"{prefix}{kind}/") and c.iri != iri]
        _, hits = match(name, same_kind)
        found = [(c.label, c) for c in hits] or closest(name, same_kind, n)
        for _label, cand in found[:n]:
            out.setdefault(str(cand.iri), cand.describe())
    return tuple(list(out.values())[:n])
