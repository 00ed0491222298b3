"""``ruhrgraph serve``: the read-only linked-data server (Starlette on uvicorn).

Routes (``{base}`` is the public IRI base; a request path ``/X`` stands for ``{base}X``)::

    /                         home page: dataset, example resources, search box
    /id/{kind}/{slug}         every entity IRI: 303 See Other to its document (content negotiation)
    /doc/{kind}/{slug}[.ext]  the document about the entity: .html, .ttl, .jsonld, .nt, .rdf;
                              without an extension negotiated by Accept (Vary: Accept)
    /graph/{…}                a named graph (Turtle, JSON-LD, N-Triples)
    /ontology[.ext]           the ontology (every ``rg:`` term IRI is ``/ontology#Term``): an HTML
                              reference or RDF, negotiated; /ontology/TERM one term
    /sparql                   SPARQL 1.1 Protocol, GET and POST; HTML form for browsers
    /queries, /queries/NAME   the saved queries as a web API; /openapi.json describes it
    /dumps/, /dumps/FILE      the dump files written by ``ruhrgraph dump``
    /void, /.well-known/void  the VoID/DCAT description
    /search?q=…               entities by label
    /context.jsonld           the JSON-LD context of the dumps
    /network[.json]           the actor network, drawn with sigma.js (:mod:`._network`)

Why 303: an IRI under ``/id/`` names a thing (a company, a person, a visit), not a web page, so
the server answers ``303 See Other`` pointing at a document about it (httpRange-14, as DBpedia
does); the documents under ``/doc/`` answer directly. ``--no-redirect`` serves the negotiated
document straight from ``/id/`` instead (with ``Content-Location``), for hosts where a
redirect costs too much.

Safety: the store is only ever touched by worker processes (:mod:`ruhrgraph.publish.serve.pool`),
which hold it read-only and are killed when a job outlives the timeout; a SPARQL text is
scanned before it reaches the engine (:mod:`ruhrgraph.sparql.guard`), which refuses updates,
``SERVICE``, remote ``FROM``, over-long and too-deeply nested queries. Results are capped at
``result_limit`` rows (``X-Result-Truncated: true`` when cut; graphs too). Who gets a worker is
decided by :mod:`.admission`: a few SPARQL jobs per client address, a bounded queue (``429``
with ``Retry-After`` beyond either), and a lane that keeps expensive queries off one worker. A
request with both ``Content-Length`` and ``Transfer-Encoding`` is refused and its connection
closed (:mod:`._middleware`, which also answers CORS preflight). Errors are short messages with
a 4xx/5xx status, never a stack trace.

The package: this module assembles the application for :class:`ServeSettings` (defined in
:mod:`.settings`, a module of its own because the handlers need it too); :mod:`.views` holds the
page and API handlers (with :mod:`._pages` building what the templates show); :mod:`.negotiate`
the media types, ``Accept`` parsing and 303 redirects; :mod:`.openapi` the OpenAPI document of
``/queries/``; :mod:`.pool` the worker processes and :mod:`.tasks` what they run. SPARQL results
are written by :mod:`ruhrgraph.sparql.results`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ruhrgraph.errors import RuhrgraphError
from ruhrgraph.publish.serve._middleware import Preflight, RejectAmbiguousFraming
from ruhrgraph.publish.serve._network import NetworkViews
from ruhrgraph.publish.serve.negotiate import HTTPError
from ruhrgraph.publish.serve.settings import ServeSettings
from ruhrgraph.publish.serve.views import EDITOR_CSP, Views

__all__ = ["ServeSettings", "create_app", "serve"]


class _SecurityHeaders:
    """Adds ``nosniff``, a strict content security policy (unless the page set its own) and CORS for GET."""

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
                            (b"referrer-policy", b"same-origin")]
                if not any(name.lower() == b"content-security-policy" for name, _ in headers):
                    # a page may bring its own (the editor's and the network's allow inline styles)
                    headers.append((b"content-security-policy",
                                    b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: ServeSettings) -> Starlette:
    """The Starlette application for ``settings`` (the workers start with the app's lifespan)."""
    app_state = Views(settings)
    network = NetworkViews(app_state, EDITOR_CSP)

    def guarded(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except HTTPError as exc:
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
        await app_state.catalogue.entries()  # parse the saved queries once, before the first request
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
        Route("/ontology", guarded(app_state.ontology)),
        Route("/ontology.{ext}", guarded(app_state.ontology)),
        Route("/ontology/{term}", guarded(app_state.ontology)),
        Route("/dumps", lambda request: RedirectResponse(f"{app_state.root(request)}/dumps/", 301)),
        Route("/dumps/", guarded(app_state.dumps_index)),
        Route("/dumps/{name:path}", guarded(app_state.dump_file)),
        Route("/void", guarded(app_state.void)),
        Route("/.well-known/void", guarded(app_state.void)),
        Route("/context.jsonld", guarded(app_state.context)),
        Route("/queries", guarded(app_state.queries)),
        Route("/queries/{name}", guarded(app_state.saved_query)),
        Route("/openapi.json", guarded(app_state.openapi)),
        Route("/network", guarded(network.page)),
        Route("/network.json", guarded(network.data)),
        Mount("/static", app=StaticFiles(directory=static), name="static"),
    ]
    middleware = [Middleware(_SecurityHeaders), Middleware(RejectAmbiguousFraming), Middleware(Preflight)]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware,
                    exception_handlers={HTTPException: not_found, Exception: server_error})
    app.state.ruhrgraph = app_state
    return app


def serve(settings: ServeSettings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the server with uvicorn until interrupted."""
    import uvicorn

    if not settings.store.exists():
        raise RuhrgraphError(f"no store at {settings.store}; run `ruhrgraph build` first or pass --store")
    from uvicorn.config import LOGGING_CONFIG

    log_config = {**LOGGING_CONFIG, "loggers": {  # the server's own messages (worker deaths …) too
        **LOGGING_CONFIG["loggers"], "ruhrgraph": {"handlers": ["default"], "level": "INFO", "propagate": False}}}
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", access_log=True,
                server_header=False, proxy_headers=False, log_config=log_config)
