"""The SPARQL editor (YASGUI, served from the package's static files) in headless Chromium (issue
#14 item 4): type a query, run it, see rows; make a syntax error, see a one-line message and the
query still in the editor; a result cut at the server's limit says so. Every request the page
makes goes to the server itself (no CDN, no prefix.cc, no LOV). Screenshots in tests/artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from _browser import BROWSER_MARKS, CHROMIUM
from _linked_data import ROOT, live_server

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--enable-unsafe-swiftshader"]
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server_url(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("editor-log") / "serve.log"
    with live_server(seed_store, tmp_path_factory.mktemp("editor-dumps"), log,
                     "--workers", "1", "--limit", "30") as server:
        yield server.url


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory, server_url: str) -> Iterator[tuple[object, list[str]]]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    requested: list[str] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 1400})
        try:
            page = context.new_page()
            page.on("request", lambda request: requested.append(request.url))
            problems: list[str] = []
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            yield page, requested
            csp = [p for p in problems if "Content Security Policy" in p]
            assert not csp, csp
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


def _type_query(page: object, text: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.locator("#yasgui .CodeMirror").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    page.keyboard.press("Escape")  # close a completion list if one opened


def _editor_text(page: object) -> str:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    return str(page.evaluate("() => window.ruhrgraphYasgui.getTab().getYasqe().getValue()"))


def test_editor_runs_a_typed_query_and_shows_rows(server_url: str, browser_page: tuple[object, list[str]]) -> None:
    from playwright.sync_api import Page, expect

    page, requested = browser_page
    assert isinstance(page, Page)
    page.goto(f"{server_url}/sparql")
    expect(page.locator("body.editor-ready")).to_have_count(1)
    expect(page.locator("form.sparql")).to_be_hidden()  # the editor replaced the plain form
    # the saved queries are offered as starting points
    expect(page.locator("#examples option")).to_contain_text(["— choose —", "people: "], timeout=5000)
    page.locator("#examples").select_option(label=page.locator("#examples option", has_text="people: ")
                                            .first.inner_text())
    chosen = _editor_text(page)
    assert chosen.startswith("# people: ") and "SELECT" in chosen and "/queries/people?organisation=" in chosen
    query = (f"SELECT ?s ?label WHERE {{ ?s <{LABEL}> ?label "
             "FILTER(CONTAINS(?label, \"Wirtschaftsförderung\")) } ORDER BY ?s LIMIT 10")
    _type_query(page, query)
    assert _editor_text(page).startswith("SELECT ?s ?label WHERE")
    page.locator("#yasgui .yasqe_queryButton").first.click()
    results = page.locator("#yasgui .yasr")
    expect(results).to_contain_text("Wirtschaftsförderung Dortmund", timeout=15000)
    expect(page.locator("#editor-error")).to_be_hidden()
    expect(page.locator("#editor-truncated")).to_be_hidden()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sparql-editor.png"), full_page=True)
    origin = server_url.rstrip("/")
    foreign = [url for url in requested if not url.startswith((origin + "/", "data:", "blob:"))]
    assert not foreign, foreign
    assert any(url.startswith(f"{origin}/static/vendor/yasgui.min.js") for url in requested)


def test_editor_keeps_the_query_after_a_syntax_error(server_url: str,
                                                     browser_page: tuple[object, list[str]]) -> None:
    from playwright.sync_api import Page, expect

    page, _ = browser_page
    assert isinstance(page, Page)
    page.goto(f"{server_url}/sparql")
    expect(page.locator("body.editor-ready")).to_have_count(1)
    broken = "SELECT ?s WHERE { ?s ?p }"
    _type_query(page, broken)
    page.locator("#yasgui .yasqe_queryButton").first.click()
    error = page.locator("#editor-error")
    expect(error).to_be_visible(timeout=15000)
    expect(error).to_contain_text("syntax error at line 1")
    assert "\n" not in error.inner_text().strip()
    assert _editor_text(page) == broken
    page.screenshot(path=str(ARTIFACTS / "sparql-editor-error.png"), full_page=True)


def test_editor_says_when_the_result_was_cut(server_url: str, browser_page: tuple[object, list[str]]) -> None:
    from playwright.sync_api import Page, expect

    page, _ = browser_page
    assert isinstance(page, Page)
    page.goto(f"{server_url}/sparql")
    expect(page.locator("body.editor-ready")).to_have_count(1)
    _type_query(page, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")  # far more than the server's --limit 30
    page.locator("#yasgui .yasqe_queryButton").first.click()
    expect(page.locator("#editor-truncated")).to_be_visible(timeout=15000)
    expect(page.locator("#editor-truncated")).to_contain_text("Only the first 30 results")
    expect(page.locator("#editor-error")).to_be_hidden()
