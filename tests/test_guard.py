"""The SPARQL guard, tested differentially against the engine it protects.

Whatever the guard accepts is run on a real Oxigraph store while a TCP listener on 127.0.0.1
counts connections: an accepted query must never make the engine connect anywhere. The queries
hide ``SERVICE`` behind escapes, comments, strings, IRIs, Unicode local names and variables.
Hypothesis runs derandomised (a fixed seed) with a bounded number of examples.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ruhrgraph.sparql.guard import Policy, QueryRefused, check, tokenize

BASE = "https://w3id.org/ruhrgraph/"


class Listener:
    """A loopback TCP server that accepts, counts and closes every connection."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode(BASE + "id/a"), ox.NamedNode(BASE + "p"), ox.Literal("x"),
                  ox.NamedNode(BASE + "graph/g")))
    return s


def run_on_engine(store: ox.Store, query: str) -> None:
    """Run ``query`` on Oxigraph and consume the answer; engine errors are not our concern here."""
    try:
        answer = store.query(query, use_default_graph_as_union=True)
        if isinstance(answer, (ox.QuerySolutions, ox.QueryTriples)):
            for _ in answer:
                pass
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass


def escape_letters(word: str, picks: list[bool]) -> str:
    flags = picks + [False] * len(word)
    return "".join(f"\\u{ord(c):04X}" if pick else c for c, pick in zip(word, flags, strict=False))


PUBLIC = Policy(is_local_graph=lambda iri: iri.startswith(BASE))

# -- building blocks of hostile queries ------------------------------------------------------
KEYWORD_CASES = st.sampled_from(["SERVICE", "service", "Service", "sErViCe"])
SEPARATORS = st.sampled_from([" ", "\n", "\t", " # comment }\n", "  #'\n ", " \r\n "])
DECOYS = st.sampled_from([
    "",
    "ex:a\\' ?p ?o .",                       # an escaped quote in a local name
    "?s ex:p \"it's\" .",
    "?s ex:p 'a \"b' .",
    "?s ex:p '''multi ' '' line''' .",
    "?s <http://ex/#'> ?o .",
    "?s ex:a\u203fb ?o .",                   # U+203F (undertie) inside a local name
    "?s ex:p \"\\\"\" .",
    "?s ex:p \"# not a comment\" .",
    "?s ex:p ?o . FILTER(?o != \"}\")",
    "?s ex:p ?o . FILTER(REGEX(?o, \"SERVICE <x> {\"))",
])
WRAPPERS = st.sampled_from([
    "{body}",
    "OPTIONAL {{ {body} }}",
    "{{ ?x ?y ?z }} UNION {{ {body} }}",
    "?x ?y ?z FILTER EXISTS {{ {body} }}",
    "{{ SELECT * WHERE {{ {body} }} }}",
])


@st.composite
def hostile_queries(draw: st.DrawFn, port: int) -> str:
    keyword = draw(KEYWORD_CASES)
    picks = draw(st.lists(st.booleans(), min_size=len(keyword), max_size=len(keyword)))
    if draw(st.booleans()):
        keyword = escape_letters(keyword, picks)
    target_kind = draw(st.sampled_from(["iri", "pname", "var", "escaped-iri"]))
    endpoint = f"http://127.0.0.1:{port}/sparql"
    prologue = f"PREFIX ex: <http://ex/> PREFIX loop: <http://127.0.0.1:{port}/>\n"
    values = ""
    if target_kind == "iri":
        target = f"<{endpoint}>"
    elif target_kind == "pname":
        target = "loop:sparql"
    elif target_kind == "escaped-iri":
        target = "<" + endpoint.replace("127", "\\u0031\\u0032\\u0037", 1) + ">"
    else:
        target = "?endpoint"
        values = f" VALUES ?endpoint {{ <{endpoint}> }}"
    silent = draw(st.sampled_from(["", "SILENT ", "silent "]))
    sep1, sep2 = draw(SEPARATORS), draw(SEPARATORS)
    service = f"{keyword}{sep1}{silent}{target}{sep2}{{ ?a ?b ?c }}"
    decoy = draw(DECOYS)  # before the SERVICE in the text, in an OPTIONAL so that it never empties the join
    body = draw(WRAPPERS).format(body=service)
    return f"{prologue}SELECT * WHERE {{ OPTIONAL {{ {decoy} }} {body}{values} }}"


def test_the_harness_sees_a_service_call(listener: Listener, store: ox.Store) -> None:
    """Without the guard the engine does call out: the listener would catch a guard that fails."""
    before = listener.hits
    run_on_engine(store, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?a ?b ?c }} }}")
    assert listener.hits > before


def test_plain_service_is_refused(listener: Listener) -> None:
    with pytest.raises(QueryRefused) as refused:
        check(f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}", PUBLIC)
    assert refused.value.status == 403


@settings(max_examples=300, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_whatever_the_guard_accepts_makes_no_request(data: st.DataObject, listener: Listener,
                                                     store: ox.Store) -> None:
    query = data.draw(hostile_queries(listener.port))
    try:
        check(query, PUBLIC)
    except QueryRefused:
        return
    before = listener.hits
    run_on_engine(store, query)
    assert listener.hits == before, f"the guard accepted a query that made a request:\n{query}"


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("SERVICEservice{}<>?\"'\\#: \nu0123456789ABCDEFx.;")), max_size=80))
def test_arbitrary_text_never_crashes_the_guard(text: str) -> None:
    """The guard answers every text with an accepted query or a refusal, never another error."""
    try:
        check(text, PUBLIC)
    except QueryRefused:
        pass


@pytest.mark.parametrize("depth", [65, 400, 3000])
def test_deep_nesting_is_refused_before_the_engine(depth: int) -> None:
    with pytest.raises(QueryRefused, match=r"nested too deeply|too complex"):
        check("SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth, PUBLIC)


def test_nesting_hidden_behind_string_brackets_is_still_refused() -> None:
    """Closing brackets inside strings cannot lower the depth the grammar sees."""
    query = "SELECT * WHERE " + "{ ?s ?p \"}\" . " * 500 + "}" * 500
    with pytest.raises(QueryRefused):
        check(query, PUBLIC)


def test_ordinary_queries_pass() -> None:
    q = 'PREFIX schema: <https://schema.org/> SELECT ?o WHERE { ?o schema:name "Service GmbH" } LIMIT 5'
    assert check(q, PUBLIC).form == "SELECT"
    assert check("ASK { ?s ?p ?o }", PUBLIC).form == "ASK"
    assert check(f"SELECT * FROM <{BASE}graph/g> WHERE {{ ?s ?p ?o }}", PUBLIC).from_graphs == (BASE + "graph/g",)


def test_tokenizer_is_linear_on_unterminated_strings() -> None:
    text = "SELECT * { ?s ?p \"" + "a" * 50_000
    assert len(tokenize(text)) > 1
