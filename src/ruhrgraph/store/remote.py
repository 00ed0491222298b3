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

Example (needs a running server, hence not a doctest)::

    rows = select("http://127.0.0.1:7878/query", "SELECT ?s WHERE { ?s a ?type }",
                  bindings={"type": RG.University})
"""

from __future__ import annotations

import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ruhrgraph.errors import EndpointError, ParameterError
from ruhrgraph.sparql import guard

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for one HTTP answer."""
DEFAULT_RETRIES = 3
"""How often a failed Graph Store request is retried (network errors, 429 and 5xx answers)."""

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
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


# -- binding parameters --------------------------------------------------------------------
def _term_sparql(name: str, term: Node) -> str:
    if isinstance(term, BNode):
        raise ParameterError(f"parameter {name!r}: a blank node cannot be sent to a remote endpoint")
    if isinstance(term, URIRef | Literal):
        return term.n3()
    raise ParameterError(f"parameter {name!r}: {term!r} is not an RDF term")


def _top_level_braces(text: str) -> list[int]:
    """Positions of ``{`` that open a block at nesting depth 0 (strings, IRIs and comments skipped)."""
    return [t.start for t in guard.tokenize(text) if t.kind == "open" and t.text == "{" and t.depth == 0]


def bind_values(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """Bind variables by opening the query's WHERE block with a ``VALUES`` row.

    The values are serialised as RDF terms, so a parameter can never change the query's shape.

    >>> from rdflib import Literal
    >>> bind_values('SELECT ?s WHERE { ?s rdfs:label ?name }', {"name": Literal('A "B"', lang="de")})
    'SELECT ?s WHERE { VALUES (?name) { ("A \\\\"B\\\\""@de) } ?s rdfs:label ?name }'
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    for name in names:
        if not _VAR.match(name):
            raise ParameterError(f"{name!r} is not a SPARQL variable name")
    row = " ".join(_term_sparql(n, bindings[n]) for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    braces = _top_level_braces(sparql)
    index = 1 if guard.query_form(sparql) == "CONSTRUCT" and "WHERE" in sparql.upper() else 0
    if len(braces) <= index:
        raise ParameterError("cannot bind parameters: the query has no WHERE block")
    at = braces[index] + 1
    return sparql[:at] + " " + block + sparql[at:].lstrip()


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are query code, not strings, IRIs or comments."""
    spans: list[tuple[int, int]] = []
    start = 0
    for tok in guard.tokenize(text):
        if tok.kind in ("comment", "string", "lstring", "iri"):
            spans.append((start, tok.start))
            start = tok.start + len(tok.text)
    spans.append((start, len(text)))
    return spans


_VAR_TOKEN = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_HEADS = re.compile(r"\b(SELECT|VALUES)\b|\b(?:AS|BOUND\s*\()\s*[?$]([A-Za-z_][A-Za-z0-9_]*)",
                    re.IGNORECASE)


def _unsafe_variables(code: str) -> set[str]:
    """Variables that a query projects, binds with ``AS``, tests with ``BOUND`` or lists in a
    ``VALUES`` header: those cannot be replaced by a constant in the text."""
    unsafe: set[str] = set()
    for m in _HEADS.finditer(code):
        if m.group(2):
            unsafe.add(m.group(2))
            continue
        stop = code.find("{", m.end())
        head = code[m.end(): stop if stop >= 0 else len(code)]
        if m.group(1).upper() == "SELECT":  # up to WHERE or the block
            where = re.search(r"\bWHERE\b", head, re.IGNORECASE)
            head = head[: where.start()] if where else head
        unsafe.update(v.group(1) for v in _VAR_TOKEN.finditer(head))
    return unsafe


def bind_terms(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """Bind variables for a remote endpoint: write the RDF term in place of each occurrence of a
    variable the query neither projects nor assigns, and bind the others with :func:`bind_values`.

    Some engines mis-evaluate ``VALUES`` joined with property paths (Virtuoso 7.2 returns no row
    for ``VALUES ?c {…} ?v rg:origin|rg:delegation/rg:origin ?c``), while a constant in the
    pattern works everywhere. The terms are serialised as RDF terms, never as raw text.

    >>> from rdflib import URIRef
    >>> bind_terms("SELECT ?v WHERE { ?v <http://p> ?c }", {"c": URIRef("http://c")})
    'SELECT ?v WHERE { ?v <http://p> <http://c> }'
    >>> bind_terms("SELECT ?c WHERE { ?v <http://p> ?c }", {"c": URIRef("http://c")})
    'SELECT ?c WHERE { VALUES (?c) { (<http://c>) } ?v <http://p> ?c }'
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not _VAR.match(name):
            raise ParameterError(f"{name!r} is not a SPARQL variable name")
    spans = _code_spans(sparql)
    code = " ".join(sparql[a:b] for a, b in spans)
    unsafe = _unsafe_variables(code)
    inline = {n: _term_sparql(n, t) for n, t in bindings.items()
              if n not in unsafe and not isinstance(t, BNode)}
    rest = {n: t for n, t in bindings.items() if n not in inline}
    out: list[str] = []
    previous = 0
    for a, b in spans:
        out.append(sparql[previous:a])
        out.append(_VAR_TOKEN.sub(lambda m: inline.get(m.group(1), m.group(0)), sparql[a:b]))
        previous = b
    out.append(sparql[previous:])
    return bind_values("".join(out), rest)


# -- queries ---------------------------------------------------------------------------------
def _json_term(value: dict[str, str]) -> Node:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    lang = value.get("xml:lang")
    if lang:
        return Literal(text, lang=lang)
    datatype = value.get("datatype")
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


def _request_query(endpoint: str, sparql: str, timeout: float) -> tuple[dict[str, Any], dict[str, str]]:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(max(1, round(timeout)))
    try:
        result = client.query()
        headers = {k: v for k, v in result.response.headers.items()}
        body = result.response.read()
    except SPARQLWrapperException as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise EndpointError(f"{endpoint}: the endpoint rejected the query: "
                            f"{str(detail).strip()[:500]}") from None
    except urllib.error.HTTPError as exc:
        raise EndpointError(f"{endpoint}: HTTP {exc.code} {exc.reason}") from None
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        raise EndpointError(f"{endpoint}: endpoint unreachable or too slow "
                            f"({_reason(exc)}); check the URL and that the server runs") from None
    try:
        return json.loads(body.decode("utf-8")), headers
    except (UnicodeDecodeError, ValueError) as exc:
        raise EndpointError(f"{endpoint}: the answer is not SPARQL JSON results ({exc}); "
                            "is this the query URL of a SPARQL endpoint?") from None


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
    variables = list(data.get("head", {}).get("vars", []))
    rows = [{name: _json_term(value) for name, value in binding.items()}
            for binding in data["results"].get("bindings", [])]
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
    return bool(data["boolean"])


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
    """A tiny HTTP client with optional basic/digest authentication, timeouts and retries."""

    def __init__(self, user: str | None = None, password: str | None = None, *,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 backoff: float = 0.5) -> None:
        handlers: list[urllib.request.BaseHandler] = []
        if user:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, "http://", user, password or "")  # type: ignore[arg-type]
            manager.add_password(None, "https://", user, password or "")  # type: ignore[arg-type]
            handlers += [urllib.request.HTTPDigestAuthHandler(manager),
                         urllib.request.HTTPBasicAuthHandler(manager)]
        self._opener = urllib.request.build_opener(*handlers)
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
                with self._opener.open(request, timeout=self.timeout) as response:
                    response.read()
                    return int(response.status)
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace").strip()[:300]
                last = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
                if exc.code == 404 and method == "DELETE":
                    return 404
                if exc.code != 429 and exc.code < 500:
                    break
            except (TimeoutError, urllib.error.URLError, OSError) as exc:
                last = _reason(exc)
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
