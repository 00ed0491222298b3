"""Benchmark extraction throughput on generated ~300-word articles (target: 50 articles/s on one core).

Extraction only — reading, segmentation, mentions, linking, relations and the RDF graph — as
``ruhrgraph extract`` does it, in one process on one core. The gazetteer and matchers are
loaded once before timing (they load once per process in real use too); the load time is
printed separately.

Usage::

    python benchmarks/bench_extract.py             # 500 articles, 300 words each
    python benchmarks/bench_extract.py -n 200 --words 300

Record the figures by hand in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_articles import generate

from ruhrgraph.extract.pipeline import extract_article, warm_up
from ruhrgraph.extract.read import read_file, structure
from ruhrgraph.model import Article


def pad_to(article: Article, words: int, filler: list[str]) -> Article:
    """Lengthen an article to about ``words`` words with sentences from other articles."""
    text = article.text
    i = 0
    while len(text.split()) < words and filler:
        text += "\n" + filler[i % len(filler)]
        i += 1
    title, sections = structure(text)
    return Article(id=article.id, text=text, source=article.source, title=title, date=article.date,
                   sections=sections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="number of articles")
    parser.add_argument("--words", type=int, default=300, help="words per article (about)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(args.n, tmp, seed=11)
        articles = [a for p in paths for a in read_file(p)]
    filler = [line for a in articles[:50] for line in a.text.split("\n")[1:] if len(line.split()) > 8]
    articles = [pad_to(a, args.words, filler[i % 7:]) for i, a in enumerate(articles)]
    words = sum(len(a.text.split()) for a in articles) / len(articles)

    t0 = time.perf_counter()
    warm_up()  # loads gazetteer, matchers, spaCy and HanTa, as `build` does before its workers start
    load = time.perf_counter() - t0
    for a in articles[:5]:  # first calls fill per-process caches (Python's, the regex module's)
        extract_article(a)

    cpu0, wall0 = time.process_time(), time.perf_counter()
    triples = 0
    for a in articles:
        triples += len(extract_article(a).graph)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"articles: {len(articles)}, {words:.0f} words each on average, {triples / len(articles):.0f} triples each")
    print(f"one-off load (gazetteer, matchers): {load:.2f} s")
    print(f"throughput: {len(articles) / wall:.1f} articles/s wall, {len(articles) / cpu:.1f} articles/s CPU")
    print(f"per article: {1000 * wall / len(articles):.1f} ms wall, {1000 * cpu / len(articles):.1f} ms CPU")


if __name__ == "__main__":
    main()
