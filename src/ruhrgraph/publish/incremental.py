"""The four dump formats written in parts, so that a dump after a small change reuses the rest.

Every dump file is a sequence of independent parts, the same whether it is written afresh or
updated:

* N-Quads, TriG and JSON-LD: a head (prefixes or context, and the default graph — the licence
  statement), then one part per named graph in sorted order (the sort key starts with the graph),
  then a tail (JSON-LD's closing brackets);
* Turtle (the union, sorted by subject): the prefix lines, then *blocks* of consecutive subjects.

Oxigraph's serialisers start every graph block (TriG) and every subject (Turtle) on a fresh
line, so the concatenation of the parts is byte-for-byte the file the whole-file writers
(:data:`ruhrgraph.publish.dump.FORMATS`) write — ``tests/test_dump_incremental.py`` compares
both, fresh and after random changes. The gzip files hold one gzip *member* per head, tail,
group of graphs or block of subjects (RFC 1952: a gzip file may hold several members, and
``gzip -d``, zcat and Python's :mod:`gzip` decompress them as one stream). Where a group or a
block begins is decided by a hash of its first graph or subject (:func:`_starts`), so the members
— and the compressed bytes, the checksums and ``void.ttl`` — depend on the content alone, never on
the order in which the store was changed or dumped.

**Reuse.** ``<store>/dump-state.json`` records where each graph's part, each member and each
block lies in the files of the last dump (and the VoID statistics of each block's subjects). A
dump by the store's writer (``build``) asks the store's change journal
(:mod:`ruhrgraph.store.journal`) which graphs were written since; only those are read from the
store and serialised, only the members of their groups and the blocks of the subjects they
mention (before and after) are compressed again; everything else is copied from the previous
files. The subjects of a block are read from the query graph (which holds every distinct triple
of the named graphs once). The VoID statistics that are not sums over subjects — distinct
objects, in all and per property — are then counted by Oxigraph over the query graph.

A dump starts afresh when there is no usable record: a reader's dump (``ruhrgraph dump`` reads
a published snapshot, whose changes the journal cannot date), another output folder, files that
are not the ones recorded (size, modification time, inode), other settings, prefixes or code, a
journal that cannot tell what changed, or blank nodes in the data (their canonical labels depend
on the whole store).
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from ruhrgraph.publish import rdfwrite as _rdfwrite
from ruhrgraph.publish import void as _void
from ruhrgraph.store._files import replace_file
from ruhrgraph.store.querygraph import DERIVED

STATE_FILE = "dump-state.json"
STATE_VERSION = 1
#: Named graphs per gzip member, on average (a member starts at a graph whose hash says so).
GROUP = 32
#: Subjects per Turtle block (and gzip member), on average.
BLOCK = 256
#: The formats written in parts, in the order of :data:`ruhrgraph.publish.dump.FORMATS`.
QUAD_FORMATS = ("trig", "nquads", "jsonld")
_EXTENSION = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "jsonld": "jsonld"}


def filename(fmt: str, stem: str) -> str:
    return f"{stem}.{_EXTENSION[fmt]}"


def _starts(key: str, every: int) -> bool:
    """Does a group (or block) start at this graph (or subject)? A function of the key alone."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") % every == 0


def _member(data: bytes) -> bytes:
    """One gzip member of ``data``: level 6, no name, mtime 0 (stable bytes)."""
    return gzip.compress(data, compresslevel=6, mtime=0) if data else b""


def _has_blank(quad: ox.Quad | ox.Triple) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode) or (
        isinstance(quad, ox.Quad) and isinstance(quad.graph_name, ox.BlankNode))


# -- serialising parts ---------------------------------------------------------------------------
class Parts:
    """Serialises heads, graph parts and Turtle blocks exactly as the whole-file writers do."""

    def __init__(self, licence: Sequence[ox.Quad]) -> None:
        self.prefixes = _rdfwrite.prefixes()
        self.licence = _rdfwrite.canonical_quads(licence)
        self.json = _rdfwrite.JsonLd()
        self._ttl_header = _rdfwrite.turtle([], prefixes=self.prefixes)
        self._trig_header = _rdfwrite.trig([], prefixes=self.prefixes)

    def head(self, fmt: str) -> bytes:
        if fmt == "nquads":
            return _rdfwrite.nquads(self.licence)
        if fmt == "trig":
            return _rdfwrite.trig(self.licence, prefixes=self.prefixes)
        if fmt == "jsonld":
            return self.json.head(self.licence)
        return self._ttl_header

    def tail(self, fmt: str) -> bytes:
        return _rdfwrite.JsonLd.TAIL if fmt == "jsonld" else b""

    def graph(self, quads: Sequence[ox.Quad]) -> dict[str, bytes]:
        """The parts of one named graph (its sorted quads) in every quad format."""
        trig = _rdfwrite.trig(quads, prefixes=self.prefixes)
        return {"trig": trig[len(self._trig_header):], "nquads": _rdfwrite.nquads(quads),
                "jsonld": self.json.graph(quads, first=not self.licence)}

    def block(self, triples: Sequence[ox.Triple]) -> bytes:
        """A Turtle block of whole subjects (sorted triples)."""
        return _rdfwrite.turtle(triples, prefixes=self.prefixes)[len(self._ttl_header):]

    def block_subjects(self, data: bytes) -> list[str]:
        """The subjects (N-Triples) of a Turtle block, in order."""
        seen: dict[str, None] = {}
        for t in ox.parse(self._ttl_header + data, ox.RdfFormat.TURTLE):
            seen.setdefault(str(t.subject), None)
        return list(seen)


# -- the record ----------------------------------------------------------------------------------
@dataclass
class State:
    """``<store>/dump-state.json``: where every part of the last dump lies.

    Attributes:
        key: what the parts depend on besides the data (code, prefixes, licence, settings).
        mark: the store's change journal when the dump read the store.
        out: the output folder; ``files``: name → ``[size, mtime_ns, inode]`` of its files.
        graphs: graph IRI → ``[offset, length]`` per quad format, in the raw files.
        groups: per quad format, ``[first graph, number of graphs, offset, length]`` of each member.
        blocks: ``[first subject, offset, length, gz offset, gz length, statistics]`` per block.
    """

    key: str
    mark: str = ""
    out: str = ""
    files: dict[str, list[int]] = field(default_factory=dict)
    graphs: dict[str, list[int]] = field(default_factory=dict)
    groups: dict[str, list[list[Any]]] = field(default_factory=dict)
    blocks: list[list[Any]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> State | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                return None
            return cls(str(data["key"]), str(data["mark"]), str(data["out"]), dict(data["files"]),
                       dict(data["graphs"]), dict(data["groups"]), list(data["blocks"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        data = {"version": STATE_VERSION, "key": self.key, "mark": self.mark, "out": self.out,
                "files": self.files, "graphs": self.graphs, "groups": self.groups, "blocks": self.blocks}
        replace_file(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def state_key(licence: Sequence[ox.Quad], base: str) -> str:
    """What the parts depend on besides the data."""
    digest = hashlib.sha256(f"{STATE_VERSION} {GROUP} {BLOCK} {ox.__version__} {base}\n".encode())
    for module in (_rdfwrite, _void):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(json.dumps(_rdfwrite.context(), sort_keys=True).encode())
    digest.update("\n".join(sorted(str(q) for q in licence)).encode())
    return digest.hexdigest()


def file_stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


# -- writing ---------------------------------------------------------------------------------------
@dataclass
class Written:
    """A finished file: name, SHA-256, size."""

    name: str
    sha256: str
    size: int


class _Sink:
    """One output file with its SHA-256 and size, written as it goes."""

    def __init__(self, path: Path) -> None:
        self.path, self.fh = path, open(path, "wb")  # closed by finish()
        self.digest, self.size = hashlib.sha256(), 0

    def write(self, data: bytes) -> tuple[int, int]:
        start = self.size
        if data:
            self.fh.write(data)
            self.digest.update(data)
            self.size += len(data)
        return start, len(data)

    def finish(self) -> Written:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        return Written(self.path.name, self.digest.hexdigest(), self.size)


class _Packed:
    """A gzip file written member by member, in order, while a thread pool compresses ahead (zlib
    lets go of the GIL); at most ``ahead`` members wait in memory."""

    def __init__(self, path: Path, pool: ThreadPoolExecutor, ahead: int = 8) -> None:
        self.sink, self.pool, self.ahead = _Sink(path), pool, ahead
        self.pending: list[tuple[Future[bytes] | bytes, list[Any] | None]] = []

    def add(self, data: bytes, record: list[Any] | None = None, *, packed: bytes | None = None) -> None:
        """Compress ``data`` into a member (or take the ready member ``packed``); its offset and
        length are appended to ``record`` once written."""
        self.pending.append((packed if packed is not None else self.pool.submit(_member, data), record))
        while len(self.pending) > self.ahead:
            self._drain()

    def _drain(self) -> None:
        item, record = self.pending.pop(0)
        offset, length = self.sink.write(item.result() if isinstance(item, Future) else item)
        if record is not None:
            record += [offset, length]

    def finish(self) -> Written:
        while self.pending:
            self._drain()
        return self.sink.finish()


class _Old:
    """Byte ranges of the previous dump's files."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.handles: dict[str, IO[bytes]] = {}

    def read(self, name: str, offset: int, length: int) -> bytes:
        if self.folder is None:
            raise OSError("no previous dump to read from")
        fh = self.handles.get(name)
        if fh is None:
            fh = self.handles[name] = open(self.folder / name, "rb")  # closed by close()
        fh.seek(offset)
        data = fh.read(length)
        if len(data) != length:
            raise OSError(f"{self.folder / name} is shorter than recorded")
        return data

    def close(self) -> None:
        for fh in self.handles.values():
            fh.close()


@dataclass
class _Graph:
    """One named graph of the new dump: its sorted quads (to serialise), or where its parts lie
    in the old files (``old``: offset and length per quad format)."""

    name: str
    quads: list[ox.Quad] | None = None
    old: list[int] | None = None


@dataclass
class _Block:
    """One Turtle block: fresh bytes, or where it lies in the old files (``old``: offset, length,
    gzip offset, gzip length)."""

    first: str
    data: bytes | None
    statistics: dict[str, Any]
    old: list[int] | None = None


@dataclass
class Outcome:
    """What :func:`write` wrote: the files (raw and gzip per format, in format order), the VoID
    statistics, the new record, and what was serialised afresh."""

    files: dict[str, tuple[Written, Written]]
    statistics: _void.Statistics
    state: State
    mode: str
    graphs_written: int = 0
    blocks_written: int = 0


def write(store: Any, staging: Path, stem: str, licence: Sequence[ox.Quad], base: str, key: str,
          state: State | None, old_folder: Path | None, touched: set[str] | None,
          sorted_files: Callable[[], tuple[Path, Path]]) -> Outcome:
    """Write the four formats (raw and gzip) into ``staging``.

    With a ``state`` of the files in ``old_folder`` and the set of graphs ``touched`` since it,
    only the changed parts are serialised and compressed; otherwise (or when the data holds blank
    nodes) everything is written from ``sorted_files()``, the sorted canonical quads and triples
    (:func:`ruhrgraph.publish.rdfwrite.canonical_files`).
    """
    parts = Parts(licence)
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        if state is not None and touched is not None and old_folder is not None:
            old = _Old(old_folder)
            try:
                return _write(parts, pool, staging, stem, base, key, state, old,
                              *_incremental(store, parts, state, touched, old, stem, base))
            except NeedsFull:
                pass
            finally:
                old.close()
        quads_path, triples_path = sorted_files()
        objects: dict[str, set[str]] = {}
        return _write(parts, pool, staging, stem, base, key, None, _Old(None),
                      _graphs_from_file(quads_path), _blocks_from_file(triples_path, parts, base, objects),
                      lambda: (len(set().union(*objects.values())) if objects else 0,
                               {p: len(o) for p, o in objects.items()}))


def _write(parts: Parts, pool: ThreadPoolExecutor, staging: Path, stem: str, base: str, key: str,
           state: State | None, old: _Old, graphs: Iterable[_Graph], blocks: Iterable[_Block],
           object_counts: Callable[[], tuple[int, dict[str, int]]]) -> Outcome:
    fresh = State(key)
    files: dict[str, tuple[Written, Written]] = {}
    fresh_graphs = fresh_blocks = 0
    # the quad formats in one pass over the graphs, so that a graph's parts are made once
    names = [filename(fmt, stem) for fmt in QUAD_FORMATS]
    raws = [_Sink(staging / n) for n in names]
    packs = [_Packed(staging / f"{n}.gz", pool) for n in names]
    old_groups = [{g[0]: g for g in (state.groups.get(fmt, []) if state is not None else [])}
                  for fmt in QUAD_FORMATS]
    groups: list[list[list[Any]]] = [[] for _ in QUAD_FORMATS]
    for k, fmt in enumerate(QUAD_FORMATS):
        head = parts.head(fmt)
        raws[k].write(head)
        packs[k].add(head)
    group: list[tuple[str, bool, list[bytes]]] = []  # graph, serialised afresh?, its parts

    def close_group() -> None:
        members = hashlib.blake2b("\n".join(n for n, _, _ in group).encode(), digest_size=12).hexdigest()
        reused = not any(made for _, made, _ in group)
        for k in range(len(QUAD_FORMATS)):
            record: list[Any] = [group[0][0], members]
            before = old_groups[k].get(group[0][0])
            if reused and before is not None and before[1] == members:
                packs[k].add(b"", record, packed=old.read(f"{names[k]}.gz", before[2], before[3]))
            else:
                packs[k].add(b"".join(chunks[k] for _, _, chunks in group), record)
            groups[k].append(record)
        group.clear()

    for g in graphs:
        if group and _starts(g.name, GROUP):
            close_group()
        if g.quads is not None:
            made = parts.graph(g.quads)
            chunks = [made[fmt] for fmt in QUAD_FORMATS]
            fresh_graphs += 1
        else:
            assert g.old is not None
            chunks = [old.read(names[k], g.old[2 * k], g.old[2 * k + 1]) for k in range(len(QUAD_FORMATS))]
        placed: list[int] = []
        for k in range(len(QUAD_FORMATS)):
            placed += raws[k].write(chunks[k])
        fresh.graphs[g.name] = placed
        group.append((g.name, g.quads is not None, chunks))
    if group:
        close_group()
    for k, fmt in enumerate(QUAD_FORMATS):
        tail = parts.tail(fmt)
        raws[k].write(tail)
        packs[k].add(tail)
        files[fmt] = (raws[k].finish(), packs[k].finish())
        fresh.groups[fmt] = groups[k]
    # Turtle, block by block
    name = filename("turtle", stem)
    raw, pack = _Sink(staging / name), _Packed(staging / f"{name}.gz", pool)
    head = parts.head("turtle")
    raw.write(head)
    pack.add(head)
    placed_blocks: list[tuple[str, tuple[int, int], list[int], dict[str, Any]]] = []
    for block in blocks:
        if block.data is None:
            assert block.old is not None
            data = old.read(name, block.old[0], block.old[1])
            packed = old.read(f"{name}.gz", block.old[2], block.old[3])
        else:
            data, packed = block.data, None
            fresh_blocks += 1
        gz: list[int] = []  # its place in the gzip file, once written
        placed_blocks.append((block.first, raw.write(data), gz, block.statistics))
        pack.add(data, gz, packed=packed)
    files["turtle"] = (raw.finish(), pack.finish())
    fresh.blocks = [[first, *place, *gz, stats] for first, place, gz, stats in placed_blocks]
    statistics = _void.merge((b[5] for b in fresh.blocks), *object_counts())
    mode = "incremental" if state is not None else "full"
    return Outcome(files, statistics, fresh, mode, fresh_graphs, fresh_blocks)


def _graphs_from_file(path: Path) -> Iterator[_Graph]:
    """Every named graph's sorted quads, from the sorted canonical quads (the default graph, the
    licence, is the head)."""
    current: list[ox.Quad] = []
    for q in _rdfwrite.read_quads(path):
        if current and q.graph_name != current[0].graph_name:
            if not isinstance(current[0].graph_name, ox.DefaultGraph):
                yield _Graph(current[0].graph_name.value, current)
            current = []
        current.append(q)
    if current and not isinstance(current[0].graph_name, ox.DefaultGraph):
        yield _Graph(current[0].graph_name.value, current)


def _blocks_from_file(path: Path, parts: Parts, base: str, objects: dict[str, set[str]]) -> Iterator[_Block]:
    """The Turtle blocks of the sorted union; the distinct objects per property go to ``objects``."""
    licence = {q.triple for q in parts.licence}
    current: list[ox.Triple] = []
    subject = ""
    for t in _rdfwrite.read_triples(path):
        s = str(t.subject)
        if s != subject:
            if current and _starts(s, BLOCK):
                yield _block(current, parts, base)
                current = []
            subject = s
        current.append(t)
        if t not in licence:
            objects.setdefault(t.predicate.value, set()).add(str(t.object))
    if current:
        yield _block(current, parts, base)


def _block(triples: list[ox.Triple], parts: Parts, base: str) -> _Block:
    licence = {q.triple for q in parts.licence}
    described = [t for t in triples if t not in licence]
    return _Block(str(triples[0].subject), parts.block(triples), _void.subject_statistics(described, base))


# -- the incremental path ------------------------------------------------------------------------
class NeedsFull(Exception):
    """The incremental path cannot be taken (blank nodes): write everything afresh."""


def _sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    keyed = {(_rdfwrite._key(q.graph_name), str(q.subject), str(q.predicate), str(q.object)): q for q in quads}
    return [keyed[k] for k in sorted(keyed, key=_rdfwrite._sort_key)]


def _incremental(store: Any, parts: Parts, state: State, touched: set[str], old: _Old, stem: str,
                 base: str) -> tuple[list[_Graph], list[_Block], Callable[[], tuple[int, dict[str, int]]]]:
    reader = store.reader
    names = sorted(store.graphs(), key=lambda name: f"<{name}>")  # the dump's order: N-Triples form
    changed = touched | (set(names) ^ set(state.graphs))
    subjects: set[str] = set()
    graphs: list[_Graph] = []
    for name in names:
        if name not in changed:
            graphs.append(_Graph(name, None, state.graphs[name]))
            continue
        quads = _sorted_quads(reader.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        if any(_has_blank(q) for q in quads):
            raise NeedsFull("blank nodes")
        subjects.update(str(q.subject) for q in quads)
        if quads:  # an empty graph is no graph of the store
            graphs.append(_Graph(name, quads))
    nquads = filename("nquads", stem)
    k = QUAD_FORMATS.index("nquads")
    for name in changed & set(state.graphs):  # the subjects the changed graphs had before
        offset, length = state.graphs[name][2 * k:2 * k + 2]
        subjects.update(str(q.subject) for q in ox.parse(old.read(nquads, offset, length), ox.RdfFormat.N_QUADS))
    blocks = _update_blocks(reader, parts, state, subjects, old, filename("turtle", stem), base)
    return graphs, blocks, lambda: _object_counts(reader)


def _update_blocks(reader: ox.Store, parts: Parts, state: State, touched: set[str], old: _Old, ttl: str,
                   base: str) -> list[_Block]:
    """The Turtle blocks after the subjects ``touched`` may have changed: the blocks that hold one
    (or would hold a new one) are made again from the query graph, the others are kept."""
    before = state.blocks
    if not before:
        return list(_region(reader, parts, sorted(touched), base))
    firsts = [b[0] for b in before]
    redo = {max(0, bisect.bisect_right(firsts, s) - 1) for s in touched}
    for i in sorted(redo):  # a block whose first subject is gone joins the block before it
        while i > 0 and firsts[i] in touched and next(iter(reader.quads_for_pattern(
                _subject(firsts[i]), None, None, ox.DefaultGraph())), None) is None:
            i -= 1
            redo.add(i)
    out: list[_Block] = []
    i = 0
    while i < len(before):
        if i not in redo:
            out.append(_Block(before[i][0], None, before[i][5], before[i][1:5]))
            i += 1
            continue
        j = i
        while j + 1 in redo:
            j += 1
        low = firsts[i] if i > 0 else None
        high = firsts[j + 1] if j + 1 < len(before) else None
        region = {s for s in touched if (low is None or s >= low) and (high is None or s < high)}
        for k in range(i, j + 1):
            region.update(parts.block_subjects(old.read(ttl, before[k][1], before[k][2])))
        out.extend(_region(reader, parts, sorted(region), base))
        i = j + 1
    return out


def _stated(reader: ox.Store, quad: ox.Quad) -> bool:
    """Whether a named graph states this default-graph triple (a derived link can be stated too)."""
    return any(not isinstance(q.graph_name, ox.DefaultGraph)
               for q in reader.quads_for_pattern(quad.subject, quad.predicate, quad.object, None))


def _subject(text: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text[1:-1])


def _region(reader: ox.Store, parts: Parts, subjects: list[str], base: str) -> Iterator[_Block]:
    """Blocks of these subjects (sorted), read from the query graph, split where blocks start."""
    licence = [q.triple for q in parts.licence]
    current: list[ox.Triple] = []
    for s in subjects:
        term = _subject(s)
        triples = [q.triple for q in reader.quads_for_pattern(term, None, None, ox.DefaultGraph())
                   if q.predicate.value not in DERIVED or _stated(reader, q)]  # derived links: not dumped
        triples += [t for t in licence if t.subject == term]
        if any(_has_blank(t) for t in triples):
            raise NeedsFull("blank nodes")
        if not triples:
            continue
        if current and _starts(s, BLOCK):
            yield _block(_rdfwrite.sorted_triples(current), parts, base)
            current = []
        current += triples
    if current:
        yield _block(_rdfwrite.sorted_triples(current), parts, base)


def _object_counts(reader: ox.Store) -> tuple[int, dict[str, int]]:
    """Distinct objects of the union, in all and per property (Oxigraph over the query graph)."""
    total = reader.query("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    rows = reader.query("SELECT ?p (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    return (int(next(iter(total))["n"].value),  # type: ignore[arg-type, index]
            {r["p"].value: int(r["n"].value) for r in rows})  # type: ignore[union-attr, index]
