"""The second wall: query workers cannot open connections, even for a query the guard never saw."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from ruhrgraph.publish.serve.pool import JobFailed, PoolConfig, QueryPool
from ruhrgraph.store.local import Store
from test_guard import Listener

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="network namespaces are Linux only")


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    with Store.open(folder) as store:
        store.replace_graph(URIRef("https://w3id.org/ruhrgraph/graph/article/a"),
                            [(URIRef("https://w3id.org/ruhrgraph/id/a"), URIRef("https://schema.org/name"),
                              Literal("A"))])
    return folder


def test_an_isolated_process_reaches_no_loopback_listener(listener: Listener) -> None:
    code = ("import socket, sys; from ruhrgraph.publish.serve._netns import isolate_network; "
            "print(isolate_network()); "
            f"s = socket.socket(); s.settimeout(2); rc = s.connect_ex(('127.0.0.1', {listener.port})); "
            "print('connected' if rc == 0 else 'refused')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30).stdout.split()
    if out[0] != "isolated":
        pytest.skip(f"this machine forbids network namespaces: {' '.join(out)}")
    assert out[1:] == ["refused"]
    assert listener.hits == 0


def test_a_service_query_run_by_a_worker_makes_no_request(store_dir: Path, listener: Listener) -> None:
    """The query goes straight to the worker's task, past the guard, as a parser bug would let it."""
    pool = QueryPool(PoolConfig(store=store_dir, workers=1, timeout=20))
    pool.start()
    try:
        if pool.network != "isolated":
            pytest.skip(f"workers are {pool.network}")
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(JobFailed):
            pool.run("sparql", query, [], [], True, "text/turtle")
        silent = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        pool.run("sparql", silent, [], [], True, "text/turtle")
    finally:
        pool.close()
    assert listener.hits == 0


def test_without_isolation_the_same_worker_does_call_out(store_dir: Path, listener: Listener) -> None:
    """The control: the test above would notice a worker that can connect."""
    pool = QueryPool(PoolConfig(store=store_dir, workers=1, timeout=20, options=(("isolate_network", False),)))
    pool.start()
    try:
        silent = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        pool.run("sparql", silent, [], [], True, "text/turtle")
    finally:
        pool.close()
    assert listener.hits >= 1
