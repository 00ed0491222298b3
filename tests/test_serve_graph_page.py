"""``/graph/…`` answers a browser with an HTML page and programs with RDF (issue #14 item 5): an
article's graph as a page that shows its Turtle (text/html), as Turtle, JSON-LD and N-Triples
with their own media types; a cut graph says so on the page and in a Turtle comment."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from starlette.testclient import TestClient

from _linked_data import BASE
from ruhrgraph.publish.serve.app import ServeSettings, create_app
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.store.local import Store


@pytest.fixture(scope="module")
def article_graph(seed_store: Path) -> str:
    with Store.open(seed_store, read_only=True) as store:
        graphs = sorted(str(g.value) for g in store.oxigraph.named_graphs()
                        if str(g.value).startswith(f"{BASE}graph/article/"))
    assert graphs
    return graphs[0][len(BASE) - 1:]  # the path: /graph/article/…


def _client(store: Path, tmp: Path, limit: int) -> TestClient:
    settings = ServeSettings(store=store, dumps=tmp, publish=PublishSettings(base=BASE), workers=1,
                             result_limit=limit)
    return TestClient(create_app(settings), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _client(seed_store, tmp_path_factory.mktemp("dumps"), 10_000) as test_client:
        yield test_client


def test_a_browser_gets_an_html_page_of_the_article_graph(client: TestClient, article_graph: str) -> None:
    browser = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8")
    page = client.get(article_graph, headers={"accept": browser})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Vary" in page.headers or "vary" in page.headers
    text = html.unescape(page.text)
    assert f"{BASE}{article_graph[1:]}" in text and "<pre class=\"turtle\">" in page.text
    turtle = text.split('<pre class="turtle">', 1)[1].split("</pre>", 1)[0]
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(graph) > 10  # the page shows the graph itself, parseable
    assert "Truncated" not in page.text and "x-result-truncated" not in page.headers


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                             ("application/ld+json", "json-ld")])
def test_programs_get_rdf_with_its_media_type(client: TestClient, article_graph: str, accept: str, fmt: str) -> None:
    response = client.get(article_graph, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    if fmt == "json-ld":
        json.loads(response.text)
    assert len(rdflib.Graph().parse(data=response.text, format=fmt)) > 10


def test_a_cut_graph_says_so_on_the_page_and_in_turtle(seed_store: Path, tmp_path: Path, article_graph: str) -> None:
    with _client(seed_store, tmp_path, 5) as small:
        page = small.get(article_graph, headers={"accept": "text/html"})
        turtle = small.get(article_graph, headers={"accept": "text/turtle"})
    assert page.headers["content-type"].startswith("text/html") and page.headers["x-result-truncated"] == "true"
    assert 'id="truncated"' in page.text and "only the first 5 triples" in page.text
    assert turtle.text.startswith("# Truncated: only the first 5 triples")
    assert len(rdflib.Graph().parse(data=turtle.text, format="turtle")) == 5
