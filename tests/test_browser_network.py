"""The interactive network view (issue #14 item 11) in headless Chromium: the served page
/network and the standalone file of ``ruhrgraph export --format html`` draw the actor network
with sigma.js (nodes visible in a screenshot, in their type colours), search finds an actor, and
a click on a node opens its entity page. Nothing is fetched from elsewhere. Screenshots in
tests/artifacts/."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from _browser import BROWSER_MARKS, launched_browser
from _linked_data import BASE, ROOT, live_server

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-quic", "--no-first-run", "--use-angle=swiftshader",
                 "--enable-unsafe-swiftshader", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
WFD = "Wirtschaftsförderung Dortmund"
ORGANISATION_BLUE = (31, 119, 180)  # ruhrgraph.network.export.COLOURS["organisation"]
PERSON_ORANGE = (255, 127, 14)

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server_url(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("network-serve")
    with live_server(seed_store, folder / "dumps", folder / "serve.log", "--workers", "1") as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched_browser(CHROMIUM_ARGS) as launched:
        yield launched


def _new_page(browser: object) -> tuple[object, list[str]]:
    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return page, requested


def _coloured_pixels(png: bytes, rgb: tuple[int, int, int], tolerance: int = 30) -> int:
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(rgb, dtype=np.int16)) <= tolerance).all(axis=2).sum())


def _drawn(page: object, name: str) -> bytes:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    expect(page.locator("#network.ready")).to_have_count(1, timeout=20000)
    page.wait_for_timeout(500)  # sigma draws on the next animation frame
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return page.locator(".network-stage").screenshot()


def _click_node(page: object, label: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    # centre the node and zoom in first: at the full view the click at its centre missed it in one CI
    # run (a neighbour drawn over it, or the view not yet settled); zoomed in, nodes stand apart
    page.evaluate("""(label) => {
        const {graph, renderer} = window.ruhrgraphNetwork;
        const id = graph.findNode((node, attrs) => attrs.label === label);
        const at = renderer.getNodeDisplayData(id);
        renderer.getCamera().setState({x: at.x, y: at.y, ratio: 0.05});
    }""", label)
    page.wait_for_timeout(300)  # sigma draws on the next animation frame
    point = page.evaluate("""(label) => {
        const {graph, renderer} = window.ruhrgraphNetwork;
        const id = graph.findNode((node, attrs) => attrs.label === label);
        const at = renderer.graphToViewport(graph.getNodeAttributes(id));
        const box = document.querySelector('.network-stage').getBoundingClientRect();
        return {x: box.left + at.x, y: box.top + at.y};
    }""", label)
    page.mouse.click(point["x"], point["y"])


def test_network_page_draws_searches_and_opens_entity_pages(server_url: str, browser: object) -> None:
    from playwright.sync_api import Page, expect

    page, requested = _new_page(browser)
    assert isinstance(page, Page)
    response = page.goto(f"{server_url}/network")
    assert response is not None and response.ok
    stage = _drawn(page, "network-page")
    nodes = int(page.locator("#network").get_attribute("data-nodes") or 0)
    data = json.loads(page.locator("#network-data").text_content() or "{}")
    assert nodes == len(data["nodes"]) > 5
    assert any(n["label"] == WFD for n in data["nodes"])
    assert _coloured_pixels(stage, ORGANISATION_BLUE) > 50, "no organisation drawn in its colour"
    assert _coloured_pixels(stage, PERSON_ORANGE) > 20, "no person drawn in its colour"
    expect(page.locator(".network-legend")).to_contain_text("organisation")

    # colour by community: the type colours give way to the community palette
    page.select_option("select[name=colour]", "community")
    page.wait_for_timeout(300)
    expect(page.locator(".network-legend li")).to_have_count(0)

    # size by another measure: node sizes change
    before = page.evaluate("() => window.ruhrgraphNetwork.graph.mapNodes((n, a) => a.size)")
    page.select_option("select[name=size]", "degree")
    after = page.evaluate("() => window.ruhrgraphNetwork.graph.mapNodes((n, a) => a.size)")
    assert before != after

    search = page.locator("input[name=find]")
    search.fill("förderung dortm")
    search.press("Enter")
    found = page.locator(".network-status a")
    expect(found).to_have_text(WFD)
    expect(page.locator(".network-status")).to_contain_text("Found")
    search.fill("Nobody Of That Name")
    search.press("Enter")
    expect(page.locator(".network-status")).to_contain_text("No actor called")

    page.evaluate("() => window.ruhrgraphNetwork.renderer.getCamera().setState({x: .5, y: .5, ratio: 1})")
    page.wait_for_timeout(300)
    _click_node(page, WFD)
    page.wait_for_url(re.compile(r".*/doc/organisation/wirtschaftsfoerderung-dortmund\.html$"), timeout=10000)
    expect(page.locator("h1")).to_have_text(WFD)
    origin = server_url.rstrip("/")
    assert not [u for u in requested if not u.startswith((origin + "/", "data:", "blob:"))]


def test_network_json_and_unknown_view(server_url: str) -> None:
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(f"{server_url}/network.json?view=organisations", timeout=60) as response:
        data = json.load(response)
    assert data["view"] == "organisations" and data["nodes"]
    assert {n["category"] for n in data["nodes"]} == {"organisation"}
    assert all(n["href"].startswith("/") for n in data["nodes"])  # links stay on this server
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{server_url}/network?view=nonsense", timeout=30)
    assert err.value.code == 404


def test_standalone_html_export_works_offline(seed_store: Path, tmp_path: Path, browser: object) -> None:
    from playwright.sync_api import Page, expect

    out = tmp_path / "actors.html"  # the format told by the suffix
    env = {**os.environ, "RUHRGRAPH_BASE": BASE}
    done = subprocess.run([sys.executable, "-m", "ruhrgraph", "export", "--store", str(seed_store), "--out", str(out),
                           "--size-by", "betweenness"], capture_output=True, text=True, env=env, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "<script src=" not in text and "http://127.0.0.1" not in text  # everything inline
    page, requested = _new_page(browser)
    assert isinstance(page, Page)
    page.goto(out.as_uri())
    stage = _drawn(page, "network-standalone")
    assert _coloured_pixels(stage, ORGANISATION_BLUE) > 50
    assert page.locator("select[name=size]").input_value() == "betweenness"
    search = page.locator("input[name=find]")
    search.fill(WFD)
    search.press("Enter")
    link = page.locator(".network-status a")
    expect(link).to_have_text(WFD)
    assert link.get_attribute("href") == f"{BASE}id/organisation/wirtschaftsfoerderung-dortmund"
    assert [u for u in requested if not u.startswith("file://")] == []
