"""``ruhrgraph push``: Graph Store uploads to real Oxigraph and Virtuoso servers, verified counts,
and the same query answers from the remote endpoint as from the embedded store."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from typer.testing import CliRunner

from ruhrgraph.cli import app
from ruhrgraph.errors import EndpointError
from ruhrgraph.store import push as push_module
from ruhrgraph.store import querygraph, remote
from ruhrgraph.store.local import Store

COMPARE = sorted((Path(__file__).parent / "data" / "remote" / "compare").glob("*.rq"))
GRAPHS = "https://w3id.org/ruhrgraph/graph/"


def _rows(rows: list[dict]) -> Counter:
    """Rows as a multiset; blank nodes are anonymous, so they compare as one placeholder."""
    def norm(term):
        return BNode("b") if isinstance(term, BNode) else term
    return Counter(tuple(sorted((k, norm(v)) for k, v in row.items())) for row in rows)


@pytest.fixture(params=["reference", "seed"])
def local_store(request: pytest.FixtureRequest) -> Path:
    """The hand-written reference graph of the seed, and the seed as ingest stores it."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def pushed(sparql_server, local_store: Path):
    """``local_store`` pushed (with --prune, so the server holds exactly its graphs)."""
    with Store.open(local_store, read_only=True) as store:
        report = push_module.push(store, sparql_server.query_url, gsp_url=sparql_server.gsp_url,
                                  prune=True, force_prune=True)  # replaces the other store's graphs
        yield sparql_server, store, report


@pytest.mark.server
def test_push_uploads_every_graph_with_verified_counts(pushed) -> None:
    server, store, report = pushed
    derived = push_module.derived_graph()  # the query graph's derived links, for the server's union
    links = sum(1 for p in querygraph.DERIVED for _ in store.quads_for_pattern(
        None, ox.NamedNode(p), None, ox.DefaultGraph()))
    assert links > 0
    assert [g.iri for g in report.graphs] == [*store.graphs(), derived]
    assert all(g.ok for g in report.graphs) and report.triples == store.quad_count() + links
    assert remote.graph_counts(server.query_url, prefix=GRAPHS) == {
        **{g: store.quad_count(g) for g in store.graphs()}, derived: links}
    again = push_module.push(store, server.query_url, gsp_url=server.gsp_url)
    assert [(g.iri, g.remote) for g in again.graphs] == [(g.iri, g.remote) for g in report.graphs]


@pytest.mark.server
@pytest.mark.parametrize("query", COMPARE, ids=[q.stem for q in COMPARE])
def test_endpoint_gives_the_same_rows_as_the_embedded_store(pushed, query: Path) -> None:
    server, store, _ = pushed
    sparql = query.read_text(encoding="utf-8")
    local = store.select(sparql)
    assert local, f"{query.name} finds nothing in the embedded store; the comparison would be empty"
    assert _rows(remote.select(server.query_url, sparql)) == _rows(local)


@pytest.mark.server
def test_flagship_question_same_answer_remote(pushed) -> None:
    from ruhrgraph.build import flagship

    server, store, _ = pushed
    local = flagship(store)
    assert local, "the seed answers the flagship question"
    far = flagship(server.query_url)
    if server.name == "virtuoso":
        # Virtuoso 7.2 evaluates the visit/presenter alternatives of institutes-linking loosely and,
        # depending on what it held before, adds rows of the Canada visit to Korea (documented in
        # docs/stewards.md); every answer of the embedded store must still be there. On a loaded
        # machine it has also answered once without one row and right on the next try.
        for _ in range(3):
            if set(local) <= set(far):
                break
            time.sleep(1)
            far = flagship(server.query_url)
        assert set(local) <= set(far), (local, far)
    else:
        assert far == local


@pytest.mark.server
def test_saved_queries_same_rows_remote(pushed) -> None:
    """Every saved query, with its own example parameters (the flagship ``institutes-linking``
    among them), gives the same rows through ``--endpoint`` as on the embedded store."""
    query = pytest.importorskip("ruhrgraph.sparql.saved", reason="saved queries not written yet")
    server, store, _ = pushed
    compared = []
    for saved in query.list_queries():
        params = dict(saved.example or {})
        if any(p.required and p.name not in params for p in saved.parameters):
            continue
        local = query.run_query(saved.name, params, store=store)
        far = query.run_query(saved.name, params, endpoint=server.query_url)
        assert list(far.variables) == list(local.variables), saved.name
        if server.name == "virtuoso" and saved.name == "institutes-linking":
            # see test_flagship_question_same_answer_remote: Virtuoso may add rows, and under load
            # once answered without one; asked again it gives them all
            for _ in range(3):
                if set(_rows(list(local.rows))) <= set(_rows(list(far.rows))):
                    break
                time.sleep(1)
                far = query.run_query(saved.name, params, endpoint=server.query_url)
            assert set(_rows(list(local.rows))) <= set(_rows(list(far.rows))), saved.name
        elif server.name == "virtuoso" and saved.name == "actors-in":
            # known limitation (docs/stewards.md): Virtuoso 7.2 leaves the class label unbound once
            # the query joins subqueries; every other column and every row agree
            def without_type_label(rows: list) -> Counter:
                return _rows([{k: v for k, v in r.items() if k != "typeLabel"} for r in rows])
            assert without_type_label(list(far.rows)) == without_type_label(list(local.rows)), saved.name
        else:
            for _ in range(3 if server.name == "virtuoso" else 0):  # Virtuoso under load: asked again
                if _rows(list(far.rows)) == _rows(list(local.rows)):
                    break
                time.sleep(1)
                far = query.run_query(saved.name, params, endpoint=server.query_url)
            assert _rows(list(far.rows)) == _rows(list(local.rows)), saved.name
        compared.append(saved.name)
    assert "institutes-linking" in compared and len(compared) >= 8, compared


@pytest.mark.server
def test_prune_deletes_graphs_the_store_no_longer_has(sparql_server, tmp_path: Path) -> None:
    gone = URIRef(GRAPHS + "article/removed-article")
    kept = URIRef(GRAPHS + "article/kept-article")
    triple = (URIRef("https://w3id.org/ruhrgraph/id/city/essen"), URIRef("http://www.w3.org/2000/01/"
              "rdf-schema#label"), Literal("Essen", lang="de"))
    with Store.open(tmp_path) as store:
        store.replace_graph(gone, [triple])
        store.replace_graph(kept, [triple])
        push_module.push(store, sparql_server.query_url, gsp_url=sparql_server.gsp_url, prune=True,
                         force_prune=True)  # the server holds other tests' graphs
        store.remove_graph(gone)
        report = push_module.push(store, sparql_server.query_url, gsp_url=sparql_server.gsp_url,
                                  prune=True)
    assert report.pruned == [str(gone)]
    assert remote.graph_counts(sparql_server.query_url, prefix=GRAPHS) == {str(kept): 1, GRAPHS + "derived": 1}


@pytest.mark.server
def test_count_mismatch_is_an_error(sparql_server, reference_store: Path, monkeypatch) -> None:
    """A truncated upload (here: the last triple of every graph lost) is caught by the counts."""
    real = push_module._ntriples
    monkeypatch.setattr(push_module, "_ntriples",
                        lambda store, graph: b"".join(real(store, graph).splitlines(True)[:-1]))
    with Store.open(reference_store, read_only=True) as store, \
            pytest.raises(EndpointError, match="other triple counts on the server"):
        push_module.push(store, sparql_server.query_url, gsp_url=sparql_server.gsp_url)


def test_push_to_unreachable_endpoint_names_the_url(reference_store: Path) -> None:
    from conftest import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    with Store.open(reference_store, read_only=True) as store, \
            pytest.raises(EndpointError, match=url.replace(".", r"\.")):
        push_module.push(store, url, timeout=2, retries=0)


@pytest.mark.server
def test_push_cli(oxigraph_server, reference_store: Path) -> None:
    result = CliRunner().invoke(app, ["push", "--endpoint", oxigraph_server.query_url,
                                      "--store", str(reference_store)])
    assert result.exit_code == 0, result.output
    assert "pushed" in result.output and "verified" in result.output
    bad = CliRunner().invoke(app, ["push", "--endpoint", "http://example.org/nothing",
                                   "--store", str(reference_store)])
    assert bad.exit_code == 3 and "--gsp" in bad.output


@pytest.mark.server
def test_prune_from_a_mistyped_store_is_refused_and_deletes_nothing(oxigraph_server, tmp_path: Path) -> None:
    """Issue 17: ``push --prune --store <typo>`` created an empty store and deleted every remote graph."""
    label = (URIRef("https://w3id.org/ruhrgraph/id/city/essen"), URIRef("http://www.w3.org/2000/01/"
             "rdf-schema#label"), Literal("Essen", lang="de"))
    with Store.open(tmp_path / "big") as big:  # the server then holds these four graphs and the derived links
        for n in range(4):
            big.replace_graph(URIRef(GRAPHS + f"article/a{n}"), [label])
        push_module.push(big, oxigraph_server.query_url, prune=True, force_prune=True)
    before = remote.graph_counts(oxigraph_server.query_url, prefix=GRAPHS)
    assert len(before) == 5 and GRAPHS + "derived" in before
    typo = CliRunner().invoke(app, ["push", "--endpoint", oxigraph_server.query_url, "--prune",
                                    "--store", str(tmp_path / "typo")])
    assert typo.exit_code == 2 and "no store at" in typo.output, typo.output
    assert not (tmp_path / "typo").exists()
    with Store.open(tmp_path / "small") as small:  # a real but unexpectedly small store
        small.replace_graph(URIRef(GRAPHS + "article/only-one"), [label])
    refused = CliRunner().invoke(app, ["push", "--endpoint", oxigraph_server.query_url, "--prune",
                                       "--store", str(tmp_path / "small")])
    assert refused.exit_code == 2, refused.output
    assert "would delete 4 of the 5" in " ".join(refused.output.split())
    assert "--force-prune" in refused.output
    assert remote.graph_counts(oxigraph_server.query_url, prefix=GRAPHS) == before
    forced = CliRunner().invoke(app, ["push", "--endpoint", oxigraph_server.query_url, "--prune",
                                      "--force-prune", "--store", str(tmp_path / "small")])
    assert forced.exit_code == 0 and "deleted 4 remote graphs" in forced.output, forced.output
    assert sorted(remote.graph_counts(oxigraph_server.query_url, prefix=GRAPHS)) == [GRAPHS + "article/only-one",
                                                                                       GRAPHS + "derived"]
