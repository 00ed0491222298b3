"""``ruhrgraph.ingest.validate`` and the ``ruhrgraph validate`` command: reports, exit codes, bad input."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from typer.testing import CliRunner

from ruhrgraph.cli import app
from ruhrgraph.errors import InputError, RDFSyntaxError, ReadError
from ruhrgraph.ingest.rdffile import read_rdf_file
from ruhrgraph.ingest.report import render_report
from ruhrgraph.ingest.validate import validate_graph
from ruhrgraph.namespace import RDF, SH

DATA = Path(__file__).parent / "data"
SEED_REFERENCE = DATA / "seed_reference.trig"
CONTEXT = DATA / "shapes" / "_context.ttl"

PREFIXES = """@prefix rg: <https://w3id.org/ruhrgraph/ontology#> .
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
"""
VIOLATING = PREFIXES + """
ex:essen a rg:City ; rdfs:label "Essen"@de .
ex:bmr a rg:EconomicDevelopmentAgency ;
    rdfs:label "Business Metropole Ruhr"@de ;
    rg:basedIn ex:kemna .
ex:kemna a rg:Person ; rdfs:label "Jörg Kemna"@de ; schema:affiliation ex:bmr .
"""
WARNING_ONLY = PREFIXES + """
ex:ifa a rg:Association ; rdfs:label "Institut für Auslandsbeziehungen"@de .
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The command


def test_seed_reference_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(SEED_REFERENCE)])
    assert result.exit_code == 0, result.output
    assert "conforms — 0 violations, 2 warnings" in result.stdout
    assert "Institut für Auslandsbeziehungen" in result.stdout
    assert "de: Organisation ohne Sitz (rg:basedIn)" in result.stdout
    assert "en: Organisation without a seat (rg:basedIn)" in result.stdout


def test_violations_exit_1_with_a_readable_report(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.ttl", VIOLATING)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == str(path)
    assert lines[1].startswith("does not conform — 1 violation, 0 warnings, 3 infos")
    # counts per shape come before the findings
    assert out.index("By shape:") < out.index("Findings by focus node:")
    assert "Violation  rgsh:OrganisationShape  rg:basedIn" in out
    # findings grouped by focus node, with label, path, both messages and the value
    block = out[out.index("Business Metropole Ruhr  <https://example.org/bmr>"):]
    assert "  Violation  rg:basedIn  (rgsh:OrganisationShape)" in block
    assert "de: rg:basedIn muss auf einen Ort (rg:Place, meist rg:City) verweisen." in block
    assert "en: rg:basedIn must point to a place (rg:Place, usually rg:City)." in block
    assert "value: <https://example.org/kemna>" in block
    # violations are listed before infos
    assert out.index("Business Metropole Ruhr  <") < out.index("Essen  <https://example.org/essen>")


def test_warnings_alone_exit_0(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(_write(tmp_path, "warn.ttl", WARNING_ONLY))])
    assert result.exit_code == 0, result.output
    assert "conforms — 0 violations, 1 warning, 1 info" in result.stdout


def test_format_ttl_gives_the_raw_report(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--format", "ttl", str(_write(tmp_path, "bad.ttl", VIOLATING))])
    assert result.exit_code == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    assert node is not None
    assert report.value(node, SH.conforms).toPython() is False
    assert len(list(report.objects(node, SH.result))) == 4


@pytest.mark.parametrize(("name", "text", "line"), [
    ("broken.ttl", '@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open\n', 3),
    ("broken.trig", "@prefix ex: <http://e/> .\nex:g {\n  ex:a ex:b ex:c .\n  ex:a ex:b .\n}\n", 4),
    ("broken.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> c .\n", 2),
    ("broken.nq", "<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\n\n"
                  "<http://e/a> <http://e/b> .\n", 3),
    ("broken.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                   "  <rdf:Description>\n</rdf:RDF>\n", 4),
    ("broken.jsonld", '{\n  "@id": "http://e/a",\n  "http://e/b": [1, 2,]\n}\n', 3),
])
def test_unparseable_input_exits_2_naming_file_and_line(runner: CliRunner, tmp_path: Path, name: str,
                                                        text: str, line: int) -> None:
    path = _write(tmp_path, name, text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert str(path) in result.stderr
    assert f"line {line}" in result.stderr
    with pytest.raises(RDFSyntaxError) as excinfo:
        read_rdf_file(path)
    assert excinfo.value.line == line


@pytest.mark.parametrize(("name", "message"), [
    ("missing.ttl", "file not found"),
    ("graph.xyz", "unknown RDF format '.xyz'"),
])
def test_unreadable_input_exits_2(runner: CliRunner, tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".xyz"):
        _write(tmp_path, name, "")
    result = runner.invoke(app, ["validate", str(tmp_path / name)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_several_files_worst_exit_code_wins(runner: CliRunner, tmp_path: Path) -> None:
    good = _write(tmp_path, "good.ttl", WARNING_ONLY)
    bad = _write(tmp_path, "bad.ttl", VIOLATING)
    broken = _write(tmp_path, "broken.ttl", "ex:a ex:b")
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert str(good) in result.stdout and str(bad) in result.stdout
    result = runner.invoke(app, ["validate", str(broken), str(good), str(bad)])
    assert result.exit_code == 2
    assert str(bad) in result.stdout, "a broken file must not stop the others"


def test_help_lists_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout


# --------------------------------------------------------------------------------------------
# JSON-LD never goes to the network


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


@pytest.mark.parametrize("context", [
    "https://schema.org/",
    ["https://w3id.org/ruhrgraph/context.jsonld", {"rg": "https://w3id.org/ruhrgraph/ontology#"}],
    {"@import": "https://example.org/context.jsonld"},
])
def test_jsonld_remote_context_is_refused_without_network(runner: CliRunner, tmp_path: Path,
                                                           no_network: list[str], context: object) -> None:
    doc = {"@context": context, "@id": "https://example.org/bmr", "name": "BMR"}
    path = _write(tmp_path, "remote.jsonld", json.dumps(doc))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "context" in result.stderr and "inline" in result.stderr
    assert no_network == []
    with pytest.raises(InputError):
        read_rdf_file(path)


def test_jsonld_with_inline_context_validates(runner: CliRunner, tmp_path: Path,
                                              no_network: list[str]) -> None:
    doc = {
        "@context": {"rg": "https://w3id.org/ruhrgraph/ontology#",
                     "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                     "label": {"@id": "rdfs:label", "@language": "de"}},
        "@graph": [{"@id": "https://example.org/ifa", "@type": "rg:Association",
                    "label": "Institut für Auslandsbeziehungen"}],
    }
    path = _write(tmp_path, "inline.json", json.dumps(doc, ensure_ascii=False))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 warning" in result.stdout
    assert no_network == []


# --------------------------------------------------------------------------------------------
# The functions


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".rdf", ".jsonld"])
def test_triple_formats_load_into_the_default_graph(tmp_path: Path, suffix: str) -> None:
    graph = Graph().parse(data=WARNING_ONLY, format="turtle")
    fmt = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld"}[suffix]
    path = _write(tmp_path, "g" + suffix, graph.serialize(format=fmt))
    dataset = read_rdf_file(path)
    assert len(dataset) == len(graph) == 2


def test_read_errors_are_input_errors(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes('@prefix ex: <http://e/> .\nex:a ex:b "Jäger" .\n'.encode("latin-1"))
    with pytest.raises(RDFSyntaxError, match="UTF-8") as excinfo:
        read_rdf_file(path)
    assert excinfo.value.line == 2
    with pytest.raises(ReadError):
        read_rdf_file(tmp_path)


def test_only_violations_make_a_graph_non_conforming() -> None:
    result = validate_graph(Graph().parse(data=WARNING_ONLY, format="turtle"))
    assert result.conforms
    assert (result.count("Violation"), result.count("Warning"), result.count("Info")) == (0, 1, 1)
    assert result.violations == []


def test_findings_carry_label_path_messages_value_and_shape() -> None:
    result = validate_graph(Graph().parse(data=VIOLATING, format="turtle"))
    assert not result.conforms
    [finding] = result.violations
    assert finding.focus == URIRef("https://example.org/bmr")
    assert finding.focus_label == "Business Metropole Ruhr"
    assert finding.path == "rg:basedIn"
    assert finding.shape == "rgsh:OrganisationShape"
    assert finding.value == URIRef("https://example.org/kemna")
    assert finding.constraint == "sh:ClassConstraintComponent"
    assert set(finding.messages) == {"de", "en"}


def test_extra_graph_supplies_linked_nodes() -> None:
    article_graph = Graph().parse(data=PREFIXES + """
        ex:kirsch a rg:Person ; rdfs:label "Tobias Kirsch"@de ; schema:affiliation ex:bmr .
    """, format="turtle")
    alone = validate_graph(article_graph)
    assert [f.path for f in alone.violations] == ["schema:affiliation"]
    with_background = validate_graph(article_graph, extra=Graph().parse(CONTEXT, format="turtle"))
    assert with_background.conforms and with_background.results == []


def test_dataset_named_graphs_are_validated_as_their_union() -> None:
    dataset = Dataset()
    article = dataset.graph(URIRef("https://example.org/graph/article"))
    article.parse(data=PREFIXES + """
        ex:kirsch a rg:Person ; rdfs:label "Tobias Kirsch"@de ; schema:affiliation ex:bmr .
    """, format="turtle")
    gazetteer = dataset.graph(URIRef("https://example.org/graph/gazetteer"))
    gazetteer.parse(CONTEXT, format="turtle")
    assert validate_graph(dataset).results == []


def test_render_report_counts_first_and_plain_text() -> None:
    result = validate_graph(Graph().parse(data=VIOLATING, format="turtle"))
    text = render_report(result)
    assert text.startswith("does not conform — 1 violation, 0 warnings, 3 infos (8 triples)")
    assert "[" not in text.splitlines()[0]
    marked = render_report(result, markup=True)
    assert "[bold red]" in marked


def test_render_report_of_a_clean_graph() -> None:
    result = validate_graph(Graph())
    assert result.conforms
    assert render_report(result) == "conforms — 0 violations, 0 warnings, 0 infos (0 triples)\n"


def test_the_engine_is_chosen_by_name_and_a_wrong_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from ruhrgraph.errors import SettingError
    from ruhrgraph.ingest.validate import Validator

    monkeypatch.setenv("RUHRGRAPH_SHACL", "pyshacl")
    assert Validator.load().engine == "pyshacl"
    monkeypatch.setenv("RUHRGRAPH_SHACL", "jena")
    with pytest.raises(SettingError, match=r"unknown SHACL engine 'jena'.*turbo, pyshacl"):
        Validator.load()
