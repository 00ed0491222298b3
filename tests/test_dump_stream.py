"""Streaming dumps write the same bytes as the former in-memory writer.

The dump sorts its quads on disk (:func:`ruhrgraph.publish.rdfwrite.canonical_files`) and
streams every format; the reference here is the former path — every quad in memory through
:func:`~ruhrgraph.publish.rdfwrite.canonical`, Turtle and TriG serialised whole and their prefix
lines replaced — run through the same :func:`~ruhrgraph.publish.dump.dump`. Every file (formats,
gzip, checksums, ``void.ttl``) must be byte-identical, on the seed store and on a generated store
with blank nodes, awkward literals and triples repeated across graphs, with sorted runs so short
that the merge joins many of them. The dump writes the built-in formats in parts
(:mod:`ruhrgraph.publish.incremental`); here both sides write them whole, and the parts are
compared with the former writer too (same bytes once decompressed: one gzip member per part).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from ruhrgraph.publish import dump as dump_module
from ruhrgraph.publish import rdfwrite
from ruhrgraph.publish.dump import DumpData, dump
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.store.local import Store

EX = "https://w3id.org/ruhrgraph/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SETTINGS = PublishSettings()


def _old_serialize(items: Any, fmt: ox.RdfFormat, pfx: dict[str, str] | None, out: Any) -> bytes:
    """The former writer: the whole body in memory, its prefix lines replaced by sorted ones."""
    if not pfx:
        ox.serialize(list(items), out, fmt)
        return b""
    body = ox.serialize(list(items), None, fmt, prefixes=pfx) or b""
    pos = 0
    while body.startswith(b"@prefix ", pos):
        pos = body.index(b"\n", pos) + 1
    header = "".join(f"@prefix {n}: <{ns}> .\n" for n, ns in sorted(pfx.items())).encode() + b"\n"
    if out is not None:
        out.write(header + body[pos:])
        return b""
    return header + body[pos:]


def _old_collect(store: Any, folder: Path, extra: Any = ()) -> DumpData:
    quads, triples = rdfwrite.canonical(
        itertools.chain(store.named_quads(), extra))
    return DumpData(quads=quads, triples=triples, prefixes=rdfwrite.prefixes())


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _both(store_dir: Path, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], dict[str, bytes]]:
    with Store.open(store_dir, read_only=True) as store:
        dump(store, tmp_path / "parts", settings=SETTINGS)
        with monkeypatch.context() as m:
            m.setattr(dump_module, "_in_parts", lambda formats: False)
            dump(store, tmp_path / "new", settings=SETTINGS)
        with monkeypatch.context() as m:
            m.setattr(dump_module, "_in_parts", lambda formats: False)
            m.setattr(dump_module, "collect", _old_collect)
            m.setattr(rdfwrite, "_serialize", _old_serialize)
            dump(store, tmp_path / "old", settings=SETTINGS)
    old = _files(tmp_path / "old")
    _same_content(_files(tmp_path / "parts"), old)
    return _files(tmp_path / "new"), old


def _same_content(parts: dict[str, bytes], whole: dict[str, bytes]) -> None:
    """The parts written by the incremental writer against the whole files (gzip decompressed;
    checksums and void.ttl differ only where they describe the gzip files)."""
    from test_dump_incremental import _assert_same_content

    _assert_same_content(parts, whole)


def _generated(folder: Path, n: int = 400) -> Path:
    quads = []
    for i in range(n):
        graph = ox.NamedNode(f"https://w3id.org/ruhrgraph/graph/article/g{i % 37:03d}")
        thing = ox.NamedNode(f"{EX}organisation/o{i % 91}")
        quads += [
            ox.Quad(thing, RDF_TYPE, ox.NamedNode("https://w3id.org/ruhrgraph/ontology#Company"), graph),
            ox.Quad(thing, LABEL, ox.Literal(f"Firma {i % 91}\nZeile\t\u2028 «ä» \"{i % 5}\"", language="de"), graph),
            ox.Quad(thing, ox.NamedNode("http://a.example/before-rdf-type"), ox.Literal(f"{i % 4}"), graph),
            ox.Quad(thing, ox.NamedNode(f"{EX}p{i % 7}"), ox.Literal(str(i), datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer")), graph),
        ]
        if i % 10 == 0:  # blank nodes, canonically relabelled
            node = ox.BlankNode(f"b{i}")
            quads += [ox.Quad(thing, ox.NamedNode(f"{EX}address"), node, graph),
                      ox.Quad(node, LABEL, ox.Literal(f"Straße {i % 3}"), graph)]
    quads.append(ox.Quad(ox.NamedNode(f"{EX}x"), LABEL, ox.Literal("default graph"), ox.DefaultGraph()))
    with Store.open(folder) as store:
        store.oxigraph.extend(quads)
    return folder


def test_seed_store_dump_is_byte_identical_to_the_in_memory_writer(
        seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdfwrite, "SORT_RUN", 1000)  # the seed store's ≈34,000 quads: many runs
    new, old = _both(seed_store, tmp_path, monkeypatch)
    assert sorted(new) == sorted(old) and len(new) == 18
    for name in old:
        assert new[name] == old[name], name


@pytest.mark.parametrize("run", [7, 100_000])
def test_generated_store_dump_is_byte_identical(run: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdfwrite, "SORT_RUN", run)
    store_dir = _generated(tmp_path / "store")
    new, old = _both(store_dir, tmp_path, monkeypatch)
    assert new == old
    assert b"_:c14n" in new["ruhrgraph.nq"]  # blank nodes went through RDFC-1.0
    assert new["ruhrgraph.nq"].count(b"\n") > 1000


def test_sorted_files_match_canonical(tmp_path: Path) -> None:
    store_dir = _generated(tmp_path / "store", n=120)
    with Store.open(store_dir, read_only=True) as store:
        quads = list(store.oxigraph.quads_for_pattern(None, None, None, None))
    quads += quads[:50]  # duplicates are dropped
    expected_quads, expected_triples = rdfwrite.canonical(quads)
    qpath, tpath = rdfwrite.canonical_files(quads, tmp_path, run=13)
    assert list(rdfwrite.read_quads(qpath)) == expected_quads
    assert list(rdfwrite.read_triples(tpath)) == expected_triples
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quads.nq", "store", "triples.nt"]  # runs removed


def test_turtle_header_swap_streams_in_small_writes() -> None:
    triples = [ox.Triple(ox.NamedNode(f"{EX}s{i}"), LABEL, ox.Literal(f"x{i}")) for i in range(3)]
    pfx = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#", "a": EX}
    expected = _old_serialize(triples, ox.RdfFormat.TURTLE, pfx, None)

    class Trickle:
        def __init__(self) -> None:
            self.data = b""

        def write(self, b: bytes) -> int:
            self.data += bytes(b)
            return len(b)

        def flush(self) -> None:
            pass

    out = Trickle()
    swap = rdfwrite._HeaderSwap(out, b"@prefix a: <%s> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
                                % EX.encode())
    body = ox.serialize(triples, None, ox.RdfFormat.TURTLE, prefixes=pfx) or b""
    for i in range(len(body)):  # one byte at a time: a prefix line split anywhere
        swap.write(body[i:i + 1])
    swap.finish()
    assert out.data == expected
