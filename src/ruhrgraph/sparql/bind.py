"""Binding parameter values into SPARQL text, for the embedded store and remote endpoints alike.

Values are never pasted into a query as strings: each is an RDF term, serialised by rdflib
(``.n3()``) and written in place of a variable the query neither projects, assigns (``AS``) nor
tests with ``BOUND`` (:func:`bind_terms`) — a constant in the pattern is where Oxigraph's planner
starts, and some engines mis-evaluate ``VALUES`` joined with property paths — else bound by a
``VALUES`` row that opens the WHERE block (:func:`bind_values`). This module needs no network code,
so the embedded store's readers (``ruhrgraph query``) do not load it
(:mod:`ruhrgraph.store.remote` re-exports both functions).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ruhrgraph.errors import ParameterError
from ruhrgraph.sparql import guard

__all__ = ["bind_terms", "bind_values"]

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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


