"""Benchmark the whole-store SHACL check of ``ruhrgraph build``: full against incremental.

Generates ``-n`` articles (``generate_articles.py``, seed 42), ingests them into a fresh store and
runs the analytics (as ``build`` does, not timed here), then:

1. a **full** check of the store (``storecheck.check(full=True)``, which writes the record);
2. **a text edit**: one article gets a sentence more (its graph changes, the actor network
   does not), re-ingested and analysed again; the **incremental** check is timed, then a full
   check of the same store, and their verdicts and findings are compared;
3. **a network edit**: in another article a person is replaced by a person of a third article
   (new ties, so ``graph/analytics`` is rewritten); timed and compared the same way.

Usage::

    python benchmarks/bench_validation.py              # 1,000 articles
    python benchmarks/bench_validation.py -n 10000 --no-compare --keep /tmp/b10k

With ``--keep`` an existing store there is reused (the articles, rewritten identically, are all
``unchanged``), so a large store is ingested once.

Prints a Markdown table for ``docs/performance.md``; run by hand, never by ``make test``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_articles import generate

from ruhrgraph.ingest.commit import ingest_paths
from ruhrgraph.ingest.storecheck import CheckOutcome, check
from ruhrgraph.network import measures
from ruhrgraph.store.local import Store

PEOPLE = """PREFIX rg: <https://w3id.org/ruhrgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label WHERE { ?p a rg:Person ; rg:mentionedIn ?a ; rdfs:label ?label .
  ?a rg:sourceFile ?file } ORDER BY ?label"""


def _key(outcome: CheckOutcome) -> tuple[Any, ...]:
    r = outcome.result
    return (r.conforms, sorted((str(f.focus), f.path or "", f.severity, f.shape) for f in r.results))


def _timed(store: Store, **kwargs: Any) -> tuple[CheckOutcome, float]:
    start = time.perf_counter()
    outcome = check(store, **kwargs)
    return outcome, time.perf_counter() - start


def _people(store: Store, path: Path) -> list[str]:
    from rdflib import Literal

    rows = store.select(PEOPLE.replace("?file }", "?file FILTER(?file = ?name) }"),
                        bindings={"name": Literal(path.name)})
    return [str(r["label"]) for r in rows]


def _change(store: Store, articles: list[Path], path: Path, text: str) -> dict[str, float]:
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    report = ingest_paths(store, articles)
    ingest = time.perf_counter() - start
    assert len(report.committed) == 1, report.summary()
    start = time.perf_counter()
    measures.analyze(store, "actors")
    return {"ingest": ingest, "analytics": time.perf_counter() - start}


def run(n: int, folder: Path, compare: bool = True) -> list[dict[str, Any]]:
    articles = generate(n, folder / "articles", seed=42)
    rows: list[dict[str, Any]] = []
    with Store.open(folder / "store") as store:
        start = time.perf_counter()
        ingest_paths(store, [folder / "articles"])
        measures.analyze(store, "actors")
        print(f"ingest and analytics of {n} articles: {time.perf_counter() - start:.0f} s "
              f"({store.quad_count()} quads)", file=sys.stderr)
        full, seconds = _timed(store, full=True)
        rows.append({"step": "full check", "seconds": seconds, "what": full.describe(),
                     "findings": len(full.result.results), "same": "—"})
        edits = [("text edit", articles[n // 2], None), ("network edit", articles[n // 3], articles[n // 5])]
        for name, path, donor in edits:
            text = path.read_text(encoding="utf-8")
            if donor is None:
                changed = text.replace("\n", "\nDie Gespräche sollen im kommenden Jahr fortgesetzt werden.\n", 1)
            else:
                mine, theirs = _people(store, path), _people(store, donor)
                assert mine and theirs, (path, donor)
                changed = text.replace(mine[0], theirs[0])
            extra = _change(store, [folder / "articles"], path, changed)
            incremental, seconds = _timed(store)
            row = {"step": f"incremental, {name}", "seconds": seconds, "what": incremental.describe(),
                   "findings": len(incremental.result.results), "same": "not compared", **extra}
            if compare:
                again, row["full"] = _timed(store, full=True, state_path=folder / "full-record.json")
                row["same"] = "yes" if _key(incremental) == _key(again) else "NO"
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the full check after each edit (saves two full checks at 10,000)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        rows = run(args.n, args.keep, not args.no_compare)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rows = run(args.n, Path(tmp), not args.no_compare)
    print(f"| {args.n:,} articles | check s | full check of the same store s | findings | same as full | "
          "what was checked |")
    print("|---|---:|---:|---:|---|---|")
    for r in rows:
        full = f"{r['full']:.1f}" if "full" in r else "—"
        print(f"| {r['step']} | {r['seconds']:.1f} | {full} | {r['findings']} | {r['same']} | {r['what']} |")
    for r in rows[1:]:
        print(f"\n{r['step']}: re-ingest {r['ingest']:.1f} s, analytics {r['analytics']:.1f} s")
    load = os.getloadavg()
    print(f"\n{date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB;"
          f" load average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
