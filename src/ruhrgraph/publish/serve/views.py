"""The server's page and API handlers (see :mod:`ruhrgraph.publish.serve.app` for the routes).

:class:`Views` holds the settings, the worker pool and the templates. A handler reads the
request, asks the pool for data (the store is only ever touched in a worker process), and
answers in the negotiated form (:mod:`~ruhrgraph.publish.serve.negotiate`): an HTML page, RDF,
or SPARQL results written by :mod:`ruhrgraph.sparql.results`. A handler that cannot answer
raises :class:`~ruhrgraph.publish.serve.negotiate.HTTPError`, which :meth:`Views.error` turns
into a short message with its status — never a stack trace.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

import anyio
import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from ruhrgraph import __version__, vocab
from ruhrgraph.errors import RuhrgraphError
from ruhrgraph.namespace import RG
from ruhrgraph.publish import rdfwrite as _rdfwrite
from ruhrgraph.publish.dump import is_dump_file
from ruhrgraph.publish.serve import _ontology, _pages
from ruhrgraph.publish.serve import tasks as _servetasks
from ruhrgraph.publish.serve._catalogue import Catalogue, check_value, missing_message
from ruhrgraph.publish.serve.admission import Admission, AdmissionConfig, Overloaded
from ruhrgraph.publish.serve.negotiate import (
    EXT_OF,
    EXTENSIONS,
    FORMAT_PARAMETERS,
    HTML,
    JSONLD,
    MEDIA_OF_SUFFIX,
    NTRIPLES,
    RDF_OFFERS,
    RDFXML,
    TURTLE,
    HTTPError,
    choose,
    doc_path,
    document_media,
    negotiate,
    rdf_media,
    result_offers,
    see_other,
    with_charset,
)
from ruhrgraph.publish.serve.openapi import openapi_document
from ruhrgraph.publish.serve.pool import JobFailed, JobTimeout, PoolBusy, PoolConfig, QueryPool, WorkerDied
from ruhrgraph.publish.serve.settings import ServeSettings
from ruhrgraph.sparql import guard, results
from ruhrgraph.store import snapshot

#: The policy of the pages with a script editor or a network view: YASGUI (CodeMirror) and sigma.js
#: set style attributes, so inline styles are allowed there; scripts and requests stay on this origin.
EDITOR_CSP = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                         "frame-ancestors 'none'"}
_SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~%+-]*(?:/[A-Za-z0-9][A-Za-z0-9._~%+-]*)*$")
_DUMP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: The query the SPARQL form starts with (``RG.Visit``: a misspelt term fails at import).
_EXAMPLE_QUERY = vocab.sparql_prologue("rg", "rdfs") + f"""SELECT ?visit ?label WHERE {{
  ?visit a rg:{RG.Visit.fragment} ; rdfs:label ?label .
  FILTER(LANG(?label) = "de")
}} ORDER BY ?label LIMIT 50"""


class Views:
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
        self.policy = guard.Policy(is_local_graph=guard.under(settings.base), max_bytes=settings.max_query_bytes,
                                   max_depth=settings.max_depth)
        self.admission = Admission(AdmissionConfig(slots=settings.workers, per_client=settings.sparql_per_client,
                                                   queue_limit=settings.queue_limit))
        self.catalogue = Catalogue()
        self.templates = Environment(loader=PackageLoader("ruhrgraph.publish.serve", "templates"),
                                     autoescape=select_autoescape(default=True, default_for_string=True))
        self.templates.globals.update(version=__version__, licence=publish.licence,
                                      publisher=publish.publisher, base=settings.base)
        self._void_cache: bytes | None = None
        self._generation = snapshot.current(settings.store)
        self._examples: list[dict[str, str]] | None = None

    # -- plumbing --------------------------------------------------------------------------------
    async def run(self, task: str, *args: Any, timeout: float | None = None, heavy: bool = False,
                  client: str = "") -> Any:
        """Run a task in the worker pool once :attr:`admission` gives it a worker (in the heavy
        lane when ``heavy``), mapping its failures to HTTP errors."""
        limit = self.settings.timeout if timeout is None else timeout
        try:
            async with self.admission.worker(heavy=heavy, wait=limit):
                return await anyio.to_thread.run_sync(lambda: self.pool.run(task, *args, timeout=limit))
        except Overloaded as exc:
            raise HTTPError(429, str(exc), {"Retry-After": str(exc.retry_after)}) from None
        except TimeoutError:
            raise HTTPError(503, f"the server is busy: every query worker stayed busy for {limit:g} s; "
                                 "try again shortly", {"Retry-After": "5"}) from None
        except JobTimeout:
            if client and task == "sparql":
                self.admission.record_timeout(client, str(args[0]))
            raise HTTPError(503, f"the query ran longer than the limit of {limit:g} s and "
                                 "was stopped; add a LIMIT or make it more selective",
                            {"Retry-After": "1"}) from None
        except PoolBusy as exc:
            raise HTTPError(503, f"the server is busy: {exc}; try again shortly", {"Retry-After": "5"}) from None
        except WorkerDied:
            raise HTTPError(503, "the query needed more memory than this server allows (or the engine "
                                 "failed); it was abandoned — make it more selective") from None
        except JobFailed as exc:
            raise HTTPError(exc.status, str(exc)) from None
        except RuhrgraphError as exc:
            raise HTTPError(503, f"the store is not available: {exc}") from None

    def render(self, request: Request, template: str, status_code: int = 200,
               headers: dict[str, str] | None = None, **context: Any) -> Response:
        page = self.templates.get_template(template).render(
            root=self.root(request), href=lambda iri: self.href(request, iri), **context)
        return Response(page, status_code=status_code, headers=headers, media_type="text/html; charset=utf-8")

    def client(self, request: Request) -> str:
        """Who sent the request, for per-client limits: the remote address, or the last
        ``X-Forwarded-For`` entry when the remote address is a trusted proxy."""
        host = request.client.host if request.client else "unknown"
        if host in self.settings.trusted_proxies:
            hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
            if hops:
                return hops[-1]
        return host

    @contextlib.contextmanager
    def client_slot(self, request: Request) -> Iterator[None]:
        """Count one SPARQL job of the request's client for the block (429 when over its limit)."""
        client = self.client(request)
        try:
            self.admission.enter(client)
        except Overloaded as exc:
            raise HTTPError(429, str(exc), {"Retry-After": str(exc.retry_after)}) from None
        try:
            yield
        finally:
            self.admission.leave(client)

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
        """An error answer: an HTML page, JSON or plain text, as the client accepts."""
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
            raise HTTPError(400, "search text too long (at most 200 characters)")
        rows = await self.run("search", text, 100) if text else []
        hits = [{"iri": r["s"][1], "label": r.get("label", ("", ""))[1],
                 "type": _pages.compact(r["type"][1]) if "type" in r else ""} for r in rows]
        if negotiate(request.headers.get("accept"), [HTML, "application/json"]) == "application/json":
            return Response(json.dumps({"query": text, "results": hits}, ensure_ascii=False),
                            media_type="application/json")
        return self.render(request, "search.html", q=text, hits=hits)

    # -- entities ---------------------------------------------------------------------------------
    def _iri_from_path(self, path: str) -> str:
        if not _SAFE_PATH.match(path) or any(seg in ("..", ".") for seg in path.split("/")):
            raise HTTPError(404, f"no resource at /id/{path}")
        iri = f"{self.base}id/{path}"  # the path is percent-decoded already: never decode twice
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise HTTPError(404, f"no resource at /id/{path}") from None
        return iri

    async def entity(self, request: Request) -> Response:
        path = request.path_params["path"]
        iri = self._iri_from_path(path)
        media = document_media(request.headers.get("accept"))
        if not self.settings.redirect:
            response = await self._document(request, iri, media)
            response.headers["Content-Location"] = doc_path(self.root(request), path, media)
            response.headers["Vary"] = "Accept"
            return response
        if not await self.run("exists", iri) and not _ontology.shipped_description(iri):
            # redirect only for things the dataset (or its shipped vocabulary: the sector scheme) knows
            raise HTTPError(404, f"nothing is known about <{iri}>")
        return see_other(self.root(request), path, media)

    async def document(self, request: Request) -> Response:
        path = request.path_params["path"]
        stem, dot, ext = path.rpartition(".")
        if dot and ext in EXTENSIONS and "/" not in ext:
            iri = self._iri_from_path(stem)
            return await self._document(request, iri, EXTENSIONS[ext])
        iri = self._iri_from_path(path)
        media = document_media(request.headers.get("accept"), "this document")
        response = await self._document(request, iri, media)
        response.headers["Vary"] = "Accept"
        return response

    async def _shipped_or(self, task: str, iri: str, *args: Any) -> Any:
        """Run ``task`` about ``iri``; what the store does not know but the shipped vocabulary
        describes (the sector scheme) comes from the vocabulary instead (``None``)."""
        try:
            return await self.run(task, iri, *args)
        except HTTPError as exc:
            if exc.status == 404 and _ontology.shipped_description(iri):
                return None
            raise

    async def _document(self, request: Request, iri: str, media: str) -> Response:
        if media == HTML:
            # the store's facts, and what the shipped vocabulary says (a sector's labels and definition)
            data = _ontology.merge(await self._shipped_or("describe", iri), _ontology.shipped_describe(iri))
            view = _pages.entity_view(data, lambda i: self.href(request, i))
            path = iri[len(self.base) + len("id/"):]
            alternates = [{"label": label, "href": f"{self.root(request)}/doc/{path}.{ext}", "media": m}
                          for label, ext, m in (("Turtle", "ttl", TURTLE), ("JSON-LD", "jsonld", JSONLD),
                                                ("N-Triples", "nt", NTRIPLES), ("RDF/XML", "rdf", RDFXML))]
            return self.render(request, "entity.html", view=view, alternates=alternates)
        document = f"{self.base}doc/{iri[len(self.base) + len('id/'):]}.{EXT_OF[media]}"
        shipped = _ontology.shipped_description(iri)
        if not shipped:
            return Response(await self.run("resource_rdf", iri, media, document), media_type=with_charset(media))
        found = await self._shipped_or("resource_rdf", iri, NTRIPLES, document)
        triples = list(ox.parse(found, format=ox.RdfFormat.N_TRIPLES)) if found else \
            _servetasks.document_triples(document, iri, self.settings.publish.licence)
        return Response(_servetasks.serialize_triples(triples + shipped, media), media_type=with_charset(media))

    # -- the vocabulary -----------------------------------------------------------------------------
    async def ontology(self, request: Request) -> Response:
        """``/ontology[.ext]`` and ``/ontology/TERM[.ext]``: the ontology, or one term, as an HTML
        reference or RDF (negotiated, ``Vary: Accept``; see :mod:`._ontology`)."""
        name, ext = request.path_params.get("term", ""), request.path_params.get("ext", "")
        stem, dot, suffix = name.rpartition(".")
        if dot and suffix in EXTENSIONS:
            name, ext = stem, suffix
        if ext and ext not in EXTENSIONS:
            raise HTTPError(404, f"the ontology is available as .{', .'.join(EXTENSIONS)}")
        if name and (not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name) or not _ontology.term_triples(name)):
            raise HTTPError(404, f"the ontology has no term {name!r}; see {self.root(request)}/ontology")
        media = EXTENSIONS[ext] if ext else document_media(request.headers.get("accept"), "the ontology")
        headers = {} if ext else {"Vary": "Accept"}
        href = lambda i: self._term_href(request, i)  # noqa: E731
        if media == HTML:
            if name:
                view = _ontology.term_view(name, href)
                return self.render(request, "ontology.html", headers=headers, terms=[view], single=True,
                                   title=f"rg:{name}", ontology=None)
            whole = await anyio.to_thread.run_sync(_ontology.ontology_view, href)  # ~60 ms: off the loop
            return self.render(request, "ontology.html", headers=headers, terms=whole["terms"], single=False,
                               title=whole["titles"].get("en", "ontology"), ontology=whole)
        triples = _ontology.term_triples(name) if name else list(_ontology.vocabulary_triples().ontology)
        return Response(_servetasks.serialize_triples(triples, media), media_type=with_charset(media),
                        headers=headers)

    def _term_href(self, request: Request, iri: str) -> str | None:
        """Links of the reference: rg: terms to their section of /ontology, others as :meth:`href`."""
        if iri.startswith(_ontology.NAMESPACE):
            return f"{self.root(request)}/ontology#{iri[len(_ontology.NAMESPACE):]}"
        return self.href(request, iri)

    async def graph(self, request: Request) -> Response:
        path = request.path_params["path"]
        if not _SAFE_PATH.match(path) or any(seg in ("..", ".") for seg in path.split("/")):
            raise HTTPError(404, f"no graph at /graph/{path}")
        media = negotiate(request.headers.get("accept"), (*RDF_OFFERS, HTML))
        if media is None:
            raise HTTPError(406, "graphs are available as " + ", ".join(RDF_OFFERS))
        media = rdf_media(media)
        iri = f"{self.base}graph/{path}"
        found = await self.run("graph_rdf", iri, TURTLE if media == HTML else media)
        body, headers = found["body"], {"Vary": "Accept"}
        note = (f"Truncated: only the first {found['limit']:,} triples of this graph are shown; "
                f"the complete data is in the dumps at {self.root(request)}/dumps/")
        if found["truncated"]:
            headers["X-Result-Truncated"] = "true"
        if media == HTML:  # a browser gets a page: the graph as Turtle, the cut said above it
            return self.render(request, "graph.html", headers=headers, iri=iri, turtle=body.decode("utf-8"),
                               note=note if found["truncated"] else "")
        if found["truncated"] and media in (TURTLE, NTRIPLES):  # a comment keeps the document valid
            body = f"# {note}\n".encode() + body
        return Response(body, media_type=with_charset(media), headers=headers)

    # -- SPARQL -----------------------------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        params, body_query = await self._protocol_params(request)
        if any(k == "update" for k, _ in params):
            raise HTTPError(403, "this endpoint is read-only: SPARQL updates are not accepted")
        queries = [v for k, v in params if k == "query"]
        if body_query is not None:
            queries.append(body_query)
        if not queries:
            accept = request.headers.get("accept")
            if negotiate(accept, [HTML, TURTLE]) == TURTLE:
                return Response(self._service_description(), media_type=with_charset(TURTLE))
            return await self._sparql_page(request, query=_EXAMPLE_QUERY, result=None)
        if len(queries) > 1:
            raise HTTPError(400, "give exactly one 'query' parameter")
        try:
            with self.client_slot(request):
                return await self._sparql(request, params, queries[0])
        except HTTPError as exc:
            wanted = [v.lower() for k, v in params if k in FORMAT_PARAMETERS]
            at_form = "html" in wanted or (not wanted and negotiate(request.headers.get("accept"),
                                                                     ["text/plain", HTML]) == HTML)
            if not at_form or (exc.status >= 500 and exc.status != 503) or \
                    len(queries[0]) > self.settings.max_query_bytes:
                raise
            # a person at the form: the query stays in the box, the reason in one line above the results
            message = str(exc).splitlines()[0] if str(exc) else "the query failed"
            return await self._sparql_page(request, exc.status, exc.headers, query=queries[0], result=None,
                                           error=message)

    async def _sparql_page(self, request: Request, status: int = 200, headers: dict[str, str] | None = None,
                           **context: Any) -> Response:
        """The SPARQL page: YASGUI with the saved queries as examples, the plain form without script."""
        if self._examples is None:
            self._examples = await anyio.to_thread.run_sync(_pages.saved_examples)
        editor = _pages.editor_config(self.root(request), self._examples)
        return self.render(request, "sparql.html", status, {**(headers or {}), **EDITOR_CSP}, editor=editor,
                           limit=self.settings.result_limit, **context)

    async def _sparql(self, request: Request, params: list[tuple[str, str]], query: str) -> Response:
        default_graphs = [v for k, v in params if k == "default-graph-uri"]
        named_graphs = [v for k, v in params if k == "named-graph-uri"]
        try:  # the grammar costs 0.05–0.2 s of Python: never on the event loop
            info = await anyio.to_thread.run_sync(guard.check, query, self.policy)
            guard.check_graphs(default_graphs + named_graphs, self.policy)
        except guard.QueryRefused as exc:
            raise HTTPError(exc.status, str(exc)) from None
        graph_form = info.form in ("CONSTRUCT", "DESCRIBE")
        offers = (*RDF_OFFERS, HTML) if graph_form else result_offers()
        wanted = [v for k, v in params if k in FORMAT_PARAMETERS]
        media = choose(request.headers.get("accept"), wanted, offers, f"{info.form} results")
        if not default_graphs:
            default_graphs = list(info.from_graphs)
        if not named_graphs:
            named_graphs = list(info.from_named)
        use_union = not (info.from_graphs or info.from_named or default_graphs or named_graphs)
        graph_media = TURTLE if media == HTML else media
        client = self.client(request)
        outcome = await self.run("sparql", query, default_graphs, named_graphs, use_union, graph_media,
                                 heavy=self.admission.is_heavy(client, query), client=client)
        headers = {"Vary": "Accept"}
        if outcome.get("truncated"):
            headers["X-Result-Truncated"] = "true"
        if media == HTML:
            named = await self._names(outcome)
            return await self._sparql_page(request, 200, headers, query=query,
                                           result=_pages.result_view(outcome, lambda i: self.href(request, i), named))
        if outcome["kind"] == "boolean":
            return _results_response(media, results.Solutions((), (), "ASK", outcome["value"]), headers)
        if outcome["kind"] == "bindings":
            return _results_response(media, results.Solutions(outcome["vars"], outcome["rows"]), headers)
        return Response(outcome["body"], headers=headers, media_type=with_charset(media))

    async def _names(self, outcome: dict[str, Any]) -> dict[str, Any] | None:
        """Labels of the IRIs of a result, for its HTML table (none when it has no IRIs)."""
        iris = _pages.result_iris(outcome)
        return await self.run("labels", iris) if iris else None

    async def _protocol_params(self, request: Request) -> tuple[list[tuple[str, str]], str | None]:
        """The protocol parameters (``query``, ``default-graph-uri`` …) and a query sent as body."""
        params = list(request.query_params.multi_items())
        if request.method != "POST":
            return params, None
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise HTTPError(403, "this endpoint is read-only: SPARQL updates are not accepted")
        body = await self._read_body(request)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPError(400, "the request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            try:
                params += urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                                                 max_num_fields=1000)
            except ValueError as exc:
                raise HTTPError(400, f"malformed form data: {exc}") from None
            return params, None
        if ctype == "application/sparql-query":
            return params, text
        raise HTTPError(415, "POST a query as application/sparql-query or "
                             "application/x-www-form-urlencoded (query=…)")

    async def _read_body(self, request: Request) -> bytes:
        # A form-encoded query may triple in size (%XX); allow for that, then refuse.
        cap = self.settings.max_query_bytes * 3 + 4096
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise HTTPError(400, f"request too large: {declared} bytes (at most {cap})")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > cap:
                raise HTTPError(400, f"request too large (more than {cap} bytes)")
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
                if p.is_file() and _DUMP_NAME.match(p.name) and is_dump_file(p.name)]

    async def dumps_index(self, request: Request) -> Response:
        files = self._dump_files()
        if negotiate(request.headers.get("accept"), [HTML, "application/json"]) == "application/json":
            return Response(json.dumps(files), media_type="application/json")
        return self.render(request, "dumps.html", files=files)

    async def dump_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        if not _DUMP_NAME.match(name) or ".." in name or not is_dump_file(name):
            raise HTTPError(404, f"no dump file {name!r}")
        folder = self.settings.dumps_dir.resolve()
        path = (folder / name).resolve()
        if path.parent != folder or not path.is_file():
            raise HTTPError(404, f"no dump file {name!r}")
        media = MEDIA_OF_SUFFIX.get(path.suffix, "application/octet-stream")
        return FileResponse(path, media_type=with_charset(media) if not media.endswith("gzip") else media)

    def _read_void_file(self) -> bytes | None:
        path = self.settings.dumps_dir / "void.ttl"
        try:
            return path.read_bytes()
        except OSError:
            return None

    def generation(self) -> str | None:
        """The store's published snapshot (:mod:`ruhrgraph.store.snapshot`); what is computed from
        the data and cached here (the VoID description) is dropped when a build publishes a new one."""
        published = snapshot.current(self.settings.store)
        if published != self._generation:
            self._generation = published
            self._void_cache = None
        return published

    async def void(self, request: Request) -> Response:
        data = self._read_void_file()
        if data is None:
            self.generation()
            if self._void_cache is None:
                self._void_cache = await self.run("void")
            data = self._void_cache
        media = negotiate(request.headers.get("accept"), (TURTLE, JSONLD, NTRIPLES, HTML))
        if media is None:
            raise HTTPError(406, "the VoID description is available as text/turtle, application/ld+json "
                                 "or application/n-triples")
        if media in (TURTLE, HTML):
            kind = "text/plain; charset=utf-8" if media == HTML else with_charset(TURTLE)
            return Response(data, media_type=kind, headers={"Vary": "Accept"})
        triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
        return Response(_servetasks.serialize_triples(triples, media), media_type=with_charset(media),
                        headers={"Vary": "Accept"})

    async def context(self, request: Request) -> Response:
        body = json.dumps({"@context": _rdfwrite.context()}, indent=2, ensure_ascii=False) + "\n"
        return Response(body, media_type="application/ld+json")

    # -- saved queries ------------------------------------------------------------------------------
    async def queries(self, request: Request) -> Response:
        catalogue = list((await self.catalogue.entries()).values())
        if negotiate(request.headers.get("accept"), [HTML, "application/json"]) == "application/json":
            return Response(json.dumps(catalogue, ensure_ascii=False), media_type="application/json")
        return self.render(request, "queries.html", queries=catalogue)

    async def saved_query(self, request: Request) -> Response:
        name = request.path_params["name"]
        catalogue = await self.catalogue.entries()
        if name not in catalogue:
            raise HTTPError(404, f"there is no saved query {name!r}; see {self.root(request)}/queries")
        entry = catalogue[name]
        known = {p["name"]: p for p in entry["parameters"]}
        params: dict[str, str] = {}
        wanted: list[str] = []
        for key, value in request.query_params.multi_items():
            if key in FORMAT_PARAMETERS and key not in known:
                wanted.append(value)
                continue
            if key in params:
                raise HTTPError(400, f"parameter {key!r} given more than once")
            if key not in known:
                hint = ", ".join(sorted(known)) or "none"
                raise HTTPError(400, f"query {name!r} has no parameter {key!r} (parameters: {hint})")
            if len(value) > 1000:
                raise HTTPError(400, f"parameter {key!r} too long")
            check_value(known[key], value)
            params[key] = value
        for param in entry["parameters"]:
            if param["required"] and param["default"] is None and param["name"] not in params:
                raise HTTPError(400, missing_message(name, param, params, self.root(request)))
        media = choose(request.headers.get("accept"), wanted, result_offers(), "results")
        with self.client_slot(request):
            outcome = await self.run("saved", name, params, timeout=self.settings.saved_query_timeout)
        headers = {"Vary": "Accept"}
        if outcome.get("truncated") or outcome.get("notice"):
            headers["X-Result-Truncated"] = "true"
        if media == HTML:
            found = ({"kind": "boolean", "value": outcome["boolean"]} if outcome["form"] == "ASK"
                     else {"kind": "bindings", "vars": outcome["vars"], "rows": outcome["rows"]})
            view = _pages.result_view(found, lambda i: self.href(request, i), await self._names(found))
            return self.render(request, "query.html", entry=entry, params=params, result=view,
                               notice=outcome.get("notice", ""), headers=headers)
        if outcome["form"] == "ASK":
            return _results_response(media, results.Solutions((), (), "ASK", bool(outcome["boolean"])), headers)
        return _results_response(media, results.Solutions(outcome["vars"], outcome["rows"]), headers)

    async def openapi(self, request: Request) -> Response:
        catalogue = list((await self.catalogue.entries()).values())
        return Response(json.dumps(openapi_document(catalogue, self.settings.publish, self.root(request)),
                                   indent=1, ensure_ascii=False), media_type="application/json")


def _results_response(media: str, answer: results.Solutions, headers: dict[str, str]) -> Response:
    """SELECT or ASK results written in the result format of ``media``."""
    fmt = results.for_media(media)
    return Response(fmt.write(answer).encode("utf-8"), headers=headers, media_type=with_charset(fmt.media_type))


def _void_examples(void: bytes) -> list[str]:
    """The ``void:exampleResource`` IRIs of ``void.ttl`` (none when it does not parse)."""
    try:
        triples = ox.parse(void, format=ox.RdfFormat.TURTLE)
        return sorted(t.object.value for t in triples
                      if t.predicate.value == "http://rdfs.org/ns/void#exampleResource")
    except (SyntaxError, ValueError):
        return []
