"""Shared fixtures: real SPARQL servers on loopback and a store holding the seed article.

* ``oxigraph_server`` — ``oxigraph serve`` (PyPI ``oxigraph``) on a free 127.0.0.1 port, in-memory,
  with ``--union-default-graph`` so that queries see the union of the named graphs like the
  embedded store does.
* ``virtuoso_server`` — Virtuoso 7 (``virtuoso-t``) started in a temporary folder with its own
  generated ``virtuoso.ini`` on two free loopback ports (SQL and HTTP); the ``SPARQL`` user is
  granted ``SPARQL_UPDATE`` through ``isql`` so that the unauthenticated Graph Store endpoint
  ``/sparql-graph-crud`` accepts uploads. Row cap (``ResultSetMaxRows``) is 2000.
* ``seed_store`` — a store folder into which the seed article was ingested (session-scoped; use
  it read-only).
* ``store_dir`` — a fresh store folder that already holds the gazetteer graph (copied from a
  session template, so that each test does not spend seconds writing 30,000 reference triples).

A server fixture skips its tests only when the binary is absent, and says which one.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLE = ROOT / "data" / "articles" / "000_cbab0d245a9d8950.txt"
SEED_REFERENCE = ROOT / "tests" / "data" / "seed_reference.trig"
VIRTUOSO_ROW_CAP = 2000

# the parsed-data cache (ruhrgraph._cache) of this test run, not the user's ~/.cache (commands the
# tests start inherit it); removed when the run ends
_CACHE = tempfile.mkdtemp(prefix="rg-test-cache-")
os.environ.setdefault("RUHRGRAPH_CACHE_DIR", _CACHE)
atexit.register(shutil.rmtree, _CACHE, True)


@dataclass(frozen=True)
class Server:
    """A running SPARQL server: where to query, update and upload graphs."""

    name: str
    base_url: str
    query_url: str
    update_url: str
    gsp_url: str
    folder: Path
    pid: int


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    query = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; log:\n"
                               + log.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(query, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {seconds} s; log:\n"
                       + log.read_text(errors="replace")[-3000:])


def _stop(process: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _oxigraph_binary() -> str | None:
    local = ROOT / ".venv" / "bin" / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An ``oxigraph serve`` process on a free loopback port (in-memory, union default graph)."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("oxigraph server binary not found (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = folder / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph",
             "--timeout-s", "60"], stdout=out, stderr=subprocess.STDOUT, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(base + "/query", process, log, 30)
        yield Server("oxigraph", base, base + "/query", base + "/update", base + "/store", folder,
                     process.pid)
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., {dir}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 256M
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {dir}/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = {row_cap}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""

VIRTUOSO_SETUP_SQL = 'GRANT SPARQL_UPDATE TO "SPARQL";\n'


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso 7 on free loopback ports, started from its own ``virtuoso.ini`` in a temp folder."""
    binary = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if binary is None:
        pytest.skip("virtuoso-t not found (apt install virtuoso-opensource; .ci/run installs it)")
    if isql is None:
        pytest.skip("isql-vt not found (it ships with virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso-server")
    (folder / "vsp").mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port,
                                       row_cap=VIRTUOSO_ROW_CAP), encoding="utf-8")
    log = folder / "stdout.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, "-c", str(ini), "+foreground"], stdout=out,
                                   stderr=subprocess.STDOUT, cwd=folder)
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_http(base + "/sparql", process, folder / "virtuoso.log", 120)
        setup = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba",
                                f"exec={VIRTUOSO_SETUP_SQL}"], capture_output=True, text=True,
                               timeout=60, env={**os.environ, "HOME": str(folder)})
        if setup.returncode != 0 or "Error" in setup.stdout + setup.stderr:
            raise RuntimeError(f"isql setup failed:\n{setup.stdout}\n{setup.stderr}")
        yield Server("virtuoso", base, base + "/sparql", base + "/sparql", base + "/sparql-graph-crud",
                     folder, process.pid)
    finally:
        _stop(process, grace=30)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def sparql_server(request: pytest.FixtureRequest) -> Server:
    """Each real server in turn (for tests that must pass on both)."""
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture(scope="session")
def reference_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder holding ``tests/data/seed_reference.trig`` (session-scoped, read-only use)."""
    from rdflib import Dataset, URIRef

    from ruhrgraph.store.local import Store

    if not SEED_REFERENCE.exists():
        pytest.fail(f"{SEED_REFERENCE} is missing (written by the ontology engineer)")
    dataset = Dataset()
    dataset.parse(SEED_REFERENCE, format="trig")
    folder = tmp_path_factory.mktemp("reference-store")
    with Store.open(folder) as store:
        for graph in dataset.graphs():
            if isinstance(graph.identifier, URIRef) and len(graph) and "urn:x-rdflib" not in str(
                    graph.identifier):
                store.replace_graph(graph.identifier, graph)
    return folder


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder into which the seed article was ingested (session-scoped, read-only use)."""
    from ruhrgraph.ingest.commit import ingest_paths
    from ruhrgraph.store.local import Store

    folder = tmp_path_factory.mktemp("seed-store")
    with Store.open(folder) as store:
        report = ingest_paths(store, [SEED_ARTICLE])
    assert report.rejected == [], report.summary()
    return folder


@pytest.fixture(scope="session")
def _store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ruhrgraph.ingest.commit import ingest_paths
    from ruhrgraph.ingest.curation import Curation
    from ruhrgraph.store.local import Store

    folder = tmp_path_factory.mktemp("store-template") / "store"
    with Store.open(folder) as store:
        ingest_paths(store, [], curation=Curation())  # writes graph/gazetteer and its record
    return folder


@pytest.fixture
def store_dir(_store_template: Path, tmp_path: Path) -> Path:
    """A fresh, writable store folder with the gazetteer graph already in it."""
    target = tmp_path / "store"
    shutil.copytree(_store_template, target, ignore=shutil.ignore_patterns("lock"))
    return target


@pytest.fixture(scope="module", params=["reference_store", "seed_store"])
def seed(request: pytest.FixtureRequest) -> Path:
    """The seed article twice, for the analytics tests: the hand-written reference graph (what
    extraction should give) and the store the pipeline ingested it into."""
    return request.getfixturevalue(request.param)


@pytest.fixture()
def five() -> Iterator[object]:
    """An in-memory store holding the hand-checkable five-actor graph (tests/data/analytics)."""
    import pyoxigraph as ox

    from ruhrgraph.store.local import Store

    with Store.open(None) as store:
        store.oxigraph.load(path=str(ROOT / "tests" / "data" / "analytics" / "five_actors.trig"),
                            format=ox.RdfFormat.TRIG)
        yield store
