"""Conversion between rdflib terms and pyoxigraph terms (private helper of the store), and rdflib
triples as N-Triples lines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """The triples as N-Triples lines (the input of :meth:`Store.replace_graph_lines`)."""
    return [f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in triples]


_IRI_TEXT: dict[str, str] = {}


def _nt(term: Node) -> str:
    """``term`` in N-Triples; an IRI's text is kept (the same IRIs recur in every article), after
    pyoxigraph has checked it once."""
    if type(term) is URIRef:
        key = str.__str__(term)
        text = _IRI_TEXT.get(key)
        if text is None:
            text = str(ox.NamedNode(key))
            if len(_IRI_TEXT) < 100_000:
                _IRI_TEXT[key] = text
        return text
    return str(to_ox(term))
