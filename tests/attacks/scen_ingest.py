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
