"""Benchmark publishing: dumps of a large store, and the server's answers on it.

The store is synthetic but shaped like the real one: the hand-written seed reference graph
(tests/data/seed_reference.trig) copied N times as N article graphs. Per-article nodes (the
article, its statements, evidence, visits, delegations) get fresh IRIs in every copy, while
organisations, people, places and sectors are shared — so Wirtschaftsförderung Dortmund becomes
a hub with N× the incoming links, the worst case for its entity page.

Measures: dump wall time, sizes and peak memory; then, with the server running in-process
(Starlette TestClient, real worker processes), the median latency of an entity page (hub and
leaf), of Turtle for the hub, of a selective SPARQL query, and of the pre-check on a 100 kB
hostile query.

Usage::

    python benchmarks/bench_publish.py               # 1,000 copies (~420,000 quads)
    python benchmarks/bench_publish.py -n 2500       # ~1 million quads
    python benchmarks/bench_publish.py -n 2500 --dump-only   # the dumps alone

The store is built in a child process, so the peak memory printed is that of dumping alone.

Results go to stdout; record them by hand in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed_reference.trig"
ARTICLE = "000-cbab0d245a9d8950"
PER_ARTICLE = ("/article/", "/evidence/", "/membership/", "/visit/", "/event/", "/activity/",
               "/statement/", "/delegation/", "/graph/article/")


def build_store(folder: Path, copies: int) -> int:
    """Write ``copies`` renamed copies of the seed reference graph into a new store."""
    from ruhrgraph.store.local import Store

    quads = list(ox.parse(path=str(SEED), format=ox.RdfFormat.TRIG))

    def rename(term: object, i: int) -> object:
        if isinstance(term, ox.NamedNode) and ARTICLE in term.value \
                and any(k in term.value for k in PER_ARTICLE):
            return ox.NamedNode(term.value.replace(ARTICLE, f"{ARTICLE}-{i:05d}"))
        if isinstance(term, ox.BlankNode):
            return ox.BlankNode(f"{term.value}x{i}")
        return term

    with Store.open(folder) as store:
        batch: list[ox.Quad] = []
        for i in range(copies):
            for q in quads:
                batch.append(ox.Quad(rename(q.subject, i), q.predicate, rename(q.object, i),
                                     rename(q.graph_name, i)))
            if len(batch) > 200_000:
                store.oxigraph.bulk_extend(batch)
                batch = []
        store.oxigraph.bulk_extend(batch)
        return len(store.oxigraph)


def median_ms(fn: object, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--copies", type=int, default=1000)
    parser.add_argument("--dump-only", action="store_true", help="time the dumps, not the server")
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from ruhrgraph.publish.dump import dump
    from ruhrgraph.publish.serve.app import ServeSettings, create_app
    from ruhrgraph.publish.void import PublishSettings
    from ruhrgraph.sparql.guard import Policy, QueryRefused, check, under
    from ruhrgraph.store.local import Store

    print(f"machine: {platform.machine()}, {platform.processor() or '?'}; python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            quads = pool.submit(build_store, folder / "store", args.copies).result()
        built = time.perf_counter() - started
        print(f"store: {args.copies} article graphs, {quads:,} quads (built in {built:.1f} s)")

        with Store.open(folder / "store", read_only=True) as store:
            for run in (1, 2):
                started = time.perf_counter()
                files = dump(store, folder / "dumps")
                print(f"dump run {run}: {time.perf_counter() - started:.1f} s")
        sizes = {p.name: p.stat().st_size for p in files if not p.name.endswith(".sha256")}
        for name, size in sorted(sizes.items()):
            print(f"  {name:24s} {size / 1e6:9.2f} MB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of the dumping process: {rss:.0f} MiB")
        if args.dump_only:
            return

        settings = ServeSettings(store=folder / "store", dumps=folder / "dumps",
                                 publish=PublishSettings(base="https://w3id.org/ruhrgraph/"), timeout=30)
        with TestClient(create_app(settings)) as client:
            hub = "/doc/organisation/wirtschaftsfoerderung-dortmund"
            leaf = f"/doc/visit/{ARTICLE}-00007-56227342a689"
            for label, path, accept in (("entity page, hub (WFD)", f"{hub}.html", "text/html"),
                                        ("entity page, leaf (a visit)", f"{leaf}.html", "text/html"),
                                        ("Turtle, hub", f"{hub}.ttl", "text/turtle")):
                first = client.get(path, headers={"accept": accept})
                if first.status_code != 200:
                    message = first.text.split('class="error">')[-1][:300]
                    raise SystemExit(f"{path}: {first.status_code} {message}")
                ms = median_ms(lambda p=path, a=accept: client.get(p, headers={"accept": a}))
                print(f"{label:32s} median {ms:7.1f} ms")
            query = ("PREFIX rg: <https://w3id.org/ruhrgraph/ontology#> "
                     "PREFIX org: <https://w3id.org/ruhrgraph/id/organisation/> "
                     "SELECT ?v WHERE { ?v a rg:Visit ; rg:hostedBy org:wirtschaftsfoerderung-dortmund } "
                     "LIMIT 100")
            print(f"{'SPARQL, selective, 100 rows':32s} median "
                  f"{median_ms(lambda: client.get('/sparql', params={'query': query})):7.1f} ms")

        hostile = "SELECT * WHERE { ?s ?p " + "\\'" * 49_000 + " }"

        def scan() -> None:
            try:
                check(hostile, Policy(is_local_graph=under("https://w3id.org/ruhrgraph/")))
            except QueryRefused:
                pass

        print(f"{'pre-check, 100 kB hostile text':32s} median {median_ms(scan):7.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
