"""The attack corpus: every attack tried on ruhrgraph, as data, run by this one test.

Each file in ``tests/attacks/*.yaml`` lists cases. A case says how the attack is made and what
must come of it (see ``tests/attacks/README.md``):

* ``kind: cli`` runs ``python -m ruhrgraph ARGS`` as a real process in a scratch folder holding the
  case's ``files`` (text, bytes in base64, or symbolic links) and, with ``store: seed``, a copy of a
  store the seed article was ingested into;
* ``kind: http`` sends one request to the server (in process, over a seeded store);
* ``kind: python`` calls a scenario function, ``scenario: module.function`` naming a module in
  ``tests/attacks/`` (kill -9, full disks, load — what no single command expresses).

``expect`` is checked the same way for all: exit code or HTTP status, a regular expression the
output must (``output``) or must not (``not_output``) match, no Python traceback, the store
unchanged (its N-Quads digest), and no connection to the loopback listener the case may name as
``{listener}`` (host:port) in its arguments or request.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from test_guard import Listener

HERE = Path(__file__).parent / "attacks"
ROOT = Path(__file__).resolve().parents[1]
CASES = [case | {"file": path.name} for path in sorted(HERE.glob("*.yaml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \"", re.M)


@dataclass
class Outcome:
    """What an attack came to."""

    code: int | None = None  # exit code or HTTP status
    output: str = ""
    store_before: str = ""
    store_after: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def store_digest(folder: Path) -> str:
    """The SHA-256 of the store's sorted N-Quads ('' when there is no store)."""
    from ruhrgraph.store.local import Store

    if not (folder / "store" / "CURRENT").exists():
        return ""
    with Store.open(folder, read_only=True) as store:
        return hashlib.sha256(store.dump_nquads()).hexdigest()


def substitute(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        for key, text in names.items():
            value = value.replace("{" + key + "}", text)
        return value
    if isinstance(value, list):
        return [substitute(v, names) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, names) for k, v in value.items()}
    return value


def write_files(folder: Path, files: dict[str, Any], names: dict[str, str]) -> None:
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict) and "symlink" in content:
            os.symlink(substitute(content["symlink"], names), path)
        elif isinstance(content, dict) and "base64" in content:
            path.write_bytes(base64.b64decode(content["base64"]))
        elif isinstance(content, dict) and "repeat" in content:  # {"repeat": text, "times": n}
            path.write_text(content["repeat"] * int(content["times"]), encoding="utf-8")
        else:
            path.write_text(substitute(str(content), names), encoding="utf-8")


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def run_cli(case: dict[str, Any], work: Path, store: Path, names: dict[str, str]) -> Outcome:
    write_files(work, case.get("files") or {}, names)
    args = [str(a) for a in substitute(case["args"], names)]
    env = {**os.environ, "RUHRGRAPH_STORE": str(store), "COLUMNS": "200", "NO_COLOR": "1"}
    env.update(substitute(case.get("env") or {}, names))
    before = store_digest(store)
    proc = subprocess.run([sys.executable, "-m", "ruhrgraph", *args], cwd=work, env=env, capture_output=True,
                          text=True, errors="replace", timeout=float(case.get("timeout", 120)))
    return Outcome(proc.returncode, proc.stdout + proc.stderr, before, store_digest(store))


def run_http(case: dict[str, Any], work: Path, store: Path, names: dict[str, str]) -> Outcome:
    from starlette.testclient import TestClient

    from ruhrgraph.publish.serve.app import ServeSettings, create_app
    from ruhrgraph.publish.void import PublishSettings

    request = substitute(case["request"], names)
    settings = ServeSettings(store=store, dumps=work / "dumps", publish=PublishSettings(), timeout=5.0,
                             result_limit=100, workers=1)
    before = store_digest(store)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.request(request.get("method", "GET"), request["path"], params=request.get("params"),
                                  headers=request.get("headers"), content=request.get("body"))
    return Outcome(response.status_code, response.text, before, store_digest(store),
                   {"headers": dict(response.headers)})


def run_python(case: dict[str, Any], work: Path, store: Path, names: dict[str, str]) -> Outcome:
    file, _, function = case["scenario"].rpartition(".")
    spec = importlib.util.spec_from_file_location(f"attack_{file}", HERE / f"{file}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scenario = getattr(module, function)
    result: Outcome = scenario(case=substitute(case, names), work=work, store=store, outcome=Outcome,
                               digest=store_digest)
    return result


RUNNERS = {"cli": run_cli, "http": run_http, "python": run_python}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_attack(case: dict[str, Any], tmp_path: Path, seed_store: Path, listener: Listener) -> None:
    work = tmp_path / "work"
    work.mkdir()
    store = tmp_path / "store"
    if case.get("store", "seed") == "seed":
        shutil.copytree(seed_store, store, ignore=shutil.ignore_patterns("lock"))
    names = {"dir": str(work), "store": str(store), "listener": f"127.0.0.1:{listener.port}",
             "root": str(ROOT)}
    hits = listener.hits
    outcome = RUNNERS[case["kind"]](case, work, store, names)
    expect = case.get("expect") or {}
    shown = f"{case['id']} ({case['file']}): code {outcome.code}\n{outcome.output[-3000:]}"
    if "exit" in expect:
        assert outcome.code == expect["exit"], shown
    if "status" in expect:
        assert outcome.code == expect["status"], shown
    if "output" in expect:
        assert re.search(expect["output"], outcome.output, re.S | re.I), shown
    if "not_output" in expect:
        assert not re.search(expect["not_output"], outcome.output, re.S | re.I), shown
    if not expect.get("traceback", False):
        assert not TRACEBACK.search(outcome.output), shown
    if expect.get("store") == "unchanged":
        assert outcome.store_after == outcome.store_before, f"the store changed\n{shown}"
    for header, pattern in (expect.get("headers") or {}).items():
        assert re.search(pattern, outcome.extra.get("headers", {}).get(header.lower(), "")), shown
    if expect.get("listener", 0) == 0:
        assert listener.hits == hits, f"the attack reached the loopback listener\n{shown}"


def test_every_case_is_documented() -> None:
    """Each case says which issue it belongs to and how the attack fared before it was fixed."""
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in CASES:
        assert case.get("issue") in (11, 17), case["id"]
        assert case.get("was") in ("held", "failed"), case["id"]
        assert case["kind"] in RUNNERS, case["id"]
        assert case.get("expect"), case["id"]
