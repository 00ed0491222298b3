"""The embedded Oxigraph store: locking, one transaction per graph replacement, deterministic dumps."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from ruhrgraph.errors import StoreError, StoreLockedError, StoreMissingError
from ruhrgraph.store import querygraph
from ruhrgraph.store.local import Store

G1 = URIRef("https://w3id.org/ruhrgraph/graph/article/a")
G2 = URIRef("https://w3id.org/ruhrgraph/graph/article/b")


def triples(n: int, tag: str = "x") -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"https://w3id.org/ruhrgraph/id/person/{tag}-{i}"), RDFS.label,
             Literal(f"Person {i} äöü", lang="de")) for i in range(n)]


HOLDER = textwrap.dedent("""
    import sys, time
    from ruhrgraph.store.local import Store
    with Store.open(sys.argv[1]) as store:
        print("locked", flush=True)
        time.sleep(60)
""")


@pytest.fixture
def holder(tmp_path: Path):
    """Another process that holds the write lock of a store folder."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    yield process
    process.kill()
    process.wait()


def test_second_writer_fails_at_once_naming_the_process(tmp_path: Path, holder) -> None:
    started = time.monotonic()
    with pytest.raises(StoreLockedError) as info:
        Store(tmp_path)
    assert time.monotonic() - started < 2
    assert str(info.value).startswith(f"store {tmp_path} is locked by process {holder.pid}")


def test_reader_is_refused_while_a_writer_holds_the_store(tmp_path: Path, holder) -> None:
    with pytest.raises(StoreLockedError, match=f"locked by process {holder.pid}"):
        Store(tmp_path, read_only=True)


def test_lock_is_released_when_the_holder_dies(tmp_path: Path, holder) -> None:
    holder.kill()
    holder.wait()
    with Store.open(tmp_path) as store:  # the kernel drops the lock of a killed process
        assert store.quad_count() == 0


def test_readers_share_the_store(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(3))
    with Store.open(tmp_path, read_only=True) as one, Store.open(tmp_path, read_only=True) as two:
        assert one.quad_count() == two.quad_count() == 3
        with pytest.raises(StoreError, match="read-only"):
            one.replace_graph(G1, [])


def test_replace_graph_replaces_and_keeps_other_graphs(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        assert store.replace_graph(G1, triples(5, "a")) == 5
        store.replace_graph(G2, triples(2, "b"))
        store.replace_graph(G1, triples(3, "c"))
        assert store.quad_count(G1) == 3 and store.quad_count(G2) == 2
        assert {str(s).rsplit("/", 1)[1][0] for s, _, _ in store.triples(G1)} == {"c"}
        assert store.remove_graph(G2) and not store.remove_graph(G2)
        assert store.graphs() == [str(G1)]


def test_replace_graph_is_one_transaction(tmp_path: Path) -> None:
    """A concurrent reader sees the old graph or the new one, never a mixture or an empty graph."""
    sizes = (400, 700)
    seen: set[int] = set()
    stop = threading.Event()
    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(sizes[0], "old"))

        def read() -> None:
            while not stop.is_set():
                seen.add(store.quad_count(G1))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            for round_ in range(30):
                n = sizes[(round_ + 1) % 2]
                store.replace_graph(G1, triples(n, f"r{round_}"))
        finally:
            stop.set()
            reader.join()
    assert seen and seen <= set(sizes)


def test_failed_replacement_leaves_the_old_graph(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(3))
        before = store.dump_nquads()
        bad = [*triples(2, "new"), (URIRef("https://x/s"), RDFS.label, object())]
        with pytest.raises((StoreError, TypeError)):
            store.replace_graph(G1, bad)  # type: ignore[arg-type]
        assert store.dump_nquads() == before


def test_dump_is_sorted_and_stable_across_reopen(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.replace_graph(G2, triples(4, "b"))
        store.replace_graph(G1, triples(4, "a"))
        first = store.dump_nquads()
    with Store.open(tmp_path, read_only=True) as store:
        assert store.dump_nquads() == first
    lines = first.splitlines()
    assert lines == sorted(lines) and len(lines) == 8


def test_query_binds_terms_not_text(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(2))
        sparql = "SELECT DISTINCT ?s WHERE { ?s ?p ?label }"  # rdfs:label and the derived rg:displayLabel
        rows = store.select(sparql, bindings={"label": Literal("Person 1 äöü", lang="de")})
        assert [str(r["s"]) for r in rows] == ["https://w3id.org/ruhrgraph/id/person/x-1"]
        assert store.select(sparql, bindings={"label": Literal('" } ?s ?p ?o {')}) == []


def test_read_only_open_of_a_missing_folder_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    """Issue 17: reading a mistyped --store used to create an empty store (and push --prune then
    deleted the remote); this test used to assert that empty store."""
    with pytest.raises(StoreMissingError, match=f"no store at {tmp_path / 'new'}"):
        Store.open(tmp_path / "new", read_only=True).__enter__()
    assert not (tmp_path / "new").exists()
    assert StoreMissingError.exit_code == 2


def test_dump_is_byte_identical_when_blank_nodes_are_rewritten(tmp_path: Path) -> None:
    """Writing the same graph again gives blank nodes new internal labels; the dump does not change."""
    from rdflib import BNode

    org = URIRef("https://w3id.org/ruhrgraph/id/organisation/business-metropole-ruhr")
    schema = "https://schema.org/"

    def graph() -> list:
        address = BNode()
        return [(org, URIRef(schema + "address"), address),
                (address, URIRef(schema + "streetAddress"), Literal("Kronprinzenstr. 30")),
                (address, URIRef(schema + "addressLocality"), Literal("Essen"))]

    with Store.open(tmp_path) as store:
        store.replace_graph(G1, graph())
        first = store.dump_nquads()
        store.replace_graph(G1, graph())
        assert store.dump_nquads() == first
        assert store.quad_count() == 3


READER = textwrap.dedent("""
    import sys, time
    from ruhrgraph.store.local import Store
    with Store.open(sys.argv[1], read_only=True) as store:
        print("reading", flush=True)
        time.sleep(60)
""")


def test_writer_blocked_by_a_reader_is_told_so(tmp_path: Path) -> None:
    """A finished writer's PID must not be blamed for a lock that readers hold. (Readers of a
    store that was never published read its database under a shared lock; readers of a published
    store read the snapshot and hold no writer up: test_snapshot.py.)"""
    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(1))
    _unpublish(tmp_path)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(tmp_path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "reading"
        with pytest.raises(StoreLockedError, match="open for reading by another process"):
            Store(tmp_path)
    finally:
        reader.kill()
        reader.wait()


def _unpublish(folder: Path) -> None:
    """Make ``folder`` look like a store an older ruhrgraph wrote: no published snapshot."""
    shutil.rmtree(folder / "snapshots")
    (folder / "current").unlink()


def _hashes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("read_only", [False, True], ids=["writer", "reader"])
def test_a_store_without_current_is_refused_and_left_byte_for_byte(tmp_path: Path, read_only: bool) -> None:
    """Issue 17: with CURRENT gone, opening for writing made RocksDB create a new empty database."""
    from ruhrgraph.errors import StoreDamagedError

    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(50))
    (tmp_path / "store" / "CURRENT").unlink()
    before = _hashes(tmp_path)
    with pytest.raises(StoreDamagedError, match=r"CURRENT file is missing.*nothing in it was changed"):
        Store(tmp_path, read_only=read_only)
    assert _hashes(tmp_path) == before


def test_an_old_oxigraph_store_is_not_upgraded_in_place(tmp_path: Path) -> None:
    import tarfile

    from ruhrgraph.errors import StoreDamagedError

    (tmp_path / "store").mkdir()
    with tarfile.open(Path(__file__).parent / "data" / "store-pyoxigraph-0.4.tar.gz") as tar:
        tar.extractall(tmp_path / "store", filter="data")
    before = _hashes(tmp_path)
    for read_only in (True, False):
        with pytest.raises(StoreDamagedError, match="older version of Oxigraph"):
            Store(tmp_path, read_only=read_only)
    after = _hashes(tmp_path)
    after.pop("lock", None)
    assert after == before


def test_replace_file_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    from ruhrgraph.store._files import replace_file

    victim = tmp_path / "victim"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / "state.json.tmp").symlink_to(victim)  # the old fixed temporary name
    (tmp_path / "state.json").symlink_to(victim)
    replace_file(tmp_path / "state.json", b"{}")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (tmp_path / "state.json").is_symlink() and (tmp_path / "state.json").read_bytes() == b"{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json", "state.json.tmp", "victim"]


def test_a_planted_lock_link_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(1))
    victim = tmp_path / "victim"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / "lock").unlink()
    (tmp_path / "lock").symlink_to(victim)
    with pytest.raises(StoreError, match="symbolic link"):
        Store(tmp_path)
    with Store.open(tmp_path, read_only=True) as reader:  # reads the snapshot; never opens `lock`
        assert reader.generation is not None and reader.quad_count() == 1
    _unpublish(tmp_path)
    with pytest.raises(StoreError, match="symbolic link"):
        Store(tmp_path, read_only=True)
    assert victim.read_text(encoding="utf-8") == "precious"


# -- the query graph: the default graph holds each triple of the named graphs once ------------------
EX = "https://w3id.org/ruhrgraph/id/organisation/"
POOL = [f'<{EX}o{i}> <http://www.w3.org/2000/01/rdf-schema#label> "Org {i}"@de .' for i in range(6)] + [
    f"<{EX}o{i}> <https://schema.org/location> <https://w3id.org/ruhrgraph/id/city/c{i % 2}> ." for i in range(4)]
RG, PLACE, VISIT = "https://w3id.org/ruhrgraph/ontology#", "https://w3id.org/ruhrgraph/id/city/", \
    "https://w3id.org/ruhrgraph/id/visit/"
WITHIN = [f"<{RG}basedIn>", "<https://schema.org/containedInPlace>", f"<{RG}inRegion>"]
# what the derived links are made of: seats, a small containment hierarchy (with a cycle), visits,
# their delegations and origins — spread over the graphs so that one write adds or cuts a path
POOL += [f"<{EX}o{i}> <{RG}basedIn> <{PLACE}c{i % 3}> ." for i in range(3)] + [
    f"<{PLACE}c0> {WITHIN[1]} <{PLACE}c1> .", f"<{PLACE}c1> {WITHIN[2]} <{PLACE}c2> .",
    f"<{PLACE}c2> {WITHIN[1]} <{PLACE}c0> .", f"<{PLACE}c1> {WITHIN[1]} <{PLACE}c3> .",
    f"<{VISIT}v0> a <{RG}Visit> .", f"<{VISIT}v1> a <{RG}Visit> .",
    f"<{VISIT}v0> <{RG}origin> <{PLACE}c0> .", f"<{VISIT}v1> <{RG}delegation> <{VISIT}d1> .",
    f"<{VISIT}d1> <{RG}origin> <{PLACE}c1> .", f"<{VISIT}d1> <{RG}origin> <{PLACE}c3> .",
    f"<{EX}o2> <{RG}basedWithin> <{PLACE}c9> ."]  # a derived property stated by a graph
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
# labels for the display label: several German ones, German against a smaller English one, none
# German, the same text in two languages, a regional German tag, a plain literal, a non-literal
POOL += [f'<{EX}o1> {LABEL} "Alpha"@de .', f'<{EX}o1> {LABEL} "Aardvark"@en .', f'<{EX}o1> {LABEL} "Alpha"@de-DE .',
         f'<{PLACE}c0> {LABEL} "Essen" .', f'<{PLACE}c0> {LABEL} "Essen"@en .', f'<{PLACE}c1> {LABEL} "B"@en .',
         f'<{PLACE}c1> {LABEL} "A"@fr .', f"<{PLACE}c1> {LABEL} <{PLACE}c2> .", f'<{PLACE}c2> {LABEL} "Z"@de-AT .',
         f'<{EX}o4> <{RG}displayLabel> "Stated" .']
# confidences for the review order: two statements, one stated with two confidences in different
# graphs, one not a number (no review order), one on a blank node, one review order stated by a graph
DEC = "^^<http://www.w3.org/2001/XMLSchema#decimal>"
POOL += [f'<{EX}s1> <{RG}confidence> "0.75"{DEC} .', f'<{EX}s1> <{RG}confidence> "0.6"{DEC} .',
         f'<{EX}s2> <{RG}confidence> "0.5"{DEC} .', f'<{EX}s3> <{RG}confidence> "high" .',
         f'<{EX}s2> <{RG}reviewOrder> "0.1"{DEC} .']
BNODE = f'<{EX}o0> <https://schema.org/address> _:a . _:a <https://schema.org/postalCode> "44135" .'


GRAPHS = [f"https://w3id.org/ruhrgraph/graph/article/{n}" for n in "abc"]
CURATION = "https://w3id.org/ruhrgraph/graph/curation"


def derived_links(named: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """What the query graph's derived links should be, computed here in Python (the oracle); terms
    in N-Triples form, as :func:`named_and_default` gives them."""
    def rg(local: str) -> str:
        return f"<{RG}{local}>"

    def objects(s: str, *preds: str) -> set[str]:
        return {o for (s2, p, o) in named if s2 == s and p in preds}

    def within(start: set[str]) -> set[str]:
        found, todo = set(start), list(start)
        while todo:
            for up in objects(todo.pop(), WITHIN[1], WITHIN[2]):
                if up not in found:
                    found.add(up)
                    todo.append(up)
        return found

    subjects = {s for (s, _, _) in named}
    out = {(s, rg("basedWithin"), y) for s in subjects for y in within(objects(s, rg("basedIn")))}
    visits = {s for (s, p, o) in named if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
              and o == rg("Visit")}
    for v in visits:
        origins = objects(v, rg("origin")) | {o for d in objects(v, rg("delegation"))
                                              for o in objects(d, rg("origin"))}
        out |= {(v, rg("visitorsFrom"), y) for y in within(origins)}
    for s in subjects:  # the display label: German first, then by text, language tag, datatype
        labels = [o for o in objects(s, LABEL) if o.startswith('"')]
        if labels:
            out.add((s, rg("displayLabel"), min(labels, key=_label_key)))
    for s in subjects:  # the review order: confidence + 10^-9 × nine decimal digits of the IRI's MD5
        for confidence in objects(s, rg("confidence")):
            match = re.fullmatch(r'"([0-9.]+)"\^\^<http://www.w3.org/2001/XMLSchema#decimal>', confidence)
            if match and s.startswith("<"):
                digits = (re.sub("[a-f]", "", hashlib.md5(s[1:-1].encode()).hexdigest()) + "0" * 9)[:9]
                value = Decimal(match.group(1)) + Decimal(f"0.000000000{digits}")
                out.add((s, rg("reviewOrder"), f'"{_decimal(value)}"^^<http://www.w3.org/2001/XMLSchema#decimal>'))
    return out


def _decimal(value: Decimal) -> str:
    """An ``xsd:decimal`` in Oxigraph's canonical form (no trailing zeros, at least one digit after
    the point)."""
    text = format(value, "f").rstrip("0")
    return text + "0" if text.endswith(".") else text


def _label_key(literal: str) -> tuple[bool, str, str, str]:
    """The order of the display label over literals in N-Triples form (no escapes in the pool)."""
    match = re.fullmatch(r'"(.*)"(?:@([\w-]+)|\^\^<(.*)>)?', literal)
    assert match, literal
    text, lang, datatype = match.groups()
    lang = (lang or "").lower()
    german = lang == "de" or lang.startswith("de-")
    kind = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" if lang else \
        datatype or "http://www.w3.org/2001/XMLSchema#string"
    return (not german, text, lang, kind)


def named_and_default(store: Store) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """The set union of the named graphs' triples and the default graph's triples (as strings)."""

    named: set[tuple[str, str, str]] = set()
    default: set[tuple[str, str, str]] = set()
    for q in store.oxigraph.quads_for_pattern(None, None, None, None):
        t = (str(q.subject), str(q.predicate), str(q.object))
        (default if isinstance(q.graph_name, ox.DefaultGraph) else named).add(t)
    return named, default


def test_a_plain_select_over_two_graphs_gives_each_triple_once() -> None:
    with Store.open(None) as store:
        store.replace_graph(G1, triples(3))
        store.replace_graph(G2, triples(3))  # the same labels, stated by a second article
        plain = f"SELECT ?s ?o WHERE {{ ?s ?p ?o FILTER(?p != <{RG}displayLabel>) }}"  # not the derived label
        rows = store.select(plain)
        assert len(rows) == 3
        assert len(store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")) == 6  # and each one's display label
        assert len(store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", union=True)) == 6
        assert len(store.select("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }")) == 6  # provenance
        assert store.quad_count() == 6
        store.remove_graph(G1)
        assert len(store.select(plain)) == 3  # still stated by G2
        store.remove_graph(G2)
        assert store.select("SELECT ?s WHERE { ?s ?p ?o }") == []


operation = st.one_of(
    st.tuples(st.just("replace"), st.sampled_from(GRAPHS),
              st.lists(st.sampled_from(POOL), max_size=6), st.booleans()),
    st.tuples(st.just("remove"), st.sampled_from(GRAPHS), st.just([]), st.just(False)),
    st.tuples(st.just("curation"), st.just(CURATION), st.lists(st.sampled_from(POOL), max_size=3),
              st.booleans()),
    st.tuples(st.just("update"), st.sampled_from(GRAPHS), st.lists(st.sampled_from(POOL), max_size=2),
              st.sampled_from([f"{EX}o1", f"{PLACE}c1", f"{VISIT}d1", f"{VISIT}v1"])),
    st.tuples(st.just("change"), st.sampled_from([*GRAPHS, CURATION]),
              st.lists(st.sampled_from(POOL), max_size=4), st.integers(0, 255)),
    st.tuples(st.just("batch"), st.just(""), st.lists(st.tuples(st.sampled_from(GRAPHS), st.lists(
        st.sampled_from(POOL), max_size=5)), min_size=1, max_size=4), st.just(False)),
)


def change(store: Store, graph: str, lines: list[str], which: int) -> None:
    """:meth:`Store.change_graph` (the way the analytics are written): take out the graph's
    triples picked by the bits of ``which`` (none with a blank node), put ``lines`` in."""
    stored = sorted((q.triple for q in store.reader.quads_for_pattern(None, None, None, ox.NamedNode(graph))
                     if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)),
                    key=str)
    removed = {t for i, t in enumerate(stored) if which >> (i % 8) & 1}
    added = {q.triple for q in ox.parse("\n".join(lines), format=ox.RdfFormat.TURTLE)}  # the pool says `a`
    store.change_graph(graph, removed, added)


@settings(max_examples=150, deadline=None)
@given(st.lists(operation, min_size=1, max_size=12))
def test_the_query_graph_is_the_union_of_the_named_graphs_after_any_writes(ops) -> None:
    """Ingest, remove, re-ingest, curation-graph replacement, a SPARQL update, a change of a
    graph's triples (the way the analytics are written) and several graphs replaced in one
    transaction (the way ingest commits; a graph may come twice) in any order keep the default graph equal
    to the set union plus the links derived from it (seats and visitors' origins up the place
    hierarchy, display labels, review orders), and a rebuild from scratch gives the same."""
    with Store.open(None) as store:
        for kind, graph, lines, extra in ops:
            if kind in ("replace", "curation"):
                store.replace_graph_lines(graph, sorted(set(lines)) + ([BNODE] if extra else []))
            elif kind == "remove":
                store.remove_graph(graph)
            elif kind == "change":
                change(store, graph, lines, extra)
            elif kind == "batch":
                store.replace_graphs_lines([(g, sorted(set(batch))) for g, batch in lines])
            else:  # delete one subject's triples, insert others, in one update naming the graph
                store.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{extra}> ?p ?o }} }} ;\n"
                             f"INSERT DATA {{ GRAPH <{graph}> {{ {' '.join(lines)} }} }}")
            named, default = named_and_default(store)
            assert default == named | derived_links(named)
            assert store.check_query_graph() == (0, 0)
        store.update("DROP SILENT GRAPH <urn:x-ruhrgraph:nothing>")  # the same from scratch
        assert named_and_default(store)[1] == default


def test_a_change_cannot_name_a_blank_node_and_changes_nothing_then() -> None:
    with Store.open(None) as store:
        store.replace_graph_lines(GRAPHS[0], [POOL[0], BNODE])
        before = named_and_default(store)
        blank = next(q.triple for q in store.reader.quads_for_pattern(None, None, None, ox.NamedNode(GRAPHS[0]))
                     if isinstance(q.object, ox.BlankNode))
        with pytest.raises(StoreError, match="blank nodes"):
            store.change_graph(GRAPHS[0], {blank}, set())
        assert named_and_default(store) == before


def test_a_statement_that_loses_one_of_two_confidences_loses_its_review_order() -> None:
    """Found by the property test above: a statement stated with 0.75 in one graph and 0.6 in
    another kept both review orders once the 0.6 was gone (the derivation's BIND did not compare
    inside EXISTS), and the check did not see it."""
    order = f"SELECT ?o WHERE {{ <{EX}s1> <{RG}reviewOrder> ?o }}"
    with Store.open(None) as store:
        store.replace_graph_lines(CURATION, [f'<{EX}s1> <{RG}confidence> "0.75"{DEC} .'])
        store.replace_graph_lines(GRAPHS[0], [f'<{EX}s1> <{RG}confidence> "0.6"{DEC} .'])
        assert len(store.select(order)) == 2
        store.replace_graph_lines(GRAPHS[0], [])
        assert [str(row["o"]).startswith("0.75") for row in store.select(order)] == [True]
        assert store.check_query_graph() == (0, 0)


def test_the_display_label_follows_every_write() -> None:
    """The display label through the writes that change it: a smaller German label arrives, is
    removed again, an English one never beats a German one, the last German label goes, a SPARQL
    update adds one, everything goes (each step also checked against the oracle)."""
    o1, a, b, c = f"<{EX}o1>", *GRAPHS

    def shown(store: Store) -> list[str]:
        return [str(r["l"]) for r in store.select(f"SELECT ?l WHERE {{ {o1} <{RG}displayLabel> ?l }}")]

    with Store.open(None) as store:
        steps = [
            (lambda: store.replace_graph_lines(a, [f'{o1} {LABEL} "Org 1"@de .']), ["Org 1"]),
            (lambda: store.replace_graph_lines(b, [f'{o1} {LABEL} "Alpha"@de .']), ["Alpha"]),
            (lambda: store.remove_graph(b), ["Org 1"]),
            (lambda: store.replace_graph_lines(c, [f'{o1} {LABEL} "Aardvark"@en .']), ["Org 1"]),
            (lambda: store.remove_graph(a), ["Aardvark"]),
            (lambda: store.update(f'INSERT DATA {{ GRAPH <{c}> {{ {o1} {LABEL} "Zeta"@de-AT }} }}'), ["Zeta"]),
            (lambda: store.update(f'INSERT DATA {{ GRAPH <{c}> {{ {o1} {LABEL} "Beta"@de }} }}'), ["Beta"]),
            (lambda: store.update(f'DELETE DATA {{ GRAPH <{c}> {{ {o1} {LABEL} "Beta"@de }} }}'), ["Zeta"]),
            (lambda: store.remove_graph(c), []),
        ]
        for step, (write, expected) in enumerate(steps):
            write()
            assert shown(store) == expected, step
            named, default = named_and_default(store)
            assert default == named | derived_links(named), step


def test_an_update_that_names_no_graph_rebuilds_the_query_graph() -> None:
    with Store.open(None) as store:
        store.replace_graph(G1, triples(2))
        store.replace_graph(G2, triples(2, "y"))
        store.update("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o FILTER(CONTAINS(STR(?s), 'x-')) } }")
        named, default = named_and_default(store)
        assert default == named | derived_links(named) and len(named) == 2


def test_a_store_without_query_graph_is_rebuilt_once_when_opened_for_writing(tmp_path: Path, caplog) -> None:

    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(3))
        store.replace_graph(G2, triples(3))
    _unpublish(tmp_path)
    raw = ox.Store(str(tmp_path / "store"))  # what an older ruhrgraph wrote, or `oxigraph load`
    raw.update("CLEAR DEFAULT")
    assert querygraph.check(raw) == (3, 0)
    raw.flush()
    del raw
    with Store.open(tmp_path, read_only=True) as store:  # a reader reads the union meanwhile
        assert len(store.select("SELECT ?s WHERE { ?s ?p ?o }")) == 6
    assert "no query graph yet" in caplog.text
    with Store.open(tmp_path) as store:
        assert store.check_query_graph() == (0, 0)
        assert len(store.select(f"SELECT ?s WHERE {{ ?s <{LABEL[1:-1]}> ?o }}")) == 3
    assert "it was rebuilt from the named graphs (6 triples)" in caplog.text


def test_data_loaded_straight_into_oxigraph_gets_its_query_graph(tmp_path: Path) -> None:

    data = (f"<{G1}> {{ <https://w3id.org/ruhrgraph/id/city/essen> <http://www.w3.org/2000/01/rdf-schema#label> "
            f'"Essen"@de }}\n').encode()
    with Store.open(None) as store:  # a writer: rebuilt before the first query
        store.oxigraph.load(data, format=ox.RdfFormat.TRIG)
        assert len(store.select("SELECT ?s WHERE { ?s ?p ?o }")) == 2  # the label and its display label
    with Store.open(tmp_path) as store:  # on disk: rebuilt when the writer closes
        store.oxigraph.load(data, format=ox.RdfFormat.TRIG)
    with Store.open(tmp_path, read_only=True) as store:
        assert store.check_query_graph() == (0, 0)


def test_the_change_journal_names_every_graph_a_writer_touched(tmp_path: Path) -> None:
    """The journal (ruhrgraph.store.journal) over-reports, never under-reports: the incremental
    check and the incremental dumps redo only the graphs it names."""
    g2 = URIRef("https://w3id.org/ruhrgraph/graph/article/b")
    with Store.open(tmp_path) as store:
        store.replace_graph(G1, triples(3))
        start = store.change_mark()
        assert store.changed_since(start) == set()
        store.replace_graph(g2, triples(2))
        assert store.changed_since(start) == {str(g2)}
        store.remove_graph(G1)
        assert store.changed_since(start) == {str(g2), str(G1)}
        later = store.change_mark()
        store.update(f"INSERT DATA {{ GRAPH <{G1}> {{ <urn:s> <urn:p> 1 }} }}", graphs=[str(G1)])
        assert store.changed_since(later) == {str(G1)}
        store.update(f"INSERT DATA {{ GRAPH <{g2}> {{ <urn:s> <urn:p> 2 }} }}")  # graphs not named
        assert store.changed_since(later) is None
        kept = store.change_mark()
        store.reader.query("ASK { ?s ?p ?o }")  # reading records nothing
        assert store.changed_since(kept) == set()
        assert store.oxigraph is not None  # the full API may write anything
        assert store.changed_since(kept) is None
        assert store.changed_since("another-journal:40") is None and store.changed_since(None) is None
        last = store.change_mark()
    with Store.open(tmp_path) as store:  # the mark holds across processes
        assert store.changed_since(last) == set()
        store.replace_graph(G1, triples(1))
        assert store.changed_since(last) == {str(G1)}
    with Store.open(tmp_path, read_only=True) as reader:  # a reader keeps no journal
        assert reader.change_mark() is None and reader.changed_since(last) is None
    (tmp_path / "lock").write_text("999999999")  # a writer that died without closing the store
    with Store.open(tmp_path) as store:
        assert store.changed_since(last) is None


def test_a_store_without_derived_links_gets_them_when_opened_for_writing(tmp_path: Path, caplog) -> None:

    seat = f"<{EX}o0> <{RG}basedIn> <{PLACE}c0> .\n<{PLACE}c0> {WITHIN[2]} <{PLACE}c1> ."
    with Store.open(tmp_path) as store:
        store.replace_graph_lines(G1, seat.splitlines())
        assert store.check_query_graph() == (0, 0)
    _unpublish(tmp_path)
    raw = ox.Store(str(tmp_path / "store"))  # what a ruhrgraph before the derived links wrote
    raw.update(f"DELETE WHERE {{ ?x <{RG}basedWithin> ?y }}")
    assert querygraph.check(raw) == (2, 0) and querygraph.needs_derived(raw)
    raw.flush()
    del raw
    with Store.open(tmp_path) as store:
        assert store.check_query_graph() == (0, 0)
        rows = store.select(f"SELECT ?y WHERE {{ <{EX}o0> <{RG}basedWithin> ?y }}")
        assert sorted(str(r["y"]) for r in rows) == [f"{PLACE}c0", f"{PLACE}c1"]
    assert "lacked derived links" in caplog.text
