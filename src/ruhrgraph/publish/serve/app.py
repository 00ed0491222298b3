"""``ruhrgraph serve``: the read-only linked-data server (Starlette on uvicorn).

Routes (``{base}`` is the public IRI base; a request path ``/X`` stands for ``{base}X``)::

    /                         home page: dataset, example resources, search box
    /id/{kind}/{slug}         every entity IRI: 303 See Other to its document (content negotiation)
    /doc/{kind}/{slug}[.ext]  the document about the entity: .html, .ttl, .jsonld, .nt, .rdf;
                              without an extension negotiated by Accept (Vary: Accept)
    /graph/{…}                a named graph (Turtle, JSON-LD, N-Triples)
    /sparql                   SPARQL 1.1 Protocol, GET and POST; HTML form for browsers
    /queries, /queries/NAME   the saved queries as a web API; /openapi.json describes it
    /dumps/, /dumps/FILE      the dump files written by ``ruhrgraph dump``
    /void, /.well-known/void  the VoID/DCAT description
    /search?q=…               entities by label
    /context.jsonld           the JSON-LD context of the dumps

Why 303: an IRI under ``/id/`` names a thing (a company, a person, a visit), not a web page, so
the server answers ``303 See Other`` pointing at a document about it (httpRange-14, as DBpedia
does); the documents under ``/doc/`` answer directly. ``--no-redirect`` serves the negotiated
document straight from ``/id/`` instead (with ``Content-Location``), for hosts where a
redirect costs too much.

Safety: the store is only ever touched by worker processes (:mod:`ruhrgraph.publish.serve.pool`),
which hold it read-only and are killed when a job outlives the timeout; a SPARQL text is
scanned before it reaches the engine (:mod:`ruhrgraph.sparql.guard`), which refuses updates,
``SERVICE``, remote ``FROM``, over-long and too-deeply nested queries. Results are capped at
``result_limit`` rows (``X-Result-Truncated: true`` when cut). Errors are short messages with a
4xx/5xx status, never a stack trace.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import urllib.parse
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ruhrgraph import __version__
from ruhrgraph.errors import RuhrgraphError
from ruhrgraph.publish import rdfwrite as _rdfwrite
from ruhrgraph.publish.serve import tasks as _servetasks
from ruhrgraph.publish.serve.pool import JobFailed, JobTimeout, PoolBusy, PoolConfig, QueryPool, WorkerDied
from ruhrgraph.publish.void import PublishSettings
from ruhrgraph.sparql import results
from ruhrgraph.sparql.guard import Limits, QueryRefused, check_graph_uris, check_query

HTML = "text/html"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"
RDFXML = "application/rdf+xml"
#: Document extensions under /doc/ and the media types they stand for.
EXTENSIONS = {"html": HTML, "ttl": TURTLE, "jsonld": JSONLD, "nt": NTRIPLES, "rdf": RDFXML}
_EXT_OF = {media: ext for ext, media in EXTENSIONS.items()}
RDF_OFFERS = (TURTLE, JSONLD, NTRIPLES, RDFXML, "application/x-turtle", "application/json")
_RDF_ALIASES = {"application/x-turtle": TURTLE, "application/json": JSONLD}
DOC_OFFERS = (HTML, *RDF_OFFERS)
_FORMAT_PARAM = {"json": results.JSON, "xml": results.XML, "csv": results.CSV, "tsv": results.TSV,
                 "html": HTML, "turtle": TURTLE, "ttl": TURTLE, "jsonld": JSONLD, "json-ld": JSONLD,
                 "nt": NTRIPLES, "ntriples": NTRIPLES, "rdfxml": RDFXML}
_SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~%+-]*(?:/[A-Za-z0-9][A-Za-z0-9._~%+-]*)*$")
_DUMP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_MEDIA_OF_SUFFIX = {".ttl": TURTLE, ".trig": "application/trig", ".nq": "application/n-quads",
                    ".jsonld": JSONLD, ".gz": "application/gzip", ".sha256": "text/plain"}


@dataclass(frozen=True)
class ServeSettings:
    """Everything ``ruhrgraph serve`` can be told.

    Attributes:
        store: the store folder (opened read-only by the workers).
        dumps: folder of the dump files (default ``<store>/out/dumps``).
        publish: base IRI, licence, publisher (see :class:`~ruhrgraph.void.PublishSettings`).
        timeout: seconds a query may run before its worker is killed.
        saved_query_timeout: the same for the saved queries of ``/queries/`` (they resolve names
            to IRIs first, which takes longer, and their text is curated, not typed by strangers).
        result_limit: most rows (or triples) a query returns.
        max_query_bytes: longest SPARQL text accepted.
        max_depth: deepest bracket nesting accepted.
        workers: number of query worker processes.
        memory_mb: address-space cap per worker in MiB (0: none); a query that needs more ends
            its worker, which is replaced, and gets ``503``.
        redirect: answer ``/id/…`` with 303 (True) or serve the document directly (False).
    """

    store: Path
    dumps: Path | None = None
    publish: PublishSettings = field(default_factory=PublishSettings.from_env)
    timeout: float = 15.0
    saved_query_timeout: float = 60.0
    result_limit: int = 10_000
    max_query_bytes: int = 100_000
    max_depth: int = 64
    workers: int = 2
    memory_mb: int = 2048
    redirect: bool = True

    @property
    def base(self) -> str:
        return self.publish.base

    @property
    def dumps_dir(self) -> Path:
        return self.dumps if self.dumps is not None else self.store / "out" / "dumps"


# -- content negotiation ----------------------------------------------------------------------------
def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the ``Accept`` header prefers (ties: the first offer); ``None`` if none fits.

    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    >>> negotiate("application/ld+json;q=0.9, text/turtle", ["application/ld+json", "text/turtle"])
    'text/turtle'
    >>> negotiate("image/png", ["text/html"]) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges: list[tuple[str, str, float]] = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        main, _, sub = media.partition("/")
        ranges.append((main, sub or "*", q))
    best: tuple[float, int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        main, _, sub = offer.partition("/")
        quality, specificity = -1.0, -1
        for rmain, rsub, q in ranges:
            if rmain == main and rsub == sub:
                spec = 2
            elif rmain == main and rsub == "*":
                spec = 1
            elif rmain == "*" and rsub == "*":
                spec = 0
            else:
                continue
            if spec > specificity:
                quality, specificity = q, spec
        if quality > 0 and (best is None or quality > best[0]):
            best, chosen = (quality, -index), offer
    return chosen


# -- errors ------------------------------------------------------------------------------------------
class _Error(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


# -- the application ---------------------------------------------------------------------------------
class _App:
    """The request handlers, holding the settings, the worker pool and the templates."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.base = settings.base
        publish = settings.publish
        options = (("base", settings.base), ("result_limit", settings.result_limit),
                   ("settings", {"base": publish.base, "licence": publish.licence,
                                 "publisher": publish.publisher, "publisher_url": publish.publisher_url,
                                 "endpoint": publish.endpoint, "title": publish.title}))
        self.pool = QueryPool(PoolConfig(store=settings.store, workers=settings.workers,
                                         timeout=settings.timeout, memory_mb=settings.memory_mb,
                                         options=options))
        self.limits = Limits(max_bytes=settings.max_query_bytes, max_depth=settings.max_depth)
        self.templates = Environment(loader=PackageLoader("ruhrgraph.publish.serve", "templates"),
                                     autoescape=select_autoescape(default=True, default_for_string=True))
        self.templates.globals.update(version=__version__, licence=publish.licence,
                                      publisher=publish.publisher, base=settings.base)
        self._void_cache: bytes | None = None

    # -- plumbing --------------------------------------------------------------------------------
    async def run(self, task: str, *args: Any, timeout: float | None = None) -> Any:
        """Run a task in the worker pool, mapping its failures to HTTP errors."""
        limit = self.settings.timeout if timeout is None else timeout
        try:
            return await anyio.to_thread.run_sync(lambda: self.pool.run(task, *args, timeout=limit))
        except JobTimeout:
            raise _Error(503, f"the query ran longer than the limit of {limit:g} s and "
                              "was stopped; add a LIMIT or make it more selective",
                         {"Retry-After": "1"}) from None
        except PoolBusy as exc:
            raise _Error(503, f"the server is busy: {exc}; try again shortly", {"Retry-After": "5"}) from None
        except WorkerDied:
            raise _Error(503, "the query needed more memory than this server allows (or the engine "
                              "failed); it was abandoned — make it more selective") from None
        except JobFailed as exc:
            raise _Error(exc.status, str(exc)) from None
        except RuhrgraphError as exc:
            raise _Error(503, f"the store is not available: {exc}") from None

    def render(self, request: Request, template: str, status_code: int = 200,
               headers: dict[str, str] | None = None, **context: Any) -> Response:
        page = self.templates.get_template(template).render(
            root=self.root(request), href=lambda iri: self.href(request, iri), **context)
        return Response(page, status_code=status_code, headers=headers, media_type="text/html; charset=utf-8")

    def root(self, request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    def href(self, request: Request, iri: str) -> str | None:
        """Where a link to ``iri`` should go: a local path for IRIs under the base, the IRI itself
        for other http(s) IRIs, nothing for anything else (``javascript:`` never becomes a link)."""
        if iri.startswith(self.base):
            rest = iri[len(self.base):]
            return self.root(request) + "/" + urllib.parse.quote(rest, safe="/-._~%#")
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def error(self, request: Request, status: int, message: str,
              headers: dict[str, str] | None = None) -> Response:
        accept = request.headers.get("accept")
        if negotiate(accept, ["text/plain", HTML, "application/json"]) == HTML:
            return self.render(request, "error.html", status, headers, status=status, message=message)
        if negotiate(accept, ["text/plain", "application/json"]) == "application/json":
            return Response(json.dumps({"status": status, "error": message}), status, headers,
                            media_type="application/json")
        return PlainTextResponse(message + "\n", status, headers)

    # -- home, search ----------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        examples = []
        void = self._read_void_file()
        if void is not None:
            examples = _void_examples(void)
        return self.render(request, "home.html", examples=examples,
                           dumps=self._dump_files(), title=self.settings.publish.title)

    async def search(self, request: Request) -> Response:
        text = request.query_params.get("q", "").strip()
        if len(text) > 200:
            raise _Error(400, "search text too long (at most 200 characters)")
        rows = await self.run("search", text, 100) if text else []
        hits = [{"iri": r["s"][1], "label": r.get("label", ("", ""))[1],
                 "type": _compact(r["type"][1]) if "type" in r else ""} for r in rows]
        if negotiate(request.headers.get("accept"), [HTML, "application/json"]) == "application/json":
            return Response(json.dumps({"query": text, "results": hits}, ensure_ascii=False),
                            media_type="application/json")
        return self.render(request, "search.html", q=text, hits=hits)

    # -- entities ---------------------------------------------------------------------------------
    def _iri_from_path(self, path: str) -> str:
        if not _SAFE_PATH.match(path) or any(seg in ("..", ".") for seg in path.split("/")):
            raise _Error(404, f"no resource at /id/{path}")
        iri = f"{self.base}id/{path}"  # the path is percent-decoded already: never decode twice
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise _Error(404, f"no resource at /id/{path}") from None
        return iri

    async def entity(self, request: Request) -> Response:
        path = request.path_params["path"]
        iri = self._iri_from_path(path)
        media = negotiate(request.headers.get("accept"), DOC_OFFERS)
        if media is None:
            raise _Error(406, "this resource is available as " + ", ".join(DOC_OFFERS))
        media = _RDF_ALIASES.get(media, media)
        if not self.settings.redirect:
            response = await self._document(request, iri, media)
            response.headers["Content-Location"] = self._doc_path(request, path, media)
            response.headers["Vary"] = "Accept"
            return response
        if not await self.run("exists", iri):  # redirect only for things the dataset knows
            raise _Error(404, f"nothing is known about <{iri}>")
        return RedirectResponse(self._doc_path(request, path, media), status_code=303,
                                headers={"Vary": "Accept"})

    def _doc_path(self, request: Request, path: str, media: str) -> str:
        return f"{self.root(request)}/doc/{path}.{_EXT_OF[media]}"

    async def document(self, request: Request) -> Response:
        path = request.path_params["path"]
        stem, dot, ext = path.rpartition(".")
        if dot and ext in EXTENSIONS and "/" not in ext:
            iri = self._iri_from_path(stem)
            return await self._document(request, iri, EXTENSIONS[ext])
        iri = self._iri_from_path(path)
        media = negotiate(request.headers.get("accept"), DOC_OFFERS)
        if media is None:
            raise _Error(406, "this document is available as " + ", ".join(DOC_OFFERS))
        response = await self._document(request, iri, _RDF_ALIASES.get(media, media))
        response.headers["Vary"] = "Accept"
        return response

    async def _document(self, request: Request, iri: str, media: str) -> Response:
        if media == HTML:
            data = await self.run("describe", iri)
            view = _entity_view(data, lambda i: self.href(request, i))
            path = iri[len(self.base) + len("id/"):]
            alternates = [{"label": label, "href": f"{self.root(request)}/doc/{path}.{ext}", "media": m}
                          for label, ext, m in (("Turtle", "ttl", TURTLE), ("JSON-LD", "jsonld", JSONLD),
                                                ("N-Triples", "nt", NTRIPLES), ("RDF/XML", "rdf", RDFXML))]
            return self.render(request, "entity.html", view=view, alternates=alternates)
        body = await self.run("resource_rdf", iri, media)
        return Response(body, media_type=_with_charset(media))

    async def graph(self, request: Request) -> Response:
        path = request.path_params["path"]
        if not _SAFE_PATH.match(path) or any(seg in ("..", ".") for seg in path.split("/")):
            raise _Error(404, f"no graph at /graph/{path}")
        media = negotiate(request.headers.get("accept"), (*RDF_OFFERS, HTML))
        if media is None:
            raise _Error(406, "graphs are available as " + ", ".join(RDF_OFFERS))
        media = _RDF_ALIASES.get(media, media)
        as_text = media == HTML
        body = await self.run("graph_rdf", f"{self.base}graph/{path}", TURTLE if as_text else media)
        kind = "text/plain; charset=utf-8" if as_text else _with_charset(media)
        return Response(body, media_type=kind, headers={"Vary": "Accept"})

    # -- SPARQL -----------------------------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        params, body_query = await self._protocol_params(request)
        if any(k == "update" for k, _ in params):
            raise _Error(403, "this endpoint is read-only: SPARQL updates are not accepted")
        queries = [v for k, v in params if k == "query"]
        if body_query is not None:
            queries.append(body_query)
        if not queries:
            accept = request.headers.get("accept")
            if negotiate(accept, [HTML, TURTLE]) == TURTLE:
                return Response(self._service_description(), media_type=_with_charset(TURTLE))
            return self.render(request, "sparql.html", query=_EXAMPLE_QUERY, result=None)
        if len(queries) > 1:
            raise _Error(400, "give exactly one 'query' parameter")
        query = queries[0]
        default_graphs = [v for k, v in params if k == "default-graph-uri"]
        named_graphs = [v for k, v in params if k == "named-graph-uri"]
        try:
            info = check_query(query, local_base=self.base, limits=self.limits)
            check_graph_uris(default_graphs + named_graphs, local_base=self.base)
        except QueryRefused as exc:
            raise _Error(exc.status, str(exc)) from None
        graph_form = info.form in ("CONSTRUCT", "DESCRIBE")
        offers = (*RDF_OFFERS, HTML) if graph_form else (*results.MEDIA_TYPES, HTML)
        media = _choose(request, dict(params).get("format"), offers, f"{info.form} results")
        media = _RDF_ALIASES.get(media, media) if graph_form else media
        if not default_graphs:
            default_graphs = list(info.from_graphs)
        if not named_graphs:
            named_graphs = list(info.from_named)
        use_union = not (info.from_graphs or info.from_named or default_graphs or named_graphs)
        rdf_media = TURTLE if media == HTML else media
        outcome = await self.run("sparql", query, default_graphs, named_graphs, use_union, rdf_media)
        headers = {"Vary": "Accept"}
        if outcome.get("truncated"):
            headers["X-Result-Truncated"] = "true"
        if media == HTML:
            return self.render(request, "sparql.html", query=query,
                               result=_result_view(outcome, lambda i: self.href(request, i)),
                               limit=self.settings.result_limit, headers=headers)
        if outcome["kind"] == "boolean":
            return Response(results.boolean_bytes(outcome["value"], media), headers=headers,
                            media_type=_with_charset(results.canonical(media)))
        if outcome["kind"] == "bindings":
            return Response(results.bindings_bytes(outcome["vars"], outcome["rows"], media), headers=headers,
                            media_type=_with_charset(results.canonical(media)))
        return Response(outcome["body"], headers=headers, media_type=_with_charset(media))

    async def _protocol_params(self, request: Request) -> tuple[list[tuple[str, str]], str | None]:
        """The protocol parameters (``query``, ``default-graph-uri`` …) and a query sent as body."""
        params = list(request.query_params.multi_items())
        if request.method != "POST":
            return params, None
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise _Error(403, "this endpoint is read-only: SPARQL updates are not accepted")
        body = await self._read_body(request)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Error(400, "the request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            try:
                params += urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                                                 max_num_fields=1000)
            except ValueError as exc:
                raise _Error(400, f"malformed form data: {exc}") from None
            return params, None
        if ctype == "application/sparql-query":
            return params, text
        raise _Error(415, "POST a query as application/sparql-query or "
                          "application/x-www-form-urlencoded (query=…)")

    async def _read_body(self, request: Request) -> bytes:
        # A form-encoded query may triple in size (%XX); allow for that, then refuse.
        cap = self.settings.max_query_bytes * 3 + 4096
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise _Error(400, f"request too large: {declared} bytes (at most {cap})")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > cap:
                raise _Error(400, f"request too large (more than {cap} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _service_description(self) -> bytes:
        endpoint = self.settings.publish.sparql_endpoint
        sd = "http://www.w3.org/ns/sparql-service-description#"
        s = ox.NamedNode(endpoint)
        triples = [
            ox.Triple(s, ox.NamedNode(f"{_servetasks.RDF}type"), ox.NamedNode(f"{sd}Service")),
            ox.Triple(s, ox.NamedNode(f"{sd}endpoint"), s),
            ox.Triple(s, ox.NamedNode(f"{sd}supportedLanguage"), ox.NamedNode(f"{sd}SPARQL11Query")),
            ox.Triple(s, ox.NamedNode(f"{sd}feature"), ox.NamedNode(f"{sd}UnionDefaultGraph")),
            ox.Triple(s, ox.NamedNode("http://rdfs.org/ns/void#dataset"),
                      ox.NamedNode(self.settings.publish.dataset_iri)),
        ]
        for media in (results.JSON, results.XML, results.CSV, results.TSV, TURTLE, JSONLD, NTRIPLES,
                      RDFXML):
            triples.append(ox.Triple(s, ox.NamedNode(f"{sd}resultFormat"),
                                     ox.NamedNode(f"https://www.iana.org/assignments/media-types/{media}")))
        return _rdfwrite.turtle(_rdfwrite.sorted_triples(triples), prefixes={"sd": sd})

    # -- dumps, VoID, context ---------------------------------------------------------------------
    def _dump_files(self) -> list[dict[str, Any]]:
        folder = self.settings.dumps_dir
        if not folder.is_dir():
            return []
        return [{"name": p.name, "size": p.stat().st_size} for p in sorted(folder.iterdir())
                if p.is_file() and _DUMP_NAME.match(p.name)]

    async def dumps_index(self, request: Request) -> Response:
        files = self._dump_files()
        if negotiate(request.headers.get("accept"), [HTML, "application/json"]) == "application/json":
            return Response(json.dumps(files), media_type="application/json")
        return self.render(request, "dumps.html", files=files)

    async def dump_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        if not _DUMP_NAME.match(name) or ".." in name:
            raise _Error(404, f"no dump file {name!r}")
        folder = self.settings.dumps_dir.resolve()
        path = (folder / name).resolve()
        if path.parent != folder or not path.is_file():
            raise _Error(404, f"no dump file {name!r}")
        media = _MEDIA_OF_SUFFIX.get(path.suffix, "application/octet-stream")
        return FileResponse(path, media_type=_with_charset(media) if not media.endswith("gzip") else media)

    def _read_void_file(self) -> bytes | None:
        path = self.settings.dumps_dir / "void.ttl"
        try:
            return path.read_bytes()
        except OSError:
            return None

    async def void(self, request: Request) -> Response:
        data = self._read_void_file()
        if data is None:
            if self._void_cache is None:
                self._void_cache = await self.run("void")
            data = self._void_cache
        media = negotiate(request.headers.get("accept"), (TURTLE, JSONLD, NTRIPLES, HTML))
        if media is None:
            raise _Error(406, "the VoID description is available as text/turtle, application/ld+json "
                              "or application/n-triples")
        if media in (TURTLE, HTML):
            kind = "text/plain; charset=utf-8" if media == HTML else _with_charset(TURTLE)
            return Response(data, media_type=kind, headers={"Vary": "Accept"})
        triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
        return Response(_servetasks.serialize_triples(triples, media), media_type=_with_charset(media),
                        headers={"Vary": "Accept"})

    async def context(self, request: Request) -> Response:
        body = json.dumps({"@context": _rdfwrite.context()}, indent=2, ensure_ascii=False) + "\n"
        return Response(body, media_type="application/ld+json")

    # -- saved queries ------------------------------------------------------------------------------
    def _saved_catalogue(self) -> list[dict[str, Any]]:
        from ruhrgraph.errors import QueryError
        from ruhrgraph.sparql.saved import list_queries

        try:
            return [_query_entry(q) for q in list_queries()]
        except QueryError as exc:  # a malformed .rq file: say which, serve the rest of the site
            raise _Error(503, f"the saved queries cannot be read: {exc}") from None

    async def queries(self, request: Request) -> Response:
        catalogue = self._saved_catalogue()
        if negotiate(request.headers.get("accept"), [HTML, "application/json"]) == "application/json":
            return Response(json.dumps(catalogue, ensure_ascii=False), media_type="application/json")
        return self.render(request, "queries.html", queries=catalogue)

    async def saved_query(self, request: Request) -> Response:
        name = request.path_params["name"]
        catalogue = {q["name"]: q for q in self._saved_catalogue()}
        if name not in catalogue:
            raise _Error(404, f"there is no saved query {name!r}; see {self.root(request)}/queries")
        entry = catalogue[name]
        params: dict[str, str] = {}
        wanted = None
        for key, value in request.query_params.multi_items():
            if key == "format":
                wanted = value
                continue
            if key in params:
                raise _Error(400, f"parameter {key!r} given more than once")
            known = {p["name"] for p in entry["parameters"]}
            if key not in known:
                hint = ", ".join(sorted(known)) or "none"
                raise _Error(400, f"query {name!r} has no parameter {key!r} (parameters: {hint})")
            if len(value) > 1000:
                raise _Error(400, f"parameter {key!r} too long")
            params[key] = value
        media = _choose(request, wanted, (*results.MEDIA_TYPES, HTML), "results")
        outcome = await self.run("saved", name, params, timeout=self.settings.saved_query_timeout)
        headers = {"Vary": "Accept"}
        if outcome.get("truncated") or outcome.get("notice"):
            headers["X-Result-Truncated"] = "true"
        if media == HTML:
            view = _result_view({"kind": "boolean", "value": outcome["boolean"]} if outcome["form"] == "ASK"
                                else {"kind": "bindings", "vars": outcome["vars"], "rows": outcome["rows"]},
                                lambda i: self.href(request, i))
            return self.render(request, "query.html", entry=entry, params=params, result=view,
                               notice=outcome.get("notice", ""), headers=headers)
        if outcome["form"] == "ASK":
            body = results.boolean_bytes(bool(outcome["boolean"]), media)
        else:
            body = results.bindings_bytes(outcome["vars"], outcome["rows"], media)
        return Response(body, headers=headers, media_type=_with_charset(results.canonical(media)))

    async def openapi(self, request: Request) -> Response:
        catalogue = self._saved_catalogue()
        return Response(json.dumps(openapi_document(catalogue, self.settings.publish, self.root(request)),
                                   indent=1, ensure_ascii=False), media_type="application/json")


_EXAMPLE_QUERY = """PREFIX rg: <https://w3id.org/ruhrgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?visit ?label WHERE {
  ?visit a rg:Visit ; rdfs:label ?label .
  FILTER(LANG(?label) = "de")
} ORDER BY ?label LIMIT 50"""


def _choose(request: Request, wanted: str | None, offers: Sequence[str], what: str) -> str:
    """The media type asked for by a ``format=`` parameter, else by the ``Accept`` header."""
    if wanted:
        media = _FORMAT_PARAM.get(wanted.lower(), wanted.lower())
        if media not in offers:
            raise _Error(400, f"format {wanted!r} is not available for {what}; use one of "
                              + ", ".join(sorted(k for k, v in _FORMAT_PARAM.items() if v in offers)))
        return media
    chosen = negotiate(request.headers.get("accept"), offers)
    if chosen is None:
        raise _Error(406, f"{what} are available as " + ", ".join(offers))
    return chosen


def _with_charset(media: str) -> str:
    if media.startswith("text/") or media.endswith(("json", "xml", "turtle", "trig", "n-triples", "n-quads")):
        return f"{media}; charset=utf-8"
    return media


def _compact(iri: str) -> str:
    for prefix, ns in sorted(_rdfwrite.prefixes().items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _void_examples(void: bytes) -> list[str]:
    try:
        triples = ox.parse(void, format=ox.RdfFormat.TURTLE)
        return sorted(t.object.value for t in triples
                      if t.predicate.value == "http://rdfs.org/ns/void#exampleResource")
    except (SyntaxError, ValueError):
        return []


# -- views -------------------------------------------------------------------------------------------
def _best_label(labels: list[Any] | None, fallback: str) -> str:
    if not labels:
        return fallback
    rank = {"de": 0, "en": 1, "": 2}
    best = min(labels, key=lambda t: (rank.get(t[2], 3), t[2], t[1]))
    return str(best[1])


def _term_label(iri: str) -> str:
    """The ontology's label of a class or property (English first), else its compact IRI."""
    vocab = _servetasks.vocabulary().labels.get(iri)
    if vocab:
        return vocab.get("en") or vocab.get("de") or next(iter(vocab.values()))
    return _compact(iri)


def _value_view(t: Any, names: dict[str, str], href: Callable[[str], str | None]) -> dict[str, Any]:
    if t is None:
        return {"kind": "none", "text": ""}
    if t[0] == "uri":
        return {"kind": "link", "href": href(t[1]), "label": names.get(t[1]) or _term_label(t[1]),
                "iri": t[1]}
    if t[0] == "bnode":
        return {"kind": "bnode", "text": f"_:{t[1]}"}
    if t[0] == "literal":
        dt = t[3] if t[3] not in (results.XSD_STRING, f"{_servetasks.RDF}langString") else ""
        return {"kind": "literal", "text": t[1], "lang": t[2], "datatype": _compact(dt) if dt else ""}
    return {"kind": "literal", "text": str(t[1]), "lang": "", "datatype": ""}


def _names(labels: dict[str, Any], types: dict[str, list[str]]) -> dict[str, str]:
    """A display name for every IRI: its best label, else its type and the end of its IRI."""
    names = {iri: _best_label(found, "") for iri, found in labels.items()}
    for iri, kinds in types.items():
        if not names.get(iri) and kinds:
            kind = _term_label(kinds[0])
            names[iri] = f"{kind[:1].upper()}{kind[1:]} {iri.rstrip('/').rsplit('/', 1)[-1]}"
    return names


def _entity_view(data: dict[str, Any], href: Callable[[str], str | None]) -> dict[str, Any]:
    """Turn what the ``describe`` task found into what ``entity.html`` shows."""
    labels: dict[str, Any] = data["labels"]
    types: dict[str, list[str]] = data["types"]
    iri = data["iri"]
    rdf_type = f"{_servetasks.RDF}type"
    hidden_in = {f"{_servetasks.RDF}subject", f"{_servetasks.RDF}object", f"{_servetasks.RDF}predicate"}

    names = _names(labels, types)

    def link(i: str) -> dict[str, Any]:
        return _value_view(("uri", i), names, href)

    facts: dict[str, list[dict[str, Any]]] = {}
    for p, o in sorted(data["out"], key=lambda po: (po[0][1] != rdf_type, po[0][1], tuple(po[1]))):
        if p[1] == rdf_type:
            continue
        value = _value_view(o, names, href)
        if o[0] == "bnode":
            nested = sorted(data["bnodes"].get(o[1], []), key=lambda x: (x[0][1], x[1]))
            value["facts"] = [{"property": _term_label(bp[1]), "value": _value_view(bo, names, href)}
                              for bp, bo in nested]
        facts.setdefault(p[1], []).append(value)
    fact_rows = [{"property": {"label": _term_label(p), "iri": p, "href": href(p)}, "objects": values}
                 for p, values in facts.items()]

    related: dict[str, dict[str, Any]] = {}

    def relate(other: str, relation: str) -> None:
        if other == iri:
            return
        item = related.get(other)
        if item is None:
            item = related[other] = {**link(other), "relations": [],
                                     "category": _servetasks.category(types.get(other, []))}
        if relation not in item["relations"]:
            item["relations"].append(relation)

    for s, p in data["in"]:
        if s[0] == "uri" and p[1] not in hidden_in:
            relate(s[1], f"← {_term_label(p[1])}")
    for row in data["memberships"]:
        role = names.get(row["role"][1]) or _compact(row["role"][1]) if "role" in row else ""
        suffix = f" ({role})" if role else ""
        if row["org"][1] == iri:
            relate(row["member"][1], f"member{suffix}")
        elif row["member"][1] == iri:
            relate(row["org"][1], f"member of{suffix}")
    for row in data["two_hop"]:
        via = names.get(row["via"][1]) or _compact(row["via"][1])
        relate(row["event"][1], f"{_term_label(row['p1'][1])}: {via}")
    groups = []
    for key, title, _ in (*_servetasks.CATEGORIES, ("other", "Other", frozenset())):
        items = sorted((i for i in related.values() if i["category"] == key),
                       key=lambda i: (i["label"].lower(), i["iri"]))
        if items:
            groups.append({"key": key, "title": title, "members": items})

    evidence: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in data["evidence"]:
        article = row.get("article")
        sentence = row["sentence"][1] if "sentence" in row else ""
        ev_key = (article[1] if article else "", sentence, row["quote"][1])
        entry = evidence.get(ev_key)
        if entry is None:
            entry = evidence[ev_key] = {
                "quote": row["quote"][1],
                "sentence": sentence,
                "article": link(article[1]) if article and article[0] == "uri" else None,
                "headline": row["headline"][1] if "headline" in row else "",
                "url": row["url"][1] if "url" in row and row["url"][1].startswith(("http://", "https://"))
                else "",
                "date": row["date"][1] if "date" in row else "",
                "statements": [],
            }
        stmt = row["stmt"]
        if stmt[0] == "uri" and stmt[1] != iri and all(s["iri"] != stmt[1] for s in entry["statements"]):
            entry["statements"].append(link(stmt[1]))
    own_types = [link(t) for t in types.get(iri, [])]
    for t in own_types:
        t["label"] = _term_label(t["iri"])
    return {"iri": iri, "label": names.get(iri) or _compact(iri), "types": own_types,
            "facts": fact_rows, "groups": groups, "evidence": list(evidence.values()),
            "truncated": data["truncated"]}


def _result_view(outcome: dict[str, Any], href: Callable[[str], str | None]) -> dict[str, Any]:
    if outcome["kind"] == "boolean":
        return {"kind": "boolean", "value": outcome["value"]}
    if outcome["kind"] == "graph":
        return {"kind": "graph", "text": outcome["body"].decode("utf-8", "replace"),
                "truncated": outcome.get("truncated", False)}
    rows = [[_value_view(t, {}, href) for t in row] for row in outcome["rows"]]
    for row in rows:
        for cell in row:
            if cell["kind"] == "link":
                cell["label"] = _compact(cell["iri"])
    return {"kind": "bindings", "vars": outcome["vars"], "rows": rows,
            "truncated": outcome.get("truncated", False)}


# -- saved queries as a web API ------------------------------------------------------------------------
def _query_entry(q: Any) -> dict[str, Any]:
    """A :class:`ruhrgraph.query.SavedQuery` as the plain dict the pages and OpenAPI use."""
    example = dict(getattr(q, "example", {}) or {})
    params = [{
        "name": p.name, "description": p.description, "required": p.required,
        "default": p.default, "type": p.type, "enum": list(p.enum),
        "example": example.get(p.name),
    } for p in q.parameters]
    return {"name": q.name, "summary": q.summary, "description": q.description, "form": q.form,
            "tags": list(q.tags), "parameters": params}


def openapi_document(catalogue: list[dict[str, Any]], publish: PublishSettings,
                     root: str = "") -> dict[str, Any]:
    """An OpenAPI 3.1 description of ``/queries/NAME`` for every saved query."""
    results_schema = {"type": "object", "description": "SPARQL 1.1 Query Results JSON",
                      "properties": {"head": {"type": "object"}, "results": {"type": "object"},
                                     "boolean": {"type": "boolean"}}}
    content = {results.JSON: {"schema": results_schema}, "application/json": {"schema": results_schema},
               results.XML: {"schema": {"type": "string"}}, results.CSV: {"schema": {"type": "string"}},
               results.TSV: {"schema": {"type": "string"}}, HTML: {"schema": {"type": "string"}}}
    error = {"description": "bad parameter or unknown query",
             "content": {"text/plain": {"schema": {"type": "string"}}}}
    paths: dict[str, Any] = {}
    for q in sorted(catalogue, key=lambda q: q["name"]):
        parameters = [{
            "name": p["name"], "in": "query", "required": p["required"],
            "description": p["description"],
            "schema": {"type": "string",
                       **({"default": p["default"]} if p["default"] is not None else {}),
                       **({"enum": p["enum"]} if p["enum"] else {})},
            **({"example": p["example"]} if p["example"] is not None else {}),
        } for p in q["parameters"]]
        parameters.append({"name": "format", "in": "query", "required": False,
                           "description": "results format, instead of the Accept header",
                           "schema": {"type": "string", "enum": ["json", "xml", "csv", "tsv", "html"]}})
        paths[f"/queries/{q['name']}"] = {"get": {
            "operationId": re.sub(r"\W", "_", q["name"]),
            "summary": q["summary"] or q["name"],
            "description": q["description"],
            "tags": q["tags"],
            "parameters": parameters,
            "responses": {"200": {"description": "the results", "content": content},
                          "400": error, "404": error,
                          "503": {"description": "the query ran out of time or the server is busy"}},
        }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "ruhrgraph saved queries", "version": __version__,
                 "description": "The saved SPARQL queries of ruhrgraph as a read-only web API.",
                 "license": {"name": "data licence", "url": publish.licence}},
        "servers": [{"url": publish.base.rstrip("/") or "/"}] + ([{"url": root}] if root else []),
        "paths": paths,
    }


# -- middleware and app factory ------------------------------------------------------------------------
class _SecurityHeaders:
    """Adds ``nosniff``, a strict content security policy for HTML and CORS for GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"access-control-allow-origin", b"*"),
                            (b"content-security-policy",
                             b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"),
                            (b"referrer-policy", b"same-origin")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: ServeSettings) -> Starlette:
    """The Starlette application for ``settings`` (the workers start with the app's lifespan)."""
    app_state = _App(settings)

    def guarded(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except _Error as exc:
                return app_state.error(request, exc.status, str(exc), exc.headers)
        endpoint.__name__ = handler.__name__
        return endpoint

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        message = {404: f"nothing at {request.url.path}", 405: f"{request.method} is not allowed here"}.get(
            status, getattr(exc, "detail", "") or "bad request")
        return app_state.error(request, status, message)

    async def server_error(request: Request, exc: Exception) -> Response:
        return app_state.error(request, 500, "internal server error")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(app_state.pool.start)
        network = app_state.pool.network
        if network != "isolated":  # the guard still refuses SERVICE; say that the second wall is missing
            logging.getLogger("ruhrgraph.serve").warning("query workers %s; firewall outbound traffic", network)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(app_state.pool.close)

    static = Path(__file__).with_name("static")
    routes = [
        Route("/", guarded(app_state.home)),
        Route("/search", guarded(app_state.search)),
        Route("/sparql", guarded(app_state.sparql), methods=["GET", "POST"]),
        Route("/id/{path:path}", guarded(app_state.entity)),
        Route("/doc/{path:path}", guarded(app_state.document)),
        Route("/graph/{path:path}", guarded(app_state.graph)),
        Route("/dumps", lambda request: RedirectResponse(f"{app_state.root(request)}/dumps/", 301)),
        Route("/dumps/", guarded(app_state.dumps_index)),
        Route("/dumps/{name:path}", guarded(app_state.dump_file)),
        Route("/void", guarded(app_state.void)),
        Route("/.well-known/void", guarded(app_state.void)),
        Route("/context.jsonld", guarded(app_state.context)),
        Route("/queries", guarded(app_state.queries)),
        Route("/queries/{name}", guarded(app_state.saved_query)),
        Route("/openapi.json", guarded(app_state.openapi)),
        Mount("/static", app=StaticFiles(directory=static), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(_SecurityHeaders)],
                    exception_handlers={HTTPException: not_found, Exception: server_error})
    app.state.ruhrgraph = app_state
    return app


def serve(settings: ServeSettings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the server with uvicorn until interrupted."""
    import uvicorn

    if not settings.store.exists():
        raise RuhrgraphError(f"no store at {settings.store}; run `ruhrgraph build` first or pass --store")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=True,
                server_header=False, proxy_headers=False)
