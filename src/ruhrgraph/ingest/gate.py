"""The article gate: extract, curate and validate articles before they may be committed.

A :class:`Gate` holds what every article is checked with — the steward's curation rules, the
SHACL :class:`~ruhrgraph.ingest.validate.Validator` (compiled shapes and class hierarchy), the
source of gazetteer reference data and the extractor. It is built once per ingest run and
passed each article; it touches no store. What passes is committed by
:func:`ruhrgraph.ingest.commit.ingest_paths`; :mod:`ruhrgraph.ingest._workers` runs the gate in
worker processes.

Example::

    from ruhrgraph.ingest import curation

    gate = Gate(curation.load("data/curation"), Validator.load())
    for item in gate.prepare_file(Path("data/articles/000_cbab0d245a9d8950.txt")):
        print(item.source, item.conforms if isinstance(item, Prepared) else item.message)
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from ruhrgraph.errors import InputError, RuhrgraphError
from ruhrgraph.ingest.curation import Curation
from ruhrgraph.ingest.report import render_report
from ruhrgraph.ingest.validate import Validator, default_validator
from ruhrgraph.iri import base_iri
from ruhrgraph.model import Extraction
from ruhrgraph.store.local import ntriples_lines

__all__ = ["Extractor", "Failed", "Gate", "Prepared", "Reference", "entity_iris"]

#: Extracts the articles of one file.
Extractor = Callable[[Path], list[Extraction]]
#: Gives the gazetteer's reference data of the entities among some IRIs.
Reference = Callable[[Iterable[str]], Graph]


@dataclass(frozen=True)
class Prepared:
    """An extracted, curated and validated article, ready to commit (picklable, so that worker
    processes can hand it to the writer)."""

    source: str
    graph: str
    article: str
    lines: list[str]  # the graph as N-Triples lines, ready for Store.replace_graph_lines
    conforms: bool
    report: str
    violations: int
    warnings: int
    rules: tuple[str, ...]
    timings: tuple[tuple[str, float], ...]
    first_problem: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failed:
    """A file that gave no article: unreadable, or extraction failed."""

    source: str
    message: str
    timings: tuple[tuple[str, float], ...] = ()


def entity_iris(graph: Graph) -> set[str]:
    """The entity IRIs (``<base>id/…``) that ``graph`` uses as subject or object.

    >>> from ruhrgraph.iri import mint
    >>> from ruhrgraph.namespace import RDF, RG
    >>> sorted(entity_iris(Graph().add((mint("city", "Essen"), RDF.type, RG.City))))
    ['https://w3id.org/ruhrgraph/id/city/essen']
    """
    prefix = base_iri() + "id/"
    return {str(t) for triple in graph for t in (triple[0], triple[2])
            if isinstance(t, URIRef) and str(t).startswith(prefix)}


def _extract_file(path: Path) -> list[Extraction]:
    from ruhrgraph.extract.pipeline import extract_file

    return extract_file(path)


def _reference_graph(iris: Iterable[str]) -> Graph:
    """The gazetteer's reference data for ``iris``, in rdflib's context-free store (half the cost of
    its default store for the ~25 triples an article needs; the gate only reads them)."""
    from ruhrgraph.extract.gazetteer import reference_triples

    graph = Graph(store="SimpleMemory")
    graph.addN((s, p, o, graph) for s, p, o in reference_triples(iris))
    return graph


class Gate:
    """Curate and validate articles with resources built once.

    Args:
        curation: the steward's rules (default: none).
        validator: the SHACL validator (default:
            :func:`~ruhrgraph.ingest.validate.default_validator`).
        extractor: a function ``Path -> list[Extraction]`` (default
            :func:`ruhrgraph.extract.pipeline.extract_file`).
        reference: the gazetteer's reference data for a set of entity IRIs, validated together
            with each article (default :func:`ruhrgraph.extract.gazetteer.reference_graph`).
    """

    def __init__(self, curation: Curation | None = None, validator: Validator | None = None, *,
                 extractor: Extractor | None = None, reference: Reference | None = None) -> None:
        self.curation = curation or Curation()
        self.validator = validator or default_validator()
        self.extractor = extractor or _extract_file
        self.reference = reference or _reference_graph

    def prepare(self, extraction: Extraction, source: str = "") -> Prepared:
        """Curate and validate one extraction (no store involved): the gate before the commit."""
        started = time.perf_counter()
        graph, rules = self.curation.rewrite(extraction.graph, record=extraction.article_iri)
        curated = time.perf_counter()
        reference, _ = self.curation.rewrite(self.reference(entity_iris(graph)))
        referenced = time.perf_counter()
        lines = ntriples_lines(graph)
        serialised = time.perf_counter()
        result = self.validator.validate(graph, extra=reference, lines=lines)
        validated = time.perf_counter()
        violations = result.violations
        first = ""
        if violations:
            f = violations[0]
            message = f.messages.get("en") or next(iter(f.messages.values()), "")
            first = f"{f.focus_label or f.focus}: {f.path or ''} {message}".strip()
        report = render_report(result) if violations else ""
        return Prepared(
            source=source or extraction.article.source, graph=str(extraction.graph_iri),
            article=str(extraction.article_iri), lines=lines, conforms=result.conforms,
            report=report, violations=len(violations), warnings=result.count("Warning"),
            rules=tuple(rules), first_problem=first,
            notes=tuple(dict.fromkeys((*extraction.article.warnings, *extraction.warnings))),
            timings=(("curate", curated - started), ("reference", referenced - curated),
                     ("serialise", serialised - referenced + time.perf_counter() - validated),
                     ("validate", validated - serialised)))

    def prepare_file(self, path: Path) -> list[Prepared | Failed]:
        """Extract, curate and validate every article of one file; failures are returned, not raised."""
        started = time.perf_counter()
        try:
            extractions = self.extractor(path)
        except InputError as exc:
            return [Failed(str(path), exc.problem)]
        except RuhrgraphError as exc:
            return [Failed(str(path), str(exc))]
        except Exception as exc:
            return [Failed(str(path), f"extraction failed with {type(exc).__name__}: {exc} "
                                       f"(at {traceback.extract_tb(exc.__traceback__)[-1].name}); "
                                       "please report this as a bug")]
        extract_seconds = (time.perf_counter() - started) / max(1, len(extractions))
        out: list[Prepared | Failed] = []
        for n, extraction in enumerate(extractions):
            source = str(path) if len(extractions) == 1 else f"{path}#{n + 1}"
            try:
                prepared = self.prepare(extraction, source)
            except Exception as exc:  # one bad article never stops a batch
                out.append(Failed(source, f"validation failed with {type(exc).__name__}: {exc}"))
                continue
            out.append(Prepared(**{**prepared.__dict__,
                                    "timings": (("extract", extract_seconds), *prepared.timings)}))
        if not extractions:
            out.append(Failed(str(path), "no article found in the file"))
        return out
