"""Saved SPARQL queries: the registry of ``queries/*.rq`` and running one with parameters.

Each file asks one question. Its header uses grlc's decorator syntax, so that grlc could serve
the folder unchanged::

    #+ summary: Organisations in a city linked to visitors from a country
    #+ description: >
    #+   Longer text, shown by ``ruhrgraph queries NAME`` and in docs/queries.md.
    #+ tags:
    #+   - visits
    #+ method: GET
    #+ defaults:
    #+   - threshold: 0.8
    #+ x-parameters:
    #+   country: {classes: [rg:Country], description: the visitors' country}
    #+ x-example:
    #+   country: Korea

Parameters are grlc's variables: ``?_name`` is required, ``?__name`` optional; a suffix gives the
type — ``?_country_iri`` an IRI, ``?__year_integer`` an ``xsd:integer``, ``?_name_de`` a German
literal, ``?_name`` alone a plain string. ``x-parameters`` (ours; grlc ignores it) says how a
*name* given for an IRI parameter is resolved (:mod:`ruhrgraph.sparql.resolve`): ``classes``,
``subclass_of``, ``vocabulary``, plus a ``description``. ``x-example`` is the example call of the
catalogue (docs/queries.md). ``#+ pagination: N`` (grlc's) shows N rows — or N items picked in a
subquery ending in ``LIMIT N`` — a page, with the parameter ``page`` (:mod:`ruhrgraph.sparql.paging`).

Values are never pasted into the query text as strings: each is parsed and validated into an RDF
term (:func:`bind_parameters`) and written as that term in place of the variable wherever the
query neither projects it, assigns it (``AS``) nor tests it with ``BOUND`` — else bound by a
``VALUES`` row that opens the WHERE block (:func:`ruhrgraph.sparql.bind.bind_terms`, the same for
the embedded store and an endpoint). A constant in the pattern is where Oxigraph's planner starts;
a ``VALUES`` row is not (the flagship at 10,000 articles: 15 ms against 0.4 s for its core join).
A variable that ends up in a ``VALUES`` row is bound in the *top-level* group only, so an optional
parameter tested with ``BOUND`` is used there (``FILTER``, ``EXISTS``), never in a nested
``{ … }``/``UNION`` branch or a subquery.

Queries read the store's query graph, where each fact is stored once (docs/performance.md), so
they are written plainly. A few habits keep them fast on a large store (Oxigraph 0.5's planner
joins the groups of a query in the order it estimates, not as written):

* read the derived links (``rg:basedWithin``, ``rg:visitorsFrom``, ``rg:displayLabel``: one label
  per entity, German first; ``rg:reviewOrder``: statements by confidence without sorting IRIs;
  :mod:`ruhrgraph.store.querygraph`), not property paths or label filters;
* no triple pattern that nothing binds yet beside a ``UNION`` in one group (``?event
  prov:wasDerivedFrom ?article``): the planner starts from every such triple of the store — read
  it in an ``OPTIONAL`` or inside the branches (``partners``, ``timeline``);
* filter a set in a group of its own before joining what multiplies it (``unlocated-organisations``),
  and test existence with ``EXISTS``, not an ``OPTIONAL`` returning every match
  (``possible-duplicates``). A final plain ``ORDER BY`` is applied in Python
  (:mod:`ruhrgraph.sparql.order`).

Example::

    >>> from ruhrgraph.store.local import Store
    >>> sorted(q.name for q in list_queries())[:3]
    ['actors-in', 'central-actors', 'evidence']
    >>> with Store.open(None) as store:  # doctest: +ELLIPSIS
    ...     run_query("institutes-linking", {"country": "Korea", "city": "Dortmund"}, store=store)
    Traceback (most recent call last):
    ...
    ruhrgraph.errors.QueryError: the store (in memory) is empty: run `ruhrgraph build` or `ruhrgraph ingest` first, ...
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib.namespace import XSD
from rdflib.term import Node

from ruhrgraph._resources import resource_dir
from ruhrgraph.errors import ParameterError, QueryError
from ruhrgraph.sparql import guard, paging
from ruhrgraph.sparql._literal import parse_literal
from ruhrgraph.sparql.guard import expand
from ruhrgraph.sparql.resolve import Resolver, Spec, class_noun, fetch_rows, validate_iri
from ruhrgraph.sparql.run import DEFAULT_TIMEOUT, QueryResult, check_read_only, execute
from ruhrgraph.store.local import Store

__all__ = [
    "DEFAULT_TIMEOUT", "Parameter", "QueryResult", "SavedQuery", "bind_parameters", "get_query",
    "list_queries", "load_query", "parse_params", "queries_dir", "run_query",
]

# grlc's parameter syntax: ?_name / ?__name, then an optional type and a user-defined datatype.
_PARAM = re.compile(r"^(?P<required>_{1,2})(?P<name>[^_]+)_?(?P<type>[a-zA-Z0-9]+)?_?(?P<user>[a-zA-Z0-9]+)?")
_INTERNAL = re.compile(r"^__agg_\d+__$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9\-]*$")
XSD_TYPES = ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "gYear", "string",
             "nonNegativeInteger", "positiveInteger", "anyURI")
"""XSD datatypes a parameter may carry as its type suffix (``?_year_gYear``)."""
_HEADER_KEYS = {"summary", "description", "tags", "method", "defaults", "enumerate", "endpoint",
                "pagination", "transform", "x-parameters", "x-example"}


@dataclass(frozen=True)
class Parameter:
    """One parameter of a saved query.

    Attributes:
        name: what ``--param name=value`` uses (``country``).
        variable: the SPARQL variable without ``?`` (``_country_iri``).
        required: ``?_name`` (True) or ``?__name`` (False).
        type: ``iri``, ``string``, ``literal``, ``number`` or an XSD local name (``integer``).
        datatype: the datatype IRI of a typed literal parameter.
        lang: the language tag of a ``?_name_de`` parameter.
        description: what it means (from ``x-parameters``).
        default: the value used when it is not given (grlc's ``defaults``).
        enum: the allowed values (grlc's ``enumerate`` with a list).
        spec: how a name given for an IRI parameter is resolved.
    """

    name: str
    variable: str
    required: bool
    type: str = "string"
    datatype: str | None = None
    lang: str | None = None
    description: str = ""
    default: str | None = None
    enum: tuple[str, ...] = ()
    spec: Spec | None = None

    def usage(self, brackets: bool = True) -> str:
        """A short form for listings: ``country=<country>``, ``[year=<integer>]`` when optional
        (``year=<integer> (optional)`` without ``brackets``)."""
        what = self.spec.noun if self.type == "iri" and self.spec else (self.lang and f"text@{self.lang}") \
            or self.type
        text = f"{self.name}=<{what}>"
        if self.required:
            return text
        return f"[{text}]" if brackets else f"{text} (optional)"


@dataclass(frozen=True)
class SavedQuery:
    """A parsed ``queries/*.rq`` file."""

    name: str
    path: Path
    summary: str
    description: str
    tags: tuple[str, ...]
    method: str
    parameters: tuple[Parameter, ...]
    text: str
    form: str
    prefixes: Mapping[str, str] = field(default_factory=dict)
    example: Mapping[str, str] = field(default_factory=dict)
    page_size: int | None = None  # rows a page (grlc's ``pagination``; :mod:`ruhrgraph.sparql.paging`)

    def parameter(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        raise KeyError(name)

    @property
    def sparql(self) -> str:
        """The query without its ``#+`` header lines."""
        return "\n".join(line for line in self.text.splitlines() if not line.startswith("#+")).strip() + "\n"


# -- reading the registry -----------------------------------------------------------------------
def queries_dir() -> Path:
    """The folder of the shipped saved queries (``RUHRGRAPH_QUERIES`` overrides it)."""
    override = os.environ.get("RUHRGRAPH_QUERIES")
    return Path(override) if override else resource_dir("queries")


def _parse_header(text: str, path: Path) -> Any:
    """The ``#+`` lines of ``text`` read as YAML."""
    import yaml

    from ruhrgraph import _yaml

    lines = [line.lstrip("#+") for line in text.splitlines() if line.startswith("#+")]
    if not lines:
        raise QueryError(f"{path}: no grlc header (lines starting with '#+'); add at least '#+ summary: …'")
    try:
        return _yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        raise QueryError(f"{path}: the '#+' header is not valid YAML: {exc}") from exc


def _header(text: str, path: Path) -> dict[str, Any]:
    data = _HEADERS.get(guard.text_key(text)) if _HEADERS else None  # a shipped query, read before
    if data is None:
        data = _parse_header(text, path)
    if not isinstance(data, dict):
        raise QueryError(f"{path}: the '#+' header must be a YAML mapping (summary: …, tags: …)")
    unknown = sorted(set(data) - _HEADER_KEYS)
    if unknown:
        raise QueryError(f"{path}: unknown header key(s) {', '.join(unknown)}; known: "
                         f"{', '.join(sorted(_HEADER_KEYS))}")
    return data


def _mapping_list(value: Any, key: str, path: Path) -> dict[str, Any]:
    """grlc writes ``defaults``/``enumerate`` as a list of one-key mappings; accept a mapping too."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        out: dict[str, Any] = {}
        for item in value:
            if isinstance(item, dict):
                out.update(item)
            elif isinstance(item, str):
                out[item] = None
            else:
                raise QueryError(f"{path}: '{key}' entries must be 'name: value' mappings")
        return out
    raise QueryError(f"{path}: '{key}' must be a list of 'name: value' mappings")


def _spec(raw: Any, name: str, prefixes: Mapping[str, str], path: Path) -> Spec:
    def iris(key: str) -> tuple[str, ...]:
        values = raw.get(key) or []
        if isinstance(values, str):
            values = [values]
        out = []
        for value in values:
            iri = expand(str(value), prefixes) or (str(value) if "://" in str(value) else None)
            if iri is None:
                raise QueryError(f"{path}: x-parameters.{name}.{key}: cannot expand {value!r} "
                                 "(declare its prefix in the query)")
            out.append(iri)
        return tuple(out)

    classes, subclass_of = iris("classes"), iris("subclass_of")
    noun = raw.get("noun") or (class_noun(classes, name) if classes else ("type" if subclass_of else name))
    return Spec(classes=classes, subclass_of=subclass_of, vocabulary=bool(raw.get("vocabulary")), noun=noun)


#: Parsed queries by file, with the modification time and size they were parsed at: a file is
#: parsed once per process (the grammar check costs 0.05–0.2 s) until it changes.
_PARSED: dict[Path, tuple[tuple[int, int, int], SavedQuery]] = {}


def load_query(path: str | Path) -> SavedQuery:
    """Parse one ``.rq`` file: header, parameters, query form (cached until the file changes).

    Raises:
        QueryError: the file is unreadable, its header malformed, it is not a read-only query, or
            its header describes parameters the query does not have.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return _load_query(path)
    key = path.absolute()
    version = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    cached = _PARSED.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    query = _load_query(path)
    _PARSED[key] = (version, query)
    return query


#: The grammar checks (:func:`ruhrgraph.sparql.guard.prime`) and the parsed ``#+`` headers of the
#: shipped queries, by the SHA-256 of their text; ``scripts/generate_query_docs.py`` writes it and
#: ``tests/test_query.py`` fails when it is stale. A text it does not know is checked and parsed
#: as always; with it a one-shot ``ruhrgraph query`` loads neither the SPARQL grammar nor YAML.
CHECKED_FILE = "checked.json"
_PRIMED_FOLDERS: set[Path] = set()
_HEADERS: dict[str, Any] = {}


def _prime(folder: Path) -> None:
    """Load the stored grammar checks of the shipped query folder once per process (only that
    folder's: a file in another folder could vouch for a query it does not describe)."""
    if folder in _PRIMED_FOLDERS or folder != queries_dir().absolute():
        return
    _PRIMED_FOLDERS.add(folder)
    try:
        import json

        data = json.loads((folder / CHECKED_FILE).read_text(encoding="utf-8"))
        guard.prime(data["grammar"])
        _HEADERS.update(data["headers"])
    except (OSError, ValueError, TypeError, KeyError):
        pass  # missing or damaged: every query is parsed, as without it


def checked_records(folder: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """The grammar checks and the parsed headers of every query in ``folder`` (default: the shipped
    queries), for :data:`CHECKED_FILE`."""
    base = Path(folder) if folder is not None else queries_dir()
    texts = {path: path.read_text(encoding="utf-8") for path in base.glob("*.rq")}
    keys = sorted((guard.text_key(text), path) for path, text in texts.items())
    return {"grammar": {key: guard.parse_record(texts[path]) for key, path in keys},
            "headers": {key: _parse_header(texts[path], path) for key, path in keys}}  # keys in file order


def _load_query(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query: {exc}") from exc
    _prime(path.parent.absolute())
    name = path.stem
    if not _NAME.match(name):
        raise QueryError(f"{path}: a saved query's file name must be lower-case words joined by '-'")
    header = _header(text, path)
    try:
        info = check_read_only(text)
    except QueryError as exc:
        raise QueryError(f"{path}: {exc}") from exc
    prefixes = dict(info.prefixes)
    described = header.get("x-parameters") or {}
    if not isinstance(described, dict):
        raise QueryError(f"{path}: 'x-parameters' must map parameter names to settings")
    defaults = _mapping_list(header.get("defaults"), "defaults", path)
    enums = _mapping_list(header.get("enumerate"), "enumerate", path)
    params: dict[str, Parameter] = {}
    for variable in info.variables:
        match = _PARAM.match(variable)
        if not match or _INTERNAL.match(variable):
            continue
        pname = match.group("name")
        ptype, user = match.group("type"), match.group("user")
        kind, datatype, lang = "string", None, None
        if ptype in ("iri", "number", "literal", "string"):
            kind = ptype
        elif ptype in XSD_TYPES:
            kind, datatype = ptype, str(XSD[ptype])
        elif ptype and user:
            datatype = expand(f"{ptype}:{user}", prefixes)
            if datatype is None:
                raise QueryError(f"{path}: parameter ?{variable}: unknown prefix {ptype!r} for its datatype")
            kind = "literal"
        elif ptype and len(ptype) == 2:
            kind, lang = "literal", ptype.lower()
        elif ptype:
            raise QueryError(f"{path}: parameter ?{variable}: unknown type suffix {ptype!r}; use iri, "
                             f"string, number, a language tag or one of {', '.join(XSD_TYPES)}")
        settings = described.get(pname) or {}
        if not isinstance(settings, dict):
            raise QueryError(f"{path}: x-parameters.{pname} must be a mapping")
        if pname in params:
            if params[pname].variable != variable:
                raise QueryError(f"{path}: parameter {pname!r} appears as ?{params[pname].variable} and "
                                 f"?{variable}; use one variable per parameter")
            continue
        enum = enums.get(pname)
        params[pname] = Parameter(
            name=pname, variable=variable, required=match.group("required") == "_", type=kind,
            datatype=datatype, lang=lang, description=str(settings.get("description") or "").strip(),
            default=None if defaults.get(pname) is None else str(defaults[pname]),
            enum=tuple(str(v) for v in enum) if isinstance(enum, list) else (),
            spec=_spec(settings, pname, prefixes, path) if kind == "iri" else None)
    size = paging.page_size(header.get("pagination"), text, str(path))
    if size is not None:
        if paging.PAGE in params:
            raise QueryError(f"{path}: a paged query cannot have a parameter called {paging.PAGE!r}")
        params[paging.PAGE] = Parameter(
            name=paging.PAGE, variable="", required=False, type="positiveInteger", datatype=str(XSD.positiveInteger),
            description=str((described.get(paging.PAGE) or {}).get("description") or
                            f"the page to show, {size} rows a page: 1 (the default), 2, …").strip(), default="1")
    order = {name: i for i, name in enumerate(described)}
    params = dict(sorted(params.items(), key=lambda kv: order.get(kv[0], len(order))))
    stray = sorted(set(described) - set(params))
    if stray:
        raise QueryError(f"{path}: x-parameters describes {', '.join(stray)}, which the query does not use")
    example = header.get("x-example") or {}
    if not isinstance(example, dict) or set(example) - set(params):
        raise QueryError(f"{path}: x-example must map parameters of the query to values")
    summary = str(header.get("summary") or "").strip()
    if not summary:
        raise QueryError(f"{path}: the header needs a '#+ summary:' line")
    tags = header.get("tags") or []
    description = " ".join(str(header.get("description") or "").split())
    return SavedQuery(
        name=name, path=path, summary=summary, description=description,
        tags=tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])),
        method=str(header.get("method") or "GET").upper(), parameters=tuple(params.values()), text=text,
        form=info.form, prefixes=prefixes, example={k: str(v) for k, v in example.items()}, page_size=size)


def list_queries(folder: str | Path | None = None) -> list[SavedQuery]:
    """Every saved query in ``folder`` (default: the shipped ``queries/``), sorted by name."""
    base = Path(folder) if folder is not None else queries_dir()
    if not base.is_dir():
        raise QueryError(f"{base}: the saved-query folder does not exist")
    return [load_query(path) for path in sorted(base.glob("*.rq"))]


def get_query(name: str, folder: str | Path | None = None) -> SavedQuery:
    """The saved query called ``name`` (its file stem); unknown names get the closest ones."""
    base = Path(folder) if folder is not None else queries_dir()
    path = base / f"{name}.rq"
    if _NAME.match(name) and path.is_file():
        return load_query(path)
    known = sorted(p.stem for p in base.glob("*.rq"))
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise QueryError(f"no saved query called {name!r}; {hint}`ruhrgraph queries` lists the {len(known)} "
                     "saved queries")


# -- parameters ----------------------------------------------------------------------------------
def parse_params(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["country=Korea", "city=Dortmund"]`` → ``{"country": "Korea", "city": "Dortmund"}``.

    >>> parse_params(["country=Korea", "note=a=b"])
    {'country': 'Korea', 'note': 'a=b'}
    """
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"--param {item!r}: write it as name=value")
        if key in out:
            raise ParameterError(f"--param {key} is given twice")
        out[key] = value
    return out


def bind_parameters(query: SavedQuery, values: Mapping[str, str], resolver: Resolver | None = None
                    ) -> dict[str, Node]:
    """Validate ``values`` against the query's parameters and turn them into RDF terms.

    Missing optional parameters take their ``defaults``; missing required ones, unknown names,
    malformed values and names that resolve to nothing are :class:`ParameterError`.

    Returns:
        ``{parameter name: term}`` for every parameter that has a value.
    """
    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        listing = ", ".join(p.usage(brackets=False) for p in query.parameters) or "none"
        raise ParameterError(f"{query.name} has no parameter {', '.join(unknown)}; its parameters: {listing}")
    bound: dict[str, Node] = {}
    for param in query.parameters:
        raw = values.get(param.name)
        if raw is None or (raw.strip() == "" and not param.required):
            raw = param.default
        if raw is None:
            if param.required:
                raise ParameterError(f"{query.name} needs the parameter {param.name}"
                                     f"{' (' + param.description + ')' if param.description else ''}: "
                                     f"add --param {param.name}=…")
            continue
        if param.enum and raw not in param.enum:
            raise ParameterError(f"parameter {param.name}: {raw!r} is not one of {', '.join(param.enum)}")
        if param.type == "iri":
            spec = param.spec or Spec(noun=param.name)
            if resolver is None:
                bound[param.name] = validate_iri(param.name, raw, query.prefixes)
            else:
                bound[param.name] = resolver.resolve(param.name, raw, spec, query.prefixes)
        else:
            bound[param.name] = parse_literal(param, raw)
    return bound


# -- running -------------------------------------------------------------------------------------
@contextmanager
def _opened(store: Store | str | Path | None, endpoint: str | None) -> Iterator[Store | None]:
    if endpoint is not None:
        if store is not None:
            raise QueryError("give either a store or an endpoint, not both")
        yield None
        return
    if isinstance(store, Store):
        yield store
        return
    path = Path(store) if store is not None else Path(os.environ.get("RUHRGRAPH_STORE") or ".ruhrgraph")
    with Store.open(path, read_only=True) as opened:
        yield opened


@contextmanager
def _names(store: Store | None) -> Iterator[Any]:
    """The name index of the published snapshot a reader reads (:mod:`ruhrgraph.sparql.names`), or
    ``None`` (a writer, an endpoint, a store never published)."""
    if store is None or store.path is None or store.generation is None or store.is_empty():
        yield None
        return
    from ruhrgraph.sparql import names

    index = names.open_index(store.path, store.generation, store.oxigraph)
    try:
        yield index
    finally:
        index.close()


def run_query(name: str, params: Mapping[str, str] | None = None, *, store: Store | str | Path | None = None,
              endpoint: str | None = None, timeout: float | None = DEFAULT_TIMEOUT,
              folder: str | Path | None = None) -> QueryResult:
    """Run the saved query ``name`` with ``params`` (names → text values as typed by a steward).

    Args:
        name: the query's file stem (``institutes-linking``).
        params: parameter values; names are resolved to IRIs, literals validated.
        store: a :class:`Store` or a store folder (opened read-only); default ``RUHRGRAPH_STORE``
            or ``.ruhrgraph``.
        endpoint: run against this remote SPARQL endpoint instead of the store.
        timeout: seconds before the query is abandoned.
        folder: where the saved queries are (default: the shipped ones).

    Returns:
        The :class:`QueryResult`; parameter variables are not among its columns.

    Raises:
        QueryError: unknown query, malformed file, syntax error or timeout.
        ParameterError: a parameter is missing, unknown, malformed, unknown as a name, or ambiguous.
        EndpointError: the endpoint failed or capped the result.
    """
    query = get_query(name, folder)
    with _opened(store, endpoint) as opened, _names(opened) as index:
        if opened is not None and opened.is_empty():
            raise QueryError(f"the store {opened.path or '(in memory)'} is empty: run `ruhrgraph build` or "
                             "`ruhrgraph ingest` first, or point --store or --endpoint at a filled one")
        def run(sparql: str) -> QueryResult:
            return execute(sparql, store=opened, endpoint=endpoint, timeout=timeout, form="SELECT")

        page = None if endpoint is None else 1000
        resolver = Resolver(fetch_rows(run, page=page), paged=page is not None, names=index)
        bound = bind_parameters(query, params or {}, resolver)
        variables = {query.parameter(k).variable: v for k, v in bound.items() if k != paging.PAGE}
        text, page = query.sparql, int(str(bound[paging.PAGE])) if query.page_size else 0
        if query.page_size:
            text = paging.paged(text, query.page_size, page)
        result = execute(text, store=opened, endpoint=endpoint, bindings=variables, timeout=timeout, form=query.form)
    notice = result.notice or (paging.notice(len(result.rows), query.page_size, page) if query.page_size else "")
    hidden = {p.variable for p in query.parameters} & set(result.variables)
    columns = tuple(v for v in result.variables if v not in hidden)
    rows = tuple({k: v for k, v in row.items() if k not in hidden} for row in result.rows) if hidden else result.rows
    return QueryResult(columns, rows, form=result.form, boolean=result.boolean, name=query.name,
                       parameters=bound, source=result.source, notice=notice)
