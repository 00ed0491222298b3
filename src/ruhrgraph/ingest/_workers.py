"""Run the article gate over files, in this process or in forked worker processes.

With ``jobs > 1`` the gazetteer and the extractor's lexicons are loaded once before forking, and
each worker receives the :class:`~ruhrgraph.ingest.gate.Gate` — compiled shapes included — once,
when it starts (inherited through ``fork``, never pickled); afterwards only paths travel to the
workers and :class:`~ruhrgraph.ingest.gate.Prepared` articles back, in input order.
"""

from __future__ import annotations

import multiprocessing
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
                             initargs=(gate,)) as pool:
        yield from pool.map(_prepare_in_worker, paths, chunksize=1)


def _start_worker(gate: Gate) -> None:
    global _WORKER_GATE
    _WORKER_GATE = gate


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
