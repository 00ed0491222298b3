"""Reading the store (ruhrgraph.network.facts) and projecting it onto networkx views
(ruhrgraph.network.views)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pyoxigraph as ox
import pytest

import ruhrgraph.network.facts
import ruhrgraph.network.views
from ruhrgraph.errors import ParameterError
from ruhrgraph.network.facts import load_facts
from ruhrgraph.network.views import VIEWS, merge_intervals, project
from ruhrgraph.store.local import Store

DATA = Path(__file__).parent / "data" / "analytics"
ID = "https://w3id.org/ruhrgraph/id/"
RG = "https://w3id.org/ruhrgraph/ontology#"
EXCLUDED_TYPES = {RG + t for t in ("Article", "Evidence", "Assertion", "Membership", "ExtractionActivity",
                                   "AnalysisActivity", "Score", "Delegation", "Role", "Sector")}


@pytest.fixture()
def five() -> Store:
    store = Store(None)
    store.oxigraph.load(path=str(DATA / "five_actors.trig"), format=ox.RdfFormat.TRIG)
    yield store
    store.close()


def labelled(graph):  # type: ignore[no-untyped-def]
    return {graph.nodes[n]["label"]: n for n in graph}


def test_actor_nodes_are_the_five_actors(five: Store) -> None:
    graph = project(five, "actors")
    assert sorted(labelled(graph)) == ["Alpha Technik GmbH", "Beta Institut", "Essen", "Korea",
                                       "Petra Beispiel"]


@pytest.mark.parametrize(("label", "attribute", "expected"), [
    ("Alpha Technik GmbH", "category", "organisation"),
    ("Alpha Technik GmbH", "rdf_class", "Company"),
    ("Alpha Technik GmbH", "city", "Essen"),
    ("Alpha Technik GmbH", "sectors", ("Medizintechnik",)),
    ("Alpha Technik GmbH", "wikidata", "Q4242"),
    ("Alpha Technik GmbH", "article_count", 2),
    ("Alpha Technik GmbH", "first_seen", "2023-10-02"),
    ("Alpha Technik GmbH", "last_seen", "2023-11-17"),
    ("Beta Institut", "rdf_class", "ResearchInstitute"),
    ("Beta Institut", "city", "Dortmund"),  # from the gazetteer graph
    ("Petra Beispiel", "category", "person"),
    ("Petra Beispiel", "city", "Essen"),  # through her employer
    ("Korea", "category", "country"),
    ("Korea", "spells", (("2023-11-14", "2023-11-17"),)),
    ("Essen", "category", "city"),
    ("Essen", "spells", (("2023-10-02", "2023-10-02"), ("2023-11-14", "2023-11-14"))),
])
def test_node_attributes(five: Store, label: str, attribute: str, expected: object) -> None:
    graph = project(five, "actors")
    assert graph.nodes[labelled(graph)[label]][attribute] == expected


@pytest.mark.parametrize(("a", "b", "weight", "relations"), [
    ("Petra Beispiel", "Alpha Technik GmbH", 2, ("affiliation",)),
    ("Alpha Technik GmbH", "Essen", 2, ("location",)),
    ("Korea", "Alpha Technik GmbH", 1, ("visit",)),
    ("Korea", "Beta Institut", 1, ("visit",)),
    ("Alpha Technik GmbH", "Beta Institut", 1, ("co-participation",)),
])
def test_actor_ties_weighted_by_supporting_articles(five: Store, a: str, b: str, weight: int,
                                                    relations: tuple[str, ...]) -> None:
    graph = project(five, "actors")
    nodes = labelled(graph)
    edge = graph.edges[nodes[a], nodes[b]]
    assert (edge["weight"], edge["article_count"], edge["relations"]) == (weight, weight, relations)


def test_no_other_ties(five: Store) -> None:
    assert project(five, "actors").number_of_edges() == 5


def test_visit_tie_remembers_its_event_and_evidence(five: Store) -> None:
    graph = project(five, "actors")
    nodes = labelled(graph)
    edge = graph.edges[nodes["Korea"], nodes["Alpha Technik GmbH"]]
    (support,) = edge["supports"]
    assert support.events == (ID + "visit/a2-1",)
    assert ID + "visit/a2-1" in support.statements
    assert edge["events"] == ("Besuch der Delegation aus Korea (2023-11-14 – 2023-11-17)",)
    assert edge["spells"] == (("2023-11-14", "2023-11-17"),)


def test_organisations_view(five: Store) -> None:
    graph = project(five, "organisations")
    nodes = labelled(graph)
    assert sorted(nodes) == ["Alpha Technik GmbH", "Beta Institut"]
    assert graph.edges[nodes["Alpha Technik GmbH"], nodes["Beta Institut"]]["relations"] == ("shared visit",)


def test_bipartite_view(five: Store) -> None:
    graph = project(five, "bipartite")
    nodes = labelled(graph)
    visit = nodes["Besuch der Delegation aus Korea"]
    assert graph.nodes[visit]["bipartite"] == 1 and graph.nodes[visit]["category"] == "event"
    neighbours = sorted(graph.nodes[n]["label"] for n in graph[visit])
    assert neighbours == ["Alpha Technik GmbH", "Beta Institut", "Korea"]
    assert graph.edges[visit, nodes["Korea"]]["relations"] == ("origin",)
    assert "Petra Beispiel" not in nodes  # at no event


def test_unknown_view_names_the_known_ones(five: Store) -> None:
    with pytest.raises(ParameterError, match="known views: actors, organisations, bipartite"):
        project(five, "people")


def test_empty_store_projects_to_empty_graphs() -> None:
    with Store.open(None) as store:
        for view in VIEWS:
            assert project(store, view).number_of_nodes() == 0


@pytest.mark.parametrize("view", VIEWS)
def test_seed_views_leave_out_non_actors_by_type(seed: Path, view: str) -> None:
    with Store.open(seed, read_only=True) as store:
        graph = project(store, view)
        types = {}
        for row in store.select("SELECT ?s ?t WHERE { ?s a ?t }"):
            types.setdefault(str(row["s"]), set()).add(str(row["t"]))
    assert graph.number_of_nodes() > 5
    for node in graph:
        assert not types[node] & EXCLUDED_TYPES, node
    allowed = {"organisation", "person", "city", "country"} | ({"event"} if view == "bipartite" else set())
    if view == "organisations":
        allowed = {"organisation"}
    assert {graph.nodes[n]["category"] for n in graph} <= allowed


def test_seed_actor_ties(seed: Path) -> None:
    with Store.open(seed, read_only=True) as store:
        graph = project(store, "actors")
    by_label = {graph.nodes[n]["label"]: n for n in graph}
    bmr = by_label["Business Metropole Ruhr"]
    assert "location" in graph.edges[bmr, by_label["Essen"]]["relations"]
    julia, wfd = by_label["Julia Jäger"], by_label["Wirtschaftsförderung Dortmund"]
    assert "affiliation" in graph.edges[julia, wfd]["relations"]


def test_facts_are_read_once_for_several_views(five: Store) -> None:
    facts = load_facts(five)
    assert project(five, "actors", facts=facts).number_of_edges() == project(five, "actors").number_of_edges()


@pytest.mark.parametrize("view", VIEWS)
def test_lean_projection_has_the_same_network(seed: Path, view: str) -> None:
    with Store.open(seed, read_only=True) as store:
        full, lean = project(store, view), project(store, view, lean=True)
    assert list(lean.nodes(data="label")) == list(full.nodes(data="label"))
    assert list(lean.edges(data="weight")) == list(full.edges(data="weight"))
    assert list(lean.edges(data="relations")) == list(full.edges(data="relations"))


def test_projection_is_deterministic(five: Store) -> None:
    first, second = project(five, "actors"), project(five, "actors")
    assert list(first.nodes(data="label")) == list(second.nodes(data="label"))
    assert list(first.edges(data="weight")) == list(second.edges(data="weight"))


def test_merge_intervals() -> None:
    assert merge_intervals([("2023-01-05", "2023-01-05"), ("2023-01-01", "2023-01-05")]) == (
        ("2023-01-01", "2023-01-05"),)
    assert merge_intervals([]) == ()


def test_doctests() -> None:
    assert doctest.testmod(ruhrgraph.network.views).failed == 0


def test_facts_doctests() -> None:
    assert doctest.testmod(ruhrgraph.network.facts).failed == 0
