"""Turn pySHACL's results graph into readable findings and a German/English report.

:func:`read_findings` reads every ``sh:ValidationResult`` of a report graph into a
:class:`Finding` (focus label, property path and shape as prefixed names, the shape's
messages by language), in a stable order; :func:`render_report` prints a
:class:`ValidationResult`: the counts first, then the findings per shape and per focus node.
Running the shapes is :mod:`ruhrgraph.ingest.validate`'s job.

Example::

    >>> from rdflib import Graph
    >>> print(render_report(ValidationResult(conforms=True, results=[], report=Graph())), end="")
    conforms — 0 violations, 0 warnings, 0 infos (0 triples)
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node
from rich.markup import escape

from ruhrgraph import vocab
from ruhrgraph.namespace import RDF, RDFS, RG, SDO, SH, SKOS

__all__ = [
    "SEVERITIES",
    "Finding",
    "ReportTriples",
    "ShapeIndex",
    "ValidationResult",
    "index_shapes",
    "read_findings",
    "render_report",
]

#: Severities from worst to mildest, as local names of the ``sh:`` terms.
SEVERITIES = ("Violation", "Warning", "Info")

_PREFIXES = vocab.select("rg", "rgsh", "schema", "org", "foaf", "prov", "skos", "dcterms", "nif", "owl", "rdf", "rdfs",
                         "xsd", "sh")

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SDO.headline, SDO.name)
_RDF_TYPE = URIRef(str(RDF.type))


@dataclass(frozen=True)
class Finding:
    """One validation result, ready to print.

    Attributes:
        focus: the node the result is about.
        focus_label: its ``rdfs:label`` (German preferred) or another readable name, if any.
        path: the property path as a prefixed name (``rg:basedIn``; ``^rg:hasScore`` for an
            inverse path), or ``None`` for a node-level constraint.
        severity: ``"Violation"``, ``"Warning"`` or ``"Info"``.
        messages: the shape's message by language, ``{"de": …, "en": …}``.
        value: the offending value, if the constraint names one.
        shape: the node shape the result belongs to, as a prefixed name (``rgsh:VisitShape``).
        source_shape: the shape that produced the result (a property shape, often a blank node).
        constraint: the SHACL constraint component, e.g. ``sh:MinCountConstraintComponent``.
    """

    focus: Node
    focus_label: str | None
    path: str | None
    severity: str
    messages: Mapping[str, str]
    value: Node | None
    shape: str
    source_shape: Node = field(compare=False)
    constraint: str = ""


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of validating one graph.

    ``conforms`` is true when there is no ``sh:Violation``; warnings and infos do not count.
    """

    conforms: bool
    results: list[Finding]
    report: Graph | ReportTriples = field(repr=False, compare=False)
    triples: int = 0

    @property
    def report_graph(self) -> Graph:
        """The ``sh:ValidationReport`` as an rdflib graph (built when first asked for: the ingest
        reads only the findings)."""
        return self.report if isinstance(self.report, Graph) else self.report.graph()

    def count(self, severity: str) -> int:
        """Number of findings of ``severity`` (``"Violation"``, ``"Warning"``, ``"Info"``)."""
        return sum(1 for f in self.results if f.severity == severity)

    @property
    def violations(self) -> list[Finding]:
        """The findings that make the graph non-conforming."""
        return [f for f in self.results if f.severity == "Violation"]


# --------------------------------------------------------------------------------------------
# Findings


@dataclass(frozen=True)
class ShapeIndex:
    """What a report needs to know of the shapes graph to name the node shape of a result.

    Attributes:
        parents: property shape → the node shapes using it (sorted).
        targets: node shape → the classes it targets.
    """

    parents: Mapping[Node, tuple[Node, ...]]
    targets: Mapping[Node, frozenset[Node]]


def index_shapes(shapes: Graph) -> ShapeIndex:
    """Index ``shapes`` (a SHACL shapes graph) for :func:`read_findings`.

    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <urn:S> sh:targetClass <urn:C> ; sh:property <urn:P> .''')
    >>> index_shapes(shapes).parents
    {rdflib.term.URIRef('urn:P'): (rdflib.term.URIRef('urn:S'),)}
    """
    parents: dict[Node, list[Node]] = {}
    for node_shape, prop in shapes.subject_objects(SH.property):
        parents.setdefault(prop, []).append(node_shape)
    targets = {s: frozenset(shapes.objects(s, SH.targetClass)) for s in shapes.subjects(SH.targetClass)}
    return ShapeIndex({k: tuple(sorted(v, key=str)) for k, v in parents.items()}, targets)


class ReportTriples:
    """A validation report's triples, indexed for :func:`read_findings` without an rdflib graph.

    Reading the findings needs a handful of look-ups per result; filling an rdflib graph with the
    ~60 triples of an article's report cost twice as long as validating the article
    (docs/performance.md, "The ingest, seventh pass").

    >>> result = URIRef("urn:r")
    >>> r = ReportTriples([(result, RDF.type, SH.ValidationResult), (result, SH.focusNode, URIRef("urn:f"))])
    >>> list(r.subjects(RDF.type, SH.ValidationResult)), r.value(result, SH.focusNode), len(r.graph())
    ([rdflib.term.URIRef('urn:r')], rdflib.term.URIRef('urn:f'), 2)
    """

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self._triples = list(triples)
        self._objects: dict[tuple[Node, Node], list[Node]] = {}
        self._subjects: dict[tuple[Node, Node], list[Node]] = {}
        rdf_type = _RDF_TYPE  # rdflib's namespace attributes are slow to look up
        for s, p, o in self._triples:
            self._objects.setdefault((s, p), []).append(o)
            if p == rdf_type:
                self._subjects.setdefault((p, o), []).append(s)

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        """The subjects of ``?s predicate obj`` (``rdf:type`` only)."""
        assert predicate == _RDF_TYPE
        return iter(self._subjects.get((predicate, obj), ()))

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        """The objects of ``subject predicate ?o``."""
        return iter(self._objects.get((subject, predicate), ()))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of ``subject predicate ?o``, or ``None``."""
        found = self._objects.get((subject, predicate))
        return found[0] if found else None

    def items(self, head: Node) -> Iterator[Node]:
        """The members of the RDF list starting at ``head``."""
        while head != RDF.nil:
            first = self.value(head, RDF.first)
            if first is None:
                return
            yield first
            head = self.value(head, RDF.rest) or RDF.nil

    def graph(self) -> Graph:
        """The triples as an rdflib graph."""
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in self._triples)
        return graph


def read_findings(report: Graph | ReportTriples, data: Graph, index: ShapeIndex) -> list[Finding]:
    """The results of a pySHACL report graph as findings, worst first.

    Args:
        report: the ``sh:ValidationReport`` graph pySHACL returned.
        data: the validated graph, for labels and types of focus nodes.
        index: the shapes, as :func:`index_shapes` indexed them.
    """
    return sorted(_findings(report, data, index), key=_finding_order)


def _findings(report: Graph | ReportTriples, data: Graph, index: ShapeIndex) -> Iterator[Finding]:
    # rdflib's namespace attributes cost microseconds each: looked up once per report
    focus_p, severity_p, source_p, path_p, component_p, message_p, value_p = (
        SH.focusNode, SH.resultSeverity, SH.sourceShape, SH.resultPath, SH.sourceConstraintComponent,
        SH.resultMessage, SH.value)
    for result in report.subjects(_RDF_TYPE, SH.ValidationResult):
        focus = report.value(result, focus_p)
        severity_node = report.value(result, severity_p)
        source = report.value(result, source_p)
        path = report.value(result, path_p)
        component = report.value(result, component_p)
        messages: dict[str, str] = {}
        for msg in report.objects(result, message_p):
            if isinstance(msg, Literal):
                lang = msg.language or "en"
                messages.setdefault(lang, str(msg))
        if "de" not in messages and "en" in messages:
            messages["de"] = messages["en"]
        assert focus is not None and source is not None
        yield Finding(
            focus=focus,
            focus_label=_label(data, focus),
            path=_render_path(report, path) if path is not None else None,
            severity=_local(severity_node) if severity_node is not None else "Violation",
            messages={k: messages[k] for k in sorted(messages)},
            value=report.value(result, value_p),
            shape=_node_shape_name(source, focus, data, index),
            source_shape=source,
            constraint=_qname(component) if component is not None else "",
        )


def _finding_order(f: Finding) -> tuple[Any, ...]:
    return (SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9,
            (f.focus_label or "").casefold(), str(f.focus), f.path or "", f.shape,
            str(f.value) if f.value is not None else "")


def _node_shape_name(source: Node, focus: Node, data: Graph, index: ShapeIndex) -> str:
    """The node shape a result belongs to: the source itself, or the node shape using it."""
    parents = index.parents.get(source, ())
    if not parents:
        return _qname(source)
    if len(parents) == 1:
        return _qname(parents[0])
    types = set(data.objects(focus, _RDF_TYPE))
    classes = set(types)
    for t in types:
        classes.update(c for c in data.transitive_objects(t, RDFS.subClassOf) if c is not None)
    for parent in parents:
        if index.targets.get(parent, frozenset()) & classes:
            return _qname(parent)
    return _qname(parents[0])


def _label(graph: Graph, node: Node) -> str | None:
    for prop in _LABEL_PROPERTIES:
        labels = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]
        if labels:
            for lang in ("de", "en", None):
                for label in sorted(labels):
                    if label.language == lang:
                        return str(label)
            return str(sorted(labels)[0])
    quote = graph.value(node, RG.quote)
    if isinstance(quote, Literal):
        text = str(quote)
        return text if len(text) <= 60 else text[:59] + "…"
    return None


def _render_path(graph: Graph | ReportTriples, path: Node) -> str:
    if isinstance(path, URIRef):
        return _qname(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _render_path(graph, inverse)
    for kind, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, kind)
        if inner is not None:
            return f"({_render_path(graph, inner)}){mark}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_render_path(graph, p) for p in graph.items(alternatives)) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_render_path(graph, p) for p in graph.items(path))
    return str(path)


@functools.cache
def _namespace_manager() -> NamespaceManager:
    nm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in _PREFIXES.items():
        nm.bind(prefix, URIRef(str(ns)), override=True, replace=True)
    return nm


@functools.lru_cache(maxsize=4096)
def _qname(node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return _namespace_manager().normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib refuses some IRIs as prefixed names
            return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# --------------------------------------------------------------------------------------------
# Report


def render_report(result: ValidationResult, *, markup: bool = False) -> str:
    """A readable plain-text report: counts first, then findings grouped by focus node.

    Args:
        result: what :func:`ruhrgraph.ingest.validate.validate_graph` returned.
        markup: emit rich console markup (colours) instead of plain text.
    """
    def style(text: str, tag: str) -> str:
        return f"[{tag}]{escape(text)}[/]" if markup else text

    def plain(text: str) -> str:
        return escape(text) if markup else text

    colours = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}
    lines: list[str] = []
    verdict = style("conforms", "bold green") if result.conforms else style("does not conform", "bold red")
    counts = ", ".join(f"{result.count(s)} {_plural(s, result.count(s))}" for s in SEVERITIES)
    lines.append(f"{verdict} — {counts} ({result.triples} triples)")
    if not result.results:
        return "\n".join(lines) + "\n"

    lines.append("")
    lines.append("By shape:")
    per_shape = Counter((f.severity, f.shape, f.path or "—") for f in result.results)
    width_shape = max(len(shape) for _, shape, _ in per_shape)
    width_path = max(len(path) for _, _, path in per_shape)
    for (severity, shape, path), n in sorted(
        per_shape.items(), key=lambda kv: (SEVERITIES.index(kv[0][0]), kv[0][1], kv[0][2])
    ):
        lines.append(f"  {style(f'{severity:<9}', colours[severity])}  {plain(f'{shape:<{width_shape}}')}  "
                     f"{plain(f'{path:<{width_path}}')}  {n:>4}")

    lines.append("")
    lines.append("Findings by focus node:")
    for focus, findings in _group_by_focus(result.results):
        lines.append("")
        label = findings[0].focus_label
        head = f"{label}  {_term(focus)}" if label else _term(focus)
        lines.append(style(head, "bold") if markup else head)
        for f in findings:
            where = f.path or "(node)"
            lines.append(f"  {style(f.severity, colours[f.severity])}  {plain(where)}  "
                         f"{plain('(' + f.shape + ')')}")
            for lang in ("de", "en"):
                if lang in f.messages:
                    lines.append(f"    {lang}: {plain(f.messages[lang])}")
            if f.value is not None:
                lines.append(f"    value: {plain(_term(f.value))}")
    return "\n".join(lines) + "\n"


def _group_by_focus(findings: Iterable[Finding]) -> list[tuple[Node, list[Finding]]]:
    groups: dict[Node, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.focus, []).append(f)
    return sorted(groups.items(), key=lambda kv: (min(SEVERITIES.index(f.severity) for f in kv[1]),
                                                  (kv[1][0].focus_label or "").casefold(), str(kv[0])))


def _term(node: Node) -> str:
    if isinstance(node, Literal):
        text = unicodedata.normalize("NFC", str(node))
        if len(text) > 80:
            text = text[:79] + "…"
        text = json.dumps(text, ensure_ascii=False)
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^{_qname(node.datatype)}"
        return text
    if isinstance(node, URIRef):
        name = _qname(node)
        return name if not name.startswith("<") and ":" in name and "/" not in name else f"<{node}>"
    return f"_:{node}"


def _plural(severity: str, n: int) -> str:
    word = severity.lower()
    return word if n == 1 else word + "s"
