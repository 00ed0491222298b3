"""The whole-store SHACL check of ``ruhrgraph build``: full, or incremental since the last check.

A **full** check validates the union of every named graph against the shapes. An **incremental**
check validates only what can have changed since the last verified state, recorded in
``<store>/validation-state.json`` (:class:`VerifiedState`, written atomically): the verdict is
the same as a full check's, and the findings of unchanged parts of the store are kept from the
record, so a store that did not conform does not become "conforms" because nothing changed.

**What a result depends on.** The shapes (``ontology/shapes.ttl``) are SHACL Core with property
paths of one predicate or one inverse predicate, and value checks (``sh:class``, ``sh:or`` of
classes …) that look at the ``rdf:type`` of a value. So the findings about a focus node *F* are a
function of its neighbourhood: the triples ``F p ?`` for the predicates the shapes use forwards
(paths, targets, comparisons, labels; :class:`Dependencies`), the triples ``? q F`` for the
inverse-path predicates (``^rg:hasScore``), and the ``rdf:type`` triples of the values reached
that way (a Visit's participants, a Score's actor). :func:`dependencies` reads this from the
shapes graph and refuses (→ full check) anything that reaches further: ``sh:node``, qualified
shapes, SPARQL, longer paths, nested property shapes.

**What changed.** Every named graph has a digest (BLAKE2 of its N-Triples); a graph whose digest
differs from the record, a new one or a removed one is *changed*. Only the graphs the store's
change journal names since the record (:mod:`ruhrgraph.store.journal`) are digested again. The nodes re-checked are the
*seeds* of the changed graphs — subjects of forward-used predicates and objects of inverse-path
predicates, in the graph's present content and, for its old content, those of its seeds the
record lists as *shared* (occurring in another graph too: a seed found nowhere else is gone from
the store with the old content) — plus, for a seed whose ``rdf:type`` triples changed (and are
not held by an unchanged graph), every node whose value it is. Findings of nodes that no longer
occur are dropped; everything else keeps its recorded findings. A graph of more than :data:`BIG`
seeds (``graph/analytics``, rewritten whenever the scores change; the gazetteer) has a digest per
seed in the record, and a change of it re-checks only the seeds whose triples there changed.

**Full instead.** The check is full with ``full=True`` (``build --full``), without a record, when
the record was written for other shapes, ontology or code (:func:`fingerprint`), when the data
holds ``rdfs:subClassOf`` axioms of its own, and when the shapes reach further than one step
(see above). The result says which it was (:attr:`CheckOutcome.mode`) and why.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.util import from_n3

from ruhrgraph.ingest.report import Finding, ValidationResult
from ruhrgraph.ingest.validate import Validator, default_validator
from ruhrgraph.namespace import RDF, RDFS, RG, SDO, SH, SKOS
from ruhrgraph.store._files import replace_file
from ruhrgraph.store.local import Store
from ruhrgraph.terms import to_ox, to_rdflib

STATE_FILE = "validation-state.json"
STATE_VERSION = 1
#: A graph with more seeds than this gets a digest per seed in the record (:class:`VerifiedState`).
BIG = 500

#: Predicates a report reads to name a focus node (``report._label``): a change re-checks the node.
_LABELS = (RDFS.label, SKOS.prefLabel, SDO.headline, SDO.name, RG.quote)
#: Constraint parameters that compare a value with other properties of the focus node.
_COMPARISONS = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
#: What makes a shape look further than its focus node and the types of its values.
_TOO_DEEP = (SH.node, SH.qualifiedValueShape, SH.sparql, SH.target, SH.rule, SH.targetNode)
_NESTED = (getattr(SH, "or"), getattr(SH, "and"), SH.xone, getattr(SH, "not"))
_RDF_TYPE = ox.NamedNode(str(RDF.type))


# -- what the shapes look at -------------------------------------------------------------------
@dataclass(frozen=True)
class Dependencies:
    """What the findings about a focus node depend on, read from the shapes.

    Attributes:
        forward: predicates whose triples ``F p ?`` matter to ``F``; ``None``: all (``sh:closed``).
        inverse: predicates whose triples ``? q F`` matter to ``F``.
        unsupported: why an incremental check is impossible with these shapes ('' when it is not).
    """

    forward: frozenset[Node] | None
    inverse: frozenset[Node]
    unsupported: str = ""

    def forward_used(self, predicate: Node) -> bool:
        return self.forward is None or predicate in self.forward


def dependencies(shapes: Graph) -> Dependencies:
    """Read from ``shapes`` which triples around a focus node its findings depend on.

    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <urn:S> sh:targetClass <urn:C> ;
    ...         sh:property [ sh:path <urn:p> ; sh:class <urn:D> ] ,
    ...                     [ sh:path [ sh:inversePath <urn:q> ] ; sh:maxCount 1 ] .''')
    >>> deps = dependencies(shapes)
    >>> sorted(str(p) for p in deps.forward if str(p).startswith("urn:")), sorted(deps.inverse)
    (['urn:p'], [rdflib.term.URIRef('urn:q')])
    """
    forward: set[Node] = {RDF.type, *_LABELS}
    inverse: set[Node] = set()
    problems: list[str] = []
    for path in shapes.objects(None, SH.path):
        if isinstance(path, URIRef):
            forward.add(path)
            continue
        inv = shapes.value(path, SH.inversePath)
        if isinstance(inv, URIRef) and len(set(shapes.predicate_objects(path))) == 1:
            inverse.add(inv)
        else:
            problems.append("a property path longer than one predicate")
    forward.update(shapes.objects(None, SH.targetSubjectsOf))
    inverse.update(shapes.objects(None, SH.targetObjectsOf))
    for parameter in _COMPARISONS:
        forward.update(shapes.objects(None, parameter))
    problems += [f"sh:{str(p).rsplit('#', 1)[-1]}" for p in _TOO_DEEP
                 if (None, p, None) in shapes]
    closed = any(o == Literal(True) for o in shapes.objects(None, SH.closed))
    for parameter in _NESTED:
        for value in shapes.objects(None, parameter):
            members = list(shapes.items(value)) if shapes.value(value, RDF.first) else [value]
            for member in members:
                if any((member, p, None) in shapes for p in (SH.property, SH.path, SH.closed, *_COMPARISONS)):
                    problems.append("a nested shape with properties of its own")
    reason = "the shapes use " + ", ".join(sorted(set(problems))) if problems else ""
    return Dependencies(None if closed else frozenset(forward), frozenset(inverse), reason)


# -- the record of the last verified state -------------------------------------------------------
@functools.cache
def _code() -> str:
    """A hash of the package's Python code (a new version may validate differently)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(validator: Validator) -> str:
    """What a record is only valid for: the shapes, the class hierarchy and the package's code."""
    digest = hashlib.sha256(f"{STATE_VERSION}\n{_code()}\n".encode())
    for graph in (validator.shapes, validator.hierarchy):
        lines = sorted(" ".join(t.n3() if not isinstance(t, BNode) else "_" for t in triple)
                       for triple in graph)
        digest.update("\n".join(lines).encode())
    return digest.hexdigest()


@dataclass
class VerifiedState:
    """``<store>/validation-state.json``: the store as it was last checked and what was found.

    Attributes:
        fingerprint: :func:`fingerprint` of the validator the check used.
        digests: graph IRI → digest of its content (:func:`graph_digests`).
        mark: the store's change journal when the digests were taken ('' when unknown).
        shared: graph IRI → its seeds that occur in another graph too → their types in this graph
            (N3 terms); may hold more than that (stale entries only cost a few extra checks).
        findings: every finding of the check, as :func:`_finding_json` records it.
        detail: for a graph of more than :data:`BIG` seeds (``graph/analytics``, the gazetteer):
            every seed → a digest of its triples there and its types, so that a change of the
            graph re-checks only the seeds whose triples changed.
    """

    fingerprint: str
    digests: dict[str, str] = field(default_factory=dict)
    shared: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    detail: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    mark: str = ""

    @classmethod
    def load(cls, path: Path | None) -> VerifiedState | None:
        """The record at ``path``; ``None`` when there is none or it cannot be read (→ full check)."""
        if path is None or not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                return None
            return cls(str(data["fingerprint"]), dict(data["digests"]), dict(data["shared"]),
                       list(data["findings"]), dict(data.get("detail", {})), str(data.get("mark", "")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, path: Path) -> None:
        data = {"version": STATE_VERSION, "fingerprint": self.fingerprint, "digests": self.digests,
                "shared": self.shared, "findings": self.findings, "detail": self.detail, "mark": self.mark}
        replace_file(path, json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def _finding_json(f: Finding) -> dict[str, Any]:
    return {"focus": f.focus.n3(), "label": f.focus_label, "path": f.path, "severity": f.severity,
            "messages": dict(f.messages), "value": f.value.n3() if f.value is not None else None,
            "shape": f.shape, "source": f.source_shape.n3(), "constraint": f.constraint}


def _finding(data: dict[str, Any]) -> Finding:
    value = data.get("value")
    return Finding(focus=_term(data["focus"]), focus_label=data.get("label"), path=data.get("path"),
                   severity=data["severity"], messages=dict(data["messages"]),
                   value=_term(value) if value is not None else None, shape=data["shape"],
                   source_shape=_term(data["source"]), constraint=data.get("constraint", ""))


def _term(n3: str) -> Node:
    term = from_n3(n3)
    assert isinstance(term, Node)
    return term


def graph_digests(store: Store, known: dict[str, str] | None = None, mark: str = "") -> dict[str, str]:
    """Graph IRI → BLAKE2 digest of its N-Triples, for every named graph (Oxigraph serialises);
    with ``known`` digests taken at ``mark``, only the graphs the change journal names since are read."""
    touched = store.changed_since(mark) if known is not None else None
    reuse = {g: d for g, d in (known or {}).items() if g not in touched} if touched is not None else {}
    out = {}
    for name in store.reader.named_graphs():
        if isinstance(name, ox.NamedNode):
            data = b"" if name.value in reuse else store.reader.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            out[name.value] = reuse.get(name.value) or hashlib.blake2b(data or b"", digest_size=16).hexdigest()
    return out


# -- the check ---------------------------------------------------------------------------------
@dataclass
class CheckOutcome:
    """The result of :func:`check`.

    Attributes:
        result: the findings of the whole store (the kept ones included).
        mode: ``"full"`` or ``"incremental"``.
        reason: why the check was full ('' when it was asked for or incremental).
        changed: graphs added, replaced or removed since the record (incremental only).
        nodes: nodes whose findings were computed afresh (incremental only).
        kept: findings kept from the record.
        note: why the record could not be written, if it could not.
    """

    result: ValidationResult
    mode: str
    reason: str = ""
    changed: int = 0
    nodes: int = 0
    kept: int = 0
    note: str = ""

    def describe(self) -> str:
        """One line on what was checked."""
        if self.mode == "full":
            return "full check" + (f" ({self.reason})" if self.reason else "")
        return (f"incremental check: {self.changed} graph{'s' if self.changed != 1 else ''} changed, "
                f"{self.nodes} node{'s' if self.nodes != 1 else ''} re-checked, {self.kept} "
                f"finding{'s' if self.kept != 1 else ''} of unchanged nodes kept")


def check(store: Store, *, full: bool = False, state_path: Path | None = None,
          validator: Validator | None = None) -> CheckOutcome:
    """Validate the store: incrementally when a usable record exists, else in full; save the record.

    Args:
        store: the store.
        full: validate everything whatever the record says.
        state_path: the record (default ``<store>/validation-state.json``; none for an in-memory
            store, which is then always checked in full).
        validator: the validator (default :func:`ruhrgraph.ingest.validate.default_validator`).
    """
    validator = validator or default_validator()
    if state_path is None and store.path is not None:
        state_path = store.path / STATE_FILE
    stamp = fingerprint(validator)
    deps = dependencies(validator.shapes)
    state = None if full else VerifiedState.load(state_path)
    reason = ""
    if full:
        pass
    elif state_path is None:
        reason = "an in-memory store keeps no record"
    elif state is None:
        reason = "no record of an earlier check"
    elif state.fingerprint != stamp:
        reason = "the shapes, ontology or code changed since the last check"
    elif deps.unsupported:
        reason = deps.unsupported
    elif _has_axioms(store, validator):
        reason = "the data holds rdfs:subClassOf axioms of its own"
    if full or reason or state is None:
        outcome, fresh = _full(store, validator, deps, stamp)
        outcome.reason = reason
    else:
        outcome, fresh = _incremental(store, validator, deps, state)
    if state_path is not None:
        try:
            fresh.save(state_path)
        except OSError as exc:
            outcome.note = (f"the validation record {state_path} could not be written "
                            f"({exc.strerror or exc}); the next build checks everything")
    return outcome


def _has_axioms(store: Store, validator: Validator) -> bool:
    """Whether a named graph holds ``rdfs:subClassOf`` axioms the validator's class hierarchy does
    not (the ontology's own, which ``graph/ontology`` carries, change nothing)."""
    axiom = ox.NamedNode(str(RDFS.subClassOf))
    known = {(str(s), str(o)) for s, _, o in validator.hierarchy}
    return any(not isinstance(q.graph_name, ox.DefaultGraph)
               and (getattr(q.subject, "value", ""), getattr(q.object, "value", "")) not in known
               for q in store.quads_for_pattern(None, axiom, None, None))


def _result(findings: list[Finding], triples: int) -> ValidationResult:
    from ruhrgraph.ingest.report import _finding_order

    findings = sorted(findings, key=_finding_order)  # a multiset, as pySHACL reports (no dedup)
    return ValidationResult(conforms=not any(f.severity == "Violation" for f in findings),
                            results=findings, report=Graph(), triples=triples)


#: A full check validates the seeds in chunks of this many, each with its neighbourhood (what its
#: findings depend on, :func:`_neighbourhood`): the memory follows the chunk, not the store (the
#: whole store as one rdflib graph took 4 GiB at 10,000 articles). ``None``: one graph of everything.
CHUNK: int | None = 5000


def _full(store: Store, validator: Validator, deps: Dependencies,
          stamp: str) -> tuple[CheckOutcome, VerifiedState]:
    chunked = CHUNK is not None and not deps.unsupported and not _has_axioms(store, validator)
    data = Graph()  # the union, when not chunked: Validator.validate flattens a Dataset anyway
    seeds: dict[str, dict[Node, list[Node]]] = {}
    where: dict[Node, str | None] = {}  # node → the one graph it occurs in, None: several
    for graph in store.graphs():
        mine: dict[Node, list[Node]] = {}
        for s, p, o in store.triples(graph):
            if not chunked:
                data.add((s, p, o))
            _note_seed(mine, deps, s, p, o)
            for node in (s, o):
                if not isinstance(node, Literal):
                    where[node] = graph if where.get(node, graph) == graph else None
        seeds[graph] = mine
    if chunked:
        result = _chunked(store, validator, deps, sorted({n for mine in seeds.values() for n in mine}, key=str))
    else:
        result = validator.validate(data)
    mark = store.change_mark() or ""
    state = VerifiedState(stamp, graph_digests(store), mark=mark)
    for graph, mine in seeds.items():
        state.shared[graph] = {n.n3(): sorted(t.n3() for t in types)
                               for n, types in mine.items() if where.get(n, graph) is None}
        if len(mine) > BIG:
            state.detail[graph] = {n.n3(): [digest, *types] for n, (digest, types, _) in
                                   _details(store, graph, deps).items()}
    state.findings = [_finding_json(f) for f in result.results]
    return CheckOutcome(result, "full"), state


def _chunked(store: Store, validator: Validator, deps: Dependencies, seeds: list[Node]) -> ValidationResult:
    """Validate ``seeds`` chunk by chunk, each with its neighbourhood; keep each chunk's findings
    about its own seeds (the same findings as one validation of the union: the incremental check
    rests on the same neighbourhoods, and tests/test_storecheck.py compares both with the union)."""
    assert CHUNK is not None
    found: list[Finding] = []
    for start in range(0, len(seeds), CHUNK):
        chunk = set(seeds[start:start + CHUNK])
        work, _ = _neighbourhood(store.reader, chunk, deps)
        found += [f for f in validator.validate(work, focus=chunk).results if f.focus in chunk]
    from ruhrgraph.store.querygraph import default_size

    return _result(found, default_size(store.reader))


def _details(store: Store, graph: str, deps: Dependencies) -> dict[Node, tuple[str, list[str], set[Node]]]:
    """Every seed of ``graph`` → a digest of the triples there that matter to it, its types (N3),
    and the nodes of those triples."""
    lines: dict[Node, list[str]] = {}
    nodes: dict[Node, set[Node]] = {}
    types: dict[Node, list[str]] = {}
    for s, p, o in store.triples(graph):
        line = f"{s.n3()} {p.n3()} {o.n3()}"
        owners = [s] if deps.forward_used(p) else []
        if p in deps.inverse and not isinstance(o, Literal):
            owners.append(o)
        for owner in owners:
            lines.setdefault(owner, []).append(line)
            nodes.setdefault(owner, set()).update(n for n in (s, o) if not isinstance(n, Literal))
        if p == RDF.type and deps.forward_used(p):
            types.setdefault(s, []).append(o.n3())
    return {n: (hashlib.blake2b("\n".join(sorted(ls)).encode(), digest_size=12).hexdigest(),
                sorted(types.get(n, [])), nodes[n]) for n, ls in lines.items()}


def _note_seed(seeds: dict[Node, list[Node]], deps: Dependencies, s: Node, p: Node, o: Node) -> None:
    """Record ``s`` (and ``o``) as seeds of a graph if the triple matters to them; types by seed."""
    if deps.forward_used(p):
        types = seeds.setdefault(s, [])
        if p == RDF.type:
            types.append(o)
    if p in deps.inverse and not isinstance(o, Literal):
        seeds.setdefault(o, [])


def _named(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    return (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))


def _incremental(store: Store, validator: Validator, deps: Dependencies,
                 state: VerifiedState) -> tuple[CheckOutcome, VerifiedState]:
    ox_store = store.reader
    mark = store.change_mark() or ""
    digests = graph_digests(store, state.digests, state.mark)
    changed = {g for g, d in digests.items() if state.digests.get(g) != d}
    removed = set(state.digests) - set(digests)
    touched = changed | removed
    old = [_finding(f) for f in state.findings]
    fresh = VerifiedState(state.fingerprint, digests, {g: v for g, v in state.shared.items()
                                                       if g not in touched}, [],
                          {g: v for g, v in state.detail.items() if g not in touched}, mark)
    if not touched:
        fresh.findings = state.findings
        return CheckOutcome(_result(old, 0), "incremental", kept=len(old)), fresh

    # the seeds: in the changed graphs now, and the shared ones of their old content
    types_now: dict[Node, set[Node]] = {}
    types_before: dict[Node, set[Node]] = {}
    nodes_now: set[Node] = set()
    new_seeds: dict[str, dict[Node, list[Node]]] = {}
    for graph in sorted(changed):
        mine: dict[Node, list[Node]] = {}
        nodes: set[Node] = set()
        for s, p, o in store.triples(graph):
            _note_seed(mine, deps, s, p, o)
            nodes.update(n for n in (s, o) if not isinstance(n, Literal))
        before = state.detail.get(graph)
        every = mine  # a graph no longer kept in detail records all its shared seeds again (below)
        if len(mine) > BIG or before is not None:
            details = _details(store, graph, deps)
            if len(mine) > BIG:
                fresh.detail[graph] = {n.n3(): [d, *t] for n, (d, t, _) in details.items()}
            if before is not None:  # only the seeds whose triples here changed, or that left
                now = {n.n3(): n for n in details}
                moved = {k for k in now if before.get(k, [""])[0] != details[now[k]][0]}
                mine = {n: t for n, t in mine.items() if n.n3() in moved}
                nodes = set().union(*(details[now[k]][2] for k in moved))
                for n3 in (moved | (set(before) - set(now))) & set(before):
                    types_before.setdefault(_term(n3), set()).update(_term(t) for t in before[n3][1:])
        new_seeds[graph] = mine if graph in fresh.detail else every
        nodes_now |= nodes
        for node, types in mine.items():
            types_now.setdefault(node, set()).update(types)
    for graph in sorted(touched):
        if graph in state.detail:
            if graph in removed:  # every seed it had
                for n3, recorded in state.detail[graph].items():
                    types_before.setdefault(_term(n3), set()).update(_term(t) for t in recorded[1:])
            continue
        for n3, recorded in state.shared.get(graph, {}).items():
            types_before.setdefault(_term(n3), set()).update(_term(t) for t in recorded)
    seeds = set(types_now) | set(types_before)
    focus = set(seeds)
    for node in seeds:  # a node whose types changed: every node it is a value of
        differ = types_now.get(node, set()) ^ types_before.get(node, set())
        if any(not _held_elsewhere(ox_store, node, t, touched) for t in differ):
            focus.update(_referrers(ox_store, node, deps))
    focus.update(f.focus for f in old if f.focus in nodes_now)

    work, triples = _neighbourhood(ox_store, focus, deps)
    found = [f for f in validator.validate(work, focus=focus).results if f.focus in focus]
    kept = [f for f in old if f.focus not in focus and _present(ox_store, f.focus, deps)]
    merged = _result(found + kept, triples)
    fresh.findings = [_finding_json(f) for f in merged.results]
    _update_shared(store, fresh, new_seeds, nodes_now, deps)
    return CheckOutcome(merged, "incremental", changed=len(touched), nodes=len(focus),
                        kept=len(kept)), fresh


def _held_elsewhere(ox_store: ox.Store, node: Node, cls: Node, touched: set[str]) -> bool:
    """Does a graph that did not change hold ``node a cls`` (so its presence did not change)?"""
    return any(_graph_of(q) not in touched
               for q in _named(ox_store.quads_for_pattern(to_ox(node), _RDF_TYPE, to_ox(cls), None)))


def _referrers(ox_store: ox.Store, node: Node, deps: Dependencies) -> set[Node]:
    """The nodes whose findings may look at the type of ``node``: those it is a value of."""
    found: set[Node] = set()
    oxn = to_ox(node)
    if not isinstance(oxn, ox.Literal):
        for q in _named(ox_store.quads_for_pattern(None, None, oxn, None)):
            if deps.forward_used(_node(q.predicate)):
                found.add(_node(q.subject))
    for predicate in deps.inverse:
        for q in _named(ox_store.quads_for_pattern(oxn, to_ox(predicate), None, None)):
            if not isinstance(q.object, ox.Literal):
                found.add(_node(q.object))
    return found


def _graph_of(quad: ox.Quad) -> str:
    name = quad.graph_name
    return name.value if isinstance(name, ox.NamedNode) else ""


def _node(term: Any) -> Node:
    node = to_rdflib(term)
    assert node is not None
    return node


def _neighbourhood(ox_store: ox.Store, focus: set[Node], deps: Dependencies) -> tuple[Graph, int]:
    """The triples the findings about ``focus`` depend on (from the union of the named graphs)."""
    triples: set[tuple[Any, Any, Any]] = set()
    values: set[Any] = set()
    for node in focus:
        oxn = to_ox(node)
        if isinstance(oxn, ox.Literal):
            continue
        for q in _named(ox_store.quads_for_pattern(oxn, None, None, None)):
            triples.add((q.subject, q.predicate, q.object))
            if not isinstance(q.object, ox.Literal):
                values.add(q.object)
        for predicate in deps.inverse:
            for q in _named(ox_store.quads_for_pattern(None, to_ox(predicate), oxn, None)):
                triples.add((q.subject, q.predicate, q.object))
                values.add(q.subject)
    for value in values:
        for q in _named(ox_store.quads_for_pattern(value, _RDF_TYPE, None, None)):
            triples.add((q.subject, q.predicate, q.object))
    work = Graph()
    work.addN((_node(s), _node(p), _node(o), work) for s, p, o in triples)
    return work, len(triples)


def _present(ox_store: ox.Store, node: Node, deps: Dependencies) -> bool:
    """Can ``node`` still be a focus node: a subject, or the object of an inverse-path predicate?"""
    oxn = to_ox(node)
    if next(_named(ox_store.quads_for_pattern(oxn, None, None, None)), None) is not None:
        return True
    return any(next(_named(ox_store.quads_for_pattern(None, to_ox(p), oxn, None)), None) is not None
               for p in deps.inverse)


def _update_shared(store: Store, state: VerifiedState, new_seeds: dict[str, dict[Node, list[Node]]],
                   nodes_now: set[Node], deps: Dependencies) -> None:
    """Record which seeds of the changed graphs occur elsewhere, and which seeds of other graphs
    now occur in a changed graph too."""
    ox_store = store.reader
    for graph, mine in new_seeds.items():
        shared = state.shared.setdefault(graph, {})
        for node, types in mine.items():
            oxn = to_ox(node)
            elsewhere = any(_graph_of(q) != graph for q in _named(
                ox_store.quads_for_pattern(oxn, None, None, None)))
            if not elsewhere:
                elsewhere = any(_graph_of(q) != graph for q in _named(
                    ox_store.quads_for_pattern(None, None, oxn, None)))
            if elsewhere:
                shared[node.n3()] = sorted(t.n3() for t in types)
    # a seed of another graph that a changed graph now mentions: one query per batch of IRIs
    # (Oxigraph finds the (node, graph) pairs far faster than a loop over their quads here)
    iris = sorted(str(n) for n in nodes_now if isinstance(n, URIRef))
    forward = ("" if deps.forward is None else
               "FILTER(?p IN (" + ", ".join(p.n3() for p in sorted(deps.forward, key=str)) + "))")
    for start in range(0, len(iris), 400):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + 400])
        queries = [(f"SELECT DISTINCT ?m ?g WHERE {{ VALUES ?m {{ {values} }} GRAPH ?g {{ ?m ?p ?o }} "
                    f"{forward} }}", False),
                   (f"SELECT DISTINCT ?m ?g ?t WHERE {{ VALUES ?m {{ {values} }} GRAPH ?g {{ ?m a ?t }} }}",
                    True)]
        queries += [(f"SELECT DISTINCT ?m ?g WHERE {{ VALUES ?m {{ {values} }} GRAPH ?g {{ ?x {p.n3()} ?m }} }}",
                     False) for p in sorted(deps.inverse, key=str)]
        for query, typed in queries:
            solutions = ox_store.query(query)
            assert isinstance(solutions, ox.QuerySolutions)
            for row in solutions:
                graph = row["g"].value
                if graph in new_seeds:
                    continue
                known = state.shared.setdefault(graph, {}).setdefault(f"<{row['m'].value}>", [])
                if typed and _node(row["t"]).n3() not in known:
                    known.append(_node(row["t"]).n3())
    for node in nodes_now:
        if isinstance(node, URIRef):
            continue
        oxn = to_ox(node)
        for q in _named(ox_store.quads_for_pattern(oxn, None, None, None)):
            graph = _graph_of(q)
            if graph in new_seeds or not deps.forward_used(_node(q.predicate)):
                continue
            known = state.shared.setdefault(graph, {}).setdefault(node.n3(), [])
            if q.predicate == _RDF_TYPE and _node(q.object).n3() not in known:
                known.append(_node(q.object).n3())
        for predicate in deps.inverse:
            for q in _named(ox_store.quads_for_pattern(None, to_ox(predicate), oxn, None)):
                if _graph_of(q) not in new_seeds:
                    state.shared.setdefault(_graph_of(q), {}).setdefault(node.n3(), [])
