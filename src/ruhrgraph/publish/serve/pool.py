"""Worker processes that run store work and can be killed (private helper of the server).

An Oxigraph query cannot be interrupted: a thread running a cartesian product keeps its core
busy until the product is done, and a parser stack overflow takes the whole process down. So the
server never queries the store in its own process. Each worker is a fresh Python process
(``python -c …``, so nothing of the parent's ``__main__`` is re-imported) holding the store open
read-only; a job is a task name and arguments sent as a pickle over a socket pair. When a
job outlives the timeout the worker is killed (``SIGKILL``) and replaced, and the caller gets
:class:`JobTimeout`; a worker that dies on its own is replaced the same way
(:class:`WorkerDied`). The web process stays responsive throughout. Both are logged (logger
``ruhrgraph.serve``): a timeout with the first 100 characters of the query, a death with the
worker's exit code or signal, and each replacement with its process id.

The tasks themselves live in :mod:`ruhrgraph.publish.serve.tasks`; workers look them up by name.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ruhrgraph.errors import StoreError

STARTUP_SECONDS = 60.0
_LOG = logging.getLogger("ruhrgraph.serve")
_CHILD = "import sys; from ruhrgraph.publish.serve.pool import _child_main; _child_main(int(sys.argv[1]))"


class JobTimeout(Exception):
    """The job ran longer than the timeout; its worker was killed and replaced."""


class WorkerDied(Exception):
    """The worker process ended while running the job (it was replaced)."""


class PoolBusy(Exception):
    """Every worker stayed busy for longer than the timeout."""


class JobFailed(Exception):
    """The task raised an error; ``kind`` is ``"bad-request"``, ``"refused"``, ``"not-found"`` or
    ``"error"``, ``status`` the HTTP status that fits."""

    def __init__(self, kind: str, message: str, status: int) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclass(frozen=True)
class PoolConfig:
    """How the workers run: store folder, count, per-job timeout and memory cap."""

    store: Path
    workers: int = 2
    timeout: float = 15.0
    memory_mb: int = 0  # address-space limit per worker (RLIMIT_AS); 0 = none
    options: tuple[tuple[str, Any], ...] = ()  # passed to the tasks (base IRI, result limit …)


class _Worker:
    def __init__(self, config: PoolConfig) -> None:
        parent, child = socket.socketpair()
        env = {**os.environ, "RUST_BACKTRACE": "0"}  # an engine abort logs one line, not a trace
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(child.fileno())], pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL, close_fds=True, env=env)
        finally:
            child.close()
        self.conn = Connection(parent.detach())
        self.conn.send((str(config.store), config.memory_mb, dict(config.options)))
        self.ready = False
        self.network = ""

    def wait_ready(self, seconds: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(seconds):
            raise StoreError(f"a query worker did not start within {seconds:.0f} s")
        try:
            status, message = self.conn.recv()
        except EOFError:
            raise StoreError("a query worker died while opening the store") from None
        if status != "ready":
            raise StoreError(message)
        self.network = message
        self.ready = True

    def call(self, job: tuple[str, tuple[Any, ...]], timeout: float) -> Any:
        self.wait_ready(STARTUP_SECONDS)
        self.conn.send(job)
        if not self.conn.poll(timeout):
            raise JobTimeout(f"the query ran longer than {timeout:g} s")
        try:
            status, *payload = self.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied("the query worker ended unexpectedly") from None
        if status == "ok":
            return payload[0]
        kind, message, code = payload
        raise JobFailed(kind, message, code)

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class QueryPool:
    """A fixed number of killable worker processes (see the module docstring).

    ``run`` blocks the calling thread; the server calls it through ``anyio.to_thread``.
    """

    def __init__(self, config: PoolConfig) -> None:
        self.config = config
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0

    def start(self) -> None:
        """Start the workers and wait until each has opened the store."""
        workers = [_Worker(self.config) for _ in range(max(1, self.config.workers))]
        try:
            for worker in workers:
                worker.wait_ready(STARTUP_SECONDS)
        except StoreError:
            for worker in workers:
                worker.kill()
            raise
        with self._lock:
            self._all = workers
        for worker in workers:
            self._idle.put(worker)

    @property
    def network(self) -> str:
        """Whether the workers are cut off the network (``"isolated"``) or why not."""
        with self._lock:
            states = sorted({w.network for w in self._all if w.ready})
        return "; ".join(states)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(0.5)
            worker.kill()

    def run(self, task: str, *args: Any, timeout: float | None = None) -> Any:
        """Run ``task(store, *args)`` in a worker; raise on timeout, death or task error."""
        limit = self.config.timeout if timeout is None else timeout
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise PoolBusy(f"all {self.config.workers} query workers stayed busy for {limit:g} s") from None
        remaining = max(0.1, limit - (time.monotonic() - started))
        try:
            result = worker.call((task, args), remaining)
        except JobTimeout:
            _LOG.warning("query worker pid %s: job %s timed out after %g s and was killed: %s",
                         worker.process.pid, task, limit, describe_job(args))
            worker = self._replace(worker)
            raise
        except (WorkerDied, StoreError):
            _LOG.error("query worker pid %s died (%s) running %s: %s", worker.process.pid,
                       _exit_status(worker.process), task, describe_job(args))
            worker = self._replace(worker)
            raise
        finally:
            if not self._closed:
                self._idle.put(worker)
        return result

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill ``worker``, start a fresh one and wait until it is ready (in the caller's thread:
        the job that cost the worker pays for its restart, not the next caller)."""
        worker.kill()
        self.restarts += 1
        fresh = _Worker(self.config)
        with self._lock:
            self._all = [w for w in self._all if w is not worker] + [fresh]
        try:
            fresh.wait_ready(STARTUP_SECONDS)
        except StoreError as exc:  # the next job that gets it waits for it or fails with StoreError
            _LOG.error("replacement query worker pid %s did not start: %s", fresh.process.pid, exc)
        else:
            _LOG.warning("query worker pid %s replaced by pid %s (%d restarts so far)", worker.process.pid,
                         fresh.process.pid, self.restarts)
        return fresh


def describe_job(args: tuple[Any, ...], width: int = 100) -> str:
    """The first ``width`` characters of a job's first argument (the query text), on one line.

    >>> describe_job(("SELECT *   WHERE { ?s ?p ?o }", []), width=12)
    "'SELECT * WHE…'"
    """
    if not args:
        return "(no arguments)"
    text = " ".join(str(args[0]).split())
    return repr(text[:width] + ("…" if len(text) > width else ""))


def _exit_status(process: subprocess.Popen[bytes]) -> str:
    """How a worker process ended: ``exit code 3``, ``signal SIGKILL`` or ``still running``."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(1.0)
    code = process.returncode
    if code is None:
        return "still running"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"signal {signal.Signals(-code).name}"
        return f"signal {-code}"
    return f"exit code {code}"


def _watch_parent() -> None:
    """End this worker when the server process is gone (even if it was killed with SIGKILL and
    this worker is in the middle of a long query: Oxigraph releases the GIL while it works)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="ruhrgraph-parent-watch", daemon=True).start()


def _fresh(store: Any, context: Any) -> Any:
    """The store to run the next job on: the same one, or — when ``build`` (or any writer) has
    published a newer snapshot since — that snapshot, opened before the old one is let go. Between
    two jobs nothing else uses the store, so no request sees the switch."""
    if not store.stale():
        return store
    from ruhrgraph.store.local import Store

    fresh = Store(store.path, read_only=True)
    context.store = fresh
    store.close()
    _LOG.info("query worker pid %s now reads snapshot %s", os.getpid(), fresh.generation)
    return fresh


def _child_main(fd: int) -> None:
    """Entry point of a worker process (``python -c``): read the configuration, then serve."""
    conn = Connection(fd)
    try:
        store_path, memory_mb, options = conn.recv()
    except (EOFError, OSError):
        return
    _worker_main(conn, store_path, memory_mb, options)


def _worker_main(conn: Connection, store_path: str, memory_mb: int, options: dict[str, Any]) -> None:
    """Cut the network, open the store read-only, then run jobs until the connection closes."""
    from ruhrgraph.publish.serve._netns import isolate_network

    network = isolate_network() if options.pop("isolate_network", True) else "not isolated: turned off"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
    _watch_parent()
    if memory_mb > 0:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        from ruhrgraph.publish.serve import tasks as _servetasks
        from ruhrgraph.store.local import Store

        store = Store(Path(store_path), read_only=True)
        context = _servetasks.TaskContext(store=store, **options)
    except Exception as exc:  # report why, then end: the pool turns it into a StoreError
        conn.send(("failed", f"cannot open the store for the server: {exc}"))
        conn.close()
        return
    conn.send(("ready", network))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        name, args = job
        try:
            store = _fresh(store, context)
        except Exception as exc:  # the new snapshot cannot be opened: keep serving the old one
            _LOG.error("cannot open the newly published snapshot of %s: %s", store_path, exc)
        try:
            result = _servetasks.TASKS[name](context, *args)
            conn.send(("ok", result))
        except _servetasks.TaskError as exc:
            conn.send(("error", exc.kind, str(exc), exc.status))
        except MemoryError:
            conn.send(("error", "error", "the query needed more memory than the server allows", 503))
        except Exception as exc:  # a bug: report it without a stack trace, keep serving
            conn.send(("error", "error", f"internal error ({type(exc).__name__})", 500))
    store.close()
    os._exit(0)
