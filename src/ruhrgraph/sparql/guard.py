"""The one guard for SPARQL text that comes from outside: ``ruhrgraph sparql`` and the public ``/sparql``.

A query is accepted only when a real SPARQL 1.1 grammar (rdflib's parser) parses it as a query
and the parse tree shows nothing the :class:`Policy` forbids. Whatever cannot be parsed is
refused: the guard **fails closed**. It refuses:

* updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP`` …): they are not queries (403);
* ``SERVICE`` anywhere in the tree (403) — a federated query would make ruhrgraph fetch from
  other servers, its own network included;
* ``FROM`` / ``FROM NAMED`` naming a graph outside the dataset (403) and Virtuoso's ``DEFINE``
  pragmas (which can make Virtuoso fetch documents) — unless the policy allows remote access;
* text over ``max_bytes``, brackets nested deeper than ``max_depth``, NUL characters (400).

Before the (slow, recursive) grammar runs, a linear-time lexer (:func:`tokenize`, the project's
one SPARQL tokenizer, also used to strip comments and to bind parameters) measures size and
depth. The grammar runs in a thread of its own with a bounded recursion budget, so deeply nested
text ends as a refusal, never as a crash. As a last line, the escape-expanded text must not
contain the shape ``SERVICE [SILENT] <target> {`` anywhere the grammar did not see a service
pattern (a parser differential must not open the door).

    >>> check("SELECT * WHERE { ?s ?p ?o } LIMIT 1").form
    'SELECT'
    >>> try:
    ...     check("PREFIX ex: <http://ex/> SELECT * { ex:a\\\\' ?p ?o . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }")
    ... except QueryRefused as exc:
    ...     print(exc.status, exc)
    403 refused: SERVICE sends part of the query to another server
    >>> try:
    ...     check("INSERT DATA { <a:b> <a:c> <a:d> }")
    ... except QueryRefused as exc:
    ...     print(exc.status, exc)
    403 refused: INSERT is an update operation; ruhrgraph only runs read-only queries
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruhrgraph.errors import QueryError

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                             "WITH"})

#: The recursion budget of the grammar's thread: enough for ~80 levels of nesting or ~200 triple
#: patterns in one group (rdflib's parser recurses per triple), far below what crashes Oxigraph.
RECURSION_LIMIT = 3000
_STACK_BYTES = 256 * 1024 * 1024

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<lstring>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\")
    | (?P<string>'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>(?:[^\W\d][\w\-.\u00B7\u203F\u2040]*)?:(?:[\w\-.:%\u00B7\u203F\u2040]|\\.)*|[^\W\d][\w\-]*)
    | (?P<number>\d[\d.]*(?:[eE][+-]?\d+)?)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_SHAPE = re.compile(
    r"(?i)(?<![\w:?$])service(?:\s|\#[^\n]*\n)+(?:silent(?:\s|\#[^\n]*\n)+)?"
    r"(?:<[^>]*>|[?$]\w+|[\w\-.]*:[^\s{]*)(?:\s|\#[^\n]*\n)*\{")


class QueryRefused(QueryError):
    """The query is refused before it reaches an engine; ``status`` is the HTTP status that fits."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Policy:
    """What the guard accepts.

    Attributes:
        allow_remote: let ``SERVICE``, ``DEFINE`` and ``FROM`` of other graphs through (the CLI's
            ``--allow-remote``; never on the public endpoint).
        is_local_graph: tells whether a ``FROM`` IRI names a graph of the dataset.
        max_bytes: the longest text accepted, in UTF-8 bytes.
        max_depth: the deepest nesting of brackets accepted.
        hint: added to refusals of remote access (the CLI names its ``--allow-remote``).
    """

    allow_remote: bool = False
    is_local_graph: Callable[[str], bool] = field(default=lambda iri: False)
    max_bytes: int = 100_000
    max_depth: int = 64
    hint: str = ""


@dataclass(frozen=True)
class Token:
    """One lexical token of SPARQL text: its kind, text, offset and bracket depth."""

    kind: str  # ws | comment | iri | lstring | string | var | lang | word | number | open | close | other
    text: str
    start: int
    depth: int


@dataclass(frozen=True)
class QueryInfo:
    """What the guard learnt about an accepted query."""

    form: str
    prefixes: Mapping[str, str] = field(default_factory=dict)
    base: str = ""
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    variables: tuple[str, ...] = ()  # every variable name in the text, in order of first occurrence


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens (whitespace and comments included, so offsets are exact).

    Never fails and runs in linear time: an unterminated string or IRI becomes single-character
    tokens. It is a lexer for measuring, stripping comments and binding parameters; whether a
    query is safe is decided by the grammar in :func:`check`.

    >>> [t.text for t in tokenize('SELECT ?s { ?s rdfs:label "a # b" } # c') if t.kind != "ws"]
    ['SELECT', '?s', '{', '?s', 'rdfs:label', '"a # b"', '}', '# c']
    """
    out: list[Token] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group()
        if kind == "word" and value.endswith(".") and ":" in value:
            value = value.rstrip(".")  # a prefixed name never ends with "." (it ends the triple)
            out.append(Token(kind, value, match.start(), depth))
            for i in range(len(value), len(match.group())):
                out.append(Token("other", ".", match.start() + i, depth))
            continue
        if kind == "close":
            depth = max(0, depth - 1)
        out.append(Token(kind, value, match.start(), depth))
        if kind == "open":
            depth += 1
    return out


def significant(tokens: Iterable[Token]) -> list[Token]:
    """The tokens without whitespace and comments."""
    return [t for t in tokens if t.kind not in ("ws", "comment")]


def strip_comments(text: str) -> str:
    r"""The query without its comments (line ends kept), e.g. before sending it to an endpoint:
    SPARQLWrapper guesses the query type from the first keyword and can mistake a word in a
    comment ("Add …") for an update.

    >>> strip_comments('# Add a note\nSELECT * { ?s ?p "#1" } # end')
    '\nSELECT * { ?s ?p "#1" } '
    """
    return "".join(t.text for t in tokenize(text) if t.kind != "comment")


def query_form(text: str) -> str:
    """The first query-form keyword outside strings, IRIs and comments (``""`` if none).

    >>> query_form("# SELECT in a comment\\nASK { ?s ?p ?o }")
    'ASK'
    """
    for tok in significant(tokenize(text)):
        if tok.kind == "word" and tok.text.upper() in QUERY_FORMS:
            return tok.text.upper()
    return ""


def expand_escapes(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` escapes by the characters they stand for, as SPARQL
    does before parsing (an invalid code point stays as it is).

    >>> expand_escapes("SE\\u0052VICE")
    'SERVICE'
    """
    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= sys.maxunicode and not 0xD800 <= code <= 0xDFFF else m.group(0)
    return _UNICODE_ESCAPE.sub(char, text)


def _precheck(text: str, policy: Policy) -> list[Token]:
    if not text.strip():
        raise QueryRefused("the query is empty")
    if "\x00" in text:
        raise QueryRefused("the query contains a NUL character")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > policy.max_bytes:
        raise QueryRefused(f"query too long: {size} bytes (at most {policy.max_bytes} are accepted)")
    tokens = tokenize(text)
    deepest = max((t.depth + 1 for t in tokens if t.kind == "open"), default=0)
    if deepest > policy.max_depth:
        raise QueryRefused(f"query nested too deeply (more than {policy.max_depth} levels of brackets)")
    return tokens


def _in_big_stack(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a thread with a large stack and :data:`RECURSION_LIMIT` (rdflib's parser is
    recursive); return its result or raise what it raised."""
    box: dict[str, Any] = {}

    def run() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, RECURSION_LIMIT))
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc
        finally:
            sys.setrecursionlimit(old)

    with _STACK_LOCK:
        previous = threading.stack_size(_STACK_BYTES)
        try:
            thread = threading.Thread(target=run, name="ruhrgraph-sparql-guard", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


_STACK_LOCK = threading.Lock()


class _GrammarError(Exception):
    """The grammar did not accept the text (the message says where)."""


Parsed = tuple[str, dict[str, str], str, tuple[str, ...], tuple[str, ...], bool]
"""What the grammar check learns: (form, prefixes, base, FROM, FROM NAMED, has SERVICE)."""

_PRIMED: dict[str, Parsed] = {}


def text_key(text: str) -> str:
    """The key of a query text in :func:`prime` (its SHA-256).

    >>> text_key("ASK {}")[:12]
    '819ea91ed5f1'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prime(parsed: Mapping[str, Sequence[Any]]) -> None:
    """Remember grammar checks done earlier, by :func:`text_key` of the exact text (as
    :func:`parse_record` gave them): the saved queries ship theirs, so that a one-shot
    ``ruhrgraph query`` does not pay for loading and running the SPARQL grammar. A text whose key
    is not known — an edited file, a steward's query — is parsed as always."""
    for key, record in parsed.items():
        form, prefixes, base, from_graphs, from_named, service = record
        _PRIMED[key] = (str(form), {str(k): str(v) for k, v in dict(prefixes).items()}, str(base),
                        tuple(map(str, from_graphs)), tuple(map(str, from_named)), bool(service))


def parse_record(text: str) -> list[Any]:
    """The grammar check of ``text`` as JSON-ready data (for :func:`prime`), always parsed afresh."""
    form, prefixes, base, from_graphs, from_named, service = _grammar(text)
    return [form, prefixes, base, list(from_graphs), list(from_named), service]


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> Parsed:
    """Parse with the SPARQL 1.1 grammar: (form, prefixes, base, from, from named, has SERVICE)
    — or take what :func:`prime` remembered for this exact text."""
    primed = _PRIMED.get(text_key(text)) if _PRIMED else None
    return primed if primed is not None else _grammar(text)


def _grammar(text: str) -> Parsed:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    def parse() -> Any:
        tree = parseQuery(text)
        service = _has_service(tree)  # before translating: the algebra rewrites the tree in place
        query = translateQuery(tree)
        return tree, query, service or _has_service(query.algebra)

    try:
        tree, query, service = _in_big_stack(parse)
    except RecursionError:
        raise QueryRefused("query too complex to check (nested or repeated too deeply); simplify it") from None
    except ParseException as exc:
        raise _GrammarError(f"syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except Exception as exc:  # unknown prefixes, bad IRIs, invalid escapes …: fail closed
        raise _GrammarError(f"the query cannot be checked: {exc}") from None
    prologue, body = tree[0], tree[1]
    prefixes: dict[str, str] = {}
    base = ""
    for decl in prologue:
        if decl.name == "PrefixDecl":
            prefixes[str(decl.get("prefix") or "")] = str(decl["iri"])
        elif decl.name == "Base":
            base = str(decl["iri"])
    form = body.name.replace("Query", "").upper()
    from_graphs: list[str] = []
    from_named: list[str] = []
    for clause in query.algebra.get("datasetClause") or []:
        if "default" in clause:
            from_graphs.append(str(clause["default"]))
        if "named" in clause:
            from_named.append(str(clause["named"]))
    return form, prefixes, base, tuple(from_graphs), tuple(from_named), service


def _has_service(node: Any) -> bool:
    """Whether the parse tree holds a ``SERVICE`` pattern anywhere (iteratively: no recursion)."""
    todo = [node]
    while todo:
        item = todo.pop()
        if getattr(item, "name", None) in ("ServiceGraphPattern", "Service"):
            return True
        if isinstance(item, dict):
            todo.extend(dict.values(item))
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            todo.extend(list(item))
    return False


def check(text: str, policy: Policy | None = None) -> QueryInfo:
    """Accept ``text`` as a read-only query within ``policy``, or raise :class:`QueryRefused`.

    Raises:
        QueryRefused: with ``status`` 400 for text that is empty, too long, too deep or not a
            query, 403 for updates and for anything that reaches beyond the dataset.
    """
    policy = policy or Policy()
    tokens = _precheck(text, policy)
    words = [tok for tok in significant(tokens)]
    grammar_text = text
    if words and words[0].kind == "word" and words[0].text.upper() == "DEFINE":
        if not policy.allow_remote:
            raise QueryRefused("refused: DEFINE pragmas can make Virtuoso fetch remote documents" + policy.hint, 403)
        while len(words) >= 3 and words[0].kind == "word" and words[0].text.upper() == "DEFINE":
            grammar_text = text[words[2].start + len(words[2].text):]
            words = words[3:]
    try:
        form, prefixes, base, from_graphs, from_named, service = _parse(grammar_text)
    except _GrammarError as exc:
        update = next((w.text.upper() for w in words if w.kind == "word" and w.text.upper() in UPDATE_KEYWORDS), "")
        if update:
            raise QueryRefused(f"refused: {update} is an update operation; ruhrgraph only runs read-only "
                               "queries", 403) from None
        if not any(w.kind == "word" and w.text.upper() in QUERY_FORMS for w in words):
            raise QueryRefused("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE") from None
        raise QueryRefused(str(exc)) from None
    if not policy.allow_remote:
        if service or _SERVICE_SHAPE.search(expand_escapes(text)):
            raise QueryRefused("refused: SERVICE sends part of the query to another server" + policy.hint, 403)
        for iri in from_graphs + from_named:
            if not policy.is_local_graph(iri):
                raise QueryRefused(f"refused: FROM <{iri}> names a graph that is not in the dataset (the "
                                   "engine might fetch it from the web)" + policy.hint, 403)
    variables = dict.fromkeys(t.text[1:] for t in tokens if t.kind == "var")
    return QueryInfo(form=form, prefixes=prefixes, base=base, from_graphs=from_graphs, from_named=from_named,
                     variables=tuple(variables))


def check_graphs(uris: Iterable[str], policy: Policy) -> None:
    """Refuse protocol ``default-graph-uri`` / ``named-graph-uri`` values outside the dataset."""
    for uri in uris:
        if not policy.allow_remote and not policy.is_local_graph(uri):
            raise QueryRefused(f"graph {uri!r}: only graphs of this dataset may be named; remote graphs "
                               "are not loaded", 403)


def under(base: str) -> Callable[[str], bool]:
    """A test for graph IRIs under ``base`` (for :attr:`Policy.is_local_graph`).

    >>> under("https://w3id.org/ruhrgraph/")("https://w3id.org/ruhrgraph/graph/article/x")
    True
    """
    return lambda iri: iri.startswith(base)


def inspect(text: str) -> QueryInfo:
    """Parse a trusted query (a saved query, a query the code writes) and report what it holds:
    no policy applies, but text that is not a query is still refused.

    >>> info = inspect("BASE <http://b/> PREFIX e: <http://e/> SELECT ?_x FROM <g1> WHERE { ?_x e:p ?y }")
    >>> info.form, info.from_graphs, info.variables
    ('SELECT', ('http://b/g1',), ('_x', 'y'))
    """
    return check(text, Policy(allow_remote=True, max_bytes=sys.maxsize, max_depth=sys.maxsize))


def expand(token: str, prefixes: Mapping[str, str], base: str = "") -> str | None:
    """The absolute IRI of an ``<iri>`` or ``prefix:local`` token; ``None`` when it cannot be known.

    >>> expand("rg:Visit", {"rg": "https://w3id.org/ruhrgraph/ontology#"})
    'https://w3id.org/ruhrgraph/ontology#Visit'
    """
    if token.startswith("<") and token.endswith(">"):
        iri = token[1:-1]
        if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", iri):
            return iri
        return base + iri if base else None
    prefix, sep, local = token.partition(":")
    if not sep or prefix not in prefixes:
        return None
    return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
