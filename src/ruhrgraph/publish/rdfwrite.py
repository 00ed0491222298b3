"""Deterministic RDF writers shared by the dumps, the VoID file and the server.

The same quads always give the same bytes: blank nodes are relabelled with the W3C RDF
Dataset Canonicalization (RDFC-1.0) when there are any, quads are sorted by the N-Triples form
of graph, subject, predicate (``rdf:type`` first) and object, and Turtle, TriG and N-Quads are
written by Oxigraph's serialisers from that order. JSON-LD is written here, compacted with the
context shipped in the package (``ruhrgraph/publish/context.jsonld``) and embedded inline, so that a
consumer parsing the file never fetches anything.

Example::

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode("https://w3id.org/ruhrgraph/id/city/dortmund"),
    ...               ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ...               ox.Literal("Dortmund", language="de"))
    >>> print(turtle([t], prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}).decode())
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    <BLANKLINE>
    <https://w3id.org/ruhrgraph/id/city/dortmund> rdfs:label "Dortmund"@de .
    <BLANKLINE>
"""

from __future__ import annotations

import heapq
import io
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_TYPE_NT = f"<{RDF_TYPE}>"


@cache
def context() -> dict[str, Any]:
    """The JSON-LD context shipped with the package (the value of its ``@context`` key)."""
    text = files("ruhrgraph.publish").joinpath("context.jsonld").read_text(encoding="utf-8")
    return dict(json.loads(text)["@context"])


def prefixes() -> dict[str, str]:
    """Prefix → namespace, taken from the shipped JSON-LD context (one source for every format)."""
    return {k: v for k, v in sorted(context().items()) if isinstance(v, str) and not k.startswith("@")}


# -- ordering and canonical blank nodes ---------------------------------------------------------
def canonical(quads: Iterable[ox.Quad]) -> tuple[list[ox.Quad], list[ox.Triple]]:
    """``quads`` deduplicated, blank nodes canonically relabelled, sorted; and their union.

    Returns the sorted quads and the sorted distinct triples of the union of their graphs. The
    sort key is the N-Triples form of graph, subject, ``rdf:type`` first, predicate, object, so
    the default graph (an empty name) comes first. Only the quads that mention a blank node go
    through RDFC-1.0: its labels depend on those quads alone, and the rest is left as it is.
    """
    plain: dict[tuple[str, str, str, str], ox.Quad] = {}
    with_bnodes: list[ox.Quad] = []
    for q in quads:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) \
                or isinstance(q.graph_name, ox.BlankNode):
            with_bnodes.append(q)
            continue
        plain[(_key(q.graph_name), str(q.subject), str(q.predicate), str(q.object))] = q
    if with_bnodes:
        dataset = ox.Dataset(with_bnodes)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        for q in dataset:
            plain[(_key(q.graph_name), str(q.subject), str(q.predicate), str(q.object))] = q
    keys = sorted(plain, key=_sort_key)
    union: dict[tuple[str, str, str, str], ox.Triple] = {}
    for key in keys:
        triple_key = ("", key[1], key[2], key[3])
        if triple_key not in union:
            union[triple_key] = plain[key].triple
    return [plain[k] for k in keys], [union[k] for k in sorted(union, key=_sort_key)]


#: Sort keys held in memory at once by :func:`canonical_files` (per sorted run).
SORT_RUN = 50_000


def canonical_files(quads: Iterable[ox.Quad], folder: Path, *,
                    run: int | None = None) -> tuple[Path, Path]:
    """:func:`canonical` on disk, in memory bounded by ``run`` rather than by the number of quads.

    Writes ``folder/quads.nq`` (the sorted canonical quads, N-Quads) and ``folder/triples.nt``
    (the sorted distinct triples of their union, N-Triples) and returns their paths; read them
    back with :func:`read_quads` / :func:`read_triples` (the same terms, in the same order, as
    :func:`canonical` returns). The sort keys are kept in sorted runs of at most ``run`` keys in
    temporary files (default :data:`SORT_RUN`), then merged (an external merge sort with the same
    key as :func:`canonical`).
    Only the quads that mention a blank node are held in memory together, for RDFC-1.0.
    """
    quad_runs, triple_runs = _Runs(folder, run or SORT_RUN), _Runs(folder, run or SORT_RUN)
    with_bnodes: list[ox.Quad] = []

    def add(q: ox.Quad) -> None:
        key = (_key(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        quad_runs.add(key)
        triple_runs.add(("", key[1], key[2], key[3]))

    for q in quads:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) \
                or isinstance(q.graph_name, ox.BlankNode):
            with_bnodes.append(q)
        else:
            add(q)
    if with_bnodes:
        dataset = ox.Dataset(with_bnodes)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        del with_bnodes
        for q in dataset:
            add(q)
        del dataset
    quads_path, triples_path = folder / "quads.nq", folder / "triples.nt"
    for runs, path in ((quad_runs, quads_path), (triple_runs, triples_path)):
        with open(path, "wb") as out:
            for g, s, p, o in runs.merged():
                out.write(f"{s} {p} {o} {g} .\n".encode() if g else f"{s} {p} {o} .\n".encode())
    return quads_path, triples_path


def read_quads(path: Path) -> Iterator[ox.Quad]:
    """The quads of an N-Quads file, streamed (blank-node labels kept)."""
    return iter(ox.parse(path=path, format=ox.RdfFormat.N_QUADS))


def read_triples(path: Path) -> Iterator[ox.Triple]:
    """The triples of an N-Triples file, streamed (blank-node labels kept)."""
    return (q.triple for q in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES))


class _Runs:
    """Sort keys (four N-Triples strings) kept as sorted runs in temporary files, merged at the end."""

    def __init__(self, folder: Path, size: int) -> None:
        self.folder, self.size = folder, size
        self.buffer: list[tuple[str, str, str, str]] = []
        self.files: list[IO[bytes]] = []

    def add(self, key: tuple[str, str, str, str]) -> None:
        self.buffer.append(key)
        if len(self.buffer) >= self.size:
            self._spill()

    def _spill(self) -> None:
        self.buffer.sort(key=_sort_key)
        fh = tempfile.TemporaryFile(dir=self.folder)
        write = fh.write
        for key in self.buffer:
            text = "\n".join(key)
            if text.count("\n") != 3:  # N-Triples terms escape line breaks; never expected
                raise ValueError(f"a term with a line break cannot be sorted on disk: {key!r}")
            write(text.encode() + b"\n")
        self.buffer = []
        fh.seek(0)
        self.files.append(fh)

    def merged(self) -> Iterator[tuple[str, str, str, str]]:
        """Every key once, in :func:`canonical`'s order; the temporary files are closed at the end."""
        if self.files and self.buffer:
            self._spill()
        try:
            if self.files:
                keys: Iterator[tuple[str, str, str, str]] = heapq.merge(
                    *(_read_run(fh) for fh in self.files), key=_sort_key)
            else:
                keys = iter(sorted(self.buffer, key=_sort_key))
            last = None
            for key in keys:
                if key != last:
                    yield key
                    last = key
        finally:
            for fh in self.files:
                fh.close()
            self.files, self.buffer = [], []


def _read_run(fh: IO[bytes]) -> Iterator[tuple[str, str, str, str]]:
    lines = (line[:-1].decode() for line in fh)
    for g in lines:
        yield g, next(lines), next(lines), next(lines)


def canonical_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The sorted quads of :func:`canonical` (for callers that need no union)."""
    return canonical(quads)[0]


def _key(graph: Any) -> str:
    return "" if isinstance(graph, ox.DefaultGraph) else str(graph)


def _sort_key(key: tuple[str, str, str, str]) -> tuple[str, str, bool, str, str]:
    g, s, p, o = key
    return g, s, p != _RDF_TYPE_NT, p, o


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """``triples`` deduplicated and sorted (blank-node labels kept: use for generated graphs)."""
    unique = {("", str(t.subject), str(t.predicate), str(t.object)): t for t in triples}
    return [unique[k] for k in sorted(unique, key=_sort_key)]


# -- writers -------------------------------------------------------------------------------------
def turtle(triples: Iterable[ox.Triple], *, prefixes: dict[str, str] | None = None,
           out: IO[bytes] | None = None) -> bytes:
    """Turtle for ``triples`` in their given order (write to ``out`` when given)."""
    return _serialize(triples, ox.RdfFormat.TURTLE, prefixes, out)


def trig(quads: Iterable[ox.Quad], *, prefixes: dict[str, str] | None = None,
         out: IO[bytes] | None = None) -> bytes:
    """TriG for ``quads`` in their given order, one block per named graph."""
    return _serialize(quads, ox.RdfFormat.TRIG, prefixes, out)


def nquads(quads: Iterable[ox.Quad], *, out: IO[bytes] | None = None) -> bytes:
    """N-Quads for ``quads`` in their given order."""
    return _serialize(quads, ox.RdfFormat.N_QUADS, None, out)


def ntriples(triples: Sequence[ox.Triple], *, out: IO[bytes] | None = None) -> bytes:
    """N-Triples for ``triples`` in their given order."""
    return _serialize(triples, ox.RdfFormat.N_TRIPLES, None, out)


def _serialize(items: Iterable[Any], fmt: ox.RdfFormat, pfx: dict[str, str] | None,
               out: IO[bytes] | None) -> bytes:
    if not pfx:
        if out is not None:
            ox.serialize(items, out, fmt)
            return b""
        return ox.serialize(items, None, fmt) or b""
    # Oxigraph writes the prefix lines in an order of its own; write them sorted by name instead.
    header = "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in sorted(pfx.items())).encode("utf-8") + b"\n"
    sink = out if out is not None else io.BytesIO()
    swap = _HeaderSwap(sink, header)
    ox.serialize(items, cast(IO[bytes], swap), fmt, prefixes=pfx)  # only write() and flush() are used
    swap.finish()
    return b"" if out is not None else sink.getvalue()  # type: ignore[attr-defined]


class _HeaderSwap:
    """A writer that drops the ``@prefix`` lines Oxigraph writes first and puts ``header`` there
    instead, passing everything after them through as it comes (the body is never held whole)."""

    _PREFIX = b"@prefix "

    def __init__(self, out: IO[bytes], header: bytes) -> None:
        self.out, self.header = out, header
        self.pending = b""
        self.done = False

    def write(self, data: bytes) -> int:
        if self.done:
            self.out.write(data)
        else:
            self.pending += bytes(data)
            self._settle(final=False)
        return len(data)

    def flush(self) -> None:
        self.out.flush()

    def finish(self) -> None:
        if not self.done:
            self._settle(final=True)

    def _settle(self, *, final: bool) -> None:
        buf, pos = self.pending, 0
        while True:
            if buf.startswith(self._PREFIX, pos):
                end = buf.find(b"\n", pos)
                if end < 0:
                    if not final:
                        return  # the rest of this prefix line is still to come
                    break
                pos = end + 1
            elif not final and self._PREFIX.startswith(buf[pos:]):
                return  # too short to tell whether another prefix line starts here
            else:
                break
        self.out.write(self.header)
        self.out.write(buf[pos:])
        self.pending, self.done = b"", True


def jsonld(quads: Iterable[ox.Quad], *, ctx: dict[str, Any] | None = None,
           out: IO[bytes] | None = None) -> bytes:
    """JSON-LD for ``quads`` (sorted as :func:`canonical` sorts them): the shipped context inline,
    default-graph nodes first, then one ``{"@id": graph, "@graph": […]}`` object per named graph,
    one node object per line.

    Properties and types are compact IRIs (``schema:name``); values are in expanded form
    (``{"@id": …}``, ``{"@value": …, "@language": …}``), so the document means the same to any
    JSON-LD processor whatever terms a consumer adds to the context. The document is
    :meth:`JsonLd.head` + one :meth:`JsonLd.graph` per named graph + :data:`JsonLd.TAIL` (the
    incremental dumps write it in those parts).
    """
    writer = JsonLd(ctx)
    sink = out if out is not None else io.BytesIO()
    default: list[ox.Quad] = []
    graph: list[ox.Quad] = []
    top = False
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph) and not graph:
            default.append(q)
            continue
        if default is not None:
            sink.write(writer.head(default))
            top, default = bool(default), None  # type: ignore[assignment]
        if graph and q.graph_name != graph[0].graph_name:
            sink.write(writer.graph(graph, first=not top))
            top, graph = True, []
        graph.append(q)
    if default is not None:
        sink.write(writer.head(default))
        top = bool(default)
    if graph:
        sink.write(writer.graph(graph, first=not top))
    sink.write(JsonLd.TAIL)
    return b"" if out is not None else sink.getvalue()  # type: ignore[attr-defined]


class JsonLd:
    """The parts of the JSON-LD document :func:`jsonld` writes (one compactor for all of them)."""

    TAIL = b"\n ]\n}\n"

    def __init__(self, ctx: dict[str, Any] | None = None) -> None:
        self.ctx = dict(ctx if ctx is not None else context())
        self.compact = _Compactor({k: v for k, v in self.ctx.items()
                                   if isinstance(v, str) and not k.startswith("@")})
        self.encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode

    def head(self, default: Sequence[ox.Quad]) -> bytes:
        """The context and the nodes of the default graph (sorted quads)."""
        context_text = json.dumps(self.ctx, ensure_ascii=False, indent=1).replace("\n", "\n ")
        nodes = self._nodes(default)
        return (f'{{\n "@context": {context_text},\n "@graph": ['
                + ", ".join(f"\n  {n}" for n in nodes)).encode("utf-8")

    def graph(self, quads: Sequence[ox.Quad], *, first: bool = False) -> bytes:
        """One named graph's object (its sorted quads); ``first``: nothing precedes it in ``@graph``."""
        name = self.encode(self.compact.node(_graph_term(_key(quads[0].graph_name))))
        nodes = ", ".join(f"\n   {n}" for n in self._nodes(quads))
        return (("" if first else ", ") + '\n  {"@id": ' + name + ', "@graph": [' + nodes + "\n  ]}").encode("utf-8")

    def _nodes(self, quads: Iterable[ox.Quad]) -> list[str]:
        compact, out = self.compact, []
        node: dict[str, Any] | None = None
        for q in quads:
            sid = compact.node(q.subject)
            if node is None or node["@id"] != sid:
                if node is not None:
                    out.append(self.encode(node))
                node = {"@id": sid}
            pred, obj = q.predicate.value, q.object
            if pred == RDF_TYPE and isinstance(obj, ox.NamedNode):
                node.setdefault("@type", []).append(compact.iri(obj.value))
            else:
                node.setdefault(compact.iri(pred), []).append(compact.value(obj))
        if node is not None:
            out.append(self.encode(node))
        return out


def _graph_term(nt: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(nt[2:]) if nt.startswith("_:") else ox.NamedNode(nt[1:-1])


class _Compactor:
    """Compact IRIs against the context's prefixes (longest namespace wins)."""

    def __init__(self, pfx: dict[str, str]) -> None:
        self._by_ns = sorted(((ns, p) for p, ns in pfx.items()), key=lambda item: (-len(item[0]), item[1]))
        self._memo: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        hit = self._memo.get(iri)
        if hit is not None:
            return hit
        result = iri
        for ns, prefix in self._by_ns:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if not local.startswith("//"):
                    result = f"{prefix}:{local}"
                break
        self._memo[iri] = result
        return result

    def node(self, term: Any) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.iri(term.value)

    def value(self, term: Any) -> Any:
        if isinstance(term, ox.Literal):
            dt = term.datatype.value
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if dt == XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": self.iri(dt)}
        return {"@id": self.node(term)}
