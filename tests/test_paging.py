"""Paged saved queries (grlc's ``#+ pagination``): the pages of the shipped review queue, read one
after the other, give its rows exactly once and in order; malformed headers are named."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest

from ruhrgraph import errors
from ruhrgraph.sparql.paging import paged
from ruhrgraph.sparql.saved import get_query, load_query, run_query
from ruhrgraph.store.local import Store

RG = "https://w3id.org/ruhrgraph/ontology#"
ID = "https://w3id.org/ruhrgraph/id/"
GRAPH = "https://w3id.org/ruhrgraph/graph/article/a"
XSD = "http://www.w3.org/2001/XMLSchema#"
# seven statements, four of them tied at 0.6 (the IRI decides), one with two evidence sentences,
# one at the threshold (left out) — listed here in no particular order
CONFIDENCES = {"m3": "0.6", "m1": "0.75", "e9": "0.6", "m2": "0.5", "a7": "0.6", "z0": "0.8", "b4": "0.6"}


def _lines() -> list[str]:
    lines = []
    for name, confidence in CONFIDENCES.items():
        s = f"<{ID}statement/{name}>"
        lines += [f"{s} a <{RG}Assertion> .", f'{s} <{RG}confidence> "{confidence}"^^<{XSD}decimal> .',
                  f'{s} <{RG}displayLabel> "{name}" .']
        for n in (1, 2) if name == "a7" else (1,):
            e = f"<{ID}evidence/{name}-{n}>"
            lines += [f"{s} <{RG}evidence> {e} .", f'{e} <{RG}sentenceIndex> "{n}"^^<{XSD}integer> .',
                      f'{e} <{RG}quote> "Satz {n} über {name}." .']
    return lines


@pytest.fixture
def store():
    with Store.open(None) as opened:
        opened.replace_graph_lines(GRAPH, _lines())
        yield opened


def _statements(rows) -> list[tuple[str, int]]:
    return [(str(r["statement"]).rsplit("/", 1)[-1], int(r["sentence"])) for r in rows]


def test_the_review_queue_lists_the_lowest_confidence_first(store: Store) -> None:
    result = run_query("low-confidence-statements", {}, store=store)
    assert _statements(result.rows) == [("m2", 1), ("a7", 1), ("a7", 2), ("b4", 1), ("e9", 1), ("m3", 1),
                                        ("m1", 1)]
    assert result.notice == ""  # a page not full: the last one
    assert run_query("low-confidence-statements", {"page": "2"}, store=store).rows == ()


def _queue_order(name: str) -> tuple[Decimal, str]:
    """The queue's order, worked out here: confidence, then nine decimal digits of the IRI's MD5
    (rg:reviewOrder, :mod:`ruhrgraph.store.querygraph`), then the IRI."""
    iri = f"{ID}statement/{name}"
    digits = (re.sub("[a-f]", "", hashlib.md5(iri.encode()).hexdigest()) + "0" * 9)[:9]
    return Decimal(CONFIDENCES[name]) + Decimal(f"0.000000000{digits}"), iri


def test_pages_read_one_after_the_other_give_every_row_once_in_order(store: Store, tmp_path: Path) -> None:
    """The shipped queue with two statements a page instead of 100: pages 1, 2, 3 … hold the
    statements in the queue's order (a statement's evidence rows stay on its page), together every
    row of the whole queue once; the notice of a full page names the next one."""
    text = get_query("low-confidence-statements").path.read_text(encoding="utf-8")
    small = re.sub(r"#\+ pagination: 100", "#+ pagination: 2", text).replace("LIMIT 100", "LIMIT 2")
    (tmp_path / "queue.rq").write_text(small, encoding="utf-8")
    whole = _statements(run_query("low-confidence-statements", {}, store=store).rows)
    pages, notices = [], []
    for page in range(1, 6):
        result = run_query("queue", {"page": str(page)}, store=store, folder=tmp_path)
        pages.append(_statements(result.rows))
        notices.append(result.notice)
    assert sorted(row for rows in pages for row in rows) == sorted(whole) and len(whole) == 7
    queue = sorted((n for n, c in CONFIDENCES.items() if Decimal(c) < Decimal("0.8")), key=_queue_order)
    assert [sorted({s for s, _ in rows}) for rows in pages] == [sorted(queue[0:2]), sorted(queue[2:4]),
                                                                sorted(queue[4:6]), [], []]
    assert queue[0] == "m2" and queue[-1] == "m1"  # lowest confidence first
    assert notices[0] == "page 1: items 1–2 (2 a page); the next ones: --param page=2"
    assert notices[3:] == ["", ""]
    below = run_query("queue", {"page": "2", "threshold": "0.6"}, store=store, folder=tmp_path)
    assert _statements(below.rows) == []  # only m2 is below 0.6: one page


def test_a_query_without_its_own_limit_gets_grlcs(tmp_path: Path, store: Store) -> None:
    (tmp_path / "ordered.rq").write_text(
        "#+ summary: every statement by IRI\n#+ tags: [t]\n#+ pagination: 3\n"
        f"SELECT ?s WHERE {{ ?s <{RG}confidence> ?c }} ORDER BY ?s\n", encoding="utf-8")
    query = load_query(tmp_path / "ordered.rq")
    assert query.page_size == 3 and [p.name for p in query.parameters] == ["page"]
    assert paged(query.sparql, 3, 2).endswith("ORDER BY ?s\nLIMIT 3 OFFSET 3")
    names = [[str(r["s"]).rsplit("/", 1)[-1] for r in run_query("ordered", {"page": str(p)}, store=store,
                                                                  folder=tmp_path).rows] for p in (1, 2, 3)]
    assert names == [["a7", "b4", "e9"], ["m1", "m2", "m3"], ["z0"]]
    with pytest.raises(errors.ParameterError, match="not a positive integer"):
        run_query("ordered", {"page": "0"}, store=store, folder=tmp_path)


@pytest.mark.parametrize(("header", "body", "problem"), [
    ("#+ pagination: many\n", "SELECT ?s WHERE { ?s ?p ?o }", "whole number of rows per page"),
    ("#+ pagination: 0\n", "SELECT ?s WHERE { ?s ?p ?o }", "whole number of rows per page"),
    ("#+ pagination: 5\n", "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } } LIMIT 5", "2 clauses LIMIT 5"),
    ("#+ pagination: 5\n", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 OFFSET 5", "has an OFFSET"),
    ("#+ pagination: 5\n", "SELECT ?s WHERE { ?s ?p ?__page }", "cannot have a parameter called 'page'"),
])
def test_malformed_pagination_is_named(tmp_path: Path, header: str, body: str, problem: str) -> None:
    path = tmp_path / "paged.rq"
    path.write_text(f"#+ summary: s\n{header}{body}\n", encoding="utf-8")
    with pytest.raises(errors.QueryError, match=re.escape(problem)) as info:
        load_query(path)
    assert str(path) in str(info.value)
