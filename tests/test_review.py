"""Steward review core: the queue over a real store, decisions written as curation, re-applied on ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from ruhrgraph.ingest import curation as curation_module
from ruhrgraph.ingest.commit import ingest_paths
from ruhrgraph.ingest.curation import parse_rules
from ruhrgraph.iri import mint
from ruhrgraph.namespace import ORG, RDF, RG, SDO
from ruhrgraph.review import decisions as dec
from ruhrgraph.review.session import Review
from ruhrgraph.store.local import Store

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [ROOT / "data" / "articles" / "000_cbab0d245a9d8950.txt",
            ROOT / "tests" / "data" / "corpus" / "001_delegation_japan_duisburg.txt",
            ROOT / "tests" / "data" / "corpus" / "003_personalie_klimahafen_gelsenkirchen.txt"]


def _ingest(store: Path, curation: Path, *, force: bool = False) -> None:
    rules = curation_module.load(curation)
    with Store.open(store) as opened:
        report = ingest_paths(opened, ARTICLES, curation=rules, force=force)
    assert report.exit_code == 0, report.summary()


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review-template")
    (root / "curation").mkdir()
    _ingest(root / "store", root / "curation")
    return root


@pytest.fixture
def work(_template: Path, tmp_path: Path) -> Path:
    shutil.copytree(_template, tmp_path / "w")
    return tmp_path / "w"


def _review(work: Path) -> Review:
    return Review(work / "store", work / "curation", "Anna Test")


def _select(store: Path, query: str) -> list[dict]:
    with Store.open(store, read_only=True) as s:
        return s.select(query)


def test_queue_orders_by_likely_wrong_and_filters(work: Path) -> None:
    review = _review(work)
    queue = review.queue()
    kinds = {i.kind for i in queue}
    assert {"membership", "seat", "visit", "entity"} <= kinds
    scores = [i.score for i in queue]
    assert scores == sorted(scores)
    statements = [i for i in queue if i.kind != "entity"]
    assert statements[0].confidence == min(i.confidence for i in statements)
    assert all(i.quote and i.sentence >= 0 for i in statements)
    first = statements[0]
    assert any(first.quote[a:b] in {s.label for s in first.slots} or first.quote[a:b] in first.names
               for a, b in [tuple(h) for h in first.as_json()["highlights"]])
    only = review.queue(article="001-delegation-japan-duisburg", kind="seat")
    assert only and all(i.article_id == "001-delegation-japan-duisburg" and i.kind == "seat" for i in only)
    bmr = mint("organisation", "Business Metropole Ruhr")
    by_org = review.queue(organisation=bmr)
    assert by_org and all(bmr in i.organisations() for i in by_org)
    rule = statements[0].rule
    assert {i.rule for i in review.queue(rule=rule)} == {rule}


def test_decisions_are_curation_and_leave_the_queue(work: Path) -> None:
    review = _review(work)
    members = [i for i in review.queue(kind="membership")]
    accepted, rejected = members[0], members[1]
    d1 = review.accept(accepted)
    d2 = review.reject(rejected)
    left = {str(i.iri) for i in review.queue()}
    assert str(accepted.iri) not in left and str(rejected.iri) not in left
    rules = curation_module.load(work / "curation").rules
    assert [r.action for r in rules] == ["accept", "delete"]
    assert rules[1].statement == rejected.iri and rules[0].curator == "Anna Test"
    data = (work / "curation" / "review-anna-test.yaml").read_text(encoding="utf-8")
    assert rejected.quote.split()[0] in data and "verdict: reject" in data
    # undo removes the decision and the statement comes back
    assert review.undo() == d2
    assert str(rejected.iri) in {str(i.iri) for i in review.queue()}
    assert [d.id for d in review.file.decisions()] == [d1.id]


def test_correction_merge_and_reject_survive_reingest(work: Path) -> None:
    review = _review(work)
    klima = review.resolve("KlimaHafen Gelsenkirchen GmbH")
    wrong = next(i for i in review.queue(kind="membership") if any(
        s.role == "organisation" and s.label == "KlimaHafen" for s in i.slots))
    person = next(s.entity for s in wrong.slots if s.role == "person")
    review.correct(wrong, "organisation", klima)
    short = review.resolve("KlimaHafen")
    review.merge(short, klima)
    rejected = next(i for i in review.queue(kind="seat"))
    review.reject(rejected)
    _ingest(work / "store", work / "curation", force=True)
    rows = _select(work / "store", f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ <{person}> <{SDO.affiliation}> ?o }} }}")
    assert {str(r["o"]) for r in rows} == {str(klima)}
    assert not _select(work / "store", f"SELECT ?p WHERE {{ GRAPH ?g {{ <{wrong.iri}> ?p ?o }} }}")
    assert not _select(work / "store", f"SELECT ?p WHERE {{ GRAPH ?g {{ <{short}> ?p ?o }} }}")
    assert not _select(work / "store", f"SELECT ?p WHERE {{ GRAPH ?g {{ <{rejected.iri}> ?p ?o }} }}")
    # the seat fact itself went with its statement (no other statement says it in that article)
    org = next(s.entity for s in rejected.slots if s.role == "subject")
    city = next(s.entity for s in rejected.slots if s.role == "city")
    graph = URIRef(rejected.article.replace("/id/article/", "/graph/article/"))
    assert not _select(work / "store", f"SELECT ?x WHERE {{ GRAPH <{graph}> {{ <{org}> <{RG.basedIn}> <{city}> }} "
                                         "BIND(1 AS ?x) }")
    # the next review does not show the decided statements again
    again = _review(work)
    left = {str(i.iri) for i in again.queue()}
    assert str(rejected.iri) not in left and str(wrong.iri) not in left


def test_bulk_and_not_an_organisation(work: Path) -> None:
    review = _review(work)
    seat = next(i for i in review.queue(kind="seat"))
    same = [i for i in review.queue(article=seat.article, rule=seat.rule)]
    done = review.bulk(seat.article, seat.rule, "accept")
    assert len(done) == len(same) >= 1
    assert not review.queue(article=seat.article, rule=seat.rule)
    entity = next(i for i in review.queue(kind="entity") if "/organisation/" in str(i.iri))
    d = review.not_organisation(entity)
    assert d.rules[-1]["action"] == "delete" and d.rules[-1]["predicate"] == str(RDF.type)
    _ingest(work / "store", work / "curation", force=True)
    assert not _select(work / "store", f"SELECT ?t WHERE {{ GRAPH ?g {{ <{entity.iri}> a ?t }} }}")


def test_precision_from_decisions(work: Path) -> None:
    review = _review(work)
    seats = review.queue(kind="seat")
    review.accept(seats[0])
    review.reject(seats[1])
    review.accept(seats[2])
    decisions = dec.load_decisions(work / "curation")
    by_kind = dec.precision(decisions, by="kind")
    assert by_kind == {"seat": (2, 3)}
    by_rule = dec.precision(decisions)
    expected: dict[str, list[int]] = {}
    for item, ok in ((seats[0], 1), (seats[1], 0), (seats[2], 1)):
        expected.setdefault(item.rule, [0, 0])
        expected[item.rule][0] += ok
        expected[item.rule][1] += 1
    assert by_rule == {k: tuple(v) for k, v in expected.items()}
    # a rule's measured precision moves its remaining statements up the queue
    rejected_rule = seats[1].rule
    again = _review(work)
    mine = [i for i in again.queue() if i.rule == rejected_rule]
    if mine:
        assert mine[0].score < mine[0].confidence


def test_delete_statement_removes_only_the_fact_it_alone_carries() -> None:
    person, org = mint("person", "Anna Beispiel"), mint("organisation", "Beispiel GmbH")
    m1, m2 = URIRef("https://w3id.org/ruhrgraph/id/membership/a-1"), URIRef(
        "https://w3id.org/ruhrgraph/id/membership/a-2")
    g = Graph()
    for m in (m1, m2):
        g.add((m, RDF.type, RG.Membership))
        g.add((m, ORG.member, person))
        g.add((m, ORG.organization, org))
    g.add((person, SDO.affiliation, org))
    g.add((person, RDF.type, RG.Person))
    g.add((person, RG.confidence, Literal(1)))
    rules = parse_rules({"curator": "A", "date": "2026-12-01", "rules": [
        {"id": "one", "action": "delete", "statement": str(m1), "why": "t"}]})
    out, matched = curation_module.Curation(tuple(rules)).rewrite(g)
    assert matched == ["one"] and (person, SDO.affiliation, org) in out and (m1, None, None) not in out
    rules = parse_rules({"curator": "A", "date": "2026-12-01", "rules": [
        {"id": "one", "action": "delete", "statement": str(m1), "why": "t"},
        {"id": "two", "action": "delete", "statement": str(m2), "why": "t"}]})
    out, matched = curation_module.Curation(tuple(rules)).rewrite(g)
    assert matched == ["one", "two"] and (person, SDO.affiliation, org) not in out


def test_accept_rules_parse_and_are_described() -> None:
    rules = parse_rules({"curator": "A", "date": "2026-12-01", "rules": [
        {"id": "ok", "action": "accept", "statement": "id:membership/x-1", "why": "right",
         "review": {"decision": "ok", "verdict": "accept"}}]})
    assert rules[0].describe() == "accept id:membership/x-1" and not rules[0].rewrites
    with pytest.raises(Exception, match="either 'statement' or 'entity'"):
        parse_rules({"curator": "A", "date": "2026-12-01", "rules": [
            {"id": "ok", "action": "accept", "why": "right"}]})


def test_correcting_one_of_several_hosts_keeps_the_others(work: Path) -> None:
    review = _review(work)
    visit = next(i for i in review.queue(kind="visit") if sum(s.role == "host" for s in i.slots) > 1)
    hosts = [s for s in visit.slots if s.role == "host"]
    wrong, kept = hosts[-1], hosts[0]
    bmr = review.resolve("Business Metropole Ruhr")
    new = bmr if bmr not in {s.entity for s in hosts} else review.resolve("Wirtschaftsförderung Duisburg")
    d = review.correct(visit, "host", new, old=wrong.label)
    assert review.label(new) in d.rules[0]["why"]
    _ingest(work / "store", work / "curation", force=True)
    rows = _select(work / "store", f"SELECT ?h WHERE {{ <{visit.iri}> <{RG.hostedBy}> ?h }}")
    found = {r["h"] for r in rows}
    assert new in found and kept.entity in found and wrong.entity not in found
