"""The newcomer's first hour (issue #14), as the guides tell it: ``ruhrgraph build`` then
``ruhrgraph serve`` (real processes on 127.0.0.1), then a linked-data client fetches the dumps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from _linked_data import BASE, WFD, LiveServer, live_server

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "000_cbab0d245a9d8950.txt"


@pytest.fixture(scope="module")
def built_and_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, LiveServer]]:
    """``ruhrgraph build ARTICLE --store S`` then ``ruhrgraph serve --store S`` (no --dumps)."""
    folder = tmp_path_factory.mktemp("first-hour")
    store = folder / "store"
    env = {**os.environ, "RUHRGRAPH_BASE": BASE}
    done = subprocess.run([sys.executable, "-m", "ruhrgraph", "build", str(SEED_ARTICLE), "--store", str(store)],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with live_server(store, None, folder / "serve.log") as server:
        yield store, server


def _get(server: LiveServer, path: str, accept: str = "*/*") -> tuple[int, str, bytes]:
    request = urllib.request.Request(server.url + path, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers.get("content-type", ""), response.read()


def test_dumps_of_a_build_are_served(built_and_served: tuple[Path, LiveServer]) -> None:
    store, server = built_and_served
    status, kind, body = _get(server, "/dumps/ruhrgraph.ttl")
    assert status == 200 and kind.startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert (rdflib.URIRef(WFD), rdflib.RDF.type, None) in graph
    assert body == (store / "out" / "ruhrgraph.ttl").read_bytes()
    status, kind, listing = _get(server, "/dumps/", "application/json")
    names = {f["name"] for f in json.loads(listing)}
    assert {"ruhrgraph.ttl", "ruhrgraph.ttl.gz", "ruhrgraph.nq", "void.ttl"} <= names
    assert "actors.gexf" not in names and "validation-report.txt" not in names  # the build's other files


def test_build_files_other_than_dumps_are_not_served(built_and_served: tuple[Path, LiveServer]) -> None:
    store, server = built_and_served
    assert (store / "out" / "actors.gexf").is_file()
    with pytest.raises(urllib.error.HTTPError) as caught:
        _get(server, "/dumps/actors.gexf")
    assert caught.value.code == 404
