"""Benchmark the saved queries on a large store: ruhrgraph next to raw pyoxigraph, and the CLI.

Builds a store from N generated articles (``benchmarks/generate_articles.py``; ingest with two
worker processes, the sector scheme, the analytics of the actors view) — or reuses one built by an
earlier run in the same ``--workdir``, or the one ``--store`` names (a 10,000-article build takes
about ten minutes) — then, per saved query (with its catalogue example's parameters unless
overridden below):

* **ruhrgraph**: :func:`ruhrgraph.sparql.saved.run_query` in process, parameter resolution
  included (median of ``--repeat`` runs);
* **query only**: the same through ruhrgraph with the parameters already resolved (so the difference
  to the first column is name resolution);
* **raw**: the same query text with the same resolved parameters bound, run by plain pyoxigraph
  on an in-memory copy of the store's default graph (each distinct triple once);
* their ratio (wall times; CPU times beside, as other jobs share the machine); and, for the
  flagship, ``ruhrgraph query …`` from the shell (wall clock and CPU, process start included).
  The load average is printed with each query.

Usage::

    python benchmarks/bench_queries.py                     # 10,000 articles
    python benchmarks/bench_queries.py -n 2000 --workdir /tmp/bq
    python benchmarks/bench_queries.py --store /tmp/bq/store-10000 --only institutes-linking

Results go to stdout; record them by hand in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

PARAMS: dict[str, dict[str, str]] = {  # parameters that exist in the generated articles (as in the
    "institutes-linking": {"country": "Korea", "city": "Dortmund"},  # earlier measurements)
    "visits": {"country": "Japan"},
    "people": {"organisation": "BMR"},
    "actors-in": {"city": "Metropole Ruhr"},
    "sector-actors": {"sector": "Logistik"},
    "partners": {"organisation": "BMR"},
    "central-actors": {"type": "Organisation", "limit": "10"},
    "evidence": {"entity": "Dortmund"},
    "timeline": {"entity": "BMR"},
    "low-confidence-statements": {"threshold": "0.8"},
}


def build(workdir: Path, n: int) -> Path:
    """The store folder for ``n`` articles under ``workdir`` (built unless it is there already)."""
    from generate_articles import generate
    from rdflib import Graph

    from ruhrgraph.ingest.commit import ingest_paths
    from ruhrgraph.iri import graph_iri
    from ruhrgraph.network.measures import analyze
    from ruhrgraph.store.local import Store

    folder = workdir / f"store-{n}"
    if (folder / "store").is_dir():
        print(f"reusing {folder}")
        return folder
    articles = workdir / f"articles-{n}"
    if not articles.is_dir():
        generate(n, articles, seed=7)
    started = time.perf_counter()
    with Store.open(folder) as store:
        report = ingest_paths(store, [articles], jobs=2)
        print(report.summary().splitlines()[0])
        scheme = Graph()
        scheme.parse(ROOT / "ontology" / "sectors.ttl", format="turtle")
        if not store.has_graph(graph_iri("sectors")):
            store.replace_graph(graph_iri("sectors"), scheme)
        analyze(store, "actors")
        print(f"store built in {time.perf_counter() - started:.0f} s: {len(store.graphs())} graphs, "
              f"{store.quad_count()} quads in named graphs, "
              f"{len(store.oxigraph) - store.quad_count()} distinct triples in the query graph")
    return folder


def median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    return median_ms_cpu(fn, repeat)[0]


def median_ms_cpu(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall and CPU milliseconds of ``repeat`` runs after a warm-up run (the CPU time says
    more than the wall time on a machine shared with other jobs)."""
    fn()  # warm caches
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000


def main(argv: list[str] | None = None) -> int:
    from ruhrgraph.sparql.bind import bind_terms
    from ruhrgraph.sparql.paging import paged
    from ruhrgraph.sparql.run import execute
    from ruhrgraph.sparql.saved import get_query, list_queries, run_query
    from ruhrgraph.store.local import Store

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ruhrgraph-bench-queries")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, help="reuse this store folder instead of building one")
    parser.add_argument("--only", action="append", default=[], help="only this saved query (repeatable)")
    args = parser.parse_args(argv)
    if args.store is not None:
        if not (args.store / "store").is_dir():
            parser.error(f"--store {args.store}: no store there (expected {args.store / 'store'})")
        folder = args.store
    else:
        args.workdir.mkdir(parents=True, exist_ok=True)
        folder = build(args.workdir, args.articles)
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"pyoxigraph {ox.__version__}, load average {os.getloadavg()[0]:.1f}")
    with Store.open(folder, read_only=True) as store:
        raw = ox.Store()
        raw.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                        for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        print(f"raw copy: {len(raw)} triples\n")
        print(f"{'query':<28} {'rows':>6} {'ruhrgraph ms':>13} {'(CPU)':>7} {'query only':>11} {'raw ms':>8} "
              f"{'(CPU)':>7} {'ratio':>6} {'load':>5}")
        for saved in list_queries():
            if args.only and saved.name not in args.only:
                continue
            params = PARAMS.get(saved.name, dict(saved.example))
            result = run_query(saved.name, params, store=store, timeout=None)
            query = get_query(saved.name)
            variables = {query.parameter(k).variable: v for k, v in result.parameters.items()
                         if query.parameter(k).variable}  # not the ``page`` of a paged query
            sparql = paged(query.sparql, query.page_size, 1) if query.page_size else query.sparql
            text = bind_terms(sparql, variables or None)
            ours, ours_cpu = median_ms_cpu(lambda: run_query(saved.name, params, store=store,  # noqa: B023
                                                             timeout=None), args.repeat)
            bare = median_ms(lambda: execute(sparql, store=store, bindings=variables,  # noqa: B023
                                             timeout=None, form=query.form), args.repeat)  # noqa: B023
            theirs, theirs_cpu = median_ms_cpu(lambda: [tuple(s) for s in raw.query(text)], args.repeat)  # noqa: B023
            label = saved.name + (f" ({', '.join(f'{k}={v}' for k, v in params.items())})" if params else "")
            print(f"{label[:60]:<60}\n{'':<28} {len(result.rows):>6} {ours:>13.1f} {ours_cpu:>7.1f} {bare:>11.1f} "
                  f"{theirs:>8.1f} {theirs_cpu:>7.1f} {ours / theirs if theirs else float('nan'):>6.1f} "
                  f"{os.getloadavg()[0]:>5.1f}", flush=True)
    cli = [sys.executable, "-m", "ruhrgraph", "query", "institutes-linking", "--param", "country=Korea",
           "--param", "city=Dortmund", "--format", "csv", "--store", str(folder)]
    # as an installed ruhrgraph runs: with its modules' bytecode cached (a shell that sets
    # PYTHONDONTWRITEBYTECODE made every run compile 31 modules again, 55 ms); one run to write it
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(ROOT / "src")}
    subprocess.run(cli, check=True, capture_output=True, env=env)
    walls, cpus = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cli, check=True, capture_output=True, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(time.perf_counter() - t0)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(f"\n`ruhrgraph query institutes-linking --param country=Korea --param city=Dortmund --format csv`: "
          f"{statistics.median(walls):.2f} s wall (runs: {', '.join(f'{w:.2f}' for w in walls)}), "
          f"{statistics.median(cpus):.2f} s CPU (median of 5 after a warm-up run, process start included), "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
