"""Ingest: read → extract → curate → validate → commit, one article at a time.

For every article file (``.txt``, ``.md``, ``.html``, ``.jsonl`` — a JSON Lines file holds several
articles):

1. **extract** its named graph (:func:`ruhrgraph.extract.extract_file`); an unreadable file
   (binary, empty, bad encoding) is reported and the batch goes on;
2. **curate**: the steward's rewriting rules (merge, rename, retype, delete) are applied
   (:mod:`ruhrgraph.ingest.curation`, :mod:`ruhrgraph.ingest.apply`);
3. **validate** the article graph together with the gazetteer's reference data of the entities
   it mentions (:class:`ruhrgraph.ingest.validate.Validator`) — only what the article touches,
   not the whole store;
4. **commit** it in one Oxigraph transaction with the next articles (:data:`COMMIT_BATCH` at a
   time, :meth:`Store.replace_graphs_lines`): each article graph is replaced whole, so an
   interrupted run leaves every article graph complete or absent.

An article with a ``sh:Violation`` is not committed; its graph and a readable report go to
``<store>/quarantine/<article>.trig`` and ``….txt``, and what the store held before stays.

Ingest is idempotent: a file whose bytes, curation rules, gazetteer, shapes and code are the
same as when it was last committed is skipped (``unchanged``; the record lives in
``<store>/ingest-state.json``, a cache that may be deleted at any time: :mod:`._state` — a file
whose stat is unchanged is not read again, a graph no writer touched since is not looked up
again), and re-committing the same graph leaves the store byte-identical anyway. The reference
graphs — the ontology, the sector scheme and the gazetteer entries the articles use — and
``graph/curation`` are kept up to date by :mod:`ruhrgraph.ingest.reference`.

Steps 1–3 are the article gate (:class:`ruhrgraph.ingest.gate.Gate`), built once per run with
the curation rules and the validator and handed every article. With ``jobs > 1`` worker
processes run the gate in parallel (:mod:`ruhrgraph.ingest._workers`) while this process alone
writes to the store, in input order.

Example::

    with Store.open(".ruhrgraph") as store:
        report = ingest_paths(store, ["data/articles"])
    print(report.summary())
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal

from ruhrgraph.errors import InputError, StoreError
from ruhrgraph.ingest._state import STATE_FILE as STATE_FILE
from ruhrgraph.ingest._state import State as _State
from ruhrgraph.ingest._workers import prepare_files
from ruhrgraph.ingest.apply import CurationReport, check
from ruhrgraph.ingest.curation import Curation
from ruhrgraph.ingest.gate import Extractor, Failed, Gate, Prepared
from ruhrgraph.ingest.gate import entity_iris as _entity_iris  # noqa: F401 - benchmarks/bench_ingest.py uses it
from ruhrgraph.ingest.reference import prune_gazetteer, write_reference_graphs
from ruhrgraph.iri import base_iri, slugify
from ruhrgraph.namespace import RG
from ruhrgraph.store.local import Store

if TYPE_CHECKING:
    from ruhrgraph.ingest.validate import Validator

QUARANTINE = "quarantine"


# -- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleOutcome:
    """What happened to one article (or to a file that gave none).

    ``status`` is ``committed`` (stored), ``unchanged`` (skipped: already stored as is),
    ``rejected`` (a SHACL violation; quarantined) or ``failed`` (unreadable or extraction error).
    """

    source: str
    status: str
    graph: str = ""
    triples: int = 0
    message: str = ""
    quarantine: str = ""
    violations: int = 0
    warnings: int = 0
    rules: tuple[str, ...] = ()
    timings: tuple[tuple[str, float], ...] = ()
    notes: tuple[str, ...] = ()  # what the reader or extractor warned about (e.g. re-encoded text)


@dataclass
class IngestReport:
    """The outcome of a batch."""

    outcomes: list[ArticleOutcome] = field(default_factory=list)
    curation: CurationReport | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def _with(self, status: str) -> list[ArticleOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def committed(self) -> list[ArticleOutcome]:
        return self._with("committed")

    @property
    def unchanged(self) -> list[ArticleOutcome]:
        return self._with("unchanged")

    @property
    def rejected(self) -> list[ArticleOutcome]:
        """Articles that were not stored: SHACL violations and unreadable files."""
        return [o for o in self.outcomes if o.status in ("rejected", "failed")]

    @property
    def exit_code(self) -> int:
        """0 when everything was stored (or already was), 1 when something was rejected."""
        return 1 if self.rejected else 0

    @property
    def timings(self) -> dict[str, float]:
        """Seconds per stage summed over the batch (``extract``, ``validate``, ``commit`` …)."""
        total: dict[str, float] = {}
        for o in self.outcomes:
            for stage, seconds in o.timings:
                total[stage] = total.get(stage, 0.0) + seconds
        return total

    def summary(self) -> str:
        """Readable lines for the terminal."""
        n = len(self.outcomes)
        lines = [f"{n} article{'s' if n != 1 else ''}: {len(self.committed)} committed, "
                 f"{len(self.unchanged)} unchanged, {len(self._with('rejected'))} rejected, "
                 f"{len(self._with('failed'))} failed ({self.seconds:.1f} s)"]
        for o in self.rejected:
            where = f" — report: {o.quarantine}" if o.quarantine else ""
            lines.append(f"  {o.status}: {o.source}: {o.message}{where}")
        noted = [o for o in self.outcomes if o.notes and o.status == "committed"]
        for o in noted[:5]:
            lines.append(f"  note: {o.source}: {'; '.join(o.notes)}")
        if len(noted) > 5:
            lines.append(f"  note: … and {len(noted) - 5} more committed articles with reader warnings "
                         "(--verbose lists them)")
        if self.curation is not None:
            for line in self.curation.lines():
                lines.append(f"  curation {line}")
        lines += self.notes
        return "\n".join(lines)


# -- idempotency record ------------------------------------------------------------------------
def _hash_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for p in sorted(paths):
        if p.is_file():
            digest.update(p.name.encode())
            digest.update(p.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of what decides the extraction: the package's code, the extractor's full name (with its
    statistical NER model, if one is installed), the gazetteer, the ontology and shapes."""
    from ruhrgraph._resources import resource_dir
    from ruhrgraph.extract.pipeline import extractor_name

    parts = [_hash_files(Path(__file__).resolve().parents[1].rglob("*.py")), extractor_name()]
    for name in ("gazetteer", "ontology"):
        try:
            parts.append(_hash_files(resource_dir(name).rglob("*")))
        except FileNotFoundError:
            parts.append("")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# -- article identity ------------------------------------------------------------------------
def stored_article(store: Store, graph: str) -> tuple[set[str], set[str]]:
    """The content hashes and source file names of the articles stored in ``graph`` (two index
    look-ups; a SPARQL query here took 70 ms per article, most of a rebuild's time)."""
    import pyoxigraph as ox

    try:
        g = ox.NamedNode(graph)
    except ValueError:  # not an IRI (a damaged ingest record): no article is stored there
        return set(), set()
    content_hash, source_file = ox.NamedNode(str(RG.contentHash)), ox.NamedNode(str(RG.sourceFile))
    hashed = {q.subject: q.object.value for q in store.quads_for_pattern(None, content_hash, None, g)
              if isinstance(q.object, ox.Literal)}
    files = {q.object.value for q in store.quads_for_pattern(None, source_file, None, g)
             if q.subject in hashed and isinstance(q.object, ox.Literal)}
    return set(hashed.values()), files


def content_hash(item: Prepared) -> str:
    """The ``rg:contentHash`` of the article in a prepared graph ('' when it has none)."""
    marker = f"<{item.article}> <{RG.contentHash}> \""
    for line in item.lines:
        if line.startswith(marker):
            return line[len(marker):].split('"', 1)[0]
    return ""


def collision(store: Store, state: _State, path: Path, item: Prepared) -> str:
    """Why committing ``item`` would overwrite another file's article ('' when it would not).

    Article ids come from the file stem (or an ``id`` in the file), so ``a/bericht.txt`` and
    ``b/Bericht.txt`` — or two ``index.html`` — share one graph. The second is refused instead of
    silently replacing the first: the ingest record names the file that owns the graph (while it
    still exists); without a record, a stored article of another file name is another article.
    The same text (same content hash) under the same id is no conflict.
    """
    owners = state.owners(item.graph, path)
    if not owners and (state.owns(path, item.graph) or not store.has_graph(item.graph)):
        return ""
    hashes, files = stored_article(store, item.graph)
    if content_hash(item) in hashes:
        return ""
    if owners:
        other = owners[0]
    elif files and Path(item.source).name not in files:
        other = "the stored article from " + ", ".join(sorted(files))
    else:
        return ""  # the same file name, no record of another owner: an update of this article
    return (f"has the same article id as {other} (graph <{item.graph}>), which is in the store; not "
            "committed, the stored article is kept. Give one of them its own id (front matter or JSON "
            "`id:`) or rename the file; `ruhrgraph remove` frees the id")


# -- quarantine --------------------------------------------------------------------------------
def quarantine_dir(store: Store) -> Path | None:
    """``<store>/quarantine`` (``None`` for an in-memory store)."""
    return store.path / QUARANTINE if store.path is not None else None


def _slug(graph: str) -> str:
    return graph.rstrip("/").rsplit("/", 1)[-1] or "article"


def _write_quarantine(folder: Path, prepared: Prepared) -> Path:
    import pyoxigraph as ox

    from ruhrgraph.publish import rdfwrite as _rdfwrite

    folder.mkdir(parents=True, exist_ok=True)
    name = _slug(prepared.graph)
    g = ox.NamedNode(prepared.graph)
    triples = ox.parse("\n".join(prepared.lines).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    quads = _rdfwrite.canonical_quads(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
    trig = folder / f"{name}.trig"
    trig.write_bytes(_rdfwrite.trig(quads, prefixes=_rdfwrite.prefixes()))
    report = folder / f"{name}.txt"
    header = (f"Rejected: {prepared.source}\nGraph:    <{prepared.graph}> (not committed; the store "
              f"keeps what it had)\nData:     {trig}\n\n")
    report.write_text(header + prepared.report.rstrip() + "\n", encoding="utf-8")
    return report


def _clear_quarantine(folder: Path | None, graph: str) -> None:
    if folder is None:
        return
    for suffix in (".trig", ".txt"):
        (folder / f"{_slug(graph)}{suffix}").unlink(missing_ok=True)


# -- the batch ---------------------------------------------------------------------------------
COMMIT_BATCH = 10
"""Articles committed in one transaction (:meth:`Store.replace_graphs_lines`): the query graph's
derived links are recomputed once for them, a third of a commit (docs/performance.md). An
interrupted run still leaves every article graph complete or absent; it loses at most the
articles of the batch it was writing (the next run commits them)."""


@dataclass
class _FileWork:
    """One file's articles between the gate and the commit."""

    path: Path
    digest: str | None
    outcomes: list[ArticleOutcome | Prepared] = field(default_factory=list)  # Prepared: to commit
    complete: bool = True  # every article of the file is to be committed
    closed: bool = False  # every article of the file has been seen
    graphs: list[str] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _commit_batch(store: Store, items: list[Prepared]) -> tuple[dict[int, tuple[int, float]], StoreError | None]:
    """Commit ``items`` in one transaction: ``{id(item): (triples, seconds)}`` and ``None``. When the
    batch cannot be written, they are written one at a time: the result then ends before the
    article that failed, with the error naming it."""
    if not items:
        return {}, None
    t0 = time.perf_counter()
    try:
        counts = store.replace_graphs_lines([(item.graph, item.lines) for item in items])
    except StoreError:
        out: dict[int, tuple[int, float]] = {}
        for item in items:
            t1 = time.perf_counter()
            try:
                out[id(item)] = (store.replace_graph_lines(item.graph, item.lines), time.perf_counter() - t1)
            except StoreError as exc:
                stopped = StoreError(f"{exc}; stopped at {item.source} — every article committed before "
                                     "it is complete, this one and the rest are not stored")
                stopped.__cause__ = exc
                return out, stopped
        return out, None
    share = (time.perf_counter() - t0) / len(items)
    return {id(item): (count, share) for item, count in zip(items, counts, strict=True)}, None


def _rejected(folder: Path | None, item: Prepared) -> ArticleOutcome:
    """Quarantine an article with a SHACL violation; its outcome."""
    try:
        report_path = _write_quarantine(folder, item) if folder is not None else None
    except OSError as exc:
        report_path = None
        item = dataclasses.replace(item, first_problem=(
            f"{item.first_problem}; the quarantine report could not be written: "
            f"{exc.strerror or exc}"))
    return ArticleOutcome(
        item.source, "rejected", item.graph, len(item.lines),
        message=f"{item.violations} SHACL violation{'s' if item.violations != 1 else ''}"
                f" (first: {item.first_problem})",
        quarantine=str(report_path or ""), violations=item.violations,
        warnings=item.warnings, rules=item.rules, timings=item.timings, notes=item.notes)


def ingest_paths(store: Store, paths: Sequence[str | Path], jobs: int = 1, *,
                 curation: Curation | None = None, force: bool = False,
                 extractor: Extractor | None = None, validator: Validator | None = None,
                 progress: Callable[[ArticleOutcome, int, int], None] | None = None,
                 follow_links: bool = False) -> IngestReport:
    """Ingest every article under ``paths`` (files or folders) into ``store``.

    Args:
        store: the store, opened for writing.
        paths: article files and folders (searched recursively for ``.txt``, ``.md``, ``.html``,
            ``.jsonl``; hidden files are skipped).
        jobs: worker processes for extraction and validation (1 = in this process).
        curation: the steward's rules (default: none; :func:`ruhrgraph.ingest.curation.load` reads them).
        force: re-extract files that are recorded as unchanged.
        extractor: a function ``Path -> list[Extraction]`` (default
            :func:`ruhrgraph.extract.pipeline.extract_file`).
        validator: the SHACL validator every article is checked with (default
            :func:`ruhrgraph.ingest.validate.default_validator`, built once per process).
        progress: called after each article with ``(outcome, done, total files)``.
        follow_links: read symbolic links in the folders that point outside them (skipped and
            noted by default).

    Returns:
        An :class:`IngestReport`; ``exit_code`` is 1 when anything was rejected.

    Raises:
        StoreError: the store cannot be written (nothing is half-written: every article is
            complete or absent; articles are committed :data:`COMMIT_BATCH` at a time).
    """
    from ruhrgraph.extract.read import iter_article_files

    started = time.perf_counter()
    curation = curation or Curation()
    gate = Gate(curation, validator, extractor=extractor)
    report = IngestReport()
    skipped: list[str] = []
    files = list(iter_article_files(list(paths), follow_links=follow_links, skipped=skipped))
    report.notes += [f"  skipped: {line}" for line in skipped]
    state = _State(store, hashlib.sha256(f"{_code_fingerprint()}:{curation.digest}".encode())
                   .hexdigest())
    folder = quarantine_dir(store)
    report.notes += write_reference_graphs(store, curation, state, gate.validator, gazetteer=False)
    state.save()

    todo: list[tuple[Path, str | None]] = []
    done = 0
    for path in files:
        digest = state.digest(path)
        graphs = None if force or digest is None else state.unchanged(path, digest, store)
        if graphs is not None:
            for graph in graphs:
                report.outcomes.append(ArticleOutcome(str(path), "unchanged", graph,
                                                      state.triples(path, graph, store)))
            done += 1
            if progress is not None:
                progress(report.outcomes[-1], done, len(files))
        else:
            todo.append((path, digest))

    seen_graphs: dict[str, str] = {}
    waiting: list[_FileWork] = []  # files whose articles wait for the next commit
    pending = 0  # articles among them to commit

    def flush() -> None:
        """Commit what waits; finish the files whose every article has been seen (a JSON Lines file
        of many articles is committed batch by batch, and finished at its end)."""
        nonlocal done, pending
        committed, stopped = _commit_batch(store, [item for work in waiting for item in work.outcomes
                                                   if isinstance(item, Prepared)])
        pending = 0
        broken: _FileWork | None = None  # the file of the article the batch stopped at
        for work in waiting:
            for n, item in enumerate(work.outcomes):
                if not isinstance(item, Prepared) or broken is not None:
                    continue
                if id(item) not in committed:  # the batch stopped at it (see _commit_batch)
                    broken = work
                    continue
                count, seconds = committed[id(item)]
                _clear_quarantine(folder, item.graph)
                work.graphs.append(item.graph)
                work.hashes[item.graph] = content_hash(item)
                work.counts[item.graph] = count
                work.outcomes[n] = ArticleOutcome(item.source, "committed", item.graph, count,
                                                  warnings=item.warnings, rules=item.rules, notes=item.notes,
                                                  timings=(*item.timings, ("commit", seconds)))
        while waiting and waiting[0].closed and waiting[0] is not broken:
            work = waiting.pop(0)
            report.outcomes += [o for o in work.outcomes if isinstance(o, ArticleOutcome)]
            if work.digest is not None and work.complete and work.graphs:
                state.record(work.path, work.digest, work.graphs, work.hashes, work.counts)
            else:
                state.forget(work.path)
            done += 1
            if progress is not None and report.outcomes:
                progress(report.outcomes[-1], done, len(files))
        if broken is not None:
            assert stopped is not None
            state.forget(broken.path)
            state.save()  # best effort; its own failure must not hide this one
            raise stopped

    for (path, digest), results in zip(todo, prepare_files(gate, [p for p, _ in todo], jobs), strict=True):
        work = _FileWork(path, digest)
        waiting.append(work)
        for item in results:
            if isinstance(item, Failed):
                outcome: ArticleOutcome | Prepared = ArticleOutcome(
                    item.source, "failed", message=item.message, timings=item.timings)
            elif item.graph in seen_graphs:
                outcome = ArticleOutcome(item.source, "failed", item.graph, message=(
                    f"has the same article id as {seen_graphs[item.graph]} (graph <{item.graph}>); "
                    "rename one of the files or give it its own id"))
            elif not item.conforms:
                seen_graphs[item.graph] = item.source
                outcome = _rejected(folder, item)
            elif clash := collision(store, state, path, item):
                outcome = ArticleOutcome(item.source, "failed", item.graph, message=clash)
            else:
                seen_graphs[item.graph] = item.source
                outcome = item  # committed with the batch
                pending += 1
            work.complete &= isinstance(outcome, Prepared)
            work.outcomes.append(outcome)
            if pending >= COMMIT_BATCH:
                flush()
        work.closed = True
        if pending >= COMMIT_BATCH or not pending:
            flush()
    flush()
    report.notes += write_reference_graphs(store, curation, state, gate.validator, gate=False)
    if state.save() or state.problem:
        report.notes.append(state.problem)
    if curation.rules:
        report.curation = check(store, curation.rules)
    report.seconds = time.perf_counter() - started
    return report


# -- removing ----------------------------------------------------------------------------------
def resolve_article(store: Store, article: str) -> str:
    """The graph IRI of ``article``: a graph IRI, an article IRI, a file path or an article slug.

    Raises:
        InputError: no article graph matches (the message lists close matches).
    """
    prefix = base_iri() + "graph/article/"
    graphs = [g for g in store.graphs() if g.startswith(prefix)]
    candidates = [article]
    if article.startswith(base_iri() + "id/article/"):
        candidates.append(prefix + article.rsplit("/", 1)[-1])
    name = Path(article).name
    stem = Path(article).stem
    candidates += [prefix + slugify(stem), prefix + slugify(name)] if stem else []
    for c in candidates:
        if c in graphs:
            return c
    # an article whose rg:sourceFile is the given file name
    rows = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a ?source ?file } }",
                        bindings={"source": RG.sourceFile,
                                  "file": Literal(name)})
    found = sorted(str(r["g"]) for r in rows if str(r["g"]).startswith(prefix))
    if len(found) == 1:
        return found[0]
    close = [g.rsplit("/", 1)[-1] for g in graphs if slugify(stem)[:6] in g.rsplit("/", 1)[-1]][:5]
    hint = f"; did you mean {', '.join(close)}?" if close else "; `ruhrgraph explain` lists articles"
    raise InputError(article, f"no article graph in the store matches{hint}")


def remove_article(store: Store, article: str) -> str:
    """Delete one article's graph (one transaction); return its IRI."""
    graph = resolve_article(store, article)
    store.remove_graph(graph)
    state = _State(store, "")
    state.forget_graph(graph)
    prune_gazetteer(store)
    state.save()
    return graph
