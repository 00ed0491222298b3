"""The store's reference graphs: the ontology, the sector scheme and the gazetteer entries in use
(issue 13, items 3 and 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from conftest import ROOT, SEED_ARTICLE
from ruhrgraph.cli import app
from ruhrgraph.extract.gazetteer import full_reference_graph, reference_graph
from ruhrgraph.ingest.commit import ingest_paths, remove_article
from ruhrgraph.ingest.curation import Curation
from ruhrgraph.ingest.reference import used_entries
from ruhrgraph.iri import graph_iri, mint
from ruhrgraph.namespace import RDF, RG
from ruhrgraph.store.local import Store

CORPUS = ROOT / "tests" / "data" / "corpus"
JAPAN = CORPUS / "001_delegation_japan_duisburg.txt"
ZWICKAU = mint("city", "Zwickau")  # in the gazetteer, named by no test article


def _graph_set(store: Store, name: str) -> set[tuple[object, object, object]]:
    return set(store.triples(graph_iri(name)))


def test_ontology_and_sector_scheme_are_graphs_of_the_store(seed_store: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        assert {str(graph_iri("ontology")), str(graph_iri("sectors"))} <= set(store.graphs())
        # the labels of classes and sectors are there for any query to use
        rows = store.select("PREFIX rg: <https://w3id.org/ruhrgraph/ontology#> "
                            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                            "SELECT ?class ?sector WHERE { rg:Company rdfs:label ?class . "
                            "?s skos:prefLabel ?sector FILTER(STRENDS(STR(?s), '/id/sector/energy')) "
                            "FILTER(LANG(?class) = 'de' && LANG(?sector) = 'de') }")
    assert [(str(r["class"]), str(r["sector"])) for r in rows] == [("Unternehmen", "Energie")]


def test_the_gazetteer_graph_holds_only_the_entries_in_use(seed_store: Path) -> None:
    with Store.open(seed_store, read_only=True) as store:
        stored = _graph_set(store, "gazetteer")
        used = used_entries(store)
        article_terms = {str(t) for g in store.graphs() if "/graph/article/" in g
                         for triple in store.triples(g) for t in triple}
    full = full_reference_graph()
    assert 0 < len(stored) < len(full) / 50  # the whole gazetteer is ~30k triples
    assert (ZWICKAU, RDF.type, RG.City) in full and not any(t[0] == ZWICKAU for t in stored)
    # every entry the article names is described, and nothing else but what they reach (seats …)
    assert used and used <= article_terms | {str(s) for s in stored}
    described = {str(s) for s, _, _ in stored}
    assert used <= described
    assert set(reference_graph(used)) == stored  # no rules: the shipped entries, as they are


def test_remove_prunes_the_gazetteer_to_what_a_fresh_ingest_gives(tmp_path: Path) -> None:
    with Store.open(tmp_path / "both") as store:
        ingest_paths(store, [SEED_ARTICLE, JAPAN], curation=Curation())
        both = _graph_set(store, "gazetteer")
        remove_article(store, str(JAPAN))
        after = _graph_set(store, "gazetteer")
    with Store.open(tmp_path / "seed-only") as store:
        ingest_paths(store, [SEED_ARTICLE], curation=Curation())
        fresh = _graph_set(store, "gazetteer")
    assert after == fresh
    assert len(both) > len(after)  # the Japanese article's places left with it
    japan = mint("country", "Japan")
    assert any(t[0] == japan for t in both) and not any(t[0] == japan for t in after)


def test_a_new_article_adds_its_entries_on_the_next_ingest(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s") as store:
        ingest_paths(store, [SEED_ARTICLE], curation=Curation())
        before = _graph_set(store, "gazetteer")
        report = ingest_paths(store, [SEED_ARTICLE, JAPAN], curation=Curation())
        after = _graph_set(store, "gazetteer")
        assert before < after
        assert any("gazetteer:" in note and "entries in use" in note for note in report.notes)
        with Store.open(tmp_path / "fresh") as fresh_store:
            ingest_paths(fresh_store, [SEED_ARTICLE, JAPAN], curation=Curation())
            assert _graph_set(fresh_store, "gazetteer") == after
        # nothing changed: the third run writes no reference graph at all
        again = ingest_paths(store, [SEED_ARTICLE, JAPAN], curation=Curation())
        assert not [n for n in again.notes if "written to" in n], again.notes


def test_a_rule_keeps_the_entry_it_names(tmp_path: Path) -> None:
    from ruhrgraph.ingest.curation import parse_rules

    rules = parse_rules({"curator": "Test", "date": "2026-12-02", "rules": [
        {"id": "zwickau-wikidata", "action": "link_wikidata", "entity": {"city": "Zwickau"},
         "wikidata": "Q3778", "why": "a test"}]})
    with Store.open(tmp_path / "s") as store:
        ingest_paths(store, [SEED_ARTICLE], curation=Curation(tuple(rules)))
        stored = _graph_set(store, "gazetteer")
    assert (ZWICKAU, RDF.type, RG.City) in stored


def test_dumps_carry_the_ontology_and_the_optional_whole_gazetteer(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["dump", "--store", str(seed_store), "--out", str(out), "--gazetteer"])
    assert result.exit_code == 0, result.output
    data = Graph().parse(out / "ruhrgraph.ttl", format="turtle")
    assert (RG.Company, URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Unternehmen", lang="de")) in data
    assert not any(s == ZWICKAU for s in data.subjects())
    whole = Graph().parse(out / "gazetteer.ttl", format="turtle")
    assert (ZWICKAU, RDF.type, RG.City) in whole
    assert len(whole) > len(full_reference_graph()) - 1  # every entry, plus the licence
    sums = (out / "gazetteer.ttl.sha256").read_text(encoding="ascii")
    assert sums.endswith("  gazetteer.ttl\n")
    # a dump without the option leaves no stale copy behind
    result = CliRunner().invoke(app, ["dump", "--store", str(seed_store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "gazetteer.ttl").exists()


def test_sectors_follow_the_configured_base(tmp_path: Path) -> None:
    """The base is read once per process (IRIs and the gazetteer are cached): a process of its own."""
    base = "https://data.example.org/rg/"
    env = {**os.environ, "RUHRGRAPH_BASE": base}
    done = subprocess.run([sys.executable, "-m", "ruhrgraph", "ingest", str(SEED_ARTICLE), "--store",
                           str(tmp_path / "s")], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Store.open(tmp_path / "s", read_only=True) as store:
        sectors = {str(s) for s, _, _ in store.triples(graph_iri("sectors", base))}
        used = {str(o) for g in store.graphs() if "/graph/article/" in g
                for _, p, o in store.triples(g) if p == RG.sector}
    assert used and used <= sectors
    assert all(s.startswith(base) for s in sectors if "/id/sector" in s)
