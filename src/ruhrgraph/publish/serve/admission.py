"""Who gets a query worker, and when: per-client limits, a bounded queue, a lane for heavy queries.

The workers (:mod:`~ruhrgraph.publish.serve.pool`) are few and a query cannot be interrupted,
so three clients looping cartesian products used to hold every worker until its timeout while
everybody else waited or got ``503``. :class:`Admission` decides, on the event loop, before a job
reaches the pool:

* **per client** (its remote address) at most ``per_client`` SPARQL jobs — free-form and saved
  queries, counted from the moment the request arrives, guard check included — may be running or
  waiting; one more gets ``429 Too Many Requests`` with ``Retry-After`` at once;
* **a bounded queue**: at most ``queue_limit`` jobs wait for a worker; one more gets ``429``;
* **a heavy lane**: a free-form query estimated expensive (:func:`looks_heavy`: a cartesian
  product, a transitive property path), or one whose text timed out before, or any free-form
  query of a client whose query timed out in the last ``penalty_seconds``, may occupy at most
  ``slots - 1`` workers (one when there is only one). The other worker stays free for pages,
  saved queries and cheap queries, which are also served first when workers free up.

It is an estimate, not a proof: a query the estimate misses runs in the ordinary lane until
its first timeout, after which its text and its client go to the heavy lane.

    >>> looks_heavy("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    True
    >>> looks_heavy("SELECT ?l WHERE { <http://x/a> <http://x/label> ?l . ?s ?p ?l }")
    False
    >>> looks_heavy("CONSTRUCT { ?a ?b ?c . ?x ?y ?z } WHERE { ?a ?b ?c OPTIONAL { ?c ?y ?z } }")
    False
    >>> looks_heavy("SELECT * WHERE { ?a <http://x/knows>* ?b }")
    True
"""

from __future__ import annotations

import collections
import contextlib
import functools
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio

from ruhrgraph.sparql import guard

_SKIPPED = frozenset({"FILTER", "BIND", "VALUES", "MINUS"})  # they do not multiply rows
_JOINED = frozenset({"OPTIONAL", "GRAPH", "SERVICE"})  # their group joins the rows around it


class Overloaded(Exception):
    """The client is over its limit or the queue is full: answer ``429`` with ``retry_after``."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class AdmissionConfig:
    """The limits of :class:`Admission` (see the module docstring)."""

    slots: int = 2
    per_client: int = 2
    queue_limit: int = 32
    retry_after: int = 2
    penalty_seconds: float = 60.0


class _Waiter:
    __slots__ = ("event", "granted", "heavy")

    def __init__(self, heavy: bool) -> None:
        self.heavy = heavy
        self.granted = False
        self.event = anyio.Event()


class Admission:
    """The admission state of one server (used on its event loop only, so it needs no locks)."""

    def __init__(self, config: AdmissionConfig) -> None:
        self.config = config
        self.slots = max(1, config.slots)
        self.heavy_slots = max(1, self.slots - 1)
        self.running = 0
        self.heavy_running = 0
        self._waiting: collections.deque[_Waiter] = collections.deque()
        self._clients: collections.Counter[str] = collections.Counter()
        self._penalised: dict[str, float] = {}
        self._slow: collections.OrderedDict[str, None] = collections.OrderedDict()

    # -- per client ------------------------------------------------------------------------------
    def enter(self, client: str) -> None:
        """Count one more SPARQL job of ``client``; :class:`Overloaded` when it is at its limit."""
        if self._clients[client] >= self.config.per_client:
            raise Overloaded(f"too many queries at once from your address (at most "
                             f"{self.config.per_client} running or waiting); wait for one to finish",
                             self.config.retry_after)
        self._clients[client] += 1

    def leave(self, client: str) -> None:
        """One SPARQL job of ``client`` is over."""
        self._clients[client] -= 1
        if self._clients[client] <= 0:
            del self._clients[client]

    # -- heavy queries ---------------------------------------------------------------------------
    def is_heavy(self, client: str, text: str) -> bool:
        """Whether a free-form query goes to the heavy lane (estimate, history, penalty)."""
        until = self._penalised.get(client)
        if until is not None:
            if until > time.monotonic():
                return True
            del self._penalised[client]
        return text in self._slow or looks_heavy(text)

    def record_timeout(self, client: str, text: str) -> None:
        """Remember that ``text`` of ``client`` outlived the timeout (both go to the heavy lane)."""
        self._penalised[client] = time.monotonic() + self.config.penalty_seconds
        if len(self._penalised) > 10_000:  # forget the oldest penalties rather than grow without bound
            for key in list(self._penalised)[:5_000]:
                del self._penalised[key]
        self._slow[text] = None
        self._slow.move_to_end(text)
        while len(self._slow) > 256:
            self._slow.popitem(last=False)

    # -- workers ---------------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def worker(self, *, heavy: bool = False, wait: float = 15.0) -> AsyncIterator[None]:
        """Hold a worker slot for the block: at once when one is free for this lane, else after
        waiting in the queue (:class:`Overloaded` when it is full, :class:`TimeoutError` after
        ``wait`` seconds)."""
        if self._can_start(heavy):
            self._start(heavy)
        else:
            if len(self._waiting) >= self.config.queue_limit:
                raise Overloaded(f"the server is busy ({len(self._waiting)} requests are waiting for a "
                                 "query worker); try again shortly", self.config.retry_after)
            waiter = _Waiter(heavy)
            self._waiting.append(waiter)
            try:
                with anyio.fail_after(wait):
                    await waiter.event.wait()
            except BaseException:
                if waiter.granted:
                    self._release(heavy)
                else:
                    self._waiting.remove(waiter)
                raise
        try:
            yield
        finally:
            self._release(heavy)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _can_start(self, heavy: bool) -> bool:
        return self.running < self.slots and (not heavy or self.heavy_running < self.heavy_slots)

    def _start(self, heavy: bool) -> None:
        self.running += 1
        self.heavy_running += heavy

    def _release(self, heavy: bool) -> None:
        self.running -= 1
        self.heavy_running -= heavy
        while self._waiting and self.running < self.slots:
            # cheap work first, in arrival order; a heavy job only where the heavy lane has room
            waiter = next((w for w in self._waiting if not w.heavy), None)
            if waiter is None:
                waiter = next((w for w in self._waiting if self._can_start(True)), None)
            if waiter is None:
                return
            self._waiting.remove(waiter)
            self._start(waiter.heavy)
            waiter.granted = True
            waiter.event.set()


@functools.lru_cache(maxsize=1024)
def looks_heavy(text: str) -> bool:
    """Whether a (guard-checked) query looks expensive: some group joins parts that share no
    variable (a cartesian product), or a triple pattern uses a ``*``/``+`` property path.

    A linear pass over :func:`ruhrgraph.sparql.guard.tokenize`'s tokens; a CONSTRUCT template is
    not a group pattern and is skipped.
    """
    tokens = guard.significant(guard.tokenize(text))
    i = 0
    previous = ""
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "open" and tok.text == "{" and tok.depth == 0:
            heavy, _, i = _group(tokens, i)
            if heavy and previous != "CONSTRUCT":
                return True
        previous = tok.text.upper() if tok.kind == "word" else previous
        i += 1
    return False


def _group(tokens: list[guard.Token], start: int) -> tuple[bool, set[str], int]:
    """Read the group opening at ``tokens[start]``: (heavy, its variables, index of its ``}``)."""
    depth = tokens[start].depth
    heavy = False
    parts: list[set[str]] = []
    part: set[str] = set()
    kind = "triples"  # what the current part is: triples, a skipped keyword, a joined keyword

    def close() -> None:
        nonlocal part, kind
        if part and kind != "skip":
            parts.append(part)
        part, kind = set(), "triples"

    i = start + 1
    while i < len(tokens):
        tok = tokens[i]
        inner = tok.depth == depth + 1 or (tok.kind == "close" and tok.depth == depth)
        if tok.kind == "close" and tok.text == "}" and tok.depth == depth:
            break
        if tok.kind == "open" and tok.text == "{" and inner:
            sub_heavy, sub_vars, i = _group(tokens, i)
            heavy = heavy or sub_heavy
            part |= sub_vars
            if not (i + 1 < len(tokens) and tokens[i + 1].text.upper() == "UNION"):
                close()  # A UNION B is one part: its branches are alternatives, not a product
        elif tok.kind == "word" and inner and tok.text.upper() in _SKIPPED | _JOINED:
            close()
            kind = "skip" if tok.text.upper() in _SKIPPED else "joined"
        elif tok.kind == "other" and tok.text == "." and inner:
            close()
        elif tok.kind == "close" and tok.text == ")" and tok.depth == depth + 1 and kind == "skip":
            close()  # the end of FILTER(…) / BIND(…)
        elif tok.kind == "var":
            part.add(tok.text[1:])
        elif (tok.kind == "other" and tok.text in ("*", "+") and kind == "triples" and tok.depth == depth + 1
              and _is_path_end(tokens[i - 1])):
            heavy = True  # a transitive path (`*` or `+` after a predicate)
        i += 1
    close()
    return heavy or _components(parts) > 1, set().union(*parts) if parts else set(), i


def _is_path_end(tok: guard.Token) -> bool:
    """Whether ``tok`` can end a path step (so a ``*``/``+`` after it is a path modifier)."""
    if tok.kind in ("iri",) or (tok.kind == "close" and tok.text == ")"):
        return True
    return tok.kind == "word" and (":" in tok.text or tok.text == "a")


def _components(parts: list[set[str]]) -> int:
    """How many groups of ``parts`` remain when parts sharing a variable are merged.

    >>> _components([{"a", "b"}, {"b", "c"}, {"d"}])
    2
    """
    merged: list[set[str]] = []
    for part in parts:
        joined = [m for m in merged if m & part]
        for m in joined:
            merged.remove(m)
            part = part | m
        merged.append(part)
    return len(merged)
