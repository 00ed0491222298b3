"""A cheap pre-check of SPARQL text before it reaches the engine (private helper of the server).

Oxigraph's parser is recursive: a query nested a few thousand levels deep overflows its stack
and kills the process (measured: 3,000 nested ``{`` segfault pyoxigraph 0.5). So the public
endpoint scans the text first with a linear-time tokenizer that knows SPARQL's strings, IRIs
and comments, and refuses:

* text longer than ``max_bytes`` (400) and brackets nested deeper than ``max_depth`` (400);
* updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP`` … as the operation) (403);
* ``SERVICE`` anywhere (403) — federated queries would make the server a proxy;
* ``FROM`` / ``FROM NAMED`` naming a graph outside the local dataset (403).

It is not a parser: what it lets through can still be a syntax error, which the engine reports.
Every token pattern always matches (an unterminated string runs to the end of its line or of the
text), so the scan is linear in the length of the text whatever it contains.

Example::

    >>> check_query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", local_base="https://w3id.org/ruhrgraph/").form
    'SELECT'
    >>> try:
    ...     check_query("INSERT DATA { <a:b> <a:c> <a:d> }", local_base="x:")
    ... except QueryRefused as exc:
    ...     print(exc.status, exc)
    403 this endpoint is read-only: INSERT is an update operation
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"})
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                          "WITH"})

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\n\r]*)
    | (?P<lstring>'''(?:(?:'|'')?(?:[^'\\]|\\.?))*(?:'''|\Z)
                 |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.?))*(?:\"\"\"|\Z))
    | (?P<string>'(?:[^'\\\n\r]|\\[^\n\r]?)*(?:'|(?=[\n\r])|\Z)
                |"(?:[^"\\\n\r]|\\[^\n\r]?)*(?:"|(?=[\n\r])|\Z))
    | (?P<var>[?$][^\s{}()\[\].,;]+)
    | (?P<word>[A-Za-z_\u00C0-\uFFFF][\w\-.\u00B7\u00C0-\uFFFF]*(?::[^\s{}()\[\],;"'<>]*)?
              |:[^\s{}()\[\],;"'<>]*)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryRefused(Exception):
    """The query is refused before execution; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    """What the pre-check accepts."""

    max_bytes: int = 100_000
    max_depth: int = 64


@dataclass(frozen=True)
class QueryInfo:
    """What the pre-check learnt: the query form and the graphs named by ``FROM``."""

    form: str
    from_graphs: tuple[str, ...] = field(default=())
    from_named: tuple[str, ...] = field(default=())


def check_query(text: str, *, local_base: str, limits: Limits | None = None) -> QueryInfo:
    """Scan ``text``; return :class:`QueryInfo` or raise :class:`QueryRefused`."""
    limits = limits or Limits()
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise QueryRefused(f"query too long: {size} bytes (this endpoint accepts at most {limits.max_bytes})")
    if "\x00" in text:
        raise QueryRefused("query contains a NUL character")
    depth = 0
    form = ""
    prefixes: dict[str, str] = {}
    base = ""
    state = ""  # "PREFIX", "PREFIX <name>", "BASE", "FROM", "FROM NAMED" while reading those clauses
    from_graphs: list[str] = []
    from_named: list[str] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "open":
            depth += 1
            if depth > limits.max_depth:
                raise QueryRefused(
                    f"query nested too deeply (more than {limits.max_depth} levels of brackets)")
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind == "word" and ":" not in value:
            upper = value.upper()
            if state == "FROM" and upper == "NAMED":
                state = "FROM NAMED"
                continue
            if not form and upper in UPDATE_FORMS:
                raise QueryRefused(f"this endpoint is read-only: {upper} is an update operation", 403)
            if not form and upper in QUERY_FORMS:
                form = upper
            if upper == "SERVICE":
                raise QueryRefused("SERVICE (federated query) is not allowed on this endpoint", 403)
            if upper in ("PREFIX", "BASE", "FROM"):
                state = upper
                continue
        elif state == "PREFIX" and kind == "word":
            state = "PREFIX " + value.partition(":")[0]
            continue
        elif state.startswith("PREFIX ") and kind == "iri":
            prefixes[state[len("PREFIX "):]] = value[1:-1]
        elif state == "BASE" and kind == "iri":
            base = value[1:-1]
        elif state.startswith("FROM") and kind in ("iri", "word"):
            iri = _expand(value, prefixes, base)
            if iri is None or not iri.startswith(local_base):
                raise QueryRefused(
                    f"{state} {value}: only graphs of this dataset (IRIs under {local_base}) may be "
                    "named; remote FROM is not allowed", 403)
            (from_named if state == "FROM NAMED" else from_graphs).append(iri)
        state = ""
    if not form:
        raise QueryRefused("not a SPARQL query: expected SELECT, CONSTRUCT, ASK or DESCRIBE")
    return QueryInfo(form=form, from_graphs=tuple(from_graphs), from_named=tuple(from_named))


def _expand(token: str, prefixes: dict[str, str], base: str) -> str | None:
    """The absolute IRI of an ``<iri>`` or ``prefix:local`` token, ``None`` when unknown."""
    if token.startswith("<"):
        iri = token[1:-1]
        if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", iri):
            return iri
        return base + iri if base else None
    prefix, _, local = token.partition(":")
    if prefix not in prefixes:
        return None
    return prefixes[prefix] + local


def check_graph_uris(uris: list[str], *, local_base: str) -> None:
    """Refuse protocol ``default-graph-uri`` / ``named-graph-uri`` values outside the dataset."""
    for uri in uris:
        if not uri.startswith(local_base):
            raise QueryRefused(f"graph {uri!r}: only graphs of this dataset (under {local_base}) may be "
                               "named; remote graphs are not loaded", 403)
