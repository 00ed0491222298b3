"""The README's "A first look" runs exactly as written (issue #14, Acceptance): every command of
its code block, as text, in a shell, in a temporary copy of the project's data (so the default
store ``.ruhrgraph`` and ``data/articles/`` are the copy's) — ``extract``, ``build``, the saved
query, ``connect``, and ``serve`` on its default address http://127.0.0.1:8000/ (loopback)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def first_look() -> list[str]:
    """The command lines of the README's "A first look" code block, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A first look", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block, "README.md: no code block under '## A first look'"
    return [line for line in block.group(1).splitlines() if line.strip()]


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of what the first look reads: data/, queries/, ontology/, and ``.venv/bin/ruhrgraph``
    running this checkout's ruhrgraph with this interpreter."""
    work = tmp_path / "ruhrgraph"
    for folder in ("data", "queries", "ontology"):
        shutil.copytree(ROOT / folder, work / folder)
    launcher = work / ".venv" / "bin" / "ruhrgraph"
    launcher.parent.mkdir(parents=True)
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ruhrgraph "$@"\n', encoding="utf-8")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR)
    return work


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUHRGRAPH_")}  # a newcomer's shell
    src = str(ROOT / "src")
    env["COLUMNS"] = "200"  # a wide terminal: names in the tables stay on one line
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def test_the_readme_first_look_runs_as_written(project: Path) -> None:
    lines = first_look()
    assert [line.split()[1] for line in lines] == ["extract", "build", "query", "connect", "serve"], lines
    assert all(line.startswith(".venv/bin/ruhrgraph ") for line in lines)
    outputs: dict[str, str] = {}
    for line in lines[:-1]:
        done = subprocess.run(["bash", "-c", line], cwd=project, env=_env(), capture_output=True, text=True,
                              timeout=900, check=False)
        assert done.returncode == 0, f"{line}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        outputs[line.split()[1]] = done.stdout
    assert "Wirtschaftsförderung Dortmund" in outputs["extract"]
    assert (project / ".ruhrgraph").is_dir() and (project / ".ruhrgraph" / "out" / "ruhrgraph.ttl").is_file()
    assert "Dortmund" in outputs["query"]
    assert "Korea" in outputs["connect"] and "Dortmund" in outputs["connect"]

    serve = lines[-1]
    assert "http://127.0.0.1:8000/" in serve
    if not _port_free(8000):
        pytest.skip("port 8000 on 127.0.0.1 is taken by another program: cannot run `serve` as written")
    log = project / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(["bash", "-c", f"exec {serve.split('#')[0].strip()}"], cwd=project, env=_env(),
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen("http://127.0.0.1:8000/", timeout=3) as response:
                    home = response.read().decode("utf-8")
                    break
            except (urllib.error.URLError, OSError):
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(0.3)
        assert "ruhrgraph" in home and "/sparql" in home
        request = urllib.request.Request("http://127.0.0.1:8000/id/organisation/wirtschaftsfoerderung-dortmund",
                                         headers={"Accept": "text/html"})
        with urllib.request.urlopen(request, timeout=30) as response:  # 303 to the page, followed
            assert response.url.endswith(".html") and "Wirtschaftsförderung Dortmund" in response.read().decode()
        with urllib.request.urlopen("http://127.0.0.1:8000/dumps/ruhrgraph.ttl", timeout=10) as response:
            assert response.status == 200 and b"Wirtschaftsf" in response.read()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
