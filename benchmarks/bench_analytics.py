"""Benchmark of the network analytics on a generated actor graph (run by hand).

    .venv/bin/python benchmarks/bench_analytics.py                 # 100,000 actors, 500,000 ties
    .venv/bin/python benchmarks/bench_analytics.py --nodes 20000 --edges 100000
    .venv/bin/python benchmarks/bench_analytics.py --no-export --without-query-graph

Generates a store in the graph model of docs/decisions/0003-graph-model.md — one article graph
per meeting, each with its rg:Article, an rg:Meeting with 3–5 participants (a mix of uniformly
drawn and popular actors, so degrees are heavy-tailed), affiliations of persons and seats of
organisations — until the projected actors view has the requested number of ties, with its
query graph (``--without-query-graph``: rebuilt when the store is opened, as before). Then it
times, each in the same process: the whole ``analyze`` (reading, lean projection, measures,
writing the scores back in one transaction), ``compute`` alone on the projected networkx view,
and — the reference — raw igraph computing the same measures with the same sampling on the same
edge list, with the ratio of the two; then the full projection that ``export`` uses. Peak memory
(max RSS) after each step. Prints a Markdown table for docs/performance.md; :func:`run` returns
the figures (with the analytics row of a combined benchmark table) to a caller.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import igraph as ig
import networkx as nx
import pyoxigraph as ox

from ruhrgraph.network._algorithms import seeded
from ruhrgraph.network.measures import Settings, analyze, compute
from ruhrgraph.network.views import load_facts, project
from ruhrgraph.store import querygraph
from ruhrgraph.store.local import Store

BASE = "https://w3id.org/ruhrgraph/"
RG = "https://w3id.org/ruhrgraph/ontology#"
SDO = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = (("organisation", "Company", 0.5), ("person", "Person", 0.4), ("city", "City", 0.09),
         ("country", "Country", 0.01))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(path: Path, n_nodes: int, n_edges: int, seed: int, *, query_graph: bool = True) -> dict[str, int]:
    """Write the generated store as N-Quads and bulk-load it; return what was generated.

    With ``query_graph`` the bulk load also fills the default graph with every distinct triple
    of the named graphs and the links derived from them — the query graph a ruhrgraph store keeps
    (:mod:`ruhrgraph.store.querygraph`) — so opening the store changes nothing (until 2026-12-03
    the derived links were missing, and opening the store for ``analyze`` wrote 100,000 display
    labels right before the timed analysis). Without it the store is opened on a store without a
    query graph, which is rebuilt in one big transaction right before the analysis (what
    this benchmark measured until 2026-12-02: RocksDB is then busy compacting 824,687 fresh
    triples in the background, and reads are slower until it is done)."""
    rng = random.Random(seed)
    actors: list[tuple[str, str]] = []
    for kind, cls, share in KINDS:
        for i in range(int(n_nodes * share)):
            actors.append((f"{BASE}id/{kind}/{kind}-{i}", cls))
    while len(actors) < n_nodes:
        actors.append((f"{BASE}id/organisation/organisation-x{len(actors)}", "Company"))
    orgs = [a for a, c in actors if c == "Company"]
    persons = [a for a, c in actors if c == "Person"]
    cities = [a for a, c in actors if c == "City"]
    hubs = rng.sample(range(len(actors)), max(10, n_nodes // 50))
    pairs: set[tuple[str, str]] = set()
    quads: list[str] = []
    day0 = date(2015, 1, 1)
    article_no = 0

    def article(lines: list[str]) -> None:
        nonlocal article_no
        g = f"<{BASE}graph/article/a{article_no}>"
        art = f"<{BASE}id/article/a{article_no}>"
        when = (day0 + timedelta(days=rng.randrange(3650))).isoformat()
        quads.append(f'{art} <{RDF_TYPE}> <{RG}Article> {g} .')
        quads.append(f'{art} <{SDO}datePublished> "{when}"^^<{XSD}date> {g} .')
        quads.extend(f"{line} {g} ." for line in lines)
        article_no += 1

    # every actor typed and labelled once, in the article that mentions it first
    mentioned: set[str] = set()

    def mention(iri: str, cls: str) -> list[str]:
        if iri in mentioned:
            return []
        mentioned.add(iri)
        return [f"<{iri}> <{RDF_TYPE}> <{RG}{cls}>", f'<{iri}> <{LABEL}> "{iri.rsplit("/", 1)[1]}"@de']

    cls_of = dict(actors)
    # affiliations and seats: one article per 20 facts
    direct: list[list[str]] = []
    for p in persons:
        o = rng.choice(orgs)
        pairs.add((min(p, o), max(p, o)))
        direct.append([*mention(p, "Person"), *mention(o, "Company"), f"<{p}> <{SDO}affiliation> <{o}>"])
    for o in orgs:
        c = rng.choice(cities)
        pairs.add((min(o, c), max(o, c)))
        direct.append([*mention(o, "Company"), *mention(c, "City"), f"<{o}> <{RG}basedIn> <{c}>"])
    for i in range(0, len(direct), 20):
        article([line for chunk in direct[i:i + 20] for line in chunk])
    # meetings until the ties are there
    meeting = 0
    while len(pairs) < n_edges:
        size = rng.choice((3, 4, 4, 5))
        chosen = {actors[rng.choice(hubs) if rng.random() < 0.25 else rng.randrange(len(actors))][0]
                  for _ in range(size)}
        if len(chosen) < 2:
            continue
        event = f"<{BASE}id/event/meeting-{meeting}>"
        when = (day0 + timedelta(days=rng.randrange(3650))).isoformat()
        lines = [f"{event} <{RDF_TYPE}> <{RG}Meeting>", f'{event} <{SDO}startDate> "{when}"^^<{XSD}date>']
        for iri in sorted(chosen):
            lines += mention(iri, cls_of[iri])
            lines.append(f"{event} <{RG}participant> <{iri}>")
        ordered = sorted(chosen)
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
        article(lines)
        meeting += 1
    nq = path.parent / "generated.nq"
    with nq.open("w", encoding="utf-8") as out:
        out.writelines(q + "\n" for q in quads)
        if query_graph:  # the same triples in the default graph (a repeated triple is stored once)
            out.writelines(q.rsplit(" <", 1)[0] + " .\n" for q in quads)
    store = ox.Store(str(path / "store"))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    if query_graph:  # and the links derived from it (display labels …), as a ruhrgraph writer keeps them
        store.update(querygraph.derive_update())
    store.flush()
    store.optimize()  # at rest: RocksDB compacts now, not while the analysis reads
    del store
    nq.unlink()
    return {"actors": len(mentioned), "ties": len(pairs), "articles": article_no, "meetings": meeting,
            "quads": len(quads)}


def timed(results: dict[str, dict[str, float]], name: str, func):  # type: ignore[no-untyped-def]
    """Run ``func``; record wall-clock and CPU seconds (the machine may be shared) and peak RSS."""
    start, cpu = time.perf_counter(), time.process_time()
    value = func()
    results[name] = {"seconds": round(time.perf_counter() - start, 2),
                     "cpu": round(time.process_time() - cpu, 2), "peak_mib": round(peak_mib())}
    r = results[name]
    print(f"  {name:<28} {r['seconds']:>8.2f} s wall {r['cpu']:>8.2f} s CPU   peak {r['peak_mib']:>6.0f} MiB",
          flush=True)
    return value


def raw_igraph(graph: nx.Graph, settings: Settings) -> dict[str, float]:
    """The reference: the same measures straight on igraph from the view's integer edge list
    (what a researcher would write by hand), with the same sampling as ``compute``."""
    nodes = sorted(graph)
    index = {iri: i for i, iri in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in graph.edges()]
    weights = [float(w) for _, _, w in graph.edges(data="weight", default=1.0)]
    timings: dict[str, float] = {}

    def step(name: str, func):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        value = func()
        timings[name] = round(time.perf_counter() - start, 2)
        return value

    start = time.perf_counter()
    g = step("graph from edge list", lambda: ig.Graph(n=len(nodes), edges=edges, directed=False))
    n, m = g.vcount(), g.ecount()
    k = min(n, max(settings.min_pivots, settings.work_budget // (n + m)))
    sources = sorted(random.Random(settings.seed).sample(range(n), k))
    if n * (n + m) <= settings.work_budget:
        step("betweenness", lambda: g.betweenness(directed=False))
        step("closeness", lambda: g.closeness())
    else:
        step("betweenness", lambda: g.betweenness(directed=False, sources=sources))
        pivots = sorted(random.Random(settings.seed).sample(range(n), min(n, settings.closeness_pivots)))
        step("closeness", lambda: g.distances(source=pivots))
    step("eigenvector", lambda: g.eigenvector_centrality(weights=weights))  # the whole graph at once
    step("pagerank", lambda: g.pagerank(weights=weights, damping=settings.pagerank_alpha))
    with seeded(settings.seed):
        step("community", lambda: g.community_leiden(objective_function="modularity", weights=weights,
                                                     n_iterations=settings.leiden_iterations))
    step("brokerage", lambda: (g.constraint(), g.transitivity_local_undirected(mode="zero")))
    step("articulation", lambda: (g.articulation_points(), g.bridges()))
    timings["total"] = round(time.perf_counter() - start, 2)
    return timings


def run(nodes: int = 100_000, edges: int = 500_000, seed: int = 1, *, export_projection: bool = True,
        query_graph: bool = True,
        ) -> dict[str, object]:
    """Generate the store, time the analytics and the raw igraph reference in this process; the
    summary's ``row`` is the analytics line of a combined benchmark table (step, seconds, peak
    memory, reference seconds, ratio)."""
    results: dict[str, dict[str, float]] = {}
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="rg-bench-") as tmp:
        folder = Path(tmp) / "store"
        folder.mkdir()
        print(f"generating {nodes:,} actors / {edges:,} ties …", flush=True)
        made = timed(results, "generate + bulk load", lambda: generate(folder, nodes, edges, seed,
                                                                       query_graph=query_graph))
        print(f"  {made}", flush=True)
        with Store.open(folder) as store:
            full = timed(results, "whole analyze (store → scores written)",
                         lambda: analyze(store, "actors", settings))
            for name, seconds in full.timings.items():
                results[f"  {name}"] = {"seconds": seconds, "cpu": float("nan"), "peak_mib": float("nan")}
            print(f"  wrote {full.triples_written:,} triples; timings {full.timings}", flush=True)
            for note in full.notes:
                print(f"  note: {note}", flush=True)
            graph = timed(results, "lean projection again (the view for compute)",
                          lambda: project(store, "actors", lean=True))
        print(f"  actors view: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} ties", flush=True)
        report = timed(results, "compute (networkx view → all measures)", lambda: compute(graph, settings))
        raw = timed(results, "raw igraph on the same edge list", lambda: raw_igraph(graph, settings))
        print(f"  raw igraph steps: {raw}", flush=True)
        if export_projection:
            with Store.open(folder, read_only=True) as store:
                facts = timed(results, "read facts, full (what export uses)", lambda: load_facts(store))
                timed(results, "projection, full attributes", lambda: project(store, "actors", facts=facts))
    reference = results["raw igraph on the same edge list"]
    whole = results["whole analyze (store → scores written)"]
    ratios = {"compute / raw igraph": results["compute (networkx view → all measures)"]["seconds"]
              / reference["seconds"],
              "whole analyze / raw igraph": whole["seconds"] / reference["seconds"],
              "whole analyze / raw igraph, CPU": whole["cpu"] / reference["cpu"]}
    return {"date": date.today().isoformat(), "python": sys.version.split()[0], "load": os.getloadavg(),
            "machine": platform.machine(), "cores": os.cpu_count(), "networkx": nx.__version__,
            "igraph": ig.__version__, "generated": made, "notes": report.notes, "results": results,
            "raw_igraph": raw, "ratios": ratios,
            "row": {"step": f"analytics ({nodes:,} actors / {edges:,} ties)", "seconds": whole["seconds"],
                    "cpu": whole["cpu"], "peak_mib": whole["peak_mib"], "reference": "raw igraph, same edge list",
                    "reference_seconds": reference["seconds"], "ratio": ratios["whole analyze / raw igraph"]}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--no-export", action="store_true",
                        help="skip the full projection that export uses (the last two rows)")
    parser.add_argument("--without-query-graph", action="store_true",
                        help="bulk-load the named graphs only: the query graph is rebuilt when the store is "
                             "opened, right before the analysis (the benchmark's condition until 2026-12-02)")
    args = parser.parse_args(argv)
    summary = run(args.nodes, args.edges, args.seed, export_projection=not args.no_export,
                  query_graph=not args.without_query_graph)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    results: dict[str, dict[str, float]] = summary["results"]  # type: ignore[assignment]
    ratios: dict[str, float] = summary["ratios"]  # type: ignore[assignment]
    load = os.getloadavg()
    print(f"\n{date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, python-igraph "
          f"{ig.__version__}; load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("\n| step | wall s | CPU s | peak RSS (MiB) |\n|---|---:|---:|---:|")
    for name, value in results.items():
        peak = "" if value["peak_mib"] != value["peak_mib"] else f"{value['peak_mib']:.0f}"
        cpu = "" if value["cpu"] != value["cpu"] else f"{value['cpu']:.2f}"
        shown = name.strip() if not name.startswith("  ") else "  ↳ " + name.strip()
        print(f"| {shown} | {value['seconds']:.2f} | {cpu} | {peak} |")
    for name, ratio in ratios.items():
        print(f"| **ratio {name}** | **{ratio:.2f}×** | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
