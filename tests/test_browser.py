"""The server in a real headless browser (Debian chromium driven by Playwright): the page of
Wirtschaftsförderung Dortmund shows its people and the Korea visit, and clicking the visit
reaches the visit's page. Screenshots are kept in tests/artifacts/."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from _browser import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS
from _linked_data import ROOT, live_server
from ruhrgraph.publish.dump import dump
from ruhrgraph.store.local import Store

ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server_url(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = seed_store
    dumps = tmp_path_factory.mktemp("browser-dumps")
    with Store.open(store, read_only=True) as opened:
        dump(opened, dumps)
    log = tmp_path_factory.mktemp("browser-log") / "serve.log"
    with live_server(store, dumps, log, "--workers", "1") as server:
        yield server.url


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 1400})
        try:
            yield context.new_page()
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


def test_organisation_page_shows_people_and_korea_visit(server_url: str, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    response = page.goto(f"{server_url}/id/organisation/wirtschaftsfoerderung-dortmund")
    assert response is not None and response.ok
    assert page.url.endswith("/doc/organisation/wirtschaftsfoerderung-dortmund.html")  # after the 303
    expect(page.locator("h1")).to_have_text("Wirtschaftsförderung Dortmund")
    people = page.locator("section#person")
    expect(people.get_by_role("link", name="Julia Jäger")).to_be_visible()
    events = page.locator("section#event")
    korea = events.get_by_role("link", name="Korea")
    expect(korea.first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "wirtschaftsfoerderung-dortmund.png"), full_page=True)

    korea.first.click()
    page.wait_for_load_state()
    assert "/doc/visit/" in page.url and page.url.endswith(".html")
    expect(page.locator("h1")).to_contain_text(re.compile("korea", re.IGNORECASE))
    expect(page.locator("section#facts")).to_contain_text("Wirtschaftsförderung Dortmund")
    expect(page.locator("section#evidence blockquote").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "korea-visit.png"), full_page=True)

