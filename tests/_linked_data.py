"""Helpers shared by the publishing tests (dumps, VoID, server, browser).

The store these tests read is the ``seed_store`` fixture of ``tests/conftest.py``: the seed
article ingested by the real pipeline. There is no fallback: when the pipeline breaks or rejects
the seed article, the dump, VoID, server and browser tests fail with it.

* :func:`load_store` — a store folder holding the quads of an RDF file.
* :func:`live_server` — ``ruhrgraph serve`` as a real process (uvicorn) on a free loopback port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "linked_data"
BASE = "https://w3id.org/ruhrgraph/"
WFD = f"{BASE}id/organisation/wirtschaftsfoerderung-dortmund"


def load_store(folder: Path, source: Path, fmt: ox.RdfFormat = ox.RdfFormat.TRIG) -> Path:
    """Create a store in ``folder`` holding the quads of ``source``."""
    from ruhrgraph.store.local import Store

    with Store.open(folder) as store:
        store.oxigraph.load(path=str(source), format=fmt)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def live_server(store: Path, dumps: Path | None, log: Path, *extra: str) -> Iterator[LiveServer]:
    """Run ``ruhrgraph serve`` on a free port until the block ends (then SIGTERM, then kill);
    ``dumps=None`` leaves the dump folder to its default (``<store>/out``)."""
    port = free_port()
    cmd = [sys.executable, "-m", "ruhrgraph", "serve", "--store", str(store),
           *(["--dumps", str(dumps)] if dumps is not None else []),
           "--host", "127.0.0.1", "--port", str(port), *extra]
    env = {**os.environ, "RUHRGRAPH_BASE": BASE}
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"ruhrgraph serve exited with {process.returncode}:\n"
                                   + log.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("ruhrgraph serve did not answer within 60 s:\n"
                                   + log.read_text(errors="replace")[-3000:])
            time.sleep(0.2)
        yield LiveServer(url=url, port=port, process=process, log=log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def children_of(pid: int) -> list[int]:
    """PIDs of the live child processes of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found
