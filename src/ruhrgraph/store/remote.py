"""Remote SPARQL 1.1 endpoints: queries through SPARQLWrapper, graphs through the Graph Store Protocol.

For users who outgrow one machine, the store can be pushed to any SPARQL 1.1 server
(:mod:`ruhrgraph.store.push`) and saved queries can run against it (``--endpoint URL``). Tested
against ``oxigraph serve`` and Virtuoso 7.

* :func:`select` / :func:`ask` run a query with a timeout; parameters are bound as RDF terms in
  a ``VALUES`` block (never pasted into the query text as strings). A result that the server
  capped (Virtuoso's ``ResultSetMaxRows``) or cut short (an "anytime" query that hit its time
  limit) raises :class:`~ruhrgraph.errors.EndpointError` instead of being used silently;
  ``allow_partial=True`` returns it with :attr:`RemoteRows.notice` set.
* :func:`put_graph` / :func:`delete_graph` speak the Graph Store Protocol with percent-encoded
  graph IRIs, timeouts and retries with back-off on network errors and 5xx answers.

Every failure is an :class:`~ruhrgraph.errors.EndpointError` whose message names the URL.

``timeout`` bounds a whole request — connecting, sending, and reading the complete answer — not
each socket read: a server that drips one byte a second is cut off when the time is up (a
watchdog shuts the connection down). Answers are read up to :data:`MAX_RESPONSE_BYTES` (64 MiB;
``RUHRGRAPH_MAX_RESPONSE_MB`` changes it) and parsed strictly: an ASK answer must hold a JSON
``true``/``false``, a SELECT answer ``head.vars`` and ``results.bindings`` of well-formed terms;
anything else is an :class:`~ruhrgraph.errors.EndpointError` saying what was wrong. SPARQLWrapper
builds each query request (the SPARQL 1.1 Protocol's form-encoded POST); the same small client as
the Graph Store requests sends it, under that deadline and cap.

Example (needs a running server, hence not a doctest)::

    rows = select("http://127.0.0.1:7878/query", "SELECT ?s WHERE { ?s a ?type }",
                  bindings={"type": RG.University})
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ruhrgraph.errors import EndpointError
from ruhrgraph.sparql.bind import bind_terms, bind_values  # noqa: F401  (bind_values: re-exported)

DEFAULT_TIMEOUT = 30.0
"""Seconds one HTTP request may take in all (connecting, sending, reading the whole answer)."""
MAX_RESPONSE_BYTES = int(float(os.environ.get("RUHRGRAPH_MAX_RESPONSE_MB") or 64) * 1024 * 1024)
"""The largest answer read from an endpoint; a larger one is refused, not buffered."""
DEFAULT_RETRIES = 3
"""How often a failed Graph Store request is retried (network errors, 429 and 5xx answers)."""

_IRI_REF = re.compile(r'<[^<>"{}|^`\\\s]*>')
_KEYWORD = re.compile(r"[A-Za-z]+")


class RemoteRows(list[dict[str, Node]]):
    """Rows of a remote SELECT (dicts of rdflib terms, unbound variables left out).

    Attributes:
        variables: the projected variable names, in order.
        endpoint: the URL that answered.
        notice: why the result is incomplete (capped or timed out), or ``""`` when it is complete.
    """

    def __init__(self, rows: list[dict[str, Node]], variables: list[str], endpoint: str,
                 notice: str = "") -> None:
        super().__init__(rows)
        self.variables = variables
        self.endpoint = endpoint
        self.notice = notice

    @property
    def complete(self) -> bool:
        """``True`` unless the server said the result was capped or cut short."""
        return not self.notice


# -- HTTP with a deadline for the whole request ---------------------------------------------------
_current = threading.local()


class _Deadline:
    """Shuts down the connections of one request (and its redirects, auth retries) when ``seconds``
    have passed, so that a slow or dripping server cannot hold a reader past the deadline."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.deadline = None

    def remaining(self) -> float:
        return max(0.01, self.end - time.monotonic())

    def register(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _connect(connection: http.client.HTTPConnection, connect: Any) -> None:
    deadline: _Deadline | None = getattr(_current, "deadline", None)
    if deadline is not None:
        connection.timeout = deadline.remaining()
    connect()
    if deadline is not None:
        deadline.register(connection.sock)


class _HTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        _connect(self, super().connect)


class _HTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        _connect(self, super().connect)


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req, context=getattr(self, "_context", None))


def _opener(user: str | None = None, password: str | None = None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_HTTPHandler(), _HTTPSHandler()]
    if user:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, "http://", user, password or "")  # type: ignore[arg-type]
        manager.add_password(None, "https://", user, password or "")  # type: ignore[arg-type]
        handlers += [urllib.request.HTTPDigestAuthHandler(manager),
                     urllib.request.HTTPBasicAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


class _TimedOut(Exception):
    pass


def _read_limited(response: Any, url: str, limit: int) -> bytes:
    length = response.headers.get("Content-Length", "") if response.headers is not None else ""
    if length.isdigit() and int(length) > limit:
        raise EndpointError(f"{url}: the answer is {int(length) / 1048576:.0f} MiB, more than the "
                            f"{limit / 1048576:.0f} MiB ruhrgraph reads; narrow the query (LIMIT, filters) "
                            "or raise RUHRGRAPH_MAX_RESPONSE_MB")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise EndpointError(f"{url}: the answer is larger than the {limit / 1048576:.0f} MiB ruhrgraph "
                                "reads; narrow the query (LIMIT, filters) or raise RUHRGRAPH_MAX_RESPONSE_MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _exchange(opener: urllib.request.OpenerDirector, request: urllib.request.Request, timeout: float,
              limit: int | None = None) -> tuple[int, str, dict[str, str], bytes]:
    """Send ``request``; return status, reason, headers and the whole body, all within ``timeout``
    seconds. HTTP error statuses are returned, not raised; network failures raise ``OSError`` or
    ``http.client.HTTPException``, the deadline :class:`_TimedOut`."""
    limit = MAX_RESPONSE_BYTES if limit is None else limit
    with _Deadline(timeout) as deadline:
        try:
            try:
                response: Any = opener.open(request, timeout=timeout)
            except urllib.error.HTTPError as exc:
                response = exc
            with response:
                status = int(getattr(response, "code", None) or response.status)
                reason = str(getattr(response, "reason", "") or "")
                headers = {k: v for k, v in (response.headers or {}).items()}
                body = _read_limited(response, request.full_url, limit)
        except (OSError, http.client.HTTPException):
            if deadline.expired:
                raise _TimedOut() from None
            raise
        if deadline.expired:  # the body may have been cut short by the watchdog
            raise _TimedOut()
    return status, reason, headers, body


# -- queries ---------------------------------------------------------------------------------
_TERM_TYPES = ("uri", "bnode", "literal", "typed-literal")


def _json_term(endpoint: str, name: str, value: object) -> Node:
    if not isinstance(value, dict) or value.get("type") not in _TERM_TYPES \
            or not isinstance(value.get("value"), str):
        raise EndpointError(f"{endpoint}: malformed SPARQL JSON results: the value of ?{name} is "
                            f"{json.dumps(value)[:200]}, not an RDF term (type uri, bnode or literal "
                            "with a string value)")
    kind = value["type"]
    text = value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    lang = value.get("xml:lang")
    datatype = value.get("datatype")
    if (lang is not None and not isinstance(lang, str)) or (datatype is not None and not isinstance(datatype, str)):
        raise EndpointError(f"{endpoint}: malformed SPARQL JSON results: the literal of ?{name} has a "
                            f"language or datatype that is not a string: {json.dumps(value)[:200]}")
    if lang:
        return Literal(text, lang=lang)
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(text, datatype=URIRef(datatype))
    return Literal(text)


def _incomplete(headers: Mapping[str, str], rows: int) -> str:
    state = headers.get("X-SQL-State", "")
    if state:
        message = headers.get("X-SQL-Message", "").strip()
        return f"the endpoint returned a partial result ({state}: {message or 'time limit reached'})"
    cap = headers.get("X-SPARQL-MaxRows", "")
    if cap.isdigit() and rows >= int(cap):
        return f"the endpoint capped the result at {cap} rows (its ResultSetMaxRows setting)"
    return ""


def _query_request(endpoint: str, sparql: str) -> urllib.request.Request:
    """The SPARQL 1.1 Protocol request for ``sparql``, as SPARQLWrapper builds it (form-encoded POST,
    JSON results); :func:`_exchange` sends it under one deadline for the whole answer."""
    from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper

    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(sparql)
    wrapper.setMethod(POST)
    wrapper.setRequestMethod(URLENCODED)
    wrapper.setReturnFormat(JSON)
    request: urllib.request.Request = wrapper._createRequest()  # the request, without SPARQLWrapper's own send
    return request


def _request_query(endpoint: str, sparql: str, timeout: float) -> tuple[dict[str, Any], dict[str, str]]:
    try:
        request = _query_request(endpoint, sparql)
    except Exception as exc:  # SPARQLWrapper refuses a malformed endpoint URL or query
        raise EndpointError(f"{endpoint}: cannot build the query request ({exc})") from None
    try:
        status, reason, headers, body = _exchange(_opener(), request, timeout)
    except _TimedOut:
        raise EndpointError(f"{endpoint}: no complete answer within {timeout:g} s (the time allowed for "
                            "the whole request); allow more with --timeout or narrow the query") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise EndpointError(f"{endpoint}: endpoint unreachable or too slow "
                            f"({_reason(exc)}); check the URL and that the server runs") from None
    if status >= 400:
        detail = body.decode("utf-8", "replace").strip()[:500]
        raise EndpointError(f"{endpoint}: the endpoint rejected the query (HTTP {status} {reason})"
                            + (f": {detail}" if detail else ""))
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise EndpointError(f"{endpoint}: the answer is not SPARQL JSON results ({exc}); "
                            "is this the query URL of a SPARQL endpoint?") from None
    if not isinstance(data, dict):
        raise EndpointError(f"{endpoint}: the answer is not SPARQL JSON results (a JSON "
                            f"{type(data).__name__}, not an object); is this the query URL of a SPARQL "
                            "endpoint?")
    return data, headers


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return str(exc.reason)
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__


def select(endpoint: str, sparql: str, bindings: Mapping[str, Node] | None = None, *,
           timeout: float = DEFAULT_TIMEOUT, allow_partial: bool = False) -> RemoteRows:
    """Run a SELECT query on a remote endpoint.

    Args:
        endpoint: the query URL (``http://host:7878/query`` for Oxigraph, ``…/sparql`` for Virtuoso).
        sparql: the query text.
        bindings: values for variables, bound as RDF terms (see :func:`bind_terms`).
        timeout: seconds to wait for the answer.
        allow_partial: return a capped or cut-short result (with :attr:`RemoteRows.notice`)
            instead of raising.

    Returns:
        The rows as dicts of rdflib terms.

    Raises:
        EndpointError: the endpoint is unreachable, too slow, rejects the query, answers
            something that is not SPARQL results, or capped the result (unless ``allow_partial``).
    """
    data, headers = _request_query(endpoint, bind_terms(sparql, bindings), timeout)
    if "results" not in data:
        raise EndpointError(f"{endpoint}: expected SELECT results, got {sorted(data)}")
    head, results = data.get("head", {}), data["results"]
    variables = head.get("vars", []) if isinstance(head, dict) else None
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise EndpointError(f"{endpoint}: malformed SPARQL JSON results: head.vars is "
                            f"{json.dumps(variables)[:200]}, not a list of variable names")
    bindings_list = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings_list, list) or not all(isinstance(b, dict) for b in bindings_list):
        raise EndpointError(f"{endpoint}: malformed SPARQL JSON results: results.bindings is not a "
                            "list of objects")
    rows = [{name: _json_term(endpoint, name, value) for name, value in binding.items()}
            for binding in bindings_list]
    notice = _incomplete(headers, len(rows))
    if notice and not allow_partial:
        raise EndpointError(f"{endpoint}: {notice}; refusing to use an incomplete result — "
                            "narrow the query (LIMIT, filters) or raise the server's limit")
    return RemoteRows(rows, variables, endpoint, notice)


def ask(endpoint: str, sparql: str, bindings: Mapping[str, Node] | None = None, *,
        timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Run an ASK query on a remote endpoint."""
    data, _ = _request_query(endpoint, bind_terms(sparql, bindings), timeout)
    if "boolean" not in data:
        raise EndpointError(f"{endpoint}: expected an ASK answer, got {sorted(data)}")
    if not isinstance(data["boolean"], bool):
        raise EndpointError(f"{endpoint}: malformed ASK answer: \"boolean\" is "
                            f"{json.dumps(data['boolean'])[:100]}, not true or false")
    return data["boolean"]


# -- Graph Store Protocol -----------------------------------------------------------------
def default_gsp_url(endpoint: str) -> str:
    """Guess the Graph Store URL of a query endpoint (Oxigraph ``/query`` → ``/store``,
    Virtuoso ``/sparql`` → ``/sparql-graph-crud``).

    >>> default_gsp_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    >>> default_gsp_url("http://localhost:8890/sparql")
    'http://localhost:8890/sparql-graph-crud'
    """
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        new = path[: -len("/query")] + "/store"
    elif path.endswith("/sparql"):
        new = path + "-graph-crud"
    else:
        raise EndpointError(f"{endpoint}: cannot guess the Graph Store Protocol URL of this "
                            "endpoint; pass it with --gsp URL")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))


def graph_url(gsp_url: str, graph: str) -> str:
    """The Graph Store URL of one named graph, its IRI percent-encoded.

    >>> graph_url("http://h/store", "https://w3id.org/ruhrgraph/graph/article/a?b=c")
    'http://h/store?graph=https%3A%2F%2Fw3id.org%2Fruhrgraph%2Fgraph%2Farticle%2Fa%3Fb%3Dc'
    """
    sep = "&" if urllib.parse.urlsplit(gsp_url).query else "?"
    return f"{gsp_url}{sep}graph={urllib.parse.quote(graph, safe='')}"


class _Http:
    """A tiny HTTP client with optional basic/digest authentication, a deadline per request and
    retries."""

    def __init__(self, user: str | None = None, password: str | None = None, *,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 backoff: float = 0.5) -> None:
        self._opener = _opener(user, password)
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff

    def send(self, method: str, url: str, body: bytes | None = None,
             content_type: str | None = None) -> int:
        """Send one request; return the status. Retries network errors, 429 and 5xx."""
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            request = urllib.request.Request(url, data=body, method=method)
            if content_type:
                request.add_header("Content-Type", content_type)
            try:
                status, reason, _, answer = _exchange(self._opener, request, self.timeout)
            except _TimedOut:
                last = f"no complete answer within {self.timeout:g} s"
                continue
            except (OSError, http.client.HTTPException) as exc:
                last = _reason(exc)
                continue
            if status < 400:
                return status
            detail = answer.decode("utf-8", "replace").strip()[:300]
            last = f"HTTP {status} {reason}" + (f": {detail}" if detail else "")
            if status == 404 and method == "DELETE":
                return 404
            if status != 429 and status < 500:
                break
        tries = "once" if self.retries == 0 else f"{self.retries + 1} times"
        raise EndpointError(f"{url}: {method} failed ({last}); tried {tries}")


def put_graph(gsp_url: str, graph: str, ntriples: bytes, *, timeout: float = DEFAULT_TIMEOUT,
              retries: int = DEFAULT_RETRIES, user: str | None = None,
              password: str | None = None) -> int:
    """Replace a named graph on a Graph Store endpoint by ``ntriples`` (HTTP PUT); return the status.

    N-Triples is sent as ``text/turtle`` (it is valid Turtle), which every Graph Store accepts.
    """
    http = _Http(user, password, timeout=timeout, retries=retries)
    return http.send("PUT", graph_url(gsp_url, graph), ntriples, "text/turtle; charset=utf-8")


def delete_graph(gsp_url: str, graph: str, *, timeout: float = DEFAULT_TIMEOUT,
                 retries: int = DEFAULT_RETRIES, user: str | None = None,
                 password: str | None = None) -> bool:
    """Delete a named graph on a Graph Store endpoint; ``False`` when it did not exist."""
    http = _Http(user, password, timeout=timeout, retries=retries)
    return http.send("DELETE", graph_url(gsp_url, graph)) != 404


def graph_counts(endpoint: str, graphs: list[str] | None = None, *, prefix: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> dict[str, int]:
    """Triples per named graph on the endpoint: the given ``graphs``, or every graph whose IRI
    starts with ``prefix`` (graphs without triples are left out)."""
    counts: dict[str, int] = {}
    if graphs is None:
        filt = f"FILTER(STRSTARTS(STR(?g), {Literal(prefix or '').n3()}))"
        page = 500
        offset = 0
        while True:  # paged, so that a server's row cap never truncates the listing
            rows = select(endpoint, f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                          f"{filt} }} GROUP BY ?g ORDER BY ?g LIMIT {page} OFFSET {offset}",
                          timeout=timeout)
            counts.update((str(r["g"]), int(r["n"])) for r in rows)  # type: ignore[call-overload]
            if len(rows) < page:
                return counts
            offset += page
    for i in range(0, len(graphs), 100):
        values = " ".join(URIRef(g).n3() for g in graphs[i:i + 100])
        rows = select(endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { " + values
                      + " } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", timeout=timeout)
        counts.update((str(r["g"]), int(r["n"])) for r in rows)  # type: ignore[call-overload]
    return counts
