"""The query graph: the store's default graph holds every distinct triple of its named graphs once.

Each article is its own named graph (provenance), so the label, type and seat of an entity that
many articles mention are stored many times. Queries read the *default graph* instead, which
holds each triple of the union of the named graphs (articles, curation, analytics, reference
data) exactly once — a steward's plain ``SELECT`` returns no duplicate rows, and the saved
queries need no ``DISTINCT`` subqueries. ``GRAPH ?g { … }`` still sees the named graphs only.

Every change to a named graph goes through one SPARQL update (one Oxigraph transaction) built
here, which also changes the default graph:

* adding triples to a graph adds them to the default graph (a triple already there stays once);
* removing a graph's triples deletes them from the default graph only when no other named graph
  still holds them.

So the invariant *default graph = set union of the named graphs* holds after every committed
transaction, and an interrupted write (kill -9) leaves it intact. :func:`check` counts the
triples that break it; :func:`rebuild_update` restores it from the named graphs (a store written
by an older ruhrgraph has an empty default graph and is rebuilt once when opened for writing).

Example::

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.update(replace_update("https://example.org/a", ['<https://example.org/s> <https://example.org/p> "x" .']))
    >>> store.update(replace_update("https://example.org/b", ['<https://example.org/s> <https://example.org/p> "x" .']))
    >>> len(store)  # the triple in two named graphs and once in the default graph
    3
    >>> store.update(remove_update("https://example.org/a"))
    >>> check(store)
    (0, 0)
    >>> store.update(remove_update("https://example.org/b"))
    >>> len(store)
    0
"""

from __future__ import annotations

import re

import pyoxigraph as ox

SCRATCH = "urn:x-ruhrgraph:previous-content"
"""A named graph that exists only inside one update: the content of the graphs the update changes,
as it was before (see :func:`wrap_update`)."""


def _iri(graph: str) -> str:
    return str(ox.NamedNode(str(graph)))  # validates the IRI


def _forget(graph: str) -> str:
    """Delete from the default graph the triples of ``graph`` that no other named graph holds."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }}")


def replace_update(graph: str, lines: list[str]) -> str:
    """One SPARQL update replacing named graph ``graph`` by ``lines`` (N-Triples) and keeping the
    default graph equal to the union of the named graphs."""
    g = _iri(graph)
    parts = [_forget(g), f"DROP SILENT GRAPH {g}"]
    if lines:
        body = "\n".join(lines)
        # one INSERT DATA: a blank node label names the same node in both graphs
        parts.append(f"INSERT DATA {{\n{body}\nGRAPH {g} {{\n{body}\n}} }}")
    return " ;\n".join(parts)


def remove_update(graph: str) -> str:
    """One SPARQL update deleting named graph ``graph`` (see :func:`replace_update`)."""
    g = _iri(graph)
    return f"{_forget(g)} ;\nDROP SILENT GRAPH {g}"


_GRAPH_REF = re.compile(r"\b(?:GRAPH|WITH|INTO|TO|FROM|USING(?:\s+NAMED)?)\s*<([^>\s]*)>", re.IGNORECASE)
_VARIABLE_GRAPH = re.compile(r"\bGRAPH\s*[?$]|\b(?:CLEAR|DROP)\s+(?:SILENT\s+)?(?:ALL|NAMED|DEFAULT)\b",
                             re.IGNORECASE)


def touched_graphs(sparql: str) -> list[str] | None:
    """The named graphs a SPARQL update names (``GRAPH <g>``, ``WITH <g>``, ``INTO <g>`` …), or
    ``None`` when it may change graphs it does not name (``GRAPH ?g``, ``CLEAR ALL``) or the
    default graph itself (no graph named at all).

    >>> touched_graphs("DELETE WHERE { GRAPH <https://e.org/g> { ?s ?p ?o } }")
    ['https://e.org/g']
    >>> touched_graphs("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }") is None
    True
    """
    if _VARIABLE_GRAPH.search(sparql):
        return None
    names = sorted({m.group(1) for m in _GRAPH_REF.finditer(sparql)} - {SCRATCH})
    return names or None


def wrap_update(sparql: str) -> str:
    """``sparql`` (an update of named graphs) followed, in the same transaction, by what keeps the
    default graph equal to the union of the named graphs.

    The graphs the update names are copied to a scratch graph first; afterwards the triples that
    were there and are in no named graph any more leave the default graph, and what the graphs
    hold now enters it. An update that does not name its graphs is followed by a full rebuild.
    """
    graphs = touched_graphs(sparql)
    if graphs is None:
        return f"{sparql} ;\n{rebuild_update()}"
    scratch = _iri(SCRATCH)
    before = [f"DROP SILENT GRAPH {scratch}"]
    before += [f"ADD SILENT {_iri(g)} TO {scratch}" for g in graphs]
    after = [_forget(scratch), f"DROP SILENT GRAPH {scratch}"]
    after += [f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(g)} {{ ?s ?p ?o }} }}" for g in graphs]
    prologue, body = _split_prologue(sparql)
    return prologue + " ;\n".join([*before, body, *after])


_PROLOGUE = re.compile(r"\A(?:\s|#[^\n]*\n|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))*", re.IGNORECASE)


def _split_prologue(sparql: str) -> tuple[str, str]:
    """The leading ``PREFIX``/``BASE`` declarations (which must open an update) and the rest."""
    match = _PROLOGUE.match(sparql)
    end = match.end() if match else 0
    return sparql[:end], sparql[end:]


def rebuild_update() -> str:
    """One SPARQL update that rebuilds the default graph from the named graphs."""
    return "CLEAR SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def check(store: ox.Store) -> tuple[int, int]:
    """``(missing, extra)``: triples of named graphs absent from the default graph, and default-graph
    triples that no named graph holds. ``(0, 0)`` when the query graph is right."""
    missing = store.query("SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?s ?p ?o WHERE { "
                          "GRAPH ?g { ?s ?p ?o } } } FILTER NOT EXISTS { ?s ?p ?o } }")
    extra = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
                        "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
    return (int(next(iter(missing))["n"].value),  # type: ignore[arg-type, union-attr]
            int(next(iter(extra))["n"].value))  # type: ignore[arg-type, union-attr]


def needs_rebuild(store: ox.Store) -> bool:
    """An empty default graph beside non-empty named graphs: a store written before the query graph
    existed (or loaded from a dump with ``oxigraph load``)."""
    return bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } }")) and not bool(store.query("ASK { ?s ?p ?o }"))


def default_size(store: ox.Store) -> int:
    """Number of triples in the default graph (counted by Oxigraph: a loop over the quads here took
    seconds at a million triples)."""
    solutions = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))["n"].value)  # type: ignore[union-attr]
