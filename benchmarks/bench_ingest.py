"""Benchmark the ingest: N generated articles into a fresh store, end to end.

Measures the throughput (articles per second, validation included), the time per stage
(extract, curate, reference data, SHACL validation, serialise — the N-Triples for the writer
and, for rejected articles, the report — and commit), the SHACL share of the wall time, and the
peak memory (max RSS of this process and of the worker processes).
With ``--shapes`` it also times every SHACL node shape on its own over a sample of the article
graphs, to show which shapes make validation slow.

Usage::

    python benchmarks/bench_ingest.py                 # 1,000 articles, one process
    python benchmarks/bench_ingest.py -n 200 --jobs 2
    python benchmarks/bench_ingest.py -n 100 --shapes # per-shape timing

Results go to stdout; record them by hand in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_articles import generate

from ruhrgraph.ingest.commit import ingest_paths
from ruhrgraph.store.local import Store


def _max_rss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def run(n: int, jobs: int, folder: Path) -> dict[str, object]:
    """Ingest ``n`` generated articles with ``jobs`` workers; return the figures."""
    articles = folder / "articles"
    generate(n, articles, seed=42)
    started = time.perf_counter()
    with Store.open(folder / "store") as store:
        report = ingest_paths(store, [articles], jobs=jobs)
        wall = time.perf_counter() - started
        quads = store.quad_count()
    stages = report.timings
    per_article = sum(v for k, v in stages.items())
    return {
        "articles": n, "jobs": jobs, "wall": wall, "rate": n / wall,
        "committed": len(report.committed), "rejected": len(report.rejected), "quads": quads,
        "stages": stages, "per_article_cpu": per_article,
        "shacl_share": stages.get("validate", 0.0) / wall if jobs == 1 else
        stages.get("validate", 0.0) / per_article,
        "rss_main": _max_rss_mib(resource.RUSAGE_SELF),
        "rss_children": _max_rss_mib(resource.RUSAGE_CHILDREN),
        "problems": [f"{o.source}: {o.message}" for o in report.rejected][:5],
    }


def shape_times(n: int, folder: Path, repeat: int = 1) -> list[tuple[str, float]]:
    """Seconds per node shape over the graphs of ``n`` generated articles (validated one by one)."""
    from pyshacl import validate
    from rdflib import BNode, Graph, URIRef
    from rdflib.namespace import RDF, SH

    from ruhrgraph.extract.gazetteer import reference_graph
    from ruhrgraph.extract.pipeline import extract_file
    from ruhrgraph.ingest.commit import _entity_iris
    from ruhrgraph.ingest.validate import _class_hierarchy, load_shapes

    articles = folder / "shape-articles"
    paths = generate(n, articles, seed=7)
    data = []
    for p in paths:
        for ex in extract_file(p):
            g = Graph()
            g += ex.graph
            g += reference_graph(_entity_iris(ex.graph))
            g += _class_hierarchy()
            data.append(g)
    shapes = load_shapes()
    node_shapes = sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str)

    def closure(node: URIRef) -> Graph:
        out = Graph()
        todo, seen = [node], set()
        while todo:
            s = todo.pop()
            if s in seen:
                continue
            seen.add(s)
            for t in shapes.triples((s, None, None)):
                out.add(t)
                o = t[2]
                if isinstance(o, BNode) or (isinstance(o, URIRef) and (o, None, None) in shapes
                                            and t[1] in (SH.property, SH.node, SH["not"], SH["and"],
                                                         SH["or"], SH.xone, RDF.first, RDF.rest)):
                    todo.append(o)
        return out

    results = []
    for shape in node_shapes:
        sub = closure(shape)
        t0 = time.perf_counter()
        for _ in range(repeat):
            for g in data:
                validate(g, shacl_graph=sub, inference="none", advanced=False, allow_warnings=True,
                         allow_infos=True)
        results.append((shapes.namespace_manager.normalizeUri(shape), (time.perf_counter() - t0) / repeat))
    return sorted(results, key=lambda kv: -kv[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of generated articles")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--shapes", action="store_true", help="also time each SHACL node shape")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        r = run(args.n, args.jobs, Path(tmp))
        print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
        print(f"{r['articles']} articles, jobs={r['jobs']}: {r['wall']:.1f} s wall, "
              f"{r['rate']:.1f} articles/s end to end")
        print(f"committed {r['committed']}, rejected {r['rejected']}, {r['quads']} quads in the store")
        stages: dict[str, float] = r["stages"]  # type: ignore[assignment]
        total = sum(stages.values())
        for stage, seconds in sorted(Counter(stages).items(), key=lambda kv: -kv[1]):
            per = 1000 * seconds / max(1, int(r["articles"]))  # type: ignore[call-overload]
            print(f"  {stage:<10} {seconds:8.2f} s  {per:7.1f} ms/article  {100 * seconds / total:5.1f} %")
        print(f"SHACL share of the time: {100 * float(r['shacl_share']):.1f} %")  # type: ignore[arg-type]
        print(f"peak memory: {r['rss_main']:.0f} MiB (main), {r['rss_children']:.0f} MiB (largest worker)")
        for p in r["problems"]:  # type: ignore[attr-defined]
            print(f"  problem: {p}")
        if args.shapes:
            sample = min(args.n, 100)
            print(f"\nseconds per node shape over {sample} article graphs (+ their reference data):")
            for name, seconds in shape_times(sample, Path(tmp)):
                print(f"  {name:<40} {seconds:7.3f} s")


if __name__ == "__main__":
    main()
