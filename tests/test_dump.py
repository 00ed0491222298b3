"""Dumps: every format written, byte-identical across runs and stores, parsed by independent
parsers (``rapper``, rdflib) with the store's counts, no network for JSON-LD, and a failed dump
leaves the previous one untouched."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from _linked_data import load_store
from ruhrgraph.cli import app
from ruhrgraph.errors import RuhrgraphError
from ruhrgraph.publish import dump as dump_module
from ruhrgraph.publish.dump import FORMATS, dump
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.registry import Registry
from ruhrgraph.store.local import Store

RAPPER = shutil.which("rapper")
HAGEN = ("INSERT DATA { GRAPH <https://w3id.org/ruhrgraph/graph/extra> { "
         "<https://w3id.org/ruhrgraph/id/city/hagen> <http://www.w3.org/2000/01/rdf-schema#label> "
         '"Hagen"@de } }')
#: dump file -> (rapper syntax, what its count must equal: union triples or quads)
RAPPER_CASES = {
    "ruhrgraph.ttl": ("turtle", "triples"),
    "ruhrgraph.ttl.gz": ("turtle", "triples"),
    "ruhrgraph.trig": ("trig", "quads"),
    "ruhrgraph.trig.gz": ("trig", "quads"),
    "ruhrgraph.nq": ("nquads", "quads"),
    "ruhrgraph.nq.gz": ("nquads", "quads"),
}


@pytest.fixture(scope="module")
def store_dir(seed_store: Path) -> Path:
    """The seed article as the real pipeline ingests it (no fallback: see tests/_linked_data.py)."""
    return seed_store


@pytest.fixture(scope="module")
def counts(store_dir: Path) -> dict[str, int]:
    """Quads and distinct union triples, counted by Oxigraph's SPARQL engine, and the licence triple."""
    with Store.open(store_dir, read_only=True) as store:
        quads = int(store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"])
        triples = int(store.select(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")[0]["n"])
    # + the licence of the dataset (not in the store); the query graph's derived links are not dumped
    return {"quads": quads + 1, "triples": triples + 1}


@pytest.fixture(scope="module")
def dumped(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dump")
    with Store.open(store_dir, read_only=True) as store:
        dump(store, out)
    return out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_every_format_with_gzip_and_checksums(dumped: Path) -> None:
    names = set(_snapshot(dumped))
    expected = {"void.ttl", "void.ttl.sha256"}
    for fmt in map(FORMATS.get, FORMATS.names()):
        for name in (fmt.filename, f"{fmt.filename}.gz"):
            expected |= {name, f"{name}.sha256"}
    assert names == expected
    for name in sorted(n for n in names if not n.endswith(".sha256")):
        data = (dumped / name).read_bytes()
        line = (dumped / f"{name}.sha256").read_text(encoding="ascii")
        assert line == f"{hashlib.sha256(data).hexdigest()}  {name}\n"
        if name.endswith(".gz"):
            assert data[4:8] == b"\0\0\0\0", "gzip mtime must be 0"
            assert not data[3] & 0x08, "gzip header must not carry a file name"
            assert gzip.decompress(data) == (dumped / name[:-3]).read_bytes()


def test_two_dumps_are_byte_identical(store_dir: Path, dumped: Path, tmp_path: Path) -> None:
    with Store.open(store_dir, read_only=True) as store:
        dump(store, tmp_path / "again")
    assert _snapshot(tmp_path / "again") == _snapshot(dumped)


def test_reloaded_store_dumps_the_same_bytes(dumped: Path, tmp_path: Path) -> None:
    """A store rebuilt from the N-Quads dump has fresh blank-node ids, yet dumps the same bytes."""
    rebuilt = load_store(tmp_path / "store", dumped / "ruhrgraph.nq", ox.RdfFormat.N_QUADS)
    with Store.open(rebuilt, read_only=True) as store:
        dump(store, tmp_path / "out")
    assert _snapshot(tmp_path / "out") == _snapshot(dumped)


def test_turtle_has_sorted_prefixes_and_subjects(dumped: Path) -> None:
    lines = (dumped / "ruhrgraph.ttl").read_text(encoding="utf-8").splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix ")]
    assert prefixes == sorted(prefixes) and prefixes
    namespaces = {p.split()[1][:-1]: p.split()[2][1:-1] for p in prefixes}

    def iri(name: str) -> str:  # a subject as written (<IRI> or prefix:local) as <IRI>
        if name.startswith("<"):
            return name
        prefix, _, local = name.partition(":")
        return f"<{namespaces[prefix]}{local}>"

    subjects = [iri(line.split(" ", 1)[0]) for line in lines
                if line and not line.startswith(("@prefix", "\t", " ")) and not line.startswith("_:")]
    assert subjects == sorted(subjects)


@pytest.mark.skipif(RAPPER is None, reason="rapper (raptor2-utils) is not installed")
@pytest.mark.parametrize("name", sorted(RAPPER_CASES))
def test_rapper_counts_the_store(name: str, dumped: Path, counts: dict[str, int]) -> None:
    syntax, kind = RAPPER_CASES[name]
    data = (dumped / name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    run = subprocess.run([RAPPER, "-i", syntax, "-o", "ntriples", "-", "http://example.org/base/"],
                         input=data, capture_output=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    assert len(lines) == counts[kind]


def test_jsonld_parses_offline_and_matches_the_nquads(dumped: Path, counts: dict[str, int],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access during JSON-LD parsing")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from_jsonld = rdflib.Dataset()
    from_jsonld.parse(dumped / "ruhrgraph.jsonld", format="json-ld")
    monkeypatch.undo()
    assert attempts == []
    from_nquads = rdflib.Dataset()
    from_nquads.parse(dumped / "ruhrgraph.nq", format="nquads")
    assert sum(1 for _ in from_jsonld.quads()) == counts["quads"]
    names = {g.identifier for g in from_nquads.graphs() if len(g)}
    assert {g.identifier for g in from_jsonld.graphs() if len(g)} == names
    for name in names:
        assert isomorphic(from_jsonld.graph(name), from_nquads.graph(name)), name


def test_jsonld_context_is_the_shipped_one(dumped: Path) -> None:
    import json
    from importlib.resources import files

    shipped = json.loads(files("ruhrgraph.publish").joinpath("context.jsonld").read_text(encoding="utf-8"))
    document = json.loads((dumped / "ruhrgraph.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == shipped["@context"]


@pytest.mark.parametrize("failing", ["turtle", "jsonld", "void", "gzip"])
def test_failed_dump_leaves_previous_dump_intact(failing: str, store_dir: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dumps"
    with Store.open(store_dir, read_only=True) as store:
        dump(store, out)
    before = _snapshot(out)

    changed = load_store(tmp_path / "changed", out / "ruhrgraph.nq", ox.RdfFormat.N_QUADS)
    with Store.open(changed) as store:
        store.update(HAGEN)

    def half_then_fail(*args: object, **kwargs: object) -> None:
        out_file = args[-1] if args and hasattr(args[-1], "write") else kwargs.get("out")
        if out_file is not None and hasattr(out_file, "write"):
            out_file.write(b"@prefix half: <written> .\n")  # part of a file, then the disk fills up
        raise OSError(28, "No space left on device")

    if failing == "void":
        monkeypatch.setattr(dump_module, "void_turtle", half_then_fail)
    elif failing == "gzip":  # one gzip member per part (ruhrgraph.publish.incremental)
        from ruhrgraph.publish import incremental

        monkeypatch.setattr(incremental, "_member", half_then_fail)
    else:
        patched: Registry[dump_module.DumpFormat] = Registry("dump format")
        for name in FORMATS.names():
            fmt = FORMATS.get(name)
            patched.register(name, fmt if name != failing else dump_module.DumpFormat(
                fmt.name, fmt.filename, fmt.media_type, lambda data, fh: half_then_fail(data, fh)))
        monkeypatch.setattr(dump_module, "FORMATS", patched)
    with Store.open(changed, read_only=True) as store, pytest.raises(RuhrgraphError) as raised:
        dump(store, out)
    assert "previous dump is unchanged" in str(raised.value)
    assert _snapshot(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_dump_of_changed_store_differs_and_replaces(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "dumps"
    with Store.open(store_dir, read_only=True) as store:
        dump(store, out)
    before = _snapshot(out)
    changed = load_store(tmp_path / "changed", out / "ruhrgraph.nq", ox.RdfFormat.N_QUADS)
    with Store.open(changed) as store:
        store.update(HAGEN)
        dump(store, out)
    after = _snapshot(out)
    assert after["ruhrgraph.nq"] != before["ruhrgraph.nq"]
    assert b'"Hagen"@de' in after["ruhrgraph.ttl"]


def test_stale_staging_folder_of_a_dead_dump_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "dumps"
    stale = out / ".dump-999999999-abc"
    stale.mkdir(parents=True)
    (stale / "ruhrgraph.ttl").write_text("half")
    with Store.open(None) as store:
        dump(store, out)
    assert not stale.exists()


def test_empty_store_dumps_parse(tmp_path: Path) -> None:
    with Store.open(None) as store:
        files = dump(store, tmp_path)
    assert (tmp_path / "ruhrgraph.nq").read_bytes() == (
        b"<https://w3id.org/ruhrgraph/void#dataset> <http://purl.org/dc/terms/license> "
        b"<https://creativecommons.org/licenses/by/4.0/> .\n")
    rdflib.Graph().parse(tmp_path / "ruhrgraph.ttl", format="turtle")
    rdflib.Dataset().parse(tmp_path / "ruhrgraph.jsonld", format="json-ld")
    assert len(files) == 18


def test_cli_writes_the_dump(store_dir: Path, dumped: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["dump", "--store", str(store_dir), "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert "18 files written" in result.output
    assert _snapshot(tmp_path / "cli") == _snapshot(dumped)


def test_cli_names_an_unwritable_target(store_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(app, ["dump", "--store", str(store_dir), "--out", str(blocker / "out")])
    assert result.exit_code == 1
    assert str(blocker) in result.output
    assert "Traceback" not in result.output


def test_cli_licence_and_publisher_reach_void(store_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "dump", "--store", str(store_dir), "--out", str(tmp_path), "--licence",
        "https://creativecommons.org/publicdomain/zero/1.0/", "--publisher", "Metropole Ruhr Data Lab"])
    assert result.exit_code == 0, result.output
    void = (tmp_path / "void.ttl").read_text(encoding="utf-8")
    assert "<https://creativecommons.org/publicdomain/zero/1.0/>" in void
    assert "creativecommons.org/licenses/by/4.0" not in void
    assert '"Metropole Ruhr Data Lab"' in void


def test_dump_is_published_in_one_switch_keeping_other_files(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: files were renamed one by one; an interruption left old and new files mixed."""
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o751)
    (out / "actors.gexf").write_text("<gexf/>", encoding="utf-8")
    (out / "link").symlink_to("actors.gexf")
    with Store.open(None) as store:
        dump(store, out)
    renamed: list[str] = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append(str(b)), real(a, b))[1])
    with Store.open(None) as store:
        store.update(HAGEN)
        files = dump(store, out)
    assert renamed == []  # one exchange, no file-by-file renames
    assert (out / "actors.gexf").read_text(encoding="utf-8") == "<gexf/>"
    assert os.readlink(out / "link") == "actors.gexf"
    assert b"Hagen" in (out / "ruhrgraph.nq").read_bytes() and len(files) == 18
    assert out.stat().st_mode & 0o777 == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left beside it


@pytest.mark.parametrize(("name", "fmt"), [("ruhrgraph.ttl", "turtle"), ("ruhrgraph.trig", "trig"),
                                           ("ruhrgraph.nq", "nquads"), ("ruhrgraph.jsonld", "json-ld")])
def test_every_dump_file_states_the_licence(store_dir: Path, tmp_path: Path, name: str, fmt: str) -> None:
    """A dump file that travels without void.ttl still says its terms (issue #14)."""
    licence = "https://example.org/licence/odbl"
    with Store.open(store_dir, read_only=True) as store:
        dump(store, tmp_path, settings=PublishSettings(licence=licence))
    data = rdflib.Dataset()
    data.parse(tmp_path / name, format=fmt)
    found = {(str(s), str(o)) for s, _, o, _ in data.quads((None, DCTERMS.license, None, None))}
    assert ("https://w3id.org/ruhrgraph/void#dataset", licence) in found
