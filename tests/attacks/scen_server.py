"""Attack scenarios on the linked-data server that one request cannot express (tests/attacks/server.yaml).

Each function gets the case, a scratch folder ``work``, a seeded ``store`` folder, the ``Outcome``
class and the store ``digest`` function, and returns an ``Outcome``. Servers listen on 127.0.0.1
only; the load test's clients connect from other loopback addresses (127.0.0.2, 127.0.0.3) so that
the server sees them as different clients, as it would on a network.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from _linked_data import WFD, live_server

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SELECTIVE = ("SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")
ENTITIES = [WFD, "https://w3id.org/ruhrgraph/id/city/dortmund", "https://w3id.org/ruhrgraph/id/country/korea"]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)] if ordered else float("inf")


def load_cross_products(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Any) -> Any:
    """3 attacker threads loop a cartesian product for ``seconds`` while one legitimate client loops
    a selective query; the legitimate client's p95 latency must stay below ``p95_limit``."""
    import httpx

    seconds = float(case.get("seconds", 10))
    limit = float(case.get("p95_limit", 1.0))
    before = digest(store)
    (work / "dumps").mkdir(exist_ok=True)
    attacks: dict[str, int] = {}
    legit: list[tuple[float, int]] = []
    lock = threading.Lock()
    with live_server(store, work / "dumps", work / "serve.log", "--timeout", "3", "--workers", "2") as server:
        stop = time.monotonic() + seconds

        def attacker() -> None:
            transport = httpx.HTTPTransport(local_address="127.0.0.2")
            with httpx.Client(base_url=server.url, timeout=30, transport=transport) as http:
                while time.monotonic() < stop:
                    try:
                        status = str(http.get("/sparql", params={"query": CARTESIAN}).status_code)
                    except httpx.HTTPError as exc:
                        status = type(exc).__name__
                    with lock:
                        attacks[status] = attacks.get(status, 0) + 1

        def legitimate() -> None:
            transport = httpx.HTTPTransport(local_address="127.0.0.3")
            with httpx.Client(base_url=server.url, timeout=30, transport=transport) as http:
                i = 0
                while time.monotonic() < stop:
                    query = SELECTIVE.format(iri=ENTITIES[i % len(ENTITIES)])
                    started = time.monotonic()
                    try:
                        status = http.get("/sparql", params={"query": query},
                                          headers={"accept": "application/sparql-results+json"}).status_code
                    except httpx.HTTPError:
                        status = 0
                    legit.append((time.monotonic() - started, status))
                    i += 1
                    time.sleep(0.05)

        threads = [threading.Thread(target=attacker, daemon=True) for _ in range(3)]
        threads.append(threading.Thread(target=legitimate, daemon=True))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 60)
        alive = sum(t.is_alive() for t in threads)
    times = [t for t, _ in legit]
    failed = sum(1 for _, status in legit if status != 200)
    p95 = _p95(times)
    log = (work / "serve.log").read_text(errors="replace")
    report = (f"legitimate: {len(legit)} requests, {failed} not 200, median {statistics.median(times or [0]):.3f} s, "
              f"p95 {p95:.3f} s, max {max(times or [0]):.3f} s; attackers: {dict(sorted(attacks.items()))}; "
              f"worker replacements logged: {log.count('replaced by pid')}; threads still running: {alive}")
    (work / "load-report.txt").write_text(report + "\n", encoding="utf-8")
    ok = legit and failed == 0 and p95 < limit and alive == 0
    return outcome(0 if ok else 1, report, before, digest(store))


def smuggling_framing(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Any) -> Any:
    """A request with both Content-Length and Transfer-Encoding: chunked, followed on the same
    connection by a second request; the server must answer 400 and close the connection."""
    before = digest(store)
    (work / "dumps").mkdir(exist_ok=True)
    smuggled = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    with live_server(store, work / "dumps", work / "serve.log") as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(smuggled)
            data, closed = b"", False
            deadline = time.monotonic() + 5
            try:
                while time.monotonic() < deadline:
                    chunk = sock.recv(65536)
                    if not chunk:
                        closed = True
                        break
                    data += chunk
            except (TimeoutError, OSError):
                pass
    answers = data.count(b"HTTP/1.1 ")
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    report = (f"first status {status}; {answers} answer(s); connection "
              f"{'closed' if closed else 'kept open'}\n{data[:600].decode(errors='replace')}")
    return outcome(status if closed and answers == 1 else 0, report, before, digest(store))


def worker_deaths_logged(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Any) -> Any:
    """A job that outlives the timeout and a worker killed by a signal are both logged, with the
    query's beginning, the signal and the replacement."""
    from ruhrgraph.publish.serve.pool import JobTimeout, PoolConfig, QueryPool, WorkerDied

    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(logging.INFO)
    logger = logging.getLogger("ruhrgraph.serve")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    before = digest(store)
    pool = QueryPool(PoolConfig(store=store, workers=1, timeout=30.0))
    notes = []
    try:
        pool.start()
        try:
            pool.run("sparql", CARTESIAN, [], [], True, "text/turtle", timeout=1.0)
        except JobTimeout:
            notes.append("timeout raised")
        box: dict[str, Any] = {}

        def long_job() -> None:
            try:
                pool.run("sparql", CARTESIAN, [], [], True, "text/turtle", timeout=30.0)
            except WorkerDied:
                box["died"] = True
            except Exception as exc:  # reported in the outcome
                box["other"] = repr(exc)

        thread = threading.Thread(target=long_job, daemon=True)
        thread.start()
        time.sleep(1.0)
        os.kill(pool._all[0].process.pid, signal.SIGKILL)  # a crash, as the kernel's OOM killer would
        thread.join(40)
        notes.append(f"killed worker: {box}")
        notes.append("answers after: " + str(pool.run("ping", timeout=30.0)))
    finally:
        pool.close()
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    report = "\n".join(notes + records)
    return outcome(0, report, before, digest(store))


def saved_query_flood(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Any) -> Any:
    """``count`` requests for unknown saved queries (404s) must not re-parse the saved queries each
    time: together they must take less than ``seconds``."""
    from starlette.testclient import TestClient

    from ruhrgraph.publish.serve.app import ServeSettings, create_app
    from ruhrgraph.publish.void import PublishSettings

    count, limit = int(case.get("count", 20)), float(case.get("seconds", 2.0))
    settings = ServeSettings(store=store, dumps=work / "dumps", publish=PublishSettings(), workers=1)
    before = digest(store)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.get("/queries/no-such-query")
        started = time.monotonic()
        statuses = {client.get(f"/queries/no-such-query-{i}").status_code for i in range(count)}
        elapsed = time.monotonic() - started
        home = time.monotonic()
        client.get("/context.jsonld")
        page = time.monotonic() - home
    report = f"{count} unknown saved queries: statuses {sorted(statuses)}, {elapsed:.2f} s; a page after: {page:.3f} s"
    code = 404 if statuses == {404} and elapsed < limit else 500
    return outcome(code, report, before, digest(store))
