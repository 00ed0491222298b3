"""The server's defences that need no store: admission (per-client limit, bounded queue, heavy
lane), the cost estimate, numeric parameter ranges, framing, CORS preflight, the saved-query
catalogue's reload (tests/attacks/server.yaml has the same attacks end to end)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import anyio
import pytest

from ruhrgraph.publish.serve._catalogue import Catalogue, check_value, web_wording
from ruhrgraph.publish.serve._middleware import Preflight, RejectAmbiguousFraming
from ruhrgraph.publish.serve.admission import Admission, AdmissionConfig, Overloaded, looks_heavy
from ruhrgraph.publish.serve.negotiate import HTTPError


@pytest.mark.parametrize(("query", "heavy"), [
    ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", True),
    ("SELECT * WHERE { ?a <http://x/p> ?b . ?c <http://x/q> ?d }", True),
    ("SELECT * WHERE { { ?a ?b ?c } { ?d ?e ?f } }", True),
    ("SELECT * WHERE { ?a <http://x/p>+ ?b }", True),
    ("ASK { ?s ?p ?o }", False),
    ("SELECT ?l WHERE { <http://x/a> <http://x/label> ?l }", False),
    ("SELECT * WHERE { ?v a <http://x/V> ; <http://x/l> ?l . FILTER(LANG(?l) = 'de') } LIMIT 5", False),
    ("SELECT * WHERE { { ?a ?b ?c } UNION { ?d ?e ?f } }", False),
    ("SELECT * WHERE { { SELECT * WHERE { ?a ?b ?c } } ?a ?x ?y }", False),
    ("CONSTRUCT { ?a ?b ?c . ?x ?y ?z } WHERE { ?a ?b ?c OPTIONAL { ?c ?y ?z } }", False),
    ("DESCRIBE <http://x/a>", False),
])
def test_cost_estimate(query: str, heavy: bool) -> None:
    assert looks_heavy(query) is heavy


def test_per_client_limit_and_penalty() -> None:
    admission = Admission(AdmissionConfig(slots=2, per_client=2, penalty_seconds=60))
    admission.enter("a")
    admission.enter("a")
    with pytest.raises(Overloaded):
        admission.enter("a")
    admission.enter("b")  # another client is not affected
    admission.leave("a")
    admission.enter("a")
    cheap = "ASK { ?s ?p ?o }"
    assert not admission.is_heavy("a", cheap)
    admission.record_timeout("a", cheap)
    assert admission.is_heavy("a", cheap) and admission.is_heavy("b", cheap)  # the text timed out
    assert admission.is_heavy("a", "ASK { <x:a> ?p ?o }") and not admission.is_heavy("b", "ASK { <x:a> ?p ?o }")


def test_heavy_lane_leaves_a_worker_for_cheap_work() -> None:
    async def scenario() -> list[str]:
        admission = Admission(AdmissionConfig(slots=2, queue_limit=2))
        order: list[str] = []
        release = anyio.Event()

        async def job(name: str, heavy: bool) -> None:
            async with admission.worker(heavy=heavy, wait=5):
                order.append(name)
                if heavy:
                    await release.wait()

        async with anyio.create_task_group() as tg:
            tg.start_soon(job, "heavy-1", True)
            await anyio.sleep(0.01)
            tg.start_soon(job, "heavy-2", True)  # waits: the heavy lane has one worker of two
            await anyio.sleep(0.01)
            assert admission.waiting == 1
            tg.start_soon(job, "cheap", False)  # runs at once on the other worker
            await anyio.sleep(0.01)
            assert order == ["heavy-1", "cheap"]
            tg.start_soon(job, "heavy-3", True)
            await anyio.sleep(0.01)
            with pytest.raises(Overloaded):  # the queue holds two
                async with admission.worker(heavy=True, wait=5):
                    pass
            release.set()
        return order

    assert anyio.run(scenario) == ["heavy-1", "cheap", "heavy-2", "heavy-3"]


def test_waiting_too_long_is_a_timeout() -> None:
    async def scenario() -> None:
        admission = Admission(AdmissionConfig(slots=1))
        async with admission.worker():
            with pytest.raises(TimeoutError):
                async with admission.worker(wait=0.05):
                    pass
        assert admission.running == 0 and admission.waiting == 0

    anyio.run(scenario)


@pytest.mark.parametrize(("kind", "value", "ok"), [
    ("integer", "10", True), ("integer", str(2**63 - 1), True), ("integer", str(2**63), False),
    ("integer", str(-(2**63) - 1), False), ("positiveInteger", "1" + "0" * 30, False),
    ("number", "1" + "0" * 25, False), ("decimal", "0.5", True), ("decimal", "1e3", True),
    ("double", "1e999", False), ("string", "1" + "0" * 30, True),
])
def test_numeric_parameters_in_range(kind: str, value: str, ok: bool) -> None:
    if ok:
        check_value({"name": "limit", "type": kind}, value)
    else:
        with pytest.raises(HTTPError, match="out of range") as info:
            check_value({"name": "limit", "type": kind}, value)
        assert info.value.status == 400


def test_web_wording() -> None:
    assert web_wording("people needs the parameter organisation: add --param organisation=…") == \
        "people needs the parameter organisation: add ?organisation=… to the URL"


async def _call(app: Any, method: str, path: str, headers: list[tuple[bytes, bytes]]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "method": method, "path": path, "headers": headers, "root_path": ""}, receive, send)
    return sent


async def _inner(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"inner"})


def test_content_length_with_transfer_encoding_is_refused_and_closed() -> None:
    app = RejectAmbiguousFraming(_inner)
    sent = anyio.run(_call, app, "POST", "/sparql",
                     [(b"content-length", b"4"), (b"Transfer-Encoding", b"chunked")])
    assert sent[0]["status"] == 400
    assert (b"connection", b"close") in sent[0]["headers"]
    assert anyio.run(_call, app, "POST", "/sparql", [(b"content-length", b"4")])[0]["status"] == 200


@pytest.mark.parametrize(("path", "methods"), [
    ("/sparql", b"GET, POST, OPTIONS"), ("/queries", b"GET, HEAD, OPTIONS"),
    ("/queries/people", b"GET, HEAD, OPTIONS"), ("/openapi.json", b"GET, HEAD, OPTIONS"),
    ("/id/organisation/x", b"GET, HEAD, OPTIONS"), ("/nowhere", None), ("/static/app.css", None),
])
def test_preflight(path: str, methods: bytes | None) -> None:
    sent = anyio.run(_call, Preflight(_inner), "OPTIONS", path, [(b"access-control-request-method", b"POST")])
    if methods is None:
        assert sent[0]["status"] == 200  # passed on to the application
        return
    headers = dict(sent[0]["headers"])
    assert sent[0]["status"] == 204
    assert headers[b"access-control-allow-methods"] == methods
    assert headers[b"access-control-allow-headers"] == b"Accept, Content-Type"


def test_catalogue_parses_once_and_reloads_when_a_file_changes(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "queries" / "people.rq"
    target = tmp_path / "people.rq"
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    catalogue = Catalogue(tmp_path, recheck=0.0)

    async def names() -> list[str]:
        return list(await catalogue.entries())

    assert anyio.run(names) == ["people"]
    assert anyio.run(names) == ["people"]
    assert catalogue.loads == 1
    (tmp_path / "people-too.rq").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert sorted(anyio.run(names)) == ["people", "people-too"]
    assert catalogue.loads == 2
    later = time.time() + 5
    os.utime(target, (later, later))
    anyio.run(names)
    assert catalogue.loads == 3
    (tmp_path / "broken.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(HTTPError, match=r"broken\.rq"):
        anyio.run(names)
