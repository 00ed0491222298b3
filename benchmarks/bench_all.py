"""One benchmark table: every step of the pipeline against its reference, measured in the same run.

    make bench                                   # python -m benchmarks, small defaults (a few minutes)
    python -m benchmarks -n 10000 --nodes 100000 --edges 500000     # the real figure

Generates ``-n`` articles (``benchmarks/generate_articles.py``, seed 42) and runs each step in a
fresh process of its own (so that each peak memory, the child's max RSS, is that step's):

* **ingest** of the articles into a fresh store, SHACL gate on (one process), against the
  reference: a raw pyoxigraph bulk load of the same quads (the store's N-Quads) into a fresh store;
* **dumps** of that store (``ruhrgraph.publish.dump``: four formats, gzip, checksums, VoID),
  against pyoxigraph's own N-Quads dump of the same store;
* **build** (``ruhrgraph build``: ingest, analytics, whole-store validation, Gephi export, dumps)
  of the same articles into a fresh store, then again after one article changed, against the same
  bulk load (each with its stages' seconds; "summary and snapshot" is the rest: the summary's counts
  and flagship answer, publishing the store's snapshot and its name index); with ``--verify``, the
  second build's dumps, GEXF file and picture are compared with a fresh dump and export of its store;
* **analytics** on a generated actor graph of ``--nodes`` / ``--edges`` (``bench_analytics.run``:
  the whole ``analyze``), against raw igraph computing the same measures on the same edge list
  (measured in that same process, so its memory is not separate).

Prints one Markdown table (wall seconds, CPU seconds, peak MiB, the load average from other jobs at
the step's end, reference seconds, ratio) for
``docs/performance.md``; run by hand, never by ``make test``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _measured(func: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``func`` here (in the child); add wall, CPU seconds and this process's peak RSS."""
    start, cpu = time.perf_counter(), time.process_time()
    out = func(*args)
    out.setdefault("seconds", time.perf_counter() - start)
    out.setdefault("cpu", time.process_time() - cpu)
    out.setdefault("peak_mib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out.setdefault("load", os.getloadavg()[0])  # other jobs on the machine, at the step's end
    return out


def _in_child(func: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_measured, func, *args).result()


def _ingest(articles: str, store: str, nquads: str) -> dict[str, Any]:
    import pyoxigraph as ox

    from ruhrgraph.ingest.commit import ingest_paths
    from ruhrgraph.store.local import Store

    start = time.perf_counter()
    with Store.open(Path(store)) as opened:
        report = ingest_paths(opened, [Path(articles)], jobs=1)
        seconds = time.perf_counter() - start
        opened.oxigraph.dump(output=nquads, format=ox.RdfFormat.N_QUADS)  # for the reference, not timed
        quads = opened.quad_count()
    return {"seconds": seconds, "committed": len(report.committed), "rejected": len(report.rejected),
            "quads": quads}


def _bulk_load(nquads: str, store: str) -> dict[str, Any]:
    import pyoxigraph as ox

    fresh = ox.Store(store)
    fresh.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    fresh.flush()
    return {"quads": len(fresh)}


def _dump(store: str, out: str) -> dict[str, Any]:
    from ruhrgraph.publish.dump import dump
    from ruhrgraph.store.local import Store

    with Store.open(Path(store), read_only=True) as opened:
        files = dump(opened, Path(out))
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def _oxigraph_dump(store: str, out: str) -> dict[str, Any]:
    import pyoxigraph as ox

    from ruhrgraph.store.local import Store

    with Store.open(Path(store), read_only=True) as opened:
        opened.oxigraph.dump(output=out, format=ox.RdfFormat.N_QUADS)
    return {"bytes": Path(out).stat().st_size}


def _build(articles: str, store: str, curation: str) -> dict[str, Any]:
    """``ruhrgraph build`` of the articles (ingest, analytics, whole-store validation, Gephi export,
    dumps, flagship answer) into ``store``, as the command runs it."""
    from ruhrgraph.build import build

    summary = build([Path(articles)], Path(store), curation_dir=Path(curation))
    stages = {s.name: round(s.seconds, 1) for s in summary.stages}
    # the rest: the summary's counts and flagship answer, publishing the snapshot and its name index
    rest = summary.seconds - summary.ingest.seconds - summary.check.seconds - sum(s.seconds for s in summary.stages)
    return {"committed": len(summary.ingest.committed), "unchanged": len(summary.ingest.unchanged),
            "rejected": len(summary.ingest.rejected), "quads": summary.quads,
            "stages": {**stages, "summary and snapshot": round(rest, 1)},
            "validation": round(summary.check.seconds, 1), "ingest": round(summary.ingest.seconds, 1),
            "failed": [s.name for s in summary.stages if s.status == "failed"]}


def _verify(store: str, folder: str) -> dict[str, Any]:
    """What a rebuild wrote equals what a fresh export and a fresh dump of the same store write:
    every dump file (the gzip files decompressed: their members may be cut elsewhere), the GEXF
    file and the picture. Returns the names of the files that differ."""
    import gzip

    from ruhrgraph.network.export import export_many
    from ruhrgraph.publish.dump import dump
    from ruhrgraph.store.local import Store

    built, fresh = Path(store) / "out", Path(folder)
    with Store.open(Path(store), read_only=True) as opened:  # a reader's dump is always written afresh
        written = dump(opened, fresh)
        export_many(opened, "actors", [("gexf", fresh / "actors.gexf"), ("png", fresh / "actors.png")])
    names = [*sorted(p.name for p in written), "actors.gexf", "actors.png"]

    def content(path: Path) -> bytes:
        return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()

    differ = [n for n in names if not (built / n).is_file() or content(built / n) != content(fresh / n)]
    return {"files": len(names), "differ": differ,
            "gzip_identical": all((built / n).read_bytes() == (fresh / n).read_bytes()
                                  for n in names if n.endswith(".gz") and n not in differ)}


def _analytics(nodes: int, edges: int) -> dict[str, Any]:
    from bench_analytics import run

    summary = run(nodes, edges, export_projection=False)
    row: dict[str, Any] = summary["row"]  # type: ignore[assignment]
    # The analyze alone, not the generation of its store in this same process (its peak, max RSS
    # after analyze, still includes that generation).
    return {"seconds": row["seconds"], "cpu": row["cpu"], "peak_mib": row["peak_mib"],
            "reference_seconds": row["reference_seconds"]}


def _stages(done: dict[str, Any]) -> str:
    parts = [f"ingest {done['ingest']} s", f"validation {done['validation']} s",
             *(f"{k} {v} s" for k, v in done["stages"].items())]
    return ", ".join(parts) + (f"; FAILED: {', '.join(done['failed'])}" if done["failed"] else "")


def run(n: int, nodes: int, edges: int, folder: Path, *, build: bool = True,
        verify: bool = False) -> list[dict[str, Any]]:
    """Run every step and its reference; return the table's rows."""
    from generate_articles import generate

    articles, store, nquads = folder / "articles", folder / "store", folder / "store.nq"
    generate(n, articles, seed=42)
    rows = []
    ingest = _in_child(_ingest, str(articles), str(store), str(nquads))
    bulk = _in_child(_bulk_load, str(nquads), str(folder / "bulk"))
    rows.append({"step": f"ingest {n:,} articles ({ingest['quads']:,} quads, "
                         f"{ingest['rejected']} rejected)", **ingest,
                 "reference": "pyoxigraph bulk load, same N-Quads", "reference_seconds": bulk["seconds"],
                 "reference_peak_mib": bulk["peak_mib"], "rate": n / ingest["seconds"]})
    dumped = _in_child(_dump, str(store), str(folder / "out"))
    own = _in_child(_oxigraph_dump, str(store), str(folder / "oxigraph.nq"))
    rows.append({"step": f"dumps ({dumped['files']} files, {dumped['bytes'] / 1e6:.0f} MB)", **dumped,
                 "reference": "pyoxigraph N-Quads dump", "reference_seconds": own["seconds"],
                 "reference_peak_mib": own["peak_mib"]})
    if build:
        curation = folder / "curation"
        curation.mkdir()
        first = _in_child(_build, str(articles), str(folder / "built"), str(curation))
        rows.append({"step": f"`build` of {n:,} articles, first ({first['quads']:,} quads; stages "
                             f"{_stages(first)})", **first,
                     "reference": "pyoxigraph bulk load, same N-Quads", "reference_seconds": bulk["seconds"],
                     "reference_peak_mib": bulk["peak_mib"]})
        changed = sorted(p for p in articles.iterdir() if p.suffix in (".txt", ".md"))[n // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nNachtrag: Die Delegation reiste am "
                           "Folgetag nach Bochum weiter.\n", encoding="utf-8")
        second = _in_child(_build, str(articles), str(folder / "built"), str(curation))
        rows.append({"step": f"`build` again, one article changed ({second['committed']} committed, "
                             f"{second['unchanged']:,} unchanged; stages {_stages(second)})", **second,
                     "reference": "pyoxigraph bulk load, same N-Quads", "reference_seconds": bulk["seconds"],
                     "reference_peak_mib": bulk["peak_mib"]})
        if verify:
            checked = _in_child(_verify, str(folder / "built"), str(folder / "fresh"))
            print(f"verify: {checked['files']} files of the rebuild against a fresh dump and export: "
                  + (f"DIFFER: {', '.join(checked['differ'])}" if checked["differ"] else "all the same")
                  + ("" if checked["gzip_identical"] else " (gzip files the same once decompressed)"),
                  flush=True)
    analytics = _in_child(_analytics, nodes, edges)
    rows.append({"step": f"analytics ({nodes:,} actors / {edges:,} ties)", **analytics,
                 "reference": "raw igraph, same edge list (same process)", "reference_peak_mib": None})
    for row in rows:
        row["ratio"] = row["seconds"] / row["reference_seconds"]
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as one Markdown table."""
    lines = ["| step | wall s | CPU s | peak MiB | load | reference | ref. wall s | ref. peak MiB | ratio |",
             "|---|---:|---:|---:|---:|---|---:|---:|---:|"]
    for r in rows:
        ref_peak = "" if r["reference_peak_mib"] is None else f"{r['reference_peak_mib']:.0f}"
        lines.append(f"| {r['step']} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['peak_mib']:.0f} | "
                     f"{r.get('load', 0.0):.1f} | {r['reference']} | {r['reference_seconds']:.1f} | {ref_peak} | "
                     f"{r['ratio']:.1f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="generated articles (10000 for the real figure)")
    parser.add_argument("--nodes", type=int, default=20_000, help="actors of the analytics graph")
    parser.add_argument("--edges", type=int, default=100_000, help="ties of the analytics graph")
    parser.add_argument("--no-build", action="store_true", help="skip the two `build` runs")
    parser.add_argument("--verify", action="store_true",
                        help="after the second build, compare its dumps, GEXF and picture with a fresh dump and export")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rg-bench-all-") as tmp:
        rows = run(args.n, args.nodes, args.edges, Path(tmp), build=not args.no_build, verify=args.verify)
    load = os.getloadavg()
    print(f"\n{date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; load average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"ingest: {rows[0]['rate']:.1f} articles/s (one process, SHACL gate on)\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
