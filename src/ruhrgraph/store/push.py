"""Push the store to a remote SPARQL 1.1 server through the Graph Store Protocol.

Every named graph of the embedded store (articles, gazetteer, curation, analytics) is uploaded
with an HTTP ``PUT`` — which replaces the remote graph, so pushing twice changes nothing — and so
are the derived links of its query graph, as ``…/graph/derived`` (:func:`derived_graph`), so that
the saved queries find them in the server's union default graph;
afterwards the triples of every graph are counted on the remote endpoint and compared with the
local counts. ``prune=True`` also deletes remote graphs under the ruhrgraph graph base
(``…/graph/``) that the local store no longer has (a removed article).

Pruning is refused (:class:`~ruhrgraph.errors.RefusedError`, before anything is uploaded) when the
store holds no graph at all, or when it would delete more than half of the remote ruhrgraph graphs
(every one included) and more graphs than the store holds — what a push from an empty, tiny or
wrong store (a mistyped ``--store``) would do — unless ``force_prune=True``.

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

from ruhrgraph.errors import EndpointError, RefusedError
from ruhrgraph.iri import base_iri
from ruhrgraph.store import querygraph, remote
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
            lines.append(f"deleted {len(self.pruned)} remote graphs that the store no longer has: "
                         + ", ".join(f"<{g}>" for g in self.pruned[:5])
                         + (f" … and {len(self.pruned) - 5} more" if len(self.pruned) > 5 else ""))
        lines += self.notes
        return "\n".join(lines)


def _ntriples(store: Store, graph: str) -> bytes:
    if graph == derived_graph():
        triples = [q.triple for p in querygraph.DERIVED
                   for q in store.quads_for_pattern(None, ox.NamedNode(p), None, ox.DefaultGraph())]
        return ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES) or b""
    data = store.reader.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return data or b""


def derived_graph() -> str:
    """The named graph under which :func:`push` uploads the query graph's derived links
    (:data:`ruhrgraph.store.querygraph.DERIVED`): the local store keeps them in its default graph
    only, a server's default graph is the union of what was pushed."""
    return base_iri() + "graph/derived"


def _prune_plan(store: Store, endpoint: str, known: set[str], *, force: bool,
                timeout: float) -> list[str]:
    """The remote graphs that pruning would delete; refuse a plan that looks like a mistake."""
    prefix = base_iri() + "graph/"
    present = sorted(remote.graph_counts(endpoint, prefix=prefix, timeout=timeout))
    doomed = [g for g in present if g not in known]
    suspicious = not known or (2 * len(doomed) > len(present) and len(doomed) > len(known))
    if doomed and not force and suspicious:
        where = f"the store {store.path}" if store.path is not None else "the store"
        what = "every one" if len(doomed) == len(present) else "more than half"
        raise RefusedError(
            f"{endpoint}: not pushed — --prune would delete {len(doomed)} of the {len(present)} "
            f"ruhrgraph graphs on the server ({what}), as {where} holds {len(known)} graphs; is "
            "--store (or RUHRGRAPH_STORE) the right store? Nothing was uploaded or deleted. If "
            "this is what you want, add --force-prune")
    return doomed


def push(store: Store, endpoint: str, *, gsp_url: str | None = None,
         graphs: list[str] | None = None, prune: bool = False, force_prune: bool = False,
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
        force_prune: prune even when that looks like a mistake (see above).
        timeout: seconds per HTTP request.
        retries: retries per upload on network errors and 5xx answers.
        user: user name for HTTP basic/digest authentication (e.g. Virtuoso's
            ``/sparql-graph-crud-auth``); ``password`` goes with it.
        password: see ``user``.
        progress: called with ``(graph IRI, triples)`` after each upload.

    Returns:
        A :class:`PushReport`.

    Raises:
        RefusedError: pruning would delete most remote graphs from a smaller or empty store (see
            ``force_prune``).
        EndpointError: the server is unreachable, refuses an upload, or reports other triple
            counts than the store has (the message lists the graphs that differ).
    """
    started = time.perf_counter()
    gsp = gsp_url or remote.default_gsp_url(endpoint)
    names = graphs if graphs is not None else [*store.graphs(), derived_graph()]
    known = {*store.graphs(), derived_graph()}
    unknown = [g for g in names if g not in known]
    if unknown:
        raise EndpointError(f"{endpoint}: not pushed — the store has no graph {unknown[0]}")
    # Probe before uploading anything, so that a wrong URL fails at once with a clear message.
    remote.ask(endpoint, "ASK { }", timeout=timeout)
    report = PushReport(endpoint=endpoint, gsp_url=gsp)
    doomed = _prune_plan(store, endpoint, known, force=force_prune, timeout=timeout) if prune else []
    local: dict[str, int] = {}
    for graph in names:
        body = _ntriples(store, graph)
        local[graph] = store.quad_count(graph) if graph != derived_graph() else body.count(b"\n")
        remote.put_graph(gsp, graph, body, timeout=timeout, retries=retries, user=user,
                         password=password)
        if progress is not None:
            progress(graph, local[graph])
    for graph in doomed:
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
