"""Ordering rows in Python (ruhrgraph.sparql.order) gives Oxigraph's own ORDER BY order."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruhrgraph.sparql import order
from ruhrgraph.sparql.run import execute
from ruhrgraph.store.local import Store

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/"


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype) if datatype else None)


IRIS = [ox.NamedNode(EX + name) for name in ("a", "b", "B", "ä", "a/b")] + [ox.BlankNode("x"), ox.BlankNode("y")]
STRINGS = [_lit(v) for v in ("a", "b", "B", "ä", "", "a b")] + [
    _lit("a", lang="de"), _lit("a", lang="en"), _lit("b", lang="de"), _lit("a", lang="de-at"), _lit("Z", lang="fr")]
NUMBERS = [_lit(v, "integer") for v in ("1", "2", "-3", "10")] + [_lit(v, "decimal") for v in ("1.5", "0.25", "-0.5")]
DOUBLES = [_lit(v, "double") for v in ("2.5E0", "-1.0E3", "INF", "3.0E0")]
DATES = [_lit(v, "date") for v in ("2023-01-02", "2022-12-31", "2023-11-14")]
OTHERS = [_lit("2023-01-02T00:00:00Z", "dateTime"), _lit("true", "boolean"), _lit("1.5", "float")]
CLASSES = {"iris": IRIS, "strings": STRINGS, "numbers": NUMBERS, "doubles": DOUBLES, "dates": DATES}


def _store(rows: list[tuple[ox.Literal | ox.NamedNode | ox.BlankNode | None, ...]]) -> ox.Store:
    store = ox.Store()
    for i, row in enumerate(rows):
        subject = ox.NamedNode(f"{EX}row/{i}")
        store.add(ox.Quad(subject, ox.NamedNode(EX + "row"), ox.Literal(str(i))))
        for column, value in zip("ab", row, strict=True):
            if value is not None:
                store.add(ox.Quad(subject, ox.NamedNode(EX + column), value))
    return store


def _query(keys: list[tuple[str, bool]]) -> str:
    order_by = " ".join(f"DESC(?{v})" if desc else f"?{v}" for v, desc in keys)
    return (f"SELECT ?a ?b WHERE {{ ?r <{EX}row> ?i OPTIONAL {{ ?r <{EX}a> ?a }} OPTIONAL {{ ?r <{EX}b> ?b }} }} "
            f"ORDER BY {order_by}")


def _pool(kinds: list[str]) -> list[ox.Literal | ox.NamedNode | ox.BlankNode | None]:
    return [None, *[term for kind in kinds for term in (CLASSES[kind] if kind in CLASSES else OTHERS)]]


column = st.lists(st.sampled_from([*CLASSES, "others"]), min_size=1, max_size=2, unique=True)


@settings(max_examples=200, deadline=None)
@given(kinds=st.tuples(column, column), data=st.data(),
       keys=st.lists(st.tuples(st.sampled_from("ab"), st.booleans()), min_size=1, max_size=2, unique_by=lambda k: k[0]))
def test_rows_are_ordered_as_oxigraph_orders_them(kinds, data, keys) -> None:
    """Random rows over values of one or two kinds per column: Python's order is Oxigraph's, or the
    sorter gives up — and it gives up only on a column whose literals it cannot order exactly."""
    pools = [_pool(k) for k in kinds]
    rows = data.draw(st.lists(st.tuples(st.sampled_from(pools[0]), st.sampled_from(pools[1])), max_size=12))
    store = _store(rows)
    text = _query(keys)
    plan = order.unordered(text)
    assert plan is not None and plan.keys == tuple(keys)
    expected = [tuple(solution) for solution in store.query(text)]
    got = [tuple(solution) for solution in store.query(plan.text)]
    sorter = order.Sorter(plan.keys, ["a", "b"])
    for row in got:
        sorter.add(row)
    ordered = sorter.order(got)
    mixed = False
    for name, _ in keys:
        classes = {_class(row["ab".index(name)]) for row in rows} - {None}
        mixed = mixed or "other" in classes or len(classes) > 1
    assert (ordered is None) == mixed, "the sorter gives up exactly on a mixture of literals"
    if ordered is not None:
        assert ordered == expected


def _class(term: ox.Literal | ox.NamedNode | ox.BlankNode | None) -> str | None:
    """The kind of a literal (None for IRIs, blank nodes and unbound)."""
    if not isinstance(term, ox.Literal):
        return None
    return next((kind for kind, pool in CLASSES.items() if term in pool), "other")


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_a_column_of_one_kind_is_ordered_in_python(kind: str) -> None:
    rows = [(v, None) for v in CLASSES[kind]] * 2
    sorter = order.Sorter([("a", True)], ["a", "b"])
    for row in rows:
        sorter.add(row)
    assert sorter.order(rows) is not None


@pytest.mark.parametrize(("text", "keys"), [
    ("SELECT * { ?s ?p ?o } ORDER BY ?s", (("s", False),)),
    ("SELECT * { ?s ?p ?o } order by asc(?s) desc($o)", (("s", False), ("o", True))),
    ("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?o LIMIT 1 } } ORDER BY ?s # the end", (("s", False),)),
    ("SELECT * { ?s ?p ?o } ORDER BY ?s VALUES ?s { <a:b> }", (("s", False),)),
])
def test_a_plain_final_order_by_is_cut_out(text: str, keys: tuple[tuple[str, bool], ...]) -> None:
    plan = order.unordered(text)
    assert plan is not None and plan.keys == keys
    assert "ORDER" not in plan.text.split("}")[-1].upper()


@pytest.mark.parametrize("text", [
    "SELECT * { ?s ?p ?o }",
    "SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 10",
    "SELECT * { ?s ?p ?o } ORDER BY ?s OFFSET 1",
    "SELECT * { ?s ?p ?o } ORDER BY STR(?s)",
    "SELECT * { ?s ?p ?o } ORDER BY (?s)",
    "SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?s } }",
])
def test_anything_else_is_left_to_oxigraph(text: str) -> None:
    assert order.unordered(text) is None


def test_execute_orders_in_python_and_falls_back_to_oxigraph() -> None:
    """Through :func:`execute`: a column of strings is ordered here; numbers mixed with strings
    (an order Oxigraph does not define totally) and a key the query does not project are left to
    Oxigraph — the rows are Oxigraph's in every case."""
    with Store.open(None) as store:
        values = ['"b"', '"a"@de', '"ä"', "2", '"10"', "1.5"]
        store.update("INSERT DATA { GRAPH <https://w3id.org/ruhrgraph/graph/t> { "
                     + " ".join(f"<{EX}s{i}> <{EX}p> {v} ." for i, v in enumerate(values)) + " } }")
        for text in (f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o FILTER(isLiteral(?o) && DATATYPE(?o) != <{XSD}integer> "
                     f"&& DATATYPE(?o) != <{XSD}decimal>) }} ORDER BY DESC(?o) ?s",
                     f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o ?s",
                     f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?o"):
            got = [str(row["s"]) for row in execute(text, store=store).rows]
            want = [s["s"].value for s in store.oxigraph.query(text)]
            assert got == want and len(got) >= 3
