"""What ``build``'s export keeps from one run to the next (issue 15): layouts by the digest of
their inputs, pictures whose inputs did not change, GEXF files whose text did not change — always
the bytes a fresh export writes."""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from ruhrgraph.network import _layout, _picture
from ruhrgraph.network.export import PICTURE_LIMIT, ExportOptions, annotate, export_many
from ruhrgraph.network.measures import compute
from ruhrgraph.network.views import project
from ruhrgraph.store.local import Store
from test_analyze import random_event_quads

OUTPUTS = ("actors.gexf", "actors.png")
BASE = "https://w3id.org/ruhrgraph/"
RG = "https://w3id.org/ruhrgraph/ontology#"


def random_view(seed: int, n: int) -> nx.Graph:
    """An annotated actors view of ``n`` nodes."""
    rng = random.Random(seed)
    graph = nx.Graph(view="actors")
    nodes = [f"https://example.org/id/n{i:04d}" for i in range(n)]
    for iri in nodes:
        graph.add_node(iri, label=f"Akteur {iri[-4:]}", category=rng.choice(["organisation", "person", "city"]),
                       article_count=rng.randrange(1, 9))
    for _ in range(n * 2):
        a, b = rng.sample(nodes, 2)
        graph.add_edge(a, b, weight=float(rng.randrange(1, 4)))
    return annotate(graph, compute(graph))


def test_a_cached_layout_is_the_fresh_one_and_follows_its_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = random_view(1, 60)
    fresh = _layout.layout(graph, 7)
    cache: dict[str, object] = {}
    assert _layout.layout(graph, 7, cache=cache) == fresh and len(cache) == 1
    cache = json.loads(json.dumps(cache))  # as the record keeps it

    def no_layout(*_: object) -> None:
        raise AssertionError("computed again")

    with monkeypatch.context() as patched:
        patched.setattr(_layout, "_layout", no_layout)
        assert _layout.layout(graph, 7, cache=cache) == fresh
    heavier = graph.copy()
    a, b = next(iter(heavier.edges))
    heavier.edges[a, b]["weight"] += 1
    keys = {_layout.layout_key(g, s) for g, s in ((graph, 7), (graph, 8), (heavier, 7))}
    assert len(keys) == 3  # the seed and every weight are inputs
    assert _layout.layout(heavier, 7, cache=cache) == _layout.layout(heavier, 7) and len(cache) == 2


def png(graph: nx.Graph, options: ExportOptions, tmp: Path, name: str) -> bytes:
    out = tmp / name
    _picture.write_picture("png")(graph, out, options)
    return out.read_bytes()


def test_the_picture_digest_decides_the_picture(tmp_path: Path) -> None:
    """Equal digests, equal bytes (what the picture does not show may change); a change of what it
    shows changes the digest and the picture. A view larger than the picture limit, so the choice
    of the nodes shown is an input too."""
    options = ExportOptions()
    graph = random_view(2, PICTURE_LIMIT + 30)
    inputs = _picture.picture_inputs(graph, options)
    assert inputs.limited and len(inputs.shown) == PICTURE_LIMIT
    hidden = min(graph, key=lambda n: graph.nodes[n]["pagerank"])  # not among the nodes shown
    same = graph.copy()
    same.nodes[hidden]["label"] = "Nicht gezeigt"
    for iri in same:
        same.nodes[iri]["article_count"] += 1
    assert _picture.picture_inputs(same, options).digest("png") == inputs.digest("png")
    assert png(same, options, tmp_path, "same.png") == png(graph, options, tmp_path, "graph.png")
    shown = max(graph, key=lambda n: graph.nodes[n]["pagerank"])
    other = graph.copy()
    other.nodes[shown]["label"] = "Umbenannt GmbH"
    assert _picture.picture_inputs(other, options).digest("png") != inputs.digest("png")
    assert png(other, options, tmp_path, "other.png") != png(graph, options, tmp_path, "graph.png")
    assert inputs.digest("svg") != inputs.digest("png")


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {name: ((folder / name).stat().st_mtime_ns, (folder / name).stat().st_ino) for name in OUTPUTS}


def fresh_export(store: Store, folder: Path) -> dict[str, bytes]:
    """What an export without record or facts writes."""
    folder.mkdir()
    export_many(store, "actors", [("gexf", folder / OUTPUTS[0]), ("png", folder / OUTPUTS[1])])
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def insert(store: Store, triple: str, article: str) -> None:
    graph = f"{BASE}graph/article/{article}"
    store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}", graphs=[graph])


def test_a_record_keeps_unchanged_files_and_rewrites_changed_ones(tmp_path: Path) -> None:
    out, record = tmp_path / "out", tmp_path / "export-state.json"
    out.mkdir()
    outputs = [("gexf", out / OUTPUTS[0]), ("png", out / OUTPUTS[1])]
    with Store.open(None) as store:
        store.oxigraph.load(random_event_quads(3), format=ox.RdfFormat.N_QUADS)
        export_many(store, "actors", outputs, record=record)
        first = stamps(out)
        assert {n: (out / n).read_bytes() for n in OUTPUTS} == fresh_export(store, tmp_path / "fresh1")
        export_many(store, "actors", outputs, record=record)
        assert stamps(out) == first  # neither written again
        # a file changed behind the record's back is written again
        (out / OUTPUTS[1]).write_bytes(b"not a picture")
        export_many(store, "actors", outputs, record=record)
        assert (out / OUTPUTS[1]).read_bytes() == (tmp_path / "fresh1" / OUTPUTS[1]).read_bytes()
        # an article that renames the most central actor changes both files: both are written
        graph = project(store, "actors")
        central = max(graph, key=lambda n: (graph.degree(n), n))
        insert(store, f'<{central}> <http://www.w3.org/2000/01/rdf-schema#label> "Aaa Umbenannt"@de', "r0")
        before = {n: (out / n).read_bytes() for n in OUTPUTS}
        export_many(store, "actors", outputs, record=record)
        after = {n: (out / n).read_bytes() for n in OUTPUTS}
        assert all(after[n] != before[n] for n in OUTPUTS)
        assert after == fresh_export(store, tmp_path / "fresh2")
        # only the article count of an actor changes: the GEXF is written, the picture kept
        kept = stamps(out)
        insert(store, f"<{central}> <{RG}mentionedIn> <{BASE}id/article/new>", "new")
        export_many(store, "actors", outputs, record=record)
        assert stamps(out)[OUTPUTS[1]] == kept[OUTPUTS[1]] and stamps(out)[OUTPUTS[0]] != kept[OUTPUTS[0]]
        assert {n: (out / n).read_bytes() for n in OUTPUTS} == fresh_export(store, tmp_path / "fresh3")
    saved = json.loads(record.read_text(encoding="utf-8"))
    assert set(saved["files"]) == {str((out / n).resolve()) for n in OUTPUTS} and saved["layouts"]
