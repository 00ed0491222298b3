"""Dumps written in parts (:mod:`ruhrgraph.publish.incremental`).

Two promises: (1) the parts put together are exactly what the whole-file writers of
:data:`ruhrgraph.publish.dump.FORMATS` write (raw files byte for byte; the gzip files, now one
member per part, decompress to the same bytes; the same VoID statistics); (2) a dump that reuses
the previous dump's parts after changes is byte-identical — gzip, checksums and ``void.ttl``
included — to a dump written afresh from the same store.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from ruhrgraph.publish import dump as dump_module
from ruhrgraph.publish import incremental
from ruhrgraph.publish.dump import dump
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.store.local import Store

EX = "https://w3id.org/ruhrgraph/id/"
GRAPH = "https://w3id.org/ruhrgraph/graph/article/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
MENTIONED = ox.NamedNode("https://w3id.org/ruhrgraph/ontology#mentionedIn")
PUBLISHED = ox.NamedNode("https://schema.org/datePublished")
SETTINGS = PublishSettings()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _void_without_file_facts(data: bytes) -> set[str]:
    """void.ttl's statements less the sizes and checksums of the gzip files (which differ between
    one gzip member and several)."""
    triples = list(ox.parse(data, ox.RdfFormat.TURTLE))
    gz = {t.subject for t in triples if str(t.object).startswith('"ruhrgraph.') and str(t.object).endswith('.gz"')}
    checksums = {t.object for t in triples if t.subject in gz and t.predicate.value.endswith("#checksum")}
    return {str(t) for t in triples if t.subject not in gz | checksums}


def _whole(store_dir: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m, Store.open(store_dir, read_only=True) as store:
        m.setattr(dump_module, "_in_parts", lambda formats: False)
        dump(store, out, settings=SETTINGS)


def _assert_same_content(parts: dict[str, bytes], whole: dict[str, bytes]) -> None:
    assert sorted(parts) == sorted(whole)
    for name in whole:
        if name.endswith(".gz"):
            assert gzip.decompress(parts[name]) == gzip.decompress(whole[name]), name
        elif name == "void.ttl":
            assert _void_without_file_facts(parts[name]) == _void_without_file_facts(whole[name])
        elif not name.endswith(".sha256"):
            assert parts[name] == whole[name], name



def _small_parts(monkeypatch: pytest.MonkeyPatch, group: int, block: int) -> None:
    """Parts of ``group`` graphs and Turtle blocks of ``block`` subjects, so that small stores have many."""
    monkeypatch.setattr(incremental, "GROUP", group)
    monkeypatch.setattr(incremental, "BLOCK", block)

def test_the_parts_make_the_whole_files_on_the_seed_store(seed_store: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _small_parts(monkeypatch, 3, 5)
    with Store.open(seed_store, read_only=True) as store:
        dump(store, tmp_path / "parts", settings=SETTINGS)
    _whole(seed_store, tmp_path / "whole", monkeypatch)
    parts = _files(tmp_path / "parts")
    _assert_same_content(parts, _files(tmp_path / "whole"))
    assert gzip.decompress(parts["ruhrgraph.nq.gz"]).count(b"\n") > 1000


def _thing(i: int) -> ox.NamedNode:
    return ox.NamedNode(f"{EX}organisation/o{i}")


def _article(rnd: random.Random, n: int, *, blank: bool = False) -> list[ox.Triple]:
    article = ox.NamedNode(f"{EX}article/a{n}")
    triples = [ox.Triple(article, RDF_TYPE, ox.NamedNode("https://w3id.org/ruhrgraph/ontology#Article")),
               ox.Triple(article, PUBLISHED, ox.Literal(f"2026-{rnd.randint(1, 12):02d}-01", datatype=ox.NamedNode(
                   "http://www.w3.org/2001/XMLSchema#date")))]
    for i in rnd.sample(range(40), rnd.randint(1, 6)):  # hubs: the same organisations in many articles
        triples += [ox.Triple(_thing(i), RDF_TYPE, ox.NamedNode("https://w3id.org/ruhrgraph/ontology#Company")),
                    ox.Triple(_thing(i), LABEL, ox.Literal(f"Firma {i}\n«{rnd.randint(0, 2)}»", language="de")),
                    ox.Triple(_thing(i), MENTIONED, article)]
    if blank:
        node = ox.BlankNode()
        triples += [ox.Triple(article, ox.NamedNode(f"{EX}address"), node), ox.Triple(node, LABEL, ox.Literal("x"))]
    return triples


def _graph(n: int) -> str:
    """Graph names some of which begin with others (``…/g05`` and ``…/g05-x``): sorted as IRIs and
    sorted in N-Triples form (``<…/g05>``, ``<…/g05-x>``) they come in different orders."""
    return f"{GRAPH}g{n % 30:02d}" + ("-x" * (n // 30))


def _put(store: Store, n: int, triples: list[ox.Triple]) -> None:
    store.replace_graph_lines(_graph(n), [f"{t.subject} {t.predicate} {t.object} ." for t in triples])


def _dump(store: Store, out: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    seen: list[Any] = []
    real = incremental.write

    def spy(*args: Any, **kwargs: Any) -> incremental.Outcome:
        seen.append(real(*args, **kwargs))
        return seen[-1]
    with monkeypatch.context() as m:
        m.setattr(incremental, "write", spy)
        dump(store, out, settings=SETTINGS)
    return str(seen[0].mode)


def _fresh(store_dir: Path, out: Path) -> dict[str, bytes]:
    with Store.open(store_dir, read_only=True) as reader:  # a reader's dump is always written afresh
        dump(reader, out, settings=SETTINGS)
    return _files(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_dump_after_changes_equals_a_fresh_dump(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_parts(monkeypatch, 4, 6)
    rnd = random.Random(seed)
    out, folder = tmp_path / "out", tmp_path / "store"
    with Store.open(folder) as store:
        for n in range(60):
            _put(store, n, _article(rnd, n))
        assert _dump(store, out, monkeypatch) == "full"
    for step in range(12):
        action = rnd.choice(["replace", "replace", "add", "remove", "hub", "first"])
        with Store.open(folder) as store:
            for _ in range(rnd.randint(1, 3)):
                n = rnd.randrange(60)
                if action == "replace":
                    _put(store, n, _article(rnd, n))
                elif action == "add":
                    _put(store, 100 + n, _article(rnd, 100 + n))
                elif action == "remove":
                    store.remove_graph(_graph(n))
                elif action == "hub":  # a subject that sorts before every other
                    _put(store, n, [*_article(rnd, n), ox.Triple(ox.NamedNode(f"{EX}a{step}"), LABEL, ox.Literal("a"))])
                else:  # remove every graph that mentions the first subject of the Turtle file
                    first = min(str(t.subject) for t in ox.parse((out / "ruhrgraph.ttl").read_bytes(),
                                                                 ox.RdfFormat.TURTLE))
                    for g in store.graphs():
                        if any(str(q.subject) == first for q in
                               store.reader.quads_for_pattern(None, None, None, ox.NamedNode(g))):
                            store.remove_graph(g)
            assert _dump(store, out, monkeypatch) == "incremental", step
        assert _files(out) == _fresh(folder, tmp_path / f"fresh{step}"), (step, action)
    _whole(folder, tmp_path / "whole", monkeypatch)
    _assert_same_content(_files(out), _files(tmp_path / "whole"))


def _seated(rnd: random.Random, n: int) -> list[ox.Triple]:
    """An article whose organisations are based in cities within regions: the query graph derives
    ``rg:basedWithin`` links from them, which are no data of a named graph and never dumped."""
    rg, contained = "https://w3id.org/ruhrgraph/ontology#", ox.NamedNode("https://schema.org/containedInPlace")
    triples = _article(rnd, n)
    for i in rnd.sample(range(40), 2):
        city = ox.NamedNode(f"{EX}city/c{i % 5}")
        triples += [ox.Triple(_thing(i), ox.NamedNode(f"{rg}basedIn"), city),
                    ox.Triple(city, contained, ox.NamedNode(f"{EX}region/r{i % 2}"))]
    return triples


def test_derived_links_stay_out_of_an_incremental_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Turtle blocks are read again from the query graph, which also holds the links derived
    from the data (``rg:basedWithin``): they are left out there too, and the VoID counts match."""
    _small_parts(monkeypatch, 3, 4)
    rnd = random.Random(6)
    out, folder = tmp_path / "out", tmp_path / "store"
    with Store.open(folder) as store:
        for n in range(20):
            _put(store, n, _seated(rnd, n))
        assert _dump(store, out, monkeypatch) == "full"
        derived = next(store.reader.quads_for_pattern(
            None, ox.NamedNode("https://w3id.org/ruhrgraph/ontology#basedWithin"), None, ox.DefaultGraph()))
        for step in range(4):
            for n in rnd.sample(range(20), 2):
                _put(store, n, _seated(rnd, n) if step % 2 else _article(rnd, n))
            assert _dump(store, out, monkeypatch) == "incremental"
            assert _files(out) == _fresh_while_open(store, tmp_path / f"fresh{step}"), step
            assert _dump(store, out, monkeypatch) == "full"  # the fresh dump went to another folder
    assert b"basedWithin" not in (out / "ruhrgraph.ttl").read_bytes() and derived is not None


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_reused_parts_are_copied_in_runs(chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts reused from the old files are copied in runs of consecutive ranges, a chunk at a
    time (here also 7 bytes, so that chunks end inside parts): the same bytes as a fresh dump."""
    from ruhrgraph.publish import _copy

    _small_parts(monkeypatch, 3, 4)
    monkeypatch.setattr(_copy, "_CHUNK", chunk)
    rnd = random.Random(5)
    out, folder = tmp_path / "out", tmp_path / "store"
    with Store.open(folder) as store:
        for n in range(30):
            _put(store, n, _article(rnd, n))
        assert _dump(store, out, monkeypatch) == "full"
        for n in (4, 17):
            _put(store, n, _article(rnd, n))
        assert _dump(store, out, monkeypatch) == "incremental"
    assert _files(out) == _fresh(folder, tmp_path / "fresh")


def test_blank_nodes_and_foreign_changes_mean_a_fresh_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_parts(monkeypatch, 1, 1)  # every graph and every subject a part of its own
    rnd = random.Random(4)
    out, folder = tmp_path / "out", tmp_path / "store"
    with Store.open(folder) as store:
        for n in range(10):
            _put(store, n, _article(rnd, n))
        assert _dump(store, out, monkeypatch) == "full"
        assert _dump(store, out, monkeypatch) == "incremental"
        (out / "ruhrgraph.nq").write_bytes((out / "ruhrgraph.nq").read_bytes())  # not the recorded file
        assert _dump(store, out, monkeypatch) == "full"
        _put(store, 3, _article(rnd, 3, blank=True))  # canonical blank-node labels depend on all of them
        assert _dump(store, out, monkeypatch) == "full"
        _put(store, 4, _article(rnd, 4))  # no blank node in what changed: their labels stay
        assert _dump(store, out, monkeypatch) == "incremental"
        assert _files(out) == _fresh_while_open(store, tmp_path / "fresh1")
        _put(store, 3, _article(rnd, 3))  # the blank nodes go
        assert _dump(store, out, monkeypatch) == "full"
        store.oxigraph.add(ox.Quad(_thing(1), LABEL, ox.Literal("direct"), ox.NamedNode(_graph(1))))
        assert _dump(store, out, monkeypatch) == "full"  # a write the journal cannot name
        assert _dump(store, out, monkeypatch) == "incremental"
        assert _dump(store, tmp_path / "other", monkeypatch) == "full"  # another folder
    with Store.open(folder, read_only=True) as reader:
        assert _dump(reader, out, monkeypatch) == "full"


def _fresh_while_open(store: Store, out: Path) -> dict[str, bytes]:
    """A dump written afresh by the open writer, into another folder (its record is then of that
    folder: the next dump into the first one is written afresh too)."""
    dump(store, out, settings=SETTINGS)
    return _files(out)
