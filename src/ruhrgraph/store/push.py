"""Push the store to a remote SPARQL 1.1 server through the Graph Store Protocol.

Every named graph of the embedded store (articles, gazetteer, curation, analytics) is uploaded
with an HTTP ``PUT`` — which replaces the remote graph, so pushing twice changes nothing — and
afterwards the triples of every graph are counted on the remote endpoint and compared with the
local counts. ``prune=True`` also deletes remote graphs under the ruhrgraph graph base
(``…/graph/``) that the local store no longer has (a removed article).

Example (needs a running server)::

    with Store.open(".ruhrgraph", read_only=True) as store:
        report = push(store, "http://127.0.0.1:7878/query")
    print(report.summary())
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ruhrgraph.errors import EndpointError
from ruhrgraph.iri import base_iri
from ruhrgraph.store import remote
from ruhrgraph.store.local import Store


@dataclass(frozen=True)
class GraphPush:
    """One uploaded graph: its IRI, the local triple count and the count the server reports."""

    iri: str
    local: int
    remote: int

    @property
    def ok(self) -> bool:
        return self.local == self.remote


@dataclass
class PushReport:
    """What :func:`push` did."""

    endpoint: str
    gsp_url: str
    graphs: list[GraphPush] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(g.local for g in self.graphs)

    @property
    def mismatches(self) -> list[GraphPush]:
        return [g for g in self.graphs if not g.ok]

    def summary(self) -> str:
        """A few readable lines for the terminal."""
        lines = [f"pushed {len(self.graphs)} graphs ({self.triples} triples) to {self.gsp_url} "
                 f"in {self.seconds:.1f} s; counts verified through {self.endpoint}"]
        if self.pruned:
            lines.append(f"deleted {len(self.pruned)} remote graphs that the store no longer has")
        lines += self.notes
        return "\n".join(lines)


def _ntriples(store: Store, graph: str) -> bytes:
    data = store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return data or b""


def push(store: Store, endpoint: str, *, gsp_url: str | None = None,
         graphs: list[str] | None = None, prune: bool = False,
         timeout: float = remote.DEFAULT_TIMEOUT, retries: int = remote.DEFAULT_RETRIES,
         user: str | None = None, password: str | None = None,
         progress: Callable[[str, int], None] | None = None) -> PushReport:
    """Upload the store's named graphs to a remote server and verify the counts.

    Args:
        store: the embedded store (read-only access is enough).
        endpoint: the remote SPARQL query URL, used to verify the counts.
        gsp_url: the Graph Store Protocol URL; guessed from ``endpoint`` when omitted
            (see :func:`ruhrgraph.remote.default_gsp_url`).
        graphs: only these graph IRIs (default: every named graph of the store).
        prune: delete remote graphs under ``<base>graph/`` that the store does not have.
        timeout: seconds per HTTP request.
        retries: retries per upload on network errors and 5xx answers.
        user: user name for HTTP basic/digest authentication (e.g. Virtuoso's
            ``/sparql-graph-crud-auth``); ``password`` goes with it.
        password: see ``user``.
        progress: called with ``(graph IRI, triples)`` after each upload.

    Returns:
        A :class:`PushReport`.

    Raises:
        EndpointError: the server is unreachable, refuses an upload, or reports other triple
            counts than the store has (the message lists the graphs that differ).
    """
    started = time.perf_counter()
    gsp = gsp_url or remote.default_gsp_url(endpoint)
    names = graphs if graphs is not None else store.graphs()
    known = set(store.graphs())
    unknown = [g for g in names if g not in known]
    if unknown:
        raise EndpointError(f"{endpoint}: not pushed — the store has no graph {unknown[0]}")
    # Probe before uploading anything, so that a wrong URL fails at once with a clear message.
    remote.ask(endpoint, "ASK { }", timeout=timeout)
    report = PushReport(endpoint=endpoint, gsp_url=gsp)
    local: dict[str, int] = {}
    for graph in names:
        body = _ntriples(store, graph)
        local[graph] = store.quad_count(graph)
        remote.put_graph(gsp, graph, body, timeout=timeout, retries=retries, user=user,
                         password=password)
        if progress is not None:
            progress(graph, local[graph])
    if prune:
        prefix = base_iri() + "graph/"
        for graph in sorted(remote.graph_counts(endpoint, prefix=prefix, timeout=timeout)):
            if graph not in known:
                remote.delete_graph(gsp, graph, timeout=timeout, retries=retries, user=user,
                                    password=password)
                report.pruned.append(graph)
    counts = remote.graph_counts(endpoint, list(names), timeout=timeout)
    report.graphs = [GraphPush(g, local[g], counts.get(g, 0)) for g in names]
    report.seconds = time.perf_counter() - started
    if report.mismatches:
        listed = "; ".join(f"<{g.iri}> local {g.local} remote {g.remote}" for g in report.mismatches[:5])
        more = len(report.mismatches) - 5
        raise EndpointError(f"{endpoint}: pushed, but {len(report.mismatches)} graphs have other "
                            f"triple counts on the server: {listed}" + (f" … and {more} more" if more > 0
                                                                        else ""))
    if names and not remote.ask(endpoint, "ASK { ?s ?p ?o }", timeout=timeout):
        report.notes.append("note: the endpoint's default graph does not show the named graphs; "
                            "start Oxigraph with --union-default-graph so that queries see them")
    return report
