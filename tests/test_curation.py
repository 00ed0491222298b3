"""Steward curation: the rule format, the rewriting of article graphs, the curation graph.

Rewriting cases are data: ``tests/data/curation/cases/<case>/`` holds ``rules.yaml``, the
article graph ``input.ttl`` and the ``expected.ttl`` after curation. Malformed files are in
``tests/data/curation/bad/``, each starting with ``# error: <regex of the message>``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import graph_diff, to_isomorphic

from ruhrgraph.errors import CurationError
from ruhrgraph.ingest import curation
from ruhrgraph.iri import graph_iri, mint

DATA = Path(__file__).parent / "data" / "curation"
CASES = sorted(p for p in (DATA / "cases").iterdir() if p.is_dir())
BAD = sorted((DATA / "bad").glob("*.yaml"))
ROOT = Path(__file__).resolve().parents[1]
ARTICLE = URIRef("https://w3id.org/ruhrgraph/id/article/a")
RG = "https://w3id.org/ruhrgraph/ontology#"


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    """Compare two graphs; on failure show the triples only in one of them."""
    iso_a, iso_e = to_isomorphic(actual), to_isomorphic(expected)
    if iso_a == iso_e:
        return
    _, only_actual, only_expected = graph_diff(iso_a, iso_e)
    lines = ["graphs differ", "only in actual:"]
    lines += sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in only_actual)
    lines += ["only in expected:"]
    lines += sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in only_expected)
    pytest.fail("\n".join(lines))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rewrite(case: Path) -> None:
    rules = curation.load(case / "rules.yaml")
    graph = Graph(identifier=graph_iri("article/a")).parse(case / "input.ttl", format="turtle")
    before = set(graph)
    result, matched = rules.rewrite(graph, record=ARTICLE)
    expected = Graph().parse(case / "expected.ttl", format="turtle")
    assert_isomorphic(result, expected)
    assert set(graph) == before, "rewrite must not change its input"
    assert result.identifier == graph.identifier
    recorded = expected.subjects(ns.PROV.used, ARTICLE)
    assert sorted(matched) == sorted(str(r).rsplit("/", 1)[1] for r in recorded)


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_malformed_files_are_named_in_the_error(path: Path) -> None:
    pattern = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# error:").strip()
    with pytest.raises(CurationError, match=pattern) as info:
        curation.load_file(path)
    assert str(path) in str(info.value)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    rule = ("curator: A\ndate: 2024-01-01\nrules:\n  - {id: same, action: link_wikidata, "
            "entity: 'id:city/essen', wikidata: Q2066, why: test}\n")
    (tmp_path / "a.yaml").write_text(rule, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(rule, encoding="utf-8")
    with pytest.raises(CurationError, match=r"b\.yaml: rule id 'same' is already used in .*a\.yaml"):
        curation.load(tmp_path)


def test_absent_folder_has_no_rules(tmp_path: Path) -> None:
    assert curation.load(tmp_path / "nothing").rules == ()
    assert curation.load(None).rules == ()


def test_curation_graph_records_who_when_why() -> None:
    rules = curation.load(DATA / "cases")  # no yaml at the top: empty
    assert rules.rules == ()
    rules = curation.load(DATA / "cases" / "no-match" / "rules.yaml")
    g = rules.graph()
    activity = mint("curation", "add-only")
    assert (activity, ns.RDF.type, URIRef(RG + "CurationActivity")) in g
    assert g.value(activity, URIRef(RG + "curator")) == Literal("Test Steward")
    assert g.value(activity, URIRef(RG + "reason")) == Literal("Additions never rewrite article graphs.")
    assert g.value(activity, URIRef(RG + "rule")) == Literal("add-only")
    assert g.value(activity, ns.PROV.endedAtTime) == Literal("2024-05-02T00:00:00Z", datatype=ns.XSD.dateTime)
    bmr = mint("organisation", "Business Metropole Ruhr")
    founding = URIRef("https://schema.org/foundingDate")
    assert (bmr, founding, Literal("2007-01-01", datatype=ns.XSD.date)) in g
    reified = g.value(predicate=ns.RDF.subject, object=bmr)
    assert g.value(reified, ns.PROV.wasGeneratedBy) == activity
    assert g.identifier == graph_iri("curation")


def test_merge_records_what_it_replaces() -> None:
    rules = curation.load(DATA / "cases" / "merge" / "rules.yaml")
    g = rules.graph()
    into = mint("organisation", "Wirtschaftsförderung Dortmund")
    assert list(g.objects(into, URIRef("http://purl.org/dc/terms/replaces"))) == [
        mint("organisation", "Wirtschaftsförderung der Stadt Dortmund")]


def test_digest_changes_with_any_rule(tmp_path: Path) -> None:
    text = (DATA / "cases" / "rename" / "rules.yaml").read_text(encoding="utf-8")
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    first = curation.load(tmp_path).digest
    assert curation.load(tmp_path).digest == first
    (tmp_path / "r.yaml").write_text(text.replace("has a space", "has a blank"), encoding="utf-8")
    assert curation.load(tmp_path).digest != first


def test_shipped_curation_files_load_and_conform() -> None:
    from ruhrgraph.ingest.validate import validate_graph

    rules = curation.load(ROOT / "data" / "curation")
    assert rules.rules, "data/curation/ ships an example"
    result = validate_graph(rules.graph())
    assert result.conforms, [f.messages for f in result.violations]
    assert any(r.action == "link_wikidata" for r in rules.rules)
    links = {(s, o) for s, o in rules.graph().subject_objects(ns.OWL.sameAs)}
    assert (mint("city", "Dortmund"), URIRef("http://www.wikidata.org/entity/Q1295")) in links


@pytest.mark.parametrize("name", ["G DATA CyberDefense AG", "LogiTrans Ruhr GmbH & Co. KG",
                                  "Wirtschaftsförderung Dortmund"])
def test_curation_names_mint_the_iri_extraction_mints(name: str) -> None:
    """Issue 11: a curation rule naming an organisation must reach the entity extraction made."""
    from ruhrgraph.extract.pipeline import extract_article
    from ruhrgraph.ingest.curation import _Context, _iri
    from ruhrgraph.model import Article

    ex = extract_article(Article(id="n", source="n.txt", text=f"Titel\nDie {name} in Bochum wächst weiter."))
    extracted = {str(e.iri) for e in ex.entities if e.kind == "organisation"}
    assert str(_iri({"organisation": name}, "entity", _Context(Path("rules.yaml"), 1, "r"))) in extracted


def test_published_source_is_never_an_absolute_path(tmp_path: Path) -> None:
    """``dcterms:source`` names the curation file without the steward's disk layout."""
    text = (DATA / "cases" / "no-match" / "rules.yaml").read_text(encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "fixes.yaml").write_text(text, encoding="utf-8")
    g = curation.load(tmp_path / "private").graph()
    sources = {str(o) for o in g.objects(None, ns.DCTERMS.source)}
    assert sources == {"fixes.yaml"}


def test_curation_gate_names_the_rule_and_keeps_good_rules() -> None:
    """A rule whose result breaks the shapes is named; the shipped rules pass the same gate."""
    from ruhrgraph.extract.gazetteer import full_reference_graph
    from ruhrgraph.ingest.rulecheck import check_rules, gate_rules

    reference = full_reference_graph()
    shipped = curation.load(ROOT / "data" / "curation")
    assert check_rules(shipped, reference) == []
    bad = curation.Curation(tuple(curation.parse_rules({"curator": "Test Steward", "date": "2026-12-01", "rules": [
        {"id": "dortmund-person", "action": "retype", "entity": {"city": "Dortmund"}, "type": "rg:Person",
         "why": "a test"},
        {"id": "harmless", "action": "rename", "entity": {"city": "Essen"}, "label": "Essen", "why": "a test"},
    ]}, "bad.yaml")), ("bad.yaml",))
    problems = check_rules(bad, reference)
    assert problems and {p.rules for p in problems} == {("dortmund-person",)}
    assert any(p.path == "rg:basedIn" for p in problems)
    with pytest.raises(CurationError, match=r"(?s)bad\.yaml: the rules would break the shapes .*dortmund-person"):
        gate_rules(bad, reference, files=bad.files)


def test_curation_names_use_gazetteer_aliases() -> None:
    """``{organisation: Fraunhofer UMSICHT}`` names the entity that ``explain`` and ``query`` find."""
    rules = curation.parse_rules({"curator": "Test Steward", "date": "2026-12-01", "rules": [
        {"id": "x", "action": "link_wikidata", "entity": {"organisation": "Fraunhofer UMSICHT"},
         "wikidata": "Q1", "why": "a test"}]})
    assert str(rules[0].entity).endswith(
        "/organisation/fraunhofer-institut-fuer-umwelt-sicherheits-und-energietechnik-umsicht")


def test_a_rule_that_matches_nothing_suggests_the_closest_entities(seed_store: Path) -> None:
    from ruhrgraph.ingest.apply import check
    from ruhrgraph.store.local import Store

    rules = curation.parse_rules({"curator": "Test Steward", "date": "2026-12-01", "rules": [
        {"id": "typo", "action": "rename", "entity": {"organisation": "Wirtschaftsfoerderung Dortmunt"},
         "label": "Wirtschaftsförderung Dortmund", "why": "a test"}]}, "fix.yaml")
    with Store.open(seed_store, read_only=True) as store:
        report = check(store, rules)
    (line,) = report.lines()
    assert "MATCHES NOTHING" in line and "did you mean" in line
    assert "<https://w3id.org/ruhrgraph/id/organisation/wirtschaftsfoerderung-dortmund>" in line
