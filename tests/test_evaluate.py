"""The evaluation command: scoring on a hand-made graph, and the CLI on the seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

from ruhrgraph.cli import app
from ruhrgraph.evaluate.score import fold, ontology_graph, score_graph

SDO = Namespace("https://schema.org/")
RG = Namespace("https://w3id.org/ruhrgraph/ontology#")
EX = Namespace("https://example.org/")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def _graph() -> Graph:
    g = Graph()
    for node, cls, label in [(EX.bmr, RG.EconomicDevelopmentAgency, "Business Metropole Ruhr"),
                             (EX.julia, RG.Person, "Julia Jäger"), (EX.essen, RG.City, "Essen"),
                             (EX.korea, RG.Country, "Südkorea"), (EX.visit, RG.Visit, "Besuch"),
                             (EX.x, RG.Company, "Falsch AG")]:
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label, lang="de")))
    g.add((EX.julia, SDO.affiliation, EX.bmr))
    g.add((EX.bmr, RG.basedIn, EX.essen))
    g.add((EX.visit, RG.hostedBy, EX.bmr))
    g.add((EX.visit, RG.origin, EX.korea))
    return g


GOLD = {
    "Organization": [["Business Metropole Ruhr", "BMR"], ["Wirtschaftsförderung Dortmund"]],
    "Person": [["Julia Jäger"]], "City": [["Essen"]], "Country": [["Korea", "Südkorea"]],
    "optional": {"Organization": [["Falsch AG"]]},
    "not_entities": {"Person": ["Metropole Ruhr"]},
    "affiliation": [["Julia Jäger", "BMR"]],
    "located_in": [["Business Metropole Ruhr", "Essen"], ["Wirtschaftsförderung Dortmund", "Dortmund"]],
    "visit": [{"country": "Korea", "hosts": ["Business Metropole Ruhr", "Wirtschaftsförderung Dortmund"]}],
}


def test_scores_by_hand(onto: Graph) -> None:
    res = score_graph(_graph(), GOLD, onto)
    org = res.entities["Organization"]
    assert (org["gold"], org["found"], org["extracted"]) == (2, 1, 2)
    assert org["unmatched"] == []  # "Falsch AG" is optional
    assert org["missed"] == ["Wirtschaftsförderung Dortmund"]
    assert res.relations["affiliation"] == {"gold": 1, "found": 1, "missed": [], "extracted": 1, "correct": 1,
                                            "wrong": [], "rules": {"?": [1, 1]}}
    assert res.relations["located_in"]["found"] == 1
    assert res.relations["visit"] == {"gold": 2, "found": 1,
                                      "missed": ["Korea -> Wirtschaftsförderung Dortmund"]}
    assert res.violations == []


def test_fold_ignores_titles_legal_forms_and_case() -> None:
    assert fold("Dr. Joanna Stachnik") == fold("joanna stachnik")
    assert fold("G DATA CyberDefense AG") == fold("g data cyberdefense")


def test_cli_on_the_seed() -> None:
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(ROOT / "tests" / "data" / "seed_gold.yaml"),
                                      "--articles", str(ROOT / "data" / "articles"), "--summary"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("SUMMARY "))
    summary = dict(part.split("=") for part in line.split()[1:])
    assert float(summary["entity_F1"]) >= 0.95
    assert float(summary["relation_R"]) >= 0.90
    assert float(summary["relation_P"]) >= 0.95
    assert "precision per rule, affiliation:" in result.output


def test_precision_counts_every_extracted_pair_per_rule(onto: Graph) -> None:
    """A wrong membership counts against its rule; a pair with an optional entity counts for none."""
    from rdflib.namespace import ORG

    g = _graph()
    for node, person, org, rule in [(EX.m1, EX.julia, EX.bmr, "person-role-of-org"),
                                    (EX.m2, EX.julia, EX.essen_org, "role-in-context"),
                                    (EX.m3, EX.julia, EX.x, "role-in-context")]:
        g.add((node, RDF.type, RG.Membership))
        g.add((node, ORG.member, person))
        g.add((node, ORG.organization, org))
        g.add((node, RG.rule, Literal(rule)))
    g.add((EX.essen_org, RDF.type, RG.Company))
    g.add((EX.essen_org, RDFS.label, Literal("Essener Firma", lang="de")))
    aff = score_graph(g, GOLD, onto).relations["affiliation"]
    assert (aff["correct"], aff["extracted"]) == (1, 2)
    assert aff["wrong"] == ["julia jäger -> essener firma (role-in-context)"]
    assert aff["rules"] == {"person-role-of-org": [1, 1], "role-in-context": [0, 1]}


def test_cli_bad_gold_file(tmp_path: Path) -> None:
    bad = tmp_path / "gold.yaml"
    bad.write_text("- not: [a mapping", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(bad), "--articles", str(tmp_path)])
    assert result.exit_code == 2
    assert "gold.yaml" in result.output


@pytest.mark.parametrize("pairs", [
    "affiliation: [[Anna Muster, Klinik für Chirurgie, Gefäße]]",  # an unquoted comma makes three names
    "optional: {located_in: [[Probe GmbH]]}",
    "affiliation: [Anna Muster]",
])
def test_cli_gold_relation_that_is_not_a_pair(tmp_path: Path, pairs: str) -> None:
    """A relation in the gold that is not two names is refused with the file and the article named,
    before any article is extracted (it used to end in a traceback from the scorer)."""
    (tmp_path / "a.txt").write_text("Titel\nAnna Muster arbeitet bei der Probe GmbH.\n", encoding="utf-8")
    gold = tmp_path / "gold.yaml"
    gold.write_text(f"a.txt:\n  {pairs}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--articles", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "gold.yaml" in result.output and "a.txt" in result.output and "pair of two names" in result.output
    assert "Traceback" not in result.output
