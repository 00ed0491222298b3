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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import Dataset, Graph
from rdflib.term import Node

from ruhrgraph._resources import resource_dir
from ruhrgraph.ingest.rdffile import FORMATS, read_rdf_file
from ruhrgraph.ingest.report import SEVERITIES, Finding, ValidationResult, index_shapes, read_findings, render_report
from ruhrgraph.namespace import RDFS

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

    def __init__(self, shapes: Graph, ontology: Graph, *, fast: bool = True) -> None:
        self.shapes = shapes
        self.hierarchy = Graph()
        for triple in ontology.triples((None, RDFS.subClassOf, None)):
            self.hierarchy.add(triple)
        self._index = index_shapes(shapes)
        compiled = _compile_with_internals(shapes) if fast else None
        self.fast = compiled is not None
        self._run: Callable[[Graph], Graph] = compiled or functools.partial(_validate_public, shapes)

    @classmethod
    def load(cls, *, fast: bool = True) -> Validator:
        """A validator for the packaged ``ontology/shapes.ttl`` and ``ontology/ruhrgraph.ttl``."""
        folder = resource_dir("ontology")
        shapes = Graph().parse(folder / "shapes.ttl", format="turtle")
        ontology = Graph().parse(folder / "ruhrgraph.ttl", format="turtle")
        return cls(shapes, ontology, fast=fast)

    def validate(self, data: Graph | Dataset, *, extra: Graph | None = None) -> ValidationResult:
        """Validate ``data`` against the shapes.

        Args:
            data: one graph, or a dataset whose named graphs are validated together as their
                union (so an article graph may refer to entities described in the gazetteer graph).
            extra: background triples — e.g. the gazetteer — that the constraints may use (types
                and labels of linked nodes). Its own nodes are validated too.

        Returns:
            The :class:`ValidationResult`; ``conforms`` is false only if there is a ``sh:Violation``.
        """
        work = Graph()
        work.addN((s, p, o, work) for s, p, o in _triples(data))
        if extra is not None:
            work.addN((s, p, o, work) for s, p, o in _triples(extra))
        triples = len(work)
        work.addN((s, p, o, work) for s, p, o in self.hierarchy)
        report_graph = self._run(work)
        findings = read_findings(report_graph, work, self._index)
        conforms = not any(f.severity == "Violation" for f in findings)
        return ValidationResult(conforms=conforms, results=findings, report_graph=report_graph,
                                triples=triples)


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

_OPTIONS: dict[str, Any] = {"inference": "none", "advanced": False, "inplace": True,
                            "allow_warnings": True, "allow_infos": True}


def _validate_public(shapes: Graph, work: Graph) -> Graph:
    """Validate ``work`` with pySHACL's public API and return the report graph."""
    _, report, _ = pyshacl.validate(work, shacl_graph=shapes, **_OPTIONS)
    assert isinstance(report, Graph)
    return report


def _compile_with_internals(shapes: Graph) -> Callable[[Graph], Graph] | None:
    """Compile ``shapes`` once with pySHACL 0.40 internals; return a function validating a graph.

    The one place that reaches below pySHACL's public API: a ``ShapesGraph`` is built once and
    swapped into each ``pyshacl.Validator``, and ``pyshacl.shape.CONSTRAINT_PARAMS`` becomes a
    list with set-speed ``in``. Returns ``None`` when pySHACL's modules are laid out differently
    (the caller then uses :func:`_validate_public`). The compiled shapes are shared, so runs are
    serialised by a lock.
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
    _ = compiled.shapes  # harvest the shapes now, not during the first validation
    lock = threading.Lock()

    def run(work: Graph) -> Graph:
        with lock:
            validator = pyshacl.Validator(DataGraph.from_rdflib(work), shacl_graph=Graph(),
                                          options=dict(_OPTIONS))
            validator.shacl_graph = compiled
            _, report, _ = validator.run()
        assert isinstance(report, Graph)
        return report

    return run


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
