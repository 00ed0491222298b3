"""Saved queries: the registry, expected rows on the seed, the flagship question, hostile
parameters, and the same rows from an Oxigraph server as from the embedded store.

Expected results are data files, ``tests/data/queries/<query>.<case>.yaml``, run by one
parametrised test::

    # why these rows — checked against the article
    store: reference            # reference | seed | corpus (see scripts/generate_query_docs.py)
    extra: [duplicates.trig]    # more TriG files loaded on top (optional)
    params: {country: Korea, city: Dortmund}
    columns: [organisation, …]  # the projected variables, in order (optional)
    rows:                       # in order; each row compares the columns it names (null:
      - {organisation: "id:organisation/biomedizinzentrumdortmund", person: null}   # unbound)
    distinct: [organisation]    # compare only the set of distinct values of these columns
    error: ParameterError       # instead of rows: the error class …
    match: "no country"         # … and a regular expression its message matches

Values are compared in the short form of :func:`ruhrgraph.sparql.display_term` (``id:…`` for
ruhrgraph IRIs, ``rg:…`` for ontology terms, literals as their text).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from rdflib import URIRef
from typer.testing import CliRunner

from ruhrgraph import errors
from ruhrgraph.cli import app
from ruhrgraph.sparql.resolve import subclasses, vocabulary
from ruhrgraph.sparql.results import display_term, format_result, to_csv, to_json
from ruhrgraph.sparql.saved import (
    bind_parameters,
    get_query,
    list_queries,
    load_query,
    parse_params,
    run_query,
)
from ruhrgraph.store.local import Store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CASES = sorted((DATA / "queries").glob("*.*.yaml"))
RG = "https://w3id.org/ruhrgraph/ontology#"
ID = "https://w3id.org/ruhrgraph/id/"
ORG_CLASS_BLOCK = re.compile(r"VALUES \?(anyType|partnerType|narrowerType)\s*\{([^}]*)\}")


# -- stores ----------------------------------------------------------------------------------------
def _script() -> ModuleType:
    path = ROOT / "scripts" / "generate_query_docs.py"
    spec = importlib.util.spec_from_file_location("generate_query_docs", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOCS_SCRIPT = _script()


class Stores:
    """Test stores built on first use by ``scripts/generate_query_docs.py``'s ``build_store`` (the
    same data as the catalogue's examples) and kept for the session (read-only use)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.built: dict[tuple[str, tuple[str, ...]], Path] = {}

    def path(self, base: str, extra: tuple[str, ...] = ()) -> Path:
        key = (base, extra)
        if key not in self.built:
            folder = self.root / "-".join([base, *(e.split(".")[0] for e in extra)])
            shutil.rmtree(folder, ignore_errors=True)
            try:
                self.built[key] = DOCS_SCRIPT.build_store(folder, base, extra)
            except RuntimeError as exc:
                pytest.fail(str(exc))
        return self.built[key]


@pytest.fixture(scope="session")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    return Stores(tmp_path_factory.mktemp("query-stores"))


@pytest.fixture(scope="session")
def reference(stores: Stores) -> Path:
    return stores.path("reference")


# -- the registry ----------------------------------------------------------------------------------
QUERIES = list_queries()
QUERY_NAMES = [q.name for q in QUERIES]
REQUIRED = {"institutes-linking", "visits", "people", "actors-in", "sector-actors", "partners",
            "central-actors", "evidence", "timeline", "unlocated-organisations", "possible-duplicates",
            "low-confidence-statements"}


def test_the_questions_of_the_issue_are_saved() -> None:
    assert REQUIRED <= set(QUERY_NAMES)


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_NAMES)
def test_saved_query_is_complete(query) -> None:
    assert query.form == "SELECT" and query.method == "GET"
    assert query.summary and query.description and query.tags
    assert all(p.description for p in query.parameters), "every parameter is described in x-parameters"
    required = {p.name for p in query.parameters if p.required}
    assert required <= set(query.example), "the example call gives every required parameter"
    assert "#+" not in query.sparql
    for param in query.parameters:
        if param.type == "iri":
            assert param.spec is not None and param.spec.noun


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_NAMES)
def test_saved_query_has_an_expected_result_fixture(query) -> None:
    assert [c for c in CASES if c.name.split(".")[0] == query.name], \
        f"no tests/data/queries/{query.name}.<case>.yaml"


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_NAMES)
def test_class_lists_in_queries_match_the_ontology(query) -> None:
    """The organisation classes written out in VALUES blocks are exactly the ontology's."""
    organisations = {c for c in subclasses([RG + "Organisation"]) if c.startswith(RG)}
    for variable, block in ORG_CLASS_BLOCK.findall(query.text):
        names = {RG + m for m in re.findall(r"rg:(\w+)", block)}
        expected = organisations - {RG + "Organisation"} if variable == "narrowerType" else organisations
        if names & expected:
            assert names == expected, f"{query.name}: {sorted(names ^ expected)}"
    vocab = vocabulary()
    used = {RG + m for m in re.findall(r"\brg:(\w+)", query.sparql)}
    unknown = [term for term in used if not any(True for _ in vocab.triples((URIRef(term), None, None)))]
    assert not unknown, f"{query.name} uses terms the ontology does not define: {unknown}"


def test_grlc_parameter_syntax(tmp_path: Path) -> None:
    (tmp_path / "demo.rq").write_text(
        "#+ summary: demo\n#+ tags: [t]\n#+ defaults:\n#+   - limit: 5\n"
        "#+ enumerate:\n#+   - mode: [fast, slow]\n"
        "PREFIX ex: <http://example.org/>\n"
        "SELECT ?s WHERE { ?s ex:p ?_thing_iri ; ex:year ?__year_integer ; ex:name ?_name_de ;"
        " ex:mode ?__mode ; ex:n ?__limit_integer ; ex:d ?__when_ex_dt . }\n", encoding="utf-8")
    query = load_query(tmp_path / "demo.rq")
    params = {p.name: p for p in query.parameters}
    assert [(p.name, p.required, p.type) for p in query.parameters] == [
        ("thing", True, "iri"), ("year", False, "integer"), ("name", True, "literal"),
        ("mode", False, "string"), ("limit", False, "integer"), ("when", False, "literal")]
    assert params["name"].lang == "de" and params["when"].datatype == "http://example.org/dt"
    assert params["limit"].default == "5" and params["mode"].enum == ("fast", "slow")
    bound = bind_parameters(query, {"thing": "<http://example.org/a>", "name": 'x" }', "year": "2023"})
    assert {k: v.n3() for k, v in bound.items()} == {
        "thing": "<http://example.org/a>", "year": '"2023"^^<http://www.w3.org/2001/XMLSchema#integer>',
        "name": '"x\\" }"@de', "limit": '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    with pytest.raises(errors.ParameterError, match="not one of fast, slow"):
        bind_parameters(query, {"thing": "<http://example.org/a>", "name": "x", "mode": "medium"})


@pytest.mark.parametrize(("header", "problem"), [
    ("#+ summary: [unclosed\n", "not valid YAML"),
    ("#+ tags: [a]\n", "needs a '#+ summary:'"),
    ("#+ summary: s\n#+ colour: red\n", "unknown header key"),
    ("#+ summary: s\n#+ x-parameters:\n#+   nothing: {description: d}\n", "does not use"),
    ("", "no grlc header"),
])
def test_malformed_query_files_are_named(tmp_path: Path, header: str, problem: str) -> None:
    path = tmp_path / "broken.rq"
    path.write_text(header + "SELECT ?s WHERE { ?s ?p ?_o_iri }\n", encoding="utf-8")
    with pytest.raises(errors.QueryError, match=re.escape(problem)) as info:
        load_query(path)
    assert str(path) in str(info.value)


def test_a_saved_update_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wipe.rq"
    path.write_text("#+ summary: wipe\nDELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(errors.QueryError, match="update operation"):
        load_query(path)


def test_unknown_query_suggests_names() -> None:
    with pytest.raises(errors.QueryError, match="did you mean institutes-linking"):
        get_query("institute-linking")


@pytest.mark.parametrize(("items", "problem"), [(["country"], "name=value"), (["=x"], "name=value"),
                                                (["a=1", "a=2"], "twice")])
def test_parse_params_rejects_malformed_items(items: list[str], problem: str) -> None:
    with pytest.raises(errors.ParameterError, match=problem):
        parse_params(items)


@pytest.mark.parametrize(("params", "problem"), [
    ({}, "needs the parameter organisation"),
    ({"organisation": "BMR", "colour": "red"}, "has no parameter colour"),
    ({"organisation": "Nirgendwo GmbH"}, "no organisation is called 'Nirgendwo GmbH'"),
])
def test_parameter_errors(reference: Path, params: dict[str, str], problem: str) -> None:
    with pytest.raises(errors.ParameterError, match=problem):
        run_query("people", params, store=reference)


@pytest.mark.parametrize(("name", "value", "problem"), [
    ("year", "20x3", "not an integer"), ("year", "2023.5", "not an integer"),
])
def test_literal_parameters_are_validated(reference: Path, name: str, value: str, problem: str) -> None:
    with pytest.raises(errors.ParameterError, match=problem):
        run_query("visits", {name: value}, store=reference)


# -- expected results ------------------------------------------------------------------------------
def _case_id(path: Path) -> str:
    return path.name.removesuffix(".yaml")


def _text(value: object) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_saved_query_gives_the_expected_rows(case: Path, stores: Stores) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    name = case.name.split(".")[0]
    store = stores.path(spec.get("store", "reference"), tuple(spec.get("extra", ())))
    params = {k: _text(v) for k, v in (spec.get("params") or {}).items()}
    if "error" in spec:
        with pytest.raises(getattr(errors, spec["error"]), match=spec.get("match")):
            run_query(name, params, store=store)
        return
    result = run_query(name, params, store=store)
    if "columns" in spec:
        assert list(result.variables) == spec["columns"]
    expected = spec["rows"] or []
    want = [{k: _text(v) for k, v in row.items()} for row in expected]
    if "distinct" in spec:  # the set of distinct values of these columns, in any order
        columns = spec["distinct"]
        got_set = {tuple(display_term(row.get(c)) for c in columns) for row in result.rows}
        want_set = {tuple(row.get(c, "") for c in columns) for row in want}
        assert sorted(got_set) == sorted(want_set), "\n" + format_result(result, "table")
        return
    got = [{k: display_term(row.get(k)) for k in wanted}
           for row, wanted in zip(result.rows, expected, strict=False)]
    assert (len(result.rows), got) == (len(expected), want), "\n" + format_result(result, "table")


# -- the flagship question -------------------------------------------------------------------------
@pytest.mark.parametrize("base", ["reference", "seed"])
def test_flagship_question_from_the_command_line(stores: Stores, base: str) -> None:
    """``ruhrgraph query institutes-linking --param country=Korea --param city=Dortmund`` names the
    BioMedizinZentrumDortmund and the Wirtschaftsförderung Dortmund, with the visit from Korea
    and the seed article as evidence — on the hand-written graph and on the seed as ingested."""
    path = stores.path(base)
    result = CliRunner().invoke(app, ["query", "institutes-linking", "--param", "country=Korea", "--param",
                                      "city=Dortmund", "--store", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert {r["organisation"]["value"] for r in rows} == {ID + "organisation/biomedizinzentrumdortmund",
                                                         ID + "organisation/wirtschaftsfoerderung-dortmund"}
    assert {r["organisationLabel"]["value"] for r in rows} == {"BioMedizinZentrumDortmund",
                                                              "Wirtschaftsförderung Dortmund"}
    assert {r["article"]["value"] for r in rows} == {ID + "article/000-cbab0d245a9d8950"}
    visits = {r["visit"]["value"] for r in rows}
    assert len(visits) == 1
    check = ("PREFIX rg: <https://w3id.org/ruhrgraph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
             "ASK { ?visit a rg:Visit ; rg:origin|rg:delegation/rg:origin ?country ; rg:evidence ?evidence ; "
             "prov:wasDerivedFrom ?article }")
    with Store.open(path, read_only=True) as store:
        assert store.query(check, bindings={"visit": URIRef(visits.pop()),
                                            "country": URIRef(ID + "country/suedkorea"),
                                            "article": URIRef(ID + "article/000-cbab0d245a9d8950")})
    assert {r["connection"]["value"] for r in rows} >= {"host"}


@pytest.mark.parametrize("fmt", ["table", "csv", "md"])
def test_query_command_formats(reference: Path, fmt: str) -> None:
    result = CliRunner().invoke(app, ["query", "people", "-p", "organisation=BMZ", "--store", str(reference),
                                      "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Joanna Stachnik" in result.stdout and "Leiterin" in result.stdout
    if fmt == "csv":
        assert result.stdout_bytes.startswith(b"person,personLabel,role,roleLabel,reportedOn,article\r\n")


def test_query_command_reports_parameter_errors(reference: Path) -> None:
    result = CliRunner().invoke(app, ["query", "institutes-linking", "-p", "country=Koreaa", "-p",
                                      "city=Dortmund", "--store", str(reference)])
    assert result.exit_code == 2
    assert "no country is called 'Koreaa'" in result.output and "Südkorea" in result.output


@pytest.mark.parametrize("argv", [
    ["people", "-p", "organisation=BMR"],
    ["people", "--param=organisation=BMR", "--format", "csv", "--store", "/tmp/x"],
    ["institutes-linking", "-p", "country=Korea", "-pcity=Dortmund", "-f", "json", "--timeout", "5"],
    ["--format", "md", "people", "--endpoint", "http://127.0.0.1:1/q"],
    ["-f", "csv", "--", "people"],
])
def test_the_fast_path_reads_a_command_line_as_typer_does(monkeypatch, argv: list[str]) -> None:
    """``ruhrgraph query …`` is parsed without typer (cli/_fast.py) into the very arguments typer
    passes to the command function."""
    from ruhrgraph.cli import _fast, build_app
    from ruhrgraph.cli import query as query_module

    seen: list[dict[str, object]] = []
    original = query_module.query_cli

    @functools.wraps(original)
    def record(**kwargs: object) -> None:
        seen.append(kwargs)

    monkeypatch.setattr(query_module, "query_cli", record)
    result = CliRunner().invoke(build_app("query"), ["query", *argv])
    assert result.exit_code == 0, result.output
    assert _fast.parse(original, argv) == seen[0]


@pytest.mark.parametrize("argv", [
    ["people", "--help"], ["people", "--timeout", "0"], ["people", "--bogus"], ["people", "-p"], [],
    ["people", "extra"], ["people", "--timeout", "soon"],
])
def test_the_fast_path_leaves_help_and_usage_errors_to_typer(argv: list[str]) -> None:
    from ruhrgraph.cli import _fast
    from ruhrgraph.cli.query import query_cli

    assert _fast.parse(query_cli, argv) is None


def test_the_command_line_gives_the_same_output_with_and_without_typer(reference: Path) -> None:
    """The console script (fast path) and the typer application print the same rows, and a usage
    error that the command raises itself (an unknown format) is still typer's message."""
    argv = ["query", "people", "-p", "organisation=BMZ", "--store", str(reference), "--format", "csv"]
    fast = subprocess.run([sys.executable, "-m", "ruhrgraph", *argv], capture_output=True, text=True, check=False)
    typer_run = CliRunner().invoke(app, argv)
    assert fast.returncode == typer_run.exit_code == 0, fast.stderr
    assert fast.stdout == typer_run.stdout and "Joanna Stachnik" in fast.stdout
    bad = subprocess.run([sys.executable, "-m", "ruhrgraph", *argv[:-1], "xml"], capture_output=True, text=True,
                         check=False)
    assert bad.returncode == 2 and "Invalid value for --format" in bad.stderr and "Usage:" in bad.stderr


def test_queries_command_lists_every_query() -> None:
    result = CliRunner().invoke(app, ["queries", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [q["name"] for q in listed] == QUERY_NAMES
    shown = CliRunner().invoke(app, ["queries", "institutes-linking"])
    assert shown.exit_code == 0 and "?_country_iri" in shown.stdout
    assert "ruhrgraph query institutes-linking --param country=Korea --param city=Dortmund" in shown.stdout


def test_results_in_sparql_json_and_csv(reference: Path) -> None:
    result = run_query("people", {"organisation": "BioMedizinZentrum Dortmund"}, store=reference)
    data = to_json(result)
    assert data["head"]["vars"] == ["person", "personLabel", "role", "roleLabel", "reportedOn", "article"]
    (row,) = data["results"]["bindings"]
    assert row["personLabel"] == {"type": "literal", "value": "Joanna Stachnik", "xml:lang": "de"}
    assert row["reportedOn"] == {"type": "literal", "value": "2023-11-14",
                                 "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert row["person"] == {"type": "uri", "value": ID + "person/joanna-stachnik"}
    assert to_csv(result).splitlines()[1].startswith(ID + "person/joanna-stachnik,Joanna Stachnik,")


# -- hostile parameters ----------------------------------------------------------------------------
HOSTILE = [
    'Korea" } ; DROP ALL ; #',
    "Korea' } ; DROP ALL ; #",
    "<x> . ?s ?p ?o",
    '"',
    "}",
    "{ ?s ?p ?o }",
    "Korea\n} ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "<https://w3id.org/ruhrgraph/id/country/suedkorea> } ; DROP ALL ; #",
    "<https://w3id.org/ruhrgraph/id/country/suedkorea>\n} ; DROP ALL ; #",
    "?s",
    "\\u0022 } DROP ALL",
]


def _hostile_cases() -> Iterator[tuple[str, str, str]]:
    for query in QUERIES:
        for param in query.parameters:
            for value in HOSTILE:
                yield query.name, param.name, value


@pytest.mark.parametrize(("name", "param", "value"), list(_hostile_cases()))
def test_hostile_parameter_is_refused_or_finds_nothing(reference: Path, name: str, param: str,
                                                       value: str) -> None:
    query = get_query(name)
    params = {k: v for k, v in query.example.items() if k != param}
    params[param] = value
    with Store.open(reference, read_only=True) as store:
        before = store.dump_nquads()
        try:
            result = run_query(name, params, store=store)
        except errors.QueryError:
            pass
        else:
            assert result.rows == (), format_result(result, "table")
        assert store.dump_nquads() == before


# -- the same rows from a server --------------------------------------------------------------------
@pytest.fixture(scope="module")
def pushed_reference(oxigraph_server, stores: Stores):
    """The analysed reference store pushed to the Oxigraph server, which then holds exactly its graphs."""
    from ruhrgraph.store.push import push

    path = stores.path("reference")
    with Store.open(path, read_only=True) as store:
        report = push(store, oxigraph_server.query_url, gsp_url=oxigraph_server.gsp_url, prune=True)
        assert not report.mismatches
    return oxigraph_server, path


REFERENCE_CASES = [c for c in CASES if (yaml.safe_load(c.read_text(encoding="utf-8")) or {}).get(
    "store", "reference") == "reference" and "extra" not in yaml.safe_load(c.read_text(encoding="utf-8"))]


@pytest.mark.server
@pytest.mark.parametrize("case", REFERENCE_CASES, ids=[_case_id(c) for c in REFERENCE_CASES])
def test_same_rows_on_the_embedded_store_and_an_oxigraph_server(pushed_reference, case: Path) -> None:
    server, path = pushed_reference
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    params = {k: _text(v) for k, v in (spec.get("params") or {}).items()}
    name = case.name.split(".")[0]
    if "error" in spec:
        with pytest.raises(getattr(errors, spec["error"]), match=spec.get("match")):
            run_query(name, params, endpoint=server.query_url)
        return
    local = run_query(name, params, store=path)
    far = run_query(name, params, endpoint=server.query_url)
    assert far.variables == local.variables
    assert far.rows == local.rows
    assert far.parameters == local.parameters


@pytest.mark.server
@pytest.mark.parametrize("value", HOSTILE[:3])
def test_hostile_parameter_leaves_the_server_unchanged(pushed_reference, value: str) -> None:
    from ruhrgraph.store import remote

    server, _ = pushed_reference
    before = remote.graph_counts(server.query_url, prefix="https://w3id.org/ruhrgraph/graph/")
    with pytest.raises(errors.QueryError):
        run_query("institutes-linking", {"country": value, "city": "Dortmund"}, endpoint=server.query_url)
    result = run_query("visits", {"host": "BMR"}, endpoint=server.query_url)
    assert result.rows
    assert remote.graph_counts(server.query_url, prefix="https://w3id.org/ruhrgraph/graph/") == before


# -- the catalogue ---------------------------------------------------------------------------------
def test_query_catalogue_is_up_to_date(reference: Path) -> None:
    page = ROOT / "docs" / "queries.md"
    assert page.is_file(), "docs/queries.md is missing: run  python scripts/generate_query_docs.py"
    assert page.read_text(encoding="utf-8") == DOCS_SCRIPT.render(reference, "reference"), \
        "docs/queries.md is stale: run  python scripts/generate_query_docs.py"


def test_stored_grammar_checks_are_current() -> None:
    """queries/checked.json holds, for every shipped query, what the guard's grammar check gives
    for its text now — so that `ruhrgraph query` need not load the SPARQL grammar."""
    import json

    from ruhrgraph.sparql.saved import checked_records

    stored = json.loads((ROOT / "queries" / "checked.json").read_text(encoding="utf-8"))
    assert stored == checked_records(ROOT / "queries"), \
        "queries/checked.json is stale: run  python scripts/generate_query_docs.py"
    assert len(stored["grammar"]) == len(stored["headers"]) == len(list((ROOT / "queries").glob("*.rq")))


def test_a_stored_check_vouches_only_for_its_exact_text(tmp_path: Path) -> None:
    """A saved query edited after its check was stored is checked afresh (an update is refused), and
    a checked.json in another folder is never believed."""
    import json

    from ruhrgraph.sparql import guard
    from ruhrgraph.sparql.saved import load_query

    update = "#+ summary: an update in disguise\nDELETE WHERE { ?s ?p ?o }\n"
    (tmp_path / "sneaky.rq").write_text(update, encoding="utf-8")
    (tmp_path / "checked.json").write_text(json.dumps(
        {guard.text_key(update): ["SELECT", {}, "", [], [], False]}), encoding="utf-8")
    with pytest.raises(errors.QueryError, match="update"):
        load_query(tmp_path / "sneaky.rq")
    with pytest.raises(guard.QueryRefused, match="SERVICE"):
        guard.check("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_a_one_shot_query_does_not_load_the_sparql_grammar(reference: Path) -> None:
    code = ("import sys; from ruhrgraph.sparql.saved import run_query; "
            f"run_query('institutes-linking', {{'country': 'Korea', 'city': 'Dortmund'}}, store={str(reference)!r}); "
            "print('rdflib.plugins.sparql.parser' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_catalogue_shows_every_query_with_an_example() -> None:
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for query in QUERIES:
        section = text.split(f"\n## {query.name}\n", 1)[-1].split("\n## ", 1)[0]
        assert f"$ {DOCS_SCRIPT.example_call(query.name, dict(query.example))}" in section, query.name
