"""Ingest: the SHACL gate, one transaction per article, idempotency, broken files, crashes,
cross-article identity, ``remove`` and ``explain``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from ruhrgraph.cli import app
from ruhrgraph.errors import InputError, StoreError
from ruhrgraph.ingest import curation
from ruhrgraph.ingest.commit import ingest_paths, remove_article
from ruhrgraph.ingest.validate import Validator, default_validator
from ruhrgraph.iri import graph_iri, mint
from ruhrgraph.model import Article, Extraction
from ruhrgraph.network.explain import explain, render
from ruhrgraph.store import querygraph
from ruhrgraph.store.local import Store

DATA = Path(__file__).parent / "data" / "ingest"
ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles" / "000_cbab0d245a9d8950.txt"
RG = "https://w3id.org/ruhrgraph/ontology#"
VIOLATING = DATA / "violating" / "kaputtes-beispiel.trig"


def extract_trig(path: Path) -> list[Extraction]:
    """A stand-in extractor for RDF fixtures: the named graphs of a TriG file, one per article.

    Used to put a graph that violates the shapes in front of the real ingest gate; module-level
    so that worker processes can use it too.
    """
    dataset = Dataset()
    dataset.parse(path, format="trig")
    out = []
    for graph in dataset.graphs():
        if not str(graph.identifier).startswith(str(graph_iri("article/x"))[:-1]):
            continue
        g = Graph(identifier=graph.identifier)
        for t in graph:
            g.add(t)
        slug = str(graph.identifier).rsplit("/", 1)[1]
        article = Article(id=slug, text="", source=str(path))
        out.append(Extraction(article=article, article_iri=mint("article", slug),
                              graph_iri=URIRef(graph.identifier), graph=g))
    return out


def _fixed_copy(tmp_path: Path) -> Path:
    """The violating fixture with its two faults repaired."""
    text = VIOLATING.read_text(encoding="utf-8")
    text = text.replace('"1.5"^^xsd:decimal', '"0.9"^^xsd:decimal').replace(
        "<organisation/revier-med> a rg:Company ;",
        '<organisation/revier-med> a rg:Company ; rdfs:label "RevierMed GmbH"@de ;')
    fixed = tmp_path / "fixed" / VIOLATING.name
    fixed.parent.mkdir()
    fixed.write_text(text, encoding="utf-8")
    return fixed


# -- the gate (no extractor needed) -------------------------------------------------------------
def test_violating_article_is_rejected_with_a_report_and_the_store_is_unchanged(
        tmp_path: Path, store_dir: Path) -> None:
    with Store.open(store_dir) as store:
        first = ingest_paths(store, [_fixed_copy(tmp_path)], extractor=extract_trig)
        assert [o.status for o in first.outcomes] == ["committed"], first.summary()
        before = store.dump_nquads()
        report = ingest_paths(store, [VIOLATING], extractor=extract_trig)
        assert store.dump_nquads() == before  # the committed version stays, byte for byte
    (outcome,) = report.outcomes
    assert outcome.status == "rejected" and report.exit_code == 1
    assert outcome.violations == 2 and "2 SHACL violations" in outcome.message
    text = Path(outcome.quarantine).read_text(encoding="utf-8")
    assert str(VIOLATING) in text and "not committed" in text
    for expected in ("rdfs:label", "rg:confidence", "Violation",
                     "Jede Entität braucht mindestens eine Bezeichnung",  # German
                     "Every entity needs at least one label"):  # and English
        assert expected in text, expected
    trig = store_dir / "quarantine" / "kaputtes-beispiel.trig"
    assert len(Dataset().parse(trig, format="trig")) == 32
    assert "rejected" in report.summary() and str(outcome.quarantine) in report.summary()


def test_quarantine_is_cleared_when_the_article_passes(tmp_path: Path, store_dir: Path) -> None:
    with Store.open(store_dir) as store:
        ingest_paths(store, [VIOLATING], extractor=extract_trig)
        assert sorted(p.name for p in (store_dir / "quarantine").iterdir()) == [
            "kaputtes-beispiel.trig", "kaputtes-beispiel.txt"]
        report = ingest_paths(store, [_fixed_copy(tmp_path)], extractor=extract_trig)
        assert report.exit_code == 0
    assert list((store_dir / "quarantine").iterdir()) == []


def test_parallel_workers_reject_the_same(tmp_path: Path, store_dir: Path) -> None:
    fixed = _fixed_copy(tmp_path)
    other = fixed.parent / "zweites.trig"
    other.write_text(VIOLATING.read_text(encoding="utf-8").replace("kaputtes-beispiel", "zweites"),
                     encoding="utf-8")
    with Store.open(store_dir) as store:
        report = ingest_paths(store, [fixed, other], jobs=2, extractor=extract_trig)
    assert sorted((Path(o.source).name, o.status) for o in report.outcomes) == [
        ("kaputtes-beispiel.trig", "committed"), ("zweites.trig", "rejected")]


STRICTER_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rg: <https://w3id.org/ruhrgraph/ontology#> .
<urn:test:ReviewedArticleShape> a sh:NodeShape ; sh:targetClass rg:Article ;
    sh:property [ sh:path <urn:test:reviewedBy> ; sh:minCount 1 ;
                  sh:message "Artikel nicht geprüft"@de, "article not reviewed"@en ] .
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_validator_handed_in_judges_every_article(tmp_path: Path, jobs: int) -> None:
    fixed = _fixed_copy(tmp_path)
    twin = fixed.parent / "zwilling.trig"
    twin.write_text(fixed.read_text(encoding="utf-8").replace("kaputtes-beispiel", "zwilling"),
                    encoding="utf-8")
    default = default_validator()
    stricter = Validator(default.shapes + Graph().parse(data=STRICTER_SHAPE, format="turtle"),
                         default.hierarchy)
    with Store.open(tmp_path / "store") as store:
        report = ingest_paths(store, [fixed, twin], jobs=jobs, extractor=extract_trig, validator=stricter)
    assert sorted((Path(o.source).name, o.status) for o in report.outcomes) == [
        ("kaputtes-beispiel.trig", "rejected"), ("zwilling.trig", "rejected")], report.summary()
    assert all("article not reviewed" in o.message for o in report.outcomes)


def test_curation_that_breaks_a_shape_rejects_the_article(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("curator: T\ndate: 2024-01-01\nrules:\n  - id: bad-retype\n    action: retype\n"
                     "    entity: id:organisation/revier-med\n    type: rg:Membership\n"
                     "    why: a deliberately wrong correction\n", encoding="utf-8")
    with Store.open(tmp_path / "store") as store:
        report = ingest_paths(store, [_fixed_copy(tmp_path)], extractor=extract_trig,
                              curation=curation.load(rules))
        assert report.outcomes[0].status == "rejected"
        assert report.outcomes[0].rules == ("bad-retype",)
        assert not store.has_graph(graph_iri("article/kaputtes-beispiel"))


def test_unknown_file_is_reported_not_raised(tmp_path: Path, store_dir: Path) -> None:
    with Store.open(store_dir) as store:
        report = ingest_paths(store, [tmp_path / "nicht-da.txt"])
    assert [o.status for o in report.outcomes] == ["failed"]
    assert "no such file" in report.outcomes[0].message


# -- with the real extractor --------------------------------------------------------------------
def test_seed_twice_gives_the_same_dump(tmp_path: Path, store_dir: Path) -> None:
    with Store.open(store_dir) as store:
        first = ingest_paths(store, [SEED])
        assert first.exit_code == 0, first.summary()
        count, dump = store.quad_count(), store.dump_nquads()
        again = ingest_paths(store, [SEED])
        assert [o.status for o in again.outcomes] == ["unchanged"]
        assert (store.quad_count(), store.dump_nquads()) == (count, dump)
        forced = ingest_paths(store, [SEED], force=True)
        assert [o.status for o in forced.outcomes] == ["committed"]
        assert (store.quad_count(), store.dump_nquads()) == (count, dump)


def test_edited_article_replaces_its_graph(tmp_path: Path, store_dir: Path) -> None:
    article = tmp_path / "articles" / SEED.name
    article.parent.mkdir()
    shutil.copy(SEED, article)
    graph = graph_iri(f"article/{SEED.stem}")
    with Store.open(store_dir) as store:
        ingest_paths(store, [article])
        assert store.select("SELECT ?p WHERE { GRAPH ?g { ?p ?o ?name } }",
                            bindings={"g": graph, "name": Literal("Jörg Kemna", lang="de")})
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("Prokurist Jörg Kemna präsentiert", "Ein Vertreter präsentiert"),
                           encoding="utf-8")
        report = ingest_paths(store, [article])
        assert [o.status for o in report.outcomes] == ["committed"]
        assert not store.select("SELECT ?p WHERE { GRAPH ?g { ?p ?o ?name } }",
                                bindings={"g": graph, "name": Literal("Jörg Kemna", lang="de")})
        assert store.graphs().count(str(graph)) == 1


def test_batch_with_broken_files_commits_the_others(tmp_path: Path, store_dir: Path) -> None:
    with Store.open(store_dir) as store:
        report = ingest_paths(store, [DATA / "batch"])
        by_name = {Path(o.source).name: o for o in report.outcomes}
        for good in ("01_delegation_vietnam_gelsenkirchen.txt", "02_kooperation_bochum.md",
                     "03_personalie_duisburg.txt"):
            assert by_name[good].status == "committed", by_name[good]
            assert store.has_graph(by_name[good].graph)
        assert by_name["04_empty.txt"].status == "failed"
        assert "empty" in by_name["04_empty.txt"].message
        assert by_name["05_binary.txt"].status == "failed"
        assert "binary" in by_name["05_binary.txt"].message
        assert by_name["07_utf16_without_bom.txt"].status == "failed"
        # a mis-encoded file is either decoded with a warning, or reported — never a crash
        bad = by_name["06_bad_encoding.txt"]
        assert bad.status in ("committed", "failed", "rejected")
        if bad.status == "committed":
            assert any("not UTF-8" in note for note in bad.notes), bad
    assert report.exit_code == 1
    summary = report.summary()
    assert "04_empty.txt" in summary and "05_binary.txt" in summary


def test_jobs_give_the_same_store(tmp_path: Path, store_dir: Path) -> None:
    dumps = []
    for jobs in (1, 2):
        folder = tmp_path / f"store-{jobs}"
        shutil.copytree(store_dir, folder)
        with Store.open(folder) as store:
            ingest_paths(store, [DATA / "batch", DATA / "identity"], jobs=jobs)
            dumps.append(store.dump_nquads())
    assert dumps[0] == dumps[1]


def test_same_organisation_in_two_articles_is_one_iri(tmp_path: Path, store_dir: Path) -> None:
    with Store.open(store_dir) as store:
        report = ingest_paths(store, [DATA / "identity"])
        assert report.exit_code == 0, report.summary()
        rows = store.select("""
            PREFIX rg: <https://w3id.org/ruhrgraph/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT DISTINCT ?org ?g WHERE { GRAPH ?g { ?org a ?type ; rg:mentionedIn ?a ;
                                                           rdfs:label|skos:altLabel ?n }
              FILTER(CONTAINS(STR(?n), "RevierMed")) }""")
        orgs = {str(r["org"]) for r in rows}
        assert orgs == {str(mint("organisation", "RevierMed"))}, rows
        assert len({str(r["g"]) for r in rows}) == 2
        result = explain(store, "RevierMed")
    assert len(result.articles) == 2
    assert {m.source for m in result.articles} == {p.name for p in (DATA / "identity").iterdir()}
    text = render(result)
    assert "RevierMed" in text and "articles (2)" in text


def test_remove_and_explain_commands(store_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    no_rules = str(tmp_path / "no-curation")
    result = runner.invoke(app, ["ingest", str(DATA / "identity"), "--store", str(store_dir),
                                 "--curation", no_rules])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["explain", "RevierMed", "--store", str(store_dir)])
    assert shown.exit_code == 0 and "articles (2)" in shown.output, shown.output
    removed = runner.invoke(app, ["remove", "b_messe_medica.txt", "--store", str(store_dir)])
    assert removed.exit_code == 0, removed.output
    assert "graph/article/b-messe-medica" in removed.output
    shown = runner.invoke(app, ["explain", "RevierMed", "--store", str(store_dir)])
    assert "articles (1)" in shown.output
    unknown = runner.invoke(app, ["remove", "gibt-es-nicht", "--store", str(store_dir)])
    assert unknown.exit_code == 2 and "no article graph in the store matches" in unknown.output
    missing = runner.invoke(app, ["explain", "RevierMedd", "--store", str(store_dir)])
    assert missing.exit_code == 2 and "did you mean" in missing.output


def test_remove_names_the_article_it_cannot_find(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store, pytest.raises(InputError, match=r"nichts\.txt"):
        remove_article(store, "nichts.txt")


def test_second_writer_gets_a_clear_error(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom ruhrgraph.store.local import Store\n"
        "with Store.open(sys.argv[1]):\n    print('locked', flush=True); time.sleep(60)\n"),
        str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = CliRunner().invoke(app, ["ingest", str(SEED), "--store", str(tmp_path)])
        assert result.exit_code == 2  # was 1: a lock error is "try again", not "found problems" (issue 17)
        assert f"is locked by process {holder.pid}" in result.output
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
def test_kill_9_leaves_every_article_graph_complete_or_absent(tmp_path: Path, store_dir: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_articles import generate

    articles = generate(32, tmp_path / "articles", seed=3)
    reference = tmp_path / "reference"
    shutil.copytree(store_dir, reference)
    with Store.open(reference) as store:
        ingest_paths(store, [tmp_path / "articles"])
        expected = {g: store.graph(g) for g in store.graphs()}
        expected_dump = store.dump_nquads()
    victim = tmp_path / "victim"
    shutil.copytree(store_dir, victim)
    process = subprocess.Popen(
        [sys.executable, "-m", "ruhrgraph", "ingest", str(tmp_path / "articles"), "--store", str(victim),
         "--verbose"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "200"})
    committed = 0
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    while committed < 4 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        committed += line.startswith("committed")
    time.sleep(0.05)  # land somewhere inside the next article
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert committed >= 4, "the ingest did not get going"
    with Store.open(victim) as store:
        graphs = [g for g in store.graphs() if "/graph/article/" in g]
        assert 4 <= len(graphs) < len(articles)
        for g in graphs:
            assert isomorphic(store.graph(g), expected[g]), f"{g} is incomplete"
        # the query graph changes in the same transaction as each article: it is still the union
        assert store.check_query_graph() == (0, 0)
        # and the interrupted batch simply resumes
        report = ingest_paths(store, [tmp_path / "articles"])
        assert report.exit_code == 0
        assert store.dump_nquads() == expected_dump
        assert store.check_query_graph() == (0, 0)


def test_a_write_that_fails_in_a_batch_names_its_article_and_keeps_the_ones_before(
        tmp_path: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles are committed ten at a time. When the write of a batch fails (here: the disk
    refuses anything that holds the third article), they are written one by one: the first two
    are stored and recorded, the error names the third, nothing of it or after it is stored."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_articles import generate

    paths = generate(5, tmp_path / "articles", seed=5)
    with Store.open(store_dir) as store:
        before = set(store.graphs())
    real = Store.replace_graphs_lines
    failing: list[str] = []

    def refuse(self: Store, graphs: list[tuple[str, list[str]]]) -> list[int]:
        if not failing:
            failing.append(graphs[2][0])  # the third article of the first batch
        if failing[0] in {g for g, _ in graphs}:
            raise StoreError(f"could not write graph <{failing[0]}>: No space left on device")
        return real(self, graphs)

    monkeypatch.setattr(Store, "replace_graphs_lines", refuse)
    with Store.open(store_dir) as store, pytest.raises(StoreError) as raised:
        ingest_paths(store, [tmp_path / "articles"])
    assert f"stopped at {sorted(paths)[2]}" in str(raised.value)
    assert "No space left on device" in str(raised.value)
    with Store.open(store_dir) as store:
        stored = sorted(set(store.graphs()) - before)
        assert len(stored) == 2 and failing[0] not in stored
        assert store.check_query_graph() == (0, 0)
    monkeypatch.setattr(Store, "replace_graphs_lines", real)
    with Store.open(store_dir) as store:  # the next run commits the rest; the first two are recorded
        report = ingest_paths(store, [tmp_path / "articles"])
    assert (len(report.unchanged), len(report.committed)) == (2, 3)


def test_a_file_of_many_articles_is_committed_batch_by_batch(tmp_path: Path, store_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON Lines file of 23 articles (fictional examples) is written ten articles at a time, not
    in one transaction of the whole file; the report lists them in the file's order and the file is
    recorded once all are stored (a second run finds it unchanged)."""
    import json

    towns = ["Essen", "Bochum", "Dortmund", "Herne", "Hagen", "Witten", "Unna", "Marl"]
    lines = [json.dumps({"id": f"artikel-{n}", "title": f"Delegation in {towns[n % 8]}",
                         "text": f"Fiktives Beispiel. Die Wirtschaftsförderung {towns[n % 8]} empfing am "
                                 f"{n + 1}. März eine Delegation aus Korea."}, ensure_ascii=False)
             for n in range(23)]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "viele.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sizes: list[int] = []
    real = Store.replace_graphs_lines

    def counted(self: Store, graphs: list[tuple[str, list[str]]]) -> list[int]:
        if all("/graph/article/" in g for g, _ in graphs):  # not the reference graphs
            sizes.append(len(graphs))
        return real(self, graphs)

    monkeypatch.setattr(Store, "replace_graphs_lines", counted)
    with Store.open(store_dir) as store:
        report = ingest_paths(store, [tmp_path / "in"])
        assert sizes == [10, 10, 3]
        assert [o.source.rsplit("#", 1)[1] for o in report.committed] == [str(n + 1) for n in range(23)]
        again = ingest_paths(store, [tmp_path / "in"])
    assert len(again.unchanged) == 23 and sizes == [10, 10, 3]


BMR = URIRef("https://w3id.org/ruhrgraph/id/organisation/business-metropole-ruhr")


def test_a_stewards_plain_select_gives_no_duplicate_rows(tmp_path: Path, store_dir: Path) -> None:
    """Two articles state the same facts about the BMR (and the gazetteer some of them too): a plain
    ``SELECT ?p ?o WHERE { <BMR> ?p ?o }`` lists each fact once, as long as any graph states it."""
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        shutil.copy(SEED, tmp_path / name / f"{name}.txt")
    plain = f"SELECT ?p ?o WHERE {{ <{BMR}> ?p ?o }}"
    with Store.open(store_dir) as store:
        report = ingest_paths(store, [tmp_path / "first", tmp_path / "second"])
        assert len(report.committed) == 2, report.summary()
        rows = [(str(r["p"]), r["o"].n3()) for r in store.select(plain)]
        assert len(rows) > 5 and len(rows) == len(set(rows))
        # the query graph also holds the derived links (querygraph.DERIVED): the seat's places
        derived = {row for row in rows if row[0] in querygraph.DERIVED}
        assert (RG + "basedWithin", "<https://w3id.org/ruhrgraph/id/city/essen>") in derived
        union = [(str(r["p"]), r["o"].n3()) for r in store.select(plain, union=True)]
        assert len(union) > len(rows) - len(derived) and set(union) == set(rows) - derived  # repeated
        remove_article(store, report.committed[0].graph)
        left = [(str(r["p"]), r["o"].n3()) for r in store.select(plain)]
        assert len(left) == len(set(left)) and len(left) > 5
        stated = {(str(r["p"]), r["o"].n3()) for r in store.select(
            f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ <{BMR}> ?p ?o }} }}")}
        assert set(left) - derived == stated and stated < set(rows)  # the removed article's own facts are gone
        assert store.check_query_graph() == (0, 0)
