"""Attack scenarios on the store, push, remote endpoints, dumps and exports (``store.yaml``).

Each function takes ``case, work, store, outcome, digest`` (see ``tests/test_attacks.py``) and
returns an ``Outcome``: ``code`` is the exit code of the command the attack ran, ``output`` its
output followed by what the scenario observed (``files unchanged`` / ``FILES CHANGED: …``,
``remote graphs kept`` …), which the case's ``expect.output`` checks.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "articles" / "000_cbab0d245a9d8950.txt"
OLD_STORE = ROOT / "tests" / "data" / "store-pyoxigraph-0.4.tar.gz"
GRAPHS = "https://w3id.org/ruhrgraph/graph/"


def cli(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str]:
    """``python -m ruhrgraph ARGS``: exit code and output."""
    full = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    full.pop("RUHRGRAPH_STORE", None)
    proc = subprocess.run([sys.executable, "-m", "ruhrgraph", *args], cwd=cwd, env=full, capture_output=True,
                          text=True, errors="replace", timeout=timeout)
    return proc.returncode, proc.stdout + proc.stderr


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (symbolic links by their target), by relative path."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            out[str(path.relative_to(folder))] = "-> " + os.readlink(path)
        elif path.is_file():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def compare(before: dict[str, str], after: dict[str, str]) -> str:
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return "files unchanged" if not changed else "FILES CHANGED: " + ", ".join(changed)


# -- a damaged store is never recreated or modified -------------------------------------------------
def _damage(store: Path, how: str, where: str = "database") -> None:
    """Damage the database (``where="database"``) or the published snapshot readers read
    (``where="snapshot"``)."""
    db = store / "store"
    if where == "snapshot":
        db = store / "snapshots" / (store / "current").read_text(encoding="ascii").strip()
    if how == "current-gone":
        (db / "CURRENT").unlink()
    elif how == "current-and-logs-gone":
        (db / "CURRENT").unlink()
        for log in db.glob("*.log"):
            log.unlink()
    elif how == "sst-truncated":
        sst = max(db.glob("*.sst"), key=lambda p: p.stat().st_size)
        sst.write_bytes(sst.read_bytes()[: sst.stat().st_size // 2])
    elif how == "sst-footer-flipped":  # a bit flip in the index near the end, found at open
        sst = max(db.glob("*.sst"), key=lambda p: p.stat().st_size)
        data = bytearray(sst.read_bytes())
        data[-100] ^= 0x10
        sst.write_bytes(bytes(data))
    elif how == "pyoxigraph-0.4":
        shutil.rmtree(db)
        db.mkdir()
        with tarfile.open(OLD_STORE) as tar:
            tar.extractall(db, filter="data")
    elif how == "lock-is-a-directory":
        lock = store / "lock"
        if lock.exists():
            lock.unlink()
        lock.mkdir()
    elif how == "store-is-a-file":
        shutil.rmtree(store)
        store.write_text("not a store\n", encoding="utf-8")
    else:
        raise ValueError(how)


def damaged_store(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Callable[[Path], str]) -> Any:
    """Damage a copy of the seed store (``case['damage']``), run ``case['args']`` on it, and report
    whether any byte of the store folder changed."""
    if not (store / "lock").exists():
        (store / "lock").touch()  # the copied store has none; a real one has
    _damage(store, case["damage"], case.get("damage_in", "database"))
    before = file_hashes(store) if store.is_dir() else {"file": store.read_text(encoding="utf-8")}
    runs = []
    code = 0
    for args in case["runs"]:
        code, output = cli([a.replace("{store}", str(store)) for a in args], work)
        runs.append(f"$ ruhrgraph {' '.join(args)} → exit {code}\n{output}")
        if code == 0:
            break
    after = file_hashes(store) if store.is_dir() else {"file": store.read_text(encoding="utf-8")}
    return outcome(code, "\n".join(runs) + "\n" + compare(before, after))


# -- push --prune from a mistyped or tiny store --------------------------------------------------------
@contextmanager
def oxigraph_server() -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port (in memory); yields the query URL."""
    from conftest import _oxigraph_binary, _stop, _wait_http, free_port

    binary = _oxigraph_binary()
    if binary is None:
        import pytest

        pytest.skip("oxigraph server binary not found")
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    port = free_port()
    log = folder / f"oxigraph-attack-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_http(f"http://127.0.0.1:{port}/query", process, log, 30)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        _stop(process)
        log.unlink(missing_ok=True)


def prune_from_wrong_store(case: dict[str, Any], work: Path, store: Path, outcome: Any,
                           digest: Callable[[Path], str]) -> Any:
    """Push the seed store to a real Oxigraph server, then ``push --prune`` from ``case['source']``
    (``typo``: a folder that does not exist; ``tiny``: a store with one graph); report whether the
    remote graphs survived."""
    from ruhrgraph.store import remote
    from ruhrgraph.store.local import Store
    from ruhrgraph.store.push import push

    with oxigraph_server() as url:
        with Store.open(store, read_only=True) as seeded:
            push(seeded, url)
        before = remote.graph_counts(url, prefix=GRAPHS)
        source = work / "stor"  # the typo
        if case["source"] == "tiny":
            from rdflib import Literal, URIRef
            from rdflib.namespace import RDFS

            with Store.open(source) as tiny:
                tiny.replace_graph(URIRef(GRAPHS + "article/only"), [
                    (URIRef("https://w3id.org/ruhrgraph/id/city/essen"), RDFS.label, Literal("Essen"))])
        code, output = cli(["push", "--endpoint", url, "--prune", "--store", str(source), "--timeout", "10"], work)
        after = remote.graph_counts(url, prefix=GRAPHS)
    kept = all(after.get(g) == n for g, n in before.items())
    created = case["source"] == "typo" and source.exists()
    return outcome(code, output + f"\nremote graphs {'kept' if kept else 'DELETED'} ({len(before)} before, "
                   f"{len(after)} after)" + ("\nTHE TYPO FOLDER WAS CREATED" if created else ""))


# -- IRI minting ---------------------------------------------------------------------------------------
def iri_collision(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Callable[[Path], str]) -> Any:
    """Mint an organisation IRI for each of ``case['names']``; exit 0 when they are all distinct."""
    from ruhrgraph.iri import mint

    iris = [str(mint("organisation", name)) for name in case["names"]]
    lines = [f"{name!r} → {iri}" for name, iri in zip(case["names"], iris, strict=True)]
    shared = len(set(iris)) != len(iris)
    return outcome(1 if shared else 0, "\n".join(lines) + ("\nSHARED IRI" if shared else "\nall distinct"))


# -- exports that researchers open -----------------------------------------------------------------
def _hostile_graph(label: str, spell: tuple[str, str] = ("2024-01-01", "2024-01-01")) -> Any:
    import networkx as nx

    from ruhrgraph.network.export import annotate
    from ruhrgraph.network.measures import compute

    graph = nx.Graph(view="actors")
    graph.add_node("urn:x:1", label=label, category="organisation", spells=(spell,))
    graph.add_node("urn:x:2", label="Zweite GmbH", category="organisation", spells=())
    graph.add_edge("urn:x:1", "urn:x:2", weight=1.0, relations=("-cmd",), events=(), spells=(spell,))
    annotate(graph, compute(graph))
    return graph


def csv_formula(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Callable[[Path], str]) -> Any:
    """Export a node labelled ``case['label']`` as CSV; report the cells that would start a formula."""
    import csv

    from ruhrgraph.network.export import generate_csv

    nodes, edges = generate_csv(_hostile_graph(case["label"]))
    cells = [c for text in (nodes, edges) for row in csv.reader(text.splitlines()) for c in row]
    live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    verdict = "\nFORMULA CELLS: " + repr(live) if live else "\nno formula cells"
    return outcome(1 if live else 0, nodes + edges + verdict)


def picture_label(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Callable[[Path], str]) -> Any:
    """Draw a node labelled ``case['label']`` as PNG and SVG."""
    from ruhrgraph.errors import RuhrgraphError
    from ruhrgraph.network.export import EXPORTERS, ExportOptions

    lines = []
    code = 0
    for fmt in ("png", "svg"):
        try:
            out = EXPORTERS.get(fmt)(_hostile_graph(case["label"]), work / f"x.{fmt}", ExportOptions())
            lines.append(f"{fmt}: {out.stat().st_size} bytes")
        except (RuhrgraphError, ValueError) as exc:
            code = 1
            lines.append(f"{fmt} FAILED: {exc}")
    return outcome(code, "\n".join(lines))


def gexf_spell(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Callable[[Path], str]) -> Any:
    """Write a GEXF whose spell dates are ``case['start']``/``case['end']``; parse it back."""
    import xml.etree.ElementTree as ET

    from ruhrgraph.network.export import generate_gexf

    text = "\n".join(generate_gexf(_hostile_graph("Firma", (case["start"], case["end"]))))
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return outcome(1, f"not well-formed: {exc}")
    planted = [el.tag for el in root.iter() if el.tag.rpartition("}")[2] not in (
        "gexf", "meta", "creator", "description", "graph", "attributes", "attribute", "default", "nodes", "node",
        "attvalues", "attvalue", "spells", "spell", "size", "color", "position", "edges", "edge")]
    return outcome(1 if planted else 0, "well-formed" + (f"; PLANTED ELEMENTS {planted}" if planted else ""))


# -- hostile endpoints -----------------------------------------------------------------------------
@contextmanager
def hostile_endpoint(behaviour: str, body: str = "") -> Iterator[str]:
    """A loopback HTTP server answering every request badly: ``drip`` (one byte every 2 s),
    ``huge`` (an endless answer), ``json`` (``body`` as SPARQL JSON results)."""
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            if behaviour == "json":
                data = body.encode("utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self.end_headers()
            try:
                if behaviour == "drip":
                    for ch in b'{"head": {}, "boolean": true}' * 10:
                        if stop.is_set():
                            return
                        self.wfile.write(bytes([ch]))
                        self.wfile.flush()
                        time.sleep(2)
                else:
                    self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
                    row = b'{"x": {"type": "literal", "value": "' + b"a" * 65000 + b'"}},'
                    while not stop.is_set():
                        self.wfile.write(row)
            except OSError:
                pass

        do_POST = answer
        do_GET = answer
        do_PUT = answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def hostile_endpoint_cli(case: dict[str, Any], work: Path, store: Path, outcome: Any,
                         digest: Callable[[Path], str]) -> Any:
    """Run ``case['args']`` (``{url}`` = the hostile endpoint) and report how long it took."""
    import time

    env = {k: str(v) for k, v in (case.get("env") or {}).items()}
    with hostile_endpoint(case["behaviour"], case.get("body", "")) as url:
        started = time.monotonic()
        args = [a.replace("{url}", url).replace("{store}", str(store)) for a in case["args"]]
        code, output = cli(args, work, env=env, timeout=float(case.get("limit", 60)) + 30)
        took = time.monotonic() - started
    late = took > float(case.get("limit", 60))
    return outcome(code, output + f"\ntook {took:.1f} s" + (" — TOO LONG" if late else ""))


# -- read-only media, planted links -------------------------------------------------------------------
def read_only_media(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Callable[[Path], str]) -> Any:
    """Run ``case['args']`` on the seed store mounted read-only (a private bind mount as root,
    permissions otherwise)."""
    import pytest

    if not (store / "lock").exists() and case.get("lock", True):
        (store / "lock").touch()
    args = [a.replace("{store}", str(store)) for a in case["args"]]
    command = [sys.executable, "-m", "ruhrgraph", *args]
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("RUHRGRAPH_STORE", None)
    before = file_hashes(store)
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("unshare is needed to mount the store read-only as root")
        script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        proc = subprocess.run(["unshare", "-m", "sh", "-c", script, str(store), *command], cwd=work, env=env,
                              capture_output=True, text=True, errors="replace", timeout=120)
        if "mount" in proc.stderr and proc.returncode != 0 and "ruhrgraph" not in proc.stderr:
            pytest.skip(f"cannot make a read-only mount here: {proc.stderr.strip()}")
    else:
        for path in [store, *store.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        try:
            proc = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, errors="replace",
                                  timeout=120)
        finally:
            for path in [store, *store.rglob("*")]:
                path.chmod(path.stat().st_mode | 0o200)
    return outcome(proc.returncode, proc.stdout + proc.stderr + "\n" + compare(before, file_hashes(store)))


def planted_symlink(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Callable[[Path], str]) -> Any:
    """Plant ``store/<case['link']>`` as a symbolic link to a victim file, run ``case['args']``,
    and report whether the victim was written."""
    victim = work / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = store / case["link"]
    if link.exists() or link.is_symlink():
        link.unlink()
    link.symlink_to(victim)
    (work / "neu.txt").write_text(SEED.read_text(encoding="utf-8").replace("Korea", "Kanada"), encoding="utf-8")
    code, output = cli([a.replace("{store}", str(store)).replace("{dir}", str(work)) for a in case["args"]], work)
    kept = victim.read_text(encoding="utf-8") == "precious\n"
    return outcome(code, output + ("\nvictim untouched" if kept else "\nVICTIM OVERWRITTEN"))


# -- dumps ----------------------------------------------------------------------------------------------
def interrupted_dump(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Callable[[Path], str]) -> Any:
    """Dump the seed store, change it, dump again but interrupt the second dump (Ctrl-C) at the
    ``case['at']``-th rename; the dump folder must hold the old dump or the new one, not a mixture."""
    from ruhrgraph.publish import dump as dump_module
    from ruhrgraph.store.local import Store

    out, fresh = work / "dumps", work / "fresh"
    with Store.open(store, read_only=True) as opened:
        dump_module.dump(opened, out)
    old = file_hashes(out)
    with Store.open(store) as opened:
        opened.update('INSERT DATA { GRAPH <https://w3id.org/ruhrgraph/graph/curation> { '
                      '<https://w3id.org/ruhrgraph/id/city/hagen> <http://www.w3.org/2000/01/rdf-schema#label> '
                      '"Hagen"@de } }')
    with Store.open(store, read_only=True) as opened:
        dump_module.dump(opened, fresh)
        new = file_hashes(fresh)
        calls = {"n": 0}
        real_replace, real_rename = os.replace, os.rename

        def interrupting(real: Callable[..., Any]) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                calls["n"] += 1
                if calls["n"] == int(case["at"]):
                    raise KeyboardInterrupt
                return real(*args, **kwargs)
            return call

        os.replace, os.rename = interrupting(real_replace), interrupting(real_rename)
        try:
            dump_module.dump(opened, out)
            interrupted = False
        except KeyboardInterrupt:
            interrupted = True
        finally:
            os.replace, os.rename = real_replace, real_rename
    now = file_hashes(out)
    state = "the old dump" if now == old else "the new dump" if now == new else "A MIXTURE of old and new files"
    leftovers = [p.name for p in work.iterdir() if p.name.startswith(".")]
    return outcome(0 if state != "A MIXTURE of old and new files" else 1,
                   f"interrupted: {interrupted}; the folder holds {state}"
                   + (f"; staging left: {leftovers}" if leftovers else ""))
