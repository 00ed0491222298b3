"""Run the article gate over files, in this process or in forked worker processes.

With ``jobs > 1`` the gazetteer and the extractor's lexicons are loaded once before forking, and
each worker receives the :class:`~ruhrgraph.ingest.gate.Gate` — compiled shapes included — once,
when it starts (inherited through ``fork``, never pickled); afterwards only paths travel to the
workers and :class:`~ruhrgraph.ingest.gate.Prepared` articles back, in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ruhrgraph.ingest.gate import Failed, Gate, Prepared

#: The gate of this worker process (set once by :func:`_start_worker`; ``None`` in the parent).
_WORKER_GATE: Gate | None = None


def prepare_files(gate: Gate, paths: Sequence[Path], jobs: int) -> Iterator[list[Prepared | Failed]]:
    """:meth:`Gate.prepare_file` for every path, in order, with ``jobs`` worker processes."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield gate.prepare_file(path)
        return
    _warm_up()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(gate, os.getpid())) as pool:
        yield from pool.map(_prepare_in_worker, paths, chunksize=1)


def _start_worker(gate: Gate, parent: int) -> None:
    global _WORKER_GATE
    _WORKER_GATE = gate
    die_with_parent(parent)


def die_with_parent(parent: int, interval: float = 0.5) -> None:
    """End this worker process when ``parent`` ends — even by ``kill -9``, which runs no clean-up.

    On Linux the kernel sends SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere
    a daemon thread also checks every ``interval`` seconds that the parent is still this process's
    parent. A worker that outlived its writer kept the store's locks and refused the next run.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="ruhrgraph-parent-watch", daemon=True).start()


def _prepare_in_worker(path: Path) -> list[Prepared | Failed]:
    assert _WORKER_GATE is not None, "the worker was started without a gate"
    return _WORKER_GATE.prepare_file(path)


def _warm_up() -> None:
    """Load the gazetteer and the extractor's resources once, before worker processes are forked."""
    from ruhrgraph.extract import gazetteer

    gazetteer.load()
    try:
        from ruhrgraph.extract import pipeline as extract

        warm = getattr(extract, "warm_up", None)
        if callable(warm):
            warm()
    except ImportError:
        pass
