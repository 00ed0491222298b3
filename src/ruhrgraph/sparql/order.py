"""Order the rows of a query on the embedded store in Python, the way Oxigraph orders them.

Oxigraph 0.5 reads the text of each ``ORDER BY`` key from the store's string table on *every
comparison* (upstream computes the keys once per row only after 0.5: commit 5507799d,
"spareval: compute ordering vector only once"). On the 10,000-article store ordering the
flagship's 1,309 rows on five label keys took 37 ms of its 97, and ordering 16,000 statements by
confidence and IRI 0.6 s. So when a query ends in a plain ``ORDER BY`` — projected variables,
each bare or in ``ASC(…)``/``DESC(…)``, with no ``LIMIT`` or ``OFFSET`` after it —
:func:`ruhrgraph.sparql.run.execute` asks Oxigraph for the rows without it (:func:`unordered`) and
orders them here (:class:`Sorter`), by the order Oxigraph uses:

* unbound < blank nodes < IRIs < literals; blank nodes and IRIs by their text;
* strings (``xsd:string``, language-tagged) by text, then datatype, then language tag;
* numbers (``xsd:integer``, ``xsd:decimal``) by value; ``xsd:double`` by value;
* dates (``xsd:date`` without a time zone) by value.

Oxigraph orders some mixtures in a way that is no total order (numbers among strings, a date
beside a date-time, an ``xsd:float`` beside an ``xsd:double``); a column holding such a mixture, or
a literal of another datatype, makes :meth:`Sorter.order` give up, and the query runs again as
written. Rows whose keys are all equal keep the engine's order (SPARQL leaves it open).

Example::

    >>> plan = unordered("SELECT ?s ?l WHERE { ?s ?p ?l } ORDER BY DESC(?l) ?s")
    >>> plan.text.strip(), plan.keys
    ('SELECT ?s ?l WHERE { ?s ?p ?l }', (('l', True), ('s', False)))
    >>> unordered("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10") is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from ruhrgraph.sparql.guard import significant, tokenize

_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRINGS = frozenset({f"{_XSD}string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
_EXACT = frozenset({f"{_XSD}integer", f"{_XSD}decimal"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STOP = frozenset({"LIMIT", "OFFSET"})


@dataclass(frozen=True)
class Plan:
    """A query to run without its final ``ORDER BY``, and the keys to order its rows by.

    Attributes:
        text: the query with the ``ORDER BY`` clause cut out.
        keys: ``(variable, descending)`` pairs, most significant first.
    """

    text: str
    keys: tuple[tuple[str, bool], ...]


def unordered(sparql: str) -> Plan | None:
    """The query without its top-level ``ORDER BY`` when every key is a variable (``?x``,
    ``ASC(?x)``, ``DESC(?x)``) and no ``LIMIT``/``OFFSET`` follows; else ``None`` (Oxigraph orders).
    """
    tokens = significant(tokenize(sparql))
    for i, tok in enumerate(tokens):
        if (tok.depth == 0 and tok.kind == "word" and tok.text.upper() == "ORDER" and i + 1 < len(tokens)
                and tokens[i + 1].kind == "word" and tokens[i + 1].text.upper() == "BY"):
            break
    else:
        return None
    keys: list[tuple[str, bool]] = []
    j = i + 2
    end = len(sparql)
    while j < len(tokens):
        tok = tokens[j]
        if tok.kind == "var":
            keys.append((tok.text[1:], False))
            j += 1
            continue
        word = tok.text.upper() if tok.kind == "word" else ""
        if word in ("ASC", "DESC") and j + 3 < len(tokens) and tokens[j + 1].text == "(" \
                and tokens[j + 2].kind == "var" and tokens[j + 3].text == ")":
            keys.append((tokens[j + 2].text[1:], word == "DESC"))
            j += 4
            continue
        if word == "VALUES":
            end = tok.start
            break
        return None  # an expression, LIMIT/OFFSET or anything else: Oxigraph orders
    if not keys or any(t.kind == "word" and t.text.upper() in _STOP and t.depth == 0 for t in tokens[j:]):
        return None
    return Plan(sparql[:tokens[i].start] + sparql[end:], tuple(keys))


class Unordered(Exception):
    """A value that this module cannot order exactly as Oxigraph does."""


def sort_key(term: Any) -> tuple[Any, ...]:
    """The ordering key of one pyoxigraph term (``None`` for unbound). Literals carry a class
    (``s`` strings, ``n`` exact numbers, ``d`` doubles, ``t`` dates) that must be the same for
    every literal of a column.

    Raises:
        Unordered: a literal of another datatype, a NaN, an RDF-star triple.
    """
    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    if not isinstance(term, ox.Literal):
        raise Unordered(repr(term))
    datatype = term.datatype.value
    if datatype in _STRINGS:
        return (3, "s", term.value, datatype, term.language or "")
    try:
        if datatype in _EXACT:
            return (3, "n", Decimal(term.value))
        if datatype == f"{_XSD}double":
            number = float(term.value)
            if number == number:  # not NaN
                return (3, "d", number)
    except (InvalidOperation, ValueError):
        pass
    if datatype == f"{_XSD}date" and _DATE.match(term.value):
        return (3, "t", term.value)
    raise Unordered(f"{term.value!r}^^<{datatype}>")


class Sorter:
    """Collects the key terms of each row (:meth:`add`) and orders the rows (:meth:`order`)."""

    def __init__(self, keys: Sequence[tuple[str, bool]], variables: Sequence[str]) -> None:
        self.keys = tuple(keys)
        self.positions = [variables.index(name) for name, _ in self.keys]
        self._rows: list[tuple[Any, ...]] = []
        self._cache: dict[Any, tuple[Any, ...]] = {}
        self.failed = False

    def add(self, values: Sequence[Any]) -> None:
        """Remember the key terms of one row (``values``: the row's terms in variable order)."""
        if self.failed:
            return
        cache = self._cache
        row = []
        for position in self.positions:
            term = values[position]
            key = cache.get(term)
            if key is None:
                try:
                    key = cache[term] = sort_key(term)
                except Unordered:
                    self.failed = True
                    return
            row.append(key)
        self._rows.append(tuple(row))

    def order(self, rows: list[Any]) -> list[Any] | None:
        """``rows`` (one per :meth:`add`, in the same order) ordered by the keys, or ``None`` when a
        column mixes classes of literals that Oxigraph does not order totally."""
        if self.failed or len(rows) != len(self._rows):
            return None
        for i in range(len(self.keys)):
            classes = {key[i][1] for key in self._rows if key[i][0] == 3}
            if len(classes) > 1:
                return None
        indexed = list(range(len(rows)))
        for i in reversed(range(len(self.keys))):  # stable sorts, least significant key first
            column = [key[i] for key in self._rows]
            indexed.sort(key=column.__getitem__, reverse=self.keys[i][1])
        return [rows[n] for n in indexed]
