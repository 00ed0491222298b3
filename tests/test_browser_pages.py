"""Result pages in a real headless browser at a phone's width (issue #14): saved-query and SPARQL
results show names and never push the page sideways, however long the IRIs in them (the SPARQL
page with its editor too); without scripts the plain SPARQL form still works."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from _browser import BROWSER_MARKS, CHROMIUM_ARGS, launched_browser
from _linked_data import live_server

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server_url(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser-pages")
    with live_server(seed_store, folder / "dumps", folder / "serve.log", "--workers", "1") as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched_browser(CHROMIUM_ARGS) as launched:
        yield launched


@pytest.fixture(scope="module")
def page(browser: object) -> object:
    return browser.new_context(viewport={"width": 420, "height": 900}).new_page()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def plain_page(browser: object) -> object:
    """A browser with JavaScript switched off: the SPARQL page is the plain form."""
    return browser.new_context(java_script_enabled=False,  # type: ignore[attr-defined]
                               viewport={"width": 420, "height": 900}).new_page()


def _no_sideways_overflow(page: object) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"


@pytest.mark.parametrize("path", [
    "/queries/people?organisation=BMR",
    "/sparql?format=html&query=" + urllib.parse.quote(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && STRLEN(STR(?o)) > 60) } LIMIT 30"),
])
def test_result_tables_fit_a_narrow_window(server_url: str, page: object, path: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    response = page.goto(server_url + path)
    assert response is not None and response.ok
    expect(page.locator("table.results tbody tr").first).to_be_visible()
    _no_sideways_overflow(page)
    links = page.locator("table.results a").all_inner_texts()
    assert links and not [text for text in links if text.startswith("http")]


def test_the_sparql_form_keeps_a_wrong_query_and_says_why_in_one_line(server_url: str, plain_page: object) -> None:
    from playwright.sync_api import Page, expect

    page = plain_page
    assert isinstance(page, Page)
    page.goto(f"{server_url}/sparql")
    box = page.locator("textarea[name=query]")
    box.fill("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label "
             "FILTER(CONTAINS(?label, 'Dortmund')) } ORDER BY ?s")
    page.get_by_role("button", name="Run query").click()
    page.wait_for_load_state()
    expect(page.locator("table.results")).to_contain_text("Wirtschaftsförderung Dortmund")
    wrong = "SELECT ?s WHERE { ?s ?p ?o "  # the closing brace is missing
    page.locator("textarea[name=query]").fill(wrong)
    page.get_by_role("button", name="Run query").click()
    page.wait_for_load_state()
    error = page.locator("#query-error")
    expect(error).to_contain_text("syntax error at line 1")
    assert "\n" not in error.inner_text().strip() and len(error.inner_text()) < 300
    assert page.locator("textarea[name=query]").input_value() == wrong
