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

The query graph also holds **derived links** (:data:`DERIVED`): shortcuts that the saved queries
would otherwise re-derive through property paths on every run, and that Oxigraph's planner
handles badly inside a larger join (the flagship query at 10,000 articles spent 0.25 s in
``?seat (schema:containedInPlace|rg:inRegion)* ?city`` alone):

* ``?organisation rg:basedWithin ?place`` — the organisation's seat and every place containing
  it: ``rg:basedIn/(schema:containedInPlace|rg:inRegion)*``;
* ``?visit rg:visitorsFrom ?place`` — for a ``rg:Visit``, the place its visitors or its
  delegation come from and every place containing it:
  ``(rg:origin|rg:delegation/rg:origin)/(schema:containedInPlace|rg:inRegion)*``;
* ``?entity rg:displayLabel ?label`` — the one label to show for an entity: its first German
  ``rdfs:label`` (by text), else its first label in any language. Queries read it instead of
  picking a label with ``OPTIONAL``/``FILTER NOT EXISTS`` pairs on every row, which multiplied the
  rows of entities with several labels (an organisation named as *AG* and as *GmbH*) and cost the
  flagship a third of its time;
* ``?statement rg:reviewOrder ?order`` — the statement's confidence plus a tiny fraction from the
  hash of its IRI (:data:`ORDERS`): the review queue's order, sortable without reading IRIs.

They are defined in the ontology and derived from the query graph itself, so they are never in a
named graph or a dump (``ruhrgraph push`` uploads them as ``…/graph/derived``, for a server's
union default graph; :func:`derive_update` recomputes them from scratch). Each write recomputes
them, in the same transaction, for the entities it may have changed: the subjects of the
``rg:basedIn``, containment, ``rg:origin``, ``rg:delegation`` and ``a rg:Visit`` triples that
enter or leave the query graph with the write (:func:`_mark_absent`; not those another named graph
holds as well), the entities whose derived links lead to one of those subjects, and the visits
whose delegation is one (:func:`_derive_for`). Every new or lost path of a closure has a first
edge that is new or lost, whose subject the path's start reaches over unchanged edges (or is), so
the links of other entities cannot have changed. A display label depends on its entity's own
labels only: it is recomputed for the subjects whose display label left the query graph with the
old content, or that gained a label coming before it (:func:`_mark_lost_labels`,
:func:`_mark_new_labels`); a review order for the statements whose confidence entered or left
the query graph (:func:`_mark_absent`). Only the links that differ are written (:func:`_rederive`), and only
the triples the query graph lacks are copied into it (:func:`_copy_new`): an Oxigraph store
writes a triple inserted again anew, and before this the commits of a first build grew slower
with every article (docs/performance.md, "The first build, fifth pass").

So the invariant *default graph = set union of the named graphs + the links derived from it*
holds after every committed transaction, and an interrupted write (kill -9) leaves it intact.
:func:`check` counts the triples that break it; :func:`rebuild_update` restores it from the
named graphs (a store written by an older ruhrgraph has an empty default graph, or no derived
links, and gets them once when opened for writing).

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

import itertools
import re
from typing import Any

import pyoxigraph as ox

SCRATCH = "urn:x-ruhrgraph:previous-content"
"""A named graph that exists only inside one update: the content of the graphs the update changes,
as it was before (see :func:`wrap_update`)."""
AFFECTED = "urn:x-ruhrgraph:affected"
"""The marks of the entities whose derived links an update recomputes (``?x a <AFFECTED>`` for the
closures, ``?x a <AFFECTED_LABEL>`` for the display label, ``?x a <AFFECTED_ORDER>`` for the review
order), in a named graph that exists only
inside that update: ``<AFFECTED:n>``, numbered afresh for each update (:func:`_scratch`)."""
AFFECTED_LABEL = "urn:x-ruhrgraph:affected-label"
AFFECTED_ORDER = "urn:x-ruhrgraph:affected-order"

_RG = "https://w3id.org/ruhrgraph/ontology#"
_SCHEMA = "https://schema.org/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_WITHIN = f"(<{_SCHEMA}containedInPlace>|<{_RG}inRegion>)*"
CLOSURES: dict[str, str] = {
    f"{_RG}basedWithin": f"?x <{_RG}basedIn>/{_WITHIN} ?y",
    f"{_RG}visitorsFrom": f"?x a <{_RG}Visit> ; (<{_RG}origin>|<{_RG}delegation>/<{_RG}origin>)/{_WITHIN} ?y",
}
"""The derived links up the place hierarchy, with the graph pattern (over the query graph) that
defines each, from ``?x`` to ``?y``."""
_DE = 'LANGMATCHES(LANG(?{0}), "de")'
_BEFORE = (f"({_DE.format('z')} && !{_DE.format('y')}) || ({_DE.format('z')} = {_DE.format('y')} && "
           "(STR(?z) < STR(?y) || (STR(?z) = STR(?y) && (LANG(?z) < LANG(?y) || "
           "(LANG(?z) = LANG(?y) && STR(DATATYPE(?z)) < STR(DATATYPE(?y)))))))")
"""Label ``?z`` comes before label ``?y``: German first, then by text, language tag and datatype
(a total order: two different literals differ in one of them)."""
LABELS: dict[str, str] = {
    f"{_RG}displayLabel": f"?x <{_LABEL}> ?y FILTER(isLiteral(?y) && NOT EXISTS {{ "
                          f"?x <{_LABEL}> ?z FILTER(isLiteral(?z) && ({_BEFORE})) }})",
}
"""The display label: the entity's label that no other of its labels comes before."""
_CONFIDENCE = f"{_RG}confidence"
_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
ORDERS: dict[str, str] = {
    f"{_RG}reviewOrder": f'?x <{_CONFIDENCE}> ?c BIND(?c + <{_DECIMAL}>(CONCAT("0.000000000", SUBSTR(CONCAT('
                         f'REPLACE(MD5(STR(?x)), "[a-f]", ""), "000000000"), 1, 9))) AS ?y) FILTER(BOUND(?y))',
}
"""The review order of a statement: its confidence plus a fraction below 10⁻⁹ taken from the MD5 of
its IRI (the first nine decimal digits of the hex digest). Ordering statements by it orders them by
confidence (given with at most nine decimals) and within one confidence in a fixed order — without
reading an IRI: Oxigraph 0.5 keeps a decimal inline, so sorting 16,000 of them takes milliseconds
where sorting by IRI took a second (decision 0012)."""
DERIVED: dict[str, str] = {**CLOSURES, **LABELS, **ORDERS}
"""Every derived property and the graph pattern (over the query graph) that defines it, from
``?x`` to ``?y``."""
_SOURCES = [f"{_RG}basedIn", f"{_SCHEMA}containedInPlace", f"{_RG}inRegion", f"{_RG}origin",
            f"{_RG}delegation", *CLOSURES]
"""The predicates whose triples the closures are made of (and the derived ones, should a named
graph state one)."""


def _iri(graph: str) -> str:
    return str(ox.NamedNode(str(graph)))  # validates the IRI


def _forget(graph: str) -> str:
    """Delete from the default graph the triples of ``graph`` that no other named graph holds."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }}")


def _mark_absent(graph: str, aff: str) -> str:
    """Remember in the scratch graph ``aff`` the subjects of ``graph``'s triples that the derived
    links are made of and that the query graph does not hold: after :func:`_forget`, what left it
    with the old content; before new content is copied in, what enters it. ``a <AFFECTED>`` for
    the closures' triples, ``a <AFFECTED_ORDER>`` for a statement's confidence. A triple that
    another article states too (a city's region, a visit's type) changes no path, so the entities
    that lead to a hub are not re-derived for every article naming it."""
    values = " ".join(f"<{p}>" for p in _SOURCES)
    return (f"INSERT {{ GRAPH {aff} {{ ?x a ?mark }} }} WHERE {{ GRAPH {graph} {{ "
            f"{{ ?x ?p ?o VALUES ?p {{ {values} }} BIND(<{AFFECTED}> AS ?mark) }} UNION "
            f"{{ ?x ?p ?o VALUES (?p ?o ?mark) {{ (<{_RDF_TYPE}> <{_RG}Visit> <{AFFECTED}>) }} }} UNION "
            f"{{ ?x ?p ?o VALUES (?p ?mark) {{ (<{_CONFIDENCE}> <{AFFECTED_ORDER}>) }} }} }} "
            f"FILTER NOT EXISTS {{ ?x ?p ?o }} }}")


def _copy_new(graph: str) -> str:
    """Copy into the query graph the triples of ``graph`` it does not hold yet (Oxigraph writes a
    triple inserted again anew: its index keys then pile up versions that every later scan over
    that entity steps through)."""
    return f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }}"


_DISPLAY = next(iter(LABELS))


def _mark_lost_labels(graph: str, aff: str) -> str:
    """After the triples that only ``graph`` held have left the query graph (:func:`_forget`):
    remember (``a <AFFECTED_LABEL>``) the subjects of ``graph``'s labels whose display label is gone
    with them, and the subjects of a display label ``graph`` states."""
    return (f"INSERT {{ GRAPH {aff} {{ ?x a <{AFFECTED_LABEL}> }} }} WHERE {{ "
            f"{{ GRAPH {graph} {{ ?x <{_LABEL}> ?old }} ?x <{_DISPLAY}> ?y FILTER NOT EXISTS {{ ?x <{_LABEL}> ?y }} }} "
            f"UNION {{ GRAPH {graph} {{ ?x <{_DISPLAY}> ?stated }} }} }}")


def _mark_new_labels(graph: str, aff: str) -> str:
    """After ``graph``'s triples have entered the query graph: remember (``a <AFFECTED_LABEL>``) the
    subjects that have a label in ``graph`` coming before their display label (or have none yet), or
    a display label that ``graph`` states. A label set that gains nothing smaller and loses not its
    first keeps its display label, so most writes recompute none (an article re-states the labels
    of the places and organisations it mentions)."""
    return (f"INSERT {{ GRAPH {aff} {{ ?x a <{AFFECTED_LABEL}> }} }} WHERE {{ "
            f"{{ GRAPH {graph} {{ ?x <{_LABEL}> ?z }} FILTER(isLiteral(?z)) "
            f"OPTIONAL {{ ?x <{_DISPLAY}> ?y }} FILTER(!BOUND(?y) || {_BEFORE}) }} "
            f"UNION {{ GRAPH {graph} {{ ?x <{_DISPLAY}> ?stated }} }} }}")


def _holds(p: str, pattern: str) -> str:
    """``pattern`` as a test that ``?x <p> ?y`` is derived, for ``?x`` and ``?y`` already bound: a
    pattern that assigns ``?y`` (``BIND(… AS ?y)``, the review order) assigns a fresh variable
    compared with ``?y`` instead — inside ``EXISTS`` the BIND does not compare, so a statement with
    two confidences kept the order of one it had lost."""
    if p not in ORDERS:
        return pattern
    return pattern.replace("?y", "?derived") + " FILTER(sameTerm(?derived, ?y))"


def _rederive(p: str, pattern: str, aff: str, mark: str) -> list[str]:
    """Bring the links ``p`` of the entities marked ``a <mark>`` in ``aff`` up to date: delete those
    that are no longer derived, insert the derived ones that are missing — an unchanged link is not
    written (deleting and inserting every link again piled up versions of a hub's index keys that
    each later scan stepped through, and the commits grew slower with the store). What a named
    graph states is kept (deleted when no longer derived, inserted again at once; a FILTER NOT
    EXISTS on GRAPH ?g here made Oxigraph scan the named graphs, 40 ms a write)."""
    marked = f"GRAPH {aff} {{ ?x a <{mark}> }}"
    return [f"DELETE {{ ?x <{p}> ?y }} WHERE {{ {marked} ?x <{p}> ?y FILTER NOT EXISTS {{ {_holds(p, pattern)} }} }}",
            f"INSERT {{ ?x <{p}> ?y }} WHERE {{ {marked} {{ {{ {pattern} }} UNION "
            f"{{ GRAPH ?g {{ ?x <{p}> ?y }} }} }} FILTER NOT EXISTS {{ ?x <{p}> ?y }} }}"]


def _derive_for(aff: str) -> list[str]:
    """Recompute the derived links of the entities marked in the scratch graph ``aff`` (after the
    query graph has been changed, before the derived links are): for the closures those entities,
    the entities whose derived links lead to one of them, and the visits whose delegation is one;
    for the display label the entities whose labels changed; for the review order the statements
    whose confidence changed. Then drop ``aff``."""
    links = "|".join(f"<{p}>" for p in [*CLOSURES, f"{_RG}delegation"])
    parts = [f"INSERT {{ GRAPH {aff} {{ ?x a <{AFFECTED}> }} }} WHERE {{ GRAPH {aff} {{ ?u a <{AFFECTED}> }} "
             f"?x {links} ?u }}"]
    for p, pattern in CLOSURES.items():
        parts += _rederive(p, pattern, aff, AFFECTED)
    for p, pattern in LABELS.items():
        parts += _rederive(p, pattern, aff, AFFECTED_LABEL)
    for p, pattern in ORDERS.items():
        parts += _rederive(p, pattern, aff, AFFECTED_ORDER)
    return [*parts, f"DROP SILENT GRAPH {aff}"]


_SCRATCH_NUMBERS = itertools.count()


def _scratch() -> str:
    """A scratch graph for the marks of one update, named afresh for every update of this process:
    a name used again would find the deleted marks of every earlier update in its key range (until
    RocksDB compacts them away) and step through them on every read of the marks."""
    return f"<{AFFECTED}:{next(_SCRATCH_NUMBERS)}>"


def derive_update() -> str:
    """One SPARQL update that recomputes every derived link of the query graph from scratch."""
    derived = " ".join(f"<{p}>" for p in DERIVED)
    parts = [f"DELETE {{ ?x ?d ?y }} WHERE {{ VALUES ?d {{ {derived} }} ?x ?d ?y "
             "FILTER NOT EXISTS { GRAPH ?g { ?x ?d ?y } } }"]
    parts += [f"INSERT {{ ?x <{p}> ?y }} WHERE {{ {pattern} }}" for p, pattern in DERIVED.items()]
    return " ;\n".join(parts)


def replace_update(graph: str, lines: list[str]) -> str:
    """One SPARQL update replacing named graph ``graph`` by ``lines`` (N-Triples) and keeping the
    default graph equal to the union of the named graphs plus the links derived from it."""
    return replace_many_update([(graph, lines)])


def replace_many_update(graphs: list[tuple[str, list[str]]]) -> str:
    """One SPARQL update replacing each named graph by its lines, in order (a graph named twice
    ends with its last lines), keeping the query graph — the derived links are recomputed once,
    after the last graph, for everything the graphs marked.

    That equals replacing them one by one: a mark is never taken back before the derivation, and
    what a later graph compares with is right for every entity no earlier graph marked (the
    display label of an unmarked entity is still its current one; a path that an earlier graph
    made new starts at an entity that graph marked). Ingest commits ten articles at once this way
    (docs/performance.md: the derivation is a third of a commit).

    >>> store, line = ox.Store(), '<https://example.org/s> <https://example.org/p> "x" .'
    >>> store.update(replace_many_update([("https://example.org/a", [line]), ("https://example.org/b", [line])]))
    >>> len(store), check(store)
    (3, (0, 0))
    """
    aff = _scratch()
    parts: list[str] = []
    for graph, lines in graphs:
        g = _iri(graph)
        parts += [_forget(g), _mark_absent(g, aff), _mark_lost_labels(g, aff), f"DROP SILENT GRAPH {g}"]
        if lines:
            body = "\n".join(lines)
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
            parts += [_mark_absent(g, aff), _copy_new(g), _mark_new_labels(g, aff)]
    return " ;\n".join([*parts, *_derive_for(aff)])


def remove_update(graph: str) -> str:
    """One SPARQL update deleting named graph ``graph`` (see :func:`replace_update`)."""
    g, aff = _iri(graph), _scratch()
    return " ;\n".join([_forget(g), _mark_absent(g, aff), _mark_lost_labels(g, aff), f"DROP SILENT GRAPH {g}",
                         *_derive_for(aff)])


def new_graphs_update(store: ox.Store, graphs: list[tuple[str, list[str]]]) -> str | None:
    """:func:`replace_many_update` for graphs the store does not hold yet, each named once and
    without blank nodes (a first build's articles) — else ``None``.

    What the query graph lacks is looked up here, in the committed store (the writer holds the
    lock), so the update only writes: the graphs, the triples new to the query graph and the marks
    of their subjects (:func:`_mark_of`, a superset of what :func:`_mark_absent` and
    :func:`_mark_new_labels` would mark), then the derivation. Reading the new graphs back in the
    update to copy them (:func:`_copy_new`) and to mark them was half of an article's commit.

    >>> store, line = ox.Store(), '<https://example.org/s> <https://example.org/p> "x" .'
    >>> store.update(new_graphs_update(store, [("https://example.org/a", [line]), ("https://example.org/b", [line])]))
    >>> len(store), check(store), new_graphs_update(store, [("https://example.org/a", [line])]) is None
    (3, (0, 0), True)
    """
    names = [g for g, _ in graphs]
    if len(set(names)) < len(names) or any(store.contains_named_graph(ox.NamedNode(g)) for g in names) \
            or any(has_blank_node(lines) for _, lines in graphs):
        return None
    default, aff = ox.DefaultGraph(), _scratch()
    new: dict[str, ox.Triple] = {}
    keyed: list[tuple[str, ox.Triple]] = []
    for _, lines in graphs:
        try:  # Turtle: the lines may say `a` as SPARQL does
            triples = list(ox.parse("\n".join(lines), ox.RdfFormat.TURTLE))
        except SyntaxError:
            return None  # the update names the line that is wrong
        # One triple a line (each line has a subject, so at least one; as many triples as lines):
        # the line is the triple's text. Else (a line of two triples, a blank line) its own text.
        aligned = len(triples) == len(lines) and all(line.startswith("<") for line in lines)
        keyed += zip(lines, triples, strict=True) if aligned else \
            ((f"{t.subject} {t.predicate} {t.object} .", t) for t in triples)
    for text, triple in keyed:
        if text not in new and ox.Quad(triple.subject, triple.predicate, triple.object, default) not in store:
            new[text] = triple
    marks = sorted(_mark_lines(new.values()))
    body = "\n".join(f"GRAPH {_iri(g)} {{\n" + "\n".join(lines) + "\n}" for g, lines in graphs if lines)
    parts = [f"INSERT DATA {{\n{body}\n" + "\n".join(new) + f"\nGRAPH {aff} {{\n" + "\n".join(marks) + "\n} }"]
    return " ;\n".join([*parts, *_derive_for(aff)])


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
    names = sorted({m.group(1) for m in _GRAPH_REF.finditer(sparql)} - {SCRATCH, AFFECTED})
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
    scratch, aff = _iri(SCRATCH), _scratch()
    before = [f"DROP SILENT GRAPH {scratch}"]
    before += [f"ADD SILENT {_iri(g)} TO {scratch}" for g in graphs]
    after = [_forget(scratch), _mark_absent(scratch, aff), _mark_lost_labels(scratch, aff),
             f"DROP SILENT GRAPH {scratch}"]
    after += [part for g in graphs for part in (_mark_absent(_iri(g), aff), _copy_new(_iri(g)))]
    after += [_mark_new_labels(_iri(g), aff) for g in graphs] + _derive_for(aff)
    prologue, body = _split_prologue(sparql)
    return prologue + " ;\n".join([*before, body, *after])


_PROLOGUE = re.compile(r"\A(?:\s|#[^\n]*\n|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))*", re.IGNORECASE)


def _split_prologue(sparql: str) -> tuple[str, str]:
    """The leading ``PREFIX``/``BASE`` declarations (which must open an update) and the rest."""
    match = _PROLOGUE.match(sparql)
    end = match.end() if match else 0
    return sparql[:end], sparql[end:]


def rebuild_update() -> str:
    """One SPARQL update that rebuilds the default graph from the named graphs (derived links
    included)."""
    return f"CLEAR SILENT DEFAULT ;\nINSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ;\n{derive_update()}"


def check(store: ox.Store) -> tuple[int, int]:
    """``(missing, extra)``: triples of named graphs or derived links absent from the default graph,
    and default-graph triples that no named graph holds and nothing derives. ``(0, 0)`` when the
    query graph is right."""
    def count(sparql: str) -> int:
        return int(next(iter(store.query(sparql)))["n"].value)  # type: ignore[arg-type, union-attr]

    missing = count("SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?s ?p ?o WHERE { "
                    "GRAPH ?g { ?s ?p ?o } } } FILTER NOT EXISTS { ?s ?p ?o } }")
    extra = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
    for p, pattern in DERIVED.items():
        missing += count(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?x ?y WHERE {{ {pattern} }} }} "
                         f"FILTER NOT EXISTS {{ ?x <{p}> ?y }} }}")
        extra -= count(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x <{p}> ?y FILTER NOT EXISTS {{ GRAPH ?g {{ "
                       f"?x <{p}> ?y }} }} FILTER EXISTS {{ {_holds(p, pattern)} }} }}")
    return missing, extra


def needs_rebuild(store: ox.Store) -> bool:
    """An empty default graph beside non-empty named graphs: a store written before the query graph
    existed (or loaded from a dump with ``oxigraph load``)."""
    # the default graph first: one index look-up, where the ASK over the named graphs took 0.17 s
    # at 10,000 articles (paid by every reader that opened the store)
    return not bool(store.query("ASK { ?s ?p ?o }")) and bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))


def needs_derived(store: ox.Store) -> bool:
    """A query graph without derived links although it has what they are made of: written by a
    ruhrgraph before the derived links existed (a few index look-ups)."""
    return any(bool(store.query(f"ASK {{ {pattern} }}")) and not bool(store.query(f"ASK {{ ?x <{p}> ?y }}"))
               for p, pattern in DERIVED.items())


def default_size(store: ox.Store) -> int:
    """Number of triples in the default graph (counted by Oxigraph: a loop over the quads here took
    seconds at a million triples)."""
    solutions = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))["n"].value)  # type: ignore[union-attr]


_MARK_BY_PREDICATE = {**{p: AFFECTED for p in _SOURCES}, _LABEL: AFFECTED_LABEL,
                      **{p: AFFECTED_LABEL for p in LABELS}, _CONFIDENCE: AFFECTED_ORDER,
                      **{p: AFFECTED_ORDER for p in ORDERS}}


def _mark_of(triple: ox.Triple) -> str | None:
    """The mark (see :func:`_derive_for`) a changed triple gives its subject, or ``None`` when no
    derived link is made of it."""
    predicate = triple.predicate.value
    if predicate == _RDF_TYPE and triple.object == ox.NamedNode(f"{_RG}Visit"):
        return AFFECTED
    return _MARK_BY_PREDICATE.get(predicate)


def _mark_lines(triples: Any) -> set[str]:
    """The marks (N-Triples lines for the scratch graph, see :func:`_derive_for`) that changed
    ``triples`` give their subjects."""
    return {f"{t.subject} <{_RDF_TYPE}> <{mark}> ." for t in triples
            if (mark := _mark_of(t)) is not None and not isinstance(t.subject, ox.Triple)}


def has_blank_node(lines: list[str]) -> bool:
    """Does a blank node stand among these N-Triples lines? (A literal that contains " _:" counts
    too: a caller then takes the general path, which is right for every graph.)

    >>> has_blank_node(['_:b <urn:p> "x" .']), has_blank_node(['<urn:s> <urn:p> "x" .'])
    (True, False)
    """
    return any(line.startswith("_:") or " _:" in line for line in lines)


def delta_updates(store: ox.Store, graph: str, removed: set[ox.Triple], added: set[ox.Triple],
                  ) -> list[str] | None:
    """The SPARQL updates (one transaction each, in order) that take the triples ``removed`` out of
    named graph ``graph`` and put ``added`` into it, keeping the query graph — ``[]`` when nothing
    changes, ``None`` when the change needs the general path (:func:`wrap_update`: a blank node
    cannot be named in ``DELETE DATA``).

    For a write whose every triple is known beforehand (the analytics of a view): what the query
    graph gains and loses is looked up here, in the committed store, so that the big update only
    writes (``DELETE DATA``/``INSERT DATA``). A triple leaves the default graph when no other named
    graph holds it, enters it when absent. An Oxigraph update that reads anything (even ``DROP``
    of an empty graph) after or before writing many triples costs about twice the writes alone
    (the 123,202 score triples of a 100k-actor analysis: 11–12 s instead of 5–6 s; through
    :func:`wrap_update` 12 s, and 25 s to replace them a second time). So the triples that derived
    links are made of (:func:`_mark_of`; of the analytics only the labels of the activity and
    the software, and only when they change) go in a second update, with the derivation for their
    subjects (:func:`_derive_for`, a superset of what :func:`_mark_absent` and the label marks
    would mark). The query graph is right after each update; the first holds every other triple
    of the change at once.

    >>> store = ox.Store()
    >>> s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    >>> for update in delta_updates(store, "https://example.org/g", set(), {ox.Triple(s, p, ox.Literal("x"))}):
    ...     store.update(update)
    >>> store.update(replace_update("https://example.org/h", ['<https://example.org/s> <https://example.org/p> "x" .']))
    >>> for update in delta_updates(store, "https://example.org/g", {ox.Triple(s, p, ox.Literal("x"))}, set()):
    ...     store.update(update)
    >>> check(store), len(store)  # still in the default graph: graph h holds it
    ((0, 0), 2)
    """
    removed, added = removed - added, added - removed
    if any(isinstance(t, ox.BlankNode) for triple in removed for t in (triple.subject, triple.object)):
        return None
    g, default = ox.NamedNode(str(graph)), ox.DefaultGraph()

    def by_subject(triples: set[ox.Triple]) -> dict[Any, list[ox.Triple]]:
        groups: dict[Any, list[ox.Triple]] = {}
        for t in triples:
            groups.setdefault(t.subject, []).append(t)
        return groups

    gone: set[ox.Triple] = set()  # leave the default graph: no other named graph holds them
    for subject, triples in by_subject(removed).items():
        held = {(q.predicate, q.object) for q in store.quads_for_pattern(subject, None, None)
                if q.graph_name != g and q.graph_name != default}
        gone.update(t for t in triples if (t.predicate, t.object) not in held)
    new: set[ox.Triple] = set()  # enter the default graph: not there yet
    for subject, triples in by_subject(added).items():
        there = {(q.predicate, q.object) for q in store.quads_for_pattern(subject, None, None, default)}
        new.update(t for t in triples if (t.predicate, t.object) not in there)
    special_of = {t for t in (*removed, *added) if _mark_of(t) is not None}
    marks = _mark_lines(special_of)

    # in the order of their text: Oxigraph writes the 246,404 quads of a 100k-actor analysis in
    # 4.7 s instead of 6.5 s in a set's order (the keys of one subject side by side)
    text = {t: f"{t.subject} {t.predicate} {t.object} ." for t in (*removed, *added)}
    ordered = sorted(text, key=text.__getitem__)

    def write(special: bool) -> list[str]:
        kept = [t for t in ordered if (t in special_of) == special]

        def lines(members: set[ox.Triple]) -> str:
            return "\n".join(text[t] for t in kept if t in members)
        g_removed, g_added = lines(removed), lines(added)
        out = [f"DELETE DATA {{ GRAPH {g_iri} {{\n{g_removed}\n}}\n{lines(gone)}\n}}"] if g_removed else []
        return out + ([f"INSERT DATA {{ GRAPH {g_iri} {{\n{g_added}\n}}\n{lines(new)}\n}}"] if g_added else [])

    g_iri, aff = _iri(graph), _scratch()
    plain, special = write(False), write(True)
    if marks:
        special.append(f"INSERT DATA {{ GRAPH {aff} {{\n" + "\n".join(sorted(marks)) + "\n} }")
        special += _derive_for(aff)
    return [" ;\n".join(parts) for parts in (plain, special) if parts]
