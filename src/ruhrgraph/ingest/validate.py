"""Validate RDF against the project's SHACL shapes.

The shapes live in ``ontology/shapes.ttl``. Validation runs pySHACL without inference; the
``rdfs:subClassOf`` axioms of ``ontology/ruhrgraph.ttl`` are added to the data graph so that a
shape targeting ``rg:Organisation`` also reaches an ``rg:Company`` and ``sh:class rg:Place``
accepts an ``rg:City`` — the rest of the ontology is not needed and not loaded.

**Conformance.** Only results of severity ``sh:Violation`` make a graph non-conforming.
``sh:Warning`` (incomplete but usable data, e.g. an organisation without ``rg:basedIn``) and
``sh:Info`` (hints, e.g. no ``owl:sameAs`` yet) are reported but never reject an article: the
ingest gate stores a graph whose :attr:`ValidationResult.conforms` is true, whatever warnings it
carries. (pySHACL's own ``conforms`` flag counts warnings too; we do not use it.)

**Resources.** A :class:`Validator` is built once from the shapes graph and the ontology
(compiling the shapes takes a quarter of a second) and then validates any number of graphs; the
ingest builds one per run and hands it to the article gate (:mod:`ruhrgraph.ingest.gate`).
:func:`validate_graph` and :func:`validate_file` use :func:`default_validator`, built from the
packaged ``ontology/`` on first use, unless they are given one.

Generate, then write: :func:`validate_graph` returns a :class:`ValidationResult`,
:func:`ruhrgraph.ingest.report.render_report` turns it into text, the CLI
(``ruhrgraph validate``) prints it. Files are read by :mod:`ruhrgraph.ingest.rdffile`.

Example::

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ...     @prefix rg: <https://w3id.org/ruhrgraph/ontology#> .
    ...     <https://w3id.org/ruhrgraph/id/city/essen> a rg:City .
    ... ''', format="turtle")
    >>> result = validate_graph(g)
    >>> result.conforms
    False
    >>> [(f.severity, f.path) for f in result.results if f.severity == "Violation"]
    [('Violation', 'rdfs:label')]
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.term import Node

from ruhrgraph._resources import resource_dir
from ruhrgraph.ingest.rdffile import FORMATS, read_rdf_file
from ruhrgraph.ingest.report import (
    SEVERITIES,
    Finding,
    ReportTriples,
    ValidationResult,
    index_shapes,
    read_findings,
    render_report,
)
from ruhrgraph.namespace import RDF, RDFS
from ruhrgraph.store.local import ntriples_lines
from ruhrgraph.store.querygraph import has_blank_node

__all__ = [
    "FORMATS",
    "SEVERITIES",
    "Finding",
    "ValidationResult",
    "Validator",
    "default_validator",
    "load_shapes",
    "read_rdf_file",
    "render_report",
    "validate_file",
    "validate_graph",
]


class Validator:
    """Validates graphs against a shapes graph that is compiled once.

    Args:
        shapes: the SHACL shapes graph (``ontology/shapes.ttl``).
        ontology: the ontology (``ontology/ruhrgraph.ttl``); only its ``rdfs:subClassOf``
            axioms are used — they are added to every graph validated.
        fast: compile the shapes once through pySHACL internals (see
            :func:`_compile_with_internals`). With ``False``, or a pySHACL without those
            internals, the public ``pyshacl.validate`` re-reads the shapes on every call: the
            same findings, slower.

    Attributes:
        shapes: the shapes graph (do not modify it).
        hierarchy: the ``rdfs:subClassOf`` axioms of the ontology.
        fast: whether the compiled shapes are used.

    Example::

        >>> validator = Validator.load()
        >>> validator.fast
        True
        >>> validator.validate(Graph()).conforms
        True
    """

    def __init__(self, shapes: Graph, ontology: Graph, *, fast: bool = True, engine: str | None = None) -> None:
        self.shapes = shapes
        self.engine = _engine(engine)
        self.hierarchy = Graph()
        for triple in ontology.triples((None, RDFS.subClassOf, None)):
            self.hierarchy.add(triple)
        self._index = index_shapes(shapes)
        self._superclasses: dict[Node, list[Node]] = {}
        for sub, _, sup in self.hierarchy:
            self._superclasses.setdefault(sub, []).append(sup)
        compiled = _compile_with_internals(shapes, self.hierarchy) if fast else None
        self.fast = compiled is not None
        public = functools.partial(_validate_public, shapes)
        #: ``_run`` validates only the shapes whose targets occur in the graph (the fast path, for a
        #: graph without subclass axioms of its own); ``_run_all`` runs every shape.
        self._run: Callable[[Graph], Graph] = compiled[0] if compiled else public
        self._run_all: Callable[[Graph], Graph] = compiled[1] if compiled else public
        #: pyshacl-turbo can validate chosen focus nodes only (``focus_nodes``); ``None`` otherwise.
        self._focused: Callable[[Graph, list[str]], Graph] | None = None
        #: pyshacl-turbo validating N-Triples text (see :meth:`validate`); ``None`` otherwise.
        self._text: Callable[[str], Graph | ReportTriples] | None = None
        if self.engine == "turbo":
            self._run, self._text = _compile_turbo(shapes)
            self._run_all = self._focused = self._run
            self._hierarchy_text = "\n".join(ntriples_lines(self.hierarchy))

    @classmethod
    def load(cls, *, fast: bool = True, engine: str | None = None) -> Validator:
        """A validator for the packaged ``ontology/shapes.ttl`` and ``ontology/ruhrgraph.ttl``."""
        folder = resource_dir("ontology")
        shapes = Graph().parse(folder / "shapes.ttl", format="turtle")
        ontology = Graph().parse(folder / "ruhrgraph.ttl", format="turtle")
        return cls(shapes, ontology, fast=fast, engine=engine)

    def validate(self, data: Graph | Dataset, *, extra: Graph | None = None,
                 focus: Collection[Node] | None = None, lines: list[str] | None = None) -> ValidationResult:
        """Validate ``data`` against the shapes.

        Args:
            data: one graph, or a dataset whose named graphs are validated together as their
                union (so an article graph may refer to entities described in the gazetteer graph).
            extra: background triples — e.g. the gazetteer — that the constraints may use (types
                and labels of linked nodes). Its own nodes are validated too.
            focus: the caller wants only the findings about these nodes (and drops the others):
                pyshacl-turbo then validates only them (``focus_nodes``: IRIs only, so a blank
                node among them means everything is validated), the other engines everything.
            lines: ``data`` already written as N-Triples lines (:func:`ntriples_lines`), when the
                caller has them: pyshacl-turbo then reads the text, not the rdflib graph.

        Returns:
            The :class:`ValidationResult`; ``conforms`` is false only if there is a ``sh:Violation``.
        """
        if self._text is not None and not focus and not isinstance(data, Dataset):
            result = self._validate_text(data, extra, lines)
            if result is not None:
                return result
        work = Graph()
        work.addN((s, p, o, work) for s, p, o in _triples(data))
        if extra is not None:
            work.addN((s, p, o, work) for s, p, o in _triples(extra))
        triples = len(work)
        if self.fast and (None, RDFS.subClassOf, None) not in work:
            # Only the axioms above the classes the data uses matter (see _compile_with_internals).
            work.addN((s, p, o, work) for s, p, o in self._hierarchy_above(work))
            run = self._run
        else:
            work.addN((s, p, o, work) for s, p, o in self.hierarchy)
            run = self._run_all
        if focus and self._focused is not None and all(isinstance(n, URIRef) for n in focus):
            report_graph = self._focused(work, sorted(str(n) for n in focus))
        else:
            report_graph = run(work)
        findings = read_findings(report_graph, work, self._index)
        conforms = not any(f.severity == "Violation" for f in findings)
        return ValidationResult(conforms=conforms, results=findings, report=report_graph,
                                triples=triples)

    def _validate_text(self, data: Graph, extra: Graph | None, lines: list[str] | None) -> ValidationResult | None:
        """pyshacl-turbo over the N-Triples text of ``data``, ``extra`` and every subclass axiom (the
        same findings as over an rdflib working graph, which cost ~40 % of an article's validation
        to build and convert; tests/test_validate_fast.py compares the two). ``None`` when a blank
        node is among the triples (the text would have to keep its identity): the caller takes the
        general path."""
        assert self._text is not None
        data_lines = ntriples_lines(data) if lines is None else lines
        extra_lines = ntriples_lines(extra) if extra is not None else []
        if has_blank_node(data_lines) or has_blank_node(extra_lines):
            return None
        report_graph = self._text("\n".join([*data_lines, *extra_lines, self._hierarchy_text]))
        graphs = [data, self.hierarchy] if extra is None else [data, extra, self.hierarchy]
        findings = read_findings(report_graph, ReadOnlyGraphAggregate(graphs), self._index)
        conforms = not any(f.severity == "Violation" for f in findings)
        return ValidationResult(conforms=conforms, results=findings, report=report_graph,
                                triples=len({*data_lines, *extra_lines}))

    def _hierarchy_above(self, work: Graph) -> list[tuple[Node, Node, Node]]:
        """The ``rdfs:subClassOf`` axioms reachable upwards from any node of ``work``."""
        todo = [t for t in _nodes(work) if t in self._superclasses]
        seen: set[Node] = set()
        out: list[tuple[Node, Node, Node]] = []
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for parent in self._superclasses.get(node, ()):
                out.append((node, RDFS.subClassOf, parent))
                todo.append(parent)
        return out

@functools.cache
def default_validator() -> Validator:
    """The validator for the packaged shapes and ontology, built once per process."""
    return Validator.load()


def load_shapes() -> Graph:
    """The SHACL shapes graph (``ontology/shapes.ttl``) of :func:`default_validator`.

    Calling it early (before forking worker processes, say) moves the one-time cost of parsing
    and compiling the shapes out of the first validation.
    """
    return default_validator().shapes


def _class_hierarchy() -> Graph:
    """The ``rdfs:subClassOf`` axioms of the ontology (``benchmarks/bench_ingest.py`` uses it)."""
    return default_validator().hierarchy


def validate_graph(data: Graph | Dataset, *, extra: Graph | None = None,
                   validator: Validator | None = None) -> ValidationResult:
    """Validate ``data`` against the shapes: :meth:`Validator.validate` of ``validator``.

    Args:
        data: one graph, or a dataset whose named graphs are validated together as their union.
        extra: background triples the constraints may use (see :meth:`Validator.validate`).
        validator: the validator to use (default: :func:`default_validator`).
    """
    return (validator or default_validator()).validate(data, extra=extra)


def validate_file(path: str | Path, *, validator: Validator | None = None) -> ValidationResult:
    """Read an RDF file (see :func:`ruhrgraph.ingest.rdffile.read_rdf_file`) and validate it."""
    return validate_graph(read_rdf_file(path), validator=validator)


def _nodes(graph: Graph) -> set[Node]:
    return {t for s, _, o in graph for t in (s, o)}


def _triples(data: Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from data.triples((None, None, None))


# --------------------------------------------------------------------------------------------
# Running pySHACL fast
#
# The ingest path validates every article graph (~300–800 triples) and must keep up with 20+
# articles a second. Calling ``pyshacl.validate`` re-reads the whole shapes graph on every call;
# instead the shapes are compiled once (:func:`_compile_with_internals`) into a pySHACL
# ShapesGraph over a read-only, memoising rdflib graph, and pySHACL's constraint-parameter list
# gets O(1) membership tests. Both only change speed, never results (tests/test_shapes.py
# compares the two paths); with another pySHACL layout the public ``pyshacl.validate`` is used
# instead. Measured in docs/validation.md.

Runner = Callable[[Graph], Graph]

#: The SHACL engines: ``turbo`` (pyshacl-turbo, a Rust engine with pySHACL's API and report
#: vocabulary) validates by default; ``pyshacl`` is the reference it is checked against.
ENGINES = ("turbo", "pyshacl")


def _engine(requested: str | None) -> str:
    """The engine to use: ``requested``, else ``RUHRGRAPH_SHACL``, else ``turbo`` when installed.

    >>> _engine("pyshacl")
    'pyshacl'
    """
    import os

    from ruhrgraph.errors import SettingError

    name = (requested or os.environ.get("RUHRGRAPH_SHACL") or "turbo").strip().lower()
    if name not in ENGINES:
        raise SettingError(f"unknown SHACL engine {name!r} (RUHRGRAPH_SHACL); choose one of "
                           f"{', '.join(ENGINES)}")
    if name == "turbo":
        try:
            import pyshacl_turbo  # noqa: F401
        except ImportError:
            return "pyshacl"
    return name


def _compile_turbo(shapes: Graph) -> tuple[Callable[..., Graph], Callable[[str], Graph | ReportTriples]]:
    """Compile ``shapes`` once with pyshacl-turbo; return two functions validating into a SHACL
    report graph (pySHACL's report vocabulary, read by the same
    :func:`~ruhrgraph.ingest.report.read_findings`): one takes an rdflib graph (and optional focus
    nodes), the other N-Triples text (pyshacl-turbo's ``Input``). tests/test_shapes.py and
    tests/test_validate_fast.py check that both engines give the same findings on every shape test
    case and every corpus article.

    The shapes keep only the prefixes they declare: every report graph binds the shapes graph's
    prefixes, and rdflib's thirty defaults were a third of decoding an article's report (prefixes
    change no finding)."""
    import pyshacl_turbo
    from pyshacl_turbo.rdf import Input

    defaults = {prefix for prefix, _ in Graph().namespaces()}
    slim = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        if prefix not in defaults or prefix in _SHAPE_PREFIXES:
            slim.bind(prefix, namespace)
    slim += shapes
    compiled = pyshacl_turbo.compile_shapes(slim)

    def run(work: Graph, focus: list[str] | None = None) -> Graph:
        _, report, _ = compiled.validate(work, allow_warnings=True, allow_infos=True, focus_nodes=focus or None)
        assert isinstance(report, Graph)
        return report

    def public(text: str) -> Graph:
        _, report, _ = compiled.validate(Input(text, "nt", None, {}), allow_warnings=True, allow_infos=True)
        assert isinstance(report, Graph)
        return report

    shape_nodes: dict[str, BNode] = dict(getattr(compiled, "_blank_nodes", {}))
    known: dict[Any, Node] = {}

    def native(text: str) -> ReportTriples:
        # CompiledShapes.validate without its report decoding: it parses the report's N-Triples
        # with rdflib's pure-Python parser (4 ms of an article's 6.7); pyoxigraph parses it here
        # (source, format, base, iterate_rules, max_rule_iterations, max_validation_depth, inplace,
        #  allow_infos, allow_warnings, abort_on_first, focus_nodes, use_shapes, namespaces), as
        #  CompiledShapes.validate passes them; [1] is the report as N-Triples
        report = compiled._native.validate(text, "nt", None, False, 100, 15, False, True, True, False, [], [], [])[1]
        return _report_triples(report, shape_nodes, known)

    # the engine's private entry point is used only while it gives the public one's report
    probe = f"<{_PROBE}> <{RDF.type}> <https://w3id.org/ruhrgraph/ontology#City> ."
    try:
        expected = public(probe)
        if len(expected) > 5 and isomorphic(native(probe).graph(), expected):
            return run, native
    except (AttributeError, TypeError, ValueError, SyntaxError):  # pragma: no cover - another layout
        pass
    return run, public  # pragma: no cover - another pyshacl-turbo


_PROBE = "https://w3id.org/ruhrgraph/id/city/probe"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _report_triples(report: str, shape_nodes: dict[str, BNode], known: dict[Any, Node]) -> ReportTriples:
    """pyshacl-turbo's report (N-Triples) as :class:`ReportTriples`: the blank nodes of the shapes
    are the shapes graph's own (as pyshacl-turbo decodes them), literals keep their lexical form.
    ``known`` caches the rdflib term of each pyoxigraph term (the predicates, shapes and messages
    recur in every report; creating rdflib terms was most of the reading)."""
    import pyoxigraph as ox

    if len(known) > 100_000:
        known.clear()

    def term(t: Any) -> Node:
        found = known.get(t)
        if found is not None:
            return found
        if isinstance(t, ox.NamedNode):
            found = URIRef(t.value)
        elif isinstance(t, ox.BlankNode):
            return shape_nodes.get(t.value) or BNode(t.value)  # a result's node: new in each report
        else:
            datatype = None if t.language or t.datatype.value == _XSD_STRING else URIRef(t.datatype.value)
            found = Literal(t.value, lang=t.language, datatype=datatype, normalize=False)
        known[t] = found
        return found

    return ReportTriples((term(t.subject), term(t.predicate), term(t.object))
                         for t in ox.parse(report, ox.RdfFormat.N_TRIPLES))


_SHAPE_PREFIXES = frozenset({"sh", "rdf", "rdfs", "xsd", "owl", "skos", "prov", "foaf", "org", "schema"})



_OPTIONS: dict[str, Any] = {"inference": "none", "advanced": False, "inplace": True,
                            "allow_warnings": True, "allow_infos": True}


def _validate_public(shapes: Graph, work: Graph) -> Graph:
    """Validate ``work`` with pySHACL's public API and return the report graph."""
    _, report, _ = pyshacl.validate(work, shacl_graph=shapes, **_OPTIONS)
    assert isinstance(report, Graph)
    return report


def _compile_with_internals(shapes: Graph, hierarchy: Graph) -> tuple[Runner, Runner] | None:
    """Compile ``shapes`` once with pySHACL 0.40 internals; return two functions validating a graph.

    The one place that reaches below pySHACL's public API: a ``ShapesGraph`` is built once and
    swapped into one reused ``pyshacl.Validator``, and ``pyshacl.shape.CONSTRAINT_PARAMS`` becomes
    a list with set-speed ``in``. The loop over the shapes is pySHACL's own ``Validator.run``
    without the options we never set (no inference, no SHACL-AF, no focus-node or shape choice).

    The first function validates only the shapes that can have a focus node in the graph: a shape
    with ``sh:targetNode``, or with a target class one of whose subclasses (itself included, per
    ``hierarchy``) is an ``rdf:type`` in the graph, or with ``sh:targetSubjectsOf`` /
    ``sh:targetObjectsOf`` a predicate the graph uses. Every other shape has no focus node, so
    pySHACL would report nothing for it. This holds only while the graph's subclass axioms are
    those of ``hierarchy`` — :meth:`Validator.validate` uses the second function, every shape,
    for a graph that brings its own. tests/test_shapes.py compares both with the public
    ``pyshacl.validate`` on every shape test case. Returns ``None`` when pySHACL's modules are
    laid out differently (the caller then uses :func:`_validate_public`). The compiled shapes are
    shared, so runs are serialised by a lock.
    """
    try:
        import pyshacl.shape as shape_module
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
        from pyshacl.graph_abstraction import DataGraph
        from pyshacl.shapes_graph import ShapesGraph
    except ImportError:  # pragma: no cover - another pySHACL version
        return None
    if getattr(shape_module, "CONSTRAINT_PARAMS", None) is None:
        shape_module.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
            _ParameterList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    store = _ShapesStore()
    for prefix, namespace in shapes.namespaces():
        store.bind(prefix, namespace)
    for triple in shapes:
        store.add(triple)
    compiled = ShapesGraph(store)
    every = list(compiled.shapes)  # harvest the shapes now, not during the first validation
    subclasses: dict[Node, set[Node]] = {}
    for sub, _, sup in hierarchy:
        subclasses.setdefault(sup, set()).add(sub)

    def below(classes: Iterable[Node]) -> frozenset[Node]:
        todo, seen = list(classes), set()
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(subclasses.get(c, ()))
        return frozenset(seen)

    # (shape, always, classes whose instances are focus nodes, predicates that give focus nodes)
    targeted: list[tuple[Any, bool, frozenset[Node], frozenset[Node]]] = []
    for shape in every:
        nodes, classes, implicit, objects_of, subjects_of = (list(t) for t in shape.target())
        if nodes or classes or implicit or objects_of or subjects_of:
            targeted.append((shape, bool(nodes), below([*classes, *implicit]),
                             frozenset([*objects_of, *subjects_of])))
    pyshacl_validator = pyshacl.Validator(DataGraph.from_rdflib(Graph()), shacl_graph=Graph(),
                                          options=dict(_OPTIONS))
    pyshacl_validator.shacl_graph = compiled
    lock = threading.Lock()

    def validate(work: Graph, chosen: list[Any]) -> Graph:
        with lock:
            data_graph = DataGraph.from_rdflib(work)
            pyshacl_validator.data_graph = pyshacl_validator._target_graph = data_graph
            executor = pyshacl_validator.make_executor()
            conforms, reports = True, []
            for shape in chosen:
                shape_conforms, shape_reports = shape.validate(executor, data_graph)
                conforms = conforms and shape_conforms
                reports.extend(shape_reports)
            report, _ = pyshacl_validator.create_validation_report(compiled, conforms, reports)
        assert isinstance(report, Graph)
        return report

    def run_targeted(work: Graph) -> Graph:
        types = set(work.objects(None, RDF.type))
        predicates = set(work.predicates(None, None, unique=True))
        chosen = [shape for shape, always, classes, preds in targeted
                  if always or not classes.isdisjoint(types) or not preds.isdisjoint(predicates)]
        return validate(work, chosen)

    def run_all(work: Graph) -> Graph:
        return validate(work, every)

    return run_targeted, run_all


class _ShapesStore(Graph):
    """A graph for the shapes that caches triple-pattern lookups (pySHACL repeats them a lot)."""

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[Any, list[Any]] = {}

    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        try:
            hit = self._memo.get(triple)
        except TypeError:  # an unhashable path pattern
            yield from super().triples(triple)
            return
        if hit is None:
            hit = self._memo[triple] = list(super().triples(triple))
        yield from hit

    def add(self, triple: Any) -> Any:  # type: ignore[override]
        self._memo.clear()
        return super().add(triple)


class _ParameterList(list):  # type: ignore[type-arg]
    """pySHACL's list of constraint parameters, with set-speed ``in`` (it tests ``p in list``)."""

    def __init__(self, items: Iterable[Any]) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members
