"""VoID/DCAT: statistics worked out by hand (data files), cross-checked against SPARQL on the
store, links to the dump files with their real sizes and checksums, licence and publisher
configurable, modification date taken from the data."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
import yaml
from rdflib import Literal, URIRef

from _linked_data import DATA, load_store
from ruhrgraph.publish import rdfwrite as _rdfwrite
from ruhrgraph.publish.dump import dump
from ruhrgraph.publish.void import CC_BY_4, PublishSettings, describe_store
from ruhrgraph.store.local import Store

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
CASES = sorted((DATA / "void").glob("*.trig"))
DATASET = URIRef("https://w3id.org/ruhrgraph/void#dataset")


def _expand(compact: str) -> URIRef:
    prefix, _, local = compact.partition(":")
    return URIRef(_rdfwrite.prefixes()[prefix] + local)


def _value(graph: rdflib.Graph, subject: URIRef, predicate: URIRef) -> object:
    values = list(graph.objects(subject, predicate))
    assert len(values) <= 1, (subject, predicate, values)
    return values[0].toPython() if values else None


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_statistics_match_the_hand_counts(case: Path, tmp_path: Path) -> None:
    expected = yaml.safe_load(case.with_suffix(".yaml").read_text(encoding="utf-8"))
    folder = load_store(tmp_path / "store", case)
    with Store.open(folder, read_only=True) as store:
        assert store.quad_count() == expected["quads"]  # named graphs (the query graph is derived)
        dump(store, tmp_path / "out", settings=PublishSettings(base="https://w3id.org/ruhrgraph/"))
    void = rdflib.Graph().parse(tmp_path / "out" / "void.ttl", format="turtle")
    for key, prop in (("triples", VOID.triples), ("entities", VOID.entities),
                      ("distinct_subjects", VOID.distinctSubjects),
                      ("distinct_objects", VOID.distinctObjects)):
        assert _value(void, DATASET, prop) == expected[key], key
    classes = {void.value(part, VOID["class"]): void.value(part, VOID.entities).toPython()
               for part in void.objects(DATASET, VOID.classPartition)}
    assert classes == {_expand(k): v for k, v in expected["classes"].items()}
    counted = (VOID.triples, VOID.distinctSubjects, VOID.distinctObjects)
    properties = {void.value(part, VOID.property): [void.value(part, p).toPython() for p in counted]
                  for part in void.objects(DATASET, VOID.propertyPartition)}
    assert properties == {_expand(k): v for k, v in expected["properties"].items()}
    assert _value(void, DATASET, VOID.classes) == len(expected["classes"])
    assert _value(void, DATASET, VOID.properties) == len(expected["properties"])
    modified = _value(void, DATASET, DCT.modified)
    assert (modified.isoformat() if modified else None) == expected["modified"]
    assert sorted(map(str, void.objects(DATASET, VOID.exampleResource))) == sorted(expected["examples"])


@pytest.fixture(scope="module")
def seed_dump(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    store = seed_store
    out = tmp_path_factory.mktemp("void-dump")
    with Store.open(store, read_only=True) as opened:
        dump(opened, out)
    return store, out


def test_partitions_agree_with_sparql_on_the_store(seed_dump: tuple[Path, Path]) -> None:
    store_dir, out = seed_dump
    void = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    with Store.open(store_dir, read_only=True) as store:
        for part in void.objects(DATASET, VOID.classPartition):
            cls = void.value(part, VOID["class"])
            rows = store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }",
                                bindings={"class": cls})
            assert void.value(part, VOID.entities).toPython() == int(rows[0]["n"]), cls
        for part in void.objects(DATASET, VOID.propertyPartition):
            prop = void.value(part, VOID.property)
            rows = store.select(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s <{prop}> ?o }} }}")
            assert void.value(part, VOID.triples).toPython() == int(rows[0]["n"]), prop
        latest = store.select("PREFIX schema: <https://schema.org/> "
                              "SELECT (MAX(STR(?d)) AS ?m) WHERE { ?a schema:datePublished ?d }")[0].get("m")
    modified = void.value(DATASET, DCT.modified)
    assert (str(modified) if modified is not None else None) == (str(latest)[:10] if latest else None)


def test_dumps_are_described_with_size_and_checksum(seed_dump: tuple[Path, Path]) -> None:
    _, out = seed_dump
    void = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    dumps = {str(o) for o in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {f"https://w3id.org/ruhrgraph/dumps/{n}" for n in
                     ("ruhrgraph.ttl", "ruhrgraph.trig", "ruhrgraph.nq", "ruhrgraph.jsonld")}
    distributions = list(void.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 8
    for dist in distributions:
        url = str(void.value(dist, DCAT.downloadURL))
        path = out / url.rsplit("/", 1)[1]
        data = path.read_bytes()
        assert void.value(dist, DCAT.byteSize).toPython() == len(data)
        checksum = void.value(dist, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert void.value(dist, DCT.license) == URIRef(CC_BY_4)
        assert (void.value(dist, DCAT.compressFormat) is not None) == path.name.endswith(".gz")


def test_dataset_description_defaults(seed_dump: tuple[Path, Path]) -> None:
    _, out = seed_dump
    void = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    assert void.value(DATASET, DCT.license) == URIRef(CC_BY_4)
    assert str(void.value(DATASET, VOID.uriSpace)) == "https://w3id.org/ruhrgraph/id/"
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://w3id.org/ruhrgraph/sparql")
    publisher = void.value(DATASET, DCT.publisher)
    assert void.value(publisher, FOAF.name) == Literal("ruhrgraph developers")
    assert (DATASET, rdflib.RDF.type, DCAT.Dataset) in void
    assert list(void.objects(DATASET, VOID.exampleResource))


def test_settings_change_base_licence_publisher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUHRGRAPH_LICENCE", "https://opendatacommons.org/licenses/odbl/1-0/")
    monkeypatch.setenv("RUHRGRAPH_PUBLISHER", "Beispiel-Agentur")
    settings = PublishSettings.from_env(base="https://data.example.org/ruhr", publisher_url="https://example.org/")
    assert settings.base == "https://data.example.org/ruhr/"
    folder = load_store(tmp_path / "store", CASES[0])
    with Store.open(folder, read_only=True) as store:
        void = rdflib.Graph().parse(data=describe_store(store, settings), format="turtle")
    dataset = URIRef("https://data.example.org/ruhr/void#dataset")
    assert void.value(dataset, DCT.license) == URIRef("https://opendatacommons.org/licenses/odbl/1-0/")
    assert str(void.value(dataset, VOID.uriSpace)) == "https://data.example.org/ruhr/id/"
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef("https://data.example.org/ruhr/sparql")
    publisher = void.value(dataset, DCT.publisher)
    assert void.value(publisher, FOAF.name) == Literal("Beispiel-Agentur")
    assert void.value(publisher, FOAF.homepage) == URIRef("https://example.org/")


def test_void_does_not_depend_on_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same data gives the same void.ttl whatever the date: nothing reads the clock."""
    import datetime
    import time

    folder = load_store(tmp_path / "store", CASES[0])
    with Store.open(folder, read_only=True) as store:
        first = describe_store(store, PublishSettings(base="https://w3id.org/ruhrgraph/"))

        class Frozen(datetime.datetime):
            @classmethod
            def now(cls, tz: object = None) -> datetime.datetime:  # type: ignore[override]
                return datetime.datetime(2031, 1, 1)

        monkeypatch.setattr(datetime, "datetime", Frozen)
        monkeypatch.setattr(time, "time", lambda: 1_950_000_000.0)
        second = describe_store(store, PublishSettings(base="https://w3id.org/ruhrgraph/"))
    assert first == second
    assert b"2031" not in second


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")
def test_rapper_parses_void(seed_dump: tuple[Path, Path]) -> None:
    _, out = seed_dump
    run = subprocess.run(["rapper", "-i", "turtle", "-c", str(out / "void.ttl")], capture_output=True,
                         timeout=60, check=False)
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    assert b"returned" in run.stderr
