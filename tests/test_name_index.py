"""The name index of a published snapshot brought up to date from the previous generation's
(:mod:`ruhrgraph.sparql.names`): after any sequence of writes and publications it holds exactly
the entries of a fresh build of the same snapshot, and it is refreshed, not rebuilt, when the
change journal tells what was written."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruhrgraph.sparql import names
from ruhrgraph.store import snapshot
from ruhrgraph.store.local import Store

ID = "https://w3id.org/ruhrgraph/id/organisation/"
RG = "https://w3id.org/ruhrgraph/ontology#"
LABEL, PREF = "<http://www.w3.org/2000/01/rdf-schema#label>", "<http://www.w3.org/2004/02/skos/core#prefLabel>"
GRAPHS = [f"https://w3id.org/ruhrgraph/graph/article/{n}" for n in "abc"]
# labels and types of a few entities: German against English, two properties, the same label in
# several graphs (one graph's removal keeps it), an umlaut and an acronym, a blank node (not indexed)
POOL = [f'<{ID}e{i}> {LABEL} "Wirtschaftsförderung {i}"@de .' for i in range(4)] + [
    f'<{ID}e0> {LABEL} "Business Metropole Ruhr"@en .', f'<{ID}e1> {PREF} "BMR" .',
    f'<{ID}e2> {LABEL} "Zeche Zollverein"@de .', f'<{ID}e4> {LABEL} "Städtische Werke AG" .',
    f"<{ID}e0> a <{RG}Organisation> .", f"<{ID}e1> a <{RG}Company> .", f"<{ID}e4> a <{RG}Company> .",
    f"<{ID}e3> a <{RG}University> .", f'_:b {LABEL} "Anonym"@de .']


def _content(conn: sqlite3.Connection) -> tuple[list, list, list]:
    """The index without its entity numbers: entries, keys and words by IRI."""
    iri = dict(conn.execute("SELECT id, iri FROM entities"))
    entities = sorted(conn.execute("SELECT iri, labels, types FROM entities"))
    keys = sorted((tier, key, iri[e]) for tier, key, e in conn.execute("SELECT tier, key, entity FROM keys"))
    words = sorted((w, iri[e], label, variant)
                   for w, e, label, variant in conn.execute("SELECT word, entity, label, variant FROM words"))
    return entities, keys, words


def _published(folder: Path) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    """The published index and a fresh build of the same snapshot."""
    generation = snapshot.current(folder)
    assert generation is not None
    written = sqlite3.connect(names.index_path(folder, generation))
    fresh = names.build(ox.Store.read_only(str(folder / "snapshots" / generation)), None)
    return written, fresh


session = st.lists(st.one_of(
    st.tuples(st.just("replace"), st.sampled_from(GRAPHS), st.lists(st.sampled_from(POOL), max_size=5)),
    st.tuples(st.just("remove"), st.sampled_from(GRAPHS), st.just([])),
    st.tuples(st.just("update"), st.sampled_from(GRAPHS), st.lists(st.sampled_from(POOL[:-1]), max_size=2)),
    st.tuples(st.just("direct"), st.sampled_from(GRAPHS), st.lists(st.sampled_from(POOL[:-1]), max_size=2)),
), min_size=1, max_size=3)


@settings(max_examples=30, deadline=None)
@given(st.lists(session, min_size=1, max_size=4))
def test_a_refreshed_name_index_equals_a_fresh_build(sessions) -> None:
    """Writers that replace, remove and update graphs (and one that writes around the journal,
    which makes the next index a fresh build), each publishing when it closes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for ops in sessions:
            with Store.open(folder) as store:
                for kind, graph, lines in ops:
                    if kind == "replace":
                        store.replace_graph_lines(graph, sorted(set(lines)))
                    elif kind == "remove":
                        store.remove_graph(graph)
                    elif kind == "update":  # what a curation or a steward's SPARQL update does
                        store.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{ID}e0> ?p ?o }} }} ;\n"
                                     f"INSERT DATA {{ GRAPH <{graph}> {{ {' '.join(lines)} }} }}", graphs=[graph])
                    else:  # around the journal: the query graph is rebuilt when the store closes
                        store.oxigraph.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {' '.join(lines)} }} }}")
                        store.repair_query_graph()
            written, fresh = _published(folder)
            assert _content(written) == _content(fresh)
            written.close()
            fresh.close()


def test_the_index_is_refreshed_when_the_journal_tells_what_changed(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real_build = names.build

    def build(database: ox.Store, target: Path | None, mark: str = "") -> sqlite3.Connection:
        if target is not None:  # the writer's (the test's fresh builds are kept in memory)
            built.append(mark)
        return real_build(database, target, mark)

    monkeypatch.setattr(names, "build", build)
    with Store.open(tmp_path) as store:
        store.replace_graph_lines(GRAPHS[0], POOL[:3])
    assert len(built) == 1  # the first generation: built afresh
    with Store.open(tmp_path) as store:
        store.replace_graph_lines(GRAPHS[1], [f'<{ID}e9> {LABEL} "Neue GmbH"@de .'])
        store.remove_graph(GRAPHS[0])
    assert len(built) == 1  # refreshed from the first generation's index
    written, fresh = _published(tmp_path)
    assert _content(written) == _content(fresh)
    assert [iri for (iri,) in written.execute("SELECT iri FROM entities")] == [f"{ID}e9"]
    written.close()
    with Store.open(tmp_path) as store:
        store.oxigraph.update(f"INSERT DATA {{ GRAPH <{GRAPHS[2]}> {{ {POOL[5]} }} }}")  # journal: any graph
        store.repair_query_graph()
    assert len(built) == 2  # the journal cannot tell what changed: built afresh
    written, fresh = _published(tmp_path)
    assert _content(written) == _content(fresh)
