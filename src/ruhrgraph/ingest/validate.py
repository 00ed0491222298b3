"""Validate RDF against the project's SHACL shapes and explain the result in German and English.

The shapes live in ``ontology/shapes.ttl``. Validation runs pySHACL without inference; the
``rdfs:subClassOf`` axioms of ``ontology/ruhrgraph.ttl`` are added to the data graph so that a
shape targeting ``rg:Organisation`` also reaches an ``rg:Company`` and ``sh:class rg:Place``
accepts an ``rg:City`` — the rest of the ontology is not needed and not loaded.

**Conformance.** Only results of severity ``sh:Violation`` make a graph non-conforming.
``sh:Warning`` (incomplete but usable data, e.g. an organisation without ``rg:basedIn``) and
``sh:Info`` (hints, e.g. no ``owl:sameAs`` yet) are reported but never reject an article: the
ingest gate stores a graph whose :attr:`ValidationResult.conforms` is true, whatever warnings it
carries. (pySHACL's own ``conforms`` flag counts warnings too; we do not use it.)

Generate, then write: :func:`validate_graph` returns a :class:`ValidationResult`,
:func:`render_report` turns it into text, the CLI (``ruhrgraph validate``) prints it.

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
import json
import threading
import unicodedata
import warnings
import xml.sax
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import NamespaceManager
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node
from rich.markup import escape

from ruhrgraph import vocab
from ruhrgraph._resources import resource_dir
from ruhrgraph.errors import InputError, RDFSyntaxError, ReadError
from ruhrgraph.namespace import (
    RDF,
    RDFS,
    RG,
    SDO,
    SH,
    SKOS,
)

__all__ = [
    "FORMATS",
    "SEVERITIES",
    "Finding",
    "ValidationResult",
    "load_shapes",
    "read_rdf_file",
    "render_report",
    "validate_file",
    "validate_graph",
]

#: Severities from worst to mildest, as local names of the ``sh:`` terms.
SEVERITIES = ("Violation", "Warning", "Info")

#: File extension → rdflib parser name.
FORMATS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "xml": ox.RdfFormat.RDF_XML,
}

_PREFIXES = vocab.select("rg", "rgsh", "schema", "org", "foaf", "prov", "skos", "dcterms", "nif", "owl", "rdf", "rdfs",
                         "xsd", "sh")

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SDO.headline, SDO.name)


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
    report_graph: Graph = field(repr=False, compare=False)
    triples: int = 0

    def count(self, severity: str) -> int:
        """Number of findings of ``severity`` (``"Violation"``, ``"Warning"``, ``"Info"``)."""
        return sum(1 for f in self.results if f.severity == severity)

    @property
    def violations(self) -> list[Finding]:
        """The findings that make the graph non-conforming."""
        return [f for f in self.results if f.severity == "Violation"]


# --------------------------------------------------------------------------------------------
# Shapes


def load_shapes() -> Graph:
    """The SHACL shapes graph (``ontology/shapes.ttl``), parsed and compiled once per process.

    Calling it early (before forking worker processes, say) moves that one-time cost out of
    the first validation.
    """
    _compiled_shapes()
    return _parse_shapes()


@functools.cache
def _parse_shapes() -> Graph:
    graph = Graph()
    graph.parse(resource_dir("ontology") / "shapes.ttl", format="turtle")
    return graph


@functools.cache
def _class_hierarchy() -> Graph:
    """The ``rdfs:subClassOf`` axioms of the ontology: all validation needs of it."""
    ontology = Graph().parse(resource_dir("ontology") / "ruhrgraph.ttl", format="turtle")
    hierarchy = Graph()
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        hierarchy.add(triple)
    return hierarchy


@functools.cache
def _shape_index() -> tuple[dict[Node, tuple[Node, ...]], dict[Node, frozenset[Node]]]:
    """Property shape → the node shapes using it; node shape → the classes it targets."""
    shapes = _parse_shapes()
    parents: dict[Node, list[Node]] = {}
    for node_shape, prop in shapes.subject_objects(SH.property):
        parents.setdefault(prop, []).append(node_shape)
    targets = {s: frozenset(shapes.objects(s, SH.targetClass)) for s in shapes.subjects(SH.targetClass)}
    return {k: tuple(sorted(v, key=str)) for k, v in parents.items()}, targets


@functools.cache
def _namespace_manager() -> NamespaceManager:
    nm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in _PREFIXES.items():
        nm.bind(prefix, URIRef(str(ns)), override=True, replace=True)
    return nm


# --------------------------------------------------------------------------------------------
# Validation


def validate_graph(data: Graph | Dataset, *, extra: Graph | None = None) -> ValidationResult:
    """Validate ``data`` against the shapes.

    Args:
        data: one graph, or a dataset whose named graphs are validated together as their union
            (so an article graph may refer to entities described in the gazetteer graph).
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
    work.addN((s, p, o, work) for s, p, o in _class_hierarchy())
    report_graph = _run_shacl(work)
    findings = sorted(_findings(report_graph, work), key=_finding_order)
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationResult(conforms=conforms, results=findings, report_graph=report_graph,
                            triples=triples)


def validate_file(path: str | Path) -> ValidationResult:
    """Read an RDF file (see :func:`read_rdf_file`) and validate it."""
    return validate_graph(read_rdf_file(path))


def _triples(data: Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from data.triples((None, None, None))


def _findings(report: Graph, data: Graph) -> Iterator[Finding]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        severity_node = report.value(result, SH.resultSeverity)
        source = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        component = report.value(result, SH.sourceConstraintComponent)
        messages: dict[str, str] = {}
        for msg in report.objects(result, SH.resultMessage):
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
            value=report.value(result, SH.value),
            shape=_node_shape_name(source, focus, data),
            source_shape=source,
            constraint=_qname(component) if component is not None else "",
        )


def _finding_order(f: Finding) -> tuple[Any, ...]:
    return (SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9,
            (f.focus_label or "").casefold(), str(f.focus), f.path or "", f.shape,
            str(f.value) if f.value is not None else "")


def _node_shape_name(source: Node, focus: Node, data: Graph) -> str:
    """The node shape a result belongs to: the source itself, or the node shape using it."""
    parents_of, targets = _shape_index()
    parents = parents_of.get(source, ())
    if not parents:
        return _qname(source)
    if len(parents) == 1:
        return _qname(parents[0])
    types = set(data.objects(focus, RDF.type))
    classes = set(types)
    for t in types:
        classes.update(c for c in data.transitive_objects(t, RDFS.subClassOf) if c is not None)
    for parent in parents:
        if targets.get(parent, frozenset()) & classes:
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


def _render_path(graph: Graph, path: Node) -> str:
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
# Running pySHACL fast
#
# The ingest path validates every article graph (~300–800 triples) and must keep up with 20+
# articles a second. Calling ``pyshacl.validate`` re-reads the whole shapes graph on every call;
# instead the shapes are compiled once (:func:`_compiled_shapes`) into a pySHACL ShapesGraph
# over a read-only, memoising rdflib graph, and pySHACL's constraint-parameter list gets O(1)
# membership tests. Both only change speed, never results; with another pySHACL layout the
# public ``pyshacl.validate`` is used instead. Measured in docs/validation.md.

_OPTIONS: dict[str, Any] = {"inference": "none", "advanced": False, "inplace": True,
                            "allow_warnings": True, "allow_infos": True}
_LOCK = threading.Lock()


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


@functools.cache
def _compiled_shapes() -> Any:
    """A pySHACL ShapesGraph of ``shapes.ttl``, built once, or ``None`` if pySHACL differs."""
    try:
        import pyshacl.shape as shape_module
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
        from pyshacl.shapes_graph import ShapesGraph
    except ImportError:  # pragma: no cover - another pySHACL version
        return None
    if getattr(shape_module, "CONSTRAINT_PARAMS", None) is None:
        shape_module.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
            _ParameterList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    store = _ShapesStore()
    for prefix, namespace in _parse_shapes().namespaces():
        store.bind(prefix, namespace)
    for triple in _parse_shapes():
        store.add(triple)
    shapes_graph = ShapesGraph(store)
    _ = shapes_graph.shapes  # harvest the shapes now, not during the first validation
    return shapes_graph


def _run_shacl(work: Graph) -> Graph:
    """Validate ``work`` (modified in place by nobody) and return pySHACL's report graph."""
    compiled = _compiled_shapes()
    try:
        from pyshacl.graph_abstraction import DataGraph
    except ImportError:  # pragma: no cover - pySHACL < 0.40
        compiled = None
    if compiled is None:  # pragma: no cover - another pySHACL version
        _, report, _ = pyshacl.validate(work, shacl_graph=_parse_shapes(), **_OPTIONS)
        assert isinstance(report, Graph)
        return report
    with _LOCK:
        validator = pyshacl.Validator(DataGraph.from_rdflib(work), shacl_graph=Graph(),
                                      options=dict(_OPTIONS))
        validator.shacl_graph = compiled
        _, report, _ = validator.run()
    assert isinstance(report, Graph)
    return report


# --------------------------------------------------------------------------------------------
# Reading RDF files


def read_rdf_file(path: str | Path) -> Dataset:
    """Parse an RDF file into a dataset; the format follows the file extension.

    Turtle (``.ttl``), TriG (``.trig``), N-Triples (``.nt``), N-Quads (``.nq``), JSON-LD
    (``.jsonld``, ``.json``) and RDF/XML (``.rdf``, ``.owl``). Triples of triple formats land
    in the default graph. JSON-LD is parsed without ever fetching a remote ``@context``: a
    context given by reference is refused (inline it instead).

    Raises:
        ReadError: the file is missing, not UTF-8, or has an unknown extension.
        RDFSyntaxError: the file does not parse; carries line and column where known.
        InputError: a JSON-LD document refers to a remote context.
    """
    path = Path(path)
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(FORMATS))
        raise ReadError(path, f"unknown RDF format {path.suffix or '(no extension)'!r}; "
                              f"use one of {known}")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "file not found") from None
    except IsADirectoryError:
        raise ReadError(path, "is a directory, not an RDF file") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RDFSyntaxError(path, "not valid UTF-8 (RDF files must be UTF-8)", line=line) from None
    if rdf_format == "json-ld":
        _check_json_ld(path, text)
    dataset = Dataset()
    try:
        with warnings.catch_warnings():  # rdflib's parsers call its own deprecated Dataset API
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(data=text, format=rdf_format, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib parsers raise many kinds of exceptions
        raise _syntax_error(path, text, rdf_format, exc) from None
    return dataset


def _check_json_ld(path: Path, text: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RDFSyntaxError(path, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    for reference in _context_references(document):
        raise InputError(
            path,
            f"JSON-LD context {reference!r} is given by reference; ruhrgraph never fetches remote "
            "contexts (no network access at run time) — inline the context object instead",
        )


def _context_references(node: Any) -> Iterator[str]:
    """Every ``@context`` (or ``@import``) value that is a reference rather than an object."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                yield from _context_values(value)
            else:
                yield from _context_references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _context_references(item)


def _context_values(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _context_values(item)
    elif isinstance(value, dict):
        if isinstance(value.get("@import"), str):
            yield value["@import"]
        for term in value.values():
            if isinstance(term, dict) and "@context" in term:  # scoped contexts
                yield from _context_values(term["@context"])


def _syntax_error(path: Path, text: str, rdf_format: str, exc: Exception) -> InputError:
    if isinstance(exc, InputError):
        return exc
    if isinstance(exc, BadSyntax):
        offset = getattr(exc, "_i", None)
        why = getattr(exc, "_why", None) or str(exc)
        if isinstance(offset, int):
            line_start = text.rfind("\n", 0, offset) + 1
            return RDFSyntaxError(path, why, line=text.count("\n", 0, offset) + 1,
                                  column=offset - line_start + 1)
        return RDFSyntaxError(path, why, line=getattr(exc, "lines", 0) + 1)
    if isinstance(exc, xml.sax.SAXParseException):
        column = exc.getColumnNumber()
        return RDFSyntaxError(path, exc.getMessage(), line=exc.getLineNumber(),
                              column=column + 1 if column is not None else None)
    located = _locate_with_oxigraph(text, rdf_format)
    if located is not None:
        line, column, message = located
        return RDFSyntaxError(path, message, line=line, column=column)
    message = str(exc).strip() or type(exc).__name__
    if isinstance(exc, ParserError):
        return RDFSyntaxError(path, message)
    return RDFSyntaxError(path, f"{type(exc).__name__}: {message}")


def _locate_with_oxigraph(text: str, rdf_format: str) -> tuple[int, int | None, str] | None:
    """Ask Oxigraph's parser where the error is (rdflib's N-Triples parser does not say)."""
    ox_format = _OX_FORMATS.get(rdf_format)
    if ox_format is None:
        return None
    try:
        for _ in ox.parse(text.encode("utf-8"), format=ox_format, base_iri="file:///input"):
            pass
    except SyntaxError as err:
        message = err.msg.split(": ", 1)[-1] if err.msg else "syntax error"
        return (err.lineno or 1), err.offset, message
    return None


# --------------------------------------------------------------------------------------------
# Report


def render_report(result: ValidationResult, *, markup: bool = False) -> str:
    """A readable plain-text report: counts first, then findings grouped by focus node.

    Args:
        result: what :func:`validate_graph` returned.
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
