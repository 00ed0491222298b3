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
    assert res.relations["affiliation"] == {"gold": 1, "found": 1, "missed": []}
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
    summary = dict(part.split("=") for part in result.output.split("SUMMARY ")[1].split())
    assert float(summary["entity_F1"]) >= 0.95
    assert float(summary["relation_R"]) >= 0.90


def test_cli_bad_gold_file(tmp_path: Path) -> None:
    bad = tmp_path / "gold.yaml"
    bad.write_text("- not: [a mapping", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(bad), "--articles", str(tmp_path)])
    assert result.exit_code == 2
    assert "gold.yaml" in result.output
