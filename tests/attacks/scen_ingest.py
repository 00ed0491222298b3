"""Scenarios of the ingest surface that no single command expresses (see ``ingest.yaml``).

Each function takes the case, the scratch folder ``work``, the case's ``store`` folder, the
``Outcome`` class and the store ``digest`` function, and returns an ``Outcome``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def _env(store: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "RUHRGRAPH_STORE": str(store), "COLUMNS": "200", "NO_COLOR": "1", **(extra or {})}


def _cli(args: list[str], work: Path, store: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruhrgraph", *args], cwd=work, env=_env(store),
                          capture_output=True, text=True, errors="replace", timeout=timeout)


def _write(work: Path, files: dict[str, Any]) -> None:
    for name, text in files.items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, dict):
            os.symlink(text["symlink"], path)
        else:
            path.write_text(text, encoding="utf-8")


def _headlines(store: Path) -> str:
    """``headline: <graph> <headline>`` lines of every article graph in the store."""
    from ruhrgraph.namespace import SDO
    from ruhrgraph.store.local import Store

    if not (store / "store" / "CURRENT").exists():
        return ""
    with Store.open(store, read_only=True) as opened:
        rows = opened.select("SELECT ?g ?h WHERE { GRAPH ?g { ?a ?p ?h } }", bindings={"p": SDO.headline})
    return "".join(f"headline: {r['g']} {r['h']}\n" for r in sorted(rows, key=lambda r: str(r["g"])))


def runs(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Any) -> Any:
    """Several CLI runs in a row (``runs``: a list of ``{files, args}``); the exit code is the last
    run's, the output every run's output followed by the stored articles' headlines."""
    output = []
    code = None
    before = digest(store)
    for n, step in enumerate(case["runs"], start=1):
        _write(work, step.get("files") or {})
        for name in step.get("delete") or []:
            (work / name).unlink()
        proc = _cli([str(a) for a in step["args"]], work, store)
        code = proc.returncode
        output.append(f"== run {n}: exit {code}\n{proc.stdout}{proc.stderr}")
    output.append(_headlines(store))
    return outcome(code, "\n".join(output), before, digest(store))


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return found


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status


def kill_parallel_ingest(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Any) -> Any:
    """``kill -9`` an ``ingest --jobs 2`` once its workers run; then ingest again in the same store.

    The output says how many workers outlived their parent (``orphans: N``) and what the re-run said.
    """
    corpus = Path(case["corpus"])
    arts = work / "arts"
    arts.mkdir()
    for source in sorted(corpus.glob("*.txt"))[:8]:
        (arts / source.name).write_bytes(source.read_bytes())
    before = digest(store)
    proc = subprocess.Popen([sys.executable, "-m", "ruhrgraph", "ingest", "--jobs", "2", str(arts)], cwd=work,
                            env=_env(store), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.2)
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(_gone(w) for w in workers):
        time.sleep(0.2)
    orphans = [w for w in workers if not _gone(w)]
    for w in orphans:  # leave nothing running, whatever the outcome
        os.kill(w, signal.SIGKILL)
    again = _cli(["ingest", str(arts)], work, store)
    text = f"workers: {len(workers)}\norphans: {len(orphans)}\n{again.stdout}{again.stderr}"
    return outcome(again.returncode, text, before, digest(store))


def locked_store(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Any) -> Any:
    """A writer holds the store while ``remove`` tries to open it."""
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom ruhrgraph.store.local import Store\n"
                               "with Store.open(sys.argv[1]):\n    print('locked', flush=True); time.sleep(60)\n",
                               str(store)], stdout=subprocess.PIPE, text=True, env=_env(store))
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        proc = _cli(["remove", "nothing"], work, store)
    finally:
        holder.kill()
        holder.wait()
    return outcome(proc.returncode, proc.stdout + proc.stderr, "", "")


def disk_full_during_commit(case: dict[str, Any], work: Path, store: Path, outcome: Any, digest: Any) -> Any:
    """The store's second write fails with ENOSPC and so does the ingest record's (its temporary file's
    place is taken by a folder): the message must name the real cause, without a traceback."""
    from typer.testing import CliRunner

    from ruhrgraph.cli import app
    from ruhrgraph.errors import StoreError
    from ruhrgraph.store.local import Store

    _write(work, {"arts/alt.txt": "Altes Zentrum in Essen\n\nDie Universität Duisburg-Essen empfängt eine "
                                  "Delegation aus Korea.\n",
                  "arts/neu.txt": "Neues Zentrum in Dortmund\n\nDie Wirtschaftsförderung Dortmund eröffnet "
                                  "ein neues Zentrum für Logistik.\n"})
    (store / "ingest-state.tmp").mkdir(parents=True)
    before = digest(store)

    def full(self: Store, graphs: list[tuple[str, list[str]]]) -> list[int]:
        # the first article fits (alone: the batch of both does not), so the ingest record has news to save
        if all("/alt" in graph for graph, _ in graphs):
            return original(self, graphs)
        raise StoreError(f"could not write graph <{graphs[-1][0]}>: No space left on device (os error 28)")

    original = Store.replace_graphs_lines
    Store.replace_graphs_lines = full  # type: ignore[method-assign]
    try:
        (work / "cur").mkdir()
        result = CliRunner().invoke(app, ["ingest", "--store", str(store), "--curation", str(work / "cur"),
                                          str(work / "arts")])
    finally:
        Store.replace_graphs_lines = original  # type: ignore[method-assign]
    text = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        text += "".join(traceback.format_exception(result.exception))
    return outcome(result.exit_code, text, before, digest(store))
