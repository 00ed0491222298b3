"""``ruhrgraph review --web`` in headless Chromium: accept, reject, correct an affiliation and merge two
entities on the local page; the decisions are curation that the next ingest applies; a request
without the session token (or without the CSRF token) is refused."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from ruhrgraph.ingest import curation as curation_module
from ruhrgraph.ingest.commit import ingest_paths
from ruhrgraph.iri import mint
from ruhrgraph.review.session import Review
from ruhrgraph.review.web import make_app
from ruhrgraph.store.local import Store

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTICLES = [ROOT / "data" / "articles" / "000_cbab0d245a9d8950.txt",
            ROOT / "tests" / "data" / "corpus" / "001_delegation_japan_duisburg.txt",
            ROOT / "tests" / "data" / "corpus" / "003_personalie_klimahafen_gelsenkirchen.txt"]
SHOTS = ROOT / "tests" / "artifacts"  # docs/img/review-web*.png are copies of these
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "test-token-" + "x" * 20

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed at /usr/bin/chromium")]


def _ingest(work: Path, force: bool = False) -> None:
    with Store.open(work / "store") as opened:
        report = ingest_paths(opened, ARTICLES, curation=curation_module.load(work / "curation"), force=force)
    assert report.exit_code == 0, report.summary()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    import uvicorn

    from conftest import free_port

    work = tmp_path
    (work / "curation").mkdir()
    shutil.copy(ROOT / "data" / "curation" / "0001-seed-links.yaml", work / "curation")
    _ingest(work)
    review = Review(work / "store", work / "curation", "Anna Test")
    port = free_port()
    config = uvicorn.Config(make_app(review, TOKEN), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", work
    finally:
        srv.should_exit = True
        thread.join(10)


def test_requests_without_token_or_csrf_are_refused(server: tuple[str, Path]) -> None:
    url, work = server
    assert httpx.get(f"{url}/").status_code == 403
    assert httpx.get(f"{url}/?token=wrong").status_code == 403
    assert httpx.post(f"{url}/decide", data={"verdict": "undo"}).status_code == 403
    with httpx.Client(base_url=url, follow_redirects=True) as client:
        first = client.get(f"/?token={TOKEN}")  # trades the token for the cookie
        assert first.status_code == 200 and "to review" in first.text
        assert first.headers["content-security-policy"].startswith("default-src 'none'")
        iri = first.text.split("name=\"iri\" value=\"", 1)[1].split("\"", 1)[0]
        refused = client.post("/decide", data={"verdict": "reject", "iri": iri})  # no CSRF token
        assert refused.status_code == 403
        csrf = first.text.split("name=\"csrf\" value=\"", 1)[1].split("\"", 1)[0]
        cross = client.post("/decide", data={"verdict": "reject", "iri": iri, "csrf": csrf},
                            headers={"Origin": "http://evil.example"})
        assert cross.status_code == 403
        rebound = client.get("/", headers={"Host": "evil.example"})
        assert rebound.status_code == 403
    assert not (work / "curation" / "review-anna-test.yaml").exists()


def test_review_in_chromium(server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, work = server
    profile = tmp_path_factory.mktemp("chromium-review")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1100, "height": 800})
        try:
            page = context.new_page()
            page.goto(f"{url}/?token={TOKEN}")
            assert page.url == f"{url}/"  # the token left the address bar
            expect(page.locator("#sentence mark").first).to_be_visible()
            page.screenshot(path=str(SHOTS / "review-web.png"))
            first = page.locator("#item h2").inner_text()
            page.locator("#decide button[value=accept]").click()
            expect(page.locator("#note")).to_contain_text("accepted")
            assert page.locator("#item h2").inner_text() != first
            rejected = page.locator("input[name=iri]").first.get_attribute("value")
            page.locator("#decide button[value=reject]").click()
            expect(page.locator("#note")).to_contain_text("rejected")
            # skip to the KlimaHafen membership, correct its organisation
            for _ in range(20):
                if "organisation=KlimaHafen," in page.locator("#item h2").inner_text():
                    break
                page.locator("#decide button[value=skip]").click()
            wrong = page.locator("#item h2").inner_text()
            assert "organisation=KlimaHafen," in wrong
            page.locator("#correct select[name=role]").select_option("organisation: KlimaHafen")
            page.locator("#correct input[name=new]").fill("KlimaHafen Gelsenkirchen GmbH")
            page.screenshot(path=str(SHOTS / "review-web-correct.png"))
            page.locator("#correct button").click()
            expect(page.locator("#note")).to_contain_text("corrected")
            undone = False
            for _ in range(2):  # merge, undo it, merge again
                page.locator("#merge input[name=into]").fill("KlimaHafen Gelsenkirchen GmbH")
                page.locator("#merge input[name=source]").fill("KlimaHafen")
                page.locator("#merge button").click()
                expect(page.locator("#note")).to_contain_text("merged")
                if not undone:
                    page.get_by_role("button", name="Undo last decision").click()
                    expect(page.locator("#note")).to_contain_text("undone: merge")
                    undone = True
            bulk = page.locator("#decide button[value=accept-all]")
            bulk_rule = page.locator("#item p.meta code").first.inner_text()
            bulk.click()
            done = re.compile(rf"accepted [1-9]\d* statement\(s\) of rule {re.escape(bulk_rule)}")
            expect(page.locator("#note")).to_contain_text(done)
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
    data = yaml.safe_load((work / "curation" / "review-anna-test.yaml").read_text(encoding="utf-8"))
    verdicts = [r["review"]["verdict"] for r in data["rules"]]
    assert sorted(set(verdicts)) == ["accept", "correct", "merge", "reject"]
    assert verdicts.count("merge") == 1  # the undone merge is gone
    assert any(r["action"] == "delete" and r.get("statement") == rejected for r in data["rules"])
    _ingest(work, force=True)
    klima, short = mint("organisation", "KlimaHafen Gelsenkirchen"), mint("organisation", "KlimaHafen")
    with Store.open(work / "store", read_only=True) as store:
        assert not store.select(f"SELECT * WHERE {{ GRAPH ?g {{ <{rejected}> ?p ?o }} }}")
        assert not store.select(f"SELECT * WHERE {{ GRAPH ?g {{ <{short}> ?p ?o }} }}")
        fix = next(r for r in data["rules"] if r["review"]["verdict"] == "correct" and r["action"] == "add")
        assert store.select(f"SELECT * WHERE {{ <{fix['subject']}> <https://schema.org/affiliation> <{klima}> }}")


def test_the_command_serves_on_loopback_with_a_fresh_token(server: tuple[str, Path]) -> None:
    import os
    import subprocess
    import sys

    _, work = server
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "ruhrgraph", "review", "--web", "--store", str(work / "store"),
                             "--curation", str(work / "curation"), "--reviewer", "Anna Test"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:(\d+))/\?token=(\S+)", line)
        assert found, line
        base, token = found.group(1), found.group(3)
        assert token != TOKEN and len(token) >= 30
        deadline = time.time() + 20
        while True:
            try:
                assert httpx.get(f"{base}/").status_code == 403
                break
            except httpx.ConnectError:
                assert time.time() < deadline
                time.sleep(0.1)
        with httpx.Client(follow_redirects=True) as client:
            page = client.get(f"{base}/?token={token}")
            assert page.status_code == 200 and "to review" in page.text
    finally:
        proc.terminate()
        proc.wait(20)
