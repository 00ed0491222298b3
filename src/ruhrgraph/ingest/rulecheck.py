"""The curation gate: a steward's rules pass the same SHACL shapes as articles before anything is written.

Articles are validated one by one before they are committed (:mod:`ruhrgraph.ingest.gate`). A
curation rule changes data that is already stored — a ``retype`` makes every organisation
seated in a city point at a person, an ``add`` puts a new fact into ``graph/curation`` — so its
result is validated here, on the neighbourhood of the entities the rules touch:

- the rules' own facts (``graph/curation``);
- the curated gazetteer's descriptions of those entities and of the entities that point at them;
- the stored graphs' descriptions of the same, rewritten by the rules as the next ingest will.

A violation in that neighbourhood rejects the whole curation (:class:`~ruhrgraph.errors.CurationError`
naming the rule or rules whose entities the violation is about, and the shape's message); the
ingest then writes nothing. Warnings and infos do not reject, as for articles.

Example::

    >>> from rdflib import Graph
    >>> from ruhrgraph.ingest.curation import parse_rules, Curation
    >>> from ruhrgraph.iri import mint
    >>> from ruhrgraph.namespace import RDF, RDFS, RG, SDO
    >>> from rdflib import Literal
    >>> rules = parse_rules({"curator": "Anna", "date": "2024-05-02", "rules": [
    ...     {"id": "essen-person", "action": "retype", "entity": "id:city/essen", "type": "rg:Person",
    ...      "why": "a test"}]})
    >>> ref = Graph()
    >>> essen, firm = mint("city", "Essen"), mint("organisation", "Beispiel GmbH")
    >>> for t in [(essen, RDF.type, RG.City), (essen, RDFS.label, Literal("Essen", lang="de")),
    ...           (firm, RDF.type, RG.Company), (firm, RDFS.label, Literal("Beispiel GmbH", lang="de")),
    ...           (firm, RG.basedIn, essen)]:
    ...     _ = ref.add(t)
    >>> problems = check_rules(Curation(tuple(rules)), ref)
    >>> [p.rules for p in problems][:1]
    [('essen-person',)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from ruhrgraph.errors import CurationError
from ruhrgraph.ingest.curation import Curation
from ruhrgraph.ingest.rules import Rule
from ruhrgraph.ingest.validate import Validator, default_validator
from ruhrgraph.iri import base_iri
from ruhrgraph.namespace import RDF
from ruhrgraph.terms import to_rdflib

__all__ = ["RuleProblem", "check_rules", "gate_rules", "touched"]

#: At most this many problems are named in the error message.
SHOWN = 5


@dataclass(frozen=True)
class RuleProblem:
    """One violation the rules would cause."""

    rules: tuple[str, ...]
    focus: str
    path: str
    message: str

    def line(self) -> str:
        who = ", ".join(self.rules) if self.rules else "the rules together"
        return f"rule {who}: {self.focus}: {self.path} {self.message}".replace("  ", " ").strip()


def touched(rule: Rule) -> set[Node]:
    """The entities a rule changes or states facts about."""
    found: list[Any] = [rule.entity, *rule.sources, rule.subject, rule.statement]
    if isinstance(rule.object, URIRef):
        found.append(rule.object)
    return {t for t in found if t is not None}


def _entity(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(base_iri())


def _neighbourhood(graph: Graph, seeds: set[Node], out: Graph) -> set[Node]:
    """Add to ``out`` the triples of ``graph`` about ``seeds`` and about the entities pointing at them
    (and the classes of what those point at); return the subjects described in full."""
    subjects = set(seeds)
    for seed in seeds:
        subjects.update(s for s in graph.subjects(None, seed) if _entity(s) or s in seeds)
    objects = set()
    for s in subjects:
        for p, o in graph.predicate_objects(s):
            out.add((s, p, o))
            objects.add(o)
    for o in objects - subjects:  # the classes of what they point at (for sh:class)
        for t in graph.objects(o, RDF.type):
            out.add((o, RDF.type, t))
    return subjects


def _stored(store: Any, seeds: set[Node], out: Graph) -> set[Node]:
    """Add to ``out`` the stored named graphs' triples about ``seeds`` and about the subjects that
    point at them (and the classes of what those point at); return the subjects described in full."""
    ox_store: ox.Store = store.reader
    subjects: set[Any] = set()
    for seed in seeds:
        node = ox.NamedNode(str(seed))
        subjects.add(node)
        for q in ox_store.quads_for_pattern(None, None, node, None):
            if isinstance(q.graph_name, ox.NamedNode):
                subjects.add(q.subject)
    objects: set[Any] = set()
    for s in subjects:
        for q in ox_store.quads_for_pattern(s, None, None, None):
            if isinstance(q.graph_name, ox.NamedNode):
                out.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
                if not isinstance(q.object, ox.Literal):
                    objects.add(q.object)
    rdf_type = ox.NamedNode(str(RDF.type))
    for o in objects - subjects:  # the classes of what they point at (for sh:class)
        for q in ox_store.quads_for_pattern(o, rdf_type, None, None):
            if isinstance(q.graph_name, ox.NamedNode):
                out.add((to_rdflib(q.subject), RDF.type, to_rdflib(q.object)))  # type: ignore[arg-type]
    return {n for n in (to_rdflib(s) for s in subjects) if n is not None}


def check_rules(curation: Curation, reference: Graph, store: Any = None,
                validator: Validator | None = None) -> list[RuleProblem]:
    """The violations the rules would cause, each with the rules it is attributed to.

    Args:
        curation: the rules.
        reference: the gazetteer's reference graph *before* curation.
        store: a :class:`~ruhrgraph.store.local.Store` whose stored graphs are checked too (optional).
        validator: the SHACL validator (default: the packaged shapes).
    """
    if not curation.rules:
        return []
    seeds: set[Node] = set()
    by_entity: dict[Node, set[str]] = {}
    for rule in curation.rules:
        for node in touched(rule):
            seeds.add(node)
            by_entity.setdefault(node, set()).add(rule.id)
    data = Graph()
    for t in curation.graph():
        data.add(t)
    complete = set(data.subjects()) | _neighbourhood(reference, seeds, data)
    if store is not None:
        complete |= _stored(store, seeds, data)
    curated, _ = curation.rewrite(data)
    result = (validator or default_validator()).validate(curated)
    problems = []
    for f in result.violations:
        if f.focus not in complete:  # only the class of this node is here; its own graph was checked
            continue
        involved = {f.focus} | ({f.value} if f.value is not None else set())
        rules = sorted({r for node in involved for r in by_entity.get(node, ())})
        message = f.messages.get("en") or next(iter(f.messages.values()), "")
        problems.append(RuleProblem(tuple(rules), f.focus_label or str(f.focus), f.path or "", message))
    return problems


def gate_rules(curation: Curation, reference: Graph, store: Any = None,
               validator: Validator | None = None, files: Iterable[str] = ()) -> None:
    """Raise :class:`CurationError` when the rules would break the shapes (nothing is written then)."""
    problems = check_rules(curation, reference, store, validator)
    if not problems:
        return
    where = ", ".join(files) or "the curation files"
    shown = [f"  {p.line()}" for p in problems[:SHOWN]]
    more = [f"  … and {len(problems) - SHOWN} more"] if len(problems) > SHOWN else []
    raise CurationError("\n".join([
        f"{where}: the rules would break the shapes ({len(problems)} violation"
        f"{'s' if len(problems) != 1 else ''}); nothing was written:", *shown, *more,
        "  fix or remove the rule and run again (see docs/stewards.md)"]))
