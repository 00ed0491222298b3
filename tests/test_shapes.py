"""The SHACL shapes, tested with data files.

Each file in ``tests/data/shapes/`` is a small data graph named ``<shape>-ok-*.ttl`` (must
conform) or ``<shape>-bad-*.ttl`` (must not), where ``<shape>`` is the node shape in kebab case
(``visit`` → ``rgsh:VisitShape``). Its comment header declares every finding expected, one per
line, as ``# expect: <severity> <node shape> <path>`` (``(node)`` for a node-level constraint);
the findings must be exactly these. ``_context.ttl`` holds complete background nodes that the
cases link to (an article, an activity, a city …); it is passed as ``extra``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from ruhrgraph.ingest.rdffile import read_rdf_file
from ruhrgraph.ingest.validate import ValidationResult, Validator, default_validator, load_shapes, validate_graph
from ruhrgraph.namespace import RDF, RG, RGSH, SH

DATA = Path(__file__).parent / "data"
CASES_DIR = DATA / "shapes"
CASES = sorted(p for p in CASES_DIR.glob("*.ttl") if not p.name.startswith("_"))
SEED_TEXT = DATA.parent.parent / "data" / "articles" / "000_cbab0d245a9d8950.txt"
_NAME = re.compile(r"^(?P<shape>[a-z-]+?)-(?P<kind>ok|bad)(-[a-z0-9-]+)?\.ttl$")
_EXPECT = re.compile(
    r"^#\s*expect:\s*(?P<severity>Violation|Warning|Info)\s+(?P<shape>\S+)\s+(?P<path>\S+)\s*$")


def _shape_name(kebab: str) -> str:
    return "rgsh:" + "".join(part.capitalize() for part in kebab.split("-")) + "Shape"


def _expectations(path: Path) -> Counter[tuple[str, str, str]]:
    found: Counter[tuple[str, str, str]] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _EXPECT.match(line)
        if match:
            found[(match["severity"], match["shape"], match["path"])] += 1
    return found


@pytest.fixture(scope="module")
def context() -> Graph:
    return Graph().parse(CASES_DIR / "_context.ttl", format="turtle")


def test_context_is_clean(context: Graph) -> None:
    result = validate_graph(context)
    assert result.results == [], [(f.severity, f.shape, f.path, str(f.focus)) for f in result.results]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_shape_case(case: Path, context: Graph) -> None:
    name = _NAME.match(case.name)
    assert name, f"{case.name}: name it <shape>-ok-<what>.ttl or <shape>-bad-<what>.ttl"
    expected = _expectations(case)
    result = validate_graph(read_rdf_file(case), extra=context)
    actual = Counter({(f.severity, f.shape, f.path or "(node)") for f in result.results})
    # The same (severity, shape, path) may be reported for several focus nodes; compare as sets.
    assert set(actual) == set(expected), (
        f"{case.name}: findings differ from the '# expect:' header\n"
        f"  missing:    {sorted(set(expected) - set(actual))}\n"
        f"  unexpected: {sorted(set(actual) - set(expected))}"
    )
    if name["kind"] == "ok":
        assert result.conforms, f"{case.name} should conform"
    else:
        assert not result.conforms, f"{case.name} should have a violation"
        shape = _shape_name(name["shape"])
        assert any(f.severity == "Violation" and f.shape == shape for f in result.results), (
            f"{case.name}: no violation attributed to {shape}")
    for finding in result.results:
        assert set(finding.messages) == {"de", "en"}, f"{finding.shape} {finding.path}: message not in de+en"


# The validator compiles the shapes once through pySHACL internals (the fast path) and falls back
# to the public ``pyshacl.validate`` when those internals are missing. Both must judge alike.
FALLBACK_CASES = [
    "article-ok", "article-ok-no-date", "delegation-bad-also-organisation", "visit-bad-no-provenance",
    "organisation-ok-no-seat", "event-bad-date-text", "assertion-bad-two-objects", "place-ok-no-same-as",
]


@pytest.fixture(scope="module")
def public_validator() -> Validator:
    validator = Validator.load(fast=False, engine="pyshacl")
    assert not validator.fast
    return validator


def test_the_pinned_pyshacl_takes_the_fast_path() -> None:
    assert Validator.load(engine="pyshacl").fast, \
        "pySHACL internals changed: validation falls back to the slow public API"


def _judgement(result: ValidationResult) -> tuple[bool, Counter[tuple[str, str, str, str, str]]]:
    return result.conforms, Counter(
        (f.severity, f.shape, f.path or "(node)", str(f.focus), f.constraint) for f in result.results)


@pytest.mark.parametrize("name", FALLBACK_CASES)
def test_public_pyshacl_judges_like_the_fast_path(name: str, context: Graph, public_validator: Validator) -> None:
    data = read_rdf_file(CASES_DIR / f"{name}.ttl")
    fast = default_validator().validate(data, extra=context)
    public = public_validator.validate(data, extra=context)
    assert _judgement(public) == _judgement(fast)


def test_every_node_shape_has_an_ok_and_a_bad_case() -> None:
    shapes = load_shapes()
    node_shapes = {f"rgsh:{str(s)[len(str(RGSH)):]}" for s in shapes.subjects(RDF.type, SH.NodeShape)}
    covered: dict[str, set[str]] = {}
    for case in CASES:
        match = _NAME.match(case.name)
        assert match, case.name
        covered.setdefault(_shape_name(match["shape"]), set()).add(match["kind"])
    missing = {s: {"ok", "bad"} - covered.get(s, set()) for s in node_shapes}
    assert not {s: m for s, m in missing.items() if m}, "node shapes without test cases"
    assert set(covered) <= node_shapes, f"cases for unknown shapes: {set(covered) - node_shapes}"


def test_every_property_shape_has_a_name_and_bilingual_messages() -> None:
    shapes = load_shapes()
    property_shapes = set(shapes.objects(None, SH.property))
    property_shapes |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert property_shapes
    for prop in property_shapes:
        messages = {m.language for m in shapes.objects(prop, SH.message) if isinstance(m, Literal)}
        names = {n.language for n in shapes.objects(prop, SH.name) if isinstance(n, Literal)}
        path = shapes.value(prop, SH.path)
        assert messages == {"de", "en"}, f"property shape for {path}: sh:message needs de and en"
        assert names == {"de", "en"}, f"property shape for {path}: sh:name needs de and en"


def test_shapes_use_no_sparql_constraints() -> None:
    shapes = load_shapes()
    assert not list(shapes.subject_objects(SH.sparql)), "use SHACL Core constraints (speed)"


# --------------------------------------------------------------------------------------------
# The hand-written reference graph of the seed article


@pytest.fixture(scope="module")
def seed_reference() -> Graph:
    dataset = read_rdf_file(DATA / "seed_reference.trig")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def test_seed_reference_conforms(seed_reference: Graph) -> None:
    result = validate_graph(seed_reference)
    assert result.conforms, [(f.shape, f.path, str(f.focus)) for f in result.violations]
    # The two warnings are in the text: the ifa's seat and Dr. Denecke-Arnold's affiliation are not named.
    assert sorted((f.path, f.focus_label) for f in result.results if f.severity == "Warning") == [
        ("rg:basedIn", "Institut für Auslandsbeziehungen"),
        ("schema:affiliation", "Heike Denecke-Arnold"),
    ]


def test_seed_reference_is_one_named_graph() -> None:
    dataset = read_rdf_file(DATA / "seed_reference.trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {"https://w3id.org/ruhrgraph/graph/article/000-cbab0d245a9d8950"}


def test_seed_reference_quotes_match_the_article(seed_reference: Graph) -> None:
    text = unicodedata.normalize("NFC", SEED_TEXT.read_text(encoding="utf-8"))
    evidence = list(seed_reference.subjects(RDF.type, RG.Evidence))
    assert len(evidence) >= 10
    for node in evidence:
        begin = int(seed_reference.value(node, RG.beginIndex))
        end = int(seed_reference.value(node, RG.endIndex))
        assert text[begin:end] == str(seed_reference.value(node, RG.quote)), node
