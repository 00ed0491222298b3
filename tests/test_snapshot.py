"""Published snapshots: readers read the last finished write and never block a writer (issue 13,
item 5: serve while building)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from _linked_data import live_server
from conftest import ROOT, SEED_ARTICLE
from ruhrgraph.errors import StoreLockedError
from ruhrgraph.store import snapshot
from ruhrgraph.store.local import Store

G = URIRef("https://w3id.org/ruhrgraph/graph/article/a")
S = URIRef("https://w3id.org/ruhrgraph/id/person/a")


def _label(store: Store) -> str | None:
    rows = store.select("SELECT ?l WHERE { ?s ?p ?l }", bindings={"s": S, "p": RDFS.label})
    return str(rows[0]["l"]) if rows else None


def _write(folder: Path, label: str) -> None:
    with Store.open(folder) as store:
        store.replace_graph(G, [(S, RDFS.label, Literal(label))])


READER = textwrap.dedent("""
    import sys, time
    from ruhrgraph.store.local import Store
    with Store.open(sys.argv[1], read_only=True) as store:
        print(store.generation, flush=True)
        sys.stdin.readline()
        rows = store.select("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
        print(sorted(str(r["l"]) for r in rows), flush=True)
""")


def test_a_writer_publishes_and_readers_read_the_published_snapshot(tmp_path: Path) -> None:
    _write(tmp_path, "one")
    first = snapshot.current(tmp_path)
    assert first is not None and (tmp_path / "snapshots" / first / "CURRENT").is_file()
    with Store.open(tmp_path, read_only=True) as reader:
        assert reader.generation == first and _label(reader) == "one"
        _write(tmp_path, "two")  # the writer is not blocked by the reader
        assert _label(reader) == "one" and reader.stale()  # the reader keeps its snapshot …
        with Store.open(tmp_path, read_only=True) as later:  # … a new reader gets the new one
            assert later.generation != first and _label(later) == "two" and not later.stale()
    _write(tmp_path, "three")  # nobody holds the first generations any more: they are deleted
    assert sorted(p.name for p in (tmp_path / "snapshots").iterdir() if p.is_dir()) == [
        snapshot.current(tmp_path)]


def test_a_generation_a_reader_holds_is_kept_until_it_lets_go(tmp_path: Path) -> None:
    _write(tmp_path, "old")
    reader = subprocess.Popen([sys.executable, "-c", READER, str(tmp_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdin is not None
        held = reader.stdout.readline().strip()
        _write(tmp_path, "new")
        _write(tmp_path, "newer")  # two publications while the reader reads generation `held`
        assert (tmp_path / "snapshots" / held / "CURRENT").is_file()
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "['old']"  # it read its own snapshot to the end
    finally:
        reader.kill()
        reader.wait()
    _write(tmp_path, "newest")
    assert not (tmp_path / "snapshots" / held).exists()


def test_a_killed_writer_publishes_nothing(tmp_path: Path) -> None:
    _write(tmp_path, "kept")
    published = snapshot.current(tmp_path)
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from rdflib import Literal, URIRef
        from rdflib.namespace import RDFS
        from ruhrgraph.store.local import Store
        store = Store({str(tmp_path)!r})
        store.replace_graph(URIRef({str(G)!r}), [(URIRef({str(S)!r}), RDFS.label, Literal("half"))])
        print("written", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "written"
        with Store.open(tmp_path, read_only=True) as reader:  # a writer is at work: readers go on
            assert _label(reader) == "kept"
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert snapshot.current(tmp_path) == published
    with Store.open(tmp_path, read_only=True) as reader:
        assert _label(reader) == "kept"
    with Store.open(tmp_path) as store:  # the next writer recovers the lock and publishes its state
        assert _label(store) == "half"
    with Store.open(tmp_path, read_only=True) as reader:
        assert _label(reader) == "half" and reader.generation != published


def test_a_store_never_published_is_read_under_the_lock_as_before(tmp_path: Path) -> None:
    _write(tmp_path, "x")
    (tmp_path / "current").unlink()  # as a store written by an older ruhrgraph
    with Store.open(tmp_path, read_only=True) as reader:
        assert reader.generation is None and _label(reader) == "x"
        with pytest.raises(StoreLockedError, match="open for reading by another process"):
            Store(tmp_path)


def test_an_unchanged_writer_publishes_no_new_generation(tmp_path: Path) -> None:
    _write(tmp_path, "x")
    published = snapshot.current(tmp_path)
    with Store.open(tmp_path) as store:
        assert _label(store) == "x"
    assert snapshot.current(tmp_path) == published


def test_leftovers_of_a_killed_publication_are_cleaned_up(tmp_path: Path) -> None:
    _write(tmp_path, "x")
    leftover = tmp_path / "snapshots" / ".tmp-000099"
    leftover.mkdir()
    (leftover / "junk").write_text("half a checkpoint")
    (tmp_path / "current").write_text("not a number")  # a damaged pointer counts as none
    with Store.open(tmp_path, read_only=True) as reader:
        assert reader.generation is None
    _write(tmp_path, "y")
    assert not leftover.exists() and snapshot.current(tmp_path) is not None


# -- serving while building ---------------------------------------------------------------------
COUNT = ("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a "
         "<https://w3id.org/ruhrgraph/ontology#Article> }")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _articles(server_url: str) -> int:
    status, body = _get(f"{server_url}/sparql?" + urllib.parse.urlencode(
        {"query": COUNT, "format": "json"}))
    assert status == 200, body[:300]
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_build_while_serve_answers_throughout_then_serves_the_new_data(tmp_path: Path) -> None:
    """A client loops over a saved query while ``ruhrgraph build`` adds articles to the served store:
    every request is answered (no error, no refusal), and afterwards the server — not restarted —
    serves the new articles."""
    store = tmp_path / "store"
    env = {**os.environ, "RUHRGRAPH_BASE": "https://w3id.org/ruhrgraph/"}
    first = subprocess.run([sys.executable, "-m", "ruhrgraph", "build", str(SEED_ARTICLE), "--store",
                            str(store)], env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    corpus = sorted((ROOT / "tests" / "data" / "corpus").glob("*.txt"))[:6]
    with live_server(store, None, tmp_path / "serve.log") as server:
        assert _articles(server.url) == 1
        failures: list[str] = []
        answered = 0
        stop = threading.Event()
        query = f"{server.url}/queries/institutes-linking?country=Korea&city=Dortmund"

        def loop() -> None:
            nonlocal answered
            while not stop.is_set():
                status, body = _get(query)
                if status != 200:
                    failures.append(f"{status}: {body[:200]!r}")
                answered += 1

        client = threading.Thread(target=loop)
        client.start()
        try:
            build = subprocess.run([sys.executable, "-m", "ruhrgraph", "build", str(SEED_ARTICLE),
                                    *map(str, corpus), "--store", str(store)], env=env,
                                   capture_output=True, text=True, timeout=600, cwd=tmp_path)
        finally:
            stop.set()
            client.join(120)
        assert build.returncode == 0, build.stdout + build.stderr
        assert "locked" not in build.stdout + build.stderr
        assert answered > 5 and failures == [], failures[:3]
        deadline = time.monotonic() + 30
        while _articles(server.url) == 1 and time.monotonic() < deadline:
            time.sleep(0.2)  # each worker switches before its next job
        assert _articles(server.url) == 1 + len(corpus)
        assert server.process.poll() is None  # the same server, never restarted
