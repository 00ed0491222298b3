"""``ruhrgraph build``: the main job — ingest, curate, validate, analyse, export, summarise.

:func:`build` runs every stage that exists, in order:

1. ingest every article under the given paths (default ``data/articles/``), applying the
   steward curation in ``data/curation/`` (:mod:`ruhrgraph.ingest.commit`, :mod:`ruhrgraph.ingest.curation`);
2. analytics (:func:`ruhrgraph.network.measures.analyze`, scores into ``graph/analytics``);
3. validate the whole store — every graph, the analytics included — against the SHACL shapes
   (:mod:`ruhrgraph.ingest.validate`): only what changed since the last build's check
   (:mod:`ruhrgraph.ingest.storecheck`; with ``full=True``, ``--full``, everything); the report,
   every finding of the store, goes to ``<out>/validation-report.txt``;
4. the Gephi export of the actor network (``actors.gexf``, ``actors.png``) and the dumps
   (:func:`ruhrgraph.publish.dump.dump`).

A failing stage is reported without hiding the others;
5. answer the flagship question — *which institutes link Korea and Dortmund?* — with the saved
   query ``institutes-linking`` (one home for the question: ``queries/institutes-linking.rq``).

It returns a :class:`BuildSummary`; the command prints it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruhrgraph import vocab
from ruhrgraph.errors import RuhrgraphError
from ruhrgraph.ingest.commit import IngestReport, ingest_paths
from ruhrgraph.network import export as export_module
from ruhrgraph.network import measures
from ruhrgraph.network.facts import load_facts
from ruhrgraph.publish import dump as dump_module
from ruhrgraph.store.local import Store

FLAGSHIP_QUESTION = "Which institutes link Korea and Dortmund?"


def flagship(target: Store | str, country: str = "Korea", city: str = "Dortmund",
             *, timeout: float = 30.0) -> list[tuple[str, str, int]]:
    """Answer the flagship question on the embedded store or a remote endpoint URL, with the saved
    query ``institutes-linking`` — the same answer ``ruhrgraph query institutes-linking`` gives.

    Returns:
        ``(organisation IRI, name, number of visits)`` rows sorted by name; empty when the data
        knows no such country or city yet.
    """
    from ruhrgraph.errors import ParameterError
    from ruhrgraph.sparql.saved import run_query

    where: dict[str, Any] = {"endpoint": target} if isinstance(target, str) else {"store": target}
    try:
        result = run_query("institutes-linking", {"country": country, "city": city}, timeout=timeout,
                           **where)
    except ParameterError:  # the data does not know the country or the city (yet)
        return []
    found: dict[str, tuple[str, set[str]]] = {}
    for row in result.rows:
        org = str(row["organisation"])
        label = str(row.get("organisationLabel", org))
        name, visits = found.setdefault(org, (label, set()))
        visits.add(str(row.get("visit", "")))
        found[org] = (min(name, label), visits)
    return sorted(((org, name, len(visits)) for org, (name, visits) in found.items()),
                  key=lambda r: (r[1], r[0]))


# -- the summary ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    """One optional stage of the build: analytics, export, dump."""

    name: str
    status: str  # done | skipped | failed
    detail: str = ""
    outputs: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass
class StoreCheck:
    """The whole-store validation."""

    conforms: bool = True
    violations: int = 0
    warnings: int = 0
    infos: int = 0
    triples: int = 0
    report: str = ""
    seconds: float = 0.0
    mode: str = "full"  # full | incremental
    scope: str = ""  # what was checked, one line (CheckOutcome.describe)
    note: str = ""  # why the validation record could not be written, if it could not


@dataclass
class BuildSummary:
    """What :func:`build` did, ready to print with :meth:`render`."""

    store: Path
    out: Path
    ingest: IngestReport
    check: StoreCheck
    graphs: int = 0
    quads: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    flagship: list[tuple[str, str, int]] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """1 when an article was rejected, the store violates a shape or a stage failed (analytics,
        the GEXF export, the dumps). A picture (``actors.png``) that cannot be drawn does not fail
        the build: the export stage says so in its detail, the data and the Gephi file are there."""
        failed = any(s.status == "failed" for s in self.stages)
        return 1 if self.ingest.rejected or not self.check.conforms or failed else 0

    def render(self) -> str:
        """The summary as readable text."""
        ing = self.ingest
        lines = [f"ruhrgraph build — {self.seconds:.1f} s"]
        rejected = len(ing.rejected)
        lines.append(f"  articles    {len(ing.committed)} committed, {len(ing.unchanged)} unchanged, "
                     f"{rejected} rejected ({ing.seconds:.1f} s)"
                     + (f"; reports in {self.store / 'quarantine'}" if rejected else ""))
        for o in ing.rejected:
            lines.append(f"                {o.status}: {o.source}: {o.message}")
        c = self.check
        verdict = "conforms" if c.conforms else "DOES NOT CONFORM"
        lines.append(f"  store       {self.graphs} graphs, {self.quads} quads in {self.store}; shapes: "
                     f"{verdict} ({c.violations} violations, {c.warnings} warnings, {c.infos} infos; "
                     f"{c.seconds:.1f} s)")
        if c.scope:
            lines.append(f"                {c.scope}")
        if c.note:
            lines.append(f"                note: {c.note}")
        if c.report:
            lines.append(f"                report: {c.report}")
        if self.entities:
            lines.append("  entities    " + ", ".join(f"{t} {n}" for t, n in self.entities.items()))
        lines.append(f"  statements  {self.statements} with sentence evidence")
        if ing.curation is not None and ing.curation.outcomes:
            unmatched = len(ing.curation.unmatched)
            lines.append(f"  curation    {len(ing.curation.outcomes)} rules"
                         + (f", {unmatched} MATCH NOTHING" if unmatched else ", all applied"))
            for line in ing.curation.lines():
                lines.append(f"                {line}")
        lines.append(f"  flagship    {FLAGSHIP_QUESTION}")
        if self.flagship:
            for _, name, visits in self.flagship:
                lines.append(f"                {name} ({visits} visit{'s' if visits != 1 else ''})")
        else:
            lines.append("                (no answer in the data yet)")
        for stage in self.stages:
            detail = f" — {stage.detail}" if stage.detail else ""
            took = f" ({stage.seconds:.1f} s)" if stage.status == "done" else ""
            lines.append(f"  {stage.name:<11} {stage.status}{detail}{took}")
            for out in stage.outputs:
                lines.append(f"                {out}")
        for note in ing.notes:
            lines.append(f"  note        {note}")
        return "\n".join(lines)


# -- the stages ------------------------------------------------------------------------------
def _run_stage(name: str, run: Callable[[], tuple[str, list[Path]]]) -> Stage:
    """Run one stage after the ingest; a failure is reported and does not hide the other stages."""
    started = time.perf_counter()
    try:
        detail, outputs = run()
    except RuhrgraphError as exc:
        return Stage(name, "failed", str(exc), seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug in a stage must not hide the rest of the summary
        return Stage(name, "failed", f"{type(exc).__name__}: {exc} (please report this as a bug)",
                     seconds=time.perf_counter() - started)
    return Stage(name, "done", detail, tuple(str(p) for p in outputs), time.perf_counter() - started)


def check_store(store: Store, report_path: Path | None = None, *, full: bool = False,
                state_path: Path | None = None) -> StoreCheck:
    """Validate the union of every graph of the store — only what changed since the last check,
    unless ``full`` (:func:`ruhrgraph.ingest.storecheck.check`) — and write the readable report to
    ``report_path``: what was checked first, then every finding of the store (the kept ones too)."""
    from ruhrgraph.ingest.report import render_report
    from ruhrgraph.ingest.storecheck import check

    started = time.perf_counter()
    outcome = check(store, full=full, state_path=state_path)
    result = outcome.result
    check_ = StoreCheck(conforms=result.conforms, violations=result.count("Violation"),
                        warnings=result.count("Warning"), infos=result.count("Info"),
                        triples=result.triples, mode=outcome.mode, scope=outcome.describe(),
                        note=outcome.note)
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(f"{outcome.describe()}\n" + render_report(result) + "\n", encoding="utf-8")
        check_.report = str(report_path)
    check_.seconds = time.perf_counter() - started
    return check_


ENTITY_QUERY = vocab.sparql_prologue("rg") + """\
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e rg:mentionedIn ?article ; a ?type .
  FILTER(STRSTARTS(STR(?type), STR(rg:)))
} GROUP BY ?type ORDER BY DESC(?n) ?type
"""
STATEMENT_QUERY = vocab.sparql_prologue("rg") + """\
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s rg:evidence ?e ; rg:confidence ?c }
"""


def build(paths: list[str | Path] | None = None, store_dir: str | Path = ".ruhrgraph",
          out_dir: str | Path | None = None, *, jobs: int = 1, curation_dir: str | Path | None = None,
          force: bool = False, full: bool = False, progress: Callable[..., None] | None = None,
          on_stage: Callable[[str, str | None, float], None] | None = None) -> BuildSummary:
    """Run the whole pipeline and summarise it.

    Args:
        paths: article files and folders (default ``data/articles``).
        store_dir: the store folder (created if missing).
        out_dir: where dumps and exports go (default ``<store_dir>/out``).
        jobs: worker processes for extraction and validation.
        curation_dir: the steward's curation files (default ``data/curation`` when it exists).
        force: re-extract articles that are recorded as unchanged.
        full: validate the whole store, not only what changed since the last build's check.
        progress: passed to :func:`ruhrgraph.ingest.ingest_paths`.
        on_stage: told when each stage after the ingest starts (``(name, None, 0.0)``) and ends
            (``(name, status, seconds)``), so that a front end can show each with its own time.

    Returns:
        A :class:`BuildSummary`; its ``exit_code`` is 1 when something was rejected or failed.

    Raises:
        CurationError: a curation file is malformed (nothing is written).
        StoreError: the store cannot be opened (e.g. another process holds it).
    """
    from ruhrgraph.ingest import curation as curation_module

    started = time.perf_counter()
    store_path = Path(store_dir)
    out = Path(out_dir) if out_dir is not None else store_path / "out"
    if curation_dir is None and Path("data", "curation").is_dir():
        curation_dir = Path("data", "curation")
    rules = curation_module.load(curation_dir)
    inputs = list(paths) if paths else [Path("data", "articles")]
    with Store.open(store_path) as store:
        if on_stage is not None:
            on_stage("ingest", None, 0.0)
        ingested = ingest_paths(store, inputs, jobs=jobs, curation=rules, force=force,
                                progress=progress)
        if on_stage is not None:
            on_stage("ingest", "done" if ingested.exit_code == 0 else "rejected", ingested.seconds)
        summary = BuildSummary(store=store_path, out=out, ingest=ingested, check=StoreCheck())

        shared: dict[str, Any] = {}  # the facts of the actor network, read once for analytics and export

        def analyse() -> tuple[str, list[Path]]:
            mark = store.change_mark()  # before reading: a write after it is seen by changed_since
            facts = load_facts(store, statements=False)
            report = measures.analyze(store, "actors", facts=facts)
            if mark is not None and not report.triples_written:
                shared.update(facts=facts, mark=mark)
            return f"{report.node_count} actors, {report.edge_count} ties → graph/analytics", []

        def export() -> tuple[str, list[Path]]:
            facts, mark = shared.pop("facts", None), shared.pop("mark", None)
            if store.changed_since(mark) != set():  # written since (or cannot tell): read them afresh
                facts = None
            out.mkdir(parents=True, exist_ok=True)
            gexf, picture = export_module.export_many(
                store, "actors", [("gexf", out / "actors.gexf"), ("png", out / "actors.png")], facts=facts,
                record=store_path / export_module.RECORD_FILE)
            if isinstance(gexf, RuhrgraphError):
                raise gexf
            if isinstance(picture, RuhrgraphError):  # reported, but the build goes on and does not fail
                return f"the actor network for Gephi; THE PICTURE FAILED: {picture}", [gexf]
            return "the actor network for Gephi", [gexf, picture]

        def dump() -> tuple[str, list[Path]]:
            written = list(dump_module.dump(store, out))
            return f"{len(written)} files", [p for p in written if not str(p).endswith((".sha256",))]

        def stage(name: str, run: Callable[[], tuple[str, list[Path]]]) -> None:
            if on_stage is not None:
                on_stage(name, None, 0.0)
            done = _run_stage(name, run)
            summary.stages.append(done)
            if on_stage is not None:
                on_stage(name, done.status, done.seconds)

        stage("analytics", analyse)
        # after the analytics, so that the scores written to graph/analytics are checked too
        if on_stage is not None:
            on_stage("validation", None, 0.0)
        summary.check = check_store(store, out / "validation-report.txt", full=full)
        if on_stage is not None:
            on_stage("validation", "conforms" if summary.check.conforms else "violations",
                     summary.check.seconds)
        stage("export", export)
        stage("dumps", dump)
        summary.graphs = len(store.graphs())
        summary.quads = store.quad_count()
        summary.entities = {str(r["type"]).removeprefix(vocab.PREFIXES["rg"]): int(r["n"])  # type: ignore[call-overload]
                            for r in store.select(ENTITY_QUERY)}
        summary.statements = int(store.select(STATEMENT_QUERY)[0]["n"])  # type: ignore[call-overload]
        summary.flagship = flagship(store)
    summary.seconds = time.perf_counter() - started
    return summary
