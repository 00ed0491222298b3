"""Stewards' own read-only SPARQL, and the result type shared with saved queries.

``ruhrgraph sparql`` runs a query that a steward typed or keeps in a file, against the embedded
store (opened read-only) or a remote endpoint. Before anything reaches an engine the text is
checked by :func:`check_read_only` (the grammar-based guard of :mod:`ruhrgraph.sparql.guard`), which
refuses:

* updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``,
  ``COPY``, ``WITH``) anywhere in the text — some endpoints (Virtuoso) execute updates sent to
  their query URL;
* ``SERVICE`` (a federated query would fetch from other servers), Virtuoso's ``DEFINE`` pragmas
  (they can make it fetch remote documents) and ``FROM`` / ``FROM NAMED`` naming a graph that is
  not in the dataset — unless ``allow_remote=True`` (``--allow-remote``).

Every query runs with a timeout (:data:`DEFAULT_TIMEOUT` seconds). On the embedded store the
query is evaluated in a worker thread (pyoxigraph releases the GIL) and abandoned when the time
is up; against an endpoint the HTTP request times out.

Results are :class:`QueryResult` objects; :mod:`ruhrgraph.sparql.results` writes them (a text
table, SPARQL 1.1 Query Results JSON, CSV, Markdown, or for ``CONSTRUCT``/``DESCRIBE`` N-Triples
and Turtle).

Example::

    >>> from ruhrgraph.sparql.results import format_result
    >>> from ruhrgraph.store.local import Store
    >>> with Store.open(None) as store:
    ...     result = run_sparql("SELECT (1 + 1 AS ?two) WHERE {}", store=store)
    >>> format_result(result, "csv").splitlines()
    ['two', '2']
    >>> check_read_only("DROP ALL")
    Traceback (most recent call last):
    ...
    ruhrgraph.sparql.guard.QueryRefused: refused: DROP is an update operation; ruhrgraph only runs read-only queries
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from ruhrgraph.errors import QueryError
from ruhrgraph.iri import base_iri
from ruhrgraph.sparql import guard, order
from ruhrgraph.sparql.guard import QueryInfo
from ruhrgraph.store.local import Store
from ruhrgraph.terms import to_rdflib

DEFAULT_TIMEOUT = 30.0
"""Seconds a query may run before it is abandoned."""


def check_read_only(text: str, *, allow_remote: bool = False,
                    is_local_graph: Callable[[str], bool] | None = None) -> QueryInfo:
    """Refuse anything but a read-only query that stays inside the dataset (see
    :func:`ruhrgraph.sparql.guard.check`, the one guard of the CLI and the server).

    Args:
        text: the SPARQL text.
        allow_remote: let ``SERVICE``, ``DEFINE`` and ``FROM`` of other graphs through.
        is_local_graph: tells whether a ``FROM`` IRI names a graph of the dataset; by default a
            graph IRI under ``<base>graph/`` is local.

    Raises:
        QueryError: the text is empty, an update, not a query, or reaches beyond the dataset.
    """
    local = is_local_graph or guard.under(base_iri() + "graph/")
    return guard.check(text, guard.Policy(allow_remote=allow_remote, is_local_graph=local, max_bytes=sys.maxsize,
                                          hint="; pass --allow-remote if you mean it"))


# -- results --------------------------------------------------------------------------------
@dataclass(frozen=True)
class QueryResult:
    """The answer to a query.

    Attributes:
        variables: the projected variables, in order (``subject predicate object`` for
            CONSTRUCT/DESCRIBE, none for ASK).
        rows: one dict per solution, unbound variables left out.
        form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.
        boolean: the answer of an ASK query.
        name: the saved query that produced it ("" for an ad-hoc query).
        parameters: the parameter values as bound (RDF terms), by parameter name.
        source: where it ran: ``store <folder>`` or the endpoint URL.
        notice: why the result may be incomplete ("" when it is complete).
    """

    variables: tuple[str, ...]
    rows: tuple[dict[str, Node], ...]
    form: str = "SELECT"
    boolean: bool | None = None
    name: str = ""
    parameters: Mapping[str, Node] = field(default_factory=dict)
    source: str = ""
    notice: str = ""

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, variable: str) -> list[Node | None]:
        """The values of one variable, row by row (``None`` where unbound)."""
        return [row.get(variable) for row in self.rows]


# -- running --------------------------------------------------------------------------------
def _rows(answer: ox.QuerySolutions, names: tuple[str, ...], cancelled: threading.Event,
          sorter: order.Sorter | None = None) -> list[dict[str, Node]]:
    """The solutions as dicts of rdflib terms (unbound variables left out)."""
    rows: list[dict[str, Node]] = []
    converted: dict[Any, Node] = {}  # a label or IRI repeated on many rows is converted once
    for solution in answer:
        if cancelled.is_set():
            break
        values = tuple(solution)
        row: dict[str, Node] = {}
        for name, value in zip(names, values, strict=True):
            if value is not None:
                term = converted.get(value)
                if term is None:
                    term = converted[value] = to_rdflib(value)  # type: ignore[assignment]
                row[name] = term  # type: ignore[assignment]
        rows.append(row)
        if sorter is not None:
            sorter.add(values)
    return rows


def _evaluate(store: Store, sparql: str, bindings: Mapping[str, Node] | None,
              cancelled: threading.Event, union: bool = False, form: str = "", reorder: bool = True) -> QueryResult:
    """Run the query; a final plain ``ORDER BY`` is applied here rather than by Oxigraph
    (:mod:`ruhrgraph.sparql.order`), unless the rows hold values it cannot order exactly."""
    plan = order.unordered(sparql) if reorder and (form or guard.query_form(sparql)) == "SELECT" else None
    answer = store.query(plan.text if plan else sparql, bindings=dict(bindings) if bindings else None,
                         union=union)
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult((), (), form="ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        if plan is None:
            return QueryResult(names, tuple(_rows(answer, names, cancelled)), form="SELECT")
        if {name for name, _ in plan.keys} <= set(names):
            sorter = order.Sorter(plan.keys, names)
            ordered = sorter.order(_rows(answer, names, cancelled, sorter))
            if ordered is not None:
                return QueryResult(names, tuple(ordered), form="SELECT")
        # a key the query does not project, or values ordered otherwise: Oxigraph orders
        return _evaluate(store, sparql, bindings, cancelled, union, form, reorder=False)
    triples = []
    for triple in answer:
        if cancelled.is_set():
            break
        triples.append({"subject": to_rdflib(triple.subject), "predicate": to_rdflib(triple.predicate),
                        "object": to_rdflib(triple.object)})
    triples.sort(key=lambda t: (t["subject"].n3(), t["predicate"].n3(), t["object"].n3()))  # type: ignore[union-attr]
    return QueryResult(("subject", "predicate", "object"), tuple(triples), form="CONSTRUCT")  # type: ignore[arg-type]


def _run_embedded(store: Store, sparql: str, bindings: Mapping[str, Node] | None,
                  timeout: float | None, union: bool = False, form: str = "") -> QueryResult:
    cancelled = threading.Event()
    if not timeout or timeout <= 0:
        return _evaluate(store, sparql, bindings, cancelled, union, form)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = _evaluate(store, sparql, bindings, cancelled, union, form)
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    worker = threading.Thread(target=work, name="ruhrgraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        cancelled.set()
        raise QueryError(f"the query did not finish within {timeout:g} s and was abandoned; narrow it "
                         "(filters, LIMIT) or allow more time with --timeout")
    if "error" in box:
        error = box["error"]
        if isinstance(error, QueryError):
            raise error
        if isinstance(error, (SyntaxError, ValueError, RuntimeError, OSError)):
            raise QueryError(f"the query failed: {error}") from error
        raise error
    return box["result"]  # type: ignore[no-any-return]


def _run_remote(endpoint: str, sparql: str, form: str, bindings: Mapping[str, Node] | None,
                timeout: float | None) -> QueryResult:
    from ruhrgraph.store import remote

    seconds = timeout if timeout and timeout > 0 else remote.DEFAULT_TIMEOUT
    sparql = guard.strip_comments(sparql)
    if form == "ASK":
        answer = remote.ask(endpoint, sparql, bindings, timeout=seconds)
        return QueryResult((), (), form="ASK", boolean=answer, source=endpoint)
    if form != "SELECT":
        raise QueryError(f"{form} queries run on the embedded store only; against an endpoint use SELECT "
                         "or ASK")
    rows = remote.select(endpoint, sparql, bindings, timeout=seconds)
    return QueryResult(tuple(rows.variables), tuple(dict(r) for r in rows), form="SELECT", source=endpoint,
                       notice=rows.notice)


def execute(sparql: str, *, store: Store | None = None, endpoint: str | None = None,
            bindings: Mapping[str, Node] | None = None, timeout: float | None = DEFAULT_TIMEOUT,
            form: str | None = None, union: bool = False) -> QueryResult:
    """Run a query on the embedded ``store`` or a remote ``endpoint`` (exactly one of them), with
    ``bindings`` bound as RDF terms. No read-only check: see :func:`run_sparql` for untrusted text.
    The store's default graph holds every triple of its named graphs once; ``union=True`` reads the
    union of the named graphs instead (a triple once per graph that states it)."""
    if (store is None) == (endpoint is None):
        raise QueryError("give either a store or an endpoint to run the query on")
    form = form or guard.query_form(sparql)
    if endpoint is not None:
        return _run_remote(endpoint, sparql, form, bindings, timeout)
    assert store is not None
    result = _run_embedded(store, sparql, bindings, timeout, union, form)
    if result.form == "CONSTRUCT" and form == "DESCRIBE":
        result = QueryResult(result.variables, result.rows, form="DESCRIBE")
    return QueryResult(result.variables, result.rows, form=result.form, boolean=result.boolean,
                       source=f"store {store.path}" if store.path else "store (in memory)")


def run_sparql(text: str, *, store: Store | None = None, endpoint: str | None = None,
               allow_remote: bool = False, timeout: float | None = DEFAULT_TIMEOUT,
               union: bool = False) -> QueryResult:
    """Check that ``text`` is a read-only query (:func:`check_read_only`), then run it.

    On the embedded store, ``FROM`` may name the store's own graphs; against an endpoint, graphs
    under ``<base>graph/``.

    Raises:
        QueryError: the query is refused, has a syntax error or timed out.
        EndpointError: the endpoint failed.
    """
    local: Callable[[str], bool] | None = None
    if store is not None:
        graphs = set(store.graphs())
        local = graphs.__contains__
    info = check_read_only(text, allow_remote=allow_remote, is_local_graph=local)
    return execute(text, store=store, endpoint=endpoint, timeout=timeout, form=info.form, union=union)


def read_query_file(path: str | Path) -> str:
    """The text of a query file, with a clear error when it cannot be read."""
    from ruhrgraph.errors import ReadError

    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"cannot read the query: {exc}") from exc
