"""Paged saved queries: grlc's ``#+ pagination: N`` header and the ``page`` parameter.

A review queue can hold thousands of rows (``low-confidence-statements``: 16,000 statements below
0.8 on a store of 10,000 articles); a steward reads them a page at a time. A saved query whose
header says ``#+ pagination: 100`` shows 100 at a time and takes the optional parameter ``page``
(1, 2, … ; default 1), as in grlc, which appends ``LIMIT 100 OFFSET (page - 1) * 100`` to the query.
ruhrgraph does the same — unless the query's text already holds the clause ``LIMIT 100``, for
instance in a subquery that picks the page's statements before anything is joined to them (the
fast way: the engine then joins 100 statements, not 16,000, and sorts only the keys). Then the
``OFFSET`` goes after that clause, so page 1 is the query exactly as written (what another engine
or grlc runs) and page ``n`` skips the ``(n - 1) * 100`` rows before it. See decision 0012.

>>> paged("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 10, 3)
'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\\nLIMIT 10 OFFSET 20'
>>> paged("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10 } ?s ?q ?r }", 10, 2)
'SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10 OFFSET 10 } ?s ?q ?r }'
"""

from __future__ import annotations

from typing import Any

from ruhrgraph.errors import QueryError
from ruhrgraph.sparql import guard

PAGE = "page"
"""The parameter that picks the page (grlc's name)."""


def page_size(value: Any, text: str, where: str) -> int | None:
    """The page size of a ``#+ pagination:`` header value (``None`` without one), checked against
    the query ``text``: a whole number from 1, and at most one ``LIMIT`` of that size, with no
    ``OFFSET`` of its own.

    Raises:
        QueryError: naming ``where`` (the file).
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise QueryError(f"{where}: 'pagination' must be a whole number of rows per page, such as 100")
    clauses = _limits(text, value)
    if len(clauses) > 1:
        raise QueryError(f"{where}: 'pagination: {value}' but the query has {len(clauses)} clauses "
                         f"LIMIT {value}; keep one, the one that makes the page")
    if clauses and clauses[0][1]:
        raise QueryError(f"{where}: the LIMIT {value} of 'pagination: {value}' has an OFFSET; ruhrgraph "
                         "writes the OFFSET of each page there")
    return value


def _limits(text: str, size: int) -> list[tuple[int, bool]]:
    """``(end offset, followed by OFFSET)`` of each ``LIMIT <size>`` in the query's code."""
    tokens = guard.significant(guard.tokenize(text))
    out = []
    for i, token in enumerate(tokens[:-1]):
        number = tokens[i + 1]
        if token.text.upper() == "LIMIT" and number.kind == "number" and number.text.isdigit() \
                and int(number.text) == size:
            follows = i + 2 < len(tokens) and tokens[i + 2].text.upper() == "OFFSET"
            out.append((number.start + len(number.text), follows))
    return out


def paged(text: str, size: int, page: int) -> str:
    """The query ``text`` for page ``page`` (from 1) of ``size`` rows (see the module's text)."""
    skip = (page - 1) * size
    clauses = _limits(text, size)
    if not clauses:
        return f"{text.rstrip()}\nLIMIT {size} OFFSET {skip}"
    if skip == 0:
        return text
    end = clauses[0][0]
    return f"{text[:end]} OFFSET {skip}{text[end:]}"


def notice(count: int, size: int, page: int) -> str:
    """What a full page tells the reader ("" for the last page); ``count`` is the number of rows of
    the page (in a subquery page, the rows of its ``size`` items may be more)."""
    if count < size:
        return ""
    first = (page - 1) * size + 1
    return (f"page {page}: items {first}–{first + size - 1} ({size} a page); the next ones: "
            f"--param {PAGE}={page + 1}")
