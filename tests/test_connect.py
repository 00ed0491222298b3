"""``ruhrgraph connect``: shortest paths between actors, each hop with its evidence."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from ruhrgraph.cli import app
from ruhrgraph.errors import ParameterError
from ruhrgraph.network.connect import connect
from ruhrgraph.store.local import Store

DATA = Path(__file__).parent / "data" / "analytics"
ID = "https://w3id.org/ruhrgraph/id/"


def test_path_through_employer_and_visit(five: Store) -> None:
    result = connect(five, "petra beispiel", "KOREA")
    assert result.distance == 2 and len(result.paths) == 1
    first, second = result.paths[0]
    assert (first.source_label, first.target_label, first.relations) == (
        "Petra Beispiel", "Alpha Technik GmbH", ("affiliation",))
    assert {q.text for q in first.quotes} == {
        "Petra Beispiel von der Alpha Technik GmbH in Essen …",
        "Petra Beispiel (Alpha Technik GmbH, Essen) begrüßte die Gäste."}
    assert second.relations == ("visit",)
    assert second.events == (
        (ID + "visit/a2-1", "Besuch der Delegation aus Korea (2023-11-14 – 2023-11-17)"),)
    assert [(q.sentence, q.statement) for q in second.quotes] == [(3, ID + "visit/a2-1")]
    assert "Korea: origin" in second.roles and "Alpha Technik GmbH: host" in second.roles
    text = result.render()
    assert "Petra Beispiel → Alpha Technik GmbH → Korea" in text
    assert "„Eine Delegation aus Korea besuchte" in text


@pytest.mark.parametrize(("name", "expected"), [
    ("Alpha Technik GmbH", "organisation/alpha-technik-gmbh"),
    ("alpha technik gmbh", "organisation/alpha-technik-gmbh"),
    ("Alpha", "organisation/alpha-technik-gmbh"),
    ("ATG", "organisation/alpha-technik-gmbh"),  # acronym
    (ID + "city/essen", "city/essen"),
    (f"<{ID}city/essen>", "city/essen"),
    ("Petra", "person/petra-beispiel"),
])
def test_names_resolve(five: Store, name: str, expected: str) -> None:
    assert connect(five, name, "Essen").source == ID + expected


TWO_STADTWERKE = """
@prefix rg: <https://w3id.org/ruhrgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/ruhrgraph/id/> .
<https://w3id.org/ruhrgraph/graph/article/x> {
  id:article\\/x a rg:Article .
  id:organisation\\/stadtwerke-essen a rg:Company ; rdfs:label "Stadtwerke Essen"@de .
  id:organisation\\/stadtwerke-bochum a rg:Company ; rdfs:label "Stadtwerke Bochum"@de .
  id:event\\/x-1 a rg:Meeting ;
      rg:participant id:organisation\\/stadtwerke-essen , id:organisation\\/stadtwerke-bochum .
}
"""


@pytest.mark.parametrize(("name", "message"), [
    ("Nirgendwo", "no actor named 'Nirgendwo'"),
    ("Stadtwerk Esen", "did you mean 'Stadtwerke Essen'"),
    ("Stadtwerke", "'Stadtwerke' is ambiguous in the actors view: Stadtwerke Bochum"),
    ("   ", "must not be empty"),
])
def test_bad_names_are_explained(name: str, message: str) -> None:
    with Store.open(None) as store:
        store.oxigraph.load(TWO_STADTWERKE, format=ox.RdfFormat.TRIG)
        with pytest.raises(ParameterError, match=message):
            connect(store, name, "Stadtwerke Essen")
        assert connect(store, "Stadtwerke Bochum", "Stadtwerke Essen").distance == 1


def test_same_actor_and_bad_limit(five: Store) -> None:
    assert connect(five, "Essen", "essen").paths == ()
    with pytest.raises(ParameterError, match="max_paths"):
        connect(five, "Essen", "Korea", max_paths=0)


def test_seed_korea_dortmund_goes_through_the_medica_visit_and_the_reception(seed: Path) -> None:
    with Store.open(seed, read_only=True) as store:
        result = connect(store, "Korea", "Dortmund")
    assert result.source_label in {"Südkorea", "Korea"} and result.target_label == "Dortmund"
    via = {path[0].target_label for path in result.paths}
    assert {"Wirtschaftsförderung Dortmund", "BioMedizinZentrumDortmund"} <= via
    for path in result.paths:
        hop = path[0]
        if hop.target_label not in {"Wirtschaftsförderung Dortmund", "BioMedizinZentrumDortmund"}:
            continue
        assert hop.relations == ("visit",)
        descriptions = " | ".join(desc for _, desc in hop.events)
        assert "korea" in descriptions.lower() and "MEDICA" in descriptions  # the MEDICA-time Korea visit
        assert "Empfang" in descriptions  # … and the reception
        quotes = " ".join(q.text for q in hop.quotes)
        # each hop quotes the visit of Korea and the sentence that names its own organisation — not
        # the sentence about the other one (before issue #14 both hops quoted all four sentences)
        own = {"Wirtschaftsförderung Dortmund": "Beim Empfang bei der BMR gab Julia Jäger",
               "BioMedizinZentrumDortmund": "Leiterin des BioMedizinZentrumDortmund"}
        assert "Eine Delegation aus Korea" in quotes and own[hop.target_label] in quotes
        assert all(other not in quotes for label, other in own.items() if label != hop.target_label)
        assert all("Korea" in q.text or hop.target_label in q.text for q in hop.quotes)
        assert all(q.headline.startswith("Im internationalen Dialog") and "/id/article/" in q.article
                   for q in hop.quotes)
        assert path[-1].target_label == "Dortmund" and path[-1].relations == ("location",)


def test_cli_connect(seed: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["connect", "Korea", "Dortmund", "--store", str(seed)])
    assert result.exit_code == 0, result.output
    assert "Wirtschaftsförderung Dortmund → Dortmund" in result.output
    assert "of “Im internationalen Dialog" in result.output  # the article cited, not the visit IRI
    assert "id/visit/" not in result.output and "id/event/" not in result.output
    lonely = runner.invoke(app, ["connect", "Korea", "Cannes", "--store", str(seed)])
    assert lonely.exit_code == 1 and "not connected" in lonely.output
    unknown = runner.invoke(app, ["connect", "Korea", "Atlantis", "--store", str(seed)])
    assert unknown.exit_code == 2 and "Atlantis" in unknown.output
